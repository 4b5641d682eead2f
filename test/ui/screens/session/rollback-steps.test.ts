import { describe, expect, it } from 'vitest';
import { buildRunPlan } from '../../../../source/engine/plan/plan.js';
import {
  initialRunState,
  reduceRunState,
  withPlannedSteps,
} from '../../../../source/engine/run/run-state.js';
import { listedPhases } from '../../../../source/engine/run/run-request.js';
import {
  healthyHosts,
  ofType,
  runCollect,
  scriptedGates,
  tinyProfile,
} from '../../../engine/tiny-profile.js';

describe('the step list of a rollback, which takes the deploy lock first', () => {
  it('lists the lock before the switch, planned and as run, in the order the steps started', async () => {
    const profile = tinyProfile();
    const plan = buildRunPlan(profile, { mode: 'rollback', target: 'app' });
    const planned = listedPhases(profile, plan);
    expect(planned.flatMap((phase) => phase.steps.map((step) => step.id))).toEqual(['lock', 'back']);
    const { map } = healthyHosts();
    const { summary, events } = await runCollect({ profile, transports: map, gates: scriptedGates() }, plan);
    expect(summary.outcome).toBe('ok');
    const started = ofType(events, 'step-started').map((event) => event.stepId);
    expect(started).toEqual(['lock', 'back']);
    // as the run screen seeds its list (planned) and as a reopened run rebuilds it (the plan, then the events)
    const seeded = events.reduce(reduceRunState, withPlannedSteps(initialRunState, planned));
    const replayed = events.reduce(reduceRunState, withPlannedSteps(initialRunState, plan.phases ?? []));
    expect(seeded.phases.flatMap((phase) => phase.stepIds)).toEqual(started);
    expect(replayed.phases.flatMap((phase) => phase.stepIds)).toEqual(started);
  });
});

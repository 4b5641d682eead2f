// Issue 13 item 7: a check's `fix:` step runs on its own, behind the gates it has in a deploy, journaled
// as a run of mode "fix"; a step that changes a host holds the deploy lock meanwhile.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildRunPlan, PlanError } from '../../source/engine/plan/plan.js';
import { healthyHosts, ofType, runCollect, scriptedGates, stateDir, tinyProfile } from './tiny-profile.js';

/** The tiny profile with its critical migrate step able to run alone (no `{{release_path}}`). */
function fixableProfile() {
  const profile = tinyProfile();
  for (const phase of profile.phases)
    for (const step of phase.steps) if (step.id === 'migrate' && step.run) delete step.run.cwd;
  return profile;
}

describe('fix runs', () => {
  it('a critical fix step asks its confirmation first; "no" sends nothing of it and releases the lock', async () => {
    const profile = fixableProfile();
    const plan = buildRunPlan(profile, { mode: 'fix', steps: ['migrate'] });
    expect(plan.phases?.flatMap((phase) => phase.steps.map((step) => step.id))).toEqual([
      'lock',
      'migrate',
      'unlock',
    ]);
    const { app, map } = healthyHosts();
    const refusing = { ...scriptedGates(), confirm: async () => ({ answer: 'no' as const, by: 'tester' }) };
    const { summary, events } = await runCollect({ profile, transports: map, gates: refusing }, plan);
    expect(summary).toMatchObject({ outcome: 'aborted', exitCode: 130 });
    expect(ofType(events, 'confirm-requested').map((event) => event.stepId)).toEqual(['migrate']);
    expect(app.ran(/php artisan migrate/)).toHaveLength(0);
    expect(app.ran(/lock.released/)).toHaveLength(1);
  });

  it('confirmed, it runs alone and the journal records a run of mode "fix"', async () => {
    const profile = fixableProfile();
    const dir = stateDir();
    const plan = buildRunPlan(profile, { mode: 'fix', steps: ['migrate'] });
    const { app, map } = healthyHosts();
    const gates = scriptedGates();
    const { summary, runner } = await runCollect({ profile, transports: map, gates, stateDir: dir }, plan);
    expect(gates.asked.confirm).toEqual(['migrate']);
    expect(app.ran(/php artisan migrate --force/)).toHaveLength(1);
    expect(app.ran(/composer|systemctl reload/)).toHaveLength(0);
    expect(summary).toMatchObject({ outcome: 'ok', exitCode: 0 });
    const first = JSON.parse(readFileSync(runner.journalPath!, 'utf8').split('\n')[0]!) as { mode: string };
    expect(first.mode).toBe('fix');
  });

  it('a read-only fix step takes no lock; an unknown step is a plan error naming the profile', () => {
    const profile = tinyProfile();
    const readOnly = profile.phases.flatMap((phase) => phase.steps).find((step) => step.mutates === false);
    if (readOnly !== undefined) {
      const plan = buildRunPlan(profile, { mode: 'fix', steps: [readOnly.id] });
      expect(plan.phases?.flatMap((phase) => phase.steps.map((step) => step.id))).toEqual([readOnly.id]);
    }
    expect(() => buildRunPlan(profile, { mode: 'fix', steps: ['nope'] })).toThrow(PlanError);
    expect(() => buildRunPlan(profile, { mode: 'fix', steps: ['nope'] })).toThrow(/no deploy step "nope"/);
  });
});

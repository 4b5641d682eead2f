// Partial deploys by name (`deploy --only PART`, issue 16 item 4): the profile's `parts:` decide the phases, the
// run journals its part, and `--resume` continues the part the journal ran (another part, or none, is refused).
import { describe, expect, it } from 'vitest';
import { deployPlan } from '../../source/engine/plan/deploy-plan.js';
import { offlineFacts } from '../../source/engine/plan/plan-facts.js';
import { prepareRun } from '../../source/engine/run/run-request.js';
import { deployPlanMarkdown } from '../../source/report/deploy-plan-sections.js';
import { healthyHosts, runCollect, scriptedGates, stateDir, tinyProfile } from './tiny-profile.js';

const parts = {
  parts: {
    prep: { title: 'Preparation only', phases: ['prepare'] },
    switch: { title: 'The switch', phases: ['switch'], steps: ['create'] },
  },
};
const refusal = (answer: ReturnType<typeof prepareRun>): string =>
  answer.kind === 'refused' ? answer.message : 'not refused';
const phasesOf = (answer: ReturnType<typeof prepareRun>) =>
  answer.kind === 'ready' && answer.run.plan.mode === 'deploy'
    ? answer.run.plan.phases.map((phase) => [phase.id, phase.steps.map((step) => step.id)])
    : refusal(answer);

describe('deploy --only: the part the profile names', () => {
  it("runs the part's phases and single steps in runbook order, adding the unlock a changing part lacks", () => {
    const profile = tinyProfile(parts);
    const home = stateDir();
    expect(phasesOf(prepareRun(profile, home, { mode: 'deploy', only: 'prep' }))).toEqual([
      ['prepare', ['lock', 'smtp', 'store', 'create', 'env', 'migrate']],
      ['switch', ['unlock']],
    ]);
    expect(phasesOf(prepareRun(profile, home, { mode: 'deploy', only: 'switch' }))).toEqual([
      ['prepare', ['create']],
      ['switch', ['activate', 'health', 'unlock']],
    ]);
    expect(phasesOf(prepareRun(profile, home, { mode: 'deploy', only: 'switch', from: 'switch' }))).toEqual([
      ['switch', ['activate', 'health', 'unlock']],
    ]);
    expect(refusal(prepareRun(profile, home, { mode: 'deploy', only: 'nope' }))).toBe(
      'deploy --only: no part "nope" in profile tiny; parts: prep (Preparation only), switch (The switch)',
    );
    expect(refusal(prepareRun(tinyProfile(), home, { mode: 'deploy', only: 'prep' }))).toBe(
      'deploy --only: no part "prep" in profile tiny; parts: none (the profile has no parts: section)',
    );
  });

  it('--resume continues the part its journal ran, and refuses another part or a whole deploy of it', async () => {
    const profile = tinyProfile(parts);
    const home = stateDir();
    const first = prepareRun(profile, home, { mode: 'deploy', only: 'prep' });
    if (first.kind !== 'ready') throw new Error(refusal(first));
    const hosts = healthyHosts();
    hosts.app.on(/php artisan migrate/, { code: 1, stderr: 'SQLSTATE[08006] connection refused' });
    const failed = await runCollect(
      { profile, transports: hosts.map, gates: scriptedGates(), stateDir: home },
      first.run.plan,
    );
    expect(failed.summary.outcome).toBe('failed');
    expect(failed.events[0]).toMatchObject({ type: 'run-started', only: 'prep' });

    const resumed = prepareRun(profile, home, { mode: 'deploy', resume: true });
    expect(phasesOf(resumed)).toEqual(phasesOf(first));
    if (resumed.kind !== 'ready') throw new Error(refusal(resumed));
    expect(resumed.run.plan).toMatchObject({ mode: 'deploy', only: 'prep' });
    expect(resumed.run.notices.join('\n')).toContain(
      'partial deploy --only prep: Preparation only (prepare)',
    );
    expect(resumed.run.resume?.completedSteps.has('store')).toBe(true);
    const runId = failed.summary.runId;
    expect(refusal(prepareRun(profile, home, { mode: 'deploy', resume: true, only: 'switch' }))).toBe(
      `deploy --only: run ${runId} was the partial deploy --only prep, not --only switch; continue it with \`chom-console deploy --resume ${runId} --only prep\``,
    );
  });
});

describe('deploy --only: what the plan says it runs', () => {
  it('names a phase the part borrows single steps from with those steps, not as a whole phase', () => {
    const profile = tinyProfile(parts);
    const facts = offlineFacts(profile, { variable: () => undefined, history: () => [] });
    const text = (only: string) =>
      deployPlanMarkdown(deployPlan(profile, { only }, facts, (template) => template));
    expect(text('prep')).toContain('Partial deploy --only prep: runs prepare, switch (its step unlock only)');
    expect(text('switch')).toContain(
      'Partial deploy --only switch: runs prepare (its steps lock, create only), switch; nothing else',
    );
  });
});

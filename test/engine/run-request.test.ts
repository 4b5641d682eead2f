import { describe, expect, it } from 'vitest';
import { journalDir } from '../../source/engine/run/journal.js';
import { listedPhases, prepareRun, rollbackToProblem } from '../../source/engine/run/run-request.js';
import { stateDir, tinyProfile } from './tiny-profile.js';

const refusal = (answer: ReturnType<typeof prepareRun>): string =>
  answer.kind === 'refused' ? answer.message : `not refused: ${JSON.stringify(answer.run.plan.mode)}`;

describe('the run request: one decision for the headless commands and the console', () => {
  it('deploy: --from names a phase; --resume with no journal is refused, naming where it looked', () => {
    const profile = tinyProfile();
    const home = stateDir();
    const from = prepareRun(profile, home, { mode: 'deploy', from: 'switch' });
    if (from.kind !== 'ready') throw new Error(refusal(from));
    expect(from.run.plan.mode === 'deploy' && from.run.plan.phases.map((phase) => phase.id)).toEqual([
      'switch',
    ]);
    expect(from.run.notices).toEqual([]);
    expect(refusal(prepareRun(profile, home, { mode: 'deploy', from: 'nope' }))).toBe(
      'deploy --from: no phase "nope" in profile tiny; phases: prepare, switch',
    );
    expect(refusal(prepareRun(profile, home, { mode: 'deploy', resume: true }))).toBe(
      `deploy --resume: no earlier deploy journal under ${journalDir(home)}; run \`chom-console deploy\` to start one`,
    );
    expect(refusal(prepareRun(profile, home, { mode: 'deploy', resume: '20260101-000000-abcd' }))).toMatch(
      /^deploy --resume 20260101-000000-abcd: no deploy journal of that run under /,
    );
  });

  it('rollback --to: a release name for the app, a snapshot name for observability, a listed one when listed', () => {
    expect(rollbackToProblem('app', '../etc')).toBe(
      'rollback --to: "../etc" is not a release name (YYYYmmdd_HHMMSS, as listed under releases/)',
    );
    expect(rollbackToProblem('all', '20260106_132320')).toBeNull();
    expect(rollbackToProblem('observability', '.hidden')).toMatch(/"\.hidden" is not a snapshot name/);
    expect(rollbackToProblem('observability', '20261127_071500-r1')).toBeNull();
    const profile = tinyProfile({
      rollback: {
        app: {
          title: 'App back',
          steps: [{ id: 'back', title: 'Back', host: 'app', run: { command: 'true' } }],
        },
        observability: {
          title: 'Obs back',
          steps: [{ id: 'restore', title: 'Restore', host: 'obs', run: { command: 'true' } }],
        },
      },
    });
    const home = stateDir();
    const listed = { host: 'obs', snapshots: new Set(['s1']) };
    expect(
      refusal(prepareRun(profile, home, { mode: 'rollback', target: 'observability', to: 's2', listed })),
    ).toBe('rollback --to: no observability snapshot s2 on obs (found: s1)');
    const obs = prepareRun(profile, home, { mode: 'rollback', target: 'observability', to: 's1', listed });
    if (obs.kind !== 'ready') throw new Error(refusal(obs));
    expect([obs.run.initialFacts, obs.run.notices]).toEqual([
      { rollback_snapshot: 's1' },
      ['observability: restoring snapshot s1 (--to)'],
    ]);
    const app = prepareRun(profile, home, { mode: 'rollback', target: 'app' });
    if (app.kind !== 'ready') throw new Error(refusal(app));
    // no deploy journal: no target fact, so the step picks the newest complete release older than the live one
    expect([app.run.initialFacts, app.run.recovers, app.run.notices]).toEqual([
      undefined,
      undefined,
      ['app: rolling back to the newest complete release older than the live one'],
    ]);
    expect(refusal(prepareRun(tinyProfile(), home, { mode: 'rollback', target: 'observability' }))).toBe(
      'rollback: profile tiny has no rollback steps for "observability" (rollback.observability)',
    );
  });

  it('verify needs checks; the step list is the plan: a rollback lists its lock first, assess one phase per host', () => {
    const profile = tinyProfile();
    expect(refusal(prepareRun(profile, stateDir(), { mode: 'verify' }))).toBe(
      'profile tiny has no checks to verify (checks:)',
    );
    const rollback = prepareRun(profile, stateDir(), { mode: 'rollback', target: 'app' });
    if (rollback.kind !== 'ready') throw new Error(refusal(rollback));
    expect(listedPhases(profile, rollback.run.plan).flatMap((p) => p.steps.map((s) => s.id))).toEqual([
      'lock',
      'back',
    ]);
    const probe = (id: string, host: string) => ({ id, title: id, host, command: 'true' }) as never;
    const assess = prepareRun(profile, stateDir(), {
      mode: 'assess',
      probes: [probe('a1', 'app'), probe('o1', 'obs'), probe('a2', 'app')],
    });
    if (assess.kind !== 'ready') throw new Error(refusal(assess));
    expect(listedPhases(profile, assess.run.plan).map((p) => [p.id, p.steps.map((s) => s.id)])).toEqual([
      ['assess-app', ['a1', 'a2']],
      ['assess-obs', ['o1']],
    ]);
  });
});

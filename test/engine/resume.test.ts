import { describe, expect, it } from 'vitest';
import { latestJournal, readJournal } from '../../source/engine/run/journal.js';
import { resumeState } from '../../source/engine/run/resume.js';
import { healthyHosts, ofType, runCollect, scriptedGates, stateDir } from './tiny-profile.js';

describe('deploy --resume', () => {
  it('continues after the last completed step without a second release create or backup', async () => {
    const dir = stateDir();
    const first = healthyHosts();
    first.app.on(/curl -sf http:\/\/localhost\/up/, { code: 7 });
    const failed = await runCollect({
      transports: first.map,
      gates: scriptedGates(() => 'abort'),
      stateDir: dir,
    });
    expect(failed.summary.outcome).toBe('failed');
    expect(first.app.ran(/date -u \+%Y%m%d_%H%M%S/)).toHaveLength(1);
    expect(first.app.ran(/cp -p --/)).toHaveLength(1);

    const path = latestJournal(dir)!;
    expect(path).toBe(failed.summary.journalPath);
    const state = resumeState(readJournal(path));
    expect(state).toMatchObject({
      runId: failed.summary.runId,
      lastCompletedStep: 'activate',
      outcome: 'failed',
    });
    expect([...state.completedSteps]).toEqual([
      'lock',
      'smtp',
      'store',
      'create',
      'env',
      'migrate',
      'activate',
    ]);
    expect(state.facts).toMatchObject({ release_id: '20260109_083012', rollback_target: '20260106_132320' });

    const second = healthyHosts();
    const gates = scriptedGates();
    const resumed = await runCollect({ transports: second.map, gates, stateDir: dir, resume: state });
    expect(resumed.summary.outcome).toBe('ok');
    expect(ofType(resumed.events, 'run-started')[0]!.resumedFrom).toBe(failed.summary.runId);
    expect(second.app.ran(/date -u \+%Y%m%d_%H%M%S/)).toHaveLength(0);
    expect(second.app.ran(/cp -p --/)).toHaveLength(0);
    expect(second.app.ran(/migrate --force|current.tmp|tinker/)).toHaveLength(0);
    // The lock is taken again and the form asked again (its secret was never journaled).
    expect(second.app.ran(/if mkdir -- "\$lock"/)).toHaveLength(1);
    expect(gates.asked.confirm).toEqual([]);
    expect(ofType(resumed.events, 'step-finished').map((e) => `${e.stepId}:${e.outcome}`)).toEqual([
      'lock:ok',
      'smtp:ok',
      'store:skipped',
      'create:skipped',
      'env:skipped',
      'migrate:skipped',
      'activate:skipped',
      'health:ok',
      'unlock:ok',
    ]);
  });

  it('still proposes the rollback when the switch happened in the resumed run', async () => {
    const dir = stateDir();
    const first = healthyHosts();
    first.app.on(/curl -sf/, { code: 7 });
    const failed = await runCollect({
      transports: first.map,
      gates: scriptedGates(() => 'abort'),
      stateDir: dir,
    });
    const second = healthyHosts();
    second.app.on(/curl -sf/, { code: 7 });
    const gates = scriptedGates(() => 'rollback');
    await runCollect({
      transports: second.map,
      gates,
      resume: resumeState(readJournal(failed.summary.journalPath!)),
    });
    expect(gates.asked.failure[0]!.rollback).toBe('app');
    expect(second.app.ran(/id='20260106_132320'/)).toHaveLength(1);
  });

  it('rejects a file that is not a run journal', () => {
    expect(() => resumeState([])).toThrow(/not a run journal/);
  });
});

describe('resume of a resumed run', () => {
  it('keeps the facts and completed steps of the first run', async () => {
    const dir = stateDir();
    const first = healthyHosts();
    first.app.on(/curl -sf/, { code: 7 });
    const one = await runCollect({
      transports: first.map,
      gates: scriptedGates(() => 'abort'),
      stateDir: dir,
    });
    const second = healthyHosts();
    second.app.on(/curl -sf/, { code: 7 });
    const two = await runCollect({
      transports: second.map,
      gates: scriptedGates(() => 'abort'),
      stateDir: dir,
      resume: resumeState(readJournal(one.summary.journalPath!)),
    });
    const state = resumeState(readJournal(two.summary.journalPath!));
    expect(state.facts).toMatchObject({ release_id: '20260109_083012', rollback_target: '20260106_132320' });
    expect(state.completedSteps.has('create')).toBe(true);
    expect(latestJournal(dir)).toBe(two.summary.journalPath);
  });
});

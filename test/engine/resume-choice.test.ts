// Which run `deploy --resume [RUN_ID]` continues, over journals written by real runner runs (fake hosts):
// a run refused at the lock changed nothing and is never chosen; RUN_ID picks one; several are listed.
import { describe, expect, it } from 'vitest';
import { changesHosts, chooseResume, resumeNotice } from '../../source/engine/run/resume-choice.js';
import { TransportError } from '../../source/transport/transport.js';
import { healthyHosts, runCollect, scriptedGates, stateDir, tinyProfile } from './tiny-profile.js';

const profile = tinyProfile();
const mutates = changesHosts(profile);
const heldBy = (run: string) =>
  `owner=paul\nhost=arrakis\npid=4242\nstarted=1\nheartbeat=1\nrun=${run}\nnow=100000\n`;

/** A deploy that takes the lock, creates a release and fails at migrate (the lock is released). */
async function failedRun(dir: string, runId: string) {
  const { app, map } = healthyHosts();
  app.on(/migrate --force/, { code: 1, stderr: 'SQLSTATE' });
  return runCollect({ transports: map, gates: scriptedGates(), stateDir: dir, runId, profile });
}

/** A deploy whose connection drops while migrating: it changed something and did not end ok. */
async function killedRun(dir: string, runId: string) {
  const { app, map } = healthyHosts();
  app.on(/migrate --force/, () => {
    throw new TransportError('connection-lost', 'app: connection lost');
  });
  return runCollect({ transports: map, gates: scriptedGates(), stateDir: dir, runId, profile });
}

/** A deploy refused at the lock (exit 4): it changed nothing. */
async function refusedRun(dir: string, runId: string, holder: string) {
  const { app, map } = healthyHosts();
  app.on(/if mkdir -- "\$lock"/, { code: 4, stdout: heldBy(holder) });
  const run = await runCollect({ transports: map, gates: scriptedGates(), stateDir: dir, runId, profile });
  expect(run.summary.exitCode).toBe(4);
  return run;
}

describe('deploy --resume chooses the run', () => {
  it('passes over a newer run refused at the lock and resumes the run that changed something', async () => {
    const dir = stateDir();
    await killedRun(dir, '20260101T000000000Z-aaaaaa');
    await refusedRun(dir, '20260101T000100000Z-bbbbbb', '20260101T000000000Z-aaaaaa');
    const choice = chooseResume(dir, mutates);
    expect(choice.kind).toBe('chosen');
    if (choice.kind !== 'chosen') return;
    expect(choice.state.runId).toBe('20260101T000000000Z-aaaaaa');
    expect(choice.state.completedSteps.has('create')).toBe(true);
    expect(choice.others).toEqual([]);
    expect(resumeNotice(choice)).toBe('resuming run 20260101T000000000Z-aaaaaa');
  });

  it('never resumes a refused run, even when named', async () => {
    const dir = stateDir();
    await failedRun(dir, '20260101T000000000Z-aaaaaa');
    await refusedRun(dir, '20260101T000100000Z-bbbbbb', 'other');
    const named = chooseResume(dir, mutates, '20260101T000100000Z-bbbbbb');
    expect(named.kind).toBe('refused');
    expect(named.kind !== 'chosen' && named.message).toMatch(
      /^deploy --resume 20260101T000100000Z-bbbbbb: that run is not resumable: it changed nothing .*; resumable runs:\n {2}20260101T000000000Z-aaaaaa \(started .*, ended failed\)$/,
    );
  });

  it('with only a refused run there is nothing to resume', async () => {
    const dir = stateDir();
    await refusedRun(dir, '20260101T000100000Z-bbbbbb', 'other');
    const choice = chooseResume(dir, mutates);
    expect(choice.kind).toBe('none');
    expect(choice.kind === 'none' && choice.message).toMatch(
      /no unfinished deploy to resume.*changed nothing/,
    );
  });

  it('picks the newest of several, lists the others, and RUN_ID picks an older one', async () => {
    const dir = stateDir();
    await failedRun(dir, '20260101T000000000Z-aaaaaa');
    await killedRun(dir, '20260101T000200000Z-cccccc');
    const newest = chooseResume(dir, mutates);
    expect(newest.kind === 'chosen' && newest.state.runId).toBe('20260101T000200000Z-cccccc');
    if (newest.kind !== 'chosen') return;
    expect(resumeNotice(newest)).toMatch(
      /^resuming run 20260101T000200000Z-cccccc; another unfinished run \(`--resume RUN_ID` picks one\):\n {2}20260101T000000000Z-aaaaaa \(started .*, ended failed\)$/,
    );
    const older = chooseResume(dir, mutates, '20260101T000000000Z-aaaaaa');
    expect(older.kind === 'chosen' && older.state.runId).toBe('20260101T000000000Z-aaaaaa');
    const unknown = chooseResume(dir, mutates, 'nope');
    expect(unknown.kind !== 'chosen' && unknown.message).toMatch(
      /^deploy --resume nope: no deploy journal of that run/,
    );
  });

  it('a run resumed by a later run that changed something is continued there; an ok end leaves nothing', async () => {
    const dir = stateDir();
    await failedRun(dir, '20260101T000000000Z-aaaaaa');
    const first = chooseResume(dir, mutates);
    if (first.kind !== 'chosen') throw new Error('expected a run to resume');
    const { map } = healthyHosts();
    const resumed = await runCollect({
      transports: map,
      gates: scriptedGates(),
      stateDir: dir,
      runId: '20260101T000300000Z-dddddd',
      profile,
      resume: first.state,
    });
    expect(resumed.summary.outcome).toBe('ok');
    const after = chooseResume(dir, mutates);
    expect(after.kind).toBe('none');
    expect(after.kind === 'none' && after.message).toMatch(/20260101T000300000Z-dddddd .*ended ok/);
  });

  it("a resumed run stopped before it re-journalled its predecessor's steps still carries them", async () => {
    const dir = stateDir();
    await failedRun(dir, '20260101T000000000Z-aaaaaa');
    const first = chooseResume(dir, mutates);
    if (first.kind !== 'chosen') throw new Error('expected a run to resume');
    // The resume takes the lock, then the operator cancels the form: nothing of the first run is skipped yet.
    const { map } = healthyHosts();
    const stopped = await runCollect({
      transports: map,
      gates: { ...scriptedGates(), form: async () => 'cancel' },
      stateDir: dir,
      runId: '20260101T000300000Z-dddddd',
      profile,
      resume: first.state,
    });
    expect(stopped.summary.outcome).toBe('aborted');
    const again = chooseResume(dir, mutates);
    expect(again.kind === 'chosen' && again.state.runId).toBe('20260101T000300000Z-dddddd');
    if (again.kind !== 'chosen') return;
    expect([...again.state.completedSteps]).toEqual(expect.arrayContaining(['store', 'create', 'env']));
    expect(again.state.facts).toMatchObject({ release_id: '20260109_083012' });
  });
});

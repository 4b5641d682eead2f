// The run history over journals written by the real runner and journal (fake hosts): every way a run ends,
// resumed chains, and a journal torn by a killed console (tolerated, and said).
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { replayRunState } from '../../source/engine/run/journal-replay.js';
import { journalPath, readJournalFile } from '../../source/engine/run/journal.js';
import { buildRunPlan } from '../../source/engine/plan/plan.js';
import { changesHosts, chooseResume } from '../../source/engine/run/resume-choice.js';
import { describeDamage, runHistory } from '../../source/engine/run/run-history.js';
import { TransportError } from '../../source/transport/transport.js';
import { healthyHosts, runCollect, scriptedGates, stateDir, tinyProfile } from './tiny-profile.js';

const profile = tinyProfile();
const ids = {
  ok: '20260101T000000000Z-aaaaaa',
  failed: '20260101T000100000Z-bbbbbb',
  aborted: '20260101T000200000Z-cccccc',
  refused: '20260101T000300000Z-dddddd',
  rollback: '20260101T000400000Z-eeeeee',
  killed: '20260101T000500000Z-ffffff',
  resumed: '20260101T000600000Z-gggggg',
};

async function everyEnding(dir: string) {
  await runCollect({
    transports: healthyHosts().map,
    gates: scriptedGates(),
    stateDir: dir,
    runId: ids.ok,
    profile,
  });
  const failing = healthyHosts();
  failing.app.on(/migrate --force/, { code: 1, stderr: 'SQLSTATE' });
  await runCollect({
    transports: failing.map,
    gates: scriptedGates(),
    stateDir: dir,
    runId: ids.failed,
    profile,
  });
  await runCollect({
    transports: healthyHosts().map,
    gates: { ...scriptedGates(), form: async () => 'cancel' },
    stateDir: dir,
    runId: ids.aborted,
    profile,
  });
  const held = healthyHosts();
  held.app.on(/if mkdir -- "\$lock"/, {
    code: 4,
    stdout: 'owner=paul\nhost=arrakis\npid=4242\nstarted=1\nheartbeat=1\nrun=x\nnow=100000\n',
  });
  await runCollect({
    transports: held.map,
    gates: scriptedGates(),
    stateDir: dir,
    runId: ids.refused,
    profile,
  });
  await runCollect(
    { transports: healthyHosts().map, gates: scriptedGates(), stateDir: dir, runId: ids.rollback, profile },
    buildRunPlan(profile, { mode: 'rollback', target: 'app' }),
  );
}

describe('run history', () => {
  it('tells each ending apart, newest first, with duration, who and journal', async () => {
    const dir = stateDir();
    await everyEnding(dir);
    const history = runHistory(dir);
    expect(history.entries.map((e) => [e.runId, e.mode, e.result])).toEqual([
      [ids.rollback, 'rollback', 'ok'],
      [ids.refused, 'deploy', 'refused'],
      [ids.aborted, 'deploy', 'aborted'],
      [ids.failed, 'deploy', 'failed'],
      [ids.ok, 'deploy', 'ok'],
    ]);
    const failed = history.entries.find((e) => e.runId === ids.failed)!;
    expect(failed).toMatchObject({
      operator: 'tester',
      failedStep: 'migrate',
      journal: journalPath(dir, ids.failed),
    });
    expect(failed.durationMs).toBe(Date.parse(failed.endedAt) - Date.parse(failed.startedAt));
    expect(history.entries.every((e) => e.damage === null)).toBe(true);
    expect(history.unreadable).toEqual([]);
  });

  it('a killed console: no end in the journal is "interrupted", a torn last line is tolerated and said', async () => {
    const dir = stateDir();
    const killing = healthyHosts();
    killing.app.on(/migrate --force/, () => {
      throw new TransportError('connection-lost', 'app: connection lost');
    });
    await runCollect({
      transports: killing.map,
      gates: scriptedGates(),
      stateDir: dir,
      runId: ids.killed,
      profile,
    });
    // What a console killed in the middle of a run leaves: the events up to a step, then half a line.
    const path = journalPath(dir, ids.killed);
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    const cut = lines.findIndex(
      (line) => line.includes('"type":"step-started"') && line.includes('"migrate"'),
    );
    writeFileSync(path, `${lines.slice(0, cut + 1).join('\n')}\n`);
    appendFileSync(path, '{"type":"output","host":"app","stepId":"migrate","str');
    const [entry] = runHistory(dir).entries;
    expect(entry).toMatchObject({ runId: ids.killed, result: 'interrupted', damage: { dropped: 1 } });
    expect(entry!.damage!.line).toBe(cut + 2);
    expect(describeDamage(entry!.damage!)).toMatch(/^journal cut at line \d+ \(1 unreadable line left out/);
    // the reopened screen replays the steps that did happen
    const state = replayRunState(readJournalFile(path).events);
    expect(state.steps['create']?.status).toBe('ok');
    expect(state.steps['migrate']?.status).toBe('running');
  });

  it('links a resumed chain both ways', async () => {
    const dir = stateDir();
    const failing = healthyHosts();
    failing.app.on(/migrate --force/, { code: 1, stderr: 'SQLSTATE' });
    await runCollect({
      transports: failing.map,
      gates: scriptedGates(),
      stateDir: dir,
      runId: ids.failed,
      profile,
    });
    const choice = chooseResume(dir, changesHosts(profile));
    if (choice.kind !== 'chosen') throw new Error('expected a run to resume');
    await runCollect({
      transports: healthyHosts().map,
      gates: scriptedGates(),
      stateDir: dir,
      runId: ids.resumed,
      profile,
      resume: choice.state,
    });
    const [resumed, first] = runHistory(dir).entries;
    expect(resumed).toMatchObject({
      runId: ids.resumed,
      result: 'ok',
      resumedFrom: ids.failed,
      resumedBy: [],
    });
    expect(first).toMatchObject({ runId: ids.failed, result: 'failed', resumedBy: [ids.resumed] });
  });

  it('replays a journal into the state the live run screen showed (steps, command log, outcome)', async () => {
    const dir = stateDir();
    const failing = healthyHosts();
    failing.app.on(/migrate --force/, { code: 1, stderr: 'SQLSTATE' });
    const live = await runCollect({
      transports: failing.map,
      gates: scriptedGates(),
      stateDir: dir,
      runId: ids.failed,
      profile,
    });
    const replayed = replayRunState(readJournalFile(journalPath(dir, ids.failed)).events);
    const liveState = replayRunState(live.events);
    expect(replayed.steps).toEqual(liveState.steps);
    expect(replayed.commandLog).toEqual(liveState.commandLog);
    expect(replayed.commandLog.length).toBeGreaterThan(3);
    expect(replayed).toMatchObject({ outcome: 'failed', operator: 'tester' });
    expect(replayed.steps['migrate']?.failure?.stderrTail).toContain('SQLSTATE');
  });

  it('an empty state directory has no history; a journal that is not a run is listed, not hidden', () => {
    const dir = stateDir();
    expect(runHistory(dir)).toEqual({ entries: [], unreadable: [], dir: `${dir}/journal` });
    mkdirSync(`${dir}/journal`);
    writeFileSync(`${dir}/journal/20260101T000000000Z-zzzzzz.jsonl`, 'not json\n');
    expect(runHistory(dir).unreadable).toEqual([
      {
        journal: `${dir}/journal/20260101T000000000Z-zzzzzz.jsonl`,
        reason: 'empty or unreadable from line 1',
      },
    ]);
  });
});

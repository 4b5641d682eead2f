// The deploy lock against the sandbox: a live lock of another run stops a deploy with exit 4 before it
// changes anything, naming the holder and the heartbeat's age; a stale lock is taken over only when the
// takeover gate answers with the holder's name; and of two deploys started at once exactly one proceeds.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LockInfo } from '../../source/engine/run/events.js';
import type { TakeoverGate } from '../../source/engine/run/gates.js';
import { hashWorld } from '../../source/sandbox/lifecycle/world-hash.js';
import { eventsOf, failures, startSandboxRun, type SandboxRun, type Sent } from '../helpers/sandbox-run.js';

let sbx: SandboxRun;
beforeAll(async () => {
  sbx = await startSandboxRun('chom-faults-lock-');
});
afterAll(async () => {
  await sbx?.close();
});

const appBase = () => join(sbx.root('landsraad'), 'var/www/chom');
const lockDir = () => join(appBase(), '.chom-console.lock');
const now = () => Math.floor(Date.now() / 1000);

/** Another console's lock, as its acquire command writes it. */
function plantLock(heartbeat: number): string {
  mkdirSync(lockDir());
  const info = `owner=alice\nhost=ops-laptop\npid=4242\nstarted=${heartbeat - 60}\nheartbeat=${heartbeat}\nrun=20260107T090000000Z-a11ce0\n`;
  writeFileSync(join(lockDir(), 'info'), info);
  return info;
}

const acquires = (sent: Sent[]) =>
  sent.filter((s) => s.kind === 'exec' && s.text.includes('if mkdir -- "$lock"'));

describe('a lock held by another run', () => {
  it('with a live heartbeat: exit 4 naming holder and age, before anything is sent but the lock attempt', async () => {
    const info = plantLock(now());
    const before = hashWorld(sbx.home);
    const sent: Sent[] = [];
    const { summary, events } = await sbx.run(sbx.deployPlan(), { sent });

    expect(summary.exitCode).toBe(4);
    expect(summary.lockHeldBy).toMatchObject({
      owner: 'alice',
      holderHost: 'ops-laptop',
      pid: '4242',
      stale: false,
    });
    expect(summary.lockHeldBy?.ageSeconds).toBeLessThan(120);
    const failed = eventsOf(events, 'step-finished').filter((e) => e.outcome === 'failed');
    expect(failed.map((e) => e.stepId)).toEqual(['lock']);
    expect(failed[0]?.failure?.message).toMatch(
      /held by alice@ops-laptop \(pid 4242\), last heartbeat \d+ s ago/,
    );
    expect(failed[0]?.failure?.hint).toMatch(
      /^it runs on another machine and its last heartbeat came \d+ s ago: wait for that deploy to finish/,
    );
    expect(failed[0]?.failure?.hint).not.toMatch(/take-over-lock/);
    // Phase 1 (mentat) comes before the lock step in the runbook, yet nothing of it ran.
    expect(sent).toEqual(acquires(sent));
    expect(sent).toHaveLength(1);
    expect(hashWorld(sbx.home)).toBe(before);
    expect(readFileSync(join(lockDir(), 'info'), 'utf8')).toBe(info);
    rmSync(lockDir(), { recursive: true });
  });

  describe('with a stale heartbeat (older than stale_after)', () => {
    const plan = () => sbx.deployPlan(['lock', 'record-state', 'unlock']);
    let info: string;
    beforeAll(() => {
      info = plantLock(now() - 1000);
    });

    it('is refused without a takeover gate (headless), with how to take it over', async () => {
      const { summary, events } = await sbx.run(plan());
      expect(summary.exitCode).toBe(4);
      expect(summary.lockHeldBy).toMatchObject({ owner: 'alice', stale: true });
      expect(failures(events)).toMatch(/last heartbeat \d+ s ago/);
      const failed = eventsOf(events, 'step-finished').find((e) => e.outcome === 'failed');
      expect(failed?.failure?.hint).toMatch(
        /^its heartbeat is \d+ s old \(stale after \d+ s\): take the lock over with --take-over-lock alice@ops-laptop \(in the console: type "alice"\)$/,
      );
      expect(readFileSync(join(lockDir(), 'info'), 'utf8')).toBe(info);
    });

    it('is refused when the gate answers another name, or declines', async () => {
      for (const answer of [{ typed: 'bob', by: 'bob' }, { typed: 'Alice', by: 'x' }, null]) {
        const asked: LockInfo[] = [];
        const takeover: TakeoverGate = async (lock) => {
          asked.push(lock);
          return answer;
        };
        const { summary } = await sbx.run(plan(), { gates: { takeover } });
        expect(summary.exitCode).toBe(4);
        expect(asked).toHaveLength(1);
        expect(asked[0]).toMatchObject({ owner: 'alice', stale: true });
        expect(asked[0]?.ageSeconds).toBeGreaterThanOrEqual(1000);
        expect(readFileSync(join(lockDir(), 'info'), 'utf8')).toBe(info);
      }
    });

    it("is taken over when the gate answers the holder's name; the run proceeds and releases it", async () => {
      const takeover: TakeoverGate = async (lock) => ({ typed: lock.owner, by: 'fault-test' });
      const sent: Sent[] = [];
      const { summary, events } = await sbx.run(plan(), { gates: { takeover }, sent });
      expect(failures(events)).toBe('');
      expect(summary.exitCode).toBe(0);
      expect(sent.some((s) => s.text.includes('take over') || s.text.includes('.stale.'))).toBe(true);
      expect(eventsOf(events, 'lock-acquired')).toHaveLength(1);
      expect(eventsOf(events, 'lock-released')).toHaveLength(1);
      expect(readdirSync(appBase()).filter((n) => n.startsWith('.chom-console.lock'))).toEqual([]);
    });
  });
});

describe('two deploys started at once', () => {
  it('exactly one proceeds; the other exits 4 having sent nothing but its lock attempt', async () => {
    const sent: Sent[][] = [[], []];
    const [a, b] = await Promise.all([
      sbx.run(sbx.deployPlan(), { sent: sent[0] }),
      sbx.run(sbx.deployPlan(), { sent: sent[1] }),
    ]);
    const codes = [a.summary.exitCode, b.summary.exitCode];
    expect(codes.sort()).toEqual([0, 4]);
    const loser = a.summary.exitCode === 4 ? 0 : 1;
    const winner = loser === 0 ? b : a;
    expect(failures(winner.events)).toBe('');
    // Only lock attempts (asked again while the winner's info file was not written yet), nothing else.
    expect(sent[loser]).toEqual(acquires(sent[loser]!));
    expect(sent[loser]!.length).toBeGreaterThanOrEqual(1);
    expect((loser === 0 ? a : b).summary.lockHeldBy).toMatchObject({ owner: 'fault-test', stale: false });
    expect(failures((loser === 0 ? a : b).events)).toMatch(
      /held by fault-test@.* \(pid \d+\), last heartbeat \d+ s ago/,
    );
    const releases = readdirSync(join(appBase(), 'releases')).filter((r) => r > '20260106_132320');
    expect(releases).toHaveLength(1);
    expect(readdirSync(appBase()).filter((n) => n.startsWith('.chom-console.lock'))).toEqual([]);
  });
});

// A lock is taken over headless (--take-over-lock HOLDER) only when its holder is provably dead: on this
// machine its pid is gone or names another process (start time); on any machine its heartbeat is stale.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { LockInfo } from '../../source/engine/run/events.js';
import { headlessGates } from '../../source/engine/run/gates.js';
import { holderVerdict, localProcesses, type ProcessProbe } from '../../source/engine/run/lock-holder.js';
import { waitFor } from '../helpers/ssh-process.js';
import { healthyHosts, ofType, runCollect } from './tiny-profile.js';

const here = hostname();
const lock = (over: Partial<LockInfo>): LockInfo => ({
  path: '/srv/app/deploy.lock',
  host: 'app',
  owner: 'paul',
  holderHost: here,
  pid: '4242',
  started: 1,
  heartbeat: 1,
  ageSeconds: 5,
  stale: false,
  ...over,
});
const probe = (alive: boolean, start: string | null): ProcessProbe => ({
  alive: () => alive,
  startTime: () => start,
});

describe('the holder verdict', () => {
  it('is dead on this machine when the pid is gone or its start time differs (a reused pid)', () => {
    expect(holderVerdict(lock({}), here, 300, probe(false, null))).toEqual({
      kind: 'dead-process',
      pid: '4242',
    });
    expect(holderVerdict(lock({ pidStart: '100' }), here, 300, probe(true, '999'))).toEqual({
      kind: 'dead-process',
      pid: '4242',
    });
    expect(holderVerdict(lock({ pidStart: '100' }), here, 300, probe(true, '100'))).toEqual({
      kind: 'alive-here',
      pid: '4242',
    });
  });

  it('is stale on any machine once the heartbeat is older than stale_after; else alive elsewhere', () => {
    const elsewhere = lock({ holderHost: 'caladan' });
    expect(
      holderVerdict({ ...elsewhere, ageSeconds: 400, stale: true }, here, 300, probe(true, null)),
    ).toEqual({
      kind: 'stale',
      ageSeconds: 400,
      staleAfter: 300,
    });
    expect(holderVerdict(elsewhere, here, 300, probe(false, null))).toEqual({
      kind: 'fresh-elsewhere',
      ageSeconds: 5,
      staleAfter: 300,
    });
  });

  it('counts a killed process its parent has not reaped (a zombie) as dead, a running one as alive', async () => {
    // The inner sleep's parent becomes `sleep 60` after the exec, which never reaps it: once killed, it stays Z.
    const outer = spawn('bash', ['-c', 'sleep 30 & echo $!; exec sleep 60'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    try {
      const pid = Number(
        await new Promise<string>((done) => outer.stdout.once('data', (d: Buffer) => done(String(d)))),
      );
      expect(localProcesses.alive(pid)).toBe(true);
      process.kill(pid, 'SIGKILL');
      await waitFor(
        () => /\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8')),
        'the killed sleep to become a zombie',
      );
      expect(localProcesses.alive(pid)).toBe(false);
    } finally {
      outer.kill('SIGKILL');
    }
  });

  it("reads this process's own start time from /proc", () => {
    const start = localProcesses.startTime(process.pid);
    expect(start).toMatch(/^\d+$/);
    expect(localProcesses.startTime(process.pid)).toBe(start);
  });
});

/** The lock held by `owner@holderHost` with pid `pid`, heartbeat now. */
function heldHosts(holderHost: string, pid: number) {
  const hosts = healthyHosts();
  hosts.app.on(/if mkdir -- "\$lock"/, {
    code: 4,
    stdout: `owner=paul\nhost=${holderHost}\npid=${pid}\nstarted=99990\nheartbeat=99990\nrun=dead-run\nnow=100000\n`,
  });
  hosts.app.on(/\.takeover/, { stdout: 'acquired\n' });
  return hosts;
}
const gatesWith = (takeOverLock?: string) =>
  headlessGates({
    yes: true,
    operator: 'ci',
    values: { smtp: { host: 'h', password: 'pw-123' } },
    ...(takeOverLock !== undefined && { takeOverLock }),
  });
const deadPid = 2 ** 22 + 17; // above pid_max's default: no such process

describe('--take-over-lock HOLDER', () => {
  it('is refused without the flag, naming the dead holder and the flag to use', async () => {
    const { app, map } = heldHosts(here, deadPid);
    const { summary, events } = await runCollect({ transports: map, gates: gatesWith() });
    expect(summary.exitCode).toBe(4);
    expect(app.ran(/\.takeover/)).toEqual([]);
    const failure = ofType(events, 'step-finished').find((e) => e.outcome === 'failed')!.failure!;
    expect(failure.message).toBe(
      `the deploy lock /srv/app/deploy.lock on app is held by paul@${here} (pid ${deadPid}), last heartbeat 10 s ago`,
    );
    expect(failure.hint).toBe(
      `its process (pid ${deadPid}) is dead on this machine: take the lock over with --take-over-lock paul@${here} (in the console: type "paul")`,
    );
  });

  it('takes over a dead holder named exactly, through the serialised takeover, and deploys', async () => {
    const { app, map } = heldHosts(here, deadPid);
    const { summary, events } = await runCollect({ transports: map, gates: gatesWith(`paul@${here}`) });
    expect(app.ran(/\.takeover/)).toHaveLength(1);
    expect(ofType(events, 'lock-acquired')).toHaveLength(1);
    expect(summary.exitCode).toBe(0);
  });

  it('does not take over a live holder, nor a holder the flag does not name', async () => {
    const alive = heldHosts(here, process.pid);
    const kept = await runCollect({ transports: alive.map, gates: gatesWith(`paul@${here}`) });
    expect([kept.summary.exitCode, alive.app.ran(/\.takeover/)]).toEqual([4, []]);
    const failure = ofType(kept.events, 'step-finished').find((e) => e.outcome === 'failed')!.failure!;
    expect(failure.hint).toMatch(/is alive on this machine: wait for that deploy to finish/);
    const other = heldHosts(here, deadPid);
    const wrong = await runCollect({ transports: other.map, gates: gatesWith('jessica@caladan') });
    expect([wrong.summary.exitCode, other.app.ran(/\.takeover/)]).toEqual([4, []]);
  });
});

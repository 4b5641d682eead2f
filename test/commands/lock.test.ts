import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildLockAcquire,
  buildLockHeartbeat,
  buildLockInspect,
  buildLockRelease,
  buildLockTakeover,
  type LockOwner,
} from '../../source/commands/lock-commands.js';
import { parseLockInfo } from '../../source/engine/actions/action-lock.js';
import { runBash } from './bash.js';

const root = mkdtempSync(join(tmpdir(), 'lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const alice: LockOwner = { owner: 'alice', host: 'laptop', pid: 101, runId: 'run-a' };
const bob: LockOwner = { owner: "bob o'neil", host: 'desk', pid: 202, runId: 'run-b' };

describe('deploy lock (real bash, real mkdir)', () => {
  it('acquires, refuses a second holder with its info (exit 4), heartbeats and releases', () => {
    const path = join(root, 'one', 'deploy.lock');
    const acquire = buildLockAcquire('h', path, alice);
    expect(acquire.script.split('\n')[0]).toBe(`lock='${path}'`);
    expect(acquire.script).toContain('if mkdir -- "$lock" 2>/dev/null; then');
    expect(runBash(acquire, root)).toMatchObject({ code: 0, stdout: 'acquired\n' });
    const info = readFileSync(join(path, 'info'), 'utf8');
    expect(info).toMatch(/^owner=alice\nhost=laptop\npid=101\nstarted=\d+\nheartbeat=\d+\nrun=run-a\n$/);
    const held = runBash(buildLockAcquire('h', path, bob), root);
    expect(held.code).toBe(4);
    const parsed = parseLockInfo(held.stdout, 'h', path, 120);
    expect(parsed).toMatchObject({ owner: 'alice', holderHost: 'laptop', pid: '101', stale: false });
    expect(parsed.ageSeconds).toBeLessThan(5);
    writeFileSync(join(path, 'info'), info.replace(/heartbeat=\d+/, 'heartbeat=5'));
    expect(runBash(buildLockHeartbeat('h', path, 'run-a'), root).code).toBe(0);
    expect(readFileSync(join(path, 'info'), 'utf8')).not.toContain('heartbeat=5\n');
    expect(runBash(buildLockHeartbeat('h', path, 'run-b'), root).code).toBe(4);
    expect(runBash(buildLockRelease('h', path, 'run-b'), root).code).toBe(4);
    expect(existsSync(path)).toBe(true);
    expect(runBash(buildLockRelease('h', path, 'run-a'), root)).toMatchObject({
      code: 0,
      stdout: 'released\n',
    });
    expect(existsSync(path)).toBe(false);
    expect(runBash(buildLockInspect('h', path), root).stdout).toBe('free\n');
  });

  it('takes over a stale lock only if its heartbeat is still the one seen', () => {
    const path = join(root, 'two', 'deploy.lock');
    runBash(buildLockAcquire('h', path, alice), root);
    writeFileSync(
      join(path, 'info'),
      'owner=alice\nhost=laptop\npid=101\nstarted=10\nheartbeat=10\nrun=run-a\n',
    );
    const seen = parseLockInfo(runBash(buildLockInspect('h', path), root).stdout, 'h', path, 120);
    expect(seen.stale).toBe(true);
    expect(runBash(buildLockTakeover('h', path, bob, 11), root).code).toBe(4);
    expect(readFileSync(join(path, 'info'), 'utf8')).toContain('owner=alice');
    const taken = runBash(buildLockTakeover('h', path, bob, seen.heartbeat), root);
    expect(taken).toMatchObject({ code: 0, stdout: 'acquired\n' });
    expect(readFileSync(join(path, 'info'), 'utf8')).toContain("owner=bob o'neil\n");
    expect(runBash(buildLockHeartbeat('h', path, 'run-a'), root).code).toBe(4);
  });

  it('lets exactly one of many concurrent takers of the same stale lock win, and leaves nothing behind', async () => {
    const path = join(root, 'four', 'deploy.lock');
    runBash(buildLockAcquire('h', path, alice), root);
    writeFileSync(
      join(path, 'info'),
      'owner=alice\nhost=laptop\npid=101\nstarted=10\nheartbeat=10\nrun=run-a\n',
    );
    for (let round = 0; round < 5; round += 1) {
      const seen = parseLockInfo(runBash(buildLockInspect('h', path), root).stdout, 'h', path, 120);
      const codes = await Promise.all(
        Array.from(
          { length: 8 },
          (_, i) =>
            new Promise<number | null>((resolve) => {
              const taker = { ...bob, owner: `taker-${round}-${i}`, runId: `run-${round}-${i}` };
              const child = spawn('bash', ['-c', buildLockTakeover('h', path, taker, seen.heartbeat).script]);
              child.on('close', (code) => resolve(code));
            }),
        ),
      );
      expect(codes.filter((c) => c === 0)).toHaveLength(1);
      expect(codes.filter((c) => c === 4)).toHaveLength(7);
      const winner = codes.indexOf(0);
      expect(readFileSync(join(path, 'info'), 'utf8')).toContain(`owner=taker-${round}-${winner}\n`);
      expect(readdirSync(join(root, 'four')).sort()).toEqual(['deploy.lock']);
      // make it stale again for the next round
      writeFileSync(
        join(path, 'info'),
        readFileSync(join(path, 'info'), 'utf8').replace(/heartbeat=\d+/, `heartbeat=${20 + round}`),
      );
    }
  });

  it('clears a takeover left half-done by a killed taker after a minute, not before', () => {
    const path = join(root, 'five', 'deploy.lock');
    runBash(buildLockAcquire('h', path, alice), root);
    writeFileSync(
      join(path, 'info'),
      'owner=alice\nhost=laptop\npid=101\nstarted=10\nheartbeat=10\nrun=run-a\n',
    );
    mkdirSync(`${path}.takeover`);
    writeFileSync(`${path}.takeover/run`, 'run-x\n');
    const busy = runBash(buildLockTakeover('h', path, bob, 10), root);
    expect(busy.code).toBe(4);
    expect(busy.stderr).toContain('another run is taking over the lock right now');
    // a taker that gives up never removes the mutex another taker holds
    expect(readFileSync(`${path}.takeover/run`, 'utf8')).toBe('run-x\n');
    const old = new Date(Date.now() - 120_000);
    utimesSync(`${path}.takeover`, old, old);
    expect(runBash(buildLockTakeover('h', path, bob, 10), root)).toMatchObject({
      code: 0,
      stdout: 'acquired\n',
    });
    expect(existsSync(`${path}.takeover`)).toBe(false);
  });

  it('lets exactly one of many concurrent acquirers win', async () => {
    const path = join(root, 'three', 'deploy.lock');
    const codes = await Promise.all(
      Array.from(
        { length: 8 },
        (_, i) =>
          new Promise<number | null>((resolve) => {
            const child = spawn('bash', [
              '-c',
              buildLockAcquire('h', path, { ...alice, runId: `run-${i}` }).script,
            ]);
            child.on('close', (code) => resolve(code));
          }),
      ),
    );
    expect(codes.filter((c) => c === 0)).toHaveLength(1);
    expect(codes.filter((c) => c === 4)).toHaveLength(7);
  });
});

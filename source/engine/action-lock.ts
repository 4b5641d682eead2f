// The `lock` / `unlock` actions: take the deploy lease (or show who holds it, and let the operator take
// over a stale one by typing the holder's name), and give it back.
import { buildLockAcquire, buildLockTakeover, lockHeldExit } from '../commands/lock-commands.js';
import { parseKeyValues } from '../commands/release-create.js';
import type { LockAction } from '../profile/schema.js';
import type { LockInfo } from './events.js';
import type { ActionOutput } from './action-result.js';
import { execRemote } from './exec-command.js';
import { commandFailure, stepFailure } from './failure.js';
import type { StepContext } from './run-context.js';

/** Reads the holder's info printed by a lock command (key=value lines and `now=`). */
export function parseLockInfo(stdout: string, host: string, path: string, staleAfter: number): LockInfo {
  const v = parseKeyValues(stdout);
  const heartbeat = Number(v['heartbeat'] ?? NaN);
  const now = Number(v['now'] ?? NaN);
  const ageSeconds = Number.isFinite(heartbeat) && Number.isFinite(now) ? Math.max(0, now - heartbeat) : null;
  return {
    path,
    host,
    owner: v['owner'] ?? 'unknown',
    holderHost: v['host'] ?? 'unknown',
    pid: v['pid'] ?? '',
    started: Number(v['started'] ?? 0),
    heartbeat: Number.isFinite(heartbeat) ? heartbeat : 0,
    ageSeconds,
    // A lock whose info is not written yet was taken a moment ago: never stale.
    stale: ageSeconds !== null && ageSeconds > staleAfter,
  };
}

export async function lockAction(ctx: StepContext, action: LockAction): Promise<ActionOutput> {
  const { run } = ctx;
  const host = ctx.step.host;
  const path = run.scope.render(action.path, 'plain');
  const who = { owner: run.operator, host: run.consoleHost, pid: run.pid, runId: run.runId };
  const { result, shown } = await execRemote(ctx, buildLockAcquire(host, path, who));
  if (result.code === 0) {
    run.locks.hold({ host, path, staleAfter: action.stale_after });
    return { output: 'acquired' };
  }
  if (result.code !== lockHeldExit) {
    throw commandFailure(
      ctx,
      shown,
      result,
      `could not take the deploy lock ${path} on ${host}`,
      'check that the lock directory can be created, then retry',
    );
  }
  const lock = parseLockInfo(result.stdout, host, path, action.stale_after);
  run.emit({ type: 'lock-held', lock });
  if (lock.stale && run.gates.takeover) {
    const typed = await run.gates.takeover(lock);
    if (typed && typed.typed === lock.owner) {
      const takeover = await execRemote(ctx, buildLockTakeover(host, path, who, lock.heartbeat));
      if (takeover.result.code === 0) {
        run.locks.hold({ host, path, staleAfter: action.stale_after });
        return { output: 'taken over' };
      }
    }
  }
  run.memory.lockHeldBy = lock;
  const age = lock.ageSeconds === null ? 'unknown' : `${lock.ageSeconds} s`;
  throw stepFailure(
    ctx,
    `the deploy lock ${path} on ${host} is held by ${lock.owner}@${lock.holderHost} (pid ${lock.pid}), last heartbeat ${age} ago`,
    lock.stale
      ? `the lock is stale (no heartbeat for over ${action.stale_after} s): take it over by typing "${lock.owner}"`
      : `another deploy is running: wait for it to finish or ask ${lock.owner}`,
    shown,
  );
}

export async function unlockAction(ctx: StepContext, action: LockAction): Promise<ActionOutput> {
  const path = ctx.run.scope.render(action.path, 'plain');
  const held = ctx.run.locks.current;
  if (!held || held.path !== path || held.host !== ctx.step.host) {
    throw stepFailure(
      ctx,
      `this run does not hold the lock ${path} on ${ctx.step.host}`,
      'take it with a `lock` step first',
    );
  }
  await ctx.run.locks.release();
  return { output: 'released' };
}

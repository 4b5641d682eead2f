// The `lock` / `unlock` actions: take the deploy lease (or show who holds it, and let the operator take
// over a stale one by typing the holder's name), and give it back.
import { buildLockAcquire, buildLockTakeover, lockHeldExit } from '../../commands/lock-commands.js';
import { parseKeyValues } from '../../commands/release-create.js';
import type { LockAction } from '../../profile/schema.js';
import type { LockInfo } from '../run/events.js';
import type { ActionOutput } from './action-result.js';
import { execRemote } from '../run/exec-command.js';
import { commandFailure, stepFailure } from '../run/failure.js';
import {
  describeVerdict,
  holderName,
  holderVerdict,
  localProcesses,
  mayTakeOver,
} from '../run/lock-holder.js';
import type { StepContext } from '../run/run-context.js';

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
    ...(v['run'] ? { run: v['run'] } : {}),
    ...(v['pidstart'] ? { pidStart: v['pidstart'] } : {}),
    ageSeconds,
    // A lock whose info is not written yet was taken a moment ago: never stale.
    stale: ageSeconds !== null && ageSeconds > staleAfter,
  };
}

export async function lockAction(ctx: StepContext, action: LockAction): Promise<ActionOutput> {
  const { run } = ctx;
  const host = ctx.step.host;
  const path = run.scope.render(action.path, 'plain');
  const held = run.locks.current;
  // Taken before the first mutating step of the run (runner.ts): nothing more to do when the step comes.
  if (held && held.host === host && held.path === path) return { output: 'already held by this run' };
  const pidStart = localProcesses.startTime(run.pid);
  const who = {
    owner: run.operator,
    host: run.consoleHost,
    pid: run.pid,
    runId: run.runId,
    ...(pidStart !== null && { pidStart }),
  };
  let attempt = await execRemote(ctx, buildLockAcquire(host, path, who));
  // A holder that made the directory a moment ago writes its info right after: ask again (bounded) so that
  // the refusal can name it (two deploys started at once).
  for (let again = 0; again < 20 && infoMissing(attempt.result); again += 1)
    attempt = await execRemote(ctx, buildLockAcquire(host, path, who));
  const { result, shown } = attempt;
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
  const found = parseLockInfo(result.stdout, host, path, action.stale_after);
  const verdict = holderVerdict(found, run.consoleHost, action.stale_after);
  const lock = { ...found, verdict };
  if (leftByResumedRun(ctx, lock)) {
    // The same atomic takeover as for a stale lock: it fails if the lock changed since it was read.
    const takeback = await execRemote(ctx, buildLockTakeover(host, path, who, lock.heartbeat));
    if (takeback.result.code === 0) {
      run.locks.hold({ host, path, staleAfter: action.stale_after });
      return { output: `taken back from the interrupted run ${lock.run}` };
    }
  }
  run.emit({ type: 'lock-held', lock });
  if (mayTakeOver(verdict) && run.gates.takeover) {
    const typed = await run.gates.takeover(lock);
    if (typed && typed.typed === lock.owner) {
      const takeover = await execRemote(ctx, buildLockTakeover(host, path, who, lock.heartbeat));
      if (takeover.result.code === 0) {
        run.locks.hold({ host, path, staleAfter: action.stale_after });
        const line = `taken over from ${holderName(lock)} by ${typed.by}: ${describeVerdict(verdict)}`;
        // Said in the log too: a takeover is a decision someone made, and the audit trail names who.
        run.emit({ type: 'output', host, stepId: ctx.step.id, stream: 'stdout', line });
        return { output: line };
      }
    }
  }
  run.memory.lockHeldBy = lock;
  const age = lock.ageSeconds === null ? 'unknown' : `${lock.ageSeconds} s`;
  throw stepFailure(
    ctx,
    `the deploy lock ${path} on ${host} is held by ${holderName(lock)} (pid ${lock.pid}), last heartbeat ${age} ago`,
    mayTakeOver(verdict)
      ? `${describeVerdict(verdict)}: take the lock over with --take-over-lock ${holderName(lock)} (in the console: type "${lock.owner}")`
      : describeVerdict(verdict),
    shown,
  );
}

/**
 * A lock left by the run this one resumes is this deploy's own, once that run can no longer heartbeat: its
 * journal says it ended, or it ran on this machine and its process is gone (killed). A holder that may still
 * be alive (another machine, live pid) is treated like anyone else's lock: wait, or take it over when stale.
 */
function leftByResumedRun(ctx: StepContext, lock: LockInfo): boolean {
  const { resumed } = ctx.run;
  if (!resumed || lock.run !== resumed.runId) return false;
  return resumed.finished || lock.verdict?.kind === 'dead-process';
}

function infoMissing(result: { code: number | null; stdout: string }): boolean {
  return result.code === lockHeldExit && /^info=missing$/m.test(result.stdout);
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
  if (!(await ctx.run.locks.release())) {
    throw stepFailure(
      ctx,
      `could not release the deploy lock ${path} on ${ctx.step.host}`,
      'check the host; `chom-console deploy --resume` takes the lock back, or remove it by hand once no deploy runs',
    );
  }
  return { output: 'released' };
}

// Keeps the deploy lock alive while the run goes on (heartbeat on an interval) and releases it at the end,
// whatever the end is. Heartbeats run outside any step (stepId null) on their own channel.
import { buildLockHeartbeat, buildLockRelease, lockHeldExit } from '../../commands/lock-commands.js';
import type { RemoteCommand } from '../../commands/remote-command.js';
import type { ExecResult, Transport } from '../../transport/transport.js';
import type { HeldLock, UnstampedEvent } from './run-context.js';

/** How to run a command outside a step and report it. */
export type LockIo = {
  runId: string;
  transports: ReadonlyMap<string, Transport>;
  emit(event: UnstampedEvent): void;
  /** Heartbeat period; default a quarter of stale_after (at least 1 s). */
  heartbeatMs?: number;
};

export class LockKeeper {
  private lock: HeldLock | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private beating = false;
  private lostReported = false;
  /** The lock this run could not release (the host was unreachable): reported in the run summary. */
  left: HeldLock | null = null;
  /** Heartbeats sent (for tests and the header). */
  beats = 0;

  constructor(private readonly io: LockIo) {}

  get current(): HeldLock | null {
    return this.lock;
  }

  hold(lock: HeldLock): void {
    this.lock = lock;
    this.io.emit({ type: 'lock-acquired', host: lock.host, path: lock.path });
    const period = this.io.heartbeatMs ?? Math.max(1000, (lock.staleAfter * 1000) / 4);
    this.timer = setInterval(() => void this.beat(), period);
    this.timer.unref?.();
  }

  /** Sends one heartbeat now (skipped while the previous one is still running). */
  async beat(): Promise<void> {
    const lock = this.lock;
    if (!lock || this.beating) return;
    this.beating = true;
    try {
      const result = await this.exec(buildLockHeartbeat(lock.host, lock.path, this.io.runId), true);
      if (result?.code === 0) this.beats += 1;
      else if (result?.code === lockHeldExit && !this.lostReported) {
        this.lostReported = true;
        const line = `the deploy lock ${lock.path} is no longer held by this run (taken over?): stop and check who deploys`;
        this.io.emit({ type: 'output', host: lock.host, stepId: null, stream: 'stderr', line });
      }
    } finally {
      this.beating = false;
    }
  }

  /** Releases the lock if held (idempotent; never throws: it runs on every way out of a run). False: still there. */
  async release(): Promise<boolean> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const lock = this.lock;
    if (!lock) return true;
    this.lock = null;
    const result = await this.exec(buildLockRelease(lock.host, lock.path, this.io.runId));
    if (result?.code === 0) {
      this.io.emit({ type: 'lock-released', host: lock.host, path: lock.path });
      return true;
    }
    if (result?.code === lockHeldExit) {
      // Taken over by someone else: theirs now, nothing of ours is left behind.
      const line = `the deploy lock ${lock.path} was taken over by another run; left to it`;
      this.io.emit({ type: 'output', host: lock.host, stepId: null, stream: 'stderr', line });
      return true;
    }
    this.left = lock;
    this.io.emit({
      type: 'output',
      host: lock.host,
      stepId: null,
      stream: 'stderr',
      line: leftBehind(lock, this.io.runId),
    });
    return false;
  }

  private async exec(command: RemoteCommand, housekeeping = false): Promise<ExecResult | null> {
    const transport = this.io.transports.get(command.host);
    if (!transport) return null;
    try {
      // No abort signal: the release must still go out after the operator aborted the run.
      const result = await transport.exec({ command: command.script, timeoutMs: 15_000 });
      this.io.emit({
        type: 'command-finished',
        host: command.host,
        stepId: null,
        command: command.script,
        exitCode: result.code,
        signal: result.signal,
        durationMs: result.durationMs,
        ...(housekeeping ? { housekeeping: true as const } : {}),
      });
      return result;
    } catch {
      return null;
    }
  }
}

/** What the operator reads when the lock stays on the host after the run. */
function leftBehind(lock: HeldLock, runId: string): string {
  return `the deploy lock ${lock.path} on ${lock.host} is still held by this run (${runId}), the host could not be reached to release it: \`chom-console deploy --resume\` takes it back and continues; if no deploy will be resumed, remove it by hand once no deploy runs`;
}

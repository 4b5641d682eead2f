// Whether the holder of a deploy lock is provably dead, which is what a takeover needs: on this machine its
// process is gone (or its pid now names another process: the start time differs); on any machine its
// heartbeat is older than stale_after. Anything else may still be deploying.
import { readFileSync } from 'node:fs';
import type { LockInfo } from './events.js';

/** What is known about the holder of a lock. */
export type HolderVerdict =
  | { kind: 'dead-process'; pid: string }
  | { kind: 'stale'; ageSeconds: number; staleAfter: number }
  | { kind: 'alive-here'; pid: string }
  | { kind: 'fresh-elsewhere'; ageSeconds: number | null; staleAfter: number };

/** How the console asks about a process on its own machine. */
export type ProcessProbe = {
  alive(pid: number): boolean;
  /** The process's start time as the kernel counts it (clock ticks since boot), or null when unknown. */
  startTime(pid: number): string | null;
};

/** The name `--take-over-lock` takes and the refusal prints: `owner@host`. */
export const holderName = (lock: Pick<LockInfo, 'owner' | 'holderHost'>): string =>
  `${lock.owner}@${lock.holderHost}`;

export function holderVerdict(
  lock: LockInfo,
  consoleHost: string,
  staleAfter: number,
  probe: ProcessProbe = localProcesses,
): HolderVerdict {
  const pid = Number(lock.pid);
  if (lock.holderHost === consoleHost && Number.isInteger(pid) && pid > 0) {
    if (!probe.alive(pid)) return { kind: 'dead-process', pid: lock.pid };
    const started = lock.pidStart ? probe.startTime(pid) : null;
    if (started !== null && started !== lock.pidStart) return { kind: 'dead-process', pid: lock.pid };
  }
  if (lock.stale && lock.ageSeconds !== null)
    return { kind: 'stale', ageSeconds: lock.ageSeconds, staleAfter };
  if (lock.holderHost === consoleHost && Number.isInteger(pid) && pid > 0)
    return { kind: 'alive-here', pid: lock.pid };
  return { kind: 'fresh-elsewhere', ageSeconds: lock.ageSeconds, staleAfter };
}

/** A takeover is allowed only when the holder is provably dead. */
export function mayTakeOver(verdict: HolderVerdict): boolean {
  switch (verdict.kind) {
    case 'dead-process':
    case 'stale':
      return true;
    case 'alive-here':
    case 'fresh-elsewhere':
      return false;
    default: {
      const unreachable: never = verdict;
      return unreachable;
    }
  }
}

/** Why the holder is (or is not) known to be dead, one clause for the refusal. */
export function describeVerdict(verdict: HolderVerdict): string {
  switch (verdict.kind) {
    case 'dead-process':
      return `its process (pid ${verdict.pid}) is dead on this machine`;
    case 'stale':
      return `its heartbeat is ${verdict.ageSeconds} s old (stale after ${verdict.staleAfter} s)`;
    case 'alive-here':
      return `its process (pid ${verdict.pid}) is alive on this machine: wait for that deploy to finish or stop it`;
    case 'fresh-elsewhere': {
      const age = verdict.ageSeconds === null ? 'just now' : `${verdict.ageSeconds} s ago`;
      return `it runs on another machine and its last heartbeat came ${age}: wait for that deploy to finish or ask its operator; it can be taken over once no heartbeat came for ${verdict.staleAfter} s`;
    }
    default: {
      const unreachable: never = verdict;
      return unreachable;
    }
  }
}

/** This machine's processes, through /proc (Linux); elsewhere only liveness is known. */
export const localProcesses: ProcessProbe = {
  alive(pid) {
    try {
      process.kill(pid, 0);
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
    // A killed console its parent has not reaped yet is a zombie: signal 0 still reaches it, but it is dead.
    return !['Z', 'X'].includes(processState(pid) ?? '');
  },
  startTime(pid) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Field 22; the command name (field 2) may hold spaces and parentheses, so count after its last ')'.
      return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
    } catch {
      return null;
    }
  },
};

/** The state letter of /proc/<pid>/stat (field 3: R, S, D, Z…), or null when it cannot be read. */
function processState(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? null;
  } catch {
    return null;
  }
}

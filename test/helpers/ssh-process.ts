// Process and port helpers for the SSH test hosts: free ports, readiness by condition, killing a process tree by pid.
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { sandboxPort } from '../../source/sandbox/lifecycle/ports.js';
import { waitFor } from './wait-for.js';

// The poller lives in wait-for.ts; re-exported for the helpers and tests that wait on processes and ports.
export { waitFor };

/**
 * A port that was free a moment ago on 127.0.0.1, outside the ephemeral range (as the sandbox's own), so no
 * outgoing connection of a parallel test can hold it by the time sshd binds it or a test expects it closed.
 */
export const freePort = (): Promise<number> => sandboxPort(new Set());

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Waits until something accepts TCP connections on the port; `failed` reports an early death. */
export async function waitForPort(port: number, failed: () => string | undefined): Promise<void> {
  await waitFor(async () => {
    const reason = failed();
    if (reason) throw new Error(reason);
    return accepts(port);
  }, `port ${port} to accept connections`);
}

/** Pids of every descendant of `pid`, read from /proc. */
export function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parentOf.set(Number(entry), ppid);
    } catch {
      // The process ended while we looked.
    }
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const current = queue.shift() as number;
    for (const [child, parent] of parentOf) {
      if (parent === current) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

/** SIGKILLs a process and all its descendants, by pid. */
export function killTree(pid: number): void {
  for (const p of [pid, ...descendants(pid)]) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/** True while a process with this pid exists (zombies count as gone). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

// What the header shows of the hosts and the lock: the hosts' connection states from home's host check, and
// the lock as the shown run holds it, else as home's facts last saw it.
import type { AsyncState } from './hooks/use-async.js';
import type { HostStatus, LockFact, RunRequest } from './app-services.js';
import type { HostConnection, LockView } from './components/Header.js';
import type { RunSnapshot } from './screens/session/run-session.js';

/** Each profile host's connection state, in profile order. */
export function hostConnections(hosts: AsyncState<HostStatus[]>, names: string[]) {
  return names.map((name) => {
    const host =
      hosts.kind === 'ready' ? hosts.value.find((candidate) => candidate.name === name) : undefined;
    const connection: HostConnection =
      hosts.kind === 'loading'
        ? { state: 'connecting' }
        : host === undefined
          ? { state: 'disconnected' }
          : host.connected
            ? { state: 'connected' }
            : { state: 'failed', reason: host.error ?? 'not connected' };
    return { name, connection };
  });
}

/** The lock the header shows. */
export function lockView(fact: LockFact | undefined, snapshot: RunSnapshot | undefined): LockView {
  const lock = snapshot?.state.lock;
  if (lock?.kind === 'held-by-us') return { kind: 'ours' };
  if (lock?.kind === 'held-by-other') {
    return {
      kind: 'held',
      owner: lock.lock.owner,
      ageMs: (lock.lock.ageSeconds ?? 0) * 1000,
      stale: lock.lock.stale,
    };
  }
  return fact ?? { kind: 'unknown' };
}

/** The run mode the header names; the read-only ones say so. */
export function headerMode(mode: RunRequest['mode']): string {
  return mode === 'verify' || mode === 'assess' ? `${mode} (read-only)` : mode;
}

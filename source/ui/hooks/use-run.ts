// A run's state for a screen, through useSyncExternalStore over the session's reduced events.
import { useSyncExternalStore } from 'react';
import type { RunSession, RunSnapshot } from '../screens/session/run-session.js';

/** The session's current snapshot; re-renders at most once per frame while the run is busy. */
export function useRunSnapshot(session: Pick<RunSession, 'subscribe' | 'getSnapshot'>): RunSnapshot {
  return useSyncExternalStore(session.subscribe, session.getSnapshot, session.getSnapshot);
}

const noSession = {
  subscribe: () => () => undefined,
  getSnapshot: (): RunSnapshot | undefined => undefined,
};

/** Like {@link useRunSnapshot} for screens that may show no run (the header on home). */
export function useOptionalRunSnapshot(session: RunSession | undefined): RunSnapshot | undefined {
  const store = session ?? noSession;
  return useSyncExternalStore<RunSnapshot | undefined>(store.subscribe, store.getSnapshot, store.getSnapshot);
}

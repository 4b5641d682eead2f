// Loading something once per key (hosts, facts, releases), with a reload, and never a state update
// after the component is gone.
import { useCallback, useEffect, useRef, useState } from 'react';

/** A load as a lifecycle. */
export type AsyncState<T> =
  { kind: 'loading' } | { kind: 'ready'; value: T } | { kind: 'failed'; message: string };

/** Runs `load` on mount and on `reload()`; the latest call wins. */
export function useAsync<T>(load: () => Promise<T>): [AsyncState<T>, () => void] {
  const [state, setState] = useState<AsyncState<T>>({ kind: 'loading' });
  const generation = useRef(0);
  const loader = useRef(load);
  loader.current = load;
  const reload = useCallback(() => {
    const mine = ++generation.current;
    setState({ kind: 'loading' });
    loader.current().then(
      (value) => mine === generation.current && setState({ kind: 'ready', value }),
      (error: unknown) =>
        mine === generation.current &&
        setState({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
  }, []);
  useEffect(() => {
    reload();
    return () => {
      generation.current += 1;
    };
  }, [reload]);
  return [state, reload];
}

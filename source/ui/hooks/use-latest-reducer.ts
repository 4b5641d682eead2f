// Key handlers often run several times before React re-renders (a fast typist, a paste, a test writing
// keys back to back). This reducer hook keeps the latest state in a ref so each handler sees the result
// of the previous one, while React still re-renders from the same state.
import { useCallback, useRef, useState } from 'react';

/** `[state, dispatch, getLatest]`: like `useReducer`, plus synchronous access to the newest state. */
export function useLatestReducer<S, A>(reduce: (state: S, action: A) => S, initial: S | (() => S)) {
  const [state, setState] = useState<S>(initial);
  const latest = useRef<S>(state);
  const dispatch = useCallback(
    (action: A) => {
      latest.current = reduce(latest.current, action);
      setState(latest.current);
    },
    [reduce],
  );
  const getLatest = useCallback(() => latest.current, []);
  return [state, dispatch, getLatest] as const;
}

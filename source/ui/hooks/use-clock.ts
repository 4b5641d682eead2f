// A clock for elapsed times: re-renders once a second while `active` (a step runs), never otherwise.
import { useEffect, useState } from 'react';

/** The current time (ms), refreshed every `everyMs` while active. */
export function useClock(active: boolean, everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [active, everyMs]);
  return now;
}

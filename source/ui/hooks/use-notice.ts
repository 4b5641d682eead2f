// A screen's transient message: what the last key, export or refused start said, shown in place of the
// screen's own status line (or, in the App, on the line under the header). One hook for every screen, so
// "how long does a message stay" is decided here.
import { useEffect, useState } from 'react';

/** How long a notice stays; by default until the next one replaces it. */
export type NoticeOptions = {
  /** Cleared this long after it was said (the run screen's export path gives the status line back). */
  expireMs?: number;
  /**
   * Shown only while `scope` is still the value it was said under (the App passes its screen stack: a
   * message belongs to the screen it was said on and is gone once the operator moves). Derived while
   * rendering, so no effect has to clear it.
   */
  scope?: unknown;
};

type Said = { text: string; scope: unknown };

/** `[notice, say]`: the notice to show (undefined: none) and the setter (undefined clears it). */
export function useNotice(options: NoticeOptions = {}): [string | undefined, (text?: string) => void] {
  const { expireMs, scope } = options;
  const [said, setSaid] = useState<Said | undefined>(undefined);
  useEffect(() => {
    if (said === undefined || expireMs === undefined) return;
    const timer = setTimeout(() => setSaid(undefined), expireMs);
    return () => clearTimeout(timer);
  }, [said, expireMs]);
  const say = (text?: string): void =>
    // the same words said again on the same screen are the same notice (its timer is not restarted)
    setSaid((current) =>
      text === undefined
        ? undefined
        : current?.text === text && current.scope === scope
          ? current
          : { text, scope },
    );
  return [said !== undefined && said.scope === scope ? said.text : undefined, say];
}

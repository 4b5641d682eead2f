// The suite's one poller. Waits are on content (a file, a port, a frame, a process), never on time; the limit
// is a safety net that turns a stuck world into a failure naming what never came, not a timing assertion.

/** Polls `condition` every `intervalMs` until it holds; fails with `what` after `limitMs`. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string | (() => string),
  limitMs = 15_000,
  intervalMs = 20,
): Promise<void> {
  await waitForValue(async () => ((await condition()) ? true : undefined), what, limitMs, intervalMs);
}

/** Polls `probe` until it gives a value (anything but undefined) and returns it; fails with `what` after `limitMs`. */
export async function waitForValue<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  what: string | (() => string),
  limitMs = 15_000,
  intervalMs = 20,
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() - start > limitMs)
      throw new Error(`gave up waiting for ${typeof what === 'string' ? what : what()} after ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Polls `assertion` (expect calls) until it passes, as vitest's vi.waitFor does but through this poller; after
 * `timeout` ms the assertion's own last failure is thrown.
 */
export async function eventually(
  assertion: () => void,
  options: { timeout?: number; interval?: number } = {},
): Promise<void> {
  let last: unknown;
  const passes = (): boolean => {
    try {
      assertion();
      return true;
    } catch (error) {
      last = error;
      return false;
    }
  };
  try {
    await waitFor(passes, 'an assertion to pass', options.timeout, options.interval);
  } catch (error) {
    throw last ?? error;
  }
}

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

// `chom-console plan | head`: when the reader goes away the console stops quietly instead of crashing on EPIPE.
import { describe, expect, it } from 'vitest';
import { startCli } from './run-cli.js';

describe('a closed stdout', () => {
  it('ends the command quietly (no EPIPE stack trace)', async () => {
    const { child, done } = startCli(['plan', '--profile', 'production', '--format', 'json']);
    // The reader hangs up before the console writes anything, as `… | head -0` would.
    child.stdout!.destroy();
    const { code, stderr } = await done;
    expect(stderr).not.toMatch(/EPIPE|Unhandled 'error' event/);
    expect(code).toBe(0);
  });
});

// `chom-console plan | head`: when the reader goes away the console stops quietly instead of crashing on EPIPE.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('a closed stdout', () => {
  it('ends the command quietly (no EPIPE stack trace)', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'cli.tsx', 'plan', '--profile', 'production', '--format', 'json'],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // The reader hangs up before the console writes anything, as `… | head -0` would.
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stderr).not.toMatch(/EPIPE|Unhandled 'error' event/);
    expect(code).toBe(0);
  });
});

// On a terminal, no command opens the home screen (a placeholder until the Ink UI lands).
import { spawn } from '@lydell/node-pty';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './run-cli.js';

function runInTerminal(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const term = spawn(join(root, 'node_modules', '.bin', 'tsx'), ['cli.tsx', ...args], {
      cwd: root,
      cols: 100,
      rows: 30,
      env: { ...process.env, CHOM_CONSOLE_HOME: join(root, '.state', 'cli-test') } as Record<string, string>,
    });
    let output = '';
    term.onData((data) => (output += data));
    term.onExit(({ exitCode }) => resolve({ code: exitCode, output }));
  });
}

describe('chom-console on a terminal', () => {
  it('shows the home placeholder with the profile in use and exits 0', async () => {
    const run = await runInTerminal(['--profile', 'good']);
    expect(run.code).toBe(0);
    expect(run.output).toContain('chom-console — profile: good');
    expect(run.output).toContain('chom-console plan');
  });

  it('prints help instead with --plain', async () => {
    const run = await runInTerminal(['--plain']);
    expect(run.code).toBe(0);
    expect(run.output).toContain('Usage: chom-console [options] [command]');
  });
});

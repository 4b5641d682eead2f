// Runs cli.tsx through tsx (no build needed) with an isolated state directory.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** The outcome of one CLI run. */
export type CliRun = { code: number | null; stdout: string; stderr: string };

export const root = join(import.meta.dirname, '..', '..');
export const fixtures = join(root, 'test', 'fixtures', 'profiles');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

/** `tsx cli.tsx …args` in the repository root; stdin closed, not a TTY. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, ['cli.tsx', ...args], {
      cwd: root,
      env: { ...process.env, CHOM_CONSOLE_HOME: join(root, '.state', 'cli-test'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// Runs a built command with the real bash (in a temp dir), as a host would.
import { spawnSync } from 'node:child_process';
import type { RemoteCommand } from '../../source/commands/remote-command.js';

export type BashResult = { code: number | null; stdout: string; stderr: string };

export function runBash(command: RemoteCommand, cwd: string, env: Record<string, string> = {}): BashResult {
  const result = spawnSync('bash', ['-c', command.script], {
    cwd,
    input: command.stdin ?? '',
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

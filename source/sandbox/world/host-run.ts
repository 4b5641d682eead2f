// Runs a command on a sandbox host without SSH (bash -c with the host's shell spec): used to drive the
// world's own systemctl and by tests; the same thing the SSH servers do.
import { spawn } from 'node:child_process';
import { hostShell } from './host-shell.js';
import type { HostName } from '../lifecycle/paths.js';

/** Exit code and captured output of one command. */
export type HostRunResult = { code: number | null; stdout: string; stderr: string };

export function runOnHost(
  home: string,
  host: HostName,
  command: string,
  stdin?: string,
): Promise<HostRunResult> {
  const shell = hostShell(home, host);
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--norc', '--noprofile', '-c', command], {
      cwd: shell.cwd,
      env: shell.env,
      stdio: 'pipe',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin ?? '');
  });
}

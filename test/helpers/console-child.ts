// The console as a child process that a test can kill: node itself with tsx as a loader (the `tsx` binary
// would put a wrapper process between the test and the CLI, and a signal must hit the console's own process).
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '..', '..');
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** How the child ended, with everything it printed. */
export type ConsoleExit = {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
};

/** `cli.tsx …args` with CHOM_CONSOLE_HOME = home; `stdin` is written and closed (e.g. --password-stdin). */
export function spawnConsole(
  home: string,
  args: string[],
  stdin = '',
): { child: ChildProcess; exit: Promise<ConsoleExit> } {
  const child = spawn(process.execPath, ['--import', tsxLoader, 'cli.tsx', ...args], {
    cwd: root,
    env: { ...process.env, CHOM_CONSOLE_HOME: home },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin!.on('error', () => undefined);
  child.stdin!.end(stdin);
  const exit = new Promise<ConsoleExit>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, exit };
}

// Runs the command program in this process, on collectors: for refusals and outputs decided before any host
// is reached, where a child process (tsx start-up: seconds under load) proves nothing more. The end-to-end
// tests that need the real process (signals, a TTY, stdin closing) spawn dist/cli.js or tsx instead.
import { Readable } from 'node:stream';
import { join } from 'node:path';
import { runProgram } from '../../source/cli/program.js';
import type { CliRun } from './run-cli.js';
import { root } from './run-cli.js';

/** What an in-process run may set: its environment (over a clean copy of this one), stdin and cwd. */
export type InProcessRun = { env?: Record<string, string | undefined>; stdin?: string; cwd?: string };

/** `chom-console …args` in-process; stdout is not a TTY, so every command is headless. */
export async function cliInProcess(args: string[], run: InProcessRun = {}): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const env: Record<string, string | undefined> = {
    ...process.env,
    CHOM_CONSOLE_HOME: join(root, '.state', 'cli-test'),
    ...run.env,
  };
  // As the spawned harnesses do: nothing of the developer's own session leaks in.
  for (const name of [
    'SSH_AUTH_SOCK',
    'CHOM_SMTP_PASSWORD',
    'CHOM_CONSOLE_PROFILES_DIR',
    'CHOM_CONSOLE_SANDBOX',
  ])
    if (run.env?.[name] === undefined) delete env[name];
  const code = await runProgram(['node', 'chom-console', ...args], {
    io: {
      out: (text) => out.push(text.endsWith('\n') ? text : `${text}\n`),
      err: (text) => err.push(text.endsWith('\n') ? text : `${text}\n`),
      isTTY: false,
      env,
      cwd: run.cwd ?? root,
    },
    stdin: Readable.from([run.stdin ?? '']),
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

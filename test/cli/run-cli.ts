// The suite's one way to run the CLI as a plain child process (pipes, not a terminal; the pty runs are
// test/helpers/pty-terminal.ts, which takes its command from here): `dist/cli.js` when it is built after the last
// source change (as users run it), else cli.tsx under node with tsx as a loader. Either way node itself is the
// child (no wrapper process), so a signal a test sends hits the console's own process.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const root = join(import.meta.dirname, '..', '..');
export const fixtures = join(root, 'test', 'fixtures', 'profiles');
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** The outcome of one CLI run. */
export type CliRun = { code: number | null; stdout: string; stderr: string };

/** One finished CLI run, with the signal that ended it if any. */
export type CliResult = CliRun & { signal: NodeJS.Signals | null };

/** A CLI run in progress: wait for output, signal it, await its end. */
export type CliChild = {
  child: ChildProcess;
  /** Resolves once stdout+stderr match `pattern` (a condition, not a timer); rejects if the CLI ends first. */
  waitFor: (pattern: RegExp) => Promise<void>;
  done: Promise<CliResult>;
};

/** Which build a run uses: `fresh` is dist when built after the sources, else the sources. */
export type CliSource = 'fresh' | 'sources';

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), 0);
}

/** The command that runs `chom-console`: the built bin when fresh (as `npm start` would), else the sources. */
export function cliCommand(source: CliSource = 'fresh'): {
  file: string;
  args: string[];
  kind: 'dist' | 'tsx';
} {
  const dist = join(root, 'dist', 'cli.js');
  const fresh =
    source === 'fresh' &&
    existsSync(dist) &&
    statSync(dist).mtimeMs >= Math.max(newest(join(root, 'source')), newest(join(root, 'cli.tsx')));
  return fresh
    ? { file: process.execPath, args: [dist], kind: 'dist' }
    : { file: process.execPath, args: ['--import', tsxLoader, join(root, 'cli.tsx')], kind: 'tsx' };
}

/** Options of {@link startCli}. */
export type StartOptions = {
  /** Over process.env; an `undefined` value removes the variable. */
  env?: Record<string, string | undefined>;
  /** Written to stdin, which is then closed; without it stdin is not connected. */
  stdin?: string;
  source?: CliSource;
};

/** `chom-console …args` in the repository root, not a TTY; every byte it prints is kept. */
export function startCli(args: string[], options: StartOptions = {}): CliChild {
  const env: Record<string, string | undefined> = { ...process.env, ...options.env };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  const command = cliCommand(options.source);
  const child = spawn(command.file, [...command.args, ...args], {
    cwd: root,
    env,
    stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  const check = () => {
    for (const waiter of [...waiters]) {
      if (waiter.pattern.test(stdout + stderr)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    check();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    check();
  });
  if (options.stdin !== undefined) {
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(options.stdin);
  }
  const done = new Promise<CliResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  const waitFor = (pattern: RegExp) =>
    new Promise<void>((resolve, reject) => {
      waiters.push({ pattern, resolve });
      check();
      void done.then(() =>
        reject(new Error(`the CLI ended before printing ${pattern}:\n${stdout}\n${stderr}`)),
      );
    });
  return { child, waitFor, done };
}

/** Runs `chom-console …args` to its end with CHOM_CONSOLE_HOME under .state/ unless `env` names one. */
export async function runCli(
  args: string[],
  env: Record<string, string> = {},
  source: CliSource = 'fresh',
): Promise<CliRun> {
  const { code, stdout, stderr } = await startCli(args, {
    env: { CHOM_CONSOLE_HOME: join(root, '.state', 'cli-test'), ...env },
    source,
  }).done;
  return { code, stdout, stderr };
}

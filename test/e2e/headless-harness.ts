// Shared by the headless e2e tests: a sandbox world hosted by the test process (its status.json published so
// every spawned `chom-console` reuses it instead of starting its own), and the CLI run as a child process
// with its own CHOM_CONSOLE_HOME. Every byte a child prints is kept for the secret-leak assertions.
import { cliInProcess } from '../cli/cli-in-process.js';
import type { CliRun } from '../cli/run-cli.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { runOnHost } from '../../source/sandbox/world/host-run.js';
import type { HostName } from '../../source/sandbox/lifecycle/paths.js';
import type { RunningSandbox } from '../../source/sandbox/lifecycle/sandbox.js';
import { demoSmtpUser, type SmtpCredentials } from '../../source/sandbox/services/smtp-relay.js';
import { startWorld } from '../helpers/sandbox-world.js';

export const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

/** One finished CLI run. */
export type CliResult = { code: number | null; signal: string | null; stdout: string; stderr: string };

/** A CLI run in progress: wait for output, signal it, await its end. */
export type CliChild = {
  child: ChildProcess;
  /** Resolves once stdout+stderr match `pattern` (a condition, not a timer). */
  waitFor: (pattern: RegExp) => Promise<void>;
  done: Promise<CliResult>;
};

export type HeadlessWorld = {
  home: string;
  sandbox: RunningSandbox;
  /** Every stdout/stderr text printed by any CLI run of this world. */
  printed: string[];
  start: (args: string[], options?: { stdin?: string; env?: Record<string, string> }) => CliChild;
  cli: (args: string[], options?: { stdin?: string; env?: Record<string, string> }) => Promise<CliResult>;
  /** The same command run in this process (cli-in-process.ts): for what is decided before any host is reached. */
  inProcess: (args: string[], options?: { stdin?: string; env?: Record<string, string> }) => Promise<CliRun>;
  on: (host: HostName, command: string) => Promise<string>;
  root: (host: HostName) => string;
  close: () => Promise<void>;
};

/** Starts a world in this process; `sshd: false` leaves the hosts to be served by real sshd. */
export async function startHeadlessWorld(
  prefix: string,
  options: { smtp?: SmtpCredentials; sshd?: boolean } = {},
): Promise<HeadlessWorld> {
  const world = await startWorld(prefix, { ...options, publishStatus: true });
  const { home, sandbox, paths } = world;
  const printed: string[] = [];
  const start: HeadlessWorld['start'] = (args, run = {}) => {
    const env: Record<string, string | undefined> = { ...process.env, CHOM_CONSOLE_HOME: home, ...run.env };
    delete env.SSH_AUTH_SOCK;
    delete env.CHOM_SMTP_PASSWORD;
    delete env.CHOM_CONSOLE_PROFILES_DIR;
    if (!run.env?.CHOM_CONSOLE_SANDBOX) delete env.CHOM_CONSOLE_SANDBOX;
    const child = spawn(tsx, ['cli.tsx', ...args], { cwd: root, env, stdio: ['pipe', 'pipe', 'pipe'] });
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
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(run.stdin ?? '');
    const done = new Promise<CliResult>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code, signal) => {
        printed.push(stdout, stderr);
        resolve({ code, signal, stdout, stderr });
      });
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
  };
  return {
    home,
    sandbox,
    printed,
    start,
    cli: (args, run) => start(args, run).done,
    inProcess: async (args, run = {}) => {
      const result = await cliInProcess(args, { ...run, env: { CHOM_CONSOLE_HOME: home, ...run.env } });
      printed.push(result.stdout, result.stderr);
      return result;
    },
    on: async (host, command) => {
      const result = await runOnHost(home, host, command);
      if (result.code !== 0) throw new Error(`${host}: ${command}: exit ${result.code}: ${result.stderr}`);
      return result.stdout;
    },
    root: (host) => paths.root(host),
    close: world.close,
  };
}

/** The values file of the SMTP form for this world's relay (the password travels separately). */
export function smtpValuesYaml(sandbox: RunningSandbox, user = demoSmtpUser): string {
  return [
    'smtp:',
    '  host: 127.0.0.1',
    `  port: ${sandbox.runtimeVars.sandbox_smtp_port}`,
    `  username: ${user}`,
    '  encryption: none',
    '  from_address: alertmanager@sandbox.test',
    '  from_name: CHOM e2e',
    '  alert_to: ops@sandbox.test',
    '',
  ].join('\n');
}

/** Samples `ps -eo args` until stopped: every command line of every process on this machine (the hosts too). */
export function sampleProcessLists(intervalMs = 50): { stop: () => Promise<string[]> } {
  const seen = new Set<string>();
  let running = true;
  const loop = (async () => {
    while (running) {
      await new Promise<void>((resolve) => {
        const ps = spawn('ps', ['-eo', 'args'], { stdio: ['ignore', 'pipe', 'ignore'] });
        let out = '';
        ps.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        ps.once('close', () => {
          for (const line of out.split('\n')) seen.add(line);
          resolve();
        });
        ps.once('error', () => resolve());
      });
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return [...seen];
    },
  };
}

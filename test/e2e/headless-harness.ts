// Shared by the headless e2e tests: a sandbox world hosted by the test process (its status.json published so
// every spawned `chom-console` reuses it instead of starting its own), and the CLI run as a child process
// with its own CHOM_CONSOLE_HOME. Every byte a child prints is kept for the secret-leak assertions.
import { cliInProcess } from '../cli/cli-in-process.js';
import { startCli, type CliChild, type CliResult, type CliRun } from '../cli/run-cli.js';
import { spawn } from 'node:child_process';
import { runOnHost } from '../../source/sandbox/world/host-run.js';
import type { HostName } from '../../source/sandbox/lifecycle/paths.js';
import type { RunningSandbox } from '../../source/sandbox/lifecycle/sandbox.js';
import { demoSmtpUser, type SmtpCredentials } from '../../source/sandbox/services/smtp-relay.js';
import { startWorld } from '../helpers/sandbox-world.js';

export { root } from '../cli/run-cli.js';

export type { CliChild, CliResult };

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
    // the operator's agent, password, profiles dir and sandbox choice must not leak into a child's run
    const env: Record<string, string | undefined> = {
      CHOM_CONSOLE_HOME: home,
      ...run.env,
      SSH_AUTH_SOCK: undefined,
      CHOM_SMTP_PASSWORD: undefined,
      CHOM_CONSOLE_PROFILES_DIR: undefined,
    };
    if (!run.env?.CHOM_CONSOLE_SANDBOX) env.CHOM_CONSOLE_SANDBOX = undefined;
    const cli = startCli(args, { env, stdin: run.stdin ?? '' });
    const done = cli.done.then((result) => {
      printed.push(result.stdout, result.stderr);
      return result;
    });
    return { ...cli, done };
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

// Runs the sandbox runbook in-process through the engine over SSH, on a world of sandbox-world.ts, with the
// handles fault tests need: the embedded SSH hosts can be stopped and restarted on the same port and
// key, every command can be recorded, a command on a host can be held at a gate, and a status file lets a
// child process (the CLI) reuse this world through ensureSandbox().
import { readFileSync } from 'node:fs';
import type { HostConnections } from '../../source/cli/host-connections.js';
import { headlessGates, type Gates } from '../../source/engine/run/gates.js';
import type { RunEvent } from '../../source/engine/run/events.js';
import { readJournal } from '../../source/engine/run/journal.js';
import { resumeState, type ResumeState } from '../../source/engine/run/resume.js';
import { createRunner, type Runner, type RunPlan, type RunSummary } from '../../source/engine/run/runner.js';
import type { LoadedProfile } from '../../source/profile/loaded-profile.js';
import type { Phase } from '../../source/profile/schema.js';
import { hostShell } from '../../source/sandbox/world/host-shell.js';
import { runOnHost, type HostRunResult } from '../../source/sandbox/world/host-run.js';
import { hostKey } from '../../source/sandbox/world/keys.js';
import { hostNames, type HostName } from '../../source/sandbox/lifecycle/paths.js';
import { resetWorld } from '../../source/sandbox/lifecycle/reset.js';
import type { RunningSandbox } from '../../source/sandbox/lifecycle/sandbox.js';
import { startEmbeddedServer, type EmbeddedServer } from '../../source/transport/embedded-server.js';
import type {
  ExecRequest,
  ExecResult,
  Transport,
  UploadRequest,
  UploadResult,
} from '../../source/transport/transport.js';
import { freePort } from './ssh-process.js';
import { holdTool as holdToolOn } from './tool-gate.js';
import { loadSandboxProfile, profilesDir, smtpValues, startWorld, worldTransports } from './sandbox-world.js';

export { profilesDir, smtpValues };

export const operator = 'fault-test';

/** One thing a run sent to a host. */
export type Sent = { host: string; kind: 'exec' | 'upload' | 'download'; text: string };

/** Wraps a transport and records every command, upload and download it is asked for. */
export class RecordingTransport implements Transport {
  readonly host: string;
  constructor(
    private readonly inner: Transport,
    readonly sent: Sent[],
  ) {
    this.host = inner.host;
  }
  connect() {
    return this.inner.connect();
  }
  exec(request: ExecRequest): Promise<ExecResult> {
    this.sent.push({ host: this.host, kind: 'exec', text: request.command });
    return this.inner.exec(request);
  }
  upload(request: UploadRequest): Promise<UploadResult> {
    this.sent.push({ host: this.host, kind: 'upload', text: request.remotePath });
    return this.inner.upload(request);
  }
  download(remotePath: string, signal?: AbortSignal): Promise<Buffer> {
    this.sent.push({ host: this.host, kind: 'download', text: remotePath });
    return this.inner.download(remotePath, signal);
  }
  status() {
    return this.inner.status();
  }
  close() {
    return this.inner.close();
  }
}

export type RunOptions = {
  resume?: ResumeState;
  gates?: Partial<Gates>;
  /** Records what this run sends (its own transports, so concurrent runs are told apart). */
  sent?: Sent[];
  /** Called with the runner before it starts (to subscribe). */
  onRunner?: (runner: Runner) => void;
};

/** A finished run: its summary and every event it emitted. */
export type RunOutcome = { summary: RunSummary; events: RunEvent[] };

export type SandboxRun = {
  home: string;
  world: RunningSandbox;
  profile: LoadedProfile;
  root: (host: HostName) => string;
  /** A plan of the profile's deploy phases; `only` keeps the named step ids (in order). */
  deployPlan: (only?: string[]) => RunPlan;
  run: (plan: RunPlan, options?: RunOptions) => Promise<RunOutcome>;
  /** Fresh transports to the hosts (recording into `sent` when given), closed with the world. */
  transports: (sent?: Sent[]) => Map<string, Transport>;
  /** Resume state from the journal of a finished or killed run. */
  resumeFrom: (journalPath: string) => ResumeState;
  on: (host: HostName, command: string) => Promise<HostRunResult>;
  /** Stops a host's SSH server: every connection drops and its commands are killed. */
  stopHost: (host: HostName) => Promise<void>;
  /** Serves the host again on the same port with the same host key. */
  restartHost: (host: HostName) => Promise<void>;
  /** Makes `bin/<tool>` on a host wait at a gate (after touching `tmp/fault-waiting-<tool>`) until released. */
  holdTool: (host: HostName, tool: string) => { waiting: () => Promise<void>; restore: () => void };
  /** Publishes `<home>/sandbox/status.json` so a child process's ensureSandbox() reuses this world. */
  publishStatus: () => void;
  reset: () => Promise<void>;
  close: () => Promise<void>;
};

/** Starts a fresh sandbox in its own CHOM_CONSOLE_HOME temp dir, served by embedded SSH hosts we control. */
export async function startSandboxRun(prefix = 'chom-faults-'): Promise<SandboxRun> {
  // no embedded hosts of its own: this helper serves them itself (below), so it can stop and restart them
  const started = await startWorld(prefix, { sshd: false });
  const { home, sandbox: world, paths } = started;
  const client = world.clientKey;
  const servers = new Map<HostName, EmbeddedServer>();
  const serve = async (host: HostName, port?: number): Promise<EmbeddedServer> => {
    const server = await startEmbeddedServer({
      hostKey: readFileSync(hostKey(paths.keys, host).privateKeyPath),
      authorizedKeys: [client.publicKey],
      shell: hostShell(home, host),
      ...(port !== undefined ? { port } : {}),
    });
    servers.set(host, server);
    return server;
  };
  for (const host of hostNames) {
    // a port outside the ephemeral range: the host is stopped and served again on it (restartHost), and
    // meanwhile no outgoing connection may take it
    const server = await serve(host, await freePort());
    world.hosts[host] = {
      port: server.port,
      fingerprint: server.fingerprint,
      hostPublicKey: server.hostPublicKey,
      shell: hostShell(home, host),
    };
  }
  const profile = loadSandboxProfile(world);
  const open: HostConnections[] = [];
  // the console's own wiring, fresh per run, so concurrent runs record apart
  const transportsFor = (sent?: Sent[]): Map<string, Transport> => {
    const connections = worldTransports(profile, world);
    open.push(connections);
    return new Map(
      [...connections.transports].map(([host, transport]) => [
        host,
        sent ? new RecordingTransport(transport, sent) : transport,
      ]),
    );
  };

  const run = async (plan: RunPlan, options: RunOptions = {}): Promise<RunOutcome> => {
    const runner = createRunner({
      profile,
      plan,
      transports: transportsFor(options.sent),
      gates: {
        ...headlessGates({ yes: true, operator, values: smtpValues(world) }),
        ...options.gates,
      },
      operator,
      runtimeVars: world.runtimeVars,
      profileDir: profilesDir,
      stateDir: home,
      ...(options.resume ? { resume: options.resume } : {}),
    });
    const events: RunEvent[] = [];
    runner.subscribe((event) => events.push(event));
    options.onRunner?.(runner);
    const summary = await runner.run();
    return { summary, events };
  };

  const deployPlan = (only?: string[]): RunPlan => {
    const phases: Phase[] = profile.phases
      .map((phase) => ({
        ...phase,
        steps: only ? phase.steps.filter((s) => only.includes(s.id)) : phase.steps,
      }))
      .filter((phase) => phase.steps.length > 0);
    return { mode: 'deploy', phases };
  };

  const holdTool = (host: HostName, tool: string) => holdToolOn(paths.root(host), tool);

  return {
    home,
    world,
    profile,
    root: (host) => paths.root(host),
    deployPlan,
    run,
    transports: transportsFor,
    resumeFrom: (journalPath) => resumeState(readJournal(journalPath)),
    on: (host, command) => runOnHost(home, host, command),
    stopHost: async (host) => {
      await servers.get(host)?.stop();
      servers.delete(host);
    },
    restartHost: async (host) => {
      await serve(host, world.hosts[host]!.port);
    },
    holdTool,
    publishStatus: started.publishStatus,
    reset: async () => {
      await resetWorld(home);
    },
    close: async () => {
      await Promise.all(open.map((connections) => connections.close()));
      await Promise.all([...servers.values()].map((s) => s.stop()));
      await started.close();
    },
  };
}

/** The events of one type, typed. */
export function eventsOf<T extends RunEvent['type']>(
  events: RunEvent[],
  type: T,
): Extract<RunEvent, { type: T }>[] {
  return events.filter((e): e is Extract<RunEvent, { type: T }> => e.type === type);
}

/** Step failures of a run as "step: message" lines (for assertion messages). */
export function failures(events: RunEvent[]): string {
  return eventsOf(events, 'step-finished')
    .filter((e) => e.outcome === 'failed')
    .map(
      (e) =>
        `${e.stepId}: ${e.failure?.message ?? e.reason ?? ''} ${e.failure?.stderrTail.join(' | ') ?? ''}`,
    )
    .join('\n');
}

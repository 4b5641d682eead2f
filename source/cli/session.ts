// What every host-touching command shares: the profile (remembered in settings.json), the sandbox world when
// the profile is served by it, the transports connected up front (exit 3 names the host), the operator, the
// state directory for journals, and SIGINT/SIGTERM turned into an AbortSignal (exit 130 once the engine has
// released the lock).
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { LoadedProfile } from '../profile/loaded-profile.js';
import { ensureSandbox, worldCommitNames, type SandboxConnection } from '../sandbox/lifecycle/ensure.js';
import { consoleHome, sandboxPaths } from '../sandbox/lifecycle/paths.js';
import type { RunValues } from '../engine/plan/var-overrides.js';
import { stopCause, type StopCause } from '../engine/run/abort.js';
import type { CliIo, GlobalOptions } from './cli-io.js';
import { exitCodes, type ExitCode } from './exit-codes.js';
import { connectHosts, hostConnections, type HostConnections } from './host-connections.js';
import { loadForCommand, profileRef } from './profile-source.js';
import { rememberProfile } from './settings.js';
import { runValues, type ValueOptions } from './run-values.js';
import { sandboxFailure } from './sandbox-failure.js';
import { attachedToTerminal, onTerminalLost } from './terminal-loss.js';

/** A loaded profile and what serves it. */
export type Session = {
  ref: string;
  profile: LoadedProfile;
  home: string;
  operator: string;
  io: CliIo;
  /** Set once the sandbox world is up (or reused from `sandbox up`). */
  sandbox?: SandboxConnection;
  /** Values from the command line (--var, --commit): runtime vars of every run, first in lookup order; none when absent. */
  values?: RunValues;
};

/** The live part of a session. */
export type OpenHosts = {
  connections: HostConnections;
  runtimeVars: Record<string, string>;
  close: () => Promise<void>;
};

function operatorName(io: CliIo): string {
  try {
    return userInfo().username;
  } catch {
    return io.env.USER ?? 'operator';
  }
}

/**
 * Loads the command's profile (exit 2 with the issues when it does not load), checks the values of the command
 * line (--var, --commit: exit 2 before connecting) and remembers the profile. `--commit` on a sandbox whose
 * world was never created starts the sandbox first: its repository is where the ref is resolved.
 */
export async function loadSession(
  options: GlobalOptions & ValueOptions,
  io: CliIo,
): Promise<{ ok: true; session: Session } | { ok: false; code: ExitCode }> {
  const ref = profileRef(options, io);
  const home = consoleHome(io.env as NodeJS.ProcessEnv);
  const operator = operatorName(io);
  const profile = await loadForCommand(ref, io);
  if (!profile) return { ok: false, code: exitCodes.usage };
  let sandbox: SandboxConnection | undefined;
  if (options.commit !== undefined && profile.servedBySandbox && !existsSync(sandboxPaths(home).repo)) {
    sandbox = await startSandboxFor(home, io);
    if (!sandbox) return { ok: false, code: exitCodes.connect };
  }
  const names = profile.servedBySandbox && options.commit !== undefined ? worldCommitNames(home) : {};
  const values = runValues(profile, options, home, names);
  if (!values.ok) {
    io.err(`refused before connecting: ${values.message}`);
    if (sandbox?.owned) await sandbox.stop();
    return { ok: false, code: exitCodes.usage };
  }
  rememberProfile(ref, io);
  return {
    ok: true,
    session: { ref, profile, home, operator, io, values: values.values, ...(sandbox && { sandbox }) },
  };
}

async function startSandboxFor(home: string, io: CliIo): Promise<SandboxConnection | undefined> {
  try {
    return await ensureSandbox(home);
  } catch (error) {
    io.err(sandboxFailure(home, error).join('\n  '));
    return undefined;
  }
}

/** The runtime vars of a session's runs: the sandbox's, then the command line's values (they never collide: --var refuses runtime names). */
export function runtimeVarsOf(session: Session): Record<string, string> {
  return { ...session.sandbox?.runtimeVars, ...session.values?.overrides };
}

/** Starts the sandbox when the profile needs it, builds the transports and connects every host (exit 3 on failure). */
export async function openHosts(
  session: Session,
): Promise<{ ok: true; hosts: OpenHosts } | { ok: false; code: ExitCode }> {
  const { io, profile } = session;
  if (!session.sandbox && profile.servedBySandbox) {
    const sandbox = await startSandboxFor(session.home, io);
    if (!sandbox) return { ok: false, code: exitCodes.connect };
    session.sandbox = sandbox;
  }
  const sandbox = session.sandbox;
  const stopSandbox = async () => {
    if (sandbox?.owned) {
      await sandbox.stop();
      io.err(
        'note: the sandbox world ran inside this command and is stopped now; `chom-console sandbox up` keeps it running between commands (criterion 15 counts e-mails since Alertmanager started).',
      );
    }
  };
  let connections: HostConnections;
  try {
    connections = hostConnections(profile, sandbox);
  } catch (error) {
    io.err(`cannot reach the hosts of profile ${profile.name}: ${(error as Error).message}`);
    await stopSandbox();
    return { ok: false, code: exitCodes.connect };
  }
  const close = async () => {
    await connections.close();
    await stopSandbox();
  };
  const failure = await connectHosts(connections, Object.keys(profile.hosts));
  if (failure !== null) {
    io.err(failure);
    await close();
    return { ok: false, code: exitCodes.connect };
  }
  return { ok: true, hosts: { connections, runtimeVars: runtimeVarsOf(session), close } };
}

/**
 * Runs `work` with an AbortSignal that SIGINT/SIGTERM abort as the operator's stop (a second one exits at once,
 * 130) and that a lost terminal aborts as `terminal-closed`: SIGHUP (a closed window, a dropped ssh session) or
 * a failed write to the gone tty. Either way the run stops at the next safe point, journals why, and the lock
 * and a sandbox this command started are released. The first message says what is being done; whether the
 * running command really ended is said by the run once the host was checked (engine/run/exec-command.ts). SIGHUP never forces an exit: a closing terminal sends it
 * more than once (the shell forwards it, the kernel sends its own), and nobody is left to press anything. A
 * console attached to no terminal (nohup, output to files) keeps running on SIGHUP.
 */
export async function withAbort<T>(io: CliIo, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const stop = (cause: StopCause, what: string): void => {
    if (controller.signal.aborted) return;
    io.err(
      cause === 'terminal-closed'
        ? `${what}: the terminal closed; stopping the run: ending the running command on its host, then releasing the deploy lock and stopping what this command started`
        : `${what}: stopping the run: ending the running command on its host, then releasing the deploy lock; ${what} again quits at once`,
    );
    controller.abort(cause);
  };
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted && stopCause(controller.signal) === 'operator')
      process.exit(exitCodes.aborted);
    stop('operator', name);
  };
  const onHangup = () => {
    if (attachedToTerminal()) stop('terminal-closed', 'SIGHUP');
    else
      io.err(
        'SIGHUP: no terminal is attached (input and output are files or pipes), so the run goes on; SIGINT or SIGTERM stops it',
      );
  };
  const unwatch = onTerminalLost(() => stop('terminal-closed', 'the terminal is gone'));
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onHangup);
  try {
    return await work(controller.signal);
  } finally {
    unwatch();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onHangup);
  }
}

/** Stops a sandbox this session started when the command ends before opening the hosts. */
export async function discardSession(session: Session): Promise<void> {
  if (session.sandbox?.owned) await session.sandbox.stop();
}

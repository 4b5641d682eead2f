// The suite's one way to start a sandbox world: a fresh CHOM_CONSOLE_HOME temp dir, the world started in this
// process (startSandbox), optionally its status.json published so a child CLI reuses it (ensureSandbox), and
// its embedded hosts reached the way the console itself reaches them (hostConnections: the sandbox's keys, no
// agent, no ~/.ssh/config). Tests that need something more (real sshd, re-served hosts) build on this.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { hostConnections, type HostConnections } from '../../source/cli/host-connections.js';
import type { LoadedProfile } from '../../source/profile/loaded-profile.js';
import { loadProfile } from '../../source/profile/profile-loader.js';
import { sandboxPaths, type SandboxPaths } from '../../source/sandbox/lifecycle/paths.js';
import { startSandbox, type RunningSandbox } from '../../source/sandbox/lifecycle/sandbox.js';
import { statusOf, writeStatus } from '../../source/sandbox/lifecycle/status-file.js';
import type { SmtpCredentials } from '../../source/sandbox/services/smtp-relay.js';

export const profilesDir = resolve('profiles');

/** Options of {@link startWorld}. */
export type WorldOptions = {
  /** Embedded SSH hosts (default true); false leaves the hosts to real sshd or to the test's own servers. */
  sshd?: boolean;
  /** The credentials the SMTP relay accepts (default: the demo's). */
  smtp?: SmtpCredentials;
  /** Publishes `<home>/sandbox/status.json` at once (see {@link World.publishStatus}). */
  publishStatus?: boolean;
};

/** A world started by {@link startWorld}. */
export type World = {
  home: string;
  sandbox: RunningSandbox;
  paths: SandboxPaths;
  /** Publishes `<home>/sandbox/status.json` (as `sandbox up` does) so a child's ensureSandbox() reuses this world. */
  publishStatus: () => void;
  /** Stops the world and removes its home. */
  close: () => Promise<void>;
};

/** Starts a fresh sandbox in its own temp CHOM_CONSOLE_HOME (`prefix` names the dir). */
export async function startWorld(prefix: string, options: WorldOptions = {}): Promise<World> {
  const home = mkdtempSync(join(tmpdir(), prefix));
  let sandbox: RunningSandbox;
  try {
    sandbox = await startSandbox({
      home,
      sshd: options.sshd ?? true,
      ...(options.smtp && { smtpCredentials: options.smtp }),
    });
  } catch (error) {
    rmSync(home, { recursive: true, force: true });
    throw error;
  }
  const paths = sandboxPaths(home);
  const publishStatus = (): void => writeStatus(paths.status, statusOf(sandbox, home));
  if (options.publishStatus) publishStatus();
  return {
    home,
    sandbox,
    paths,
    publishStatus,
    close: async () => {
      await sandbox.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** A profile of profiles/ (default the sandbox runbook) loaded with this world's runtime vars; throws its issues. */
export function loadSandboxProfile(
  sandbox: Pick<RunningSandbox, 'runtimeVars'>,
  ref = 'sandbox',
): LoadedProfile {
  const result = loadProfile(ref, { profilesDir, runtimeVars: Object.keys(sandbox.runtimeVars) });
  if (!result.ok)
    throw new Error(
      result.issues.map((i) => `${i.file}:${i.line}:${i.column} ${i.path}: ${i.message}`).join('\n'),
    );
  return result.profile;
}

/** One transport per host of `profile`, built by the console's own wiring for this world's embedded hosts. */
export function worldTransports(profile: LoadedProfile, sandbox: RunningSandbox): HostConnections {
  return hostConnections(profile, { ...sandbox, owned: true });
}

/** The SMTP form's answers for this world's relay: its demo credentials unless `login` names others. */
export function smtpValues(
  sandbox: Pick<RunningSandbox, 'runtimeVars'>,
  login: { username?: string; password?: string } = {},
): Record<string, Record<string, string>> {
  return {
    smtp: {
      host: '127.0.0.1',
      port: sandbox.runtimeVars.sandbox_smtp_port!,
      username: login.username ?? sandbox.runtimeVars.sandbox_smtp_user!,
      password: login.password ?? sandbox.runtimeVars.sandbox_smtp_password!,
      encryption: 'none',
      from_address: 'alertmanager@sandbox.test',
      from_name: 'CHOM',
      alert_to: 'ops@sandbox.test',
    },
  };
}

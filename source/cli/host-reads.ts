// Read-only commands on the console's hosts for the home screen, the pickers and the pre-flight: a script
// runs on a host (connected first) through the engine's read (engine/run/host-read.ts: a non-zero exit is an
// error naming the host and its stderr, every output passes the redactor). Also the profile's vars as the run
// would render them, and the two hosts the home screen reads (app and observability, by role).
import type { RemoteCommand } from '../commands/remote-command.js';
import type { CommitNames } from '../engine/plan/commit-names.js';
import { execHost, readHost } from '../engine/run/host-read.js';
import type { Redactor } from '../engine/run/redaction.js';
import { RunScope } from '../engine/run/run-scope.js';
import type { LoadedProfile } from '../profile/loaded-profile.js';
import type { ConsoleWorld } from './console-world.js';
import { connectHosts } from './host-connections.js';

export type HostReads = {
  /** Runs a read-only script on a host; rejects naming the host and the last lines of stderr. */
  read: (host: string, script: string, run?: { user?: string; stdin?: string }) => Promise<string>;
  /** Runs a read-only script on a host; its output is returned as it is (kept in the engine, never shown). */
  exec: (
    host: string,
    script: string,
    stdin?: string,
  ) => Promise<{ code: number | null; stdout: string; stderr: string }>;
  /** Runs a read-only built command on its host (as `user` when given); rejects as `read` does. */
  run: (command: RemoteCommand, user?: string) => Promise<string>;
  /** A profile var as a run renders it; rejects when the profile has none of that name. */
  variable: (name: string) => Promise<string>;
  scope: () => Promise<RunScope>;
  /** The sandbox's names of its generated commits (none in production: hashes are shown alone). */
  commitNames: () => Promise<CommitNames>;
  appHost: string;
  obsHost: string;
};

/** The host with a role (app, observability), else the n-th host. */
function hostWithRole(profile: LoadedProfile, role: string, fallback: number): string {
  const entries = Object.entries(profile.hosts);
  return entries.find(([, host]) => host.roles.includes(role))?.[0] ?? entries[fallback]?.[0] ?? '';
}

export function hostReads(profile: LoadedProfile, world: ConsoleWorld, redactor: Redactor): HostReads {
  const scope = async () => new RunScope(profile, (await world.live()).runtimeVars);
  const connected = async (host: string) => {
    const { connections } = await world.live();
    const transport = connections.transports.get(host);
    if (!transport) throw new Error(`no host "${host}" in profile ${profile.name}`);
    const failure = await connectHosts(connections, [host]);
    if (failure !== null) throw new Error(failure);
    return transport;
  };
  const exec: HostReads['exec'] = async (host, script, stdin) =>
    execHost(await connected(host), { host, script, ...(stdin !== undefined && { stdin }) });
  const read: HostReads['read'] = async (host, script, run = {}) =>
    readHost(
      await connected(host),
      {
        host,
        script,
        ...(run.user !== undefined && { user: run.user }),
        ...(run.stdin !== undefined && { stdin: run.stdin }),
      },
      redactor,
    );
  return {
    read,
    exec,
    run: (command, user) =>
      read(command.host, command.script, {
        ...(user !== undefined && { user }),
        ...(command.stdin !== undefined && { stdin: command.stdin }),
      }),
    variable: async (name) => {
      const value = (await scope()).variable(name);
      if (value === undefined) throw new Error(`profile ${profile.name} has no var "${name}"`);
      return value;
    },
    scope,
    commitNames: async () => (await world.live()).sandbox?.commitNames ?? {},
    appHost: hostWithRole(profile, 'app', 0),
    obsHost: hostWithRole(profile, 'observability', 1),
  };
}

// Where the sandbox keeps its state (docs/architecture.md, "The sandbox world"): one directory per console home.
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The two simulated hosts. */
export const hostNames = ['landsraad', 'mentat'] as const;
export type HostName = (typeof hostNames)[number];

/** `$CHOM_CONSOLE_HOME`, else `$XDG_STATE_HOME/chom-console`, else `~/.local/state/chom-console`. */
export function consoleHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CHOM_CONSOLE_HOME) return env.CHOM_CONSOLE_HOME;
  if (env.XDG_STATE_HOME) return join(env.XDG_STATE_HOME, 'chom-console');
  return join(homedir(), '.local', 'state', 'chom-console');
}

/** Every path of one sandbox; a production path `P` of a host lives at `root(host) + P`. */
export type SandboxPaths = {
  dir: string;
  world: string;
  lib: string;
  repo: string;
  bareRepo: string;
  mail: string;
  ports: string;
  status: string;
  /** The pid of the process whose sandbox of this home is starting or running (sandbox.ts). */
  owner: string;
  /** The port of the running sandbox's stand-in server (standin-server.ts); outside the hosts' trees. */
  standinPort: string;
  keys: string;
  facts: string;
  root: (host: HostName) => string;
};

export function sandboxPaths(home: string): SandboxPaths {
  const dir = join(home, 'sandbox');
  const world = join(dir, 'world');
  return {
    dir,
    world,
    lib: join(world, 'lib'),
    repo: join(world, 'repo'),
    bareRepo: join(world, 'repo.git'),
    mail: join(world, 'mail'),
    ports: join(dir, 'ports.json'),
    status: join(dir, 'status.json'),
    owner: join(dir, 'owner.pid'),
    standinPort: join(dir, 'standin.port'),
    keys: join(dir, 'keys'),
    facts: join(world, 'facts.json'),
    root: (host) => join(world, host),
  };
}

/** The production paths the seed names (the runbook's vars). */
export const appBase = '/var/www/chom';
export const obsEtc = '/etc/observability';
export const obsData = '/var/lib/observability';
export const obsBin = '/opt/observability/bin';
export const deployHub = '/opt/chom-deploy';
export const dbFile = '/var/lib/postgresql/chom.json';

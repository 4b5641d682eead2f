// Starting and stopping the world: the stand-in server (the hosts' psql/systemctl/pgrep queries), the app
// stub, exporter/Grafana/Loki stand-ins and the SMTP relay in this process; Prometheus and Alertmanager as real processes through mentat's own systemctl; one SSH server per
// host (unless `sshd: false`).
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:net';
import { startEmbeddedServer, type EmbeddedServer } from '../../transport/embedded-server.js';
import { startAppStub } from '../services/app-stub.js';
import { startExporters } from '../services/exporters.js';
import { hostShell, type HostShell } from '../world/host-shell.js';
import { closeServer } from './listen.js';
import { runOnHost } from '../world/host-run.js';
import { clientKey, hostKey, type KeyFiles } from '../world/keys.js';
import { hostNames, sandboxPaths, type HostName } from './paths.js';
import { claimOwner } from './owner.js';
import { loadPorts, type Ports } from './ports.js';
import { startStandinServer, type StandinServer } from '../services/standin-server.js';
import { runtimeVars } from './runtime-vars.js';
import {
  awaitMail,
  demoSmtpPassword,
  demoSmtpUser,
  listMail,
  startSmtpRelay,
  type MailRecord,
  type SmtpCredentials,
} from '../services/smtp-relay.js';
import { observabilityIsReal } from '../world/units-seed.js';
import { createWorld, readFacts, type WorldFacts } from '../world/world.js';

/** How the console reaches one sandbox host. */
export type SandboxHost = { port: number; fingerprint: string; hostPublicKey: string; shell: HostShell };

/** A service of the world and whether it is the real program or a stand-in. */
export type SandboxService = { name: string; kind: 'real' | 'stand-in'; port: number };

export type SandboxMail = {
  dir: string;
  list: () => MailRecord[];
  await: (match: (m: MailRecord) => boolean, timeoutMs?: number) => Promise<MailRecord>;
  setCredentials: (credentials: SmtpCredentials) => void;
};

/** A running sandbox. `hosts` is empty when started with `sshd: false`. */
export type RunningSandbox = {
  home: string;
  hosts: Partial<Record<HostName, SandboxHost>>;
  clientKey: KeyFiles;
  runtimeVars: Record<string, string>;
  facts: WorldFacts;
  ports: Ports;
  services: SandboxService[];
  mail: SandboxMail;
  startMs: number;
  stop: () => Promise<void>;
};

/** The world already runs (its owner is alive): re-seeding would not help, stopping or reusing it does. */
export class WorldInUseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorldInUseError';
  }
}

export type StartOptions = { home: string; sshd?: boolean; smtpCredentials?: SmtpCredentials };

function services(ports: Ports): SandboxService[] {
  const observability = observabilityIsReal() ? 'real' : 'stand-in';
  return [
    { name: 'app (CHOM API stub)', kind: 'stand-in', port: ports.app },
    { name: 'prometheus', kind: observability, port: ports.prometheus },
    { name: 'alertmanager', kind: observability, port: ports.alertmanager },
    { name: 'grafana', kind: 'stand-in', port: ports.grafana },
    { name: 'loki', kind: 'stand-in', port: ports.loki },
    { name: 'smtp relay', kind: 'stand-in', port: ports.smtp },
    {
      name: 'exporters (node, nginx, postgres, redis, php-fpm, blackbox)',
      kind: 'stand-in',
      port: ports.node_landsraad,
    },
  ];
}

export async function startSandbox(options: StartOptions): Promise<RunningSandbox> {
  const begin = performance.now();
  const { home } = options;
  const paths = sandboxPaths(home);
  if (!existsSync(paths.facts)) await createWorld(home);
  // each host's TMPDIR (host-shell.ts): mktemp fails where it is missing (a world of before it, a hand-cleaned one)
  for (const host of hostNames) mkdirSync(join(paths.root(host), 'tmp'), { recursive: true });
  const facts = readFacts(home);
  const ports = await loadPorts(paths.ports);
  // before anything listens: `sandbox reset` must not move the ports of a sandbox that is starting
  const claim = claimOwner(paths.owner);
  if ('owner' in claim)
    throw new WorldInUseError(
      `sandbox: this world already runs in process ${claim.owner}${claim.owner === process.pid ? ' (this one)' : ''}; stop it first (\`chom-console sandbox down\` for a \`sandbox up\`), or use it: commands reuse a \`sandbox up\``,
    );
  const releaseOwner = claim.release;
  const landsraad = paths.root('landsraad');
  const mentat = paths.root('mentat');
  const servers: Server[] = [];
  const ssh: EmbeddedServer[] = [];
  const client = clientKey(paths.keys);
  let relay: Awaited<ReturnType<typeof startSmtpRelay>> | undefined;
  let standins: StandinServer | undefined;
  const closeListeners = async (): Promise<void> => {
    await Promise.all([
      ...servers.map(closeServer),
      ...ssh.map((s) => s.stop()),
      relay?.close(),
      standins?.close(),
    ]);
    releaseOwner();
  };
  const stopAll = async (): Promise<void> => {
    await closeListeners();
    await runOnHost(home, 'mentat', 'systemctl stop prometheus alertmanager');
  };
  const hosts: Partial<Record<HostName, SandboxHost>> = {};
  let observability: ReturnType<typeof runOnHost> | undefined;
  let inactive: string[] = [];
  try {
    // first: the hosts' systemctl below asks it (no node start-up per query)
    standins = await startStandinServer({ landsraad, mentat }, paths.standinPort);
    // what ran already (a sandbox of this home killed before it could stop them): a failed start leaves it be
    const wasActive = await runOnHost(home, 'mentat', 'systemctl is-active prometheus alertmanager');
    inactive = ['prometheus', 'alertmanager'].filter(
      (_unit, i) => wasActive.stdout.split('\n')[i]?.trim() !== 'active',
    );
    observability = runOnHost(home, 'mentat', 'systemctl start prometheus alertmanager');
    const [app, exporters, smtp] = await Promise.allSettled([
      startAppStub(landsraad, ports.app),
      startExporters(ports, landsraad, mentat),
      startSmtpRelay(
        paths.mail,
        ports.smtp,
        options.smtpCredentials ?? { user: demoSmtpUser, password: demoSmtpPassword },
      ),
    ]);
    // whatever did start is stopped again below if another part failed
    if (app.status === 'fulfilled') servers.push(app.value.server);
    if (exporters.status === 'fulfilled') servers.push(...exporters.value);
    if (smtp.status === 'fulfilled') relay = smtp.value;
    for (const part of [app, exporters, smtp]) if (part.status === 'rejected') throw part.reason;
    if (options.sshd !== false) {
      for (const host of hostNames) {
        const key = hostKey(paths.keys, host);
        const server = await startEmbeddedServer({
          hostKey: readFileSync(key.privateKeyPath),
          authorizedKeys: [client.publicKey],
          shell: hostShell(home, host),
        });
        ssh.push(server);
        hosts[host] = {
          port: server.port,
          fingerprint: server.fingerprint,
          hostPublicKey: server.hostPublicKey,
          shell: hostShell(home, host),
        };
      }
    }
    const started = await observability;
    if (started.code !== 0) {
      throw new Error(
        `sandbox: prometheus/alertmanager did not start on mentat (exit ${started.code}): ${started.stderr.trim()}; see ${mentat}/var/log/journal/`,
      );
    }
  } catch (error) {
    // the start runs alongside the listeners: let it finish first, or the stop would come before it and
    // leave Prometheus and Alertmanager running after this failed start; stop only what this start started
    await observability?.catch(() => undefined);
    await closeListeners();
    if (inactive.length > 0) await runOnHost(home, 'mentat', `systemctl stop ${inactive.join(' ')}`);
    throw error;
  }
  return {
    home,
    hosts,
    clientKey: client,
    runtimeVars: runtimeVars(home, ports, facts),
    facts,
    ports,
    services: services(ports),
    mail: {
      dir: paths.mail,
      list: () => listMail(paths.mail),
      await: (match, timeoutMs) => awaitMail(paths.mail, match, timeoutMs),
      setCredentials: (credentials) => relay?.setCredentials(credentials),
    },
    startMs: Math.round(performance.now() - begin),
    stop: stopAll,
  };
}

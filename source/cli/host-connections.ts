// From a profile's hosts to live transports (ssh2): embedded hosts through the sandbox's ports, host keys
// and client key; real hosts through the profile (address, port, user, identity, pinned fingerprint: these
// win, as `ssh -o` would), then ~/.ssh/config and /etc/ssh/ssh_config, and their known_hosts files. Headless
// never accepts an unknown host key: it refuses with the fingerprint and what to do about it (exit 3). The
// terminal UI supplies its own gate (the operator's dialog); a changed key is refused by the verifier before
// any gate is asked.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { LoadedProfile } from '../profile/loaded-profile.js';
import type { SandboxConnection } from '../sandbox/lifecycle/ensure.js';
import type { HostName } from '../sandbox/lifecycle/paths.js';
import { resolveEndpoint, type SshTransportOptions } from '../transport/ssh-target.js';
import { SshTransport } from '../transport/ssh-transport.js';
import type { HostKeyGate, TransportError } from '../transport/transport.js';

/** An unknown host key the headless gate refused, kept for the explanation. */
export type RefusedKey = Parameters<HostKeyGate>[0];

/** The transports of a profile's hosts and where each one points. */
export type HostConnections = {
  transports: Map<string, SshTransport>;
  /** `address:port` per host, for messages. */
  endpoints: Map<string, string>;
  refusedKeys: Map<string, RefusedKey>;
  close: () => Promise<void>;
};

const expandHome = (path: string): string => (path.startsWith('~/') ? join(homedir(), path.slice(2)) : path);

/** Options of {@link hostConnections}. */
export type HostConnectionsOptions = {
  /** Asked about unknown host keys; default: the headless gate, which refuses every one. */
  hostKeyGate?: HostKeyGate;
  /** Where ~/.ssh is (default: the home directory) and the system config (default /etc/ssh/ssh_config). */
  sshFiles?: { home?: string; systemSshConfigPath?: string };
};

/** Builds one transport per profile host; `sandbox` is required when a host is embedded. */
export function hostConnections(
  profile: LoadedProfile,
  sandbox: SandboxConnection | undefined,
  options: HostConnectionsOptions = {},
): HostConnections {
  const transports = new Map<string, SshTransport>();
  const endpoints = new Map<string, string>();
  const refusedKeys = new Map<string, RefusedKey>();
  const headlessGate: HostKeyGate = async (question) => {
    refusedKeys.set(question.host, question);
    return false;
  };
  const gate = options.hostKeyGate ?? headlessGate;
  const sshFiles = options.sshFiles ?? {};
  for (const [name, host] of Object.entries(profile.hosts)) {
    let options: SshTransportOptions;
    if ('embedded' in host) {
      const served = sandbox?.hosts[name as HostName];
      if (!sandbox || !served)
        throw new Error(
          `host ${name} is embedded, but the sandbox world serves only ${Object.keys(sandbox?.hosts ?? {}).join(', ') || 'no hosts'}`,
        );
      options = {
        host: name,
        address: '127.0.0.1',
        port: served.port,
        user: host.user,
        privateKeys: [{ label: 'sandbox client key', key: readFileSync(sandbox.clientKey.privateKeyPath) }],
        embedded: { fingerprint: served.fingerprint },
        // The operator's agent and ~/.ssh/config (a `Host landsraad` alias!) must not change the sandbox.
        agentSocket: '',
        sshConfigPath: join(sandbox.runtimeVars.world ?? '/nonexistent', 'no-ssh-config'),
      };
    } else {
      options = {
        host: name,
        address: host.address,
        // unset, the port comes from ~/.ssh/config, then 22 (as for `ssh landsraad`)
        ...(host.port !== undefined && { port: host.port }),
        ...(host.user !== undefined && { user: host.user }),
        ...(host.identity !== undefined && { identityFiles: [expandHome(host.identity)] }),
        ...(host.fingerprint !== undefined && { pinnedFingerprint: host.fingerprint }),
        ...(host.proxy_jump !== undefined && { proxyJump: host.proxy_jump }),
        ...(sshFiles.home !== undefined && { home: sshFiles.home }),
        ...(sshFiles.systemSshConfigPath !== undefined && {
          systemSshConfigPath: sshFiles.systemSshConfigPath,
        }),
        hostKeyGate: gate,
      };
    }
    // for messages only: the address and port, without resolving identities or a ProxyJump chain
    const { address, port } = resolveEndpoint(options);
    endpoints.set(name, `${address}:${port}`);
    transports.set(name, new SshTransport(options));
  }
  return {
    transports,
    endpoints,
    refusedKeys,
    close: async () => {
      await Promise.all([...transports.values()].map((t) => t.close().catch(() => undefined)));
    },
  };
}

/** Connects the given hosts at once; on failure returns the explanation for exit 3 (every failed host). */
export async function connectHosts(connections: HostConnections, hosts: string[]): Promise<string | null> {
  const results = await Promise.all(
    hosts.map(async (host) => {
      const transport = connections.transports.get(host);
      if (!transport) return `${host}: not a host of this profile`;
      try {
        await transport.connect();
        return null;
      } catch (error) {
        return connectFailure(host, connections, error as TransportError);
      }
    }),
  );
  const failures = results.filter((r): r is string => r !== null);
  return failures.length > 0 ? failures.join('\n') : null;
}

function connectFailure(host: string, connections: HostConnections, error: TransportError): string {
  const where = `${host} (${connections.endpoints.get(host) ?? '?'})`;
  // a jump host's key is asked under "jump host X" (ProxyJump): it can only be trusted in known_hosts
  const jump = [...connections.refusedKeys.values()].find(
    (key) => key.host.startsWith('jump host ') && error.message.includes(key.host),
  );
  const refused = connections.refusedKeys.get(host) ?? jump;
  if (error.kind === 'host-key-unknown' && refused) {
    const [address, port] = [refused.address, refused.port];
    const name = refused.knownHostsName ?? (port === 22 ? address : `[${address}]:${port}`);
    // ~/.ssh/config may name another file (UserKnownHostsFile) and another name (HostKeyAlias)
    const known = refused.knownHostsFile ?? join(homedir(), '.ssh', 'known_hosts');
    const file = known.startsWith(`${homedir()}/`) ? `~${known.slice(homedir().length)}` : known;
    // a jump host is not in the profile: known_hosts is its only way to be trusted
    const viaJump = refused === jump;
    return [
      viaJump
        ? `cannot connect to ${where} through ${refused.host} (${name}): the jump host's key is not known and a headless run never accepts one.`
        : `cannot connect to ${where}: its host key is not known and a headless run never accepts one.`,
      `  presented: ${refused.keyType} ${refused.fingerprint}`,
      `  To trust it, first compare that fingerprint with the server's own, out of band (on the server:`,
      `  ssh-keygen -lf /etc/ssh/ssh_host_${refused.keyType.replace(/^ssh-/, '').replace(/-.*/, '')}_key.pub), then either`,
      `  - add it to ${file}: ssh-keyscan -p ${port} ${address} >> ${file} (check the line names ${name})${viaJump ? '' : ', or'}`,
      ...(viaJump ? [] : [`  - pin it in the profile: hosts.${host}.fingerprint: ${refused.fingerprint}`]),
    ].join('\n');
  }
  const hint = error.hint ? `\n  ${error.hint}` : '';
  return `cannot connect to ${where}: ${error.message} [${error.kind ?? 'error'}]${hint}`;
}

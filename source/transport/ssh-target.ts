// From a host's options and the ssh config files to where and how to connect, as OpenSSH settles it: the
// options given win (like `ssh -o`), then ~/.ssh/config and /etc/ssh/ssh_config, then OpenSSH's defaults;
// a ProxyJump chain resolved hop by hop.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ParsedKey } from 'ssh2';
import type { ConnectTarget } from './ssh-connect.js';
import {
  agentSocketOf,
  localSide,
  readSshConfigEntries,
  resolveSshOptions,
  systemSshConfigPath,
  type SshOptions,
} from './ssh-options.js';
import type { HostKeyGate, PassphraseGate } from './transport.js';
import { TransportError } from './transport.js';

/** How to reach and trust one host; unset fields come from the ssh config files, then OpenSSH's defaults. */
export type SshTransportOptions = {
  /** Profile host name (landsraad, mentat); also the ssh config alias when `address` is absent. */
  host: string;
  /** What ssh is given as the destination: an address, or an alias of ~/.ssh/config. */
  address?: string;
  /** These (like `ssh -o`) win over the config; what they leave unset comes from it. */
  port?: number;
  user?: string;
  /** Tried first (like `ssh -i`), then the config's IdentityFile lines. */
  identityFiles?: string[];
  /** In-memory private keys, tried after the agent and before identity files. */
  privateKeys?: Array<{ label: string; key: Buffer | string }>;
  /** ssh-agent socket; default: the config's IdentityAgent, else $SSH_AUTH_SOCK; '' disables the agent. */
  agentSocket?: string;
  /** The user known_hosts file (like `-o UserKnownHostsFile`); default: the config's, else ~/.ssh/known_hosts. */
  knownHostsPath?: string;
  pinnedFingerprint?: string;
  /** Like `ssh -F FILE`: only this config file is read (not the system one). */
  sshConfigPath?: string;
  /** The system config read after ~/.ssh/config when `sshConfigPath` is not given; default /etc/ssh/ssh_config. */
  systemSshConfigPath?: string;
  /** The home directory for ~/.ssh/config, `~`, %d and the default identities; default os.homedir(). */
  home?: string;
  hostKeyGate?: HostKeyGate;
  passphraseGate?: PassphraseGate;
  /** Default: the config's ConnectTimeout, else 10 s (never none). */
  connectTimeoutMs?: number;
  /** Default: the config's ServerAliveInterval, else 15 s (never none). */
  keepaliveIntervalMs?: number;
  /** Trust for the in-process host: its own key's fingerprint, checked without known_hosts. */
  embedded?: { fingerprint: string };
  /** `[user@]host[:port]`, comma-separated for a chain, like OpenSSH's ProxyJump; default the config's. */
  proxyJump?: string;
  /** Channels open at once per connection (OpenSSH's MaxSessions is 10; 8 leaves room). */
  maxChannels?: number;
  /** Instrumentation: called whenever the number of open channels changes. */
  onChannels?: (open: number) => void;
};

/** OpenSSH's default identities, in its order, of the key types ssh2 can use. */
export const DEFAULT_IDENTITIES = ['id_rsa', 'id_ecdsa', 'id_ed25519'];
/** The console's own timeouts where the config sets none (ssh would wait on TCP, and send no keepalive). */
const defaultConnectTimeoutMs = 10_000;
const defaultKeepaliveIntervalMs = 15_000;

/** The host's options as ssh settles them: the options given win, then the config files, then defaults. */
function sshOptionsOf(options: SshTransportOptions): SshOptions {
  const home = options.home ?? homedir();
  const alias = options.address ?? options.host;
  const files =
    options.sshConfigPath !== undefined
      ? { user: options.sshConfigPath }
      : {
          user: join(home, '.ssh', 'config'),
          system: options.systemSshConfigPath ?? systemSshConfigPath,
        };
  try {
    return resolveSshOptions(
      readSshConfigEntries(files, home),
      alias,
      {
        ...(options.user !== undefined && { user: options.user }),
        ...(options.port !== undefined && { port: options.port }),
        ...(options.identityFiles !== undefined && { identityFiles: options.identityFiles }),
        ...(options.proxyJump !== undefined && { proxyJump: options.proxyJump }),
        ...(options.knownHostsPath !== undefined && { userKnownHostsFile: options.knownHostsPath }),
      },
      localSide(home),
    );
  } catch (error) {
    throw new TransportError(
      'unreachable',
      `${options.host}: ${(error as Error).message}`,
      `ssh reads the same config and would refuse it too; \`ssh -G ${alias}\` shows how it reads it once fixed.`,
    );
  }
}

/** The address and port the options lead to (explicit options win over the ssh config); no ProxyJump. */
export function resolveEndpoint(options: SshTransportOptions): { address: string; port: number } {
  const config = sshOptionsOf(options);
  return { address: config.hostName, port: config.port };
}

/** Resolves options + the ssh config files into a connect target, like `ssh` does (explicit options win). */
export function resolveTarget(
  options: SshTransportOptions,
  keyCache: Map<string, ParsedKey | Error>,
): ConnectTarget {
  const config = sshOptionsOf(options);
  const home = options.home ?? homedir();
  const identityFiles =
    config.identityFiles.length > 0
      ? config.identityFiles
      : options.privateKeys
        ? []
        : DEFAULT_IDENTITIES.map((name) => join(home, '.ssh', name));
  const agentSocket = options.agentSocket ?? agentSocketOf(config.identityAgent, process.env);
  const jump =
    config.proxyJump === undefined ? undefined : resolveJumpChain(config.proxyJump, options, keyCache);
  return {
    ...(jump !== undefined && { jump }),
    host: options.host,
    address: config.hostName,
    port: config.port,
    user: config.user,
    identityFiles,
    agentSocket,
    ...(config.identitiesOnly && { identitiesOnly: true }),
    ...(options.privateKeys && { privateKeys: options.privateKeys }),
    userKnownHostsFiles: config.userKnownHostsFiles,
    globalKnownHostsFiles: config.globalKnownHostsFiles,
    ...(config.hostKeyAlias !== undefined && { hostKeyAlias: config.hostKeyAlias }),
    ...(config.strictHostKeyChecking === 'yes' && { refuseUnknown: true }),
    ...(options.pinnedFingerprint !== undefined && { pinnedFingerprint: options.pinnedFingerprint }),
    ...(options.embedded && { embeddedFingerprint: options.embedded.fingerprint }),
    ...(options.hostKeyGate && { hostKeyGate: options.hostKeyGate }),
    ...(options.passphraseGate && { passphraseGate: options.passphraseGate }),
    keyCache,
    // 0 is ssh's "none": the console never waits without a limit
    connectTimeoutMs:
      options.connectTimeoutMs ??
      (config.connectTimeoutSeconds ? config.connectTimeoutSeconds * 1000 : defaultConnectTimeoutMs),
    keepaliveIntervalMs:
      options.keepaliveIntervalMs ??
      (config.serverAliveIntervalSeconds > 0
        ? config.serverAliveIntervalSeconds * 1000
        : defaultKeepaliveIntervalMs),
    keepaliveCountMax: config.serverAliveCountMax,
  };
}

/** One ProxyJump hop: `[user@]host[:port]` (`[v6]:port` too). */
export function parseJumpHop(spec: string): { user?: string; host: string; port?: number } {
  const at = spec.lastIndexOf('@');
  const user = at > 0 ? spec.slice(0, at) : undefined;
  const rest = at >= 0 ? spec.slice(at + 1) : spec;
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest);
  const plain = /^([^:]+)(?::(\d+))?$/.exec(rest);
  const match = bracket ?? plain;
  if (!match?.[1]) throw new Error(`ProxyJump: "${spec}" is not [user@]host[:port]`);
  return {
    ...(user !== undefined && { user }),
    host: match[1],
    ...(match[2] !== undefined && { port: Number(match[2]) }),
  };
}

const maxJumpDepth = 8;

/**
 * The jump hosts as nested targets, the last hop outermost (`a,b`: a is reached directly, b through a, the
 * target through b). Each hop gets its own ssh config (HostName, Port, User, IdentityFile, known hosts…); the
 * first hop also its own ProxyJump, as `ssh -J` does (the later hops are reached through the earlier ones
 * instead). Every hop is verified against its known_hosts files and the same host-key gate as any host.
 */
function resolveJumpChain(
  spec: string,
  options: SshTransportOptions,
  keyCache: Map<string, ParsedKey | Error>,
  depth = 0,
): ConnectTarget {
  let previous: ConnectTarget | undefined;
  for (const [index, hop] of spec
    .split(',')
    .map((part) => part.trim())
    .entries()) {
    let parsed: ReturnType<typeof parseJumpHop>;
    try {
      parsed = parseJumpHop(hop);
    } catch (error) {
      throw new TransportError(
        'unreachable',
        `${options.host}: ${(error as Error).message}`,
        'Fix ProxyJump in ~/.ssh/config or proxy_jump in the profile: [user@]host[:port], comma-separated for a chain.',
      );
    }
    const hopOptions: SshTransportOptions = {
      host: parsed.host,
      ...(parsed.port !== undefined && { port: parsed.port }),
      ...(parsed.user !== undefined && { user: parsed.user }),
      ...(options.privateKeys && { privateKeys: options.privateKeys }),
      ...(options.agentSocket !== undefined && { agentSocket: options.agentSocket }),
      ...(options.knownHostsPath !== undefined && { knownHostsPath: options.knownHostsPath }),
      ...(options.sshConfigPath !== undefined && { sshConfigPath: options.sshConfigPath }),
      ...(options.systemSshConfigPath !== undefined && { systemSshConfigPath: options.systemSshConfigPath }),
      ...(options.home !== undefined && { home: options.home }),
      ...(options.hostKeyGate && { hostKeyGate: options.hostKeyGate }),
      ...(options.passphraseGate && { passphraseGate: options.passphraseGate }),
      ...(options.connectTimeoutMs !== undefined && { connectTimeoutMs: options.connectTimeoutMs }),
    };
    const hopConfig = sshOptionsOf(hopOptions);
    if (index === 0 && hopConfig.proxyJump !== undefined) {
      if (depth >= maxJumpDepth)
        throw new TransportError(
          'unreachable',
          `${options.host}: ProxyJump leads through more than ${maxJumpDepth} jump hosts (a loop through ${parsed.host}?)`,
          'Fix the ProxyJump lines of ~/.ssh/config so the jump hosts do not reach each other in a circle.',
        );
      previous = resolveJumpChain(hopConfig.proxyJump, options, keyCache, depth + 1);
    }
    // the hop's own IdentityFile wins; without one, the target's identity (the profile's) is tried
    const target = resolveTarget(
      {
        ...hopOptions,
        ...(options.identityFiles &&
          hopConfig.identityFiles.length === 0 && { identityFiles: options.identityFiles }),
        proxyJump: 'none',
      },
      keyCache,
    );
    // the hop's own config user wins over the local default, never the target's user
    previous = { ...target, host: `jump host ${parsed.host}`, ...(previous && { jump: previous }) };
  }
  if (previous === undefined) throw new Error(`ProxyJump: "${spec}" names no host`);
  return previous;
}

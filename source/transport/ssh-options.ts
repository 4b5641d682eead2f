// The options of one connection as OpenSSH settles them: a value given outside the config (ssh's command line;
// here the profile's) wins, else the first value the config files yield (the user's file, then the system's),
// else OpenSSH's default. What `ssh -G` prints for the same host, for the options the console uses.
import { homedir, hostname, userInfo } from 'node:os';
import { readConfigFile } from './ssh-config-include.js';
import { collectSshConfig, parseSshConfig, type SshConfigEntry } from './ssh-config.js';
import { expandHostName, expandPathOption, parseSshTime, type SshTokens } from './ssh-config-tokens.js';

/** Values given as `ssh -o` would give them: each wins over every config file. */
export type SshCommandLine = {
  user?: string;
  port?: number;
  /** As `ssh -i`: tried first, then the config's IdentityFile lines. */
  identityFiles?: string[];
  proxyJump?: string;
  userKnownHostsFile?: string;
};

/** The local side: whose home and name the tokens use, and the environment `${VAR}` reads. */
export type SshLocal = {
  home: string;
  localUser: string;
  uid: number;
  localHost: string;
  env: NodeJS.ProcessEnv;
};

/** How StrictHostKeyChecking reads (`true`/`false`/`off` are its other spellings). */
export type StrictHostKeyChecking = 'yes' | 'no' | 'ask' | 'accept-new';

/** One host's options, each as `ssh -G` settles it (paths expanded where ssh expands them). */
export type SshOptions = {
  /** HostName with %h expanded, lower-cased; the host as given when the config sets none. */
  hostName: string;
  port: number;
  user: string;
  /** The IdentityFile lines (the profile's first), expanded; empty when none is set anywhere. */
  identityFiles: string[];
  identitiesOnly: boolean;
  /** As written when it names the environment (`SSH_AUTH_SOCK`, `$VAR`) or is `none`; else expanded. */
  identityAgent?: string;
  proxyJump?: string;
  /** Expanded; empty for `none`. */
  userKnownHostsFiles: string[];
  /** As written (ssh expands nothing in them); empty for `none`. */
  globalKnownHostsFiles: string[];
  hostKeyAlias?: string;
  strictHostKeyChecking: StrictHostKeyChecking;
  /** Seconds; undefined when the config sets none (`none`). */
  connectTimeoutSeconds?: number;
  /** Seconds; 0 when off (OpenSSH's default). */
  serverAliveIntervalSeconds: number;
  serverAliveCountMax: number;
};

/** The files ssh reads: the user's (or `ssh -F`'s) first, then the system's (none with -F). */
export type SshConfigFiles = { user: string; system?: string };

export const systemSshConfigPath = '/etc/ssh/ssh_config';

/** This machine's user, home, uid and name, as ssh takes them (the passwd entry, not $USER). */
export function localSide(home = homedir()): SshLocal {
  let localUser = process.env.USER ?? '';
  let uid = process.getuid?.() ?? 0;
  try {
    const info = userInfo();
    localUser = info.username;
    uid = info.uid;
  } catch {
    // no passwd entry (a container's arbitrary uid): the environment's name will do
  }
  return { home, localUser, uid, localHost: hostname(), env: process.env };
}

const strictness = (value: string | undefined): StrictHostKeyChecking => {
  switch (value?.toLowerCase()) {
    case 'yes':
    case 'true':
      return 'yes';
    case 'no':
    case 'false':
    case 'off':
      return 'no';
    case 'accept-new':
      return 'accept-new';
    default:
      return 'ask';
  }
};

/** Settles one host's options from parsed config entries (both files' entries, in reading order). */
export function resolveSshOptions(
  entries: SshConfigEntry[],
  alias: string,
  commandLine: SshCommandLine = {},
  local: SshLocal = localSide(),
): SshOptions {
  const preset = new Map<string, string[]>();
  if (commandLine.user !== undefined) preset.set('user', [commandLine.user]);
  if (commandLine.port !== undefined) preset.set('port', [String(commandLine.port)]);
  if (commandLine.proxyJump !== undefined) preset.set('proxyjump', [commandLine.proxyJump]);
  if (commandLine.userKnownHostsFile !== undefined)
    preset.set('userknownhostsfile', [commandLine.userKnownHostsFile]);
  const { found, identityFiles } = collectSshConfig(entries, alias, local.localUser, {
    found: preset,
    identityFiles: commandLine.identityFiles ?? [],
  });
  const first = (keyword: string): string | undefined => found.get(keyword)?.[0];
  const hostName = expandHostName(first('hostname') ?? alias, alias).toLowerCase();
  const port = Number(first('port') ?? 22);
  const user = first('user') ?? local.localUser;
  const hostKeyAlias = first('hostkeyalias')?.toLowerCase();
  const tokens: SshTokens = {
    home: local.home,
    host: hostName,
    original: alias,
    port,
    user,
    localUser: local.localUser,
    uid: local.uid,
    localHost: local.localHost,
    ...(hostKeyAlias !== undefined && { hostKeyAlias }),
  };
  const path = (value: string): string => expandPathOption(value, tokens, local.env);
  const agent = first('identityagent');
  const proxyJump = first('proxyjump');
  const userFiles = found.get('userknownhostsfile') ?? ['~/.ssh/known_hosts', '~/.ssh/known_hosts2'];
  const globalFiles = found.get('globalknownhostsfile') ?? [
    '/etc/ssh/ssh_known_hosts',
    '/etc/ssh/ssh_known_hosts2',
  ];
  const timeout = first('connecttimeout');
  return {
    hostName,
    port,
    user,
    // two lines naming one file (`~/.ssh/k` and `%d/.ssh/k`) are one identity: a second try would only
    // spend one of the server's MaxAuthTries
    identityFiles: [...new Set(identityFiles.map(path))],
    identitiesOnly: /^(yes|true)$/i.test(first('identitiesonly') ?? 'no'),
    ...(agent !== undefined && {
      identityAgent:
        agent === 'none' || agent === 'SSH_AUTH_SOCK' || /^\$\w/.test(agent) ? agent : path(agent),
    }),
    ...(proxyJump !== undefined && proxyJump.toLowerCase() !== 'none' && { proxyJump }),
    userKnownHostsFiles: userFiles[0] === 'none' ? [] : userFiles.map(path),
    globalKnownHostsFiles: globalFiles[0] === 'none' ? [] : globalFiles,
    ...(hostKeyAlias !== undefined && { hostKeyAlias }),
    strictHostKeyChecking: strictness(first('stricthostkeychecking')),
    ...(timeout !== undefined && timeout !== 'none' && { connectTimeoutSeconds: parseSshTime(timeout) }),
    serverAliveIntervalSeconds: parseSshTime(first('serveraliveinterval') ?? '0') ?? 0,
    serverAliveCountMax: Number(first('serveralivecountmax') ?? 3),
  };
}

/** The entries of the files ssh reads, in its order; a missing file has none. */
export function readSshConfigEntries(files: SshConfigFiles, home: string): SshConfigEntry[] {
  const user = readConfigFile(files.user);
  const system = files.system === undefined ? undefined : readConfigFile(files.system);
  return [
    ...(user === undefined ? [] : parseSshConfig(user, { file: files.user, home })),
    ...(system === undefined || files.system === undefined
      ? []
      : parseSshConfig(system, { file: files.system, home, system: true })),
  ];
}

/** The socket an IdentityAgent value names ('' for none); without one, $SSH_AUTH_SOCK as ssh uses it. */
export function agentSocketOf(identityAgent: string | undefined, env: NodeJS.ProcessEnv): string {
  if (identityAgent === undefined || identityAgent === 'SSH_AUTH_SOCK') return env.SSH_AUTH_SOCK ?? '';
  if (identityAgent === 'none') return '';
  if (/^\$\w/.test(identityAgent)) return env[identityAgent.slice(1)] ?? '';
  return identityAgent;
}

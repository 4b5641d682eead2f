// The expansions ssh_config(5) documents for paths and names: `~/`, the `%` tokens of its TOKENS section,
// `${VAR}` from the environment (ENVIRONMENT VARIABLES section), and its time format (`1m30s`).
import { createHash } from 'node:crypto';

/** The values the `%` tokens stand for, for one resolved host (see ssh_config(5) TOKENS). */
export type SshTokens = {
  /** %d: the local user's home directory. */
  home: string;
  /** %h: the remote host name (HostName, expanded and lower-cased). */
  host: string;
  /** %n: the host as given (the profile's address or alias). */
  original: string;
  /** %p, %r: the remote port and user. */
  port: number;
  user: string;
  /** %u, %i: the local user's name and uid. */
  localUser: string;
  uid: number;
  /** %l: the local host name; %L is its first label. */
  localHost: string;
  /** %k: HostKeyAlias when set, else %n. */
  hostKeyAlias?: string;
};

/** `%%` and `%h` only: what HostName accepts. */
export function expandHostName(text: string, original: string): string {
  return text.replace(/%([%h])/g, (_all, token: string) => (token === '%' ? '%' : original));
}

/** %C: the SHA-1 of %l%h%p%r, in hex, as OpenSSH 9 computes it. */
const connectionHash = (t: SshTokens): string =>
  createHash('sha1').update(`${t.localHost}${t.host}${t.port}${t.user}`).digest('hex');

/** Every token of ssh_config(5)'s TOKENS that paths accept; an unknown `%x` is an error, as in ssh. */
function expandTokens(text: string, t: SshTokens): string {
  return text.replace(/%(.?)/g, (all, token: string) => {
    switch (token) {
      case '%':
        return '%';
      case 'C':
        return connectionHash(t);
      case 'd':
        return t.home;
      case 'h':
        return t.host;
      case 'i':
        return String(t.uid);
      case 'k':
        return t.hostKeyAlias ?? t.original;
      case 'L':
        return t.localHost.split('.')[0] ?? t.localHost;
      case 'l':
        return t.localHost;
      case 'n':
        return t.original;
      case 'p':
        return String(t.port);
      case 'r':
        return t.user;
      case 'u':
        return t.localUser;
      default:
        throw new Error(`unknown token ${all} in "${text}"`);
    }
  });
}

/** `${VAR}` from the environment; a variable that is not set is an error, as in ssh. */
function expandEnvironment(text: string, env: NodeJS.ProcessEnv = process.env): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_all, name: string) => {
    const value = env[name];
    if (value === undefined) throw new Error(`environment variable \${${name}} is not set in "${text}"`);
    return value;
  });
}

/** A leading `~` or `~/` as the home directory (other users' `~name` are left as written). */
export function expandTilde(path: string, home: string): string {
  return path === '~' ? home : path.startsWith('~/') ? `${home}${path.slice(1)}` : path;
}

/** A path option as ssh expands it: `~`, then the tokens, then `${VAR}` (when `env` is given). */
export function expandPathOption(path: string, tokens: SshTokens, env?: NodeJS.ProcessEnv): string {
  const expanded = expandTokens(expandTilde(path, tokens.home), tokens);
  return env ? expandEnvironment(expanded, env) : expanded;
}

const unitSeconds: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** sshd_config(5)'s TIME FORMATS (`90`, `1m30s`, `2h`): seconds, or undefined when it is not one. */
export function parseSshTime(text: string): number | undefined {
  if (!/^(?:\d+[sSmMhHdDwW]?)+$/.test(text)) return undefined;
  let total = 0;
  for (const [, count, unit] of text.matchAll(/(\d+)([sSmMhHdDwW]?)/g))
    total += Number(count) * (unitSeconds[(unit ?? '').toLowerCase()] ?? 1);
  return total;
}

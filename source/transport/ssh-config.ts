// A small ~/.ssh/config reader: the subset OpenSSH options a deploy console needs, with OpenSSH's rules
// (first value wins, IdentityFile accumulates, Host patterns with * ? and !negation). Match and Include are ignored.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';

/** One `Host` block: its patterns and its options in file order (keywords lower-cased). */
export type SshConfigBlock = { patterns: string[]; options: Array<[keyword: string, value: string]> };

/** What the config says about one host alias. */
export type SshHostConfig = {
  hostName?: string;
  port?: number;
  user?: string;
  identityFiles: string[];
  identitiesOnly: boolean;
  proxyJump?: string;
};

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

/** Splits `Keyword value`, `Keyword=value` and `Keyword = "quoted value"`. */
function splitLine(line: string): [string, string] | undefined {
  const match = /^([A-Za-z]+)(?:\s*=\s*|\s+)(.*)$/.exec(line);
  if (!match?.[1] || match[2] === undefined) return undefined;
  return [match[1].toLowerCase(), match[2].trim()];
}

export function parseSshConfig(text: string): SshConfigBlock[] {
  // Options before the first Host line apply to every host, like `Host *`.
  const blocks: SshConfigBlock[] = [{ patterns: ['*'], options: [] }];
  let current: SshConfigBlock | undefined = blocks[0];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const parts = splitLine(line);
    if (!parts) continue;
    const [keyword, value] = parts;
    if (keyword === 'host') {
      current = { patterns: value.split(/\s+/).map(unquote), options: [] };
      blocks.push(current);
    } else if (keyword === 'match') {
      current = undefined; // Match criteria are not evaluated: its options never apply.
    } else if (current) {
      current.options.push([keyword, unquote(value)]);
    }
  }
  return blocks;
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

/** OpenSSH's rule: some positive pattern matches and no negated one does. */
export function hostPatternsMatch(patterns: string[], alias: string): boolean {
  let matched = false;
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) {
      if (globToRegExp(pattern.slice(1)).test(alias)) return false;
    } else if (globToRegExp(pattern).test(alias)) matched = true;
  }
  return matched;
}

/** `~` and the tokens %d (home), %h (host name), %r (user), %% in a path. */
export function expandPath(path: string, tokens: { host: string; user?: string }, home = homedir()): string {
  const expanded = path.replace(/%([%dhr])/g, (_m, t: string) =>
    t === '%' ? '%' : t === 'd' ? home : t === 'h' ? tokens.host : (tokens.user ?? ''),
  );
  return expanded === '~' ? home : expanded.startsWith('~/') ? `${home}${expanded.slice(1)}` : expanded;
}

/** The options that apply to `alias`, first value winning, IdentityFile accumulating. */
export function resolveSshHost(blocks: SshConfigBlock[], alias: string, home = homedir()): SshHostConfig {
  const found = new Map<string, string>();
  const identityFiles: string[] = [];
  for (const block of blocks) {
    if (!hostPatternsMatch(block.patterns, alias)) continue;
    for (const [keyword, value] of block.options) {
      if (keyword === 'identityfile') identityFiles.push(value);
      else if (!found.has(keyword)) found.set(keyword, value);
    }
  }
  const hostName = found.get('hostname')?.replace(/%h/g, alias);
  const user = found.get('user');
  const port = found.has('port') ? Number(found.get('port')) : undefined;
  const proxyJump = found.get('proxyjump');
  return {
    ...(hostName !== undefined && { hostName }),
    ...(port !== undefined && Number.isInteger(port) && { port }),
    ...(user !== undefined && { user }),
    ...(proxyJump !== undefined && proxyJump.toLowerCase() !== 'none' && { proxyJump }),
    identityFiles: identityFiles.map((f) => expandPath(f, { host: hostName ?? alias, user }, home)),
    identitiesOnly: found.get('identitiesonly')?.toLowerCase() === 'yes',
  };
}

/** Reads and resolves a config file; a missing file resolves to nothing. */
export function readSshHostConfig(path: string, alias: string, home = homedir()): SshHostConfig {
  if (!existsSync(path)) return { identityFiles: [], identitiesOnly: false };
  return resolveSshHost(parseSshConfig(readFileSync(path, 'utf8')), alias, home);
}

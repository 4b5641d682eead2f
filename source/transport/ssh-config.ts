// A small ~/.ssh/config reader: the subset of OpenSSH options a deploy console needs, with OpenSSH's rules:
// first value wins, IdentityFile accumulates, Host patterns with * ? and !negation, Include (globs, in place,
// conditional inside a Host or Match block, nested up to 16 deep) and Match on all, host, originalhost, user
// and localuser. A Match criterion the console cannot evaluate (exec, canonical, final, localnetwork, …)
// never matches, so its options never apply.
import { homedir, userInfo } from 'node:os';
import { dirname } from 'node:path';
import { includedFiles, readConfigFile } from './ssh-config-include.js';

/** When an option applies: every condition of its entry must hold for the alias being resolved. */
export type SshConfigCondition =
  { kind: 'host'; patterns: string[] } | { kind: 'match'; criteria: MatchCriterion[] };

/** One `Match` criterion; `patterns` are comma-separated in the file. */
export type MatchCriterion =
  | { name: 'all'; negated: boolean }
  | { name: 'host' | 'originalhost' | 'user' | 'localuser'; patterns: string[]; negated: boolean }
  | { name: 'unsupported'; keyword: string };

/** One option line and the conditions (Host / Match blocks, enclosing ones included) it sits under. */
export type SshConfigEntry = { conditions: SshConfigCondition[]; keyword: string; value: string };

/** What the config says about one host alias. */
export type SshHostConfig = {
  hostName?: string;
  port?: number;
  user?: string;
  identityFiles: string[];
  identitiesOnly: boolean;
  proxyJump?: string;
};

/** Where a config text comes from: its path (for messages) and the directory relative Includes start from. */
export type SshConfigSource = { file: string; includeDir: string; home?: string; depth?: number };

const maxIncludeDepth = 16;

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

/** Splits `Keyword value`, `Keyword=value` and `Keyword = "quoted value"`. */
function splitLine(line: string): [string, string] | undefined {
  const match = /^([A-Za-z]+)(?:\s*=\s*|\s+)(.*)$/.exec(line);
  if (!match?.[1] || match[2] === undefined) return undefined;
  return [match[1].toLowerCase(), match[2].trim()];
}

/** Words of a value, double quotes grouping (`Include "a b" c`). */
function words(value: string): string[] {
  return [...value.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
}

function parseMatch(value: string): MatchCriterion[] {
  const args = words(value);
  const criteria: MatchCriterion[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const raw = args[i]!.toLowerCase();
    const negated = raw.startsWith('!');
    const name = negated ? raw.slice(1) : raw;
    if (name === 'all') criteria.push({ name, negated });
    else if (name === 'host' || name === 'originalhost' || name === 'user' || name === 'localuser') {
      criteria.push({ name, negated, patterns: (args[i + 1] ?? '').split(',').filter((p) => p !== '') });
      i += 1;
    } else {
      criteria.push({ name: 'unsupported', keyword: name });
      // every other criterion but canonical and final takes an argument
      if (name !== 'canonical' && name !== 'final') i += 1;
    }
  }
  return criteria;
}

/**
 * Parses a config text into its option entries, in the order OpenSSH reads them (Includes expanded in place).
 * Without a source, Include lines are ignored (a text with no file to be relative to).
 */
export function parseSshConfig(text: string, source?: SshConfigSource): SshConfigEntry[] {
  return parseInto(text, source, [], []);
}

function parseInto(
  text: string,
  source: SshConfigSource | undefined,
  enclosing: SshConfigCondition[],
  entries: SshConfigEntry[],
): SshConfigEntry[] {
  // Options before the first Host or Match line apply under the enclosing conditions (none at top level).
  let current: SshConfigCondition[] = enclosing;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const parts = splitLine(line);
    if (!parts) return;
    const [keyword, value] = parts;
    if (keyword === 'host') current = [...enclosing, { kind: 'host', patterns: words(value) }];
    else if (keyword === 'match') current = [...enclosing, { kind: 'match', criteria: parseMatch(value) }];
    else if (keyword === 'include') {
      if (!source) return;
      const depth = (source.depth ?? 0) + 1;
      if (depth > maxIncludeDepth)
        throw new Error(
          `${source.file}:${index + 1}: Include nested more than ${maxIncludeDepth} deep (does a file include itself?); fix the Include lines of your ssh config`,
        );
      for (const file of includedFiles(words(value), source.includeDir, source.home ?? homedir())) {
        const included = readConfigFile(file);
        if (included !== undefined) parseInto(included, { ...source, file, depth }, current, entries);
      }
    } else entries.push({ conditions: current, keyword, value: unquote(value) });
  });
  return entries;
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

/** What a Match line is tested against: the values found so far, as OpenSSH tests them while reading. */
type MatchContext = { alias: string; found: ReadonlyMap<string, string>; user?: string; localUser: string };

function criterionHolds(criterion: MatchCriterion, context: MatchContext): boolean {
  switch (criterion.name) {
    case 'unsupported':
      return false;
    case 'all':
      return !criterion.negated;
    case 'host':
    case 'originalhost':
    case 'user':
    case 'localuser': {
      const subject = {
        host: context.found.get('hostname')?.replace(/%h/g, context.alias) ?? context.alias,
        originalhost: context.alias,
        user: context.user ?? context.found.get('user') ?? context.localUser,
        localuser: context.localUser,
      }[criterion.name];
      return hostPatternsMatch(criterion.patterns, subject) !== criterion.negated;
    }
    default: {
      const never: never = criterion;
      return never;
    }
  }
}

function conditionHolds(condition: SshConfigCondition, context: MatchContext): boolean {
  return condition.kind === 'host'
    ? hostPatternsMatch(condition.patterns, context.alias)
    : condition.criteria.every((criterion) => criterionHolds(criterion, context));
}

/** `~` and the tokens %d (home), %h (host name), %r (user), %% in a path. */
export function expandPath(path: string, tokens: { host: string; user?: string }, home = homedir()): string {
  const expanded = path.replace(/%([%dhr])/g, (_m, t: string) =>
    t === '%' ? '%' : t === 'd' ? home : t === 'h' ? tokens.host : (tokens.user ?? ''),
  );
  return expanded === '~' ? home : expanded.startsWith('~/') ? `${home}${expanded.slice(1)}` : expanded;
}

const localUserName = (): string => {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? '';
  }
};

/**
 * The options that apply to `alias`, first value winning, IdentityFile accumulating. `user` is the user
 * given outside the config (the profile's), which `Match user` tests before any User line.
 */
export function resolveSshHost(
  entries: SshConfigEntry[],
  alias: string,
  home = homedir(),
  user?: string,
): SshHostConfig {
  const found = new Map<string, string>();
  const identityFiles: string[] = [];
  const context: MatchContext = {
    alias,
    found,
    localUser: localUserName(),
    ...(user !== undefined && { user }),
  };
  for (const entry of entries) {
    if (!entry.conditions.every((condition) => conditionHolds(condition, context))) continue;
    if (entry.keyword === 'identityfile') identityFiles.push(entry.value);
    else if (!found.has(entry.keyword)) found.set(entry.keyword, entry.value);
  }
  const hostName = found.get('hostname')?.replace(/%h/g, alias);
  const configUser = found.get('user');
  const port = found.has('port') ? Number(found.get('port')) : undefined;
  const proxyJump = found.get('proxyjump');
  return {
    ...(hostName !== undefined && { hostName }),
    ...(port !== undefined && Number.isInteger(port) && { port }),
    ...(configUser !== undefined && { user: configUser }),
    ...(proxyJump !== undefined && proxyJump.toLowerCase() !== 'none' && { proxyJump }),
    identityFiles: identityFiles.map((f) =>
      expandPath(f, { host: hostName ?? alias, user: user ?? configUser }, home),
    ),
    identitiesOnly: found.get('identitiesonly')?.toLowerCase() === 'yes',
  };
}

/**
 * Reads and resolves a config file; a missing file resolves to nothing. Relative Include paths start in the
 * file's own directory (~/.ssh for the default file, as OpenSSH has it).
 */
export function readSshHostConfig(
  path: string,
  alias: string,
  home = homedir(),
  user?: string,
): SshHostConfig {
  const text = readConfigFile(path);
  if (text === undefined) return { identityFiles: [], identitiesOnly: false };
  const entries = parseSshConfig(text, { file: path, includeDir: dirname(path), home });
  return resolveSshHost(entries, alias, home, user);
}

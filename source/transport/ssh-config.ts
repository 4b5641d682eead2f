// A small ~/.ssh/config reader: the subset of OpenSSH options a deploy console needs, read as OpenSSH reads
// them: words split like argv_split (quotes, backslash escapes, `#` ends the line), first value wins,
// IdentityFile accumulates (without duplicates), Host patterns with * ? and !negation, Include (in place,
// conditional inside a Host or Match block, 16 deep at most), and Match on all, host, originalhost, user,
// localuser, canonical and final (a final pass when some Match asks for it). A Match criterion the console
// cannot evaluate (exec, localnetwork, tagged, …) never matches, so its block never applies.
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import { includedFiles, readConfigFile } from './ssh-config-include.js';
import { splitWords } from './ssh-config-words.js';

/** When an option applies: every condition of its entry must hold for the alias being resolved. */
export type SshConfigCondition =
  { kind: 'host'; patterns: string[] } | { kind: 'match'; criteria: MatchCriterion[] };

/** One `Match` criterion; `patterns` are comma-separated in the file. */
export type MatchCriterion =
  | { name: 'all' | 'canonical' | 'final'; negated: boolean }
  | { name: 'host' | 'originalhost' | 'user' | 'localuser'; patterns: string[]; negated: boolean }
  | { name: 'unsupported'; keyword: string };

/** One option line (its words) and the conditions (Host / Match blocks, enclosing ones included) it sits under. */
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

/** Where a config text comes from: its path (for messages), and home (relative Includes are in ~/.ssh). */
export type SshConfigSource = { file: string; home?: string; depth?: number };

const maxIncludeDepth = 16;

/** A config error at a line, and what to do. */
const lineError = (where: string, line: number, what: string): Error =>
  new Error(`${where}:${line}: ${what}; fix that line of your ssh config`);

function parseMatch(args: string[], at: () => Error): MatchCriterion[] {
  const criteria: MatchCriterion[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const raw = args[i]!.toLowerCase();
    const negated = raw.startsWith('!');
    const name = negated ? raw.slice(1) : raw;
    if (name === 'all' || name === 'canonical' || name === 'final') criteria.push({ name, negated });
    else if (name === 'host' || name === 'originalhost' || name === 'user' || name === 'localuser') {
      const list = args[i + 1];
      if (list === undefined) throw at();
      criteria.push({ name, negated, patterns: list.split(',').filter((p) => p !== '') });
      i += 1;
    } else {
      criteria.push({ name: 'unsupported', keyword: name });
      i += 1; // exec, localnetwork, tagged, … each take an argument
    }
  }
  // OpenSSH: `all` stands alone, or after canonical/final
  if (
    criteria.some((c) => c.name === 'all') &&
    criteria.some((c) => !['all', 'canonical', 'final'].includes(c.name))
  )
    throw at();
  return criteria;
}

/**
 * Parses a config text into its option entries, in the order OpenSSH reads them (Includes expanded in place).
 * Without a source, Include lines are ignored (a text with no file and home to be relative to).
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
  const where = source?.file ?? 'ssh config';
  // Options before the first Host or Match line apply under the enclosing conditions (none at top level).
  let current: SshConfigCondition[] = enclosing;
  text.split('\n').forEach((raw, index) => {
    const head = /^\s*([A-Za-z]+)(?:\s*=\s*|\s+)(.*)$/.exec(raw);
    if (!head?.[1] || head[2] === undefined) return; // blank, a comment, or a keyword without a value
    const keyword = head[1].toLowerCase();
    const args = splitWords(head[2]);
    if (args === undefined) throw lineError(where, index + 1, 'unbalanced quotes');
    if (args.length === 0) return; // only a comment after the keyword
    if (keyword === 'host') current = [...enclosing, { kind: 'host', patterns: args }];
    else if (keyword === 'match') {
      const criteria = parseMatch(args, () =>
        lineError(where, index + 1, `Match ${head[2]!.trim()} is not a Match ssh accepts`),
      );
      current = [...enclosing, { kind: 'match', criteria }];
    } else if (keyword === 'include') {
      if (!source) return;
      const depth = (source.depth ?? 0) + 1;
      if (depth > maxIncludeDepth)
        throw lineError(
          where,
          index + 1,
          `Include nested more than ${maxIncludeDepth} deep (does a file include itself?)`,
        );
      const home = source.home ?? homedir();
      for (const file of includedFiles(args, join(home, '.ssh'), home)) {
        const included = readConfigFile(file);
        if (included !== undefined) parseInto(included, { ...source, file, depth }, current, entries);
      }
    } else entries.push({ conditions: current, keyword, value: args[0]! });
  });
  return entries;
}

/** A glob (* and ?) as a RegExp; everything else literal. */
function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/**
 * OpenSSH's rule: some positive pattern matches and no negated one does. Patterns are case-sensitive; the
 * alias is lower-cased first, as ssh does with the host it is given.
 */
export function hostPatternsMatch(patterns: string[], alias: string): boolean {
  return patternsMatch(patterns, alias.toLowerCase());
}

function patternsMatch(patterns: string[], subject: string): boolean {
  let matched = false;
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) {
      if (globToRegExp(pattern.slice(1)).test(subject)) return false;
    } else if (globToRegExp(pattern).test(subject)) matched = true;
  }
  return matched;
}

/** What a Match line is tested against: the values found so far, as OpenSSH tests them while reading. */
type MatchContext = {
  alias: string;
  found: ReadonlyMap<string, string>;
  user?: string;
  localUser: string;
  final: boolean;
};

function criterionHolds(criterion: MatchCriterion, context: MatchContext): boolean {
  switch (criterion.name) {
    case 'unsupported':
      return false;
    case 'all':
      return !criterion.negated;
    case 'canonical':
    case 'final':
      // both hold on the final pass only (the console does no hostname canonicalisation of its own)
      return context.final !== criterion.negated;
    case 'host':
      return (
        hostPatternsMatch(
          criterion.patterns,
          context.found.get('hostname')?.replace(/%h/g, context.alias) ?? context.alias,
        ) !== criterion.negated
      );
    case 'originalhost':
      return hostPatternsMatch(criterion.patterns, context.alias) !== criterion.negated;
    case 'user':
      return (
        patternsMatch(criterion.patterns, context.user ?? context.found.get('user') ?? context.localUser) !==
        criterion.negated
      );
    case 'localuser':
      return patternsMatch(criterion.patterns, context.localUser) !== criterion.negated;
    default: {
      const never: never = criterion;
      return never;
    }
  }
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

/** One reading of the entries; `found` and `identityFiles` carry over from an earlier pass (first value wins). */
function readPass(
  entries: SshConfigEntry[],
  context: MatchContext,
  found: Map<string, string>,
  identityFiles: string[],
): void {
  // A Host or Match line is tested once, where it stands: its result holds for every line of its block,
  // whatever those lines set (a Match host followed by HostName does not re-test itself).
  const tested = new Map<SshConfigCondition, boolean>();
  const holds = (condition: SshConfigCondition): boolean => {
    let result = tested.get(condition);
    if (result === undefined) {
      result =
        condition.kind === 'host'
          ? hostPatternsMatch(condition.patterns, context.alias)
          : condition.criteria.every((criterion) => criterionHolds(criterion, context));
      tested.set(condition, result);
    }
    return result;
  };
  for (const entry of entries) {
    if (!entry.conditions.every(holds)) continue;
    if (entry.keyword === 'identityfile') identityFiles.push(entry.value);
    else if (!found.has(entry.keyword)) found.set(entry.keyword, entry.value);
  }
}

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
  const files: string[] = [];
  const localUser = localUserName();
  const base = { alias, found, localUser, ...(user !== undefined && { user }) };
  readPass(entries, { ...base, final: false }, found, files);
  // ssh reads the config a second time when a Match asks for `final` (or `canonical`)
  const wantsFinal = entries.some((entry) =>
    entry.conditions.some(
      (c) => c.kind === 'match' && c.criteria.some((m) => m.name === 'final' || m.name === 'canonical'),
    ),
  );
  if (wantsFinal) readPass(entries, { ...base, final: true }, found, files);
  const hostName = found.get('hostname')?.replace(/%h/g, alias);
  const configUser = found.get('user');
  const port = found.has('port') ? Number(found.get('port')) : undefined;
  const proxyJump = found.get('proxyjump');
  const tokens = { host: hostName ?? alias, user: user ?? configUser ?? localUser };
  return {
    ...(hostName !== undefined && { hostName }),
    ...(port !== undefined && Number.isInteger(port) && { port }),
    ...(configUser !== undefined && { user: configUser }),
    ...(proxyJump !== undefined && proxyJump.toLowerCase() !== 'none' && { proxyJump }),
    // ssh adds an identity once: a duplicate would spend one of the server's MaxAuthTries
    identityFiles: [...new Set(files.map((f) => expandPath(f, tokens, home)))],
    identitiesOnly: found.get('identitiesonly')?.toLowerCase() === 'yes',
  };
}

/** Reads and resolves a config file; a missing file resolves to nothing. Relative Includes are in ~/.ssh. */
export function readSshHostConfig(
  path: string,
  alias: string,
  home = homedir(),
  user?: string,
): SshHostConfig {
  const text = readConfigFile(path);
  if (text === undefined) return { identityFiles: [], identitiesOnly: false };
  return resolveSshHost(parseSshConfig(text, { file: path, home }), alias, home, user);
}

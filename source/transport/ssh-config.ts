// A ~/.ssh/config reader: the subset of OpenSSH options a deploy console needs, read as OpenSSH reads
// them: words split like argv_split (quotes, backslash escapes, `#` ends the line), first value wins,
// IdentityFile accumulates, Host patterns with * ? and !negation, Include (in place, conditional inside a
// Host or Match block, 16 deep at most), and Match on all, host, originalhost, user, localuser, canonical and
// final (a final pass when a `Match final` asks for it). A Match criterion the console cannot evaluate (exec,
// localnetwork, tagged, …) never matches, so its block never applies. ssh-options.ts turns what this finds
// into the options of one connection.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { includedFiles, readConfigFile } from './ssh-config-include.js';
import { expandHostName, parseSshTime } from './ssh-config-tokens.js';
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
export type SshConfigEntry = { conditions: SshConfigCondition[]; keyword: string; values: string[] };

/**
 * Where a config text comes from: its path (for messages) and home. A user config (the default) reads
 * relative Includes in ~/.ssh and expands `~`; the system config (`system: true`) reads them in /etc/ssh.
 */
export type SshConfigSource = { file: string; home?: string; system?: boolean; depth?: number };

/** Options whose value ssh checks while reading, wherever they stand: a bad one is refused with its line. */
const checkValue: Record<string, (value: string) => boolean> = {
  port: (v) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 65_535,
  connecttimeout: (v) => v === 'none' || parseSshTime(v) !== undefined,
  serveraliveinterval: (v) => parseSshTime(v) !== undefined,
  serveralivecountmax: (v) => /^\d+$/.test(v),
  identitiesonly: (v) => /^(yes|no|true|false)$/i.test(v),
  stricthostkeychecking: (v) => /^(yes|no|true|false|off|ask|accept-new)$/i.test(v),
};

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
      const files = source.system
        ? includedFiles(args, '/etc/ssh', undefined)
        : includedFiles(args, join(home, '.ssh'), home);
      for (const file of files) {
        const included = readConfigFile(file);
        if (included !== undefined) parseInto(included, { ...source, file, depth }, current, entries);
      }
    } else {
      const check = checkValue[keyword];
      if (check && !check(args[0]!))
        throw lineError(where, index + 1, `${head[1]} ${args[0]!} is not a value ssh accepts`);
      entries.push({ conditions: current, keyword, values: args });
    }
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
 * OpenSSH's rule: some positive pattern matches and no negated one does. A `Host` line compares the host
 * as given, case and all (as ssh 9 does); `Match host` and `originalhost` compare without case.
 */
export function hostPatternsMatch(patterns: string[], host: string): boolean {
  return patternsMatch(patterns, host);
}

function patternsMatch(patterns: string[], subject: string, ignoreCase = false): boolean {
  let matched = false;
  const text = ignoreCase ? subject.toLowerCase() : subject;
  for (const raw of patterns) {
    const pattern = ignoreCase ? raw.toLowerCase() : raw;
    if (pattern.startsWith('!')) {
      if (globToRegExp(pattern.slice(1)).test(text)) return false;
    } else if (globToRegExp(pattern).test(text)) matched = true;
  }
  return matched;
}

/** What a Match line is tested against: the values found so far, as OpenSSH tests them while reading. */
type MatchContext = {
  alias: string;
  found: ReadonlyMap<string, string[]>;
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
      // both hold on the final pass only, which only `Match final` asks for (the console does no hostname
      // canonicalisation, CanonicalizeHostname's DNS lookups, of its own)
      return context.final !== criterion.negated;
    case 'host': {
      const hostName = context.found.get('hostname')?.[0];
      const host = hostName === undefined ? context.alias : expandHostName(hostName, context.alias);
      return patternsMatch(criterion.patterns, host, true) !== criterion.negated;
    }
    case 'originalhost':
      return patternsMatch(criterion.patterns, context.alias, true) !== criterion.negated;
    case 'user':
      return (
        patternsMatch(criterion.patterns, context.found.get('user')?.[0] ?? context.localUser) !==
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

/** What the config files yield for one host: each option's first value, and every IdentityFile line's. */
export type SshConfigValues = { found: Map<string, string[]>; identityFiles: string[] };

/** One reading of the entries; `values` carries over from what was set before (first value wins). */
function readPass(entries: SshConfigEntry[], context: MatchContext, values: SshConfigValues): void {
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
    // ssh adds an IdentityFile line once: the same text twice is one identity
    if (entry.keyword === 'identityfile') {
      if (!values.identityFiles.includes(entry.values[0]!)) values.identityFiles.push(entry.values[0]!);
    } else if (!values.found.has(entry.keyword)) values.found.set(entry.keyword, entry.values);
  }
}

/**
 * Reads the entries for `alias` as ssh does: `preset` holds the values given outside the config (ssh's
 * command line; here the profile's), which win and which `Match user` sees, as in ssh.
 */
export function collectSshConfig(
  entries: SshConfigEntry[],
  alias: string,
  localUser: string,
  preset: SshConfigValues = { found: new Map(), identityFiles: [] },
): SshConfigValues {
  const values: SshConfigValues = { found: new Map(preset.found), identityFiles: [...preset.identityFiles] };
  readPass(entries, { alias, found: values.found, localUser, final: false }, values);
  // ssh reads the config a second time when a Match asks for `final` (a `canonical` alone does not ask)
  const wantsFinal = entries.some((entry) =>
    entry.conditions.some((c) => c.kind === 'match' && c.criteria.some((m) => m.name === 'final')),
  );
  if (wantsFinal) readPass(entries, { alias, found: values.found, localUser, final: true }, values);
  return values;
}

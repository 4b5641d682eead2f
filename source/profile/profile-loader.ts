// loadProfile: name or path → file(s) with `extends` → merged located tree → zod → semantic checks.
// Every issue carries file:line:column of the file that defined the offending value.
import { checkIds } from './id-checks.js';
import { dropInheritedFixes } from './inherited-fixes.js';
import { dropInheritedParts } from './part-checks.js';
import { IssueSink } from './issue-sink.js';
import { toLoadedProfile, type LoadedProfile } from './loaded-profile.js';
import { readChain } from './extends-chain.js';
import { toPlain, type LocatedNode } from './located-node.js';
import { buildCatalog, servedBySandbox } from './profile-catalog.js';
import { defaultProfilesDir, displayPath, profileFile, profileNames } from './profile-files.js';
import { mergeChain } from './profile-merge.js';
import type { ProfileIssue } from './profile-issue.js';
import { checkReferences } from './reference-checks.js';
import { schemaIssues, type PlacedIssue } from './schema-issues.js';
import { readScripts } from './script-files.js';
import { expandIncludes } from './section-include.js';
import { profileSchema, type Profile } from './schema.js';
import { checkTemplate } from './template-checks.js';
import { templateSites } from './template-sites.js';
import { checkVarCycles } from './var-cycles.js';
import { keepWrittenText } from './written-values.js';
import { readProfileFile, type ProfileSource } from './yaml-source.js';

/**
 * Where to look for profiles, which runtime vars the caller will supply, and whether the sandbox world serves
 * the profile whatever its hosts (`CHOM_CONSOLE_SANDBOX=1`).
 */
export type LoadOptions = {
  profilesDir?: string;
  cwd?: string;
  runtimeVars?: readonly string[];
  sandbox?: boolean;
};

/** A loaded profile, or every issue found (sorted by file, then position). */
export type LoadResult =
  | {
      ok: true;
      profile: LoadedProfile;
      /** The validated model and the merged located tree it came from (what profile-cache.ts keeps). */
      model: Profile;
      root: LocatedNode;
      /** What the profile loses without being wrong (an inherited fix whose step its phases replaced). */
      notes: ProfileIssue[];
      /** Every file the profile was read from: the chain, then included sections and scripts. */
      inputs: string[];
    }
  | { ok: false; issues: ProfileIssue[] };

function sorted(issues: PlacedIssue[], files: string[]): ProfileIssue[] {
  const rank = (file: string) => (files.includes(file) ? files.indexOf(file) : files.length);
  return [...issues]
    .sort(
      (a, b) =>
        rank(a.origin.file) - rank(b.origin.file) || a.origin.offset - b.origin.offset || a.rank - b.rank,
    )
    .map(({ origin, path, message }) => ({
      file: origin.file,
      line: origin.line,
      column: origin.column,
      path,
      message,
    }));
}

function missing(ref: string, file: string, profilesDir: string): LoadResult {
  const names = profileNames(profilesDir);
  const available = names.length > 0 ? names.join(', ') : 'none';
  const message = `expected a profile file for "${ref}", found no such file; available profiles in ${displayPath(profilesDir)}: ${available} (or give a path to a .yaml file)`;
  return { ok: false, issues: [{ file: displayPath(file), line: 0, column: 0, path: '', message }] };
}

/** Each file of the chain with its included sections in place, and the files they came from. */
function withIncludes(
  chain: readonly ProfileSource[],
): { ok: true; chain: ProfileSource[]; included: ProfileSource[] } | { ok: false; issues: ProfileIssue[] } {
  const expanded: ProfileSource[] = [];
  const included: ProfileSource[] = [];
  for (const source of chain) {
    const result = expandIncludes(source);
    if (!result.ok) return result;
    expanded.push(result.source);
    included.push(...result.included);
  }
  return { ok: true, chain: expanded, included };
}

/** Loads, merges and validates a profile given by name (`<profiles>/NAME.yaml`) or path. */
export function loadProfile(ref: string, options: LoadOptions = {}): LoadResult {
  const profilesDir = options.profilesDir ?? defaultProfilesDir();
  const file = profileFile(ref, profilesDir, options.cwd);
  const first = readProfileFile(file, displayPath(file));
  if (!first) return missing(ref, file, profilesDir);
  if (!first.ok) return first;
  const chain = readChain(first.source, profilesDir);
  if (!chain.ok) return chain;
  const expanded = withIncludes(chain.chain);
  if (!expanded.ok) return expanded;
  // every file read, the chain first: issues sort in this order, and the cache keys on them
  const read = [...expanded.chain, ...expanded.included];
  const displays = read.map((source) => source.display);
  const root = mergeChain(expanded.chain.map((source) => source.root));
  keepWrittenText(root);
  const data = toPlain(root);
  const parsed = profileSchema.safeParse(data);
  if (!parsed.success) return { ok: false, issues: sorted(schemaIssues(parsed.error, root, data), displays) };
  const fixed = dropInheritedFixes(parsed.data, root, first.source.display);
  const { profile, notes: partNotes } = dropInheritedParts(fixed.profile, root, first.source.display);
  const notes = [...fixed.notes, ...partNotes];
  const sink = new IssueSink(root, new Map(read.map((source) => [source.display, source.text])));
  const sandbox = servedBySandbox(profile, options.sandbox ?? false);
  const catalog = buildCatalog(profile, options.runtimeVars ?? [], sandbox);
  checkReferences(profile, sink);
  checkIds(profile, sink);
  for (const site of templateSites(profile)) checkTemplate(site, catalog, sink);
  checkVarCycles(profile, catalog, sink);
  const files = chain.chain.map((source) => source.file);
  const sources = new Map(read.map((source) => [source.display, source.file]));
  const scripts = readScripts(profile, root, sources, sink);
  if (sink.issues.length > 0) return { ok: false, issues: sorted(sink.issues, displays) };
  return {
    ok: true,
    profile: toLoadedProfile(profile, files, catalog, root, sandbox),
    model: profile,
    root,
    notes,
    inputs: [...read.map((source) => source.file), ...scripts],
  };
}

// `SECTION: { include: FILE }`: a section of a profile written in its own YAML file (the checks, the
// assessment), relative to the profile file that includes it. The included file holds the section's value
// (for `checks`, the list of checks). Expanded on each file's located tree before `extends` merges them, so
// a child inherits a base's included sections, and every issue points into the file that wrote the value.
import { dirname, resolve } from 'node:path';
import type { LocatedNode, Origin } from './located-node.js';
import { displayPath } from './profile-files.js';
import type { ProfileIssue } from './profile-issue.js';
import { readProfileFile, type ProfileSource } from './yaml-source.js';

/**
 * The sections that may be included: those where a mapping key `include` cannot mean anything else (a form or
 * var named `include` would read as one: the loader refuses it beside others, naming the key).
 */
const includableSections = ['phases', 'checks', 'assess', 'rollback', 'preflight', 'forms', 'vars'] as const;

/** A profile file with its included sections in place, and the files it included. */
export type IncludeResult =
  { ok: true; source: ProfileSource; included: ProfileSource[] } | { ok: false; issues: ProfileIssue[] };

const issueAt = (origin: Origin, path: string, message: string): ProfileIssue => ({
  file: origin.file,
  line: origin.line,
  column: origin.column,
  path,
  message,
});

type Included = { ok: true; source: ProfileSource } | { ok: false; issues: ProfileIssue[] };

function includeOne(from: ProfileSource, section: string, value: LocatedNode): Included | undefined {
  if (value.kind !== 'map') return undefined;
  const include = value.entries.get('include');
  if (!include) return undefined;
  const path = `${section}.include`;
  const extra = [...value.entries].find(([key]) => key !== 'include');
  if (extra) {
    const message = `expected include alone in ${section}, found "${extra[0]}" beside it: write the whole section in the included file`;
    return { ok: false, issues: [issueAt(extra[1].key, `${section}.${extra[0]}`, message)] };
  }
  const ref = include.value.kind === 'scalar' ? include.value.value : undefined;
  if (typeof ref !== 'string' || !/\.ya?ml$/.test(ref) || ref.startsWith('/') || ref.startsWith('~')) {
    const message = `expected a relative path to a .yaml file (such as production/checks.yaml), found ${JSON.stringify(ref ?? null)}`;
    return { ok: false, issues: [issueAt(include.value.origin, path, message)] };
  }
  const file = resolve(dirname(from.file), ref);
  const read = readProfileFile(file, displayPath(file));
  if (!read) {
    const message = `expected a file at ${displayPath(file)}, found none (an include is relative to ${from.display})`;
    return { ok: false, issues: [issueAt(include.value.origin, path, message)] };
  }
  return read;
}

/** Replaces each `SECTION: { include: FILE }` of a profile file by the file's document. */
export function expandIncludes(source: ProfileSource): IncludeResult {
  if (source.root.kind !== 'map') return { ok: true, source, included: [] };
  const entries = new Map(source.root.entries);
  const included: ProfileSource[] = [];
  for (const section of includableSections) {
    const entry = entries.get(section);
    const result = entry && includeOne(source, section, entry.value);
    if (!entry || !result) continue;
    if (!result.ok) return result;
    included.push(result.source);
    entries.set(section, { key: entry.key, value: result.source.root });
  }
  if (included.length === 0) return { ok: true, source, included };
  return { ok: true, source: { ...source, root: { ...source.root, entries } }, included };
}

// Follows `extends` from a profile to its base: a name (looked up next to the extending file, then in the
// profiles directory) or a path relative to the extending file. A cycle is an error naming the whole chain.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Origin } from './located-node.js';
import { displayPath, isPathReference, profileNames } from './profile-files.js';
import type { ProfileIssue } from './profile-issue.js';
import { readProfileFile, type ProfileSource } from './yaml-source.js';

/** The chain, child first: `[requested, its base, the base's base, …]`. */
export type ChainResult = { ok: true; chain: ProfileSource[] } | { ok: false; issues: ProfileIssue[] };

function extendsOf(source: ProfileSource): { ref: string; origin: Origin } | undefined {
  if (source.root.kind !== 'map') return undefined;
  const value = source.root.entries.get('extends')?.value;
  return value?.kind === 'scalar' && typeof value.value === 'string'
    ? { ref: value.value, origin: value.origin }
    : undefined;
}

function candidates(ref: string, from: string, profilesDir: string): string[] {
  if (isPathReference(ref)) return [resolve(dirname(from), ref)];
  const beside = join(dirname(from), `${ref}.yaml`);
  const bundled = join(profilesDir, `${ref}.yaml`);
  return beside === bundled ? [bundled] : [beside, bundled];
}

function listNames(names: string[]): string {
  if (names.length === 0) return 'none';
  return names.length > 12 ? `${names.slice(0, 12).join(', ')}, …` : names.join(', ');
}

function issueAt(origin: Origin, message: string): ProfileIssue {
  return { file: origin.file, line: origin.line, column: origin.column, path: 'extends', message };
}

/** Reads `first` and every profile it extends. */
export function readChain(first: ProfileSource, profilesDir: string): ChainResult {
  const chain = [first];
  for (let current = first, link = extendsOf(first); link; link = extendsOf(current)) {
    const tried = candidates(link.ref, current.file, profilesDir);
    const file = tried.find((path) => existsSync(path));
    if (!file) {
      const available = [...new Set([...profileNames(dirname(current.file)), ...profileNames(profilesDir)])];
      const message = `expected a profile "${link.ref}" to extend, found no file (tried ${tried.map((p) => displayPath(p)).join(', ')}); available: ${listNames(available)}`;
      return { ok: false, issues: [issueAt(link.origin, message)] };
    }
    if (chain.some((source) => source.file === file)) {
      const names = [...chain.map((source) => source.display), displayPath(file)];
      return { ok: false, issues: [issueAt(link.origin, `extends cycle: ${names.join(' → ')}`)] };
    }
    const read = readProfileFile(file, displayPath(file))!;
    if (!read.ok) return read;
    chain.push(read.source);
    current = read.source;
  }
  return { ok: true, chain };
}

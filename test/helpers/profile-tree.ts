// Throwaway profile trees for the loader tests (scripts beside a profile, included sections, the cache): each
// case writes its files into a fresh directory under one temp root, removed when the file's tests end.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll } from 'vitest';
import { loadProfile } from '../../source/profile/profile-loader.js';

/** Files by path relative to the tree (e.g. `scripts/show.sh`) → their text. */
export type TreeFiles = Record<string, string>;

/** A temp root for this test file (removed after its tests); `tree` writes one case's files into a new dir. */
export function profileTrees(prefix: string): { root: string; tree: (files: TreeFiles) => string } {
  const root = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let counter = 0;
  const tree = (files: TreeFiles): string => {
    const dir = join(root, `case-${(counter += 1)}`);
    writeTree(dir, files);
    return dir;
  };
  return { root, tree };
}

/** Writes `files` under `dir`, creating the folders they need. */
export function writeTree(dir: string, files: TreeFiles): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** The issues of loading `file` as `file:line:column path: message`, files relative to `dir` ([] when it loads). */
export function loadIssues(file: string, dir: string): string[] {
  const result = loadProfile(file, { cwd: dir });
  if (result.ok) return [];
  return result.issues.map((i) => `${relative(dir, i.file)}:${i.line}:${i.column} ${i.path}: ${i.message}`);
}

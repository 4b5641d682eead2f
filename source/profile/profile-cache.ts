// A validated profile kept between commands. Parsing production.yaml (94 KB) with the YAML library and
// validating it with zod took most of a headless `plan` (about 5× `node -e 0`); a cache hit reads the
// validated model instead, loading neither library. An entry is used only while every file it was read from
// (the chain, included sections, scripts) has the same content (SHA-256) and the profile code is unchanged (the mtimes and sizes of this folder's
// files are part of the key), so an edit is seen at once. Profiles hold no secrets (form values and
// passwords never live in them), so the cache holds none either.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { toLoadedProfile, type LoadedProfile } from './loaded-profile.js';
import type { LocatedNode } from './located-path.js';
import { buildCatalog, servedBySandbox } from './profile-catalog.js';
import type { Profile } from './schema.js';

/**
 * What a cache entry is keyed on besides the profile code: everything the loader's result depends on other
 * than the chain's contents (LoadOptions). `sandbox` (CHOM_CONSOLE_SANDBOX=1) and the supplied runtime vars
 * change whether the sandbox serves the profile and so its name catalog: an entry validated without them
 * must not serve a command with them, nor the other way round.
 */
export type CacheKey = {
  file: string;
  profilesDir: string;
  runtimeVars: readonly string[];
  sandbox: boolean;
};

/** `files`: every input (chain, included sections, scripts) with its hash; `chain`: the extends chain. */
type Entry = { files: { path: string; sha: string }[]; chain: string[]; profile: Profile };

const codeDir = dirname(fileURLToPath(import.meta.url));

function keyOf(key: CacheKey): string {
  const code = readdirSync(codeDir)
    .sort()
    .map((name) => {
      const stat = statSync(join(codeDir, name));
      return `${name}:${stat.size}:${stat.mtimeMs}`;
    });
  const what = JSON.stringify({ ...key, runtimeVars: [...key.runtimeVars].sort(), code });
  return createHash('sha256').update(what).digest('hex').slice(0, 32);
}

const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

/** The cached profile when every file it was read from is unchanged; undefined otherwise (or unreadable). */
export function cachedProfile(key: CacheKey, dir: string): LoadedProfile | undefined {
  try {
    const base = join(dir, keyOf(key));
    const entry = deserialize(readFileSync(`${base}.v8`)) as Entry;
    if (entry.files.length === 0 || entry.files.some((file) => sha(file.path) !== file.sha)) return undefined;
    const chain = entry.chain;
    // the located tree only serves locate() (runtime errors that point into the profile): read it then
    const root = () => deserialize(readFileSync(`${base}.root.v8`)) as LocatedNode;
    // the same decisions as loadProfile's, from the same inputs (the key holds them)
    const sandbox = servedBySandbox(entry.profile, key.sandbox);
    const catalog = buildCatalog(entry.profile, key.runtimeVars, sandbox);
    return toLoadedProfile(entry.profile, chain, catalog, root, sandbox);
  } catch {
    return undefined;
  }
}

/** Stores a freshly loaded profile (atomically, 0600); a failure only costs the next command the full load. */
export function storeProfile(
  key: CacheKey,
  loaded: { profile: LoadedProfile; model: Profile; root: LocatedNode; inputs: readonly string[] },
  dir: string,
): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const base = join(dir, keyOf(key));
    const entry: Entry = {
      files: loaded.inputs.map((path) => ({ path, sha: sha(path) })),
      chain: loaded.profile.chain,
      profile: loaded.model,
    };
    for (const [file, data] of [
      [`${base}.root.v8`, serialize(loaded.root)],
      [`${base}.v8`, serialize(entry)],
    ] as const) {
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, data, { mode: 0o600 });
      renameSync(temp, file);
    }
  } catch {
    // a read-only state directory, a model v8 cannot serialize: every command loads the profile in full
  }
}

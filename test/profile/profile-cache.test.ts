// The profile cache (profile-cache.ts): a hit is the same loaded profile as a full load, and any change to a
// file of the chain (or to the runtime vars asked for, or to the sandbox decision) is a miss.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LoadedProfile } from '../../source/profile/loaded-profile.js';
import { cachedProfile, storeProfile, type CacheKey } from '../../source/profile/profile-cache.js';
import { loadProfile } from '../../source/profile/profile-loader.js';
import { writeTree } from '../helpers/profile-tree.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'profiles');
const dir = mkdtempSync(join(tmpdir(), 'chom-profile-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
copyFileSync(join(fixtures, 'good.yaml'), join(dir, 'good.yaml'));
copyFileSync(join(fixtures, 'good-child.yaml'), join(dir, 'good-child.yaml'));
const cache = join(dir, 'cache');
const runtimeVars = ['world', 'sandbox_app_url'];
const key: CacheKey = { file: join(dir, 'good-child.yaml'), profilesDir: dir, runtimeVars, sandbox: false };

function load(file = key.file, sandbox = false): Extract<ReturnType<typeof loadProfile>, { ok: true }> {
  const result = loadProfile(file, { profilesDir: dir, runtimeVars, sandbox });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result;
}
/** The data of a loaded profile (its helpers are functions). */
const data = (profile: LoadedProfile) =>
  structuredClone({ ...profile, stepAction: 0, stepMutates: 0, locate: 0, scope: 0 });

describe('profile cache', () => {
  it('gives back what a full load gives: model, chain, catalog, scope and locations', () => {
    expect(cachedProfile(key, cache)).toBeUndefined();
    const fresh = load();
    storeProfile(key, fresh, cache);
    const cached = cachedProfile(key, cache);
    expect(cached).toBeDefined();
    expect(data(cached!)).toEqual(data(fresh.profile));
    expect(cached!.chain).toEqual([join(dir, 'good-child.yaml'), join(dir, 'good.yaml')]);
    expect(cached!.scope()).toEqual(fresh.profile.scope());
    const step = fresh.profile.phases[0]!.steps[0]!;
    expect(cached!.stepAction(step)).toEqual(fresh.profile.stepAction(step));
    for (const path of [
      ['hosts', 'app'],
      ['phases', 0, 'steps', 0, 'title'],
      ['vars', 'app_base'],
    ])
      expect(cached!.locate(path)).toBe(fresh.profile.locate(path));
    expect(cached!.locate(['phases', 0, 'steps', 0, 'title'])).toMatch(/good\.yaml:\d+:\d+$/);
  });

  it('misses once a file of the chain changes (the child or what it extends), or other runtime vars', () => {
    storeProfile(key, load(), cache);
    expect(cachedProfile(key, cache)).toBeDefined();
    expect(cachedProfile({ ...key, runtimeVars: ['world'] }, cache)).toBeUndefined();
    for (const name of ['good.yaml', 'good-child.yaml']) {
      const file = join(dir, name);
      const text = readFileSync(file, 'utf8');
      writeFileSync(file, `${text}\n# edited\n`);
      expect(cachedProfile(key, cache)).toBeUndefined();
      writeFileSync(file, text);
      expect(cachedProfile(key, cache)).toBeDefined();
    }
  });

  it('keeps the sandbox decision (CHOM_CONSOLE_SANDBOX=1) in the key: either way a hit is what a full load gives', () => {
    // good.yaml's hosts are over ssh: only the variable makes the sandbox serve it
    const plain = { ...key, file: join(dir, 'good.yaml') };
    const served = { ...plain, sandbox: true };
    const fresh = load(plain.file, true);
    expect(fresh.profile.servedBySandbox).toBe(true);
    expect(load(plain.file, false).profile.servedBySandbox).toBe(false);
    storeProfile(served, fresh, cache);
    const cached = cachedProfile(served, cache);
    expect(data(cached!)).toEqual(data(fresh.profile));
    expect(cached!.runtimeVarNames).toContain('sandbox_smtp_host');
    // the entry validated for the sandbox never serves a command without it, nor the other way round
    rmSync(cache, { recursive: true, force: true });
    storeProfile(served, fresh, cache);
    expect(cachedProfile(plain, cache)).toBeUndefined();
    rmSync(cache, { recursive: true, force: true });
    storeProfile(plain, load(plain.file, false), cache);
    expect(cachedProfile(served, cache)).toBeUndefined();
    expect(cachedProfile(plain, cache)!.servedBySandbox).toBe(false);
  });

  it('misses once a script the profile runs, or a library it sources, changes', () => {
    const scripted = join(dir, 'scripted');
    writeTree(scripted, {
      'steps/lib/say.sh': 'say() { echo "$1"; }\n',
      'steps/hello.sh': '. lib/say.sh\nsay "$WHO"\n',
      'p.yaml':
        'name: p\nhosts: { app: { embedded: true } }\nphases:\n  - id: p\n    title: P\n    steps:\n      - { id: s, title: S, host: app, run: { script: steps/hello.sh, env: { WHO: x } } }\n',
    });
    const file = join(scripted, 'p.yaml');
    const scriptedKey = { ...key, file };
    const fresh = load(file);
    storeProfile(scriptedKey, fresh, cache);
    expect(data(cachedProfile(scriptedKey, cache)!)).toEqual(data(fresh.profile));
    expect(cachedProfile(scriptedKey, cache)!.chain).toEqual([file]);
    for (const name of ['steps/hello.sh', 'steps/lib/say.sh']) {
      const path = join(scripted, name);
      const text = readFileSync(path, 'utf8');
      writeFileSync(path, `${text}# edited\n`);
      expect(cachedProfile(scriptedKey, cache), name).toBeUndefined();
      writeFileSync(path, text);
      expect(cachedProfile(scriptedKey, cache), name).toBeDefined();
    }
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { testAlertFix } from './check-fix-location.js';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { interpolate } from '../../source/profile/interpolate.js';
import { loadProfile } from '../../source/profile/profile-loader.js';
import type { LoadedProfile } from '../../source/profile/loaded-profile.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'profiles');
const tmp = mkdtempSync(join(tmpdir(), 'profiles-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function load(ref: string, options = {}): LoadedProfile {
  const result = loadProfile(ref, options);
  if (!result.ok)
    throw new Error(
      result.issues.map((i) => `${i.file}:${i.line}:${i.column} ${i.path} ${i.message}`).join('\n'),
    );
  return result.profile;
}

describe('loadProfile', () => {
  it('loads the good fixture with defaults applied and names derived', () => {
    const profile = load(join(fixtures, 'good.yaml'));
    expect(profile.name).toBe('good');
    expect(profile.chain).toEqual([join(fixtures, 'good.yaml')]);
    expect(profile.dir).toBe(fixtures);
    expect(profile.secretNames.sort()).toEqual(['smtp.password', 'smtp_api.data.password']);
    expect(profile.factNames.sort()).toEqual(['live_release', 'smtp_api']);
    expect(profile.hosts.obs).toMatchObject({ roles: ['observability'] });
    // no port written: none filled in, so ~/.ssh/config's Port can apply (then 22), as for `ssh obs`
    expect(profile.hosts.obs).not.toHaveProperty('port');
    expect(profile.phases[0]?.steps[1]?.run?.expect_exit).toEqual([0]);
  });

  it('resolves a name in the profiles directory', () => {
    expect(load('good', { profilesDir: fixtures }).file).toBe(join(fixtures, 'good.yaml'));
  });

  it('merges a child: mappings by key, hosts replaced whole, sequences inherited unless given', () => {
    const child = load(join(fixtures, 'good-child.yaml'));
    expect(child.chain).toEqual([join(fixtures, 'good-child.yaml'), join(fixtures, 'good.yaml')]);
    expect(child.hosts.app).toEqual({ embedded: true, roles: ['app'], user: 'deploy' });
    expect(child.vars.app_base).toBe('{{world}}/app/var/www/chom');
    expect(child.vars.shared).toBe('{{app_base}}/shared');
    expect(child.settings.type_host_to_confirm).toBe(false);
    expect(child.phases.map((p) => p.id)).toEqual(['preflight', 'deploy']);
    expect(child.runtimeVarNames).toContain('world');
    const scope = child.scope({ runtimeVars: { world: '/tmp/w' } });
    expect(interpolate('{{shared}}', scope, 'plain')).toBe('/tmp/w/app/var/www/chom/shared');
  });

  it('knows the sandbox names wherever the sandbox serves the profile, and only there (one rule for every command)', () => {
    const sshd = join(tmp, 'over-sshd.yaml');
    const hosts =
      'hosts:\n  app: { address: 127.0.0.1, roles: [app] }\n  obs: { address: 127.0.0.1, roles: [observability] }\n';
    writeFileSync(sshd, `name: over-sshd\nextends: ${join(fixtures, 'good-child.yaml')}\n${hosts}`);
    const refused = loadProfile(sshd);
    expect(refused.ok ? [] : refused.issues.map((i) => i.message)).toContainEqual(
      expect.stringMatching(/unknown name in \{\{world\}\}/),
    );
    const forced = load(sshd, { sandbox: true });
    expect([forced.servedBySandbox, forced.runtimeVarNames.includes('world')]).toEqual([true, true]);
    const declared = join(tmp, 'declared.yaml');
    writeFileSync(declared, `name: declared\nextends: ${sshd}\nruntime_vars: [sandbox_commit_bb283db]\n`);
    expect(load(declared).servedBySandbox).toBe(true);
    expect(load(join(fixtures, 'good.yaml')).servedBySandbox).toBe(false);
  });

  it('keeps the origin of merged values: inherited ones point at the base file', () => {
    const child = load(join(fixtures, 'good-child.yaml'));
    const at = (file: string, line: number, column: number) =>
      `${relative(process.cwd(), join(fixtures, file))}:${line}:${column}`;
    expect(child.locate(['vars', 'app_base'])).toBe(at('good-child.yaml', 9, 13));
    expect(child.locate(['vars', 'shared'])).toBe(at('good.yaml', 19, 11));
    expect(child.locate(['phases', 0, 'steps', 1, 'run', 'command'])).toBe(at('good.yaml', 44, 20));
  });

  it('replaces sequences whole in the child', () => {
    const file = join(tmp, 'short.yaml');
    writeFileSync(
      file,
      `name: short\nextends: ${join(fixtures, 'good.yaml')}\nphases:\n  - id: only\n    title: Only\n    steps:\n      - { id: up, title: Up, host: app, run: { command: uptime } }\n`,
    );
    const profile = load(file);
    expect(profile.phases.map((p) => p.id)).toEqual(['only']);
    expect(profile.checks).toHaveLength(2);
  });

  it('needs the runtime vars a profile uses to be declared, supplied or implied by the sandbox', () => {
    const file = join(tmp, 'runtime.yaml');
    const body =
      'hosts: { app: { address: h } }\nphases: [{ id: p, title: P, steps: [{ id: s, title: S, host: app, run: { command: "ls {{port}}" } }] }]\n';
    writeFileSync(file, `name: runtime\n${body}`);
    expect(loadProfile(file).ok).toBe(false);
    expect(loadProfile(file, { runtimeVars: ['port'] }).ok).toBe(true);
    writeFileSync(file, `name: runtime\nruntime_vars: [port]\n${body}`);
    expect(loadProfile(file).ok).toBe(true);
  });

  it('explains a missing profile with the path tried and the names available', () => {
    const result = loadProfile('nope', { profilesDir: fixtures });
    expect(result.ok).toBe(false);
    const issue = !result.ok ? result.issues[0] : undefined;
    expect(issue?.file).toBe(relative(process.cwd(), join(fixtures, 'nope.yaml')));
    expect(issue?.message).toMatch(
      /^expected a profile file for "nope", found no such file; available profiles in .*: bad-child-drops-field, .*good, good-child/,
    );
  });
});

describe('LoadedProfile step helpers', () => {
  const profile = load(join(fixtures, 'good.yaml'));
  const steps = [...profile.phases.flatMap((p) => p.steps)];
  const byId = (id: string) => steps.find((s) => s.id === id)!;

  it('gives each step its one action as a discriminated union', () => {
    expect(steps.map((s) => profile.stepAction(s).kind)).toEqual([
      'lock',
      'run',
      'form',
      'run',
      'release',
      'run',
      'release',
      'config',
      'upload',
      'http',
      'unlock',
    ]);
    const unlock = profile.stepAction(byId('unlock'));
    expect(unlock.kind === 'unlock' && unlock.lock.path).toBe('{{app_base}}/.deploy-lock');
  });

  it('decides whether a step mutates: explicit wins, GET and forms do not', () => {
    expect(profile.stepMutates(byId('disk'))).toBe(false);
    expect(profile.stepMutates(byId('api-status'))).toBe(true);
    expect(profile.stepMutates(byId('health'))).toBe(false);
    expect(profile.stepMutates(byId('smtp-settings'))).toBe(false);
    expect(profile.stepMutates(byId('lock'))).toBe(true);
    expect(
      profile.stepMutates({ ...byId('health'), http: { ...byId('health').http!, method: 'POST' } }),
    ).toBe(true);
  });

  it('refuses a step with two actions, naming them', () => {
    expect(() => profile.stepAction({ ...byId('disk'), form: 'smtp' })).toThrow(
      'step "disk": expected exactly one action, found run, form',
    );
  });
});

describe('a check fix: inherited through extends, or declared by the profile', () => {
  it('drops an inherited fix whose step the child phases replaced, with a note where the base wrote it', () => {
    const result = loadProfile(join(fixtures, 'child-replaces-phases.yaml'));
    if (!result.ok) throw new Error(result.issues.map((issue) => issue.message).join('\n'));
    const check = result.profile.checks.find((c) => c.id === 'int-test-alert-delivered');
    expect(check).toBeDefined();
    expect(check?.fix).toBeUndefined();
    expect(result.profile.checks.every((c) => c.fix === undefined)).toBe(true);
    // production's parts: name its phases too: they are dropped likewise (test/profile/profile-parts.test.ts)
    expect(result.profile.parts).toEqual({});
    expect(result.notes.filter((note) => note.path.startsWith('checks'))).toEqual([
      expect.objectContaining({
        file: 'profiles/production/checks.yaml',
        line: testAlertFix.line,
        column: testAlertFix.column,
        path: 'checks[14].fix',
        message: expect.stringContaining('check "int-test-alert-delivered" has no fix in this profile'),
      }),
    ]);
  });

  it('still refuses a check the profile declares itself with a fix its phases lack, at its line', () => {
    const result = loadProfile(join(fixtures, 'bad-own-fix.yaml'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]).toMatchObject({
      file: relative(process.cwd(), join(fixtures, 'bad-own-fix.yaml')),
      line: 21,
      column: 10,
      path: 'checks[0].fix',
    });
    expect(result.issues[0]?.message).toContain('expected the id of a step under phases');
  });

  it('keeps the fixes of the runbook itself and of a child that keeps its phases', () => {
    for (const name of ['production', 'sandbox']) {
      const result = loadProfile(name);
      if (!result.ok) throw new Error(`${name} does not load`);
      expect(result.notes).toEqual([]);
      expect(result.profile.checks.find((c) => c.id === 'int-test-alert-delivered')?.fix).toBe('test-alert');
    }
  });
});

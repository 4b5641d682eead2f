// `checks: { include: FILE }` (and the other includable sections): the section read from its own file,
// relative to the profile that includes it, inherited through extends, and every issue at file:line:column.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachedProfile, storeProfile } from '../../source/profile/profile-cache.js';
import { displayPath } from '../../source/profile/profile-files.js';
import { loadProfile } from '../../source/profile/profile-loader.js';
import { loadIssues as issues, profileTrees } from '../helpers/profile-tree.js';

const { tree } = profileTrees('chom-include-');

const base = `name: base
hosts:
  app: { embedded: true }
phases:
  - id: p
    title: P
    steps:
      - { id: s, title: S, host: app, run: { command: 'true' } }
`;
const checks = `# the success criteria
- id: up
  group: Application
  title: Up
  explain: The app does not answer.
  host: app
  run:
    script: checks/up.sh
`;
const files = { 'base/checks.yaml': checks, 'base/checks/up.sh': 'curl -sf http://localhost/up\n' };

describe('included sections', () => {
  it('reads checks from their own file, scripts relative to that file, and a child inherits them', () => {
    const dir = tree({ ...files, 'base.yaml': `${base}checks:\n  include: base/checks.yaml\n` });
    const loaded = loadProfile(join(dir, 'base.yaml'));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
    expect(loaded.profile.checks.map((check) => check.id)).toEqual(['up']);
    expect(loaded.profile.checks[0]!.run!.script?.text).toBe('curl -sf http://localhost/up\n');
    expect(loaded.profile.locate(['checks', 0, 'title'])).toBe(
      `${displayPath(join(dir, 'base/checks.yaml'))}:4:10`,
    );
    expect(loaded.inputs).toEqual([
      join(dir, 'base.yaml'),
      join(dir, 'base/checks.yaml'),
      join(dir, 'base/checks/up.sh'),
    ]);
    const child = tree({ 'far/away/child.yaml': `name: child\nextends: ${join(dir, 'base.yaml')}\n` });
    const inherited = loadProfile(join(child, 'far/away/child.yaml'));
    if (!inherited.ok) throw new Error(JSON.stringify(inherited.issues));
    expect(inherited.profile.checks).toEqual(loaded.profile.checks);
  });

  it('reads forms from their own file; a child replacing one field list keeps the rest of the form', () => {
    const form = `smtp:\n  title: SMTP\n  fields:\n    - { id: host, label: Host, type: hostname }\n  live:\n    stored:\n      host: app\n      run: { command: 'cat /etc/smtp.json' }\n      fields: { host: data.host }\n`;
    const dir = tree({
      'base/forms.yaml': form,
      'base.yaml': `${base}forms: { include: base/forms.yaml }\n`,
      'child.yaml': `name: child\nextends: ./base.yaml\nforms:\n  smtp:\n    fields:\n      - { id: host, label: Relay, type: hostname, default: relay.test }\n`,
    });
    const loaded = loadProfile(join(dir, 'child.yaml'));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
    const smtp = loaded.profile.forms['smtp']!;
    expect(smtp.title).toBe('SMTP');
    expect(smtp.fields.map((field) => [field.id, field.label])).toEqual([['host', 'Relay']]);
    expect(smtp.live?.['stored']?.fields).toEqual({ host: 'data.host' });
    const bad = tree({
      'base/forms.yaml': form.replace('type: hostname', 'type: hostnme'),
      'base.yaml': `${base}forms: { include: base/forms.yaml }\n`,
    });
    // the type's value, in the included file
    expect(issues(join(bad, 'base.yaml'), bad).map((issue) => issue.split(' ')[0])).toEqual([
      'base/forms.yaml:4:38',
    ]);
  });

  it('points into the included file for an issue found there', () => {
    const dir = tree({
      'base/checks.yaml': checks.replace('group: Application', 'group: Applicaton'),
      'base/checks/up.sh': 'true\n',
      'base.yaml': `${base}checks:\n  include: base/checks.yaml\n`,
    });
    expect(issues(join(dir, 'base.yaml'), dir)).toEqual([
      'base/checks.yaml:3:10 checks[0].group: expected "Application" or "Observability" or "Integration", found "Applicaton"',
    ]);
  });

  it('refuses a missing file, a path that is not a relative .yaml, and keys beside include', () => {
    const dir = tree({
      ...files,
      'missing.yaml': `${base}checks:\n  include: base/none.yaml\n`,
      'absolute.yaml': `${base}checks:\n  include: /etc/checks.yaml\n`,
      'beside.yaml': `${base}checks:\n  include: base/checks.yaml\n  more: true\n`,
    });
    expect(issues(join(dir, 'missing.yaml'), dir)).toEqual([
      `missing.yaml:10:12 checks.include: expected a file at ${displayPath(join(dir, 'base/none.yaml'))}, found none (an include is relative to ${displayPath(join(dir, 'missing.yaml'))})`,
    ]);
    expect(issues(join(dir, 'absolute.yaml'), dir)).toEqual([
      'absolute.yaml:10:12 checks.include: expected a relative path to a .yaml file (such as production/checks.yaml), found "/etc/checks.yaml"',
    ]);
    expect(issues(join(dir, 'beside.yaml'), dir)).toEqual([
      'beside.yaml:11:3 checks.more: expected include alone in checks, found "more" beside it: write the whole section in the included file',
    ]);
  });

  it('keys the profile cache on the included file', () => {
    const dir = tree({ ...files, 'base.yaml': `${base}checks:\n  include: base/checks.yaml\n` });
    const file = join(dir, 'base.yaml');
    const key = { file, profilesDir: dir, runtimeVars: [], sandbox: false };
    const loaded = loadProfile(file);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
    const cache = join(dir, 'cache');
    storeProfile(key, loaded, cache);
    expect(cachedProfile(key, cache)?.checks).toEqual(loaded.profile.checks);
    const included = join(dir, 'base/checks.yaml');
    writeFileSync(included, `${readFileSync(included, 'utf8')}# edited\n`);
    expect(cachedProfile(key, cache)).toBeUndefined();
  });
});

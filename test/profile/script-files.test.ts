// `run.script` and `run.env` at load time: the file beside the profile that names it (through `extends` too),
// its sourced library inlined, and every mistake reported at file:line:column of the YAML or the script line.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayPath } from '../../source/profile/profile-files.js';
import { loadProfile } from '../../source/profile/profile-loader.js';
import { loadIssues as issues, profileTrees } from '../helpers/profile-tree.js';

const { tree } = profileTrees('chom-scripts-');

const header = `name: scripted
hosts:
  app: { embedded: true }
vars:
  base: /srv/app
forms:
  smtp:
    title: SMTP
    fields: [{ id: password, label: Password, type: secret }]
`;
/** A profile whose only step runs `run` (YAML lines indented for the run mapping). */
const profileWith = (run: string) =>
  `${header}phases:\n  - id: p\n    title: P\n    steps:\n      - id: s\n        title: S\n        host: app\n        run:\n${run}`;
const lib = { 'scripts/lib/say.sh': `say() { printf 'said %s\\n' "$1"; }\n` };
const goodScript = { 'scripts/show.sh': `set -eu\n. lib/say.sh\nsay "$BASE"\n` };

describe('run.script at load time', () => {
  it('reads the script beside the profile with its sourced library inlined, never interpolated', () => {
    const dir = tree({
      ...lib,
      ...goodScript,
      'p.yaml': profileWith(
        `          script: scripts/show.sh\n          env: { BASE: '{{base}}/current' }\n`,
      ),
    });
    const result = loadProfile(join(dir, 'p.yaml'));
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const run = result.profile.phases[0]!.steps[0]!.run!;
    expect(run.script).toEqual({
      path: 'scripts/show.sh',
      text: `set -eu\n# lib/say.sh (sourced, inlined by chom-console)\nsay() { printf 'said %s\\n' "$1"; }\nsay "$BASE"\n`,
    });
    expect(run.env).toEqual({ BASE: '{{base}}/current' });
    expect(result.inputs).toEqual([
      join(dir, 'p.yaml'),
      join(dir, 'scripts/show.sh'),
      join(dir, 'scripts/lib/say.sh'),
    ]);
  });

  it('resolves a script relative to the profile that wrote it, through extends from another folder', () => {
    const base = tree({
      ...lib,
      ...goodScript,
      'base.yaml': profileWith(`          script: scripts/show.sh\n          env: { BASE: '{{base}}' }\n`),
    });
    const child = tree({
      'elsewhere/child.yaml': `name: child\nextends: ${join(base, 'base.yaml')}\nvars:\n  base: /opt/other\n`,
    });
    const result = loadProfile(join(child, 'elsewhere/child.yaml'));
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.profile.phases[0]!.steps[0]!.run!.script?.text).toContain('say "$BASE"');
    // a child that writes its own steps names its own scripts, relative to itself
    const own = tree({
      'mine/show.sh': 'echo "$BASE"\n',
      'child.yaml': `name: child\nextends: ${join(base, 'base.yaml')}\nphases:\n  - id: p\n    title: P\n    steps:\n      - id: s\n        title: S\n        host: app\n        run:\n          script: mine/show.sh\n          env: { BASE: x }\n`,
    });
    const mine = loadProfile(join(own, 'child.yaml'));
    if (!mine.ok) throw new Error(JSON.stringify(mine.issues));
    expect(mine.profile.phases[0]!.steps[0]!.run!.script?.text).toBe('echo "$BASE"\n');
  });

  it('points at the YAML value for a missing script, a bad path, a secret or a reserved name in env', () => {
    const dir = tree({
      ...lib,
      ...goodScript,
      'missing.yaml': profileWith(`          script: scripts/none.sh\n`),
      'absolute.yaml': profileWith(`          script: /etc/passwd.sh\n`),
      'secret.yaml': profileWith(
        `          script: scripts/show.sh\n          env: { BASE: 'x{{smtp.password}}' }\n`,
      ),
      'reserved.yaml': profileWith(
        `          script: scripts/show.sh\n          env: { BASE: x, PATH: /bin }\n`,
      ),
      'raw.yaml': profileWith(
        `          script: scripts/show.sh\n          env: { BASE: '{{base | raw}}' }\n`,
      ),
      'lower.yaml': profileWith(`          script: scripts/show.sh\n          env: { base: x }\n`),
    });
    expect(issues(join(dir, 'missing.yaml'), dir)).toEqual([
      `missing.yaml:18:19 phases[0].steps[0].run.script: expected a file at ${displayPath(join(dir, 'scripts/none.sh'))}, found none (a script path is relative to ${displayPath(join(dir, 'missing.yaml'))})`,
    ]);
    expect(issues(join(dir, 'absolute.yaml'), dir)).toEqual([
      'absolute.yaml:18:19 phases[0].steps[0].run.script: expected a relative path to a .sh file, such as production/backup.sh, found "/etc/passwd.sh"',
    ]);
    expect(issues(join(dir, 'secret.yaml'), dir)).toEqual([
      `secret.yaml:19:26 phases[0].steps[0].run.env.BASE: secret "smtp.password" in a script's env (its values are shown in the command): expected secrets only in run.stdin or config.secret_files[].content`,
    ]);
    expect(issues(join(dir, 'reserved.yaml'), dir)).toEqual([
      expect.stringMatching(
        /^reserved\.yaml:19:27 phases\[0\]\.steps\[0\]\.run\.env\.PATH: expected a name of the script's own, found PATH/,
      ),
    ]);
    expect(issues(join(dir, 'raw.yaml'), dir)).toEqual([
      'raw.yaml:19:25 phases[0].steps[0].run.env.BASE: expected {{base}} in run.env: the engine quotes the whole value, so | raw does nothing here',
    ]);
    expect(issues(join(dir, 'lower.yaml'), dir)).toEqual([
      'lower.yaml:19:18 phases[0].steps[0].run.env.base: expected an upper-case name such as APP_BASE, found the key "base"',
    ]);
  });

  it('refuses a run with both or neither of command and script, env without a script, and an env the script never reads', () => {
    const dir = tree({
      ...lib,
      ...goodScript,
      'both.yaml': profileWith(
        `          command: 'true'\n          script: scripts/show.sh\n          env: { BASE: x }\n`,
      ),
      'neither.yaml': profileWith(`          user: root\n`),
      'env.yaml': profileWith(`          command: echo {{base}}\n          env: { BASE: x }\n`),
      'unused.yaml': profileWith(
        `          script: scripts/show.sh\n          env: { BASE: x, BASE_URL: y }\n`,
      ),
    });
    expect(issues(join(dir, 'both.yaml'), dir)).toEqual([
      'both.yaml:18:11 phases[0].steps[0].run: expected exactly one of run.command or run.script, found both',
    ]);
    expect(issues(join(dir, 'neither.yaml'), dir)).toEqual([
      'neither.yaml:18:11 phases[0].steps[0].run.command: missing required key "command": expected a string',
    ]);
    expect(issues(join(dir, 'env.yaml'), dir)).toEqual([
      'env.yaml:19:11 phases[0].steps[0].run.env: expected env only with run.script: a command interpolates {{name}} itself',
    ]);
    expect(issues(join(dir, 'unused.yaml'), dir)).toEqual([
      'unused.yaml:19:27 phases[0].steps[0].run.env.BASE_URL: expected scripts/show.sh to use $BASE_URL, found no $BASE_URL or ${BASE_URL} in it',
    ]);
  });

  it('points at the script line for a template, a missing library and a source cycle', () => {
    const dir = tree({
      ...lib,
      'scripts/template.sh': `set -eu\ncd {{base}}\n`,
      'scripts/nolib.sh': `set -eu\n  source lib/none.sh\necho "$BASE"\n`,
      'scripts/a.sh': `. b.sh\n`,
      'scripts/b.sh': `. a.sh\n`,
      'template.yaml': profileWith(`          script: scripts/template.sh\n`),
      'nolib.yaml': profileWith(`          script: scripts/nolib.sh\n          env: { BASE: x }\n`),
      'cycle.yaml': profileWith(`          script: scripts/a.sh\n`),
    });
    expect(issues(join(dir, 'template.yaml'), dir)).toEqual([
      `scripts/template.sh:2:4 phases[0].steps[0].run.script: a script is sent as written, so {{base}} would stay literal: give the value in run.env (BASE: '{{base}}') and use "$BASE"`,
    ]);
    expect(issues(join(dir, 'nolib.yaml'), dir)).toEqual([
      `scripts/nolib.sh:2:10 phases[0].steps[0].run.script: cannot source lib/none.sh: expected a file at ${displayPath(join(dir, 'scripts/lib/none.sh'))}, found none`,
    ]);
    expect(issues(join(dir, 'cycle.yaml'), dir)).toEqual([
      expect.stringMatching(
        /^scripts\/b\.sh:1:3 phases\[0\]\.steps\[0\]\.run\.script: source cycle: .*a\.sh → .*b\.sh → .*a\.sh$/,
      ),
    ]);
  });
});

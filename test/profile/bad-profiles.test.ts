// Every malformed fixture fails with its first issue at an exact file:line:column and YAML path.
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../../source/profile/profile-loader.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'profiles');
const shown = (name: string) => relative(process.cwd(), join(fixtures, name));

// [fixture, file of the first issue, line, column, path, message fragment]
const cases: [string, string, number, number, string, string][] = [
  ['bad-yaml-syntax.yaml', 'bad-yaml-syntax.yaml', 4, 1, '', 'YAML syntax error'],
  [
    'bad-wrong-type.yaml',
    'bad-wrong-type.yaml',
    11,
    19,
    'phases[0].steps[0].critical',
    'expected true or false, found "yes please"',
  ],
  [
    'bad-unknown-key.yaml',
    'bad-unknown-key.yaml',
    9,
    1,
    'chekcs',
    'unknown key "chekcs"; did you mean "checks"?',
  ],
  [
    'bad-unknown-key-deep.yaml',
    'bad-unknown-key-deep.yaml',
    12,
    11,
    'phases[0].steps[0].run.comand',
    'did you mean "command"?',
  ],
  [
    'bad-two-actions.yaml',
    'bad-two-actions.yaml',
    12,
    9,
    'phases[0].steps[0].http',
    'expected exactly one action, found 2: run, http',
  ],
  ['bad-no-action.yaml', 'bad-no-action.yaml', 9, 9, 'phases[0].steps[1]', 'found none'],
  [
    'bad-when-fact.yaml',
    'bad-when-fact.yaml',
    16,
    23,
    'phases[0].steps[1].when.fact',
    'expected a fact a step saves with save_as (migration_status), found "migraton_status"',
  ],
  [
    'bad-when-typo.yaml',
    'bad-when-typo.yaml',
    12,
    22,
    'phases[0].steps[0].when.skip_if.pending_migration',
    'unknown key "pending_migration"; did you mean "pending_migrations"?',
  ],
  [
    'bad-when-value.yaml',
    'bad-when-value.yaml',
    12,
    42,
    'phases[0].steps[0].when.skip_if.pending_migrations',
    'expected "none", found "some"',
  ],
  [
    'bad-when-two.yaml',
    'bad-when-two.yaml',
    12,
    20,
    'phases[0].steps[0].when.skip_if',
    'expected exactly one condition (one of: pending_migrations, config, unchanged, fact, any, all), found pending_migrations and config',
  ],
  [
    'bad-when-config.yaml',
    'bad-when-config.yaml',
    15,
    27,
    'phases[0].steps[0].when.skip_if.any[1].config',
    'expected `config: identical` on a config step, found it on a run step',
  ],
  [
    'bad-when-unchanged.yaml',
    'bad-when-unchanged.yaml',
    18,
    37,
    'phases[0].when.skip_if.all[0].unchanged',
    'expected FORM.SOURCE naming a live source of a form (smtp.stored), found "smtp.stord"',
  ],
  [
    'bad-dangling-host.yaml',
    'bad-dangling-host.yaml',
    10,
    15,
    'phases[0].steps[0].host',
    'expected a host of the profile (app)',
  ],
  [
    'bad-dangling-form.yaml',
    'bad-dangling-form.yaml',
    12,
    53,
    'phases[0].steps[0].form',
    'expected a form of the profile (smtp), found "smpt"',
  ],
  [
    'bad-unknown-var.yaml',
    'bad-unknown-var.yaml',
    14,
    27,
    'phases[0].steps[0].run.command',
    'did you mean "app_base"?',
  ],
  [
    'bad-secret-in-command.yaml',
    'bad-secret-in-command.yaml',
    17,
    59,
    'phases[0].steps[1].run.command',
    'secret "smtp.password" in a command line',
  ],
  [
    'bad-secret-raw.yaml',
    'bad-secret-raw.yaml',
    18,
    18,
    'phases[0].steps[0].run.command',
    '| raw does not change that',
  ],
  [
    'bad-secret-in-url.yaml',
    'bad-secret-in-url.yaml',
    15,
    54,
    'phases[0].steps[0].http.url',
    'secret "smtp.password" in plain text',
  ],
  ['bad-extends-cycle-a.yaml', 'bad-extends-cycle-b.yaml', 2, 10, 'extends', 'extends cycle: '],
  [
    'bad-extends-missing.yaml',
    'bad-extends-missing.yaml',
    2,
    10,
    'extends',
    'expected a profile "no-such-profile" to extend, found no file',
  ],
  ['bad-var-cycle.yaml', 'bad-var-cycle.yaml', 6, 6, 'vars.a', 'var cycle: a → b → c → a'],
  [
    'bad-duplicate-step.yaml',
    'bad-duplicate-step.yaml',
    12,
    15,
    'phases[1].steps[0].id',
    'expected a unique step id, found "step" again (first at phases[0].steps[0])',
  ],
  ['bad-fingerprint.yaml', 'bad-fingerprint.yaml', 5, 18, 'hosts.app.fingerprint', 'found "SHA256:tooShort"'],
  ['bad-port.yaml', 'bad-port.yaml', 5, 11, 'hosts.app.port', 'expected a number ≤ 65535, found 70000'],
  [
    'bad-proxy-jump.yaml',
    'bad-proxy-jump.yaml',
    5,
    17,
    'hosts.app.proxy_jump',
    'expected [user@]host[:port], comma-separated for a chain (as OpenSSH ProxyJump), found "ops@bastion:22:x"',
  ],
  [
    'bad-on-failure.yaml',
    'bad-on-failure.yaml',
    11,
    33,
    'phases[0].steps[0].on_failure.rollback',
    'expected rollback.app to be defined',
  ],
  ['bad-http-from.yaml', 'bad-http-from.yaml', 11, 54, 'phases[0].steps[0].http.from', 'found "mentat"'],
  [
    'bad-malformed-template.yaml',
    'bad-malformed-template.yaml',
    11,
    31,
    'phases[0].steps[0].run.command',
    'expected {{name}} or {{name | raw}}, found {{ two words }}',
  ],
  [
    'bad-release-op.yaml',
    'bad-release-op.yaml',
    11,
    24,
    'phases[0].steps[0].release.op',
    'expected one of "create", "activate", "rollback", "cleanup", found "switch"',
  ],
  [
    'bad-staged.yaml',
    'bad-staged.yaml',
    8,
    66,
    'phases[0].steps[0].run.command',
    '{{staged}} is set only inside config.validate',
  ],
  [
    'bad-host-both.yaml',
    'bad-host-both.yaml',
    5,
    5,
    'hosts.app.embedded',
    'cannot be combined with the other keys here',
  ],
  // A check's `fix:` must name a deploy step (issue 13 item 7).
  [
    'bad-fix-step.yaml',
    'bad-fix-step.yaml',
    15,
    10,
    'checks[0].fix',
    'expected the id of a step under phases (the step that repairs this check), found "send-test-alrt"; did you mean "send-test-alert"?',
  ],
  [
    'bad-fix-step-alone.yaml',
    'bad-fix-step-alone.yaml',
    16,
    10,
    'checks[0].fix',
    'expected a step that can run alone, found "migrate" using {{release_path}}, which only earlier steps of a deploy set',
  ],
  // The child drops a form field; the broken reference is reported where the parent wrote it.
  [
    'bad-child-drops-field.yaml',
    'good.yaml',
    71,
    19,
    'phases[1].steps[1].run.stdin',
    'unknown form field in {{smtp.password}}',
  ],
];

describe('malformed profiles', () => {
  it.each(cases)('%s → %s:%i:%i %s', (fixture, file, line, column, path, message) => {
    const result = loadProfile(join(fixtures, fixture));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const [first] = result.issues;
    expect(first).toMatchObject({ file: shown(file), line, column, path });
    expect(first?.message).toContain(message);
  });

  it('names the whole extends cycle', () => {
    const result = loadProfile(join(fixtures, 'bad-extends-cycle-a.yaml'));
    const names = ['bad-extends-cycle-a.yaml', 'bad-extends-cycle-b.yaml', 'bad-extends-cycle-a.yaml'].map(
      shown,
    );
    expect(!result.ok && result.issues[0]?.message).toBe(`extends cycle: ${names.join(' → ')}`);
  });

  it('reports a missing required key next to the unknown key that was probably meant', () => {
    const result = loadProfile(join(fixtures, 'bad-unknown-key-deep.yaml'));
    expect(!result.ok && result.issues.map((i) => i.path)).toEqual([
      'phases[0].steps[0].run.comand',
      'phases[0].steps[0].run.command',
    ]);
    expect(!result.ok && result.issues[1]?.message).toBe('missing required key "command": expected a string');
  });
});

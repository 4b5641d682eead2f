import { describe, expect, it } from 'vitest';
import { testAlertFix } from '../profile/check-fix-location.js';
import { fixtures, runCli } from './run-cli.js';

describe('chom-console profiles', () => {
  it('validate: exit 0 with a one-line summary', async () => {
    const run = await runCli(['profiles', 'validate', 'test/fixtures/profiles/good-child.yaml']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(
      'OK test/fixtures/profiles/good-child.yaml: profile "good-child" (extends test/fixtures/profiles/good.yaml): 2 hosts, 2 phases, 11 steps, 2 checks, 1 probes',
    );
  });

  it('validate: an inherited check whose fix step the phases replaced is a note, not an error', async () => {
    const run = await runCli(['profiles', 'validate', 'test/fixtures/profiles/child-replaces-phases.yaml']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'OK test/fixtures/profiles/child-replaces-phases.yaml: profile "child-replaces-phases"',
    );
    expect(run.stdout).toContain(
      `note: profiles/production/checks.yaml:${testAlertFix.line}:${testAlertFix.column}: checks[14].fix: check "int-test-alert-delivered" has no fix in this profile`,
    );
  });

  it('validate: exit 2 with formatted issues on stderr', async () => {
    const run = await runCli(['profiles', 'validate', 'test/fixtures/profiles/bad-secret-raw.yaml']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      'test/fixtures/profiles/bad-secret-raw.yaml:18:18: phases[0].steps[0].run.command: secret "smtp.password"',
    );
  });

  it('list: name, description, extends and file of each profile', async () => {
    const run = await runCli(['profiles', 'list'], { CHOM_CONSOLE_PROFILES_DIR: fixtures });
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines.find((line) => line.startsWith('good-child '))).toMatch(
      /^good-child +Child fixture on the embedded sandbox {2}\[extends: \.\/good\.yaml\] {2}test\/fixtures\/profiles\/good-child\.yaml$/,
    );
    expect(lines.some((line) => line.startsWith('bad-yaml-syntax ') && line.includes('unreadable'))).toBe(
      true,
    );
  });
});

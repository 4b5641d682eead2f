import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PlanDocument } from '../../source/report/plan-document.js';
import { fixtures, runCli } from './run-cli.js';

const good = join('test', 'fixtures', 'profiles', 'good.yaml');

describe('chom-console plan', () => {
  it('--format json prints one JSON document with the exact commands, and nothing else', async () => {
    const run = await runCli(['plan', '--profile', good, '--format', 'json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const plan = JSON.parse(run.stdout) as PlanDocument;
    expect(plan.profile).toMatchObject({ name: 'good', file: good, extends: [] });
    expect(plan.phases.map((p) => p.id)).toEqual(['preflight', 'deploy']);
    const disk = plan.phases[0]!.steps[1]!;
    expect(disk).toMatchObject({
      id: 'disk',
      host: 'app',
      user: 'deploy',
      critical: false,
      mutates: false,
      action: 'run',
    });
    expect(disk.command).toBe(`df -h '/var/www/chom' && echo 'it'\\''s a $(test) \`value\`'`);
    const store = plan.phases[1]!.steps[1]!;
    expect(store).toMatchObject({
      user: 'www-data',
      critical: true,
      mutates: true,
      stdin: '‹secret:smtp.password›',
      cwd: '‹builtin:release_path›',
    });
    expect(store.command).toContain('--host ‹form:smtp.host› --api-host ‹fact:smtp_api.data.host›');
    expect(plan.checks).toEqual([
      {
        id: 'health',
        group: 'Application',
        title: 'The application answers',
        host: 'console',
        explain: 'The site is down for users.',
      },
      {
        id: 'rules',
        group: 'Observability',
        title: 'Rules are loaded',
        host: 'obs',
        explain: 'Alerts will not fire.',
      },
    ]);
    expect(Object.keys(plan.rollback)).toEqual(['app', 'observability']);
  });

  it('shows runtime vars not supplied as ‹runtime:name› through an extending profile', async () => {
    const run = await runCli(['--profile', join(fixtures, 'good-child.yaml'), 'plan', '--format', 'json']);
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout) as PlanDocument;
    expect(plan.profile.extends).toEqual([good]);
    expect(plan.phases[0]!.steps[1]!.command).toBe(
      `df -h '‹runtime:world›/app/var/www/chom' && echo 'it'\\''s a $(test) \`value\`'`,
    );
  });

  it('prints a readable Markdown plan by default', async () => {
    const run = await runCli(['plan', '--profile', good]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('# Plan: good — Fixture runbook for the profile and CLI tests');
    expect(run.stdout).toContain(
      '2.2 **Store the SMTP password** `store-password` — app as www-data · mutates · CRITICAL',
    );
    expect(run.stdout).toContain('stdin: ‹secret:smtp.password›');
  });

  it('refuses an invalid profile with exit 2 and file:line:column on stderr', async () => {
    const run = await runCli([
      'plan',
      '--profile',
      join('test', 'fixtures', 'profiles', 'bad-port.yaml'),
      '--format',
      'json',
    ]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      'test/fixtures/profiles/bad-port.yaml:5:11: hosts.app.port: expected a number ≤ 65535, found 70000',
    );
  });

  it('uses the last used profile from the settings, else sandbox', async () => {
    const home = mkdtempSync(join(tmpdir(), 'chom-home-'));
    writeFileSync(join(home, 'settings.json'), JSON.stringify({ lastProfile: join(fixtures, 'good.yaml') }));
    const last = await runCli(['plan', '--format', 'json'], { CHOM_CONSOLE_HOME: home });
    rmSync(home, { recursive: true, force: true });
    expect(last.code).toBe(0);
    expect((JSON.parse(last.stdout) as PlanDocument).profile.name).toBe('good');
    const missing = await runCli(['plan'], {
      CHOM_CONSOLE_PROFILES_DIR: join(fixtures, 'none'),
      CHOM_CONSOLE_HOME: join(fixtures, 'none'),
    });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('expected a profile file for "sandbox", found no such file');
  });
});

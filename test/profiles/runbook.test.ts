// The runbook itself (profiles/production.yaml and sandbox.yaml): its shape against the seed and chom-world,
// its secret handling, and a real run of it through the engine against the embedded sandbox world.
import type { HostConnections } from '../../source/cli/host-connections.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { headlessGates } from '../../source/engine/run/gates.js';
import { createRunner, type RunPlan, type RunSummary } from '../../source/engine/run/runner.js';
import type { LoadedProfile } from '../../source/profile/loaded-profile.js';
import { loadProfile } from '../../source/profile/profile-loader.js';
import type { Profile, RunAction, Step } from '../../source/profile/schema.js';
import { portNames, type PortName, type Ports } from '../../source/sandbox/lifecycle/ports.js';
import { runtimeVars } from '../../source/sandbox/lifecycle/runtime-vars.js';
import type { RunningSandbox } from '../../source/sandbox/lifecycle/sandbox.js';
import type { WorldFacts } from '../../source/sandbox/world/world.js';
import type { SshTransport } from '../../source/transport/ssh-transport.js';
import {
  loadSandboxProfile,
  smtpValues,
  startWorld,
  worldTransports,
  type World,
} from '../helpers/sandbox-world.js';

const profilesDir = resolve('profiles');

function load(name: string, runtime: readonly string[] = []): LoadedProfile {
  const result = loadProfile(name, { profilesDir, runtimeVars: runtime });
  if (!result.ok)
    throw new Error(
      result.issues.map((i) => `${i.file}:${i.line}:${i.column} ${i.path}: ${i.message}`).join('\n'),
    );
  return result.profile;
}

/** Every step of the runbook, phases and rollback targets. */
function allSteps(profile: Profile): Step[] {
  return [
    ...profile.phases.flatMap((p) => p.steps),
    ...Object.values(profile.rollback).flatMap((r) => r?.steps ?? []),
  ];
}

/** Every string in a value with its dotted path. */
function strings(value: unknown, path = ''): { path: string; text: string }[] {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, i) => strings(item, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) =>
      strings(item, path === '' ? key : `${path}.${key}`),
    );
  }
  return [];
}

/** A run action's shell as written: its command, or its script's text (libraries inlined) after its env. */
function shell(run: RunAction | undefined): string {
  if (!run) return '';
  const env = Object.entries(run.env ?? {}).map(([name, value]) => `${name}=${value}`);
  return [...env, run.command ?? run.script?.text ?? ''].join('\n');
}

/** Every shell script of the profile: run commands, after-switch commands, validators, log followers. */
function commands(profile: Profile): { where: string; text: string }[] {
  const out: { where: string; text: string }[] = [];
  for (const step of allSteps(profile)) {
    if (step.run) out.push({ where: step.id, text: shell(step.run) });
    if (step.config) out.push({ where: step.id, text: step.config.validate });
    if (step.release && (step.release.op === 'activate' || step.release.op === 'rollback')) {
      for (const command of step.release.after) out.push({ where: step.id, text: command });
    }
  }
  for (const item of [...profile.checks, ...profile.assess])
    if (item.run) out.push({ where: item.id, text: shell(item.run) });
  for (const [host, log] of Object.entries(profile.logs))
    out.push({ where: `logs.${host}`, text: log.command });
  return out;
}

describe('production runbook', () => {
  const production = load('production');
  const step = (id: string): Step => {
    const found = allSteps(production).find((s) => s.id === id);
    if (!found) throw new Error(`no step ${id}`);
    return found;
  };

  it('loads cleanly, with the two seed hosts and typed-host confirmation', () => {
    expect(Object.keys(production.hosts).sort()).toEqual(['landsraad', 'mentat']);
    expect(production.hosts.landsraad).toMatchObject({
      address: 'landsraad.arewel.com',
      user: 'stilgar',
      roles: ['app'],
    });
    expect(production.hosts.mentat).toMatchObject({
      address: 'mentat.arewel.com',
      user: 'stilgar',
      roles: ['observability', 'deploy-hub'],
    });
    expect(production.settings.type_host_to_confirm).toBe(true);
  });

  it('has the five phases of the seed, in order', () => {
    expect(production.phases.map((p) => p.title)).toEqual([
      'Update deployment scripts on mentat',
      'Deploy application to landsraad',
      'Configure SMTP settings',
      'Deploy observability updates to mentat',
      'Verify deployment',
    ]);
  });

  it('has exactly the 17 success criteria: 6 Application, 7 Observability, 4 Integration, each explained', () => {
    expect(production.checks).toHaveLength(17);
    const count = (group: string) => production.checks.filter((c) => c.group === group).length;
    expect([count('Application'), count('Observability'), count('Integration')]).toEqual([6, 7, 4]);
    for (const check of production.checks) expect(check.explain.length, check.id).toBeGreaterThan(20);
    expect(new Set(production.checks.map((c) => c.id)).size).toBe(17);
  });

  it('confirms the migration and the switch, and rolls the app back when the post-switch health check fails', () => {
    expect(step('migrate').critical).toBe(true);
    expect(shell(step('migrate').run)).toContain('php artisan migrate --force');
    expect(step('switch').critical).toBe(true);
    expect(step('switch').release).toMatchObject({ op: 'activate' });
    const after = step('switch').release?.op === 'activate' ? step('switch').release : undefined;
    expect(after && 'after' in after ? after.after.join('\n') : '').toMatch(
      /systemctl reload \{\{php_fpm_unit\}\}/,
    );
    expect(step('health-check').on_failure).toEqual({ rollback: 'app' });
    // rollback.app lives in production/rollback.yaml: its switch-back reloads exactly what the switch does
    const back = step('switch-back').release;
    expect(back && 'after' in back ? back.after : []).toEqual(
      after && 'after' in after ? after.after : ['?'],
    );
    expect(production.vars.php_fpm_unit).toBe('php8.2-fpm');
  });

  it('never runs deploy-chom.sh or deploy-observability.sh (it only stages and hashes the latter)', () => {
    // here-document bodies are data (verify-staged-set lists the files it hashes), not commands
    const code = (text: string) => text.replace(/<<'(\w+)'\n[\s\S]*?\n\1\n/g, '\n');
    const invoked =
      /(^|[;&|(`]\s*|\b(bash|sh|exec|sudo|source)\s+(-\S+\s+)*|\.\/)\S*deploy-(chom|observability)\.sh/m;
    for (const { where, text } of commands(production)) expect(invoked.test(code(text)), where).toBe(false);
    for (const s of allSteps(production)) {
      if (s.upload) continue;
      const own = strings({ run: s.run, release: s.release, config: s.config, http: s.http });
      for (const { text } of own) expect(code(text), s.id).not.toMatch(/deploy-(chom|observability)\.sh/);
    }
    expect(step('stage-deploy-observability-script').upload?.to).toBe(
      '{{deploy_hub}}/scripts/deploy-observability.sh',
    );
    expect(shell(step('verify-staged-set').run)).toContain('deploy/scripts/deploy-observability.sh');
  });

  it('stages the whole changed deploy set of bb283db, not just the two files of the seed', () => {
    const staged = allSteps(production).flatMap((s) => (s.upload ? [s.upload.source] : []));
    expect(staged.map((source) => source.replace('{{repo}}/', '')).sort()).toEqual([
      'deploy/config/mentat/alertmanager.yml',
      'deploy/config/mentat/prometheus-alerts/basic.yml',
      'deploy/config/mentat/prometheus-alerts/exporters.yml',
      'deploy/config/mentat/prometheus.yml',
      'deploy/scripts/deploy-observability.sh',
    ]);
  });

  it('writes the SMTP password only on stdin or into a secret file', () => {
    const secret = /\{\{\s*(smtp\.password|smtp_api(\.data(\.password)?)?)\s*(\|\s*raw\s*)?\}\}/;
    const uses = strings(production).filter(({ text }) => secret.test(text));
    expect(uses.map((u) => u.path).sort()).toEqual([
      'phases[2].steps[1].run.stdin',
      'phases[3].steps[2].config.secret_files[0].content',
      // the secret file's predicted content (plan --live compares it on mentat over stdin)
      'preflight[0].facts.smtp_api.data.password',
    ]);
    expect(production.secretNames.sort()).toEqual(['smtp.password', 'smtp_api.data.password']);
    const alertmanager = step('configure-alertmanager').config;
    expect(alertmanager?.unset).toContain('global.smtp_auth_password');
    expect(alertmanager?.secret_files[0]).toMatchObject({
      mode: '0640',
      reference: 'global.smtp_auth_password_file',
    });
  });

  it('is refused by the loader when a profile puts the password into a command line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chom-runbook-leak-'));
    try {
      const file = join(dir, 'leak.yaml');
      writeFileSync(
        file,
        `name: leak\nextends: ${join(profilesDir, 'production.yaml')}\nvars:\n  app_base: '/srv/{{smtp.password}}'\n`,
      );
      const result = loadProfile(file, { profilesDir });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.issues.map((i) => i.message).join('\n')).toMatch(/secret/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names every fact of the seed assessment among its probe facts', () => {
    const seedFacts = [
      // landsraad: deployment status
      'current_target',
      'current_release',
      'deployed_commit',
      'deployed_commit_message',
      'deployed_branch',
      'deployed_at',
      'app_version',
      'releases',
      'shared_dir',
      'shared_env',
      // landsraad: application status and missing components
      'php_fpm_state',
      'php_fpm_workers',
      'system_setting_model',
      'system_config_controller',
      'observability_health_controller',
      'smtp_export_command',
      'alertmanager_sync_command',
      'smtp_config_api_status',
      'observability_health_api_status',
      'last_migration',
      'last_migration_batch',
      'pending_migrations',
      'system_settings_table',
      // mentat: observability stack
      'prometheus_state',
      'prometheus_active_since',
      'prometheus_config',
      'prometheus_storage',
      'prometheus_external_url',
      'alertmanager_state',
      'alertmanager_active_since',
      'alertmanager_config',
      'alertmanager_storage',
      'alertmanager_external_url',
      'grafana_database',
      'rule_files',
      'prometheus_rule_groups',
      'target_files',
      'alertmanager_smtp_state',
      'deploy_hub_scripts',
      'deploy_hub_is_git',
      'deploy_hub_updated',
      // beyond the seed: the reload gauges and the password exposure finding (chom-world)
      'prometheus_reload_successful',
      'alertmanager_reload_successful',
      'smtp_api_exposes_password',
    ];
    const facts = new Set(production.factNames);
    expect(seedFacts.filter((name) => !facts.has(name))).toEqual([]);
    for (const probe of production.assess) expect(probe.http?.method ?? 'GET', probe.id).not.toBe('POST');
  });

  it('defines both rollback targets and follows laravel.log and the journal', () => {
    expect(production.rollback.app?.steps.some((s) => s.release?.op === 'rollback')).toBe(true);
    expect(production.rollback.observability?.steps.map((s) => s.id)).toEqual([
      'restore-snapshot',
      'reload-alertmanager',
      'reload-prometheus',
    ]);
    expect(production.logs.landsraad?.command).toContain('laravel.log');
    expect(production.logs.mentat?.command).toMatch(/journalctl -u prometheus -u alertmanager -f/);
  });
});

describe('sandbox runbook', () => {
  const productionText = YAML.parse(readFileSync(join(profilesDir, 'production.yaml'), 'utf8')) as Record<
    string,
    unknown
  >;
  const sandboxText = YAML.parse(readFileSync(join(profilesDir, 'sandbox.yaml'), 'utf8')) as Record<
    string,
    unknown
  >;

  it('overrides only hosts, path/URL vars, settings and the form defaults of production', () => {
    expect(sandboxText.extends).toBe('production');
    const allowed = ['name', 'extends', 'description', 'runtime_vars', 'settings', 'hosts', 'vars', 'forms'];
    expect(Object.keys(sandboxText).filter((key) => !allowed.includes(key))).toEqual([]);
    const vars = sandboxText.vars as Record<string, string>;
    // production writes its vars and forms in their own files (`vars: { include: production/vars.yaml }`)
    const includedText = (section: string) =>
      YAML.parse(
        readFileSync(join(profilesDir, (productionText[section] as { include: string }).include), 'utf8'),
      ) as unknown;
    const productionVars = includedText('vars') as Record<string, unknown>;
    for (const name of Object.keys(vars)) {
      expect(productionVars, name).toHaveProperty(name);
      expect(name, 'a path, URL, source or address var').toMatch(
        /_base$|^obs_|^deploy_hub$|^tmp_dir$|^repo|^commit$|_url$|_hostport$/,
      );
    }
    const strip = (fields: unknown) =>
      (fields as Record<string, unknown>[]).map(({ default: _d, help: _h, ...rest }) => rest);
    const smtp = (profile: Record<string, unknown>) =>
      (profile.forms as { smtp: { fields: unknown } }).smtp.fields;
    expect(strip(smtp(sandboxText))).toEqual(strip(smtp({ forms: includedText('forms') })));
  });

  it('declares only runtime vars the sandbox really exports', () => {
    const ports = Object.fromEntries(
      (Object.keys(portNames) as PortName[]).map((n, i) => [n, 40_000 + i]),
    ) as Ports;
    const facts = {
      commits: { bb283db: 'b'.repeat(40), '7f572d2': '7'.repeat(40) },
      messages: {},
      liveRelease: 'x',
      releases: [],
      ports,
    } as WorldFacts;
    const exported = Object.keys(runtimeVars('/tmp/home', ports, facts));
    expect((sandboxText.runtime_vars as string[]).filter((name) => !exported.includes(name))).toEqual([]);
    expect(load('sandbox', exported).settings.type_host_to_confirm).toBe(false);
  });

  it('runs the same phases, checks, probes and rollback as production', () => {
    const production = load('production');
    const sandbox = load('sandbox');
    expect(sandbox.phases).toEqual(production.phases);
    expect(sandbox.checks).toEqual(production.checks);
    expect(sandbox.assess).toEqual(production.assess);
    expect(sandbox.rollback).toEqual(production.rollback);
    expect(Object.values(sandbox.hosts).every((host) => 'embedded' in host)).toBe(true);
  });
});

describe('the sandbox runbook, run through the engine', () => {
  // A password with every character that broke the old scripts (quote, backslash, &, |, $, ;).
  const password = `it's "a" \\pa$$word&|; %s`;
  const operator = 'runbook-test';
  let world: World | undefined;
  let sandbox: RunningSandbox;
  let profile: LoadedProfile;
  const transports = new Map<string, SshTransport>();
  let connections: HostConnections | undefined;
  const events: string[] = [];

  async function run(plan: RunPlan): Promise<RunSummary> {
    const values = smtpValues(sandbox, { username: 'alerts@sandbox.test', password });
    const runner = createRunner({
      profile,
      plan,
      transports,
      gates: headlessGates({ yes: true, operator, values }),
      operator,
      runtimeVars: sandbox.runtimeVars,
      profileDir: profilesDir,
    });
    runner.subscribe((event) => events.push(JSON.stringify(event)));
    return runner.run();
  }

  beforeAll(async () => {
    world = await startWorld('chom-runbook-', { smtp: { user: 'alerts@sandbox.test', password } });
    sandbox = world.sandbox;
    profile = loadSandboxProfile(sandbox);
    connections = worldTransports(profile, sandbox);
    for (const [name, transport] of connections.transports) transports.set(name, transport);
  });

  afterAll(async () => {
    await connections?.close();
    await world?.close();
  });

  it('deploys, passes all 17 checks, delivers the test alert, and rolls both sides back', async () => {
    const deploy = await run({ mode: 'deploy', phases: profile.phases });
    expect(deploy.message ?? 'ok', events.filter((e) => e.includes('"failure"')).join('\n')).toBe('ok');
    expect(deploy.exitCode).toBe(0);

    const verify = await run({ mode: 'verify', checks: profile.checks });
    const failed = events.filter((e) => e.includes('"check-finished"') && !e.includes('"outcome":"pass"'));
    expect(failed).toEqual([]);
    expect(verify.exitCode).toBe(0);
    expect(sandbox.mail.list().some((mail) => mail.authUser === 'alerts@sandbox.test')).toBe(true);

    const observability = profile.rollback.observability!;
    const app = profile.rollback.app!;
    const rollback = await run({
      mode: 'rollback',
      phases: [
        { id: 'rollback-observability', title: observability.title, steps: observability.steps },
        { id: 'rollback-app', title: app.title, steps: app.steps },
      ],
    });
    expect(rollback.exitCode).toBe(0);
    const assess = await run({ mode: 'assess', probes: profile.assess });
    expect(assess.exitCode).toBe(0);
    const fact = (name: string) => events.filter((e) => e.includes(`"name":"${name}"`)).pop() ?? '';
    expect(fact('current_release')).toContain('20260106_132320');
    expect(fact('alertmanager_smtp_state')).toContain('commented');
    expect(fact('rule_files')).not.toContain('exporters.yml');
  }, 300_000);

  it('never shows the SMTP password in any event of those runs', () => {
    expect(events.length).toBeGreaterThan(100);
    const leaked = events.filter(
      (e) => e.includes(JSON.stringify(password).slice(1, -1)) || e.includes('pa$$word'),
    );
    expect(leaked).toEqual([]);
  });
});

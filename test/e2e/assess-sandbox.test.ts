// The assessment against a fresh sandbox world, in-process over SSH (as test/profiles/runbook.test.ts runs the
// engine): the seed's before-state facts, read-only proof by tree hash and journal, then a real deploy of the
// runbook and no drift afterwards.
import type { HostConnections } from '../../source/cli/host-connections.js';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Assessment } from '../../source/engine/assess/assess-model.js';
import { assessProbes, runAssessment } from '../../source/engine/assess/assess-session.js';
import { headlessGates } from '../../source/engine/run/gates.js';
import { buildRunPlan } from '../../source/engine/plan/plan.js';
import type { RunEvent } from '../../source/engine/run/events.js';
import { historySince, historySinceAsync, readRepository } from '../../source/engine/assess/repo/repo-git.js';
import { createRunner } from '../../source/engine/run/runner.js';
import type { LoadedProfile } from '../../source/profile/loaded-profile.js';
import { assessmentJson } from '../../source/report/assessment-json.js';
import { assessmentMarkdown } from '../../source/report/assessment-markdown.js';
import type { RunningSandbox } from '../../source/sandbox/lifecycle/sandbox.js';
import { hashWorld } from '../../source/sandbox/lifecycle/world-hash.js';
import type { SshTransport } from '../../source/transport/ssh-transport.js';
import type { Transport } from '../../source/transport/transport.js';
import {
  loadSandboxProfile,
  profilesDir,
  startWorld,
  worldTransports,
  type World,
} from '../helpers/sandbox-world.js';

const password = `as$e's "pw" &|;`;

describe('assess on the sandbox world', () => {
  let world: World | undefined;
  let home: string;
  let sandbox: RunningSandbox;
  let profile: LoadedProfile;
  const transports = new Map<string, SshTransport>();
  let connections: HostConnections | undefined;

  const assess = async (): Promise<Assessment> => {
    const run = await runAssessment({
      profile,
      transports,
      runtimeVars: sandbox.runtimeVars,
      snapshot: readRepository(sandbox.runtimeVars.sandbox_repo_dir!),
      operator: 'assess-test',
      profileDir: profilesDir,
      stateDir: home,
    });
    expect(run.refused).toBeNull();
    return run.assessment!;
  };
  const app = (a: Assessment) => {
    const section = a.hosts.landsraad!;
    if (section.role !== 'app') throw new Error('landsraad is not the app host');
    return section.facts;
  };
  const obs = (a: Assessment) => {
    const section = a.hosts.mentat!;
    if (section.role !== 'observability') throw new Error('mentat is not the observability host');
    return section.facts;
  };

  beforeAll(async () => {
    world = await startWorld('chom-assess-e2e-', { smtp: { user: 'alerts@sandbox.test', password } });
    ({ home, sandbox } = world);
    profile = loadSandboxProfile(sandbox);
    connections = worldTransports(profile, sandbox);
    for (const [name, transport] of connections.transports) transports.set(name, transport);
  }, 60_000);

  afterAll(async () => {
    await connections?.close();
    await world?.close();
  });

  it("reports the seed's before-state, changes nothing, and journals every command it sent", async () => {
    const before = hashWorld(home);
    const a = await assess();
    expect(hashWorld(home)).toBe(before);

    const json = JSON.parse(assessmentJson(a)) as {
      hosts: Record<string, { facts: Record<string, unknown> }>;
    };
    const landsraad = json.hosts.landsraad!.facts;
    expect(landsraad.current_release).toBe('20260106_132320');
    expect(landsraad.commit).toBe(sandbox.facts.commits['7f572d2']!.slice(0, 7));
    expect(landsraad.last_migration).toBe('2026_01_06_122430_add_metadata_to_users_table');
    expect(landsraad.migration_batch).toBe(7);
    expect(landsraad.pending_migrations).toEqual([
      '2026_01_06_133203_add_updated_at_to_tenant_user_table',
      '2026_01_09_083804_create_system_settings_table',
    ]);
    // the routes HEAD adds to the live release's, read from the versioned groups of routes/api.php; each
    // probed at its real URL (the seed saw 301 for them)
    const smtpRoutes = ['', '/shell', '/yaml'].map((s) => `/api/v1/system/smtp-config${s}`);
    expect(app(a).api_routes).toEqual(
      [...smtpRoutes, '/api/v1/observability/health'].map((path) => ({ path, status: 301 })),
    );
    expect(app(a).php_fpm_state).toBe('active');
    expect(app(a).releases_kept).toBe(5);
    expect(json.hosts.mentat!.facts.smtp_state).toBe('commented-out');
    expect(obs(a).rule_files.map((f) => f.name)).toEqual(['basic.yml']);
    expect(obs(a).prometheus.state).toBe('active');

    const missing = a.repository!.missing_components.map((c) => `${c.kind}:${c.name}`);
    for (const expected of [
      'model:SystemSetting',
      'controller:SystemConfigController',
      'controller:ObservabilityHealthController',
      'migration:2026_01_09_083804_create_system_settings_table',
      'command:ExportSmtpConfig (smtp:export)',
      'command:SyncAlertmanagerConfig (alertmanager:sync)',
      'route:GET /api/v1/system/smtp-config',
      'route:GET /api/v1/observability/health',
      'rule-file:exporters.yml',
    ])
      expect(missing).toContain(expected);
    expect(a.repository!.commits_since_deployed.map((c) => c.subject)).toEqual([
      sandbox.facts.messages.bb283db,
      sandbox.facts.messages['2ffc907'],
      sandbox.facts.messages.a892558,
    ]);
    expect(a.repository!.missing_components.filter((c) => c.kind === 'route')).toEqual(
      [...smtpRoutes, '/api/v1/observability/health'].map((path) => ({
        kind: 'route',
        name: `GET ${path}`,
        path: 'routes/api.php',
        detail: 'not registered live (answers 301)',
      })),
    );
    // decided from the middleware that applies to the route (the api group of the RouteServiceProvider)
    expect(a.findings.find((f) => f.id === 'security.smtp-api-unauthenticated-in-repo')?.detail).toContain(
      'GET /api/v1/system/smtp-config (routes/api.php line',
    );
    expect(a.findings.find((f) => f.id === 'security.smtp-api-unauthenticated-in-repo')?.detail).toContain(
      'gets middleware api, none of which authenticates',
    );
    // GET probes only to URLs that exist: the resource's /sites/{site} is no URL
    const probe = assessProbes(profile, readRepository(sandbox.runtimeVars.sandbox_repo_dir!)).find(
      (p) => p.id === 'target-api-routes',
    )!;
    expect(probe.run?.command).toContain("'/api/v1/sites'");
    expect(probe.run?.command).not.toContain('{site}');
    const ids = a.findings.map((f) => f.id);
    expect(ids).not.toContain('risk.routes-not-fully-read');
    expect(ids).toEqual(
      expect.arrayContaining([
        'drift.commit',
        'risk.alerting-without-route-prefix',
        'script.no-api-integration',
      ]),
    );
    expect(a.exit_code).toBe(0);

    // the pending migrations worded from their up(), and every deploy/ file of the range against the hub
    expect(a.findings.find((f) => f.id === 'drift.pending-migrations')?.detail).toBe(
      '2026_01_06_133203_add_updated_at_to_tenant_user_table (adds column tenant_user.updated_at); ' +
        '2026_01_09_083804_create_system_settings_table (creates table system_settings; inserts rows into system_settings). ' +
        `They only add: ${app(a).commit} runs on the new schema, so a rollback of the code needs no database restore.`,
    );
    expect(a.repository!.deploy_tree).toEqual([
      { path: 'deploy/config/mentat/alertmanager.yml', change: 'M', hub: 'different' },
      { path: 'deploy/config/mentat/prometheus-alerts/exporters.yml', change: 'A', hub: 'absent' },
      { path: 'deploy/config/mentat/prometheus.yml', change: 'M', hub: 'different' },
      { path: 'deploy/deploy-chom-automated.sh', change: 'A', hub: 'absent' },
      { path: 'deploy/scripts/deploy-observability.sh', change: 'M', hub: 'different' },
    ]);
    expect(a.findings.find((f) => f.id === 'drift.deploy-tree')?.action).toContain(
      'The runbook does not stage deploy-chom-automated.sh',
    );
    expect(a.summary.status).toBe('changes-not-deployed');

    // One batch per host; the journal holds each batch and, per probe, the probe's own command.
    expect(a.commands_sent).toBe(2);
    const events = readFileSync(a.journal!, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const sent = events.filter((e) => e.type === 'command-finished');
    expect(
      sent
        .filter((e) => e.stepId === null)
        .map((e) => e.host)
        .sort(),
    ).toEqual(['landsraad', 'mentat']);
    const probeIds = new Set(sent.map((e) => e.stepId));
    for (const probe of profile.assess) expect(probeIds.has(probe.id), probe.id).toBe(true);

    const markdown = assessmentMarkdown(a);
    const headings = [
      '## Executive Summary',
      '## Current State Assessment',
      '## Changes Not Yet Deployed',
      '## Risks',
      '## Blockers',
      '## Ready to Deploy',
      '## Report Metadata',
    ];
    const positions = headings.map((h) => markdown.indexOf(h));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((x, y) => x - y)).toEqual(positions);
  }, 120_000);

  it('finishes the app host as soon as it answers, and looks up git history while mentat still runs', async () => {
    // mentat's batch is held until landsraad's deployed commit is recorded (or 20 s, if it never is)
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
      setTimeout(resolve, 20_000).unref();
    });
    const real = transports.get('mentat')!;
    const held = new Proxy(real, {
      get(target, prop) {
        if (prop === 'exec')
          return async (request: Parameters<Transport['exec']>[0]) => gate.then(() => target.exec(request));
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const events: RunEvent[] = [];
    const snapshot = readRepository(sandbox.runtimeVars.sandbox_repo_dir!);
    const run = await runAssessment({
      profile,
      transports: new Map<string, Transport>([
        ['landsraad', transports.get('landsraad')!],
        ['mentat', held],
      ]),
      runtimeVars: sandbox.runtimeVars,
      snapshot,
      operator: 'assess-test',
      profileDir: profilesDir,
      stateDir: home,
      listener: (event) => {
        events.push(event);
        if (event.type === 'fact-recorded' && event.name === 'deployed_commit') release();
      },
    });
    const at = (match: (e: RunEvent) => boolean) => events.findIndex(match);
    const mentatBatch = at((e) => e.type === 'command-finished' && e.host === 'mentat' && e.stepId === null);
    const landsraadProbes = profile.assess.filter((p) => p.host === 'landsraad').map((p) => p.id);
    const lastLandsraad = Math.max(
      ...landsraadProbes.map((id) => at((e) => e.type === 'step-finished' && e.stepId === id)),
    );
    expect(mentatBatch).toBeGreaterThan(0);
    expect(lastLandsraad).toBeGreaterThan(0);
    expect(lastLandsraad).toBeLessThan(mentatBatch);
    // the history found early is the one git gives afterwards, and the report uses it
    const commit = app(run.assessment!).commit!;
    const history = historySince(snapshot.dir, commit);
    expect(await historySinceAsync(snapshot.dir, commit)).toEqual(history);
    // the same from the snapshot's ancestry (the log without git): the path the assessment takes
    expect(snapshot.ancestry?.complete).toBe(true);
    expect(await historySinceAsync(snapshot.dir, commit, snapshot.ancestry)).toEqual(history);
    expect(run.assessment!.repository!.commits_since_deployed).toEqual(history!.commits);
    expect(run.assessment!.repository!.files_changed).toEqual(history!.files);
    expect(history!.commits.length).toBe(3);
    for (const wrong of ['', 'not-a-hash', 'deadbeefdeadbeef'])
      for (const ancestry of [undefined, snapshot.ancestry])
        expect(await historySinceAsync(snapshot.dir, wrong, ancestry)).toEqual(
          historySince(snapshot.dir, wrong),
        );
  }, 120_000);

  it('after the runbook deploys HEAD through the engine: no drift, and the password never shows', async () => {
    const runner = createRunner({
      profile,
      plan: { mode: 'deploy', phases: profile.phases },
      transports,
      gates: headlessGates({
        yes: true,
        operator: 'assess-test',
        values: {
          smtp: {
            host: '127.0.0.1',
            port: sandbox.runtimeVars.sandbox_smtp_port!,
            username: 'alerts@sandbox.test',
            password,
            encryption: 'none',
            from_address: 'alertmanager@sandbox.test',
            from_name: 'CHOM',
            alert_to: 'ops@sandbox.test',
          },
        },
      }),
      operator: 'assess-test',
      runtimeVars: sandbox.runtimeVars,
      profileDir: profilesDir,
    });
    const deploy = await runner.run();
    expect(deploy.message ?? 'ok').toBe('ok');

    // the app stub serves HEAD's routes as Laravel routes them: the SMTP group is public, the resource route
    // sits in the auth group, a path no route declares answers like the seed saw (301)
    const url = sandbox.runtimeVars.sandbox_app_url!;
    const status = async (path: string) => (await fetch(`${url}${path}`, { redirect: 'manual' })).status;
    expect(await status('/api/v1/system/smtp-config/yaml')).toBe(200);
    expect(await status('/api/v1/sites/7')).toBe(401);
    expect(await status('/api/v1/user')).toBe(401);
    expect(await status('/api/v1/health')).toBe(200);
    expect(await status('/api/v1/nowhere')).toBe(301);

    const a = await assess();
    expect(a.findings.filter((f) => f.kind === 'drift')).toEqual([]);
    expect(a.repository!.commits_since_deployed).toEqual([]);
    expect(a.repository!.missing_components).toEqual([]);
    expect(app(a).pending_migrations).toEqual([]);
    expect(a.repository!.head.hash.startsWith(app(a).commit!)).toBe(true);
    expect(app(a).mail_settings.map((s) => s.key)).toHaveLength(8);
    expect(app(a).mail_settings.find((s) => s.key === 'mail.password')?.value).toBe('<set>');
    expect(obs(a).smtp_state).toBe('configured');
    expect(obs(a).rule_files.map((f) => f.name)).toContain('exporters.yml');
    expect(a.summary.status).toBe('up-to-date');
    // the API now hands the password to anyone, and the staged script has the sed fault
    expect(a.findings.map((f) => f.id)).toEqual(
      expect.arrayContaining(['security.smtp-api-password', 'script.sed-password']),
    );
    const text = assessmentJson(a) + assessmentMarkdown(a) + readFileSync(a.journal!, 'utf8');
    expect(text).not.toContain(password);
    expect(text).not.toContain(JSON.stringify(password).slice(1, -1));
  }, 300_000);

  it('after `rollback --target app`: the verdict follows the facts, with and without the repository', async () => {
    const rollback = createRunner({
      profile,
      plan: buildRunPlan(profile, { mode: 'rollback', target: 'app' }),
      transports,
      gates: headlessGates({ yes: true, operator: 'assess-test' }),
      operator: 'assess-test',
      runtimeVars: sandbox.runtimeVars,
      profileDir: profilesDir,
    });
    expect((await rollback.run()).message ?? 'ok').toBe('ok');

    const run = await runAssessment({
      profile,
      transports,
      runtimeVars: sandbox.runtimeVars,
      snapshot: null,
      operator: 'assess-test',
      profileDir: profilesDir,
      stateDir: home,
    });
    const bare = run.assessment!;
    expect(app(bare).current_release).toBe('20260106_132320');
    expect(bare.summary.status).toBe('changes-not-deployed');
    expect(bare.summary.headline).toContain(
      'no repository compared (--repo DIR), yet the live release lacks',
    );
    const ids = bare.findings.map((f) => f.id);
    expect(ids).toEqual(
      expect.arrayContaining(['drift.live-components', 'drift.live-routes', 'risk.schema-ahead-of-code']),
    );
    const markdown = assessmentMarkdown(bare);
    expect(markdown).not.toContain('nothing to deploy');
    expect(markdown).not.toMatch(/### Drift \(deployed ≠ repository\)\n\nNone found/);

    // with the repository: the commits are behind again, and the migrations already ran (none pending)
    const full = await assess();
    expect(full.summary.status).toBe('changes-not-deployed');
    expect(full.repository!.commits_since_deployed).toHaveLength(3);
    expect(app(full).pending_migrations).toEqual([]);
  }, 300_000);
});

// The running world: the app stub follows `current`; deploying bb283db the way the runbook does (clone,
// link shared, composer, npm, migrate, switch) makes the API answer JSON; Prometheus and Alertmanager are up.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOnHost } from '../../source/sandbox/world/host-run.js';
import type { RunningSandbox } from '../../source/sandbox/lifecycle/sandbox.js';
import { startWorld, type World } from '../helpers/sandbox-world.js';
import { waitForValue } from '../helpers/wait-for.js';

let world: World | undefined;
let home: string;
let sandbox: RunningSandbox;
const on = async (host: 'landsraad' | 'mentat', command: string, stdin?: string): Promise<string> => {
  const result = await runOnHost(home, host, command, stdin);
  if (result.code !== 0)
    throw new Error(`${host}: ${command} exited ${result.code}: ${result.stderr}${result.stdout}`);
  return result.stdout;
};
const get = async (path: string): Promise<{ status: number; type: string; body: string }> => {
  const response = await fetch(`${sandbox.runtimeVars.sandbox_app_url}${path}`, { redirect: 'manual' });
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    body: await response.text(),
  };
};
const base = '"$CHOM_SANDBOX_ROOT/var/www/chom"';

beforeAll(async () => {
  world = await startWorld('chom-sbx-run-', { sshd: false });
  ({ home, sandbox } = world);
});
afterAll(async () => {
  await world?.close();
});

describe('before the deploy', () => {
  it('answers 301 for the API routes the live release lacks, 200 for /up and /api/v1/health', async () => {
    expect((await get('/api/v1/system/smtp-config')).status).toBe(301);
    expect((await get('/api/v1/observability/health')).status).toBe(301);
    expect((await get('/up')).status).toBe(200);
    expect(JSON.parse((await get('/api/v1/health')).body)).toEqual({ status: 'ok' });
  });

  it('appends each request to the shared laravel.log', async () => {
    const log = join(home, 'sandbox/world/landsraad/var/www/chom/shared/storage/logs/laravel.log');
    // counted by our marker: the blackbox stand-in's scrapes of /up may add lines of their own meanwhile
    const ours = (): string[] =>
      readFileSync(log, 'utf8')
        .split('\n')
        .filter((line) => line.includes('probe=log'));
    const before = ours().length;
    await get('/api/v1/health?probe=log');
    expect(readFileSync(log, 'utf8')).toContain('production.INFO: GET /api/v1/health?probe=log 200');
    expect(ours()).toHaveLength(before + 1);
  });

  it('runs real (or stand-in) Prometheus and Alertmanager under their route prefixes', async () => {
    expect((await on('mentat', 'systemctl is-active prometheus alertmanager')).trim().split('\n')).toEqual([
      'active',
      'active',
    ]);
    expect(await on('mentat', 'systemctl status prometheus')).toMatch(/Active: active \(running\) since/);
    expect((await fetch(`${sandbox.runtimeVars.sandbox_prometheus_url}/-/ready`)).status).toBe(200);
    expect((await fetch(`${sandbox.runtimeVars.sandbox_alertmanager_url}/-/healthy`)).status).toBe(200);
    const rules = (await (
      await fetch(`${sandbox.runtimeVars.sandbox_prometheus_url}/api/v1/rules`)
    ).json()) as { data: { groups: { name: string }[] } };
    expect(rules.data.groups.map((g) => g.name).sort()).toEqual([
      'application_alerts',
      'nginx_alerts',
      'node_alerts',
      'phpfpm_alerts',
      'postgresql_alerts',
      'redis_alerts',
    ]);
    const reload = await runOnHost(home, 'mentat', 'systemctl reload prometheus');
    expect(reload.code).toBe(1);
    expect(reload.stderr).toContain('Job type reload is not applicable');
  });

  it('keeps every Prometheus target up while the world is healthy', async () => {
    const targets = await waitForValue(
      async () => {
        const body = (await (
          await fetch(`${sandbox.runtimeVars.sandbox_prometheus_url}/api/v1/targets`)
        ).json()) as { data: { activeTargets: { health: string; labels: { job: string } }[] } };
        const active = body.data.activeTargets;
        return active.length > 0 && active.every((t) => t.health === 'up') ? active : undefined;
      },
      'every target to be scraped up',
      60_000,
    );
    expect(new Set(targets.map((t) => t.labels.job))).toEqual(
      new Set([
        'prometheus',
        'alertmanager',
        'grafana',
        'loki',
        'node',
        'nginx',
        'postgresql',
        'redis',
        'php-fpm',
        'blackbox-http',
      ]),
    );
    const metrics = await (await fetch(`${sandbox.runtimeVars.sandbox_prometheus_url}/metrics`)).text();
    expect(metrics).toMatch(/^prometheus_config_last_reload_successful 1$/m);
  });
});

describe('deploying bb283db natively', () => {
  const id = '20260109_120000';
  it('makes the API answer JSON after clone, build, migrate and switch', async () => {
    const release = `${base}/releases/${id}`;
    await on(
      'landsraad',
      `git clone --quiet --branch main --depth 1 '${sandbox.runtimeVars.sandbox_repo_url}' ${release}`,
    );
    await on(
      'landsraad',
      `cd ${release} && rm -rf storage && ln -s ${base}/shared/storage storage && ln -sfn ${base}/shared/.env .env`,
    );
    await on(
      'landsraad',
      `cd ${release} && composer install --no-dev --no-interaction --prefer-dist --optimize-autoloader --no-progress && npm ci && npm run build && npm prune --production`,
    );
    const pending = await on('landsraad', `cd ${release} && php artisan migrate:status`);
    expect(pending).toMatch(/2026_01_06_133203_add_updated_at_to_tenant_user_table \.+ Pending/);
    expect(pending).toMatch(/2026_01_09_083804_create_system_settings_table \.+ Pending/);
    await on('landsraad', `cd ${release} && php artisan migrate --force`);
    expect(await on('landsraad', `cd ${release} && php artisan migrate:status`)).toMatch(
      /2026_01_09_083804_create_system_settings_table \.+ \[8\] Ran/,
    );
    expect(
      (
        await on('landsraad', 'psql -tAc "SELECT count(*) FROM system_settings WHERE key LIKE \'mail.%\'"')
      ).trim(),
    ).toBe('8');
    for (const c of [
      'livewire:publish --assets',
      'storage:link',
      'config:cache',
      'route:cache',
      'view:cache',
    ])
      await on('landsraad', `cd ${release} && php artisan ${c}`);
    await on(
      'landsraad',
      `cd ${base} && ln -sfn releases/${id} current.tmp.1 && mv -Tf current.tmp.1 current && sudo -n systemctl reload php8.2-fpm && sudo -n systemctl reload nginx`,
    );
    const api = await get('/api/v1/system/smtp-config');
    expect(api.status).toBe(200);
    expect(api.type).toContain('application/json');
    expect(JSON.parse(api.body)).toMatchObject({
      success: true,
      data: { mailer: 'smtp', port: 587, encryption: 'tls' },
    });
    const health = await get('/api/v1/observability/health');
    expect(JSON.parse(health.body)).toMatchObject({
      status: 'partial',
      components: { prometheus: { status: 'unconfigured' } },
    });
  });

  it('stores SMTP settings through tinker on stdin and exports them (password decrypted)', async () => {
    const current = `${base}/current`;
    const php = [
      "App\\Models\\SystemSetting::set('mail.host', '127.0.0.1', 'string', 'SMTP host');",
      "App\\Models\\SystemSetting::set('mail.port', '2525', 'integer', 'SMTP port');",
      "App\\Models\\SystemSetting::set('mail.password', 'p\\'a&s|s', 'encrypted', 'SMTP password');",
      '',
    ].join('\n');
    await on('landsraad', `sudo -n -u stilgar php ${current}/artisan tinker`, php);
    const json = JSON.parse(
      await on('landsraad', `cd ${current} && php artisan smtp:export --format=json`),
    ) as Record<string, unknown>;
    expect(json).toMatchObject({ host: '127.0.0.1', port: 2525, password: "p'a&s|s" });
    const stored = await on(
      'landsraad',
      'psql -tAc "SELECT value FROM system_settings WHERE key = \'mail.password\'"',
    );
    expect(stored.trim()).toMatch(/^enc:/);
    expect((await get('/api/v1/system/smtp-config/shell')).body).toContain('MAIL_PASSWORD="p\'a&s|s"');
    const yaml = await get('/api/v1/system/smtp-config/yaml');
    expect(yaml.type).toContain('text/yaml');
    expect(yaml.body).toContain('smtp_require_tls: 1');
  });

  it('reads values from stdin JSON with tinker --execute', async () => {
    const code =
      "$s = json_decode(stream_get_contents(STDIN), true); App\\Models\\SystemSetting::set('mail.username', $s['username'], 'string', 'SMTP username');";
    await on(
      'landsraad',
      `cd ${base}/current && php artisan tinker --execute=${JSON.stringify(code).replace(/\$/g, '\\$')}`,
      JSON.stringify({ username: 'alerts@sandbox.test' }),
    );
    expect(JSON.parse((await get('/api/v1/system/smtp-config')).body).data.username).toBe(
      'alerts@sandbox.test',
    );
  });

  it('answers 500 when a second encrypted row is created instead of updating the seeded one', async () => {
    await on(
      'landsraad',
      `cd ${base}/current && php artisan tinker`,
      "App\\Models\\SystemSetting::create(['key' => 'mail.password', 'value' => 'plain', 'type' => 'encrypted']);\n",
    );
    const api = await get('/api/v1/system/smtp-config');
    expect(api.status).toBe(500);
    expect(JSON.parse(api.body)).toMatchObject({ success: false });
    expect(
      readFileSync(
        join(home, 'sandbox/world/landsraad/var/www/chom/shared/storage/logs/laravel.log'),
        'utf8',
      ),
    ).toContain('production.ERROR: Failed to retrieve SMTP configuration');
  });

  it('fails /up when current points at a release without vendor, and when current points nowhere', async () => {
    await on(
      'landsraad',
      `mkdir -p ${base}/releases/20260109_130000 && git clone --quiet --depth 1 '${sandbox.runtimeVars.sandbox_repo_url}' ${base}/releases/20260109_130000/x && cd ${base} && ln -sfn releases/20260109_130000/x current`,
    );
    expect((await get('/up')).status).toBe(500);
    await on('landsraad', `cd ${base} && ln -sfn releases/missing current`);
    expect((await get('/up')).status).toBe(500);
    await on('landsraad', `cd ${base} && ln -sfn releases/20260106_132320 current`);
    expect((await get('/up')).status).toBe(200);
    expect((await get('/api/v1/system/smtp-config')).status).toBe(301);
  });

  it("Grafana's and Loki's stand-ins answer only while their units run", async () => {
    const health = (url: string) =>
      fetch(url).then(
        (response) => response.status,
        () => 'no answer',
      );
    const grafana = `${sandbox.runtimeVars.sandbox_grafana_url}/api/health`;
    const loki = `http://127.0.0.1:${sandbox.ports.loki}/ready`;
    expect([await health(grafana), await health(loki)]).toEqual([200, 200]);
    await on('mentat', 'sudo systemctl stop grafana-server loki');
    expect([await health(grafana), await health(loki)]).toEqual(['no answer', 'no answer']);
    await on('mentat', 'sudo systemctl start grafana-server loki');
    expect([await health(grafana), await health(loki)]).toEqual([200, 200]);
  });

  it('answers 502 while php-fpm is stopped', async () => {
    await on('landsraad', 'sudo systemctl stop php8.2-fpm');
    expect((await get('/up')).status).toBe(502);
    await on('landsraad', 'sudo systemctl start php8.2-fpm');
    expect((await get('/up')).status).toBe(200);
  });
});

// A fresh world answers the seed's "Current State Assessment" with the seed's values, and is deterministic.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOnHost } from '../../source/sandbox/world/host-run.js';
import { createWorld, type WorldFacts } from '../../source/sandbox/world/world.js';
import { hashWorld } from '../../source/sandbox/lifecycle/world-hash.js';

let home: string;
let facts: WorldFacts;
const on = async (host: 'landsraad' | 'mentat', command: string): Promise<string> => {
  const result = await runOnHost(home, host, command);
  if (result.code !== 0) throw new Error(`${host}: ${command} exited ${result.code}: ${result.stderr}`);
  return result.stdout;
};

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'chom-sbx-seed-'));
  facts = await createWorld(home);
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('landsraad at the seed state', () => {
  it('points current at releases/20260106_132320 with the 7f572d2 deployment info and v2.1.0', async () => {
    expect((await on('landsraad', 'readlink "$CHOM_SANDBOX_ROOT/var/www/chom/current"')).trim()).toBe(
      'releases/20260106_132320',
    );
    const info = await on('landsraad', 'cat "$CHOM_SANDBOX_ROOT/var/www/chom/current/.deployment-info"');
    expect(info).toContain(
      'commit_message=feat: Enhance ProfileSettings with tenant and site access visibility',
    );
    expect(info).toContain('release_id=20260106_132320');
    expect(info).toContain(`commit_hash=${facts.commits['7f572d2']!.slice(0, 7)}`);
    expect(
      await on(
        'landsraad',
        'grep -o "\\"version\\": \\"[0-9.]*\\"" "$CHOM_SANDBOX_ROOT/var/www/chom/current/composer.json"',
      ),
    ).toContain('2.1.0');
    expect((await on('landsraad', 'ls "$CHOM_SANDBOX_ROOT/var/www/chom/releases" | wc -l')).trim()).toBe('5');
  });

  it('lists migrations to batch 7 with add_metadata_to_users_table last, and no system_settings table', async () => {
    const status = await on(
      'landsraad',
      'cd "$CHOM_SANDBOX_ROOT/var/www/chom/current" && php artisan migrate:status',
    );
    const ran = status.split('\n').filter((l) => l.includes(' Ran'));
    expect(ran.at(-1)).toMatch(/2026_01_06_122430_add_metadata_to_users_table \.+ \[7\] Ran/);
    expect(status).not.toContain('Pending');
    expect((await on('landsraad', 'psql -tAc "SELECT to_regclass(\'public.system_settings\')"')).trim()).toBe(
      '',
    );
    const count = await runOnHost(
      home,
      'landsraad',
      'psql -tAc "SELECT count(*) FROM system_settings WHERE key LIKE \'mail.%\'"',
    );
    expect(count.code).toBe(1);
    expect(count.stderr).toContain('relation "system_settings" does not exist');
  });

  it('lacks the bb283db components (SystemSetting, controllers, smtp:export)', async () => {
    const current = '"$CHOM_SANDBOX_ROOT/var/www/chom/current"';
    expect((await runOnHost(home, 'landsraad', `test -e ${current}/app/Models/SystemSetting.php`)).code).toBe(
      1,
    );
    expect(
      (
        await runOnHost(
          home,
          'landsraad',
          `test -e ${current}/app/Http/Controllers/Api/SystemConfigController.php`,
        )
      ).code,
    ).toBe(1);
    const exported = await runOnHost(
      home,
      'landsraad',
      `cd ${current} && php artisan smtp:export --format=json`,
    );
    expect(exported.code).toBe(1);
    expect(exported.stderr).toContain('Command "smtp:export" is not defined.');
  });

  it('runs php-fpm with 5 workers, nginx, postgresql and redis', async () => {
    const status = await on('landsraad', 'systemctl status php8.2-fpm');
    expect(status).toContain('Active: active (running) since');
    expect(status.match(/php-fpm: pool www/g)).toHaveLength(5);
    expect((await on('landsraad', "pgrep -c -f 'php-fpm: pool'")).trim()).toBe('5');
    expect(
      (await on('landsraad', 'systemctl is-active php8.2-fpm nginx postgresql redis-server'))
        .trim()
        .split('\n'),
    ).toEqual(['active', 'active', 'active', 'active']);
    expect((await on('landsraad', 'redis-cli ping')).trim()).toBe('PONG');
    expect((await on('landsraad', 'psql -tAc "SELECT 1"')).trim()).toBe('1');
  });
});

describe('mentat at the seed state', () => {
  const etc = '"$CHOM_SANDBOX_ROOT/etc/observability"';
  it('has SMTP commented out in alertmanager.yml', async () => {
    const config = await on('mentat', `cat ${etc}/alertmanager/alertmanager.yml`);
    expect(config).toContain("# smtp_smarthost: 'smtp.example.com:587'");
    expect(config).not.toMatch(/^\s*smtp_/m);
  });

  it('has only basic.yml (5.7 KB) in rules and the 8 target files', async () => {
    expect((await on('mentat', `ls ${etc}/prometheus/rules`)).trim()).toBe('basic.yml');
    expect(Number((await on('mentat', `stat -c %s ${etc}/prometheus/rules/basic.yml`)).trim())).toBe(5726);
    expect((await on('mentat', `ls ${etc}/prometheus/targets`)).trim().split('\n')).toEqual([
      'blackbox_endpoints.yml',
      'nginx_landsraad.yml',
      'nginx_mentat.yml',
      'node_landsraad.yml',
      'node_mentat.yml',
      'phpfpm_landsraad.yml',
      'postgresql_landsraad.yml',
      'redis_landsraad.yml',
    ]);
  });

  it('has the old deploy scripts in /opt/chom-deploy (not a git repository)', async () => {
    const hub = '"$CHOM_SANDBOX_ROOT/opt/chom-deploy"';
    const observability = Number(
      (await on('mentat', `stat -c %s ${hub}/scripts/deploy-observability.sh`)).trim(),
    );
    expect(observability).toBeGreaterThan(17_000);
    expect(observability).toBeLessThan(18_500);
    expect(Number((await on('mentat', `stat -c %s ${hub}/deploy-chom.sh`)).trim())).toBeGreaterThan(20_000);
    expect(
      (
        await runOnHost(home, 'mentat', `grep -c smtp-config ${hub}/scripts/deploy-observability.sh`)
      ).stdout.trim(),
    ).toBe('0');
    expect((await runOnHost(home, 'mentat', `test -d ${hub}/.git`)).code).toBe(1);
    expect((await on('mentat', `stat -c %y ${hub}/deploy-chom.sh`)).startsWith('2026-01-06 13:23:00')).toBe(
      true,
    );
  });

  it('links the real promtool and amtool into /opt/observability/bin when installed', async () => {
    const listing = await on('mentat', 'ls "$CHOM_SANDBOX_ROOT/opt/observability/bin"');
    expect(listing).toContain('promtool');
    expect(listing).toContain('amtool');
  });
});

describe('the generated repository', () => {
  it('has the seed history shape with the 14 changed files after 7f572d2', async () => {
    const repo = join(home, 'sandbox/world/repo');
    const log = await on('landsraad', `git -C '${repo}' log --format=%s -4`);
    expect(log.trim().split('\n')).toEqual([
      'feat: Optimize CHOM-observability architecture for production reliability',
      'feat: Integrate SMTP configuration with Alertmanager',
      'feat: Add SMTP configuration UI in admin settings',
      'feat: Enhance ProfileSettings with tenant and site access visibility',
    ]);
    const changed = (
      await on(
        'landsraad',
        `git -C '${repo}' diff --name-only ${facts.commits['7f572d2']} ${facts.commits.bb283db}`,
      )
    )
      .trim()
      .split('\n');
    for (const file of [
      'app/Console/Commands/ExportSmtpConfig.php',
      'app/Console/Commands/SyncAlertmanagerConfig.php',
      'app/Http/Controllers/Api/SystemConfigController.php',
      'app/Http/Controllers/Api/ObservabilityHealthController.php',
      'app/Models/SystemSetting.php',
      'app/Livewire/Admin/SystemSettings.php',
      'app/Services/ObservabilityHealthService.php',
      'database/migrations/2026_01_09_083804_create_system_settings_table.php',
      'database/migrations/2026_01_06_133203_add_updated_at_to_tenant_user_table.php',
      'deploy/scripts/deploy-observability.sh',
      'deploy/config/mentat/alertmanager.yml',
      'deploy/config/mentat/prometheus-alerts/exporters.yml',
      'deploy/config/mentat/prometheus.yml',
      'routes/api.php',
      'resources/views/livewire/admin/system-settings.blade.php',
    ]) {
      expect(changed).toContain(file);
    }
  });

  it("the README names the world's generated hashes of 7f572d2 and bb283db as they are", () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    expect(readme).toContain(`commit ${facts.commits['7f572d2']!.slice(0, 7)} (7f572d2 in the report)`);
    expect(readme).toContain(`bb283db, is \`${facts.commits['bb283db']!.slice(0, 7)}\` here`);
  });

  it('generates the same commit hashes on every seed', async () => {
    const other = mkdtempSync(join(tmpdir(), 'chom-sbx-seed2-'));
    try {
      expect((await createWorld(other)).commits).toEqual(facts.commits);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});

describe('world hash', () => {
  it('is the same after changes and a re-seed', async () => {
    const fresh = hashWorld(home);
    await on(
      'landsraad',
      'cd "$CHOM_SANDBOX_ROOT/var/www/chom" && ln -sfn releases/20260103_120533 current && systemctl stop nginx',
    );
    await on(
      'mentat',
      'echo "# changed" >> "$CHOM_SANDBOX_ROOT/etc/observability/alertmanager/alertmanager.yml"',
    );
    expect(hashWorld(home)).not.toBe(fresh);
    await createWorld(home);
    expect(hashWorld(home)).toBe(fresh);
  });
});

// From raw probe facts to stable facts and findings (pure): the security problems and faults of chom-world,
// detected from what the probes saw, and never the password.
import { describe, expect, it } from 'vitest';
import { releaseTime } from '../../source/commands/release-name.js';
import { appFacts, observabilityFacts } from '../../source/engine/assess/assess-facts.js';
import {
  appFindings,
  observabilityFindings,
  orderFindings,
} from '../../source/engine/assess/findings/findings.js';
import { addedRoutes, routeTableOf } from '../../source/engine/assess/repo/repo-routes.js';

const ids = (findings: { id: string }[]) => findings.map((f) => f.id);

describe('assessment facts', () => {
  it('maps the raw probe facts to the stable names, masking the password whatever came back', () => {
    const facts = appFacts(
      {
        current_release: '20260106_132320',
        deployed_commit: '7f572d2',
        last_migration_batch: '7',
        pending_migrations: '2026_a 2026_b',
        php_fpm_workers: '5',
        mail_host: 'string|smtp.example.com',
        mail_password: 'encrypted|enc:c2VjcmV0',
        smtp_api_exposes_password: 'yes (the unauthenticated API returns the decrypted SMTP password)',
        app_secret_files: ['644 stilgar www-data /var/www/chom/shared/.env'],
      },
      [],
    );
    expect(facts).toMatchObject({
      current_release: '20260106_132320',
      release_time: '2026-01-06T13:23:20Z',
      commit: '7f572d2',
      migration_batch: 7,
      pending_migrations: ['2026_a', '2026_b'],
      php_fpm_workers: 5,
      smtp_api_exposes_password: true,
    });
    expect(facts.mail_settings).toEqual([
      { key: 'mail.host', type: 'string', value: 'smtp.example.com' },
      { key: 'mail.password', type: 'encrypted', value: '<set>' },
    ]);
    expect(JSON.stringify(facts)).not.toContain('enc:');
    expect(releaseTime('not-a-release')).toBeNull();
  });

  it('reads the SMTP state and the script faults of mentat', () => {
    const obs = observabilityFacts({
      alertmanager_smtp_state: 'commented',
      rule_files: ['basic.yml 5726 ' + 'a'.repeat(64)],
      deploy_hub_scripts: ['scripts/deploy-observability.sh 24300 ' + 'b'.repeat(64)],
      deploy_hub_script_faults: [
        'scripts/deploy-observability.sh sed-password',
        'scripts/deploy-observability.sh health-without-prefix',
      ],
    });
    expect(obs.smtp_state).toBe('commented-out');
    expect(obs.rule_files).toEqual([{ name: 'basic.yml', bytes: 5726, sha256: 'a'.repeat(64) }]);
    expect(obs.deploy_hub_scripts[0]!.faults).toEqual(['sed-password', 'health-without-prefix']);
  });
});

describe('assessment findings', () => {
  it('flags the unauthenticated SMTP API and a world-readable .env', () => {
    const facts = appFacts(
      { smtp_api_exposes_password: 'yes', app_secret_files: ['644 stilgar www-data /srv/.env'] },
      [],
    );
    const found = appFindings('landsraad', facts);
    expect(ids(found)).toEqual(['security.smtp-api-password', 'security.world-readable-secret']);
    expect(found[0]).toMatchObject({ kind: 'security', severity: 'critical' });
    expect(ids(appFindings('landsraad', appFacts({ app_secret_files: ['640 a b /srv/.env'] }, [])))).toEqual(
      [],
    );
  });

  it("flags alerts sent without the route prefix, the missing backups and the live scripts' faults", () => {
    const obs = observabilityFacts({
      alertmanager_external_url: 'https://mentat.arewel.com/alertmanager',
      alerting_path_prefix: '',
      seed_backup_files: '0',
      alertmanager_smtp_state: 'configured',
      alertmanager_smtp_password_source: 'inline',
      observability_secret_files: ['644 root root /etc/observability/alertmanager/alertmanager.yml'],
      deploy_hub_scripts: ['scripts/deploy-observability.sh 1 ' + 'c'.repeat(64)],
      deploy_hub_script_faults: [
        'scripts/deploy-observability.sh health-without-prefix',
        'scripts/deploy-observability.sh sed-password',
      ],
    });
    const found = orderFindings(observabilityFindings('mentat', obs));
    expect(ids(found)).toEqual([
      'script.sed-password',
      'security.world-readable-secret',
      'risk.alerting-without-route-prefix',
      'security.inline-smtp-password',
      'risk.no-backup-files',
      'script.health-without-prefix',
    ]);
    const prefixed = observabilityFacts({
      alertmanager_external_url: 'https://m/alertmanager',
      alerting_path_prefix: '/alertmanager',
    });
    expect(ids(observabilityFindings('mentat', prefixed))).not.toContain(
      'risk.alerting-without-route-prefix',
    );
  });
});

describe('copies of old SMTP passwords on mentat', () => {
  it('counts them as a finding, high when one sits in /tmp, and none when there is none', () => {
    const facts = (backups: string, snapshots: string, temp: string) =>
      observabilityFacts({
        old_password_backups: backups,
        old_password_snapshots: snapshots,
        old_password_temp: temp,
      });
    const found = observabilityFindings('mentat', facts('2', '1', '0'));
    expect(found.filter((f) => f.id === 'security.old-smtp-password-copies')).toMatchObject([
      {
        severity: 'low',
        title:
          '3 copies of earlier SMTP passwords on mentat: 2 beside the live file (.bak-<run>), 1 in snapshots',
      },
    ]);
    expect(
      observabilityFindings('mentat', facts('0', '0', '1')).find(
        (f) => f.id === 'security.old-smtp-password-copies',
      ),
    ).toMatchObject({ severity: 'high', title: expect.stringContaining('1 copy') });
    expect(ids(observabilityFindings('mentat', facts('0', '0', '0')))).not.toContain(
      'security.old-smtp-password-copies',
    );
    // not probed: no finding, and no count invented
    expect(observabilityFacts({}).old_password_copies).toBeNull();
  });
});

describe('API routes of routes/api.php', () => {
  const routes = (api: string) => routeTableOf({ 'routes/api.php': `<?php\n${api}` }).routes;
  it('finds the routes a commit adds, with the middleware that applies to them', () => {
    const before = "Route::get('/v1/health', [HealthController::class, 'index']);";
    const after = `${before}
Route::get('/v1/system/smtp-config', [SystemConfigController::class, 'smtpConfig']);
Route::middleware('auth:sanctum')->get('/v1/sites', [SiteController::class, 'index']);
Route::get('/v1/sites/{id}', [SiteController::class, 'show']);`;
    expect(addedRoutes(routes(after), routes(before)).map((r) => [r.methods, r.path, r.middleware])).toEqual([
      [['GET', 'HEAD'], '/api/v1/system/smtp-config', ['api']],
      [['GET', 'HEAD'], '/api/v1/sites', ['api', 'auth:sanctum']],
      [['GET', 'HEAD'], '/api/v1/sites/{id}', ['api']],
    ]);
  });
});

// Findings about the app host from its facts alone (no repository needed).
import type { AppFacts, FileMode, Finding } from '../assess-model.js';

/** Other-readable (the last octal digit has the read bit). */
export const worldReadable = (file: FileMode): boolean => (Number.parseInt(file.mode.slice(-1), 8) & 4) !== 0;

export function appFindings(host: string, app: AppFacts): Finding[] {
  const out: Finding[] = [];
  const add = (finding: Omit<Finding, 'host' | 'blocks'> & { blocks?: boolean }): void => {
    out.push({ blocks: false, ...finding, host });
  };
  if (app.smtp_api_exposes_password === true)
    add({
      id: 'security.smtp-api-password',
      kind: 'security',
      severity: 'critical',
      title: 'The SMTP API returns the decrypted SMTP password without authentication',
      detail:
        'GET /api/v1/system/smtp-config (and /shell, /yaml) answers anyone with the password in clear text.',
      action:
        'Restrict /api/v1/system/smtp-config* (auth middleware, or allow only mentat in nginx), then rotate the SMTP password.',
    });
  for (const file of app.secret_files.filter(worldReadable))
    add({
      id: 'security.world-readable-secret',
      kind: 'security',
      severity: 'high',
      title: `${file.path} holds secrets and is readable by every user (mode ${file.mode})`,
      detail: 'The shared .env holds APP_KEY (which decrypts mail.password) and the database password.',
      action: `chmod 640 ${file.path} (owner ${file.owner}, group of the PHP-FPM user).`,
    });
  if (app.php_fpm_state !== null && app.php_fpm_state !== 'active')
    add({
      id: 'risk.php-fpm-down',
      kind: 'risk',
      severity: 'critical',
      title: `PHP-FPM is ${app.php_fpm_state}`,
      detail: 'The application does not answer; a deploy would fail its health check.',
      action: 'Start php8.2-fpm and read its journal before deploying.',
      blocks: true,
    });
  if (app.shared_env === 'missing')
    add({
      id: 'risk.shared-env-missing',
      kind: 'risk',
      severity: 'critical',
      title: 'The shared .env is missing',
      detail: 'Every release links .env from shared/; without it the app cannot boot.',
      action: 'Restore shared/.env from the last backup before deploying.',
      blocks: true,
    });
  if (app.releases_kept !== null && app.releases_kept < 2)
    add({
      id: 'risk.no-rollback-target',
      kind: 'risk',
      severity: 'medium',
      title: `Only ${app.releases_kept} release kept: nothing to roll back to`,
      detail: 'A failed deploy could not be undone by switching current back.',
      action: 'Keep the current release until the new one passes verify.',
    });
  const newest = [...app.releases].sort().pop();
  if (app.current_release !== null && newest !== undefined && newest !== app.current_release)
    add({
      id: 'risk.current-not-newest',
      kind: 'risk',
      severity: 'low',
      title: `current points at ${app.current_release}, not at the newest release ${newest}`,
      detail: 'A rollback happened, or a deploy stopped after creating its release.',
      action: 'Check the journal of the last run; `release: cleanup` never removes the live release.',
    });
  if (app.system_settings_table === 'present' && app.mail_settings.length !== 8)
    add({
      id: 'risk.mail-settings-incomplete',
      kind: 'risk',
      severity: 'medium',
      title: `system_settings has ${app.mail_settings.length} mail.* rows, not 8`,
      detail: 'The migration seeds 8; a missing row makes the SMTP API answer incomplete settings.',
      action: 'Re-run phase 3 (SMTP settings) of `chom-console deploy`.',
    });
  const health = app.api_routes.find((r) => r.path === '/api/v1/observability/health');
  if (health?.status === 200)
    add({
      id: 'risk.observability-health-partial',
      kind: 'risk',
      severity: 'info',
      title: '/api/v1/observability/health always reports "partial"',
      detail: 'It reads configuration keys that do not exist, so every component shows unconfigured.',
      action: 'Never gate a deploy or an alert on it; use the Prometheus and Alertmanager health URLs.',
    });
  return out;
}

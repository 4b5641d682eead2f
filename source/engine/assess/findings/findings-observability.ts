// Findings about the observability host from its facts alone.
import type { Finding, ObservabilityFacts } from '../assess-model.js';
import { worldReadable } from './findings-app.js';
import { scriptFindings } from './findings-scripts.js';

/** The path part of a URL (`/alertmanager`), '' for none, null when not a URL. */
function urlPath(url: string | null): string | null {
  if (url === null) return null;
  try {
    return new URL(url).pathname.replace(/\/+$/, '');
  } catch {
    return null;
  }
}

export function observabilityFindings(host: string, obs: ObservabilityFacts): Finding[] {
  const out: Finding[] = [];
  const add = (finding: Omit<Finding, 'host' | 'blocks'> & { blocks?: boolean }): void => {
    out.push({ blocks: false, ...finding, host });
  };
  for (const name of ['prometheus', 'alertmanager'] as const) {
    const service = obs[name];
    if (service.state !== null && service.state !== 'active')
      add({
        id: `risk.${name}-down`,
        kind: 'risk',
        severity: 'high',
        title: `${name} is ${service.state}`,
        detail: 'Nothing is monitored or alerted while it is down.',
        action: `Start it (systemctl start ${name}) and read journalctl -u ${name} before deploying.`,
      });
    if (service.reload_successful === false)
      add({
        id: `risk.${name}-reload-failed`,
        kind: 'risk',
        severity: 'high',
        title: `The last ${name} config reload failed: the file on disk is not what runs`,
        detail: `${name}_config_last_reload_successful is 0; a bad config is silently not applied.`,
        action: `Validate the config (promtool/amtool), fix it, and reload through the /-/reload endpoint.`,
      });
  }
  const prefix = urlPath(obs.alertmanager.external_url);
  if (
    obs.alerting_path_prefix !== null &&
    prefix !== null &&
    prefix !== '' &&
    obs.alerting_path_prefix !== prefix
  )
    add({
      id: 'risk.alerting-without-route-prefix',
      kind: 'risk',
      severity: 'high',
      title: `Prometheus sends alerts to Alertmanager without its route prefix ${prefix}`,
      detail:
        'prometheus.yml has no alerting.alertmanagers[].path_prefix, so alerts are posted to /api/v2/alerts and answered 404: they never reach Alertmanager.',
      action: `Deploy the repository's prometheus.yml (it adds path_prefix: ${prefix}); phase 4 of the deploy does.`,
    });
  if (obs.smtp_state === 'commented-out' || obs.smtp_state === 'absent')
    add({
      id: 'risk.smtp-not-configured',
      kind: 'risk',
      severity: 'medium',
      title: 'Alertmanager has no SMTP settings: alerts e-mail no one',
      detail: `alertmanager.yml: SMTP ${obs.smtp_state}.`,
      action: 'Phases 3 and 4 of `chom-console deploy` store the settings and render them.',
    });
  if (obs.smtp_state === 'placeholders')
    add({
      id: 'risk.smtp-placeholders',
      kind: 'risk',
      severity: 'high',
      title: 'alertmanager.yml still holds the __SMTP_*__ placeholders',
      detail:
        'The template was copied raw (deploy-observability.sh does this when the API fetch fails); amtool rejects it.',
      action: 'Run `chom-console rollback --target observability`, then phase 4 again.',
    });
  if (obs.smtp_password_source === 'inline')
    add({
      id: 'security.inline-smtp-password',
      kind: 'security',
      severity: 'medium',
      title: 'The SMTP password is inline in alertmanager.yml',
      detail: 'Anyone who can read the config (backups, support bundles) reads the password.',
      action: 'Use smtp_auth_password_file pointing at a 0640 file (phase 4 does).',
    });
  for (const file of obs.secret_files) {
    const inlineConfig = file.path.endsWith('alertmanager.yml');
    if (inlineConfig && obs.smtp_password_source !== 'inline') continue;
    if (!worldReadable(file)) continue;
    add({
      id: 'security.world-readable-secret',
      kind: 'security',
      severity: 'high',
      title: `${file.path} holds the SMTP password and is readable by every user (mode ${file.mode})`,
      detail: 'Any local account on mentat can read the password.',
      action: `chmod 640 ${file.path} (group of the alertmanager user), then rotate the password.`,
    });
  }
  if (obs.seed_backup_files === 0)
    add({
      id: 'risk.no-backup-files',
      kind: 'risk',
      severity: 'medium',
      title: "The seed's rollback relies on *.backup files that do not exist",
      detail: 'No script makes basic.yml.backup or alertmanager.yml.backup; that rollback would fail.',
      action:
        '`chom-console deploy` snapshots both configs in phase 1; roll back with `chom-console rollback`.',
    });
  const copies = obs.old_password_copies;
  const old = copies === null ? 0 : copies.backups + copies.snapshots + copies.temp;
  if (copies !== null && old > 0) {
    const where = [
      copies.backups > 0 ? `${copies.backups} beside the live file (.bak-<run>)` : '',
      copies.snapshots > 0 ? `${copies.snapshots} in snapshots` : '',
      copies.temp > 0 ? `${copies.temp} in /tmp staging of a killed run` : '',
    ].filter((part) => part !== '');
    add({
      id: 'security.old-smtp-password-copies',
      kind: 'security',
      severity: copies.temp > 0 ? 'high' : 'low',
      title: `${old} cop${old === 1 ? 'y' : 'ies'} of earlier SMTP passwords on ${host}: ${where.join(', ')}`,
      detail:
        'A rotated password lingers in backups and snapshots (root-only when made by this console); whoever reads them has a password the relay may still accept.',
      action:
        'Revoke the old password at the relay. `chom-console deploy` keeps only the backups and snapshots of the last deploys (as many as the releases kept) and removes older ones; remove a leftover /tmp/chom-console-* by hand.',
    });
  }
  out.push(...scriptFindings(host, obs.deploy_hub_scripts));
  return out;
}

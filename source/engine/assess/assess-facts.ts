// From the profile's raw probe facts (names chosen by the runbook) to the report's stable facts (names fixed
// by docs/assessment-json.md). Pure: the only place that knows both vocabularies.
import { releaseTime } from '../../commands/release-name.js';
import type { AppFacts, FileMode, HashedFile, ObservabilityFacts, ServiceFacts } from './assess-model.js';

/** Raw facts as the probes recorded them (strings, string lists, or absent). */
export type RawFacts = Readonly<Record<string, unknown>>;

const text = (raw: RawFacts, name: string): string | null => {
  const value = raw[name];
  if (value === undefined || value === null) return null;
  const s = String(value).trim();
  return s === '' ? null : s;
};

const int = (raw: RawFacts, name: string): number | null => {
  const s = text(raw, name);
  return s !== null && /^-?\d+$/.test(s) ? Number(s) : null;
};

/** The fact holding the deployed commit (the app facts' `commit`). */
export const deployedCommitFact = 'deployed_commit';

/** A list fact: a `lines` array, or a space-separated keyvalue string. */
export const list = (raw: RawFacts, name: string): string[] => {
  const value = raw[name];
  if (Array.isArray(value)) return value.map(String).filter((s) => s.trim() !== '');
  const s = text(raw, name);
  return s === null ? [] : s.split(/\s+/);
};

const yesNo = (raw: RawFacts, name: string): boolean | null => {
  const s = text(raw, name);
  if (s === null) return null;
  if (/^(yes|1|true)\b/.test(s)) return true;
  if (/^(no|0|false)\b/.test(s)) return false;
  return null;
};

/** `mode user group path` lines of `stat`. */
function fileModes(lines: string[]): FileMode[] {
  return lines.flatMap((line) => {
    const m = /^(\d{3,4}) (\S+) (\S+) (.+)$/.exec(line.trim());
    return m ? [{ mode: m[1]!, owner: m[2]!, group: m[3]!, path: m[4]! }] : [];
  });
}

/** `name [bytes [sha256]]` lines. */
function hashedFiles(lines: string[]): HashedFile[] {
  return lines.map((line) => {
    const [name = '', bytes, sha256] = line.trim().split(/\s+/);
    return {
      name,
      bytes: bytes !== undefined && /^\d+$/.test(bytes) ? Number(bytes) : null,
      sha256: sha256 !== undefined && /^[0-9a-f]{64}$/.test(sha256) ? sha256 : null,
    };
  });
}

const mailKeys = [
  'mailer',
  'host',
  'port',
  'username',
  'password',
  'encryption',
  'from_address',
  'from_name',
];

function mailSettings(raw: RawFacts): AppFacts['mail_settings'] {
  return mailKeys.flatMap((key) => {
    const value = text(raw, `mail_${key}`);
    if (value === null) return [];
    const bar = value.indexOf('|');
    const type = bar < 0 ? 'string' : value.slice(0, bar);
    let shown = bar < 0 ? value : value.slice(bar + 1);
    // never the password: the probe masks it on the host; mask again whatever came back
    if (key === 'password' || type === 'encrypted')
      shown = shown === '' || shown === '<empty>' ? '<empty>' : '<set>';
    return [{ key: `mail.${key}`, type, value: shown }];
  });
}

const componentFacts = [
  'system_setting_model',
  'system_config_controller',
  'observability_health_controller',
  'smtp_export_command',
  'alertmanager_sync_command',
];

/** The app host's stable facts. `routes` are the statuses the route probes found (path → code). */
export function appFacts(raw: RawFacts, routes: { path: string; status: number | null }[]): AppFacts {
  const release = text(raw, 'current_release');
  const releases = list(raw, 'releases');
  const state = text(raw, 'system_settings_table');
  const shared = text(raw, 'shared_env');
  return {
    current_target: text(raw, 'current_target'),
    current_release: release,
    release_time: releaseTime(release),
    releases,
    releases_kept: raw.releases === undefined ? null : releases.length,
    commit: text(raw, deployedCommitFact),
    commit_message: text(raw, 'deployed_commit_message'),
    branch: text(raw, 'deployed_branch'),
    deployed_by: text(raw, 'deployed_by'),
    last_deploy: text(raw, 'deployed_at'),
    app_version: text(raw, 'app_version'),
    shared_env: shared === 'present' || shared === 'missing' ? shared : null,
    php_fpm_state: text(raw, 'php_fpm_state'),
    php_fpm_workers: int(raw, 'php_fpm_workers'),
    last_migration: text(raw, 'last_migration'),
    migration_batch: int(raw, 'last_migration_batch'),
    ran_migrations: list(raw, 'ran_migrations'),
    pending_migrations: list(raw, 'pending_migrations'),
    pending_source: 'live-release',
    api_routes: routes,
    smtp_api_exposes_password: yesNo(raw, 'smtp_api_exposes_password'),
    system_settings_table: state === 'present' || state === 'absent' ? state : null,
    mail_settings: mailSettings(raw),
    artisan_commands: list(raw, 'artisan_commands'),
    components: Object.fromEntries(componentFacts.map((name) => [name, text(raw, name)])),
    secret_files: fileModes(rawLines(raw, 'app_secret_files')),
  };
}

/** A lines fact kept whole (entries may contain spaces). */
export const rawLines = (raw: RawFacts, name: string): string[] => {
  const value = raw[name];
  return Array.isArray(value) ? value.map(String).filter((s) => s.trim() !== '') : [];
};

function service(raw: RawFacts, name: 'prometheus' | 'alertmanager'): ServiceFacts {
  return {
    state: text(raw, `${name}_state`),
    active_since: text(raw, `${name}_active_since`),
    config: text(raw, `${name}_config`),
    storage: text(raw, `${name}_storage`),
    external_url: text(raw, `${name}_external_url`),
    reload_successful: yesNo(raw, `${name}_reload_successful`),
  };
}

const smtpStates: Record<string, ObservabilityFacts['smtp_state']> = {
  commented: 'commented-out',
  placeholders: 'placeholders',
  configured: 'configured',
  absent: 'absent',
};

/** The observability host's stable facts. */
export function observabilityFacts(raw: RawFacts): ObservabilityFacts {
  const faults = rawLines(raw, 'deploy_hub_script_faults').map((line) => line.trim().split(/\s+/));
  const smtp = text(raw, 'alertmanager_smtp_state');
  const password = text(raw, 'alertmanager_smtp_password_source');
  return {
    prometheus: service(raw, 'prometheus'),
    alertmanager: service(raw, 'alertmanager'),
    grafana_state: text(raw, 'grafana_database'),
    grafana_version: text(raw, 'grafana_version'),
    rule_files: hashedFiles(rawLines(raw, 'rule_files')),
    rule_groups: list(raw, 'prometheus_rule_groups'),
    target_files: list(raw, 'target_files'),
    smtp_state: smtp === null ? null : (smtpStates[smtp] ?? null),
    smtp_password_source:
      password === 'file' || password === 'inline' || password === 'none' ? password : null,
    alerting_path_prefix:
      raw.alerting_path_prefix === undefined ? null : (text(raw, 'alerting_path_prefix') ?? ''),
    seed_backup_files: int(raw, 'seed_backup_files'),
    deploy_hub_is_git: yesNo(raw, 'deploy_hub_is_git'),
    deploy_hub_updated: text(raw, 'deploy_hub_updated'),
    deploy_hub_scripts: hashedFiles(rawLines(raw, 'deploy_hub_scripts')).map((file) => ({
      ...file,
      faults: faults.filter(([path]) => path === file.name).map(([, fault]) => fault ?? ''),
    })),
    secret_files: fileModes(rawLines(raw, 'observability_secret_files')),
    old_password_copies: oldPasswordCopies(raw),
  };
}

/** The three counts of the old-smtp-passwords probe, or null when any is missing (not probed, or failed). */
function oldPasswordCopies(raw: RawFacts): ObservabilityFacts['old_password_copies'] {
  const backups = int(raw, 'old_password_backups');
  const snapshots = int(raw, 'old_password_snapshots');
  const temp = int(raw, 'old_password_temp');
  return backups === null || snapshots === null || temp === null ? null : { backups, snapshots, temp };
}

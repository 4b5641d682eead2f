// "Current State Assessment" for the app host (landsraad), in the seed's order.
import type { CommitNames } from '../engine/plan/commit-names.js';
import type {
  AppFacts,
  HostSection,
  MissingComponent,
  PendingMigration,
} from '../engine/assess/assess-model.js';
import { describeChange } from '../engine/assess/findings/findings-migrations.js';
import { code, commitCode, longDate, mark, plain, table, unreachableSection } from './markdown-format.js';

const componentLabels: Record<string, string> = {
  system_setting_model: 'SystemSetting model (app/Models/SystemSetting.php)',
  system_config_controller: 'SystemConfigController (API)',
  observability_health_controller: 'ObservabilityHealthController (API)',
  smtp_export_command: 'Artisan command smtp:export',
  alertmanager_sync_command: 'Artisan command alertmanager:sync',
};

function missingList(facts: AppFacts, missing: MissingComponent[] | null): string[] {
  if (missing !== null) {
    const app = missing.filter((c) => !['rule-file', 'script', 'config'].includes(c.kind));
    if (app.length === 0) return ['- ✅ Every application component of the repository is live.'];
    return app.map((c) => `- ❌ **${c.kind}** ${code(c.name)} — ${c.detail} (\`${c.path}\`)`);
  }
  const rows = Object.entries(facts.components).map(
    ([name, state]) =>
      `- ${state === 'present' ? '✅' : state === 'missing' ? '❌' : '⚠️'} **${componentLabels[name] ?? name}** — ${plain(state)}`,
  );
  return [...rows, '', '_Give `--repo DIR` to compare every component with the repository._'];
}

/** What each pending migration's up() does, read from the repository. */
function classifiedLines(classified: readonly PendingMigration[]): string[] {
  if (classified.length === 0) return [];
  const restore = (m: PendingMigration): string =>
    m.needs_restore === true
      ? 'a rollback needs a database restore'
      : m.needs_restore === null
        ? 'not classified'
        : 'only adds';
  return [
    '',
    ...classified.map(
      (m) => `- ${code(m.name)}: ${m.changes.map(describeChange).join('; ')} (${restore(m)})`,
    ),
  ];
}

export function appSection(
  index: number,
  section: HostSection & { role: 'app' },
  missing: MissingComponent[] | null,
  classified: readonly PendingMigration[] = [],
  names: CommitNames = {},
): string[] {
  const title = `### ${index}. ${section.address ?? section.host} (CHOM Application Server, \`${section.host}\`)`;
  if (!section.reachable) return unreachableSection(title, section.unreachable);
  const f = section.facts;
  const settings =
    f.system_settings_table === 'present'
      ? [
          `\`system_settings\` table present with ${f.mail_settings.length} mail.* rows (the password is never shown):`,
          '',
          ...table(
            ['key', 'type', 'value'],
            f.mail_settings.map((s) => [s.key, s.type, s.value]),
          ),
        ]
      : [`**\`system_settings\` table:** ${plain(f.system_settings_table)}`];
  return [
    title,
    '',
    '#### Deployment Status',
    `- **Current Deployment:** \`current\` → ${code(f.current_target)} (release ${code(f.current_release)}, ${longDate(f.release_time)})`,
    `- **Git Commit:** ${commitCode(f.commit, names)} - "${plain(f.commit_message)}" (branch ${plain(f.branch)})`,
    `- **Deployed Version:** ${f.app_version ? `v${f.app_version}` : 'unknown'}`,
    `- **Last Deployment:** ${longDate(f.last_deploy ?? f.release_time)}${f.deployed_by ? ` by ${f.deployed_by}` : ''}`,
    '',
    '#### Application Status',
    `- **PHP-FPM:** ${mark(f.php_fpm_state === null ? null : f.php_fpm_state === 'active')} ${plain(f.php_fpm_state)} (${plain(f.php_fpm_workers)} worker processes)`,
    `- **Shared .env:** ${plain(f.shared_env)}`,
    `- **Releases Kept:** ${plain(f.releases_kept)} (${f.releases.join(', ') || 'none'})`,
    '',
    '#### Missing Components (Not Yet Deployed)',
    ...missingList(f, missing),
    '',
    '#### API Endpoint Testing Results',
    ...(f.api_routes.length === 0
      ? ['No API route of the repository is missing live.']
      : table(
          ['route', 'status', 'meaning'],
          f.api_routes.map((r) => [
            r.path,
            plain(r.status),
            r.status === 200 ? 'live' : r.status === null ? 'no answer' : 'route not registered',
          ]),
        )),
    '',
    '#### Database Migration Status',
    `Last migration run: ${code(f.last_migration)} (Batch ${plain(f.migration_batch)})`,
    '',
    f.pending_migrations.length === 0
      ? `No pending migrations (${f.pending_source === 'repository' ? 'against the repository' : 'of the live release'}).`
      : `**Pending migrations** (${f.pending_source === 'repository' ? 'in the repository, not run' : 'of the live release'}): ${f.pending_migrations.map((m) => code(m)).join(', ')}`,
    ...classifiedLines(classified),
    '',
    ...settings,
  ];
}

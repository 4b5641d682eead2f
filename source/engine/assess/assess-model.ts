// The assessment as data: what `assess --format json` prints (docs/assessment-json.md) and what the Markdown
// report renders. Field names are a contract: add fields, never rename them.
import type { MigrationChange } from './laravel/migration-changes.js';

/** Version of the JSON document; bumped only for incompatible changes. */
export const assessmentSchema = 'chom-console/assessment@1';

/** How bad a finding is, most severe first. */
export const severities = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof severities)[number];

/** drift: deployed ≠ repository · risk: will hurt a deploy or operations · security: exposes a secret or access. */
export type FindingKind = 'drift' | 'risk' | 'security';

/** One finding: what was seen, how bad, and what to do. `blocks` marks a blocker of the deploy. */
export type Finding = {
  id: string;
  kind: FindingKind;
  severity: Severity;
  host: string | null;
  title: string;
  detail: string;
  action: string;
  blocks: boolean;
};

/** A probe as it ran (for the report's evidence and for failures). */
export type ProbeOutcome = { id: string; title: string; ok: boolean; detail: string };

/** Why a host could not be assessed. */
export type Unreachable = { kind: string; message: string; hint: string | null };

/** The app host's facts (role `app`). Every field is null/empty when unknown. */
export type AppFacts = {
  current_target: string | null;
  current_release: string | null;
  /** The release's time, from its YYYYmmdd_HHMMSS name (UTC, ISO 8601). */
  release_time: string | null;
  releases: string[];
  releases_kept: number | null;
  /** commit_hash of the live release's .deployment-info (as written: usually 7 characters). */
  commit: string | null;
  commit_message: string | null;
  branch: string | null;
  deployed_by: string | null;
  /** deployed_at of .deployment-info. */
  last_deploy: string | null;
  app_version: string | null;
  shared_env: 'present' | 'missing' | null;
  php_fpm_state: string | null;
  php_fpm_workers: number | null;
  last_migration: string | null;
  migration_batch: number | null;
  ran_migrations: string[];
  /** With --repo: the repository's migrations not run yet; else those of the live release. */
  pending_migrations: string[];
  pending_source: 'repository' | 'live-release';
  /** Status code of each API route the target commit adds (without --repo: the seed's two routes). */
  api_routes: { path: string; status: number | null }[];
  smtp_api_exposes_password: boolean | null;
  system_settings_table: 'present' | 'absent' | null;
  /** The mail.* rows: key, type and value; the password's value is only `<set>` or `<empty>`. */
  mail_settings: { key: string; type: string; value: string }[];
  artisan_commands: string[];
  /** The seed's named Phase 0 components in the live release: present / missing. */
  components: Record<string, string | null>;
  secret_files: FileMode[];
};

/** A file's permission bits (octal text), owner and group. */
export type FileMode = { path: string; mode: string; owner: string; group: string };

/** A service of the observability host. */
export type ServiceFacts = {
  state: string | null;
  active_since: string | null;
  config: string | null;
  storage: string | null;
  external_url: string | null;
  reload_successful: boolean | null;
};

/** A file by name with its size and sha256. */
export type HashedFile = { name: string; bytes: number | null; sha256: string | null };

/** The observability host's facts (role `observability`). */
export type ObservabilityFacts = {
  prometheus: ServiceFacts;
  alertmanager: ServiceFacts;
  grafana_state: string | null;
  grafana_version: string | null;
  rule_files: HashedFile[];
  rule_groups: string[];
  target_files: string[];
  /** `commented-out` (the seed's before-state), `placeholders` (template copied raw), `configured`, `absent`. */
  smtp_state: 'commented-out' | 'placeholders' | 'configured' | 'absent' | null;
  smtp_password_source: 'file' | 'inline' | 'none' | null;
  /** path_prefix of Prometheus's alerting.alertmanagers (empty: none). */
  alerting_path_prefix: string | null;
  seed_backup_files: number | null;
  deploy_hub_is_git: boolean | null;
  deploy_hub_updated: string | null;
  deploy_hub_scripts: (HashedFile & { faults: string[] })[];
  secret_files: FileMode[];
  /**
   * Files on mentat holding an SMTP password other than the live one (counted by hash, never read out):
   * `.bak-<run>` backups beside the live file, snapshots, staging left in /tmp. Null when not probed.
   */
  old_password_copies: { backups: number; snapshots: number; temp: number } | null;
};

type SectionBase = {
  host: string;
  address: string | null;
  reachable: boolean;
  unreachable: Unreachable | null;
  probes: ProbeOutcome[];
};

/** One host's section, by its role: facts when reached, the reason when not. */
export type HostSection =
  | (SectionBase & { role: 'app'; facts: AppFacts })
  | (SectionBase & { role: 'observability'; facts: ObservabilityFacts });

/** A component present in the repository and absent live. */
export type MissingComponent = {
  kind:
    | 'model'
    | 'controller'
    | 'route'
    | 'migration'
    | 'command'
    | 'livewire'
    | 'service'
    | 'view'
    | 'config'
    | 'rule-file'
    | 'script'
    | 'file';
  name: string;
  /** Where it lives in the repository. */
  path: string;
  detail: string;
};

/** A migration of the repository the database has not run, with what its up() does. */
export type PendingMigration = {
  name: string;
  changes: MigrationChange[];
  /** true: it changes, drops or renames, so a code rollback needs the database restored; null: not known. */
  needs_restore: boolean | null;
};

/** A file under deploy/ that changed in the range, against the deploy hub's copy of deploy/. */
export type DeployTreeFile = {
  /** Repository path (`deploy/scripts/x.sh`); the hub holds it without `deploy/`. */
  path: string;
  /** git's status in the range (A, M, D), or `=` when every file at HEAD is compared (range unknown). */
  change: string;
  hub: 'absent' | 'different' | 'equal' | 'unknown';
};

/** What `--repo DIR` contributed: the repository against the deployed commit. */
export type RepositoryFacts = {
  dir: string;
  head: { hash: string; short: string; subject: string; date: string };
  branch: string | null;
  /** Whether the deployed commit is in this repository (else nothing can be compared). */
  deployed_commit_found: boolean;
  commits_since_deployed: { short: string; subject: string }[];
  files_changed: { status: string; path: string }[];
  missing_components: MissingComponent[];
  /** API routes (path) declared at HEAD and not by the live release. */
  added_routes: string[];
  /** The repository's migrations not run yet, classified from their up() at HEAD. */
  pending_migrations: PendingMigration[];
  /**
   * deploy/ files changed since the deployed commit (every deploy/ file at HEAD when that commit is not in the
   * repository), against the deploy hub; null when the hub was not read.
   */
  deploy_tree: DeployTreeFile[] | null;
};

/** The whole assessment. */
export type Assessment = {
  schema: typeof assessmentSchema;
  generated_at: string;
  profile: string;
  run_id: string;
  duration_ms: number;
  /** Always `none`: the run refuses anything that is not read-only. */
  changes_made: 'none';
  /** Commands sent to the hosts (one batch per host, plus probes that cannot be batched); null when unknown. */
  commands_sent: number | null;
  journal: string | null;
  /** By profile host name (landsraad, mentat). */
  hosts: Record<string, HostSection>;
  repository: RepositoryFacts | null;
  /**
   * The sandbox's generated commits by full hash → the seed report's name (7f572d2, bb283db): reports show
   * both. Empty outside the sandbox.
   */
  commit_names: Record<string, string>;
  findings: Finding[];
  summary: {
    /**
     * `not-compared`: nothing the report lists shows undeployed changes, but no repository was compared (or
     * the live commit is not in it), so whether the hosts run the latest commit is not known.
     */
    status: 'up-to-date' | 'changes-not-deployed' | 'incomplete' | 'not-compared';
    headline: string;
    ready_to_deploy: boolean;
    blockers: string[];
  };
  /** 0 all probes ran · 1 some probes failed · 3 a host was unreachable (the report is still complete otherwise). */
  exit_code: 0 | 1 | 3;
};

// From the probes' results (and the repository, when given) to the Assessment: stable facts per host,
// missing components, findings, summary and exit code. Pure apart from the read-only git history lookup.
import type { Profile } from '../../profile/schema.js';
import type { ProbeResult } from './assess.js';
import { appFacts, list, observabilityFacts, rawLines, type RawFacts } from './assess-facts.js';
import {
  assessmentSchema,
  type AppFacts,
  type Assessment,
  type Finding,
  type HostSection,
  type ObservabilityFacts,
  type PendingMigration,
  type RepositoryFacts,
} from './assess-model.js';
import { migrationChanges, needsRestore, type MigrationChange } from './laravel/migration-changes.js';
import { deployHubHost, deployTree, deployTreeFact, stagedHubPaths } from './assess-deploy-tree.js';
import { routeStatusFact, routeStatuses } from './assess-routes.js';
import { deployTreeFinding } from './findings/findings-deploy-tree.js';
import { liveDriftFindings, schemaAheadFinding } from './findings/findings-live.js';
import { assessmentSummary } from './assess-summary.js';
import { appFindings, driftFindings, observabilityFindings, orderFindings } from './findings/findings.js';
import { headRoutes, missingComponents } from './repo/repo-components.js';
import { historySince, type History, type RepoSnapshot } from './repo/repo-git.js';
import { addedRoutes, probeable, routeFilesFromLines, routeTableOf } from './repo/repo-routes.js';

/** What the assessment is made from. */
export type AssessmentInput = {
  profile: Profile;
  runId: string;
  probes: ProbeResult[];
  snapshot: RepoSnapshot | null;
  durationMs: number;
  commandsSent: number | null;
  journal: string | null;
  generatedAt?: string;
  /** The sandbox's names of its generated commits (commit-names.ts); none in production. */
  commitNames?: Record<string, string>;
  /** The history already looked up for a deployed commit (runAssessment asks git while probes still run). */
  history?: { commit: string; history: History | null };
};

/** The first host of the profile with this role. */
function hostWithRole(profile: Profile, role: string): string | null {
  return Object.entries(profile.hosts).find(([, host]) => host.roles.includes(role))?.[0] ?? null;
}

function section<F>(input: AssessmentInput, host: string, facts: F) {
  const probes = input.probes.filter((p) => p.host === host);
  const error = probes.find((p) => p.hostError)?.hostError;
  const declared = input.profile.hosts[host];
  return {
    host,
    address: declared && 'address' in declared ? declared.address : declared ? '127.0.0.1 (sandbox)' : null,
    reachable: error === undefined,
    unreachable: error ? { kind: error.kind, message: error.message, hint: error.hint ?? null } : null,
    facts,
    probes: probes.map(({ id, title, ok, detail }) => ({ id, title, ok, detail })),
  };
}

function apiRoutes(raw: RawFacts, snapshot: RepoSnapshot | null): AppFacts['api_routes'] {
  if (snapshot === null) {
    return [
      { path: '/api/v1/system/smtp-config', status: code(raw.smtp_config_api_status) },
      { path: '/api/v1/observability/health', status: code(raw.observability_health_api_status) },
    ];
  }
  const statuses = routeStatuses(rawLines(raw, routeStatusFact));
  const paths = addedRoutes(headRoutes(snapshot), liveRoutesOf(raw) ?? [])
    .filter(probeable)
    .map((r) => r.path);
  return [...new Set(paths)].map((path) => ({ path, status: statuses.get(path) ?? null }));
}

/** The routes the live release registers, read from the files its probe printed; null when not probed. */
const liveRoutesOf = (raw: RawFacts) =>
  raw.release_route_files === undefined
    ? null
    : routeTableOf(routeFilesFromLines(rawLines(raw, 'release_route_files'))).routes;

const code = (value: unknown): number | null =>
  /^[1-5]\d\d$/.test(String(value ?? '')) ? Number(value) : null;

function repositoryFacts(
  snapshot: RepoSnapshot,
  raw: RawFacts,
  app: AppFacts | null,
  obs: ObservabilityFacts | null,
  known: AssessmentInput['history'],
): RepositoryFacts {
  const commit = app?.commit ?? null;
  const history =
    commit === null ? null : known?.commit === commit ? known.history : historySince(snapshot.dir, commit);
  const liveRoutes = liveRoutesOf(raw);
  const components = missingComponents({
    snapshot,
    app,
    liveFiles: raw.release_files === undefined ? null : list(raw, 'release_files'),
    liveRoutes,
    observability: obs,
  });
  return {
    dir: snapshot.dir,
    head: snapshot.head,
    branch: snapshot.branch,
    deployed_commit_found: history !== null,
    commits_since_deployed: history?.commits ?? [],
    files_changed: history?.files ?? [],
    missing_components: components,
    added_routes: components.filter((c) => c.kind === 'route').map((c) => c.name.replace(/^\S+ /, '')),
    pending_migrations: classifyPending(snapshot, app?.pending_migrations ?? []),
    deploy_tree: deployTree(
      snapshot,
      history,
      raw[deployTreeFact] === undefined ? null : rawLines(raw, deployTreeFact),
    ),
  };
}

/** Each pending migration with what its up() does, read from the repository at HEAD. */
function classifyPending(snapshot: RepoSnapshot, names: readonly string[]): PendingMigration[] {
  return names.map((name) => {
    const source = snapshot.migrations?.[`database/migrations/${name}.php`];
    const changes: MigrationChange[] =
      source === undefined
        ? [{ kind: 'unknown', target: 'the file is not in the repository at HEAD' }]
        : migrationChanges(source);
    return { name, changes, needs_restore: needsRestore(changes) };
  });
}

/** The repository's migrations that the database has not run (only when both sides are known). */
function repoPending(snapshot: RepoSnapshot, app: AppFacts): string[] | null {
  if (app.ran_migrations.length === 0) return null;
  const ran = new Set(app.ran_migrations);
  return snapshot.files
    .filter((f) => /^database\/migrations\/[^/]+\.php$/.test(f))
    .map((f) => f.slice('database/migrations/'.length, -'.php'.length))
    .filter((name) => !ran.has(name))
    .sort();
}

export function buildAssessment(input: AssessmentInput): Assessment {
  const raw: Record<string, unknown> = Object.assign({}, ...input.probes.map((p) => p.facts));
  const appHost = hostWithRole(input.profile, 'app');
  const obsHost = hostWithRole(input.profile, 'observability');
  const hosts: Record<string, HostSection> = {};
  let app: AppFacts | null = null;
  let obs: ObservabilityFacts | null = null;
  if (appHost !== null) {
    app = appFacts(raw, apiRoutes(raw, input.snapshot));
    const pending = input.snapshot ? repoPending(input.snapshot, app) : null;
    if (pending !== null) app = { ...app, pending_migrations: pending, pending_source: 'repository' };
    hosts[appHost] = { role: 'app', ...section(input, appHost, app) };
  }
  if (obsHost !== null) {
    obs = observabilityFacts(raw);
    hosts[obsHost] = { role: 'observability', ...section(input, obsHost, obs) };
  }
  const repository = input.snapshot ? repositoryFacts(input.snapshot, raw, app, obs, input.history) : null;
  const findings: Finding[] = [];
  for (const host of Object.values(hosts)) {
    if (!host.reachable)
      findings.push({
        id: 'blocker.host-unreachable',
        kind: 'risk',
        severity: 'critical',
        host: host.host,
        title: `${host.host} could not be reached (${host.unreachable?.kind ?? 'error'})`,
        detail: `${host.unreachable?.message ?? 'unknown reason'}. Nothing on this host was assessed.`,
        action:
          host.unreachable?.hint ?? 'Check the address, the network and the SSH key, then assess again.',
        blocks: true,
      });
    else if (host.role === 'app') {
      findings.push(...appFindings(host.host, host.facts));
      if (input.snapshot === null) findings.push(...liveDriftFindings(host.host, host.facts));
      const ahead = schemaAheadFinding(host.host, host.facts, list(raw, 'release_files'));
      if (ahead) findings.push(ahead);
    } else findings.push(...observabilityFindings(host.host, host.facts));
  }
  if (repository && input.snapshot) {
    const appSide =
      appHost !== null && app !== null && hosts[appHost]?.reachable ? { host: appHost, facts: app } : null;
    findings.push(
      ...driftFindings(
        repository,
        input.snapshot,
        appSide,
        obsHost !== null && hosts[obsHost]?.reachable ? obsHost : null,
        input.commitNames,
      ),
    );
  }
  const hubHost = deployHubHost(input.profile);
  if (repository?.deploy_tree && hubHost !== null && hosts[hubHost]?.reachable !== false) {
    const tree = deployTreeFinding(
      hubHost,
      repository.deploy_tree,
      app?.commit ?? null,
      stagedHubPaths(input.profile),
    );
    if (tree) findings.push(tree);
  }
  const ordered = orderFindings(findings);
  const unreachable = Object.values(hosts).some((h) => !h.reachable);
  const failedProbes = input.probes.some((p) => !p.ok);
  return {
    schema: assessmentSchema,
    generated_at: input.generatedAt ?? new Date().toISOString(),
    profile: input.profile.name,
    run_id: input.runId,
    duration_ms: Math.round(input.durationMs),
    changes_made: 'none',
    commands_sent: input.commandsSent,
    journal: input.journal,
    hosts,
    repository,
    commit_names: { ...input.commitNames },
    findings: ordered,
    summary: assessmentSummary(hosts, repository, ordered, input.commitNames),
    exit_code: unreachable ? 3 : failedProbes ? 1 : 0,
  };
}

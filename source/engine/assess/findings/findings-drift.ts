// Drift: what the repository has and the hosts do not run (needs `--repo`). After a complete deploy of HEAD
// there is none.
import { commitWithName, type CommitNames } from '../../plan/commit-names.js';
import type { AppFacts, Finding, MissingComponent, RepositoryFacts } from '../assess-model.js';
import { pendingMigrationsFinding } from './findings-migrations.js';
import { routeFindings } from './findings-routes.js';
import type { RepoSnapshot } from '../repo/repo-git.js';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function byKind(components: MissingComponent[]): string {
  const counts = new Map<string, number>();
  for (const c of components) counts.set(c.kind, (counts.get(c.kind) ?? 0) + 1);
  return [...counts].map(([kind, n]) => plural(n, kind)).join(', ');
}

export function driftFindings(
  repo: RepositoryFacts,
  snapshot: RepoSnapshot,
  app: { host: string; facts: AppFacts } | null,
  observabilityHost: string | null,
  names: CommitNames = {},
): Finding[] {
  const out: Finding[] = [];
  const deployed = app?.facts.commit ?? null;
  const [liveShown, headShown] = [
    commitWithName(deployed ?? '', names),
    commitWithName(repo.head.short, names),
  ];
  if (deployed !== null && !repo.head.hash.startsWith(deployed.toLowerCase()))
    out.push({
      id: 'drift.commit',
      kind: 'drift',
      severity: 'medium',
      host: app!.host,
      title: repo.deployed_commit_found
        ? `${app!.host} runs ${liveShown}; the repository is ${plural(repo.commits_since_deployed.length, 'commit')} ahead at ${headShown}`
        : `${app!.host} runs ${liveShown}, which is not in the repository (HEAD ${headShown})`,
      detail: repo.deployed_commit_found
        ? `${plural(repo.files_changed.length, 'file')} changed since the deployed commit.`
        : 'Nothing can be compared by history; the repository may be another clone or branch.',
      action: repo.deployed_commit_found
        ? 'Deploy HEAD with `chom-console deploy`.'
        : 'Fetch the deployed commit, or point --repo at the right checkout.',
      blocks: false,
    });
  const appSide = repo.missing_components.filter((c) => !['rule-file', 'script', 'config'].includes(c.kind));
  const obsSide = repo.missing_components.filter((c) => ['rule-file', 'script', 'config'].includes(c.kind));
  if (app && appSide.length > 0)
    out.push({
      id: 'drift.app-components',
      kind: 'drift',
      severity: 'medium',
      host: app.host,
      title: `The live release lacks ${byKind(appSide)} of the repository`,
      detail: appSide.map((c) => c.name).join(', '),
      action: 'Phase 2 of `chom-console deploy` deploys them (blue-green, migrations confirmed).',
      blocks: false,
    });
  if (app && app.facts.pending_migrations.length > 0)
    out.push(pendingMigrationsFinding(app.host, app.facts.commit, repo.pending_migrations));
  if (observabilityHost !== null && obsSide.length > 0)
    out.push({
      id: 'drift.observability',
      kind: 'drift',
      severity: 'medium',
      host: observabilityHost,
      title: `mentat lacks ${byKind(obsSide)} of the repository`,
      detail: obsSide.map((c) => `${c.name} (${c.detail})`).join('; '),
      action: 'Phases 1 and 4 of `chom-console deploy` stage, validate and install them.',
      blocks: false,
    });
  out.push(...routeFindings(snapshot, app));
  return out;
}

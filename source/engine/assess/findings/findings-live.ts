// Findings from the live facts that need no repository: what the live release visibly lacks (the seed's
// Phase 0 components, API routes that are not registered) when no repository was compared, and a database
// that ran migrations the live code does not have (a code rollback without the schema).
import type { AppFacts, Finding } from '../assess-model.js';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Status codes a route that is not registered answers (Laravel's 404, nginx's redirect of an unknown path). */
const unregisteredStatuses = [301, 302, 404];

/** The seed's components the live release lacks, by name. */
export const missingLive = (app: AppFacts): string[] =>
  Object.entries(app.components)
    .filter(([, state]) => state === 'missing')
    .map(([name]) => name);

/** API routes the probe found unregistered. */
export const unregisteredRoutes = (app: AppFacts): AppFacts['api_routes'] =>
  app.api_routes.filter((r) => r.status !== null && unregisteredStatuses.includes(r.status));

/** Without a repository: what the live release visibly lacks of Phase 0, as drift. */
export function liveDriftFindings(host: string, app: AppFacts): Finding[] {
  const out: Finding[] = [];
  const missing = missingLive(app);
  if (missing.length > 0)
    out.push({
      id: 'drift.live-components',
      kind: 'drift',
      severity: 'medium',
      host,
      title: `The live release lacks ${plural(missing.length, 'Phase 0 component')}`,
      detail: `${missing.join(', ')} (probed in the live release; no repository compared, so other changes are not known).`,
      action:
        'Assess with `--repo DIR` to list every commit and component not deployed; phase 2 of `chom-console deploy` deploys them.',
      blocks: false,
    });
  const routes = unregisteredRoutes(app);
  if (routes.length > 0)
    out.push({
      id: 'drift.live-routes',
      kind: 'drift',
      severity: 'medium',
      host,
      title: `${plural(routes.length, 'Phase 0 API route')} not registered live`,
      detail: routes.map((r) => `${r.path} answers ${r.status}`).join('; '),
      action:
        'Phase 2 of `chom-console deploy` deploys the routes; assess with `--repo DIR` to see the commit that adds them.',
      blocks: false,
    });
  return out;
}

/** The database ran migrations the live release does not have: the code went back, the schema did not. */
export function schemaAheadFinding(
  host: string,
  app: AppFacts,
  liveFiles: readonly string[],
): Finding | null {
  const live = new Set(
    liveFiles
      .filter((f) => f.startsWith('database/migrations/'))
      .map((f) => f.slice('database/migrations/'.length).replace(/\.php$/, '')),
  );
  if (live.size === 0) return null;
  const ahead = app.ran_migrations.filter((name) => !live.has(name));
  if (ahead.length === 0) return null;
  return {
    id: 'risk.schema-ahead-of-code',
    kind: 'risk',
    severity: 'medium',
    host,
    title: `The database ran ${plural(ahead.length, 'migration')} the live release does not have`,
    detail: `${ahead.join(', ')}. The live code (${app.commit ?? 'unknown commit'}) runs on a newer schema: a rollback switched the code back without restoring the database, or the release was switched by hand.`,
    action:
      'If the live code fails on the new schema, deploy again, or restore the database dump taken before those migrations.',
    blocks: false,
  };
}

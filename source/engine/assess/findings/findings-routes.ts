// Findings about the routes HEAD registers (needs `--repo`): an SMTP endpoint that deploying HEAD would publish,
// decided from the middleware that really applies to it (group or route), and route files the reader could not
// read whole (then what it says about routes may be incomplete).
import type { AppFacts, Finding } from '../assess-model.js';
import { routeTableOf } from '../repo/repo-routes.js';
import type { RepoSnapshot } from '../repo/repo-git.js';
import { authenticationWith } from '../laravel/route-middleware.js';
import { methodLabel, type DeclaredRoute } from '../laravel/route-model.js';

const where = (route: DeclaredRoute): string => `${route.file} line ${route.line}`;

const middlewareText = (route: DeclaredRoute): string =>
  route.middleware.length === 0 ? 'no middleware' : `middleware ${route.middleware.join(', ')}`;

/** The SMTP configuration endpoints (they hand out the decrypted password). */
const isSmtpConfig = (route: DeclaredRoute): boolean =>
  route.methods.includes('GET') && /\/smtp-config(\/|$)/.test(route.path);

export function routeFindings(
  snapshot: RepoSnapshot,
  app: { host: string; facts: AppFacts } | null,
): Finding[] {
  const out: Finding[] = [];
  const table = routeTableOf(snapshot.contents);
  const smtp = table.routes.filter(isSmtpConfig);
  const open = smtp.find((r) => authenticationWith(r, table.middleware) === 'no');
  const unsure = smtp.find((r) => authenticationWith(r, table.middleware) === 'unknown');
  const live = app?.facts.api_routes.find((r) => r.path === open?.path);
  if (open && app && live?.status !== 200)
    out.push({
      id: 'security.smtp-api-unauthenticated-in-repo',
      kind: 'security',
      severity: 'high',
      host: app.host,
      title: `Deploying HEAD publishes ${open.path} without authentication`,
      detail: `The route returns the decrypted SMTP password to anyone once deployed: ${methodLabel(open)} ${open.path} (${where(open)}) gets ${middlewareText(open)}, none of which authenticates (middleware groups and aliases included).`,
      action:
        'Add auth (or an nginx allow-list for mentat) to the SMTP routes before or right after the deploy; rotate the password after.',
      blocks: false,
    });
  else if (unsure && app)
    out.push({
      id: 'security.smtp-api-auth-unknown',
      kind: 'security',
      severity: 'medium',
      host: app.host,
      title: `Whether HEAD's ${unsure.path} requires authentication is unknown`,
      detail: `Some middleware that applies to it (${where(unsure)}) is not written as a literal name; known: ${middlewareText(unsure)}.`,
      action: `Check with \`php artisan route:list --path=${unsure.path.replace(/^\//, '')} -v\` on a checkout of HEAD.`,
      blocks: false,
    });
  if (table.issues.length > 0)
    out.push({
      id: 'risk.routes-not-fully-read',
      kind: 'risk',
      severity: 'low',
      host: null,
      title: `The repository's route files could not be read whole (${table.issues.length} place${table.issues.length === 1 ? '' : 's'})`,
      detail: table.issues
        .slice(0, 5)
        .map((i) => `${i.file} line ${i.line}: ${i.message}`)
        .join('; '),
      action:
        'The routes listed (added routes, probes, the SMTP endpoint finding) may be incomplete; compare with `php artisan route:list` on a checkout of HEAD.',
      blocks: false,
    });
  return out;
}

// Which routes a release serves: its routing files (routes/, bootstrap/app.php, the RouteServiceProvider) read
// with the console's own reader of Laravel's routing DSL, so the stub answers exactly what Laravel would route.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { routeTableOf, type DeclaredRoute } from '../../engine/assess/repo/repo-routes.js';
import { authenticationWith, kernelFile } from '../../engine/assess/laravel/route-middleware.js';
import { bootstrapFile, providerFile } from '../../engine/assess/laravel/route-table.js';

function routingFiles(release: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const file of [bootstrapFile, providerFile, kernelFile])
    if (existsSync(join(release, file))) out[file] = readFileSync(join(release, file), 'utf8');
  const visit = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) visit(full);
      else if (name.endsWith('.php')) out[relative(release, full)] = readFileSync(full, 'utf8');
    }
  };
  visit(join(release, 'routes'));
  return out;
}

/** A route path as a pattern: `{param}` one segment, `{param?}` an optional one, the fallback anything. */
function pattern(path: string): RegExp {
  const body = path
    .split('/')
    .map((segment) =>
      segment === '{fallbackPlaceholder}'
        ? '.*'
        : segment
            .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
            .replace(/\{\w+\?\}|\{\w+\}/g, (p) => (p.endsWith('?}') ? '[^/]*' : '[^/]+')),
    )
    .join('/');
  return new RegExp(`^${body}/?$`);
}

/** The route the release registers for this method and path (first match, as Laravel's router), or null;
 *  `authenticated` when an auth middleware applies to it (through the app's groups and aliases too). */
export function releaseRoute(
  release: string,
  method: string,
  path: string,
): (DeclaredRoute & { authenticated: boolean }) | null {
  const table = routeTableOf(routingFiles(release));
  const routes = table.routes;
  // Laravel tries the fallback route last
  const ordered = [
    ...routes.filter((r) => !r.path.includes('{fallbackPlaceholder}')),
    ...routes.filter((r) => r.path.includes('{fallbackPlaceholder}')),
  ];
  const found = ordered.find((r) => r.methods.includes(method) && pattern(r.path).test(path));
  return found ? { ...found, authenticated: authenticationWith(found, table.middleware) === 'yes' } : null;
}

// Which API routes a release has: read from its routes/api.php, as Laravel would register them.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** `/api/…` paths declared with Route::get in the release (empty when the file is missing). */
export function releaseApiRoutes(release: string): Set<string> {
  const file = join(release, 'routes/api.php');
  if (!existsSync(file)) return new Set();
  const text = readFileSync(file, 'utf8');
  const routes = new Set<string>();
  for (const match of text.matchAll(
    /Route::(?:middleware\([^)]*\)->)?(?:get|any|match\([^)]*\),?)\(\s*'([^']+)'/g,
  )) {
    routes.add(`/api${match[1]!.startsWith('/') ? '' : '/'}${match[1]!}`);
  }
  return routes;
}

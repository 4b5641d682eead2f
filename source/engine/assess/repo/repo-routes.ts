// The routes of a Laravel application, read from its routing files with the DSL reader (route-table.ts):
// the repository's HEAD (from its snapshot) and the live release (from the probe that prints its files).
import { methodLabel, type DeclaredRoute, type RouteTable } from '../laravel/route-model.js';
import { isRoutingFile, readRouteTable } from '../laravel/route-table.js';

export type { DeclaredRoute } from '../laravel/route-model.js';

/** The line the live release probe prints before each file's text. */
export const routeFileMarker = '### chom-console file ';

/** The route table of the routing files among `contents` (path → text). */
export function routeTableOf(contents: Readonly<Record<string, string>>): RouteTable {
  return readRouteTable(Object.fromEntries(Object.entries(contents).filter(([path]) => isRoutingFile(path))));
}

/** The probe's lines (a marker line, then the file's lines) → path → text. */
export function routeFilesFromLines(lines: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  let current: string | null = null;
  for (const line of lines) {
    if (line.startsWith(routeFileMarker)) {
      current = line.slice(routeFileMarker.length).trim();
      out[current] = '';
    } else if (current !== null) out[current] += `${line}\n`;
  }
  return out;
}

const key = (route: DeclaredRoute): string => `${methodLabel(route)} ${route.path}`;

/** Routes of `next` that `live` does not register (by methods and path). */
export function addedRoutes(next: DeclaredRoute[], live: DeclaredRoute[]): DeclaredRoute[] {
  const known = new Set(live.map(key));
  const seen = new Set<string>();
  return next.filter((r) => !known.has(key(r)) && !seen.has(key(r)) && seen.add(key(r)));
}

/**
 * The routes a status probe may ask: GET, a path that is a URL as written (no `{parameter}`), and an API route
 * (the `api` middleware group, as Laravel gives every route of the api file): web pages are not asked, so an
 * assessment never GETs a page whose handler might change something.
 */
export const probeable = (route: DeclaredRoute): boolean =>
  route.methods.includes('GET') && !route.path.includes('{') && route.middleware.includes('api');

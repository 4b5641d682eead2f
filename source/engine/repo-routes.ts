// Laravel API routes from routes/api.php text (pure): `Route::get('/v1/x', …)`, also after `->middleware(…)`.
// Paths get Laravel's `/api` prefix. Only what a probe can ask is kept: literal paths (no `{parameter}`).

/** One declared route: method, full path, and whether it sits behind an auth middleware. */
export type DeclaredRoute = { method: string; path: string; authenticated: boolean };

const routeCall =
  /Route::(?<chain>(?:[^;]*?->)?)(?<method>get|post|put|patch|delete|any|match)\(\s*(?:\[[^\]]*\]\s*,\s*)?['"](?<path>[^'"]+)['"]/g;

/** Routes declared in the text, in order, without duplicates. */
export function declaredRoutes(source: string): DeclaredRoute[] {
  const seen = new Set<string>();
  const out: DeclaredRoute[] = [];
  for (const match of source.matchAll(routeCall)) {
    const groups = match.groups!;
    const raw = groups.path!;
    if (raw.includes('{')) continue;
    const path = `/api${raw.startsWith('/') ? '' : '/'}${raw}`.replace(/\/+$/, '') || '/api';
    const key = `${groups.method} ${path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      method: groups.method!.toUpperCase(),
      path,
      authenticated: /middleware\([^)]*auth/.test(groups.chain!),
    });
  }
  return out;
}

/** Paths declared in `next` and not in `live` (GET-able ones first: only they get a status code probe). */
export function addedRoutes(next: DeclaredRoute[], live: DeclaredRoute[]): DeclaredRoute[] {
  const known = new Set(live.map((r) => `${r.method} ${r.path}`));
  return next.filter((r) => !known.has(`${r.method} ${r.path}`));
}

// The route reader against the Laravel applications under test/fixtures/laravel-routes: each fixture's
// expected.txt is its route list as Laravel registers it (method, path, name, middleware), written from
// Laravel's documented behaviour; issues.txt, when present, lists where the reader must say it could not follow.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { routeTableOf } from '../../source/engine/assess/repo/repo-routes.js';
import type { DeclaredRoute } from '../../source/engine/assess/laravel/route-model.js';

const root = join(import.meta.dirname, '../fixtures/laravel-routes');

function filesUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (path: string): void => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      if (statSync(full).isDirectory()) visit(full);
      else if (name.endsWith('.php')) out[relative(dir, full)] = readFileSync(full, 'utf8');
    }
  };
  visit(dir);
  return out;
}

const meaningful = (text: string): string[] =>
  text.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));

/** A route as route:list shows it: `GET|HEAD /path name middleware…` ('-' for none, '?' for unreadable). */
function line(route: DeclaredRoute): string {
  const methods = route.methods.length === 7 ? 'ANY' : route.methods.join('|');
  const middleware = [...route.middleware, ...(route.middlewareKnown ? [] : ['?'])];
  return [methods, route.path, route.name ?? '-', ...(middleware.length ? middleware : ['-'])].join(' ');
}

const fixtures = readdirSync(root).filter((name) => statSync(join(root, name)).isDirectory());

describe('the routing DSL reader on Laravel applications', () => {
  it('has at least 15 fixtures', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(15);
  });

  it.each(fixtures)('%s: the route list Laravel registers', (name) => {
    const dir = join(root, name);
    const table = routeTableOf(filesUnder(dir));
    expect(table.routes.map(line)).toEqual(meaningful(readFileSync(join(dir, 'expected.txt'), 'utf8')));
    const issuesFile = join(dir, 'issues.txt');
    const expectedIssues = statSync(issuesFile, { throwIfNoEntry: false })
      ? meaningful(readFileSync(issuesFile, 'utf8'))
      : [];
    expect(
      table.issues.map((i) => `${i.file}:${i.line}`),
      JSON.stringify(table.issues),
    ).toEqual(expectedIssues);
  });
});

// The route reader's edges: input that is not PHP, cut-off files, and what the assessment asks of it (the
// live release's files from the probe's lines, added routes, probeable paths, who authenticates).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  addedRoutes,
  probeable,
  routeFileMarker,
  routeFilesFromLines,
  routeTableOf,
} from '../../source/engine/assess/repo/repo-routes.js';
import { authentication } from '../../source/engine/assess/laravel/route-model.js';
import { tokenize } from '../../source/engine/assess/laravel/php-tokens.js';

const api = (text: string) => routeTableOf({ 'routes/api.php': text });

describe('the route reader on input it cannot read', () => {
  it('reports what it cannot read, with file and line, and never throws', () => {
    for (const text of [
      '',
      'not php at all',
      '<?php Route::get(',
      "<?php Route::get('/x",
      '<?php /* never closed',
      '<?php $x = <<<EOT\nnever closed',
      '<?php }}}}',
      '<?php ((((((((((',
      '\u0000\u0001\u00ff<?php \u0000',
      `<?php ${'Route::group(function () {'.repeat(300)}`,
    ])
      expect(() => api(text)).not.toThrow();
    const table = api("<?php\n\nRoute::get('/ok', fn () => 1);\nRoute::get('/x', [A::class 'b']);\n");
    expect(table.routes.map((r) => r.path)).toEqual(['/api/ok']);
    expect(table.issues).toContainEqual(
      expect.objectContaining({
        file: 'routes/api.php',
        line: 4,
        message: expect.stringContaining('cannot read'),
      }),
    );
  });

  it('never throws on any prefix of the fixtures (a file cut off anywhere)', () => {
    const root = join(import.meta.dirname, '../fixtures/laravel-routes');
    const texts: string[] = [];
    const visit = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const full = join(dir, name);
        if (statSync(full).isDirectory()) visit(full);
        else if (name.endsWith('.php')) texts.push(readFileSync(full, 'utf8'));
      }
    };
    visit(root);
    let cuts = 0;
    for (const text of texts)
      for (let end = 0; end < text.length; end += 11) {
        expect(() => api(text.slice(0, end))).not.toThrow();
        cuts++;
      }
    expect(cuts).toBeGreaterThan(500);
  });

  it('tokenizes strings with both quotes and their escapes', () => {
    const strings = tokenize(`<?php 'it\\'s \\\\ \\n' "tab\\there \\"q\\" \\$x" "$dyn" '$lit'`).filter(
      (t) => t.kind === 'string',
    );
    expect(strings.map((t) => (t.kind === 'string' ? [t.value, t.dynamic] : null))).toEqual([
      ["it's \\ \\n", false],
      ['tab\there "q" $x', false],
      ['$dyn', true],
      ['$lit', false],
    ]);
  });
});

describe('what the assessment asks of the reader', () => {
  it('reads the live release files from the probe lines', () => {
    const lines = [
      `${routeFileMarker}app/Providers/RouteServiceProvider.php`,
      '<?php',
      "class RouteServiceProvider { public function boot() { $this->routes(function () { Route::middleware('api')->prefix('api')->group(base_path('routes/api.php')); }); } }",
      `${routeFileMarker}routes/api.php`,
      '<?php',
      "Route::prefix('v1')->middleware('auth:sanctum')->group(function () {",
      "Route::get('/sites', fn () => 1);",
      '});',
    ];
    const table = routeTableOf(routeFilesFromLines(lines));
    expect(table.issues).toEqual([]);
    expect(table.routes.map((r) => [r.path, r.middleware])).toEqual([
      ['/api/v1/sites', ['api', 'auth:sanctum']],
    ]);
  });

  it('probes only GET routes whose path is a URL, and compares by method and path', () => {
    const live = api("<?php Route::get('/v1/health', fn () => 1);").routes;
    const head = routeTableOf({
      'routes/api.php': `<?php
Route::get('/v1/health', fn () => 1);
Route::post('/v1/health', fn () => 1);
Route::apiResource('v1/sites', S::class)->only(['index', 'show']);`,
      'routes/web.php': "<?php Route::get('/cache/flush', fn () => Cache::flush());",
    }).routes;
    const added = addedRoutes(head, live);
    expect(added.map((r) => `${r.methods[0]} ${r.path}`)).toEqual([
      'POST /api/v1/health',
      'GET /api/v1/sites',
      'GET /api/v1/sites/{site}',
      'GET /cache/flush',
    ]);
    // a web page is compared, never asked (its handler may change something)
    expect(added.filter(probeable).map((r) => r.path)).toEqual(['/api/v1/sites']);
  });

  it('knows which middleware authenticates, and when it cannot know', () => {
    const table = api(`<?php
Route::get('/a', fn () => 1)->middleware('auth:sanctum');
Route::get('/b', fn () => 1)->middleware(['throttle:60,1', 'signed']);
Route::middleware($mw)->get('/c', fn () => 1);
Route::middleware('auth.basic')->get('/d', fn () => 1);
Route::middleware('auth')->get('/e', fn () => 1)->withoutMiddleware('auth');`);
    expect(table.routes.map((r) => [r.path, authentication(r)])).toEqual([
      ['/api/a', 'yes'],
      ['/api/b', 'no'],
      ['/api/c', 'unknown'],
      ['/api/d', 'yes'],
      ['/api/e', 'no'],
    ]);
  });
});

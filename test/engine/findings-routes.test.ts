// The public-SMTP-endpoint finding is decided from the middleware that really applies to each route, wherever it
// is declared (a group, the route, the RouteServiceProvider), not from the line the route is on.
import { describe, expect, it } from 'vitest';
import { appFacts } from '../../source/engine/assess/assess-facts.js';
import type { RepositoryFacts } from '../../source/engine/assess/assess-model.js';
import { driftFindings } from '../../source/engine/assess/findings/findings.js';
import type { RepoSnapshot } from '../../source/engine/assess/repo/repo-git.js';

const provider = `<?php
class RouteServiceProvider extends ServiceProvider
{
    public function boot(): void
    {
        $this->routes(function () {
            Route::middleware('api')->prefix('api')->group(base_path('routes/api.php'));
        });
    }
}
`;

function findingsFor(api: string, more: Record<string, string> = {}) {
  const snapshot: RepoSnapshot = {
    dir: '/repo',
    head: { hash: 'a'.repeat(40), short: 'aaaaaaa', subject: 'HEAD', date: '2026-01-09' },
    branch: 'main',
    files: ['routes/api.php', 'app/Providers/RouteServiceProvider.php'],
    contents: {
      'routes/api.php': `<?php\n${api}`,
      'app/Providers/RouteServiceProvider.php': provider,
      ...more,
    },
    hashes: {},
  };
  const repo: RepositoryFacts = {
    dir: '/repo',
    head: snapshot.head,
    branch: 'main',
    deployed_commit_found: true,
    commits_since_deployed: [],
    files_changed: [],
    missing_components: [],
    added_routes: [],
    pending_migrations: [],
    deploy_tree: null,
  };
  const facts = appFacts({}, [{ path: '/api/v1/system/smtp-config', status: 301 }]);
  return driftFindings(repo, snapshot, { host: 'landsraad', facts }, null).filter(
    (f) => f.kind === 'security',
  );
}

const smtp = "Route::get('/smtp-config', [SystemConfigController::class, 'smtpConfig']);";

describe('the public SMTP endpoint finding', () => {
  it('is raised for the versioned route with only the api group, naming where and what applies', () => {
    const found = findingsFor(`Route::prefix('v1/system')->group(function () {\n    ${smtp}\n});`);
    expect(found.map((f) => [f.id, f.title])).toEqual([
      [
        'security.smtp-api-unauthenticated-in-repo',
        'Deploying HEAD publishes /api/v1/system/smtp-config without authentication',
      ],
    ]);
    expect(found[0]!.detail).toContain(
      '(routes/api.php line 3) gets middleware api, none of which authenticates',
    );
  });

  it('is not raised when auth applies through a group, several levels up', () => {
    const api = `Route::middleware(['auth:sanctum'])->group(function () {
    Route::prefix('v1')->group(function () {
        Route::prefix('system')->controller(SystemConfigController::class)->group(function () {
            Route::get('/smtp-config', 'smtpConfig');
        });
    });
});`;
    expect(findingsFor(api)).toEqual([]);
  });

  it('is not raised when auth is on the route itself, after the action', () => {
    expect(
      findingsFor(
        "Route::get('/v1/system/smtp-config', [SystemConfigController::class, 'smtpConfig'])->middleware('auth:sanctum');",
      ),
    ).toEqual([]);
  });

  it('is raised again when the route removes the group auth (withoutMiddleware)', () => {
    const api = `Route::middleware('auth:sanctum')->prefix('v1/system')->group(function () {
    Route::get('/smtp-config', [SystemConfigController::class, 'smtpConfig'])->withoutMiddleware('auth:sanctum');
});`;
    expect(findingsFor(api).map((f) => f.id)).toEqual(['security.smtp-api-unauthenticated-in-repo']);
  });

  it('says it cannot tell when the middleware is computed', () => {
    const found = findingsFor(
      `Route::middleware($guards)->prefix('v1/system')->group(function () {\n    ${smtp}\n});`,
    );
    expect(found.map((f) => f.id)).toEqual(['security.smtp-api-auth-unknown']);
  });

  it('looks through the middleware groups and aliases of app/Http/Kernel.php (Laravel 10)', () => {
    const kernel = `<?php
namespace App\\Http;
class Kernel extends HttpKernel
{
    protected $middleware = [\\App\\Http\\Middleware\\TrustProxies::class];
    protected $middlewareGroups = [
        'web' => [\\App\\Http\\Middleware\\EncryptCookies::class],
        'api' => ['throttle:api', \\Illuminate\\Routing\\Middleware\\SubstituteBindings::class],
        'ops' => ['api', 'ops.auth'],
        'mentat' => ['throttle:10,1'],
    ];
    protected $middlewareAliases = [
        'auth' => \\App\\Http\\Middleware\\Authenticate::class,
        'ops.auth' => \\App\\Http\\Middleware\\OpsAuthenticate::class,
    ];
}
`;
    const behind = (mw: string) =>
      findingsFor(`Route::middleware('${mw}')->prefix('v1/system')->group(function () {\n    ${smtp}\n});`, {
        'app/Http/Kernel.php': kernel,
      }).map((f) => f.id);
    expect(behind('ops')).toEqual([]);
    expect(behind('ops.auth')).toEqual([]);
    expect(behind('mentat')).toEqual(['security.smtp-api-unauthenticated-in-repo']);
  });

  it("looks through bootstrap/app.php's withMiddleware groups (Laravel 11)", () => {
    const bootstrap = `<?php
return Application::configure(basePath: dirname(__DIR__))
    ->withRouting(api: __DIR__.'/../routes/api.php')
    ->withMiddleware(function (Middleware $middleware) {
        $middleware->group('ops', ['throttle:ops']);
        $middleware->appendToGroup('ops', 'auth:sanctum');
    })->create();
`;
    const found = findingsFor(
      `Route::middleware('ops')->prefix('v1/system')->group(function () {\n    ${smtp}\n});`,
      {
        'bootstrap/app.php': bootstrap,
      },
    );
    expect(found).toEqual([]);
    const withoutAuth = findingsFor(
      `Route::middleware('ops')->prefix('v1/system')->group(function () {\n    ${smtp}\n});`,
      { 'bootstrap/app.php': bootstrap.replace(/.*appendToGroup.*\n/, '') },
    );
    expect(withoutAuth.map((f) => f.id)).toEqual(['security.smtp-api-unauthenticated-in-repo']);
  });
});

// Synthetic Laravel sources of the generated CHOM repository: the same paths as the real application, small
// bodies. The sandbox's app stub and artisan stand-in read these paths (routes/api.php, app/…, migrations).

export const phpClass = (namespace: string, name: string, body: string, uses: string[] = []): string =>
  [
    '<?php',
    '',
    `namespace ${namespace};`,
    '',
    ...uses.map((u) => `use ${u};`),
    ...(uses.length ? [''] : []),
    `class ${name}`,
    '{',
    body,
    '}',
    '',
  ].join('\n');

/**
 * Column statements of the Phase 0 alter migrations (the older ones keep their placeholder body, which the
 * generated hashes of their commits depend on).
 */
const alterStatements: Record<string, string[]> = {
  '2026_01_06_133203_add_updated_at_to_tenant_user_table': [
    "            $table->timestamp('updated_at')->nullable();",
  ],
};

/** A migration file; `create` tables get Schema::create, others Schema::table. */
export function migration(name: string): string {
  const create = /^\d{4}_\d{2}_\d{2}_\d{6}_create_(\w+)_table$/.exec(name);
  const alter = /_to_(\w+)_table$/.exec(name);
  const table = create?.[1] ?? alter?.[1] ?? 'users';
  const up = create
    ? [
        `        Schema::create('${table}', function (Blueprint $table) {`,
        '            $table->id();',
        '            $table->timestamps();',
        '        });',
      ]
    : [
        `        Schema::table('${table}', function (Blueprint $table) {`,
        ...(alterStatements[name] ?? [`            // ${name}`]),
        '        });',
      ];
  if (table === 'system_settings') {
    up.push(
      '',
      "        DB::table('system_settings')->insert([",
      "            ['key' => 'mail.mailer', 'value' => 'smtp', 'type' => 'string'],",
      "            ['key' => 'mail.host', 'value' => '', 'type' => 'string'],",
      "            ['key' => 'mail.port', 'value' => '587', 'type' => 'integer'],",
      "            ['key' => 'mail.username', 'value' => '', 'type' => 'string'],",
      "            ['key' => 'mail.password', 'value' => '', 'type' => 'encrypted'],",
      "            ['key' => 'mail.encryption', 'value' => 'tls', 'type' => 'string'],",
      "            ['key' => 'mail.from_address', 'value' => '', 'type' => 'string'],",
      "            ['key' => 'mail.from_name', 'value' => 'CHOM', 'type' => 'string'],",
      '        ]);',
    );
  }
  return [
    '<?php',
    '',
    'use Illuminate\\Database\\Migrations\\Migration;',
    'use Illuminate\\Database\\Schema\\Blueprint;',
    'use Illuminate\\Support\\Facades\\DB;',
    'use Illuminate\\Support\\Facades\\Schema;',
    '',
    'return new class extends Migration',
    '{',
    '    public function up(): void',
    '    {',
    ...up,
    '    }',
    '};',
    '',
  ].join('\n');
}

/**
 * routes/api.php, written as a Laravel app writes it: a versioned prefix group, an auth group with a resource
 * route, the SMTP endpoints in a controller group (public: mentat fetches them during deploys). The
 * RouteServiceProvider gives the file its /api prefix; the app stub serves it through the console's reader.
 */
export function apiRoutes(stage: 'base' | 'sites' | 'smtp' | 'observability'): string {
  const smtp = stage === 'smtp' || stage === 'observability';
  const lines = [
    '<?php',
    '',
    'use App\\Http\\Controllers\\Api\\HealthController;',
    ...(stage === 'observability' ? ['use App\\Http\\Controllers\\Api\\ObservabilityHealthController;'] : []),
    ...(stage !== 'base' ? ['use App\\Http\\Controllers\\Api\\SiteController;'] : []),
    ...(smtp ? ['use App\\Http\\Controllers\\Api\\SystemConfigController;'] : []),
    ...(stage !== 'base' ? ['use Illuminate\\Http\\Request;'] : []),
    'use Illuminate\\Support\\Facades\\Route;',
    '',
    '/*',
    '|--------------------------------------------------------------------------',
    '| API Routes',
    '|--------------------------------------------------------------------------',
    '|',
    '| Loaded by the RouteServiceProvider under /api with the "api" middleware group.',
    '|',
    '*/',
    '',
    "Route::prefix('v1')->name('api.v1.')->group(function () {",
    "    Route::get('/health', [HealthController::class, 'index'])->name('health');",
  ];
  if (stage !== 'base')
    lines.push(
      '',
      "    Route::middleware('auth:sanctum')->group(function () {",
      "        Route::get('/user', fn (Request $request) => $request->user())->name('user');",
      "        Route::apiResource('sites', SiteController::class)->only(['index', 'show']);",
      '    });',
    );
  if (smtp)
    lines.push(
      '',
      '    // SMTP configuration for the observability stack (public: mentat fetches it during deploys)',
      "    Route::prefix('system')->name('system.')->controller(SystemConfigController::class)->group(function () {",
      "        Route::get('/smtp-config', 'smtpConfig')->name('smtp-config');",
      "        Route::get('/smtp-config/shell', 'smtpConfigShell')->name('smtp-config.shell');",
      "        Route::get('/smtp-config/yaml', 'smtpConfigYaml')->name('smtp-config.yaml');",
      '    });',
    );
  if (stage === 'observability')
    lines.push(
      '',
      "    Route::get('/observability/health', [ObservabilityHealthController::class, 'index'])->name('observability.health');",
    );
  lines.push('});');
  return `${lines.join('\n')}\n`;
}

/** app/Providers/RouteServiceProvider.php of Laravel 10: api.php under /api with the api group, web.php with web. */
export const routeServiceProvider = [
  '<?php',
  '',
  'namespace App\\Providers;',
  '',
  'use Illuminate\\Cache\\RateLimiting\\Limit;',
  'use Illuminate\\Foundation\\Support\\Providers\\RouteServiceProvider as ServiceProvider;',
  'use Illuminate\\Http\\Request;',
  'use Illuminate\\Support\\Facades\\RateLimiter;',
  'use Illuminate\\Support\\Facades\\Route;',
  '',
  'class RouteServiceProvider extends ServiceProvider',
  '{',
  "    public const HOME = '/dashboard';",
  '',
  '    public function boot(): void',
  '    {',
  "        RateLimiter::for('api', function (Request $request) {",
  '            return Limit::perMinute(60)->by($request->user()?->id ?: $request->ip());',
  '        });',
  '',
  '        $this->routes(function () {',
  "            Route::middleware('api')",
  "                ->prefix('api')",
  "                ->group(base_path('routes/api.php'));",
  '',
  "            Route::middleware('web')",
  "                ->group(base_path('routes/web.php'));",
  '        });',
  '    }',
  '}',
  '',
].join('\n');

export const composerJson = (version: string): string =>
  `${JSON.stringify(
    {
      name: 'calounx/chom',
      description: 'CHOM - multi-tenant site hosting control panel',
      type: 'project',
      version,
      license: 'proprietary',
      require: {
        php: '^8.2',
        'laravel/framework': '^10.48',
        'livewire/livewire': '^3.4',
        'laravel/tinker': '^2.9',
      },
      autoload: { 'psr-4': { 'App\\': 'app/' } },
    },
    null,
    4,
  )}\n`;

export const packageJson = (version: string): string =>
  `${JSON.stringify(
    {
      private: true,
      name: 'chom',
      version,
      type: 'module',
      scripts: { dev: 'vite', build: 'vite build' },
      devDependencies: { vite: '^5.4.11', 'laravel-vite-plugin': '^1.0.5', tailwindcss: '^3.4.15' },
    },
    null,
    2,
  )}\n`;

export const configApp = (version: string): string =>
  [
    '<?php',
    '',
    'return [',
    "    'name' => env('APP_NAME', 'CHOM'),",
    `    'version' => '${version}',`,
    "    'env' => env('APP_ENV', 'production'),",
    "    'debug' => (bool) env('APP_DEBUG', false),",
    "    'url' => env('APP_URL', 'http://localhost'),",
    "    'key' => env('APP_KEY'),",
    "    'cipher' => 'AES-256-CBC',",
    '];',
    '',
  ].join('\n');

export const artisanFile = [
  '#!/usr/bin/env php',
  '<?php',
  '',
  "define('LARAVEL_START', microtime(true));",
  '',
  '/*',
  ' * Register the Composer autoloader (the release needs `composer install` before artisan can boot).',
  ' */',
  '',
  '',
  '',
  '',
  '',
  '',
  '',
  '',
  '',
  "require __DIR__.'/vendor/autoload.php';",
  '',
  "$app = require_once __DIR__.'/bootstrap/app.php';",
  '$kernel = $app->make(Illuminate\\Contracts\\Console\\Kernel::class);',
  '$status = $kernel->handle($input = new Symfony\\Component\\Console\\Input\\ArgvInput, new Symfony\\Component\\Console\\Output\\ConsoleOutput);',
  '$kernel->terminate($input, $status);',
  'exit($status);',
  '',
].join('\n');

export const controller = (name: string, body: string): string =>
  phpClass('App\\Http\\Controllers\\Api', name, body, [
    'App\\Http\\Controllers\\Controller',
    'Illuminate\\Http\\JsonResponse',
  ]);

export const command = (name: string, signature: string, description: string): string =>
  phpClass(
    'App\\Console\\Commands',
    name,
    [`    protected $signature = '${signature}';`, '', `    protected $description = '${description}';`].join(
      '\n',
    ),
    ['Illuminate\\Console\\Command'],
  );

// The commits `sandbox commit` adds after bb283db, one per call, so a weekly deploy has something real to
// show: each brings an API route (written into routes/api.php as a Laravel app writes it), a migration that
// adds, one that drops, and a change to the Prometheus rules. Each is derived from the files at the tip it is
// added to, with a fixed date, so the same world gets the same hashes on every machine.
import type { HistoryCommit } from './chom-history.js';
import { controller } from './laravel-files.js';

/** The files a next commit is derived from, as they are at the branch tip. */
export type TipFiles = { apiRoutes: string; basicRules: string };

export const apiRoutesPath = 'routes/api.php';
export const basicRulesPath = 'deploy/config/mentat/prometheus-alerts/basic.yml';

/** The line of routes/api.php the new routes follow: the sites resource in the auth:sanctum group. */
const routeAnchor = "        Route::apiResource('sites', SiteController::class)->only(['index', 'show']);\n";

const migrationFile = (up: string[]): string =>
  [
    '<?php',
    '',
    'use Illuminate\\Database\\Migrations\\Migration;',
    'use Illuminate\\Database\\Schema\\Blueprint;',
    'use Illuminate\\Support\\Facades\\Schema;',
    '',
    'return new class extends Migration',
    '{',
    '    public function up(): void',
    '    {',
    ...up.map((line) => `        ${line}`),
    '    }',
    '};',
    '',
  ].join('\n');

/** One prepared change: what it adds to the tip's files and its own new files. */
type NextChange = {
  label: string;
  message: string;
  date: string;
  controller: { name: string; body: string };
  route: string;
  migrations: Record<string, string[]>;
  rules: (basic: string) => string;
};

const changes: NextChange[] = [
  {
    label: 'next-1',
    message: 'feat: Site backups API with backup failure alerts',
    date: '2026-01-12T10:00:00Z',
    controller: {
      name: 'SiteBackupController',
      body: "    public function index(int $site): JsonResponse\n    {\n        return response()->json(['data' => []]);\n    }",
    },
    route:
      "        Route::get('/sites/{site}/backups', [SiteBackupController::class, 'index'])->name('sites.backups.index');",
    migrations: {
      '2026_01_12_094500_create_site_backups_table': [
        "Schema::create('site_backups', function (Blueprint $table) {",
        '    $table->id();',
        "    $table->foreignId('site_id')->constrained()->cascadeOnDelete();",
        "    $table->string('status', 20)->default('pending');",
        "    $table->unsignedBigInteger('size_bytes')->nullable();",
        '    $table->timestamps();',
        '});',
      ],
      '2026_01_12_095000_drop_metadata_from_users_table': [
        "Schema::table('users', function (Blueprint $table) {",
        "    $table->dropColumn('metadata');",
        '});',
      ],
    },
    rules: (basic) =>
      `${basic}
      # Site backups failing (chom_site_backup_failures_total, exported by the app)
      - alert: SiteBackupFailed
        expr: increase(chom_site_backup_failures_total[1h]) > 0
        labels:
          severity: warning
        annotations:
          summary: "Site backup failed on {{ $labels.instance }}"
          description: "{{ $value }} site backup(s) failed in the last hour."
`,
  },
  {
    label: 'next-2',
    message: 'feat: Tenant API tokens; tenant roles move to the tokens',
    date: '2026-01-19T10:00:00Z',
    controller: {
      name: 'TenantTokenController',
      body: "    public function store(): JsonResponse\n    {\n        return response()->json(['data' => null], 201);\n    }",
    },
    route:
      "        Route::post('/tenants/{tenant}/tokens', [TenantTokenController::class, 'store'])->name('tenants.tokens.store');",
    migrations: {
      '2026_01_19_091500_add_abilities_to_personal_access_tokens_table': [
        "Schema::table('personal_access_tokens', function (Blueprint $table) {",
        "    $table->json('tenant_abilities')->nullable();",
        '});',
      ],
      '2026_01_19_092000_drop_role_from_tenant_user_table': [
        "Schema::table('tenant_user', function (Blueprint $table) {",
        "    $table->dropColumn('role');",
        '});',
      ],
    },
    rules: (basic) => basic.replace('* 100) > 80\n        for: 5m', '* 100) > 90\n        for: 10m'),
  },
  {
    label: 'next-3',
    message: 'feat: Site uptime history',
    date: '2026-01-26T10:00:00Z',
    controller: {
      name: 'SiteUptimeController',
      body: "    public function index(int $site): JsonResponse\n    {\n        return response()->json(['data' => []]);\n    }",
    },
    route:
      "        Route::get('/sites/{site}/uptime', [SiteUptimeController::class, 'index'])->name('sites.uptime.index');",
    migrations: {
      '2026_01_26_093000_create_site_uptime_checks_table': [
        "Schema::create('site_uptime_checks', function (Blueprint $table) {",
        '    $table->id();',
        "    $table->foreignId('site_id')->constrained()->cascadeOnDelete();",
        "    $table->boolean('up');",
        "    $table->unsignedInteger('response_ms')->nullable();",
        "    $table->timestamp('checked_at')->index();",
        '});',
      ],
      '2026_01_26_093500_drop_timestamps_from_site_user_table': [
        "Schema::table('site_user', function (Blueprint $table) {",
        '    $table->dropTimestamps();',
        '});',
      ],
    },
    rules: (basic) =>
      basic.replace(
        '        expr: probe_duration_seconds > 2\n',
        '        expr: probe_duration_seconds{job="blackbox-http"} > 2\n',
      ),
  },
];

/** How many next commits `sandbox commit` can add. */
export const nextCommitCount = changes.length;

/** routes/api.php with `route` after the sites resource and its controller imported (sorted, as Pint does). */
function withRoute(routes: string, route: string, controllerName: string): string {
  if (!routes.includes(routeAnchor))
    throw new Error(`${apiRoutesPath} has no sites resource route to follow`);
  const withLine = routes.replace(routeAnchor, `${routeAnchor}${route}\n`);
  const lines = withLine.split('\n');
  const use = `use App\\Http\\Controllers\\Api\\${controllerName};`;
  const uses = lines.filter((line) => line.startsWith('use '));
  const sorted = [...uses, use].sort();
  const first = lines.indexOf(uses[0]!);
  return [...lines.slice(0, first), ...sorted, ...lines.slice(first + uses.length)].join('\n');
}

/** The `index`-th next commit (0-based), derived from the tip's files. */
export function nextCommit(index: number, tip: TipFiles): HistoryCommit {
  const change = changes[index];
  if (change === undefined)
    throw new Error(`no prepared next commit ${index + 1} (${nextCommitCount} exist)`);
  const rules = change.rules(tip.basicRules);
  if (rules === tip.basicRules)
    throw new Error(`${basicRulesPath} at the tip lacks what commit ${change.label} changes`);
  return {
    label: change.label,
    message: change.message,
    date: change.date,
    files: {
      [apiRoutesPath]: withRoute(tip.apiRoutes, change.route, change.controller.name),
      [`app/Http/Controllers/Api/${change.controller.name}.php`]: controller(
        change.controller.name,
        change.controller.body,
      ),
      ...Object.fromEntries(
        Object.entries(change.migrations).map(([name, up]) => [
          `database/migrations/${name}.php`,
          migrationFile(up),
        ]),
      ),
      [basicRulesPath]: rules,
    },
  };
}

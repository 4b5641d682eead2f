// landsraad at the state the seed's assessment found: five releases, `current` → 20260106_132320 (commit
// "7f572d2", v2.1.0), shared .env and storage, migrations to batch 7, no system_settings table.
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { history, liveRelease, migrationsByBatch, seededReleases } from './content/chom-history.js';
import { appBase } from '../lifecycle/paths.js';
import type { Ports } from '../lifecycle/ports.js';
import { exportTree, type CommitMap } from './repository.js';
import { seedLandsraadUnits } from './units-seed.js';

/** Fixed so the world is the same bytes on every reset (a sandbox secret, not a production one). */
const sandboxAppKey = 'base64:Y2hvbS1jb25zb2xlLXNhbmRib3gtYXBwLWtleS0zMmI=';

export type SeedContext = { root: string; bare: string; commits: CommitMap; ports: Ports };

function write(path: string, text: string, mode = 0o644): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  chmodSync(path, mode);
}

function envFile(ports: Ports): string {
  return [
    'APP_NAME=CHOM',
    'APP_ENV=production',
    `APP_KEY=${sandboxAppKey}`,
    'APP_DEBUG=false',
    `APP_URL=http://127.0.0.1:${ports.app}`,
    '',
    'LOG_CHANNEL=stack',
    'LOG_LEVEL=info',
    '',
    'DB_CONNECTION=pgsql',
    'DB_HOST=127.0.0.1',
    'DB_PORT=5432',
    'DB_DATABASE=chom',
    'DB_USERNAME=chom',
    'DB_PASSWORD=sandbox-db-password',
    '',
    'REDIS_HOST=127.0.0.1',
    'REDIS_PASSWORD=null',
    'REDIS_PORT=6379',
    '',
    'CACHE_DRIVER=redis',
    'QUEUE_CONNECTION=redis',
    'SESSION_DRIVER=redis',
    '',
  ].join('\n');
}

/** What a completed deploy leaves in a release besides the checkout. */
function completeRelease(dir: string, base: string, info: Record<string, string>): void {
  writeFileSync(
    join(dir, '.deployment-info'),
    `${Object.entries(info)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n')}\n`,
  );
  symlinkSync(join(base, 'shared/storage'), join(dir, 'storage'));
  symlinkSync(join(base, 'shared/.env'), join(dir, '.env'));
  write(
    join(dir, 'vendor/autoload.php'),
    "<?php\n// Composer autoloader (chom-console sandbox)\nreturn require __DIR__ . '/composer/autoload_real.php';\n",
  );
  write(join(dir, 'vendor/composer/autoload_real.php'), '<?php\n');
  write(
    join(dir, 'vendor/composer/installed.json'),
    '{"packages":[{"name":"laravel/framework","version":"v10.48.4"},{"name":"livewire/livewire","version":"v3.4.9"}]}\n',
  );
  write(
    join(dir, 'vendor/laravel/framework/composer.json'),
    '{"name":"laravel/framework","version":"10.48.4"}\n',
  );
  write(join(dir, 'vendor/bin/pest'), '#!/bin/sh\necho "pest (sandbox)"\n', 0o755);
  write(
    join(dir, 'public/build/manifest.json'),
    `${JSON.stringify({ 'resources/js/app.js': { file: 'assets/app.js', isEntry: true, src: 'resources/js/app.js' } }, null, 2)}\n`,
  );
  write(join(dir, 'public/build/assets/app.js'), 'console.log("chom");\n');
  write(join(dir, 'public/vendor/livewire/livewire.js'), '/* livewire 3 (sandbox) */\n');
  write(join(dir, 'bootstrap/cache/config.php'), "<?php return ['app' => ['name' => 'CHOM']];\n");
  symlinkSync(join(dir, 'storage/app/public'), join(dir, 'public/storage'));
  chmodSync(join(dir, 'artisan'), 0o755);
}

function seedDatabase(root: string): void {
  let id = 0;
  const migrations = migrationsByBatch.flatMap((names, index) =>
    names.map((migration) => ({ id: ++id, migration, batch: index + 1 })),
  );
  write(
    join(root, 'var/lib/postgresql/chom.json'),
    `${JSON.stringify({ migrations, system_settings: null }, null, 2)}\n`,
    0o600,
  );
}

const laravelLog = [
  '[2026-01-06 13:23:31] production.INFO: Application deployed {"release":"20260106_132320"}',
  '[2026-01-06 13:24:02] production.INFO: GET /up 200',
  '[2026-01-08 22:10:45] production.WARNING: Slow query detected {"ms":1210,"sql":"select * from \\"sites\\""}',
  '[2026-01-09 07:58:13] production.INFO: GET /api/v1/health 200',
  '',
].join('\n');

export function seedLandsraad(ctx: SeedContext): void {
  const { root } = ctx;
  const base = join(root, appBase);
  const shared = join(base, 'shared');
  write(join(shared, '.env'), envFile(ctx.ports), 0o640);
  for (const dir of ['app/public', 'framework/cache/data', 'framework/sessions', 'framework/views'])
    mkdirSync(join(shared, 'storage', dir), { recursive: true });
  write(join(shared, 'storage/logs/laravel.log'), laravelLog, 0o664);
  mkdirSync(join(base, 'backups'), { recursive: true });
  writeFileSync(
    join(base, 'backups/chom_db_20260106_132310.sql.gz'),
    gzipSync(Buffer.from('-- PostgreSQL database dump (chom-console sandbox)\n')),
  );
  for (const release of seededReleases) {
    const dir = join(base, 'releases', release.id);
    const hash = ctx.commits[release.label]!;
    exportTree(ctx.bare, hash, dir);
    completeRelease(dir, base, {
      release_id: release.id,
      deployed_at: release.deployedAt,
      deployed_by: 'stilgar',
      commit_hash: hash.slice(0, 7),
      commit_message: history.find((c) => c.label === release.label)!.message,
      branch: 'main',
    });
  }
  symlinkSync(`releases/${liveRelease}`, join(base, 'current'));
  seedDatabase(root);
  seedLandsraadUnits(root);
  write(
    join(root, 'etc/supervisor/conf.d/chom-worker.conf'),
    '[program:chom-worker]\nprocess_name=%(program_name)s_%(process_num)02d\ncommand=php /var/www/chom/current/artisan queue:work redis --sleep=3 --tries=3\nnumprocs=1\nuser=stilgar\n',
  );
  write(
    join(root, 'etc/nginx/sites-enabled/chom'),
    'server {\n    server_name chom.arewel.com landsraad.arewel.com;\n    root /var/www/chom/current/public;\n    location ~ \\.php$ { fastcgi_pass unix:/run/php/php8.2-fpm.sock; }\n}\n',
  );
  write(
    join(root, 'var/log/journal/php8.2-fpm.log'),
    'Jan 06 13:23:25 landsraad systemd[1]: Started php8.2-fpm.service - The PHP 8.2 FastCGI Process Manager.\n',
  );
  mkdirSync(join(root, 'tmp'), { recursive: true });
}

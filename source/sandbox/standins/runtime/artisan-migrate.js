// Runtime (plain JavaScript): `php artisan migrate`, `migrate:status` and `migrate:rollback`: migrations come
// from the release's database/migrations and land in the JSON database.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { dbReady, dots, error, info } from './artisan-console.js';
import { readEnvFile, saveDb, seededMailRows } from './db.js';

function releaseMigrations(release) {
  const dir = join(release, 'database/migrations');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.php'))
    .map((f) => f.slice(0, -4))
    .sort();
}

export function migrateStatus(ctx, release) {
  const db = dbReady(ctx, release);
  if (!Array.isArray(db.migrations)) {
    error(ctx, 'Migration table not found.');
    return 1;
  }
  const ran = new Map(db.migrations.map((m) => [m.migration, m.batch]));
  const names = [...new Set([...releaseMigrations(release), ...ran.keys()])].sort();
  ctx.stdout('');
  ctx.stdout(dots('Migration name', 'Batch / Status'));
  for (const name of names) ctx.stdout(dots(name, ran.has(name) ? '[' + ran.get(name) + '] Ran' : 'Pending'));
  ctx.stdout('');
  return 0;
}

function applyMigration(db, release, name) {
  const source = readFileSync(join(release, 'database/migrations', name + '.php'), 'utf8');
  if (/Schema::create\('system_settings'/.test(source)) {
    const stamp = '2026-01-09 08:38:04';
    db.system_settings = seededMailRows.map(([key, value, type, description], index) => ({
      id: index + 1,
      key,
      value,
      type,
      description,
      created_at: stamp,
      updated_at: stamp,
    }));
  }
}

export function migrate(ctx, release, options) {
  const env = readEnvFile(join(release, '.env'));
  if ((env.APP_ENV || 'production') === 'production' && !options.force) {
    ctx.stdout('\n   WARN  Application In Production.\n');
    error(ctx, 'Command cancelled (run with --force, no interactive terminal).');
    return 1;
  }
  const db = dbReady(ctx, release);
  const done = new Set(db.migrations.map((m) => m.migration));
  const pending = releaseMigrations(release).filter((m) => !done.has(m));
  if (!pending.length) {
    info(ctx, 'Nothing to migrate.');
    return 0;
  }
  const batch = db.migrations.reduce((max, m) => Math.max(max, m.batch), 0) + 1;
  info(ctx, 'Running migrations.');
  let id = db.migrations.reduce((max, m) => Math.max(max, m.id || 0), 0);
  for (const name of pending) {
    applyMigration(db, release, name);
    db.migrations.push({ id: ++id, migration: name, batch });
    ctx.stdout(dots(name, '3ms DONE'));
  }
  ctx.stdout('');
  saveDb(ctx.root, db);
  return 0;
}

export function migrateRollback(ctx, release) {
  const db = dbReady(ctx, release);
  const batch = db.migrations.reduce((max, m) => Math.max(max, m.batch), 0);
  const undone = db.migrations.filter((m) => m.batch === batch).reverse();
  if (!undone.length) {
    info(ctx, 'Nothing to rollback.');
    return 0;
  }
  info(ctx, 'Rolling back migrations.');
  for (const m of undone) {
    if (/create_system_settings_table/.test(m.migration)) db.system_settings = null;
    ctx.stdout(dots(m.migration, '2ms DONE'));
  }
  db.migrations = db.migrations.filter((m) => m.batch !== batch);
  saveDb(ctx.root, db);
  return 0;
}

// Runtime (plain JavaScript): what every `php artisan` command of the sandbox shares: Laravel's console
// output, the database connection a release can open, and whether a release has a class.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadDb } from './db.js';
import { readUnit, status } from './units.js';

const width = 100;
export const dots = (left, right) =>
  '  ' + left + ' ' + '.'.repeat(Math.max(3, width - left.length - right.length - 4)) + ' ' + right;
export const info = (ctx, text) => ctx.stdout('\n   INFO  ' + text + '\n');
export const error = (ctx, text) => ctx.stderr('\n   ERROR  ' + text + '\n');

/** The JSON database, as a release with a .env reaches it while postgresql runs; throws as Laravel would. */
export function dbReady(ctx, release) {
  if (!existsSync(join(release, '.env'))) {
    throw new Error(
      'SQLSTATE[08006] [7] connection to server at "127.0.0.1", port 5432 failed: no password supplied (no .env in ' +
        release +
        ')',
    );
  }
  const unit = readUnit(ctx.root, 'postgresql');
  if (unit && status(ctx.root, unit).state !== 'active') {
    throw new Error(
      'SQLSTATE[08006] [7] connection to server at "127.0.0.1", port 5432 failed: Connection refused',
    );
  }
  return loadDb(ctx.root);
}

export function hasClass(release, file) {
  return existsSync(join(release, file));
}

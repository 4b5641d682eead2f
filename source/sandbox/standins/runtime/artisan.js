// Runtime (plain JavaScript): `php artisan …` for a release directory. It behaves like Laravel where the
// runbook looks: a release without vendor/autoload.php cannot boot, commands exist only when the release has
// their class, migrations come from the release's database/migrations and land in the JSON database.
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  lstatSync,
} from 'node:fs';
import { join } from 'node:path';
import {
  createSetting,
  getSetting,
  loadDb,
  missingTable,
  saveDb,
  seededMailRows,
  setSetting,
  smtpConfig,
  smtpShell,
  smtpYaml,
  readEnvFile,
} from './db.js';
import { ExitSignal, PhpError, runPhp } from './php-eval.js';
import { readUnit, status } from './units.js';

const width = 100;
const dots = (left, right) =>
  '  ' + left + ' ' + '.'.repeat(Math.max(3, width - left.length - right.length - 4)) + ' ' + right;
const info = (ctx, text) => ctx.stdout('\n   INFO  ' + text + '\n');
const error = (ctx, text) => ctx.stderr('\n   ERROR  ' + text + '\n');

function dbReady(ctx, release) {
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

function releaseMigrations(release) {
  const dir = join(release, 'database/migrations');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.php'))
    .map((f) => f.slice(0, -4))
    .sort();
}

function migrateStatus(ctx, release) {
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

function migrate(ctx, release, options) {
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

function migrateRollback(ctx, release) {
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

function hasClass(release, file) {
  return existsSync(join(release, file));
}

function tinker(ctx, release, options) {
  if (!hasClass(release, 'vendor/laravel/tinker/composer.json') && !hasClass(release, 'vendor/autoload.php'))
    return 1;
  const code = options.execute !== undefined ? options.execute : ctx.readStdin();
  let stdinLeft = options.execute !== undefined ? null : '';
  const readStdin = () => {
    if (stdinLeft === null) stdinLeft = ctx.readStdin();
    const all = stdinLeft;
    stdinLeft = '';
    return all;
  };
  let db = null;
  const database = () => (db = db || dbReady(ctx, release));
  const model = (name) => {
    const short = name.replace(/^App\\Models\\/, '');
    if (short !== 'SystemSetting') throw new PhpError('PHP Error:  Class "' + name + '" not found');
    if (!hasClass(release, 'app/Models/SystemSetting.php'))
      throw new PhpError('PHP Error:  Class "App\\Models\\SystemSetting" not found');
    return short;
  };
  const env = {
    vars: {},
    echo: (text) => ctx.write(text),
    warn: (text) => ctx.stderr(text),
    readStdin,
    readStdinLine: () => {
      const all = readStdin();
      const nl = all.indexOf('\n');
      stdinLeft = nl < 0 ? '' : all.slice(nl + 1);
      return nl < 0 ? all : all.slice(0, nl + 1);
    },
    readFile: (path) => (existsSync(path) ? readFileSync(path, 'utf8') : false),
    callStatic: (cls, method, list) => {
      model(cls);
      const table = database();
      switch (method) {
        case 'set':
          setSetting(table, ctx.root, String(list[0]), list[1], list[2] ?? 'string', list[3]);
          saveDb(ctx.root, table);
          return true;
        case 'get': {
          const value = getSetting(table, String(list[0]), ctx.root);
          return value === null ? (list[1] ?? null) : value;
        }
        case 'create':
          createSetting(table, list[0] || {});
          saveDb(ctx.root, table);
          return list[0];
        case 'count':
          if (!Array.isArray(table.system_settings)) throw new Error(missingTable);
          return table.system_settings.length;
        default:
          throw new PhpError(
            'PHP Error:  Call to undefined method App\\Models\\SystemSetting::' +
              method +
              '() (not supported by the sandbox)',
          );
      }
    },
    callMethod: (_value, method) => {
      throw new PhpError('PHP Error:  Call to method ' + method + '() is not supported by the sandbox');
    },
  };
  try {
    runPhp(code, env);
  } catch (e) {
    if (e instanceof ExitSignal) {
      if (e.text) ctx.write(e.text);
      return e.code;
    }
    const message = e instanceof PhpError ? e.message : 'Illuminate\\Database\\QueryException  ' + e.message;
    ctx.stderr('\n   ' + message + '\n');
    return 1;
  }
  return 0;
}

function smtpExport(ctx, release, options) {
  if (!hasClass(release, 'app/Console/Commands/ExportSmtpConfig.php')) {
    error(ctx, 'Command "smtp:export" is not defined.');
    return 1;
  }
  let config;
  try {
    config = smtpConfig(dbReady(ctx, release), ctx.root);
  } catch (e) {
    error(ctx, 'Failed to export SMTP configuration: ' + e.message);
    return 1;
  }
  const format = options.format || 'shell';
  if (format === 'json') ctx.stdout(JSON.stringify(config, null, 4));
  else if (format === 'yaml') ctx.write(smtpYaml(config));
  else if (format === 'shell' || format === 'env') ctx.write(smtpShell(config));
  else {
    error(ctx, 'Invalid format: ' + format + '. Use json, shell or yaml.');
    return 1;
  }
  return 0;
}

function ensureDir(path) {
  mkdirSync(path, { recursive: true });
}

function exists(path) {
  try {
    lstatSync(path);
    return true;
  } catch (_e) {
    return false;
  }
}

const simple = {
  'config:cache': (r) => {
    ensureDir(join(r, 'bootstrap/cache'));
    writeFileSync(join(r, 'bootstrap/cache/config.php'), "<?php return ['app' => ['name' => 'CHOM']];\n");
    return 'Configuration cached successfully.';
  },
  'config:clear': (r) => {
    rmSync(join(r, 'bootstrap/cache/config.php'), { force: true });
    return 'Configuration cache cleared successfully.';
  },
  'route:cache': (r) => {
    ensureDir(join(r, 'bootstrap/cache'));
    writeFileSync(join(r, 'bootstrap/cache/routes-v7.php'), '<?php // cached routes\n');
    return 'Routes cached successfully.';
  },
  'route:clear': (r) => {
    rmSync(join(r, 'bootstrap/cache/routes-v7.php'), { force: true });
    return 'Route cache cleared successfully.';
  },
  'view:cache': (r) => {
    ensureDir(join(r, 'storage/framework/views'));
    return 'Blade templates cached successfully.';
  },
  'view:clear': () => 'Compiled views cleared successfully.',
  'cache:clear': () => 'Application cache cleared successfully.',
  'event:cache': () => 'Events cached successfully.',
  optimize: (r) => {
    simple['config:cache'](r);
    simple['route:cache'](r);
    return 'Caching framework bootstrap, configuration, and metadata.';
  },
  'optimize:clear': (r) => {
    simple['config:clear'](r);
    simple['route:clear'](r);
    return 'Clearing cached bootstrap files.';
  },
  'queue:restart': () => 'Broadcasting queue restart signal.',
  'livewire:publish': (r) => {
    ensureDir(join(r, 'public/vendor/livewire'));
    writeFileSync(join(r, 'public/vendor/livewire/livewire.js'), '/* livewire 3 (sandbox) */\n');
    return 'Livewire assets published.';
  },
  'storage:link': (r) => {
    const link = join(r, 'public/storage');
    if (exists(link)) return 'The [public/storage] link already exists.';
    ensureDir(join(r, 'public'));
    symlinkSync(join(r, 'storage/app/public'), link);
    return 'The [public/storage] link has been connected to [storage/app/public].';
  },
  down: (r) => {
    ensureDir(join(r, 'storage/framework'));
    writeFileSync(join(r, 'storage/framework/down'), '{"retry":60,"status":503}\n');
    return 'Application is now in maintenance mode.';
  },
  up: (r) => {
    rmSync(join(r, 'storage/framework/down'), { force: true });
    return 'Application is now live.';
  },
};

/** `args` are the words after the artisan path. Returns the exit code. */
export function artisan(release, args, ctx) {
  if (!existsSync(join(release, 'vendor/autoload.php'))) {
    ctx.stderr(
      'PHP Warning:  require(' +
        release +
        '/vendor/autoload.php): Failed to open stream: No such file or directory in ' +
        release +
        '/artisan on line 18',
    );
    ctx.stderr(
      "PHP Fatal error:  Uncaught Error: Failed opening required '" +
        release +
        "/vendor/autoload.php' in " +
        release +
        '/artisan:18',
    );
    return 255;
  }
  const options = {};
  const words = [];
  for (let i = 0; i < args.length; i += 1) {
    const a = args[i];
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (m) options[m[1]] = m[2] === undefined ? true : m[2];
    else if (a === '-n' || a === '-q' || a === '-v' || a === '-vv' || a === '-vvv') continue;
    else if (a === '-V') options.version = true;
    else words.push(a);
  }
  const command = words[0];
  if (options.version && !command) {
    ctx.stdout('Laravel Framework 10.48.4');
    return 0;
  }
  try {
    switch (command) {
      case undefined:
      case 'list':
        ctx.stdout(
          'Laravel Framework 10.48.4\n\nAvailable commands:\n  about\n  migrate\n  migrate:status\n  tinker' +
            (hasClass(release, 'app/Console/Commands/ExportSmtpConfig.php') ? '\n smtp\n  smtp:export' : ''),
        );
        return 0;
      case 'about':
        ctx.stdout(
          dots('Laravel Version', '10.48.4') +
            '\n' +
            dots('PHP Version', '8.2.26') +
            '\n' +
            dots('Environment', readEnvFile(join(release, '.env')).APP_ENV || 'production'),
        );
        return 0;
      case 'migrate:status':
        return migrateStatus(ctx, release);
      case 'migrate':
        return migrate(ctx, release, options);
      case 'migrate:rollback':
        return migrateRollback(ctx, release);
      case 'tinker':
        return tinker(ctx, release, options);
      case 'smtp:export':
        return smtpExport(ctx, release, options);
      case 'alertmanager:sync':
        if (!hasClass(release, 'app/Console/Commands/SyncAlertmanagerConfig.php')) {
          error(ctx, 'Command "alertmanager:sync" is not defined.');
          return 1;
        }
        error(
          ctx,
          "alertmanager:sync cannot reach mentat from the sandbox app; use the console's observability phase.",
        );
        return 1;
      default:
        if (simple[command]) {
          const text = simple[command](release, options);
          if (/already exists/.test(text)) error(ctx, text);
          else info(ctx, text);
          return 0;
        }
        error(ctx, 'Command "' + command + '" is not defined.');
        return 1;
    }
  } catch (e) {
    ctx.stderr('\n   Illuminate\\Database\\QueryException\n\n  ' + e.message + '\n');
    return 1;
  }
}

// Runtime (plain JavaScript): `php artisan …` for a release directory. It behaves like Laravel where the
// runbook looks: a release without vendor/autoload.php cannot boot, commands exist only when the release has
// their class, migrations come from the release's database/migrations and land in the JSON database.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { dbReady, dots, error, hasClass, info } from './artisan-console.js';
import { migrate, migrateRollback, migrateStatus } from './artisan-migrate.js';
import { simple } from './artisan-simple.js';
import { tinker } from './artisan-tinker.js';
import { readEnvFile, smtpConfig, smtpShell, smtpYaml } from './db.js';

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

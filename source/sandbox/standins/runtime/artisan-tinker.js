// Runtime (plain JavaScript): `php artisan tinker`: the PHP subset of php-eval.js, with App\Models\SystemSetting
// over the JSON database.
import { existsSync, readFileSync } from 'node:fs';
import { dbReady, hasClass } from './artisan-console.js';
import { createSetting, getSetting, missingTable, saveDb, setSetting } from './db.js';
import { ExitSignal, PhpError, runPhp } from './php-eval.js';

export function tinker(ctx, release, options) {
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

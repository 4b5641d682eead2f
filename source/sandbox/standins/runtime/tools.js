// Runtime (plain JavaScript): composer, npm, redis-cli, supervisorctl, pgrep and `php` itself.
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { artisan } from './artisan.js';
import { ExitSignal, PhpError, runPhp } from './php-eval.js';
import { readUnit, status } from './units.js';

function active(ctx, name) {
  const unit = readUnit(ctx.root, name);
  return Boolean(unit) && status(ctx.root, unit).state === 'active';
}

export function composer(args, ctx) {
  const words = args.filter((a) => !a.startsWith('-'));
  const verb = words[0];
  if (args.includes('--version') || args.includes('-V')) {
    ctx.stdout('Composer version 2.7.7 2024-06-10 22:11:12 (chom-console sandbox)');
    return 0;
  }
  const dir = ctx.cwd;
  if (verb === 'install' || verb === 'update' || verb === 'dump-autoload' || verb === 'dumpautoload') {
    if (!existsSync(join(dir, 'composer.json'))) {
      ctx.stderr('Composer could not find a composer.json file in ' + dir);
      return 1;
    }
    if (verb === 'install' || verb === 'update') {
      ctx.stderr('Installing dependencies from lock file');
      mkdirSync(join(dir, 'vendor/bin'), { recursive: true });
      mkdirSync(join(dir, 'vendor/composer'), { recursive: true });
      mkdirSync(join(dir, 'vendor/laravel/framework'), { recursive: true });
      writeFileSync(
        join(dir, 'vendor/laravel/framework/composer.json'),
        '{"name":"laravel/framework","version":"10.48.4"}\n',
      );
      writeFileSync(
        join(dir, 'vendor/composer/installed.json'),
        '{"packages":[{"name":"laravel/framework","version":"v10.48.4"},{"name":"livewire/livewire","version":"v3.4.9"}]}\n',
      );
      writeFileSync(join(dir, 'vendor/bin/pest'), '#!/bin/sh\necho "pest (sandbox)"\n');
      chmodSync(join(dir, 'vendor/bin/pest'), 0o755);
      ctx.stderr('Package operations: 112 installs, 0 updates, 0 removals');
    }
    writeFileSync(
      join(dir, 'vendor/autoload.php'),
      "<?php\n// Composer autoloader (chom-console sandbox)\nreturn require __DIR__ . '/composer/autoload_real.php';\n",
    );
    writeFileSync(join(dir, 'vendor/composer/autoload_real.php'), '<?php\n');
    if (args.includes('--optimize') || args.includes('-o') || args.includes('--optimize-autoloader')) {
      writeFileSync(join(dir, 'vendor/composer/autoload_classmap.php'), '<?php\nreturn [];\n');
    }
    ctx.stderr('Generating optimized autoload files');
    return 0;
  }
  ctx.stderr('Command "' + (verb || '') + '" is not supported by the sandbox composer.');
  return 1;
}

export function npm(args, ctx) {
  const words = args.filter((a) => !a.startsWith('-'));
  const dir = ctx.cwd;
  if (args[0] === '--version' || args[0] === '-v') {
    ctx.stdout('10.8.2');
    return 0;
  }
  if (!existsSync(join(dir, 'package.json'))) {
    ctx.stderr('npm ERR! code ENOENT\nnpm ERR! enoent Could not read package.json in ' + dir);
    return 254;
  }
  switch (words[0]) {
    case 'ci':
    case 'install':
    case 'i':
      mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
      writeFileSync(join(dir, 'node_modules/.package-lock.json'), '{"name":"chom","lockfileVersion":3}\n');
      writeFileSync(join(dir, 'node_modules/.bin/vite'), '#!/bin/sh\necho "vite (sandbox)"\n');
      chmodSync(join(dir, 'node_modules/.bin/vite'), 0o755);
      ctx.stdout('\nadded 187 packages, and audited 188 packages in 2s\n\nfound 0 vulnerabilities');
      return 0;
    case 'run':
    case 'run-script':
      if (words[1] !== 'build') {
        ctx.stderr('npm ERR! Missing script: "' + (words[1] || '') + '"');
        return 1;
      }
      if (!existsSync(join(dir, 'node_modules/.bin/vite'))) {
        ctx.stderr('sh: 1: vite: not found');
        return 127;
      }
      mkdirSync(join(dir, 'public/build/assets'), { recursive: true });
      writeFileSync(join(dir, 'public/build/assets/app.js'), 'console.log("chom");\n');
      writeFileSync(
        join(dir, 'public/build/manifest.json'),
        JSON.stringify(
          { 'resources/js/app.js': { file: 'assets/app.js', isEntry: true, src: 'resources/js/app.js' } },
          null,
          2,
        ) + '\n',
      );
      ctx.stdout(
        '\n> build\n> vite build\n\nvite v5.4.11 building for production...\n✓ 42 modules transformed.\npublic/build/manifest.json  0.27 kB\n✓ built in 1.20s',
      );
      return 0;
    case 'prune':
      ctx.stdout('\nremoved 150 packages, and audited 38 packages in 1s');
      return 0;
    default:
      ctx.stderr('npm ERR! the sandbox npm supports ci, install, run build and prune');
      return 1;
  }
}

export function redisCli(args, ctx) {
  const words = args.filter((a, i) => !a.startsWith('-') && !(i > 0 && /^-[hpan]$/.test(args[i - 1])));
  if (!active(ctx, 'redis-server')) {
    ctx.stderr('Could not connect to Redis at 127.0.0.1:6379: Connection refused');
    return 1;
  }
  const verb = (words[0] || 'ping').toLowerCase();
  if (verb === 'ping') ctx.stdout('PONG');
  else if (verb === 'info') ctx.stdout('# Server\r\nredis_version:7.0.15\r\nrole:master');
  else if (verb === 'dbsize') ctx.stdout('42');
  else {
    ctx.stdout('(error) ERR the sandbox redis answers PING, INFO and DBSIZE');
    return 1;
  }
  return 0;
}

export function supervisorctl(args, ctx) {
  const verb = args.find((a) => !a.startsWith('-')) || 'status';
  const running = active(ctx, 'chom-worker');
  const program = 'chom-worker:chom-worker_00';
  if (verb === 'status') {
    ctx.stdout(
      program.padEnd(34) + (running ? 'RUNNING   pid 2211, uptime 3 days, 2:14:09' : 'STOPPED   Not started'),
    );
    return running ? 0 : 3;
  }
  if (verb === 'restart' || verb === 'start' || verb === 'stop') {
    if (verb !== 'start') ctx.stdout(program + ': stopped');
    if (verb !== 'stop') ctx.stdout(program + ': started');
    return 0;
  }
  if (verb === 'reread' || verb === 'update' || verb === 'reload') {
    ctx.stdout('No config updates to processes');
    return 0;
  }
  ctx.stderr('*** Unknown syntax: ' + verb);
  return 1;
}

/** On landsraad the php-fpm workers are simulated: 5 while php8.2-fpm is active. */
export function pgrep(args, ctx) {
  const pattern = args.filter((a) => !a.startsWith('-')).pop() || '';
  if (/php-?fpm/.test(pattern)) {
    const workers = active(ctx, 'php8.2-fpm') ? [1812, 1813, 1814, 1815, 1816] : [];
    const master = active(ctx, 'php8.2-fpm') && !/pool/.test(pattern) ? [1811] : [];
    const pids = [...master, ...workers];
    if (args.includes('-c') || args.includes('--count')) ctx.stdout(String(pids.length));
    else if (args.includes('-a') || args.includes('-l')) {
      for (const pid of pids)
        ctx.stdout(
          pid +
            (pid === 1811
              ? ' php-fpm: master process (/etc/php/8.2/fpm/php-fpm.conf)'
              : ' php-fpm: pool www'),
        );
    } else for (const pid of pids) ctx.stdout(String(pid));
    return pids.length ? 0 : 1;
  }
  return -1;
}

export function php(args, ctx) {
  const first = args[0];
  if (first === '-v' || first === '--version') {
    ctx.stdout(
      'PHP 8.2.26 (cli) (built: Nov 25 2024 17:21:51) (NTS)\nCopyright (c) The PHP Group\nZend Engine v4.2.26, Copyright (c) Zend Technologies\n    with Zend OPcache v8.2.26, Copyright (c), by Zend Technologies',
    );
    return 0;
  }
  if (first === '-m') {
    ctx.stdout('[PHP Modules]\nctype\ncurl\nmbstring\nopenssl\npdo_pgsql\npgsql\nredis\nxml\n');
    return 0;
  }
  if (first === '-l') {
    ctx.stdout('No syntax errors detected in ' + args[1]);
    return 0;
  }
  if (first === '-r') {
    try {
      runPhp(args[1] || '', {
        vars: {},
        echo: (t) => ctx.write(t),
        warn: (t) => ctx.stderr(t),
        readStdin: () => ctx.readStdin(),
        readStdinLine: () => ctx.readStdin(),
        readFile: () => false,
        callStatic: (cls) => {
          throw new PhpError('PHP Fatal error:  Uncaught Error: Class "' + cls + '" not found');
        },
        callMethod: () => null,
      });
      return 0;
    } catch (e) {
      if (e instanceof ExitSignal) return e.code;
      ctx.stderr(e.message);
      return 255;
    }
  }
  if (!first) {
    ctx.stderr('the sandbox php needs a script (artisan) or -r CODE');
    return 1;
  }
  const script = resolve(ctx.cwd, first);
  if (!existsSync(script)) {
    ctx.stderr('Could not open input file: ' + first);
    return 1;
  }
  if (basename(script) !== 'artisan') {
    ctx.stderr('the sandbox php runs only artisan, not ' + first);
    return 1;
  }
  return artisan(dirname(script), args.slice(1), { ...ctx, cwd: dirname(script) });
}

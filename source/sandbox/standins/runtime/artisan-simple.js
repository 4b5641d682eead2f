// Runtime (plain JavaScript): the artisan commands that only write or remove a file of the release (caches,
// maintenance mode, the storage link): each returns the line Laravel prints.
import { lstatSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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

/** Command name → (release, options) → the INFO line. */
export const simple = {
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

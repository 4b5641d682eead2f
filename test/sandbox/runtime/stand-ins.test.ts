// The stand-ins on their own: psql's SELECT subset, the PHP subset, sudo, journalctl, pg_dump, chown/install.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOnHost } from '../../../source/sandbox/world/host-run.js';
import { runPhp } from '../../../source/sandbox/standins/runtime/php-eval.js';
import { query } from '../../../source/sandbox/standins/runtime/psql.js';
import { createWorld } from '../../../source/sandbox/world/world.js';

let home: string;
beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'chom-sbx-standins-'));
  await createWorld(home);
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('psql query subset', () => {
  const db = {
    migrations: [
      { id: 1, migration: 'a', batch: 1 },
      { id: 2, migration: 'b', batch: 2 },
    ],
    system_settings: [
      { id: 1, key: 'mail.host', value: 'x', type: 'string' },
      { id: 2, key: 'app.name', value: 'y', type: 'string' },
    ],
  };
  it('answers counts, column lists, max and existence checks', () => {
    expect(query(db, "SELECT count(*) FROM system_settings WHERE key LIKE 'mail.%'").rows).toEqual([['1']]);
    expect(query(db, 'SELECT migration, batch FROM migrations ORDER BY batch DESC LIMIT 1').rows).toEqual([
      ['b', '2'],
    ]);
    expect(query(db, 'SELECT max(batch) FROM migrations').rows).toEqual([['2']]);
    expect(
      query(db, "SELECT EXISTS (SELECT FROM information_schema.tables WHERE table_name = 'system_settings')")
        .rows,
    ).toEqual([['t']]);
    expect(() => query({ migrations: [], system_settings: null }, 'SELECT key FROM system_settings')).toThrow(
      'relation "system_settings" does not exist',
    );
    expect(() => query(db, 'DELETE FROM migrations')).toThrow('does not understand');
  });
});

describe('PHP subset', () => {
  it('evaluates assignments, json_decode of stdin, array access, concatenation and static calls', () => {
    const calls: unknown[][] = [];
    let out = '';
    runPhp(
      "<?php $s = json_decode(stream_get_contents(STDIN), true); Foo::set('k', $s['a'] . '-' . \"x\\n\", 'string'); echo (string) 5;",
      {
        vars: {},
        echo: (t: string) => (out += t),
        warn: () => undefined,
        readStdin: () => '{"a":"it\'s"}',
        readStdinLine: () => '',
        readFile: () => false,
        callStatic: (...args: unknown[]) => calls.push(args),
        callMethod: () => null,
      },
    );
    expect(calls).toEqual([['Foo', 'set', ['k', "it's-x\n", 'string']]]);
    expect(out).toBe('5');
  });
  it('rejects what it does not understand', () => {
    const env = {
      vars: {},
      echo: () => undefined,
      warn: () => undefined,
      readStdin: () => '',
      readStdinLine: () => '',
      readFile: () => false,
      callStatic: () => null,
      callMethod: () => null,
    };
    expect(() => runPhp('foreach ($a as $b) {}', env)).toThrow(/Parse error|undefined/);
  });
});

describe('shell stand-ins', () => {
  it('sudo runs the command after its options; chown and install ignore owners', async () => {
    const result = await runOnHost(
      home,
      'landsraad',
      'sudo -n -u stilgar -- echo ok && chown -R stilgar:www-data tmp && echo hi > tmp/f && install -m 0640 -o root -g root tmp/f tmp/g && stat -c %a tmp/g',
    );
    expect(result.stdout.trim().split('\n')).toEqual(['ok', '640']);
    expect((await runOnHost(home, 'landsraad', 'chown stilgar tmp/missing')).code).toBe(1);
  });

  it('journalctl prints the unit log and pg_dump the database', async () => {
    expect((await runOnHost(home, 'mentat', 'journalctl -u prometheus -n 50 --no-pager')).stdout).toContain(
      'Started prometheus.service',
    );
    const dump = await runOnHost(
      home,
      'landsraad',
      'pg_dump --no-owner --no-acl --clean --if-exists chom | gzip > tmp/db.sql.gz && gzip -t tmp/db.sql.gz && zcat tmp/db.sql.gz',
    );
    expect(dump.stdout).toContain('2026_01_06_122430_add_metadata_to_users_table\t7');
    expect(dump.stdout).not.toContain('system_settings');
  });

  it('refuses migrate without --force in production and reports a missing vendor/ like PHP', async () => {
    const current = '"$CHOM_SANDBOX_ROOT/var/www/chom/current"';
    expect((await runOnHost(home, 'landsraad', `cd ${current} && php artisan migrate`)).code).toBe(1);
    const bare = await runOnHost(
      home,
      'landsraad',
      `git clone -q --depth 1 "file://$CHOM_SANDBOX_WORLD/repo.git" tmp/r && cd tmp/r && php artisan --version`,
    );
    expect(bare.code).toBe(255);
    expect(bare.stderr).toContain('vendor/autoload.php): Failed to open stream');
  });
});

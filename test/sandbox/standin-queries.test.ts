// The read-only queries of systemctl, pgrep and psql are answered by the running sandbox's stand-in server
// (services/standin-server.ts) with the runtime's own functions: byte for byte what the node stand-in prints,
// and without starting node (the server counts every answer it gives; a wrapper that ran node instead would
// leave the count behind).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteAll } from '../../source/lib/shell-quote.js';
import { runOnHost } from '../../source/sandbox/world/host-run.js';
import { sandboxPaths, type HostName } from '../../source/sandbox/lifecycle/paths.js';
import { startStandinServer, type StandinServer } from '../../source/sandbox/services/standin-server.js';
import { createWorld } from '../../source/sandbox/world/world.js';
import { runbookPsqlQuery } from './psql-queries.js';

let home: string;
let paths: ReturnType<typeof sandboxPaths>;
let server: StandinServer;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'chom-sbx-standin-queries-'));
  paths = sandboxPaths(home);
  await createWorld(home);
  server = await startStandinServer(
    { landsraad: paths.root('landsraad'), mentat: paths.root('mentat') },
    paths.standinPort,
  );
});
afterAll(async () => {
  await server.close();
  rmSync(home, { recursive: true, force: true });
});

/** The wrapper's answer (asked of the server) equals the node stand-in's; returns its stdout. */
async function same(host: HostName, tool: string, args: string[]): Promise<string> {
  const before = server.answered(tool);
  const fast = await runOnHost(home, host, `${tool} ${quoteAll(args)}`);
  expect({ tool, args, answered: server.answered(tool) - before }).toEqual({ tool, args, answered: 1 });
  const node = await runOnHost(home, host, `node ${paths.lib}/main.js ${tool} ${quoteAll(args)}`);
  expect({ tool, args, ...fast }).toEqual({ tool, args, ...node });
  return fast.stdout;
}

async function everyQuery(): Promise<void> {
  const units = ['php8.2-fpm', 'postgresql', 'nginx.service', 'nope'];
  for (const verb of ['is-active', 'is-enabled', 'is-failed'])
    for (const unit of units) await same('landsraad', 'systemctl', [verb, unit]);
  await same('landsraad', 'systemctl', ['is-active', '--quiet', ...units]);
  await same('landsraad', 'systemctl', ['show', ...units]);
  await same('mentat', 'systemctl', [
    'show',
    'prometheus',
    'alertmanager',
    '-p',
    'Id',
    '-p',
    'ActiveState,ActiveEnterTimestamp',
  ]);
  await same('landsraad', 'systemctl', ['show', 'php8.2-fpm', '--property=MainPID,CanReload', '--value']);
  for (const args of [
    ['-c', '-f', 'php-fpm: pool'],
    ['-a', '-f', 'php-fpm'],
    ['php-fpm'],
    ['-f', 'php', 'x-fpm'],
  ])
    await same('landsraad', 'pgrep', args);
  await same('landsraad', 'psql', runbookPsqlQuery);
  await same('landsraad', 'psql', ['-X', '-A', '-c', 'SELECT 1', '-c', 'SELECT count(*) FROM migrations']);
  await same('landsraad', 'psql', [
    '-tA',
    '-c',
    "SELECT count(*) FROM system_settings WHERE key LIKE 'mail.%'",
  ]);
}

describe('stand-in queries', () => {
  it('answer the seeded world as the node stand-ins do', async () => {
    await everyQuery();
    const out = await same('landsraad', 'psql', runbookPsqlQuery);
    expect(out).toContain('2026_01_06_122430_add_metadata_to_users_table|7');
  });

  it('separate the units of `systemctl show` with a blank line, as systemd does', async () => {
    const out = await same('mentat', 'systemctl', ['show', 'prometheus', 'alertmanager', '-p', 'Id']);
    expect(out).toBe('Id=prometheus.service\n\nId=alertmanager.service\n');
  });

  it('leave what changes the world to the node stand-in', async () => {
    const before = server.answered();
    const stop = await runOnHost(home, 'landsraad', 'systemctl stop php8.2-fpm');
    expect(stop).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(server.answered()).toBe(before);
    expect(await same('landsraad', 'systemctl', ['is-active', 'php8.2-fpm'])).toBe('inactive\n');
    expect(await same('landsraad', 'pgrep', ['-c', 'php-fpm'])).toBe('0\n');
    expect((await runOnHost(home, 'landsraad', 'systemctl start php8.2-fpm')).code).toBe(0);
    expect(server.answered()).toBe(before + 2);
    expect(await same('landsraad', 'pgrep', ['-c', 'php-fpm'])).toBe('6\n');
  });

  it('follow unit state and database changes', async () => {
    const state = join(paths.root('landsraad'), 'var/lib/sandbox-systemd/php8.2-fpm.json');
    writeFileSync(state, '{"enabled":false,"active":false,"since":null,"result":"failed"}\n');
    const db = join(paths.root('landsraad'), 'var/lib/postgresql/chom.json');
    const data = JSON.parse(readFileSync(db, 'utf8')) as Record<string, unknown>;
    data.system_settings = [
      { id: 1, key: 'mail.port', value: 587, type: 'integer', description: 'p' },
      { id: 2, key: 'mail.host', value: null, type: 'string', description: 'h' },
      { id: 3, key: 'mail.password', value: 'enc:a|b', type: 'encrypted', description: 'x' },
      { id: 4, key: 'app.name', value: 'line\nbreak', type: 'string', description: 'n' },
    ];
    writeFileSync(db, JSON.stringify(data, null, 2));
    await everyQuery();
    expect(await same('landsraad', 'systemctl', ['is-failed', 'php8.2-fpm'])).toBe('failed\n');
    expect(await same('landsraad', 'psql', runbookPsqlQuery)).toContain('mail.host|string|\nmail.password|');
  });
});

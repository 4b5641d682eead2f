// The bash answers of systemctl, pgrep and psql (bash-systemctl.ts, bash-standins.ts, bash-psql.ts) are the
// node stand-ins' answers, byte for byte, and are given without starting node: each wrapper is run with its
// node hand-over pointed at a missing file, so a hand-over would fail the comparison.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteAll } from '../../source/lib/shell-quote.js';
import { runOnHost } from '../../source/sandbox/world/host-run.js';
import { sandboxPaths, type HostName } from '../../source/sandbox/lifecycle/paths.js';
import { createWorld } from '../../source/sandbox/world/world.js';
import { runbookPsqlQuery } from './psql-queries.js';

let home: string;
let paths: ReturnType<typeof sandboxPaths>;

/** A copy of bin/TOOL that cannot reach node: `TOOL-bash`. */
function bashOnly(host: HostName, tool: string): void {
  const bin = join(paths.root(host), 'bin');
  const text = readFileSync(join(bin, tool), 'utf8').replace(process.execPath, '/nonexistent/node');
  writeFileSync(join(bin, `${tool}-bash`), text, { mode: 0o755 });
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'chom-sbx-bash-standins-'));
  paths = sandboxPaths(home);
  await createWorld(home);
  for (const host of ['landsraad', 'mentat'] as const) bashOnly(host, 'systemctl');
  bashOnly('landsraad', 'pgrep');
  bashOnly('landsraad', 'psql');
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

async function same(host: HostName, tool: string, args: string[]): Promise<string> {
  const fast = await runOnHost(home, host, `${tool}-bash ${quoteAll(args)}`);
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

describe('bash stand-ins', () => {
  it('answer the seeded world as the node stand-ins do', async () => {
    await everyQuery();
    const out = await same('landsraad', 'psql', runbookPsqlQuery);
    expect(out).toContain('2026_01_06_122430_add_metadata_to_users_table|7');
  });

  it('separate the units of `systemctl show` with a blank line, as systemd does', async () => {
    const out = await same('mentat', 'systemctl', ['show', 'prometheus', 'alertmanager', '-p', 'Id']);
    expect(out).toBe('Id=prometheus.service\n\nId=alertmanager.service\n');
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

// The psql stand-in asks the running sandbox's stand-in server first (standin-server.ts): the same bytes and
// exit codes as the node stand-in, hostile arguments included, and the node stand-in's answer whenever the
// server cannot give one (stdin SQL, no server, a stale port file, a port that never answers).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteAll } from '../../source/lib/shell-quote.js';
import { runOnHost } from '../../source/sandbox/world/host-run.js';
import { sandboxPaths } from '../../source/sandbox/lifecycle/paths.js';
import {
  parseRequest,
  startStandinServer,
  type StandinServer,
} from '../../source/sandbox/services/standin-server.js';
import { createWorld } from '../../source/sandbox/world/world.js';
import { runbookPsqlQuery } from './psql-queries.js';

let home: string;
let paths: ReturnType<typeof sandboxPaths>;
let server: StandinServer;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'chom-sbx-standin-server-'));
  paths = sandboxPaths(home);
  await createWorld(home);
  server = await startStandinServer({ landsraad: paths.root('landsraad') }, paths.standinPort);
});
afterAll(async () => {
  await server.close();
  rmSync(home, { recursive: true, force: true });
});

/** The stand-in's answer and the node runtime's, for the same arguments (and stdin). */
async function both(args: string[], stdin = '') {
  const feed = stdin ? `printf '%s' ${quoteAll([stdin])} | ` : '';
  const standIn = await runOnHost(home, 'landsraad', `${feed}psql ${quoteAll(args)}`);
  const node = await runOnHost(home, 'landsraad', `${feed}node ${paths.lib}/main.js psql ${quoteAll(args)}`);
  return { standIn, node };
}

// the runbook's migrations and to_regclass SELECTs (its mail.* SELECT fails while the seed has no settings table)
const probe = runbookPsqlQuery.slice(0, 9);

describe('sandbox stand-in server', () => {
  it('answers the runbook queries, byte for byte what the node stand-in prints', async () => {
    const before = server.answered();
    for (const args of [
      probe,
      ['-X', '-A', '-c', 'SELECT 1', '-c', 'SELECT count(*) FROM migrations'],
      // aligned output and an error: still the server's, still the same
      ['-c', 'SELECT id, migration FROM migrations ORDER BY id'],
      ['-tA', '-c', 'SELECT * FROM no_such_table'],
      ['-tA', '-d', 'other', '-c', 'SELECT 1'],
    ]) {
      const { standIn, node } = await both(args);
      expect({ args, ...standIn }).toEqual({ args, ...node });
    }
    expect((await both(probe)).standIn.stdout).toContain('2026_01_06_122430_add_metadata_to_users_table|7');
    expect(server.answered() - before).toBe(6);
  });

  it('carries hostile arguments intact: quotes, $(), &, |, newlines, unicode, empty ones', async () => {
    const before = server.answered();
    for (const value of [
      "o'brien",
      '$(touch /tmp/chom-psql-pwned)',
      'a & b | c',
      'line\nbreak',
      'ünïcödé ✓',
      '',
    ]) {
      const args = ['-tA', '-F', value, '-c', `SELECT key FROM system_settings WHERE key = '${value}'`];
      const { standIn, node } = await both(args);
      expect({ value, ...standIn }).toEqual({ value, ...node });
    }
    expect(server.answered() - before).toBe(6);
  });

  it('leaves stdin SQL to the stand-in itself', async () => {
    const before = server.answered();
    const { standIn, node } = await both(['-X', '-A'], 'SELECT count(*) FROM migrations;');
    expect(standIn).toEqual(node);
    expect(standIn.stdout).toMatch(/^count\n\d+\n\(1 row\)\n$/);
    expect(server.answered()).toBe(before);
  });

  it('follows the postgresql unit: stopped, the server refuses as psql does', async () => {
    expect((await runOnHost(home, 'landsraad', 'systemctl stop postgresql')).code).toBe(0);
    try {
      const { standIn, node } = await both(probe);
      expect(standIn).toEqual(node);
      expect(standIn.code).toBe(2);
      expect(standIn.stderr).toContain('Connection refused');
    } finally {
      await runOnHost(home, 'landsraad', 'systemctl start postgresql');
    }
  });

  it('answers by itself when the port file is stale or names a port that never answers', async () => {
    // a closed port (a killed sandbox's file)
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
    const closedPort = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    // a port that accepts and never answers (someone else's service took the number)
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const silentPort = (silent.address() as { port: number }).port;
    try {
      for (const port of [closedPort, silentPort, 'garbage']) {
        writeFileSync(paths.standinPort, `${port}\n`);
        const { standIn, node } = await both(probe);
        expect({ port, ...standIn }).toEqual({ port, ...node });
        expect(standIn.code).toBe(0);
      }
    } finally {
      silent.close();
      writeFileSync(paths.standinPort, `${server.port}\n`);
    }
  }, 30_000);

  it('parses requests only when complete and well formed', () => {
    expect(parseRequest('')).toBeNull();
    expect(parseRequest('/r\0')).toBeNull();
    expect(parseRequest('/r\0psql\0')).toBeNull();
    expect(parseRequest('/r\0psql\x002\0-c\0')).toBeNull();
    expect(parseRequest('/r\0psql\x002\0-c\0SELECT 1\0')).toEqual({
      root: '/r',
      tool: 'psql',
      args: ['-c', 'SELECT 1'],
    });
    expect(parseRequest('/r\0systemctl\x000\0')).toEqual({ root: '/r', tool: 'systemctl', args: [] });
    expect(parseRequest('GET / HTTP/1.1\r\n')).toBeNull();
    expect(parseRequest('GET / HTTP/1.1\r\nHost\0x\0y\0')).toBe('bad');
    expect(parseRequest('/r\0psql\x001\0a\0b\0')).toBe('bad');
  });

  it("refuses another host root's query (a port another sandbox took over): the stand-in answers itself", async () => {
    const other = mkdtempSync(join(tmpdir(), 'chom-sbx-other-root-'));
    const foreign = await startStandinServer({ landsraad: other }, join(other, 'standin.port'));
    try {
      writeFileSync(paths.standinPort, `${foreign.port}\n`);
      const { standIn, node } = await both(probe);
      expect(standIn).toEqual(node);
      expect(standIn.stdout).toContain('2026_01_06_122430_add_metadata_to_users_table|7');
      expect(foreign.answered()).toBe(0);
    } finally {
      writeFileSync(paths.standinPort, `${server.port}\n`);
      await foreign.close();
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('stops at once even while a client holds a connection open', async () => {
    const other = mkdtempSync(join(tmpdir(), 'chom-sbx-stop-'));
    const extra = await startStandinServer(
      { landsraad: paths.root('landsraad') },
      join(other, 'standin.port'),
    );
    const client = connect(extra.port, '127.0.0.1');
    await new Promise<void>((resolve) => client.once('connect', () => resolve()));
    client.write('/never\0');
    let closed = false;
    await extra.close().then(() => (closed = true));
    expect(closed).toBe(true);
    client.destroy();
    rmSync(other, { recursive: true, force: true });
  });
});

// The route probe, run by real bash and curl against a local HTTP server: one curl for all routes, each
// path paired with its own status code (also for Laravel's `{param}` paths, which curl would glob), and the
// per-route fallback when the host's curl has no parallel mode.
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeStatuses, routeStatusProbe } from '../../source/engine/assess/assess-routes.js';
import { quote } from '../../source/lib/shell-quote.js';

const codes: Record<string, number> = {
  '/api/v1/health': 200,
  '/api/v1/system/smtp-config': 401,
  '/api/v1/sites/{site}': 404,
  "/api/v1/it's": 301,
};
let server: Server;
let base = '';
const dir = mkdtempSync(join(tmpdir(), 'chom-routes-'));

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = decodeURIComponent(request.url ?? '');
    response.statusCode = codes[path] ?? 500;
    response.end('body');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  base = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the probe's command with app_url set, through `bash -c` with the given PATH. */
function runProbe(paths: string[], path = process.env.PATH ?? '') {
  const probe = routeStatusProbe(paths, 'mentat');
  const command = (probe.run?.command ?? '').replace('{{app_url}}', quote(base));
  expect(command).not.toContain('{{');
  // the async spawn keeps this process's event loop (the HTTP server) running while curl asks it
  return new Promise<{ status: number | null; lines: string[] }>((resolve) => {
    execFile('bash', ['-c', command], { env: { ...process.env, PATH: path } }, (error, stdout) => {
      resolve({
        status: error ? ((error as { code?: number }).code ?? -1) : 0,
        lines: stdout.split('\n').filter(Boolean),
      });
    });
  });
}

describe('route status probe', () => {
  it('asks every route in one curl and pairs each path with its own code', async () => {
    const paths = Object.keys(codes);
    const { status, lines } = await runProbe([...paths, '/api/v1/missing']);
    expect(status).toBe(0);
    const statuses = routeStatuses(lines);
    expect(Object.fromEntries(statuses)).toEqual({ ...codes, '/api/v1/missing': 500 });
    const probe = routeStatusProbe(paths, 'mentat');
    expect((probe.run?.command ?? '').match(/\bcurl\b/g)?.length).toBe(2); // the batch one, the fallback one
  });

  it('falls back to one curl per route when curl has no parallel mode (exit 2, nothing printed)', async () => {
    const real = spawnSync('bash', ['-c', 'command -v curl'], { encoding: 'utf8' }).stdout.trim();
    const shim = join(dir, 'bin');
    spawnSync('mkdir', ['-p', shim]);
    writeFileSync(
      join(shim, 'curl'),
      `#!/bin/bash\nfor a in "$@"; do [ "$a" = -Z ] && { echo "curl: option -Z: is unknown" >&2; exit 2; }; done\nexec ${quote(real)} "$@"\n`,
    );
    chmodSync(join(shim, 'curl'), 0o755);
    const { status, lines } = await runProbe(Object.keys(codes), `${shim}:${process.env.PATH ?? ''}`);
    expect(status).toBe(0);
    expect(Object.fromEntries(routeStatuses(lines))).toEqual(codes);
  });

  it('pairs codes with the paths as given even when curl normalises the URL (/a/../b)', async () => {
    codes['/api/v1/x'] = 204;
    try {
      const paths = ['/api/v1/health', '/api/v1/skip/../x'];
      const { status, lines } = await runProbe(paths);
      expect(status).toBe(0);
      // the server sees the normalised /api/v1/x for the second; the key stays the path the repository declares
      expect(Object.fromEntries(routeStatuses(lines))).toEqual({
        '/api/v1/health': 200,
        '/api/v1/skip/../x': 204,
      });
    } finally {
      delete codes['/api/v1/x'];
    }
  });

  it('reports an unreachable app as no status, not as a failed probe', async () => {
    const probe = routeStatusProbe(['/api/v1/health'], 'mentat');
    const command = (probe.run?.command ?? '').replace('{{app_url}}', quote('http://127.0.0.1:9'));
    const result = spawnSync('bash', ['-c', command], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(Object.fromEntries(routeStatuses(result.stdout.split('\n')))).toEqual({ '/api/v1/health': null });
  });
});

// The HTTP reload, run by real bash and curl against a local server: 2xx is success; a rejected reload exits
// 22 (as curl -f) and says why with the service's own body; an unreachable service keeps curl's exit code.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReload } from '../../source/commands/config-commands.js';

let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.method !== 'POST') {
      response.statusCode = 405;
      response.end();
      return;
    }
    if (request.url === '/ok/-/reload') {
      response.end();
      return;
    }
    response.statusCode = 500;
    response.end('failed to reload config: template: broken.tmpl:1: unclosed action\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  base = `http://127.0.0.1:${address.port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

/** Runs the reload for `url` (async: this process serves the requests). */
function reload(url: string): Promise<{ code: number; stderr: string }> {
  const script = buildReload('mentat', { http: url })?.script ?? '';
  return new Promise((resolve) =>
    execFile('bash', ['-c', script], (error, _stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? -1) : 0, stderr }),
    ),
  );
}

describe('HTTP reload', () => {
  it('succeeds on 2xx', async () => {
    expect(await reload(`${base}/ok/-/reload`)).toEqual({ code: 0, stderr: '' });
  });

  it('exits 22 on a rejected reload and shows the reason the service gave', async () => {
    const result = await reload(`${base}/alertmanager/-/reload`);
    expect(result.code).toBe(22);
    expect(result.stderr).toBe(
      `reload rejected: HTTP 500 from ${base}/alertmanager/-/reload: failed to reload config: template: broken.tmpl:1: unclosed action\n`,
    );
  });

  it("keeps curl's own exit code and message when the service cannot be reached", async () => {
    const result = await reload('http://127.0.0.1:9/-/reload');
    expect(result.code).toBe(7);
    expect(result.stderr).toMatch(/curl: \(7\)/);
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileSchema } from '../../source/profile/schema.js';
import { FakeTransport } from '../helpers/fake-transport.js';
import { ofType, runCollect, scriptedGates } from './tiny-profile.js';

let server: Server;
let url = '';
beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === '/api/v1/health') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: 'ok', checks: { db: true } }));
    } else {
      response.writeHead(301, { location: '/' });
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function profile() {
  return profileSchema.parse({
    name: 'http',
    hosts: { app: { embedded: true } },
    phases: [
      {
        id: 'p',
        title: 'P',
        steps: [
          {
            id: 'health',
            title: 'Health',
            host: 'console',
            save_as: 'health',
            http: { url: '{{base_url}}/api/v1/health', expect_json: { status: 'ok', 'checks.db': true } },
          },
          {
            id: 'api',
            title: 'API from the host',
            host: 'app',
            http: { url: '{{base_url}}/api/v1/system/smtp-config', from: 'app' },
          },
        ],
      },
    ],
  });
}

describe('http action', () => {
  it('requests from the console with fetch, checks JSON, saves the body; from a host with curl', async () => {
    const app = new FakeTransport('app').on(/curl/, { stdout: '301\n' });
    const gates = scriptedGates(() => 'abort');
    const { summary, events } = await runCollect(
      { profile: profile(), transports: new Map([['app', app]]), gates, runtimeVars: { base_url: url } },
      undefined,
    );
    expect(ofType(events, 'step-finished')[0]).toMatchObject({ stepId: 'health', outcome: 'ok' });
    expect(ofType(events, 'fact-recorded')[0]).toMatchObject({
      name: 'health',
      value: '{"status":"ok","checks":{"db":true}}',
    });
    expect(ofType(events, 'command-finished')[0]).toMatchObject({
      host: 'console',
      command: `GET ${url}/api/v1/health`,
      exitCode: 0,
    });
    expect(app.commands[0]!.command).toContain(
      `-o "$body" -w '%{http_code}' -- '${url}/api/v1/system/smtp-config'`,
    );
    const failure = ofType(events, 'step-finished')[1]!.failure!;
    expect(failure.message).toContain('HTTP 301, expected 200');
    expect(summary.exitCode).toBe(1);
  });
});

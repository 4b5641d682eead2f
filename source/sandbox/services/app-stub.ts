// The CHOM app on loopback: answers with whatever release `current` points at *now* (resolved per request),
// so a deploy or a rollback changes the answers exactly when the symlink changes. Every request appends a
// line to the live release's storage/logs/laravel.log (shared storage), errors as production.ERROR.
import { appendFileSync, existsSync, realpathSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { releaseRoute } from './app-routes.js';
import { appBase } from '../lifecycle/paths.js';
import { listen } from '../lifecycle/listen.js';
import { loadDb, smtpConfig, smtpShell, smtpYaml } from '../standins/runtime/db.js';
import { readUnit, status } from '../standins/runtime/units.js';

type Answer = {
  status: number;
  type?: string;
  body: string;
  headers?: Record<string, string>;
  error?: string;
};

const json = (statusCode: number, value: unknown): Answer => ({
  status: statusCode,
  type: 'application/json',
  body: JSON.stringify(value),
});
const html = (statusCode: number, body: string): Answer => ({
  status: statusCode,
  type: 'text/html; charset=UTF-8',
  body,
});

function unitActive(root: string, name: string): boolean {
  const unit = readUnit(root, name);
  return unit !== null && status(root, unit).state === 'active';
}

function liveRelease(root: string): string | null {
  try {
    return realpathSync(join(root, appBase, 'current'));
  } catch {
    return null;
  }
}

function smtp(root: string, format: 'json' | 'shell' | 'yaml'): Answer {
  try {
    const config = smtpConfig(loadDb(root), root);
    if (format === 'shell')
      return { status: 200, type: 'text/plain; charset=UTF-8', body: smtpShell(config) };
    if (format === 'yaml') return { status: 200, type: 'text/yaml; charset=UTF-8', body: smtpYaml(config) };
    return json(200, { success: true, data: config });
  } catch (error) {
    const message = `Failed to retrieve SMTP configuration: ${(error as Error).message}`;
    return { ...json(500, { success: false, error: message }), error: message };
  }
}

const observabilityHealth = (): Answer =>
  json(200, {
    status: 'partial',
    timestamp: new Date().toISOString(),
    components: Object.fromEntries(
      ['prometheus', 'alertmanager', 'grafana', 'loki'].map((c) => [
        c,
        { status: 'unconfigured', message: `${c} URL not configured` },
      ]),
    ),
  });

function route(root: string, release: string, method: string, path: string, appUrl: string): Answer {
  if (existsSync(join(release, 'storage/framework/down'))) return html(503, 'Service Unavailable');
  if (!existsSync(join(release, 'vendor/autoload.php'))) {
    const error = `require(${release}/vendor/autoload.php): Failed to open stream: No such file or directory`;
    return { ...html(500, 'Server Error'), error };
  }
  if (!existsSync(join(release, '.env')))
    return { ...html(500, 'Server Error'), error: 'No application encryption key has been specified.' };
  if (path === '/up' || path === '/') {
    if (!existsSync(join(release, 'public/build/manifest.json'))) {
      return {
        ...html(500, 'Server Error'),
        error: `Vite manifest not found at: ${release}/public/build/manifest.json`,
      };
    }
    return html(
      200,
      path === '/up'
        ? '<!DOCTYPE html><html><body>Application up</body></html>'
        : '<!DOCTYPE html><html><body>CHOM</body></html>',
    );
  }
  const declared = releaseRoute(release, method, path);
  if (declared === null)
    return { status: 301, type: 'text/html', body: 'Moved Permanently', headers: { location: `${appUrl}/` } };
  // the sandbox has no API tokens: a route behind auth answers as Laravel does to a guest
  if (declared.authenticated) return json(401, { message: 'Unauthenticated.' });
  switch (declared.action) {
    case 'HealthController@index':
      return json(200, { status: 'ok' });
    case 'SystemConfigController@smtpConfig':
      return smtp(root, 'json');
    case 'SystemConfigController@smtpConfigShell':
      return smtp(root, 'shell');
    case 'SystemConfigController@smtpConfigYaml':
      return smtp(root, 'yaml');
    case 'ObservabilityHealthController@index':
      return observabilityHealth();
    default:
      return json(404, { message: 'Not Found' });
  }
}

function logLine(release: string, request: IncomingMessage, answer: Answer): void {
  const when = new Date().toISOString().replace('T', ' ').slice(0, 19);
  const level = answer.error ? 'ERROR' : 'INFO';
  const text = answer.error ?? `${request.method ?? 'GET'} ${request.url ?? '/'} ${answer.status}`;
  try {
    appendFileSync(join(release, 'storage/logs/laravel.log'), `[${when}] production.${level}: ${text}\n`);
  } catch {
    // storage not linked: nothing to log into, like PHP's own failure mode
  }
}

/** Serves landsraad's app on 127.0.0.1:`port`. */
export async function startAppStub(root: string, port: number): Promise<{ server: Server; url: string }> {
  const url = `http://127.0.0.1:${port}`;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    if (!unitActive(root, 'nginx')) {
      request.socket.destroy();
      return;
    }
    const release = liveRelease(root);
    const path = new URL(request.url ?? '/', url).pathname.replace(/\/+$/, '') || '/';
    let answer: Answer;
    if (!unitActive(root, 'php8.2-fpm')) answer = html(502, '502 Bad Gateway');
    else if (release === null)
      answer = { ...html(500, 'current does not point at a release'), error: 'current does not resolve' };
    else
      answer = route(root, release, request.method === 'HEAD' ? 'GET' : (request.method ?? 'GET'), path, url);
    if (release !== null) logLine(release, request, answer);
    response.writeHead(answer.status, { 'content-type': answer.type ?? 'text/plain', ...answer.headers });
    response.end(request.method === 'HEAD' ? undefined : answer.body);
  });
  await listen(server, port);
  return { server, url };
}

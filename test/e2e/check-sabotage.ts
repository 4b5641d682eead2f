// Handles the sabotage cases of checks-both-directions.test.ts need: the sandbox's in-process stand-ins (an
// exporter to stop, Grafana's health route to break) and the state of the real Prometheus and Alertmanager,
// read from their own APIs so every case waits for a condition instead of a time.
import { Server, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '../helpers/ssh-process.js';

/** The stand-in HTTP server of this test process that listens on `port` (exporters, Grafana, the app). */
export function standInServer(port: number): Server {
  const handles = (process as unknown as { _getActiveHandles: () => unknown[] })._getActiveHandles();
  const found = handles.find(
    (h): h is Server => h instanceof Server && (h.address() as AddressInfo | null)?.port === port,
  );
  if (!found) throw new Error(`no stand-in server of this process listens on 127.0.0.1:${port}`);
  return found;
}

/** Stops a stand-in as if its process died: the port refuses connections, open ones are cut. */
export function stopServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Starts the same stand-in again on the same loopback port. */
export function restartServer(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

type Answer = { status: number; body: string };

/** Answers `path` with `answer` instead of the stand-in's handler; returns the undo. */
export function overrideRoute(server: Server, path: string, answer: Answer): () => void {
  type Handler = (request: IncomingMessage, response: ServerResponse) => void;
  const original = server.listeners('request') as Handler[];
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (new URL(request.url ?? '/', 'http://127.0.0.1').pathname === path) {
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(answer.body);
      return;
    }
    for (const handler of original) handler.call(server, request, response);
  });
  return () => {
    server.removeAllListeners('request');
    for (const handler of original) server.on('request', handler);
  };
}

/** One active target as Prometheus reports it. */
export type Target = { scrapePool: string; scrapeUrl: string; health: string };

export async function activeTargets(prometheusUrl: string): Promise<Target[]> {
  const response = await fetch(`${prometheusUrl}/api/v1/targets?state=active`);
  const doc = (await response.json()) as { data: { activeTargets: Target[] } };
  return doc.data.activeTargets;
}

/** Names of the rule groups Prometheus has loaded. */
export async function ruleGroups(prometheusUrl: string): Promise<string[]> {
  const response = await fetch(`${prometheusUrl}/api/v1/rules`);
  const doc = (await response.json()) as { data: { groups: { name: string }[] } };
  return doc.data.groups.map((g) => g.name);
}

/** The value of an unlabelled metric on a /metrics page ('' when the page or the metric is missing). */
export async function gauge(metricsUrl: string, name: string): Promise<string> {
  const text = await fetch(metricsUrl).then(
    (r) => r.text(),
    () => '',
  );
  return (
    text
      .split('\n')
      .find((line) => line.startsWith(`${name} `))
      ?.split(' ')[1] ?? ''
  );
}

/** Polls until `condition` holds (bounded: a stuck world fails the case instead of hanging it). */
export function until(condition: () => boolean | Promise<boolean>, what: string, limitMs = 90_000) {
  return waitFor(
    async () => {
      try {
        return await condition();
      } catch {
        return false;
      }
    },
    what,
    limitMs,
  );
}

/** Every active target is up (and there are some): what int-targets-up asks for. */
export async function allTargetsUp(prometheusUrl: string): Promise<boolean> {
  const targets = await activeTargets(prometheusUrl);
  return targets.length > 0 && targets.every((t) => t.health === 'up');
}

/** The target scraped at `port` reads `health` in Prometheus. */
export async function targetHealth(prometheusUrl: string, port: number, health: string): Promise<boolean> {
  const targets = await activeTargets(prometheusUrl);
  return targets.some((t) => t.scrapeUrl.includes(`127.0.0.1:${port}/`) && t.health === health);
}

/** Alertmanager's SMTP attempts: delivered (attempts that did not fail) and failed. */
export async function emailAttempts(alertmanagerUrl: string): Promise<{ delivered: number; failed: number }> {
  const text = await (await fetch(`${alertmanagerUrl}/metrics`)).text();
  const sum = (name: string) =>
    text
      .split('\n')
      .filter((line) => line.startsWith(`${name}{`) && line.includes('integration="email"'))
      .reduce((total, line) => total + Number(line.split(' ')[1]), 0);
  const failed = sum('alertmanager_notification_requests_failed_total');
  return { delivered: sum('alertmanager_notification_requests_total') - failed, failed };
}

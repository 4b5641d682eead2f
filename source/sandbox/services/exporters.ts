// Stand-ins for the exporters the target files name, Grafana and Loki: minimal valid Prometheus text, and
// each reports its service down (`*_up 0`) when that unit is stopped, so targets are up while the world is.
import { createServer, type Server } from 'node:http';
import { listen, startAll } from '../lifecycle/listen.js';
import type { Ports } from '../lifecycle/ports.js';
import { readUnit, status } from '../standins/runtime/units.js';

/** Fixed start time: an exporter that "restarted" less than 5 min ago fires ExporterRestarted (exporters.yml). */
const started = Date.parse('2026-01-02T08:00:13Z') / 1000;

type Exporter = {
  port: number;
  root: string;
  unit?: string;
  metrics: (up: number) => string;
  /** The stand-in IS the service (Grafana, Loki), not an exporter beside it: nothing answers while it is stopped. */
  isService?: boolean;
};

function active(root: string, unit: string | undefined): number {
  if (!unit) return 1;
  const found = readUnit(root, unit);
  return found !== null && status(root, found).state === 'active' ? 1 : 0;
}

const common = (name: string): string =>
  `# HELP process_start_time_seconds Start time of the process since unix epoch in seconds.\n# TYPE process_start_time_seconds gauge\nprocess_start_time_seconds ${started}\n${name}_build_info{version="sandbox"} 1\n`;

const nodeMetrics = (): string =>
  `${common('node_exporter')}node_cpu_seconds_total{cpu="0",mode="idle"} 812345.67\nnode_cpu_seconds_total{cpu="0",mode="user"} 23456.7\nnode_memory_MemAvailable_bytes 2.6e+09\nnode_memory_MemTotal_bytes 4.1e+09\nnode_filesystem_avail_bytes{mountpoint="/"} 2.1e+10\nnode_filesystem_size_bytes{mountpoint="/"} 4.0e+10\n`;

function serve(exporter: Exporter, extra?: (url: URL) => Promise<string | null>): Promise<Server> {
  const server = createServer((request, response) => {
    // a stopped service does not answer: the connection is cut without a response, as when nothing listens
    if (exporter.isService && !active(exporter.root, exporter.unit)) {
      request.socket.destroy();
      return;
    }
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    void (async () => {
      const special = extra ? await extra(url) : null;
      if (special !== null) {
        response.writeHead(200, {
          'content-type':
            special.startsWith('{') || special.startsWith('[')
              ? 'application/json'
              : 'text/plain; version=0.0.4',
        });
        response.end(special);
        return;
      }
      if (url.pathname !== '/metrics') {
        response.writeHead(404);
        response.end('404 page not found\n');
        return;
      }
      response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
      response.end(exporter.metrics(active(exporter.root, exporter.unit)));
    })();
  });
  return listen(server, exporter.port).then(() => server);
}

async function probe(target: string | null): Promise<string> {
  const begin = performance.now();
  let ok = 0;
  try {
    if (target)
      ok =
        (await fetch(target, { redirect: 'manual', signal: AbortSignal.timeout(3000) })).status < 400 ? 1 : 0;
  } catch {
    ok = 0;
  }
  const seconds = ((performance.now() - begin) / 1000).toFixed(6);
  return `probe_success ${ok}\nprobe_duration_seconds ${seconds}\nprobe_http_status_code ${ok ? 200 : 0}\n`;
}

/** Starts every stand-in; landsraad's root decides the app services' health, mentat's Grafana/Loki. */
export async function startExporters(ports: Ports, landsraad: string, mentat: string): Promise<Server[]> {
  const specs: [Exporter, ((url: URL) => Promise<string | null>)?][] = [
    [{ port: ports.node_landsraad, root: landsraad, metrics: nodeMetrics }],
    [{ port: ports.node_mentat, root: mentat, metrics: nodeMetrics }],
    [
      {
        port: ports.nginx_landsraad,
        root: landsraad,
        unit: 'nginx',
        metrics: (up) =>
          `${common('nginx_exporter')}nginx_up ${up}\nnginx_http_requests_total 104233\nnginx_connections_active 3\n`,
      },
    ],
    [
      {
        port: ports.nginx_mentat,
        root: mentat,
        unit: 'nginx',
        metrics: (up) =>
          `${common('nginx_exporter')}nginx_up ${up}\nnginx_http_requests_total 5120\nnginx_connections_active 1\n`,
      },
    ],
    [
      {
        port: ports.postgresql_landsraad,
        root: landsraad,
        unit: 'postgresql',
        metrics: (up) =>
          `${common('postgres_exporter')}pg_up ${up}\npg_stat_activity_count{datname="chom",state="active"} 2\npg_settings_max_connections 100\npg_stat_database_deadlocks{datname="chom"} 0\n`,
      },
    ],
    [
      {
        port: ports.redis_landsraad,
        root: landsraad,
        unit: 'redis-server',
        metrics: (up) =>
          `${common('redis_exporter')}redis_up ${up}\nredis_memory_used_bytes 1.2e+07\nredis_memory_max_bytes 2.68e+08\n`,
      },
    ],
    [
      {
        port: ports.phpfpm_landsraad,
        root: landsraad,
        unit: 'php8.2-fpm',
        metrics: (up) =>
          `${common('phpfpm_exporter')}phpfpm_up ${up}\nphpfpm_active_processes 0\nphpfpm_idle_processes ${up ? 5 : 0}\nphpfpm_max_children 5\n`,
      },
    ],
    [
      { port: ports.blackbox, root: mentat, metrics: () => `${common('blackbox_exporter')}` },
      async (url) => (url.pathname === '/probe' ? probe(url.searchParams.get('target')) : null),
    ],
    [
      {
        port: ports.grafana,
        root: mentat,
        unit: 'grafana-server',
        isService: true,
        metrics: (up) => `${common('grafana')}grafana_stat_totals_dashboard ${2 * up}\n`,
      },
      async (url) => {
        if (url.pathname === '/api/health')
          return JSON.stringify({
            commit: 'sandbox',
            database: 'ok',
            version: '10.2.3 (chom-console stand-in)',
          });
        if (url.pathname === '/api/search')
          return JSON.stringify([
            { id: 1, uid: 'chom-overview', title: 'CHOM Overview', type: 'dash-db' },
            { id: 2, uid: 'node-exporter', title: 'Node Exporter Full', type: 'dash-db' },
          ]);
        return null;
      },
    ],
    [
      {
        port: ports.loki,
        root: mentat,
        unit: 'loki',
        isService: true,
        metrics: (up) => `${common('loki')}loki_ingester_streams ${12 * up}\n`,
      },
      async (url) => (url.pathname === '/ready' ? 'ready\n' : null),
    ],
  ];
  return startAll(specs.map(([exporter, extra]) => serve(exporter, extra)));
}

// The systemd units of each host: unit files (what `systemctl` reads) and their seeded state.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Ports } from '../lifecycle/ports.js';

type UnitSpec = { name: string; description: string; lines?: string[]; since: string; active?: boolean };

function writeUnit(root: string, spec: UnitSpec): void {
  const dir = join(root, 'etc/systemd/system');
  mkdirSync(dir, { recursive: true });
  const kind = spec.lines?.some((l) => l === 'X-Sandbox-Kind=process') ? [] : ['X-Sandbox-Kind=simulated'];
  const text = [
    '[Unit]',
    `Description=${spec.description}`,
    '',
    '[Service]',
    ...kind,
    ...(spec.lines ?? []),
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ];
  writeFileSync(join(dir, `${spec.name}.service`), text.join('\n'));
  const state = join(root, 'var/lib/sandbox-systemd');
  mkdirSync(state, { recursive: true });
  const active = spec.active ?? true;
  writeFileSync(
    join(state, `${spec.name}.json`),
    `${JSON.stringify({ enabled: true, active, since: spec.since, result: 'success' }, null, 2)}\n`,
  );
}

export function seedLandsraadUnits(root: string): void {
  const since = '2026-01-06T13:23:25Z';
  const specs: UnitSpec[] = [
    {
      name: 'php8.2-fpm',
      description: 'The PHP 8.2 FastCGI Process Manager',
      since,
      lines: [
        'ExecStart=/usr/sbin/php-fpm8.2 --nodaemonize --fpm-config /etc/php/8.2/fpm/php-fpm.conf',
        'ExecReload=/bin/kill -USR2 $MAINPID',
        'X-Sandbox-Pid=1811',
        'X-Sandbox-Process=php-fpm8.2',
        'X-Sandbox-Workers=5',
        'X-Sandbox-MasterTitle=php-fpm: master process (/etc/php/8.2/fpm/php-fpm.conf)',
        'X-Sandbox-WorkerTitle=php-fpm: pool www',
        'X-Sandbox-Status=Processes active: 0, idle: 5, Requests: 10432, slow: 0, Traffic: 0.1req/sec',
      ],
    },
    {
      name: 'nginx',
      description: 'A high performance web server and a reverse proxy server',
      since: '2026-01-02T08:00:12Z',
      lines: [
        'ExecStart=/usr/sbin/nginx -g "daemon on; master_process on;"',
        'ExecReload=/usr/sbin/nginx -g "daemon on; master_process on;" -s reload',
        'X-Sandbox-Pid=902',
      ],
    },
    {
      name: 'postgresql',
      description: 'PostgreSQL RDBMS',
      since: '2026-01-02T08:00:10Z',
      lines: ['ExecStart=/bin/true', 'ExecReload=/bin/true', 'X-Sandbox-Pid=744'],
    },
    {
      name: 'redis-server',
      description: 'Advanced key-value store',
      since: '2026-01-02T08:00:10Z',
      lines: [
        'ExecStart=/usr/bin/redis-server /etc/redis/redis.conf --supervised systemd --daemonize no',
        'X-Sandbox-Pid=751',
      ],
    },
    {
      name: 'chom-worker',
      description: 'CHOM queue worker (supervisor)',
      since,
      lines: ['ExecStart=/usr/bin/php /var/www/chom/current/artisan queue:work', 'X-Sandbox-Pid=2211'],
    },
    {
      name: 'node_exporter',
      description: 'Prometheus Node Exporter',
      since: '2026-01-02T08:00:09Z',
      lines: ['X-Sandbox-Pid=610'],
    },
    {
      name: 'nginx_exporter',
      description: 'Prometheus NGINX Exporter',
      since: '2026-01-02T08:00:13Z',
      lines: ['X-Sandbox-Pid=611'],
    },
    {
      name: 'postgres_exporter',
      description: 'Prometheus PostgreSQL Exporter',
      since: '2026-01-02T08:00:13Z',
      lines: ['X-Sandbox-Pid=612'],
    },
    {
      name: 'redis_exporter',
      description: 'Prometheus Redis Exporter',
      since: '2026-01-02T08:00:13Z',
      lines: ['X-Sandbox-Pid=613'],
    },
    {
      name: 'phpfpm_exporter',
      description: 'Prometheus PHP-FPM Exporter',
      since: '2026-01-02T08:00:13Z',
      lines: ['X-Sandbox-Pid=614'],
    },
  ];
  for (const spec of specs) writeUnit(root, spec);
}

/** Real binaries when installed, else the labelled stand-ins of runtime/observability-standin.js. */
function observabilityCommand(
  kind: 'prometheus' | 'alertmanager',
  root: string,
  lib: string,
  port: number,
): string {
  const prefix = `/${kind}`;
  const web = [
    `--web.listen-address=127.0.0.1:${port}`,
    `--web.external-url=http://127.0.0.1:${port}${prefix}`,
    `--web.route-prefix=${prefix}`,
  ];
  const etc = `${root}/etc/observability/${kind}/${kind}.yml`;
  const data = `${root}/var/lib/observability/${kind}`;
  const real = kind === 'prometheus' ? '/usr/bin/prometheus' : '/usr/bin/prometheus-alertmanager';
  const flags =
    kind === 'prometheus'
      ? [`--config.file=${etc}`, `--storage.tsdb.path=${data}`, ...web, '--web.enable-lifecycle']
      : [`--config.file=${etc}`, `--storage.path=${data}`, ...web, '--cluster.listen-address='];
  if (existsSync(real)) return [real, ...flags].join(' \\\n    ');
  return [process.execPath, `${lib}/main.js`, `${kind}-standin`, ...flags].join(' \\\n    ');
}

export const observabilityIsReal = (): boolean =>
  existsSync('/usr/bin/prometheus') && existsSync('/usr/bin/prometheus-alertmanager');

export function seedMentatUnits(root: string, lib: string, ports: Ports): void {
  for (const kind of ['prometheus', 'alertmanager'] as const) {
    const port = ports[kind];
    writeUnit(root, {
      name: kind,
      description: kind === 'prometheus' ? 'Prometheus Monitoring System' : 'Prometheus Alertmanager',
      since: kind === 'prometheus' ? '2026-01-05T17:20:53Z' : '2026-01-05T16:28:57Z',
      active: false,
      lines: [
        'X-Sandbox-Kind=process',
        `ExecStart=${observabilityCommand(kind, root, lib, port)}`,
        `X-Sandbox-Ready=http://127.0.0.1:${port}/${kind}/-/ready`,
        'Restart=on-failure',
      ],
    });
  }
  const simulated: [string, string][] = [
    ['grafana-server', 'Grafana instance'],
    ['loki', 'Loki log aggregation system'],
    ['node_exporter', 'Prometheus Node Exporter'],
    ['blackbox_exporter', 'Prometheus Blackbox Exporter'],
    ['nginx', 'A high performance web server and a reverse proxy server'],
  ];
  for (const [name, description] of simulated)
    writeUnit(root, { name, description, since: '2026-01-05T16:20:02Z', lines: ['X-Sandbox-Pid=1201'] });
}

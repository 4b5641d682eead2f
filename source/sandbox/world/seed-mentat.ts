// mentat at the state the seed's assessment found: the 7f572d2 configs (SMTP commented out, basic.yml only,
// 8 target files), the old deploy scripts in /opt/chom-deploy, Prometheus and Alertmanager units.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { config7f572d2 } from './content/config-7f572d2.js';
import { deployHub, obsBin, obsData, obsEtc } from '../lifecycle/paths.js';
import { hostPort, type Ports } from '../lifecycle/ports.js';
import { exportTree } from './repository.js';
import type { SeedContext } from './seed-landsraad.js';
import { seedMentatUnits } from './units-seed.js';

/** Production text → sandbox text, for the seeded live configs (the runbook's `relocate` does it for new ones). */
function relocations(root: string, ports: Ports): Record<string, string> {
  return {
    [obsEtc]: join(root, obsEtc),
    'localhost:9090': hostPort(ports.prometheus),
    'localhost:9093': hostPort(ports.alertmanager),
    'localhost:3000': hostPort(ports.grafana),
    'localhost:3100': hostPort(ports.loki),
    'localhost:9115': hostPort(ports.blackbox),
  };
}

function relocate(text: string, map: Record<string, string>): string {
  return Object.entries(map).reduce((out, [from, to]) => out.split(from).join(to), text);
}

/** The 8 target files the seed lists, each naming one of the sandbox's exporter stand-ins. */
function targetFiles(ports: Ports): Record<string, string> {
  const file = (address: string, host: string, extra = ''): string =>
    `# Registered by deploy-exporters.sh\n- targets:\n    - '${address}'\n  labels:\n    host: '${host}'\n${extra}`;
  return {
    'node_landsraad.yml': file(hostPort(ports.node_landsraad), 'landsraad'),
    'node_mentat.yml': file(hostPort(ports.node_mentat), 'mentat'),
    'nginx_landsraad.yml': file(hostPort(ports.nginx_landsraad), 'landsraad'),
    'nginx_mentat.yml': file(hostPort(ports.nginx_mentat), 'mentat'),
    'phpfpm_landsraad.yml': file(hostPort(ports.phpfpm_landsraad), 'landsraad'),
    'postgresql_landsraad.yml': file(hostPort(ports.postgresql_landsraad), 'landsraad'),
    'redis_landsraad.yml': file(hostPort(ports.redis_landsraad), 'landsraad'),
    'blackbox_endpoints.yml': file(`http://127.0.0.1:${ports.app}/up`, 'landsraad', "    service: 'chom'\n"),
  };
}

function write(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

export function seedMentat(ctx: SeedContext & { lib: string }): void {
  const { root, ports } = ctx;
  const etc = join(root, obsEtc);
  const map = relocations(root, ports);
  write(join(etc, 'prometheus/prometheus.yml'), relocate(config7f572d2['prometheus.yml']!, map));
  write(join(etc, 'prometheus/rules/basic.yml'), config7f572d2['basic.yml']!);
  for (const [name, text] of Object.entries(targetFiles(ports)))
    write(join(etc, 'prometheus/targets', name), text);
  write(join(etc, 'alertmanager/alertmanager.yml'), config7f572d2['alertmanager.yml']!);
  // /opt/chom-deploy: a copy of deploy/ at 7f572d2 (not a git checkout), as the seed found it.
  const scratch = mkdtempSync(join(root, '.seed-'));
  exportTree(ctx.bare, ctx.commits['7f572d2']!, scratch);
  mkdirSync(join(root, '/opt'), { recursive: true });
  cpSync(join(scratch, 'deploy'), join(root, deployHub), { recursive: true });
  rmSync(scratch, { recursive: true, force: true });
  const bin = join(root, obsBin);
  mkdirSync(bin, { recursive: true });
  for (const [name, real] of [
    ['promtool', '/usr/bin/promtool'],
    ['amtool', '/usr/bin/amtool'],
    ['prometheus', '/usr/bin/prometheus'],
    ['alertmanager', '/usr/bin/prometheus-alertmanager'],
  ] as const) {
    if (existsSync(real)) symlinkSync(real, join(bin, name));
  }
  for (const dir of ['prometheus', 'alertmanager', 'grafana', 'loki'])
    mkdirSync(join(root, obsData, dir), { recursive: true });
  seedMentatUnits(root, ctx.lib, ports);
  write(
    join(root, 'var/log/journal/prometheus.log'),
    'Jan 05 17:20:53 mentat systemd[1]: Started prometheus.service - Prometheus Monitoring System.\n',
  );
  write(
    join(root, 'var/log/journal/alertmanager.log'),
    'Jan 05 16:28:57 mentat systemd[1]: Started alertmanager.service - Prometheus Alertmanager.\n',
  );
  mkdirSync(join(root, 'tmp'), { recursive: true });
}

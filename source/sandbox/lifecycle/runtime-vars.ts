// The runtime vars the sandbox supplies to profiles (docs/architecture.md, "Interpolation" and "Paths").
import { hostPort, portNames, type PortName, type Ports } from './ports.js';
import { sandboxPaths } from './paths.js';
import { demoSmtpPassword, demoSmtpUser } from '../services/smtp-relay.js';
import type { WorldFacts } from '../world/world.js';

export function runtimeVars(home: string, ports: Ports, facts: WorldFacts): Record<string, string> {
  const paths = sandboxPaths(home);
  const vars: Record<string, string> = {
    world: paths.world,
    sandbox_landsraad_root: paths.root('landsraad'),
    sandbox_mentat_root: paths.root('mentat'),
    sandbox_app_url: `http://127.0.0.1:${ports.app}`,
    sandbox_prometheus_url: `http://127.0.0.1:${ports.prometheus}/prometheus`,
    sandbox_alertmanager_url: `http://127.0.0.1:${ports.alertmanager}/alertmanager`,
    sandbox_grafana_url: `http://127.0.0.1:${ports.grafana}`,
    sandbox_loki_url: `http://127.0.0.1:${ports.loki}`,
    sandbox_smtp_host: '127.0.0.1',
    sandbox_smtp_port: String(ports.smtp),
    sandbox_smtp_user: demoSmtpUser,
    /** A public demo value the relay accepts (not a secret). */
    sandbox_smtp_password: demoSmtpPassword,
    sandbox_repo_url: `file://${paths.bareRepo}`,
    sandbox_repo_dir: paths.repo,
    sandbox_live_release: facts.liveRelease,
    // production `host:port` → sandbox address, for the config action's `relocate`
    sandbox_hostports: JSON.stringify(
      Object.fromEntries(
        (Object.keys(portNames) as PortName[]).map((n) => [portNames[n], hostPort(ports[n])]),
      ),
    ),
  };
  for (const name of Object.keys(portNames) as PortName[])
    vars[`sandbox_hostport_${name}`] = hostPort(ports[name]);
  for (const [label, hash] of Object.entries(facts.commits)) {
    if (/^[0-9a-f]{7}$/.test(label)) vars[`sandbox_commit_${label}`] = hash.slice(0, 7);
  }
  return vars;
}

// "Current State Assessment" for the observability host (mentat), in the seed's order.
import type { HostSection, ServiceFacts } from '../engine/assess/assess-model.js';
import { code, mark, plain, table, unreachableSection } from './markdown-format.js';

const smtpText: Record<string, string> = {
  'commented-out': 'SMTP settings are **commented out** (not configured)',
  placeholders: 'SMTP settings are **template placeholders** (`__SMTP_*__`): Alertmanager cannot load them',
  configured: 'SMTP settings are **configured**',
  absent: 'SMTP settings are **absent**',
};

function service(name: string, s: ServiceFacts): string[] {
  const running = s.state === null ? null : s.state === 'active';
  return [
    `- **${name}:** ${mark(running)} ${running ? 'Running' : plain(s.state)}${s.active_since ? ` (active since ${s.active_since})` : ''}`,
    `  - Config: ${code(s.config)}`,
    `  - Storage: ${code(s.storage)}`,
    `  - External URL: ${code(s.external_url)}`,
    `  - Last config reload: ${s.reload_successful === null ? 'unknown' : s.reload_successful ? 'successful' : '**FAILED** (the file on disk is not what runs)'}`,
  ];
}

export function observabilitySection(
  index: number,
  section: HostSection & { role: 'observability' },
): string[] {
  const title = `### ${index}. ${section.address ?? section.host} (Observability Server, \`${section.host}\`)`;
  if (!section.reachable) return unreachableSection(title, section.unreachable);
  const f = section.facts;
  return [
    title,
    '',
    '#### Observability Stack Status',
    ...service('Prometheus', f.prometheus),
    '',
    ...service('Alertmanager', f.alertmanager),
    '',
    `- **Grafana:** ${mark(f.grafana_state === null ? null : f.grafana_state === 'ok')} database ${plain(f.grafana_state)}${f.grafana_version ? `, version ${f.grafana_version}` : ''}`,
    '',
    '#### Alert Rules',
    ...(f.rule_files.length === 0
      ? ['- No rule files found.']
      : f.rule_files.map(
          (r) => `- ${code(r.name)} (${r.bytes === null ? '?' : `${(r.bytes / 1024).toFixed(1)}KB`})`,
        )),
    `- **Groups loaded by Prometheus:** ${f.rule_groups.join(', ') || 'none'}`,
    '',
    '#### Targets (Service Discovery)',
    ...(f.target_files.length === 0
      ? ['- No target files found.']
      : f.target_files.map((t) => `- ${code(t)} ✅`)),
    '',
    '#### Alertmanager Configuration',
    `- ${f.smtp_state === null ? 'SMTP state unknown' : smtpText[f.smtp_state]}; password source: ${plain(f.smtp_password_source)}`,
    `- Prometheus sends alerts with path_prefix: ${f.alerting_path_prefix === null ? 'unknown' : f.alerting_path_prefix === '' ? '**none**' : code(f.alerting_path_prefix)}`,
    '',
    '#### Deployment Repository Status',
    `- **Type:** ${f.deploy_hub_is_git === null ? 'unknown' : f.deploy_hub_is_git ? 'a git checkout' : 'NOT a git repository (deployment files only)'}`,
    `- **Last Updated:** ${plain(f.deploy_hub_updated)}`,
    '',
    ...table(
      ['script', 'size', 'sha256', 'known faults'],
      f.deploy_hub_scripts.map((s) => [
        s.name,
        s.bytes === null ? '?' : `${(s.bytes / 1024).toFixed(1)}KB`,
        s.sha256?.slice(0, 12) ?? '?',
        s.faults.join(', ') || '—',
      ]),
    ),
  ];
}

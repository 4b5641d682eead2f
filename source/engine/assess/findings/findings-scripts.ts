// The deploy-script faults chom-world lists, as findings, when the live scripts carry their signature
// (the `deploy-hub-faults` probe greps for them on mentat).
import type { Finding } from '../assess-model.js';

type Known = Omit<Finding, 'id' | 'host' | 'blocks'>;

/** Fault id (as the probe prints it) → the finding it means. */
const scriptFaults: Record<string, Known> = {
  'no-api-integration': {
    kind: 'drift',
    severity: 'low',
    title: 'deploy-observability.sh on the hub is the pre-Phase 0 version (no SMTP API integration)',
    detail:
      'The live copy never fetches the SMTP settings from the CHOM API; the seed reports it as the OLD VERSION.',
    action: 'Phase 1 of `chom-console deploy` stages the whole changed deploy set and verifies it by hash.',
  },
  'sed-password': {
    kind: 'security',
    severity: 'high',
    title: "deploy-observability.sh puts the SMTP password on sed's command line",
    detail:
      "The password is visible in `ps` while sed runs, and a ', & or | in it corrupts alertmanager.yml or kills the script.",
    action:
      'Never run deploy-observability.sh; phase 4 renders alertmanager.yml with a YAML library and a 0640 smtp_auth_password_file.',
  },
  'health-without-prefix': {
    kind: 'risk',
    severity: 'medium',
    title: 'deploy-observability.sh checks Alertmanager health without its route prefix',
    detail:
      'It probes localhost:9093/-/healthy, which answers 404 under --web.route-prefix=/alertmanager: the script always exits 1 after about 160 s.',
    action:
      'Check health at localhost:9093/alertmanager/-/healthy (with the prefix), as `chom-console verify` does.',
  },
  'secret-in-tmp': {
    kind: 'security',
    severity: 'medium',
    title: 'deploy-observability.sh leaves the SMTP settings, password included, in /tmp/smtp-config.env',
    detail: 'The file is written with the default umask and never removed.',
    action:
      'Do not run the script; if it ran, delete /tmp/smtp-config.env on mentat and rotate the SMTP password.',
  },
  'observability-first': {
    kind: 'risk',
    severity: 'high',
    title: 'deploy-chom.sh deploys observability FIRST unless --skip-observability is given',
    detail:
      "Run as the seed's phase 2 says, it overwrites the live alertmanager.yml with the placeholder template before the app has the SMTP API.",
    action:
      'Use `chom-console deploy` (it runs the app steps natively); never run deploy-chom.sh without --skip-observability.',
  },
  'prompts-without-target': {
    kind: 'risk',
    severity: 'medium',
    title: 'rollback.sh prompts, and with no previous release points current at releases/',
    detail: 'It waits for input unless AUTO_CONFIRM=true, and reports success after a broken switch.',
    action: 'Roll back with `chom-console rollback` (explicit target, verified with readlink).',
  },
};

/** Findings for every known fault found in a live script. */
export function scriptFindings(host: string, scripts: { name: string; faults: string[] }[]): Finding[] {
  return scripts.flatMap((script) =>
    script.faults.flatMap((fault) => {
      const known = scriptFaults[fault];
      return known
        ? [
            {
              ...known,
              id: `script.${fault}`,
              host,
              blocks: false,
              detail: `${script.name}: ${known.detail}`,
            },
          ]
        : [];
    }),
  );
}

// Synthetic stand-ins for CHOM's deploy scripts (deploy/ in the repository, copied to /opt/chom-deploy on
// mentat). Same names, options and approximate sizes as the seed reports; they never deploy anything: the
// console runs the steps natively, and running one of these in the sandbox says so and exits 1.

const header = (name: string, purpose: string, usage: string): string[] => [
  '#!/usr/bin/env bash',
  `# ${name} - ${purpose}`,
  `# Usage: ${usage}`,
  '#',
  '# chom-console sandbox: synthetic copy with the shape of the real script. It deploys nothing.',
  'set -euo pipefail',
  '',
  'SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"',
  'LOG_FILE="/var/log/chom-deploy/$(basename "$0" .sh).log"',
  '',
  'log_info() { echo "[INFO] $(date -u +%H:%M:%S) $*"; }',
  'log_warn() { echo "[WARN] $(date -u +%H:%M:%S) $*" >&2; }',
  'log_error() { echo "[ERROR] $(date -u +%H:%M:%S) $*" >&2; }',
  '',
];

/** Plausible helper functions, repeated with distinct names until the script reaches `bytes`. */
function filler(lines: string[], bytes: number, topic: string): string[] {
  const out = [...lines];
  let n = 1;
  const size = (): number => Buffer.byteLength(out.join('\n'));
  while (size() < bytes - 400) {
    out.push(
      '',
      `# ${topic}: check ${n} (kept from the original for shape; see the console's runbook for what runs)`,
      `check_${topic}_${n}() {`,
      `  local target="\${1:-}"`,
      `  if [[ -z "$target" ]]; then`,
      `    log_warn "check_${topic}_${n}: no target given, skipping"`,
      '    return 0',
      '  fi',
      `  log_info "check_${topic}_${n}: verifying $target"`,
      '  return 0',
      '}',
    );
    n += 1;
  }
  return out;
}

const sandboxMain = (name: string): string[] => [
  '',
  'main() {',
  '  if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then',
  '    sed -n "2,3p" "$0"',
  '    exit 0',
  '  fi',
  `  log_error "${name}: this is the chom-console sandbox's synthetic copy; use the console to deploy."`,
  '  exit 1',
  '}',
  '',
  'main "$@"',
  '',
];

export function deployChomScript(): string {
  const lines = header(
    'deploy-chom.sh',
    'orchestrates a CHOM deployment from mentat (observability first, then the application on landsraad)',
    'deploy-chom.sh --environment=E --branch=B --repo-url=U [--skip-backup] [--skip-migrations] [--skip-observability]',
  );
  lines.push(
    'ENVIRONMENT=""; BRANCH="main"; REPO_URL=""; SKIP_BACKUP=false; SKIP_MIGRATIONS=false; SKIP_OBSERVABILITY=false',
    'for arg in "$@"; do',
    '  case "$arg" in',
    '    --environment=*) ENVIRONMENT="${arg#*=}" ;;',
    '    --branch=*) BRANCH="${arg#*=}" ;;',
    '    --repo-url=*) REPO_URL="${arg#*=}" ;;',
    '    --skip-backup) SKIP_BACKUP=true ;;',
    '    --skip-migrations) SKIP_MIGRATIONS=true ;;',
    '    --skip-observability) SKIP_OBSERVABILITY=true ;;',
    '  esac',
    'done',
  );
  return [...filler(lines, 21_000, 'orchestration'), ...sandboxMain('deploy-chom.sh')].join('\n');
}

/** The 7f572d2 version (no API integration, ~17.9 KB) or the bb283db one (fetches the SMTP API). */
export function deployObservabilityScript(version: 'old' | 'new'): string {
  const lines = header(
    'deploy-observability.sh',
    'installs Prometheus/Alertmanager configs and alert rules on mentat',
    'deploy-observability.sh [--config-dir DIR]',
  );
  lines.push(
    'CONFIG_DIR="${SCRIPT_DIR}/../config/mentat"',
    'ETC_DIR="/etc/observability"',
    'while [[ $# -gt 0 ]]; do case "$1" in --config-dir) CONFIG_DIR="$2"; shift 2 ;; *) shift ;; esac; done',
  );
  if (version === 'new') {
    lines.push(
      '',
      '# Phase 0: SMTP settings come from the CHOM API (system_settings table on landsraad).',
      'CHOM_API_URL="${CHOM_API_URL:-http://landsraad.arewel.com}"',
      'fetch_smtp_config() {',
      '  curl -sf "${CHOM_API_URL}/api/v1/system/smtp-config/shell" -o /tmp/smtp-config.env || return 1',
      '  # shellcheck disable=SC1091',
      '  source /tmp/smtp-config.env',
      '}',
      'configure_alertmanager_smtp() {',
      '  sed -i "s|__SMTP_PASSWORD__|${MAIL_PASSWORD}|g" "$ETC_DIR/alertmanager/alertmanager.yml"',
      '}',
    );
  }
  return [
    ...filler(lines, version === 'old' ? 17_900 : 24_300, 'observability'),
    ...sandboxMain('deploy-observability.sh'),
  ].join('\n');
}

export function smallScript(name: string, purpose: string, usage: string, bytes: number): string {
  return [
    ...filler(header(name, purpose, usage), bytes, name.replace(/[^a-z]/g, '')),
    ...sandboxMain(name),
  ].join('\n');
}

/** deploy/scripts of the repository (without deploy-observability.sh, which differs per version). */
export function deployHelperScripts(): Record<string, string> {
  return {
    'deploy/scripts/deploy-application.sh': smallScript(
      'deploy-application.sh',
      'blue-green deploy of the Laravel app on landsraad',
      'deploy-application.sh --branch=B --repo-url=U',
      14_200,
    ),
    'deploy/scripts/rollback.sh': smallScript(
      'rollback.sh',
      'switch current back to a previous release',
      'rollback.sh [--to-release ID]',
      6_100,
    ),
    'deploy/scripts/health-check.sh': smallScript(
      'health-check.sh',
      'post-deploy health checks',
      'health-check.sh',
      8_400,
    ),
    'deploy/scripts/deploy-exporters.sh': smallScript(
      'deploy-exporters.sh',
      'install exporters and register file_sd targets',
      'deploy-exporters.sh',
      9_800,
    ),
  };
}

// The home screen's facts, read with two small read-only commands: the live release, its commit and the
// deploy lock (the lock's own inspection, lock-commands.ts) on the app host; the SMTP state of
// alertmanager.yml on the observability host (the state and the smarthost only: never the password).
import { quote } from '../lib/shell-quote.js';
import { buildLockInspect } from './lock-commands.js';
import type { RemoteCommand } from './remote-command.js';

/** The line that starts the lock's section of {@link buildAppFacts}' output. */
export const lockSection = '--- lock';

/**
 * Live release and commit as `key=value` lines; then, when the runbook has a lock, {@link lockSection} and
 * what buildLockInspect prints (`free`, or the holder's info and `now=`).
 */
export function buildAppFacts(host: string, appBase: string, lockPath: string | undefined): RemoteCommand {
  const script = [
    `base=${quote(appBase)}`,
    'live=$(readlink -- "$base/current" 2>/dev/null) && echo "live=${live##*/}"',
    `sed -n 's/^commit_hash=/commit=/p' "$base/current/.deployment-info" 2>/dev/null | head -n 1`,
    ...(lockPath === undefined
      ? []
      : [`echo ${quote(lockSection)}`, `(${buildLockInspect(host, lockPath).script})`]),
    'exit 0',
  ].join('\n');
  return { host, script, sensitive: false, description: `read the live release and the deploy lock` };
}

/** SMTP state of Alertmanager as `smtp=` (placeholders, configured + `smarthost=`, commented, absent, unreadable). */
export function buildSmtpState(host: string, alertmanagerYml: string): RemoteCommand {
  const script = `file=${quote(alertmanagerYml)}
[ -r "$file" ] || { echo "smtp=unreadable"; exit 0; }
if grep -q '__SMTP_[A-Z_]*__' "$file"; then echo "smtp=placeholders"
elif grep -Eq '^[[:space:]]+smtp_smarthost:' "$file"; then echo "smtp=configured"
  printf 'smarthost=%s\\n' "$(sed -n 's/^[[:space:]]*smtp_smarthost:[[:space:]]*//p' "$file" | head -n 1 | tr -d "'\\"")"
elif grep -Eq '^[[:space:]]*#[[:space:]]*smtp_' "$file"; then echo "smtp=commented"
else echo "smtp=absent"; fi`;
  return { host, script, sensitive: false, description: `read the SMTP state of ${alertmanagerYml}` };
}

// The home screen's facts, read with two small read-only scripts: the live release, its commit and the
// deploy lock on the app host; the SMTP state of alertmanager.yml on the observability host (the state and
// the smarthost only: never the password or its file).
import { hostname } from 'node:os';
import { quote } from '../lib/shell-quote.js';
import { commitWithName, type CommitNames } from '../engine/commit-names.js';
import type { HomeFacts, LockFact } from '../ui/app-services.js';

/** Live release, commit and lock, as `key=value` lines. */
export function appFactsScript(appBase: string, lockPath: string | undefined): string {
  return `base=${quote(appBase)}
live=$(readlink -- "$base/current" 2>/dev/null) && echo "live=\${live##*/}"
sed -n 's/^commit_hash=/commit=/p' "$base/current/.deployment-info" 2>/dev/null | head -n 1
${
  lockPath === undefined
    ? ''
    : `lock=${quote(lockPath)}
if [ -d "$lock" ]; then echo "lock=held"; sed 's/^/lock_/' "$lock/info" 2>/dev/null; else echo "lock=free"; fi
echo "now=$(date +%s)"`
}
exit 0`;
}

/** SMTP state of Alertmanager: commented, placeholders, configured (with the smarthost), or absent. */
export function smtpStateScript(alertmanagerYml: string): string {
  return `file=${quote(alertmanagerYml)}
[ -r "$file" ] || { echo "smtp=unreadable"; exit 0; }
if grep -q '__SMTP_[A-Z_]*__' "$file"; then echo "smtp=placeholders"
elif grep -Eq '^[[:space:]]+smtp_smarthost:' "$file"; then echo "smtp=configured"
  printf 'smarthost=%s\\n' "$(sed -n 's/^[[:space:]]*smtp_smarthost:[[:space:]]*//p' "$file" | head -n 1 | tr -d "'\\"")"
elif grep -Eq '^[[:space:]]*#[[:space:]]*smtp_' "$file"; then echo "smtp=commented"
else echo "smtp=absent"; fi`;
}

/** `key=value` lines → a map (later keys win). */
export function keyValues(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) values.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  return values;
}

/** The lock as the header shows it; held by this very process counts as ours. */
export function lockFact(values: Map<string, string>, staleAfterSeconds: number): LockFact {
  const state = values.get('lock');
  if (state === 'free') return { kind: 'free' };
  if (state !== 'held') return { kind: 'unknown' };
  const owner = values.get('lock_owner') ?? 'someone';
  if (values.get('lock_pid') === String(process.pid) && values.get('lock_host') === hostname())
    return { kind: 'ours' };
  const now = Number(values.get('now'));
  const started = Number(values.get('lock_started'));
  const beat = Number(values.get('lock_heartbeat') ?? values.get('lock_started'));
  const ageMs = Number.isFinite(now) && Number.isFinite(started) ? Math.max(0, now - started) * 1000 : 0;
  const stale = Number.isFinite(now) && Number.isFinite(beat) && now - beat > staleAfterSeconds;
  return { kind: 'held', owner, ageMs, stale };
}

/** The SMTP line of the home screen. */
export function smtpLine(values: Map<string, string>): string {
  const state = values.get('smtp');
  switch (state) {
    case 'configured': {
      const host = values.get('smarthost');
      return host ? `configured (${host})` : 'configured';
    }
    case 'commented':
      return 'not configured (SMTP lines commented out)';
    case 'placeholders':
      return 'placeholders left in alertmanager.yml (alerts cannot be mailed)';
    case 'absent':
      return 'not configured (no smtp_* settings)';
    case 'unreadable':
      return 'unknown (alertmanager.yml is not readable)';
    default:
      return 'unknown';
  }
}

/** Both hosts' answers → the facts of the home screen. */
export function homeFactsOf(
  app: Map<string, string>,
  obs: Map<string, string>,
  staleAfter: number,
  names: CommitNames = {},
): HomeFacts {
  const live = app.get('live');
  const commit = app.get('commit');
  return {
    ...(live ? { liveRelease: live } : {}),
    ...(commit ? { liveCommit: commitWithName(commit.slice(0, 7), names) } : {}),
    smtp: smtpLine(obs),
    lock: lockFact(app, staleAfter),
  };
}

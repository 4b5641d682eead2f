// The home screen's facts from the answers of commands/home-facts.ts: the live release, its commit and the
// deploy lock on the app host; the SMTP state of alertmanager.yml on the observability host.
import { hostname } from 'node:os';
import { lockSection } from '../commands/home-facts.js';
import { commitWithName, type CommitNames } from '../engine/plan/commit-names.js';
import type { HomeFacts, LockFact } from '../ui/app-services.js';

/** `key=value` lines → a map (later keys win). */
export function keyValues(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) values.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  return values;
}

/** The app host's answer as `key=value` facts: its lock section as `lock` (free|held), `lock_*` and `now`. */
export function appFactValues(stdout: string): Map<string, string> {
  const at = stdout.indexOf(`${lockSection}\n`);
  const facts = keyValues(at < 0 ? stdout : stdout.slice(0, at));
  const lock = at < 0 ? '' : stdout.slice(at + lockSection.length + 1);
  if (lock.trim() === '') return facts; // no lock in the runbook (or no answer): the lock stays unknown
  if (lock.trim() === 'free') return facts.set('lock', 'free');
  facts.set('lock', 'held');
  for (const [key, value] of keyValues(lock)) facts.set(key === 'now' ? 'now' : `lock_${key}`, value);
  return facts;
}

/** The lock as the header shows it; held by this very process counts as ours. */
function lockFact(values: Map<string, string>, staleAfterSeconds: number): LockFact {
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
function smtpLine(values: Map<string, string>): string {
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

// The deploy lock: an atomic `mkdir <path>` lease with an info file (owner, host, pid, started, heartbeat,
// run). Exit 4 means "held by someone else"; the holder's info is printed as key=value lines.
import { quote } from '../lib/shell-quote.js';
import { assertToken, type RemoteCommand } from './remote-command.js';

/**
 * Who takes the lock: the operator, the console's machine and process, and the run. `pidStart` (the process's
 * start time) tells a dead holder from a live process that reuses its pid.
 */
export type LockOwner = { owner: string; host: string; pid: number; runId: string; pidStart?: string };

/** Exit code of a lock command when another run holds the lock. */
export const lockHeldExit = 4;

/** One line per key in the info file: a newline in a name must not forge another key. */
const oneLine = (text: string): string => quote(text.replace(/[\r\n]+/g, ' '));

const writeInfo = (who: LockOwner): string[] => [
  'now=$(date +%s)',
  `printf 'owner=%s\\nhost=%s\\npid=%s\\nstarted=%s\\nheartbeat=%s\\nrun=%s\\n${who.pidStart ? 'pidstart=%s\\n' : ''}' ${oneLine(who.owner)} ${oneLine(who.host)} ${oneLine(String(who.pid))} "$now" "$now" ${quote(who.runId)}${who.pidStart ? ` ${oneLine(who.pidStart)}` : ''} > "$lock/info.tmp"`,
  'mv -f -- "$lock/info.tmp" "$lock/info"',
];

const printHolder = ['cat -- "$lock/info" 2>/dev/null || echo "info=missing"', 'echo "now=$(date +%s)"'];

/** Takes the lock, or prints the holder and exits 4. */
export function buildLockAcquire(host: string, path: string, who: LockOwner): RemoteCommand {
  const script = [
    `lock=${quote(path)}`,
    'mkdir -p -- "$(dirname -- "$lock")"',
    'if mkdir -- "$lock" 2>/dev/null; then',
    ...writeInfo(who).map((l) => `  ${l}`),
    '  echo "acquired"',
    '  exit 0',
    'fi',
    ...printHolder,
    `exit ${lockHeldExit}`,
  ].join('\n');
  return { host, script, sensitive: false, description: `take the deploy lock ${path}` };
}

/** Refreshes the heartbeat; exits 4 when the lock is no longer ours (taken over or removed). */
export function buildLockHeartbeat(host: string, path: string, runId: string): RemoteCommand {
  const script = [
    `lock=${quote(path)}`,
    `grep -qxF -- ${quote(`run=${runId}`)} "$lock/info" 2>/dev/null || { echo "lock $lock is no longer held by this run" >&2; exit ${lockHeldExit}; }`,
    'sed "s/^heartbeat=.*/heartbeat=$(date +%s)/" "$lock/info" > "$lock/info.tmp" && mv -f -- "$lock/info.tmp" "$lock/info"',
  ].join('\n');
  return { host, script, sensitive: false, description: `refresh the heartbeat of ${path}` };
}

/** Removes the lock when it is ours; leaves someone else's lock alone (exit 4). Absent: nothing to do. */
export function buildLockRelease(host: string, path: string, runId: string): RemoteCommand {
  assertToken(runId, 'lock release');
  const script = [
    `lock=${quote(path)}`,
    '[ -d "$lock" ] || { echo "released (was not held)"; exit 0; }',
    `grep -qxF -- ${quote(`run=${runId}`)} "$lock/info" 2>/dev/null || { echo "lock $lock belongs to another run; not removed" >&2; exit ${lockHeldExit}; }`,
    `mv -T -- "$lock" "$lock.released.${runId}" && rm -rf -- "$lock.released.${runId}"`,
    'echo "released"',
  ].join('\n');
  return { host, script, sensitive: false, description: `release the deploy lock ${path}` };
}

/** Prints the holder's info (read-only). Exit 0 with `free` when there is no lock. */
export function buildLockInspect(host: string, path: string): RemoteCommand {
  const script = [`lock=${quote(path)}`, '[ -d "$lock" ] || { echo "free"; exit 0; }', ...printHolder].join(
    '\n',
  );
  return { host, script, sensitive: false, description: `show who holds ${path}` };
}

/**
 * Takes over a stale lock. Only one taker wins: takers go one at a time, the old lock is renamed away only if
 * its heartbeat is still the one the operator saw (a holder that came back to life keeps its lock).
 */
export function buildLockTakeover(
  host: string,
  path: string,
  who: LockOwner,
  seenHeartbeat: number,
): RemoteCommand {
  assertToken(who.runId, 'lock takeover');
  // Takers serialise on a second directory (mkdir is atomic): check, move and make happen for one taker at
  // a time, so a second taker can never move away the lock the first has just made (it finds the new
  // heartbeat and stops). The mutex names its taker, and only that taker removes it. One left by a killed
  // taker is cleared after a minute by renaming it (one clearer wins) and checking that what was renamed is
  // the old one (a fresh mutex renamed by mistake is put back). Plain acquirers race only on mkdir.
  const mutex = '"$lock.takeover"';
  const cleared = `"$lock.takeover.cleared.${who.runId}"`;
  const script = [
    `lock=${quote(path)}`,
    `if [ -n "$(find ${mutex} -maxdepth 0 -mmin +1 2>/dev/null)" ] && mv -T -- ${mutex} ${cleared} 2>/dev/null; then`,
    `  if [ -n "$(find ${cleared} -maxdepth 0 -mmin +1)" ]; then rm -rf -- ${cleared}; else mv -T -- ${cleared} ${mutex} 2>/dev/null || rm -rf -- ${cleared}; fi`,
    'fi',
    `mkdir -- ${mutex} 2>/dev/null || { echo "another run is taking over the lock right now; inspect it again" >&2; exit ${lockHeldExit}; }`,
    `echo ${quote(who.runId)} > ${mutex}/run`,
    `trap '[ "$(cat -- ${mutex}/run 2>/dev/null)" = ${quote(who.runId).replaceAll("'", "'\\''")} ] && rm -rf -- ${mutex}' EXIT`,
    `grep -qxF -- ${quote(`heartbeat=${seenHeartbeat}`)} "$lock/info" 2>/dev/null || { echo "the lock changed since it was inspected; inspect it again" >&2; ${printHolder.join('; ')}; exit ${lockHeldExit}; }`,
    `mv -T -- "$lock" "$lock.stale.${who.runId}" || exit ${lockHeldExit}`,
    `mkdir -- "$lock" || { echo "another run took the lock first" >&2; exit ${lockHeldExit}; }`,
    ...writeInfo(who),
    `rm -rf -- "$lock.stale.${who.runId}"`,
    'echo "acquired"',
  ].join('\n');
  return { host, script, sensitive: false, description: `take over the stale deploy lock ${path}` };
}

// `release: activate` and `release: rollback`: an atomic switch of `current` by rename, verified by readlink.
//
// Completion marker: activate writes `<release>/.release-complete` after its pre-checks, just before the
// switch. Rollback refuses a release created by the console (listed in the ledger) without that marker;
// a release made before the console (not in the ledger) is accepted when it has `.deployment-info`.
import { quote } from '../lib/shell-quote.js';
import { releaseLedger } from './release-create.js';
import { assertReleaseId } from './release-name.js';
import { assertToken, type RemoteCommand } from './remote-command.js';

/** The marker that makes a console-made release a valid rollback target. */
export const completeMarker = '.release-complete';

/** Shell function `complete NAME`: exit 0 when the release may go live again. */
const completeFunction = [
  'complete() {',
  `  [ -f "$base/releases/$1/${completeMarker}" ] && return 0`,
  `  grep -qxF -- "$1" "$base/${releaseLedger}" 2>/dev/null && return 1`,
  '  [ -f "$base/releases/$1/.deployment-info" ]',
  '}',
].join('\n');

/** The switch itself: a temporary link renamed over `current`, then read back. */
function switchLines(token: string): string[] {
  assertToken(token, 'release switch');
  const tmp = `"$base/current.tmp.${token}"`;
  return [
    'target="$base/releases/$id"',
    `ln -sfn -- "$target" ${tmp} && mv -Tf -- ${tmp} "$base/current"`,
    'actual=$(readlink -- "$base/current")',
    'if [ "$actual" != "$target" ]; then',
    '  echo "switch not verified: current -> $actual, expected $target; check $base/current by hand" >&2',
    '  exit 4',
    'fi',
    'echo "current=$id"',
  ];
}

/** Checks and marks the release, then switches `current` to it. `token` names the temporary link. */
export function buildReleaseActivate(host: string, base: string, id: string, token: string): RemoteCommand {
  assertReleaseId(id, 'release activate');
  const script = [
    'set -eu',
    `base=${quote(base)}`,
    `id=${quote(id)}`,
    '[ -d "$base/releases/$id" ] || { echo "release $id not found in $base/releases" >&2; exit 3; }',
    '[ -n "$(ls -A -- "$base/releases/$id")" ] || { echo "release $id is empty: nothing to activate" >&2; exit 3; }',
    `date -u +%Y-%m-%dT%H:%M:%SZ > "$base/releases/$id/${completeMarker}"`,
    ...switchLines(token),
  ].join('\n');
  return { host, script, sensitive: false, description: `switch ${base}/current to release ${id}` };
}

/**
 * Switches back to `to`, or (when empty) to the newest complete release older than the live one.
 * Never points `current` at anything but an existing, complete release directory.
 */
export function buildReleaseRollback(host: string, base: string, to: string, token: string): RemoteCommand {
  if (to !== '') assertReleaseId(to, 'release rollback');
  const script = [
    'set -eu',
    `base=${quote(base)}`,
    `id=${quote(to)}`,
    completeFunction,
    'live=$(readlink -- "$base/current" 2>/dev/null || true); live=${live##*/}',
    'if [ -z "$id" ]; then',
    '  for candidate in $(ls -1 -- "$base/releases" | grep -E \'^[0-9]{8}_[0-9]{6}$\' | sort -r); do',
    '    if [ "$candidate" \\< "$live" ] && complete "$candidate"; then id=$candidate; break; fi',
    '  done',
    '  [ -n "$id" ] || { echo "no complete release older than $live to roll back to; give one with --to" >&2; exit 3; }',
    'fi',
    '[ -d "$base/releases/$id" ] || { echo "release $id not found in $base/releases" >&2; exit 3; }',
    `complete "$id" || { echo "release $id is incomplete (no ${completeMarker}): refusing to put it live" >&2; exit 3; }`,
    'echo "previous=$live"',
    ...switchLines(token),
  ].join('\n');
  const what = to === '' ? 'the previous complete release' : `release ${to}`;
  return { host, script, sensitive: false, description: `roll ${base}/current back to ${what}` };
}

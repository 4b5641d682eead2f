// `release: create`: a new, unique release directory, and the release `current` pointed at before.
//
// Names are `YYYYmmdd_HHMMSS` (UTC). `mkdir` is atomic, so two deploys in one second cannot share a
// directory: the loser waits for the next second. The new name is appended to `<base>/.chom-console-releases`
// so that a release made by the console counts as complete only with its `.release-complete` marker.
import { quote } from '../lib/shell-quote.js';
import type { RemoteCommand } from './remote-command.js';

/** The ledger of releases created by the console (one name per line). */
export const releaseLedger = '.chom-console-releases';

/** Prints `release_id=…`, `release_path=…`, `rollback_target=…` (empty when `current` pointed nowhere). */
export function buildReleaseCreate(host: string, base: string): RemoteCommand {
  const script = [
    'set -eu',
    `base=${quote(base)}`,
    'mkdir -p -- "$base/releases"',
    'for attempt in $(seq 1 30); do',
    '  id=$(date -u +%Y%m%d_%H%M%S)',
    '  if mkdir -- "$base/releases/$id" 2>/dev/null; then',
    '    previous=$(readlink -- "$base/current" 2>/dev/null || true)',
    `    printf '%s\\n' "$id" >> "$base/${releaseLedger}"`,
    '    echo "release_id=$id"',
    '    echo "release_path=$base/releases/$id"',
    '    echo "rollback_target=${previous##*/}"',
    '    exit 0',
    '  fi',
    '  sleep 0.2',
    'done',
    'echo "could not create a unique release directory under $base/releases in 6 s (attempts: $attempt)" >&2',
    'exit 1',
  ].join('\n');
  return {
    host,
    script,
    sensitive: false,
    description: `create a new release directory in ${base}/releases`,
  };
}

/** Parses the `key=value` lines printed by create, activate and rollback. */
export function parseKeyValues(stdout: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of stdout.split('\n')) {
    const match = /^([a-z_]+)=(.*)$/.exec(line.trim());
    if (match) values[match[1]!] = match[2]!;
  }
  return values;
}

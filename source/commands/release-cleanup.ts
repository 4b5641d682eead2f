// `release: cleanup`: keep the newest N releases by NAME (timestamps sort; mtimes lie), never removing the
// live release or the rollback target.
import { quote } from '../lib/shell-quote.js';
import type { RemoteCommand } from './remote-command.js';

export function buildReleaseCleanup(
  host: string,
  base: string,
  keep: number,
  rollbackTarget: string,
): RemoteCommand {
  if (!Number.isInteger(keep) || keep < 2)
    throw new Error(`release cleanup: keep must be an integer ≥ 2, got ${keep}`);
  const script = [
    'set -eu',
    `base=${quote(base)}`,
    `keep=${keep}`,
    `spare=${quote(rollbackTarget)}`,
    'live=$(readlink -- "$base/current" 2>/dev/null || true); live=${live##*/}',
    'n=0',
    'for r in $(ls -1 -- "$base/releases" | grep -E \'^[0-9]{8}_[0-9]{6}$\' | sort -r); do',
    '  n=$((n + 1))',
    '  [ "$n" -le "$keep" ] && continue',
    '  [ "$r" = "$live" ] && continue',
    '  [ "$r" = "$spare" ] && continue',
    '  rm -rf -- "$base/releases/$r"',
    '  echo "removed $r"',
    'done',
  ].join('\n');
  return {
    host,
    script,
    sensitive: false,
    description: `keep the newest ${keep} releases in ${base}/releases`,
  };
}

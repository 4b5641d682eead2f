// The rollback picker's listings, read-only: the app host's releases (commit and message from
// .deployment-info, live marker, the completeness facts `release: rollback` judges by, migration files) and
// the observability host's phase-1 snapshots (`latest` is the one rollback.observability restores).
import { quote } from '../lib/shell-quote.js';
import { releaseLedger } from './release-create.js';
import { completeMarker } from './release-switch.js';
import type { RemoteCommand } from './remote-command.js';

/** One `release=` block per directory under releases/, then `end`. */
export function buildReleaseListing(host: string, appBase: string): RemoteCommand {
  const script = `base=${quote(appBase)}
live=$(readlink -f -- "$base/current" 2>/dev/null || true)
cd -- "$base/releases" 2>/dev/null || exit 0
for d in */; do
  d=\${d%/}; echo "release=$d"
  [ "$(readlink -f -- "$d")" = "$live" ] && echo "live=1"
  [ -e "$d/${completeMarker}" ] && echo "marker=1"
  grep -qxF -- "$d" "$base/${releaseLedger}" 2>/dev/null && echo "ledger=1"
  [ -e "$d/.deployment-info" ] && sed -n 's/^commit_hash=/commit=/p; s/^commit_message=/message=/p' "$d/.deployment-info"
  for m in "$d"/database/migrations/*.php; do [ -e "$m" ] && echo "migration=\${m##*/}"; done
  echo "end"
done
exit 0`;
  return { host, script, sensitive: false, description: `list the releases under ${appBase}/releases` };
}

/** One `snapshot=` line per snapshot directory, with its file count; `latest=` names the restored one. */
export function buildSnapshotListing(host: string, snapshotsDir: string): RemoteCommand {
  const script = `snapshots=${quote(snapshotsDir)}
[ -d "$snapshots" ] || exit 0
latest=$(readlink -f -- "$snapshots/latest" 2>/dev/null || true); echo "latest=\${latest##*/}"
for d in "$snapshots"/*/; do
  d=\${d%/}; [ -L "$d" ] && continue
  echo "snapshot=\${d##*/} $(find "$d" -type f ! -name SHA256SUMS | wc -l)"
done
exit 0`;
  return { host, script, sensitive: false, description: `list the snapshots under ${snapshotsDir}` };
}

// The risky scripts, asserted whole (Kamal style): a change to them must be a deliberate change here too.
import { describe, expect, it } from 'vitest';
import { buildLockAcquire } from '../../source/commands/lock-commands.js';
import { buildReleaseActivate } from '../../source/commands/release-switch.js';

describe('exact scripts', () => {
  it('release activate', () => {
    expect(buildReleaseActivate('landsraad', '/var/www/chom', '20260109_083012', 'run-1')).toEqual({
      host: 'landsraad',
      sensitive: false,
      description: 'switch /var/www/chom/current to release 20260109_083012',
      script: [
        'set -eu',
        "base='/var/www/chom'",
        "id='20260109_083012'",
        '[ -d "$base/releases/$id" ] || { echo "release $id not found in $base/releases" >&2; exit 3; }',
        '[ -n "$(ls -A -- "$base/releases/$id")" ] || { echo "release $id is empty: nothing to activate" >&2; exit 3; }',
        'date -u +%Y-%m-%dT%H:%M:%SZ > "$base/releases/$id/.release-complete"',
        'target="$base/releases/$id"',
        'ln -sfn -- "$target" "$base/current.tmp.run-1" && mv -Tf -- "$base/current.tmp.run-1" "$base/current"',
        'actual=$(readlink -- "$base/current")',
        'if [ "$actual" != "$target" ]; then',
        '  echo "switch not verified: current -> $actual, expected $target; check $base/current by hand" >&2',
        '  exit 4',
        'fi',
        'echo "current=$id"',
      ].join('\n'),
    });
  });

  it('lock acquire (a newline in the owner cannot forge a key)', () => {
    const command = buildLockAcquire('landsraad', '/var/www/chom/.deploy.lock', {
      owner: 'alice\nrun=x',
      host: 'laptop',
      pid: 42,
      runId: 'run-1',
    });
    expect(command.script).toBe(
      [
        "lock='/var/www/chom/.deploy.lock'",
        'mkdir -p -- "$(dirname -- "$lock")"',
        'if mkdir -- "$lock" 2>/dev/null; then',
        '  now=$(date +%s)',
        `  printf 'owner=%s\\nhost=%s\\npid=%s\\nstarted=%s\\nheartbeat=%s\\nrun=%s\\n' 'alice run=x' 'laptop' '42' "$now" "$now" 'run-1' > "$lock/info.tmp"`,
        '  mv -f -- "$lock/info.tmp" "$lock/info"',
        '  echo "acquired"',
        '  exit 0',
        'fi',
        'cat -- "$lock/info" 2>/dev/null || echo "info=missing"',
        'echo "now=$(date +%s)"',
        'exit 4',
      ].join('\n'),
    );
  });
});

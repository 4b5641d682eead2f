set -euo pipefail
# subject line only: a multi-line message (the script's %B) breaks the key=value format
{
  printf 'release_id=%s\n' "$RELEASE_ID"
  printf 'deployed_at=%s\n' "$(date -u -Iseconds)"
  printf 'deployed_by=%s\n' "$OPERATOR"
  printf 'commit_hash=%s\n' "$(git rev-parse HEAD)"
  printf 'commit_message=%s\n' "$(git log -1 --format=%s)"
  printf 'branch=%s\n' "$BRANCH"
  printf 'deployed_with=chom-console run %s\n' "$RUN_ID"
} > .deployment-info
cat .deployment-info

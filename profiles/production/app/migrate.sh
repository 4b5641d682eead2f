set -euo pipefail
base="$APP_BASE"
latest=$(find "$base/backups" -mindepth 2 -maxdepth 2 -name db.sql.gz -mmin -240 2>/dev/null | sort | tail -n 1)
{ [ -n "$latest" ] && gzip -t -- "$latest"; } || {
  echo "no verified database backup from the last 4 hours under $base/backups: run the backup step first" >&2; exit 1; }
echo "backup: $latest"
status=$(php artisan migrate:status --no-interaction)
if ! grep -q 'Pending' <<<"$status"; then
  echo "no pending migrations: nothing to run"
  exit 0
fi
grep 'Pending' <<<"$status"
php artisan migrate --force --no-interaction
if php artisan migrate:status --no-interaction | grep -q 'Pending'; then
  echo "migrations still pending after migrate --force" >&2; exit 1
fi
echo "migrations: all ran"

set -euo pipefail
. ../lib/app-db.sh
base="$APP_BASE"; release="$RELEASE_PATH"; url="$APP_LOCAL_URL"; fpm="$PHP_FPM_UNIT"
fail() { echo "health check failed: $*" >&2; exit 1; }
[ "$(readlink -- "$base/current")" = "$release" ] || fail "current does not point at $release"
for unit in nginx "$fpm" postgresql redis-server; do
  sudo -n systemctl is-active --quiet "$unit" || fail "$unit is not active"
done
cd "$base/current"
php artisan --version >/dev/null || fail "artisan does not boot"
{ [ -w storage/ ] && [ -w bootstrap/cache ]; } || fail "storage or bootstrap/cache not writable"
app_db .env psql -X -t -A -c 'SELECT 1' >/dev/null || fail "database not reachable"
[ "$(redis-cli ping)" = PONG ] || fail "redis not answering"
for _ in 1 2 3 4 5 6 7 8 9 10; do
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$url/up" || true)
  [ "$code" = 200 ] && break
  sleep 2
done
[ "$code" = 200 ] || fail "$url/up answered $code, expected 200"
echo "/up: 200"
body=$(curl -s --max-time 10 -w '\n%{http_code}' "$url/api/v1/system/smtp-config" || true)
code=${body##*$'\n'}
[ "$code" = 200 ] || fail "/api/v1/system/smtp-config answered $code (301 means the route is missing)"
grep -Eq '"success"[[:space:]]*:[[:space:]]*true' <<<"$body" || fail "/api/v1/system/smtp-config did not answer success:true"
echo "/api/v1/system/smtp-config: 200, success:true"
usage=$(df -P -- "$base" | awk 'NR == 2 { sub("%", "", $5); print $5 }')
[ "$usage" -lt 90 ] || fail "disk usage ${usage}% >= 90%"
echo "healthy: $(basename -- "$release")"

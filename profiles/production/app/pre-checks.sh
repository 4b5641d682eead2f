set -euo pipefail
. ../lib/app-db.sh
base="$APP_BASE"
fail() { echo "pre-check failed: $*" >&2; exit 1; }
free_mb=$(df -Pm -- "$base" | awk 'NR == 2 { print $4 }')
[ "$free_mb" -ge "$MIN_FREE_MB" ] || fail "only ${free_mb} MB free under $base (need $MIN_FREE_MB MB)"
echo "disk: ${free_mb} MB free"
env_file="$base/shared/.env"
[ -f "$env_file" ] || fail "$env_file is missing: a release without .env cannot boot; create it first"
for key in APP_KEY DB_HOST DB_DATABASE DB_USERNAME DB_PASSWORD; do
  grep -qE "^$key=.+" "$env_file" || fail "$key is empty or missing in $env_file"
done
echo ".env: present, APP_KEY and DB_* set"
[ -d "$base/shared/storage" ] || fail "$base/shared/storage is missing"
app_db "$env_file" psql -X -t -A -c 'SELECT 1' >/dev/null || fail "the database named in $env_file does not answer"
echo "database: reachable"
[ "$(redis-cli ping)" = PONG ] || fail "redis-cli ping did not answer PONG"
echo "redis: PONG"
for tool in git php composer npm; do command -v "$tool" >/dev/null || fail "$tool is not installed"; done
php -v | head -n 1

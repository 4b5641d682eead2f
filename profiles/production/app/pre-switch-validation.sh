set -euo pipefail
. ../lib/app-db.sh
fail() { echo "pre-switch validation failed: $*" >&2; exit 1; }
[ -f artisan ] || fail "artisan missing"
[ -f vendor/autoload.php ] || fail "vendor/autoload.php missing (composer install)"
[ -f public/build/manifest.json ] || fail "built assets missing"
[ -f .env ] || fail ".env does not resolve"
[ -d storage/ ] || fail "storage does not resolve"
php artisan --version
# the Phase 0 command must be in the release that goes live
php artisan list --no-interaction | grep -q 'smtp:export' || fail "smtp:export is not registered in this release"
app_db .env psql -X -t -A -c 'SELECT 1' >/dev/null || fail "database not reachable with the release's .env"
[ "$(redis-cli ping)" = PONG ] || fail "redis-cli ping did not answer PONG"
echo "release $(basename -- "$PWD") is ready"

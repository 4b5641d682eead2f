set -euo pipefail
shared="$APP_BASE"/shared
# the script only warns about a missing .env; a release without it cannot boot, so it is fatal here
[ -f "$shared/.env" ] || { echo "$shared/.env is missing: create it, then retry" >&2; exit 1; }
rm -rf -- storage
ln -sfn -- "$shared/storage" storage
ln -sfn -- "$shared/.env" .env
ls -l storage .env

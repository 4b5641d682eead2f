set -euo pipefail
. ../lib/app-db.sh
base="$APP_BASE"
dir="$base/backups/$(date -u +%Y%m%d_%H%M%S)-pre-deploy"
umask 077
mkdir -p -- "$dir"
app_db "$base/shared/.env" pg_dump --no-owner --no-acl --clean --if-exists | gzip -9 > "$dir/db.sql.gz"
gzip -t -- "$dir/db.sql.gz"
live=$(readlink -f -- "$base/current")
tar --exclude=./vendor --exclude=./node_modules -czf "$dir/app.tar.gz" -C "$live" .
tar -tzf "$dir/app.tar.gz" > /dev/null
cp -- "$base/shared/.env" "$dir/env"
chmod 600 -- "$dir/env"
echo "backup=$dir"
ls -l -- "$dir"

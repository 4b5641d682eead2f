set -uo pipefail
base="$APP_BASE"; url="$APP_LOCAL_URL"
echo "current=$(readlink -- "$base/current")"
for _ in 1 2 3 4 5 6 7 8 9 10; do
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$url/up" || true)
  [ "$code" = 200 ] && { echo "/up: 200"; exit 0; }
  sleep 2
done
echo "/up answered $code after the rollback: check nginx, php8.2-fpm and laravel.log" >&2
exit 1

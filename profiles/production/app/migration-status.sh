set -uo pipefail
if ! out=$(php artisan migrate:status --no-interaction 2>&1); then
  printf '%s\n' "$out" >&2
  echo "php artisan migrate:status failed: the database or the release is broken" >&2
  exit 1
fi
printf '%s\n' "$out"
echo "pending=$(grep -c 'Pending' <<<"$out" || true)"

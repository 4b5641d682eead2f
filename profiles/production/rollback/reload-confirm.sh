# Hot-reloads a service over HTTP and waits until its *_config_last_reload_successful gauge reads 1.
set -uo pipefail
url="$URL"
curl -sS -f -X POST "$url/-/reload" || { echo "POST $url/-/reload failed" >&2; exit 1; }
for _ in $(seq 1 20); do
  value=$(curl -sS "$url/metrics" | awk -v metric="$METRIC" '$1 == metric { print $2 }')
  [ "$value" = 1 ] && { echo "$METRIC=1"; exit 0; }
  sleep 0.5
done
echo "$METRIC=${value:-absent}: the restored config was not applied" >&2
exit 1

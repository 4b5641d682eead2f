set -uo pipefail
url="$ALERTMANAGER_URL"
curl -sS -f --max-time 10 "$url/-/healthy" >/dev/null || { echo "not healthy"; exit 1; }
value=$(curl -sS --max-time 10 "$url/metrics" | awk '$1 == "alertmanager_config_last_reload_successful" { print $2 }')
echo "alertmanager_config_last_reload_successful=${value:-absent}"
[ "$value" = 1 ]

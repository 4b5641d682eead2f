set -uo pipefail
url="$PROMETHEUS_URL"
curl -sS -f --max-time 10 "$url/-/ready" >/dev/null || { echo "not ready"; exit 1; }
value=$(curl -sS --max-time 10 "$url/metrics" | awk '$1 == "prometheus_config_last_reload_successful" { print $2 }')
echo "prometheus_config_last_reload_successful=${value:-absent}"
[ "$value" = 1 ]

set -euo pipefail
url="$PROMETHEUS_URL"
rules=$(curl -sS -f --max-time 10 "$url/api/v1/rules")
status=0
for group in exporter_health service_health observability_stack_health; do
  if grep -q "\"name\":\"$group\"" <<<"$rules"; then echo "loaded  $group"; else echo "MISSING $group" >&2; status=1; fi
done
exit $status

set -uo pipefail
url="$PROMETHEUS_URL"
# right after a reload targets are rediscovered and read "unknown" until their first scrape (15 s)
for _ in $(seq 1 15); do
  targets=$(curl -sS -f --max-time 10 "$url/api/v1/targets?state=active") || exit 1
  total=$(grep -o '"health":"[a-z]*"' <<<"$targets" | wc -l)
  up=$(grep -o '"health":"up"' <<<"$targets" | wc -l)
  [ "$total" -gt 0 ] && [ "$up" = "$total" ] && { echo "targets up: $up of $total"; exit 0; }
  sleep 3
done
echo "targets up: $up of $total"
grep -o '"scrapeUrl":"[^"]*","globalUrl":"[^"]*","lastError":"[^"]\+"' <<<"$targets" | head -n 10
exit 1

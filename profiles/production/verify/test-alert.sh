set -euo pipefail
amtool="$OBS_BIN"/amtool; url="$ALERTMANAGER_URL"; run="$RUN_ID"
counter() {  # sum of a counter over every series with integration="email"
  curl -sS --max-time 10 "$url/metrics" | awk -v name="$1" '
    index($1, name "{") == 1 && $1 ~ /integration="email"/ { sum += $2 }
    END { printf "%d\n", sum }'
}
attempts_before=$(counter alertmanager_notification_requests_total)
failed_before=$(counter alertmanager_notification_requests_failed_total)
echo "before: attempts=$attempts_before failed=$failed_before"
ends=$(date -u -d '+5 minutes' +%Y-%m-%dT%H:%M:%SZ)
"$amtool" alert add --alertmanager.url="$url" --end="$ends" \
  alertname=ChomConsoleTestAlert severity=warning instance=chom-console run_id="$run" \
  --annotation=summary="chom-console test alert (run $run)" \
  --annotation=description="Sent by chom-console phase 5 to prove e-mail delivery; resolves by itself."
for _ in $(seq 1 60); do
  attempts=$(counter alertmanager_notification_requests_total)
  failed=$(counter alertmanager_notification_requests_failed_total)
  if [ "$failed" -gt "$failed_before" ]; then
    echo "e-mail attempt FAILED (failed attempts $failed_before -> $failed); see: journalctl -u alertmanager" >&2; exit 1
  fi
  if [ $((attempts - failed)) -gt $((attempts_before - failed_before)) ]; then
    # requests_total grows when an attempt starts, failed_total when it ends: read again once the
    # attempt had time to fail, so an in-flight failure is not taken for a delivery.
    sleep 2
    failed=$(counter alertmanager_notification_requests_failed_total)
    if [ "$failed" -gt "$failed_before" ]; then
      echo "e-mail attempt FAILED (failed attempts $failed_before -> $failed); see: journalctl -u alertmanager" >&2; exit 1
    fi
    echo "delivered: attempts $attempts_before -> $attempts, none failed"; exit 0
  fi
  sleep 3
done
echo "no e-mail delivered within 180 s (attempts=$attempts failed=$failed)" >&2
exit 1

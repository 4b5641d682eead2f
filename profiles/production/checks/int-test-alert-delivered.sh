set -uo pipefail
url="$ALERTMANAGER_URL"
metrics=$(curl -sS -f --max-time 10 "$url/metrics") || exit 1
sum() { awk -v name="$1" 'index($1, name "{") == 1 && $1 ~ /integration="email"/ { s += $2 } END { printf "%d\n", s }' <<<"$metrics"; }
# Count SMTP attempts, not notifications: alertmanager_notifications_total grows when a notification
# starts, and a failing one reads failed=0 until its retries give up (about group_interval later).
attempts=$(sum alertmanager_notification_requests_total); failed=$(sum alertmanager_notification_requests_failed_total)
delivered=$((attempts - failed))
echo "email: delivered=$delivered failed_attempts=$failed (since Alertmanager started)"
[ "$delivered" -ge 1 ] && [ "$failed" = 0 ]

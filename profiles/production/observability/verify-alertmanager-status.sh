set -euo pipefail
url="$ALERTMANAGER_URL"
status=$(curl -sS -f --max-time 10 "$url/api/v2/status")
grep -q 'smtp_auth_password_file' <<<"$status" || { echo "running config has no smtp_auth_password_file" >&2; exit 1; }
! grep -q '__SMTP_\|__ALERT_EMAIL__' <<<"$status" || { echo "running config still has template placeholders" >&2; exit 1; }
grep -o 'smtp_smarthost: [^\\]*' <<<"$status" | head -n 1 || true
echo "alertmanager runs the new config"

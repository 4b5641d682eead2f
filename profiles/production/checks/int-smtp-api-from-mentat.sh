set -uo pipefail
. ../lib/mask-password.sh
url="$APP_URL"
out=$(curl -sS --max-time 15 -w '\n%{http_code}' "$url/api/v1/system/smtp-config") || exit 1
code=${out##*$'\n'}; body=${out%$'\n'*}
echo "HTTP $code"
printf '%s\n' "$body" | mask_password | head -c 600; echo
[ "$code" = 200 ] && grep -Eq '"success"[[:space:]]*:[[:space:]]*true' <<<"$body" \
  && grep -Eq '"host"[[:space:]]*:[[:space:]]*"[^"]+"' <<<"$body"

set -uo pipefail
current="$APP_BASE"/current
log="$current/storage/logs/laravel.log"
since=$(sed -n 's/^deployed_at=//p' "$current/.deployment-info" 2>/dev/null | head -n 1)
since=$(date -u -d "${since:-1970-01-01T00:00:00Z}" '+%Y-%m-%d %H:%M:%S')
[ -f "$log" ] || { echo "no laravel.log yet: 0 errors since $since"; exit 0; }
errors=$(awk -v since="$since" '
  match($0, /^\[[0-9-]+ [0-9:]+\] [A-Za-z0-9_-]+\.(ERROR|CRITICAL|ALERT|EMERGENCY):/) {
    if (substr($0, 2, 19) >= since) { n++; if (n <= 5) print substr($0, 1, 200) > "/dev/stderr" }
  }
  END { print n + 0 }' "$log")
echo "errors since $since UTC: $errors"
[ "$errors" = 0 ]

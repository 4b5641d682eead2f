set -euo pipefail
hub="$DEPLOY_HUB"
for dir in "$hub/scripts" "$hub/config/mentat/prometheus-alerts"; do
  mkdir -p -- "$dir" 2>/dev/null || sudo -n install -d -o "$(id -un)" -- "$dir"
done
ls -ld -- "$hub/scripts" "$hub/config/mentat" "$hub/config/mentat/prometheus-alerts"

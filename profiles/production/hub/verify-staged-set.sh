set -euo pipefail
. ../lib/fetch-commit.sh
hub="$DEPLOY_HUB"
scratch=$(mktemp -d); trap 'rm -rf -- "$scratch"' EXIT
cd "$scratch" && git init --quiet .
# shellcheck disable=SC2153 # COMMIT and BRANCH are set by the engine (run.env), not misspelt locals
full=$(fetch_commit "$REPO_URL" "$COMMIT" "$BRANCH")
echo "commit $full"
status=0
while read -r path staged; do
  want=$(git show "$full:$path" | sha256sum | cut -d' ' -f1)
  have=$(sha256sum -- "$hub/$staged" | cut -d' ' -f1)
  if [ "$want" = "$have" ]; then
    echo "ok        $have  $staged"
  else
    echo "MISMATCH  $staged: staged $have, commit has $want" >&2; status=1
  fi
done <<'FILES'
deploy/scripts/deploy-observability.sh scripts/deploy-observability.sh
deploy/config/mentat/alertmanager.yml config/mentat/alertmanager.yml
deploy/config/mentat/prometheus.yml config/mentat/prometheus.yml
deploy/config/mentat/prometheus-alerts/exporters.yml config/mentat/prometheus-alerts/exporters.yml
deploy/config/mentat/prometheus-alerts/basic.yml config/mentat/prometheus-alerts/basic.yml
FILES
[ "$status" = 0 ] || echo "check out the commit locally (repo var) and re-run phase 1" >&2
exit $status

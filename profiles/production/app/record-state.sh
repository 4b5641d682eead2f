base="$APP_BASE"
echo "current=$(readlink -- "$base/current" || echo none)"
cat -- "$base/current/.deployment-info" 2>/dev/null || echo "deployment_info=missing"
# shellcheck disable=SC2010 # counts the release names (YYYYmmdd_HHMMSS) among whatever is there
echo "releases=$(ls -1 -- "$base/releases" | grep -cE '^[0-9]{8}_[0-9]{6}$')"

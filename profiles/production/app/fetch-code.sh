set -euo pipefail
. ../lib/fetch-commit.sh
git init --quiet .
# shellcheck disable=SC2153 # COMMIT and BRANCH are set by the engine (run.env), not misspelt locals
full=$(fetch_commit "$REPO_URL" "$COMMIT" "$BRANCH")
git -c advice.detachedHead=false checkout --quiet --detach "$full"
echo "checked out $(git log -1 --format='%H %s')"

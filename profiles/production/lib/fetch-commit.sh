# fetch_commit URL COMMIT BRANCH: inside a git repository (cwd), fetches exactly COMMIT and prints its full
# hash. A full hash is fetched directly at depth 1 (GitHub serves reachable commits by hash); an abbreviated
# one is resolved among the last 200 commits of BRANCH. Nothing is stored in .git/config (no remote).
fetch_commit() {
  local url=$1 commit=$2 branch=$3 full
  if git fetch --quiet --depth 1 "$url" "$commit" 2>/dev/null; then
    full=$(git rev-parse --verify 'FETCH_HEAD^{commit}')
  else
    git fetch --quiet --depth 200 "$url" "refs/heads/$branch" || { echo "cannot fetch $branch from $url" >&2; return 1; }
    full=$(git rev-parse --verify --quiet "$commit^{commit}") || {
      echo "commit $commit is not among the last 200 commits of $branch at $url" >&2; return 1; }
  fi
  if [[ $commit =~ ^[0-9a-f]{7,40}$ && $full != "$commit"* ]]; then
    echo "fetched $full, which is not the requested commit $commit" >&2; return 1
  fi
  printf '%s\n' "$full"
}

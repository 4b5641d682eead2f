set -euo pipefail
rules="$OBS_ETC"/prometheus/rules; snapshots="$OBS_SNAPSHOTS"
[ -d "$snapshots/latest" ] || { echo "no snapshot at $snapshots/latest: run phase 1 first" >&2; exit 1; }
moved=0
for f in "$rules"/*.yml; do
  [ -e "$f" ] || continue
  case "${f##*/}" in basic.yml|exporters.yml) continue ;; esac
  mkdir -p -- "$snapshots/latest/retired-rules"
  mv -- "$f" "$snapshots/latest/retired-rules/"
  echo "retired ${f##*/}"; moved=$((moved + 1))
done
# shellcheck disable=SC2012 # the names are rule files the deploy installed (basic.yml, exporters.yml)
echo "retired $moved stale rule file(s); rules now: $(cd "$rules" && ls -1 -- *.yml | tr '\n' ' ')"

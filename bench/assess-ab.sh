#!/bin/bash
# Before/after of the assessment bench (bench/assess.ts) across a change of the sandbox itself (its stand-ins,
# its hosts), which BENCH_BASELINE cannot show (that swaps the probes only): the tree of git revision REV and
# this tree run the same bench alternately, ROUNDS times each, and the medians and their ratio are printed.
#   bash bench/assess-ab.sh REV [ROUNDS]        (ROUNDS default 3; BENCH_RUNS is passed through, default 5)
set -euo pipefail
rev=${1:?usage: bench/assess-ab.sh REV [ROUNDS]}
rounds=${2:-3}
here=$(cd "$(dirname "$0")/.." && pwd)
before=$(mktemp -d)
trap 'rm -rf -- "$before"' EXIT
git -C "$here" archive "$rev" | tar -x -C "$before"
ln -s "$here/node_modules" "$before/node_modules"
figures() { # the bench's output → "loopback-assess rtt-assess loopback-cpu" (ms)
  awk '/^loopback/ {s = "l"} /^through a/ {s = "r"}
    /assess \(engine/ {v[s "a"] = $(NF - 5) + 0} /batches. CPU/ {v[s "c"] = $(NF - 1) + 0}
    END {print v["la"], v["ra"], v["lc"]}'
}
declare -a A B
for ((i = 0; i < rounds; i++)); do
  for side in before after; do
    dir=$here; [[ $side == before ]] && dir=$before
    (cd "$dir" && BENCH_BASELINE=none npx tsx bench/assess.ts) >"$before/out-$side"
    line=$(figures <"$before/out-$side")
    ((i > 0)) || grep -E '^    [a-z]+ +[0-9]+ processes' "$before/out-$side" | sed "s/^/  $side: /" || true
    echo "round $((i + 1)) $side: assess loopback/rtt, cpu (ms): $line"
    if [[ $side == before ]]; then A+=("$line"); else B+=("$line"); fi
  done
done
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
for col in 1 2 3; do
  name=$(echo "assess-loopback assess-rtt cpu-loopback" | cut -d' ' -f"$col")
  a=$(printf '%s\n' "${A[@]}" | cut -d' ' -f"$col" | median)
  b=$(printf '%s\n' "${B[@]}" | cut -d' ' -f"$col" | median)
  awk -v n="$name" -v a="$a" -v b="$b" -v r="$rev" \
    'BEGIN {printf "%-16s before (%s) %5.0f ms   after %5.0f ms   after/before %.2f\n", n, r, a, b, b / a}'
done

#!/usr/bin/env bash
# bench/ui's flood at a fixed rate: `paced.sh WHAT RATE SECONDS` prints RATE lines a second for SECONDS
# seconds ("WHAT line N: …", N from 1), in 20 batches a second, each batch at its due time (not after a
# sleep that would drift).
set -eu
what=$1 rate=$2 seconds=$3
total=$((rate * seconds))
batch=$(((rate + 19) / 20))
start=${EPOCHREALTIME/./}
i=0
while ((i < total)); do
  last=$((i + batch > total ? total : i + batch))
  seq -f "$what line %g: the quick brown fox jumps over the lazy dog" $((i + 1)) "$last"
  i=$last
  wait=$((start + i * 1000000 / rate - ${EPOCHREALTIME/./}))
  if ((wait > 0)); then sleep "$(printf '%d.%06d' $((wait / 1000000)) $((wait % 1000000)))"; fi
done

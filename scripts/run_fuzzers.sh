#!/usr/bin/env bash
# Runs every libFuzzer target in a build directory for a bounded time each, seeded from
# tests/fuzz/corpus/<target>/. A crash fails the run.
set -euo pipefail
dir=${1:-build-fuzz}
secs=${2:-20}
shopt -s nullglob
ran=0
for bin in "$dir"/*_fuzz; do
  name=$(basename "$bin")
  corpus_src="tests/fuzz/corpus/${name}"
  work=$(mktemp -d)
  [ -d "$corpus_src" ] && cp -r "$corpus_src"/. "$work"/
  echo "fuzz: $name for ${secs}s"
  "$bin" -max_total_time="$secs" -max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=0 \
    "$work" 2>"$work.log" || { tail -50 "$work.log"; echo "fuzz: $name FAILED"; exit 1; }
  grep -E "^(#[0-9]+).*DONE|Done [0-9]+ runs" "$work.log" | tail -1 || true
  rm -rf "$work" "$work.log"
  ran=$((ran+1))
done
echo "fuzz: $ran targets passed"

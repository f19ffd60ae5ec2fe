#!/usr/bin/env bash
# Prints the gzip size of the shipped wasm + js in dist/ (target: at most 400 KB).
set -euo pipefail
cd "$(dirname "$0")/.."
total=0
for f in dist/*.wasm dist/*.js; do
  [ -f "$f" ] || continue
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  total=$((total + gz))
  printf '  %-40s %8d bytes raw  %8d bytes gzip\n' "$(basename "$f")" "$raw" "$gz"
done
printf '  %-40s %26d bytes gzip (%d KB; target <= 400 KB)\n' "wasm + js" "$total" "$((total / 1024))"

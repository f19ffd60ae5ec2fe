#!/usr/bin/env bash
# Prints the gzip size of the shipped wasm + js in dist/ and fails when it is over the budget:
# 450 KB gzip (counted as 450,000 bytes, the stricter reading of KB).
set -euo pipefail
cd "$(dirname "$0")/.."
budget=450000
total=0
for f in dist/*.wasm dist/*.js; do
  [ -f "$f" ] || continue
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  total=$((total + gz))
  printf '  %-40s %8d bytes raw  %8d bytes gzip\n' "$(basename "$f")" "$raw" "$gz"
done
printf '  %-40s %26d bytes gzip (budget %d)\n' "wasm + js" "$total" "$budget"
if [ "$total" -gt "$budget" ]; then
  echo "size: the dashboard ships $total bytes gzip, over its budget of $budget" >&2
  exit 1
fi

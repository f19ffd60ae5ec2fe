#!/usr/bin/env bash
# Times the native CLI end to end on a large generated export.
#
#   scripts/bench-cli.sh [RUNS]
#
# Builds `doralens` with the `cli` profile, generates bench-data/ (git-ignored; one million
# deployments and 100 000 incidents, see examples/gen.rs) when it is missing, then runs
# `doralens report … --format json` RUNS times (default 3), printing wall time, peak memory and
# throughput for each run, and times `doralens inspect` on the deployments file if it exists.
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS="${1:-3}"
DATA=bench-data
BIN="${CARGO_TARGET_DIR:-target}/cli/doralens"

if [[ ! -x /usr/bin/time ]]; then
  echo "installing GNU time (for peak memory)…" >&2
  if [[ $(id -u) -eq 0 ]]; then
    apt-get install -y -qq time >/dev/null
  else
    sudo apt-get install -y -qq time >/dev/null
  fi
fi

echo "== building doralens (profile cli)"
cargo build --quiet --profile cli --bin doralens

if [[ ! -s $DATA/deployments.csv || ! -s $DATA/incidents.csv ]]; then
  echo "== generating $DATA/"
  cargo run --quiet --profile cli --example gen -- bench "$DATA"
fi

dep_bytes=$(stat -c %s "$DATA/deployments.csv")
inc_bytes=$(stat -c %s "$DATA/incidents.csv")
total_bytes=$((dep_bytes + inc_bytes))
dep_rows=$(($(wc -l <"$DATA/deployments.csv") - 1))
inc_rows=$(($(wc -l <"$DATA/incidents.csv") - 1))
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
echo "   deployments.csv  $(mb "$dep_bytes") MB  ($dep_rows rows)"
echo "   incidents.csv    $(mb "$inc_bytes") MB  ($inc_rows rows)"
echo "   total            $(mb "$total_bytes") MB"

# Runs a command under /usr/bin/time -v; prints "<seconds> <peak MB>".
measure() {
  local log
  log=$(mktemp)
  if ! /usr/bin/time -v "$@" >/dev/null 2>"$log"; then
    echo "command failed: $*" >&2
    cat "$log" >&2
    rm -f "$log"
    return 1
  fi
  awk '
    /Elapsed \(wall clock\) time/ {
      n = split($NF, p, ":")
      s = (n == 3) ? p[1] * 3600 + p[2] * 60 + p[3] : p[1] * 60 + p[2]
    }
    /Maximum resident set size/ { kb = $NF }
    END { printf "%.2f %.1f\n", s, kb / 1024 }
  ' "$log"
  rm -f "$log"
}

report() {
  "$BIN" report --deploys "$DATA/deployments.csv" --incidents "$DATA/incidents.csv" --format json
}

echo "== doralens report --format json  ($RUNS runs)"
best=""
for i in $(seq 1 "$RUNS"); do
  read -r secs peak < <(measure "$BIN" report --deploys "$DATA/deployments.csv" --incidents "$DATA/incidents.csv" --format json)
  rate=$(awk -v b="$total_bytes" -v s="$secs" 'BEGIN { printf "%.0f", (s > 0) ? b / 1048576 / s : 0 }')
  printf "   run %d: %6.2f s wall, %7.1f MB peak RSS, %5s MB/s\n" "$i" "$secs" "$peak" "$rate"
  if [[ -z $best ]] || awk -v a="$secs" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$secs; fi
done
printf "   best:  %6.2f s  (%s MB/s)\n" "$best" \
  "$(awk -v b="$total_bytes" -v s="$best" 'BEGIN { printf "%.0f", (s > 0) ? b / 1048576 / s : 0 }')"

# Sanity check: the report must be valid JSON with teams in it.
if command -v python3 >/dev/null; then
  report 2>/dev/null | python3 -c 'import json, sys; r = json.load(sys.stdin); print("   report: %d teams, %d deployments overall" % (len(r["teams"]), r["overall"]["deployments"]))'
fi

echo "== doralens inspect $DATA/deployments.csv  (canonical CSV import alone)"
read -r secs peak < <(measure "$BIN" inspect "$DATA/deployments.csv")
rate=$(awk -v b="$dep_bytes" -v s="$secs" 'BEGIN { printf "%.0f", (s > 0) ? b / 1048576 / s : 0 }')
printf "   %6.2f s wall, %7.1f MB peak RSS, %5s MB/s\n" "$secs" "$peak" "$rate"

echo "== phases of one report (DORALENS_TIMING)"
DORALENS_TIMING=1 "$BIN" report --deploys "$DATA/deployments.csv" --incidents "$DATA/incidents.csv" 2>&1 >/dev/null |
  sed -n 's/^doralens: timing: /   /p'

echo "== vendor importers on ~40 MB of each fixture repeated (one core, profile cli)"
cargo test --quiet --profile cli --test importers throughput -- --ignored --nocapture 2>/dev/null |
  grep 'MB/s' | sed 's/^/   /'


#!/usr/bin/env bash
# Times the native CLI end to end on large generated exports shaped like real ones, beside DuckDB
# doing the same work on the same files in the same run (scripts/bench/peer.sql).
#
#   scripts/bench-cli.sh [RUNS]
#   BENCH_SIZES="1000000 3000000" BENCH_ORDERS="shuffled sorted" BENCH_FILES="1 4" scripts/bench-cli.sh 3
#
# Builds `doralens` with the `cli` profile, generates bench-data/<deployments>-<order>[-<files>files]/
# (git-ignored; N deployments and N/10 incidents, rows in the order named, in one file per kind or
# split by service into several, as per-repository exports; see examples/gen/bench.rs) when it is
# missing, then for each size, order and file count runs `doralens report … --format json` and the
# DuckDB peer RUNS times each (default 3) and prints the best wall time of each, doralens' peak
# memory and the ratio doralens / DuckDB. DuckDB comes from PyPI (`pip install duckdb`), installed
# when missing.
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS="${1:-3}"
SIZES="${BENCH_SIZES:-1000000}"
ORDERS="${BENCH_ORDERS:-shuffled sorted}"
FILES="${BENCH_FILES:-1}"
BIN="${CARGO_TARGET_DIR:-target}/cli/doralens"
GEN="${CARGO_TARGET_DIR:-target}/cli/examples/gen"

if [[ ! -x /usr/bin/time ]]; then
  echo "installing GNU time (for peak memory)…" >&2
  if [[ $(id -u) -eq 0 ]]; then
    apt-get install -y -qq time >/dev/null
  else
    sudo apt-get install -y -qq time >/dev/null
  fi
fi
if ! python3 -c 'import duckdb' 2>/dev/null; then
  echo "installing duckdb from PyPI (the peer)…" >&2
  python3 -m pip install --quiet duckdb
fi

echo "== building doralens and the generator (profile cli)"
cargo build --quiet --profile cli --bin doralens --example gen

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
mb() { awk -v b="$1" 'BEGIN { printf "%.0f", b / 1048576 }'; }
less() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }

table=()
for size in $SIZES; do
  for order in $ORDERS; do
   for files in $FILES; do
    if ((files > 1)); then
      DATA="bench-data/$size-$order-${files}files"
      deploys=("$DATA"/deployments-*.csv) incidents=("$DATA"/incidents-*.csv)
    else
      DATA="bench-data/$size-$order"
      deploys=("$DATA/deployments.csv") incidents=("$DATA/incidents.csv")
    fi
    if [[ ! -s ${deploys[0]} || ! -s ${incidents[0]} ]]; then
      echo "== generating $DATA/"
      "$GEN" bench "$DATA" "$size" $((size / 10)) --order "$order" --files "$files" \
        $( ((size >= 5000000)) && echo --teams 200 --services 800 --years 2 )
      if ((files > 1)); then
        deploys=("$DATA"/deployments-*.csv) incidents=("$DATA"/incidents-*.csv)
      fi
    fi
    args=()
    for f in "${deploys[@]}"; do args+=(--deploys "$f"); done
    for f in "${incidents[@]}"; do args+=(--incidents "$f"); done
    bytes=$(cat "${deploys[@]}" "${incidents[@]}" | wc -c)
    echo "== $size deployments + $((size / 10)) incidents, rows $order, $files file(s) per kind ($(mb "$bytes") MB)"
    best="" peak=""
    for i in $(seq 1 "$RUNS"); do
      read -r secs mem < <(measure "$BIN" report "${args[@]}" --format json)
      printf "   doralens run %d: %6.2f s wall, %7.1f MB peak RSS\n" "$i" "$secs" "$mem"
      if [[ -z $best ]] || less "$secs" "$best"; then best=$secs peak=$mem; fi
    done
    peer=""
    while read -r line; do
      case $line in
        run*) echo "   duckdb   $line" ;;
        best*) peer=$(echo "$line" | awk '{ print $2 }'); echo "   duckdb   counted: ${line#best * }" ;;
      esac
    done < <(python3 scripts/bench/duckdb_peer.py "$RUNS" "$DATA/deployments*.csv" "$DATA/incidents*.csv")
    DORALENS_TIMING=1 "$BIN" report "${args[@]}" 2>&1 >/dev/null |
      sed -n 's/^doralens: timing: /   phase (cumulative) /p'
    ratio=$(awk -v a="$best" -v b="$peer" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }')
    table+=("| $size + $((size / 10)) | $order | $files | $best s | ${peak%.*} MB | $peer s | $ratio |")
   done
  done
done

echo
echo "== best of $RUNS, same files, same run (doralens report --format json vs DuckDB $(python3 -c 'import duckdb; print(duckdb.__version__)'), $(nproc) cores)"
echo "| deployments + incidents | order | files per kind | doralens | doralens peak | DuckDB | ratio |"
echo "|---|---|---|---|---|---|---|"
printf '%s\n' "${table[@]}"

# BENCH_EXTRAS=0: the table only (no inspect, no vendor importers' throughput).
[[ ${BENCH_EXTRAS:-1} == 0 ]] && exit 0
DATA="bench-data/$(echo "$SIZES" | awk '{ print $1 }')-$(echo "$ORDERS" | awk '{ print $1 }')"
[[ -s $DATA/deployments.csv ]] || exit 0
echo
echo "== doralens inspect $DATA/deployments.csv  (canonical CSV import alone)"
read -r secs peak < <(measure "$BIN" inspect "$DATA/deployments.csv")
printf "   %6.2f s wall, %7.1f MB peak RSS\n" "$secs" "$peak"

echo "== vendor importers on ~40 MB of each fixture repeated (one core, profile cli)"
cargo test --quiet --profile cli --test importers throughput -- --ignored --nocapture 2>/dev/null |
  grep 'MB/s' | sed 's/^/   /'


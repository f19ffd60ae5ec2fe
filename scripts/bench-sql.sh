#!/usr/bin/env bash
# The warehouse SQL at scale: N generated deployments (default 10M, and N/10 incidents) as
# partitioned Parquet, `doralens sql` run by DuckDB and by Spark (local mode) on it, beside
# `doralens report --format rollup` on the same data as CSV; prints time and peak memory of each
# and checks the three rollups are equal.
#
#   scripts/bench-sql.sh [N]          e.g. scripts/bench-sql.sh 1000000
#   BENCH_SQL_ENGINES="duckdb" scripts/bench-sql.sh 10000000
#
# Data goes to bench-data/N-shuffled/ (git-ignored; the generator's, reused when present) and its
# parquet/ folder (partitioned by month of deployed_at / started_at). Every heavy step runs under
# flock /tmp/doralens-build.lock (the machine is shared).
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-10000000}"
ENGINES="${BENCH_SQL_ENGINES:-duckdb spark}"
DATA="bench-data/$N-shuffled"
TARGET="${CARGO_TARGET_DIR:-target}"
BIN="$TARGET/cli/doralens"
GEN="$TARGET/cli/examples/gen"
LOCK=/tmp/doralens-build.lock
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

echo "== building doralens and the generator (profile cli)"
flock "$LOCK" cargo build --quiet --profile cli --bin doralens --example gen
if [[ ! -s $DATA/deployments.csv ]]; then
  echo "== generating $DATA/"
  flock "$LOCK" "$GEN" bench "$DATA" "$N" $((N / 10)) --order shuffled \
    $( ((N >= 5000000)) && echo --teams 200 --services 800 --years 2 )
fi
if [[ ! -d $DATA/parquet/deployments ]]; then
  echo "== partitioned Parquet (DuckDB COPY … PARTITION_BY month)"
  flock "$LOCK" python3 scripts/bench/sql_engines.py parquet "$DATA" | tail -1
fi

# "<seconds> <peak MB>" of a command, by GNU time.
measure() {
  local log
  log=$(mktemp)
  /usr/bin/time -v "$@" >"$OUT/last.out" 2>"$log" || { cat "$log" >&2; rm -f "$log"; return 1; }
  awk '/Elapsed \(wall clock\) time/ { n = split($NF, p, ":"); s = (n == 3) ? p[1]*3600 + p[2]*60 + p[3] : p[1]*60 + p[2] }
       /Maximum resident set size/ { kb = $NF } END { printf "%.2f %.0f\n", s, kb / 1024 }' "$log"
  rm -f "$log"
}

rows=()
echo "== doralens report --format rollup on the CSV"
read -r secs mem < <(measure flock "$LOCK" "$BIN" report --deploys "$DATA/deployments.csv" --incidents "$DATA/incidents.csv" --format rollup)
cp "$OUT/last.out" "$OUT/core.csv"
rows+=("| doralens report (CSV) | $secs s | $mem MB |")
echo "${rows[-1]}"
for engine in $ENGINES; do
  "$BIN" sql --dialect "$engine" >"$OUT/$engine.sql"
  echo "== doralens sql --dialect $engine, run by $engine on the Parquet"
  case $engine in
    duckdb) dest="$OUT/duckdb.csv" ;;
    spark) dest="$OUT/spark-json" ;;
  esac
  flock "$LOCK" python3 scripts/bench/sql_engines.py "$engine" "$DATA" "$OUT/$engine.sql" "$dest" | tail -1 >"$OUT/$engine.time"
  read -r _ secs _ mem <"$OUT/$engine.time"
  [[ $engine == spark ]] && cat "$dest"/part-* >"$OUT/spark.json" && dest="$OUT/spark.json"
  same=$(python3 -c "import sys; sys.path.insert(0, 'tests/sql'); import engines; d = engines.compare('$OUT/core.csv', '$dest'); print('equal' if not d else 'DIFFERS: ' + d[0])")
  rows+=("| $engine, doralens sql (Parquet) | $secs s | $mem MB | $same |")
  echo "${rows[-1]}"
done

echo
echo "== $N deployments + $((N / 10)) incidents, $(nproc) cores (DuckDB $(python3 -c 'import duckdb; print(duckdb.__version__)'), Spark $(python3 -c 'import pyspark; print(pyspark.__version__)') local[2])"
echo "| what | time | peak memory | rollup vs doralens |"
echo "|---|---|---|---|"
printf '%s\n' "${rows[@]}"

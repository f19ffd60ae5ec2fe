"""Times DuckDB doing the same work as `doralens report` (scripts/bench/peer.sql) on the same files.

    python3 scripts/bench/duckdb_peer.py RUNS DEPLOYS_GLOB INCIDENTS_GLOB

Prints one line per run ("run N: S s") and a last line "best S" with what the query counted.
Extension autoloading is off (no network); DuckDB uses both cores (its default threads).
"""
import glob
import os
import sys
import time

import duckdb


def main():
    runs, deploys, incidents = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    files = lambda pattern: ", ".join("'" + f.replace("'", "''") + "'" for f in sorted(glob.glob(pattern)))
    sql_path = os.path.join(os.path.dirname(__file__), "peer.sql")
    sql = open(sql_path).read().replace("{deploys}", files(deploys)).replace("{incidents}", files(incidents))
    best, result = None, None
    for run in range(1, runs + 1):
        con = duckdb.connect(":memory:")
        started = time.perf_counter()
        result = con.execute(sql).fetchall()
        secs = time.perf_counter() - started
        con.close()
        print(f"run {run}: {secs:.2f} s", flush=True)
        best = secs if best is None else min(best, secs)
    teams, deployments, failed, weeks, resolved = result[0]
    print(f"best {best:.2f} teams={teams} deployments={deployments} failed={failed} team_weeks={weeks} resolved={resolved}")


if __name__ == "__main__":
    main()

"""The warehouse side of scripts/bench-sql.sh: partitioned Parquet from the generated CSV, and
`doralens sql` run on it by DuckDB or Spark (local mode), the rollup exported.

    python3 scripts/bench/sql_engines.py parquet DATA
    python3 scripts/bench/sql_engines.py duckdb DATA SQL_FILE OUT.csv
    python3 scripts/bench/sql_engines.py spark DATA SQL_FILE OUT_DIR

Prints "secs S peak_mb M" last (for Spark the peak is the JVM's high-water mark plus Python's).
"""
import glob
import os
import resource
import sys
import time

DEPLOY = {"id": "VARCHAR", "team": "VARCHAR", "service": "VARCHAR", "environment": "VARCHAR",
          "status": "VARCHAR", "deployed_at": "TIMESTAMP", "commit_sha": "VARCHAR",
          "first_commit_at": "TIMESTAMP", "lead_time_seconds": "DOUBLE", "failed": "VARCHAR",
          "kind": "VARCHAR", "rework": "VARCHAR"}
INCIDENT = {"id": "VARCHAR", "team": "VARCHAR", "service": "VARCHAR", "started_at": "TIMESTAMP",
            "resolved_at": "TIMESTAMP", "severity": "VARCHAR", "caused_by": "VARCHAR", "title": "VARCHAR"}


def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def parquet(data):
    import duckdb

    con = duckdb.connect()
    for name, cols, ts in [("deployments", DEPLOY, "deployed_at"), ("incidents", INCIDENT, "started_at")]:
        files = sorted(glob.glob(os.path.join(data, f"{name}*.csv")))
        # Only the canonical columns the SQL reads (the generator's files have them all but commits).
        present = set(con.sql(f"SELECT * FROM read_csv('{files[0]}', header=true) LIMIT 0").columns)
        spec = "{" + ", ".join(f"'{c}': '{t}'" for c, t in cols.items() if c in present) + "}"
        missing = ", ".join(f"CAST(NULL AS {t}) AS {c}" for c, t in cols.items() if c not in present)
        out = os.path.join(data, "parquet", name)
        os.makedirs(os.path.dirname(out), exist_ok=True)
        con.execute(
            f"COPY (SELECT *{', ' + missing if missing else ''}, strftime({ts}, '%Y-%m') AS month "
            f"FROM read_csv({files!r}, header=true, auto_detect=false, columns={spec})) "
            f"TO '{out}' (FORMAT parquet, PARTITION_BY (month), OVERWRITE_OR_IGNORE true)")


def duckdb_run(data, sql_file, out):
    import duckdb

    con = duckdb.connect()
    for name in ["deployments", "incidents"]:
        path = os.path.join(data, "parquet", name, "**", "*.parquet")
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{path}', hive_partitioning=true)")
    con.execute(f"COPY ({open(sql_file).read()}) TO '{out}' (HEADER)")


def spark_run(data, sql_file, out):
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tests", "sql"))
    import engines

    os.environ.setdefault("SPARK_DRIVER_MEMORY", "8g")
    spark = engines.spark_session()
    spark.sparkContext.setLogLevel("ERROR")
    # The test harness tunes its session for planning many tiny statements (no code generation, one
    # shuffle partition); at scale the work is the execution: Spark's defaults for it, and no
    # time limit on a broadcast (a small side is built in seconds to minutes on two cores).
    for key, value in [("spark.sql.codegen.wholeStage", "true"), ("spark.sql.codegen.factoryMode", "FALLBACK"),
                       ("spark.sql.adaptive.enabled", "true"), ("spark.sql.shuffle.partitions", "8"),
                       ("spark.sql.broadcastTimeout", "36000")]:
        spark.conf.set(key, value)
    for name in ["deployments", "incidents"]:
        spark.read.parquet(os.path.join(data, "parquet", name)).createOrReplaceTempView(name)
    spark.sql(open(sql_file).read()).coalesce(1).write.mode("overwrite").json(out)
    jvm = spark.sparkContext._gateway.proc.pid
    hwm = 0
    for line in open(f"/proc/{jvm}/status"):
        if line.startswith("VmHWM:"):
            hwm = int(line.split()[1]) / 1024
    spark.stop()
    return hwm


def main():
    mode, data = sys.argv[1], sys.argv[2]
    t0 = time.time()
    extra = 0
    if mode == "parquet":
        parquet(data)
    elif mode == "duckdb":
        duckdb_run(data, sys.argv[3], sys.argv[4])
    elif mode == "spark":
        extra = spark_run(data, sys.argv[3], sys.argv[4])
    else:
        sys.exit(f"unknown mode {mode}")
    print(f"secs {time.time() - t0:.2f} peak_mb {rss_mb() + extra:.0f}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The warehouse SQL on real engines: every dataset of tests/fixtures/sql (the metrics tests'
datasets, written by `DORALENS_WRITE_SQL_FIXTURES=1 cargo test --test metrics sql_fixtures`) is
loaded into DuckDB, PostgreSQL and Spark SQL; `doralens sql --dialect D` runs there; the engine
exports the result (DuckDB COPY to CSV, PostgreSQL COPY to CSV, Spark write.json as JSON Lines);
and every field of it must equal the core's rollup (`doralens report --format rollup` on the same
files), numbers bit for bit. Each export is also read back by `doralens report --rollup`, whose
report must equal the one read from the core's rollup.

    python3 tests/sql/engines.py [--engines duckdb,postgres,spark] [--bin target/release/doralens]
                                 [--only NAME-SUBSTRING] [--spark-sets all|NAME,...] [--spark-threads N]

Spark runs every dataset (--spark-sets to pick some), two at a time in its one session: its
analysis and planning cost seconds per statement whatever the data's size (see SPARK_SETS).
Prints how long each engine took; exits 1 when an engine differs anywhere (every difference listed).
"""

import argparse
import concurrent.futures
import csv
import glob
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "tests", "fixtures", "sql")

DEPLOY_SCHEMA = [
    ("id", "text"), ("team", "text"), ("service", "text"), ("environment", "text"), ("status", "text"),
    ("deployed_at", "ts"), ("commit_sha", "text"), ("first_commit_at", "ts"), ("lead_time_seconds", "double"),
    ("failed", "text"), ("kind", "text"), ("rework", "text"),
]
INCIDENT_SCHEMA = [
    ("id", "text"), ("team", "text"), ("service", "text"), ("started_at", "ts"), ("resolved_at", "ts"),
    ("severity", "text"), ("caused_by", "text"), ("title", "text"),
]
INT_COLS = {"days", "benchmark", "deployments", "deploy_days", "lead_time_samples", "failed_deployments",
            "recovery_samples", "open_incidents", "unlinked_incidents", "rework_deployments"}
NUM_COLS = {"deploys_per_week", "median_deploy_days_per_week", "lead_time_median_hours", "lead_time_p75_hours",
            "lead_time_p90_hours", "change_failure_rate", "recovery_median_hours", "recovery_p90_hours",
            "rework_rate"}


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}: exit {r.returncode}\n{r.stderr}")
    return r.stdout


class Dataset:
    def __init__(self, path):
        self.path = path
        self.name = os.path.basename(path)
        self.title = open(os.path.join(path, "name.txt")).read().strip()
        self.args = []
        for line in open(os.path.join(path, "args.txt")).read().splitlines():
            if line.strip():
                flag, _, value = line.partition(" ")
                self.args += [flag, value]
        self.deployments = os.path.join(path, "deployments.csv")
        self.incidents = os.path.join(path, "incidents.csv")


def read_rollup(path):
    """The rows of a rollup file (CSV or JSON Lines) by (row, scope, team, from), values as text or None."""
    text = open(path, encoding="utf-8").read()
    rows = []
    if path.endswith(".csv"):
        for r in csv.DictReader(io.StringIO(text)):
            rows.append({k.lower(): (v if v != "" else None) for k, v in r.items()})
    else:
        for line in text.splitlines():
            if line.strip():
                rows.append({k.lower(): v for k, v in json.loads(line).items()})
    out = {}
    for r in rows:
        team = r.get("team")
        if isinstance(team, str) and path.endswith(".csv") and team.startswith("'"):
            team = team[1:]  # the CSV formula guard
            r["team"] = team
        key = (r["row"], r["scope"], team, str(r["from"]))
        if key in out:
            raise RuntimeError(f"{path}: two rows for {key}")
        out[key] = r
    return out


def value(col, v):
    if v is None:
        return None
    if col in INT_COLS:
        f = float(v)
        if f != int(f):
            raise RuntimeError(f"{col} {v!r} is not a whole number")
        return int(f)
    if col in NUM_COLS:
        return float(v)  # Python reads the shortest form back bit for bit, like the core
    return str(v)


def compare(core_path, engine_path):
    """The differences, field by field (source aside)."""
    want, got = read_rollup(core_path), read_rollup(engine_path)
    diffs = []
    for key in sorted(set(want) | set(got), key=str):
        if key not in got:
            diffs.append(f"missing row {key}")
            continue
        if key not in want:
            diffs.append(f"extra row {key}")
            continue
        for col in want[key]:
            if col == "source":
                continue
            a, b = value(col, want[key].get(col)), value(col, got[key].get(col))
            if a != b or type(a) is not type(b):
                diffs.append(f"{key} {col}: core {a!r}, engine {b!r}")
    return diffs


def report_json(binary, rollup, name):
    out = run([binary, "report", "--rollup", rollup])
    r = json.loads(out)
    r.pop("warnings", None)
    return r


# --- engines -------------------------------------------------------------------------------


class DuckDb:
    name = "duckdb"
    ext = ".csv"

    def __init__(self, tmp):
        import duckdb

        self.duckdb = duckdb

    def types(self, schema):
        t = {"text": "VARCHAR", "ts": "TIMESTAMP", "double": "DOUBLE"}
        return ", ".join(f"{c} {t[k]}" for c, k in schema)

    def run(self, ds, sql, out):
        con = self.duckdb.connect()
        for table, schema, path in [("deployments", DEPLOY_SCHEMA, ds.deployments),
                                    ("incidents", INCIDENT_SCHEMA, ds.incidents)]:
            con.execute(f"CREATE TABLE {table} ({self.types(schema)})")
            con.execute(f"COPY {table} FROM '{path}' (HEADER)")
        con.execute(f"COPY ({sql}) TO '{out}' (HEADER)")
        con.close()

    def close(self):
        pass


class Postgres:
    name = "postgres"
    ext = ".csv"

    def __init__(self, tmp):
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        bindir = os.path.dirname(found[-1] if found else shutil.which("initdb") or "initdb")
        self.data = os.path.join(tmp, "pg")
        os.makedirs(self.data)
        self.user = []
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            os.chown(tmp, uid("postgres"), -1)
            os.chown(self.data, uid("postgres"), -1)
            self.user = ["runuser", "-u", "postgres", "--"]
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        self.port = str(s.getsockname()[1])
        s.close()
        run(self.user + [f"{bindir}/initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "-E", "UTF8",
                         "--locale=C.UTF-8"])
        opts = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        run(self.user + [f"{bindir}/pg_ctl", "-D", self.data, "-o", opts, "-w", "-l",
                         os.path.join(self.data, "log"), "start"])
        self.bindir = bindir

    def psql(self, *args, stdin=None):
        cmd = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", self.port, "-U", "postgres",
               "postgres"] + list(args)
        r = subprocess.run(cmd, capture_output=True, text=True, input=stdin)
        if r.returncode != 0:
            raise RuntimeError(f"psql: {r.stderr}")
        return r.stdout

    def run(self, ds, sql, out):
        t = {"text": "TEXT", "ts": "TIMESTAMP", "double": "DOUBLE PRECISION"}
        script = "DROP TABLE IF EXISTS deployments, incidents;\n"
        for table, schema, path in [("deployments", DEPLOY_SCHEMA, ds.deployments),
                                    ("incidents", INCIDENT_SCHEMA, ds.incidents)]:
            cols = ", ".join(f"{c} {t[k]}" for c, k in schema)
            script += f"CREATE TABLE {table} ({cols});\n\\copy {table} FROM '{path}' WITH (FORMAT csv, HEADER true)\n"
        self.psql(stdin=script)
        text = self.psql("-c", f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, HEADER true)")
        open(out, "w", encoding="utf-8").write(text)

    def close(self):
        subprocess.run(self.user + [f"{self.bindir}/pg_ctl", "-D", self.data, "-m", "immediate", "stop"],
                       capture_output=True)


def uid(user):
    import pwd

    return pwd.getpwnam(user).pw_uid


def spark_session():
    """One local session for every dataset: two cores, one shuffle partition, no UI."""
    from pyspark.sql import SparkSession

    # C2 as well as C1: the JIT's full compiler pays for itself within the first query's planning.
    jvm = "-XX:+UseSerialGC"
    return (SparkSession.builder.master("local[2]").appName("doralens-sql")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "1")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.adaptive.enabled", "false")
            .config("spark.driver.extraJavaOptions", jvm)
            .config("spark.sql.codegen.wholeStage", "false")
            .config("spark.sql.codegen.factoryMode", "NO_CODEGEN")
            .config("spark.driver.memory", os.environ.get("SPARK_DRIVER_MEMORY", "1g"))
            .getOrCreate())


class Spark:
    name = "spark"
    ext = ".json"

    def __init__(self, tmp):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        self.spark = spark_session()
        self.spark.sparkContext.setLogLevel("ERROR")
        self.tmp = tmp

    def schema(self, schema):
        t = {"text": "STRING", "ts": "TIMESTAMP", "double": "DOUBLE"}
        return ", ".join(f"{c} {t[k]}" for c, k in schema)

    def tables(self, ds):
        """Views of their own per dataset: datasets run side by side in the one session."""
        key = ds.name.split("-")[0]
        return f"deployments_{key}", f"incidents_{key}"

    def run(self, ds, sql, out):
        deployments, incidents = self.tables(ds)
        for table, schema, path in [(deployments, DEPLOY_SCHEMA, ds.deployments),
                                    (incidents, INCIDENT_SCHEMA, ds.incidents)]:
            # RFC 4180 quoting: a quote inside a quoted field is doubled; Spark's default escape is
            # a backslash, which would keep the doubled quotes of a team named with quotes.
            df = self.spark.read.csv(path, header=True, schema=self.schema(schema), escape='"')
            df.createOrReplaceTempView(table)
        folder = os.path.join(self.tmp, "spark-" + ds.name)
        self.spark.sql(sql).coalesce(1).write.mode("overwrite").json(folder)
        with open(out, "w", encoding="utf-8") as f:
            for part in sorted(glob.glob(os.path.join(folder, "part-*"))):
                f.write(open(part, encoding="utf-8").read())

    def close(self):
        self.spark.stop()


# Spark 3.5 analyses, optimises and plans a copy of every CTE for each reference to it (it inlines
# them), about ten seconds per statement on two cores whatever the data's size; datasets run two at
# a time. --spark-sets NAME,... runs only the datasets whose names hold one of the substrings.
SPARK_SETS = "all"

ENGINES = {"duckdb": DuckDb, "postgres": Postgres, "spark": Spark}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--engines", default="duckdb,postgres,spark")
    ap.add_argument("--bin", default=os.environ.get("DORALENS_BIN", os.path.join(ROOT, "target", "release", "doralens")))
    ap.add_argument("--only", default="")
    ap.add_argument("--spark-sets", default=os.environ.get("DORALENS_SQL_SPARK_SETS", SPARK_SETS),
                    help="datasets Spark runs (name substrings, comma separated; 'all' for every one)")
    ap.add_argument("--spark-threads", type=int, default=int(os.environ.get("DORALENS_SQL_SPARK_THREADS", "2")),
                    help="datasets Spark runs at a time in its one session")
    a = ap.parse_args()
    datasets = [Dataset(p) for p in sorted(glob.glob(os.path.join(FIXTURES, "*"))) if a.only in os.path.basename(p)]
    if not datasets:
        sys.exit(f"no datasets in {FIXTURES}")
    tmp = tempfile.mkdtemp(prefix="doralens-sql-")
    os.chmod(tmp, 0o755)
    failed = False
    try:
        core = {}
        for ds in datasets:
            path = os.path.join(tmp, ds.name + "-core.csv")
            open(path, "w", encoding="utf-8").write(run(
                [a.bin, "report", "--deploys", ds.deployments, "--incidents", ds.incidents, "--format", "rollup"]
                + ds.args))
            core[ds.name] = (path, report_json(a.bin, path, ds.name))
        for name in a.engines.split(","):
            t0 = time.time()
            engine = ENGINES[name](tmp)
            started = time.time() - t0
            todo = datasets
            if name == "spark" and a.spark_sets != "all":
                todo = [ds for ds in datasets if any(k and k in ds.name for k in a.spark_sets.split(","))]

            def check(ds):
                tables = engine.tables(ds) if hasattr(engine, "tables") else ("deployments", "incidents")
                sql = run([a.bin, "sql", "--dialect", name, "--deployments", tables[0], "--incidents", tables[1]]
                          + ds.args)
                out = os.path.join(tmp, f"{ds.name}-{name}{engine.ext}")
                try:
                    engine.run(ds, sql, out)
                    diffs = compare(core[ds.name][0], out)
                    if not diffs and report_json(a.bin, out, ds.name) != core[ds.name][1]:
                        diffs = ["doralens report --rollup gives another report"]
                except Exception as e:  # an engine's error is this dataset's failure
                    diffs = [f"error: {e}"[:2000]]
                return f"  {ds.name} ({ds.title}):\n    " + "\n    ".join(diffs[:20]) if diffs else None

            # Spark plans one statement on one thread: two datasets at a time keep both cores busy.
            workers = a.spark_threads if name == "spark" else 1
            with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
                problems = [p for p in pool.map(check, todo) if p]
            engine.close()
            took = time.time() - t0
            verdict = "equal to the core on" if not problems else "DIFFERS on some of"
            print(f"sql: {name}: {verdict} {len(todo)} of {len(datasets)} datasets in {took:.1f} s (start {started:.1f} s)")
            if problems:
                failed = True
                print("\n".join(problems))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

//! The shared plan: one `WITH … SELECT` that computes the rollup (docs/rollup.md) in the engine,
//! rule for rule as `metrics::analysis` and `metrics::report` do (docs/metrics.md). Every step is
//! a scan, an equi-join, a group or a window: links and rework are windows over one stream of
//! deployments and incidents per service or team, never a join on time ranges.

use super::SqlOptions;
use super::dialect::Dialect;
use super::tiers;
use crate::core::import::{PLAUSIBLE_MS, TEN_YEARS_MS};
use crate::core::metrics::Bucket;
use crate::core::metrics::report::{MAX_RANGE_DAYS, RECORD_DAYS};
use crate::core::model::{PRODUCTION_ENVIRONMENTS, SUCCESS_STATUSES};

/// Room for this many deployments at one millisecond in a deployment's key
/// (`deployed_ms * KEY_SPAN + rank of its id among them`): keys order as the core orders
/// deployments, by time then id, and fit a BIGINT until 2100.
const KEY_SPAN: i64 = 1_000_000;

/// The CTEs, in order.
struct With {
    ctes: Vec<(String, String)>,
}

impl With {
    fn add(&mut self, name: &str, body: String) {
        self.ctes.push((name.to_string(), body));
    }
}

fn list(d: Dialect, items: &[&str]) -> String {
    items.iter().map(|s| d.lit(s)).collect::<Vec<_>>().join(", ")
}

/// The SQL statement.
pub(super) fn statement(o: &SqlOptions, source: &str) -> String {
    let mut w = With { ctes: Vec::new() };
    inputs(&mut w, o);
    links(&mut w, o);
    classify(&mut w, o);
    calendar(&mut w, o);
    slots(&mut w, o);
    let select = rollup_select(o, source);
    let mut s = String::from("WITH\n");
    for (k, (name, body)) in w.ctes.iter().enumerate() {
        s.push_str(&format!("{name} AS (\n{}\n){}\n", body.trim_end(), if k + 1 < w.ctes.len() { "," } else { "" }));
    }
    s.push_str(&select);
    s
}

/// Names as the importers read them: trimmed; empty, `null`, `none`, `nil`, `n/a`, `?` or `-` is no value.
fn name(d: Dialect, col: &str) -> String {
    let t = format!("TRIM({})", d.as_text(col));
    format!("CASE WHEN LOWER({t}) IN ('', '?', '-', 'null', 'none', 'nil', 'n/a') THEN NULL ELSE {t} END")
}

/// A flag as the importers read it: true, yes, 1, y, t (any case); a BOOLEAN column reads as its text.
fn flag(d: Dialect, col: &str) -> String {
    format!("COALESCE(LOWER(TRIM({})) IN ('true', 'yes', '1', 'y', 't'), FALSE)", d.as_text(col))
}

fn plausible(ms: &str) -> String {
    format!("{ms} >= {} AND {ms} < {}", PLAUSIBLE_MS.0, PLAUSIBLE_MS.1)
}

/// The input tables read as the canonical importer reads rows: production successes, plausible
/// times, one deployment per id (the latest), incidents of one id merged.
fn inputs(w: &mut With, o: &SqlOptions) {
    let d = o.dialect;
    let ms = |c: &str| d.epoch_ms(c);
    w.add(
        "dep_src",
        format!(
            "SELECT TRIM({id}) AS id, {team} AS team, {service} AS service, {env} AS environment, {status} AS status,
  {deployed} AS deployed_ms, {sha} AS commit_sha, {first} AS first_commit_ms,
  {lead} AS lead_time_seconds, {failed} AS failed, LOWER({kind}) AS kind, {rework} AS rework
FROM {table}",
            id = d.as_text("id"),
            team = name(d, "team"),
            service = name(d, "service"),
            env = name(d, "environment"),
            status = name(d, "status"),
            deployed = ms("deployed_at"),
            sha = name(d, "commit_sha"),
            first = ms("first_commit_at"),
            lead = d.as_double("lead_time_seconds"),
            failed = flag(d, "failed"),
            kind = name(d, "kind"),
            rework = flag(d, "rework"),
            table = o.deployments,
        ),
    );
    w.add(
        "dep_ok",
        format!(
            "SELECT id, team, service, deployed_ms, commit_sha, kind, failed, rework,
  CASE WHEN {fc} AND deployed_ms - first_commit_ms <= {ten} THEN first_commit_ms END AS first_commit_ms,
  CASE WHEN lead_time_seconds * {thousand} > {ten_d} THEN NULL ELSE lead_time_seconds END AS lead_time_seconds,
  ROW_NUMBER() OVER (PARTITION BY id ORDER BY deployed_ms DESC) AS copy
FROM dep_src
WHERE id IS NOT NULL AND id <> '' AND deployed_ms IS NOT NULL AND {pl}
  AND (environment IS NULL OR LOWER(environment) IN ({envs}))
  AND (status IS NULL OR LOWER(status) IN ({statuses}))",
            fc = plausible("first_commit_ms"),
            ten = TEN_YEARS_MS,
            thousand = d.num(1000.0),
            ten_d = d.num(TEN_YEARS_MS as f64),
            pl = plausible("deployed_ms"),
            envs = list(d, PRODUCTION_ENVIRONMENTS),
            statuses = list(d, SUCCESS_STATUSES),
        ),
    );
    // Ids compare as the core compares them: whole numbers by value, then as text (bytes).
    let numeric = d.matches("id", "^[0-9]{1,19}$");
    w.add(
        "dep",
        format!(
            "SELECT k.*, deployed_ms * {KEY_SPAN} + ROW_NUMBER() OVER (PARTITION BY deployed_ms ORDER BY id_text, id_num, {id}) AS dkey
FROM (
  SELECT id, team, service, deployed_ms, commit_sha, kind, failed, rework, first_commit_ms, lead_time_seconds,
    COALESCE(team, service, '(none)') AS team_name,
    CASE WHEN {numeric} THEN 0 ELSE 1 END AS id_text,
    CASE WHEN {numeric} THEN CAST(id AS DECIMAL(20, 0)) END AS id_num
  FROM dep_ok WHERE copy = 1
) k",
            id = d.bytewise("id"),
        ),
    );
    w.add(
        "inc_src",
        format!(
            "SELECT TRIM({id}) AS id, {team} AS team, {service} AS service, {started} AS started_ms,
  {resolved} AS resolved_ms, {caused} AS caused_by
FROM {table}",
            id = d.as_text("id"),
            team = name(d, "team"),
            service = name(d, "service"),
            started = ms("started_at"),
            resolved = ms("resolved_at"),
            caused = name(d, "caused_by"),
            table = o.incidents,
        ),
    );
    w.add(
        "inc",
        format!(
            "SELECT id, MIN(started_ms) AS started_ms, MAX(CASE WHEN {pr} THEN resolved_ms END) AS resolved_ms,
  {team} AS team, {service} AS service, {caused} AS caused_by
FROM inc_src
WHERE id IS NOT NULL AND id <> '' AND started_ms IS NOT NULL AND {ps}
GROUP BY id",
            pr = plausible("resolved_ms"),
            ps = plausible("started_ms"),
            team = d.first_by("team", "started_ms"),
            service = d.first_by("service", "started_ms"),
            caused = d.first_by("caused_by", "started_ms"),
        ),
    );
}

/// Each incident's deployment: by id, else by sha prefix (the earliest deployment), else the
/// latest earlier deployment of its service (when one has it) or team, within the window.
fn links(w: &mut With, o: &SqlOptions) {
    let d = o.dialect;
    w.add("link_id", "SELECT i.id AS inc_id, p.dkey FROM inc i JOIN dep p ON p.id = i.caused_by".into());
    w.add(
        "sha_want",
        format!(
            "SELECT i.id AS inc_id, LOWER(i.caused_by) AS prefix, LENGTH(i.caused_by) AS plen
FROM inc i LEFT JOIN link_id l ON l.inc_id = i.id
WHERE l.inc_id IS NULL AND {}",
            d.matches("i.caused_by", "^[0-9A-Fa-f]{7,40}$")
        ),
    );
    w.add("sha_len", "SELECT DISTINCT plen FROM sha_want".into());
    // Each sha cut to each length the incidents name, as a column: the join is then on columns.
    w.add(
        "sha_cut",
        "SELECT p.dkey, n.plen, SUBSTR(LOWER(p.commit_sha), 1, n.plen) AS prefix
FROM dep p CROSS JOIN sha_len n
WHERE p.commit_sha IS NOT NULL AND LENGTH(p.commit_sha) >= n.plen"
            .into(),
    );
    w.add(
        "link_sha",
        "SELECT s.inc_id, MIN(c.dkey) AS dkey
FROM sha_want s JOIN sha_cut c ON c.plen = s.plen AND c.prefix = s.prefix
GROUP BY s.inc_id"
            .into(),
    );
    // One stream per group: deployments before incidents at the same time, the running maximum
    // of deployment keys (time, then id) is the latest deployment at or before each incident.
    let walk = |dep_grp: &str, inc_grp: &str| {
        format!(
            "SELECT inc_id, grp_deps,
  MAX(dkey) OVER (PARTITION BY grp ORDER BY t, typ, dkey ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS last_dkey
FROM (
  SELECT grp, t, typ, dkey, inc_id, COUNT(dkey) OVER (PARTITION BY grp) AS grp_deps FROM (
    SELECT {dep_grp} AS grp, deployed_ms AS t, 0 AS typ, dkey, CAST(NULL AS {txt}) AS inc_id FROM dep WHERE {dep_grp} IS NOT NULL
    UNION ALL
    SELECT {inc_grp}, started_ms, 1, CAST(NULL AS BIGINT), id FROM inc WHERE {inc_grp} IS NOT NULL
  ) u
) s",
            txt = d.text(),
        )
    };
    w.add("walk_service", walk("service", "service"));
    w.add("walk_team", walk("team_name", "team"));
    let window = match o.link_window_hours {
        Some(h) => format!("x.started_ms - p.deployed_ms <= {}", (h * 3_600_000.0) as i64),
        None => "TRUE".into(),
    };
    w.add(
        "link_inferred",
        format!(
            "SELECT x.inc_id, p.dkey, p.deployed_ms FROM (
  SELECT i.id AS inc_id, i.started_ms, CASE WHEN s.grp_deps > 0 THEN s.last_dkey ELSE t.last_dkey END AS dkey
  FROM inc i
  LEFT JOIN walk_service s ON s.inc_id = i.id
  LEFT JOIN walk_team t ON t.inc_id = i.id
) x JOIN dep p ON p.dkey = x.dkey
WHERE {window}"
        ),
    );
    w.add(
        "incl",
        format!(
            "SELECT l.id, l.service, l.started_ms, l.resolved_ms,
  COALESCE(l.team, p.team_name, l.service, '(none)') AS team_name, l.dkey,
  {day} AS day
FROM (
  SELECT i.id, i.team, i.service, i.started_ms, i.resolved_ms, COALESCE(a.dkey, b.dkey, c.dkey) AS dkey FROM inc i
  LEFT JOIN link_id a ON a.inc_id = i.id
  LEFT JOIN link_sha b ON b.inc_id = i.id
  LEFT JOIN link_inferred c ON c.inc_id = i.id
) l
LEFT JOIN dep p ON p.dkey = l.dkey",
            day = d.day_number(&d.local_date("l.started_ms", &o.tz)),
        ),
    );
}

/// Failed deployments, rework, lead-time samples and local days.
fn classify(w: &mut With, o: &SqlOptions) {
    let d = o.dialect;
    // The deployment before a rollback: of its service when it has one, else of its team.
    w.add(
        "rolled_back",
        "SELECT CASE WHEN service IS NOT NULL THEN svc_prev ELSE team_prev END AS dkey FROM (
  SELECT kind, service,
    LAG(dkey) OVER (PARTITION BY service ORDER BY dkey) AS svc_prev,
    LAG(dkey) OVER (PARTITION BY team_name ORDER BY dkey) AS team_prev
  FROM dep
) r WHERE kind IN ('rollback', 'revert')"
            .into(),
    );
    w.add(
        "failed_keys",
        "SELECT DISTINCT dkey FROM (
  SELECT dkey FROM incl WHERE dkey IS NOT NULL
  UNION ALL SELECT dkey FROM rolled_back WHERE dkey IS NOT NULL
) f"
        .into(),
    );
    // Rework during an incident [start, end): the running maximum of the ends of the intervals
    // started at or before a deployment is past it, per service and per team, in one stream (a
    // deployment without a service reads only its team's; one stream is one read of the links).
    let frame = "ORDER BY t, typ ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW";
    w.add(
        "reach",
        format!(
            "SELECT dkey,
  MAX(e) OVER (PARTITION BY service {frame}) AS reach_service,
  MAX(e_noservice) OVER (PARTITION BY team_name {frame}) AS reach_noservice,
  MAX(e) OVER (PARTITION BY team_name {frame}) AS reach_all
FROM (
  SELECT service, team_name, started_ms AS t, 0 AS typ, resolved_ms AS e,
    CASE WHEN service IS NULL THEN resolved_ms END AS e_noservice, CAST(NULL AS BIGINT) AS dkey
  FROM incl WHERE resolved_ms > started_ms
  UNION ALL SELECT service, team_name, deployed_ms, 1, CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), dkey FROM dep
) u"
        ),
    );
    let lead_s = format!(
        "CASE WHEN p.first_commit_ms IS NOT NULL THEN {} / {} ELSE p.lead_time_seconds END",
        d.as_double("p.deployed_ms - p.first_commit_ms"),
        d.num(1000.0)
    );
    w.add(
        "depl",
        format!(
            "SELECT p.dkey, p.team_name, p.service, {day} AS day,
  (p.failed OR f.dkey IS NOT NULL) AS failed,
  (p.rework OR COALESCE(p.kind IN ('hotfix', 'rollback', 'revert', 'patch', 'fix'), FALSE)
    OR CASE WHEN p.service IS NOT NULL
      THEN COALESCE(rt.reach_service > p.deployed_ms, FALSE) OR COALESCE(rt.reach_noservice > p.deployed_ms, FALSE)
      ELSE COALESCE(rt.reach_all > p.deployed_ms, FALSE) END) AS rework,
  CASE WHEN ({lead_s}) > 0 THEN ({lead_s}) / {h} END AS lead_h
FROM dep p
LEFT JOIN failed_keys f ON f.dkey = p.dkey
LEFT JOIN reach rt ON rt.dkey = p.dkey",
            day = d.day_number(&d.local_date("p.deployed_ms", &o.tz)),
            h = d.num(3600.0),
        ),
    );
    w.add(
        "incf",
        format!(
            "SELECT id, service, team_name, day, dkey,
  CASE WHEN resolved_ms IS NOT NULL AND dkey IS NOT NULL AND resolved_ms > started_ms
    THEN {} / {} END AS rec_h,
  CASE WHEN resolved_ms IS NULL THEN 1 ELSE 0 END AS open_inc,
  CASE WHEN dkey IS NULL THEN 1 ELSE 0 END AS unlinked
FROM incl",
            d.as_double("resolved_ms - started_ms"),
            d.num(3_600_000.0)
        ),
    );
}

/// The range (given, else the span of the data), the previous period, and the calendar: ISO weeks
/// and months that intersect each period, and the trend's buckets.
fn calendar(w: &mut With, o: &SqlOptions) {
    let d = o.dialect;
    let day = |v: Option<i32>| v.map_or("CAST(NULL AS BIGINT)".to_string(), |x| format!("CAST({x} AS BIGINT)"));
    let (from, to) = (day(o.from), day(o.to));
    // Local days grow with time: the span's days are those of the first and last instants.
    let span = if o.from.is_some() && o.to.is_some() {
        "SELECT CAST(NULL AS BIGINT) AS lo, CAST(NULL AS BIGINT) AS hi".to_string()
    } else {
        format!(
            "SELECT {lo} AS lo, {hi} AS hi FROM (
  SELECT LEAST(MIN(a.t0), MIN(b.t0)) AS t0, GREATEST(MAX(a.t1), MAX(b.t1)) AS t1
  FROM (SELECT MIN(deployed_ms) AS t0, MAX(deployed_ms) AS t1 FROM dep) a
  CROSS JOIN (SELECT MIN(started_ms) AS t0, MAX(started_ms) AS t1 FROM inc) b
) x",
            lo = d.day_number(&d.local_date("t0", &o.tz)),
            hi = d.day_number(&d.local_date("t1", &o.tz)),
        )
    };
    w.add("span", span);
    w.add(
        "range_",
        format!(
            "SELECT f AS from_day, t AS to_day, t - f AS len, f - (t - f) AS pfrom
FROM (
  SELECT
    CASE WHEN t - f <= {max} THEN f WHEN GREATEST(f, {r0}) < LEAST(t, {r1}) THEN GREATEST(f, {r0}) ELSE t - {max} END AS f,
    CASE WHEN t - f > {max} AND GREATEST(f, {r0}) < LEAST(t, {r1}) THEN LEAST(t, {r1}) ELSE t END AS t
  FROM (
    SELECT f, GREATEST(t, f + 1) AS t FROM (
      SELECT COALESCE({from}, lo, 0) AS f, COALESCE({to}, hi + 1, COALESCE({from}, lo, 0) + 1) AS t FROM span
    ) x
  ) y
) z",
            max = MAX_RANGE_DAYS,
            r0 = RECORD_DAYS.0,
            r1 = RECORD_DAYS.1,
        ),
    );
    let ws = |x: &str| format!("({x} - ({x} + 3) % 7)");
    let mstart = |x: &str| format!("({x} - {} + 1)", d.day_of_month(x));
    w.add(
        "cal",
        format!(
            "SELECT n, (n + 3) % 7 = 0 AS monday, {dom} = 1 AS first_of_month
FROM (SELECT {series} AS n FROM range_) c",
            dom = d.day_of_month("n"),
            series = d.series(&format!("LEAST({}, {})", ws("pfrom"), mstart("pfrom")), "to_day - 1"),
        ),
    );
    w.add(
        "periods",
        "SELECT 'summary' AS kind, from_day AS pf, to_day AS pt FROM range_
UNION ALL SELECT 'previous', pfrom, from_day FROM range_"
            .to_string(),
    );
    w.add(
        "period_weeks",
        format!(
            "SELECT p.kind, c.n AS wk FROM periods p JOIN cal c ON c.monday AND c.n >= {} AND c.n < p.pt",
            ws("p.pf")
        ),
    );
    w.add(
        "period_months",
        format!(
            "SELECT p.kind, c.n AS mo FROM periods p JOIN cal c ON c.first_of_month AND c.n >= {} AND c.n < p.pt",
            mstart("p.pf")
        ),
    );
    let (table, col) = match o.bucket {
        Bucket::Week => ("period_weeks", "wk"),
        Bucket::Month => ("period_months", "mo"),
    };
    w.add(
        "buckets",
        format!(
            "SELECT b.{col} AS start, LEAST(COALESCE(LEAD(b.{col}) OVER (ORDER BY b.{col}), r.to_day), r.to_day) - GREATEST(b.{col}, r.from_day) AS days
FROM {table} b CROSS JOIN range_ r WHERE b.kind = 'summary'"
        ),
    );
}

/// The selected records in their slots (a period or bucket of a scope), the statistics per slot.
fn slots(w: &mut With, o: &SqlOptions) {
    let d = o.dialect;
    // The filters on the columns `team_name` and `service` of the table named `x` ("" or "x.").
    let filter = |x: &str| {
        let mut c = Vec::new();
        if !o.teams.is_empty() {
            let t: Vec<&str> = o.teams.iter().map(String::as_str).collect();
            c.push(format!("{x}team_name IN ({})", list(d, &t)));
        }
        if !o.services.is_empty() {
            let s: Vec<&str> = o.services.iter().map(String::as_str).collect();
            c.push(format!("{x}service IN ({})", list(d, &s)));
        }
        if c.is_empty() { "TRUE".to_string() } else { c.join(" AND ") }
    };
    let bstart = match o.bucket {
        Bucket::Week => "(x.day - (x.day + 3) % 7)".to_string(),
        Bucket::Month => format!("(x.day - {} + 1)", d.day_of_month("x.day")),
    };
    // Each record in its summary or previous period and, in the range, its bucket; then in the
    // overall scope and in its team's.
    let place = |table: &str, cols: &str| {
        format!(
            "SELECT k.kind, s.scope, CASE WHEN s.scope = 'overall' THEN 'all' ELSE x.team_name END AS team,
  CASE k.kind WHEN 'summary' THEN r.from_day WHEN 'previous' THEN r.pfrom ELSE {bstart} END AS sfrom, x.day, {cols}
FROM (SELECT * FROM {table} WHERE {f}) x
CROSS JOIN range_ r
CROSS JOIN (SELECT 'summary' AS kind UNION ALL SELECT 'previous' UNION ALL SELECT 'bucket') k
CROSS JOIN (SELECT 'overall' AS scope UNION ALL SELECT 'team') s
WHERE (k.kind <> 'previous' AND x.day >= r.from_day AND x.day < r.to_day)
   OR (k.kind = 'previous' AND x.day >= r.pfrom AND x.day < r.from_day)",
            f = filter(""),
        )
    };
    w.add("dslot", place("depl", "x.failed, x.rework, x.lead_h"));
    w.add("islot", place("incf", "x.rec_h, x.open_inc, x.unlinked"));
    // The teams with a record in the range: read from `dep` and `incl`, not from the slots
    // (each reference to a CTE is a copy of its plan in engines that inline them, as Spark does).
    w.add(
        "scopes",
        format!(
            "SELECT 'overall' AS scope, 'all' AS team
UNION ALL SELECT DISTINCT 'team', x.team_name FROM (
  SELECT team_name, service, {day} AS day FROM dep
  UNION ALL SELECT team_name, service, day FROM incl
) x CROSS JOIN range_ r
WHERE {f} AND x.day >= r.from_day AND x.day < r.to_day",
            day = d.day_number(&d.local_date("deployed_ms", &o.tz)),
            f = filter("x."),
        ),
    );
    w.add(
        "slot",
        "SELECT s.scope, s.team, k.kind, k.sfrom FROM scopes s CROSS JOIN (
  SELECT 'summary' AS kind, from_day AS sfrom FROM range_
  UNION ALL SELECT 'previous', pfrom FROM range_
  UNION ALL SELECT 'bucket', start FROM buckets
) k"
        .into(),
    );
    let key = "kind, scope, team, sfrom";
    w.add(
        "dagg",
        format!(
            "SELECT {key}, COUNT(*) AS n, COUNT(DISTINCT day) AS deploy_days,
  SUM(CASE WHEN failed THEN 1 ELSE 0 END) AS failed, SUM(CASE WHEN rework THEN 1 ELSE 0 END) AS rework
FROM dslot GROUP BY {key}"
        ),
    );
    w.add(
        "iagg",
        format!("SELECT {key}, SUM(open_inc) AS open_inc, SUM(unlinked) AS unlinked FROM islot GROUP BY {key}"),
    );
    quantiles(
        w,
        d,
        "lead_q",
        "SELECT kind, scope, team, sfrom, lead_h AS v FROM dslot WHERE lead_h IS NOT NULL",
        &[("median", 0.5), ("p75", 0.75), ("p90", 0.9)],
    );
    quantiles(
        w,
        d,
        "rec_q",
        "SELECT kind, scope, team, sfrom, rec_h AS v FROM islot WHERE rec_h IS NOT NULL",
        &[("median", 0.5), ("p90", 0.9)],
    );
    // Distinct deploy days per ISO week (and month) intersecting the period, empty ones as 0.
    for (name, table, col, start) in [
        ("week_med", "period_weeks", "wk", "(day - (day + 3) % 7)".to_string()),
        ("month_med", "period_months", "mo", format!("(day - {} + 1)", d.day_of_month("day"))),
    ] {
        w.add(
            &format!("{name}_days"),
            format!(
                "SELECT kind, scope, team, sfrom, {start} AS unit, COUNT(DISTINCT day) AS days
FROM dslot WHERE kind <> 'bucket' GROUP BY kind, scope, team, sfrom, {start}"
            ),
        );
        quantiles(
            w,
            d,
            name,
            &format!(
                "SELECT s.kind, s.scope, s.team, s.sfrom, {} AS v
FROM slot s JOIN {table} u ON u.kind = s.kind
LEFT JOIN {name}_days c ON c.kind = s.kind AND c.scope = s.scope AND c.team = s.team AND c.sfrom = s.sfrom AND c.unit = u.{col}",
                d.as_double("COALESCE(c.days, 0)")
            ),
            &[("median", 0.5)],
        );
    }
}

/// `name`: per slot of `values` (kind, scope, team, sfrom, v), the count and the type-7 quantiles
/// `qs` as the core computes them: h = (n - 1)·p, x⌊h⌋ + (h − ⌊h⌋)·(x⌊h⌋₊₁ − x⌊h⌋).
fn quantiles(w: &mut With, d: Dialect, name: &str, values: &str, qs: &[(&str, f64)]) {
    let key = "kind, scope, team, sfrom";
    w.add(
        &format!("{name}_ranked"),
        format!(
            "SELECT {key}, v, ROW_NUMBER() OVER (PARTITION BY {key} ORDER BY v) AS rn, COUNT(*) OVER (PARTITION BY {key}) AS cnt
FROM ({values}) v"
        ),
    );
    let mut inner = Vec::new();
    let mut outer = Vec::new();
    for (q, p) in qs {
        let h = format!("{} * {}", d.as_double("cnt - 1"), d.num(*p));
        inner.push(format!(
            "MAX(CASE WHEN rn = CAST(floor({h}) AS BIGINT) + 1 THEN v END) AS {q}_a,
  MAX(CASE WHEN rn = CAST(floor({h}) AS BIGINT) + 2 THEN v END) AS {q}_b,
  MAX({h} - floor({h})) AS {q}_frac"
        ));
        outer.push(format!(
            "CASE WHEN {q}_frac = 0 OR {q}_b IS NULL THEN {q}_a ELSE {q}_a + ({q}_b - {q}_a) * {q}_frac END AS {q}"
        ));
    }
    w.add(
        name,
        format!(
            "SELECT {key}, cnt, {outer} FROM (
  SELECT {key}, MAX(cnt) AS cnt,
  {inner}
  FROM {name}_ranked GROUP BY {key}
) q",
            outer = outer.join(", "),
            inner = inner.join(",\n  "),
        ),
    );
}

/// The rollup's rows and columns (docs/rollup.md), in its order.
fn rollup_select(o: &SqlOptions, source: &str) -> String {
    let d = o.dialect;
    let b = &o.benchmark;
    let is_period = "s.kind <> 'bucket'";
    let p = |x: &str| format!("CASE WHEN {is_period} THEN {x} END");
    let n = "COALESCE(a.n, 0)";
    let days = "CASE WHEN s.kind = 'summary' THEN r.len WHEN s.kind = 'previous' THEN r.len ELSE bk.days END";
    let rate = |x: &str| {
        format!("CASE WHEN {n} > 0 THEN {} / {} END", d.as_double(&format!("COALESCE({x}, 0)")), d.as_double(n))
    };
    let cfr = rate("a.failed");
    let bucket = match o.bucket {
        Bucket::Week => "week",
        Bucket::Month => "month",
    };
    let cols: Vec<(String, String)> = vec![
        ("row".into(), "s.kind".into()),
        ("scope".into(), "s.scope".into()),
        ("team".into(), "s.team".into()),
        ("from".into(), d.date_text("s.sfrom")),
        (
            "to".into(),
            format!(
                "CASE WHEN s.kind = 'summary' THEN {} WHEN s.kind = 'previous' THEN {} END",
                d.date_text("r.to_day"),
                d.date_text("r.from_day")
            ),
        ),
        ("days".into(), format!("CAST({days} AS BIGINT)")),
        ("tz".into(), d.lit(&o.tz)),
        ("bucket".into(), d.lit(bucket)),
        ("benchmark".into(), format!("CAST({} AS BIGINT)", b.year)),
        ("deployments".into(), format!("CAST({n} AS BIGINT)")),
        ("deploy_days".into(), p("CAST(COALESCE(a.deploy_days, 0) AS BIGINT)")),
        ("deploys_per_week".into(), p(&format!("{} / ({} / {})", d.as_double(n), d.as_double("r.len"), d.num(7.0)))),
        ("median_deploy_days_per_week".into(), p("wm.median")),
        (
            "deployment_frequency_tier".into(),
            p(&tiers::frequency(d, b, n, "r.len", "wm.median", "COALESCE(mm.median, 0)")),
        ),
        ("lead_time_samples".into(), p("CAST(COALESCE(lq.cnt, 0) AS BIGINT)")),
        ("lead_time_median_hours".into(), "lq.median".into()),
        ("lead_time_p75_hours".into(), p("lq.p75")),
        ("lead_time_p90_hours".into(), p("lq.p90")),
        ("lead_time_tier".into(), p(&tiers::below(d, b.lead_time_hours, "lq.median", &format!("{n} = 0")))),
        ("failed_deployments".into(), p("CAST(COALESCE(a.failed, 0) AS BIGINT)")),
        ("change_failure_rate".into(), cfr.clone()),
        ("change_failure_rate_tier".into(), p(&tiers::change_failure(d, b, &cfr, n))),
        ("recovery_samples".into(), p("CAST(COALESCE(rq.cnt, 0) AS BIGINT)")),
        ("recovery_median_hours".into(), "rq.median".into()),
        ("recovery_p90_hours".into(), p("rq.p90")),
        ("recovery_tier".into(), p(&tiers::below(d, b.recovery_hours, "rq.median", "FALSE"))),
        ("open_incidents".into(), p("CAST(COALESCE(ia.open_inc, 0) AS BIGINT)")),
        ("unlinked_incidents".into(), p("CAST(COALESCE(ia.unlinked, 0) AS BIGINT)")),
        ("rework_deployments".into(), p("CAST(COALESCE(a.rework, 0) AS BIGINT)")),
        ("rework_rate".into(), rate("a.rework")),
        ("source".into(), d.lit(source)),
    ];
    let select: Vec<String> = cols.iter().map(|(name, e)| format!("  {e} AS {}", d.ident(name))).collect();
    let on =
        |a: &str| format!("{a}.kind = s.kind AND {a}.scope = s.scope AND {a}.team = s.team AND {a}.sfrom = s.sfrom");
    format!(
        "SELECT\n{}\nFROM slot s CROSS JOIN range_ r
LEFT JOIN buckets bk ON s.kind = 'bucket' AND bk.start = s.sfrom
LEFT JOIN dagg a ON {}
LEFT JOIN iagg ia ON {}
LEFT JOIN lead_q lq ON {}
LEFT JOIN rec_q rq ON {}
LEFT JOIN week_med wm ON {}
LEFT JOIN month_med mm ON {}
ORDER BY CASE WHEN s.scope = 'overall' THEN 0 ELSE 1 END, {}, CASE s.kind WHEN 'summary' THEN 0 WHEN 'previous' THEN 1 ELSE 2 END, s.sfrom\n",
        select.join(",\n"),
        on("a"),
        on("ia"),
        on("lq"),
        on("rq"),
        on("wm"),
        on("mm"),
        d.bytewise("s.team"),
    )
}

//! The canonical model as CSV, JSON and JSON Lines (see docs/metrics.md, "Input model").

use super::read::{self, CsvTable, LineCursor, Row};
use super::{Collector, FormatError, RecordKind};
use crate::core::import::{Bad, SkipReason};
use crate::core::model::{Commit, Deployment, Incident, parse_flag, parse_number};
use crate::core::time::{Zone, parse_timestamp};
use serde::Deserialize;
use serde_json::value::RawValue;

fn time_of(value: &str, col: Option<usize>, name: &str, zone: &Zone, required: bool) -> Result<Option<i64>, Bad> {
    match parse_timestamp(value, zone) {
        Ok(None) if required => Err(Bad {
            column: col.map(|c| c as u32 + 1),
            reason: SkipReason::MissingTime,
            detail: format!("{name} is empty"),
        }),
        Ok(t) => Ok(t),
        Err(e) => Err(Bad {
            column: col.map(|c| c as u32 + 1),
            reason: SkipReason::UnparseableTime,
            detail: format!("{name}: {e}"),
        }),
    }
}

struct DeployCols {
    id: Option<usize>,
    team: Option<usize>,
    service: Option<usize>,
    environment: Option<usize>,
    status: Option<usize>,
    deployed_at: Option<usize>,
    commit_sha: Option<usize>,
    first_commit_at: Option<usize>,
    lead_time_seconds: Option<usize>,
    failed: Option<usize>,
    kind: Option<usize>,
    rework: Option<usize>,
}

struct IncidentCols {
    id: Option<usize>,
    team: Option<usize>,
    service: Option<usize>,
    started_at: Option<usize>,
    resolved_at: Option<usize>,
    severity: Option<usize>,
    caused_by: Option<usize>,
    title: Option<usize>,
}

/// Canonical CSV: deployments when it has `deployed_at`, incidents when it has `started_at`.
pub fn csv(text: &str, c: &mut Collector) -> Result<(), FormatError> {
    let mut t = CsvTable::new(text)?;
    c.warn_repeated_headers(&t.headers);
    let is_deploys =
        t.col("deployed_at").is_some() && (t.col("started_at").is_none() || c.opts.hint != super::Hint::Incidents);
    let required = if is_deploys { ["id", "deployed_at"] } else { ["id", "started_at"] };
    for r in required {
        if t.col(r).is_none() {
            return Err(FormatError::new(
                1,
                1,
                format!("the CSV has no {r:?} column (columns: {})", t.headers.join(", ")),
            ));
        }
    }
    if is_deploys {
        c.set_kind(RecordKind::Deployments);
        c.reserve(text.len() / 100);
        let cols = DeployCols {
            id: t.col("id"),
            team: t.col("team"),
            service: t.col("service"),
            environment: t.col("environment"),
            status: t.col("status"),
            deployed_at: t.col("deployed_at"),
            commit_sha: t.col("commit_sha"),
            first_commit_at: t.col("first_commit_at"),
            lead_time_seconds: t.col("lead_time_seconds"),
            failed: t.col("failed"),
            kind: t.col("kind"),
            rework: t.col("rework"),
        };
        while let Some(row) = t.next_row() {
            match row {
                Ok(row) => csv_deployment(&row, &cols, c),
                Err((line, msg)) => {
                    c.row();
                    c.skip(line, None, SkipReason::BrokenRecord, msg);
                }
            }
        }
    } else {
        c.set_kind(RecordKind::Incidents);
        let cols = IncidentCols {
            id: t.col("id"),
            team: t.col("team"),
            service: t.col("service"),
            started_at: t.col("started_at"),
            resolved_at: t.col("resolved_at"),
            severity: t.col("severity"),
            caused_by: t.col("caused_by"),
            title: t.col_any(&["title", "summary", "description"]),
        };
        while let Some(row) = t.next_row() {
            match row {
                Ok(row) => csv_incident(&row, &cols, c),
                Err((line, msg)) => {
                    c.row();
                    c.skip(line, None, SkipReason::BrokenRecord, msg);
                }
            }
        }
    }
    Ok(())
}

/// Blank lines are not rows.
fn blank(row: &Row) -> bool {
    row.len() <= 1 && row.is_empty()
}

fn csv_deployment(row: &Row, k: &DeployCols, c: &mut Collector) {
    if blank(row) {
        return;
    }
    // The whole text was validated as UTF-8 before parsing, so every field is UTF-8 too.
    c.row();
    match deployment_from_row(row, k, c) {
        Ok(d) => c.deployment(d),
        Err(b) => c.skip(row.line, b.column, b.reason, b.detail),
    }
}

fn deployment_from_row(row: &Row, k: &DeployCols, c: &mut Collector) -> Result<Deployment, Bad> {
    let id = row.get(k.id);
    if id.is_empty() {
        return Err(Bad { column: k.id.map(|c| c as u32 + 1), reason: SkipReason::MissingId, detail: String::new() });
    }
    let zone = c.zone();
    let deployed_at = time_of(row.get(k.deployed_at), k.deployed_at, "deployed_at", zone, true)?.unwrap_or_default();
    let first_commit_at = time_of(row.get(k.first_commit_at), k.first_commit_at, "first_commit_at", zone, false)?;
    let lead_time_seconds = match row.opt(k.lead_time_seconds) {
        None => None,
        Some(v) => Some(parse_number(v).ok_or_else(|| Bad {
            column: k.lead_time_seconds.map(|c| c as u32 + 1),
            reason: SkipReason::UnparseableNumber,
            detail: format!("lead_time_seconds {v:?} is not a number"),
        })?),
    };
    let mut d = Deployment::new(id, deployed_at);
    d.team = c.names.get_in(0, row.get(k.team));
    d.service = c.names.get_in(1, row.get(k.service));
    d.environment = c.names.get_in(2, row.get(k.environment));
    d.status = c.names.get_in(3, row.get(k.status));
    d.commit_sha = row.opt(k.commit_sha).map(Into::into);
    d.first_commit_at = first_commit_at;
    d.lead_time_seconds = lead_time_seconds;
    d.failed = parse_flag(row.get(k.failed));
    d.kind = c.names.get_lower(row.get(k.kind));
    d.rework = parse_flag(row.get(k.rework));
    d.source = c.source(row.line);
    Ok(d)
}

fn csv_incident(row: &Row, k: &IncidentCols, c: &mut Collector) {
    if blank(row) {
        return;
    }
    // The whole text was validated as UTF-8 before parsing, so every field is UTF-8 too.
    c.row();
    match incident_from_row(row, k, c) {
        Ok(i) => c.incident(i),
        Err(b) => c.skip(row.line, b.column, b.reason, b.detail),
    }
}

fn incident_from_row(row: &Row, k: &IncidentCols, c: &mut Collector) -> Result<Incident, Bad> {
    let id = row.get(k.id);
    if id.is_empty() {
        return Err(Bad { column: k.id.map(|c| c as u32 + 1), reason: SkipReason::MissingId, detail: String::new() });
    }
    let zone = c.zone();
    let started_at = time_of(row.get(k.started_at), k.started_at, "started_at", zone, true)?.unwrap_or_default();
    let resolved_at = time_of(row.get(k.resolved_at), k.resolved_at, "resolved_at", zone, false)?;
    let mut i = Incident::new(id, started_at);
    i.team = c.names.get(row.get(k.team));
    i.service = c.names.get(row.get(k.service));
    i.resolved_at = resolved_at;
    i.severity = c.names.get(row.get(k.severity));
    i.caused_by = row.opt(k.caused_by).map(Into::into);
    i.title = row.opt(k.title).map(Into::into);
    i.source = c.source(row.line);
    Ok(i)
}

/// A JSON scalar that may be written as a string, a number or a bool. A number keeps its text as
/// written (`12.50` stays `12.50`, a 20-digit id keeps every digit), so an id reads the same from
/// JSON as from CSV.
#[derive(Debug)]
enum Scalar<'a> {
    Str(std::borrow::Cow<'a, str>),
    Number(&'a str),
    Bool(bool),
}

impl<'de: 'a, 'a> Deserialize<'de> for Scalar<'a> {
    /// Reads the value's raw text once (serde_json has checked it is valid JSON) and looks at its
    /// first byte; only a string with escapes is read again, to unescape it.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = <&'de RawValue>::deserialize(d)?.get();
        match raw.as_bytes().first() {
            Some(b'"') if !raw.contains('\\') => Ok(Scalar::Str(raw[1..raw.len() - 1].into())),
            Some(b'"') => {
                serde_json::from_str::<String>(raw).map(|s| Scalar::Str(s.into())).map_err(serde::de::Error::custom)
            }
            Some(b't') => Ok(Scalar::Bool(true)),
            Some(b'f') => Ok(Scalar::Bool(false)),
            Some(b'-' | b'0'..=b'9') => Ok(Scalar::Number(raw)),
            _ => Err(serde::de::Error::custom("expected a string, a number or true/false")),
        }
    }
}

impl Scalar<'_> {
    fn text(&self) -> String {
        match self {
            Scalar::Str(s) => s.to_string(),
            Scalar::Number(n) => n.to_string(),
            Scalar::Bool(b) => b.to_string(),
        }
    }
    fn flag(&self) -> bool {
        match self {
            Scalar::Bool(b) => *b,
            Scalar::Number(_) => self.number() == Some(1.0),
            Scalar::Str(s) => parse_flag(s),
        }
    }
    fn number(&self) -> Option<f64> {
        match self {
            Scalar::Number(n) => parse_number(n),
            Scalar::Str(s) => parse_number(s),
            Scalar::Bool(_) => None,
        }
    }
}

#[derive(Deserialize, Debug)]
struct JsonCommit<'a> {
    #[serde(borrow, default)]
    sha: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    committed_at: Option<Scalar<'a>>,
}

#[derive(Deserialize, Debug)]
struct JsonDeployment<'a> {
    #[serde(borrow, default)]
    id: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    team: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    service: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    environment: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    status: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    deployed_at: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    commit_sha: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    first_commit_at: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    lead_time_seconds: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    failed: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    kind: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    rework: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    commits: Option<Vec<JsonCommit<'a>>>,
}

#[derive(Deserialize, Debug)]
struct JsonIncident<'a> {
    #[serde(borrow, default)]
    id: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    team: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    service: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    started_at: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    resolved_at: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    severity: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    caused_by: Option<Scalar<'a>>,
    #[serde(borrow, default, alias = "summary")]
    title: Option<Scalar<'a>>,
}

#[derive(Deserialize)]
struct JsonFile<'a> {
    #[serde(borrow, default)]
    deployments: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    incidents: Option<Vec<&'a RawValue>>,
}

fn text(s: &Option<Scalar>) -> String {
    s.as_ref().map(Scalar::text).unwrap_or_default()
}

fn json_time(s: &Option<Scalar>, name: &str, zone: &Zone, required: bool) -> Result<Option<i64>, Bad> {
    match s {
        // Epoch seconds or milliseconds; a fraction is dropped.
        Some(Scalar::Number(n)) if n.bytes().any(|b| !b.is_ascii_digit() && b != b'-') => {
            let whole = parse_number(n).map_or(String::new(), |f| (f as i64).to_string());
            time_of(&whole, None, name, zone, required)
        }
        Some(Scalar::Number(n)) => time_of(n, None, name, zone, required),
        other => time_of(&text(other), None, name, zone, required),
    }
}

fn json_deployment(raw: &RawValue, line: u32, c: &mut Collector) -> Result<Deployment, Bad> {
    let j: JsonDeployment = serde_json::from_str(raw.get()).map_err(|e| Bad {
        column: None,
        reason: SkipReason::NotADeploymentObject,
        detail: e.to_string(),
    })?;
    let id = text(&j.id);
    if id.trim().is_empty() {
        return Err(Bad { column: None, reason: SkipReason::MissingId, detail: String::new() });
    }
    let zone = c.zone().clone();
    let deployed_at = json_time(&j.deployed_at, "deployed_at", &zone, true)?.unwrap_or_default();
    let mut d = Deployment::new(id.trim(), deployed_at);
    d.team = c.names.get(&text(&j.team));
    d.service = c.names.get(&text(&j.service));
    d.environment = c.names.get(&text(&j.environment));
    d.status = c.names.get(&text(&j.status));
    d.commit_sha = Some(text(&j.commit_sha)).filter(|s| !crate::core::time::is_missing(s)).map(|s| s.trim().into());
    d.first_commit_at = json_time(&j.first_commit_at, "first_commit_at", &zone, false)?;
    d.lead_time_seconds = match &j.lead_time_seconds {
        None => None,
        Some(Scalar::Str(s)) if crate::core::time::is_missing(s) => None,
        Some(v) => Some(v.number().filter(|x| x.is_finite()).ok_or_else(|| Bad {
            column: None,
            reason: SkipReason::UnparseableNumber,
            detail: format!("lead_time_seconds {:?} is not a number", v.text()),
        })?),
    };
    d.failed = j.failed.as_ref().is_some_and(Scalar::flag);
    d.kind = c.names.get_lower(&text(&j.kind));
    d.rework = j.rework.as_ref().is_some_and(Scalar::flag);
    for cm in j.commits.unwrap_or_default() {
        let sha = text(&cm.sha);
        let at = json_time(&cm.committed_at, "commits[].committed_at", &zone, false)?;
        d.commits.push(Commit { sha: sha.trim().into(), committed_at: at });
    }
    d.source = c.source(line);
    Ok(d)
}

fn json_incident(raw: &RawValue, line: u32, c: &mut Collector) -> Result<Incident, Bad> {
    let j: JsonIncident = serde_json::from_str(raw.get()).map_err(|e| Bad {
        column: None,
        reason: SkipReason::NotAnIncidentObject,
        detail: e.to_string(),
    })?;
    let id = text(&j.id);
    if id.trim().is_empty() {
        return Err(Bad { column: None, reason: SkipReason::MissingId, detail: String::new() });
    }
    let zone = c.zone().clone();
    let started_at = json_time(&j.started_at, "started_at", &zone, true)?.unwrap_or_default();
    let mut i = Incident::new(id.trim(), started_at);
    i.team = c.names.get(&text(&j.team));
    i.service = c.names.get(&text(&j.service));
    i.resolved_at = json_time(&j.resolved_at, "resolved_at", &zone, false)?;
    i.severity = c.names.get(&text(&j.severity));
    i.caused_by = Some(text(&j.caused_by)).filter(|s| !crate::core::time::is_missing(s)).map(|s| s.trim().into());
    i.title = Some(text(&j.title)).filter(|s| !s.trim().is_empty()).map(|s| s.trim().into());
    i.source = c.source(line);
    Ok(i)
}

enum Item {
    Deployment,
    Incident,
}

fn take(raw: &RawValue, what: Item, cur: &mut LineCursor, c: &mut Collector) {
    let (line, col) = cur.of(raw.get());
    c.row();
    let r = match what {
        Item::Deployment => json_deployment(raw, line, c).map(|d| c.deployment(d)),
        Item::Incident => json_incident(raw, line, c).map(|i| c.incident(i)),
    };
    if let Err(b) = r {
        c.skip(line, b.column.or(Some(col)), b.reason, b.detail);
    }
}

/// Canonical JSON: `{"deployments": [...], "incidents": [...]}`, or a bare array of either.
pub fn json(text: &str, c: &mut Collector) -> Result<(), FormatError> {
    let mut cur = LineCursor::new(text);
    if text.trim_start().starts_with('[') {
        let items = read::json_array(text)?;
        let mut kinds = (0, 0);
        for raw in items {
            let what = if raw.get().contains("\"started_at\"") && !raw.get().contains("\"deployed_at\"") {
                kinds.1 += 1;
                Item::Incident
            } else {
                kinds.0 += 1;
                Item::Deployment
            };
            take(raw, what, &mut cur, c);
        }
        c.set_kind(kind_of(kinds));
        return Ok(());
    }
    let file: JsonFile = read::parse_json(text)?;
    let (nd, ni) = (file.deployments.as_ref().map_or(0, Vec::len), file.incidents.as_ref().map_or(0, Vec::len));
    c.set_kind(match (nd > 0, ni > 0) {
        (true, true) => RecordKind::Mixed,
        (false, true) => RecordKind::Incidents,
        _ if file.deployments.is_none() && file.incidents.is_some() => RecordKind::Incidents,
        _ => RecordKind::Deployments,
    });
    c.reserve(nd);
    for raw in file.deployments.unwrap_or_default() {
        take(raw, Item::Deployment, &mut cur, c);
    }
    let mut cur = LineCursor::new(text);
    for raw in file.incidents.unwrap_or_default() {
        take(raw, Item::Incident, &mut cur, c);
    }
    Ok(())
}

/// JSON Lines / NDJSON: one deployment or incident object per line.
pub fn ndjson(text: &str, c: &mut Collector) -> Result<(), FormatError> {
    let mut kinds = (0, 0);
    for (line, item) in read::json_lines(text) {
        match item {
            Ok(raw) => {
                let is_incident = raw.get().contains("\"started_at\"") && !raw.get().contains("\"deployed_at\"");
                if is_incident {
                    kinds.1 += 1;
                } else {
                    kinds.0 += 1;
                }
                let mut cur = LineCursor::new(raw.get());
                let _ = cur.at(0);
                c.row();
                let r = if is_incident {
                    json_incident(raw, line, c).map(|i| c.incident(i))
                } else {
                    json_deployment(raw, line, c).map(|d| c.deployment(d))
                };
                if let Err(b) = r {
                    c.skip(line, b.column, b.reason, b.detail);
                }
            }
            Err(msg) => {
                c.row();
                c.skip(line, Some(1), SkipReason::NotValidJson, msg);
            }
        }
    }
    c.set_kind(kind_of(kinds));
    Ok(())
}

/// What a list of (deployments, incidents) holds.
fn kind_of(kinds: (usize, usize)) -> RecordKind {
    match kinds {
        (0, n) if n > 0 => RecordKind::Incidents,
        (d, n) if d > 0 && n > 0 => RecordKind::Mixed,
        _ => RecordKind::Deployments,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{FileImport, ImportOptions, import_file};
    use super::*;

    fn import(text: &str) -> FileImport {
        import_file("t", text.as_bytes(), 0, &ImportOptions::default()).unwrap()
    }

    #[test]
    fn csv_rows_are_imported_or_reported() {
        let f = import(
            "\u{feff}id,deployed_at,environment,status,team,failed,kind\r\n\
             1,2025-01-01T10:00:00Z,production,success,a,yes,HOTFIX\r\n\
             2,2025-01-02T10:00:00Z,staging,success,a,,\r\n\
             3,2025-01-03T10:00:00Z,prod,failure,a,,\r\n\
             ,2025-01-04T10:00:00Z,,,a,,\r\n\
             5,not a time,,,a,,\r\n\
             1,2025-01-05T10:00:00Z,,,a,,\r\n",
        );
        assert_eq!(f.rows_read, 6);
        assert_eq!(f.deployments.len(), 1);
        assert_eq!(f.imported() + f.skipped_total(), f.rows_read);
        let d = &f.deployments[0];
        assert_eq!((&*d.id, d.failed, d.kind.as_deref()), ("1", false, None));
        let reasons: Vec<_> = f.problems.iter().map(|p| (p.line, p.column, p.reason.text())).collect();
        assert_eq!(
            reasons,
            vec![
                (2, None, "duplicate id"),
                (3, None, "not production"),
                (4, None, "not a success"),
                (5, Some(1), "missing id"),
                (6, Some(2), "unparseable time"),
            ]
        );
    }

    #[test]
    fn a_quote_never_closed_is_reported_where_it_opens() {
        let check = |text: &str, want: (usize, usize, &str)| {
            let f = import(text);
            assert_eq!(f.imported() + f.skipped_total(), f.rows_read, "{text:?}");
            let p = f.problems.iter().find(|p| p.reason == SkipReason::BrokenRecord);
            let got =
                (f.rows_read, f.deployments.len(), p.map_or(String::new(), |p| format!("{}: {}", p.line, p.detail)));
            assert_eq!((got.0, got.1, got.2.as_str()), want, "{text:?}");
        };
        let head = "id,deployed_at\n1,2025-01-01T00:00:00Z\n";
        check(
            &format!("{head}\"2,2025-01-02T00:00:00Z\n3,2025-01-03T00:00:00Z\n4,2025-01-04T00:00:00Z\n"),
            (2, 1, "3: a quote in this record is never closed: the rest of the file was read as one value"),
        );
        check(
            &format!("{head}\"2,2025-01-02T00:00:00Z"),
            (2, 1, "3: a quote in this record is never closed: the rest of the file was read as one value"),
        );
        // Closed quotes, doubled quotes and a last record without a newline are records as usual.
        check(&format!("{head}\"2\",2025-01-02T00:00:00Z"), (2, 2, ""));
        check(&format!("{head}\"a \"\"b\"\"\nc\",2025-01-02T00:00:00Z\n"), (2, 2, ""));
    }

    #[test]
    fn semicolon_csv_and_incidents() {
        let f = import("id;started_at;resolved_at;service\nI-1;2025-01-01 10:00;2025-01-01 11:30;api\n");
        assert_eq!(f.kind, RecordKind::Incidents);
        assert_eq!(f.incidents.len(), 1);
        assert_eq!(f.incidents[0].resolved_at.unwrap() - f.incidents[0].started_at, 90 * 60 * 1000);
    }

    #[test]
    fn json_with_commits_and_positions() {
        let f = import(
            r#"{"deployments": [
  {"id": 1, "deployed_at": "2025-01-01T10:00:00Z", "commits": [{"sha": "abc1234", "committed_at": "2025-01-01T08:00:00Z"}]},
  {"id": "2", "deployed_at": "garbage"}
], "incidents": [{"id": "i1", "started_at": 1735725600, "caused_by": "1"}]}"#,
        );
        assert_eq!(f.kind, RecordKind::Mixed);
        assert_eq!(f.deployments[0].commits.len(), 1);
        assert_eq!(f.incidents[0].started_at, 1_735_725_600_000);
        assert_eq!(f.problems[0].line, 3);
        assert_eq!(f.problems[0].reason.text(), "unparseable time");
        assert_eq!(f.imported() + f.skipped_total(), f.rows_read);
    }

    /// Values may be strings, numbers or bools; a number keeps its text as written.
    #[test]
    fn json_scalars_are_read_as_written() {
        let f = import(
            r#"[{"id": 12.50, "deployed_at": 1735725600.9, "team": "a\u0062", "service": 7, "failed": 1.0, "rework": true, "lead_time_seconds": "3600"},
 {"id": 18446744073709551615, "deployed_at": "2025-01-01", "failed": "yes", "lead_time_seconds": 1.5e3},
 {"id": "x", "deployed_at": "2025-01-01", "team": {"name": "a"}},
 {"id": "y", "deployed_at": "2025-01-01", "lead_time_seconds": false}]"#,
        );
        let d = &f.deployments;
        assert_eq!((d[0].id.as_ref(), d[0].deployed_at), ("12.50", 1_735_725_600_000));
        assert_eq!((d[0].team.as_deref(), d[0].service.as_deref()), (Some("ab"), Some("7")));
        assert_eq!((d[0].failed, d[0].rework, d[0].lead_time_seconds), (true, true, Some(3600.0)));
        assert_eq!(
            (d[1].id.as_ref(), d[1].failed, d[1].lead_time_seconds),
            ("18446744073709551615", true, Some(1500.0))
        );
        assert_eq!(d.len(), 2);
        assert_eq!(
            f.problems.iter().map(|p| (p.line, p.reason.text())).collect::<Vec<_>>(),
            [(3, "not a deployment object"), (4, "unparseable number")]
        );
    }

    #[test]
    fn ndjson_lines() {
        let f = import(
            "{\"id\":\"a\",\"deployed_at\":\"2025-01-01\"}\n\n{broken\n{\"id\":\"b\",\"deployed_at\":\"2025-01-02\"}\n",
        );
        assert_eq!(f.format.id(), "canonical-ndjson");
        assert_eq!((f.rows_read, f.deployments.len()), (3, 2));
        assert_eq!(f.problems[0].line, 3);
    }
}

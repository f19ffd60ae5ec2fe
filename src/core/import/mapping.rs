//! Any other CSV, read through a column mapping: which column holds the id, the time, the team, …
//!
//! A mapping file (`--mapping FILE`, or the dashboard's mapping form, kept in the URL) is JSON:
//! `{"kind": "deployments", "columns": {"id": "Build", "deployed_at": "Finished"}, "date_format": "%d.%m.%Y %H:%M"}`.
//! Field names are the canonical ones; `date_format` is strftime-style and optional (ISO 8601 and
//! Unix times are always understood).

use crate::core::case::{is_word_char, lower};
use crate::core::time::numeric::{self, DateOrder};
use crate::core::time::pattern::{When, strptime};
use crate::core::time::{Zone, parse_timestamp};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum MappedKind {
    #[default]
    Deployments,
    Incidents,
}

/// Which CSV column feeds which canonical field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Mapping {
    #[serde(default)]
    pub kind: MappedKind,
    /// canonical field name → CSV column name
    pub columns: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_format: Option<String>,
}

pub const DEPLOYMENT_FIELDS: &[&str] = &[
    "id",
    "deployed_at",
    "team",
    "service",
    "environment",
    "status",
    "commit_sha",
    "first_commit_at",
    "lead_time_seconds",
    "failed",
    "kind",
    "rework",
];

pub const INCIDENT_FIELDS: &[&str] =
    &["id", "started_at", "resolved_at", "team", "service", "severity", "caused_by", "title"];

impl Mapping {
    /// Reads a mapping file.
    pub fn from_json(text: &str) -> Result<Mapping, String> {
        let m: Mapping = serde_json::from_str(text).map_err(|e| format!("not a valid mapping: {e}"))?;
        m.validate()?;
        Ok(m)
    }

    pub fn validate(&self) -> Result<(), String> {
        let (fields, time) = match self.kind {
            MappedKind::Deployments => (DEPLOYMENT_FIELDS, "deployed_at"),
            MappedKind::Incidents => (INCIDENT_FIELDS, "started_at"),
        };
        for k in self.columns.keys() {
            if !fields.contains(&k.as_str()) {
                return Err(format!("{k:?} is not a field of {:?} (fields: {})", self.kind, fields.join(", ")));
            }
        }
        for need in ["id", time] {
            if !self.columns.contains_key(need) {
                return Err(format!("the mapping must say which column is {need:?}"));
            }
        }
        Ok(())
    }
}

/// Parses a time with the mapping's format first, then the general rules.
pub fn parse_with_format(value: &str, format: Option<&str>, zone: &Zone) -> Result<Option<i64>, String> {
    if crate::core::time::is_missing(value) {
        return Ok(None);
    }
    if let Some(f) = format
        && let Some(when) = strptime(f, value.trim()).and_then(|t| t.when())
    {
        return Ok(Some(match when {
            When::Instant(ms) => ms,
            When::Local(local) => zone.local_to_instant(local),
            When::Day(day) => zone.day_start(day),
        }));
    }
    parse_timestamp(value, zone).map_err(|e| match format {
        Some(f) => format!("{value:?} matches neither {f:?} nor ISO 8601"),
        None => e.0,
    })
}

// ---------------------------------------------------------------------------------------------
// Proposing a mapping for a CSV nobody told us about.

/// Header spellings of each canonical field, best first (compared after lower-casing and turning
/// everything but letters and digits into `_`).
const SYNONYMS: &[(&str, &[&str])] = &[
    (
        "id",
        &[
            "id",
            "deployment_id",
            "deploy_id",
            "incident_id",
            "incident_number",
            "issue_key",
            "key",
            "number",
            "build_id",
            "build_number",
            "build",
            "run_id",
            "release_id",
            "ticket",
            "change_id",
            "reference",
            "ref",
        ],
    ),
    (
        "deployed_at",
        &[
            "deployed_at",
            "deployed",
            "deploy_time",
            "deployment_time",
            "deploy_date",
            "deployment_date",
            "released_at",
            "release_date",
            "finished_at",
            "finished",
            "completed_at",
            "completed",
            "end_time",
            "ended_at",
            "timestamp",
            "date",
            "time",
            "when",
            "created_at",
            "created",
        ],
    ),
    (
        "started_at",
        &[
            "started_at",
            "start_time",
            "start",
            "started",
            "opened_at",
            "opened",
            "detected_at",
            "detected",
            "reported_at",
            "triggered_at",
            "impact_start",
            "created_at",
            "created",
            "timestamp",
            "date",
            "time",
            "when",
        ],
    ),
    (
        "resolved_at",
        &[
            "resolved_at",
            "resolved",
            "resolution_date",
            "resolution_time",
            "closed_at",
            "closed",
            "recovered_at",
            "restored_at",
            "mitigated_at",
            "fixed_at",
            "impact_end",
            "end_time",
            "ended_at",
            "end",
        ],
    ),
    (
        "team",
        &["team", "team_name", "squad", "owning_team", "owner_team", "owner", "assignment_group", "group", "tribe"],
    ),
    (
        "service",
        &["service", "service_name", "application", "app", "component", "system", "repository", "repo", "project"],
    ),
    ("environment", &["environment", "env", "stage", "target_environment", "target"]),
    ("status", &["status", "result", "outcome", "conclusion", "state"]),
    ("commit_sha", &["commit_sha", "commit", "sha", "git_sha", "commit_id", "revision", "hash"]),
    (
        "first_commit_at",
        &["first_commit_at", "first_commit", "first_commit_time", "committed_at", "commit_time", "commit_date"],
    ),
    ("lead_time_seconds", &["lead_time_seconds", "lead_time_s", "lead_time_sec", "lead_time"]),
    ("failed", &["failed", "change_failure", "caused_failure", "is_failure", "failure"]),
    ("kind", &["kind", "deploy_type", "deployment_type", "change_type", "type", "category"]),
    ("rework", &["rework", "is_rework", "hotfix"]),
    ("severity", &["severity", "sev", "priority", "urgency", "impact"]),
    (
        "caused_by",
        &["caused_by", "cause", "root_cause", "caused_by_deployment", "deployment_id", "deployment", "change"],
    ),
    ("title", &["title", "summary", "short_description", "subject", "description", "name"]),
];

/// Date formats tried on sample values that are not ISO 8601 or Unix times. Month-first before
/// day-first for slashes (ambiguous values read the US way; a day above 12 decides).
pub(crate) const DATE_FORMATS: &[&str] = &[
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y",
    "%d %b %Y %H:%M",
    "%d %b %Y",
];

fn normalise_header(h: &str) -> String {
    let mut out = String::with_capacity(h.len());
    for ch in h.trim().chars() {
        if is_word_char(ch) {
            out.push(lower(ch));
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_string()
}

/// How well a header names a field: an exact synonym beats a synonym as a word inside the header;
/// earlier synonyms beat later ones. 0: no match.
fn header_score(header: &str, synonyms: &[&str]) -> u32 {
    let words: Vec<&str> = header.split('_').collect();
    for (rank, syn) in synonyms.iter().enumerate() {
        if header == *syn {
            return 1000 - rank as u32;
        }
    }
    for (rank, syn) in synonyms.iter().enumerate() {
        let syn_words: Vec<&str> = syn.split('_').collect();
        if words.windows(syn_words.len()).any(|w| w == syn_words.as_slice()) {
            return 500 - rank as u32;
        }
    }
    0
}

fn pattern_fits(value: &str, format: &str) -> bool {
    strptime(format, value.trim()).is_some_and(|t| t.when().is_some())
}

/// The non-empty sample values of a column.
fn samples(rows: &[Vec<String>], col: usize) -> impl Iterator<Item = &str> {
    rows.iter().filter_map(move |r| r.get(col)).map(|v| v.trim()).filter(|v| !crate::core::time::is_missing(v))
}

/// A strftime format that reads every sample of a column, when ISO 8601 / Unix times do not.
/// `Ok(None)`: the general rules read them all; `Err(())`: these are not times.
fn time_format(rows: &[Vec<String>], col: usize) -> Result<Option<&'static str>, ()> {
    let zone = Zone::utc();
    let values: Vec<&str> = samples(rows, col).collect();
    if values.iter().all(|v| parse_timestamp(v, &zone).is_ok()) {
        return Ok(None);
    }
    // Numeric dates (`05-03-2016`, `01/05/2025 10:00`): the values decide day or month first as
    // for every CSV (`time::numeric`); when they cannot, no pattern is proposed and the import
    // decides from the whole file, or the user's date format, or refuses the rows.
    let order = if values.iter().all(|v| numeric::is_numeric_date(v)) {
        match numeric::infer(values.iter().copied()) {
            numeric::Inference::Decided(order, _) => Some(order),
            _ => return Ok(None),
        }
    } else {
        None
    };
    let agrees = |f: &str| order.is_none_or(|o| DateOrder::from_user(f).is_none_or(|fo| fo == o));
    DATE_FORMATS
        .iter()
        .copied()
        .filter(|f| agrees(f))
        .find(|f| values.iter().all(|v| pattern_fits(v, f)))
        .map(Some)
        .ok_or(())
}

fn is_time_field(field: &str) -> bool {
    field.ends_with("_at")
}

/// Guesses a mapping for a CSV from its header names and a few rows: which kind of records it
/// holds, which column feeds which field, and a `date_format` when the times are written like
/// `05.01.2025 13:04` or `01/05/2025`. The result is a proposal for the user to check; it may lack
/// the id or the time when nothing fits.
pub fn propose(headers: &[String], sample_rows: &[Vec<String>]) -> Mapping {
    let norm: Vec<String> = headers.iter().map(|h| normalise_header(h)).collect();
    let signal = |words: &[&str]| norm.iter().filter(|h| words.iter().any(|w| h.contains(w))).count();
    let incident_signals =
        signal(&["incident", "resolved", "severity", "outage", "opened", "mttr", "recover", "restored", "sev"]);
    let deploy_signals = signal(&["deploy", "release", "commit", "sha", "environment", "build", "pipeline"]);
    let kind = if incident_signals > deploy_signals { MappedKind::Incidents } else { MappedKind::Deployments };
    let fields = match kind {
        MappedKind::Deployments => DEPLOYMENT_FIELDS,
        MappedKind::Incidents => INCIDENT_FIELDS,
    };
    let mut used = vec![false; headers.len()];
    let mut columns = BTreeMap::new();
    let mut formats: Vec<&'static str> = Vec::new();
    // Required fields first, then the rest in the canonical order.
    let time = if kind == MappedKind::Deployments { "deployed_at" } else { "started_at" };
    let mut order: Vec<&str> = vec!["id", time];
    order.extend(fields.iter().copied().filter(|f| *f != "id" && *f != time));
    for field in order {
        let Some((_, synonyms)) = SYNONYMS.iter().find(|(f, _)| *f == field) else { continue };
        let mut best: Option<(u32, usize, Option<&'static str>)> = None;
        for (i, h) in norm.iter().enumerate() {
            if used.get(i).copied().unwrap_or(true) {
                continue;
            }
            let score = header_score(h, synonyms);
            if score == 0 || best.is_some_and(|(s, _, _)| s >= score) {
                continue;
            }
            let mut fmt = None;
            if is_time_field(field) {
                match time_format(sample_rows, i) {
                    Ok(f) => fmt = f,
                    Err(()) => continue,
                }
            }
            best = Some((score, i, fmt));
        }
        // The time is required: without a header that says so, the first column of times.
        if best.is_none() && field == time {
            best = (0..headers.len())
                .filter(|i| !used[*i] && samples(sample_rows, *i).next().is_some())
                .find_map(|i| time_format(sample_rows, i).ok().map(|f| (1, i, f)))
                .filter(|(_, i, _)| samples(sample_rows, *i).any(|v| v.bytes().any(|b| !b.is_ascii_digit())));
        }
        if let Some((_, i, fmt)) = best {
            used[i] = true;
            columns.insert(field.to_string(), headers[i].trim().to_string());
            formats.extend(fmt);
        }
    }
    formats.dedup();
    Mapping { kind, columns, date_format: formats.first().map(|f| f.to_string()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapping_must_name_id_and_time() {
        assert!(Mapping::from_json(r#"{"columns":{"id":"x"}}"#).unwrap_err().contains("deployed_at"));
        assert!(Mapping::from_json(r#"{"columns":{"id":"x","deployed_at":"y","colour":"z"}}"#).is_err());
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn proposes_deployment_columns_and_a_date_format() {
        let headers = strings(&["Build #", "Finished", "Squad", "Env", "Result", "Git SHA", "Notes"]);
        let rows = vec![
            strings(&["101", "05.01.2025 13:04", "core", "prod", "ok", "abc1234", ""]),
            strings(&["102", "17.01.2025 09:30", "core", "prod", "ok", "def5678", "x"]),
        ];
        let m = propose(&headers, &rows);
        assert_eq!(m.kind, MappedKind::Deployments);
        let col = |f: &str| m.columns.get(f).map(String::as_str);
        assert_eq!(col("id"), Some("Build #"));
        assert_eq!(col("deployed_at"), Some("Finished"));
        assert_eq!(col("team"), Some("Squad"));
        assert_eq!(col("environment"), Some("Env"));
        assert_eq!(col("status"), Some("Result"));
        assert_eq!(col("commit_sha"), Some("Git SHA"));
        assert_eq!(m.date_format.as_deref(), Some("%d.%m.%Y %H:%M"));
        assert!(m.validate().is_ok());
        // The proposal imports the file it was made from.
        let o = super::super::ImportOptions { mapping: Some(m), ..Default::default() };
        let text = "Build #,Finished,Squad,Env,Result,Git SHA,Notes\n101,05.01.2025 13:04,core,prod,ok,abc1234,\n";
        let f = super::super::import_file("x.csv", text.as_bytes(), 0, &o).unwrap();
        assert_eq!(crate::core::time::format_instant(f.deployments[0].deployed_at), "2025-01-05T13:04:00Z");
    }

    #[test]
    fn proposes_incident_columns() {
        let headers = strings(&["Incident ID", "Opened", "Resolved", "Severity", "Service", "Summary"]);
        let rows = vec![strings(&["INC-1", "01/05/2025", "01/06/2025", "SEV2", "api", "down"])];
        let m = propose(&headers, &rows);
        assert_eq!(m.kind, MappedKind::Incidents);
        let col = |f: &str| m.columns.get(f).map(String::as_str);
        assert_eq!(
            (col("id"), col("started_at"), col("resolved_at")),
            (Some("Incident ID"), Some("Opened"), Some("Resolved"))
        );
        assert_eq!(
            (col("severity"), col("service"), col("title")),
            (Some("Severity"), Some("Service"), Some("Summary"))
        );
        // 01/05/2025 is 1 May or January 5: no value decides, so no pattern is guessed (the import
        // decides from the whole file, or the user's date format).
        assert_eq!(m.date_format, None);
        // A day above 12 makes it day-first, a second field above 12 month-first.
        let rows = vec![strings(&["INC-1", "25/05/2025", "26/05/2025", "SEV2", "api", "down"])];
        assert_eq!(propose(&headers, &rows).date_format.as_deref(), Some("%d/%m/%Y"));
        let rows = vec![strings(&["INC-1", "05/25/2025 10:30", "05/26/2025 11:00", "SEV2", "api", "down"])];
        assert_eq!(propose(&headers, &rows).date_format.as_deref(), Some("%m/%d/%Y %H:%M"));
    }

    #[test]
    fn iso_times_need_no_format_and_values_find_the_time() {
        let headers = strings(&["ref", "at", "who"]);
        let rows = vec![strings(&["r1", "2025-01-05T10:00:00Z", "ann"]), strings(&["r2", "2025-01-06 11:00", "bob"])];
        let m = propose(&headers, &rows);
        assert_eq!(m.columns.get("id").map(String::as_str), Some("ref"));
        assert_eq!(m.columns.get("deployed_at").map(String::as_str), Some("at"));
        assert_eq!(m.date_format, None);
        // No header or value that looks like a time: no time column, and the mapping says so.
        let m = propose(&strings(&["a", "b"]), &[strings(&["x", "y"])]);
        assert!(m.validate().is_err());
        assert_eq!(propose(&[], &[]).columns.len(), 0);
    }
}

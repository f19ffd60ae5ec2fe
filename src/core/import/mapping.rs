//! Any other CSV, read through a column mapping: which column holds the id, the time, the team, …
//!
//! A mapping file (`--mapping FILE`, or the dashboard's mapping form, kept in the URL) is JSON:
//! `{"kind": "deployments", "columns": {"id": "Build", "deployed_at": "Finished"}, "date_format": "%d.%m.%Y %H:%M"}`.
//! Field names are the canonical ones; `date_format` is strftime-style and optional (ISO 8601 and
//! Unix times are always understood).

use super::read::{CsvTable, Row};
use super::{Collector, FormatError, RecordKind, SkipClass};
use crate::core::model::{Deployment, Incident, parse_flag};
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
    if let Some(f) = format {
        if let Ok(tm) = jiff::fmt::strtime::parse(f, value.trim()) {
            if let Ok(ts) = tm.to_timestamp() {
                return Ok(Some(ts.as_millisecond()));
            }
            if let Ok(dt) = tm.to_datetime() {
                let local = crate::core::time::local_ms(
                    i32::from(dt.year()),
                    dt.month() as u32,
                    dt.day() as u32,
                    dt.hour() as u32,
                    dt.minute() as u32,
                    dt.second() as u32,
                );
                if let Some(l) = local {
                    return Ok(Some(zone.local_to_instant(l)));
                }
            }
            if let Ok(d) = tm.to_date() {
                let day = crate::core::time::days_from_civil(i32::from(d.year()), d.month() as u32, d.day() as u32);
                return Ok(Some(zone.day_start(day)));
            }
        }
    }
    parse_timestamp(value, zone).map_err(|e| match format {
        Some(f) => format!("{value:?} matches neither {f:?} nor ISO 8601"),
        None => e.0,
    })
}

pub fn import(text: &str, m: &Mapping, c: &mut Collector) -> Result<(), FormatError> {
    m.validate().map_err(|e| FormatError::new(1, 1, e))?;
    let mut t = CsvTable::new(text)?;
    let mut cols: BTreeMap<&str, Option<usize>> = BTreeMap::new();
    for (field, column) in &m.columns {
        let idx = t.col(column);
        if idx.is_none() {
            return Err(FormatError::new(
                1,
                1,
                format!("the mapping names column {column:?} for {field}, but the CSV has no such column (columns: {})", t.headers.join(", ")),
            ));
        }
        cols.insert(field, idx);
    }
    let col = |f: &str| cols.get(f).copied().flatten();
    c.set_kind(match m.kind {
        MappedKind::Deployments => RecordKind::Deployments,
        MappedKind::Incidents => RecordKind::Incidents,
    });
    let fmt = m.date_format.as_deref();
    while let Some(row) = t.next_row() {
        let row = match row {
            Ok(r) => r,
            Err((line, msg)) => {
                c.row();
                c.skip(line, None, SkipClass::Invalid, "broken record", msg);
                continue;
            }
        };
        if row.len() <= 1 && row.is_empty() {
            continue;
        }
        c.row();
        let r = match m.kind {
            MappedKind::Deployments => deployment(&row, &col, fmt, c).map(|d| c.deployment(d)),
            MappedKind::Incidents => incident(&row, &col, fmt, c).map(|i| c.incident(i)),
        };
        if let Err((column, reason, detail)) = r {
            c.skip(row.line, column.map(|x| x as u32 + 1), SkipClass::Invalid, reason, detail);
        }
    }
    Ok(())
}

type Bad = (Option<usize>, &'static str, String);

fn time(row: &Row, col: Option<usize>, name: &str, fmt: Option<&str>, zone: &Zone, required: bool) -> Result<Option<i64>, Bad> {
    match parse_with_format(row.get(col), fmt, zone) {
        Ok(None) if required => Err((col, "missing time", format!("{name} is empty"))),
        Ok(t) => Ok(t),
        Err(e) => Err((col, "unparseable time", format!("{name}: {e}"))),
    }
}

fn deployment(row: &Row, col: &dyn Fn(&str) -> Option<usize>, fmt: Option<&str>, c: &mut Collector) -> Result<Deployment, Bad> {
    let id = row.get(col("id"));
    if id.is_empty() {
        return Err((col("id"), "missing id", String::new()));
    }
    let zone = c.zone().clone();
    let at = time(row, col("deployed_at"), "deployed_at", fmt, &zone, true)?.unwrap_or_default();
    let mut d = Deployment::new(id, at);
    d.team = c.names.get(row.get(col("team")));
    d.service = c.names.get(row.get(col("service")));
    d.environment = c.names.get(row.get(col("environment")));
    d.status = c.names.get(row.get(col("status")));
    d.commit_sha = row.opt(col("commit_sha")).map(Into::into);
    d.first_commit_at = time(row, col("first_commit_at"), "first_commit_at", fmt, &zone, false)?;
    d.lead_time_seconds = row.opt(col("lead_time_seconds")).and_then(|v| v.parse().ok());
    d.failed = parse_flag(row.get(col("failed")));
    d.kind = c.names.get_lower(row.get(col("kind")));
    d.rework = parse_flag(row.get(col("rework")));
    d.source = c.source(row.line);
    Ok(d)
}

fn incident(row: &Row, col: &dyn Fn(&str) -> Option<usize>, fmt: Option<&str>, c: &mut Collector) -> Result<Incident, Bad> {
    let id = row.get(col("id"));
    if id.is_empty() {
        return Err((col("id"), "missing id", String::new()));
    }
    let zone = c.zone().clone();
    let at = time(row, col("started_at"), "started_at", fmt, &zone, true)?.unwrap_or_default();
    let mut i = Incident::new(id, at);
    i.resolved_at = time(row, col("resolved_at"), "resolved_at", fmt, &zone, false)?;
    i.team = c.names.get(row.get(col("team")));
    i.service = c.names.get(row.get(col("service")));
    i.severity = c.names.get(row.get(col("severity")));
    i.caused_by = row.opt(col("caused_by")).map(Into::into);
    i.title = row.opt(col("title")).map(Into::into);
    i.source = c.source(row.line);
    Ok(i)
}

#[cfg(test)]
mod tests {
    use super::super::{ImportOptions, import_file};
    use super::*;

    #[test]
    fn mapped_csv_with_a_date_format() {
        let m = Mapping::from_json(
            r#"{"kind":"deployments","columns":{"id":"Build","deployed_at":"Finished","team":"Squad"},"date_format":"%d.%m.%Y %H:%M"}"#,
        )
        .unwrap();
        let o = ImportOptions { mapping: Some(m), ..ImportOptions::default() };
        let f = import_file("x.csv", "Build;Finished;Squad\n7;05.01.2025 13:04;core\n8;tomorrow;core\n".as_bytes(), 0, &o).unwrap();
        assert_eq!(f.deployments.len(), 1);
        assert_eq!(crate::core::time::format_instant(f.deployments[0].deployed_at), "2025-01-05T13:04:00Z");
        assert_eq!((f.problems[0].line, f.problems[0].column), (3, Some(2)));
    }

    #[test]
    fn mapping_must_name_id_and_time() {
        assert!(Mapping::from_json(r#"{"columns":{"id":"x"}}"#).unwrap_err().contains("deployed_at"));
        assert!(Mapping::from_json(r#"{"columns":{"id":"x","deployed_at":"y","colour":"z"}}"#).is_err());
    }
}

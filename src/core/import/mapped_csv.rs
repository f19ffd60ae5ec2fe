//! Any CSV read through a column mapping ([`super::mapping::Mapping`]): which column is the id,
//! the time, the team, … and the date format of its times.

use super::mapping::{MappedKind, Mapping, parse_with_format};
use super::read::{CsvTable, Row};
use super::{Bad, Collector, FormatError, RecordKind, SkipReason};
use crate::core::model::{Deployment, Incident, parse_flag, parse_number};
use crate::core::time::Zone;
use std::collections::BTreeMap;

pub fn import(text: &str, m: &Mapping, c: &mut Collector) -> Result<(), FormatError> {
    m.validate().map_err(|e| FormatError::new(1, 1, e))?;
    let mut t = CsvTable::new(text)?;
    c.warn_repeated_headers(&t.headers);
    let mut cols: BTreeMap<&str, Option<usize>> = BTreeMap::new();
    for (field, column) in &m.columns {
        let idx = t.col(column);
        if idx.is_none() {
            return Err(FormatError::new(
                1,
                1,
                format!(
                    "the mapping names column {column:?} for {field}, but the CSV has no such column (columns: {})",
                    t.headers.join(", ")
                ),
            ));
        }
        cols.insert(field, idx);
    }
    let col = |f: &str| cols.get(f).copied().flatten();
    c.set_kind(match m.kind {
        MappedKind::Deployments => RecordKind::Deployments,
        MappedKind::Incidents => RecordKind::Incidents,
    });
    // A strftime pattern is used as given; `dd-mm-yyyy` says only the order of numeric dates, which
    // the file's values decide first (see `super::dates`).
    let pattern = m.date_format.as_deref().filter(|f| f.contains('%'));
    let times = Times { pattern, dates: super::dates::reading(text, c) };
    let fmt = &times;
    while let Some(row) = t.next_row() {
        let row = match row {
            Ok(r) => r,
            Err((line, msg)) => {
                c.row();
                c.skip(line, None, SkipReason::BrokenRecord, msg);
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
        if let Err(b) = r {
            c.skip(row.line, b.column, b.reason, b.detail);
        }
    }
    Ok(())
}

/// The 1-based field number of a column.
fn field(col: Option<usize>) -> Option<u32> {
    col.map(|x| x as u32 + 1)
}

/// How a mapped file's times are read.
struct Times<'a> {
    pattern: Option<&'a str>,
    dates: super::dates::DateReading,
}

fn time(
    row: &Row,
    col: Option<usize>,
    name: &str,
    fmt: &Times,
    zone: &Zone,
    required: bool,
) -> Result<Option<i64>, Bad> {
    let value = row.get(col);
    if fmt.pattern.is_none() {
        match super::dates::read_numeric(value, name, fmt.dates, zone) {
            Ok(Some(ms)) => return Ok(Some(ms)),
            Ok(None) => {}
            Err(b) => return Err(b.at(field(col))),
        }
    }
    match parse_with_format(value, fmt.pattern, zone) {
        Ok(None) if required => Err(Bad::new(SkipReason::MissingTime, format!("{name} is empty")).at(field(col))),
        Ok(t) => Ok(t),
        Err(e) => Err(Bad::new(SkipReason::UnparseableTime, format!("{name}: {e}")).at(field(col))),
    }
}

fn deployment(
    row: &Row,
    col: &dyn Fn(&str) -> Option<usize>,
    fmt: &Times,
    c: &mut Collector,
) -> Result<Deployment, Bad> {
    let id = row.get(col("id"));
    if id.is_empty() {
        return Err(Bad::new(SkipReason::MissingId, String::new()).at(field(col("id"))));
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
    d.lead_time_seconds = row.opt(col("lead_time_seconds")).and_then(parse_number);
    d.failed = parse_flag(row.get(col("failed")));
    d.kind = c.names.get_lower(row.get(col("kind")));
    d.rework = parse_flag(row.get(col("rework")));
    d.source = c.source(row.line);
    Ok(d)
}

fn incident(row: &Row, col: &dyn Fn(&str) -> Option<usize>, fmt: &Times, c: &mut Collector) -> Result<Incident, Bad> {
    let id = row.get(col("id"));
    if id.is_empty() {
        return Err(Bad::new(SkipReason::MissingId, String::new()).at(field(col("id"))));
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
        let f =
            import_file("x.csv", "Build;Finished;Squad\n7;05.01.2025 13:04;core\n8;tomorrow;core\n".as_bytes(), 0, &o)
                .unwrap();
        assert_eq!(f.deployments.len(), 1);
        assert_eq!(crate::core::time::format_instant(f.deployments[0].deployed_at), "2025-01-05T13:04:00Z");
        assert_eq!((f.problems[0].line, f.problems[0].column), (3, Some(2)));
    }
}

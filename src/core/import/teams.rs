//! Teams mapping files: which team a service, repository, PagerDuty service or assignment group belongs to.
//!
//! CSV: two columns, the first a name (`service`, `repository`, `name`, …) and the second `team`.
//! JSON: `{"api": "payments"}`, `{"teams": {"payments": ["api", "billing"]}}`, or `[{"service": "api", "team": "payments"}]`.

use super::read::{self, CsvTable, LineCursor};
use super::sniff::Sniff;
use super::{Collector, FormatError};
use crate::core::import::SkipReason;
use serde_json::Value;

const NAME_COLUMNS: &[&str] =
    &["service", "repository", "repo", "name", "component", "pagerduty_service", "assignment_group", "source", "from"];

pub fn looks_like_csv(s: &Sniff) -> bool {
    (s.headers.len() == 2 && s.header("team") && NAME_COLUMNS.iter().any(|n| s.header(n)))
        || is_devlake_project_mapping(s)
}

/// DevLake's `project_mapping` table (`project_name,table,row_id`): the project is the team of the
/// scope (`row_id`: a repository, board or CI/CD scope id) its row names.
pub fn is_devlake_project_mapping(s: &Sniff) -> bool {
    s.header("project_name") && s.header("row_id") && s.headers.len() <= 3
}

/// Keys a mapping's items may carry beside the name and the team.
const NOTES: &[&str] = &["note", "notes", "comment", "description"];

/// A teams mapping in JSON, strictly: `{"name": "team", …}` (every value a name),
/// `{"teams": {"team": ["name", …]}}` or `{"teams": {"name": "team"}}` (nothing else beside it), or
/// an array of objects with a `team` name, a name column and nothing but notes beside them. Anything else,
/// such as an export of an incident tool with a `teams` field, is not a teams mapping.
pub fn looks_like_json(s: &Sniff) -> bool {
    // A mapping is small and read whole: the head is all of it.
    if s.head.len() >= 64 * 1024 {
        return false;
    }
    let Ok(v) = serde_json::from_str::<Value>(s.head) else { return false };
    let name = |v: &Value| matches!(v, Value::String(x) if !x.trim().is_empty());
    let names = |v: &Value| match v {
        Value::String(_) => name(v),
        Value::Array(items) => items.iter().all(name),
        _ => false,
    };
    match &v {
        Value::Object(m) if m.len() == 1 && m.contains_key("teams") => match m.get("teams") {
            Some(Value::Object(t)) => !t.is_empty() && t.values().all(names),
            _ => false,
        },
        Value::Object(m) => !m.is_empty() && m.values().all(name),
        Value::Array(items) => {
            !items.is_empty()
                && items.iter().all(|it| match it {
                    Value::Object(o) => {
                        o.get("team").is_some_and(name)
                            && NAME_COLUMNS.iter().any(|n| o.get(*n).is_some_and(name))
                            && o.keys().all(|k| {
                                k == "team" || NAME_COLUMNS.contains(&k.as_str()) || NOTES.contains(&k.as_str())
                            })
                    }
                    _ => false,
                })
        }
        _ => false,
    }
}

pub fn csv(text: &str, c: &mut Collector) -> Result<(), FormatError> {
    let mut t = CsvTable::new(text)?;
    c.warn_repeated_headers(&t.headers);
    let (team, from) = match (t.col("team"), t.col("project_name"), t.col("row_id")) {
        (Some(team), ..) => (team, t.col_any(NAME_COLUMNS).unwrap_or(if team == 0 { 1 } else { 0 })),
        (None, Some(project), Some(row)) => (project, row),
        _ => return Err(FormatError::new(1, 1, "a teams mapping needs a \"team\" column")),
    };
    while let Some(row) = t.next_row() {
        match row {
            Ok(row) => {
                if row.is_empty() {
                    continue;
                }
                c.row();
                let (name, team_name) = (row.get(Some(from)), row.get(Some(team)));
                if name.is_empty() || team_name.is_empty() {
                    c.skip(
                        row.line,
                        Some(if name.is_empty() { from } else { team } as u32 + 1),
                        SkipReason::MissingName,
                        String::new(),
                    );
                } else {
                    c.team_row(name, team_name);
                }
            }
            Err((line, msg)) => {
                c.row();
                c.skip(line, None, SkipReason::BrokenRecord, msg);
            }
        }
    }
    Ok(())
}

pub fn json(text: &str, c: &mut Collector) -> Result<(), FormatError> {
    let v: Value = read::parse_json(text)?;
    let mut cur = LineCursor::new(text);
    let _ = &mut cur;
    let root = v.get("teams").cloned().unwrap_or(v);
    match root {
        Value::Object(map) => {
            for (k, val) in map {
                match val {
                    Value::String(team) => {
                        c.row();
                        c.team_row(&k, &team);
                    }
                    // {"team": ["service", ...]}
                    Value::Array(items) => {
                        for it in items {
                            c.row();
                            match read::json_str(Some(&it)) {
                                Some(name) => c.team_row(&name, &k),
                                None => c.skip(0, None, SkipReason::MissingName, format!("team {k:?}")),
                            }
                        }
                    }
                    _ => {
                        c.row();
                        c.skip(0, None, SkipReason::NotAName, format!("key {k:?}"));
                    }
                }
            }
        }
        Value::Array(items) => {
            for (i, it) in items.iter().enumerate() {
                c.row();
                let team = read::json_str(it.get("team"));
                let name = NAME_COLUMNS.iter().find_map(|n| read::json_str(it.get(*n)));
                match (name, team) {
                    (Some(n), Some(t)) => c.team_row(&n, &t),
                    _ => c.skip(0, None, SkipReason::MissingName, format!("item {}", i + 1)),
                }
            }
        }
        _ => return Err(FormatError::new(1, 1, "a teams mapping must be an object or an array")),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::{ImportOptions, import_file};

    #[test]
    fn teams_files() {
        let o = ImportOptions::default();
        let f = import_file("t.csv", b"service,team\napi,Payments\nweb,\n", 0, &o).unwrap();
        assert_eq!((f.rows_read, f.team_rows, f.skipped_total()), (2, 1, 1));
        assert_eq!(f.teams.lookup("API").map(|t| &**t), Some("Payments"));
        let f = import_file("t.json", br#"{"teams": {"Payments": ["api", "billing"]}}"#, 0, &o).unwrap();
        assert_eq!(f.teams.lookup("billing").map(|t| &**t), Some("Payments"));
    }

    /// Only the three mapping shapes are teams files; JSON that merely names teams is not.
    #[test]
    fn the_teams_json_shape_is_strict() {
        use super::super::sniff::sniff;
        for (text, want) in [
            (r#"{"api": "payments", "web": "growth"}"#, true),
            (r#"{"teams": {"payments": ["api", "billing"], "growth": "web"}}"#, true),
            (r#"[{"service": "api", "team": "payments"}, {"repository": "web", "team": "growth", "note": "x"}]"#, true),
            (r#"{"teams": {"payments": ["api"]}, "data": []}"#, false),
            (r#"{"api": "payments", "count": 3}"#, false),
            (r#"{"data": [{"id": "1", "fields": {"teams": {"value": null}}}]}"#, false),
            (
                r#"[{"id": 1, "name": "db down", "team": "sre", "status": "resolved", "created_at": "2025-01-01"}]"#,
                false,
            ),
            (r#"[{"team": "payments"}]"#, false),
            ("{}", false),
            ("[]", false),
        ] {
            assert_eq!(super::looks_like_json(&sniff(text)), want, "{text}");
        }
    }
}

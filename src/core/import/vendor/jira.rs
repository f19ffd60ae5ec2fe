//! Jira issues: the CSV export (Filters → Export → CSV) and the REST search response
//! (`GET /rest/api/3/search` or `/search/jql`). Issues of type Incident (or the types/labels the user
//! names) are incidents; the rest are skipped by rule.

use super::{
    Bad, emit_incident, is_array, json_text, json_values, label, raw_items, raw_member, raw_members, required, s,
    short, time_str, tree,
};
use crate::core::case::lowercase;
use crate::core::import::SkipReason;
use crate::core::import::read::{CsvTable, LineCursor, Row};
use crate::core::import::{Collector, FormatError};
use crate::core::model::Incident;
use crate::core::time::pattern::MONTHS;
use crate::core::time::{Zone, is_missing, local_ms};
use serde_json::Value;
use std::collections::BTreeMap;

/// Month names Jira writes in other languages (its dates follow the user's locale): German,
/// French, Spanish, Portuguese, Italian and Dutch abbreviations and short names, old and CLDR
/// spellings. No spelling means two months.
const LOCAL_MONTHS: &[(&str, u32)] = &[
    ("janv", 1),
    ("ene", 1),
    ("gen", 1),
    ("févr", 2),
    ("fev", 2),
    ("mär", 3),
    ("märz", 3),
    ("mrz", 3),
    ("mars", 3),
    ("mrt", 3),
    ("avr", 4),
    ("abr", 4),
    ("mai", 5),
    ("mag", 5),
    ("mei", 5),
    ("juni", 6),
    ("juin", 6),
    ("giu", 6),
    ("juli", 7),
    ("juil", 7),
    ("lug", 7),
    ("août", 8),
    ("ago", 8),
    ("set", 9),
    ("okt", 10),
    ("ott", 10),
    ("out", 10),
    ("dez", 12),
    ("déc", 12),
    ("dic", 12),
];

fn month(name: &str) -> Option<u32> {
    let n = lowercase(name.trim().trim_end_matches('.'));
    if n.chars().count() < 3 {
        return None;
    }
    // English: the name, its first three letters, or "sept".
    MONTHS
        .iter()
        .position(|long| n == *long || n == long[..3] || (n == "sept" && long.starts_with("sep")))
        .map(|i| i as u32 + 1)
        .or_else(|| LOCAL_MONTHS.iter().find(|(local, _)| *local == n).map(|&(_, m)| m))
}

/// Jira's day-first dates with a month name: `22/Dec/25 2:38 PM`, `22/Dec/2025 14:38`,
/// `22-Dec-2025 14:38:05`, `22/Dec/25` (local time in `zone`).
pub fn day_month_name(t: &str, zone: &Zone) -> Option<i64> {
    let t = t.trim();
    let (date, time) = match t.split_once(' ') {
        Some((d, rest)) => (d, rest.trim()),
        None => (t, ""),
    };
    // `22/Dec/25`, `22-Dec-2025`, `22.Dez.2025`; a month may end in a dot (`22/janv./25`).
    let sep = ['/', '-', '.'].into_iter().find(|&c| date.contains(c))?;
    let mut parts = date.split(sep);
    let d: u32 = parts.next().filter(|p| p.len() <= 2)?.parse().ok()?;
    let mo = month(parts.next()?)?;
    let ys = parts.next()?;
    if parts.next().is_some() || !ys.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i32 = ys.parse().ok()?;
    let y = match ys.len() {
        2 if y < 70 => 2000 + y,
        2 => 1900 + y,
        4 => y,
        _ => return None,
    };
    let (h, mi, sec) = if time.is_empty() {
        (0, 0, 0)
    } else {
        let upper = time.to_ascii_uppercase();
        let (clock, pm) = match (upper.strip_suffix("AM"), upper.strip_suffix("PM")) {
            (Some(x), _) => (x.trim(), Some(false)),
            (_, Some(x)) => (x.trim(), Some(true)),
            _ => (upper.as_str(), None),
        };
        let mut it = clock.split(':');
        let digits = |x: &str| {
            if !x.is_empty() && x.len() <= 2 && x.bytes().all(|b| b.is_ascii_digit()) {
                x.parse::<u32>().ok()
            } else {
                None
            }
        };
        let h = digits(it.next()?)?;
        let mi = digits(it.next()?)?;
        let sec = match it.next() {
            Some(x) => digits(x)?,
            None => 0,
        };
        if it.next().is_some() {
            return None;
        }
        let h = match pm {
            Some(pm) if (1..=12).contains(&h) => h % 12 + if pm { 12 } else { 0 },
            Some(_) => return None,
            None => h,
        };
        (h, mi, sec)
    };
    Some(zone.local_to_instant(local_ms(y, mo, d, h, mi, sec)?))
}

/// A Jira time: the month-name forms above, or ISO 8601 (`2025-12-22 14:38`, `2025-12-22T14:38:00.000+0100`).
pub(crate) fn jira_time(value: &str, field: &str, zone: &Zone) -> Result<Option<i64>, Bad> {
    if is_missing(value) {
        return Ok(None);
    }
    match day_month_name(value, zone) {
        Some(ms) => Ok(Some(ms)),
        None => time_str(value, field, zone),
    }
}

/// Which issues are incidents.
struct Filter {
    names: Vec<String>,
    by_label: bool,
}

impl Filter {
    fn new(c: &Collector) -> Filter {
        let names: Vec<String> =
            c.opts.jira_incident_types.iter().map(|t| lowercase(t.trim())).filter(|t| !t.is_empty()).collect();
        if names.is_empty() {
            Filter { names: vec!["incident".into()], by_label: false }
        } else {
            Filter { names, by_label: true }
        }
    }

    fn check(&self, issue_type: &str, labels: &[String]) -> Result<(), Bad> {
        let hit = |x: &str| self.names.iter().any(|n| x.trim().eq_ignore_ascii_case(n));
        if hit(issue_type) || (self.by_label && labels.iter().any(|l| hit(l))) {
            Ok(())
        } else {
            Err(Bad::new(SkipReason::NotAnIncidentType, format!("issue type {issue_type:?}")))
        }
    }
}

struct Cols {
    key: Option<usize>,
    kind: Option<usize>,
    created: Option<usize>,
    resolved: Option<usize>,
    summary: Option<usize>,
    priority: Option<usize>,
    severity: Option<usize>,
    team: Option<usize>,
    components: Vec<usize>,
    labels: Vec<usize>,
}

/// The Jira CSV export: repeated columns (`Labels,Labels`, `Component/s,Component/s`), dates like
/// `22/Dec/25 2:38 PM` in the exporting user's zone, multi-line quoted descriptions.
pub fn csv(text: &str, c: &mut Collector) -> Result<(), FormatError> {
    let mut t = CsvTable::new(text)?;
    let header = |names: &[&str]| t.headers.iter().position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n)));
    let mut components = t.cols("Component/s");
    components.extend(t.cols("Components"));
    components.extend(t.cols("Component"));
    let cols = Cols {
        key: header(&["Issue key", "Key"]),
        kind: header(&["Issue Type", "IssueType", "Type"]),
        created: header(&["Created"]),
        resolved: header(&["Resolved", "Resolution Date", "Resolutiondate"]),
        summary: header(&["Summary"]),
        priority: header(&["Priority"]),
        severity: header(&["Custom field (Severity)", "Severity"]),
        team: header(&["Team", "Custom field (Team)", "Team[Team]", "Custom field (Team Name)", "Team Name"]),
        components,
        labels: t.cols("Labels"),
    };
    if cols.key.is_none() {
        return Err(FormatError::new(
            1,
            1,
            format!("the CSV has no \"Issue key\" column (columns: {})", t.headers.join(", ")),
        ));
    }
    let filter = Filter::new(c);
    while let Some(row) = t.next_row() {
        match row {
            Ok(row) => {
                if row.len() <= 1 && row.is_empty() {
                    continue;
                }
                let res = csv_issue(&row, &cols, &filter, c);
                emit_incident(c, row.line, None, res);
            }
            Err((line, msg)) => {
                c.row();
                c.skip(line, None, SkipReason::BrokenRecord, msg);
            }
        }
    }
    Ok(())
}

fn csv_issue(row: &Row, k: &Cols, filter: &Filter, c: &mut Collector) -> Result<Incident, Bad> {
    let col1 = |i: Option<usize>| i.map(|x| x as u32 + 1);
    let labels: Vec<String> =
        k.labels.iter().map(|&i| row.get(Some(i))).filter(|l| !l.is_empty()).map(str::to_string).collect();
    filter.check(row.get(k.kind), &labels)?;
    let id = row.opt(k.key).ok_or_else(|| Bad::new(SkipReason::MissingId, "Issue key is empty").at(col1(k.key)))?;
    let zone = c.zone().clone();
    let start = jira_time(row.get(k.created), "Created", &zone)
        .and_then(|t| required(t, "Created"))
        .map_err(|b| b.at(col1(k.created)))?;
    let end = jira_time(row.get(k.resolved), "Resolved", &zone).map_err(|b| b.at(col1(k.resolved)))?;
    let component = k.components.iter().map(|&i| row.get(Some(i))).find(|x| !is_missing(x));
    let mut i = Incident::new(id, start);
    i.resolved_at = end;
    i.title = row.opt(k.summary).map(Into::into);
    i.severity = row.opt(k.severity).or(row.opt(k.priority)).and_then(|x| c.names.get(x));
    i.service = component.and_then(|x| c.names.get(x));
    i.team = row.opt(k.team).and_then(|x| c.names.get(x)).or_else(|| i.service.clone());
    Ok(i)
}

/// The REST search response: `{"issues": [{"key", "fields": {...}}], "startAt", "total"}` pages
/// (or `nextPageToken` pages), back to back. With `expand=names`, a custom field named "Team" or
/// "Severity" is read too.
pub fn json(text: &str, c: &mut Collector) -> Result<(), FormatError> {
    let filter = Filter::new(c);
    let mut cur = LineCursor::new(text);
    let mut found = false;
    for v in json_values(text)? {
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        let items = if is_array(v) {
            raw_items(v)
        } else {
            let m = raw_members(v);
            if let Some(n) = raw_member(&m, "names")
                && let Ok(map) = serde_json::from_str::<BTreeMap<String, Value>>(n.get())
            {
                // Inserted one by one: `collect` into a map would ship another copy of the standard sort.
                for (k, v) in map {
                    if let Value::String(s) = v {
                        names.insert(k, s);
                    }
                }
            }
            if let Some(list) = raw_member(&m, "issues") {
                raw_items(list)
            } else if raw_member(&m, "fields").is_some() {
                vec![v]
            } else {
                let (line, col) = cur.of(v.get());
                c.row();
                let msg = raw_member(&m, "errorMessages").map_or_else(|| short(v.get()), |e| short(e.get()));
                c.skip(line, Some(col), SkipReason::NotAPageOfIssues, msg);
                continue;
            }
        };
        found = true;
        let field_named = |want: &str| names.iter().find(|(_, n)| n.eq_ignore_ascii_case(want)).map(|(k, _)| k.clone());
        let (team_field, severity_field) = (field_named("team"), field_named("severity"));
        for raw in items {
            let (line, col) = cur.of(raw.get());
            let t = tree(raw);
            let r = json_issue(&t, &filter, team_field.as_deref(), severity_field.as_deref(), c);
            emit_incident(c, line, Some(col), r);
        }
    }
    if !found {
        return Err(FormatError::new(1, 1, "no Jira issues found (expected the search response with an issues array)"));
    }
    Ok(())
}

fn json_issue(
    t: &Value,
    filter: &Filter,
    team: Option<&str>,
    severity: Option<&str>,
    c: &mut Collector,
) -> Result<Incident, Bad> {
    let Some(f) = t.get("fields").filter(|f| f.is_object()) else {
        return Err(Bad::new(SkipReason::NotAnIssue, json_text(t)));
    };
    let labels: Vec<String> = match f.get("labels") {
        Some(Value::Array(l)) => l.iter().filter_map(|x| label(Some(x))).collect(),
        _ => Vec::new(),
    };
    if f.get("issuetype").is_none() && filter.check("", &labels).is_err() {
        return Err(Bad::new(
            SkipReason::NotAnIncidentType,
            "the issue has no issuetype field (request fields=issuetype,… or name the labels with --jira-types)",
        ));
    }
    filter.check(&label(f.get("issuetype")).unwrap_or_default(), &labels)?;
    let id = s(t, &["key"])
        .or_else(|| s(t, &["id"]))
        .ok_or_else(|| Bad::new(SkipReason::MissingId, "the issue has no key"))?;
    let zone = c.zone().clone();
    let start =
        required(jira_time(&label(f.get("created")).unwrap_or_default(), "fields.created", &zone)?, "fields.created")?;
    let mut end = jira_time(&label(f.get("resolutiondate")).unwrap_or_default(), "fields.resolutiondate", &zone)?;
    if end.is_none() {
        end = changelog_resolution(t, f, &zone)?;
    }
    let component = match f.get("components") {
        Some(Value::Array(cs)) => cs.iter().find_map(|x| label(Some(x))),
        _ => None,
    };
    let custom = |k: Option<&str>| {
        k.and_then(|k| match f.get(k) {
            Some(Value::Array(items)) => items.iter().find_map(|x| label(Some(x))),
            other => label(other),
        })
    };
    let mut i = Incident::new(id, start);
    i.resolved_at = end;
    i.title = s(f, &["summary"]).map(Into::into);
    i.severity = custom(severity).or_else(|| label(f.get("priority"))).and_then(|x| c.names.get(&x));
    i.service = component.and_then(|x| c.names.get(&x));
    i.team = custom(team).and_then(|x| c.names.get(&x)).or_else(|| i.service.clone());
    Ok(i)
}

/// Status names that are done in Jira's default workflows, besides the issue's own status when it
/// is in the done category.
const DONE_NAMES: &[&str] = &["done", "resolved", "closed", "fixed", "complete", "completed"];

/// The resolution from an expanded changelog, when `resolutiondate` is empty: only for an issue whose
/// status is in the done category now, the time of the last transition into a done status from a
/// status that is not done (a reopened and re-closed issue resolves at its last closing).
fn changelog_resolution(t: &Value, f: &Value, zone: &Zone) -> Result<Option<i64>, Bad> {
    let current = s(f, &["status", "name"]).map(|n| lowercase(&n));
    let done_now = s(f, &["status", "statusCategory", "key"]).is_some_and(|k| k.eq_ignore_ascii_case("done"));
    let (Some(current), true) = (current, done_now) else { return Ok(None) };
    let Some(Value::Array(histories)) = t.get("changelog").and_then(|c| c.get("histories")) else { return Ok(None) };
    let is_done = |name: Option<String>| {
        name.is_some_and(|n| {
            let n = lowercase(n.trim());
            n == current || DONE_NAMES.contains(&n.as_str())
        })
    };
    let mut moves: Vec<(i64, bool, bool)> = Vec::new();
    for h in histories {
        let Some(Value::Array(items)) = h.get("items") else { continue };
        for it in items.iter().filter(|it| s(it, &["field"]).is_some_and(|x| x.eq_ignore_ascii_case("status"))) {
            let Some(at) = jira_time(&label(h.get("created")).unwrap_or_default(), "changelog.created", zone)? else {
                continue;
            };
            moves.push((at, is_done(s(it, &["fromString"])), is_done(s(it, &["toString"]))));
        }
    }
    crate::core::sort::sort_by(&mut moves, |a, b| a.0.cmp(&b.0));
    let mut resolved = None;
    for (at, from_done, to_done) in moves {
        if to_done && !from_done {
            resolved = Some(at);
        } else if !to_done {
            resolved = None;
        }
    }
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::time::format_instant;

    #[test]
    fn jira_dates() {
        let z = Zone::utc();
        let t = |s: &str| day_month_name(s, &z).map(format_instant);
        assert_eq!(t("22/Dec/25 2:38 PM").as_deref(), Some("2025-12-22T14:38:00Z"));
        assert_eq!(t("22/Dec/25 12:05 AM").as_deref(), Some("2025-12-22T00:05:00Z"));
        assert_eq!(t("1/jan/2025 14:38").as_deref(), Some("2025-01-01T14:38:00Z"));
        assert_eq!(t("01-Sept-2025 09:00:30").as_deref(), Some("2025-09-01T09:00:30Z"));
        assert_eq!(t("22/Dec/25").as_deref(), Some("2025-12-22T00:00:00Z"));
        // Jira writes month names in the user's language.
        for (date, want) in [
            ("22/Dez/25 14:38", "2025-12-22T14:38:00Z"),
            ("03/März/25 09:00", "2025-03-03T09:00:00Z"),
            ("03/Mär/25 09:00", "2025-03-03T09:00:00Z"),
            ("15/janv./25 08:15", "2025-01-15T08:15:00Z"),
            ("15/févr./2025 08:15", "2025-02-15T08:15:00Z"),
            ("01/août/25 10:00", "2025-08-01T10:00:00Z"),
            ("02/ene/25 10:00", "2025-01-02T10:00:00Z"),
            ("02/dic./25 10:00", "2025-12-02T10:00:00Z"),
            ("02/out/25 10:00", "2025-10-02T10:00:00Z"),
            ("02/set/25 10:00", "2025-09-02T10:00:00Z"),
            ("02/mag/25 10:00", "2025-05-02T10:00:00Z"),
            ("02/mrt/25 10:00", "2025-03-02T10:00:00Z"),
            ("02/MEI/25 10:00", "2025-05-02T10:00:00Z"),
        ] {
            assert_eq!(t(date).as_deref(), Some(want), "{date}");
        }
        for bad in ["31/Feb/25 1:00 PM", "22/Foo/25 1:00", "22/Dec/25 13:00 PM", "22/Dec/25 25:00", "2025-12-22 14:38"]
        {
            assert_eq!(t(bad), None, "{bad}");
        }
        let berlin = Zone::named("Europe/Berlin").unwrap();
        assert_eq!(
            jira_time("22/Dec/2025 14:38", "c", &berlin).unwrap().map(format_instant).as_deref(),
            Some("2025-12-22T13:38:00Z")
        );
        assert_eq!(
            jira_time("2025-12-22 14:38", "c", &z).unwrap().map(format_instant).as_deref(),
            Some("2025-12-22T14:38:00Z")
        );
        let b = jira_time("yesterday-ish", "Created", &z).unwrap_err();
        assert!(b.detail.contains("yesterday-ish"));
    }

    #[test]
    fn a_changelog_resolves_at_the_last_closing() {
        let issue = |resolutiondate: &str, category: &str, moves: &[(&str, &str, &str)]| {
            let histories: Vec<String> = moves
                .iter()
                .map(|(at, from, to)| {
                    format!(
                        r#"{{"created":"{at}","items":[{{"field":"status","fromString":"{from}","toString":"{to}"}}]}}"#
                    )
                })
                .collect();
            format!(
                r#"[{{"key":"OPS-1","fields":{{"issuetype":{{"name":"Incident"}},"created":"2025-01-01T10:00:00.000+0000",
                "resolutiondate":{resolutiondate},"status":{{"name":"Done","statusCategory":{{"key":"{category}"}}}}}},
                "changelog":{{"histories":[{}]}}}}]"#,
                histories.join(",")
            )
        };
        let reopened = [
            ("2025-01-01T12:00:00.000+0000", "Open", "Done"),
            ("2025-01-02T09:00:00.000+0000", "Done", "Reopened"),
            ("2025-01-03T15:30:00.000+0000", "Reopened", "Done"),
        ];
        let check = |text: String, want: Option<&str>| {
            let f = crate::core::import::import_file("i.json", text.as_bytes(), 0, &Default::default()).unwrap();
            assert_eq!(f.format, crate::core::import::Format::JiraJson);
            assert_eq!(f.incidents[0].resolved_at.map(format_instant).as_deref(), want);
        };
        // No resolutiondate: the last transition into Done after the reopening.
        check(issue("null", "done", &reopened), Some("2025-01-03T15:30:00Z"));
        // Histories in any order read the same.
        let mut backwards = reopened;
        backwards.reverse();
        check(issue("null", "done", &backwards), Some("2025-01-03T15:30:00Z"));
        // Reopened and not closed again, and a status not in the done category: open.
        check(issue("null", "done", &reopened[..2]), None);
        check(issue("null", "indeterminate", &reopened), None);
        // Jira's own resolutiondate wins.
        check(issue(r#""2025-01-04T08:00:00.000+0000""#, "done", &reopened), Some("2025-01-04T08:00:00Z"));
    }
}

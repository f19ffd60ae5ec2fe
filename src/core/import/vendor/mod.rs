//! Importers for the exports of real tools. Each module reads one vendor's shapes into the canonical
//! model; see docs/imports.md for what every field becomes and what is skipped.
//!
//! Shared here: walking JSON files that hold one value or several back to back (paginated API
//! output concatenated by `gh api --paginate`, `cat`, or NDJSON), tabular records that may come as
//! CSV or JSON (Four Keys, DevLake, ServiceNow), vendor time spellings, and skip bookkeeping.

pub mod argocd;
pub mod deferred;
pub mod devlake;
pub mod fourkeys;
pub mod github;
pub mod gitlab;
pub mod jenkins;
pub mod jira;
pub mod opsgenie;
pub mod pagerduty;
pub mod servicenow;

pub(crate) use super::Bad;
use super::Format;
use super::read::{self, CsvTable, LineCursor, Row};
use super::sniff::Sniff;
use super::{Collector, FormatError, Hint, SkipReason};
use crate::core::case::lowercase;
use crate::core::model::{Deployment, Incident, is_production_environment, is_success_status};
use crate::core::time::{Zone, is_missing, parse_timestamp};
pub use deferred::Pending;
use rustc_hash::FxHashMap;
use serde_json::Value;
use serde_json::value::RawValue;
use std::borrow::Cow;

/// A way to recognise a format from a file's first bytes, and the reason a person can check.
struct Rule {
    format: Format,
    why: &'static str,
    matches: fn(&Sniff) -> bool,
}

/// JSON shapes, most distinctive first: a format is chosen on keys and values that are its own.
const JSON_RULES: &[Rule] = &[
    Rule {
        format: Format::GithubActions,
        why: "has a workflow_runs array (GitHub Actions)",
        matches: |s| s.key("workflow_runs"),
    },
    Rule {
        format: Format::GithubActions,
        why: "workflow run objects with head_sha and workflow_id (GitHub Actions)",
        matches: |s| s.key("head_sha") && s.key("workflow_id") && s.key("run_number"),
    },
    Rule {
        format: Format::GitlabDeployments,
        why: "deployment objects with deployable and environment (GitLab)",
        matches: |s| s.key("deployable") && s.key("environment"),
    },
    Rule {
        format: Format::GithubDeployments,
        why: "deployment objects with statuses_url or deployment_url (GitHub deployments)",
        matches: |s| s.key("statuses_url") || (s.key("deployment_url") && s.key("state")),
    },
    Rule {
        format: Format::GithubDeployments,
        why: "deployment objects with sha, task and environment (GitHub deployments)",
        matches: |s| s.key("sha") && (s.key("task") || s.key("statuses")) && s.key("environment"),
    },
    Rule {
        format: Format::GithubReleases,
        why: "release objects with tag_name and prerelease (GitHub releases)",
        matches: |s| s.key("tag_name") && (s.key("prerelease") || s.key("draft")),
    },
    // The history may sit after a long resources list, beyond the sniffed head: the API group decides too.
    Rule {
        format: Format::Argocd,
        why: "an Application with status.history and deployedAt (Argo CD)",
        matches: |s| s.key("deployedAt") || s.head.contains("argoproj.io/"),
    },
    Rule {
        format: Format::Jenkins,
        why: "a job with a builds array (Jenkins JSON API)",
        matches: |s| s.key("builds") && (s.key("_class") || s.head.contains("hudson.") || s.key("fullName")),
    },
    Rule {
        format: Format::Jenkins,
        why: "a build with number, result and timestamp (Jenkins JSON API)",
        matches: |s| {
            s.key("building") && s.key("number") && s.key("timestamp") && (s.key("result") || s.key("fullDisplayName"))
        },
    },
    Rule {
        format: Format::PagerdutyJson,
        why: "has an incidents array with incident_number/urgency (PagerDuty API)",
        matches: |s| s.key("incidents") && (s.key("incident_number") || s.key("more") || s.key("urgency")),
    },
    Rule {
        format: Format::PagerdutyJson,
        why: "incident objects with incident_number and urgency (PagerDuty API)",
        matches: |s| s.key("incident_number") && s.key("urgency"),
    },
    Rule {
        format: Format::Opsgenie,
        why: "objects with tinyId (Opsgenie incidents or alerts)",
        matches: |s| s.key("tinyId"),
    },
    Rule {
        format: Format::JiraJson,
        why: "has an issues array with fields.issuetype (Jira REST search)",
        matches: |s| s.key("issues") && s.key("fields") && (s.key("issuetype") || s.key("created")),
    },
    Rule {
        format: Format::ServicenowJson,
        why: "records with number and opened_at/sys_id (ServiceNow)",
        matches: |s| s.key("number") && (s.key("opened_at") || s.key("sys_id")),
    },
];

/// CSV headers of vendor exports.
const CSV_RULES: &[Rule] = &[
    Rule {
        format: Format::JiraCsv,
        why: "CSV with Issue key and Issue Type columns (Jira export)",
        matches: |s| s.header("issue key") && (s.header("issue type") || s.header("summary")),
    },
    Rule {
        format: Format::PagerdutyCsv,
        why: "CSV with incident_number and created_on columns (PagerDuty export)",
        matches: |s| {
            (s.header("incident_number") || s.header("incident number"))
                && ["created_on", "created_at", "created at", "urgency"].iter().any(|h| s.header(h))
        },
    },
    Rule {
        format: Format::ServicenowCsv,
        why: "CSV with number and opened_at columns (ServiceNow export)",
        matches: |s| s.header("number") && (s.header("opened_at") || s.header("opened") || s.header("sys_id")),
    },
];

/// Tables that come as CSV or JSON: a column or a key.
fn has(s: &Sniff, k: &str) -> bool {
    if s.json { s.key(k) } else { s.header(k) }
}

/// Tables that come as CSV or JSON (Four Keys is decided apart: see [`fourkeys_table`]).
const TABLE_RULES: &[Rule] = &[
    Rule {
        format: Format::DevlakeDeployments,
        why: "has cicd_deployment_id/cicd_scope_id (DevLake cicd_deployment_commits)",
        matches: |s| has(s, "cicd_deployment_id") || (has(s, "cicd_scope_id") && has(s, "finished_date")),
    },
    Rule {
        format: Format::DevlakeIssues,
        why: "has issue_key and resolution_date (DevLake issues table)",
        matches: |s| {
            (has(s, "issue_key") || has(s, "incident_key"))
                && has(s, "created_date")
                && (has(s, "resolution_date") || has(s, "original_status"))
        },
    },
];

/// Detects a vendor format from a file's first bytes. `None`: not a vendor format.
pub fn detect(s: &Sniff, name: &str, hint: Hint) -> Option<(Format, String)> {
    let rules = if s.json { JSON_RULES } else { CSV_RULES };
    let rule = rules.iter().find(|r| (r.matches)(s));
    if let Some(r) = rule {
        return Some((r.format, r.why.to_string()));
    }
    if let Some(found) = fourkeys_table(s, name, hint) {
        return Some(found);
    }
    TABLE_RULES.iter().find(|r| (r.matches)(s)).map(|r| (r.format, r.why.to_string()))
}

/// The Four Keys tables (deployments, changes, incidents) all have `time_created`: their id
/// column decides, and when several tables' columns are in the head, the file name or the hint.
fn fourkeys_table(s: &Sniff, name: &str, hint: Hint) -> Option<(Format, String)> {
    let name = name.to_ascii_lowercase();
    let (dep, chg, inc) = (
        has(s, "deploy_id") && has(s, "time_created"),
        has(s, "change_id") && has(s, "time_created"),
        has(s, "incident_id") && has(s, "time_created"),
    );
    let several = [dep, chg, inc].iter().filter(|b| **b).count() > 1;
    let pick = match (dep, chg, inc) {
        (false, false, false) => return None,
        _ if several && inc && (name.contains("incident") || hint == Hint::Incidents) => Format::FourkeysIncidents,
        _ if several && chg && name.contains("change") => Format::FourkeysChanges,
        (true, _, _) => Format::FourkeysDeployments,
        (false, true, _) if !several => Format::FourkeysChanges,
        _ => Format::FourkeysIncidents,
    };
    let why = match pick {
        Format::FourkeysDeployments => "has deploy_id and time_created (Four Keys deployments table)",
        Format::FourkeysChanges => "has change_id and time_created (Four Keys changes table)",
        _ => "has incident_id and time_created (Four Keys incidents table)",
    };
    Some((pick, why.to_string()))
}

/// Runs the importer of a vendor format.
pub fn run(format: Format, text: &str, c: &mut Collector) -> Result<(), FormatError> {
    use Format::*;
    match format {
        GithubDeployments => github::deployments(text, c),
        GithubActions => github::actions(text, c),
        GithubReleases => github::releases(text, c),
        GitlabDeployments => gitlab::import(text, c),
        Argocd => argocd::import(text, c),
        Jenkins => jenkins::import(text, c),
        FourkeysDeployments => fourkeys::deployments(text, c),
        FourkeysChanges => fourkeys::changes(text, c),
        FourkeysIncidents => fourkeys::incidents(text, c),
        DevlakeDeployments => devlake::deployments(text, c),
        DevlakeIssues => devlake::issues(text, c),
        PagerdutyJson => pagerduty::json(text, c),
        PagerdutyCsv => pagerduty::csv(text, c),
        Opsgenie => opsgenie::import(text, c),
        JiraCsv => jira::csv(text, c),
        JiraJson => jira::json(text, c),
        ServicenowCsv | ServicenowJson => servicenow::import(text, c),
        other => Err(FormatError::new(1, 1, format!("{} is not a vendor format", other.label()))),
    }
}

// ---------------------------------------------------------------------------------------------
// Skips

/// The production and success rules of [`Collector::deployment`], checked before the rest of a row
/// is read (so a failed run without a finish time is "not a success", not "missing time").
pub(crate) fn precheck(environment: Option<&str>, status: Option<&str>) -> Result<(), Bad> {
    if !is_production_environment(environment) {
        return Err(Bad::new(SkipReason::NotProduction, format!("environment {:?}", environment.unwrap_or(""))));
    }
    if !is_success_status(status) {
        return Err(Bad::new(SkipReason::NotASuccess, format!("status {:?}", status.unwrap_or(""))));
    }
    Ok(())
}

/// Counts one row and imports or skips it.
pub(crate) fn emit_deployment(c: &mut Collector, line: u32, column: Option<u32>, r: Result<Deployment, Bad>) {
    c.row();
    match r {
        Ok(mut d) => {
            d.source = c.source(line);
            c.deployment(d);
        }
        Err(b) => c.skip(line, b.column.or(column), b.reason, b.detail),
    }
}

/// Counts one row and imports or skips it.
pub(crate) fn emit_incident(c: &mut Collector, line: u32, column: Option<u32>, r: Result<Incident, Bad>) {
    c.row();
    match r {
        Ok(mut i) => {
            i.source = c.source(line);
            c.incident(i);
        }
        Err(b) => c.skip(line, b.column.or(column), b.reason, b.detail),
    }
}

// ---------------------------------------------------------------------------------------------
// Times

/// Rewrites vendor spellings the general parser does not know into ISO 8601:
/// BigQuery's `2024-01-05 13:04:11.123 UTC`, Jenkins' `2024-01-05 13:04:11 +0100`.
fn normalise_time(t: &str) -> Cow<'_, str> {
    let t = t.trim();
    for suffix in [" UTC", " GMT", " utc", " Z"] {
        if let Some(rest) = t.strip_suffix(suffix) {
            return Cow::Owned(format!("{}Z", rest.trim_end()));
        }
    }
    let b = t.as_bytes();
    let n = b.len();
    if n > 6 && b[n - 6] == b' ' && matches!(b[n - 5], b'+' | b'-') && b[n - 4..].iter().all(u8::is_ascii_digit) {
        return Cow::Owned(format!("{}{}", &t[..n - 6], &t[n - 5..]));
    }
    Cow::Borrowed(t)
}

/// Parses a vendor time. Missing values are `Ok(None)`; anything else that cannot be read is an
/// "unparseable time" naming the field and the value.
pub(crate) fn time_str(value: &str, field: &str, zone: &Zone) -> Result<Option<i64>, Bad> {
    if is_missing(value) || is_zero_time(value) {
        return Ok(None);
    }
    parse_timestamp(&normalise_time(value), zone).map_err(|_| {
        Bad::new(SkipReason::UnparseableTime, format!("{field}: {:?} is not a time this format uses", value.trim()))
    })
}

/// `0001-01-01T00:00:00Z` (any spelling of that day): the zero value of Go's `time.Time` and of
/// .NET's `DateTime`, which Argo CD, DevLake, Azure DevOps and Octopus Deploy write for "no value".
fn is_zero_time(value: &str) -> bool {
    value.trim_start().starts_with("0001-01-01")
}

/// A time from a JSON string or number (epoch seconds or milliseconds).
pub(crate) fn time_val(v: Option<&Value>, field: &str, zone: &Zone) -> Result<Option<i64>, Bad> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => time_str(s, field, zone),
        Some(Value::Number(n)) => match n.as_i64().or_else(|| n.as_f64().filter(|f| f.is_finite()).map(|f| f as i64)) {
            Some(i) => time_str(&i.to_string(), field, zone),
            None => Err(Bad::new(SkipReason::UnparseableTime, format!("{field}: {n} is not a time"))),
        },
        Some(other) => {
            Err(Bad::new(SkipReason::UnparseableTime, format!("{field}: {} is not a time", json_text(other))))
        }
    }
}

/// A required time: missing is "missing time".
pub(crate) fn required(t: Option<i64>, field: &str) -> Result<i64, Bad> {
    t.ok_or_else(|| Bad::new(SkipReason::MissingTime, format!("{field} is empty")))
}

/// A JSON value as compact JSON text for a detail message, cut like [`short`]. Written here, not
/// by serde_json's `Display`, whose writer would otherwise be in the dashboard only for this.
pub(crate) fn json_text(v: &Value) -> String {
    let mut out = String::new();
    write_json(v, &mut out);
    short(&out)
}

fn write_json(v: &Value, out: &mut String) {
    // Enough for `short`, which keeps 60 characters.
    if out.len() > 64 {
        return;
    }
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => write_json_str(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(item, out);
            }
            out.push(']');
        }
        Value::Object(members) => {
            out.push('{');
            for (i, (k, item)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json_str(k, out);
                out.push(':');
                write_json(item, out);
            }
            out.push('}');
        }
    }
}

fn write_json_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Cuts a value for a detail message.
pub(crate) fn short(s: &str) -> String {
    if s.chars().count() <= 60 {
        s.to_string()
    } else {
        let cut: String = s.chars().take(57).collect();
        format!("{cut}…")
    }
}

// ---------------------------------------------------------------------------------------------
// JSON

/// The top-level JSON values of a file: one, or several back to back (pages concatenated, NDJSON).
pub(crate) fn json_values(text: &str) -> Result<Vec<&RawValue>, FormatError> {
    let mut out = Vec::new();
    for v in serde_json::Deserializer::from_str(text).into_iter::<&RawValue>() {
        out.push(v.map_err(|e| read::json_error(&e))?);
    }
    if out.is_empty() {
        return Err(FormatError::new(1, 1, "the file holds no JSON value"));
    }
    Ok(out)
}

/// The kind of a raw JSON value, from its first character.
pub(crate) fn is_array(raw: &RawValue) -> bool {
    raw.get().trim_start().starts_with('[')
}

pub(crate) fn is_object(raw: &RawValue) -> bool {
    raw.get().trim_start().starts_with('{')
}

/// Parses a raw value into a tree (the raw value is valid JSON already).
pub(crate) fn tree(raw: &RawValue) -> Value {
    serde_json::from_str(raw.get()).unwrap_or(Value::Null)
}

/// The items of a raw JSON array; an empty list when it is not an array.
pub(crate) fn raw_items(raw: &RawValue) -> Vec<&RawValue> {
    if is_array(raw) { serde_json::from_str(raw.get()).unwrap_or_default() } else { Vec::new() }
}

/// The members of a raw JSON object in file order (keys unescaped); empty when not an object.
pub(crate) fn raw_members(raw: &RawValue) -> Vec<(String, &RawValue)> {
    struct Members<'a>(Vec<(String, &'a RawValue)>);
    impl<'de: 'a, 'a> serde::Deserialize<'de> for Members<'a> {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V<'a>(std::marker::PhantomData<&'a ()>);
            impl<'de: 'a, 'a> serde::de::Visitor<'de> for V<'a> {
                type Value = Members<'a>;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<M: serde::de::MapAccess<'de>>(self, mut m: M) -> Result<Members<'a>, M::Error> {
                    let mut out = Vec::new();
                    while let Some((k, v)) = m.next_entry::<Cow<'de, str>, &'de RawValue>()? {
                        out.push((k.into_owned(), v));
                    }
                    Ok(Members(out))
                }
            }
            d.deserialize_map(V(std::marker::PhantomData))
        }
    }
    if !is_object(raw) {
        return Vec::new();
    }
    serde_json::from_str::<Members>(raw.get()).map(|m| m.0).unwrap_or_default()
}

/// The member `key` of a raw object.
pub(crate) fn raw_member<'a>(members: &[(String, &'a RawValue)], key: &str) -> Option<&'a RawValue> {
    members.iter().find(|(k, _)| k == key).map(|(_, v)| *v).filter(|v| v.get().trim() != "null")
}

/// Text of a JSON string, number or bool at a path; `None` for null, missing or empty.
pub(crate) fn s(v: &Value, path: &[&str]) -> Option<String> {
    read::json_str(read::json_path(v, path))
}

/// Like [`s`] but for objects ServiceNow-style: `{"display_value": …, "value": …}` reads as its
/// display value; `{"name": …}` / `{"summary": …}` as that name.
pub(crate) fn label(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Object(m) => {
            ["display_value", "name", "summary", "title", "value"].iter().find_map(|k| read::json_str(m.get(*k)))
        }
        other => read::json_str(Some(other)),
    }
}

/// The repository name in a GitHub API or web URL: `…/repos/OWNER/REPO/…` or `github.com/OWNER/REPO`.
pub(crate) fn repo_from_url(url: &str) -> Option<&str> {
    let rest = if let Some(i) = url.find("/repos/") {
        &url[i + "/repos/".len()..]
    } else {
        let after_scheme = url.split_once("://").map_or(url, |(_, r)| r);
        after_scheme.split_once('/')?.1
    };
    let mut parts = rest.split('/');
    let _owner = parts.next().filter(|p| !p.is_empty())?;
    let repo = parts.next()?.trim_end_matches(".git");
    let repo = repo.split(['?', '#']).next().unwrap_or(repo);
    if repo.is_empty() { None } else { Some(repo) }
}

/// True for a git commit id (7–64 hex digits).
pub(crate) fn looks_like_sha(s: &str) -> bool {
    (7..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Line and column of many parts of `text`, given in any order (sorted internally, so linear).
pub(crate) fn positions(text: &str, parts: &[&str]) -> Vec<(u32, u32)> {
    let base = text.as_ptr() as usize;
    let mut order: Vec<(usize, usize)> =
        parts.iter().enumerate().map(|(i, p)| ((p.as_ptr() as usize).saturating_sub(base), i)).collect();
    crate::core::sort::sort_by(&mut order, |a, b| a.cmp(b));
    let mut out = vec![(0, 0); parts.len()];
    let mut cur = LineCursor::new(text);
    for (offset, i) in order {
        if let Some(slot) = out.get_mut(i) {
            *slot = cur.at(offset);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Records: rows of a table exported as CSV or as JSON (array, NDJSON, or a wrapper object).

/// One row of a table, from CSV or JSON, read by column name.
pub(crate) struct Record<'r> {
    pub line: u32,
    /// The JSON item's column (CSV fields have their own).
    pub column: Option<u32>,
    body: Body<'r>,
}

enum Body<'r> {
    Csv { row: &'r Row<'r>, cols: &'r FxHashMap<String, usize> },
    Json(&'r Value),
}

impl<'r> Record<'r> {
    /// The text of the first present, non-empty field among `names` (lower-case names).
    pub fn get(&self, names: &[&str]) -> Option<Cow<'r, str>> {
        names.iter().find_map(|n| self.one(n))
    }

    fn one(&self, name: &str) -> Option<Cow<'r, str>> {
        match &self.body {
            Body::Csv { row, cols } => row.opt(cols.get(name).copied()).map(Cow::Borrowed),
            Body::Json(v) => label(v.get(name)).map(Cow::Owned),
        }
    }

    /// True when the table has one of the columns (even if empty here).
    pub fn has(&self, names: &[&str]) -> bool {
        match &self.body {
            Body::Csv { cols, .. } => names.iter().any(|n| cols.contains_key(*n)),
            Body::Json(v) => names.iter().any(|n| v.get(*n).is_some()),
        }
    }

    /// The 1-based CSV field of the first present column among `names`.
    pub fn col(&self, names: &[&str]) -> Option<u32> {
        match &self.body {
            Body::Csv { cols, .. } => names.iter().find_map(|n| cols.get(*n)).map(|i| *i as u32 + 1),
            Body::Json(_) => self.column,
        }
    }

    /// A list field: a JSON array, or CSV text like `["a","b"]`, `[a, b]` or `a,b`.
    pub fn list(&self, name: &str) -> Vec<String> {
        match &self.body {
            Body::Json(v) => match v.get(name) {
                Some(Value::Array(items)) => items.iter().filter_map(|i| label(Some(i))).collect(),
                Some(Value::String(s)) => split_list(s),
                _ => Vec::new(),
            },
            Body::Csv { .. } => self.one(name).map(|s| split_list(&s)).unwrap_or_default(),
        }
    }

    /// A time from the first non-empty column among `names`.
    pub fn time(&self, names: &[&str], zone: &Zone) -> Result<Option<i64>, Bad> {
        for n in names {
            let r = match &self.body {
                Body::Json(v) => match v.get(*n) {
                    Some(x @ Value::Number(_)) => time_val(Some(x), n, zone),
                    other => match label(other) {
                        Some(t) => time_str(&t, n, zone),
                        None => continue,
                    },
                },
                Body::Csv { .. } => match self.one(n) {
                    Some(t) => time_str(&t, n, zone),
                    None => continue,
                },
            };
            return r.map_err(|b| b.at(self.col(&[n])));
        }
        Ok(None)
    }
}

/// Splits `["a","b"]`, `[a, b]`, `a,b` or `a b` into items.
pub(crate) fn split_list(s: &str) -> Vec<String> {
    let t = s.trim();
    if t.starts_with('[')
        && let Ok(items) = serde_json::from_str::<Vec<Value>>(t)
    {
        return items.iter().filter_map(|i| label(Some(i))).collect();
    }
    t.trim_start_matches('[')
        .trim_end_matches(']')
        .split([',', ' ', ';', '\n'])
        .map(|p| p.trim().trim_matches(['"', '\'']).trim())
        .filter(|p| !p.is_empty() && !is_missing(p))
        .map(str::to_string)
        .collect()
}

/// Calls `f` for every row of a CSV or JSON table. Blank CSV lines are not rows; broken CSV records
/// and JSON items that are not objects are counted and skipped here. `key` is a field every JSON
/// record has (it finds the rows inside a wrapper object such as `{"result": [...]}`).
pub(crate) fn records(
    text: &str,
    key: &[&str],
    c: &mut Collector,
    mut f: impl FnMut(&Record, &mut Collector),
) -> Result<(), FormatError> {
    records_dyn(text, key, c, &mut f)
}

/// [`records`] compiled once for all its callers.
fn records_dyn(
    text: &str,
    key: &[&str],
    c: &mut Collector,
    f: &mut dyn FnMut(&Record, &mut Collector),
) -> Result<(), FormatError> {
    let t = text.trim_start();
    if t.starts_with('{') || t.starts_with('[') {
        let mut cur = LineCursor::new(text);
        for value in json_values(text)? {
            let items = if is_array(value) {
                raw_items(value)
            } else {
                let members = raw_members(value);
                if members.iter().any(|(k, _)| key.contains(&k.as_str())) {
                    vec![value]
                } else {
                    // A wrapper object (`{"result": [...]}`, a database tool's `{"query": [...]}`): the
                    // rows are its first array of objects, or its only member when that is an array.
                    // Any other object is a record that lacks the key fields.
                    let objects =
                        |v: &RawValue| v.get().trim_start().get(1..).is_some_and(|r| r.trim_start().starts_with('{'));
                    let list =
                        members.iter().find(|(_, v)| is_array(v) && objects(v)).or_else(|| match members.as_slice() {
                            [only] if is_array(only.1) => Some(only),
                            _ => None,
                        });
                    match list {
                        Some((_, v)) => raw_items(v),
                        None => vec![value],
                    }
                }
            };
            for raw in items {
                let (line, col) = cur.of(raw.get());
                let v = tree(raw);
                if !v.is_object() {
                    c.row();
                    c.skip(line, Some(col), SkipReason::NotARecord, short(raw.get()));
                    continue;
                }
                f(&Record { line, column: Some(col), body: Body::Json(&v) }, c);
            }
        }
        return Ok(());
    }
    let mut t = CsvTable::new(text)?;
    c.warn_repeated_headers(&t.headers);
    let mut cols = FxHashMap::default();
    for (i, h) in t.headers.iter().enumerate() {
        cols.entry(lowercase(h)).or_insert(i);
    }
    while let Some(row) = t.next_row() {
        match row {
            Ok(row) => {
                if row.len() <= 1 && row.is_empty() {
                    continue;
                }
                f(&Record { line: row.line, column: None, body: Body::Csv { row: &row, cols: &cols } }, c);
            }
            Err((line, msg)) => {
                c.row();
                c.skip(line, None, SkipReason::BrokenRecord, msg);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values in detail messages read as compact JSON, cut after 60 characters.
    #[test]
    fn json_text_is_compact_json() {
        for text in [r#"[1,"x",true,null]"#, r#"{"a":{"b":[1.5,-2]},"c\"d":"e\\f"}"#, "12", r#""plain""#] {
            let v: Value = serde_json::from_str(text).unwrap();
            assert_eq!(json_text(&v), serde_json::to_string(&v).unwrap());
        }
        assert_eq!(json_text(&Value::String("a\nb".into())), r#""a\u000ab""#);
        let long: Value = serde_json::from_str(&format!("[{}]", vec!["1234567890"; 20].join(","))).unwrap();
        assert_eq!(json_text(&long).chars().count(), 58);
        assert!(json_text(&long).ends_with('…'));
    }

    #[test]
    fn vendor_time_spellings() {
        let z = Zone::utc();
        let t = |s: &str| time_str(s, "t", &z).unwrap().unwrap();
        assert_eq!(t("2024-01-05 13:04:11 UTC"), t("2024-01-05T13:04:11Z"));
        assert_eq!(t("2024-01-05 13:04:11.250 UTC"), t("2024-01-05T13:04:11.250Z"));
        assert_eq!(t("2024-01-05 13:04:11 +0100"), t("2024-01-05T12:04:11Z"));
        assert_eq!(time_str("", "t", &z).unwrap(), None);
        let b = time_str("next tuesday", "created", &z).unwrap_err();
        assert_eq!(b.reason.text(), "unparseable time");
        assert!(b.detail.contains("next tuesday") && b.detail.contains("created"), "{}", b.detail);
        assert_eq!(time_val(Some(&Value::from(1_700_000_000_000i64)), "t", &z).unwrap(), Some(1_700_000_000_000));
    }

    #[test]
    fn the_name_breaks_ties_only() {
        use crate::core::import::sniff::sniff;
        // A Four Keys export holding columns of two tables: the name decides.
        let text = "{\"deploy_id\": \"d\", \"incident_id\": \"i\", \"time_created\": \"2025-01-01\"}\n";
        let s = sniff(text);
        assert_eq!(detect(&s, "incidents.json", Hint::Any).map(|f| f.0), Some(Format::FourkeysIncidents));
        assert_eq!(detect(&s, "export.json", Hint::Incidents).map(|f| f.0), Some(Format::FourkeysIncidents));
        assert_eq!(detect(&s, "export.json", Hint::Any).map(|f| f.0), Some(Format::FourkeysDeployments));
        // Content beats the name.
        let s = sniff("{\"total_count\": 1, \"workflow_runs\": []}");
        assert_eq!(detect(&s, "pagerduty-incidents.json", Hint::Incidents).map(|f| f.0), Some(Format::GithubActions));
        // Canonical files are not vendor files.
        for text in [
            "id,deployed_at,team\n1,2025-01-01,a\n",
            "{\"deployments\": [{\"id\": 1, \"deployed_at\": \"x\", \"commits\": [{\"sha\": \"a\"}]}]}",
        ] {
            assert_eq!(detect(&sniff(text), "github.json", Hint::Any), None, "{text}");
        }
    }

    #[test]
    fn urls_lists_and_shas() {
        assert_eq!(repo_from_url("https://api.github.com/repos/octo/hello/deployments/1"), Some("hello"));
        assert_eq!(repo_from_url("https://ghe.example.com/api/v3/repos/o/r"), Some("r"));
        assert_eq!(repo_from_url("https://github.com/octo/hello.git"), Some("hello"));
        assert_eq!(repo_from_url("nonsense"), None);
        assert_eq!(split_list("[\"a\", \"b\"]"), vec!["a", "b"]);
        assert_eq!(split_list("[a, b]"), vec!["a", "b"]);
        assert_eq!(split_list(""), Vec::<String>::new());
        assert!(looks_like_sha("a1b2c3d") && !looks_like_sha("main") && !looks_like_sha("beef"));
    }

    #[test]
    fn back_to_back_values_and_positions() {
        let text = "{\"a\":1}\n{\"a\":2}[3]";
        let vals = json_values(text).unwrap();
        assert_eq!(vals.len(), 3);
        let pos = positions(text, &[vals[2].get(), vals[0].get()]);
        assert_eq!(pos, vec![(2, 8), (1, 1)]);
        assert!(json_values("{\"a\":1}\n{\"a\"").is_err());
        let m = raw_members(vals[0]);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].0, "a");
    }
}

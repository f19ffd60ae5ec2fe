//! Rows of a table exported as CSV or as JSON (array, NDJSON, or a wrapper object): Four Keys,
//! DevLake, ServiceNow, and every table-shaped export, read the same way.

use super::json::{is_array, json_values, label, raw_items, raw_members, short, tree};
use super::times::{time_str, time_val};
use crate::core::case::lowercase;
use crate::core::import::dates::{self, DateReading};
use crate::core::import::read::{CsvTable, LineCursor, Row};
use crate::core::import::{Bad, Collector, FormatError, SkipReason};
use crate::core::time::{Zone, is_missing};
use rustc_hash::FxHashMap;
use serde_json::Value;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::cell::OnceCell;

/// One row of a table, from CSV or JSON, read by column name.
pub(crate) struct Record<'r> {
    pub line: u32,
    /// The JSON item's column (CSV fields have their own).
    pub column: Option<u32>,
    body: Body<'r>,
    /// How the file's numeric dates (`29-02-2016`) are read.
    dates: DateReading,
    /// The first numeric date refused because nothing decides its order.
    ambiguous: &'r OnceCell<String>,
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

    /// A field holding JSON: an object or array in a JSON record, or JSON text (a CSV cell, a JSON
    /// string such as BigQuery's export of a JSON column). `None` when empty or not JSON.
    pub fn json(&self, name: &str) -> Option<Value> {
        match &self.body {
            Body::Json(v) => match v.get(name)? {
                Value::String(s) => serde_json::from_str(s).ok(),
                x @ (Value::Object(_) | Value::Array(_)) => Some(x.clone()),
                _ => None,
            },
            Body::Csv { .. } => serde_json::from_str(&self.one(name)?).ok(),
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
                        Some(t) => self.text_time(&t, n, zone),
                        None => continue,
                    },
                },
                Body::Csv { .. } => match self.one(n) {
                    Some(t) => self.text_time(&t, n, zone),
                    None => continue,
                },
            };
            return r.map_err(|b| b.at(self.col(&[n])));
        }
        Ok(None)
    }
}

impl Record<'_> {
    /// A time written as text: a numeric date in the file's order, or a vendor spelling.
    fn text_time(&self, t: &str, field: &str, zone: &Zone) -> Result<Option<i64>, Bad> {
        match dates::read_numeric(t, field, self.dates, zone) {
            Ok(Some(ms)) => Ok(Some(ms)),
            Ok(None) => time_str(t, field, zone),
            Err(b) => {
                if b.reason == SkipReason::AmbiguousDate {
                    let _ = self.ambiguous.set(t.trim().to_string());
                }
                Err(b)
            }
        }
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
    let dates = dates::reading(text, c);
    let ambiguous = OnceCell::new();
    records_rows(text, key, c, f, dates, &ambiguous)?;
    if let Some(example) = ambiguous.get() {
        c.warn(dates::undecided_warning(example));
    }
    Ok(())
}

fn records_rows(
    text: &str,
    key: &[&str],
    c: &mut Collector,
    f: &mut dyn FnMut(&Record, &mut Collector),
    dates: DateReading,
    ambiguous: &OnceCell<String>,
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
                f(&Record { line, column: Some(col), body: Body::Json(&v), dates, ambiguous }, c);
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
                f(
                    &Record {
                        line: row.line,
                        column: None,
                        body: Body::Csv { row: &row, cols: &cols },
                        dates,
                        ambiguous,
                    },
                    c,
                );
            }
            Err((line, msg)) => {
                c.row();
                c.skip(line, None, SkipReason::BrokenRecord, msg);
            }
        }
    }
    Ok(())
}

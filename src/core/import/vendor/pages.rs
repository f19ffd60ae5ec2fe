//! The pages of an incident tool's API, one or several back to back: a bare array of incidents,
//! or an object holding them under one of the tool's list keys (`data`, `incidents`, `results`),
//! or one incident object (a webhook delivery, `GET /incidents/{id}`). Shared by the incident tools
//! added with real payloads (incident.io, FireHydrant, Datadog, Splunk On-Call, Squadcast, Rootly,
//! Grafana OnCall, Statuspage, PagerDuty Analytics).

use super::{Bad, emit_incident, is_array, json_values, raw_items, raw_member, raw_members, short, tree};
use crate::core::import::SkipReason;
use crate::core::import::read::LineCursor;
use crate::core::import::{Collector, FormatError};
use crate::core::model::Incident;
use serde_json::Value;

/// Where a tool's pages keep their incidents.
pub(crate) struct Pages {
    /// The tool, for messages.
    pub tool: &'static str,
    /// Members of a page that hold the incidents (an array, or one incident object), first found wins.
    pub lists: &'static [&'static str],
    /// A member every incident object has: an object with it is one incident, not a page.
    pub item_key: &'static str,
    /// What the user should have exported, for the error when no page is found.
    pub expected: &'static str,
}

/// Reads every page of `text` and imports each incident through `read`.
pub(crate) fn walk(
    text: &str,
    c: &mut Collector,
    pages: &Pages,
    read: &mut dyn FnMut(&Value, &mut Collector) -> Result<Incident, Bad>,
) -> Result<(), FormatError> {
    let mut cur = LineCursor::new(text);
    let mut found = false;
    for v in json_values(text)? {
        let items = if is_array(v) {
            raw_items(v)
        } else {
            let m = raw_members(v);
            match pages.lists.iter().find_map(|k| raw_member(&m, k)) {
                Some(list) if is_array(list) => raw_items(list),
                Some(one) => vec![one],
                None if raw_member(&m, pages.item_key).is_some() => vec![v],
                None => {
                    let (line, col) = cur.of(v.get());
                    c.row();
                    let msg = ["message", "error", "errors"]
                        .iter()
                        .find_map(|k| raw_member(&m, k))
                        .map_or_else(|| short(v.get()), |e| short(e.get()));
                    c.skip(line, Some(col), SkipReason::NotAPageOfIncidents, msg);
                    continue;
                }
            }
        };
        found = true;
        for raw in items {
            let (line, col) = cur.of(raw.get());
            let t = tree(raw);
            let r = if t.is_object() {
                read(&t, c)
            } else {
                Err(Bad::new(SkipReason::NotAnIncident, super::json_text(&t)))
            };
            emit_incident(c, line, Some(col), r);
        }
    }
    if !found {
        return Err(FormatError::new(1, 1, format!("no {} incidents found (expected {})", pages.tool, pages.expected)));
    }
    Ok(())
}

/// The first item of a list of objects, or the value itself when it is not a list.
pub(crate) fn first(v: Option<&Value>) -> Option<&Value> {
    match v? {
        Value::Array(items) => items.first(),
        Value::Null => None,
        other => Some(other),
    }
}

/// `&gt;`, `&lt;`, `&amp;`, `&quot;` and `&#39;` as the characters (Splunk On-Call escapes names).
pub(crate) fn unescape_html(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&gt;", ">").replace("&lt;", "<").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

/// A status word the tools use for an incident that is not one: canceled, declined, a test.
pub(crate) fn not_counted(status: &str) -> Option<SkipReason> {
    match crate::core::case::lowercase(status.trim()).as_str() {
        "canceled" | "cancelled" | "declined" | "discarded" | "deleted" => Some(SkipReason::CanceledIncident),
        "merged" | "suppressed" => Some(SkipReason::MergedOrSuppressed),
        "test" | "test_sub" | "example" | "example_sub" | "tutorial" => Some(SkipReason::TestIncident),
        _ => None,
    }
}

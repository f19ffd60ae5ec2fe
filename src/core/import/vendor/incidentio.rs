//! incident.io: `GET /v2/incidents` pages (`{"incidents": [...], "pagination_meta": {"after",
//! "page_size"}}`). The status *category* decides (the status name is the organisation's own);
//! times come from the incident's timestamps ("Impact started", "Resolved at", …) where set.

use super::pages::{Pages, not_counted, walk};
use super::{Bad, label, required, s, time_val};
use crate::core::case::lowercase;
use crate::core::import::read::json_path;
use crate::core::import::{Collector, FormatError, SkipReason};
use crate::core::model::Incident;
use serde_json::Value;

const PAGES: Pages = Pages {
    tool: "incident.io",
    lists: &["incidents", "incident"],
    item_key: "incident_status",
    expected: "the response of GET /v2/incidents: {\"incidents\": [...]}",
};

pub fn import(text: &str, c: &mut Collector) -> Result<(), FormatError> {
    walk(text, c, &PAGES, &mut incident)
}

/// The value of the first incident timestamp whose name contains one of `words` (lower case).
fn timestamp<'v>(t: &'v Value, words: &[&str]) -> Option<&'v Value> {
    let Some(Value::Array(values)) = t.get("incident_timestamp_values") else { return None };
    values.iter().find_map(|v| {
        let name = lowercase(&s(v, &["incident_timestamp", "name"])?);
        if words.iter().any(|w| name.contains(w)) { json_path(v, &["value", "value"]) } else { None }
    })
}

/// The value of the first custom field whose name contains `word` (lower case).
fn custom(t: &Value, word: &str) -> Option<String> {
    let Some(Value::Array(entries)) = t.get("custom_field_entries") else { return None };
    entries.iter().find_map(|e| {
        let name = lowercase(&s(e, &["custom_field", "name"])?);
        if !name.contains(word) {
            return None;
        }
        let Some(Value::Array(values)) = e.get("values") else { return None };
        values.iter().find_map(|v| {
            label(v.get("value_option"))
                .or_else(|| label(v.get("value_catalog_entry")))
                .or_else(|| s(v, &["value_text"]))
        })
    })
}

fn incident(t: &Value, c: &mut Collector) -> Result<Incident, Bad> {
    let category = s(t, &["incident_status", "category"]).unwrap_or_default();
    if let Some(reason) = not_counted(&category) {
        return Err(Bad::new(reason, format!("status category {category:?}")));
    }
    if let Some(mode) = s(t, &["mode"])
        && let Some(reason) = not_counted(&mode)
    {
        return Err(Bad::new(reason, format!("mode {mode:?}")));
    }
    let id = s(t, &["reference"])
        .or_else(|| s(t, &["id"]))
        .ok_or_else(|| Bad::new(SkipReason::MissingId, "the incident has neither reference nor id"))?;
    let zone = c.zone().clone();
    let mut start = time_val(timestamp(t, &["impact start", "started"]), "Impact started", &zone)?;
    if start.is_none() {
        start = time_val(t.get("reported_at"), "reported_at", &zone)?;
    }
    if start.is_none() {
        start = time_val(t.get("created_at"), "created_at", &zone)?;
    }
    let start = required(start, "created_at")?;
    let mut end = time_val(timestamp(t, &["resolved", "fixed"]), "Resolved at", &zone)?;
    if end.is_none() && matches!(category.as_str(), "learning" | "closed" | "post-incident") {
        end = time_val(t.get("closed_at"), "closed_at", &zone)?;
    }
    let mut i = Incident::new(id, start);
    i.resolved_at = end;
    i.title = s(t, &["name"]).map(Into::into);
    i.severity = label(t.get("severity")).and_then(|x| c.names.get(&x));
    i.team = custom(t, "team").and_then(|x| c.names.get(&x));
    i.service = custom(t, "service").or_else(|| custom(t, "product")).and_then(|x| c.names.get(&x));
    Ok(i)
}

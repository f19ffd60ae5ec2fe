//! Rootly: `GET /v1/incidents` JSON:API pages (`{"data": [{"id", "type": "incidents", "attributes":
//! {...}}], "links", "meta"}`). Related records come as `{"data": {"attributes": {"name"}}}`.

use super::pages::{Pages, first, not_counted, walk};
use super::{Bad, label, required, s, time_val};
use crate::core::import::read::json_path;
use crate::core::import::{Collector, FormatError, SkipReason};
use crate::core::model::Incident;
use serde_json::Value;

const PAGES: Pages = Pages {
    tool: "Rootly",
    lists: &["data"],
    item_key: "attributes",
    expected: "the response of GET /v1/incidents: {\"data\": [...]}",
};

pub fn import(text: &str, c: &mut Collector) -> Result<(), FormatError> {
    walk(text, c, &PAGES, &mut incident)
}

/// The name of a related record: `{"data": {"attributes": {"name"}}}`, a list of them, or a plain name.
fn related(v: Option<&Value>) -> Option<String> {
    let v = first(v)?;
    json_path(v, &["data", "attributes"]).and_then(|a| label(Some(a))).or_else(|| label(Some(v)))
}

fn incident(t: &Value, c: &mut Collector) -> Result<Incident, Bad> {
    let Some(a) = t.get("attributes").filter(|a| a.is_object()) else {
        return Err(Bad::new(SkipReason::NotAnIncident, "no attributes"));
    };
    for key in ["kind", "status"] {
        if let Some(v) = s(a, &[key])
            && let Some(reason) = not_counted(&v)
        {
            return Err(Bad::new(reason, format!("{key} {v:?}")));
        }
    }
    let id = s(t, &["id"])
        .or_else(|| s(a, &["sequential_id"]))
        .ok_or_else(|| Bad::new(SkipReason::MissingId, "the incident has no id"))?;
    let zone = c.zone().clone();
    let mut start = None;
    for key in ["started_at", "detected_at", "created_at"] {
        start = time_val(a.get(key), key, &zone)?;
        if start.is_some() {
            break;
        }
    }
    let start = required(start, "started_at")?;
    let mut end = time_val(a.get("resolved_at"), "resolved_at", &zone)?;
    if end.is_none() {
        end = time_val(a.get("closed_at"), "closed_at", &zone)?;
    }
    let mut i = Incident::new(id, start);
    i.resolved_at = end;
    i.title = s(a, &["title"]).map(Into::into);
    i.severity = related(a.get("severity")).and_then(|x| c.names.get(&x));
    i.service = related(a.get("services")).and_then(|x| c.names.get(&x));
    i.team = related(a.get("groups")).or_else(|| related(a.get("teams"))).and_then(|x| c.names.get(&x));
    Ok(i)
}

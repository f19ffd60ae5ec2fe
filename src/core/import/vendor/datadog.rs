//! Datadog Incident Management: `GET /api/v2/incidents` pages (`{"data": [{"type": "incidents",
//! "id", "attributes": {...}}], "meta": {"pagination": {...}}}`), one or several back to back.

use super::pages::{Pages, first, walk};
use super::{Bad, label, required, s, time_val};
use crate::core::import::read::json_path;
use crate::core::import::{Collector, FormatError, SkipReason};
use crate::core::model::Incident;
use serde_json::Value;

const PAGES: Pages = Pages {
    tool: "Datadog",
    lists: &["data"],
    item_key: "attributes",
    expected: "the response of GET /api/v2/incidents: {\"data\": [...]}",
};

pub fn import(text: &str, c: &mut Collector) -> Result<(), FormatError> {
    walk(text, c, &PAGES, &mut incident)
}

/// A user-defined field's value (`fields.teams.value`): a name, or the first of a list.
fn field(a: &Value, name: &str) -> Option<String> {
    label(first(json_path(a, &["fields", name, "value"])))
}

fn incident(t: &Value, c: &mut Collector) -> Result<Incident, Bad> {
    let Some(a) = t.get("attributes").filter(|a| a.is_object()) else {
        return Err(Bad::new(SkipReason::NotAnIncident, "no attributes"));
    };
    let id = s(t, &["id"])
        .or_else(|| s(a, &["public_id"]))
        .ok_or_else(|| Bad::new(SkipReason::MissingId, "the incident has neither id nor public_id"))?;
    let zone = c.zone().clone();
    let mut start = time_val(a.get("customer_impact_start"), "customer_impact_start", &zone)?;
    if start.is_none() {
        start = time_val(a.get("detected"), "detected", &zone)?;
    }
    if start.is_none() {
        start = time_val(a.get("created"), "created", &zone)?;
    }
    let start = required(start, "created")?;
    let state = s(a, &["state"]).or_else(|| field(a, "state")).unwrap_or_default().to_ascii_lowercase();
    let mut end = time_val(a.get("resolved"), "resolved", &zone)?;
    if end.is_none() {
        end = time_val(a.get("customer_impact_end"), "customer_impact_end", &zone)?;
    }
    if end.is_none() && state == "resolved" {
        // Resolved without a resolved time: the last change is the resolution.
        end = time_val(a.get("modified"), "modified", &zone)?;
    }
    let mut i = Incident::new(id, start);
    i.resolved_at = end;
    i.title = s(a, &["title"]).map(Into::into);
    i.severity = s(a, &["severity"])
        .or_else(|| field(a, "severity"))
        .filter(|x| !x.eq_ignore_ascii_case("unknown"))
        .and_then(|x| c.names.get(&x));
    i.team = field(a, "teams").and_then(|x| c.names.get(&x));
    i.service = field(a, "services").and_then(|x| c.names.get(&x));
    Ok(i)
}

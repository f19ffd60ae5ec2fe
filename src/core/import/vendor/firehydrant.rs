//! FireHydrant: `GET /v1/incidents` pages (`{"data": [...], "pagination": {...}}`) and incident
//! webhook deliveries (`{"data": {"incident": {...}}, "event": {...}}`). The milestones decide:
//! started at the `started` milestone, resolved at the `resolved` one.

use super::pages::{Pages, first, walk};
use super::{Bad, label, required, s, time_val};
use crate::core::import::read::json_path;
use crate::core::import::{Collector, FormatError, SkipReason};
use crate::core::model::Incident;
use serde_json::Value;

const PAGES: Pages = Pages {
    tool: "FireHydrant",
    lists: &["data"],
    item_key: "milestones",
    expected: "the response of GET /v1/incidents: {\"data\": [...]}, or an incident webhook",
};

pub fn import(text: &str, c: &mut Collector) -> Result<(), FormatError> {
    walk(text, c, &PAGES, &mut incident)
}

/// When the milestone of `kind` occurred.
fn milestone<'v>(t: &'v Value, kind: &str) -> Option<&'v Value> {
    let Some(Value::Array(ms)) = t.get("milestones") else { return None };
    ms.iter()
        .rev()
        .find(|m| s(m, &["type"]).is_some_and(|x| x.eq_ignore_ascii_case(kind)))
        .and_then(|m| m.get("occurred_at").or_else(|| m.get("created_at")))
}

fn incident(t: &Value, c: &mut Collector) -> Result<Incident, Bad> {
    // A webhook delivery wraps the incident: {"data": {"incident": {...}}}.
    let t = t.get("incident").filter(|x| x.is_object()).unwrap_or(t);
    if let Some(at) = s(t, &["discarded_at"]) {
        return Err(Bad::new(SkipReason::CanceledIncident, format!("discarded at {at}")));
    }
    let id = s(t, &["id"])
        .or_else(|| s(t, &["number"]))
        .ok_or_else(|| Bad::new(SkipReason::MissingId, "the incident has neither id nor number"))?;
    let zone = c.zone().clone();
    let mut start = time_val(milestone(t, "started"), "milestones.started", &zone)?;
    for key in ["started_at", "created_at"] {
        if start.is_none() {
            start = time_val(t.get(key), key, &zone)?;
        }
    }
    let start = required(start, "started_at")?;
    let mut end = time_val(milestone(t, "resolved"), "milestones.resolved", &zone)?;
    if end.is_none() && s(t, &["current_milestone"]).is_some_and(|m| m == "resolved" || m == "closed") {
        end = time_val(milestone(t, "closed"), "milestones.closed", &zone)?;
    }
    let mut i = Incident::new(id, start);
    i.resolved_at = end;
    i.title = s(t, &["name"]).map(Into::into);
    let slug = |v: Option<&Value>| match v {
        Some(Value::Object(_)) => v.and_then(|o| s(o, &["slug"])).or_else(|| label(v)),
        other => label(other),
    };
    i.severity = slug(t.get("severity")).or_else(|| slug(t.get("priority"))).and_then(|x| c.names.get(&x));
    i.team = first(t.get("team_assignments"))
        .and_then(|a| label(json_path(a, &["team"])).or_else(|| label(Some(a))))
        .and_then(|x| c.names.get(&x));
    i.service = first(t.get("impacts"))
        .and_then(|a| label(json_path(a, &["impact"])).or_else(|| label(Some(a))))
        .and_then(|x| c.names.get(&x));
    Ok(i)
}

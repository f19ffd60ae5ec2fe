//! Atlassian Statuspage: the incidents of a page, from the manage API (`GET /v1/pages/{id}/incidents`,
//! a bare array), the public API (`/api/v2/incidents.json`: `{"page", "incidents": [...]}`) or the
//! legacy `/index.json`. Scheduled maintenances are not incidents.

use super::pages::{Pages, first, walk};
use super::{Bad, label, required, s, time_val};
use crate::core::import::{Collector, FormatError, SkipReason};
use crate::core::model::Incident;
use serde_json::Value;

const PAGES: Pages = Pages {
    tool: "Statuspage",
    lists: &["incidents", "scheduled_maintenances"],
    item_key: "incident_updates",
    expected: "GET /v1/pages/{page_id}/incidents or /api/v2/incidents.json",
};

pub fn import(text: &str, c: &mut Collector) -> Result<(), FormatError> {
    walk(text, c, &PAGES, &mut incident)
}

/// Statuses only a maintenance has.
const MAINTENANCE: &[&str] = &["scheduled", "in_progress", "verifying", "completed"];

fn incident(t: &Value, c: &mut Collector) -> Result<Incident, Bad> {
    let status = s(t, &["status"]).unwrap_or_default();
    if s(t, &["scheduled_for"]).is_some() || MAINTENANCE.contains(&status.as_str()) {
        return Err(Bad::new(SkipReason::ScheduledMaintenance, format!("status {status:?}")));
    }
    let id = s(t, &["id"]).ok_or_else(|| Bad::new(SkipReason::MissingId, "the incident has no id"))?;
    let zone = c.zone().clone();
    let mut start = time_val(t.get("started_at"), "started_at", &zone)?;
    if start.is_none() {
        start = time_val(t.get("created_at"), "created_at", &zone)?;
    }
    let start = required(start, "created_at")?;
    let mut i = Incident::new(id, start);
    i.resolved_at = time_val(t.get("resolved_at"), "resolved_at", &zone)?;
    i.title = s(t, &["name"]).map(Into::into);
    i.severity = s(t, &["impact"]).filter(|x| !x.eq_ignore_ascii_case("none")).and_then(|x| c.names.get(&x));
    i.service = label(first(t.get("components"))).and_then(|x| c.names.get(&x));
    Ok(i)
}

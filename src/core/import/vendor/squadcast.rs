//! Squadcast (SolarWinds Incident Response): the JSON of `GET /v3/incidents/export?type=json`
//! (`{"incidents": [...]}`; some clients read a `data` wrapper, both are accepted) and of
//! `GET /v3/incidents/{id}` (`{"data": {...}}`). Field names after Squadcast's V3 incident model.

use super::pages::{Pages, not_counted, walk};
use super::{Bad, label, required, s, time_val};
use crate::core::import::read::json_path;
use crate::core::import::{Collector, FormatError, SkipReason};
use crate::core::model::Incident;
use serde_json::Value;

const PAGES: Pages = Pages {
    tool: "Squadcast",
    lists: &["incidents", "data"],
    item_key: "alert_source_id",
    expected: "the JSON of GET /v3/incidents/export: {\"incidents\": [...]}",
};

pub fn import(text: &str, c: &mut Collector) -> Result<(), FormatError> {
    walk(text, c, &PAGES, &mut incident)
}

fn incident(t: &Value, c: &mut Collector) -> Result<Incident, Bad> {
    let status = s(t, &["status"]).unwrap_or_default();
    if let Some(reason) = not_counted(&status) {
        return Err(Bad::new(reason, format!("status {status:?}")));
    }
    let id = s(t, &["id"])
        .or_else(|| s(t, &["incident_number"]))
        .ok_or_else(|| Bad::new(SkipReason::MissingId, "the incident has neither id nor incident_number"))?;
    let zone = c.zone().clone();
    let mut start = time_val(t.get("time_of_creation"), "time_of_creation", &zone)?;
    if start.is_none() {
        start = time_val(t.get("created_at"), "created_at", &zone)?;
    }
    let start = required(start, "time_of_creation")?;
    let resolved_log = match t.get("logs") {
        Some(Value::Array(logs)) => {
            logs.iter().rev().find(|l| s(l, &["action"]).is_some_and(|a| a.eq_ignore_ascii_case("resolved")))
        }
        _ => None,
    };
    let mut end = match resolved_log {
        Some(l) => time_val(l.get("time"), "logs.time", &zone)?,
        None => None,
    };
    if end.is_none() && status.eq_ignore_ascii_case("resolved") {
        // analytics.ttr.time: milliseconds from creation to resolution.
        end = json_path(t, &["analytics", "ttr", "time"])
            .and_then(Value::as_i64)
            .filter(|ms| *ms > 0)
            .map(|ms| start.saturating_add(ms));
    }
    let mut i = Incident::new(id, start);
    i.resolved_at = end;
    i.title = s(t, &["message"]).or_else(|| s(t, &["title"])).map(Into::into);
    i.service = s(t, &["service_name"]).or_else(|| label(t.get("service"))).and_then(|x| c.names.get(&x));
    i.team = s(t, &["team_name"]).or_else(|| label(t.get("owner"))).and_then(|x| c.names.get(&x));
    i.severity = s(t, &["priority"]).or_else(|| s(t, &["severity"])).and_then(|x| c.names.get(&x));
    Ok(i)
}

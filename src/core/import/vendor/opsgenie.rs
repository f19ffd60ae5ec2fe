//! Opsgenie incidents (`GET /v1/incidents`) and alerts (`GET /v2/alerts`): `{"data": [...], "paging", "took",
//! "requestId"}` pages, one or several back to back.

use super::{
    Bad, emit_incident, is_array, json_text, json_values, label, raw_items, raw_member, raw_members, required, s,
    short, time_val, tree,
};
use crate::core::import::SkipReason;
use crate::core::import::read::LineCursor;
use crate::core::import::{Collector, FormatError};
use crate::core::model::Incident;
use serde_json::Value;

pub fn import(text: &str, c: &mut Collector) -> Result<(), FormatError> {
    let mut cur = LineCursor::new(text);
    let mut found = false;
    for v in json_values(text)? {
        let items = if is_array(v) {
            raw_items(v)
        } else {
            let m = raw_members(v);
            match raw_member(&m, "data") {
                Some(d) if is_array(d) => raw_items(d),
                Some(d) => vec![d],
                None if raw_member(&m, "tinyId").is_some() => vec![v],
                None => {
                    let (line, col) = cur.of(v.get());
                    c.row();
                    let msg = raw_member(&m, "message").map_or_else(|| short(v.get()), |e| short(e.get()));
                    c.skip(line, Some(col), SkipReason::NotAPageOfIncidents, msg);
                    continue;
                }
            }
        };
        found = true;
        for raw in items {
            let (line, col) = cur.of(raw.get());
            let t = tree(raw);
            let r = incident(&t, c);
            emit_incident(c, line, Some(col), r);
        }
    }
    if !found {
        return Err(FormatError::new(1, 1, "no Opsgenie incidents or alerts found (expected a data array)"));
    }
    Ok(())
}

fn incident(t: &Value, c: &mut Collector) -> Result<Incident, Bad> {
    if !t.is_object() {
        return Err(Bad::new(SkipReason::NotAnIncident, json_text(t)));
    }
    let id = s(t, &["id"])
        .or_else(|| s(t, &["tinyId"]))
        .ok_or_else(|| Bad::new(SkipReason::MissingId, "the item has neither id nor tinyId"))?;
    let zone = c.zone().clone();
    let created = time_val(t.get("createdAt"), "createdAt", &zone)?;
    let start = match time_val(t.get("impactStartDate"), "impactStartDate", &zone)? {
        Some(x) => x,
        None => required(created, "createdAt")?,
    };
    let status = s(t, &["status"]).unwrap_or_default().to_ascii_lowercase();
    let done = status == "resolved" || status == "closed";
    let mut end = time_val(t.get("impactEndDate"), "impactEndDate", &zone)?;
    if end.is_none() && done {
        // Alerts: report.closeTime is milliseconds from creation to close.
        let close = t.get("report").and_then(|r| r.get("closeTime")).and_then(Value::as_i64).filter(|ms| *ms > 0);
        end = match (created, close) {
            (Some(c0), Some(ms)) => Some(c0.saturating_add(ms)),
            _ => time_val(t.get("updatedAt"), "updatedAt", &zone)?,
        };
    }
    let mut i = Incident::new(id, start);
    i.resolved_at = end;
    i.title = s(t, &["message"]).map(Into::into);
    i.severity = s(t, &["priority"]).and_then(|x| c.names.get(&x));
    let team = label(t.get("ownerTeam"))
        .or_else(|| match t.get("teams") {
            Some(Value::Array(teams)) => teams.iter().find_map(|x| label(Some(x)).or_else(|| s(x, &["id"]))),
            _ => None,
        })
        .or_else(|| match t.get("responders") {
            Some(Value::Array(rs)) => rs
                .iter()
                .filter(|r| s(r, &["type"]).as_deref() == Some("team"))
                .find_map(|r| label(Some(r)).or_else(|| s(r, &["id"]))),
            _ => None,
        });
    i.team = team.and_then(|x| c.names.get(&x));
    i.service = match t.get("impactedServices") {
        Some(Value::Array(sv)) => sv.iter().find_map(|x| label(Some(x))),
        _ => None,
    }
    .and_then(|x| c.names.get(&x));
    Ok(i)
}

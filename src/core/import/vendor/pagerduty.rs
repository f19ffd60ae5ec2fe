//! PagerDuty incidents: the REST API (`GET /incidents` pages, `{"incidents": [...], "limit", "offset",
//! "more"}`, possibly several back to back) and the incidents CSV export.

use super::{
    Bad, Record, emit_incident, is_array, json_text, json_values, label, raw_items, raw_member, raw_members, records,
    required, s, short, time_val, tree,
};
use crate::core::import::SkipReason;
use crate::core::import::read::LineCursor;
use crate::core::import::{Collector, FormatError};
use crate::core::model::Incident;
use serde_json::Value;

pub fn json(text: &str, c: &mut Collector) -> Result<(), FormatError> {
    let mut cur = LineCursor::new(text);
    let mut found = false;
    for v in json_values(text)? {
        let items = if is_array(v) {
            raw_items(v)
        } else {
            let m = raw_members(v);
            if let Some(list) = raw_member(&m, "incidents") {
                raw_items(list)
            } else if let Some(one) = raw_member(&m, "incident") {
                vec![one]
            } else if raw_member(&m, "incident_number").is_some() {
                vec![v]
            } else {
                let (line, col) = cur.of(v.get());
                c.row();
                let msg = raw_member(&m, "error").map_or_else(|| short(v.get()), |e| short(e.get()));
                c.skip(line, Some(col), SkipReason::NotAPageOfIncidents, msg);
                continue;
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
        return Err(FormatError::new(1, 1, "no PagerDuty incidents found (expected the list-incidents response)"));
    }
    Ok(())
}

fn incident(t: &Value, c: &mut Collector) -> Result<Incident, Bad> {
    if !t.is_object() {
        return Err(Bad::new(SkipReason::NotAnIncident, json_text(t)));
    }
    let id = s(t, &["id"])
        .or_else(|| s(t, &["incident_number"]))
        .ok_or_else(|| Bad::new(SkipReason::MissingId, "the incident has neither id nor incident_number"))?;
    let zone = c.zone().clone();
    let start = required(time_val(t.get("created_at"), "created_at", &zone)?, "created_at")?;
    let status = s(t, &["status"]).unwrap_or_default();
    let mut end = time_val(t.get("resolved_at"), "resolved_at", &zone)?;
    if end.is_none() && status.eq_ignore_ascii_case("resolved") {
        end = time_val(t.get("last_status_change_at"), "last_status_change_at", &zone)?;
    }
    let mut i = Incident::new(id, start);
    i.resolved_at = end;
    i.service = label(t.get("service")).and_then(|x| c.names.get(&x));
    i.team = match t.get("teams") {
        Some(Value::Array(teams)) => teams.iter().find_map(|x| label(Some(x))),
        _ => None,
    }
    .and_then(|x| c.names.get(&x));
    i.title = s(t, &["title"]).or_else(|| s(t, &["summary"])).or_else(|| s(t, &["description"])).map(Into::into);
    i.severity = label(t.get("priority")).or_else(|| s(t, &["urgency"])).and_then(|x| c.names.get(&x));
    Ok(i)
}

const ID: &[&str] = &["id", "incident_id", "incident_number", "incident number", "number"];
const START: &[&str] = &["created_on", "created_at", "created", "created at", "opened_on"];
const END: &[&str] = &["resolved_on", "resolved_at", "resolved", "resolved at"];
const TEAM: &[&str] = &["team", "teams", "team_name", "team_names", "team name", "team names"];
const SERVICE: &[&str] = &["service_name", "service", "service name"];

/// The incidents CSV export (columns such as id, incident_number, description, status, urgency,
/// priority, service_name, escalation_policy_name, created_on, resolved_on).
pub fn csv(text: &str, c: &mut Collector) -> Result<(), FormatError> {
    records(text, &["incident_number", "id"], c, |r, c| {
        let res = csv_incident(r, c);
        emit_incident(c, r.line, r.column, res);
    })
}

fn csv_incident(r: &Record, c: &mut Collector) -> Result<Incident, Bad> {
    let id =
        r.get(ID).ok_or_else(|| Bad::new(SkipReason::MissingId, "id and incident_number are empty").at(r.col(ID)))?;
    let zone = c.zone().clone();
    let start = required(r.time(START, &zone)?, "created_on").map_err(|b| b.at(r.col(START)))?;
    let mut i = Incident::new(id.as_ref(), start);
    i.resolved_at = r.time(END, &zone)?;
    if i.resolved_at.is_none() && r.get(&["status"]).is_some_and(|s| s.eq_ignore_ascii_case("resolved")) {
        i.resolved_at = r.time(&["last_status_change_at", "last_status_change_on"], &zone)?;
    }
    i.title = r.get(&["title", "description", "summary"]).map(|t| t.as_ref().into());
    i.service = r.get(SERVICE).and_then(|x| c.names.get(&x));
    // A list of teams: the first one.
    i.team = r.get(TEAM).and_then(|x| x.split([',', ';']).next().and_then(|t| c.names.get(t)));
    i.severity = r.get(&["priority", "priority_name", "urgency"]).and_then(|x| c.names.get(&x));
    Ok(i)
}

const ANALYTICS: super::pages::Pages = super::pages::Pages {
    tool: "PagerDuty Analytics",
    lists: &["data"],
    item_key: "seconds_to_resolve",
    expected: "the response of POST /analytics/raw/incidents: {\"data\": [...]}",
};

/// PagerDuty Analytics raw incidents (`POST /analytics/raw/incidents`: `{"data": [...], "more",
/// "last", "time_zone"}`). Its times carry no offset: they are in the request's `time_zone`, which
/// the page repeats. They are read in UTC when that is UTC (the API's default), in the report zone
/// when it is the report zone, and otherwise in UTC with a warning to pass that zone as `--tz`.
pub fn analytics(text: &str, c: &mut Collector) -> Result<(), FormatError> {
    let page_zone = json_values(text)?.iter().find_map(|v| raw_member(&raw_members(v), "time_zone").map(tree));
    let page_zone = page_zone.as_ref().and_then(|z| z.as_str()).map(str::to_string);
    let report = c.zone().clone();
    let zone = match page_zone.as_deref() {
        None => crate::core::time::Zone::utc(),
        Some(z) if crate::core::time::Zone::is_utc_name(z) => crate::core::time::Zone::utc(),
        Some(z) if z == report.name() => report,
        Some(z) => {
            c.warn(format!(
                "the times are in {z} (the page's time_zone) but carry no offset: they were read in UTC; \
                 pass --tz {z} (or choose {z} in the dashboard) to read them in that zone"
            ));
            crate::core::time::Zone::utc()
        }
    };
    super::pages::walk(text, c, &ANALYTICS, &mut |t, c| analytics_incident(t, &zone, c))
}

fn analytics_incident(t: &Value, zone: &crate::core::time::Zone, c: &mut Collector) -> Result<Incident, Bad> {
    let id = s(t, &["id"])
        .or_else(|| s(t, &["incident_number"]))
        .ok_or_else(|| Bad::new(SkipReason::MissingId, "the incident has neither id nor incident_number"))?;
    let start = required(time_val(t.get("created_at"), "created_at", zone)?, "created_at")?;
    let mut end = time_val(t.get("resolved_at"), "resolved_at", zone)?;
    if end.is_none()
        && let Some(secs) = t.get("seconds_to_resolve").and_then(Value::as_i64).filter(|x| *x >= 0)
    {
        end = Some(start.saturating_add(secs.saturating_mul(1000)));
    }
    let mut i = Incident::new(id, start);
    i.resolved_at = end;
    i.title = s(t, &["description"]).map(Into::into);
    i.service = s(t, &["service_name"]).and_then(|x| c.names.get(&x));
    i.team = s(t, &["team_name"]).and_then(|x| c.names.get(&x));
    i.severity = s(t, &["priority_name"]).or_else(|| s(t, &["urgency"])).and_then(|x| c.names.get(&x));
    Ok(i)
}

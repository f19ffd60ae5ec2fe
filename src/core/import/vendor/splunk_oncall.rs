//! Splunk On-Call (VictorOps): `GET /api-public/v1/incidents` (`{"incidents": [...]}`) and the
//! reporting API `GET /api-reporting/v2/incidents` (`{"offset", "limit", "total", "incidents"}`).
//! Neither has a resolved time field: the `RESOLVED` transition is the resolution.

use super::pages::{Pages, first, unescape_html, walk};
use super::{Bad, label, required, s, time_val};
use crate::core::import::{Collector, FormatError, SkipReason};
use crate::core::model::Incident;
use serde_json::Value;

const PAGES: Pages = Pages {
    tool: "Splunk On-Call",
    lists: &["incidents"],
    item_key: "incidentNumber",
    expected: "the response of GET /api-public/v1/incidents or /api-reporting/v2/incidents: {\"incidents\": [...]}",
};

pub fn import(text: &str, c: &mut Collector) -> Result<(), FormatError> {
    walk(text, c, &PAGES, &mut incident)
}

fn incident(t: &Value, c: &mut Collector) -> Result<Incident, Bad> {
    let id = s(t, &["incidentNumber"])
        .ok_or_else(|| Bad::new(SkipReason::MissingId, "the incident has no incidentNumber"))?;
    let zone = c.zone().clone();
    let start = required(time_val(t.get("startTime"), "startTime", &zone)?, "startTime")?;
    let resolved = |v: &Value| s(v, &["name"]).is_some_and(|n| n.eq_ignore_ascii_case("resolved"));
    let mut end = match t.get("transitions") {
        Some(Value::Array(ts)) => match ts.iter().rev().find(|x| resolved(x)) {
            Some(x) => time_val(x.get("at"), "transitions.at", &zone)?,
            None => None,
        },
        _ => None,
    };
    if end.is_none() && s(t, &["currentPhase"]).is_some_and(|p| p.eq_ignore_ascii_case("resolved")) {
        // Resolved without its transition in the export: the last alert is the nearest time.
        end = time_val(t.get("lastAlertTime"), "lastAlertTime", &zone)?;
    }
    let mut i = Incident::new(id, start);
    i.resolved_at = end;
    i.title = s(t, &["entityDisplayName"]).or_else(|| s(t, &["service"])).map(|x| unescape_html(&x).into());
    i.service = s(t, &["service"]).map(|x| unescape_html(&x)).and_then(|x| c.names.get(&x));
    let policy_team = first(t.get("pagedPolicies")).and_then(|p| label(p.get("team")));
    i.team = policy_team.or_else(|| label(first(t.get("pagedTeams")))).and_then(|x| c.names.get(&x));
    Ok(i)
}

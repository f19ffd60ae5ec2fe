//! Grafana OnCall: `GET /api/v1/alert_groups/` pages (Django REST paging: `{"count", "next",
//! "previous", "results": [...]}`). An alert group is an incident.

use super::pages::{Pages, walk};
use super::{Bad, required, s, time_val};
use crate::core::import::{Collector, FormatError, SkipReason};
use crate::core::model::Incident;
use serde_json::Value;

const PAGES: Pages = Pages {
    tool: "Grafana OnCall",
    lists: &["results"],
    item_key: "alerts_count",
    expected: "the response of GET /api/v1/alert_groups/: {\"results\": [...]}",
};

pub fn import(text: &str, c: &mut Collector) -> Result<(), FormatError> {
    walk(text, c, &PAGES, &mut incident)
}

fn incident(t: &Value, c: &mut Collector) -> Result<Incident, Bad> {
    let id = s(t, &["id"]).ok_or_else(|| Bad::new(SkipReason::MissingId, "the alert group has no id"))?;
    let zone = c.zone().clone();
    let start = required(time_val(t.get("created_at"), "created_at", &zone)?, "created_at")?;
    let mut i = Incident::new(id, start);
    i.resolved_at = time_val(t.get("resolved_at"), "resolved_at", &zone)?;
    i.title = s(t, &["title"]).map(Into::into);
    i.team = s(t, &["team_name"]).or_else(|| s(t, &["team_id"])).and_then(|x| c.names.get(&x));
    i.service = s(t, &["integration_name"]).and_then(|x| c.names.get(&x));
    Ok(i)
}

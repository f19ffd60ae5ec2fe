//! ServiceNow incidents: the list export as CSV (field names or labels as headers) and the JSON of
//! the Table API (`{"result": [...]}`, plain or with `sysparm_display_value=all` objects) or of the
//! JSONv2 processor (`{"records": [...]}`). Audit-style exports with several rows per number collapse
//! into one incident (earliest opening, latest resolution).

use super::{Bad, Record, emit_incident, records, required};
use crate::core::import::SkipReason;
use crate::core::import::{Collector, FormatError};
use crate::core::model::Incident;

const NUMBER: &[&str] = &["number", "sys_id"];
const OPENED: &[&str] = &["opened_at", "opened", "sys_created_on", "created"];
const RESOLVED: &[&str] = &["resolved_at", "resolved"];
const CLOSED: &[&str] = &["closed_at", "closed"];
const GROUP: &[&str] = &["assignment_group", "assignment group"];
const SERVICE: &[&str] = &["business_service", "business service", "service", "cmdb_ci", "configuration item"];
const SEVERITY: &[&str] = &["priority", "severity"];
const TITLE: &[&str] = &["short_description", "short description", "description"];
const STATE: &[&str] = &["state", "incident_state", "incident state"];

pub fn import(text: &str, c: &mut Collector) -> Result<(), FormatError> {
    records(text, &["number", "sys_id"], c, |r, c| {
        let res = incident(r, c);
        emit_incident(c, r.line, r.column, res);
    })
}

/// A reference field exported without display values: a 32-hex sys_id.
fn is_sys_id(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

fn incident(r: &Record, c: &mut Collector) -> Result<Incident, Bad> {
    if let Some(state) = r.get(STATE) {
        let st = state.trim();
        if st == "8" || st.eq_ignore_ascii_case("canceled") || st.eq_ignore_ascii_case("cancelled") {
            return Err(Bad::new(SkipReason::CanceledIncident, format!("state {st:?}")).at(r.col(STATE)));
        }
    }
    let id = r.get(NUMBER).ok_or_else(|| Bad::new(SkipReason::MissingId, "number is empty").at(r.col(NUMBER)))?;
    let zone = c.zone().clone();
    let start = required(r.time(OPENED, &zone)?, "opened_at").map_err(|b| b.at(r.col(OPENED)))?;
    let end = match r.time(RESOLVED, &zone)? {
        Some(t) => Some(t),
        None => r.time(CLOSED, &zone)?,
    };
    let team = r.get(GROUP);
    let service = r.get(SERVICE);
    if team.as_deref().is_some_and(is_sys_id) || service.as_deref().is_some_and(is_sys_id) {
        c.warn(
            "assignment_group / business_service hold sys_ids, not names: export with display values \
             (sysparm_display_value=true or all) to see team and service names"
                .to_string(),
        );
    }
    let mut i = Incident::new(id.as_ref(), start);
    i.resolved_at = end;
    i.team = team.and_then(|x| c.names.get(&x));
    i.service = service.and_then(|x| c.names.get(&x));
    i.severity = r.get(SEVERITY).and_then(|x| c.names.get(&x));
    i.title = r.get(TITLE).map(|t| t.as_ref().into());
    Ok(i)
}

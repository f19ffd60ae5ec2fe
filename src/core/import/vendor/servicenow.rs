//! ServiceNow incidents: the list export as CSV (field names or labels as headers) and the JSON of
//! the Table API (`{"result": [...]}`, plain or with `sysparm_display_value=all` objects) or of the
//! JSONv2 processor (`{"records": [...]}`). Event-log exports with one row per update of an
//! incident (the same number on many rows) collapse into one incident per number: the latest row
//! (highest `sys_mod_count`, then latest `sys_updated_on`; between rows that say neither, the
//! first) is imported,
//! and the earlier rows are skipped by the rule "earlier update of an incident".

use super::ServicenowRow;
use super::{Bad, Record, emit_incident, records, required};
use crate::core::import::SkipReason;
use crate::core::import::{Collector, FileImport, FormatError, ImportOptions};
use crate::core::model::Incident;
use crate::core::pace::Pacer;
use rustc_hash::FxHashMap;

const NUMBER: &[&str] = &["number", "sys_id"];
const OPENED: &[&str] = &["opened_at", "opened", "sys_created_on", "created"];
const RESOLVED: &[&str] = &["resolved_at", "resolved"];
const CLOSED: &[&str] = &["closed_at", "closed"];
const GROUP: &[&str] = &["assignment_group", "assignment group"];
const SERVICE: &[&str] = &["business_service", "business service", "service", "cmdb_ci", "configuration item"];
const SEVERITY: &[&str] = &["priority", "severity"];
const TITLE: &[&str] = &["short_description", "short description", "description"];
const STATE: &[&str] = &["state", "incident_state", "incident state"];

const UPDATED: &[&str] = &["sys_updated_on", "sys_updated_at", "updated"];
const MOD_COUNT: &[&str] = &["sys_mod_count", "updates"];

pub fn import(text: &str, c: &mut Collector) -> Result<(), FormatError> {
    let mut rows: Vec<ServicenowRow> = Vec::new();
    records(text, &["number", "sys_id"], c, |r, c| {
        let zone = c.zone().clone();
        let count = r.get(MOD_COUNT).and_then(|n| n.trim().parse::<i64>().ok()).unwrap_or(-1);
        let updated = r.time(UPDATED, &zone).ok().flatten().unwrap_or(i64::MIN);
        let place = (-i64::from(r.line), -i64::from(r.column.unwrap_or(0)));
        let key = r.get(NUMBER).map(|n| (n.trim().into(), (count, updated, place.0, place.1)));
        let result = incident(r, c);
        // Names cleaned of control characters are noted where they are read, as in any import.
        c.note_cleaned_names(r.line);
        rows.push(ServicenowRow { file: c.source(r.line).file, line: r.line, column: r.column, key, result });
    })?;
    if c.opts.part_of_file {
        c.out.pending.servicenow.append(&mut rows);
    } else {
        collapse(rows, c);
    }
    Ok(())
}

/// Collapses the rows the blocks of a large file handed on ([`FileImport::pending`], joined in
/// file order), as [`import`] does for the whole file at once.
pub async fn join_pending<P, F>(file: FileImport, opts: &ImportOptions, pause: P) -> FileImport
where
    P: FnMut(f64) -> F,
    F: Future<Output = ()>,
{
    let mut file = file;
    let rows = std::mem::take(&mut file.pending.servicenow);
    let Some(index) = rows.first().map(|r| r.file) else { return file };
    let opts = opts.for_join();
    let mut c = Collector::resume(file, index, &opts);
    let mut pacer = Pacer::new(rows.len(), pause);
    pacer.tick_n(rows.len()).await;
    collapse(rows, &mut c);
    c.finish()
}

/// One incident per number: its latest row (highest update count, then latest update time, then
/// the first in the file); the earlier rows are skipped by rule. Rows are reported in file order.
fn collapse(rows: Vec<ServicenowRow>, c: &mut Collector) {
    let mut latest: FxHashMap<&str, super::deferred::UpdateOrder> = FxHashMap::default();
    for (id, order) in rows.iter().filter_map(|r| r.key.as_ref()) {
        let e = latest.entry(id).or_insert(*order);
        *e = (*e).max(*order);
    }
    let earlier: Vec<Option<String>> = rows
        .iter()
        .map(|r| {
            let (id, order) = r.key.as_ref()?;
            let last = latest.get(&**id).filter(|l| *l != order)?;
            Some(format!("{id}: its latest row, line {}, is imported", -last.2))
        })
        .collect();
    drop(latest);
    for (r, earlier) in rows.into_iter().zip(earlier) {
        match earlier {
            Some(detail) => {
                c.row();
                c.skip(r.line, r.column, SkipReason::EarlierUpdate, detail);
            }
            None => emit_incident(c, r.line, r.column, r.result),
        }
    }
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

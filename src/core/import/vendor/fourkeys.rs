//! Four Keys (dora-team/fourkeys) tables exported from BigQuery: `deployments`, `changes` and
//! `incidents`, as CSV, a JSON array or newline-delimited JSON.

use super::{Bad, Record, emit_deployment, emit_incident, precheck, records, required};
use crate::core::import::SkipReason;
use crate::core::import::{Collector, FormatError};
use crate::core::model::{Commit, Deployment, Incident};

const ENVIRONMENT: &[&str] = &["environment", "metadata_environment"];
const SERVICE: &[&str] = &["service", "metadata_service"];

fn missing_id(r: &Record, col: &str) -> Bad {
    Bad::new(SkipReason::MissingId, format!("{col} is empty")).at(r.col(&[col]))
}

/// `deployments`: deploy_id, time_created, main_commit, changes (the commits it shipped).
pub fn deployments(text: &str, c: &mut Collector) -> Result<(), FormatError> {
    records(text, &["deploy_id"], c, |r, c| {
        let res = deployment(r, c);
        emit_deployment(c, r.line, r.column, res);
    })
}

fn deployment(r: &Record, c: &mut Collector) -> Result<Deployment, Bad> {
    let id = r.get(&["deploy_id"]).ok_or_else(|| missing_id(r, "deploy_id"))?;
    let environment = r.get(ENVIRONMENT);
    precheck(environment.as_deref(), None)?;
    let at =
        required(r.time(&["time_created"], c.zone())?, "time_created").map_err(|b| b.at(r.col(&["time_created"])))?;
    let mut d = Deployment::new(id.as_ref(), at);
    d.commit_sha = r.get(&["main_commit"]).map(|s| s.as_ref().into());
    d.commits = r.list("changes").into_iter().map(|sha| Commit { sha: sha.into(), committed_at: None }).collect();
    d.environment = environment.and_then(|e| c.names.get(&e));
    d.service = r.get(SERVICE).and_then(|s| c.names.get(&s));
    Ok(d)
}

/// `changes`: change_id, time_created. Each row gives a commit time that fills the commits of the
/// deployments loaded with it.
pub fn changes(text: &str, c: &mut Collector) -> Result<(), FormatError> {
    records(text, &["change_id"], c, |r, c| {
        c.row();
        let res = r.get(&["change_id"]).ok_or_else(|| missing_id(r, "change_id")).and_then(|id| {
            let at = r.time(&["time_created"], c.zone())?;
            Ok((id, required(at, "time_created").map_err(|b| b.at(r.col(&["time_created"])))?))
        });
        match res {
            Ok((id, at)) => c.commit_time(&id, at),
            Err(b) => c.skip(r.line, b.column.or(r.column), b.reason, b.detail),
        }
    })?;
    Ok(())
}

/// `incidents`: incident_id, time_created, time_resolved, changes (the root-cause commits).
pub fn incidents(text: &str, c: &mut Collector) -> Result<(), FormatError> {
    records(text, &["incident_id"], c, |r, c| {
        let res = incident(r, c);
        emit_incident(c, r.line, r.column, res);
    })
}

fn incident(r: &Record, c: &mut Collector) -> Result<Incident, Bad> {
    let id = r.get(&["incident_id"]).ok_or_else(|| missing_id(r, "incident_id"))?;
    let zone = c.zone().clone();
    let start =
        required(r.time(&["time_created"], &zone)?, "time_created").map_err(|b| b.at(r.col(&["time_created"])))?;
    let mut i = Incident::new(id.as_ref(), start);
    i.resolved_at = r.time(&["time_resolved"], &zone)?;
    i.caused_by = r.list("changes").into_iter().next().map(Into::into);
    i.service = r.get(SERVICE).and_then(|s| c.names.get(&s));
    Ok(i)
}

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

/// `events_raw`: the webhook events Four Keys stores (event_type, id, metadata, time_created,
/// signature, msg_id, source), `metadata` holding the webhook body as JSON text. GitHub
/// `deployment_status` and GitLab `deployment` events are deployments; other events are rows
/// skipped by rule.
pub fn events_raw(text: &str, c: &mut Collector) -> Result<(), FormatError> {
    records(text, &["event_type"], c, |r, c| {
        let res = event(r, c);
        emit_deployment(c, r.line, r.column, res);
    })
}

fn event(r: &Record, c: &mut Collector) -> Result<Deployment, Bad> {
    let kind = r.get(&["event_type"]).unwrap_or_default();
    if kind != "deployment_status" && kind != "deployment" {
        return Err(
            Bad::new(SkipReason::NotADeploymentEvent, format!("event_type {kind:?}")).at(r.col(&["event_type"]))
        );
    }
    let meta = r.json("metadata").filter(serde_json::Value::is_object).ok_or_else(|| {
        Bad::new(SkipReason::NotADeploymentObject, "metadata is not a JSON object").at(r.col(&["metadata"]))
    })?;
    let at = r.time(&["time_created"], c.zone())?;
    let (id, environment, state, sha, fallback, team) = if kind == "deployment_status" {
        let st = meta.get("deployment_status").cloned().unwrap_or_default();
        let dep = meta.get("deployment").cloned().unwrap_or_default();
        (
            r.get(&["id"]).map(|s| s.to_string()).or_else(|| super::s(&st, &["id"])),
            super::s(&dep, &["environment"]),
            super::s(&st, &["state"]),
            super::s(&dep, &["sha"]),
            super::time_val(st.get("updated_at"), "metadata.deployment_status.updated_at", c.zone())?,
            super::s(&meta, &["repository", "name"]),
        )
    } else {
        (
            super::s(&meta, &["deployment_id"]).or_else(|| r.get(&["id"]).map(|s| s.to_string())),
            super::s(&meta, &["environment"]),
            super::s(&meta, &["status"]),
            super::s(&meta, &["sha"]),
            super::time_val(meta.get("status_changed_at"), "metadata.status_changed_at", c.zone())?,
            super::s(&meta, &["project", "name"]),
        )
    };
    let id = id.ok_or_else(|| missing_id(r, "id"))?;
    precheck(environment.as_deref(), state.as_deref())?;
    let at = required(at.or(fallback), "time_created").map_err(|b| b.at(r.col(&["time_created"])))?;
    let mut d = Deployment::new(id, at);
    d.commit_sha = sha.filter(|x| super::looks_like_sha(x)).map(Into::into);
    d.environment = environment.and_then(|e| c.names.get(&e));
    d.status = state.and_then(|s| c.names.get(&s));
    d.team = team.and_then(|t| c.names.get(&t));
    d.service = d.team.clone();
    Ok(d)
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

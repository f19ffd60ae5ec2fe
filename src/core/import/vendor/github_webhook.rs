//! GitHub `deployment_status` webhook deliveries (`{"action", "deployment_status", "deployment",
//! "repository"}`), as a webhook log or a relay stores them: one per file, an array, or back to
//! back. Each delivery is a row; a `success` status is the deployment's time.

use super::items::{any, each_object, first_time};
use super::{Bad, emit_deployment, looks_like_sha, precheck};
use crate::core::import::{Collector, FormatError, SkipReason};
use crate::core::model::Deployment;
use serde_json::Value;

pub fn import(text: &str, c: &mut Collector) -> Result<(), FormatError> {
    each_object(text, &[], SkipReason::NotADeploymentObject, c, &mut |t, line, col, c| {
        let r = delivery(t, c);
        emit_deployment(c, line, Some(col), r);
    })?;
    Ok(())
}

/// One delivery: the deployment it is about, if its status is a success in production.
pub(crate) fn delivery(t: &Value, c: &mut Collector) -> Result<Deployment, Bad> {
    let (Some(st), Some(dep)) = (t.get("deployment_status"), t.get("deployment")) else {
        return Err(Bad::new(SkipReason::NotADeploymentObject, "no deployment_status and deployment"));
    };
    let id = any(dep, &[&["id"]])
        .or_else(|| any(st, &[&["id"]]))
        .ok_or_else(|| Bad::new(SkipReason::MissingId, "deployment.id is empty"))?;
    let environment = any(st, &[&["environment"]]).or_else(|| any(dep, &[&["environment"]]));
    // GitHub says whether an environment is production; a name decides only when it does not.
    if dep.get("production_environment").and_then(Value::as_bool) != Some(true) {
        precheck(environment.as_deref(), None)?;
    }
    let state = any(st, &[&["state"]]).unwrap_or_default().to_ascii_lowercase();
    match state.as_str() {
        "success" => {}
        "queued" | "pending" | "in_progress" => {
            return Err(Bad::new(SkipReason::InProgress, format!("state {state:?}")));
        }
        "failure" | "error" => return Err(Bad::new(SkipReason::FailedAttempt, format!("state {state:?}"))),
        _ => return Err(Bad::new(SkipReason::NoSuccessStatus, format!("state {state:?}"))),
    }
    let zone = c.zone().clone();
    let at = first_time(st, &["created_at", "updated_at"], &zone)?
        .ok_or_else(|| Bad::new(SkipReason::MissingTime, "deployment_status.created_at is empty"))?;
    let mut d = Deployment::new(id, at);
    d.status = c.names.get(&state);
    d.environment = environment.and_then(|e| c.names.get(&e));
    d.commit_sha = any(dep, &[&["sha"]]).filter(|x| looks_like_sha(x)).map(Into::into);
    d.team = any(t, &[&["repository", "name"]]).and_then(|r| c.names.get(&r));
    d.service = d.team.clone();
    Ok(d)
}

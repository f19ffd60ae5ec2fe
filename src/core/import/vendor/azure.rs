//! Azure DevOps: classic release deployments (`GET …/_apis/release/deployments`, each with its
//! `releaseEnvironment` and `deploymentStatus`) and pipeline builds (`GET …/_apis/build/builds`,
//! `{"count", "value": [...]}`), pages back to back; the docs' examples wrap a response in
//! `responses.200.body`. Builds count as deployments under the workflow filter (the definition's
//! name, like a GitHub Actions workflow) on the default branch.

use super::github::is_deployment_workflow;
use super::items::{any, each_object, first_time};
use super::workflows::Seen;
use super::{Bad, emit_deployment, looks_like_sha, precheck};
use crate::core::import::{Collector, FormatError, SkipReason};
use crate::core::model::Deployment;
use serde_json::Value;

pub fn import(text: &str, c: &mut Collector) -> Result<(), FormatError> {
    let mut seen = Seen::default();
    each_object(text, &["value"], SkipReason::NotADeploymentObject, c, &mut |t, line, col, c| {
        let r = if t.get("deploymentStatus").is_some() || t.get("releaseEnvironment").is_some() {
            release_deployment(t, c)
        } else {
            build(t, &mut seen, c)
        };
        emit_deployment(c, line, Some(col), r);
    })?;
    let filter = c.opts.workflows.clone();
    seen.warn("builds", &filter, c);
    Ok(())
}

fn release_deployment(t: &Value, c: &mut Collector) -> Result<Deployment, Bad> {
    let id = any(t, &[&["id"]]).ok_or_else(|| Bad::new(SkipReason::MissingId, "the deployment has no id"))?;
    let environment = any(t, &[&["releaseEnvironment", "name"]]);
    precheck(environment.as_deref(), None)?;
    let status = any(t, &[&["deploymentStatus"]]).unwrap_or_default();
    match status.to_ascii_lowercase().as_str() {
        "inprogress" | "undefined" => {
            return Err(Bad::new(SkipReason::InProgress, format!("deploymentStatus {status:?}")));
        }
        "notdeployed" => {
            let op = any(t, &[&["operationStatus"]]).unwrap_or_default();
            return Err(Bad::new(
                SkipReason::NotASuccess,
                format!("deploymentStatus \"notDeployed\", operationStatus {op:?}"),
            ));
        }
        _ => precheck(None, Some(&status))?,
    }
    let zone = c.zone().clone();
    let at = first_time(t, &["completedOn", "lastModifiedOn"], &zone)?
        .ok_or_else(|| Bad::new(SkipReason::MissingTime, "completedOn is empty"))?;
    let mut d = Deployment::new(id, at);
    d.status = c.names.get(&status);
    d.environment = environment.and_then(|e| c.names.get(&e));
    d.team = any(t, &[&["releaseDefinition", "name"]]).and_then(|n| c.names.get(&n));
    d.service = d.team.clone();
    // The commit of the first Git artifact: `release.artifacts[].definitionReference.version.id`.
    if let Some(Value::Array(arts)) = crate::core::import::read::json_path(t, &["release", "artifacts"]) {
        d.commit_sha = arts
            .iter()
            .find_map(|a| {
                any(a, &[&["definitionReference", "sourceVersion", "id"], &["definitionReference", "version", "id"]])
            })
            .filter(|x| looks_like_sha(x))
            .map(Into::into);
    }
    Ok(d)
}

fn build(t: &Value, seen: &mut Seen, c: &mut Collector) -> Result<Deployment, Bad> {
    if t.get("buildNumber").is_none() && t.get("definition").is_none() {
        return Err(Bad::new(SkipReason::NotADeploymentObject, super::short(&super::json_text(t))));
    }
    let id = any(t, &[&["id"]]).ok_or_else(|| Bad::new(SkipReason::MissingId, "the build has no id"))?;
    let name = any(t, &[&["definition", "name"]]).unwrap_or_default();
    let filter = c.opts.workflows.clone();
    let branch = any(t, &[&["sourceBranch"]]).unwrap_or_default();
    let branch = branch.strip_prefix("refs/heads/").unwrap_or(&branch).to_string();
    let matched = is_deployment_workflow(&name, "", &filter);
    seen.run(&name, Some(&branch), matched);
    if !matched {
        return Err(Bad::new(SkipReason::NotADeploymentWorkflow, format!("definition {name:?}")));
    }
    let on_branch = if filter.branches.is_empty() {
        branch == "main" || branch == "master"
    } else {
        filter.branches.iter().any(|b| b.trim() == branch)
    };
    if !on_branch {
        return Err(Bad::new(SkipReason::NotTheDefaultBranch, format!("branch {branch:?}")));
    }
    seen.on_branch();
    let status = any(t, &[&["status"]]).unwrap_or_default();
    if !status.eq_ignore_ascii_case("completed") {
        return Err(Bad::new(SkipReason::InProgress, format!("status {status:?}")));
    }
    let result = any(t, &[&["result"]]).unwrap_or_default();
    precheck(None, Some(&result))?;
    let zone = c.zone().clone();
    let at = first_time(t, &["finishTime"], &zone)?
        .ok_or_else(|| Bad::new(SkipReason::MissingTime, "finishTime is empty"))?;
    let mut d = Deployment::new(id, at);
    d.status = c.names.get(&result);
    d.commit_sha = any(t, &[&["sourceVersion"]]).filter(|x| looks_like_sha(x)).map(Into::into);
    let repo = any(t, &[&["repository", "name"], &["repository", "id"]])
        .map(|r| r.rsplit('/').next().unwrap_or(&r).to_string());
    d.team = repo.and_then(|r| c.names.get(&r));
    d.service = d.team.clone();
    Ok(d)
}

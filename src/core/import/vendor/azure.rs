//! Azure DevOps: classic release deployments (`GET …/_apis/release/deployments`, each with its
//! `releaseEnvironment` and `deploymentStatus`) and pipeline builds (`GET …/_apis/build/builds`,
//! `{"count", "value": [...]}`), pages back to back; the docs' examples wrap a response in
//! `responses.200.body`. Builds count as deployments under the workflow filter (the definition's
//! name, like a GitHub Actions workflow) on the default branch.

use super::items::{any, each_object, first_time};
use super::{Bad, emit_deployment, looks_like_sha, precheck};
use crate::core::import::runs::Seen;
use crate::core::import::{Collector, FormatError, SkipReason};
use crate::core::model::Deployment;
use serde_json::Value;

pub fn import(text: &str, c: &mut Collector) -> Result<(), FormatError> {
    let mut seen = Seen::default();
    each_object(text, &["value"], SkipReason::NotADeploymentObject, c, &mut |t, line, col, c| {
        let r = if t.get("deploymentStatus").is_some() || t.get("releaseEnvironment").is_some() {
            release_deployment(t, c)
        } else if t.get("environmentId").is_some() && t.get("planType").is_some() {
            environment_record(t, c)
        } else if t.get("pipeline").is_some() && t.get("state").is_some() {
            pipeline_run(t, &mut seen, c)
        } else {
            build(t, &mut seen, c)
        };
        emit_deployment(c, line, Some(col), r);
    })?;
    let filter = c.opts.workflows.clone();
    super::workflows::finish(seen, "builds", &filter, c);
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

/// An environment deployment record (`GET …/_apis/distributedtask/environments/{id}/environmentdeploymentrecords`):
/// the deployments of one environment, the one the export asked for, so every record is a
/// deployment to it (it names the environment by id only). Docs-derived: no recorded payload.
fn environment_record(t: &Value, c: &mut Collector) -> Result<Deployment, Bad> {
    let id = any(t, &[&["id"]]).ok_or_else(|| Bad::new(SkipReason::MissingId, "the record has no id"))?;
    let result = any(t, &[&["result"]]).unwrap_or_default();
    if result.is_empty() {
        return Err(Bad::new(SkipReason::InProgress, "no result yet"));
    }
    precheck(None, Some(&result))?;
    let zone = c.zone().clone();
    let at = first_time(t, &["finishTime"], &zone)?
        .ok_or_else(|| Bad::new(SkipReason::MissingTime, "finishTime is empty"))?;
    let mut d = Deployment::new(id, at);
    d.status = c.names.get(&result);
    d.team = any(t, &[&["definition", "name"]]).and_then(|n| c.names.get(&n));
    d.service = d.team.clone();
    Ok(d)
}

/// A pipeline run (`GET …/_apis/pipelines/{id}/runs`): under the workflow filter on
/// `pipeline.name`, on the default branch when the run names its branch. Docs-derived.
fn pipeline_run(t: &Value, seen: &mut Seen, c: &mut Collector) -> Result<Deployment, Bad> {
    let id = any(t, &[&["id"]]).ok_or_else(|| Bad::new(SkipReason::MissingId, "the run has no id"))?;
    let name = any(t, &[&["pipeline", "name"]]).unwrap_or_default();
    let filter = c.opts.workflows.clone();
    let branch = any(t, &[&["resources", "repositories", "self", "refName"]])
        .map(|b| b.strip_prefix("refs/heads/").unwrap_or(&b).to_string());
    seen.check(&name, "pipeline", branch.as_deref(), &filter)?;
    let state = any(t, &[&["state"]]).unwrap_or_default();
    if !state.eq_ignore_ascii_case("completed") {
        return Err(Bad::new(SkipReason::InProgress, format!("state {state:?}")));
    }
    let result = any(t, &[&["result"]]).unwrap_or_default();
    precheck(None, Some(&result))?;
    let zone = c.zone().clone();
    let at = first_time(t, &["finishedDate"], &zone)?
        .ok_or_else(|| Bad::new(SkipReason::MissingTime, "finishedDate is empty"))?;
    let mut d = Deployment::new(id, at);
    d.status = c.names.get(&result);
    d.commit_sha =
        any(t, &[&["resources", "repositories", "self", "version"]]).filter(|x| looks_like_sha(x)).map(Into::into);
    d.team = Some(name).filter(|n| !n.is_empty()).and_then(|n| c.names.get(&n));
    d.service = d.team.clone();
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
    seen.check(&name, "definition", Some(&branch), &filter)?;
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

#[cfg(test)]
mod tests {
    use crate::core::import::{Format, ImportOptions, import_file};

    /// Shapes from the REST reference's field lists (no recorded payload was found).
    #[test]
    fn pipeline_runs_and_environment_records() {
        let runs = r#"{"count": 2, "value": [
            {"id": 7, "name": "20240101.1", "state": "completed", "result": "succeeded",
             "createdDate": "2024-01-01T10:00:00.1234567Z", "finishedDate": "2024-01-01T10:05:00.1234567Z",
             "pipeline": {"id": 3, "name": "deploy-web", "folder": "\\"}, "url": "u"},
            {"id": 8, "name": "20240101.2", "state": "inProgress", "createdDate": "2024-01-01T11:00:00Z",
             "pipeline": {"id": 3, "name": "deploy-web"}, "url": "u"}]}"#;
        let f = import_file("runs.json", runs.as_bytes(), 0, &ImportOptions::default()).unwrap();
        assert_eq!(f.format, Format::AzureDevops);
        assert_eq!((f.rows_read, f.deployments.len()), (2, 1));
        assert_eq!(f.problems[0].reason.text(), "in progress");
        let records = r#"{"count": 2, "value": [
            {"id": 11, "environmentId": 2, "planType": "Build", "stageName": "Deploy", "jobName": "Deploy",
             "result": "succeeded", "startTime": "2024-02-01T10:00:00Z", "finishTime": "2024-02-01T10:03:00Z",
             "definition": {"id": 3, "name": "web"}, "owner": {"id": 90, "name": "20240201.1"}},
            {"id": 12, "environmentId": 2, "planType": "Build", "stageName": "Deploy", "jobName": "Deploy",
             "result": "failed", "startTime": "2024-02-02T10:00:00Z", "finishTime": "2024-02-02T10:03:00Z",
             "definition": {"id": 3, "name": "web"}, "owner": {"id": 91, "name": "20240202.1"}}]}"#;
        let f = import_file("env.json", records.as_bytes(), 0, &ImportOptions::default()).unwrap();
        assert_eq!(f.format, Format::AzureDevops);
        assert_eq!((f.rows_read, f.deployments.len()), (2, 1));
        assert_eq!(f.deployments[0].team.as_deref(), Some("web"));
    }
}

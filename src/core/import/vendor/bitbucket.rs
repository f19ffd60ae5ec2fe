//! Bitbucket Pipelines deployments: `GET /2.0/repositories/{workspace}/{repo}/deployments/` pages
//! (`{"page", "pagelen", "values": [...], "next"}`, back to back), the camelCase objects API
//! clients return, or DevLake's raw table of them. Every deployment object is a row.

use super::items::{any, devlake_params, each_object};
use super::{Bad, emit_deployment, looks_like_sha, precheck, s, time_val};
use crate::core::import::read::json_path;
use crate::core::import::{Collector, FormatError, SkipReason};
use crate::core::model::Deployment;
use serde_json::Value;

pub fn import(text: &str, c: &mut Collector) -> Result<(), FormatError> {
    let mut deployments = 0;
    let mut pipelines = 0;
    each_object(text, &["values"], SkipReason::NotADeploymentObject, c, &mut |t, line, col, c| {
        if s(t, &["type"]).as_deref() == Some("pipeline") {
            pipelines += 1;
            c.row();
            c.skip(line, Some(col), SkipReason::NotADeploymentObject, "a pipeline, not a deployment".into());
            return;
        }
        deployments += 1;
        let r = deployment(t, c);
        emit_deployment(c, line, Some(col), r);
    })?;
    if deployments == 0 && pipelines > 0 {
        return Err(FormatError::new(
            1,
            1,
            "a Bitbucket Pipelines page (pipelines, not deployments): DORA Lens reads Bitbucket deployments, \
             GET /2.0/repositories/{workspace}/{repo}/deployments/ (see docs/imports.md)",
        ));
    }
    Ok(())
}

fn deployment(t: &Value, c: &mut Collector) -> Result<Deployment, Bad> {
    let id =
        any(t, &[&["uuid"], &["id"]]).ok_or_else(|| Bad::new(SkipReason::MissingId, "the deployment has no uuid"))?;
    let environment = any(t, &[&["environment", "name"], &["environment", "slug"]]);
    precheck(environment.as_deref(), None)?;
    let state = any(t, &[&["state", "name"]]).unwrap_or_default().to_ascii_uppercase();
    let status = any(t, &[&["state", "status", "name"], &["state", "result", "name"]]);
    match state.as_str() {
        "IN_PROGRESS" | "PENDING" => return Err(Bad::new(SkipReason::InProgress, format!("state {state}"))),
        "UNDEPLOYED" => return Err(Bad::new(SkipReason::NotASuccess, "state UNDEPLOYED (never deployed)")),
        _ => {}
    }
    // `state.status` is SUCCESSFUL, FAILED or STOPPED; a `fields=` filter (DevLake's) drops it, and a
    // COMPLETED deployment without it counts as successful.
    precheck(None, status.as_deref())?;
    let zone = c.zone().clone();
    let mut at = None;
    for (path, name) in [
        (&["state", "completed_on"][..], "state.completed_on"),
        (&["state", "completedOn"][..], "state.completedOn"),
        (&["last_update_time"][..], "last_update_time"),
        (&["lastUpdateTime"][..], "lastUpdateTime"),
    ] {
        if let Some(v) = json_path(t, path) {
            at = time_val(Some(v), name, &zone)?;
            if at.is_some() {
                break;
            }
        }
    }
    let at = at.ok_or_else(|| Bad::new(SkipReason::MissingTime, "state.completed_on is empty"))?;
    let mut d = Deployment::new(id, at);
    d.status = status.and_then(|x| c.names.get(&x));
    d.environment = environment.and_then(|e| c.names.get(&e));
    d.commit_sha =
        any(t, &[&["release", "commit", "hash"], &["commit", "hash"]]).filter(|x| looks_like_sha(x)).map(Into::into);
    let repo = any(t, &[&["repository", "name"]])
        .or_else(|| any(t, &[&["repository", "full_name"], &["repository", "fullName"]]))
        .or_else(|| devlake_params(t, "FullName"))
        .or_else(|| any(t, &[&["release", "url"]]).and_then(|u| repo_of_url(&u)));
    let repo = repo.map(|r| r.rsplit('/').next().unwrap_or(&r).to_string());
    d.team = repo.and_then(|r| c.names.get(&r));
    d.service = d.team.clone();
    Ok(d)
}

/// `likyhphp` in `https://bitbucket.org/likyh/likyhphp/addon/pipelines/…`.
fn repo_of_url(url: &str) -> Option<String> {
    let rest = url.split("bitbucket.org/").nth(1)?;
    rest.split('/').nth(1).filter(|r| !r.is_empty()).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use crate::core::import::{Format, ImportOptions, import_file};

    #[test]
    fn camel_case_objects_import_too() {
        let text = r#"[{"type": "deployment", "uuid": "{a}", "environment": {"name": "Production"},
          "release": {"commit": {"hash": "ca4302e0e56c89332711e1b1051ab2f0110d4412"}, "createdOn": "2023-02-20T09:23:19Z"},
          "state": {"name": "COMPLETED", "status": {"name": "SUCCESSFUL"}, "completedOn": "2023-02-20T09:24:12Z"},
          "repository": {"fullName": "team/shop"}},
         {"type": "deployment", "uuid": "{b}", "environment": {"name": "Production"}, "release": {},
          "state": {"name": "COMPLETED", "status": {"name": "FAILED"}, "completedOn": "2023-02-20T09:24:12Z"}}]"#;
        let f = import_file("d.json", text.as_bytes(), 0, &ImportOptions::default()).unwrap();
        assert_eq!(f.format, Format::BitbucketDeployments);
        assert_eq!((f.rows_read, f.deployments.len()), (2, 1));
        assert_eq!(f.deployments[0].team.as_deref(), Some("shop"));
        assert_eq!(f.problems[0].reason.text(), "not a success");
    }
}

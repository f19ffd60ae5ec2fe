//! CircleCI (API v2): workflows (`GET /api/v2/pipeline/{id}/workflow`, `{"next_page_token",
//! "items": [...]}`), with the pipelines they belong to (`GET /api/v2/project/{slug}/pipeline`) in
//! the same file for their commit and branch; pages back to back, or DevLake's raw table. A
//! workflow is a row and counts as a deployment under the workflow filter, like a GitHub Actions
//! workflow; a pipeline is a row that gives its workflows their commit.

use super::items::{any, each_object, first_time};
use super::{Bad, emit_deployment, looks_like_sha, precheck};
use crate::core::import::runs::Seen;
use crate::core::import::{Collector, FormatError, SkipReason};
use crate::core::model::Deployment;
use rustc_hash::FxHashMap;
use serde_json::Value;

/// A pipeline's commit and branch.
struct Pipeline {
    sha: Option<String>,
    branch: Option<String>,
}

pub fn import(text: &str, c: &mut Collector) -> Result<(), FormatError> {
    // First the pipelines (anywhere in the file), then the workflows in file order.
    let mut items: Vec<(Value, u32, u32)> = Vec::new();
    each_object(text, &["items"], SkipReason::NotADeploymentObject, c, &mut |t, line, col, _| {
        items.push((t.clone(), line, col));
    })?;
    // Pipeline id → its index in `found` (a map of this type is in the wasm already).
    let ids: Vec<Option<String>> =
        items.iter().map(|(t, ..)| if is_pipeline(t) { any(t, &[&["id"]]) } else { None }).collect();
    let mut found: Vec<(Pipeline, bool)> = Vec::new();
    let mut pipelines: FxHashMap<&str, usize> = FxHashMap::default();
    for ((t, ..), id) in items.iter().zip(&ids) {
        if let Some(id) = id {
            let sha = any(t, &[&["vcs", "revision"]]);
            let branch = any(t, &[&["vcs", "branch"]]);
            pipelines.insert(id, found.len());
            found.push((Pipeline { sha, branch }, false));
        }
    }
    let workflows = items.iter().filter(|(t, ..)| !is_pipeline(t)).count();
    if workflows == 0 && !items.is_empty() {
        return Err(FormatError::new(
            1,
            1,
            "CircleCI pipelines without their workflows: a pipeline has no outcome. Add the workflows of each \
             pipeline (GET /api/v2/pipeline/{id}/workflow) to the file (see docs/imports.md)",
        ));
    }
    let mut seen = Seen::default();
    let filter = c.opts.workflows.clone();
    for (t, line, col) in &items {
        if is_pipeline(t) {
            continue;
        }
        let pipeline = any(t, &[&["pipeline_id"]]);
        let at = pipeline.as_deref().and_then(|id| pipelines.get(id).copied());
        if let Some(i) = at {
            found[i].1 = true;
        }
        let r = workflow(t, at.map(|i| &found[i].0), &filter, &mut seen, c);
        emit_deployment(c, *line, Some(*col), r);
    }
    for ((t, line, col), id) in items.iter().zip(&ids) {
        if is_pipeline(t) {
            c.row();
            let used = id.as_deref().and_then(|id| pipelines.get(id)).is_some_and(|&i| found[i].1);
            let id = id.clone().unwrap_or_default();
            let (reason, detail) = if used {
                (SkipReason::MergedIntoDeployment, format!("pipeline {id}: its commit is its workflows'"))
            } else {
                (SkipReason::NotADeploymentObject, format!("pipeline {id} without workflows in the file"))
            };
            c.skip(*line, Some(*col), reason, detail);
        }
    }
    super::workflows::finish(seen, "workflows", &filter, c);
    Ok(())
}

/// A pipeline has `vcs` or `trigger` and no `pipeline_id`.
fn is_pipeline(t: &Value) -> bool {
    t.get("pipeline_id").is_none() && (t.get("vcs").is_some() || t.get("trigger").is_some())
}

fn workflow(
    t: &Value,
    p: Option<&Pipeline>,
    filter: &crate::core::import::WorkflowFilter,
    seen: &mut Seen,
    c: &mut Collector,
) -> Result<Deployment, Bad> {
    let id = any(t, &[&["id"]]).ok_or_else(|| Bad::new(SkipReason::MissingId, "the workflow has no id"))?;
    let name = any(t, &[&["name"]]).unwrap_or_default();
    let branch = p.and_then(|p| p.branch.clone());
    // The branch is known only from the pipeline; without it, every branch counts.
    seen.check(&name, "workflow", branch.as_deref(), filter)?;
    let status = any(t, &[&["status"]]).unwrap_or_default();
    match status.as_str() {
        "running" | "on_hold" | "failing" | "not_run" => {
            return Err(Bad::new(SkipReason::InProgress, format!("status {status:?}")));
        }
        _ => precheck(None, Some(&status))?,
    }
    let zone = c.zone().clone();
    let at = first_time(t, &["stopped_at"], &zone)?
        .ok_or_else(|| Bad::new(SkipReason::MissingTime, "stopped_at is empty"))?;
    let mut d = Deployment::new(id, at);
    d.status = c.names.get(&status);
    d.commit_sha = p.and_then(|p| p.sha.clone()).filter(|x| looks_like_sha(x)).map(Into::into);
    // `gh/org/repo`: the repository is the team.
    let repo = any(t, &[&["project_slug"]]).map(|s| s.rsplit('/').next().unwrap_or(&s).to_string());
    d.team = repo.and_then(|r| c.names.get(&r));
    d.service = d.team.clone();
    Ok(d)
}

#[cfg(test)]
mod tests {
    use crate::core::import::{ImportOptions, import_file};

    #[test]
    fn workflows_take_their_pipelines_commit() {
        let text = r#"{"next_page_token": null, "items": [{"id": "p1", "number": 3, "state": "created",
            "vcs": {"revision": "db4e4736effbf25d0b48f9027dd81660fc114cb4", "branch": "main"}, "trigger": {}}]}
          {"next_page_token": null, "items": [{"pipeline_id": "p1", "id": "w1", "name": "deploy",
            "project_slug": "gh/o/shop", "status": "success", "created_at": "2020-12-24T12:59:23Z",
            "stopped_at": "2020-12-24T13:00:08Z"}]}"#;
        let f = import_file("c.json", text.as_bytes(), 0, &ImportOptions::default()).unwrap();
        assert_eq!((f.rows_read, f.deployments.len()), (2, 1));
        let d = &f.deployments[0];
        assert_eq!(
            (d.team.as_deref(), d.commit_sha.as_deref()),
            (Some("shop"), Some("db4e4736effbf25d0b48f9027dd81660fc114cb4"))
        );
        assert_eq!(f.problems[0].reason.text(), "merged into deployment");
    }
}

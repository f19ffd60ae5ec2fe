//! GitLab deployments: `GET /projects/:id/deployments` (arrays, pages back to back).

use super::{
    Bad, emit_deployment, is_array, is_object, json_text, json_values, label, precheck, raw_items, raw_member,
    raw_members, required, s, short, time_val, tree,
};
use crate::core::import::SkipReason;
use crate::core::import::read::{LineCursor, json_path};
use crate::core::import::{Collector, FormatError};
use crate::core::model::Deployment;
use serde_json::Value;

pub fn import(text: &str, c: &mut Collector) -> Result<(), FormatError> {
    let mut cur = LineCursor::new(text);
    let mut found = false;
    for v in json_values(text)? {
        let items = if is_array(v) {
            raw_items(v)
        } else if is_object(v) && {
            let m = raw_members(v);
            raw_member(&m, "deployable").is_some() || raw_member(&m, "iid").is_some()
        } {
            vec![v]
        } else {
            let (line, col) = cur.of(v.get());
            c.row();
            c.skip(line, Some(col), SkipReason::NotADeployment, short(v.get()));
            continue;
        };
        found = true;
        for raw in items {
            let (line, col) = cur.of(raw.get());
            let t = tree(raw);
            let r = deployment(&t, c);
            emit_deployment(c, line, Some(col), r);
        }
    }
    if !found {
        return Err(FormatError::new(
            1,
            1,
            "no GitLab deployments found (expected the list-project-deployments response)",
        ));
    }
    Ok(())
}

/// The project path in a GitLab web URL: `https://gitlab.com/group/sub/app/-/pipelines/12` → `group/sub/app`.
pub fn project_path(url: &str) -> Option<&str> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let path = rest.split_once('/')?.1;
    let path = match path.find("/-/") {
        Some(i) => &path[..i],
        None => ["/pipelines/", "/jobs/", "/builds/", "/environments/"]
            .iter()
            .find_map(|m| path.find(m).map(|i| &path[..i]))
            .unwrap_or(path),
    };
    let path = path.trim_matches('/');
    if path.is_empty() { None } else { Some(path) }
}

fn deployment(t: &Value, c: &mut Collector) -> Result<Deployment, Bad> {
    if !t.is_object() {
        return Err(Bad::new(SkipReason::NotADeployment, json_text(t)));
    }
    let id = s(t, &["id"]).ok_or_else(|| Bad::new(SkipReason::MissingId, "the deployment has no id"))?;
    let status = s(t, &["status"]);
    let environment = label(t.get("environment"));
    precheck(environment.as_deref(), status.as_deref())?;
    let zone = c.zone().clone();
    let mut at = None;
    for (path, name) in [
        (&["deployable", "finished_at"][..], "deployable.finished_at"),
        (&["finished_at"][..], "finished_at"),
        (&["updated_at"][..], "updated_at"),
    ] {
        at = time_val(json_path(t, path), name, &zone)?;
        if at.is_some() {
            break;
        }
    }
    let at = required(at, "deployable.finished_at, finished_at and updated_at")?;
    let commit = json_path(t, &["deployable", "commit"]);
    let mut d = Deployment::new(id, at);
    d.status = status.and_then(|x| c.names.get(&x));
    d.environment = environment.and_then(|e| c.names.get(&e));
    d.commit_sha = s(t, &["sha"]).or_else(|| commit.and_then(|cm| s(cm, &["id"]))).map(Into::into);
    if let Some(cm) = commit {
        let date =
            ["committed_date", "created_at"].iter().find_map(|k| cm.get(*k).filter(|x| !x.is_null()).map(|x| (*k, x)));
        if let Some((k, x)) = date {
            d.first_commit_at = time_val(Some(x), &format!("deployable.commit.{k}"), &zone)?;
        }
    }
    let url = s(t, &["deployable", "pipeline", "web_url"]).or_else(|| s(t, &["deployable", "web_url"]));
    let project = url
        .as_deref()
        .and_then(project_path)
        .map(str::to_string)
        .or_else(|| s(t, &["deployable", "project", "path_with_namespace"]))
        .or_else(|| s(t, &["deployable", "project", "name"]));
    let name = project.as_deref().map(|p| p.rsplit('/').next().unwrap_or(p));
    d.team = name.and_then(|n| c.names.get(n));
    d.service = d.team.clone();
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_paths() {
        assert_eq!(project_path("https://gitlab.com/g/sub/app/-/pipelines/12"), Some("g/sub/app"));
        assert_eq!(project_path("http://gitlab.dev/root/project/pipelines/12"), Some("root/project"));
        assert_eq!(project_path("https://gitlab.com/"), None);
        assert_eq!(project_path("garbage"), None);
    }
}

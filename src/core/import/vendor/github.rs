//! GitHub: deployments with their statuses, Actions workflow runs, and releases (REST API shapes).

use super::{
    Bad, emit_deployment, is_array, is_object, json_values, looks_like_sha, positions, precheck, raw_items, raw_member,
    raw_members, repo_from_url, required, s, short, time_val, tree,
};
use crate::core::import::FxMap;
use crate::core::import::read::LineCursor;
use crate::core::import::{Collector, FormatError, SkipClass, WorkflowFilter};
use crate::core::model::Deployment;
use crate::core::time::Zone;
use serde_json::Value;
use serde_json::value::RawValue;

// ---------------------------------------------------------------------------------------------
// Deployments

/// A deployment status waiting for its deployment.
struct LooseStatus<'a> {
    deployment: String,
    raw: &'a RawValue,
    value: Value,
}

/// GitHub deployments: `GET /repos/{owner}/{repo}/deployments` (an array per page, pages back to
/// back), optionally with statuses: embedded as a `statuses` array in each deployment, as an object
/// mapping deployment id → statuses (`{"deployments": [...], "statuses": {...}}`, or the map alone),
/// or as status arrays (`GET …/deployments/{id}/statuses`) whose `deployment_url` names the deployment.
pub fn deployments(text: &str, c: &mut Collector) -> Result<(), FormatError> {
    let mut deps: Vec<(&RawValue, Value)> = Vec::new();
    let mut loose: Vec<LooseStatus> = Vec::new();
    let mut odd: Vec<&RawValue> = Vec::new();
    for v in json_values(text)? {
        if is_array(v) {
            for item in raw_items(v) {
                classify(item, &mut deps, &mut loose, &mut odd);
            }
            continue;
        }
        let members = raw_members(v);
        if let Some(list) = raw_member(&members, "deployments") {
            for item in raw_items(list) {
                classify(item, &mut deps, &mut loose, &mut odd);
            }
            if let Some(st) = raw_member(&members, "statuses") {
                status_container(st, &mut loose, &mut odd);
            }
        } else if ["sha", "statuses_url", "deployment_url"].iter().any(|k| raw_member(&members, k).is_some()) {
            classify(v, &mut deps, &mut loose, &mut odd);
        } else if !members.is_empty() && members.iter().all(|(_, x)| is_array(x)) {
            status_container(v, &mut loose, &mut odd);
        } else {
            odd.push(v);
        }
    }
    if deps.is_empty() && loose.is_empty() && !odd.is_empty() {
        return Err(FormatError::new(1, 1, "no GitHub deployments or deployment statuses found"));
    }

    if !loose.is_empty() {
        c.cross_references();
    }
    // What the loose statuses say, per deployment id (in file order), tallied once.
    let zone = c.zone().clone();
    let mut tallies: FxMap<String, (Tally, &RawValue)> = FxMap::default();
    let mut order: Vec<String> = Vec::new();
    for st in &loose {
        let entry = tallies.entry(st.deployment.clone()).or_insert_with(|| {
            order.push(st.deployment.clone());
            (Tally::default(), st.raw)
        });
        entry.0.add(&st.value, &zone);
    }
    drop(loose);

    // Lines of everything that is a row, computed in one pass.
    let ids: Vec<Option<String>> = deps.iter().map(|(_, d)| s(d, &["id"])).collect();
    let dep_ids: FxMap<&str, ()> = ids.iter().flatten().map(|i| (i.as_str(), ())).collect();
    let orphans: Vec<&String> = order.iter().filter(|id| !dep_ids.contains_key(id.as_str())).collect();
    let mut parts: Vec<&str> = deps.iter().map(|(r, _)| r.get()).collect();
    parts.extend(odd.iter().map(|r| r.get()));
    parts.extend(orphans.iter().filter_map(|id| tallies.get(*id)).map(|(_, raw)| raw.get()));
    let pos = positions(text, &parts);
    let at = |i: usize| pos.get(i).copied().unwrap_or((0, 0));

    for (i, ((_, d), id)) in deps.iter().zip(ids.iter()).enumerate() {
        let (line, col) = at(i);
        let mut tally = Tally::default();
        if let Some(Value::Array(items)) = d.get("statuses") {
            for st in items {
                tally.add(st, &zone);
            }
        }
        if let Some((t, _)) = id.as_ref().and_then(|id| tallies.get(id)) {
            tally.merge(t);
        }
        let r = deployment(d, id.clone(), &tally, c);
        emit_deployment(c, line, Some(col), r);
    }
    for (k, raw) in odd.iter().enumerate() {
        let (line, col) = at(deps.len() + k);
        c.row();
        c.skip(line, Some(col), SkipClass::Invalid, "not a deployment", short(raw.get()));
    }
    let base = deps.len() + odd.len();
    let mut known_by_statuses = 0;
    for (k, id) in orphans.iter().enumerate() {
        let (line, col) = at(base + k);
        let Some((tally, _)) = tallies.get(*id) else { continue };
        let r = from_statuses(id, tally, c);
        if r.is_ok() {
            known_by_statuses += 1;
        }
        emit_deployment(c, line, Some(col), r);
    }
    if known_by_statuses > 0 {
        c.warn(format!(
            "{known_by_statuses} deployment(s) are known only from their statuses: without the deployment objects there is \
             no commit sha, so no lead time. Put the deployments and their statuses in one file (concatenating the two \
             JSON files works)."
        ));
    }
    Ok(())
}

fn classify<'a>(
    item: &'a RawValue,
    deps: &mut Vec<(&'a RawValue, Value)>,
    loose: &mut Vec<LooseStatus<'a>>,
    odd: &mut Vec<&'a RawValue>,
) {
    let value = tree(item);
    if !value.is_object() {
        odd.push(item);
    } else if value.get("deployment_url").is_some() && value.get("state").is_some() {
        match s(&value, &["deployment_url"]).as_deref().and_then(last_segment) {
            Some(id) => loose.push(LooseStatus { deployment: id.to_string(), raw: item, value }),
            None => odd.push(item),
        }
    } else {
        deps.push((item, value));
    }
}

/// An object mapping deployment id → statuses, or an array of statuses.
fn status_container<'a>(raw: &'a RawValue, loose: &mut Vec<LooseStatus<'a>>, odd: &mut Vec<&'a RawValue>) {
    if is_array(raw) {
        for item in raw_items(raw) {
            let value = tree(item);
            match s(&value, &["deployment_url"]).as_deref().and_then(last_segment) {
                Some(id) => loose.push(LooseStatus { deployment: id.to_string(), raw: item, value }),
                None => odd.push(item),
            }
        }
        return;
    }
    for (key, list) in raw_members(raw) {
        if !is_array(list) {
            odd.push(list);
            continue;
        }
        for item in raw_items(list) {
            let value = tree(item);
            if value.is_object() {
                loose.push(LooseStatus { deployment: key.trim().to_string(), raw: item, value });
            } else {
                odd.push(item);
            }
        }
    }
}

fn last_segment(url: &str) -> Option<&str> {
    let seg = url.trim_end_matches('/').rsplit('/').next()?;
    if seg.is_empty() { None } else { Some(seg) }
}

/// What a deployment's statuses say.
enum Verdict {
    NoStatuses,
    Success { at: i64, environment: Option<String> },
}

/// A running summary of a deployment's statuses (in any order).
#[derive(Clone, Default)]
struct Tally {
    count: usize,
    first_success: Option<(i64, Option<String>)>,
    failure: Option<String>,
    pending: Option<String>,
    states: Vec<String>,
    /// The first success whose time cannot be read.
    error: Option<Bad>,
    /// A URL naming the repository.
    repo_url: Option<String>,
}

impl Tally {
    fn add(&mut self, st: &Value, zone: &Zone) {
        self.count += 1;
        let state = s(st, &["state"]).unwrap_or_default().to_ascii_lowercase();
        match state.as_str() {
            "success" => {
                let at = time_val(st.get("created_at"), "statuses[].created_at", zone)
                    .and_then(|t| required(t, "the success status's created_at"));
                match at {
                    Ok(at) => {
                        if self.first_success.as_ref().is_none_or(|(t, _)| at < *t) {
                            self.first_success = Some((at, s(st, &["environment"])));
                        }
                    }
                    Err(b) => {
                        self.error.get_or_insert(b);
                    }
                }
            }
            "failure" | "error" => self.failure = Some(state.clone()),
            "queued" | "pending" | "in_progress" => self.pending = Some(state.clone()),
            _ => {}
        }
        if self.repo_url.is_none() {
            self.repo_url = s(st, &["repository_url"]).or_else(|| s(st, &["deployment_url"]));
        }
        if !self.states.contains(&state) {
            self.states.push(state);
        }
    }

    fn merge(&mut self, o: &Tally) {
        self.count += o.count;
        if let Some((at, env)) = &o.first_success
            && self.first_success.as_ref().is_none_or(|(t, _)| at < t)
        {
            self.first_success = Some((*at, env.clone()));
        }
        if self.failure.is_none() {
            self.failure.clone_from(&o.failure);
        }
        if self.pending.is_none() {
            self.pending.clone_from(&o.pending);
        }
        for st in &o.states {
            if !self.states.contains(st) {
                self.states.push(st.clone());
            }
        }
        if self.error.is_none() {
            self.error.clone_from(&o.error);
        }
        if self.repo_url.is_none() {
            self.repo_url.clone_from(&o.repo_url);
        }
    }

    fn verdict(&self) -> Result<Verdict, Bad> {
        if let Some(b) = &self.error {
            return Err(b.clone());
        }
        if self.count == 0 {
            return Ok(Verdict::NoStatuses);
        }
        if let Some((at, environment)) = &self.first_success {
            return Ok(Verdict::Success { at: *at, environment: environment.clone() });
        }
        if let Some(f) = &self.failure {
            return Err(Bad::rule("failed attempt", format!("a {f:?} status and no success")));
        }
        if let Some(p) = &self.pending {
            return Err(Bad::rule("in progress", format!("latest known state {p:?}")));
        }
        Err(Bad::rule("no success status", format!("states: {}", self.states.join(", "))))
    }
}

fn deployment(d: &Value, id: Option<String>, statuses: &Tally, c: &mut Collector) -> Result<Deployment, Bad> {
    let id = id.ok_or_else(|| Bad::invalid("missing id", "the deployment has no id"))?;
    let environment = s(d, &["environment"]);
    let (at, environment) = match statuses.verdict()? {
        Verdict::NoStatuses => (None, environment),
        Verdict::Success { at, environment: e } => (Some(at), e.or(environment)),
    };
    precheck(environment.as_deref(), None)?;
    let at = match at {
        Some(at) => at,
        None => required(time_val(d.get("created_at"), "created_at", c.zone())?, "created_at")?,
    };
    let repo = s(d, &["repository_url"]).or_else(|| s(d, &["url"]));
    let repo = repo.as_deref().and_then(repo_from_url);
    let mut dep = Deployment::new(id, at);
    dep.environment = environment.and_then(|e| c.names.get(&e));
    dep.team = repo.and_then(|r| c.names.get(r));
    dep.service = dep.team.clone();
    dep.commit_sha = s(d, &["sha"]).map(Into::into);
    Ok(dep)
}

fn from_statuses(id: &str, statuses: &Tally, c: &mut Collector) -> Result<Deployment, Bad> {
    let Verdict::Success { at, environment } = statuses.verdict()? else {
        return Err(Bad::invalid("missing time", "no statuses"));
    };
    precheck(environment.as_deref(), None)?;
    let repo = statuses.repo_url.as_deref().and_then(repo_from_url);
    let mut dep = Deployment::new(id, at);
    dep.environment = environment.and_then(|e| c.names.get(&e));
    dep.team = repo.and_then(|r| c.names.get(r));
    dep.service = dep.team.clone();
    Ok(dep)
}

// ---------------------------------------------------------------------------------------------
// Actions

/// GitHub Actions: `GET /repos/{owner}/{repo}/actions/runs` pages (`{"total_count", "workflow_runs"}`),
/// one per file or several back to back; also bare arrays or NDJSON of run objects.
pub fn actions(text: &str, c: &mut Collector) -> Result<(), FormatError> {
    let filter = c.opts.workflows.clone();
    let mut cur = LineCursor::new(text);
    let mut found = false;
    for v in json_values(text)? {
        let runs = if is_array(v) {
            raw_items(v)
        } else {
            let members = raw_members(v);
            if let Some(list) = raw_member(&members, "workflow_runs") {
                raw_items(list)
            } else if raw_member(&members, "head_sha").is_some() {
                vec![v]
            } else {
                let (line, col) = cur.of(v.get());
                c.row();
                let msg = raw_member(&members, "message").map_or_else(|| short(v.get()), |m| short(m.get()));
                c.skip(line, Some(col), SkipClass::Invalid, "not a page of workflow runs", msg);
                continue;
            }
        };
        found = true;
        for raw in runs {
            let (line, col) = cur.of(raw.get());
            let t = tree(raw);
            let r = run(&t, &filter, c);
            emit_deployment(c, line, Some(col), r);
        }
    }
    if !found {
        return Err(FormatError::new(1, 1, "no workflow_runs found (expected GitHub's list-workflow-runs response)"));
    }
    Ok(())
}

/// The file name of a workflow path: `.github/workflows/deploy.yml@refs/heads/main` → `deploy.yml`.
fn workflow_file(path: &str) -> &str {
    let base = path.rsplit('/').next().unwrap_or(path);
    base.split('@').next().unwrap_or(base)
}

/// True when a workflow counts as a deployment under the filter.
pub fn is_deployment_workflow(name: &str, path: &str, f: &WorkflowFilter) -> bool {
    let file = workflow_file(path);
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    if f.names.is_empty() {
        let has = |x: &str| {
            let x = x.to_ascii_lowercase();
            x.contains("deploy") || x.contains("release")
        };
        has(name) || has(file)
    } else {
        f.names
            .iter()
            .map(|n| n.trim())
            .any(|n| n.eq_ignore_ascii_case(name) || n.eq_ignore_ascii_case(file) || n.eq_ignore_ascii_case(stem))
    }
}

fn run(t: &Value, f: &WorkflowFilter, c: &mut Collector) -> Result<Deployment, Bad> {
    if !t.is_object() {
        return Err(Bad::invalid("not a workflow run", short(&t.to_string())));
    }
    let id = s(t, &["id"]).ok_or_else(|| Bad::invalid("missing id", "the run has no id"))?;
    let name = s(t, &["name"]).unwrap_or_default();
    let path = s(t, &["path"]).unwrap_or_default();
    if !is_deployment_workflow(&name, &path, f) {
        return Err(Bad::rule("not a deployment workflow", format!("workflow {name:?}")));
    }
    let branch = s(t, &["head_branch"]).unwrap_or_default();
    let on_branch = if f.branches.is_empty() {
        match s(t, &["repository", "default_branch"]) {
            Some(default) => branch == default,
            None => branch == "main" || branch == "master",
        }
    } else {
        f.branches.iter().any(|b| b.trim() == branch)
    };
    if !on_branch {
        return Err(Bad::rule("not the default branch", format!("branch {branch:?}")));
    }
    let Some(conclusion) = s(t, &["conclusion"]) else {
        let status = s(t, &["status"]).unwrap_or_default();
        return Err(Bad::rule("in progress", format!("status {status:?}, no conclusion yet")));
    };
    precheck(None, Some(&conclusion))?;
    let zone = c.zone().clone();
    let at = required(time_val(t.get("updated_at"), "updated_at", &zone)?, "updated_at")?;
    let mut d = Deployment::new(id, at);
    d.status = c.names.get(&conclusion);
    d.commit_sha = s(t, &["head_sha"]).map(Into::into);
    d.first_commit_at = time_val(read_path(t, &["head_commit", "timestamp"]), "head_commit.timestamp", &zone)?;
    d.team = s(t, &["repository", "name"]).and_then(|r| c.names.get(&r));
    d.service = d.team.clone();
    Ok(d)
}

fn read_path<'v>(v: &'v Value, path: &[&str]) -> Option<&'v Value> {
    crate::core::import::read::json_path(v, path)
}

// ---------------------------------------------------------------------------------------------
// Releases

/// GitHub releases: `GET /repos/{owner}/{repo}/releases` (arrays, pages back to back).
pub fn releases(text: &str, c: &mut Collector) -> Result<(), FormatError> {
    let mut cur = LineCursor::new(text);
    let mut found = false;
    for v in json_values(text)? {
        let items = if is_array(v) {
            raw_items(v)
        } else if is_object(v) && raw_member(&raw_members(v), "tag_name").is_some() {
            vec![v]
        } else {
            let (line, col) = cur.of(v.get());
            c.row();
            c.skip(line, Some(col), SkipClass::Invalid, "not a release", short(v.get()));
            continue;
        };
        found = true;
        for raw in items {
            let (line, col) = cur.of(raw.get());
            let t = tree(raw);
            let r = release(&t, c);
            emit_deployment(c, line, Some(col), r);
        }
    }
    if !found {
        return Err(FormatError::new(1, 1, "no releases found (expected GitHub's list-releases response)"));
    }
    Ok(())
}

fn release(t: &Value, c: &mut Collector) -> Result<Deployment, Bad> {
    if !t.is_object() {
        return Err(Bad::invalid("not a release", short(&t.to_string())));
    }
    let id = s(t, &["id"]).ok_or_else(|| Bad::invalid("missing id", "the release has no id"))?;
    let tag = s(t, &["tag_name"]).unwrap_or_default();
    if t.get("draft").and_then(Value::as_bool) == Some(true) {
        return Err(Bad::rule("draft release", format!("tag {tag:?}")));
    }
    if t.get("prerelease").and_then(Value::as_bool) == Some(true) {
        return Err(Bad::rule("pre-release", format!("tag {tag:?}")));
    }
    let at = required(time_val(t.get("published_at"), "published_at", c.zone())?, "published_at")?;
    let mut d = Deployment::new(id, at);
    d.commit_sha = s(t, &["target_commitish"]).filter(|x| looks_like_sha(x)).map(Into::into);
    let repo = s(t, &["url"]).or_else(|| s(t, &["html_url"]));
    d.team = repo.as_deref().and_then(repo_from_url).and_then(|r| c.names.get(r));
    d.service = d.team.clone();
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::import::{FileImport, ImportOptions, import_file};
    use crate::core::time::format_instant;

    fn import(text: &str) -> FileImport {
        import_file("t.json", text.as_bytes(), 0, &ImportOptions::default()).unwrap()
    }

    fn reasons(f: &FileImport) -> Vec<(u32, &'static str)> {
        f.problems.iter().map(|p| (p.line, p.reason)).collect()
    }

    #[test]
    fn deployments_count_from_their_first_success() {
        let f = import(
            r#"[
{"url": "https://api.github.com/repos/o/shop/deployments/1", "id": 1, "sha": "aaaaaaa1", "environment": "production",
 "created_at": "2025-01-01T10:00:00Z", "statuses_url": "x", "repository_url": "https://api.github.com/repos/o/shop",
 "statuses": [{"state": "success", "created_at": "2025-01-01T10:09:00Z", "deployment_url": "u"},
              {"state": "success", "created_at": "2025-01-01T10:05:00Z", "deployment_url": "u"}]},
{"url": "https://api.github.com/repos/o/shop/deployments/2", "id": 2, "sha": "b", "environment": "production",
 "created_at": "2025-01-02T10:00:00Z", "statuses_url": "x",
 "statuses": [{"state": "failure", "created_at": "2025-01-02T10:01:00Z"}]},
{"url": "https://api.github.com/repos/o/shop/deployments/3", "id": 3, "sha": "c", "environment": "staging",
 "created_at": "2025-01-03T10:00:00Z", "statuses_url": "x"}
]"#,
        );
        assert_eq!(f.format, crate::core::import::Format::GithubDeployments);
        assert_eq!(f.deployments.len(), 1);
        let d = &f.deployments[0];
        assert_eq!(format_instant(d.deployed_at), "2025-01-01T10:05:00Z");
        assert_eq!((d.team.as_deref(), d.commit_sha.as_deref()), (Some("shop"), Some("aaaaaaa1")));
        assert_eq!(reasons(&f), vec![(6, "failed attempt"), (9, "not production")]);
    }

    #[test]
    fn statuses_map_and_statuses_alone() {
        let both = r#"{"deployments": [{"id": 7, "sha": "s", "environment": "prod", "created_at": "2025-01-01T00:00:00Z",
            "url": "https://api.github.com/repos/o/api/deployments/7"}],
          "statuses": {"7": [{"state": "in_progress", "created_at": "2025-01-01T00:01:00Z"},
                             {"state": "success", "created_at": "2025-01-01T00:02:00Z"}],
                       "8": [{"state": "success", "created_at": "2025-01-01T00:03:00Z", "environment": "production",
                              "repository_url": "https://api.github.com/repos/o/web"}]}}"#;
        let f = import(both);
        assert_eq!(f.rows_read, 2);
        assert_eq!(f.deployments.len(), 2);
        let web = f.deployments.iter().find(|d| &*d.id == "8").unwrap();
        assert_eq!((web.team.as_deref(), web.commit_sha.as_deref()), (Some("web"), None));
        assert_eq!(f.warnings.len(), 1);
    }

    #[test]
    fn workflow_filter() {
        let f = WorkflowFilter::default();
        assert!(is_deployment_workflow("Deploy to prod", "", &f));
        assert!(is_deployment_workflow("CD", ".github/workflows/release.yml", &f));
        assert!(!is_deployment_workflow("CI", ".github/workflows/ci.yml", &f));
        let f = WorkflowFilter { names: vec!["ship".into()], branches: vec![] };
        assert!(is_deployment_workflow("Ship", "", &f));
        assert!(is_deployment_workflow("x", ".github/workflows/ship.yaml", &f));
        assert!(!is_deployment_workflow("Deploy", "", &f));
    }
}

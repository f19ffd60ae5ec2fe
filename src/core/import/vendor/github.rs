//! GitHub: deployments with their statuses, Actions workflow runs, and releases (REST API shapes).

use super::deferred::{Dep, GithubItem, Item, Status, Tally};
use super::{
    Bad, emit_deployment, is_array, is_object, json_text, json_values, looks_like_sha, positions, precheck, raw_items,
    raw_member, raw_members, repo_from_url, required, s, short, time_val, tree,
};
use crate::core::import::SkipReason;
use crate::core::import::read::LineCursor;
use crate::core::import::runs::Seen;
use crate::core::import::{Collector, FileImport, FormatError, ImportOptions, WorkflowFilter};
use crate::core::model::Deployment;
use crate::core::pace::{self, Pacer};
use crate::core::time::Zone;
use rustc_hash::FxHashMap;
use serde_json::Value;
use serde_json::value::RawValue;

impl Status {
    fn read(st: &Value, zone: &Zone) -> Status {
        let state = s(st, &["state"]).unwrap_or_default().to_ascii_lowercase();
        let success = (state == "success").then(|| {
            time_val(st.get("created_at"), "statuses[].created_at", zone)
                .and_then(|t| required(t, "the success status's created_at"))
                .map(|at| (at, s(st, &["environment"])))
        });
        let repo_url = s(st, &["repository_url"]).or_else(|| s(st, &["deployment_url"]));
        Status { state, success, repo_url }
    }
}

/// GitHub deployments: `GET /repos/{owner}/{repo}/deployments` (an array per page, pages back to
/// back), optionally with statuses: embedded as a `statuses` array in each deployment, as an object
/// mapping deployment id → statuses (`{"deployments": [...], "statuses": {...}}`, or the map alone),
/// or as status arrays (`GET …/deployments/{id}/statuses`) whose `deployment_url` names the deployment.
///
/// A block of a large file ([`ImportOptions::part_of_file`]) hands its items on to
/// [`join_pending`]; one with statuses beside the deployments (which every block would repeat) says
/// the file must be read whole ([`FileImport::cross_references`]).
pub fn deployments(text: &str, c: &mut Collector) -> Result<(), FormatError> {
    // The items and their raw text, in file order within each kind.
    let mut items: Vec<(&RawValue, Item)> = Vec::new();
    let mut mapped = false;
    let zone = c.zone().clone();
    for v in json_values(text)? {
        if is_array(v) {
            for item in raw_items(v) {
                items.push((item, classify(item, &zone)));
            }
            continue;
        }
        let members = raw_members(v);
        if let Some(list) = raw_member(&members, "deployments") {
            for item in raw_items(list) {
                items.push((item, classify(item, &zone)));
            }
            if let Some(st) = raw_member(&members, "statuses") {
                status_container(st, &mut items, &zone);
                mapped = true;
            }
        } else if ["sha", "statuses_url", "deployment_url", "CommitOid", "commitOid"]
            .iter()
            .any(|k| raw_member(&members, k).is_some())
        {
            items.push((v, classify(v, &zone)));
        } else if !members.is_empty() && members.iter().all(|(_, x)| is_array(x)) {
            status_container(v, &mut items, &zone);
            mapped = true;
        } else {
            items.push((v, Item::Odd(short(v.get()))));
        }
    }
    if items.iter().all(|(_, i)| matches!(i, Item::Odd(_))) && !items.is_empty() {
        return Err(FormatError::new(1, 1, "no GitHub deployments or deployment statuses found"));
    }
    let raws: Vec<&str> = items.iter().map(|(r, _)| r.get()).collect();
    let pos = positions(text, &raws);
    drop(raws);
    let file = c.file;
    let parts = items.into_iter().zip(pos).map(|((_, item), (line, column))| GithubItem { file, line, column, item });
    if c.opts.part_of_file {
        if mapped {
            c.cross_references();
        }
        c.out.pending.github.extend(parts);
    } else {
        pace::at_once(emit(parts.collect(), c, &mut Pacer::new(0, pace::no_pause)));
    }
    Ok(())
}

/// Imports the items the blocks of a large file handed on ([`FileImport::pending`], joined in file
/// order), as [`deployments`] does for the whole file at once.
pub async fn join_pending<P, F>(file: FileImport, opts: &ImportOptions, pause: P) -> FileImport
where
    P: FnMut(f64) -> F,
    F: Future<Output = ()>,
{
    let mut file = file;
    let parts = std::mem::take(&mut file.pending.github);
    let Some(index) = parts.first().map(|p| p.file) else { return file };
    let opts = opts.for_join();
    let mut c = Collector::resume(file, index, &opts);
    let mut pacer = Pacer::new(4 * parts.len(), pause);
    emit(parts, &mut c, &mut pacer).await;
    c.finish()
}

/// The deployments, each with its own statuses and those listed apart, then the items that are
/// not deployments, then the deployments known only from statuses listed apart.
async fn emit<P, F>(parts: Vec<GithubItem>, c: &mut Collector<'_>, pacer: &mut Pacer<P>)
where
    P: FnMut(f64) -> F,
    F: Future<Output = ()>,
{
    // What the loose statuses say, per deployment id, tallied in file order; the first status of
    // each id stands for a deployment known only from its statuses.
    let mut tallies: FxHashMap<&str, (Tally, usize)> = FxHashMap::default();
    let mut order: Vec<&str> = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        pacer.tick().await;
        if let Item::Status(id, st) = &p.item {
            let entry = tallies.entry(id).or_insert_with(|| {
                order.push(id);
                (Tally::default(), i)
            });
            entry.0.add(st);
        }
    }
    let mut dep_ids: FxHashMap<&str, ()> = FxHashMap::default();
    for p in &parts {
        pacer.tick().await;
        if let Item::Deployment(d) = &p.item {
            let mut tally = d.statuses.clone();
            if let Some(id) = d.id.as_deref() {
                dep_ids.insert(id, ());
                if let Some((t, _)) = tallies.get(id) {
                    tally.merge(t);
                }
            }
            let r = deployment(d, &tally, c);
            emit_deployment(c, p.line, Some(p.column), r);
        }
    }
    for p in &parts {
        if let Item::Odd(text) = &p.item {
            c.row();
            c.skip(p.line, Some(p.column), SkipReason::NotADeployment, text.clone());
        }
    }
    let mut known_by_statuses = 0;
    for id in order.iter().filter(|id| !dep_ids.contains_key(*id)) {
        pacer.tick().await;
        let Some((tally, first)) = tallies.get(*id) else { continue };
        let Some(p) = parts.get(*first) else { continue };
        let r = from_statuses(id, tally, c);
        if r.is_ok() {
            known_by_statuses += 1;
        }
        emit_deployment(c, p.line, Some(p.column), r);
    }
    if known_by_statuses > 0 {
        c.warn(format!(
            "{known_by_statuses} deployment(s) are known only from their statuses: without the deployment objects there is \
             no commit sha, so no lead time. Put the deployments and their statuses in one file (concatenating the two \
             JSON files works)."
        ));
    }
    drop((tallies, order, dep_ids));
    pacer.free(parts).await;
}

fn classify(item: &RawValue, zone: &Zone) -> Item {
    let value = tree(item);
    if !value.is_object() {
        Item::Odd(short(item.get()))
    } else if value.get("deployment_url").is_some() && value.get("state").is_some() {
        match s(&value, &["deployment_url"]).as_deref().and_then(last_segment) {
            Some(id) => Item::Status(id.to_string(), Status::read(&value, zone)),
            None => Item::Odd(short(item.get())),
        }
    } else if value.get("CommitOid").is_some() || value.get("commitOid").is_some() {
        graphql_node(&value, zone)
    } else {
        let mut statuses = Tally::default();
        if let Some(Value::Array(list)) = value.get("statuses") {
            for st in list {
                statuses.add(&Status::read(st, zone));
            }
        }
        Item::Deployment(Box::new(Dep {
            id: s(&value, &["id"]),
            environment: s(&value, &["environment"]),
            created_at: time_val(value.get("created_at"), "created_at", zone),
            repo_url: s(&value, &["repository_url"]).or_else(|| s(&value, &["url"])),
            sha: s(&value, &["sha"]),
            statuses,
        }))
    }
}

/// A GraphQL `Deployment` node (`repository.deployments.nodes[]`), in the API's camelCase or in
/// the PascalCase of DevLake's raw table: `commitOid`, `environment`, `createdAt`, and its
/// statuses as `statuses.nodes[]` (`state`, `updatedAt`, upper case) or only `latestStatus`.
fn graphql_node(v: &Value, zone: &Zone) -> Item {
    let get = |keys: &[&[&str]]| keys.iter().find_map(|k| s(v, k));
    let mut statuses = Tally::default();
    let mut nodes: Vec<&Value> = Vec::new();
    for k in ["Statuses", "statuses"] {
        if let Some(Value::Array(list)) = v.get(k).and_then(|x| x.get("nodes")) {
            nodes.extend(list.iter());
        }
    }
    if nodes.is_empty() {
        nodes.extend(v.get("LatestStatus").or_else(|| v.get("latestStatus")));
    }
    for st in nodes {
        let state = s(st, &["state"]).or_else(|| s(st, &["State"])).unwrap_or_default().to_ascii_lowercase();
        let at = st.get("updatedAt").or_else(|| st.get("UpdatedAt")).or_else(|| st.get("createdAt"));
        let success = (state == "success").then(|| {
            time_val(at, "statuses.nodes[].updatedAt", zone)
                .and_then(|t| required(t, "the success status's updatedAt"))
                .map(|t| (t, None))
        });
        statuses.add(&Status { state, success, repo_url: None });
    }
    let created = v.get("CreatedAt").or_else(|| v.get("createdAt"));
    Item::Deployment(Box::new(Dep {
        id: get(&[&["DatabaseId"], &["databaseId"], &["Id"], &["id"]]),
        environment: get(&[&["Environment"], &["environment"]]),
        created_at: time_val(created, "createdAt", zone),
        repo_url: get(&[&["Repository", "Url"], &["repository", "url"]]),
        sha: get(&[&["CommitOid"], &["commitOid"]]),
        statuses,
    }))
}

/// An object mapping deployment id → statuses, or an array of statuses, beside the deployments
/// rather than among them (a block of the deployments would repeat it: such a file is read whole).
fn status_container<'a>(raw: &'a RawValue, items: &mut Vec<(&'a RawValue, Item)>, zone: &Zone) {
    if is_array(raw) {
        for item in raw_items(raw) {
            let value = tree(item);
            let status = match s(&value, &["deployment_url"]).as_deref().and_then(last_segment) {
                Some(id) => Item::Status(id.to_string(), Status::read(&value, zone)),
                None => Item::Odd(short(item.get())),
            };
            items.push((item, status));
        }
        return;
    }
    for (key, list) in raw_members(raw) {
        if !is_array(list) {
            items.push((list, Item::Odd(short(list.get()))));
            continue;
        }
        for item in raw_items(list) {
            let value = tree(item);
            let status = if value.is_object() {
                Item::Status(key.trim().to_string(), Status::read(&value, zone))
            } else {
                Item::Odd(short(item.get()))
            };
            items.push((item, status));
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

impl Tally {
    fn add(&mut self, st: &Status) {
        self.count += 1;
        match &st.success {
            Some(Ok((at, environment))) => {
                if self.first_success.as_ref().is_none_or(|(t, _)| at < t) {
                    self.first_success = Some((*at, environment.clone()));
                }
            }
            Some(Err(b)) => {
                self.error.get_or_insert_with(|| b.clone());
            }
            None => match st.state.as_str() {
                "failure" | "error" => self.failure = Some(st.state.clone()),
                "queued" | "pending" | "in_progress" => self.pending = Some(st.state.clone()),
                _ => {}
            },
        }
        if self.repo_url.is_none() {
            self.repo_url.clone_from(&st.repo_url);
        }
        if !self.states.contains(&st.state) {
            self.states.push(st.state.clone());
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
            return Err(Bad::new(SkipReason::FailedAttempt, format!("a {f:?} status and no success")));
        }
        if let Some(p) = &self.pending {
            return Err(Bad::new(SkipReason::InProgress, format!("latest known state {p:?}")));
        }
        Err(Bad::new(SkipReason::NoSuccessStatus, format!("states: {}", self.states.join(", "))))
    }
}

fn deployment(d: &Dep, statuses: &Tally, c: &mut Collector) -> Result<Deployment, Bad> {
    let id = d.id.as_deref().ok_or_else(|| Bad::new(SkipReason::MissingId, "the deployment has no id"))?;
    let (at, environment) = match statuses.verdict()? {
        Verdict::NoStatuses => (None, d.environment.clone()),
        Verdict::Success { at, environment: e } => (Some(at), e.or_else(|| d.environment.clone())),
    };
    precheck(environment.as_deref(), None)?;
    let at = match at {
        Some(at) => at,
        None => required(d.created_at.clone()?, "created_at")?,
    };
    let repo = d.repo_url.as_deref().and_then(repo_from_url);
    let mut dep = Deployment::new(id, at);
    dep.environment = environment.and_then(|e| c.names.get(&e));
    dep.team = repo.and_then(|r| c.names.get(r));
    dep.service = dep.team.clone();
    dep.commit_sha = d.sha.as_deref().map(Into::into);
    Ok(dep)
}

fn from_statuses(id: &str, statuses: &Tally, c: &mut Collector) -> Result<Deployment, Bad> {
    let Verdict::Success { at, environment } = statuses.verdict()? else {
        return Err(Bad::new(SkipReason::MissingTime, "no statuses"));
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
    let mut seen = Seen::default();
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
                c.skip(line, Some(col), SkipReason::NotAPageOfWorkflowRuns, msg);
                continue;
            }
        };
        found = true;
        for raw in runs {
            let (line, col) = cur.of(raw.get());
            let t = tree(raw);
            let r = run(&t, &filter, &mut seen, c);
            emit_deployment(c, line, Some(col), r);
        }
    }
    super::workflows::finish(seen, "workflow runs", &filter, c);
    if !found {
        return Err(FormatError::new(1, 1, "no workflow_runs found (expected GitHub's list-workflow-runs response)"));
    }
    Ok(())
}

pub use crate::core::import::runs::is_deployment_workflow;

fn run(t: &Value, f: &WorkflowFilter, seen: &mut Seen, c: &mut Collector) -> Result<Deployment, Bad> {
    if !t.is_object() {
        return Err(Bad::new(SkipReason::NotAWorkflowRun, json_text(t)));
    }
    let id = s(t, &["id"]).ok_or_else(|| Bad::new(SkipReason::MissingId, "the run has no id"))?;
    let name = s(t, &["name"]).unwrap_or_default();
    let path = s(t, &["path"]).unwrap_or_default();
    let branch = s(t, &["head_branch"]).unwrap_or_default();
    let matched = is_deployment_workflow(&name, &path, f);
    seen.run(&name, Some(&branch), matched);
    if !matched {
        return Err(Bad::new(SkipReason::NotADeploymentWorkflow, format!("workflow {name:?}")));
    }
    let on_branch = if f.branches.is_empty() {
        match s(t, &["repository", "default_branch"]) {
            Some(default) => branch == default,
            None => branch == "main" || branch == "master",
        }
    } else {
        f.branches.iter().any(|b| b.trim() == branch)
    };
    if !on_branch {
        return Err(Bad::new(SkipReason::NotTheDefaultBranch, format!("branch {branch:?}")));
    }
    seen.on_branch();
    let Some(conclusion) = s(t, &["conclusion"]) else {
        let status = s(t, &["status"]).unwrap_or_default();
        return Err(Bad::new(SkipReason::InProgress, format!("status {status:?}, no conclusion yet")));
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
            c.skip(line, Some(col), SkipReason::NotARelease, short(v.get()));
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
        return Err(Bad::new(SkipReason::NotARelease, json_text(t)));
    }
    let id = s(t, &["id"]).ok_or_else(|| Bad::new(SkipReason::MissingId, "the release has no id"))?;
    let tag = s(t, &["tag_name"]).unwrap_or_default();
    if t.get("draft").and_then(Value::as_bool) == Some(true) {
        return Err(Bad::new(SkipReason::DraftRelease, format!("tag {tag:?}")));
    }
    if t.get("prerelease").and_then(Value::as_bool) == Some(true) {
        return Err(Bad::new(SkipReason::PreRelease, format!("tag {tag:?}")));
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
        f.problems.iter().map(|p| (p.line, p.reason.text())).collect()
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

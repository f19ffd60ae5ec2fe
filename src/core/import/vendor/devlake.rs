//! Apache DevLake domain tables exported as CSV or JSON: `cicd_deployment_commits` (one row per
//! deployment × commit, grouped here into deployments; `cicd_deployments` works too) and
//! `issues` / `incidents`.

use super::deferred::DevlakeRow;
use super::{Bad, Record, emit_incident, precheck, records, required, short};
use crate::core::import::SkipReason;
use crate::core::import::{Collector, FileImport, FormatError, ImportOptions};
use crate::core::model::{Commit, Deployment, Incident};
use crate::core::pace::{self, Pacer};
use rustc_hash::FxHashMap;

/// The columns a commit time may hide in (not in DevLake's table, but in joined exports).
const COMMIT_TIME: &[&str] = &["commit_authored_date", "committed_date", "commit_date", "authored_date"];

fn part(r: &Record, c: &mut Collector) -> Result<DevlakeRow, Bad> {
    // cicd_deployment_commits rows name their deployment; cicd_deployments rows are deployments.
    let id_col: &[&str] = if r.has(&["cicd_deployment_id"]) { &["cicd_deployment_id"] } else { &["id"] };
    let deployment = r
        .get(id_col)
        .ok_or_else(|| Bad::new(SkipReason::MissingId, format!("{} is empty", id_col[0])).at(r.col(id_col)))?;
    let zone = c.zone();
    let (finished, committed_at) = (r.time(&["finished_date"], zone)?, r.time(COMMIT_TIME, zone)?);
    let repo = r.get(&["repo_url"]).and_then(|u| {
        let u = u.trim_end_matches('/').trim_end_matches(".git");
        c.names.get(u.rsplit('/').next().unwrap_or(u))
    });
    let mut name = |cols: &[&str]| r.get(cols).and_then(|x| c.names.get(&x));
    let (environment, status, result, name_) =
        (name(&["environment"]), name(&["status"]), name(&["result"]), name(&["name"]));
    // Names cleaned of control characters are noted at this row's line, where they are, not where
    // their deployment's group is emitted (a block of a large file emits its groups at the join).
    c.note_cleaned_names(r.line);
    Ok(DevlakeRow {
        file: c.file,
        line: r.line,
        deployment: deployment.into(),
        environment,
        status,
        result,
        finished,
        commit_sha: r.get(&["commit_sha"]).map(|x| x.into()),
        committed_at,
        repo,
        name: name_,
    })
}

/// Why a whole deployment is skipped, from its first row.
fn rule(p: &DevlakeRow) -> Result<i64, Bad> {
    if let Some(st) = p.status.as_deref()
        && !st.eq_ignore_ascii_case("done")
    {
        return Err(Bad::new(SkipReason::InProgress, format!("status {st:?}")));
    }
    match p.environment.as_deref() {
        None => {
            return Err(Bad::new(
                SkipReason::NotProduction,
                "environment \"\" (DevLake marks production deployments PRODUCTION)",
            ));
        }
        Some(e) => precheck(Some(e), None)?,
    }
    match p.result.as_deref() {
        None => return Err(Bad::new(SkipReason::NotASuccess, "no result")),
        Some(r) => precheck(None, Some(r))?,
    }
    required(p.finished, "finished_date")
}

/// `cicd_deployment_commits`: rows grouped by `cicd_deployment_id` into one deployment each, finished
/// at `finished_date`, with every row's commit. The first row of a group is the deployment; the
/// others are counted as "merged into deployment". Rows that cannot be read are reported first,
/// then the groups, in the order their first rows come. A block of a large file
/// ([`ImportOptions::part_of_file`]) leaves the grouping to [`join_pending`].
pub fn deployments(text: &str, c: &mut Collector) -> Result<(), FormatError> {
    let mut parts: Vec<DevlakeRow> = Vec::new();
    let mut bad: Vec<(u32, Option<u32>, Bad)> = Vec::new();
    records(text, &["cicd_deployment_id", "cicd_scope_id"], c, |r, c| match part(r, c) {
        Ok(p) => parts.push(p),
        Err(b) => bad.push((r.line, r.column, b)),
    })?;
    for (line, column, b) in bad {
        c.row();
        c.skip(line, b.column.or(column), b.reason, b.detail);
    }
    if c.opts.part_of_file {
        c.out.pending.devlake.append(&mut parts);
    } else {
        pace::at_once(group(parts, c, &mut Pacer::new(0, pace::no_pause)));
    }
    Ok(())
}

/// Groups the rows the blocks of a large file handed on ([`FileImport::pending`], joined in file
/// order) into deployments, as [`deployments`] does for the whole file at once.
pub async fn join_pending<P, F>(file: FileImport, opts: &ImportOptions, pause: P) -> FileImport
where
    P: FnMut(f64) -> F,
    F: Future<Output = ()>,
{
    let mut file = file;
    let parts = std::mem::take(&mut file.pending.devlake);
    let Some(index) = parts.first().map(|p| p.file) else { return file };
    let opts = opts.for_join();
    let mut c = Collector::resume(file, index, &opts);
    let mut pacer = Pacer::new(3 * parts.len(), pause);
    group(parts, &mut c, &mut pacer).await;
    c.finish()
}

/// The grouping: one deployment per `cicd_deployment_id`, from its first row (see [`deployments`]).
async fn group<P, F>(parts: Vec<DevlakeRow>, c: &mut Collector<'_>, pacer: &mut Pacer<P>)
where
    P: FnMut(f64) -> F,
    F: Future<Output = ()>,
{
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut index: FxHashMap<&str, usize> = FxHashMap::default();
    for (i, p) in parts.iter().enumerate() {
        pacer.tick().await;
        match index.get(&*p.deployment) {
            Some(&g) => groups[g].push(i),
            None => {
                index.insert(&p.deployment, groups.len());
                groups.push(vec![i]);
            }
        }
    }
    for group in &groups {
        pacer.tick_n(group.len()).await;
        let Some(first) = group.first().and_then(|&i| parts.get(i)) else { continue };
        let rows = group.iter().filter_map(|&i| parts.get(i));
        match rule(first) {
            Err(b) => {
                for p in rows {
                    c.row();
                    c.skip(p.line, None, b.reason, b.detail.clone());
                }
            }
            Ok(at) => {
                let mut d = Deployment::new(&*first.deployment, at);
                d.environment = first.environment.clone();
                d.status = first.result.clone();
                d.team = first.repo.clone().or_else(|| first.name.clone());
                d.service = d.team.clone();
                d.commit_sha = first.commit_sha.clone();
                for p in group.iter().filter_map(|&i| parts.get(i)) {
                    if let Some(sha) = p.commit_sha.as_deref()
                        && !d.commits.iter().any(|cm| &*cm.sha == sha)
                    {
                        d.commits.push(Commit { sha: sha.into(), committed_at: p.committed_at });
                    }
                }
                d.first_commit_at = d.commits.iter().filter_map(|cm| cm.committed_at).min();
                d.source = crate::core::model::Source { file: first.file, line: first.line };
                c.row();
                c.deployment(d);
                for p in rows.skip(1) {
                    c.row();
                    let detail = format!("deployment {:?} (one row per commit)", short(&first.deployment));
                    c.skip(p.line, None, SkipReason::MergedIntoDeployment, detail);
                }
            }
        }
    }
    drop(index);
    drop(groups);
    pacer.free(parts).await;
}

/// `issues` (rows of type INCIDENT) or `incidents` (every row).
pub fn issues(text: &str, c: &mut Collector) -> Result<(), FormatError> {
    records(text, &["issue_key", "incident_key", "created_date"], c, |r, c| {
        // Every row of DevLake's `incidents` table is an incident; `issues` rows say their type.
        let res = issue(r, c);
        emit_incident(c, r.line, r.column, res);
    })
}

fn issue(r: &Record, c: &mut Collector) -> Result<Incident, Bad> {
    if r.has(&["type"]) {
        let t = r.get(&["type"]).unwrap_or_default();
        if !t.eq_ignore_ascii_case("incident") {
            return Err(Bad::new(SkipReason::NotAnIncidentType, format!("type {t:?}")));
        }
    }
    let id = r.get(&["issue_key", "incident_key", "id"]).ok_or_else(|| {
        Bad::new(SkipReason::MissingId, "issue_key and id are empty").at(r.col(&["issue_key", "incident_key", "id"]))
    })?;
    let zone = c.zone().clone();
    let start =
        required(r.time(&["created_date"], &zone)?, "created_date").map_err(|b| b.at(r.col(&["created_date"])))?;
    let mut i = Incident::new(id.as_ref(), start);
    i.resolved_at = r.time(&["resolution_date"], &zone)?;
    i.title = r.get(&["title"]).map(|t| t.as_ref().into());
    i.severity = r.get(&["severity", "priority", "urgency"]).and_then(|s| c.names.get(&s));
    // DevLake's `incidents` name their scope (a repository or board id, which project_mapping maps
    // to a project).
    i.service = r.get(&["component", "original_project", "scope_id"]).and_then(|s| c.names.get(&s));
    Ok(i)
}

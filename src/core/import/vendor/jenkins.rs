//! Jenkins: the job JSON API (`/job/NAME/api/json?tree=…builds[…]…`), a folder or view with `jobs`,
//! a list of jobs, or one build (`/job/NAME/N/api/json`). Every build is a row.

use super::{
    Bad, emit_deployment, is_array, is_object, json_text, json_values, precheck, raw_items, raw_member, raw_members, s,
    short, time_val, tree,
};
use crate::core::import::SkipReason;
use crate::core::import::read::LineCursor;
use crate::core::import::{Collector, FormatError};
use crate::core::model::{Commit, Deployment};
use serde_json::Value;
use serde_json::value::RawValue;

/// How deep folders may nest.
const MAX_DEPTH: usize = 16;

pub fn import(text: &str, c: &mut Collector) -> Result<(), FormatError> {
    let mut cur = LineCursor::new(text);
    let mut jobs = 0;
    for v in json_values(text)? {
        if is_array(v) {
            for job in raw_items(v) {
                jobs += walk(job, None, 0, &mut cur, c);
            }
        } else {
            jobs += walk(v, None, 0, &mut cur, c);
        }
    }
    if jobs == 0 {
        return Err(FormatError::new(1, 1, "no Jenkins job with builds found"));
    }
    Ok(())
}

/// Reads a job (its builds) or a folder (its jobs). Returns how many jobs it found.
fn walk(raw: &RawValue, parent: Option<&str>, depth: usize, cur: &mut LineCursor, c: &mut Collector) -> usize {
    if !is_object(raw) || depth > MAX_DEPTH {
        let (line, col) = cur.of(raw.get());
        c.row();
        c.skip(line, Some(col), SkipReason::NotAJob, short(raw.get()));
        return 0;
    }
    let m = raw_members(raw);
    let has = |k: &str| raw_member(&m, k).is_some();
    if !has("builds") && !has("allBuilds") && !has("jobs") && has("number") && (has("result") || has("building")) {
        // One build (`/job/NAME/N/api/json`): its job is in its URL.
        let (line, col) = cur.of(raw.get());
        let t = tree(raw);
        let job = job_of_build(&t).or_else(|| parent.map(str::to_string));
        let r = build(&t, job.as_deref(), c);
        emit_deployment(c, line, Some(col), r);
        return 1;
    }
    let text = |k: &str| {
        raw_member(&m, k).and_then(|v| serde_json::from_str::<Value>(v.get()).ok()).and_then(|v| super::label(Some(&v)))
    };
    let name = text("fullName").or_else(|| {
        text("name").map(|n| match parent {
            Some(p) => format!("{p}/{n}"),
            None => n,
        })
    });
    let mut found = 0;
    if let Some(builds) = raw_member(&m, "builds").or_else(|| raw_member(&m, "allBuilds")) {
        found += 1;
        for b in raw_items(builds) {
            let (line, col) = cur.of(b.get());
            let t = tree(b);
            let r = build(&t, name.as_deref(), c);
            emit_deployment(c, line, Some(col), r);
        }
    }
    if let Some(children) = raw_member(&m, "jobs") {
        for j in raw_items(children) {
            found += walk(j, name.as_deref(), depth + 1, cur, c);
        }
    }
    found
}

fn build(t: &Value, job: Option<&str>, c: &mut Collector) -> Result<Deployment, Bad> {
    if !t.is_object() {
        return Err(Bad::new(SkipReason::NotABuild, json_text(t)));
    }
    let number = s(t, &["number"])
        .or_else(|| s(t, &["id"]))
        .ok_or_else(|| Bad::new(SkipReason::MissingId, "the build has no number"))?;
    let result = s(t, &["result"]);
    // A running build may already carry the result its steps so far give: it is not final.
    if t.get("building").and_then(Value::as_bool) == Some(true) {
        let detail = match &result {
            Some(r) => format!("building: true (result {r:?} is not final yet)"),
            None => "building, no result yet".to_string(),
        };
        return Err(Bad::new(SkipReason::InProgress, detail));
    }
    let Some(result) = result else {
        let building = t.get("building").and_then(Value::as_bool).unwrap_or(true);
        let detail = if building { "building, no result yet" } else { "no result" };
        return Err(Bad::new(SkipReason::InProgress, detail));
    };
    precheck(None, Some(&result))?;
    let zone = c.zone().clone();
    let started = time_val(t.get("timestamp"), "timestamp", &zone)?
        .ok_or_else(|| Bad::new(SkipReason::NoTimestamp, "the build has no timestamp: it never started"))?;
    let duration = t.get("duration").and_then(Value::as_i64).unwrap_or(0).max(0);
    let id = match job {
        Some(j) => format!("{j}#{number}"),
        None => number,
    };
    let mut d = Deployment::new(id, started.saturating_add(duration));
    d.status = c.names.get(&result);
    d.team = job.and_then(|j| c.names.get(j));
    d.service = d.team.clone();
    // Commits: changeSets[].items[] (pipelines) or changeSet.items[] (freestyle jobs).
    let mut sets: Vec<&Value> = Vec::new();
    if let Some(Value::Array(list)) = t.get("changeSets") {
        sets.extend(list.iter());
    }
    if let Some(one) = t.get("changeSet") {
        sets.push(one);
    }
    for set in sets {
        let Some(Value::Array(items)) = set.get("items") else { continue };
        for item in items {
            let Some(sha) = s(item, &["commitId"]).or_else(|| s(item, &["id"])) else { continue };
            // Some SCMs write -1 for an unknown time; git items also carry "date".
            let at = match item.get("timestamp").and_then(Value::as_i64) {
                Some(ms) if ms > 0 => Some(ms),
                _ => time_val(item.get("date"), "changeSet.items[].date", &zone)?,
            };
            d.commits.push(Commit { sha: sha.into(), committed_at: at });
        }
    }
    d.first_commit_at = d.commits.iter().filter_map(|cm| cm.committed_at).min();
    d.commit_sha = d.commits.last().map(|cm| cm.sha.clone()).or_else(|| last_built_revision(t).map(Into::into));
    Ok(d)
}

/// The full name of a build's job: the `job/<name>` parts of its URL (`…/job/team/job/deploy/42/`
/// is `team/deploy`, as a job's `fullName` spells it), else its `fullDisplayName` without the
/// build number (`team » deploy #42`).
fn job_of_build(t: &Value) -> Option<String> {
    if let Some(url) = s(t, &["url"]) {
        let parts: Vec<&str> = url.split('/').collect();
        let names: Vec<&str> = parts.windows(2).filter(|w| w[0] == "job" && !w[1].is_empty()).map(|w| w[1]).collect();
        if !names.is_empty() {
            return Some(names.join("/"));
        }
    }
    let shown = s(t, &["fullDisplayName"])?;
    let name = shown.rsplit_once(" #").map_or(shown.as_str(), |(n, _)| n);
    Some(name.split(" » ").collect::<Vec<_>>().join("/"))
}

/// `actions[].lastBuiltRevision.SHA1` (the git plugin's build data).
fn last_built_revision(t: &Value) -> Option<String> {
    let Some(Value::Array(actions)) = t.get("actions") else { return None };
    actions.iter().find_map(|a| s(a, &["lastBuiltRevision", "SHA1"]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_build_names_its_job_by_url_else_display_name() {
        let check =
            |build: serde_json::Value, want: Option<&str>| assert_eq!(job_of_build(&build).as_deref(), want, "{build}");
        check(
            serde_json::json!({"url": "https://ci/job/payments/job/deploy-billing/127/"}),
            Some("payments/deploy-billing"),
        );
        check(serde_json::json!({"url": "https://ci/jenkins/job/web/3/"}), Some("web"));
        check(
            serde_json::json!({"fullDisplayName": "payments » deploy-billing #127"}),
            Some("payments/deploy-billing"),
        );
        check(serde_json::json!({"url": "https://ci/view/all/", "fullDisplayName": "web #3"}), Some("web"));
        check(serde_json::json!({"number": 3}), None);
    }
}

//! The files of one load merged into a [`Dataset`]: team maps applied, commit times from change
//! files filled in, ids repeated across files removed, records in their order.

use super::collector::{TEN_YEARS_MS, plausible};
use super::dedup::{dedup_deployments_paced, dedup_incidents_paced};
use super::vendor::Pending;
use super::{FileImport, Notes};
use crate::core::model::{Dataset, TeamMap, deployment_order, incident_order};
use crate::core::pace::{self, Pacer};
use rustc_hash::FxHashMap;

/// Merges the files of one load into a dataset (copying the records; see [`into_dataset`]).
pub fn build_dataset(files: &[FileImport]) -> (Dataset, Vec<String>) {
    let files: Vec<&FileImport> = files.iter().collect();
    pace::at_once(build_dataset_paced(&files, pace::no_pause))
}

/// [`build_dataset`] in steps: copying and merging pause every few thousand records.
pub async fn build_dataset_paced<P, F>(files: &[&FileImport], pause: P) -> (Dataset, Vec<String>)
where
    P: FnMut(f64) -> F,
    F: Future<Output = ()>,
{
    // Rows a block handed on are grouped when the blocks are joined, never left for here.
    debug_assert!(files.iter().all(|f| f.pending.is_empty()), "a block import was not joined");
    let records: usize = files.iter().map(|f| f.deployments.len() + f.incidents.len()).sum();
    let mut pacer = Pacer::new(2 * records, pause);
    let mut copies = Vec::with_capacity(files.len());
    for &f in files {
        let mut copy = FileImport {
            name: f.name.clone(),
            format: f.format,
            reason: f.reason.clone(),
            kind: f.kind,
            rows_read: f.rows_read,
            deployments: Vec::with_capacity(f.deployments.len()),
            incidents: Vec::with_capacity(f.incidents.len()),
            teams: f.teams.clone(),
            team_rows: f.team_rows,
            commit_times: f.commit_times.clone(),
            skipped: f.skipped.clone(),
            problems: Vec::new(),
            hint: f.hint,
            notes: Notes::default(),
            warnings: Vec::new(),
            cross_references: f.cross_references,
            runs: f.runs.clone(),
            pending: Pending::default(),
        };
        pacer.each(&f.deployments, |_, d| copy.deployments.push(d.clone())).await;
        pacer.each(&f.incidents, |_, i| copy.incidents.push(i.clone())).await;
        copies.push(copy);
    }
    into_dataset_paced(copies, &mut pacer).await
}

/// Merges the files of one load into a dataset: applies team maps, fills commit times from change
/// files, and removes duplicate ids across files. Deployments come out sorted by (deployed_at, id).
/// Returns warnings for what it changed.
pub fn into_dataset(files: Vec<FileImport>) -> (Dataset, Vec<String>) {
    let n = files.iter().map(|f| f.deployments.len()).sum();
    pace::at_once(into_dataset_paced(files, &mut Pacer::new(n, pace::no_pause)))
}

/// [`into_dataset`], ticking `pacer` in its passes over the records.
async fn into_dataset_paced<P, F>(files: Vec<FileImport>, pacer: &mut Pacer<P>) -> (Dataset, Vec<String>)
where
    P: FnMut(f64) -> F,
    F: Future<Output = ()>,
{
    let mut warnings = Vec::new();
    let mut data = Dataset::default();
    let mut teams = TeamMap::default();
    let mut commit_times: FxHashMap<Box<str>, i64> = FxHashMap::default();
    let n: usize = files.iter().map(|f| f.deployments.len()).sum();
    let with_deployments = files.iter().filter(|f| !f.deployments.is_empty()).count();
    let names: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
    for mut f in files {
        if data.deployments.is_empty() {
            data.deployments = std::mem::take(&mut f.deployments);
            data.deployments.reserve(n - data.deployments.len());
        } else {
            data.deployments.append(&mut f.deployments);
        }
        data.incidents.append(&mut f.incidents);
        teams.extend(&f.teams);
        for (sha, at) in f.commit_times {
            commit_times.insert(sha, at);
        }
    }
    if !commit_times.is_empty() {
        // Change files' commit times pass the checks a deployment's own commit times pass.
        let mut dropped = 0usize;
        for d in &mut data.deployments {
            // A deployment that names only its sha (GitHub deployments) gets that commit's time.
            if d.commits.is_empty()
                && d.first_commit_at.is_none()
                && let Some(at) = d.commit_sha.as_ref().and_then(|sha| commit_times.get(sha)).copied()
            {
                if plausible(at) && d.deployed_at - at <= TEN_YEARS_MS {
                    d.first_commit_at = Some(at);
                } else {
                    dropped += 1;
                }
            }
            for c in &mut d.commits {
                if c.committed_at.is_none() {
                    c.committed_at = commit_times.get(&c.sha).copied();
                    if c.committed_at.is_some_and(|t| !plausible(t) || d.deployed_at - t > TEN_YEARS_MS) {
                        c.committed_at = None;
                        dropped += 1;
                    }
                }
            }
        }
        if dropped > 0 {
            warnings.push(format!(
                "{dropped} commit time(s) from change files were before 1990, after 2100 or over ten years before \
                 their deployment, and were dropped"
            ));
        }
    }
    if with_deployments > 1 {
        pacer.add_total(n);
        let dropped = dedup_deployments_paced(&mut data.deployments, pacer).await;
        if let Some(first) = dropped.first() {
            let file = names.get(first.source.file as usize).map_or("?", String::as_str);
            warnings.push(format!(
                "{} deployment id(s) appear in more than one file; kept the latest of each (first: {:?} in {} line {})",
                dropped.len(),
                first.id,
                file,
                first.source.line
            ));
        }
    }
    pacer.add_total(data.incidents.len());
    let merged = dedup_incidents_paced(&mut data.incidents, pacer).await;
    if !merged.is_empty() {
        warnings.push(format!(
            "{} incident id(s) appear in more than one file; merged each into one incident",
            merged.len()
        ));
    }
    let unmapped = teams.apply(&mut data.deployments, &mut data.incidents);
    if !unmapped.is_empty() {
        let shown: Vec<_> = unmapped.iter().take(10).map(String::as_str).collect();
        warnings.push(format!(
            "{} service name(s) have no team in the teams mapping and stay as they are: {}{}",
            unmapped.len(),
            shown.join(", "),
            if unmapped.len() > 10 { ", …" } else { "" }
        ));
    }
    pacer.add_total(data.deployments.len() * 4);
    pace::sort_paced_by_key(&mut data.deployments, |d| d.deployed_at, deployment_order, pacer).await;
    pace::sort_paced_by_key(&mut data.incidents, |i| i.started_at, incident_order, pacer).await;
    data.files = names;
    (data, warnings)
}

//! One record per id: the latest deployment of an id, and incidents of one id merged into one.

use crate::core::model::{Deployment, Incident};
use crate::core::pace::{self, Pacer};
use crate::core::sort;
use rustc_hash::{FxBuildHasher, FxHashMap};
use std::collections::hash_map::Entry;

/// Keeps one deployment per id: the one with the latest `deployed_at` (the later row on a tie).
/// Returns the dropped ones.
pub fn dedup_deployments(deps: &mut Vec<Deployment>) -> Vec<Deployment> {
    pace::at_once(dedup_deployments_paced(deps, &mut Pacer::new(deps.len(), pace::no_pause)))
}

/// [`dedup_deployments`], ticking `pacer` once per deployment.
pub async fn dedup_deployments_paced<P, F>(deps: &mut Vec<Deployment>, pacer: &mut Pacer<P>) -> Vec<Deployment>
where
    P: FnMut(f64) -> F,
    F: Future<Output = ()>,
{
    let mut keep: FxHashMap<&str, u32> = FxHashMap::with_capacity_and_hasher(deps.len(), FxBuildHasher);
    let mut drop_idx: Vec<u32> = Vec::new();
    let all: &[Deployment] = deps;
    pacer
        .each(all, |i, d| match keep.entry(&d.id) {
            Entry::Vacant(v) => {
                v.insert(i as u32);
            }
            Entry::Occupied(mut o) => {
                let k = o.get_mut();
                if d.deployed_at >= all[*k as usize].deployed_at {
                    drop_idx.push(*k);
                    *k = i as u32;
                } else {
                    drop_idx.push(i as u32);
                }
            }
        })
        .await;
    drop(keep);
    if drop_idx.is_empty() {
        return Vec::new();
    }
    sort::sort_indices(&mut drop_idx, &|a, b| a.cmp(&b));
    let mut dropped = Vec::with_capacity(drop_idx.len());
    let mut next = drop_idx.iter().peekable();
    let mut i = 0u32;
    deps.retain(|d| {
        let gone = next.peek() == Some(&&i);
        if gone {
            next.next();
            dropped.push(d.clone());
        }
        i += 1;
        !gone
    });
    dropped
}

/// Merges incidents with the same id into one: the earliest start, the latest resolution, and the
/// first non-empty value of every other field. Returns the rows merged away.
pub fn dedup_incidents(incs: &mut Vec<Incident>) -> Vec<Incident> {
    pace::at_once(dedup_incidents_paced(incs, &mut Pacer::new(incs.len(), pace::no_pause)))
}

/// [`dedup_incidents`], ticking `pacer` once per incident.
pub async fn dedup_incidents_paced<P, F>(incs: &mut Vec<Incident>, pacer: &mut Pacer<P>) -> Vec<Incident>
where
    P: FnMut(f64) -> F,
    F: Future<Output = ()>,
{
    // First pass: where each incident goes (the index of the first one with its id).
    let mut first: FxHashMap<&str, usize> = FxHashMap::with_capacity_and_hasher(incs.len(), FxBuildHasher);
    let mut target: Vec<usize> = Vec::with_capacity(incs.len());
    pacer.each(incs, |i, inc| target.push(*first.entry(&inc.id).or_insert(i))).await;
    drop(first);
    if target.iter().enumerate().all(|(i, &t)| i == t) {
        return Vec::new();
    }
    let mut merged = Vec::new();
    let mut slots: Vec<Option<Incident>> = incs.drain(..).map(Some).collect();
    for i in 0..slots.len() {
        let t = target[i];
        if t == i {
            continue;
        }
        let Some(inc) = slots[i].take() else { continue };
        if let Some(o) = slots[t].as_mut() {
            o.started_at = o.started_at.min(inc.started_at);
            o.resolved_at = match (o.resolved_at, inc.resolved_at) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            };
            o.team = o.team.take().or_else(|| inc.team.clone());
            o.service = o.service.take().or_else(|| inc.service.clone());
            o.severity = o.severity.take().or_else(|| inc.severity.clone());
            o.caused_by = o.caused_by.take().or_else(|| inc.caused_by.clone());
            o.title = o.title.take().or_else(|| inc.title.clone());
        }
        merged.push(inc);
    }
    *incs = slots.into_iter().flatten().collect();
    merged
}

//! Rework: deployments flagged rework, of a rework kind, or deployed while an incident of their
//! service (else team) was open.

use super::REWORK_DURING_INCIDENT;
use super::index::{DeploymentIndex, NONE};
use crate::core::model::Incident;
use crate::core::pace::Pacer;
use crate::core::sort;

/// Marks the deployments deployed while an incident was open: an incident `[started_at,
/// resolved_at)` of its service, or of its team without a service; a deployment without a
/// service, while any incident of its team was open. Incidents of a service no deployment has
/// mark nothing.
pub(super) async fn mark_during_incidents<P, F>(
    rework: &mut [u8],
    incidents: &[Incident],
    inc_team: &[u32],
    index: &DeploymentIndex<'_>,
    pacer: &mut Pacer<P>,
) where
    P: FnMut(f64) -> F,
    F: Future<Output = ()>,
{
    let nteams = index.teams.len();
    let mut svc_iv: Vec<Vec<(i64, i64)>> = vec![Vec::new(); index.by_service.len()];
    let mut team_noservice_iv: Vec<Vec<(i64, i64)>> = vec![Vec::new(); nteams];
    let mut team_all_iv: Vec<Vec<(i64, i64)>> = vec![Vec::new(); nteams];
    pacer
        .each(incidents, |k, inc| {
            let Some(end) = inc.resolved_at.filter(|&e| e > inc.started_at) else {
                return;
            };
            let iv = (inc.started_at, end);
            let t = inc_team[k] as usize;
            match inc.service.as_deref() {
                Some(s) => {
                    if let Some(&g) = index.service_group.get(s) {
                        svc_iv[g as usize].push(iv);
                    }
                }
                None => team_noservice_iv[t].push(iv),
            }
            team_all_iv[t].push(iv);
        })
        .await;
    for v in svc_iv.iter_mut().chain(&mut team_noservice_iv).chain(&mut team_all_iv) {
        merge_intervals(v);
        pacer.tick_n(v.len()).await;
    }
    pacer
        .each(&index.times, |i, &t| {
            let team = index.dep_team[i] as usize;
            let during = match index.dep_service[i] {
                NONE => covers(&team_all_iv[team], t),
                g => covers(&svc_iv[g as usize], t) || covers(&team_noservice_iv[team], t),
            };
            if during {
                rework[i] |= REWORK_DURING_INCIDENT;
            }
        })
        .await;
}

fn merge_intervals(v: &mut Vec<(i64, i64)>) {
    sort::sort_by(v, |a, b| a.cmp(b));
    let mut out: Vec<(i64, i64)> = Vec::with_capacity(v.len());
    for &(s, e) in v.iter() {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    *v = out;
}

/// True when `t` lies in one of the disjoint half-open intervals.
fn covers(v: &[(i64, i64)], t: i64) -> bool {
    let k = v.partition_point(|&(s, _)| s <= t);
    k > 0 && t < v[k - 1].1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_merge_and_cover_half_open() {
        let mut v = vec![(5, 7), (1, 3), (2, 4), (7, 8)];
        merge_intervals(&mut v);
        assert_eq!(v, [(1, 4), (5, 8)]);
        assert!(covers(&v, 1) && covers(&v, 3) && covers(&v, 7));
        assert!(!covers(&v, 4) && !covers(&v, 8) && !covers(&v, 0));
    }
}

//! Failed deployments: flagged failed, linked by an incident, or the previous deployment of the
//! same service (else team) before a rollback or revert.

use super::index::{DeploymentIndex, NONE};
use super::{FailReasons, Link};
use crate::core::pace::Pacer;
use rustc_hash::FxHashMap;

/// Why each failed deployment failed (failed ones only), and a flag per deployment.
pub(super) async fn failed_deployments<P, F>(
    index: &DeploymentIndex<'_>,
    links: &[Link],
    pacer: &mut Pacer<P>,
) -> (FxHashMap<u32, FailReasons>, Vec<bool>)
where
    P: FnMut(f64) -> F,
    F: Future<Output = ()>,
{
    let mut reasons: FxHashMap<u32, FailReasons> = FxHashMap::default();
    for &i in &index.flagged {
        reasons.entry(i).or_default().flagged = true;
    }
    pacer
        .each(links, |k, l| {
            if let Some(d) = l.deployment {
                reasons.entry(d).or_default().incidents.push(k as u32);
            }
        })
        .await;
    // A rollback fails the deployment before it in its service (or team, without a service).
    pacer
        .each(&index.rollbacks, |_, &i| {
            let group = match index.dep_service[i as usize] {
                NONE => &index.by_team[index.dep_team[i as usize] as usize],
                g => &index.by_service[g as usize],
            };
            let pos = group.partition_point(|&x| x < i);
            if pos > 0 {
                let prev = group[pos - 1];
                reasons.entry(prev).or_default().rolled_back_by.get_or_insert(i);
            }
        })
        .await;
    let mut failed = vec![false; index.times.len()];
    for (&i, r) in &reasons {
        failed[i as usize] = r.failed();
    }
    (reasons, failed)
}

//! The one pass over the deployments (a million records are read once, not once per question):
//! local days, teams, groups by service and team, and what the later phases need of each
//! deployment. Also the teams and days of incidents, and the sorted team names.

use super::samples::LeadSamples;
use super::{Link, REWORK_FLAG, REWORK_KIND};
use crate::core::model::{Deployment, Incident, NO_TEAM, Name};
use crate::core::pace::Pacer;
use crate::core::sort;
use crate::core::time::Zone;
use rustc_hash::FxHashMap;

/// The group of a deployment without a service.
pub(super) const NONE: u32 = u32::MAX;

/// A name → index table for teams, in the order they are first seen.
#[derive(Default)]
pub(super) struct TeamTable {
    by_name: FxHashMap<Name, u32>,
    names: Vec<Name>,
}

impl TeamTable {
    pub(super) fn get(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.by_name.get(name) {
            return i;
        }
        let n = Name::from(name);
        let i = self.names.len() as u32;
        self.names.push(n.clone());
        self.by_name.insert(n, i);
        i
    }

    pub(super) fn find(&self, name: &str) -> Option<u32> {
        self.by_name.get(name).copied()
    }

    pub(super) fn len(&self) -> usize {
        self.names.len()
    }

    /// The names sorted, and each record's team index moved to its name's place among them.
    pub(super) fn into_sorted(self, dep_team: &[u32], inc_team: &[u32]) -> (Vec<Name>, Vec<u32>, Vec<u32>) {
        let mut order: Vec<u32> = (0..self.names.len() as u32).collect();
        sort::sort_indices(&mut order, &|a, b| self.names[a as usize].cmp(&self.names[b as usize]));
        let mut remap = vec![0u32; order.len()];
        for (new, &old) in order.iter().enumerate() {
            remap[old as usize] = new as u32;
        }
        let names = order.iter().map(|&o| self.names[o as usize].clone()).collect();
        let moved = |v: &[u32]| v.iter().map(|&t| remap[t as usize]).collect();
        (names, moved(dep_team), moved(inc_team))
    }
}

/// What the pass over the deployments learns, by deployment index (time order).
pub(super) struct DeploymentIndex<'d> {
    pub dep_day: Vec<i32>,
    pub teams: TeamTable,
    /// Team of each deployment, as an index into `teams` (in first-seen order).
    pub dep_team: Vec<u32>,
    /// Services, by name, as group indices into `by_service`.
    pub service_group: FxHashMap<&'d str, u32>,
    /// Deployment indices (time-ordered) by service group and by team.
    pub by_service: Vec<Vec<u32>>,
    pub by_team: Vec<Vec<u32>>,
    /// Each deployment's service group, `NONE` without a service.
    pub dep_service: Vec<u32>,
    pub times: Vec<i64>,
    /// Deployments flagged failed, and rollbacks or reverts.
    pub flagged: Vec<u32>,
    pub rollbacks: Vec<u32>,
    /// Rework bits of each deployment by itself (`REWORK_FLAG`, `REWORK_KIND`).
    pub rework: Vec<u8>,
    pub samples: LeadSamples,
}

/// Reads every deployment once; `see(i, deployment)` is called for each (in time order) for what
/// other phases learn in the same pass.
pub(super) async fn index_deployments<'d, P, F>(
    deployments: &'d [Deployment],
    zone: &Zone,
    mut see: impl FnMut(u32, &Deployment),
    pacer: &mut Pacer<P>,
) -> DeploymentIndex<'d>
where
    P: FnMut(f64) -> F,
    F: Future<Output = ()>,
{
    let n = deployments.len();
    let mut days = LocalDays::new(zone);
    let mut x = DeploymentIndex {
        dep_day: Vec::with_capacity(n),
        teams: TeamTable::default(),
        dep_team: Vec::with_capacity(n),
        service_group: FxHashMap::default(),
        by_service: Vec::new(),
        by_team: Vec::new(),
        dep_service: Vec::with_capacity(n),
        times: Vec::with_capacity(n),
        flagged: Vec::new(),
        rollbacks: Vec::new(),
        rework: Vec::with_capacity(n),
        samples: LeadSamples::with_capacity(n),
    };
    pacer
        .each(deployments, |i, d| {
            let ix = i as u32;
            see(ix, d);
            x.dep_day.push(days.day_of(d.deployed_at));
            let t = x.teams.get(d.team_name());
            x.dep_team.push(t);
            let g = match d.service.as_deref() {
                Some(s) => *x.service_group.entry(s).or_insert_with(|| {
                    x.by_service.push(Vec::new());
                    x.by_service.len() as u32 - 1
                }),
                None => NONE,
            };
            if g != NONE {
                x.by_service[g as usize].push(ix);
            }
            x.dep_service.push(g);
            x.times.push(d.deployed_at);
            if x.by_team.len() <= t as usize {
                x.by_team.resize_with(t as usize + 1, Vec::new);
            }
            x.by_team[t as usize].push(ix);
            if d.failed {
                x.flagged.push(ix);
            }
            if d.is_rollback() {
                x.rollbacks.push(ix);
            }
            x.rework.push(own_bits(d));
            x.samples.add(d);
        })
        .await;
    x
}

/// The rework bits a deployment carries by itself: its flag and its kind.
fn own_bits(d: &Deployment) -> u8 {
    let mut bits = 0;
    if d.rework {
        bits |= REWORK_FLAG;
    }
    if d.has_rework_kind() {
        bits |= REWORK_KIND;
    }
    bits
}

/// The local day each incident started.
pub(super) async fn incident_days<P, F>(incidents: &[Incident], zone: &Zone, pacer: &mut Pacer<P>) -> Vec<i32>
where
    P: FnMut(f64) -> F,
    F: Future<Output = ()>,
{
    let mut days = Vec::with_capacity(incidents.len());
    pacer.each(incidents, |_, i| days.push(zone.day_of(i.started_at))).await;
    days
}

/// The team of each incident: its team, else its linked deployment's team, else its service,
/// else `(none)`.
pub(super) async fn incident_teams<P, F>(
    incidents: &[Incident],
    links: &[Link],
    index: &mut DeploymentIndex<'_>,
    pacer: &mut Pacer<P>,
) -> Vec<u32>
where
    P: FnMut(f64) -> F,
    F: Future<Output = ()>,
{
    let mut teams = Vec::with_capacity(incidents.len());
    pacer
        .each(incidents, |k, inc| {
            teams.push(match (inc.team.as_deref(), links[k].deployment) {
                (Some(t), _) => index.teams.get(t),
                (None, Some(d)) => index.dep_team[d as usize],
                (None, None) => index.teams.get(inc.service.as_deref().unwrap_or(NO_TEAM)),
            })
        })
        .await;
    teams
}

/// Services named by deployments or incidents, sorted.
pub(super) async fn services<P, F>(
    index: &DeploymentIndex<'_>,
    incidents: &[Incident],
    pacer: &mut Pacer<P>,
) -> Vec<Name>
where
    P: FnMut(f64) -> F,
    F: Future<Output = ()>,
{
    let mut services: Vec<Name> = index.service_group.keys().map(|&s| Name::from(s)).collect();
    pacer
        .each(incidents, |_, inc| {
            if let Some(s) = &inc.service
                && !index.service_group.contains_key(&**s)
            {
                services.push(s.clone());
            }
        })
        .await;
    sort::sort_by(&mut services, |a, b| a.cmp(b));
    services.dedup();
    services
}

/// Local days of time-ordered instants: days change rarely between neighbours, so the current
/// day's bounds are computed once and reused.
struct LocalDays<'z> {
    zone: &'z Zone,
    lo: i64,
    hi: i64,
    cur: i32,
}

impl<'z> LocalDays<'z> {
    fn new(zone: &'z Zone) -> Self {
        LocalDays { zone, lo: i64::MAX, hi: i64::MIN, cur: 0 }
    }

    fn day_of(&mut self, t: i64) -> i32 {
        if t < self.lo || t >= self.hi {
            self.cur = self.zone.day_of(t);
            self.lo = self.zone.day_start(self.cur);
            self.hi = self.zone.day_start(self.cur + 1);
            if t < self.lo || t >= self.hi {
                // A zone whose midnight does not exist: fall back to the direct answer.
                (self.lo, self.hi) = (i64::MAX, i64::MIN);
            }
        }
        self.cur
    }
}

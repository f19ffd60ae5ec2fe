//! Links from incidents to deployments, in order: `caused_by` equals a deployment id; else it is a
//! sha prefix of a deployment's commit (the earliest such deployment); else inferred, the latest
//! production deployment at or before the start, of the incident's service when some deployment
//! has it, else of its team (ties to the greater id: deployments are in (time, id) order), within
//! the link window.

use super::index::DeploymentIndex;
use super::sha::{HashBits, ShaPrefixes, is_hex_ref};
use super::{Link, LinkKind};
use crate::core::model::{Deployment, Incident};
use crate::core::pace::Pacer;
use rustc_hash::FxHashMap;

/// What an incident's caused_by names, trimmed; `None` when empty.
pub(super) fn caused_by(i: &Incident) -> Option<&str> {
    i.caused_by.as_deref().map(str::trim).filter(|c| !c.is_empty())
}

/// No deployment has this id (yet).
const UNSEEN: u32 = u32::MAX;

/// The deployments incidents name in `caused_by`: by id, and by commit sha prefix.
pub(super) struct Named<'i> {
    by_id: FxHashMap<&'i str, u32>,
    /// Most deployments are named by no incident: a bit per hash of each named id (a table that
    /// stays in cache) answers "no" for nearly all of them without a lookup in `by_id`.
    bits: HashBits,
    prefixes: ShaPrefixes,
}

impl<'i> Named<'i> {
    /// What the incidents name.
    pub(super) async fn of<P, F>(incidents: &'i [Incident], pacer: &mut Pacer<P>) -> Named<'i>
    where
        P: FnMut(f64) -> F,
        F: Future<Output = ()>,
    {
        let mut by_id: FxHashMap<&str, u32> = FxHashMap::default();
        let mut wanted: Vec<&str> = Vec::new();
        pacer
            .each(incidents, |_, i| {
                if let Some(c) = caused_by(i) {
                    by_id.insert(c, UNSEEN);
                    if is_hex_ref(c) {
                        wanted.push(c);
                    }
                }
            })
            .await;
        let prefixes = ShaPrefixes::new(&wanted, pacer).await;
        let bits = HashBits::new(by_id.keys().copied());
        Named { by_id, bits, prefixes }
    }

    /// Notes deployment `i` (called in time order): the id and the sha prefixes it answers.
    pub(super) fn see(&mut self, i: u32, d: &Deployment) {
        if self.bits.may_contain(&d.id)
            && let Some(slot) = self.by_id.get_mut(&*d.id)
        {
            *slot = i;
        }
        self.prefixes.resolve_one(i, d);
    }

    /// The deployment `caused_by` names, and how.
    fn deployment(&self, caused_by: &str) -> Option<Link> {
        if let Some(&d) = self.by_id.get(caused_by).filter(|&&d| d != UNSEEN) {
            return Some(Link { kind: LinkKind::Id, deployment: Some(d) });
        }
        let d = self.prefixes.deployment_of(&caused_by.to_ascii_lowercase())?;
        Some(Link { kind: LinkKind::Sha, deployment: Some(d) })
    }
}

/// Incidents whose caused_by matched nothing: how many, and the first in file order.
pub(super) struct Unmatched<'i> {
    pub count: usize,
    pub first: Option<&'i Incident>,
}

/// Links every incident (see the module's rules); `window_ms` limits inferred links.
pub(super) async fn link_incidents<'i, P, F>(
    incidents: &'i [Incident],
    named: &Named<'_>,
    index: &DeploymentIndex<'_>,
    window_ms: Option<i64>,
    pacer: &mut Pacer<P>,
) -> (Vec<Link>, Unmatched<'i>)
where
    P: FnMut(f64) -> F,
    F: Future<Output = ()>,
{
    let mut unmatched = Unmatched { count: 0, first: None };
    let mut links = Vec::with_capacity(incidents.len());
    pacer
        .each(incidents, |_, inc| {
            let named_link = caused_by(inc).and_then(|c| {
                let l = named.deployment(c);
                if l.is_none() {
                    unmatched.count += 1;
                    if unmatched.first.is_none_or(|f| inc.source < f.source) {
                        unmatched.first = Some(inc);
                    }
                }
                l
            });
            links.push(named_link.unwrap_or_else(|| inferred(inc, index, window_ms)));
        })
        .await;
    (links, unmatched)
}

/// The latest deployment at or before the incident's start, of its service (when some deployment
/// has it), else of its team, within the window.
fn inferred(inc: &Incident, index: &DeploymentIndex<'_>, window_ms: Option<i64>) -> Link {
    let none = Link { kind: LinkKind::None, deployment: None };
    let group = match inc.service.as_deref().and_then(|s| index.service_group.get(s)) {
        Some(&g) => Some(index.by_service[g as usize].as_slice()),
        None => inc
            .team
            .as_deref()
            .and_then(|t| index.teams.find(t))
            .and_then(|t| index.by_team.get(t as usize))
            .map(Vec::as_slice),
    };
    let Some(g) = group else { return none };
    let k = g.partition_point(|&d| index.times[d as usize] <= inc.started_at);
    if k == 0 {
        return none;
    }
    let d = g[k - 1];
    let age = inc.started_at - index.times[d as usize];
    if window_ms.is_none_or(|w| age <= w) { Link { kind: LinkKind::Inferred, deployment: Some(d) } } else { none }
}

//! The range-independent half of the engine: links every incident to a deployment, decides which
//! deployments failed or are rework and why, and precomputes local days and lead-time samples.
//! A report for any range is then a cheap pass over these arrays ([`super::report`]).

use crate::core::model::{
    Dataset, Deployment, Incident, NO_TEAM, Name, deployment_order, incident_order, is_production_environment,
    is_success_status,
};
use crate::core::pace::{self, Pacer};
use crate::core::sort;
use crate::core::time::Zone;
use rustc_hash::{FxBuildHasher, FxHashMap};
use serde::Serialize;
use std::hash::BuildHasher;
use std::sync::Arc;

/// Settings that change links and classifications (not just the range).
#[derive(Clone, Debug)]
pub struct AnalysisOptions {
    pub zone: Zone,
    /// Only infer a link when the deployment is at most this many hours before the incident.
    pub link_window_hours: Option<f64>,
}

impl Default for AnalysisOptions {
    fn default() -> Self {
        AnalysisOptions { zone: Zone::utc(), link_window_hours: None }
    }
}

/// How an incident was tied to a deployment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkKind {
    /// `caused_by` equals the deployment id.
    Id,
    /// `caused_by` is a commit sha prefix of the deployment.
    Sha,
    /// The latest earlier deployment of the same service (or team).
    Inferred,
    None,
}

impl LinkKind {
    pub fn label(self) -> &'static str {
        match self {
            LinkKind::Id => "id",
            LinkKind::Sha => "sha",
            LinkKind::Inferred => "inferred",
            LinkKind::None => "none",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Link {
    pub kind: LinkKind,
    pub deployment: Option<u32>,
}

/// Why a deployment counts as failed (several may hold).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FailReasons {
    pub flagged: bool,
    /// Incidents linked to it (indices into `Analysis::incidents`).
    pub incidents: Vec<u32>,
    /// The rollback/revert deployment that undid it.
    pub rolled_back_by: Option<u32>,
}

impl FailReasons {
    pub fn failed(&self) -> bool {
        self.flagged || !self.incidents.is_empty() || self.rolled_back_by.is_some()
    }
}

pub const REWORK_FLAG: u8 = 1;
pub const REWORK_KIND: u8 = 2;
pub const REWORK_DURING_INCIDENT: u8 = 4;

/// Linked, classified data, sorted by time.
#[derive(Clone, Debug)]
pub struct Analysis {
    pub zone: Zone,
    /// Production deployments, sorted by (deployed_at, id).
    pub deployments: Vec<Deployment>,
    /// Local day of each deployment.
    pub dep_day: Vec<i32>,
    /// Team index of each deployment.
    pub dep_team: Vec<u32>,
    pub failed: Vec<bool>,
    /// Fail reasons for failed deployments only (index → reasons).
    pub fail_reasons: FxHashMap<u32, FailReasons>,
    /// Rework bits per deployment (`REWORK_*`).
    pub rework: Vec<u8>,
    /// Lead-time samples in seconds, flat; deployment i owns `lead[lead_off[i]..lead_off[i+1]]`.
    pub lead: Vec<f64>,
    pub lead_off: Vec<u32>,
    /// Incidents sorted by (started_at, id).
    pub incidents: Vec<Incident>,
    pub inc_day: Vec<i32>,
    pub inc_team: Vec<u32>,
    pub links: Vec<Link>,
    /// Team names, sorted; indices are stable for this analysis.
    pub teams: Vec<Name>,
    /// Services named by deployments or incidents, sorted.
    pub services: Vec<Name>,
    pub warnings: Vec<String>,
}

impl Analysis {
    pub fn team_name(&self, idx: u32) -> &str {
        self.teams.get(idx as usize).map_or(NO_TEAM, |t| t)
    }

    pub fn team_index(&self, name: &str) -> Option<u32> {
        self.teams.binary_search_by(|t| (**t).cmp(name)).ok().map(|i| i as u32)
    }

    pub fn lead_samples(&self, i: usize) -> &[f64] {
        &self.lead[self.lead_off[i] as usize..self.lead_off[i + 1] as usize]
    }

    /// The first and last local day with any event.
    pub fn day_span(&self) -> Option<(i32, i32)> {
        let first = [self.dep_day.first(), self.inc_day.first()].into_iter().flatten().min().copied();
        let last = [self.dep_day.last(), self.inc_day.iter().max()].into_iter().flatten().max().copied();
        first.zip(last)
    }

    /// Services of deployments and incidents, sorted.
    pub fn services(&self) -> &[Name] {
        &self.services
    }
}

/// A name → index table for teams.
struct TeamTable {
    by_name: FxHashMap<Name, u32>,
    names: Vec<Name>,
}

impl TeamTable {
    fn get(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.by_name.get(name) {
            return i;
        }
        let n: Name = Arc::from(name);
        let i = self.names.len() as u32;
        self.names.push(n.clone());
        self.by_name.insert(n, i);
        i
    }
}

/// What an incident's caused_by names, trimmed; `None` when empty.
fn caused_by(i: &Incident) -> Option<&str> {
    i.caused_by.as_deref().map(str::trim).filter(|c| !c.is_empty())
}

fn is_hex_ref(s: &str) -> bool {
    (7..=40).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Links, classifies and indexes a dataset (copying it; see [`analyze_owned`]).
pub fn analyze(data: &Dataset, opts: &AnalysisOptions) -> Analysis {
    analyze_owned(data.clone(), opts)
}

/// Links, classifies and indexes a dataset, taking ownership so nothing is copied.
pub fn analyze_owned(data: Dataset, opts: &AnalysisOptions) -> Analysis {
    pace::at_once(analyze_paced(data, opts, pace::no_pause))
}

/// [`analyze_owned`] in steps: `pause(fraction_done)` is awaited every few thousand records
/// ([`pace`]), so a caller on a single thread (the dashboard) can let the page paint between
/// steps. The result is the same whatever the pauses do.
pub async fn analyze_paced<P, F>(data: Dataset, opts: &AnalysisOptions, pause: P) -> Analysis
where
    P: FnMut(f64) -> F,
    F: Future<Output = ()>,
{
    let zone = opts.zone.clone();
    let mut warnings = Vec::new();
    let Dataset { mut deployments, mut incidents, files } = data;

    // Production deployments only (importers already filter; a hand-built dataset may not).
    if !deployments
        .iter()
        .all(|d| is_production_environment(d.environment.as_deref()) && is_success_status(d.status.as_deref()))
    {
        deployments
            .retain(|d| is_production_environment(d.environment.as_deref()) && is_success_status(d.status.as_deref()));
    }
    sort::sort_by(&mut deployments, deployment_order);
    sort::sort_by(&mut incidents, incident_order);

    // Ids are unique here: each import removes its file's duplicates and `into_dataset` those
    // across files, keeping the latest of each.
    // Each pass below over deployments or incidents counts its records on the pacer.
    let n = deployments.len();
    let passes = 3 * n + 8 * incidents.len();
    let mut pacer = Pacer::new(passes, pause);

    // What incidents name in caused_by (a deployment id, or a commit sha prefix), and their days.
    const UNSEEN: u32 = u32::MAX;
    let mut by_id: FxHashMap<&str, u32> = FxHashMap::default();
    let mut wanted: Vec<&str> = Vec::new();
    let mut inc_day = Vec::with_capacity(incidents.len());
    pacer
        .each(&incidents, |_, i| {
            if let Some(c) = caused_by(i) {
                by_id.insert(c, UNSEEN);
                if is_hex_ref(c) {
                    wanted.push(c);
                }
            }
            inc_day.push(zone.day_of(i.started_at));
        })
        .await;
    let prefixes = ShaPrefixes::new(&wanted, &mut pacer).await;
    // Most deployments are named by no incident: a bit per hash of each named id (a table that
    // stays in cache) answers "no" for nearly all of them without a lookup in `by_id`.
    let named = HashBits::new(by_id.keys().copied());

    // One pass over the deployments (a million records are read once, not once per question):
    // the ids incidents name, local days, teams, groups by service and team, sha-prefix links,
    // flags, and lead-time samples (seconds; non-positive ones are kept here and dropped by the
    // report). Local days change rarely between neighbours, so the current day's bounds are cached.
    let mut dep_day = Vec::with_capacity(n);
    let mut days = LocalDays::new(&zone);
    let mut teams = TeamTable { by_name: FxHashMap::default(), names: Vec::new() };
    let mut dep_team_raw = Vec::with_capacity(n);
    // Deployment indices (time-ordered) by service and by team, and each deployment's service
    // group (`NONE` without a service) and time, compact for the passes that follow.
    const NONE: u32 = u32::MAX;
    let mut service_group: FxHashMap<&str, u32> = FxHashMap::default();
    let mut by_service: Vec<Vec<u32>> = Vec::new();
    let mut by_team: Vec<Vec<u32>> = Vec::new();
    let mut dep_service = Vec::with_capacity(n);
    let mut times = Vec::with_capacity(n);
    let mut sha_links = FxHashMap::default();
    let mut fail_reasons: FxHashMap<u32, FailReasons> = FxHashMap::default();
    let mut rollbacks: Vec<u32> = Vec::new();
    let mut rework = Vec::with_capacity(n);
    let mut lead = Vec::with_capacity(n);
    let mut lead_off = Vec::with_capacity(n + 1);
    lead_off.push(0u32);
    pacer
        .each(&deployments, |i, d| {
            let ix = i as u32;
            if named.may_contain(&d.id)
                && let Some(slot) = by_id.get_mut(&*d.id)
            {
                *slot = ix;
            }
            dep_day.push(days.day_of(d.deployed_at));
            let t = teams.get(d.team_name());
            dep_team_raw.push(t);
            let g = match d.service.as_deref() {
                Some(s) => *service_group.entry(s).or_insert_with(|| {
                    by_service.push(Vec::new());
                    by_service.len() as u32 - 1
                }),
                None => NONE,
            };
            if g != NONE {
                by_service[g as usize].push(ix);
            }
            dep_service.push(g);
            times.push(d.deployed_at);
            if by_team.len() <= t as usize {
                by_team.resize_with(t as usize + 1, Vec::new);
            }
            by_team[t as usize].push(ix);
            prefixes.resolve_one(ix, d, &mut sha_links);
            if d.failed {
                fail_reasons.entry(ix).or_default().flagged = true;
            }
            if d.is_rollback() {
                rollbacks.push(ix);
            }
            let mut bits = 0;
            if d.rework {
                bits |= REWORK_FLAG;
            }
            if d.has_rework_kind() {
                bits |= REWORK_KIND;
            }
            rework.push(bits);
            if !d.commits.is_empty() {
                for c in &d.commits {
                    if let Some(at) = c.committed_at {
                        lead.push((d.deployed_at - at) as f64 / 1000.0);
                    }
                }
            } else if let Some(first) = d.first_commit_at {
                lead.push((d.deployed_at - first) as f64 / 1000.0);
            } else if let Some(s) = d.lead_time_seconds {
                lead.push(s);
            }
            lead_off.push(lead.len() as u32);
        })
        .await;
    by_id.retain(|_, d| *d != UNSEEN);

    // --- Links -------------------------------------------------------------------------------
    let window_ms = opts.link_window_hours.map(|h| (h * 3_600_000.0) as i64);
    let mut unmatched = 0usize;
    let mut first_unmatched: Option<&Incident> = None;
    let mut links = Vec::with_capacity(incidents.len());
    pacer
        .each(&incidents, |_, inc| {
            let mut link = Link { kind: LinkKind::None, deployment: None };
            if let Some(c) = caused_by(inc) {
                if let Some(&d) = by_id.get(c) {
                    link = Link { kind: LinkKind::Id, deployment: Some(d) };
                } else if let Some(&d) = sha_links.get(c.to_ascii_lowercase().as_str()) {
                    link = Link { kind: LinkKind::Sha, deployment: Some(d) };
                } else {
                    unmatched += 1;
                    if first_unmatched.is_none_or(|f| inc.source < f.source) {
                        first_unmatched = Some(inc);
                    }
                }
            }
            if link.deployment.is_none() {
                let group = match inc.service.as_deref().and_then(|s| service_group.get(s)) {
                    Some(&g) => Some(by_service[g as usize].as_slice()),
                    None => inc
                        .team
                        .as_deref()
                        .and_then(|t| teams.by_name.get(t))
                        .and_then(|&t| by_team.get(t as usize))
                        .map(Vec::as_slice),
                };
                if let Some(g) = group {
                    let k = g.partition_point(|&d| times[d as usize] <= inc.started_at);
                    if k > 0 {
                        let d = g[k - 1];
                        let age = inc.started_at - times[d as usize];
                        if window_ms.is_none_or(|w| age <= w) {
                            link = Link { kind: LinkKind::Inferred, deployment: Some(d) };
                        }
                    }
                }
            }
            links.push(link);
        })
        .await;
    if let Some(first) = first_unmatched {
        let file = files.get(first.source.file as usize).map_or("?", String::as_str);
        warnings.push(format!(
            "{file}:{}: {unmatched} incident(s) have a caused_by that matches no deployment id or commit; \
             linked by service/team instead (first: {} caused_by {:?})",
            first.source.line,
            first.id,
            caused_by(first).unwrap_or("")
        ));
    }

    let mut services: Vec<Name> = service_group.keys().map(|&s| Name::from(s)).collect();
    pacer
        .each(&incidents, |_, inc| {
            if let Some(s) = &inc.service
                && !service_group.contains_key(&**s)
            {
                services.push(s.clone());
            }
        })
        .await;
    sort::sort_by(&mut services, |a, b| a.cmp(b));
    services.dedup();

    // Team of each incident: team, else linked deployment's team, else service, else (none).
    let mut inc_team_raw = Vec::with_capacity(incidents.len());
    pacer
        .each(&incidents, |k, inc| {
            inc_team_raw.push(match (inc.team.as_deref(), links[k].deployment) {
                (Some(t), _) => teams.get(t),
                (None, Some(d)) => dep_team_raw[d as usize],
                (None, None) => teams.get(inc.service.as_deref().unwrap_or(NO_TEAM)),
            })
        })
        .await;

    // --- Failed deployments (flagged ones were marked in the pass above) ----------------------
    pacer
        .each(&links, |k, l| {
            if let Some(d) = l.deployment {
                fail_reasons.entry(d).or_default().incidents.push(k as u32);
            }
        })
        .await;
    // A rollback fails the deployment before it in its service (or team, without a service).
    pacer
        .each(&rollbacks, |_, &i| {
            let group = match dep_service[i as usize] {
                NONE => &by_team[dep_team_raw[i as usize] as usize],
                g => &by_service[g as usize],
            };
            let pos = group.partition_point(|&x| x < i);
            if pos > 0 {
                let prev = group[pos - 1];
                fail_reasons.entry(prev).or_default().rolled_back_by.get_or_insert(i);
            }
        })
        .await;
    let mut failed = vec![false; n];
    for (&i, r) in &fail_reasons {
        failed[i as usize] = r.failed();
    }

    // --- Rework: deployed while an incident of its service (or team) was open -----------------
    // Intervals by service group (incidents of a service no deployment has mark nothing), and by
    // team: of the incidents without a service, and of all.
    let nteams = teams.names.len();
    let mut svc_iv: Vec<Vec<(i64, i64)>> = vec![Vec::new(); by_service.len()];
    let mut team_noservice_iv: Vec<Vec<(i64, i64)>> = vec![Vec::new(); nteams];
    let mut team_all_iv: Vec<Vec<(i64, i64)>> = vec![Vec::new(); nteams];
    pacer
        .each(&incidents, |k, inc| {
            let Some(end) = inc.resolved_at.filter(|&e| e > inc.started_at) else {
                return;
            };
            let iv = (inc.started_at, end);
            let t = inc_team_raw[k] as usize;
            match inc.service.as_deref() {
                Some(s) => {
                    if let Some(&g) = service_group.get(s) {
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
    // A deployment with a service: its service's incidents, or its team's without a service;
    // without a service: any incident of its team.
    pacer
        .each(&times, |i, &t| {
            let team = dep_team_raw[i] as usize;
            let during = match dep_service[i] {
                NONE => covers(&team_all_iv[team], t),
                g => covers(&svc_iv[g as usize], t) || covers(&team_noservice_iv[team], t),
            };
            if during {
                rework[i] |= REWORK_DURING_INCIDENT;
            }
        })
        .await;

    // Sort team names and remap indices so team order is alphabetical.
    let mut order: Vec<u32> = (0..teams.names.len() as u32).collect();
    sort::sort_indices(&mut order, &|a, b| teams.names[a as usize].cmp(&teams.names[b as usize]));
    let mut remap = vec![0u32; order.len()];
    for (new, &old) in order.iter().enumerate() {
        remap[old as usize] = new as u32;
    }
    let team_names: Vec<Name> = order.iter().map(|&o| teams.names[o as usize].clone()).collect();
    let dep_team = dep_team_raw.iter().map(|&t| remap[t as usize]).collect();
    let inc_team = inc_team_raw.iter().map(|&t| remap[t as usize]).collect();

    Analysis {
        zone,
        deployments,
        dep_day,
        dep_team,
        failed,
        fail_reasons,
        rework,
        lead,
        lead_off,
        incidents,
        inc_day,
        inc_team,
        links,
        teams: team_names,
        services,
        warnings,
    }
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

/// A set of strings that may answer "maybe" for a string not in it (1 in 16 for the sets it is
/// made for), and never "no" for one in it: one bit per hash, 16 bits per string.
struct HashBits {
    bits: Vec<u64>,
    mask: u64,
}

impl HashBits {
    fn new<'a>(items: impl ExactSizeIterator<Item = &'a str>) -> HashBits {
        let size = (items.len() * 16).next_power_of_two().max(64);
        let mut set = HashBits { bits: vec![0; size / 64], mask: size as u64 - 1 };
        for s in items {
            let h = set.slot(s);
            set.bits[h / 64] |= 1 << (h % 64);
        }
        set
    }

    fn slot(&self, s: &str) -> usize {
        (FxBuildHasher.hash_one(s) & self.mask) as usize
    }

    fn may_contain(&self, s: &str) -> bool {
        let h = self.slot(s);
        self.bits[h / 64] & (1 << (h % 64)) != 0
    }
}

/// The first 16 hex digits of a sha as a number, left-aligned, and how many digits there were.
fn hex_key(s: &str) -> Option<(u64, u32)> {
    let b = trim_sha(s);
    let n = b.len().min(16);
    if n == 0 {
        return None;
    }
    Some((hex_value(&b[..n])? << (4 * (16 - n)), n as u32))
}

/// The first five hex digits of a sha (a key into `ShaPrefixes::first5`), or `None` when it has
/// fewer or is not hex there.
fn hex_first5(s: &str) -> Option<usize> {
    Some(hex_value(trim_sha(s).get(..5)?)? as usize)
}

/// A sha without surrounding whitespace (the common sha has none, and is not scanned for it).
fn trim_sha(s: &str) -> &[u8] {
    let b = s.as_bytes();
    match (b.first(), b.last()) {
        (Some(f), Some(l)) if f.is_ascii_alphanumeric() && l.is_ascii_alphanumeric() => b,
        _ => s.trim().as_bytes(),
    }
}

/// The value of up to 16 hex digits, or `None` when one is not a hex digit.
fn hex_value(digits: &[u8]) -> Option<u64> {
    const INVALID: u8 = 0xFF;
    const HEX: [u8; 256] = {
        let mut t = [INVALID; 256];
        let mut i = 0;
        while i < 10 {
            t[b'0' as usize + i] = i as u8;
            i += 1;
        }
        let mut i = 0;
        while i < 6 {
            t[b'a' as usize + i] = 10 + i as u8;
            t[b'A' as usize + i] = 10 + i as u8;
            i += 1;
        }
        t
    };
    let mut v = 0u64;
    let mut bad = 0u8;
    for &c in digits {
        let d = HEX[c as usize];
        bad |= d;
        v = (v << 4) | u64::from(d & 0x0F);
    }
    (bad & 0xF0 == 0).then_some(v)
}

/// The hex prefixes incidents name in `caused_by`, grouped by length for lookups by masked key.
struct ShaPrefixes {
    /// Lower-cased prefixes.
    prefixes: Vec<String>,
    /// (digits compared, masked first-16-digit key → prefix indices)
    by_len: Vec<(u32, FxHashMap<u64, Vec<u32>>)>,
    /// One bit per possible first five hex digits of a prefix: most shas match none, and a bit
    /// test is far cheaper than a lookup per prefix length.
    first5: Vec<u64>,
}

impl ShaPrefixes {
    /// Indexes the prefixes, ticking `pacer` (tens of thousands of prefixes are a few passes).
    async fn new<P, F>(wanted: &[&str], pacer: &mut Pacer<P>) -> ShaPrefixes
    where
        P: FnMut(f64) -> F,
        F: Future<Output = ()>,
    {
        // Ticks: lower-casing, the sort (a check, chunks, a merge per doubling past a step), indexing.
        let merges = wanted.len().div_ceil(pace::STEP).next_power_of_two().trailing_zeros() as usize;
        pacer.add_total(wanted.len() * (4 + merges));
        let mut prefixes: Vec<String> = Vec::with_capacity(wanted.len());
        pacer.each(wanted, |_, w| prefixes.push(w.to_ascii_lowercase())).await;
        pace::sort_paced(&mut prefixes, |a, b| a.cmp(b), pacer).await;
        prefixes.dedup();
        let mut by_len: Vec<(u32, FxHashMap<u64, Vec<u32>>)> = Vec::new();
        let mut first5 = vec![0u64; (1 << 20) / 64];
        pacer
            .each(&prefixes, |i, p| {
                let Some((key, digits)) = hex_key(p) else { return };
                let slot = match by_len.iter().position(|(d, _)| *d == digits) {
                    Some(s) => s,
                    None => {
                        by_len.push((digits, FxHashMap::default()));
                        by_len.len() - 1
                    }
                };
                by_len[slot].1.entry(key).or_default().push(i as u32);
                let k = (key >> 44) as usize;
                first5[k / 64] |= 1 << (k % 64);
            })
            .await;
        ShaPrefixes { prefixes, by_len, first5 }
    }

    /// Records, for every prefix deployment `i`'s shas start with and that no earlier deployment
    /// matched, deployment `i`. Called in time order, `found` ends with the earliest match of each.
    fn resolve_one<'a>(&'a self, i: u32, d: &Deployment, found: &mut FxHashMap<&'a str, u32>) {
        if found.len() == self.prefixes.len() {
            return;
        }
        let shas = d.commit_sha.as_deref().into_iter().chain(d.commits.iter().map(|c| &*c.sha));
        for sha in shas {
            // Most shas start with no prefix's first five digits: only those that do are read on.
            let Some(k) = hex_first5(sha) else { continue };
            if self.first5[k / 64] & (1 << (k % 64)) == 0 {
                continue;
            }
            let Some((key, digits)) = hex_key(sha) else { continue };
            if digits < 7 {
                continue;
            }
            for (len, map) in &self.by_len {
                if *len > digits {
                    continue;
                }
                let masked = key & (u64::MAX << (4 * (16 - len)));
                let Some(ids) = map.get(&masked) else { continue };
                for &p in ids {
                    let prefix = &self.prefixes[p as usize];
                    let sha = sha.trim();
                    let full = prefix.len() <= 16
                        || (sha.len() >= prefix.len()
                            && sha.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes()));
                    if full {
                        found.entry(prefix.as_str()).or_insert(i);
                    }
                }
            }
        }
    }
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
    use proptest::prelude::*;

    /// Paced or at once, the analysis is the same; the pauses report a growing fraction up to 1.
    #[test]
    fn paced_analysis_equals_the_analysis_at_once() {
        let day = 86_400_000i64;
        let teams: Vec<Name> = ["api", "web", "data"].iter().map(|&t| Name::from(t)).collect();
        let mut data = Dataset::default();
        for i in 0..50_000usize {
            let mut d = Deployment::new(format!("d{i}"), i as i64 * day / 97);
            d.team = Some(teams[i % 3].clone());
            d.service = (i % 5 != 0).then(|| Name::from(format!("svc{}", i % 7).as_str()));
            d.commit_sha = Some(format!("{:040x}", i * 7919).into());
            d.first_commit_at = (i % 4 != 0).then(|| d.deployed_at - 3_600_000 * (i % 50) as i64);
            d.failed = i % 31 == 0;
            d.kind = (i % 43 == 0).then(|| Name::from("rollback"));
            data.deployments.push(d);
        }
        for k in 0..6_000usize {
            let mut inc = Incident::new(format!("i{k}"), (k as i64 * 8) * day / 97 + 1);
            inc.team = (k % 3 != 0).then(|| teams[k % 3].clone());
            inc.service = (k % 2 == 0).then(|| Name::from(format!("svc{}", k % 7).as_str()));
            inc.resolved_at = (k % 9 != 0).then_some(inc.started_at + 5_400_000);
            inc.caused_by = match k % 4 {
                0 => Some(format!("d{}", k * 8).into()),
                1 => Some(format!("{:040x}", k * 8 * 7919)[..12].into()),
                _ => None,
            };
            data.incidents.push(inc);
        }
        let opts = AnalysisOptions { zone: Zone::named("Europe/Berlin").unwrap(), link_window_hours: Some(48.0) };
        let at_once = analyze_owned(data.clone(), &opts);

        let mut fractions = Vec::new();
        let (paced, suspended) = pace::testing::run_suspending(analyze_paced(data, &opts, |f| {
            fractions.push(f);
            pace::testing::suspend(f)
        }));
        assert_eq!(format!("{paced:?}"), format!("{at_once:?}"));
        let mut services: Vec<Name> = data_services(&at_once);
        services.sort();
        services.dedup();
        assert_eq!(at_once.services(), services.as_slice());
        assert_eq!(services.len(), 7);
        assert!(at_once.links.iter().any(|l| l.kind == LinkKind::Sha), "the data exercises sha links");
        // A pause every STEP records, in at least two passes over the deployments and six over
        // the incidents.
        assert!(suspended >= (2 * 50_000 + 6 * 6_000) / pace::STEP, "only {suspended} pauses");
        assert_eq!(suspended, fractions.len());
        assert!(fractions.windows(2).all(|w| w[0] < w[1]) && fractions.iter().all(|&f| f > 0.0 && f <= 1.0));

        // The report pauses before each team's summary and gives the same report.
        let o = crate::core::metrics::ReportOptions::default();
        let whole = crate::core::metrics::report(&at_once, &o, 0);
        let (paced, suspended) =
            pace::testing::run_suspending(crate::core::metrics::report_paced(&at_once, &o, 0, pace::testing::suspend));
        assert_eq!(paced, whole);
        assert!(whole.teams.len() > 1);
        assert_eq!(suspended, whole.teams.len());
    }

    fn data_services(a: &Analysis) -> Vec<Name> {
        let deps = a.deployments.iter().filter_map(|d| d.service.clone());
        deps.chain(a.incidents.iter().filter_map(|i| i.service.clone())).collect()
    }

    fn dep(i: usize, sha: &str) -> Deployment {
        let mut d = Deployment::new(format!("d{i}"), i as i64 * 1000);
        d.commit_sha = Some(sha.into());
        d
    }

    proptest! {
        /// Prefix links agree with a scan of every deployment for the earliest sha that starts
        /// with the prefix (case-insensitively), for short, 16-digit and long prefixes.
        #[test]
        fn sha_prefix_links_match_a_brute_force_scan(
            shas in proptest::collection::vec("[0-9a-fA-F]{6,40}", 1..40),
            picks in proptest::collection::vec((0usize..40, 7usize..41), 1..20),
        ) {
            let deployments: Vec<Deployment> = shas.iter().enumerate().map(|(i, s)| dep(i, s)).collect();
            let wanted: Vec<String> = picks
                .iter()
                .map(|&(i, n)| {
                    let s = &shas[i % shas.len()];
                    s[..n.min(s.len())].to_ascii_uppercase()
                })
                .filter(|p| is_hex_ref(p))
                .collect();
            let refs: Vec<&str> = wanted.iter().map(String::as_str).collect();
            let prefixes = pace::at_once(ShaPrefixes::new(&refs, &mut Pacer::new(1, pace::no_pause)));
            let mut got = FxHashMap::default();
            for (i, d) in deployments.iter().enumerate() {
                prefixes.resolve_one(i as u32, d, &mut got);
            }
            for p in &wanted {
                let lower = p.to_ascii_lowercase();
                let want = shas.iter().position(|s| s.to_ascii_lowercase().starts_with(&lower)).map(|i| i as u32);
                prop_assert_eq!(got.get(lower.as_str()).copied(), want, "prefix {}", p);
            }
        }
    }
}

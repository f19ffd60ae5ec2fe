//! The range-independent half of the engine: links every incident to a deployment, decides which
//! deployments failed or are rework and why, and precomputes local days and lead-time samples.
//! A report for any range is then a cheap pass over these arrays ([`super::report`]).

mod failures;
mod index;
mod links;
mod rework;
mod samples;
mod sha;

use crate::core::model::{
    Dataset, Deployment, Incident, NO_TEAM, Name, deployment_order, incident_order, is_production_environment,
    is_success_status,
};
use crate::core::pace::{self, Pacer};
use crate::core::sort;
use crate::core::time::Zone;
use rustc_hash::FxHashMap;
use serde::Serialize;

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
///
/// The phases, each in its module: what incidents name ([`links::Named`]), one pass over the
/// deployments ([`index`]), links, failures, rework, and the sorted teams.
pub async fn analyze_paced<P, F>(data: Dataset, opts: &AnalysisOptions, pause: P) -> Analysis
where
    P: FnMut(f64) -> F,
    F: Future<Output = ()>,
{
    let zone = opts.zone.clone();
    let Dataset { deployments, mut incidents, files } = data;
    // Ids are unique here: each import removes its file's duplicates and `into_dataset` those
    // across files, keeping the latest of each.
    // Each pass below over deployments or incidents counts its records on the pacer.
    let passes = 4 * deployments.len() + 9 * incidents.len();
    let mut pacer = Pacer::new(passes, pause);
    let deployments = production_only(deployments, &mut pacer).await;
    sort::sort_by(&mut incidents, incident_order);

    let mut named = links::Named::of(&incidents, &mut pacer).await;
    let inc_day = index::incident_days(&incidents, &zone, &mut pacer).await;
    let mut ix = index::index_deployments(&deployments, &zone, |i, d| named.see(i, d), &mut pacer).await;
    let window_ms = opts.link_window_hours.map(|h| (h * 3_600_000.0) as i64);
    let (links, unmatched) = links::link_incidents(&incidents, &named, &ix, window_ms, &mut pacer).await;
    let warnings = unmatched_warning(&unmatched, &files).into_iter().collect();
    let services = index::services(&ix, &incidents, &mut pacer).await;
    let inc_team = index::incident_teams(&incidents, &links, &mut ix, &mut pacer).await;
    let (fail_reasons, failed) = failures::failed_deployments(&ix, &links, &mut pacer).await;
    let mut rework = std::mem::take(&mut ix.rework);
    rework::mark_during_incidents(&mut rework, &incidents, &inc_team, &ix, &mut pacer).await;

    let index::DeploymentIndex { dep_day, teams, dep_team, samples, .. } = ix;
    let (teams, dep_team, inc_team) = teams.into_sorted(&dep_team, &inc_team);
    drop(named);
    Analysis {
        zone,
        deployments,
        dep_day,
        dep_team,
        failed,
        fail_reasons,
        rework,
        lead: samples.lead,
        lead_off: samples.lead_off,
        incidents,
        inc_day,
        inc_team,
        links,
        teams,
        services,
        warnings,
    }
}

/// Production deployments only (importers already filter; a hand-built dataset may not), in the
/// order of deployments everywhere (a dataset's order already): checked a step at a time (three
/// million records checked at once held the page for 160 ms).
async fn production_only<P, F>(mut deployments: Vec<Deployment>, pacer: &mut Pacer<P>) -> Vec<Deployment>
where
    P: FnMut(f64) -> F,
    F: Future<Output = ()>,
{
    let counts =
        |d: &Deployment| is_production_environment(d.environment.as_deref()) && is_success_status(d.status.as_deref());
    // One pass for both questions (`pace`'s order check is the same test; a second pass would read
    // every record again).
    let mut ready = true;
    for (k, chunk) in deployments.chunks(pace::EVERY).enumerate() {
        let prev = (k > 0).then(|| &deployments[k * pace::EVERY - 1]);
        ready = ready
            && chunk.iter().all(counts)
            && prev.is_none_or(|p| deployment_order(p, &chunk[0]).is_le())
            && chunk.windows(2).all(|w| deployment_order(&w[0], &w[1]).is_le());
        pacer.tick_n(chunk.len()).await;
    }
    if !ready {
        deployments.retain(counts);
        sort::sort_by(&mut deployments, deployment_order);
    }
    deployments
}

/// The warning for caused_by values that match nothing, naming the first one's file and line.
fn unmatched_warning(u: &links::Unmatched, files: &[String]) -> Option<String> {
    let first = u.first?;
    let file = files.get(first.source.file as usize).map_or("?", String::as_str);
    Some(format!(
        "{file}:{}: {} incident(s) have a caused_by that matches no deployment id or commit; \
         linked by service/team instead (first: {} caused_by {:?})",
        first.source.line,
        u.count,
        first.id,
        links::caused_by(first).unwrap_or("")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

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
        // A pause every EVERY records, in at least two passes over the deployments and six over
        // the incidents.
        assert!(suspended >= (2 * 50_000 + 6 * 6_000) / pace::EVERY, "only {suspended} pauses");
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
}

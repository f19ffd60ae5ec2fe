//! The range-dependent half: the five metrics per team for a range, the previous period, trends.
//! Its serialized form is the report JSON (docs/report-json.md).

use super::analysis::Analysis;
use super::stats;
use super::tiers::{Benchmark, DORA_2023, Tier};
use crate::core::import::PLAUSIBLE_MS;
use crate::core::pace;
use crate::core::time::{self, MS_PER_DAY, format_date};
use serde::Serialize;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bucket {
    #[default]
    Week,
    Month,
}

impl Bucket {
    pub fn parse(s: &str) -> Option<Bucket> {
        match s.trim().to_ascii_lowercase().as_str() {
            "week" | "weeks" | "weekly" => Some(Bucket::Week),
            "month" | "months" | "monthly" => Some(Bucket::Month),
            _ => None,
        }
    }
}

/// What to report on.
#[derive(Clone, Debug)]
pub struct ReportOptions {
    /// First local day (inclusive); `None`: the first day with data.
    pub from: Option<i32>,
    /// Last local day, exclusive; `None`: the day after the last day with data.
    pub to: Option<i32>,
    pub bucket: Bucket,
    pub benchmark: Benchmark,
    /// Only these teams (empty: all).
    pub teams: Vec<String>,
    /// Only deployments and incidents of these services (empty: all).
    pub services: Vec<String>,
    /// Compute trends (the dashboard's overview can skip them for the teams table).
    pub trends: bool,
    /// Also the trend of all selected teams together ([`Report::overall_trend`]; the dashboard's
    /// overview), from the same selection of records as the summaries.
    pub overall_trend: bool,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            from: None,
            to: None,
            bucket: Bucket::Week,
            benchmark: DORA_2023,
            teams: Vec::new(),
            services: Vec::new(),
            trends: true,
            overall_trend: false,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RangeOut {
    pub from: String,
    pub to: String,
    pub tz: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LeadTime {
    pub samples: u64,
    pub median_hours: Option<f64>,
    pub p75_hours: Option<f64>,
    pub p90_hours: Option<f64>,
    pub tier: Option<Tier>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChangeFailure {
    pub failed_deployments: u64,
    pub deployments: u64,
    pub rate: Option<f64>,
    pub tier: Option<Tier>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Recovery {
    /// The number of recovery samples.
    pub incidents: u64,
    pub median_hours: Option<f64>,
    pub p90_hours: Option<f64>,
    pub tier: Option<Tier>,
    /// Incidents started in range and not resolved: reported, never counted as recovered.
    pub open_incidents: u64,
    /// Incidents started in range and linked to no deployment (not in the samples).
    pub unlinked_incidents: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Rework {
    pub rework_deployments: u64,
    pub deployments: u64,
    pub rate: Option<f64>,
}

/// The five metrics for one team (or all) over one period.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Numbers {
    pub deployments: u64,
    pub deploy_days: u64,
    pub deploys_per_week: f64,
    pub median_deploy_days_per_week: Option<f64>,
    pub deployment_frequency_tier: Option<Tier>,
    pub lead_time: LeadTime,
    pub change_failure_rate: ChangeFailure,
    pub recovery_time: Recovery,
    pub rework_rate: Rework,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Previous {
    pub from: String,
    pub to: String,
    #[serde(flatten)]
    pub numbers: Numbers,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    pub team: String,
    #[serde(flatten)]
    pub numbers: Numbers,
    pub previous: Previous,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Point {
    pub start: String,
    /// Days of this bucket inside the range (less than the bucket's length at the range's edges).
    pub days: u32,
    pub deployments: u64,
    pub lead_time_median_hours: Option<f64>,
    pub change_failure_rate: Option<f64>,
    pub recovery_median_hours: Option<f64>,
    pub rework_rate: Option<f64>,
}

impl Point {
    /// The length of this point's bucket in days (7, or the month's length).
    pub fn bucket_days(&self, bucket: Bucket) -> u32 {
        match (bucket, time::parse_date(&self.start)) {
            (Bucket::Month, Ok(start)) => (time::next_month_start(start) - start) as u32,
            _ => 7,
        }
    }

    /// True when only part of the bucket lies in the range (the first or last week or month of a
    /// range that cuts one): its counts cover `days` days, not the whole bucket.
    pub fn is_partial(&self, bucket: Bucket) -> bool {
        self.days < self.bucket_days(bucket)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Trend {
    pub team: String,
    pub bucket: Bucket,
    pub points: Vec<Point>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub range: RangeOut,
    pub benchmark: u16,
    pub overall: Summary,
    pub teams: Vec<Summary>,
    pub trends: Vec<Trend>,
    pub warnings: Vec<String>,
    /// The trend of all selected teams together, when asked for (not part of the JSON report).
    #[serde(skip)]
    pub overall_trend: Option<Trend>,
}

/// The team name of the overall summary.
pub const ALL: &str = "all";

/// The range a report covers: explicit days, or the span of the data.
pub fn resolve_range(a: &Analysis, from: Option<i32>, to: Option<i32>, fallback_day: i32) -> (i32, i32) {
    let span = a.day_span();
    let from = from.or(span.map(|s| s.0)).unwrap_or(fallback_day);
    let to = to.or(span.map(|s| s.1 + 1)).unwrap_or(from + 1);
    (from, to.max(from + 1))
}

/// The days a record can fall on: 1990 to 2100 (the import's plausible times, a day wider on
/// each side for the report zone).
pub const RECORD_DAYS: (i32, i32) =
    ((PLAUSIBLE_MS.0 / MS_PER_DAY) as i32 - 1, (PLAUSIBLE_MS.1 / MS_PER_DAY) as i32 + 1);

/// The longest range a report covers: the days a record can fall on. Every ISO week of a range
/// is a trend point of every team, so `--from 0001-01-01 --to 9999-12-31` held gigabytes.
pub const MAX_RANGE_DAYS: i32 = RECORD_DAYS.1 - RECORD_DAYS.0;

/// `[from, to)`, cut to the days a record can fall on when it is longer than [`MAX_RANGE_DAYS`]
/// (to its last [`MAX_RANGE_DAYS`] when it holds none of them), and whether it was cut.
pub fn cap_range(from: i32, to: i32) -> (i32, i32, bool) {
    if to - from <= MAX_RANGE_DAYS {
        return (from, to, false);
    }
    let (f, t) = (from.max(RECORD_DAYS.0), to.min(RECORD_DAYS.1));
    if f < t { (f, t, true) } else { (to - MAX_RANGE_DAYS, to, true) }
}

/// The dashboard's default: the last `days` days ending on the newest event's day.
pub fn last_days_range(a: &Analysis, days: i32, fallback_day: i32) -> (i32, i32) {
    let last = a.day_span().map_or(fallback_day, |s| s.1);
    (last + 1 - days, last + 1)
}

/// Which deployments/incidents a report looks at.
struct Selection {
    team_ok: Vec<bool>,
    dep_ok: Option<Vec<bool>>,
    inc_ok: Option<Vec<bool>>,
}

impl Selection {
    fn new(a: &Analysis, o: &ReportOptions) -> Selection {
        let team_ok = if o.teams.is_empty() {
            vec![true; a.teams.len()]
        } else {
            a.teams.iter().map(|t| o.teams.iter().any(|w| w == &**t)).collect()
        };
        let (dep_ok, inc_ok) = if o.services.is_empty() {
            (None, None)
        } else {
            let ok = |s: Option<&str>| s.is_some_and(|s| o.services.iter().any(|w| w == s));
            (
                Some(a.deployments.iter().map(|d| ok(d.service.as_deref())).collect()),
                Some(a.incidents.iter().map(|i| ok(i.service.as_deref())).collect()),
            )
        };
        Selection { team_ok, dep_ok, inc_ok }
    }

    fn dep(&self, a: &Analysis, i: usize) -> bool {
        self.team_ok[a.dep_team[i] as usize] && self.dep_ok.as_ref().is_none_or(|v| v[i])
    }

    fn inc(&self, a: &Analysis, k: usize) -> bool {
        self.team_ok[a.inc_team[k] as usize] && self.inc_ok.as_ref().is_none_or(|v| v[k])
    }
}

/// Deployment and incident indices of one period, per team.
struct Period {
    from: i32,
    to: i32,
    all_deps: Vec<u32>,
    all_incs: Vec<u32>,
    team_deps: Vec<Vec<u32>>,
    team_incs: Vec<Vec<u32>>,
}

impl Period {
    fn collect(a: &Analysis, sel: &Selection, from: i32, to: i32) -> Period {
        let nteams = a.teams.len();
        let (d0, d1) = (a.dep_day.partition_point(|&d| d < from), a.dep_day.partition_point(|&d| d < to));
        let mut team_deps = vec![Vec::new(); nteams];
        let mut all_deps = Vec::with_capacity(d1 - d0);
        for i in d0..d1 {
            if sel.dep(a, i) {
                all_deps.push(i as u32);
                team_deps[a.dep_team[i] as usize].push(i as u32);
            }
        }
        let (k0, k1) = (a.inc_day.partition_point(|&d| d < from), a.inc_day.partition_point(|&d| d < to));
        let mut team_incs = vec![Vec::new(); nteams];
        let mut all_incs = Vec::new();
        for k in k0..k1 {
            // inc_day is ordered by started_at, and local days are monotonic in time.
            if sel.inc(a, k) {
                all_incs.push(k as u32);
                team_incs[a.inc_team[k] as usize].push(k as u32);
            }
        }
        Period { from, to, all_deps, all_incs, team_deps, team_incs }
    }
}

/// Scratch buffers reused across summaries.
#[derive(Default)]
struct Scratch {
    values: Vec<f64>,
    dropped_lead: u64,
}

fn rate(n: u64, d: u64) -> Option<f64> {
    (d > 0).then(|| n as f64 / d as f64)
}

fn numbers(a: &Analysis, b: &Benchmark, from: i32, to: i32, deps: &[u32], incs: &[u32], s: &mut Scratch) -> Numbers {
    let n = deps.len() as u64;
    let freq = frequency(a, b, from, to, deps);
    let lead_time = lead_time(a, b, deps, s);
    let failed = deps.iter().filter(|&&i| a.failed[i as usize]).count() as u64;
    let reworked = deps.iter().filter(|&&i| a.rework[i as usize] != 0).count() as u64;
    let cfr = rate(failed, n);
    Numbers {
        deployments: n,
        deploy_days: freq.deploy_days,
        deploys_per_week: freq.per_week,
        median_deploy_days_per_week: freq.median_week,
        deployment_frequency_tier: freq.tier,
        lead_time,
        change_failure_rate: ChangeFailure {
            failed_deployments: failed,
            deployments: n,
            rate: cfr,
            tier: if n == 0 { None } else { b.change_failure(cfr) },
        },
        recovery_time: recovery(a, b, incs, s),
        rework_rate: Rework { rework_deployments: reworked, deployments: n, rate: rate(reworked, n) },
    }
}

/// Deployment frequency: deploy days, deployments per week, and the median deploy days per ISO
/// week (and per calendar month) of the range, with its tier.
struct Frequency {
    deploy_days: u64,
    per_week: f64,
    median_week: Option<f64>,
    tier: Option<Tier>,
}

fn frequency(a: &Analysis, b: &Benchmark, from: i32, to: i32, deps: &[u32]) -> Frequency {
    let n = deps.len() as u64;
    let days_in_range = (to - from).max(1);
    // Deploy days: deps are time-ordered, so local days are non-decreasing.
    let mut deploy_days = 0u64;
    let mut last_day = i32::MIN;
    let first_week = time::week_start(from);
    let weeks = ((time::week_start(to - 1) - first_week) / 7 + 1) as usize;
    let mut week_counts: Vec<f64> = vec![0.0; weeks];
    let mut month_starts = vec![time::month_start(from)];
    while let Some(&m) = month_starts.last() {
        let next = time::next_month_start(m);
        if next >= to {
            break;
        }
        month_starts.push(next);
    }
    let mut month_counts: Vec<f64> = vec![0.0; month_starts.len()];
    for &i in deps {
        let day = a.dep_day[i as usize];
        if day != last_day {
            deploy_days += 1;
            last_day = day;
            week_counts[((time::week_start(day) - first_week) / 7) as usize] += 1.0;
            let m = month_starts.partition_point(|&m| m <= day) - 1;
            month_counts[m] += 1.0;
        }
    }
    let median_week = stats::median(&mut week_counts);
    let median_month = stats::median(&mut month_counts).unwrap_or(0.0);
    Frequency {
        deploy_days,
        per_week: n as f64 / (f64::from(days_in_range) / 7.0),
        median_week,
        tier: b.frequency(n, days_in_range as u32, median_week.unwrap_or(0.0), median_month),
    }
}

/// Lead time of the deployments' samples; non-positive ones are dropped and counted.
fn lead_time(a: &Analysis, b: &Benchmark, deps: &[u32], s: &mut Scratch) -> LeadTime {
    s.values.clear();
    for &i in deps {
        for &v in a.lead_samples(i as usize) {
            if v > 0.0 {
                s.values.push(v / 3600.0);
            } else {
                s.dropped_lead += 1;
            }
        }
    }
    let samples = s.values.len() as u64;
    let (median, p75, p90) = stats::summary(&mut s.values);
    LeadTime {
        samples,
        median_hours: median,
        p75_hours: p75,
        p90_hours: p90,
        tier: if deps.is_empty() { None } else { b.lead_time(median) },
    }
}

/// Recovery time of the incidents that are linked and resolved after they started; open and
/// unlinked ones counted apart.
fn recovery(a: &Analysis, b: &Benchmark, incs: &[u32], s: &mut Scratch) -> Recovery {
    s.values.clear();
    let mut open = 0;
    let mut unlinked = 0;
    for &k in incs {
        let inc = &a.incidents[k as usize];
        match inc.resolved_at {
            None => open += 1,
            Some(r) if a.links[k as usize].deployment.is_some() && r > inc.started_at => {
                s.values.push((r - inc.started_at) as f64 / 3_600_000.0)
            }
            Some(_) => {}
        }
        if a.links[k as usize].deployment.is_none() {
            unlinked += 1;
        }
    }
    let median = stats::median(&mut s.values);
    Recovery {
        incidents: s.values.len() as u64,
        median_hours: median,
        p90_hours: stats::quantile(&mut s.values, 0.9),
        tier: b.recovery(median),
        open_incidents: open,
        unlinked_incidents: unlinked,
    }
}

pub(super) fn bucket_starts(bucket: Bucket, from: i32, to: i32) -> Vec<i32> {
    let mut v = Vec::new();
    let mut cur = match bucket {
        Bucket::Week => time::week_start(from),
        Bucket::Month => time::month_start(from),
    };
    while cur < to {
        v.push(cur);
        cur = match bucket {
            Bucket::Week => cur + 7,
            Bucket::Month => time::next_month_start(cur),
        };
    }
    v
}

fn trend_points(
    a: &Analysis,
    o: &ReportOptions,
    from: i32,
    to: i32,
    deps: &[u32],
    incs: &[u32],
    s: &mut Scratch,
) -> Vec<Point> {
    let starts = bucket_starts(o.bucket, from, to);
    let mut points = Vec::with_capacity(starts.len());
    for (b, &start) in starts.iter().enumerate() {
        let end = starts.get(b + 1).copied().unwrap_or(to).min(to);
        let lo = start.max(from);
        let d0 = deps.partition_point(|&i| a.dep_day[i as usize] < lo);
        let d1 = deps.partition_point(|&i| a.dep_day[i as usize] < end);
        let k0 = incs.partition_point(|&k| a.inc_day[k as usize] < lo);
        let k1 = incs.partition_point(|&k| a.inc_day[k as usize] < end);
        let (bd, bi) = (&deps[d0..d1], &incs[k0..k1]);
        let n = bd.len() as u64;
        s.values.clear();
        for &i in bd {
            s.values.extend(a.lead_samples(i as usize).iter().filter(|&&v| v > 0.0).map(|v| v / 3600.0));
        }
        let lead = stats::median(&mut s.values);
        let failed = bd.iter().filter(|&&i| a.failed[i as usize]).count() as u64;
        let reworked = bd.iter().filter(|&&i| a.rework[i as usize] != 0).count() as u64;
        s.values.clear();
        for &k in bi {
            let inc = &a.incidents[k as usize];
            if let Some(r) = inc.resolved_at
                && a.links[k as usize].deployment.is_some()
                && r > inc.started_at
            {
                s.values.push((r - inc.started_at) as f64 / 3_600_000.0);
            }
        }
        points.push(Point {
            start: format_date(start),
            days: (end - lo).max(0) as u32,
            deployments: n,
            lead_time_median_hours: lead,
            change_failure_rate: rate(failed, n),
            recovery_median_hours: stats::median(&mut s.values),
            rework_rate: rate(reworked, n),
        });
    }
    points
}

/// Computes the report for a range. `fallback_day` is used only when there is no data at all.
pub fn report(a: &Analysis, o: &ReportOptions, fallback_day: i32) -> Report {
    pace::at_once(report_paced(a, o, fallback_day, pace::no_pause))
}

/// [`report`] in steps: it pauses before each team's summary and before the overall trend (each
/// a pass over the deployments and incidents in range), with the share of teams done.
pub async fn report_paced<P, F>(a: &Analysis, o: &ReportOptions, fallback_day: i32, mut pause: P) -> Report
where
    P: FnMut(f64) -> F,
    F: Future<Output = ()>,
{
    let (from, to) = resolve_range(a, o.from, o.to, fallback_day);
    // The cut is said by the report's own `range` (and by the CLI, which knows what was asked for).
    let (from, to, _) = cap_range(from, to);
    let len = to - from;
    let sel = Selection::new(a, o);
    let cur = Period::collect(a, &sel, from, to);
    let prev = Period::collect(a, &sel, from - len, from);
    let b = &o.benchmark;
    let mut s = Scratch::default();
    let mut prev_scratch = Scratch::default();

    let summary =
        |team: &str, cd: &[u32], ci: &[u32], pd: &[u32], pi: &[u32], s: &mut Scratch, ps: &mut Scratch| Summary {
            team: team.to_string(),
            numbers: numbers(a, b, cur.from, cur.to, cd, ci, s),
            previous: Previous {
                from: format_date(prev.from),
                to: format_date(prev.to),
                numbers: numbers(a, b, prev.from, prev.to, pd, pi, ps),
            },
        };

    let overall = summary(ALL, &cur.all_deps, &cur.all_incs, &prev.all_deps, &prev.all_incs, &mut s, &mut prev_scratch);
    let dropped_in_range = s.dropped_lead;
    let mut teams = Vec::new();
    let mut trends = Vec::new();
    for (t, name) in a.teams.iter().enumerate() {
        if cur.team_deps[t].is_empty() && cur.team_incs[t].is_empty() {
            continue;
        }
        pause(t as f64 / a.teams.len() as f64).await;
        let mut sink = Scratch::default();
        teams.push(summary(
            name,
            &cur.team_deps[t],
            &cur.team_incs[t],
            &prev.team_deps[t],
            &prev.team_incs[t],
            &mut sink,
            &mut prev_scratch,
        ));
        if o.trends {
            trends.push(Trend {
                team: name.to_string(),
                bucket: o.bucket,
                points: trend_points(a, o, from, to, &cur.team_deps[t], &cur.team_incs[t], &mut sink),
            });
        }
    }

    let overall_trend = if o.overall_trend {
        pause(1.0).await;
        let points = trend_points(a, o, from, to, &cur.all_deps, &cur.all_incs, &mut Scratch::default());
        Some(Trend { team: ALL.to_string(), bucket: o.bucket, points })
    } else {
        None
    };

    let mut warnings = a.warnings.clone();
    if dropped_in_range > 0 {
        warnings.push(format!(
            "{dropped_in_range} lead-time sample(s) in range were zero or negative (commit after deployment) and were dropped"
        ));
    }
    Report {
        range: RangeOut { from: format_date(from), to: format_date(to), tz: a.zone.name().to_string() },
        benchmark: b.year,
        overall,
        teams,
        trends,
        warnings,
        overall_trend,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::time::parse_date;

    #[test]
    fn a_range_past_the_days_of_records_is_cut_to_them() {
        let check = |from: &str, to: &str, want: (&str, &str, bool)| {
            let (f, t, cut) = cap_range(parse_date(from).unwrap(), parse_date(to).unwrap());
            assert_eq!((format_date(f).as_str(), format_date(t).as_str(), cut), want, "{from} – {to}");
        };
        // Hand-computed: records fall on 1990-01-01 up to 2100-01-01; a day wider on each side.
        check("2025-01-01", "2025-04-01", ("2025-01-01", "2025-04-01", false));
        check("1980-01-01", "2030-01-01", ("1980-01-01", "2030-01-01", false));
        check("0001-01-01", "9999-12-31", ("1989-12-31", "2100-01-02", true));
        check("0001-01-01", "2025-06-01", ("1989-12-31", "2025-06-01", true));
        check("2030-01-01", "9999-12-31", ("2030-01-01", "2100-01-02", true));
        // No day of records in it: its last 110 years (40,179 days).
        check("2200-01-01", "9999-12-31", ("9889-12-28", "9999-12-31", true));
        assert_eq!(MAX_RANGE_DAYS, 40_179);
    }
}

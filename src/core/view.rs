//! View models for the dashboard: the URL state, card values and deltas, tier bands, formatting and
//! the drill-down rows. Pure, so every rule the UI shows is tested natively; the UI only renders.

use crate::core::case::{is_word_char, lower, lowercase};
use crate::core::decimal::{Fixed, fixed};
use crate::core::export::{hours, percent};
use crate::core::import::Format;
use crate::core::import::mapping::{DEPLOYMENT_FIELDS, INCIDENT_FIELDS, MappedKind, Mapping, propose};
use crate::core::import::read::{CsvTable, decode_text, gunzip, is_gzip};
use crate::core::metrics::analysis::{Analysis, LinkKind, REWORK_DURING_INCIDENT, REWORK_FLAG, REWORK_KIND};
use crate::core::metrics::report::last_days_range;
use crate::core::metrics::tiers::FreqRule;
use crate::core::metrics::{Benchmark, Bucket, DORA_2021, DORA_2023, Numbers, Point, Summary, Tier, Trend};
use crate::core::model::cmp_ids;
use crate::core::sort;
use crate::core::time::{civil_from_days, format_date, format_local, parse_date};
use std::cmp::Ordering;

// ------------------------------------------------------------------------------------------------
// Metrics
// ------------------------------------------------------------------------------------------------

/// The five metrics, in the order the dashboard shows them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Metric {
    #[default]
    DeploymentFrequency,
    LeadTime,
    ChangeFailureRate,
    RecoveryTime,
    ReworkRate,
}

impl Metric {
    pub const ALL: [Metric; 5] = [
        Metric::DeploymentFrequency,
        Metric::LeadTime,
        Metric::ChangeFailureRate,
        Metric::RecoveryTime,
        Metric::ReworkRate,
    ];

    /// The stable identifier used in URLs (`metric=`).
    pub fn id(self) -> &'static str {
        match self {
            Metric::DeploymentFrequency => "deployment_frequency",
            Metric::LeadTime => "lead_time",
            Metric::ChangeFailureRate => "change_failure_rate",
            Metric::RecoveryTime => "recovery_time",
            Metric::ReworkRate => "rework_rate",
        }
    }

    pub fn parse(s: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|m| m.id().eq_ignore_ascii_case(s.trim()))
    }

    pub fn label(self) -> &'static str {
        match self {
            Metric::DeploymentFrequency => "Deployment frequency",
            Metric::LeadTime => "Lead time for changes",
            Metric::ChangeFailureRate => "Change failure rate",
            Metric::RecoveryTime => "Failed deployment recovery time",
            Metric::ReworkRate => "Rework rate",
        }
    }

    /// A column-header sized label.
    pub fn short_label(self) -> &'static str {
        match self {
            Metric::DeploymentFrequency => "Deploy frequency",
            Metric::LeadTime => "Lead time",
            Metric::ChangeFailureRate => "Change failure rate",
            Metric::RecoveryTime => "Recovery time",
            Metric::ReworkRate => "Rework rate",
        }
    }

    /// More is better only for deployment frequency.
    pub fn higher_is_better(self) -> bool {
        self == Metric::DeploymentFrequency
    }

    /// Rates are compared in percentage points, the others relatively.
    pub fn is_rate(self) -> bool {
        matches!(self, Metric::ChangeFailureRate | Metric::ReworkRate)
    }

    /// The headline number of a summary: deploys per week, median hours, or a rate (0..1).
    pub fn value(self, n: &Numbers) -> Option<f64> {
        match self {
            Metric::DeploymentFrequency => Some(n.deploys_per_week),
            Metric::LeadTime => n.lead_time.median_hours,
            Metric::ChangeFailureRate => n.change_failure_rate.rate,
            Metric::RecoveryTime => n.recovery_time.median_hours,
            Metric::ReworkRate => n.rework_rate.rate,
        }
    }

    pub fn tier(self, n: &Numbers) -> Option<Tier> {
        match self {
            Metric::DeploymentFrequency => n.deployment_frequency_tier,
            Metric::LeadTime => n.lead_time.tier,
            Metric::ChangeFailureRate => n.change_failure_rate.tier,
            Metric::RecoveryTime => n.recovery_time.tier,
            Metric::ReworkRate => None,
        }
    }

    /// The value of one trend point: deployments per bucket, median hours, or a rate.
    pub fn point_value(self, p: &Point) -> Option<f64> {
        match self {
            Metric::DeploymentFrequency => Some(p.deployments as f64),
            Metric::LeadTime => p.lead_time_median_hours,
            Metric::ChangeFailureRate => p.change_failure_rate,
            Metric::RecoveryTime => p.recovery_median_hours,
            Metric::ReworkRate => p.rework_rate,
        }
    }

    /// Formats a headline value (see [`Metric::value`]).
    pub fn format(self, v: Option<f64>) -> String {
        match self {
            Metric::DeploymentFrequency => v.map_or("–".into(), fmt_rate_number),
            Metric::LeadTime | Metric::RecoveryTime => hours(v),
            Metric::ChangeFailureRate | Metric::ReworkRate => percent(v),
        }
    }

    /// The unit after a headline value ("per week" for deployment frequency).
    pub fn unit(self) -> &'static str {
        match self {
            Metric::DeploymentFrequency => "per week",
            Metric::LeadTime | Metric::RecoveryTime => "median",
            Metric::ChangeFailureRate | Metric::ReworkRate => "of deployments",
        }
    }

    /// Formats a trend point value (see [`Metric::point_value`]).
    pub fn format_point(self, v: Option<f64>) -> String {
        match self {
            Metric::DeploymentFrequency => v.map_or("–".into(), |v| fmt_int(v.round() as u64)),
            _ => self.format(v),
        }
    }

    /// What a trend point means, for axis titles and data tables.
    pub fn point_unit(self, bucket: Bucket) -> &'static str {
        match (self, bucket) {
            (Metric::DeploymentFrequency, Bucket::Week) => "deployments per week",
            (Metric::DeploymentFrequency, Bucket::Month) => "deployments per month",
            (Metric::LeadTime, _) => "median lead time",
            (Metric::ChangeFailureRate, _) => "change failure rate",
            (Metric::RecoveryTime, _) => "median recovery time",
            (Metric::ReworkRate, _) => "rework rate",
        }
    }

    /// An axis tick label: short and unit-bearing.
    pub fn format_axis(self, v: f64) -> String {
        match self {
            Metric::DeploymentFrequency => fmt_rate_number(v),
            Metric::LeadTime | Metric::RecoveryTime => {
                if v == 0.0 {
                    "0".into()
                } else if v < 1.0 {
                    format!("{}m", Fixed(v * 60.0, 0))
                } else if v < 48.0 {
                    format!("{}h", trim_num(v))
                } else {
                    format!("{}d", trim_num(v / 24.0))
                }
            }
            Metric::ChangeFailureRate | Metric::ReworkRate => format!("{}%", trim_num(v * 100.0)),
        }
    }

    /// A one-line description of the headline number's basis.
    pub fn detail(self, n: &Numbers) -> String {
        match self {
            Metric::DeploymentFrequency => format!(
                "{} deployments on {} days{}",
                fmt_int(n.deployments),
                fmt_int(n.deploy_days),
                n.median_deploy_days_per_week
                    .map(|m| format!(" · median {} deploy days/week", trim_num(m)))
                    .unwrap_or_default()
            ),
            Metric::LeadTime => match n.lead_time.samples {
                0 => "no commit times in range".into(),
                s => format!(
                    "p75 {} · p90 {} · {} commits",
                    hours(n.lead_time.p75_hours),
                    hours(n.lead_time.p90_hours),
                    fmt_int(s)
                ),
            },
            Metric::ChangeFailureRate => format!(
                "{} of {} deployments failed",
                fmt_int(n.change_failure_rate.failed_deployments),
                fmt_int(n.change_failure_rate.deployments)
            ),
            Metric::RecoveryTime => {
                let r = &n.recovery_time;
                let mut s = if r.incidents == 0 {
                    "no recovered incidents in range".to_string()
                } else {
                    format!("p90 {} · {} incidents", hours(r.p90_hours), fmt_int(r.incidents))
                };
                if r.open_incidents > 0 {
                    s.push_str(&format!(" · {} open", fmt_int(r.open_incidents)));
                }
                if r.unlinked_incidents > 0 {
                    s.push_str(&format!(" · {} unlinked", fmt_int(r.unlinked_incidents)));
                }
                s
            }
            Metric::ReworkRate => format!(
                "{} of {} deployments",
                fmt_int(n.rework_rate.rework_deployments),
                fmt_int(n.rework_rate.deployments)
            ),
        }
    }

    /// "How is this computed": a short explanation consistent with `core::metrics` and docs/metrics.md.
    pub fn explain(self) -> &'static [&'static str] {
        match self {
            Metric::DeploymentFrequency => &[
                "How often production deployments happen. A deployment counts when its environment is empty or production/prod/prd/live and its status is empty or a success; the same id twice counts once.",
                "The headline is deployments in range divided by weeks in range. The tier uses deploy days: the median, over every ISO week (Monday start) in range, of the distinct days with a deployment (weeks without any count as 0).",
            ],
            Metric::LeadTime => &[
                "Time from commit to running in production. One sample per commit of a deployment (deployed_at − committed_at); without commits, deployed_at − first_commit_at; else lead_time_seconds.",
                "Samples of zero or less (a commit after its deployment) are dropped and reported in a warning. The headline is the median; p75 and p90 use linear interpolation (type 7).",
            ],
            Metric::ChangeFailureRate => &[
                "Failed deployments in range divided by deployments in range — distinct deployments, never incidents: two incidents on one deployment make one failure.",
                "A deployment failed when it is flagged failed, an incident links to it (caused_by = its id, a commit sha prefix, or inferred: the latest earlier deployment of the incident's service, else team), or a later rollback/revert of the same service (else team) undid it.",
            ],
            Metric::RecoveryTime => &[
                "How long it takes to recover from a failed deployment: resolved_at − started_at of incidents that started in range, are linked to a deployment and are resolved. The headline is the median (p90 shown too).",
                "Open incidents are reported as open, never counted as recovered; incidents linked to no deployment are counted apart as unlinked.",
            ],
            Metric::ReworkRate => &[
                "The share of deployments that were unplanned work: flagged rework, of kind hotfix/rollback/revert/patch/fix, or deployed while an incident of the same service (else team) was open.",
                "Rework rate has no DORA tier; lower is better.",
            ],
        }
    }

    /// The benchmark thresholds of this metric as readable rules, best tier first.
    pub fn tier_rules(self, b: &Benchmark) -> Vec<(Tier, String)> {
        let tiers = [Tier::Elite, Tier::High, Tier::Medium];
        let mut out = Vec::new();
        match self {
            Metric::DeploymentFrequency => {
                for (t, r) in tiers.iter().zip(b.frequency) {
                    out.push((*t, freq_rule_text(r)));
                }
            }
            Metric::LeadTime | Metric::RecoveryTime => {
                let th = if self == Metric::LeadTime { b.lead_time_hours } else { b.recovery_hours };
                for (t, h) in tiers.iter().zip(th) {
                    out.push((*t, format!("median below {}", hours_words(h))));
                }
            }
            Metric::ChangeFailureRate => {
                let mut last = f64::NAN;
                for (t, r) in tiers.iter().zip(b.change_failure_rate) {
                    if r != last {
                        out.push((*t, format!("at most {}%", trim_num(r * 100.0))));
                    }
                    last = r;
                }
            }
            Metric::ReworkRate => return out,
        }
        out.push((Tier::Low, "otherwise".into()));
        out
    }
}

fn freq_rule_text(r: FreqRule) -> String {
    match r {
        FreqRule::MedianDaysPerWeek(x) => format!("median deploy days per week at least {}", trim_num(x)),
        FreqRule::MedianDaysPerMonth(x) => format!("median deploy days per month at least {}", trim_num(x)),
        FreqRule::OnePerDays(x) => format!("at least one deployment every {} days", trim_num(x)),
    }
}

fn hours_words(h: f64) -> String {
    const NAMED: [(f64, &str); 5] =
        [(1.0, "1 hour"), (24.0, "1 day"), (168.0, "1 week"), (720.0, "1 month (30 days)"), (4380.0, "6 months")];
    if let Some((_, name)) = NAMED.iter().find(|(v, _)| *v == h) {
        return name.to_string();
    }
    if h < 24.0 { format!("{} hours", trim_num(h)) } else { format!("{} days", trim_num(h / 24.0)) }
}

// ------------------------------------------------------------------------------------------------
// Formatting
// ------------------------------------------------------------------------------------------------

/// A number without trailing zeros, at most one decimal when below 100 (2, 2.5, 120).
pub fn trim_num(v: f64) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    if v.abs() >= 100.0 {
        return fixed(v, 0);
    }
    let s = fixed(v, 1);
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// A rate such as deploys per week: 2 significant decimals below 1, one below 100, else none.
pub fn fmt_rate_number(v: f64) -> String {
    if !v.is_finite() {
        "–".into()
    } else if v == 0.0 {
        "0".into()
    } else if v.abs() < 1.0 {
        fixed(v, 2)
    } else if v.abs() < 100.0 {
        fixed(v, 1)
    } else {
        fmt_int(v.round() as u64)
    }
}

/// An integer with thousands separators: 1,234,567.
pub fn fmt_int(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A byte size: 512 B, 4.2 KB, 98.1 MB.
pub fn fmt_bytes(n: u64) -> String {
    match n {
        n if n < 1024 => format!("{n} B"),
        n if n < 1024 * 1024 => format!("{} KB", Fixed(n as f64 / 1024.0, 1)),
        n if n < 1024 * 1024 * 1024 => format!("{} MB", Fixed(n as f64 / (1024.0 * 1024.0), 1)),
        n => format!("{} GB", Fixed(n as f64 / (1024.0 * 1024.0 * 1024.0), 2)),
    }
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// A day as "3 Mar 2025".
pub fn fmt_day(day: i32) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{d} {} {y}", MONTHS[(m - 1) as usize])
}

/// A `[from, to)` range as people read it, with the last day inclusive: "3 Mar – 30 May 2025".
pub fn fmt_range(from: i32, to: i32) -> String {
    let last = (to - 1).max(from);
    let (y0, m0, d0) = civil_from_days(from);
    let (y1, m1, d1) = civil_from_days(last);
    if from == last {
        fmt_day(from)
    } else if y0 == y1 {
        format!("{d0} {} – {d1} {} {y1}", MONTHS[(m0 - 1) as usize], MONTHS[(m1 - 1) as usize])
    } else {
        format!("{} – {}", fmt_day(from), fmt_day(last))
    }
}

/// A trend point's axis label from its `YYYY-MM-DD` start: "3 Mar" for weeks, "Mar 25" for months.
pub fn fmt_bucket_label(start: &str, bucket: Bucket) -> String {
    match parse_date(start) {
        Ok(day) => {
            let (y, m, d) = civil_from_days(day);
            match bucket {
                Bucket::Week => format!("{d} {}", MONTHS[(m - 1) as usize]),
                Bucket::Month => format!("{} {:02}", MONTHS[(m - 1) as usize], y % 100),
            }
        }
        Err(_) => start.to_string(),
    }
}

/// The full name of a trend point, saying when its bucket is only partly in the range
/// ("week of 17 Aug 2026, 3 of 7 days in range").
pub fn point_name(p: &Point, bucket: Bucket) -> String {
    let name = fmt_bucket_name(&p.start, bucket);
    if p.is_partial(bucket) { format!("{name}, {} of {} days in range", p.days, p.bucket_days(bucket)) } else { name }
}

/// A bucket's full name: "week of 3 Mar 2025" or "March 2025".
pub fn fmt_bucket_name(start: &str, bucket: Bucket) -> String {
    match parse_date(start) {
        Ok(day) => match bucket {
            Bucket::Week => format!("week of {}", fmt_day(day)),
            Bucket::Month => {
                let (y, m, _) = civil_from_days(day);
                format!("{} {y}", MONTHS[(m - 1) as usize])
            }
        },
        Err(_) => start.to_string(),
    }
}

// ------------------------------------------------------------------------------------------------
// Cards and deltas
// ------------------------------------------------------------------------------------------------

/// Which way a value moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
    Flat,
}

/// Whether a move is good news for that metric.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Better,
    Worse,
    Same,
}

impl Verdict {
    pub fn class(self) -> &'static str {
        match self {
            Verdict::Better => "better",
            Verdict::Worse => "worse",
            Verdict::Same => "same",
        }
    }
}

/// The change against the previous period of equal length.
#[derive(Clone, Debug, PartialEq)]
pub struct Delta {
    pub direction: Direction,
    pub verdict: Verdict,
    /// "+12%", "−3.1 pp", "no change".
    pub text: String,
    /// "previous 90 days: 2.1 per week".
    pub previous: String,
}

impl Delta {
    pub fn arrow(&self) -> &'static str {
        match self.direction {
            Direction::Up => "▲",
            Direction::Down => "▼",
            Direction::Flat => "▶",
        }
    }
}

/// Compares a metric's current and previous values. `None` when either is missing.
pub fn delta(metric: Metric, cur: Option<f64>, prev: Option<f64>) -> Option<Delta> {
    let (c, p) = (cur?, prev?);
    let previous = format!("previous period: {}", metric.format(Some(p)));
    let (change, text) = if metric.is_rate() {
        let pp = (c - p) * 100.0;
        (if pp.abs() < 0.05 { 0.0 } else { pp }, format!("{} pp", signed(pp)))
    } else if p == 0.0 {
        if c == 0.0 { (0.0, String::new()) } else { (1.0, "new".to_string()) }
    } else {
        let rel = (c - p) / p * 100.0;
        (if rel.abs() < 0.5 { 0.0 } else { rel }, format!("{}%", signed(rel)))
    };
    let direction = match change {
        x if x > 0.0 => Direction::Up,
        x if x < 0.0 => Direction::Down,
        _ => Direction::Flat,
    };
    let verdict = match (direction, metric.higher_is_better()) {
        (Direction::Flat, _) => Verdict::Same,
        (Direction::Up, true) | (Direction::Down, false) => Verdict::Better,
        _ => Verdict::Worse,
    };
    let text = if direction == Direction::Flat { "no change".to_string() } else { text };
    Some(Delta { direction, verdict, text, previous })
}

/// A signed number with one decimal (two-digit and larger without), using a real minus sign.
fn signed(v: f64) -> String {
    let a = v.abs();
    let n = fixed(a, if a >= 10.0 { 0 } else { 1 });
    if v < 0.0 { format!("−{n}") } else { format!("+{n}") }
}

/// Everything a metric card shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Card {
    pub metric: Metric,
    pub value: String,
    pub unit: &'static str,
    pub tier: Option<Tier>,
    pub delta: Option<Delta>,
    pub detail: String,
    /// Set when there is nothing to show, with the reason.
    pub empty: Option<&'static str>,
}

/// The card of one metric for one summary (overall or a team).
pub fn card(metric: Metric, s: &Summary) -> Card {
    let n = &s.numbers;
    let value = metric.value(n);
    let empty = match metric {
        _ if n.deployments == 0 && metric != Metric::RecoveryTime => Some("no deployments in range"),
        Metric::LeadTime if value.is_none() => {
            Some("no commit times: needs first_commit_at, lead_time_seconds or commits")
        }
        Metric::RecoveryTime if value.is_none() => Some("no resolved incidents linked to a deployment in range"),
        _ => None,
    };
    Card {
        metric,
        value: metric.format(value),
        unit: metric.unit(),
        tier: metric.tier(n),
        delta: delta(metric, value, metric.value(&s.previous.numbers)),
        detail: metric.detail(n),
        empty,
    }
}

/// The values of one metric along a trend. Edge buckets cut by the range are not scaled: their
/// days are not a fair sample of a whole bucket (a Monday-to-Friday tail of a week holds nearly a
/// week's deployments), so each point is what the bucket holds; `Point::days` says how much of
/// the bucket lies in range.
pub fn series(metric: Metric, t: &Trend) -> Vec<Option<f64>> {
    t.points.iter().map(|p| metric.point_value(p)).collect()
}

/// A trend's values for a sparkline: whole buckets only. A sparkline has no room to mark a
/// partial first or last week, and a bucket holding one day of a week would read as a dip.
pub fn spark_series(metric: Metric, t: &Trend) -> Vec<Option<f64>> {
    let whole = |p: &&Point| !p.is_partial(t.bucket);
    let points: Vec<&Point> = t.points.iter().filter(whole).collect();
    // Keep the partial points when nothing else is left (a range shorter than a bucket).
    if points.len() < 2 {
        return series(metric, t);
    }
    points.into_iter().map(|p| metric.point_value(p)).collect()
}

/// The largest value over several series (for small multiples on one scale).
pub fn shared_max(series: &[Vec<Option<f64>>]) -> Option<f64> {
    series.iter().flatten().flatten().copied().filter(|v| v.is_finite()).reduce(f64::max)
}

// ------------------------------------------------------------------------------------------------
// Tier bands behind trend lines
// ------------------------------------------------------------------------------------------------

/// A horizontal band of a chart: values in `[lo, hi)` fall in `tier`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Band {
    pub lo: f64,
    pub hi: f64,
    pub tier: Tier,
}

/// The tier bands of a metric's trend points. Deployment frequency is counted per bucket, so its
/// bands convert the benchmark's deploy-day rules to deployments per bucket (an approximation:
/// several deployments on one day count once in the tier rule).
pub fn tier_bands(metric: Metric, b: &Benchmark, bucket: Bucket) -> Vec<Band> {
    let tiers = [Tier::Elite, Tier::High, Tier::Medium, Tier::Low];
    let inf = f64::INFINITY;
    match metric {
        Metric::DeploymentFrequency => {
            let days = match bucket {
                Bucket::Week => 7.0,
                Bucket::Month => 365.25 / 12.0,
            };
            let per_bucket = |r: FreqRule| match r {
                FreqRule::MedianDaysPerWeek(x) => x / 7.0 * days,
                FreqRule::MedianDaysPerMonth(x) => x / (365.25 / 12.0) * days,
                FreqRule::OnePerDays(x) => days / x,
            };
            let t = b.frequency.map(per_bucket);
            let edges = [inf, t[0], t[1], t[2], 0.0];
            (0..4).map(|i| Band { lo: edges[i + 1], hi: edges[i], tier: tiers[i] }).collect()
        }
        Metric::LeadTime | Metric::RecoveryTime | Metric::ChangeFailureRate => {
            let t = match metric {
                Metric::LeadTime => b.lead_time_hours,
                Metric::RecoveryTime => b.recovery_hours,
                _ => b.change_failure_rate,
            };
            let edges = [0.0, t[0], t[1], t[2], inf];
            (0..4)
                .filter(|&i| edges[i + 1] > edges[i])
                .map(|i| Band { lo: edges[i], hi: edges[i + 1], tier: tiers[i] })
                .collect()
        }
        Metric::ReworkRate => Vec::new(),
    }
}

// ------------------------------------------------------------------------------------------------
// URL state (docs/url.md)
// ------------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    #[default]
    Overview,
    Trends,
    Team,
}

impl View {
    pub const ALL: [View; 3] = [View::Overview, View::Trends, View::Team];

    pub fn id(self) -> &'static str {
        match self {
            View::Overview => "overview",
            View::Trends => "trends",
            View::Team => "team",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            View::Overview => "Overview",
            View::Trends => "Trends",
            View::Team => "Team detail",
        }
    }

    pub fn parse(s: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.id().eq_ignore_ascii_case(s.trim()))
    }
}

/// What an embedded dashboard shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Embed {
    Overview,
    Teams,
    Card,
    Chart,
}

impl Embed {
    pub fn id(self) -> &'static str {
        match self {
            Embed::Overview => "overview",
            Embed::Teams => "teams",
            Embed::Card => "card",
            Embed::Chart => "chart",
        }
    }

    pub fn parse(s: &str) -> Option<Embed> {
        [Embed::Overview, Embed::Teams, Embed::Card, Embed::Chart]
            .into_iter()
            .find(|e| e.id().eq_ignore_ascii_case(s.trim()))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

impl Theme {
    pub fn id(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn parse(s: &str) -> Option<Theme> {
        match s.trim().to_ascii_lowercase().as_str() {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }
}

/// The preset range lengths of the range control.
pub const RANGE_PRESETS: [u32; 4] = [30, 90, 180, 365];
/// The default range: the last 90 days ending on the newest event's day.
pub const DEFAULT_DAYS: u32 = 90;
// ------------------------------------------------------------------------------------------------
// Column mapping form
// ------------------------------------------------------------------------------------------------

/// The initial state of the "Map columns" form for a CSV no importer recognises: its header names
/// and the mapping [`propose`] guesses from them and the first rows.
#[derive(Clone, Debug, PartialEq)]
pub struct MappingForm {
    pub headers: Vec<String>,
    pub proposal: Mapping,
}

/// How many rows the proposal looks at, and how much of the file (a large file is cut at a line end).
const SAMPLE_ROWS: usize = 20;
const SAMPLE_BYTES: usize = 64 * 1024;

/// The form for a file's bytes; `None` unless they read as a CSV with at least two columns.
pub fn mapping_form(bytes: &[u8]) -> Option<MappingForm> {
    let unpacked;
    let bytes = if is_gzip(bytes) {
        unpacked = gunzip(bytes).ok()?;
        &unpacked[..]
    } else {
        bytes
    };
    let head = if bytes.len() > SAMPLE_BYTES {
        let end = bytes[..SAMPLE_BYTES].iter().rposition(|b| *b == b'\n')?;
        &bytes[..=end]
    } else {
        bytes
    };
    let text = decode_text(head).ok()?;
    let start = text.trim_start();
    if start.starts_with('{') || start.starts_with('[') {
        return None;
    }
    let mut table = CsvTable::new(&text).ok()?;
    let headers = table.headers.clone();
    if headers.len() < 2 || headers.iter().any(|h| h.is_empty()) {
        return None;
    }
    let mut rows: Vec<Vec<String>> = Vec::new();
    while rows.len() < SAMPLE_ROWS
        && let Some(row) = table.next_row()
    {
        if let Ok(r) = row {
            rows.push((0..r.len()).map(|i| r.get(Some(i)).to_string()).collect());
        }
    }
    let proposal = propose(&headers, &rows);
    Some(MappingForm { headers, proposal })
}

/// The canonical fields the form offers for a kind of records.
pub fn mapping_fields(kind: MappedKind) -> &'static [&'static str] {
    match kind {
        MappedKind::Deployments => DEPLOYMENT_FIELDS,
        MappedKind::Incidents => INCIDENT_FIELDS,
    }
}

/// The mapping the form describes: fields left at "—" (empty) and fields of the other kind are
/// dropped, an empty date format is none. Says in words what is missing.
pub fn mapping_from_form(
    kind: MappedKind,
    columns: &std::collections::BTreeMap<String, String>,
    date_format: &str,
) -> Result<Mapping, String> {
    let fields = mapping_fields(kind);
    // Inserted one by one: `collect` into a map would ship another copy of the standard sort.
    let mut kept = std::collections::BTreeMap::new();
    for (f, c) in columns.iter().filter(|(f, c)| fields.contains(&f.as_str()) && !c.is_empty()) {
        kept.insert(f.clone(), c.clone());
    }
    let date_format = Some(date_format.trim().to_string()).filter(|d| !d.is_empty());
    let m = Mapping { kind, columns: kept, date_format };
    m.validate()?;
    Ok(m)
}

/// Link window choices in hours (`None`: no limit).
pub const LINK_WINDOWS: [Option<u32>; 6] = [None, Some(1), Some(4), Some(24), Some(72), Some(168)];

/// Every piece of view state, as the URL carries it. Parsing is lenient (unknown or malformed
/// values fall back to the default); serializing omits defaults, in a stable order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UrlState {
    /// Data URLs (repeatable): `deploys`, `incidents`, `teams`.
    pub deploys: Vec<String>,
    pub incidents: Vec<String>,
    pub teams_urls: Vec<String>,
    /// `from` (inclusive) and `to` (exclusive), `YYYY-MM-DD`, as day numbers.
    pub from: Option<i32>,
    pub to: Option<i32>,
    /// `days`: the length of a "last N days" range when from/to are not given.
    pub days: Option<u32>,
    /// `tz`: an IANA name; `None` is UTC.
    pub tz: Option<String>,
    pub bucket: Bucket,
    /// `team` (repeatable): only these teams; the team view shows the first.
    pub team: Vec<String>,
    /// `service` (repeatable): only these services.
    pub service: Vec<String>,
    pub view: View,
    pub metric: Metric,
    /// `benchmark`: 2023 (default) or 2021.
    pub benchmark: u16,
    /// `window`: the link window in hours.
    pub window: Option<u32>,
    pub embed: Option<Embed>,
    /// `bg=transparent` in embeds.
    pub transparent: bool,
    pub present: bool,
    /// `slide`: the presentation slide (0-based).
    pub slide: u32,
    pub theme: Option<Theme>,
    /// `mapping`: the column mapping (JSON) for CSVs no importer recognises.
    pub mapping: Option<Mapping>,
    /// `format=<format-id>:<file name>` (repeatable): read that file as that format.
    pub formats: Vec<(String, Format)>,
}

impl UrlState {
    /// Parses a query string, with or without the leading `?`.
    pub fn parse(query: &str) -> UrlState {
        let mut s = UrlState { benchmark: 2023, ..UrlState::default() };
        let q = query.strip_prefix('?').unwrap_or(query);
        for pair in q.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let (k, v) = (decode(k), decode(v));
            let nonempty = || Some(v.trim().to_string()).filter(|v| !v.is_empty());
            match k.as_str() {
                "deploys" | "deployments" => s.deploys.extend(nonempty()),
                "incidents" => s.incidents.extend(nonempty()),
                "teams" => s.teams_urls.extend(nonempty()),
                "from" => s.from = parse_date(&v).ok(),
                "to" => s.to = parse_date(&v).ok(),
                "days" => s.days = v.trim().parse().ok().filter(|d| (1..=3660).contains(d)),
                "tz" => s.tz = nonempty().filter(|t| !t.eq_ignore_ascii_case("utc")),
                "bucket" => s.bucket = Bucket::parse(&v).unwrap_or_default(),
                "team" => s.team.extend(nonempty()),
                "service" => s.service.extend(nonempty()),
                "view" => s.view = View::parse(&v).unwrap_or_default(),
                "metric" => s.metric = Metric::parse(&v).unwrap_or_default(),
                "benchmark" => {
                    s.benchmark = v.trim().parse().ok().filter(|y| Benchmark::by_year(*y).is_some()).unwrap_or(2023)
                }
                "window" => s.window = v.trim().parse().ok().filter(|w| *w > 0),
                "embed" => s.embed = Embed::parse(&v),
                "bg" => s.transparent = v.trim().eq_ignore_ascii_case("transparent"),
                "present" => s.present = !matches!(v.trim(), "0" | "false" | "no"),
                "slide" => s.slide = v.trim().parse().unwrap_or(0),
                "theme" => s.theme = Theme::parse(&v),
                "mapping" => s.mapping = Mapping::from_json(&v).ok(),
                "format" => {
                    if let Some((id, name)) = v.split_once(':')
                        && let Some(f) = Format::from_id(id)
                        && !name.is_empty()
                    {
                        s.formats.retain(|(n, _)| n != name);
                        s.formats.push((name.to_string(), f));
                    }
                }
                _ => {}
            }
        }
        if let (Some(f), Some(t)) = (s.from, s.to)
            && t <= f
        {
            s.to = None;
        }
        s
    }

    /// The query string (without `?`), defaults omitted, in the order of docs/url.md.
    pub fn to_query(&self) -> String {
        let mut out: Vec<String> = Vec::new();
        let mut put = |k: &str, v: &str| out.push(format!("{k}={}", encode(v)));
        for u in &self.deploys {
            put("deploys", u);
        }
        for u in &self.incidents {
            put("incidents", u);
        }
        for u in &self.teams_urls {
            put("teams", u);
        }
        if let Some(m) = &self.mapping
            && let Ok(json) = serde_json::to_string(m)
        {
            put("mapping", &json);
        }
        for (name, f) in &self.formats {
            put("format", &format!("{}:{name}", f.id()));
        }
        if let Some(f) = self.from {
            put("from", &format_date(f));
        }
        if let Some(t) = self.to {
            put("to", &format_date(t));
        }
        if let Some(d) = self.days.filter(|d| *d != DEFAULT_DAYS && self.from.is_none() && self.to.is_none()) {
            put("days", &d.to_string());
        }
        if let Some(tz) = &self.tz {
            put("tz", tz);
        }
        if self.bucket == Bucket::Month {
            put("bucket", "month");
        }
        for t in &self.team {
            put("team", t);
        }
        for sv in &self.service {
            put("service", sv);
        }
        if self.view != View::Overview {
            put("view", self.view.id());
        }
        if self.metric != Metric::DeploymentFrequency {
            put("metric", self.metric.id());
        }
        if self.benchmark != 2023 && self.benchmark != 0 {
            put("benchmark", &self.benchmark.to_string());
        }
        if let Some(w) = self.window {
            put("window", &w.to_string());
        }
        if let Some(e) = self.embed {
            put("embed", e.id());
        }
        if self.transparent {
            put("bg", "transparent");
        }
        if self.present {
            out.push("present".into());
            if self.slide > 0 {
                out.push(format!("slide={}", self.slide));
            }
        }
        if let Some(t) = self.theme {
            out.push(format!("theme={}", t.id()));
        }
        out.join("&")
    }

    pub fn has_data_urls(&self) -> bool {
        !(self.deploys.is_empty() && self.incidents.is_empty() && self.teams_urls.is_empty())
    }

    /// The same view as a full dashboard (for an embed's "open full dashboard" link).
    pub fn without_embed(&self) -> UrlState {
        UrlState { embed: None, transparent: false, present: false, slide: 0, ..self.clone() }
    }

    pub fn benchmark(&self) -> Benchmark {
        Benchmark::by_year(self.benchmark).unwrap_or(DORA_2023)
    }

    /// The zone name to use ("UTC" when none is set).
    pub fn tz_name(&self) -> &str {
        self.tz.as_deref().unwrap_or("UTC")
    }

    /// The team shown by the team view: the first `team`.
    pub fn focus_team(&self) -> Option<&str> {
        self.team.first().map(String::as_str)
    }

    /// The report range `[from, to)`: explicit dates, else the last `days` (default 90) days ending
    /// on the newest event's day.
    pub fn range(&self, a: &Analysis, fallback_day: i32) -> (i32, i32) {
        let days = self.days.unwrap_or(DEFAULT_DAYS) as i32;
        match (self.from, self.to) {
            (Some(f), Some(t)) => (f, t.max(f + 1)),
            (Some(f), None) => {
                let (_, end) = last_days_range(a, 1, fallback_day);
                (f, end.max(f + 1))
            }
            (None, Some(t)) => (t - days, t),
            (None, None) => last_days_range(a, days, fallback_day),
        }
    }
}

/// Percent-encodes a query value; keeps characters that are safe and readable in URLs.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'.'
            | b'_'
            | b'~'
            | b'/'
            | b':'
            | b'@'
            | b','
            | b'!'
            | b'*' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Decodes a query component: `+` is a space, `%XX` a byte; malformed escapes stay as they are.
pub fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => match (hex(b[i + 1]), hex(b[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Curated IANA time zones for the zone control (any other name works in the URL).
pub const TIME_ZONES: &[&str] = &[
    "UTC",
    "Pacific/Honolulu",
    "America/Anchorage",
    "America/Los_Angeles",
    "America/Vancouver",
    "America/Denver",
    "America/Phoenix",
    "America/Chicago",
    "America/Mexico_City",
    "America/New_York",
    "America/Toronto",
    "America/Bogota",
    "America/Lima",
    "America/Santiago",
    "America/Sao_Paulo",
    "America/Argentina/Buenos_Aires",
    "Atlantic/Reykjavik",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Lisbon",
    "Europe/Madrid",
    "Europe/Paris",
    "Europe/Amsterdam",
    "Europe/Berlin",
    "Europe/Zurich",
    "Europe/Rome",
    "Europe/Stockholm",
    "Europe/Warsaw",
    "Europe/Athens",
    "Europe/Helsinki",
    "Europe/Istanbul",
    "Europe/Kyiv",
    "Africa/Cairo",
    "Africa/Johannesburg",
    "Africa/Lagos",
    "Africa/Nairobi",
    "Asia/Dubai",
    "Asia/Karachi",
    "Asia/Kolkata",
    "Asia/Dhaka",
    "Asia/Bangkok",
    "Asia/Jakarta",
    "Asia/Singapore",
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Taipei",
    "Asia/Seoul",
    "Asia/Tokyo",
    "Australia/Perth",
    "Australia/Sydney",
    "Pacific/Auckland",
];

// ------------------------------------------------------------------------------------------------
// Sorting the teams table
// ------------------------------------------------------------------------------------------------

/// A column of the teams table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TeamSort {
    #[default]
    Team,
    Metric(Metric),
}

/// The order of `teams` by a column; missing values always sort last; names break ties.
pub fn sort_teams(teams: &[Summary], by: TeamSort, descending: bool) -> Vec<usize> {
    let order = sort::order_of(teams, |x, y| {
        let ord = match by {
            TeamSort::Team => {
                let o = lowercase(&x.team).cmp(&lowercase(&y.team));
                if descending { o.reverse() } else { o }
            }
            TeamSort::Metric(m) => cmp_opt(m.value(&x.numbers), m.value(&y.numbers), descending),
        };
        ord.then_with(|| x.team.cmp(&y.team))
    });
    order.into_iter().map(|i| i as usize).collect()
}

/// Compares optional numbers; `None` last in either direction.
pub fn cmp_opt(a: Option<f64>, b: Option<f64>, descending: bool) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => {
            let o = x.total_cmp(&y);
            if descending { o.reverse() } else { o }
        }
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

// ------------------------------------------------------------------------------------------------
// Drill-down rows
// ------------------------------------------------------------------------------------------------

/// One deployment of the team drill-down.
#[derive(Clone, Debug, PartialEq)]
pub struct DeployRow {
    pub index: u32,
    pub id: String,
    pub at_ms: i64,
    /// Local time in the report zone.
    pub at: String,
    pub service: String,
    /// The commit sha, shortened to 10 characters.
    pub commit: String,
    /// Median lead-time sample in hours.
    pub lead_hours: Option<f64>,
    pub failed: bool,
    /// Why it counts as failed: "flagged failed", "incident INC-1", "rolled back by 42".
    pub why_failed: Vec<String>,
    /// Why it counts as rework: "flagged rework", "kind hotfix", "during an incident".
    pub why_rework: Vec<String>,
}

impl DeployRow {
    pub fn matches(&self, q: &str) -> bool {
        q.is_empty()
            || [&self.id, &self.service, &self.commit, &self.at].iter().any(|f| contains_ci(f, q))
            || self.why_failed.iter().chain(&self.why_rework).any(|f| contains_ci(f, q))
    }
}

/// One incident of the team drill-down.
#[derive(Clone, Debug, PartialEq)]
pub struct IncidentRow {
    pub index: u32,
    pub id: String,
    pub started_ms: i64,
    pub started: String,
    pub resolved: String,
    /// Hours from start to resolution (`None` while open).
    pub duration_hours: Option<f64>,
    pub service: String,
    pub severity: String,
    pub title: String,
    pub link: LinkKind,
    /// The linked deployment's id.
    pub deployment: Option<String>,
    /// How it is linked, for people: "caused_by = deployment id", "commit sha d2f99a3c", "inferred: latest earlier deployment of checkout-web".
    pub how: String,
}

impl IncidentRow {
    pub fn matches(&self, q: &str) -> bool {
        q.is_empty()
            || [&self.id, &self.service, &self.severity, &self.title, &self.how, &self.started]
                .iter()
                .any(|f| contains_ci(f, q))
            || self.deployment.as_deref().is_some_and(|d| contains_ci(d, q))
    }
}

fn contains_ci(hay: &str, needle: &str) -> bool {
    lowercase(hay).contains(&lowercase(needle))
}

/// Filters a drill-down the same way the report does: team, services, and the range in local days.
pub struct RowFilter<'a> {
    pub team: &'a str,
    pub services: &'a [String],
    pub from: i32,
    pub to: i32,
}

impl RowFilter<'_> {
    fn service_ok(&self, s: Option<&str>) -> bool {
        self.services.is_empty() || s.is_some_and(|s| self.services.iter().any(|w| w == s))
    }
}

/// The team's deployments in range, oldest first, with why each failed or is rework.
pub fn deployment_rows(a: &Analysis, f: &RowFilter) -> Vec<DeployRow> {
    let Some(team) = a.team_index(f.team) else { return Vec::new() };
    let (d0, d1) = (a.dep_day.partition_point(|&d| d < f.from), a.dep_day.partition_point(|&d| d < f.to));
    let mut rows = Vec::new();
    let mut samples = Vec::new();
    for i in d0..d1 {
        let d = &a.deployments[i];
        if a.dep_team[i] != team || !f.service_ok(d.service.as_deref()) {
            continue;
        }
        let mut why_failed = Vec::new();
        if let Some(r) = a.fail_reasons.get(&(i as u32)) {
            if r.flagged {
                why_failed.push("flagged failed".to_string());
            }
            for &k in &r.incidents {
                why_failed.push(format!("incident {}", a.incidents[k as usize].id));
            }
            if let Some(rb) = r.rolled_back_by {
                let by = &a.deployments[rb as usize];
                why_failed.push(format!(
                    "{} by {}",
                    if by.kind.as_deref() == Some("revert") { "reverted" } else { "rolled back" },
                    by.id
                ));
            }
        }
        let bits = a.rework[i];
        let mut why_rework = Vec::new();
        if bits & REWORK_FLAG != 0 {
            why_rework.push("flagged rework".to_string());
        }
        if bits & REWORK_KIND != 0 {
            why_rework.push(format!("kind {}", d.kind.as_deref().unwrap_or("?")));
        }
        if bits & REWORK_DURING_INCIDENT != 0 {
            why_rework.push("deployed during an incident".to_string());
        }
        samples.clear();
        samples.extend(a.lead_samples(i).iter().filter(|&&v| v > 0.0).map(|v| v / 3600.0));
        let lead_hours = crate::core::metrics::stats::median(&mut samples);
        let sha = d.commit_sha.as_deref().or(d.commits.first().map(|c| &*c.sha)).unwrap_or("");
        rows.push(DeployRow {
            index: i as u32,
            id: d.id.to_string(),
            at_ms: d.deployed_at,
            at: format_local(d.deployed_at, &a.zone),
            service: d.service.as_deref().unwrap_or("").to_string(),
            commit: sha.chars().take(10).collect(),
            lead_hours,
            failed: a.failed[i],
            why_failed,
            why_rework,
        });
    }
    rows
}

/// The team's incidents in range, oldest first, with the deployment each is linked to and how.
pub fn incident_rows(a: &Analysis, f: &RowFilter) -> Vec<IncidentRow> {
    let Some(team) = a.team_index(f.team) else { return Vec::new() };
    let (k0, k1) = (a.inc_day.partition_point(|&d| d < f.from), a.inc_day.partition_point(|&d| d < f.to));
    let mut rows = Vec::new();
    for k in k0..k1 {
        let inc = &a.incidents[k];
        if a.inc_team[k] != team || !f.service_ok(inc.service.as_deref()) {
            continue;
        }
        let link = a.links[k];
        let dep = link.deployment.map(|d| &a.deployments[d as usize]);
        let how = match (link.kind, dep) {
            (LinkKind::Id, Some(_)) => "caused_by is the deployment id".to_string(),
            (LinkKind::Sha, Some(_)) => {
                format!("caused_by {} is a commit sha prefix", inc.caused_by.as_deref().unwrap_or("").trim())
            }
            (LinkKind::Inferred, Some(d)) => match (inc.service.as_deref(), d.service.as_deref()) {
                (Some(s), Some(ds)) if s == ds => format!("inferred: latest earlier deployment of {s}"),
                _ => format!("inferred: latest earlier deployment of team {}", d.team_name()),
            },
            _ => "not linked: no earlier deployment of its service or team".to_string(),
        };
        rows.push(IncidentRow {
            index: k as u32,
            id: inc.id.to_string(),
            started_ms: inc.started_at,
            started: format_local(inc.started_at, &a.zone),
            resolved: inc.resolved_at.map(|r| format_local(r, &a.zone)).unwrap_or_else(|| "open".into()),
            duration_hours: inc.resolved_at.map(|r| (r - inc.started_at) as f64 / 3_600_000.0),
            service: inc.service.as_deref().unwrap_or("").to_string(),
            severity: inc.severity.as_deref().unwrap_or("").to_string(),
            title: inc.title.as_deref().unwrap_or("").to_string(),
            link: link.kind,
            deployment: dep.map(|d| d.id.to_string()),
            how,
        });
    }
    rows
}

/// A sortable column of the deployments drill-down.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DeployCol {
    #[default]
    Time,
    Id,
    Service,
    Lead,
    Failed,
}

pub fn sort_deploy_rows(rows: &mut Vec<DeployRow>, col: DeployCol, descending: bool) {
    sort::sort_by(rows, |a, b| {
        let o = match col {
            DeployCol::Time => a.at_ms.cmp(&b.at_ms),
            DeployCol::Id => cmp_ids(&a.id, &b.id),
            DeployCol::Service => a.service.cmp(&b.service),
            DeployCol::Lead => return cmp_opt(a.lead_hours, b.lead_hours, descending).then(a.index.cmp(&b.index)),
            DeployCol::Failed => a.failed.cmp(&b.failed),
        };
        (if descending { o.reverse() } else { o }).then(a.index.cmp(&b.index))
    });
}

/// A sortable column of the incidents drill-down.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum IncidentCol {
    #[default]
    Started,
    Id,
    Service,
    Severity,
    Duration,
    Link,
}

pub fn sort_incident_rows(rows: &mut Vec<IncidentRow>, col: IncidentCol, descending: bool) {
    sort::sort_by(rows, |a, b| {
        let o = match col {
            IncidentCol::Started => a.started_ms.cmp(&b.started_ms),
            IncidentCol::Id => cmp_ids(&a.id, &b.id),
            IncidentCol::Service => a.service.cmp(&b.service),
            IncidentCol::Severity => a.severity.cmp(&b.severity),
            IncidentCol::Duration => {
                return cmp_opt(a.duration_hours, b.duration_hours, descending).then(a.index.cmp(&b.index));
            }
            IncidentCol::Link => a.link.label().cmp(b.link.label()),
        };
        (if descending { o.reverse() } else { o }).then(a.index.cmp(&b.index))
    });
}

// ------------------------------------------------------------------------------------------------
// Guidance for empty and partial data
// ------------------------------------------------------------------------------------------------

/// The canonical CSV headers, with one example row each, for the empty-data guidance.
pub const SAMPLE_DEPLOYMENTS: &str = "id,team,service,environment,status,deployed_at,commit_sha,first_commit_at,lead_time_seconds,failed,kind,rework\n\
418231,Payments,payments-api,production,success,2026-05-01T06:36:13Z,d2f99a3c76,2026-04-30T14:57:11Z,,false,deploy,false";
pub const SAMPLE_INCIDENTS: &str = "id,team,service,started_at,resolved_at,severity,caused_by,title\n\
INC-1042,Checkout,checkout-web,2026-05-01T07:41:14Z,2026-05-01T09:12:00Z,SEV2,418231,Checkout errors after deploy";
pub const SAMPLE_TEAMS: &str = "service,team\npayments-api,Payments\ncheckout-web,Checkout";

/// A note about missing or partial data, with what would fix it.
#[derive(Clone, Debug, PartialEq)]
pub struct Guidance {
    pub title: String,
    pub body: String,
    pub sample: Option<&'static str>,
}

/// What the loaded data cannot show yet, and how to fix it.
pub fn guidance(a: &Analysis, range: (i32, i32)) -> Vec<Guidance> {
    let mut out = Vec::new();
    if a.deployments.is_empty() {
        out.push(Guidance {
            title: "No deployments loaded".into(),
            body: "Every metric starts from production deployments. Load a deployments export (GitHub, GitLab, Argo CD, Jenkins, Four Keys, DevLake) or a CSV with at least id and deployed_at, like this:".into(),
            sample: Some(SAMPLE_DEPLOYMENTS),
        });
    }
    if a.incidents.is_empty() && !a.deployments.is_empty() {
        out.push(Guidance {
            title: "No incidents loaded".into(),
            body: "Recovery time needs an incident export, and change failure rate then only counts deployments flagged failed or rolled back. Load incidents from PagerDuty, Opsgenie, Jira, ServiceNow, or a CSV like this:".into(),
            sample: Some(SAMPLE_INCIDENTS),
        });
    }
    if !a.deployments.is_empty() && a.lead.is_empty() {
        out.push(Guidance {
            title: "No commit times".into(),
            body: "Lead time needs, per deployment, first_commit_at, lead_time_seconds, or its commits with committed_at (a Four Keys changes export works too).".into(),
            sample: None,
        });
    }
    if let Some((first, last)) = a.day_span() {
        let (from, to) = range;
        if to <= first || from > last {
            out.push(Guidance {
                title: "Nothing in this range".into(),
                body: format!(
                    "The loaded data covers {}. Choose a range that overlaps it.",
                    fmt_range(first, last + 1)
                ),
                sample: None,
            });
        }
    }
    out
}

/// The overview's note when rows or values were dropped for times that cannot be right, from each
/// file's name and count ([`crate::core::import::FileImport::implausible`]); `None` when none were.
pub fn implausible_note<'a>(files: impl IntoIterator<Item = (&'a str, usize)>) -> Option<String> {
    let files: Vec<(&str, usize)> = files.into_iter().filter(|(_, n)| *n > 0).collect();
    let total: usize = files.iter().map(|(_, n)| n).sum();
    (total > 0).then(|| {
        let each: Vec<String> = files.iter().map(|(f, n)| format!("{f}: {}", fmt_int(*n as u64))).collect();
        format!(
            "{} {} dropped for implausible times (before 1990, after 2100, or a lead time over ten years) — {}; \
             the data panel lists each file's first case.",
            fmt_int(total as u64),
            if total == 1 { "row or value was" } else { "rows or values were" },
            each.join(", ")
        )
    })
}

/// The file-name-safe suffix of downloads: `2025-03-01_2025-05-30`.
pub fn download_stem(kind: &str, from: i32, to: i32) -> String {
    format!("dora-{kind}_{}_{}", format_date(from), format_date(to - 1))
}

/// A name made safe for a file name (`Payments & Co` → `payments-co`).
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if is_word_char(c) {
            out.push(lower(c));
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "team".into() } else { out.chars().take(40).collect() }
}

/// The benchmark choices of the benchmark control.
pub const BENCHMARKS: [Benchmark; 2] = [DORA_2023, DORA_2021];

#[cfg(test)]
mod tests {

    use super::*;
    use crate::core::metrics::report::{ChangeFailure, LeadTime, Previous, Recovery, Rework};

    fn numbers(deploys: u64, per_week: f64, lead: Option<f64>, cfr: Option<f64>) -> Numbers {
        Numbers {
            deployments: deploys,
            deploy_days: deploys.min(50),
            deploys_per_week: per_week,
            median_deploy_days_per_week: Some(2.0),
            deployment_frequency_tier: Some(Tier::High),
            lead_time: LeadTime {
                samples: deploys,
                median_hours: lead,
                p75_hours: lead,
                p90_hours: lead,
                tier: Some(Tier::Elite),
            },
            change_failure_rate: ChangeFailure {
                failed_deployments: 1,
                deployments: deploys,
                rate: cfr,
                tier: Some(Tier::Medium),
            },
            recovery_time: Recovery {
                incidents: 0,
                median_hours: None,
                p90_hours: None,
                tier: None,
                open_incidents: 2,
                unlinked_incidents: 0,
            },
            rework_rate: Rework { rework_deployments: 0, deployments: deploys, rate: Some(0.0) },
        }
    }

    fn summary(cur: Numbers, prev: Numbers) -> Summary {
        Summary {
            team: "all".into(),
            numbers: cur,
            previous: Previous { from: "2025-01-01".into(), to: "2025-02-01".into(), numbers: prev },
        }
    }

    #[test]
    fn partial_buckets_are_named_with_their_days() {
        let point = |start: &str, days: u32| Point {
            start: start.into(),
            days,
            deployments: 0,
            lead_time_median_hours: None,
            change_failure_rate: None,
            recovery_median_hours: None,
            rework_rate: None,
        };
        let check = |p: Point, bucket: Bucket, expected: &str| assert_eq!(point_name(&p, bucket), expected);
        check(point("2026-08-17", 7), Bucket::Week, "week of 17 Aug 2026");
        check(point("2026-08-17", 3), Bucket::Week, "week of 17 Aug 2026, 3 of 7 days in range");
        check(point("2026-02-01", 28), Bucket::Month, "Feb 2026");
        check(point("2024-02-01", 28), Bucket::Month, "Feb 2024, 28 of 29 days in range");
        check(point("2026-08-01", 20), Bucket::Month, "Aug 2026, 20 of 31 days in range");

        // Sparklines leave out the partial first and last weeks (unless nothing else is left).
        let with = |p: Point, n: u64| Point { deployments: n, ..p };
        let mut t = Trend { team: "all".into(), bucket: Bucket::Week, points: Vec::new() };
        t.points = vec![
            with(point("2026-08-17", 1), 1),
            with(point("2026-08-24", 7), 20),
            with(point("2026-08-31", 7), 22),
            with(point("2026-09-07", 2), 5),
        ];
        assert_eq!(spark_series(Metric::DeploymentFrequency, &t), vec![Some(20.0), Some(22.0)]);
        assert_eq!(series(Metric::DeploymentFrequency, &t).len(), 4);
        t.points.drain(1..3);
        assert_eq!(spark_series(Metric::DeploymentFrequency, &t), vec![Some(1.0), Some(5.0)]);
    }

    #[test]
    fn deltas_know_which_way_is_better() {
        let d = delta(Metric::DeploymentFrequency, Some(12.0), Some(10.0)).unwrap();
        assert_eq!((d.direction, d.verdict, d.text.as_str()), (Direction::Up, Verdict::Better, "+20%"));
        let d = delta(Metric::LeadTime, Some(12.0), Some(10.0)).unwrap();
        assert_eq!((d.direction, d.verdict), (Direction::Up, Verdict::Worse));
        let d = delta(Metric::RecoveryTime, Some(1.0), Some(4.0)).unwrap();
        assert_eq!((d.direction, d.verdict, d.text.as_str()), (Direction::Down, Verdict::Better, "−75%"));
        let d = delta(Metric::ChangeFailureRate, Some(0.10), Some(0.125)).unwrap();
        assert_eq!((d.direction, d.verdict, d.text.as_str()), (Direction::Down, Verdict::Better, "−2.5 pp"));
        let d = delta(Metric::ReworkRate, Some(0.2), Some(0.1)).unwrap();
        assert_eq!((d.verdict, d.text.as_str()), (Verdict::Worse, "+10 pp"));
        let d = delta(Metric::LeadTime, Some(10.01), Some(10.0)).unwrap();
        assert_eq!((d.direction, d.verdict, d.text.as_str()), (Direction::Flat, Verdict::Same, "no change"));
        assert_eq!(delta(Metric::LeadTime, None, Some(1.0)), None);
        assert_eq!(delta(Metric::DeploymentFrequency, Some(3.0), Some(0.0)).unwrap().text, "new");
        assert_eq!(d.arrow(), "▶");
    }

    #[test]
    fn cards_show_value_tier_delta_and_detail() {
        let s = summary(numbers(120, 9.333, Some(30.0), Some(0.125)), numbers(100, 7.0, Some(40.0), Some(0.1)));
        let c = card(Metric::DeploymentFrequency, &s);
        assert_eq!(c.value, "9.3");
        assert_eq!(c.tier, Some(Tier::High));
        assert_eq!(c.delta.as_ref().unwrap().verdict, Verdict::Better);
        assert_eq!(c.detail, "120 deployments on 50 days · median 2 deploy days/week");
        let c = card(Metric::LeadTime, &s);
        assert_eq!((c.value.as_str(), c.delta.unwrap().verdict), ("30.0h", Verdict::Better));
        let c = card(Metric::ChangeFailureRate, &s);
        assert_eq!((c.value.as_str(), c.delta.unwrap().text.as_str()), ("12.5%", "+2.5 pp"));
        let c = card(Metric::RecoveryTime, &s);
        assert_eq!(c.value, "–");
        assert!(c.empty.is_some());
        assert_eq!(c.detail, "no recovered incidents in range · 2 open");
        let empty = summary(numbers(0, 0.0, None, None), numbers(0, 0.0, None, None));
        assert_eq!(card(Metric::LeadTime, &empty).empty, Some("no deployments in range"));
    }

    #[test]
    fn formatting() {
        assert_eq!(fmt_int(0), "0");
        assert_eq!(fmt_int(1234567), "1,234,567");
        assert_eq!(fmt_int(999), "999");
        assert_eq!(fmt_rate_number(0.456), "0.46");
        assert_eq!(fmt_rate_number(12.34), "12.3");
        assert_eq!(fmt_rate_number(1234.0), "1,234");
        assert_eq!(trim_num(2.0), "2");
        assert_eq!(trim_num(2.46), "2.5");
        assert_eq!(fmt_bytes(2048), "2.0 KB");
        let d = parse_date("2025-03-03").unwrap();
        assert_eq!(fmt_day(d), "3 Mar 2025");
        assert_eq!(fmt_range(d, d + 28), "3 Mar – 30 Mar 2025");
        assert_eq!(fmt_range(d, d + 1), "3 Mar 2025");
        assert_eq!(fmt_range(parse_date("2024-12-30").unwrap(), d), "30 Dec 2024 – 2 Mar 2025");
        assert_eq!(fmt_bucket_label("2025-03-03", Bucket::Week), "3 Mar");
        assert_eq!(fmt_bucket_label("2025-03-01", Bucket::Month), "Mar 25");
        assert_eq!(fmt_bucket_name("2025-03-01", Bucket::Month), "Mar 2025");
        assert_eq!(Metric::LeadTime.format_axis(72.0), "3d");
        assert_eq!(Metric::LeadTime.format_axis(0.5), "30m");
        assert_eq!(Metric::ChangeFailureRate.format_axis(0.125), "12.5%");
        assert_eq!(Metric::DeploymentFrequency.format_point(Some(12.0)), "12");
        assert_eq!(slug("<img src=x onerror=alert(1)>"), "img-src-x-onerror-alert-1");
        assert_eq!(slug("***"), "team");
    }

    #[test]
    fn url_state_round_trips_and_is_lenient() {
        let q = "deploys=https://example.com/d.csv?x=1%262&deploys=./a.csv&incidents=i.json&from=2025-01-01&to=2025-04-01\
&tz=Europe/Berlin&bucket=month&team=Payments%20%26%20Co&team=Search&service=api&view=team&metric=lead_time\
&benchmark=2021&window=24&embed=chart&bg=transparent&theme=dark";
        let s = UrlState::parse(q);
        assert_eq!(s.deploys, vec!["https://example.com/d.csv?x=1&2", "./a.csv"]);
        assert_eq!(s.incidents, vec!["i.json"]);
        assert_eq!(s.from, parse_date("2025-01-01").ok());
        assert_eq!(s.to, parse_date("2025-04-01").ok());
        assert_eq!(s.tz.as_deref(), Some("Europe/Berlin"));
        assert_eq!(s.bucket, Bucket::Month);
        assert_eq!(s.team, vec!["Payments & Co", "Search"]);
        assert_eq!(s.focus_team(), Some("Payments & Co"));
        assert_eq!((s.view, s.metric, s.benchmark, s.window), (View::Team, Metric::LeadTime, 2021, Some(24)));
        assert_eq!((s.embed, s.transparent, s.theme), (Some(Embed::Chart), true, Some(Theme::Dark)));
        let again = UrlState::parse(&s.to_query());
        assert_eq!(again, s);
        assert!(s.to_query().starts_with("deploys=https://example.com/d.csv%3Fx%3D1%262&deploys=./a.csv"));

        let d = UrlState::parse("");
        assert_eq!(
            (d.view, d.metric, d.bucket, d.benchmark, d.embed),
            (View::Overview, Metric::DeploymentFrequency, Bucket::Week, 2023, None)
        );
        assert_eq!(d.to_query(), "");
        let bad = UrlState::parse(
            "?from=yesterday&view=nope&metric=x&bucket=year&benchmark=1999&window=-3&present&slide=2&days=30&%zz=1&tz=utc",
        );
        assert_eq!(
            (bad.from, bad.view, bad.metric, bad.benchmark, bad.window),
            (None, View::Overview, Metric::DeploymentFrequency, 2023, None)
        );
        assert!(bad.present);
        assert_eq!(bad.tz, None);
        assert_eq!(bad.to_query(), "days=30&present&slide=2");
        let e = UrlState::parse("embed=card&metric=rework_rate&present&bg=transparent").without_embed();
        assert_eq!(e.to_query(), "metric=rework_rate");
        // to must be after from.
        assert_eq!(UrlState::parse("from=2025-02-01&to=2025-01-01").to, None);
    }

    #[test]
    fn percent_coding() {
        assert_eq!(encode("a b&c=d/é"), "a%20b%26c%3Dd/%C3%A9");
        assert_eq!(decode("a+b%20c%26%C3%A9"), "a b c&é");
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz%4"), "%zz%4");
        assert_eq!(decode(&encode("<img src=x onerror=alert(1)>")), "<img src=x onerror=alert(1)>");
    }

    #[test]
    fn tier_bands_follow_the_benchmark() {
        let b = tier_bands(Metric::LeadTime, &DORA_2023, Bucket::Week);
        assert_eq!(b.len(), 4);
        assert_eq!((b[0].lo, b[0].hi, b[0].tier), (0.0, 24.0, Tier::Elite));
        assert_eq!((b[3].lo, b[3].tier), (720.0, Tier::Low));
        let f = tier_bands(Metric::DeploymentFrequency, &DORA_2023, Bucket::Week);
        assert_eq!((f[0].lo, f[0].tier), (5.0, Tier::Elite));
        assert_eq!((f[1].lo, f[1].hi), (1.0, 5.0));
        assert!((f[2].lo - 7.0 / (365.25 / 12.0)).abs() < 1e-9);
        // 2021: high, medium and low share one failure band: no empty medium band.
        let c = tier_bands(Metric::ChangeFailureRate, &DORA_2021, Bucket::Week);
        assert_eq!(c.iter().map(|b| b.tier).collect::<Vec<_>>(), vec![Tier::Elite, Tier::High, Tier::Low]);
        assert!(tier_bands(Metric::ReworkRate, &DORA_2023, Bucket::Week).is_empty());
        assert_eq!(Metric::ChangeFailureRate.tier_rules(&DORA_2021).len(), 3);
        assert_eq!(Metric::LeadTime.tier_rules(&DORA_2023)[0].1, "median below 1 day");
    }

    #[test]
    fn teams_sort_with_missing_values_last() {
        let mk = |team: &str, lead: Option<f64>| Summary {
            team: team.into(),
            ..summary(numbers(1, 1.0, lead, None), numbers(1, 1.0, None, None))
        };
        let teams = vec![mk("b", Some(5.0)), mk("A", None), mk("c", Some(1.0))];
        assert_eq!(sort_teams(&teams, TeamSort::Team, false), vec![1, 0, 2]);
        assert_eq!(sort_teams(&teams, TeamSort::Team, true), vec![2, 0, 1]);
        assert_eq!(sort_teams(&teams, TeamSort::Metric(Metric::LeadTime), false), vec![2, 0, 1]);
        assert_eq!(sort_teams(&teams, TeamSort::Metric(Metric::LeadTime), true), vec![0, 2, 1]);
    }

    #[test]
    fn mapping_form_proposes_columns_and_date_format() {
        let f = mapping_form(b"Build;Finished;Squad\n7;05.01.2025 13:04;core\n8;06.01.2025 09:30;core\n").unwrap();
        assert_eq!(f.headers, vec!["Build", "Finished", "Squad"]);
        assert_eq!(f.proposal.kind, MappedKind::Deployments);
        let col = |k: &str| f.proposal.columns.get(k).map(String::as_str);
        assert_eq!((col("id"), col("deployed_at"), col("team")), (Some("Build"), Some("Finished"), Some("Squad")));
        assert_eq!(f.proposal.date_format.as_deref(), Some("%d.%m.%Y %H:%M"));
        assert_eq!(mapping_form(b"{\"a\": 1}"), None);
        assert_eq!(mapping_form(b"just one column\n1\n"), None);

        let mut cols = f.proposal.columns.clone();
        cols.insert("service".into(), String::new());
        cols.insert("severity".into(), "Squad".into());
        let m = mapping_from_form(MappedKind::Deployments, &cols, " %d.%m.%Y %H:%M ").unwrap();
        assert_eq!(m.columns.keys().collect::<Vec<_>>(), vec!["deployed_at", "id", "team"]);
        assert_eq!(m.date_format.as_deref(), Some("%d.%m.%Y %H:%M"));
        assert!(mapping_from_form(MappedKind::Incidents, &cols, "").unwrap_err().contains("started_at"));

        // In the URL: the mapping as JSON, and per-file formats.
        let u = UrlState {
            mapping: Some(m.clone()),
            formats: vec![("a:b.csv".into(), Format::Jenkins)],
            ..UrlState::default()
        };
        let q = u.to_query();
        assert!(q.contains("mapping=%7B") && q.contains("format=jenkins:a:b.csv"), "{q}");
        let back = UrlState::parse(&q);
        assert_eq!((back.mapping, back.formats), (Some(m), u.formats));
        assert_eq!(UrlState::parse("mapping=nope&format=nope:x.csv&format=jenkins:").formats, vec![]);
    }
}

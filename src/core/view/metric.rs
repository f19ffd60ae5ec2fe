//! The five metrics: their names, units, formatting, explanations and tier rules, in the order
//! the dashboard shows them.

use super::format::{fmt_int, fmt_rate_number, trim_num};
use crate::core::decimal::Fixed;
use crate::core::export::{hours, percent};
use crate::core::metrics::tiers::FreqRule;
use crate::core::metrics::{Benchmark, Bucket, DORA_2021, DORA_2023, Numbers, Point, Tier};

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

    /// Lead time and recovery time are durations, shown in hours (or minutes, days).
    pub fn in_hours(self) -> bool {
        matches!(self, Metric::LeadTime | Metric::RecoveryTime)
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

/// The benchmark choices of the benchmark control.
pub const BENCHMARKS: [Benchmark; 2] = [DORA_2023, DORA_2021];

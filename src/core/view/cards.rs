//! What a metric card shows: the value, its tier, the change against the previous period, and
//! the series behind its sparkline.

use super::Metric;
use crate::core::decimal::fixed;
use crate::core::metrics::{Point, Summary, Tier, Trend};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::metrics::*;
    use crate::core::view::testdata::{numbers, summary};
    use crate::core::view::*;

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
}

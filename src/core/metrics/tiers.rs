//! Performance tiers: the DORA benchmark tables, kept as data with their sources.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    Elite,
    High,
    Medium,
    Low,
}

impl Tier {
    pub fn label(self) -> &'static str {
        match self {
            Tier::Elite => "elite",
            Tier::High => "high",
            Tier::Medium => "medium",
            Tier::Low => "low",
        }
    }
}

/// How a deployment-frequency tier is reached.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FreqRule {
    /// The median over ISO weeks in range of distinct deploy days per week is at least this.
    MedianDaysPerWeek(f64),
    /// The median over calendar months in range of distinct deploy days per month is at least this.
    MedianDaysPerMonth(f64),
    /// At least one deployment per this many days of the range, on average.
    OnePerDays(f64),
}

/// One benchmark year: thresholds for elite, high and medium; anything else is low.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Benchmark {
    pub year: u16,
    pub source: &'static str,
    pub frequency: [FreqRule; 3],
    /// Median lead time must be strictly below these hours.
    pub lead_time_hours: [f64; 3],
    /// Change failure rate must be at most these fractions.
    pub change_failure_rate: [f64; 3],
    /// Median recovery time must be strictly below these hours.
    pub recovery_hours: [f64; 3],
}

/// DORA 2023 (Accelerate State of DevOps Report 2023, "Software delivery performance" table:
/// elite deploys on demand, lead time < 1 day, 5 % failures, recovery < 1 hour; high between once
/// per day and once per week, < 1 week, 10 %, < 1 day; medium between once per week and once per
/// month, < 1 month, 15 %, < 1 week). Deploy-day counts make "on demand" and "once per week" measurable.
pub const DORA_2023: Benchmark = Benchmark {
    year: 2023,
    source: "Google Cloud / DORA, Accelerate State of DevOps Report 2023, software delivery performance levels",
    frequency: [FreqRule::MedianDaysPerWeek(5.0), FreqRule::MedianDaysPerWeek(1.0), FreqRule::MedianDaysPerMonth(1.0)],
    lead_time_hours: [24.0, 168.0, 720.0],
    change_failure_rate: [0.05, 0.10, 0.15],
    recovery_hours: [1.0, 24.0, 168.0],
};

/// DORA 2021 (Accelerate State of DevOps Report 2021, table of elite/high/medium/low performers:
/// deploys on demand / between once per week and once per month / between once per month and once
/// every six months / fewer; lead time < 1 hour / 1 day–1 week / 1–6 months / > 6 months; time to
/// restore < 1 hour / < 1 day / 1 day–1 week / > 6 months; change failure 0–15 % / 16–30 % / 16–30 %
/// / 16–30 %). Gaps between the published bands go to the better tier; as high, medium and low
/// share one failure band, a rate above 30 % is low and medium is never given for failures.
pub const DORA_2021: Benchmark = Benchmark {
    year: 2021,
    source: "Google Cloud / DORA, Accelerate State of DevOps Report 2021, software delivery performance table",
    frequency: [FreqRule::MedianDaysPerWeek(5.0), FreqRule::MedianDaysPerMonth(1.0), FreqRule::OnePerDays(182.5)],
    lead_time_hours: [1.0, 168.0, 4380.0],
    change_failure_rate: [0.15, 0.30, 0.30],
    recovery_hours: [1.0, 24.0, 168.0],
};

impl Benchmark {
    pub fn by_year(year: u16) -> Option<Benchmark> {
        match year {
            2023 => Some(DORA_2023),
            2021 => Some(DORA_2021),
            _ => None,
        }
    }

    fn pick(passes: [bool; 3]) -> Tier {
        match passes {
            [true, ..] => Tier::Elite,
            [_, true, _] => Tier::High,
            [_, _, true] => Tier::Medium,
            _ => Tier::Low,
        }
    }

    /// Deployment-frequency tier; `None` without deployments.
    pub fn frequency(
        &self,
        deployments: u64,
        days: u32,
        median_days_week: f64,
        median_days_month: f64,
    ) -> Option<Tier> {
        if deployments == 0 {
            return None;
        }
        let ok = |r: FreqRule| match r {
            FreqRule::MedianDaysPerWeek(x) => median_days_week >= x,
            FreqRule::MedianDaysPerMonth(x) => median_days_month >= x,
            FreqRule::OnePerDays(x) => deployments as f64 * x >= f64::from(days),
        };
        Some(Self::pick(self.frequency.map(ok)))
    }

    pub fn lead_time(&self, median_hours: Option<f64>) -> Option<Tier> {
        median_hours.map(|m| Self::pick(self.lead_time_hours.map(|t| m < t)))
    }

    pub fn change_failure(&self, rate: Option<f64>) -> Option<Tier> {
        rate.map(|r| Self::pick(self.change_failure_rate.map(|t| r <= t + 1e-12)))
    }

    pub fn recovery(&self, median_hours: Option<f64>) -> Option<Tier> {
        median_hours.map(|m| Self::pick(self.recovery_hours.map(|t| m < t)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Tier::*;

    #[test]
    fn dora_2023_boundaries() {
        let b = DORA_2023;
        let lead: &[(f64, Tier)] =
            &[(0.5, Elite), (23.99, Elite), (24.0, High), (167.9, High), (168.0, Medium), (720.0, Low)];
        for (h, t) in lead {
            assert_eq!(b.lead_time(Some(*h)), Some(*t), "lead {h}");
        }
        let cfr: &[(f64, Tier)] =
            &[(0.0, Elite), (0.05, Elite), (0.0501, High), (0.10, High), (0.15, Medium), (0.16, Low)];
        for (r, t) in cfr {
            assert_eq!(b.change_failure(Some(*r)), Some(*t), "cfr {r}");
        }
        let rec: &[(f64, Tier)] = &[(0.99, Elite), (1.0, High), (24.0, Medium), (168.0, Low)];
        for (h, t) in rec {
            assert_eq!(b.recovery(Some(*h)), Some(*t), "recovery {h}");
        }
        assert_eq!(b.frequency(10, 7, 5.0, 20.0), Some(Elite));
        assert_eq!(b.frequency(3, 7, 1.0, 3.0), Some(High));
        assert_eq!(b.frequency(3, 90, 0.0, 1.0), Some(Medium));
        assert_eq!(b.frequency(1, 90, 0.0, 0.0), Some(Low));
        assert_eq!(b.frequency(0, 90, 0.0, 0.0), None);
        assert_eq!(b.lead_time(None), None);
    }

    #[test]
    fn dora_2021_boundaries() {
        let b = DORA_2021;
        assert_eq!(b.lead_time(Some(0.5)), Some(Elite));
        assert_eq!(b.lead_time(Some(2.0)), Some(High));
        assert_eq!(b.lead_time(Some(1000.0)), Some(Medium));
        assert_eq!(b.lead_time(Some(5000.0)), Some(Low));
        assert_eq!(b.change_failure(Some(0.15)), Some(Elite));
        assert_eq!(b.change_failure(Some(0.2)), Some(High));
        assert_eq!(b.change_failure(Some(0.31)), Some(Low));
        assert_eq!(b.frequency(2, 365, 0.0, 0.0), Some(Medium));
        assert_eq!(b.frequency(1, 365, 0.0, 0.0), Some(Low));
    }
}

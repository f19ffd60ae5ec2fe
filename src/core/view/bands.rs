//! The tier bands behind a metric's trend line.

use super::Metric;
use crate::core::chart::Band;
use crate::core::metrics::tiers::FreqRule;
use crate::core::metrics::{Benchmark, Bucket, Tier};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::metrics::{DORA_2021, DORA_2023};

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
}

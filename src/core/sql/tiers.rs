//! The tier tables of `metrics::tiers` as SQL `CASE` expressions, with the same comparisons in
//! the same doubles.

use super::dialect::Dialect;
use crate::core::metrics::Benchmark;
use crate::core::metrics::tiers::FreqRule;

const NAMES: [&str; 3] = ["'elite'", "'high'", "'medium'"];

fn case(whens: [String; 3], guard: &str) -> String {
    let mut s = format!("CASE WHEN {guard} THEN NULL");
    for (w, name) in whens.iter().zip(NAMES) {
        s.push_str(&format!(" WHEN {w} THEN {name}"));
    }
    s.push_str(" ELSE 'low' END");
    s
}

/// Deployment frequency: `NULL` without deployments. `n` deployments over `days` days, the
/// medians of deploy days per ISO week and per calendar month.
pub(super) fn frequency(d: Dialect, b: &Benchmark, n: &str, days: &str, week: &str, month: &str) -> String {
    let rule = |r: FreqRule| match r {
        FreqRule::MedianDaysPerWeek(x) => format!("{week} >= {}", d.num(x)),
        FreqRule::MedianDaysPerMonth(x) => format!("{month} >= {}", d.num(x)),
        FreqRule::OnePerDays(x) => format!("{} * {} >= {}", d.as_double(n), d.num(x), d.as_double(days)),
    };
    case(b.frequency.map(rule), &format!("{n} = 0"))
}

/// A median in hours below the thresholds: lead time (`NULL` also without deployments: `guard`).
pub(super) fn below(d: Dialect, hours: [f64; 3], median: &str, guard: &str) -> String {
    case(hours.map(|t| format!("{median} < {}", d.num(t))), &format!("{guard} OR {median} IS NULL"))
}

/// Change failure rate: at most the thresholds (with the core's 1e-12 of slack).
pub(super) fn change_failure(d: Dialect, b: &Benchmark, rate: &str, n: &str) -> String {
    case(
        b.change_failure_rate.map(|t| format!("{rate} <= {}", d.num(t + 1e-12))),
        &format!("{n} = 0 OR {rate} IS NULL"),
    )
}

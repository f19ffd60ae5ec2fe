//! Numbers, days, ranges and buckets as people read them, and names made safe for file names.

use crate::core::case::{is_word_char, lower};
use crate::core::decimal::{Fixed, fixed};
use crate::core::metrics::{Bucket, Point};
use crate::core::time::{civil_from_days, format_date, parse_date};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::metrics::*;
    use crate::core::view::*;

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
}

//! Civil-date arithmetic: day numbers (days since 1970-01-01 in a local calendar), proleptic
//! Gregorian dates, ISO weeks and months, and the `YYYY-MM-DD` and RFC 3339 spellings of both.

pub const MS_PER_DAY: i64 = 86_400_000;

#[inline]
pub(crate) fn num(b: &[u8]) -> Option<u32> {
    let mut n = 0u32;
    for &c in b {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        n = n * 10 + u32::from(d);
    }
    Some(n)
}

/// Builds a local wall-clock time (ms since the local epoch) from parts; used by vendor date parsers.
pub fn local_ms(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Option<i64> {
    if h > 23 || mi > 59 || s > 59 {
        return None;
    }
    let day = checked_days_from_civil(y, mo, d)?;
    Some(i64::from(day) * MS_PER_DAY + (i64::from(h) * 3600 + i64::from(mi) * 60 + i64::from(s)) * 1000)
}

/// Days since 1970-01-01 of a proleptic Gregorian date, or `None` when the date does not exist.
pub fn checked_days_from_civil(y: i32, m: u32, d: u32) -> Option<i32> {
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) || !(1..=9999).contains(&y) {
        return None;
    }
    Some(days_from_civil(y, m, d))
}

pub fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// Howard Hinnant's days_from_civil.
pub fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = (y - era * 400) as u32;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe as i32 - 719_468
}

/// The (year, month, day) of a day number.
pub fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = (z - era * 146_097) as u32;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe as i32 + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

pub(crate) fn civil_parts(secs: i64) -> ((i32, u32, u32), i64, i64, i64) {
    let day = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    (civil_from_days(day as i32), sod / 3600, sod % 3600 / 60, sod % 60)
}

/// The ISO week of a day number, as the day number of its Monday.
pub fn week_start(day: i32) -> i32 {
    // 1970-01-01 was a Thursday, so Monday 1969-12-29 is day -3.
    day - (day + 3).rem_euclid(7)
}

/// The first day of the calendar month containing `day`.
pub fn month_start(day: i32) -> i32 {
    let (y, m, _) = civil_from_days(day);
    days_from_civil(y, m, 1)
}

/// The first day of the calendar month after the one containing `day`.
pub fn next_month_start(day: i32) -> i32 {
    let (y, m, _) = civil_from_days(day);
    if m == 12 { days_from_civil(y + 1, 1, 1) } else { days_from_civil(y, m + 1, 1) }
}

/// Parses `YYYY-MM-DD` into a day number.
pub fn parse_date(s: &str) -> Result<i32, String> {
    let t = s.trim();
    let b = t.as_bytes();
    let bad = || format!("{t:?} is not a date: use YYYY-MM-DD");
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(bad());
    }
    let y = num(&b[0..4]).ok_or_else(bad)? as i32;
    let m = num(&b[5..7]).ok_or_else(bad)?;
    let d = num(&b[8..10]).ok_or_else(bad)?;
    checked_days_from_civil(y, m, d).ok_or_else(bad)
}

/// Formats a day number as `YYYY-MM-DD`.
pub fn format_date(day: i32) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Formats an instant as RFC 3339 in UTC, to the second (or millisecond when it has one).
pub fn format_instant(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let milli = ms.rem_euclid(1000);
    let ((y, m, d), h, mi, s) = civil_parts(secs);
    if milli == 0 {
        format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
    } else {
        format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{milli:03}Z")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::time::ms;

    #[test]
    fn calendar_arithmetic() {
        for day in -800_000..800_000 {
            let (y, m, d) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, d), day);
        }
        let monday = parse_date("2025-03-03").unwrap();
        for i in 0..7 {
            assert_eq!(week_start(monday + i), monday);
        }
        assert_eq!(week_start(monday - 1), monday - 7);
        assert_eq!(format_date(month_start(parse_date("2024-02-29").unwrap())), "2024-02-01");
        assert_eq!(format_date(next_month_start(parse_date("2024-12-31").unwrap())), "2025-01-01");
        assert_eq!(format_instant(ms("2025-03-01T14:05:00.5Z")), "2025-03-01T14:05:00.500Z");
    }
}

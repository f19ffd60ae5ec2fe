//! Times written other ways than the ISO 8601 that `time::parse_timestamp` reads by hand:
//! strftime-style patterns (a column mapping's `date_format`, `%d.%m.%Y %H:%M`), RFC 2822
//! (`Tue, 1 Jul 2003 10:52:37 +0200`), and the ISO 8601 spellings that are rare in exports
//! (RFC 9557 annotations such as `[Europe/Paris]`, the basic format `20250301T140500Z`, a time
//! with the hour alone, an offset with seconds).
//!
//! These read as jiff's parsers read them (the tests compare the two on many values), but are
//! written here: jiff's parsers come with their error messages and tables, about 30 KB gzip in
//! the dashboard.

use super::civil::{MS_PER_DAY, checked_days_from_civil};

/// What a pattern read from a value. Times are as written (no zone applied).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Fields {
    year: Option<i32>,
    month: Option<u32>,
    day: Option<u32>,
    day_of_year: Option<u32>,
    /// Monday = 0.
    weekday: Option<u32>,
    hour: Option<u32>,
    minute: Option<u32>,
    second: Option<u32>,
    nanos: Option<u32>,
    pm: Option<bool>,
    /// Seconds east of UTC.
    offset: Option<i64>,
    unix: Option<i64>,
}

/// A read time: an instant (UTC milliseconds), a local time (milliseconds of a civil date and
/// time, for the report's zone to place) or a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    Instant(i64),
    Local(i64),
    Day(i32),
}

/// English month names, lower case (their first three letters are the abbreviations).
pub(crate) const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const WEEKDAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

impl Fields {
    /// The civil day (days since 1970-01-01), from year, month and day, or year and day of year;
    /// a weekday that was read must agree.
    fn date(&self) -> Option<i32> {
        let year = self.year?;
        let day = match (self.month, self.day, self.day_of_year) {
            (Some(m), Some(d), _) => checked_days_from_civil(year, m, d)?,
            (_, _, Some(n)) => {
                let first = checked_days_from_civil(year, 1, 1)?;
                let last = checked_days_from_civil(year, 12, 31)?;
                let day = first + n as i32 - 1;
                (n >= 1 && day <= last).then_some(day)?
            }
            _ => return None,
        };
        match self.weekday {
            Some(w) if (day + 3).rem_euclid(7) as u32 != w => None,
            _ => Some(day),
        }
    }

    /// Milliseconds into the day: midnight when no hour was read; an hour is needed for a
    /// minute, a minute for a second, a second for a fraction.
    fn time(&self) -> Option<i64> {
        let Some(mut hour) = self.hour else {
            return (self.minute.is_none() && self.second.is_none() && self.nanos.is_none()).then_some(0);
        };
        if let Some(pm) = self.pm {
            hour = match (pm, hour) {
                (false, 12) => 0,
                (true, h) if h < 12 => h + 12,
                (_, h) => h,
            };
        }
        let minute = match self.minute {
            Some(m) => m,
            None if self.second.is_none() && self.nanos.is_none() => 0,
            None => return None,
        };
        let second = match self.second {
            Some(s) => s,
            None if self.nanos.is_none() => 0,
            None => return None,
        };
        let ms = (i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second)) * 1000;
        Some(ms + i64::from(self.nanos.unwrap_or(0) / 1_000_000))
    }

    /// The time read: an instant when the value had an offset (or was Unix seconds), a local
    /// time when it had a date and a valid time, a day when it had only a date.
    pub fn when(&self) -> Option<When> {
        if let Some(s) = self.unix {
            return Some(When::Instant(s.checked_mul(1000)?));
        }
        let day = self.date()?;
        let Some(time) = self.time() else { return Some(When::Day(day)) };
        let local = i64::from(day) * MS_PER_DAY + time;
        Some(match self.offset {
            Some(off) => When::Instant(local - off * 1000),
            None => When::Local(local),
        })
    }
}

/// Reads `value` with a strftime-style `pattern`, as jiff's `strtime::parse` does: `%Y %y %m %d %e
/// %j %H %k %I %l %M %S %f %N %.f %p %P %b %h %B %a %A %z %:z %s %T %R %D %F %n %t %%`, with
/// optional `-`, `_`, `0` flags and widths. Numbers may come unpadded; a blank in the pattern
/// matches any run of blanks. `None` when the value does not fit the whole pattern.
pub fn strptime(pattern: &str, value: &str) -> Option<Fields> {
    let mut f = Fields::default();
    let rest = read_pattern(pattern.as_bytes(), value.as_bytes(), &mut f)?;
    rest.is_empty().then_some(f)
}

fn read_pattern<'v>(mut pat: &[u8], mut inp: &'v [u8], f: &mut Fields) -> Option<&'v [u8]> {
    while let Some((&c, rest)) = pat.split_first() {
        pat = rest;
        if c != b'%' {
            if c.is_ascii_whitespace() {
                inp = skip_blanks(inp);
            } else {
                inp = inp.strip_prefix(&[c])?;
            }
            continue;
        }
        // Flags and a width change padding when printing; reading, only the width counts.
        while let Some((b'-' | b'_' | b'0' | b'^' | b'#', rest)) = pat.split_first() {
            pat = rest;
        }
        let width_len = pat.iter().take_while(|b| b.is_ascii_digit()).count();
        let width: usize = std::str::from_utf8(&pat[..width_len]).ok()?.parse().unwrap_or(0);
        pat = &pat[width_len..];
        let (&d, rest) = pat.split_first()?;
        pat = rest;
        if inp.is_empty() && d != b'.' {
            return None;
        }
        let digits = |default: usize| default.max(width);
        inp = match d {
            b'%' => inp.strip_prefix(b"%")?,
            b'n' | b't' => skip_blanks(inp),
            b'Y' => {
                let (sign, rest) = sign(inp);
                let (y, rest) = number(rest, digits(4))?;
                f.year = Some(sign * i32::try_from(y).ok().filter(|y| *y <= 9999)?);
                rest
            }
            b'y' => {
                let (y, rest) = number(inp, digits(2))?;
                f.year = Some(if y <= 68 { 2000 + y as i32 } else { 1900 + y as i32 });
                rest
            }
            b'm' => set(&mut f.month, inp, digits(2), 1..=12)?,
            b'd' | b'e' => set(&mut f.day, inp, digits(2), 1..=31)?,
            b'j' => set(&mut f.day_of_year, inp, digits(3), 1..=366)?,
            b'H' | b'k' => set(&mut f.hour, inp, digits(2), 0..=23)?,
            b'I' | b'l' => set(&mut f.hour, inp, digits(2), 1..=12)?,
            b'M' => set(&mut f.minute, inp, digits(2), 0..=59)?,
            b'S' => set(&mut f.second, inp, digits(2), 0..=59)?,
            b'f' | b'N' => fraction(inp, f)?,
            b'.' => {
                let (b'f', rest) = pat.split_first()? else { return None };
                pat = rest;
                match inp.strip_prefix(b".") {
                    Some(r) if r.first().is_some_and(u8::is_ascii_digit) => fraction(r, f)?,
                    _ => inp,
                }
            }
            b'p' | b'P' => {
                let (am_pm, rest) = (inp.get(..2)?, &inp[2..]);
                f.pm = Some(match am_pm.to_ascii_lowercase().as_slice() {
                    b"am" => false,
                    b"pm" => true,
                    _ => return None,
                });
                rest
            }
            b'b' | b'h' => {
                let (m, rest) = name(inp, &MONTHS, 3)?;
                f.month = Some(m + 1);
                rest
            }
            b'B' => {
                let (m, rest) = name(inp, &MONTHS, 0)?;
                f.month = Some(m + 1);
                rest
            }
            b'a' => {
                let (w, rest) = name(inp, &WEEKDAYS, 3)?;
                f.weekday = Some(w);
                rest
            }
            b'A' => {
                let (w, rest) = name(inp, &WEEKDAYS, 0)?;
                f.weekday = Some(w);
                rest
            }
            b'z' => offset(inp, f, false)?,
            b':' => {
                let (b'z', rest) = pat.split_first()? else { return None };
                pat = rest;
                offset(inp, f, true)?
            }
            b's' => {
                let (sign, rest) = sign(inp);
                let (n, rest) = number(rest, 19)?;
                f.unix = Some(i64::from(sign) * i64::try_from(n).ok()?);
                rest
            }
            b'T' => read_pattern(b"%H:%M:%S", inp, f)?,
            b'R' => read_pattern(b"%H:%M", inp, f)?,
            b'D' => read_pattern(b"%m/%d/%y", inp, f)?,
            b'F' => read_pattern(b"%Y-%m-%d", inp, f)?,
            _ => return None,
        };
    }
    Some(inp)
}

fn skip_blanks(inp: &[u8]) -> &[u8] {
    let n = inp.iter().take_while(|b| b.is_ascii_whitespace()).count();
    &inp[n..]
}

fn sign(inp: &[u8]) -> (i32, &[u8]) {
    match inp.split_first() {
        Some((b'-', rest)) => (-1, rest),
        Some((b'+', rest)) => (1, rest),
        _ => (1, inp),
    }
}

/// At most `max` digits (at least one), after any blanks.
fn number(inp: &[u8], max: usize) -> Option<(u64, &[u8])> {
    let inp = skip_blanks(inp);
    let n = inp.iter().take(max).take_while(|b| b.is_ascii_digit()).count();
    if n == 0 {
        return None;
    }
    let value = inp[..n].iter().try_fold(0u64, |v, &b| v.checked_mul(10)?.checked_add(u64::from(b - b'0')))?;
    Some((value, &inp[n..]))
}

fn set<'v>(
    field: &mut Option<u32>,
    inp: &'v [u8],
    max: usize,
    range: std::ops::RangeInclusive<u32>,
) -> Option<&'v [u8]> {
    let (n, rest) = number(inp, max)?;
    let n = u32::try_from(n).ok().filter(|n| range.contains(n))?;
    *field = Some(n);
    Some(rest)
}

/// Digits of a second's fraction (one to nine).
fn fraction<'v>(inp: &'v [u8], f: &mut Fields) -> Option<&'v [u8]> {
    let n = inp.iter().take(9).take_while(|b| b.is_ascii_digit()).count();
    if n == 0 {
        return None;
    }
    let digits = inp[..n].iter().fold(0u32, |v, &b| v * 10 + u32::from(b - b'0'));
    f.nanos = Some(digits * 10u32.pow(9 - n as u32));
    Some(&inp[n..])
}

/// A month or weekday name, in any case: its first `short` letters when `short` > 0, else the
/// whole name.
fn name<'v>(inp: &'v [u8], names: &[&str], short: usize) -> Option<(u32, &'v [u8])> {
    names.iter().enumerate().find_map(|(i, n)| {
        let n = if short > 0 { &n.as_bytes()[..short] } else { n.as_bytes() };
        let head = inp.get(..n.len())?;
        head.eq_ignore_ascii_case(n).then(|| (i as u32, &inp[n.len()..]))
    })
}

/// `±HH`, `±HHMM`, `±HHMMSS` (`%z`), or `±HH:MM[:SS]` (`%:z`).
fn offset<'v>(inp: &'v [u8], f: &mut Fields, colon: bool) -> Option<&'v [u8]> {
    let (sign, rest) = match inp.split_first()? {
        (b'+', r) => (1, r),
        (b'-', r) => (-1, r),
        _ => return None,
    };
    let two = |b: &'v [u8]| -> Option<(i64, &'v [u8])> {
        let d = b.get(..2)?;
        d.iter().all(u8::is_ascii_digit).then(|| (i64::from((d[0] - b'0') * 10 + d[1] - b'0'), &b[2..]))
    };
    let (h, mut rest) = two(rest)?;
    let mut secs = h * 3600;
    for unit in [60, 1] {
        let after = if colon { rest.strip_prefix(b":") } else { Some(rest) };
        match after.and_then(two) {
            Some((n, r)) if n < 60 => {
                secs += n * unit;
                rest = r;
            }
            _ => break,
        }
    }
    if h > 25 {
        return None;
    }
    f.offset = Some(sign * secs);
    Some(rest)
}

/// RFC 2822 (and RFC 5322's obsolete forms): `[Tue,] 1 Jul 2003 10:52[:37] +0200`, the zone also
/// `UT`, `GMT`, `Z` or a US zone name (`EST` … `PDT`). A year of two digits is 19xx from 50,
/// else 20xx. The weekday, when given, must be the date's. An instant in UTC milliseconds.
pub fn rfc2822(value: &str) -> Option<i64> {
    let mut inp = skip_blanks(value.as_bytes());
    let mut f = Fields::default();
    if let Some((w, rest)) = name(inp, &WEEKDAYS, 3) {
        f.weekday = Some(w);
        inp = skip_blanks(rest).strip_prefix(b",")?;
    }
    let (day, rest) = number(inp, 2)?;
    f.day = Some(day as u32);
    let (month, rest) = name(skip_blanks(rest), &MONTHS, 3)?;
    f.month = Some(month + 1);
    let rest = skip_blanks(rest);
    let year_digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    let (year, rest) = number(rest, year_digits.max(1))?;
    f.year = Some(match year_digits {
        2 if year < 50 => 2000 + year as i32,
        2 | 3 => 1900 + year as i32,
        _ => i32::try_from(year).ok()?,
    });
    if !rest.first().is_some_and(u8::is_ascii_whitespace) {
        return None;
    }
    let rest = read_pattern(b" %H:%M", rest, &mut f)?;
    let rest = match rest.strip_prefix(b":") {
        Some(r) => set(&mut f.second, r, 2, 0..=60)?,
        None => rest,
    };
    f.second = f.second.map(|s| s.min(59));
    let zone = skip_blanks(rest);
    if zone.len() == rest.len() {
        return None;
    }
    let zone = std::str::from_utf8(zone).ok()?.trim_end();
    f.offset = Some(match zone.as_bytes() {
        [b'+' | b'-', ..] if zone.len() == 5 => {
            let mut g = Fields::default();
            if !offset(zone.as_bytes(), &mut g, false)?.is_empty() {
                return None;
            }
            g.offset?
        }
        _ => {
            let hours = match zone.to_ascii_uppercase().as_str() {
                "UT" | "GMT" | "Z" => 0,
                "EDT" => -4,
                "EST" | "CDT" => -5,
                "CST" | "MDT" => -6,
                "MST" | "PDT" => -7,
                "PST" => -8,
                _ => return None,
            };
            hours * 3600
        }
    });
    match f.when()? {
        When::Instant(ms) => Some(ms),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::time::ms as instant;

    #[test]
    fn patterns_read_what_they_say() {
        let day = |s: &str| {
            checked_days_from_civil(s[0..4].parse().unwrap(), s[5..7].parse().unwrap(), s[8..10].parse().unwrap())
                .unwrap()
        };
        let local = |s: &str| instant(&format!("{s}Z"));
        let check = |pattern: &str, value: &str, expected: Option<When>| {
            assert_eq!(strptime(pattern, value).and_then(|f| f.when()), expected, "{pattern:?} {value:?}");
        };
        check("%d.%m.%Y %H:%M", "05.01.2025 13:04", Some(When::Local(local("2025-01-05T13:04:00"))));
        check("%d.%m.%Y %H:%M", "5.1.2025  13:04", Some(When::Local(local("2025-01-05T13:04:00"))));
        check("%m/%d/%Y %I:%M %p", "01/05/2025 12:30 am", Some(When::Local(local("2025-01-05T00:30:00"))));
        check("%m/%d/%Y %I:%M %p", "01/05/2025 1:30 PM", Some(When::Local(local("2025-01-05T13:30:00"))));
        check("%d %b %Y", "5 jan 2025", Some(When::Local(local("2025-01-05T00:00:00"))));
        check("%A, %B %d, %Y", "Sunday, January 05, 2025", Some(When::Local(local("2025-01-05T00:00:00"))));
        check("%A, %B %d, %Y", "Monday, January 05, 2025", None);
        check("%Y %m %d %M", "2025 01 05 07", Some(When::Day(day("2025-01-05"))));
        check("%Y-%m-%dT%H:%M:%S%z", "2025-01-05T13:04:05+0100", Some(When::Instant(instant("2025-01-05T12:04:05Z"))));
        check(
            "%F %T%.f %:z",
            "2025-01-05 13:04:05.250 -02:30",
            Some(When::Instant(instant("2025-01-05T15:34:05.25Z"))),
        );
        check("%s", "1736082245", Some(When::Instant(1_736_082_245_000)));
        check("%Y%j", "2024366", Some(When::Local(local("2024-12-31T00:00:00"))));
        check("%d.%m.%Y", "31.02.2025", None);
        check("%d.%m.%Y", "05.01.2025 x", None);
        check("%d.%m.%Y %H", "05.01.2025 24", None);
        check("%Y %M", "2025 07", None);
        check("%Q", "1", None);
    }

    /// On every pattern the mapping form proposes and on the values it would meet, this reads
    /// what jiff's `strtime::parse` reads.
    #[test]
    fn patterns_read_as_jiff_reads_them() {
        let patterns = crate::core::import::mapping::DATE_FORMATS.iter().copied().chain([
            "%Y-%m-%dT%H:%M:%S%z",
            "%Y-%m-%d %H:%M:%S%.f %:z",
            "%a %b %e %H:%M:%S %Y",
            "%D %R",
            "%y%m%d",
            "%s",
        ]);
        let values = [
            "05.01.2025 13:04:05",
            "05.01.2025 13:04",
            "5.1.2025",
            "05.01.2025",
            "01/05/2025 13:04:05",
            "1/5/2025 1:04 PM",
            "01/05/2025 01:04:05 am",
            "01/05/2025",
            "13/05/2025",
            "2025/01/05 13:04:05",
            "2025/1/5",
            "05-01-2025 13:04",
            "05 Jan 2025 13:04",
            "5 JAN 2025",
            "2025-01-05T13:04:05+0100",
            "2025-01-05T13:04:05+01:00",
            "2025-01-05 13:04:05.123456 +01:00",
            "2025-01-05 13:04:05 -05:30",
            "Sun Jan  5 13:04:05 2025",
            "Mon Jan  5 13:04:05 2025",
            "01/05/25 13:04",
            "250105",
            "1736082245",
            "-1",
            "",
            " ",
            "31.02.2025",
            "05.01.2025 24:00",
            "05.13.2025",
            "05.01.2025  13:04",
            "2025-01-05T13:04:05+2500",
        ];
        let mut read = 0;
        for pattern in patterns {
            for value in values {
                let theirs = jiff::fmt::strtime::parse(pattern, value).ok().and_then(|tm| {
                    if let Ok(ts) = tm.to_timestamp() {
                        return Some(When::Instant(ts.as_millisecond()));
                    }
                    if let Ok(dt) = tm.to_datetime() {
                        let day = checked_days_from_civil(i32::from(dt.year()), dt.month() as u32, dt.day() as u32)?;
                        let secs = i64::from(dt.hour()) * 3600 + i64::from(dt.minute()) * 60 + i64::from(dt.second());
                        let ms =
                            i64::from(day) * MS_PER_DAY + secs * 1000 + i64::from(dt.subsec_nanosecond()) / 1_000_000;
                        return Some(When::Local(ms));
                    }
                    let d = tm.to_date().ok()?;
                    Some(When::Day(checked_days_from_civil(i32::from(d.year()), d.month() as u32, d.day() as u32)?))
                });
                let ours = strptime(pattern, value).and_then(|f| f.when());
                assert_eq!(ours, theirs, "{pattern:?} on {value:?}");
                read += usize::from(ours.is_some());
            }
        }
        assert!(read >= 30, "only {read} values read");
    }

    #[test]
    fn rfc2822_reads_as_jiff_reads_it() {
        for value in [
            "Tue, 1 Jul 2003 10:52:37 +0200",
            "Tue, 01 Jul 2003 10:52:37 +0200",
            "1 Jul 2003 10:52 -0000",
            "Sat, 01 Mar 2025 14:05:00 GMT",
            "Sat, 01 Mar 2025 14:05:00 UT",
            "Sat, 01 Mar 2025 14:05:00 EST",
            "Sat, 01 Mar 2025 14:05:00 pdt",
            "sat, 1 mar 2025 14:05:00 +0530",
            "Sat,01 Mar 2025 14:05:00 +0000",
            "Fri, 01 Mar 2025 14:05:00 +0000",
            "01 Mar 25 14:05 +0000",
            "01 Mar 99 14:05 +0000",
            "31 Feb 2025 14:05 +0000",
            "01 Mar 2025 14:05:60 +0000",
            "01 Mar 2025 14:05",
            "01 Mar 2025 14:05 Europe/Paris",
            "2025-03-01T14:05:00Z",
        ] {
            let theirs = jiff::fmt::rfc2822::parse(value).ok().map(|z| z.timestamp().as_millisecond());
            assert_eq!(rfc2822(value), theirs, "{value:?}");
        }
    }

    proptest::proptest! {
        /// Any time written with a pattern reads back as jiff reads it.
        #[test]
        fn written_times_read_back_as_jiff_reads_them(
            day in 0i32..60_000,
            secs in 0u32..86_400,
            millis in 0u32..1000,
            offset_min in -840i32..=840,
            which in 0usize..12,
        ) {
            let patterns = [
                "%d.%m.%Y %H:%M:%S", "%m/%d/%Y %I:%M %p", "%-d/%-m/%Y %k:%M", "%d %b %Y %H:%M", "%A, %B %e, %Y",
                "%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S %:z", "%D %T", "%Y%j %R", "%a %b %e %T %Y", "%s",
                "%y%m%d%H%M%S",
            ];
            let (y, m, d) = crate::core::time::civil_from_days(day);
            let dt = jiff::civil::DateTime::new(
                y as i16, m as i8, d as i8, (secs / 3600) as i8, (secs / 60 % 60) as i8, (secs % 60) as i8,
                (millis * 1_000_000) as i32,
            ).unwrap();
            let offset = jiff::tz::Offset::from_seconds(offset_min * 60).unwrap();
            let zoned = jiff::ZonedDateTime::new(offset.to_timestamp(dt).unwrap(), jiff::tz::TimeZone::fixed(offset));
            let pattern = patterns[which];
            let value = jiff::fmt::strtime::format(pattern, &zoned).unwrap();
            let theirs = jiff::fmt::strtime::parse(pattern, &value).ok().and_then(|tm| {
                if let Ok(ts) = tm.to_timestamp() {
                    return Some(When::Instant(ts.as_millisecond()));
                }
                let dt = tm.to_datetime().ok()?;
                let day = checked_days_from_civil(i32::from(dt.year()), dt.month() as u32, dt.day() as u32)?;
                let secs = i64::from(dt.hour()) * 3600 + i64::from(dt.minute()) * 60 + i64::from(dt.second());
                Some(When::Local(i64::from(day) * MS_PER_DAY + secs * 1000 + i64::from(dt.subsec_nanosecond()) / 1_000_000))
            });
            proptest::prop_assert!(theirs.is_some(), "{} {}", pattern, value);
            proptest::prop_assert_eq!(strptime(pattern, &value).and_then(|f| f.when()), theirs, "{} {}", pattern, value);
        }
    }

    proptest::proptest! {
        /// Whatever the pattern and the value, reading answers or declines: no panic.
        #[test]
        fn any_pattern_on_any_value_never_panics(pattern in "(%[-_0]?[0-9]{0,2}[a-zA-Z%.:]|[ ./:,a-z0-9-]){0,8}", value in "[ -~]{0,40}") {
            let _ = strptime(&pattern, &value).map(|f| f.when());
            let _ = rfc2822(&value);
        }
    }
}

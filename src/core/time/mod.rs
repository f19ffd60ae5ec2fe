//! Time: parsing timestamps into UTC milliseconds, and civil-date arithmetic in a report zone.
//!
//! Instants are `i64` milliseconds since the Unix epoch (UTC); digits past the millisecond are
//! dropped. Civil dates are `i32` day numbers (days since 1970-01-01 in the local calendar).
//! Everything that depends on a time zone takes a [`Zone`] explicitly; nothing here reads the clock.
//!
//! Layers, bottom up: `civil` (day arithmetic) ← `tzif` (a zone's rules from TZif data) ← `zone`
//! (the report zone) ← `pattern` (strftime patterns, RFC 2822) ← `parse` (timestamps). All of it
//! is hand-written and tested against jiff (a dev-dependency) as the oracle: jiff's parsers,
//! TZif reader and tables would add about 55 KB gzip to the dashboard.

mod civil;
pub mod numeric;
mod parse;
pub mod pattern;
pub mod tzif;
mod zone;

pub use civil::{
    MS_PER_DAY, checked_days_from_civil, civil_from_days, days_from_civil, days_in_month, format_date, format_instant,
    local_ms, month_start, next_month_start, parse_date, week_start,
};
pub use parse::{TimeError, is_missing, parse_timestamp};
pub use zone::{Zone, format_local, today, unknown_zone};

/// For the tests of the time modules: an RFC 3339 instant as jiff reads it, in milliseconds.
#[cfg(test)]
fn ms(s: &str) -> i64 {
    s.parse::<jiff::Timestamp>().map(|t| t.as_millisecond()).unwrap_or_else(|e| panic!("{s}: {e}"))
}

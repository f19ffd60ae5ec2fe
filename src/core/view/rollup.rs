//! A rollup on the dashboard (docs/rollup.md): the report it holds, the range it covers, and what
//! the view says where it needs the raw data.

use crate::core::import::ImportError;
use crate::core::import::read::decode_text;
use crate::core::import::rollup::is_rollup;
use crate::core::metrics::Report;
use crate::core::metrics::rollup::report_from_rollup;
use crate::core::time::parse_date;

/// What a control or a drill-down says when it needs the raw data.
pub const NEEDS_RAW: &str = "needs the raw data";

/// The report of a dropped file that is a rollup; `None` when it is not one (then it is imported
/// as records).
pub fn shown_rollup(name: &str, bytes: &[u8]) -> Option<Result<Report, ImportError>> {
    let text = decode_text(bytes).ok()?;
    is_rollup(&text).then(|| {
        report_from_rollup(name, &text).map_err(|e| ImportError {
            file: name.to_string(),
            line: e.line,
            column: e.column,
            message: e.message,
        })
    })
}

/// The report's range as days, `[from, to)`.
pub fn rollup_range(r: &Report) -> (i32, i32) {
    let from = parse_date(&r.range.from).unwrap_or(0);
    (from, parse_date(&r.range.to).unwrap_or(from + 1))
}

/// Where the view came from and what it cannot change, for the controls bar: "Computed from the
/// rollup r.csv (doralens 0.1.0). Range, grouping, time zone, teams, services, benchmark and link
/// window: needs the raw data."
pub fn rollup_note(r: &Report) -> String {
    let origin = r.warnings.first().map_or("", String::as_str);
    let mut first = origin.chars();
    let origin: String = first.next().map(|c| c.to_ascii_uppercase()).into_iter().chain(first).collect();
    format!("{origin}. Range, grouping, time zone, teams, services, benchmark and link window: {NEEDS_RAW}.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dropped_rollup_is_shown_with_its_origin() {
        assert!(shown_rollup("d.csv", b"id,team,deployed_at\n1,a,2025-03-03T10:00:00Z\n").is_none());
        let bad = shown_rollup("r.csv", b"row,scope,team,deployments\nsummary,overall,all,1\n").unwrap().unwrap_err();
        assert_eq!((bad.line, bad.column), (1, 1));
        assert!(bad.message.starts_with("not a rollup: no column from"), "{}", bad.message);
    }
}

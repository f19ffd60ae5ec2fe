//! The report JSON (docs/report-json.md).

use crate::core::metrics::Report;

/// The report JSON (docs/report-json.md), pretty-printed.
pub fn to_json(r: &Report) -> String {
    serde_json::to_string_pretty(r).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

//! The report as a rollup (docs/rollup.md): CSV or a JSON array, one row per scope and period.
//!
//! Numbers are written in their shortest form that reads back as the same `f64` (serde_json's,
//! which is ryu's): `0.30000000000000004`, `1.5`, `2.0`, `1e-7`. A report holds no NaN or infinity
//! (every rate and median is over at least one finite value); one would be written empty.

use crate::core::import::rollup::{COLUMNS, Cell, Col, RollupRow};
use crate::core::metrics::Report;
use crate::core::metrics::rollup::rollup_rows;

/// A rollup's file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RollupFormat {
    Csv,
    Json,
}

impl RollupFormat {
    /// The report as a rollup in this format.
    pub fn render(self, r: &Report) -> String {
        let rows = rollup_rows(r);
        match self {
            RollupFormat::Csv => rollup_csv(&rows),
            RollupFormat::Json => rollup_json(&rows),
        }
    }
}

/// CSV: a header row, then one line per row; null is empty. A text that starts with `=`, `+`, `-`,
/// `@` or `'` gets a leading `'` (a spreadsheet's formula guard), which the reader removes.
pub fn rollup_csv(rows: &[RollupRow]) -> String {
    let mut out = String::new();
    for (i, c) in Col::ALL.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(c.name());
    }
    out.push('\n');
    for row in rows {
        for (i, cell) in row.cells.iter().take(COLUMNS).enumerate() {
            if i > 0 {
                out.push(',');
            }
            match cell {
                Cell::Null => {}
                Cell::Int(v) => out.push_str(&v.to_string()),
                Cell::Num(v) => push_num(&mut out, *v),
                Cell::Text(s) => push_csv_text(&mut out, s),
            }
        }
        out.push('\n');
    }
    out
}

/// A JSON array of objects, one per line, keys in column order; null is `null`.
pub fn rollup_json(rows: &[RollupRow]) -> String {
    let mut out = String::from("[");
    for (r, row) in rows.iter().enumerate() {
        out.push_str(if r == 0 { "\n{" } else { ",\n{" });
        for (i, (c, cell)) in Col::ALL.iter().zip(&row.cells).enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push('"');
            out.push_str(c.name());
            out.push_str("\":");
            match cell {
                Cell::Null => out.push_str("null"),
                Cell::Int(v) => out.push_str(&v.to_string()),
                Cell::Num(v) if v.is_finite() => push_num(&mut out, *v),
                Cell::Num(_) => out.push_str("null"),
                Cell::Text(s) => out.push_str(&serde_json::to_string(s).unwrap_or_default()),
            }
        }
        out.push('}');
    }
    out.push_str("\n]\n");
    out
}

/// The shortest decimal that reads back as `v`; nothing for NaN and infinities.
fn push_num(out: &mut String, v: f64) {
    if let Some(n) = serde_json::Number::from_f64(v) {
        out.push_str(&n.to_string());
    }
}

fn push_csv_text(out: &mut String, s: &str) {
    let guarded = s.starts_with(['=', '+', '-', '@', '\'']);
    if guarded || s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        if guarded {
            out.push('\'');
        }
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

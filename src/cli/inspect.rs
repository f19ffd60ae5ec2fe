//! `doralens inspect`: what each file is read as, and its books, without computing anything.

use super::args::{Args, import_options};
use super::files::{import_in_blocks, read_file};
use super::output::write_out;
use super::usage_error;
use doralens::core::import::{FileImport, ImportError, ImportOptions, Problem, SkipClass, SkipReason, import_file};
use std::process::ExitCode;

#[derive(serde::Serialize)]
struct SkipCount {
    reason: SkipReason,
    class: SkipClass,
    count: usize,
}

#[derive(serde::Serialize)]
struct InspectOut<'a> {
    file: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    format_label: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
    rows_read: usize,
    rows_imported: usize,
    rows_skipped: usize,
    skipped_by_rule: usize,
    skipped_invalid: usize,
    skipped_by_reason: Vec<SkipCount>,
    problems: Vec<&'a Problem>,
    warnings: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a ImportError>,
}

type Outcome = Result<FileImport, ImportError>;

pub fn run(args: &Args) -> ExitCode {
    if args.inspect.is_empty() {
        return usage_error("inspect needs at least one FILE");
    }
    let json = match args.format.as_deref() {
        None | Some("text") => false,
        Some("json") => true,
        Some(f) => return usage_error(format!("--format must be json or text, not {f:?}")),
    };
    let opts = match import_options(args) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let results: Vec<(&str, Outcome)> =
        args.inspect.iter().enumerate().map(|(i, path)| (path.as_str(), inspect(path, i as u32, &opts))).collect();
    let failed = results.iter().any(|(_, r)| r.is_err());
    let out = if json { as_json(&results) } else { as_text(&results) };
    let code = write_out(args, &out);
    if failed { ExitCode::from(1) } else { code }
}

/// One file imported as `report` would (large CSVs in blocks), or why it cannot be.
fn inspect(path: &str, index: u32, opts: &ImportOptions) -> Outcome {
    let unreadable = |m: String| ImportError {
        file: path.to_string(),
        line: 0,
        column: 0,
        message: m.rsplit(": ").next().unwrap_or(&m).to_string(),
    };
    match import_in_blocks(path, index, opts) {
        Ok(Some(f)) => Ok(f),
        Ok(None) => read_file(path).map_err(unreadable).and_then(|bytes| import_file(path, &bytes, index, opts)),
        Err(m) => Err(unreadable(m)),
    }
}

fn as_json(results: &[(&str, Outcome)]) -> String {
    let items: Vec<InspectOut> = results.iter().map(|(path, r)| json_entry(path, r)).collect();
    serde_json::to_string_pretty(&items).unwrap_or_default() + "\n"
}

fn json_entry<'a>(path: &'a str, r: &'a Outcome) -> InspectOut<'a> {
    match r {
        Ok(f) => InspectOut {
            file: path,
            format: Some(f.format.id()),
            format_label: Some(f.format.label()),
            reason: Some(&f.reason),
            kind: Some(f.kind.label()),
            rows_read: f.rows_read,
            rows_imported: f.imported(),
            rows_skipped: f.skipped_total(),
            skipped_by_rule: f.skipped_by(SkipClass::Rule),
            skipped_invalid: f.skipped_by(SkipClass::Invalid),
            skipped_by_reason: f
                .skipped
                .iter()
                .map(|(reason, count)| SkipCount { reason: *reason, class: reason.class(), count: *count })
                .collect(),
            problems: f.examples().take(20).collect(),
            warnings: f.all_warnings().iter().map(|w| w.located(path)).collect(),
            error: None,
        },
        Err(e) => InspectOut {
            file: path,
            format: None,
            format_label: None,
            reason: None,
            kind: None,
            rows_read: 0,
            rows_imported: 0,
            rows_skipped: 0,
            skipped_by_rule: 0,
            skipped_invalid: 0,
            skipped_by_reason: vec![],
            problems: vec![],
            warnings: vec![],
            error: Some(e),
        },
    }
}

fn as_text(results: &[(&str, Outcome)]) -> String {
    let mut out = String::new();
    for (path, r) in results {
        match r {
            Ok(f) => text_entry(path, f, &mut out),
            Err(e) => out.push_str(&format!("{path}\n  error:    {e}\n")),
        }
    }
    out
}

fn text_entry(path: &str, f: &FileImport, out: &mut String) {
    out.push_str(&format!("{path}\n"));
    out.push_str(&format!("  format:   {} ({}): {}\n", f.format.label(), f.format.id(), f.reason));
    out.push_str(&format!("  records:  {}\n", f.kind.label()));
    out.push_str(&format!(
        "  rows:     {} read, {} imported, {} skipped ({} by rule, {} invalid)\n",
        f.rows_read,
        f.imported(),
        f.skipped_total(),
        f.skipped_by(SkipClass::Rule),
        f.skipped_by(SkipClass::Invalid)
    ));
    for (class, label) in [(SkipClass::Rule, "by rule"), (SkipClass::Invalid, "invalid")] {
        let s = f.skipped_summary(class);
        if !s.is_empty() {
            out.push_str(&format!("  {label:<9} {s}\n"));
        }
    }
    for p in f.examples().take(5) {
        let detail = if p.detail.is_empty() { String::new() } else { format!(" ({})", p.detail) };
        let col = p.column.map_or(String::new(), |c| format!(":{c}"));
        out.push_str(&format!("  {path}:{}{col}: {}{detail}\n", p.line, p.reason));
    }
    if f.problems.len() > 5 {
        out.push_str(&format!("  … and {} more\n", f.skipped_total() - 5));
    }
    for w in f.all_warnings() {
        out.push_str(&format!("  warning:  {}\n", w.located(path)));
    }
}

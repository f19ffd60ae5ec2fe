//! Importers: bytes of an export in, canonical records out, every row accounted for.
//!
//! [`import_file`] unpacks gzip, detects the format from content ([`detect`]), and hands the text
//! to that format's module. Each module pushes records through a [`Collector`], which applies the
//! production/success rules, removes duplicate ids and counts every row it does not import with a
//! reason, so `imported + skipped == rows_read` always holds.

pub mod canonical;
pub mod chunked;
mod collector;
mod dataset;
pub mod dates;
mod dedup;
pub mod detect;
mod error;
mod format;
pub mod mapped_csv;
pub mod mapping;
pub mod mapping_form;
mod merge;
pub mod notes;
mod options;
mod outcome;
pub mod read;
pub mod rollup;
pub mod runs;
pub mod shape;
mod skip;
pub mod sniff;
pub mod teams;
pub mod unwrap;
pub mod vendor;
pub mod yaml;

pub use collector::{Collector, PLAUSIBLE_MS, TEN_YEARS_MS, plausible};
pub use dataset::{build_dataset, build_dataset_paced, into_dataset};
pub use dedup::{dedup_deployments, dedup_incidents};
pub use detect::detect;
pub use error::{FormatError, ImportError};
pub use format::{Format, RecordKind};
pub use mapping::Mapping;
pub use merge::{merge_parts, merge_parts_paced};
pub use notes::{FileWarning, Note, Notes};
pub use options::{Hint, ImportOptions, WorkflowFilter};
pub use outcome::{FileImport, Problem};
pub(crate) use skip::Bad;
pub use skip::{SkipClass, SkipReason};

/// Imports one file. `file_index` is stored in every record's [`Source`].
pub fn import_file(name: &str, bytes: &[u8], file_index: u32, opts: &ImportOptions) -> Result<FileImport, ImportError> {
    let unpacked;
    let bytes = if read::is_gzip(bytes) {
        unpacked =
            read::gunzip(bytes).map_err(|m| ImportError { file: name.to_string(), line: 0, column: 0, message: m })?;
        &unpacked[..]
    } else {
        bytes
    };
    let text = read::decode_text(bytes).map_err(|(line, column, message)| ImportError {
        file: name.to_string(),
        line,
        column,
        message,
    })?;
    // YAML and DevLake raw tables: the JSON inside them, on the same lines.
    let sniffed = sniff::sniff(&text);
    let unwrapped = unwrap::unwrap(&text, &sniffed).map_err(|e| ImportError {
        file: name.to_string(),
        line: e.line,
        column: e.column,
        message: e.message,
    })?;
    let (text, wrapper) = match unwrapped {
        Some(u) => (std::borrow::Cow::Owned(u.text), Some(u.wrapper)),
        None => (text, None),
    };
    if opts.format.is_none()
        && wrapper.is_none()
        && let Some((format, reason)) = empty_export(&text)
    {
        // Nothing to read: zero rows, which the file's warnings say (a source that returned nothing).
        return Ok(Collector::new(name, file_index, format, reason.into(), opts).finish());
    }
    // The CLI only: 662 B gzip the dashboard has no room for (with the `rollup-view` feature it shows
    // a rollup before importing anything).
    #[cfg(not(target_arch = "wasm32"))]
    if opts.format.is_none() && wrapper.is_none() && rollup::is_rollup(&text) {
        return Err(ImportError { file: name.to_string(), line: 1, column: 1, message: rollup::NOT_RECORDS.into() });
    }
    let (format, reason) = match opts.format {
        Some(f) => (f, "chosen by the user".to_string()),
        None => match wrapper {
            Some(w) => detect::detect_unwrapped(name, &text, w, opts),
            None => detect(name, &text, opts),
        }
        .map_err(|message| ImportError { file: name.to_string(), line: 1, column: 1, message })?,
    };
    let mut c = Collector::new(name, file_index, format, reason, opts);
    let result = run(format, &text, &mut c);
    match result {
        Ok(()) => Ok(c.finish()),
        Err(e) => Err(ImportError { file: name.to_string(), line: e.line, column: e.column, message: e.message }),
    }
}

/// A file with nothing in it, or only empty JSON lists (`[]`, pages of `[]` back to back): the
/// format it is read as, and why.
fn empty_export(text: &str) -> Option<(Format, &'static str)> {
    let t = text.trim();
    if t.is_empty() {
        return Some((Format::CanonicalCsv, "an empty file"));
    }
    let mut rest = t;
    while let Some(r) = rest.strip_prefix('[') {
        rest = r.trim_start().strip_prefix(']')?.trim_start();
    }
    rest.is_empty().then_some((Format::CanonicalJson, "an empty list"))
}

/// Runs the importer of `format` over `text`.
fn run(format: Format, text: &str, c: &mut Collector) -> Result<(), FormatError> {
    use Format::*;
    match format {
        CanonicalCsv => canonical::csv(text, c),
        CanonicalJson => canonical::json(text, c),
        CanonicalNdjson => canonical::ndjson(text, c),
        MappedCsv => match c.opts.mapping.clone() {
            Some(m) => mapped_csv::import(text, &m, c),
            None => {
                Err(FormatError::new(1, 1, "this CSV needs a column mapping: say which column is the id, the time, …"))
            }
        },
        TeamsCsv => teams::csv(text, c),
        TeamsJson => teams::json(text, c),
        other => vendor::run(other, text, c),
    }
}

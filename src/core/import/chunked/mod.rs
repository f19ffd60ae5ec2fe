//! Importing a large file a block at a time, so a caller with one thread (the browser) can yield
//! between blocks, and the CLI can import two blocks at once. The result is exactly what
//! [`import_file`] gives for the whole file.
//!
//! `lines.rs` cuts line-based files (CSV, JSON Lines), `json.rs` JSON pages and records arrays;
//! this module runs either, a block per step.

mod json;
mod lines;

pub use json::{JsonBlocks, JsonHead, JsonScan};
pub use lines::CsvBlocks;

use super::{FileImport, Format, ImportError, ImportOptions, detect, import_file, merge_parts_paced, read};
use crate::core::pace;

/// The first byte at or after `at` that is neither whitespace nor a byte-order mark.
pub(super) fn skip_blank(bytes: &[u8], mut at: usize) -> usize {
    if at == 0 && bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        at = 3;
    }
    at + bytes[at.min(bytes.len())..].iter().take_while(|b| b.is_ascii_whitespace()).count()
}

/// A file's first 64 KB of text after a byte-order mark (up to the last whole character), and the
/// format it shows: the one the user chose, or the detected one, with why.
fn head_format<'b>(name: &str, bytes: &'b [u8], opts: &ImportOptions) -> Option<(&'b str, Format, String)> {
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let body = &body[..body.len().min(64 * 1024)];
    let text = match std::str::from_utf8(body) {
        Ok(s) => s,
        Err(e) => std::str::from_utf8(&body[..e.valid_up_to()]).unwrap_or(""),
    };
    let (format, reason) = match opts.format {
        Some(f) => (f, "chosen by the user".to_string()),
        None => detect(name, text, opts).ok()?,
    };
    Some((text, format, reason))
}

/// Joins the imports of a file's blocks into the import of the whole file, with the format
/// (`opts.format`) and the reason the plan found.
async fn join_blocks<P, F>(
    name: &str,
    parts: Vec<FileImport>,
    opts: &ImportOptions,
    reason: String,
    pause: P,
) -> Result<FileImport, ImportError>
where
    P: FnMut(f64) -> F,
    F: Future<Output = ()>,
{
    let empty = || ImportError { file: name.to_string(), line: 1, column: 1, message: "the file is empty".into() };
    let mut pause = pause;
    let mut f = merge_parts_paced(parts, opts.max_examples, &mut pause).await.ok_or_else(empty)?;
    if !f.pending.devlake.is_empty() {
        f = super::vendor::devlake::join_pending(f, opts, &mut pause).await;
    }
    if !f.pending.github.is_empty() {
        f = super::vendor::github::join_pending(f, opts, &mut pause).await;
    }
    if !f.pending.servicenow.is_empty() {
        f = super::vendor::servicenow::join_pending(f, opts, &mut pause).await;
    }
    f.reason = reason;
    f.format = opts.format.unwrap_or(f.format);
    Ok(f)
}

/// An import in progress. Call [`ChunkedImport::step`] until it returns `false`, then
/// [`ChunkedImport::finish`].
pub struct ChunkedImport<'a> {
    name: String,
    bytes: &'a [u8],
    file_index: u32,
    opts: ImportOptions,
    block: usize,
    plan: Plan,
}

enum Plan {
    /// Not a file that can be cut (one JSON document, gzip, small): one step imports it whole.
    Whole(Option<Result<FileImport, ImportError>>),
    /// A JSON file being read for its shape, a few megabytes a step.
    JsonScan { head: Option<JsonHead>, scan: JsonScan },
    /// JSON records a few at a time. A block that fails makes the file import whole instead, so
    /// errors are exactly the whole file's.
    Json { blocks: JsonBlocks, pos: usize, parts: Vec<FileImport>, failed: bool },
    /// CSV or JSON Lines records a block at a time.
    Blocks { blocks: CsvBlocks, pos: usize, parts: Vec<FileImport> },
    /// A block failed with `error` (at its line in the file). That is the file's error unless
    /// text that is not UTF-8 follows the block (reading the whole file reports that first): the
    /// rest is checked a few megabytes a step, then the file is imported whole if it is not UTF-8.
    Check { error: ImportError, block_end: usize, pos: usize },
}

impl<'a> ChunkedImport<'a> {
    /// Plans the import; `block` is the target block size in bytes.
    pub fn new(name: &str, bytes: &'a [u8], file_index: u32, opts: &ImportOptions, block: usize) -> ChunkedImport<'a> {
        let block = block.max(4096);
        // Small and compressed files are imported whole.
        let cuttable = bytes.len() >= 2 * block && !read::is_gzip(bytes);
        let plan = if !cuttable {
            Plan::Whole(None)
        } else if let Some((blocks, pos)) = CsvBlocks::plan(name, bytes, opts) {
            Plan::Blocks { blocks, pos, parts: Vec::new() }
        } else if let Some(head) = JsonBlocks::head(name, bytes, opts) {
            Plan::JsonScan { head: Some(head), scan: JsonScan::default() }
        } else {
            Plan::Whole(None)
        };
        ChunkedImport { name: name.to_string(), bytes, file_index, opts: opts.clone(), block, plan }
    }

    /// Imports the next block. `false` when there is nothing left to do.
    pub fn step(&mut self) -> bool {
        match &mut self.plan {
            Plan::Whole(done) => {
                if done.is_some() {
                    return false;
                }
                *done = Some(import_file(&self.name, self.bytes, self.file_index, &self.opts));
                true
            }
            Plan::Blocks { blocks, pos, parts } => {
                if *pos >= self.bytes.len() {
                    return false;
                }
                let rest = &self.bytes[*pos..];
                let last = rest.len() <= self.block + self.block / 2;
                let avail = if last { rest } else { &rest[..self.block] };
                let Some((cut, text, opts)) = blocks.next(avail, last) else {
                    // No record ends in a block's worth: read the file at once.
                    self.plan = Plan::Whole(None);
                    return true;
                };
                match import_file(&self.name, &text, self.file_index, &opts) {
                    Ok(part) => parts.push(part),
                    Err(mut error) => {
                        // Line 1 of a CSV block is the header, the file's own line 1.
                        if error.line > u32::from(blocks.has_header()) {
                            error.line += opts.line_offset;
                        }
                        let block_end = *pos + cut;
                        self.plan = Plan::Check { error, block_end, pos: *pos };
                        return true;
                    }
                }
                *pos += cut;
                true
            }
            Plan::Check { block_end, pos, .. } => {
                if *pos >= self.bytes.len() {
                    return false;
                }
                let end = (*pos + 4 * self.block).min(self.bytes.len());
                match std::str::from_utf8(&self.bytes[*pos..end]) {
                    Ok(_) => *pos = end,
                    // A character cut by the end of the step: go on from its start.
                    Err(e) if e.error_len().is_none() && end < self.bytes.len() => *pos += e.valid_up_to().max(1),
                    Err(e) => {
                        if *pos + e.valid_up_to() >= *block_end {
                            self.plan = Plan::Whole(None);
                        } else {
                            *pos = self.bytes.len();
                        }
                    }
                }
                true
            }
            Plan::JsonScan { head, scan } => {
                scan.run(self.bytes, scan.pos + 4 * self.block);
                if scan.finished(self.bytes.len()) {
                    let planned = head.take().and_then(|h| JsonBlocks::planned(h, scan, self.bytes));
                    self.plan = match planned {
                        Some(blocks) => {
                            let pos = blocks.line_start;
                            Plan::Json { blocks, pos, parts: Vec::new(), failed: false }
                        }
                        None => Plan::Whole(None),
                    };
                }
                true
            }
            Plan::Json { blocks, pos, parts, failed } => {
                if blocks.is_done(*pos, self.bytes.len()) || *failed {
                    return false;
                }
                let Some((text, opts, next)) = blocks.next(self.bytes, *pos, self.block) else {
                    *failed = true;
                    return true;
                };
                match import_file(&self.name, &text, self.file_index, &opts) {
                    Ok(part) if !part.cross_references => parts.push(part),
                    _ => *failed = true,
                }
                *pos = next;
                true
            }
        }
    }

    /// How much is done, 0..=1.
    pub fn progress(&self) -> f64 {
        match &self.plan {
            Plan::Whole(done) => f64::from(u8::from(done.is_some())),
            Plan::Blocks { pos, .. } | Plan::Json { pos, .. } | Plan::Check { pos, .. } => {
                *pos as f64 / self.bytes.len().max(1) as f64
            }
            Plan::JsonScan { .. } => 0.0,
        }
    }

    /// The import of the whole file (runs any remaining steps first).
    pub fn finish(self) -> Result<FileImport, ImportError> {
        pace::at_once(self.finish_paced(pace::no_pause))
    }

    /// [`ChunkedImport::finish`] in steps: joining the blocks pauses every few thousand records.
    pub async fn finish_paced<P, F>(mut self, pause: P) -> Result<FileImport, ImportError>
    where
        P: FnMut(f64) -> F,
        F: Future<Output = ()>,
    {
        while self.step() {}
        match self.plan {
            Plan::Whole(done) => {
                done.unwrap_or_else(|| import_file(&self.name, self.bytes, self.file_index, &self.opts))
            }
            Plan::Blocks { blocks, parts, .. } => blocks.merge_paced(&self.name, parts, pause).await,
            Plan::Check { error, .. } => Err(error),
            Plan::Json { failed: true, .. } | Plan::JsonScan { .. } => {
                import_file(&self.name, self.bytes, self.file_index, &self.opts)
            }
            Plan::Json { blocks, parts, .. } => {
                join_blocks(&self.name, parts, &blocks.opts, blocks.reason, pause).await
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Block by block or at once, every file gives the same import.
    #[test]
    fn chunked_equals_whole() {
        let mut csv = String::from("\u{feff}id,team,deployed_at,environment,note\r\n");
        for i in 0..3000 {
            let env = if i % 7 == 0 { "staging" } else { "production" };
            let note = if i % 11 == 0 { "\"multi\nline, quoted\"" } else { "plain" };
            let at = if i % 97 == 0 { "garbage".to_string() } else { format!("2025-01-{:02}T10:00:00Z", i % 28 + 1) };
            let id = if i % 13 == 0 { 5 } else { i };
            csv.push_str(&format!("{id},t{},{at},{env},{note}\r\n", i % 5));
        }
        // Examples are capped per part, so compare them uncapped (counts are exact either way).
        let opts = ImportOptions { max_examples: usize::MAX, ..ImportOptions::default() };
        let whole = import_file("d.csv", csv.as_bytes(), 0, &opts).unwrap();
        for block in [4096, 5000, 20_000] {
            let mut c = ChunkedImport::new("d.csv", csv.as_bytes(), 0, &opts, block);
            let mut steps = 0;
            while c.step() {
                steps += 1;
                assert!(c.progress() <= 1.0);
            }
            assert!(steps > 3, "block {block} took {steps} steps");
            let f = c.finish().unwrap();
            assert_eq!(f.rows_read, whole.rows_read);
            assert_eq!(f.deployments, whole.deployments, "block {block}");
            assert_eq!(f.skipped, whole.skipped);
            assert_eq!(f.problems, whole.problems);
            assert_eq!((f.format, &f.reason), (whole.format, &whole.reason));
        }
        // An error inside some block names the line it has in the whole file, for CSV and for
        // JSON Lines (whose blocks have no header line).
        let ndjson: String = (0..3000)
            .map(|i| format!("{{\"id\":\"d{i}\",\"deployed_at\":\"2025-01-{:02}T10:00:00Z\"}}\n", i % 28 + 1))
            .collect();
        for (name, text) in [("d.csv", csv.as_str()), ("d.ndjson", ndjson.as_str())] {
            for bad_line in [1500usize, 2001] {
                let mut bytes = Vec::new();
                for (n, line) in text.split_inclusive('\n').enumerate() {
                    if n + 1 == bad_line {
                        bytes.extend_from_slice(b"\xff");
                    }
                    bytes.extend_from_slice(line.as_bytes());
                }
                let whole = import_file(name, &bytes, 0, &opts).unwrap_err();
                assert_eq!(whole.line as usize, bad_line, "{name}");
                for block in [4096, 5000] {
                    let c = ChunkedImport::new(name, &bytes, 0, &opts, block);
                    let e = c.finish().unwrap_err();
                    assert_eq!((e.line, e.column), (whole.line, whole.column), "{name} block {block}");
                }
            }
        }
        let json = br#"{"deployments": []}"#;
        let c = ChunkedImport::new("d.json", json, 0, &opts, 4096);
        assert_eq!(c.finish().unwrap().rows_read, 0);
    }
}

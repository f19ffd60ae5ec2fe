//! Line-based files (CSV, JSON Lines) cut into blocks of whole records.

use super::{head_format, join_blocks};
use crate::core::import::{FileImport, Format, ImportError, ImportOptions, read};
use crate::core::pace;

/// Cuts a line-based file (a CSV, or JSON Lines) into blocks of whole records, each imported on
/// its own (a CSV block with the header line in front) with the right line offset;
/// [`crate::core::import::merge_parts`] then joins the parts into the import of the whole file. Shared by
/// [`super::ChunkedImport`] (bytes in memory) and the CLI (bytes read from disk).
pub struct CsvBlocks {
    /// The CSV header line; empty for JSON Lines.
    header: String,
    opts: ImportOptions,
    /// How the format was chosen, for the merged import.
    pub reason: String,
    /// The file line the next block starts on.
    line: u32,
    /// The CSV delimiter (blocks end where a record does, which depends on it).
    delimiter: u8,
    /// JSON Lines: every newline ends a record (strings cannot hold one), quotes do not count.
    json_lines: bool,
}

/// How a format's records can be cut, if they can: CSV and JSON Lines of formats whose importer
/// reads each record on its own, or hands on what groups across blocks (DevLake's deployment
/// commits, several rows to one deployment). Not a JSON document.
fn line_based(format: Format, text: &str) -> Option<bool> {
    let t = text.trim_start();
    let json_lines = t.starts_with('{')
        && t.lines().next().is_some_and(|l| serde_json::from_str::<serde::de::IgnoredAny>(l).is_ok());
    match format {
        Format::CanonicalCsv | Format::MappedCsv | Format::JiraCsv | Format::ServicenowCsv | Format::PagerdutyCsv => {
            Some(false)
        }
        // DevLake tables come as CSV or as a JSON array (read by `JsonBlocks`).
        Format::DevlakeIssues | Format::DevlakeDeployments => (!t.starts_with(['{', '['])).then_some(false),
        Format::CanonicalNdjson => json_lines.then_some(true),
        Format::FourkeysDeployments | Format::FourkeysChanges | Format::FourkeysIncidents => {
            if json_lines {
                Some(true)
            } else if t.starts_with(['{', '[']) {
                None
            } else {
                Some(false)
            }
        }
        _ => None,
    }
}

impl CsvBlocks {
    /// Plans block imports when the file's first bytes show a format whose records can be cut at
    /// newlines (see `line_based`; a CSV header must be one line). Returns the plan and where
    /// the records start in `head` (after a BOM and a CSV header). `None`: import the file whole.
    pub fn plan(name: &str, head: &[u8], opts: &ImportOptions) -> Option<(CsvBlocks, usize)> {
        let bom = if head.starts_with(&[0xEF, 0xBB, 0xBF]) { 3 } else { 0 };
        let (text, format, reason) = head_format(name, head, opts)?;
        let json_lines = line_based(format, text)?;
        // Numeric dates are judged on the file's first 4 MiB (whole lines), as a whole read
        // judges them, and not by a scan of a whole large file before its first block (which held
        // the dashboard's page for 2.5 s on 170 MB).
        let file_dates = Some(crate::core::import::dates::infer_bytes(head));
        let opts = ImportOptions { format: Some(format), part_of_file: true, file_dates, ..opts.clone() };
        if json_lines {
            let blocks = CsvBlocks { header: String::new(), opts, reason, line: 1, delimiter: 0, json_lines };
            return Some((blocks, bom));
        }
        // The header must be the first line that is not blank (the csv crate skips blank lines
        // before it), and one record.
        let delimiter = read::sniff_delimiter(text);
        let blank = text.len() - text.trim_start_matches(['\r', '\n']).len();
        let (lead, text) = text.split_at(blank);
        let nl = text.find('\n')?;
        let line = text.as_bytes()[..nl].strip_suffix(b"\r").unwrap_or(&text.as_bytes()[..nl]);
        // A lone carriage return ends a record too: the header line must be one record.
        if line.contains(&b'\r') || read::CsvState::default().after(line, delimiter) == read::CsvState::Quoted {
            return None;
        }
        let header = text[..=nl].to_string();
        let line = 2 + read::count_newlines(lead.as_bytes()) as u32;
        let blocks = CsvBlocks { header, opts, reason, line, delimiter, json_lines };
        Some((blocks, bom + blank + nl + 1))
    }

    /// Takes the next block from `avail` (the unread records, at least a block's worth unless
    /// `last`): returns how many bytes it used, the text to import and the options to import it
    /// with. `None` when no record ends in a block's worth (a quoted field longer than a block,
    /// or a stray quote that runs on): the file is then imported whole.
    pub fn next(&mut self, avail: &[u8], last: bool) -> Option<(usize, Vec<u8>, ImportOptions)> {
        let cut = if last {
            avail.len()
        } else if self.json_lines {
            avail.iter().rposition(|&b| b == b'\n').map_or(avail.len(), |nl| nl + 1)
        } else {
            read::block_end(avail, read::CsvState::FieldStart, self.delimiter)?
        };
        let body = &avail[..cut];
        // The importers read text that starts with `{` or `[` as JSON: a JSON Lines block that
        // starts with a broken line would be read another way than the whole file is.
        if self.json_lines && !matches!(body.iter().find(|b| !b.is_ascii_whitespace()), Some(b'{' | b'[') | None) {
            return None;
        }
        let mut text = Vec::with_capacity(self.header.len() + body.len());
        text.extend_from_slice(self.header.as_bytes());
        text.extend_from_slice(body);
        // The block's first record is on its line 2 after a CSV header, else on line 1.
        let first = if self.json_lines { 1 } else { 2 };
        let opts = ImportOptions { line_offset: self.line - first, ..self.opts.clone() };
        self.line += read::count_newlines(body) as u32;
        Some((cut, text, opts))
    }

    /// Each block starts with the CSV header line (not JSON Lines).
    pub fn has_header(&self) -> bool {
        !self.json_lines
    }

    /// Joins the imported blocks into the import of the whole file.
    pub fn merge(&self, name: &str, parts: Vec<FileImport>) -> Result<FileImport, ImportError> {
        pace::at_once(self.merge_paced(name, parts, pace::no_pause))
    }

    /// [`CsvBlocks::merge`] in steps ([`crate::core::pace`]).
    pub async fn merge_paced<P, F>(
        &self,
        name: &str,
        parts: Vec<FileImport>,
        pause: P,
    ) -> Result<FileImport, ImportError>
    where
        P: FnMut(f64) -> F,
        F: Future<Output = ()>,
    {
        join_blocks(name, parts, &self.opts, self.reason.clone(), pause).await
    }
}

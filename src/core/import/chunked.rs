//! Importing a large file a block at a time, so a caller with one thread (the browser) can yield
//! between blocks. The result is exactly what [`import_file`] gives for the whole file.

use super::{FileImport, Format, ImportError, ImportOptions, detect, import_file, merge_parts_paced, read};
use crate::core::pace;

/// Cuts a line-based file (a CSV, or JSON Lines) into blocks of whole records, each imported on
/// its own (a CSV block with the header line in front) with the right line offset;
/// [`super::merge_parts`] then joins the parts into the import of the whole file. Shared by
/// [`ChunkedImport`] (bytes in memory) and the CLI (bytes read from disk).
pub struct CsvBlocks {
    /// The CSV header line; empty for JSON Lines.
    header: String,
    opts: ImportOptions,
    /// How the format was chosen, for the merged import.
    pub reason: String,
    /// The file line the next block starts on.
    line: u32,
    quoted: bool,
    /// JSON Lines: every newline ends a record (strings cannot hold one), quotes do not count.
    json_lines: bool,
}

/// How a format's records can be cut, if they can: only formats whose importer reads each record
/// on its own (DevLake's deployment commits, several rows to one deployment, cannot; nor can a
/// JSON document).
fn line_based(format: Format, text: &str) -> Option<bool> {
    let t = text.trim_start();
    let json_lines = t.starts_with('{')
        && t.lines().next().is_some_and(|l| serde_json::from_str::<serde::de::IgnoredAny>(l).is_ok());
    match format {
        Format::CanonicalCsv
        | Format::MappedCsv
        | Format::JiraCsv
        | Format::ServicenowCsv
        | Format::PagerdutyCsv
        | Format::DevlakeIssues => Some(false),
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
        let body = &head[bom..];
        let body = &body[..body.len().min(64 * 1024)];
        let text = match std::str::from_utf8(body) {
            Ok(s) => s,
            Err(e) => std::str::from_utf8(&body[..e.valid_up_to()]).unwrap_or(""),
        };
        let (format, reason) = match opts.format {
            Some(f) => (f, "chosen by the user".to_string()),
            None => detect(name, text, opts.hint, opts.mapping.is_some()).ok()?,
        };
        let json_lines = line_based(format, text)?;
        let opts = ImportOptions { format: Some(format), ..opts.clone() };
        if json_lines {
            let blocks = CsvBlocks { header: String::new(), opts, reason, line: 1, quoted: false, json_lines };
            return Some((blocks, bom));
        }
        let nl = text.find('\n')?;
        if read::count_quotes(&text.as_bytes()[..nl]) % 2 == 1 {
            return None;
        }
        let blocks = CsvBlocks { header: text[..=nl].to_string(), opts, reason, line: 2, quoted: false, json_lines };
        Some((blocks, bom + nl + 1))
    }

    /// Takes the next block from `avail` (the unread records, at least a block's worth unless
    /// `last`): returns how many bytes it used, the text to import and the options to import it with.
    pub fn next(&mut self, avail: &[u8], last: bool) -> (usize, Vec<u8>, ImportOptions) {
        let cut = if last {
            avail.len()
        } else if self.json_lines {
            avail.iter().rposition(|&b| b == b'\n').map_or(avail.len(), |nl| nl + 1)
        } else {
            read::block_end(avail, self.quoted).unwrap_or(avail.len())
        };
        let body = &avail[..cut];
        let mut text = Vec::with_capacity(self.header.len() + body.len());
        text.extend_from_slice(self.header.as_bytes());
        text.extend_from_slice(body);
        // The block's first record is on its line 2 after a CSV header, else on line 1.
        let first = if self.json_lines { 1 } else { 2 };
        let opts = ImportOptions { line_offset: self.line - first, ..self.opts.clone() };
        if !self.json_lines {
            self.quoted ^= read::count_quotes(body) % 2 == 1;
        }
        self.line += read::count_newlines(body) as u32;
        (cut, text, opts)
    }

    /// What turns a block's error lines into file lines (a copy, usable while blocks are cut).
    pub fn locator(&self) -> Locator {
        Locator { header: !self.json_lines }
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
        let mut f = merge_parts_paced(parts, self.opts.max_examples, pause).await.ok_or_else(|| ImportError {
            file: name.to_string(),
            line: 1,
            column: 1,
            message: "the file is empty".into(),
        })?;
        f.reason = self.reason.clone();
        f.format = self.opts.format.unwrap_or(f.format);
        Ok(f)
    }
}

/// Cuts a large JSON file of a format whose records stand alone into blocks of whole records,
/// each imported on its own with the line offset of its first line; the parts are then merged.
/// Two shapes are cut:
/// - documents back to back (API pages, as `gh api --paginate` writes them): a few pages a block;
/// - one document whose records array is pretty-printed (each record starting a line): a few
///   records a block, each block wrapped in the same envelope (`{"issues": [` … `]}`, or `[` … `]`).
///
/// A minified single document, or a format whose records refer to each other (GitHub deployment
/// statuses name deployments anywhere in the file), is imported whole.
pub struct JsonBlocks {
    opts: ImportOptions,
    reason: String,
    /// The file line the next block starts on.
    line: u32,
    /// Where that line starts.
    line_start: usize,
    shape: Shape,
}

enum Shape {
    Pages,
    /// The records array of one document: the document before the array's first record (up to
    /// its `[`) and after its last (from its `]`), which every block repeats (they carry what
    /// the records need, such as Jira's custom field names), and whether the end was reached.
    /// `one_line`: the records share one line (a minified document), so blocks cut between any
    /// two records and keep them on the envelope's line, with a column offset.
    Records {
        open: Vec<u8>,
        close: Vec<u8>,
        one_line: bool,
        done: bool,
    },
}

/// The member holding the records of a page-wise format's document (`None`: a bare array only).
fn records_key(format: Format) -> Option<Option<&'static str>> {
    Some(match format {
        Format::GithubActions => Some("workflow_runs"),
        Format::GithubReleases
        | Format::GitlabDeployments
        | Format::FourkeysDeployments
        | Format::FourkeysChanges
        | Format::FourkeysIncidents
        | Format::DevlakeIssues => None,
        Format::PagerdutyJson => Some("incidents"),
        Format::Opsgenie => Some("data"),
        Format::JiraJson => Some("issues"),
        Format::ServicenowJson => Some("result"),
        _ => return None,
    })
}

/// What the start of a JSON file says before a [`JsonScan`] has read it all: the format, and
/// where the records array of a single document would open (when found near the start).
pub struct JsonHead {
    opts: ImportOptions,
    reason: String,
    /// The `[` of the records array (the document itself, or its member), if seen in the head.
    open: Option<usize>,
}

/// Follows a JSON file's brackets and strings a piece at a time (so the dashboard can pause
/// between pieces), to learn where its first document ends and where the records array closes.
#[derive(Default)]
pub struct JsonScan {
    pos: usize,
    depth: u32,
    in_string: bool,
    escaped: bool,
    /// The depth outside the records array (set when its `[` is passed).
    array_depth: Option<u32>,
    array_close: Option<usize>,
    /// Newlines inside the records array.
    array_newlines: usize,
    value_end: Option<usize>,
    broken: bool,
}

impl JsonScan {
    /// Reads up to `until`; stops at the end of the first document.
    fn run(&mut self, bytes: &[u8], until: usize, open: Option<usize>) {
        let until = until.min(bytes.len());
        while self.pos < until && self.value_end.is_none() && !self.broken {
            let b = bytes[self.pos];
            if self.in_string {
                match b {
                    _ if self.escaped => self.escaped = false,
                    b'\\' => self.escaped = true,
                    b'"' => self.in_string = false,
                    _ => {}
                }
            } else {
                match b {
                    b'"' => self.in_string = true,
                    b'\n' if self.array_depth.is_some() && self.array_close.is_none() => self.array_newlines += 1,
                    b'{' | b'[' => {
                        if Some(self.pos) == open {
                            self.array_depth = Some(self.depth);
                        }
                        self.depth += 1;
                    }
                    b'}' | b']' => match self.depth.checked_sub(1) {
                        None => self.broken = true,
                        Some(d) => {
                            self.depth = d;
                            if self.array_close.is_none() && self.array_depth == Some(d) {
                                self.array_close = Some(self.pos);
                            }
                            if d == 0 {
                                self.value_end = Some(self.pos + 1);
                            }
                        }
                    },
                    _ => {}
                }
            }
            self.pos += 1;
        }
    }

    fn finished(&self, len: usize) -> bool {
        self.value_end.is_some() || self.broken || self.pos >= len
    }
}

impl JsonBlocks {
    /// Looks at the start of the file: a JSON format whose records stand alone, and where its
    /// records array opens. The blocks themselves are planned by [`JsonBlocks::planned`] once a
    /// [`JsonScan`] has read the file.
    pub fn head(name: &str, bytes: &[u8], opts: &ImportOptions) -> Option<JsonHead> {
        let head_len = bytes.len().min(64 * 1024);
        let head = &bytes[..head_len];
        let text = match std::str::from_utf8(head) {
            Ok(s) => s,
            Err(e) => std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or(""),
        };
        let text = text.trim_start_matches('\u{feff}');
        let (format, reason) = match opts.format {
            Some(f) => (f, "chosen by the user".to_string()),
            None => detect(name, text, opts.hint, opts.mapping.is_some()).ok()?,
        };
        let key = records_key(format)?;
        let start = skip_blank(bytes, 0);
        let open = match bytes.get(start)? {
            b'[' => Some(start),
            b'{' => key.and_then(|k| member(&head[start..], k)).map(|at| start + at),
            _ => return None,
        };
        Some(JsonHead { opts: ImportOptions { format: Some(format), ..opts.clone() }, reason, open })
    }

    /// The blocks of a scanned file: pages when more documents follow the first; the records of
    /// a single document when they start lines and its envelope is small; else `None` (whole).
    fn planned(head: JsonHead, scan: &JsonScan, bytes: &[u8]) -> Option<JsonBlocks> {
        let JsonHead { opts, reason, open } = head;
        let end = scan.value_end?;
        if skip_blank(bytes, end) < bytes.len() {
            return Some(JsonBlocks { opts, reason, line: 1, line_start: 0, shape: Shape::Pages });
        }
        let (open, close) = (open?, scan.array_close?);
        let first = skip_blank(bytes, open + 1);
        if bytes.get(first) != Some(&b'{') {
            return None;
        }
        // Records that start lines are cut at line starts; records all on one line anywhere.
        let one_line = scan.array_newlines == 0;
        if !one_line && !starts_line(bytes, first) {
            return None;
        }
        // The envelope is repeated in every block: only when it is small.
        if open + (bytes.len() - close) > 64 * 1024 {
            return None;
        }
        let line_start = if one_line { first } else { line_start_of(bytes, first) };
        let line = 1 + read::count_newlines(&bytes[..line_start]) as u32;
        let shape =
            Shape::Records { open: bytes[..=open].to_vec(), close: bytes[close..].to_vec(), one_line, done: false };
        Some(JsonBlocks { opts, reason, line, line_start, shape })
    }

    fn is_done(&self, pos: usize, len: usize) -> bool {
        pos >= len || matches!(self.shape, Shape::Records { done: true, .. })
    }

    /// The next block from `pos` (a line start): the text to import, the options to import it
    /// with, and where the next block starts. `None` when the records cannot be followed (the
    /// caller then imports the file whole).
    fn next(&mut self, bytes: &[u8], pos: usize, block: usize) -> Option<(Vec<u8>, ImportOptions, usize)> {
        let opts = |first_line: u32| ImportOptions { line_offset: self.line - first_line, ..self.opts.clone() };
        match &mut self.shape {
            Shape::Pages => {
                let cut = JsonBlocks::cut_pages(bytes, pos, block);
                let o = opts(1);
                self.line += read::count_newlines(&bytes[pos..cut]) as u32;
                Some((bytes[pos..cut].to_vec(), o, cut))
            }
            Shape::Records { open, close, one_line, done } => {
                let one_line = *one_line;
                // Records from the one at `pos` until a block's worth ends a line (or, on one
                // line, ends a record).
                let mut at = skip_blank(bytes, pos);
                let (last_end, next) = loop {
                    let end = at + read::json_value_end(&bytes[at..])?;
                    let after = skip_blank(bytes, end);
                    match bytes.get(after) {
                        Some(b']') => break (end, None),
                        Some(b',') => {
                            let next = skip_blank(bytes, after + 1);
                            if bytes.get(next) != Some(&b'{') {
                                return None;
                            }
                            if next - pos >= block && one_line {
                                break (end, Some(next));
                            }
                            if next - pos >= block && starts_line(bytes, next) {
                                break (end, Some(line_start_of(bytes, next)));
                            }
                            at = next;
                        }
                        _ => return None,
                    }
                };
                let mut text = Vec::with_capacity(open.len() + last_end - pos + close.len() + 2);
                text.extend_from_slice(open);
                if !one_line {
                    text.push(b'\n');
                }
                text.extend_from_slice(&bytes[pos..last_end]);
                if !one_line {
                    text.push(b'\n');
                }
                text.extend_from_slice(close);
                let o = if one_line {
                    // The records stay on the envelope's line, `pos - open.len()` columns left.
                    ImportOptions { line_offset: 0, column_offset: (pos - open.len()) as u32, ..self.opts.clone() }
                } else {
                    // The block's first record is on the line after the envelope's opening lines.
                    opts(2 + read::count_newlines(open) as u32)
                };
                let next = next.unwrap_or_else(|| {
                    *done = true;
                    bytes.len()
                });
                self.line += read::count_newlines(&bytes[pos..next.min(bytes.len())]) as u32;
                Some((text, o, next))
            }
        }
    }

    /// Where a block of pages that starts at `pos` ends: after the first page that ends a line
    /// once the block holds `block` bytes (or at the end of the file).
    fn cut_pages(bytes: &[u8], pos: usize, block: usize) -> usize {
        let mut at = pos;
        loop {
            let start = skip_blank(bytes, at);
            if start >= bytes.len() {
                return bytes.len();
            }
            let Some(len) = read::json_value_end(&bytes[start..]) else { return bytes.len() };
            let end = start + len;
            at = match bytes[end..].iter().position(|&b| b == b'\n') {
                Some(k) if bytes[end..end + k].iter().all(u8::is_ascii_whitespace) => end + k + 1,
                None => return bytes.len(),
                // Another value on the same line: no cut here.
                Some(_) => end,
            };
            if at - pos >= block && bytes[at - 1] == b'\n' {
                return at;
            }
        }
    }
}

/// Where the value of member `key` of the object `obj` starts, when it is an array.
fn member(obj: &[u8], key: &str) -> Option<usize> {
    let mut at = 1;
    loop {
        at = skip_blank(obj, at);
        if obj.get(at) != Some(&b'"') {
            return None;
        }
        let name_end = at + 1 + string_len(&obj[at + 1..])?;
        let name = &obj[at + 1..name_end - 1];
        at = skip_blank(obj, name_end);
        if obj.get(at) != Some(&b':') {
            return None;
        }
        at = skip_blank(obj, at + 1);
        if name == key.as_bytes() {
            return (obj.get(at) == Some(&b'[')).then_some(at);
        }
        at += match obj.get(at)? {
            b'{' | b'[' => read::json_value_end(&obj[at..])?,
            b'"' => 1 + string_len(&obj[at + 1..])?,
            _ => obj[at..].iter().position(|&b| b == b',' || b == b'}')?,
        };
        at = skip_blank(obj, at);
        match obj.get(at)? {
            b',' => at += 1,
            _ => return None,
        }
    }
}

/// The length of a JSON string's rest after its opening quote, closing quote included.
fn string_len(rest: &[u8]) -> Option<usize> {
    let mut escaped = false;
    for (i, &b) in rest.iter().enumerate() {
        match b {
            _ if escaped => escaped = false,
            b'\\' => escaped = true,
            b'"' => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// True when only whitespace precedes `at` on its line.
fn starts_line(bytes: &[u8], at: usize) -> bool {
    bytes[line_start_of(bytes, at)..at].iter().all(u8::is_ascii_whitespace)
}

fn line_start_of(bytes: &[u8], at: usize) -> usize {
    bytes[..at].iter().rposition(|&b| b == b'\n').map_or(0, |nl| nl + 1)
}

/// The first byte at or after `at` that is neither whitespace nor a byte-order mark.
fn skip_blank(bytes: &[u8], mut at: usize) -> usize {
    if at == 0 && bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        at = 3;
    }
    at + bytes[at.min(bytes.len())..].iter().take_while(|b| b.is_ascii_whitespace()).count()
}

/// Puts an error inside a block at the line it has in the whole file.
#[derive(Clone, Copy, Debug)]
pub struct Locator {
    /// Line 1 of each block is the CSV header, which is the file's own line 1.
    header: bool,
}

impl Locator {
    pub fn locate(self, err: ImportError, opts: &ImportOptions) -> ImportError {
        let mut e = err;
        if e.line > u32::from(self.header) {
            e.line += opts.line_offset;
        }
        e
    }
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
    JsonScan {
        head: Option<JsonHead>,
        scan: JsonScan,
    },
    /// JSON records a few at a time. A block that fails makes the file import whole instead, so
    /// errors are exactly the whole file's.
    Json {
        blocks: JsonBlocks,
        pos: usize,
        parts: Vec<FileImport>,
        failed: bool,
    },
    Blocks {
        blocks: CsvBlocks,
        pos: usize,
        parts: Vec<FileImport>,
        error: Option<ImportError>,
    },
}

impl<'a> ChunkedImport<'a> {
    /// Plans the import; `block` is the target block size in bytes.
    pub fn new(name: &str, bytes: &'a [u8], file_index: u32, opts: &ImportOptions, block: usize) -> ChunkedImport<'a> {
        let block = block.max(4096);
        let plan =
            if bytes.len() < 2 * block || read::is_gzip(bytes) { None } else { CsvBlocks::plan(name, bytes, opts) };
        let small = bytes.len() < 2 * block || read::is_gzip(bytes);
        let plan = match plan {
            Some((blocks, pos)) => Plan::Blocks { blocks, pos, parts: Vec::new(), error: None },
            None => match JsonBlocks::head(name, bytes, opts).filter(|_| !small) {
                Some(head) => Plan::JsonScan { head: Some(head), scan: JsonScan::default() },
                None => Plan::Whole(None),
            },
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
            Plan::Blocks { blocks, pos, parts, error } => {
                if *pos >= self.bytes.len() || error.is_some() {
                    return false;
                }
                let rest = &self.bytes[*pos..];
                let last = rest.len() <= self.block + self.block / 2;
                let avail = if last { rest } else { &rest[..self.block] };
                let (cut, text, opts) = blocks.next(avail, last);
                match import_file(&self.name, &text, self.file_index, &opts) {
                    Ok(part) => parts.push(part),
                    Err(e) => *error = Some(blocks.locator().locate(e, &opts)),
                }
                *pos += cut;
                true
            }
            Plan::JsonScan { head, scan } => {
                let open = head.as_ref().and_then(|h| h.open);
                scan.run(self.bytes, scan.pos + 4 * self.block, open);
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
                    Ok(part) => parts.push(part),
                    Err(_) => *failed = true,
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
            Plan::Blocks { pos, .. } | Plan::Json { pos, .. } => *pos as f64 / self.bytes.len().max(1) as f64,
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
            Plan::Blocks { blocks, parts, error, .. } => match error {
                Some(e) => Err(e),
                None => blocks.merge_paced(&self.name, parts, pause).await,
            },
            Plan::Json { failed: true, .. } | Plan::JsonScan { .. } => {
                import_file(&self.name, self.bytes, self.file_index, &self.opts)
            }
            Plan::Json { blocks, parts, .. } => {
                let empty =
                    || ImportError { file: self.name.clone(), line: 1, column: 1, message: "the file is empty".into() };
                let mut f = merge_parts_paced(parts, blocks.opts.max_examples, pause).await.ok_or_else(empty)?;
                f.reason = blocks.reason;
                Ok(f)
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

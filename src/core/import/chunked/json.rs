//! JSON files cut into blocks of whole records: pages back to back, or the records array of one
//! document.

use super::skip_blank;
use crate::core::import::{Format, ImportOptions, detect, read};

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
    pub(super) opts: ImportOptions,
    pub(super) reason: String,
    /// The file line the next block starts on.
    line: u32,
    /// Where that line starts.
    pub(super) line_start: usize,
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
    pub(super) open: Option<usize>,
}

/// Follows a JSON file's brackets and strings a piece at a time (so the dashboard can pause
/// between pieces), to learn where its first document ends and where the records array closes.
#[derive(Default)]
pub struct JsonScan {
    pub(super) pos: usize,
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
    pub(super) fn run(&mut self, bytes: &[u8], until: usize, open: Option<usize>) {
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

    pub(super) fn finished(&self, len: usize) -> bool {
        self.value_end.is_some() || self.broken || self.pos >= len
    }
}

/// The length of the JSON object or array that `bytes` starts with (up to its closing bracket),
/// or `None` when it does not start with one or does not close. Only brackets and strings are
/// followed; the importer validates the rest.
fn value_len(bytes: &[u8]) -> Option<usize> {
    if !matches!(bytes.first(), Some(b'{' | b'[')) {
        return None;
    }
    let mut scan = JsonScan::default();
    scan.run(bytes, bytes.len(), None);
    scan.value_end
}

impl JsonBlocks {
    /// Looks at the start of the file: a JSON format whose records stand alone, and where its
    /// records array opens. The blocks themselves are planned (`JsonBlocks::planned`) once a
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
    pub(super) fn planned(head: JsonHead, scan: &JsonScan, bytes: &[u8]) -> Option<JsonBlocks> {
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

    pub(super) fn is_done(&self, pos: usize, len: usize) -> bool {
        pos >= len || matches!(self.shape, Shape::Records { done: true, .. })
    }

    /// The next block from `pos` (a line start): the text to import, the options to import it
    /// with, and where the next block starts. `None` when the records cannot be followed (the
    /// caller then imports the file whole).
    pub(super) fn next(&mut self, bytes: &[u8], pos: usize, block: usize) -> Option<(Vec<u8>, ImportOptions, usize)> {
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
                    let end = at + value_len(&bytes[at..])?;
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
            let Some(len) = value_len(&bytes[start..]) else { return bytes.len() };
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
            b'{' | b'[' => value_len(&obj[at..])?,
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

//! JSON files cut into blocks of whole records: pages back to back, or the records array of one
//! document.

use super::{head_format, skip_blank};
#[cfg(doc)]
use crate::core::import::FileImport;
use crate::core::import::{Format, ImportOptions, import_file, read};

/// Cuts a large JSON file of a format whose records stand alone into blocks of whole records,
/// each imported on its own with the line offset of its first line; the parts are then merged.
/// Two shapes are cut:
/// - documents back to back (API pages, as `gh api --paginate` writes them): a few pages a block;
/// - one document whose records arrays hold records that each start a line (pretty-printed), or
///   that all share one line (minified): a few records a block, each block wrapped in an envelope.
///   Most formats have one records array, and a block repeats the document around it (that is
///   where Jira keeps its custom field names). The canonical JSON has two, `deployments` and
///   `incidents`, and its blocks are wrapped in `{"deployments":[` … `]}` alone.
///
/// Records that refer to records elsewhere in the file (GitHub statuses listed apart from their
/// deployments) are handed on by each block ([`FileImport::pending`]) and matched when the blocks
/// are joined. A document whose statuses sit beside the records array (every block would repeat
/// them) is imported whole: its first block says so ([`FileImport::cross_references`]).
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
    /// The records arrays of one document, in file order; `at` is the one being read, and
    /// `done` says the last has been read.
    Records {
        sections: Vec<Section>,
        at: usize,
        done: bool,
    },
}

/// One records array and the envelope its blocks are wrapped in.
struct Section {
    /// The text before the block's records (up to and including a `[`) and after them (from a
    /// `]`): the document around the array, or `{"key":[` and `]}`.
    open: Vec<u8>,
    close: Vec<u8>,
    /// Where the first record starts (a line start, or the record itself on one line).
    start: usize,
    /// Where the first record's line starts.
    records_line: usize,
    /// The records share one line (a minified document), so blocks cut between any two records
    /// and keep them on the envelope's line, with a column offset.
    one_line: bool,
}

/// Where a format keeps its records in one document, when they stand alone.
struct Layout {
    /// The members of the top-level object that hold records (a bare array is records too).
    keys: &'static [&'static str],
    /// Members the document must not have besides the records array being cut (they hold
    /// records the blocks would repeat, or make the document one record).
    absent: &'static [&'static str],
    /// Blocks are wrapped in `{"key":[` … `]}` rather than in the document around the array.
    own_envelope: bool,
    /// The importer reads documents back to back (API pages).
    pages: bool,
}

fn layout(format: Format) -> Option<Layout> {
    let member = |keys: &'static [&'static str]| Layout { keys, absent: &[], own_envelope: false, pages: true };
    Some(match format {
        Format::GithubActions => member(&["workflow_runs"]),
        // Statuses listed apart from their deployments are matched when the blocks are joined;
        // a `statuses` member beside the array makes the file import whole.
        Format::GithubDeployments => member(&["deployments"]),
        Format::GithubReleases
        | Format::GitlabDeployments
        | Format::FourkeysDeployments
        | Format::FourkeysChanges
        | Format::FourkeysIncidents
        | Format::DevlakeIssues
        | Format::DevlakeDeployments => member(&[]),
        Format::PagerdutyJson => member(&["incidents"]),
        Format::Opsgenie => member(&["data"]),
        Format::JiraJson => member(&["issues"]),
        Format::ServicenowJson => member(&["result"]),
        // A job's builds, or a folder's jobs (each job, with its builds, stands alone under the
        // folder's name); a bare array is a list of jobs. A document with both is read whole.
        Format::Jenkins => Layout { absent: &["allBuilds", "builds", "jobs"], ..member(&["builds", "jobs"]) },
        // A list of applications (a single application has `status`); a bare array is one too.
        Format::Argocd => Layout { absent: &["status"], ..member(&["items"]) },
        // One document only.
        Format::CanonicalJson => {
            Layout { keys: &["deployments", "incidents"], absent: &[], own_envelope: true, pages: false }
        }
        _ => return None,
    })
}

/// What the start of a JSON file says before a [`JsonScan`] has read it all: the format, which
/// keeps its records where [`layout`] says.
pub struct JsonHead {
    opts: ImportOptions,
    reason: String,
    layout: Layout,
}

/// An array that is the document, or a member of the document's top-level object.
#[derive(Clone, Copy, Default)]
struct Span {
    open: usize,
    close: Option<usize>,
    newlines: usize,
}

/// Follows a JSON file's brackets and strings a piece at a time (so the dashboard can pause
/// between pieces), to learn where its first document ends and where its top-level arrays are.
#[derive(Default)]
pub struct JsonScan {
    pub(super) pos: usize,
    depth: u32,
    in_string: bool,
    escaped: bool,
    /// The document's first byte (`{` or `[`).
    top: Option<u8>,
    /// The arrays at the top of the document, in file order.
    spans: Vec<Span>,
    /// The depth outside the span being read, while inside it.
    in_span: Option<u32>,
    value_end: Option<usize>,
    broken: bool,
}

impl JsonScan {
    /// Reads up to `until`; stops at the end of the first document.
    pub(super) fn run(&mut self, bytes: &[u8], until: usize) {
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
                    b'\n' if self.in_span.is_some() => {
                        if let Some(span) = self.spans.last_mut() {
                            span.newlines += 1;
                        }
                    }
                    b'{' | b'[' => {
                        let top = *self.top.get_or_insert(b);
                        if b == b'[' && (self.depth == 0 || (self.depth == 1 && top == b'{')) {
                            self.spans.push(Span { open: self.pos, ..Span::default() });
                            self.in_span = Some(self.depth);
                        }
                        self.depth += 1;
                    }
                    b'}' | b']' => match self.depth.checked_sub(1) {
                        None => self.broken = true,
                        Some(d) => {
                            self.depth = d;
                            if self.in_span == Some(d) {
                                self.in_span = None;
                                if let Some(span) = self.spans.last_mut() {
                                    span.close = Some(self.pos);
                                }
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
    scan.run(bytes, bytes.len());
    scan.value_end
}

impl JsonBlocks {
    /// Looks at the start of the file: a JSON format whose records stand alone. The blocks
    /// themselves are planned (`JsonBlocks::planned`) once a [`JsonScan`] has read the file.
    pub fn head(name: &str, bytes: &[u8], opts: &ImportOptions) -> Option<JsonHead> {
        let (_, format, reason) = head_format(name, bytes, opts)?;
        let layout = layout(format)?;
        if !matches!(bytes.get(skip_blank(bytes, 0)), Some(b'[' | b'{')) {
            return None;
        }
        Some(JsonHead {
            opts: ImportOptions {
                format: Some(format),
                part_of_file: true,
                file_dates: Some(crate::core::import::dates::infer_bytes(bytes)),
                ..opts.clone()
            },
            reason,
            layout,
        })
    }

    /// The blocks of a scanned file: pages when more documents follow the first; the records of
    /// a single document when they start lines (or share one) and its envelope is small; else
    /// `None` (whole).
    pub(super) fn planned(head: JsonHead, scan: &JsonScan, bytes: &[u8]) -> Option<JsonBlocks> {
        let JsonHead { opts, reason, layout } = head;
        let end = scan.value_end?;
        if skip_blank(bytes, end) < bytes.len() {
            if !layout.pages {
                return None;
            }
            return Some(JsonBlocks { opts, reason, line: 1, line_start: 0, shape: Shape::Pages });
        }
        // The records arrays: the document itself, or the members named by the layout.
        let arrays: Vec<(Span, &[u8])> = if scan.top == Some(b'[') {
            vec![(*scan.spans.first()?, &b""[..])]
        } else {
            let keyed: Vec<(Span, &[u8])> =
                scan.spans.iter().map(|s| Some((*s, key_before(bytes, s.open)?))).collect::<Option<_>>()?;
            let named = |k: &&str| keyed.iter().filter(|(_, key)| *key == k.as_bytes()).count();
            if layout.keys.iter().any(|k| named(k) > 1) {
                return None;
            }
            keyed.into_iter().filter(|(_, key)| layout.keys.iter().any(|k| k.as_bytes() == *key)).collect()
        };
        if !layout.own_envelope && arrays.len() != 1 {
            return None;
        }
        if layout.own_envelope && scan.top == Some(b'{') {
            // Blocks hold the records alone, so the rest of the document is checked here: with
            // its records arrays emptied it must import (a broken or mistyped member elsewhere
            // is the whole file's error).
            let mut skeleton = Vec::new();
            let mut at = 0;
            for (span, _) in &arrays {
                skeleton.extend_from_slice(&bytes[at..=span.open]);
                at = span.close?;
            }
            skeleton.extend_from_slice(&bytes[at..]);
            if skeleton.len() > 64 * 1024 || import_file("", &skeleton, 0, &opts).is_err() {
                return None;
            }
        }
        let mut sections = Vec::new();
        for (span, key) in arrays {
            let close = span.close?;
            let first = skip_blank(bytes, span.open + 1);
            match bytes.get(first) {
                Some(b']') => continue,
                Some(b'{') => {}
                _ => return None,
            }
            // Records that start lines are cut at line starts; records all on one line anywhere.
            let one_line = span.newlines == 0;
            if !one_line && !starts_line(bytes, first) {
                return None;
            }
            let (open, close) = if layout.own_envelope && !key.is_empty() {
                let mut open = b"{\"".to_vec();
                open.extend_from_slice(key);
                open.extend_from_slice(b"\":[");
                (open, b"]}".to_vec())
            } else {
                // The document around the array is repeated in every block: only when it is small.
                if span.open + (bytes.len() - close) > 64 * 1024 {
                    return None;
                }
                let (open, close) = (bytes[..=span.open].to_vec(), bytes[close..].to_vec());
                if !key.is_empty() && !layout.absent.is_empty() {
                    // The document without its records must not hold others.
                    // Read as text: serde_json's byte-slice reader would be a second copy of its parser.
                    let rest = String::from_utf8([&open[..], &close[..]].concat()).ok()?;
                    let rest: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&rest).ok()?;
                    if layout.absent.iter().any(|k| k.as_bytes() != key && rest.contains_key(*k)) {
                        return None;
                    }
                }
                (open, close)
            };
            let records_line = line_start_of(bytes, first);
            let start = if one_line { first } else { records_line };
            sections.push(Section { open, close, start, records_line, one_line });
        }
        let line_start = sections.first()?.start;
        let line = 1 + read::count_newlines(&bytes[..line_start]) as u32;
        Some(JsonBlocks { opts, reason, line, line_start, shape: Shape::Records { sections, at: 0, done: false } })
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
            Shape::Records { sections, at: section, done } => {
                let Section { open, close, one_line, records_line, .. } = &sections[*section];
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
                    // The records stay on the envelope's last line: as many lines up as the
                    // envelope's opening has fewer, and as many columns left as it is shorter.
                    let open_line = 1 + read::count_newlines(open) as u32;
                    let open_column = open.len() - open.iter().rposition(|&b| b == b'\n').map_or(0, |nl| nl + 1);
                    let column = pos - *records_line;
                    let line_offset = self.line.checked_sub(open_line)?;
                    let column_offset = u32::try_from(column.checked_sub(open_column)?).ok()?;
                    ImportOptions { line_offset, column_offset, ..self.opts.clone() }
                } else {
                    // The block's first record is on the line after the envelope's opening lines.
                    opts(2 + read::count_newlines(open) as u32)
                };
                // After the array's last record: the next array's first, or the end.
                let next = next.unwrap_or_else(|| {
                    *section += 1;
                    match sections.get(*section) {
                        Some(s) => s.start,
                        None => {
                            *done = true;
                            bytes.len()
                        }
                    }
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

/// The name of the object member whose value starts at `value` (`"key": [`), when it has no escapes.
fn key_before(bytes: &[u8], value: usize) -> Option<&[u8]> {
    let before = |mut at: usize| {
        while at > 0 && bytes[at - 1].is_ascii_whitespace() {
            at -= 1;
        }
        at
    };
    let colon = before(value);
    if colon == 0 || bytes[colon - 1] != b':' {
        return None;
    }
    let quote = before(colon - 1);
    if quote == 0 || bytes[quote - 1] != b'"' {
        return None;
    }
    let name_end = quote - 1;
    let name_start = bytes[..name_end].iter().rposition(|&b| b == b'"')? + 1;
    let name = &bytes[name_start..name_end];
    // The opening quote follows `{`, `,` or a space (not a backslash of an escaped quote).
    let opened = name_start >= 2 && matches!(bytes[name_start - 2], b'{' | b',' | b' ' | b'\t' | b'\r' | b'\n');
    (opened && !name.contains(&b'\\')).then_some(name)
}

/// True when only whitespace precedes `at` on its line.
fn starts_line(bytes: &[u8], at: usize) -> bool {
    bytes[line_start_of(bytes, at)..at].iter().all(u8::is_ascii_whitespace)
}

fn line_start_of(bytes: &[u8], at: usize) -> usize {
    bytes[..at].iter().rposition(|&b| b == b'\n').map_or(0, |nl| nl + 1)
}

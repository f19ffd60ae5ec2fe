//! Shared reading helpers: gzip, text decoding, CSV tables with named columns, JSON items with positions.

use super::FormatError;
use serde_json::value::RawValue;
use std::borrow::Cow;
#[cfg(not(target_arch = "wasm32"))]
use std::io::Read;

pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.len() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
}

/// Unpacks a gzip file (all members).
///
/// Only the native build carries a decoder: the dashboard unpacks in the browser
/// (`DecompressionStream`, streaming and without blocking the page) before it imports, so the
/// wasm never sees gzip and does not ship a decoder.
#[cfg(not(target_arch = "wasm32"))]
pub fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(bytes.len() * 4);
    flate2::read::MultiGzDecoder::new(bytes)
        .read_to_end(&mut out)
        .map_err(|e| format!("the file looks gzip-compressed but cannot be unpacked: {e}"))?;
    Ok(out)
}

/// See the native `gunzip`: in the browser, files are unpacked before they reach the core.
#[cfg(target_arch = "wasm32")]
pub fn gunzip(_bytes: &[u8]) -> Result<Vec<u8>, String> {
    Err("the file is gzip-compressed; unpack it first (this browser could not)".into())
}

/// Text of a file: UTF-8 with or without BOM, or UTF-16 with a BOM (Excel's "Unicode text").
/// Invalid UTF-8 is an error naming the line and column where it starts.
pub fn decode_text(bytes: &[u8]) -> Result<Cow<'_, str>, (u32, u32, String)> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return decode_utf8(rest);
    }
    if bytes.len() >= 2 && (bytes[..2] == [0xFF, 0xFE] || bytes[..2] == [0xFE, 0xFF]) {
        let le = bytes[0] == 0xFF;
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|c| if le { u16::from_le_bytes([c[0], c[1]]) } else { u16::from_be_bytes([c[0], c[1]]) })
            .collect();
        return String::from_utf16(&units)
            .map(Cow::Owned)
            .map_err(|_| (1, 1, "the file starts with a UTF-16 mark but is not valid UTF-16".to_string()));
    }
    decode_utf8(bytes)
}

fn decode_utf8(bytes: &[u8]) -> Result<Cow<'_, str>, (u32, u32, String)> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Cow::Borrowed(s)),
        Err(e) => {
            let (line, col) = line_col(bytes, e.valid_up_to());
            Err((line, col, "the file is not UTF-8 text (save it as UTF-8, or gzip it as it is)".to_string()))
        }
    }
}

/// 1-based line and column of a byte offset.
pub fn line_col(bytes: &[u8], offset: usize) -> (u32, u32) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let col = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
    (line as u32, col as u32)
}

/// Counts `\n` bytes.
pub fn count_newlines(bytes: &[u8]) -> usize {
    count_byte(bytes, b'\n')
}

/// Counts `"` bytes.
pub fn count_quotes(bytes: &[u8]) -> usize {
    count_byte(bytes, b'"')
}

/// Counts one ASCII byte, eight bytes at a time.
fn count_byte(bytes: &[u8], byte: u8) -> usize {
    const LO7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let pattern = u64::from_ne_bytes([byte; 8]);
    let mut chunks = bytes.chunks_exact(8);
    let mut n = 0usize;
    for c in &mut chunks {
        let x = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]) ^ pattern;
        // High bit set exactly in the bytes of x that are zero (the matches).
        n += (!(((x & LO7) + LO7) | x | LO7)).count_ones() as usize;
    }
    n + chunks.remainder().iter().filter(|&&b| b == byte).count()
}

/// Where CSV text stands between two bytes, as the csv crate reads it with its defaults: `"`
/// starts a quoted field only at the start of a field, `""` inside one is a quote, a quote that
/// closes a field early leaves the rest of the field unquoted, and a quote inside an unquoted field
/// is a plain character. A newline ends a record unless it is inside a quoted field.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CsvState {
    #[default]
    FieldStart,
    Unquoted,
    Quoted,
    /// Just after a `"` inside a quoted field: an escaped quote or the field's closing one.
    QuoteInQuoted,
}

impl CsvState {
    fn step(self, b: u8, delimiter: u8) -> CsvState {
        use CsvState::*;
        match (self, b) {
            (Quoted, b'"') => QuoteInQuoted,
            (Quoted, _) => Quoted,
            (QuoteInQuoted | FieldStart, b'"') => Quoted,
            (_, b'\n' | b'\r') => FieldStart,
            (_, d) if d == delimiter => FieldStart,
            _ => Unquoted,
        }
    }

    /// The state after `bytes`, read from this one.
    pub fn after(self, bytes: &[u8], delimiter: u8) -> CsvState {
        if self == CsvState::FieldStart && !bytes.contains(&b'"') {
            return match bytes.last() {
                None | Some(b'\n' | b'\r') => CsvState::FieldStart,
                Some(&d) if d == delimiter => CsvState::FieldStart,
                Some(_) => CsvState::Unquoted,
            };
        }
        bytes.iter().fold(self, |s, &b| s.step(b, delimiter))
    }
}

/// Where a block of a CSV file can be cut so that it ends with whole records: just after its last
/// newline that ends a record, reading the block from `state`. `None`: no such newline in the
/// block.
pub fn block_end(block: &[u8], state: CsvState, delimiter: u8) -> Option<usize> {
    if state == CsvState::FieldStart && !block.contains(&b'"') {
        return block.iter().rposition(|&b| b == b'\n').map(|nl| nl + 1);
    }
    let mut s = state;
    let mut end = None;
    for (i, &b) in block.iter().enumerate() {
        s = s.step(b, delimiter);
        if b == b'\n' && s == CsvState::FieldStart {
            end = Some(i + 1);
        }
    }
    end
}

/// Tracks line numbers while walking forward through a text.
pub struct LineCursor<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: u32,
    /// Where the line of `pos` starts, when known (kept as [`LineCursor::at`] moves, so a
    /// minified document, one long line, costs one pass and not a pass per value).
    line_start: Option<usize>,
}

impl<'a> LineCursor<'a> {
    pub fn new(text: &'a str) -> LineCursor<'a> {
        LineCursor { bytes: text.as_bytes(), pos: 0, line: 1, line_start: Some(0) }
    }

    /// Line and column of `offset` (a later offset than the previous call's is the fast case).
    pub fn at(&mut self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.bytes.len());
        if offset < self.pos {
            return line_col(self.bytes, offset);
        }
        let seg = &self.bytes[self.pos..offset];
        let line_start = match seg.iter().rposition(|&b| b == b'\n') {
            Some(last) => {
                self.line += count_newlines(seg) as u32;
                self.pos + last + 1
            }
            None => match self.line_start {
                Some(start) => start,
                None => self.bytes[..offset].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1),
            },
        };
        self.pos = offset;
        self.line_start = Some(line_start);
        (self.line, (offset - line_start + 1) as u32)
    }

    /// Only the line of `offset` (cheaper: one pass, no column).
    pub fn line_at(&mut self, offset: usize) -> u32 {
        let offset = offset.min(self.bytes.len());
        if offset < self.pos {
            return line_col(self.bytes, offset).0;
        }
        let n = count_newlines(&self.bytes[self.pos..offset]) as u32;
        if n > 0 {
            self.line += n;
            self.line_start = None;
        }
        self.pos = offset;
        self.line
    }

    /// Line and column of a slice of the text (a raw JSON value).
    pub fn of(&mut self, part: &str) -> (u32, u32) {
        let offset = (part.as_ptr() as usize).saturating_sub(self.bytes.as_ptr() as usize);
        self.at(offset)
    }
}

/// Turns a serde_json error into a positioned format error.
pub fn json_error(e: &serde_json::Error) -> FormatError {
    FormatError::new(e.line() as u32, e.column() as u32, json_reason(e))
}

/// What is wrong with some JSON, without serde_json's "at line L column C": the caller knows
/// where (the line of a block is not the file's).
pub fn json_reason(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let reason = match text.rfind(" at line ") {
        Some(at) if e.line() > 0 => &text[..at],
        _ => &text,
    };
    format!("not valid JSON: {reason}")
}

/// Parses JSON text, reporting syntax errors with line and column.
pub fn parse_json<'a, T: serde::Deserialize<'a>>(text: &'a str) -> Result<T, FormatError> {
    serde_json::from_str(text).map_err(|e| json_error(&e))
}

/// Splits a top-level JSON array into raw items.
pub fn json_array(text: &str) -> Result<Vec<&RawValue>, FormatError> {
    parse_json(text)
}

/// Reads JSON Lines / NDJSON: one value per non-empty line. Returns (line, raw value) pairs, or the
/// first syntax error.
pub fn json_lines(text: &str) -> Vec<(u32, Result<&RawValue, String>)> {
    let mut out = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        let l = line.trim();
        if l.is_empty() {
            continue;
        }
        let r: Result<&RawValue, _> = serde_json::from_str(l).map_err(|e| json_reason(&e));
        out.push(((i + 1) as u32, r));
    }
    out
}

/// Guesses a CSV delimiter from the header line: `,` `;` `\t` or `|`, whichever appears most outside quotes.
pub fn sniff_delimiter(text: &str) -> u8 {
    let first = first_record_text(text);
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0), (b'|', 0)];
    let mut quoted = false;
    for b in first.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for c in &mut counts {
                if c.0 == b {
                    c.1 += 1;
                }
            }
        }
    }
    counts.iter().max_by_key(|c| (c.1, c.0 == b',')).map_or(b',', |c| if c.1 == 0 { b',' } else { c.0 })
}

fn first_record_text(text: &str) -> &str {
    let mut quoted = false;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => return &text[..i],
            _ => {}
        }
    }
    text
}

/// A CSV file with its header row, read record by record without per-row allocation.
pub struct CsvTable<'a> {
    reader: csv::Reader<&'a [u8]>,
    /// Header names, trimmed, as written.
    pub headers: Vec<String>,
    pub delimiter: u8,
    record: csv::StringRecord,
    lines: LineCursor<'a>,
    /// The records after the header when the text holds no quote (most exports): split at
    /// delimiters and line ends here, as the csv crate would split them, several times faster.
    plain: Option<Plain<'a>>,
}

/// Records of a CSV without quotes: every delimiter ends a field, every `\r` or `\n` a record,
/// and empty lines are no records (the csv crate's reading of such text).
struct Plain<'a> {
    text: &'a str,
    /// Where the next record (or the blank lines before it) starts, and the line there.
    pos: usize,
    line: u32,
    /// The current record's fields, as byte ranges of `text`.
    fields: Vec<(usize, usize)>,
}

impl<'a> Plain<'a> {
    /// The next record's line, its fields in `self.fields`; `None` at the end.
    fn next(&mut self, delimiter: u8) -> Option<u32> {
        let b = self.text.as_bytes();
        let mut i = self.pos;
        while let Some(&c) = b.get(i) {
            match c {
                b'\n' => self.line += 1,
                b'\r' => {}
                _ => break,
            }
            i += 1;
        }
        if i >= b.len() {
            self.pos = i;
            return None;
        }
        self.fields.clear();
        let mut start = i;
        while let Some(&c) = b.get(i) {
            if c == delimiter {
                self.fields.push((start, i));
                start = i + 1;
            } else if c == b'\n' || c == b'\r' {
                break;
            }
            i += 1;
        }
        self.fields.push((start, i));
        self.pos = i;
        Some(self.line)
    }
}

impl<'a> CsvTable<'a> {
    pub fn new(text: &'a str) -> Result<CsvTable<'a>, FormatError> {
        let delimiter = sniff_delimiter(text);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(true)
            .from_reader(text.as_bytes());
        let headers = reader
            .byte_headers()
            // The csv crate's reasons (and `std::io::Error`'s, which they wrap) are not shown: reading
            // text in memory with flexible records, it fails on nothing the message would explain.
            .map_err(|_| FormatError::new(1, 1, "cannot read the CSV header"))?
            .iter()
            .map(|h| String::from_utf8_lossy(h).trim().trim_matches('"').trim().to_string())
            .collect();
        // The header was read by the csv crate (a BOM, quotes); the rest is split here when it
        // has no quote and the delimiter is ASCII (a field then ends on a character boundary).
        let after = reader.position().byte() as usize;
        let plain = match text.as_bytes().get(after..) {
            Some(rest) if delimiter.is_ascii() && !rest.contains(&b'"') => {
                let line = 1 + count_newlines(&text.as_bytes()[..after]) as u32;
                Some(Plain { text, pos: after, line, fields: Vec::new() })
            }
            _ => None,
        };
        Ok(CsvTable {
            reader,
            headers,
            delimiter,
            record: csv::StringRecord::new(),
            lines: LineCursor::new(text),
            plain,
        })
    }

    /// The index of the first header equal to `name` (case-insensitive).
    pub fn col(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h.eq_ignore_ascii_case(name))
    }

    /// The first of several names that is present.
    pub fn col_any(&self, names: &[&str]) -> Option<usize> {
        names.iter().find_map(|n| self.col(n))
    }

    /// Every index whose header equals `name` (Jira repeats `Labels`, `Components`, …).
    pub fn cols(&self, name: &str) -> Vec<usize> {
        self.headers.iter().enumerate().filter(|(_, h)| h.eq_ignore_ascii_case(name)).map(|(i, _)| i).collect()
    }

    /// Reads the next record. `Ok(None)` at the end; a broken record is an error with its line.
    pub fn next_row(&mut self) -> Option<Result<Row<'_>, (u32, String)>> {
        if let Some(p) = &mut self.plain {
            let line = p.next(self.delimiter)?;
            return Some(Ok(Row { fields: Fields::Plain(p.text, &p.fields), line }));
        }
        match self.reader.read_record(&mut self.record) {
            Ok(false) => None,
            Ok(true) => {
                // The csv crate miscounts lines in CRLF files, so count from the byte offset.
                let mut byte = self.record.position().map_or(0, |p| p.byte()) as usize;
                while matches!(self.lines.bytes.get(byte), Some(b'\n' | b'\r')) {
                    byte += 1;
                }
                let line = self.lines.line_at(byte);
                if unclosed_quote(self.lines.bytes, byte, self.reader.position().byte(), self.delimiter) {
                    return Some(Err((
                        line,
                        "a quote in this record is never closed: the rest of the file was read as one value".into(),
                    )));
                }
                Some(Ok(Row { fields: Fields::Record(&self.record), line }))
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| self.lines.line_at(p.byte() as usize));
                Some(Err((line, "broken CSV record".to_string())))
            }
        }
    }
}

/// True when a record that starts at `byte` and ends at `end` runs to the end of `text` inside a
/// quote: a quote never closed makes the rest of the file one value, which must be said (not
/// "missing time", or nothing, for the one row the csv crate reads). Not inlined: `next_row` is,
/// into every CSV importer.
#[inline(never)]
fn unclosed_quote(text: &[u8], byte: usize, end: u64, delimiter: u8) -> bool {
    end as usize >= text.len()
        && CsvState::FieldStart.after(text.get(byte..).unwrap_or_default(), delimiter) == CsvState::Quoted
}

/// One CSV record.
pub struct Row<'r> {
    fields: Fields<'r>,
    pub line: u32,
}

/// A record's fields: the csv crate's record, or ranges of a text without quotes.
#[derive(Clone, Copy)]
enum Fields<'r> {
    Record(&'r csv::StringRecord),
    Plain(&'r str, &'r [(usize, usize)]),
}

impl<'r> Fields<'r> {
    #[inline]
    fn get(self, c: usize) -> Option<&'r str> {
        match self {
            Fields::Record(r) => r.get(c),
            Fields::Plain(text, f) => f.get(c).and_then(|&(a, b)| text.get(a..b)),
        }
    }

    fn len(self) -> usize {
        match self {
            Fields::Record(r) => r.len(),
            Fields::Plain(_, f) => f.len(),
        }
    }
}

impl<'r> Row<'r> {
    /// The trimmed text of a field; empty when the column is absent.
    #[inline]
    pub fn get(&self, col: Option<usize>) -> &'r str {
        match col.and_then(|c| self.fields.get(c)) {
            Some(s) => trim(s),
            None => "",
        }
    }

    /// Like [`Row::get`] but `None` for a missing value.
    #[inline]
    pub fn opt(&self, col: Option<usize>) -> Option<&'r str> {
        let s = self.get(col);
        if crate::core::time::is_missing(s) { None } else { Some(s) }
    }

    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// True when every field is blank.
    pub fn is_empty(&self) -> bool {
        (0..self.len()).all(|c| self.fields.get(c).is_none_or(|f| f.trim().is_empty()))
    }
}

/// `str::trim` with a fast path for the common case of nothing to trim.
#[inline]
pub fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(&a), Some(&b)) if a > b' ' && a < 0x80 && b > b' ' && b < 0x80 => s,
        (None, _) => s,
        _ => s.trim(),
    }
}

/// A JSON value's string, number or bool as text; `None` for null, missing or empty.
pub fn json_str(v: Option<&serde_json::Value>) -> Option<String> {
    match v? {
        serde_json::Value::String(s) if !crate::core::time::is_missing(s) => Some(s.trim().to_string()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Follows a path of object keys: `get(v, &["environment", "name"])`.
pub fn json_path<'v>(v: &'v serde_json::Value, path: &[&str]) -> Option<&'v serde_json::Value> {
    let mut cur = v;
    for k in path {
        cur = cur.get(k)?;
    }
    if cur.is_null() { None } else { Some(cur) }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every record of `text` as (line, fields), read as `CsvTable` reads it, or (with `plain`
    /// off) through the csv crate alone.
    type Records = Vec<(u32, Vec<String>)>;

    fn records(text: &str, plain: bool) -> (Vec<String>, Records, bool) {
        let mut t = CsvTable::new(text).unwrap();
        let was_plain = t.plain.is_some();
        if !plain {
            t.plain = None;
        }
        let mut out = Vec::new();
        while let Some(r) = t.next_row() {
            let r = r.unwrap();
            let fields = (0..r.len()).map(|c| r.fields.get(c).unwrap_or("?").to_string()).collect();
            out.push((r.line, fields));
        }
        (t.headers, out, was_plain)
    }

    /// A text without quotes is split as the csv crate splits it: fields, records, blank lines,
    /// CR, LF and CRLF, a BOM, a last line without its end, lines of blanks.
    #[test]
    fn plain_csv_is_split_as_the_csv_crate_splits_it() {
        let texts = [
            "id,a\n1,x\n2,y\n",
            "\u{feff}id,a\r\n1,x\r\n\r\n2,y",
            "id;a;b\n\n\n1;;\n ; \n;\n2;\u{e9};z;extra\n",
            "id,a\r1,x\r\r2,y\r\n\n3",
            "id\ta\n1\t2\n",
            "\n\nid,a\n1,2\n",
            "id,a",
            "id,a\n",
            "\"id\",\"a b\"\n1,2\n3,4\n",
        ];
        for text in texts {
            let (h, want, _) = records(text, false);
            let (h2, got, plain) = records(text, true);
            assert!(plain, "{text:?} has no quote after its header");
            assert_eq!((h2, got), (h, want), "{text:?}");
        }
        assert!(!records("id,a\n1,\"x\"\n", true).2, "a quote: the csv crate reads it");
    }

    proptest::proptest! {
        #[test]
        fn plain_csv_splits_like_the_csv_crate(text in "[a,;\t |\r\n\u{e9}]{0,60}") {
            let text = format!("id,a,b\n{text}");
            let (h, want, _) = records(&text, false);
            let (h2, got, _) = records(&text, true);
            proptest::prop_assert_eq!((h2, got), (h, want));
        }
    }

    #[test]
    fn newline_counting() {
        for text in ["", "\n", "a\nb\n\n", "0123456789\n0123456\n\n\n\n\n\n\n\n\n", "\u{e9}\n\u{1F600}\n"] {
            assert_eq!(count_newlines(text.as_bytes()), text.matches('\n').count(), "{text:?}");
        }
        let mut cur = LineCursor::new("ab\ncd\nef");
        assert_eq!(cur.at(4), (2, 2));
        assert_eq!(cur.line_at(7), 3);
        assert_eq!(cur.at(1), (1, 2));
    }

    #[test]
    fn blocks_end_at_record_boundaries() {
        use CsvState::*;
        let check = |block: &[u8], state: CsvState, expected: Option<usize>| {
            assert_eq!(block_end(block, state, b','), expected, "{:?}", String::from_utf8_lossy(block));
        };
        check(b"a,b\n1,2\n3,", FieldStart, Some(8));
        // The newline inside the quoted "x\ny" is not a boundary; the one after it (index 7) is.
        check(b"a,\"x\ny\"\n3,", FieldStart, Some(8));
        check(b"1,\"x\ny", FieldStart, None);
        check(b"x\ny\",2\nz", Quoted, Some(7));
        // An escaped quote keeps the field quoted; a quote inside an unquoted field is a character.
        check(b"1,\"a\"\"\nb\"\n2", FieldStart, Some(10));
        check(b"1,a\"b\n2,\"c\n", FieldStart, Some(6));
        // A field closed early goes on unquoted: its later quotes open nothing.
        check(b"1,\"a\"b\"\n2", FieldStart, Some(8));
        assert_eq!(FieldStart.after(b"1,\"a\nb", b','), Quoted);
        assert_eq!(FieldStart.after(b"1,ab", b','), Unquoted);
        assert_eq!(Quoted.after(b"b\",", b','), FieldStart);
        assert_eq!(count_quotes(b"\"\"abc\"defghijklmnop\""), 4);
    }

    #[test]
    fn delimiters() {
        assert_eq!(sniff_delimiter("a,b,c\n1,2,3"), b',');
        assert_eq!(sniff_delimiter("a;b;c\n1;2;3"), b';');
        assert_eq!(sniff_delimiter("\"a;x\",b,c\n"), b',');
        assert_eq!(sniff_delimiter("a\tb\n"), b'\t');
        assert_eq!(sniff_delimiter("single\n"), b',');
    }

    #[test]
    fn text_decoding() {
        assert_eq!(decode_text(b"\xEF\xBB\xBFid").unwrap(), "id");
        assert_eq!(decode_text(b"\xFF\xFEi\0d\0").unwrap(), "id");
        let err = decode_text(b"ok\nbad \xFF here").unwrap_err();
        assert_eq!((err.0, err.1), (2, 5));
    }

    #[test]
    fn positions_of_json_items() {
        let text = "[\n  {\"a\": 1},\n  {\"a\": 2}\n]";
        let items = json_array(text).unwrap();
        let mut cur = LineCursor::new(text);
        assert_eq!(cur.of(items[0].get()), (2, 3));
        assert_eq!(cur.of(items[1].get()), (3, 3));
    }
}

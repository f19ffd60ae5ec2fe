//! What the first part of a file looks like: JSON or JSON Lines, its keys, or its CSV header.

use super::read;
use crate::core::case::lowercase;

/// What the first part of a file looks like.
pub struct Sniff<'a> {
    /// The first 64 KiB (cut at a character boundary).
    pub head: &'a str,
    /// Lower-cased CSV header names, when the file is not JSON.
    pub headers: Vec<String>,
    pub json: bool,
    pub ndjson: bool,
}

impl Sniff<'_> {
    /// True when the JSON head has the key `"key"`.
    pub fn key(&self, key: &str) -> bool {
        let needle = format!("\"{key}\"");
        let mut rest = self.head;
        while let Some(i) = rest.find(&needle) {
            let after = rest[i + needle.len()..].trim_start();
            if after.starts_with(':') {
                return true;
            }
            rest = &rest[i + needle.len()..];
        }
        false
    }

    pub fn header(&self, name: &str) -> bool {
        self.headers.iter().any(|h| h == name)
    }
}

/// A file name for pasted text, whose extension says what the text looks like (a name only breaks
/// ties in detection, but a download of the text keeps it).
pub fn pasted_file_name(text: &str) -> &'static str {
    if sniff(text).json { "pasted.json" } else { "pasted.csv" }
}

pub fn sniff(text: &str) -> Sniff<'_> {
    let mut end = text.len().min(64 * 1024);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    let trimmed = head.trim_start();
    let json = trimmed.starts_with('{') || trimmed.starts_with('[');
    let ndjson = trimmed.starts_with('{') && {
        let mut lines = head.lines().map(str::trim).filter(|l| !l.is_empty());
        let first = lines.next().unwrap_or("");
        let second = lines.next().unwrap_or("");
        first.ends_with('}') && second.starts_with('{') && serde_json::from_str::<serde::de::IgnoredAny>(first).is_ok()
    };
    let headers = if json {
        Vec::new()
    } else {
        let delim = read::sniff_delimiter(head);
        let mut r =
            csv::ReaderBuilder::new().delimiter(delim).has_headers(false).flexible(true).from_reader(head.as_bytes());
        let mut rec = csv::StringRecord::new();
        match r.read_record(&mut rec) {
            Ok(true) => rec.iter().map(|h| lowercase(h.trim())).collect(),
            _ => Vec::new(),
        }
    };
    Sniff { head, headers, json, ndjson }
}

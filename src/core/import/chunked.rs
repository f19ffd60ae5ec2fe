//! Importing a large file a block at a time, so a caller with one thread (the browser) can yield
//! between blocks. The result is exactly what [`import_file`] gives for the whole file.

use super::{FileImport, Format, ImportError, ImportOptions, detect, import_file, merge_parts, read};

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
    /// Not a CSV that can be cut (JSON, gzip, small): one step imports it whole.
    Whole(Option<Result<FileImport, ImportError>>),
    Blocks {
        header: String,
        reason: String,
        pos: usize,
        line: u32,
        quoted: bool,
        parts: Vec<FileImport>,
        error: Option<ImportError>,
    },
}

impl<'a> ChunkedImport<'a> {
    /// Plans the import; `block` is the target block size in bytes.
    pub fn new(name: &str, bytes: &'a [u8], file_index: u32, opts: &ImportOptions, block: usize) -> ChunkedImport<'a> {
        let block = block.max(4096);
        let whole = |bytes| ChunkedImport {
            name: name.to_string(),
            bytes,
            file_index,
            opts: opts.clone(),
            block,
            plan: Plan::Whole(None),
        };
        if bytes.len() < 2 * block || read::is_gzip(bytes) {
            return whole(bytes);
        }
        let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
        let head_len = body.len().min(64 * 1024);
        let head = match std::str::from_utf8(&body[..head_len]) {
            Ok(s) => s,
            Err(e) => std::str::from_utf8(&body[..e.valid_up_to()]).unwrap_or(""),
        };
        let found = match opts.format {
            Some(f) => Ok((f, "chosen by the user".to_string())),
            None => detect(name, head, opts.hint, opts.mapping.is_some()),
        };
        let (format, reason) = match found {
            Ok((f @ (Format::CanonicalCsv | Format::MappedCsv), r)) => (f, r),
            _ => return whole(bytes),
        };
        let Some(nl) = head.find('\n') else { return whole(bytes) };
        if head[..nl].contains('"') {
            return whole(bytes);
        }
        let mut c = whole(body);
        c.opts.format = Some(format);
        c.plan = Plan::Blocks {
            header: head[..=nl].to_string(),
            reason,
            pos: nl + 1,
            line: 2,
            quoted: false,
            parts: Vec::new(),
            error: None,
        };
        c
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
            Plan::Blocks { header, pos, line, quoted, parts, error, .. } => {
                if *pos >= self.bytes.len() || error.is_some() {
                    return false;
                }
                let rest = &self.bytes[*pos..];
                let cut = if rest.len() <= self.block + self.block / 2 {
                    rest.len()
                } else {
                    read::block_end(&rest[..self.block], *quoted).unwrap_or(rest.len())
                };
                let body = &rest[..cut];
                let mut text = Vec::with_capacity(header.len() + body.len());
                text.extend_from_slice(header.as_bytes());
                text.extend_from_slice(body);
                let opts = ImportOptions { line_offset: *line - 2, ..self.opts.clone() };
                match import_file(&self.name, &text, self.file_index, &opts) {
                    Ok(part) => parts.push(part),
                    Err(mut e) => {
                        if e.line > 1 {
                            e.line += *line - 2;
                        }
                        *error = Some(e);
                    }
                }
                *quoted ^= read::count_quotes(body) % 2 == 1;
                *line += read::count_newlines(body) as u32;
                *pos += cut;
                true
            }
        }
    }

    /// How much is done, 0..=1.
    pub fn progress(&self) -> f64 {
        match &self.plan {
            Plan::Whole(done) => f64::from(u8::from(done.is_some())),
            Plan::Blocks { pos, .. } => *pos as f64 / self.bytes.len().max(1) as f64,
        }
    }

    /// The import of the whole file (runs any remaining steps first).
    pub fn finish(mut self) -> Result<FileImport, ImportError> {
        while self.step() {}
        match self.plan {
            Plan::Whole(done) => {
                done.unwrap_or_else(|| import_file(&self.name, self.bytes, self.file_index, &self.opts))
            }
            Plan::Blocks { reason, parts, error, .. } => {
                if let Some(e) = error {
                    return Err(e);
                }
                let mut f = merge_parts(parts, self.opts.max_examples).ok_or_else(|| ImportError {
                    file: self.name.clone(),
                    line: 1,
                    column: 1,
                    message: "the file is empty".into(),
                })?;
                f.reason = reason;
                f.format = self.opts.format.unwrap_or(f.format);
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
        let json = br#"{"deployments": []}"#;
        let c = ChunkedImport::new("d.json", json, 0, &opts, 4096);
        assert_eq!(c.finish().unwrap().rows_read, 0);
    }
}

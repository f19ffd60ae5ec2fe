//! Files that wrap another format, turned into the JSON its importer reads, line for line (a
//! problem points at the wrapper's own line): YAML (Argo CD applications), and DevLake's raw tables
//! (`_raw_*`: columns `id,params,data,url,input,created_at`, every `data` cell one API object).

use super::read::CsvTable;
use super::sniff::Sniff;
use super::{FormatError, yaml};

/// What wrapped a file's records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wrapper {
    Yaml,
    DevlakeRaw,
}

impl Wrapper {
    /// Put before the detected format's reason.
    pub fn label(self) -> &'static str {
        match self {
            Wrapper::Yaml => "YAML read as JSON",
            Wrapper::DevlakeRaw => "a DevLake raw table (_raw_*), each row's data column read",
        }
    }
}

/// The JSON text inside a wrapper, and which wrapper it was.
pub struct Unwrapped {
    pub text: String,
    pub wrapper: Wrapper,
}

/// The member DevLake's `params` cell is put under in each unwrapped object (it names the
/// repository or job the object belongs to, which some objects do not say themselves).
pub const DEVLAKE_PARAMS: &str = "devlake_params";

/// True for the header of a DevLake raw table.
pub fn is_devlake_raw(s: &Sniff) -> bool {
    !s.json && s.header("params") && s.header("data") && (s.header("input") || s.header("url"))
}

/// The JSON inside a YAML file or a DevLake raw table; `None` when the text is neither.
pub fn unwrap(text: &str, s: &Sniff) -> Result<Option<Unwrapped>, FormatError> {
    if is_devlake_raw(s) {
        return Ok(Some(Unwrapped { text: devlake_raw(text)?, wrapper: Wrapper::DevlakeRaw }));
    }
    if !s.json && yaml::looks_like_yaml(s.head) {
        return Ok(Some(Unwrapped { text: yaml::to_json(text)?, wrapper: Wrapper::Yaml }));
    }
    Ok(None)
}

/// A DevLake raw table's `data` cells as one JSON array, each item on its row's line, with the
/// row's `params` inside it as [`DEVLAKE_PARAMS`]. A cell that is not a JSON object stays a
/// string in the array, naming what it was (the importer skips it as not an object of its kind).
/// A table cut short (a block's head) ends at its last whole record.
pub fn devlake_raw(text: &str) -> Result<String, FormatError> {
    let mut t = CsvTable::new(text)?;
    let (Some(data), params) = (t.col("data"), t.col("params")) else {
        return Err(FormatError::new(1, 1, "a DevLake raw table without a data column"));
    };
    let mut out = String::with_capacity(text.len());
    out.push('[');
    let mut line = 1u32;
    let mut first = true;
    while let Some(row) = t.next_row() {
        let (row_line, cell, extra) = match row {
            Ok(row) => {
                if row.is_empty() {
                    continue;
                }
                // The data cell starts below the row's line by the line breaks of the cells before it.
                let before: u32 = (0..data).map(|i| row.get(Some(i)).matches('\n').count() as u32).sum();
                let cell = row.get(Some(data)).to_string();
                let p = params.map(|i| row.get(Some(i))).filter(|p| p.trim_start().starts_with('{'));
                let extra = p.filter(|p| serde_json::from_str::<serde::de::IgnoredAny>(p).is_ok()).map(str::to_string);
                (row.line + before, cell, extra)
            }
            Err((l, msg)) => (l, format!("\"{msg}\""), None),
        };
        if !first {
            out.push(',');
        }
        first = false;
        while line < row_line {
            out.push('\n');
            line += 1;
        }
        let trimmed = cell.trim_start();
        let is_object = trimmed.starts_with('{') && serde_json::from_str::<serde::de::IgnoredAny>(trimmed).is_ok();
        if is_object {
            match extra {
                // `{` then the params, then the object's own members.
                Some(p) => {
                    let body = trimmed[1..].trim_start();
                    let sep = if body.starts_with('}') { "" } else { "," };
                    out.push_str(&format!("{{\"{DEVLAKE_PARAMS}\":{}{sep}", p.replace(['\n', '\r'], " ")));
                    out.push_str(&trimmed[1..]);
                }
                None => out.push_str(trimmed),
            }
        } else if trimmed.starts_with('"') && trimmed.ends_with('"') && serde_json::from_str::<String>(trimmed).is_ok()
        {
            out.push_str(trimmed);
        } else {
            let shown: String = cell.chars().take(60).collect();
            let note = format!("data is not a JSON object: {shown}");
            out.push_str(&serde_json::to_string(&note).unwrap_or_default());
        }
        line += cell.matches('\n').count() as u32;
    }
    out.push_str("]\n");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn raw_rows_become_an_array_on_their_lines() {
        let text = "id,params,data,url,input,created_at\n\
                    1,\"{\"\"Name\"\":\"\"web\"\"}\",\"{\n  \"\"a\"\": 1\n}\",u,{},2024\n\
                    2,{},oops,u,{},2024\n";
        let out = devlake_raw(text).unwrap();
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v, json!([{"devlake_params": {"Name": "web"}, "a": 1}, "data is not a JSON object: oops"]));
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[1].contains("devlake_params"), "{out}");
        assert!(lines[4].contains("oops"), "{out}");
    }
}

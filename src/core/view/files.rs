//! The data panel's file list: what importing a file gave, in the words the list shows.

use super::format::fmt_int;
use crate::core::import::{FileImport, Format, Problem, RecordKind, SkipClass, SkipReason};

/// What importing a file gave, without its records.
#[derive(Clone, Debug, PartialEq)]
pub struct FileSummary {
    pub name: String,
    pub format: Format,
    pub reason: String,
    pub kind: RecordKind,
    pub rows_read: usize,
    pub imported: usize,
    pub deployments: usize,
    pub incidents: usize,
    pub team_rows: usize,
    pub skipped: Vec<(SkipReason, usize)>,
    pub skipped_total: usize,
    /// The example skips, invalid rows first.
    pub problems: Vec<Problem>,
    /// Every warning, as `file:line: text`.
    pub warnings: Vec<String>,
    /// Rows and values dropped for implausible times.
    pub implausible: usize,
    /// The workflow names of the CI runs read, with their run counts (the workflow picker).
    pub workflows: Vec<(String, usize)>,
}

impl FileSummary {
    pub fn of(f: &FileImport) -> FileSummary {
        FileSummary {
            name: f.name.clone(),
            format: f.format,
            reason: f.reason.clone(),
            kind: f.kind,
            rows_read: f.rows_read,
            imported: f.imported(),
            deployments: f.deployments.len(),
            incidents: f.incidents.len(),
            team_rows: f.team_rows,
            skipped: f.skipped.iter().map(|(r, n)| (*r, *n)).collect(),
            skipped_total: f.skipped_total(),
            problems: f.examples().cloned().collect(),
            warnings: f.all_warnings().iter().map(|w| w.located(&f.name)).collect(),
            implausible: f.implausible(),
            workflows: f.workflows_seen(),
        }
    }

    /// What was imported: "120 deployments, 3 team mappings" (empty when nothing was).
    pub fn imported_kinds(&self) -> String {
        [(self.deployments, "deployments"), (self.incidents, "incidents"), (self.team_rows, "team mappings")]
            .into_iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, w)| format!("{} {w}", fmt_int(n as u64)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// "302 rows skipped: not production (300), unparseable time (1, invalid)", or `None`.
    pub fn skipped_text(&self) -> Option<String> {
        (self.skipped_total > 0).then(|| {
            let reasons: Vec<String> = self
                .skipped
                .iter()
                .map(|(r, n)| {
                    let invalid = if r.class() == SkipClass::Invalid { ", invalid" } else { "" };
                    format!("{r} ({}{invalid})", fmt_int(*n as u64))
                })
                .collect();
            format!("{} rows skipped: {}", fmt_int(self.skipped_total as u64), reasons.join(", "))
        })
    }

    /// Where a skipped row is: `file:line` or `file:line:column`.
    pub fn position(&self, p: &Problem) -> String {
        match p.column {
            Some(c) => format!("{}:{}:{c}", self.name, p.line),
            None => format!("{}:{}", self.name, p.line),
        }
    }

    /// The reason of a skipped row and what it was: "unparseable time — deployed_at: …".
    pub fn problem_text(p: &Problem) -> String {
        if p.detail.is_empty() { p.reason.to_string() } else { format!("{} — {}", p.reason, p.detail) }
    }

    /// "Showing the first 400 of 10,302 skipped rows." when the examples are not all of them.
    pub fn examples_note(&self) -> Option<String> {
        let shown = self.problems.len();
        (self.skipped_total > shown).then(|| {
            format!(
                "Showing the first {} of {} skipped rows.",
                fmt_int(shown as u64),
                fmt_int(self.skipped_total as u64)
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::import::{ImportOptions, import_file};

    #[test]
    fn a_file_row_says_what_was_imported_and_skipped() {
        let text =
            "id,environment,deployed_at\na,prod,2025-03-01T10:00:00Z\nb,staging,2025-03-01T10:00:00Z\nc,prod,soon\n";
        let opts = ImportOptions { max_examples: 1, ..ImportOptions::default() };
        let f = FileSummary::of(&import_file("d.csv", text.as_bytes(), 0, &opts).unwrap());
        assert_eq!(f.imported_kinds(), "1 deployments");
        assert_eq!(
            f.skipped_text().as_deref(),
            Some("2 rows skipped: not production (1), unparseable time (1, invalid)")
        );
        let first = &f.problems[0];
        assert_eq!(f.position(first), "d.csv:4:3");
        assert!(FileSummary::problem_text(first).starts_with("unparseable time — deployed_at: \"soon\""));
        assert_eq!(f.examples_note(), None, "one example of each class is all of them");
    }
}

//! What an import gives: the records of one file, and the books of every row it did not import.

use super::notes::{self, FileWarning, Note, Notes};
use super::vendor::Pending;
use super::{Format, Hint, RecordKind, SkipClass, SkipReason};
use crate::core::model::{Deployment, Incident, TeamMap};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// One row that was not imported, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Problem {
    pub line: u32,
    /// 1-based field number for CSV; character column for JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    pub class: SkipClass,
    pub reason: SkipReason,
    pub detail: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.column {
            Some(c) => write!(f, "line {}, column {}: {}", self.line, c, self.reason)?,
            None => write!(f, "line {}: {}", self.line, self.reason)?,
        }
        if !self.detail.is_empty() {
            write!(f, " ({})", self.detail)?;
        }
        Ok(())
    }
}

/// The outcome of importing one file.
#[derive(Clone, Debug)]
pub struct FileImport {
    pub name: String,
    pub format: Format,
    /// Why the format was chosen ("has a workflow_runs array").
    pub reason: String,
    pub kind: RecordKind,
    pub rows_read: usize,
    pub deployments: Vec<Deployment>,
    pub incidents: Vec<Incident>,
    pub teams: TeamMap,
    pub team_rows: usize,
    /// Commit times by sha, from files that hold changes rather than deployments (Four Keys).
    pub commit_times: Vec<(Box<str>, i64)>,
    /// Counts of skipped rows by reason (rules first).
    pub skipped: BTreeMap<SkipReason, usize>,
    /// The first problems of each class in file order (at most [`ImportOptions::max_examples`] of
    /// each), whatever order they were found in: rule skips never crowd out invalid rows. Shown
    /// through [`FileImport::examples`], invalid rows first.
    pub problems: Vec<Problem>,
    /// What the user said the file holds (see [`FileImport::all_warnings`]).
    pub hint: Hint,
    /// Values dropped or changed, counted, with their first line.
    pub notes: Notes,
    /// Notes that are not about one row (unknown columns, a repeated header, …).
    pub warnings: Vec<FileWarning>,
    /// Set by a block ([`ImportOptions::part_of_file`]) whose records refer to records its import
    /// cannot see (GitHub statuses beside the deployments, which every block would repeat): the
    /// import of such a part is not its share of the whole, so the file is imported whole instead.
    pub cross_references: bool,
    /// The tally of the file's CI runs (GitHub Actions, Azure DevOps builds, CircleCI workflows):
    /// see [`FileImport::workflows_seen`]. The join of a file's blocks warns from it once.
    pub(crate) runs: Option<Box<super::runs::Seen>>,
    /// Rows of a block that group with rows of other blocks (see [`ImportOptions::part_of_file`]),
    /// not yet imported or skipped: joining the blocks groups them.
    pub pending: Pending,
}

impl FileImport {
    /// The workflow names of the CI runs read and how many runs each, most runs first: the
    /// dashboard's workflow picker. Empty for files of other kinds.
    pub fn workflows_seen(&self) -> Vec<(String, usize)> {
        self.runs.as_ref().map(|r| r.names()).unwrap_or_default()
    }

    pub fn imported(&self) -> usize {
        self.deployments.len() + self.incidents.len() + self.team_rows + self.commit_times.len()
    }

    pub fn skipped_total(&self) -> usize {
        self.skipped.values().sum()
    }

    pub fn skipped_by(&self, class: SkipClass) -> usize {
        self.skipped.iter().filter(|(r, _)| r.class() == class).map(|(_, n)| n).sum()
    }

    /// The example problems as a user should read them: invalid rows first (they need fixing),
    /// then rule skips, each in file order.
    pub fn examples(&self) -> impl Iterator<Item = &Problem> {
        let of = |class| self.problems.iter().filter(move |p: &&Problem| p.class == class);
        of(SkipClass::Invalid).chain(of(SkipClass::Rule))
    }

    /// The first invalid row, when there is one (always kept: see [`FileImport::problems`]).
    pub fn first_invalid(&self) -> Option<&Problem> {
        self.problems.iter().find(|p| p.class == SkipClass::Invalid)
    }

    /// Makes this the file at `index` of its load (the index every record's `Source` holds): when
    /// a file before it is removed, the later ones move up one.
    pub fn set_index(&mut self, index: u32) {
        self.deployments.iter_mut().for_each(|d| d.source.file = index);
        self.incidents.iter_mut().for_each(|i| i.source.file = index);
    }

    /// Rows skipped and values dropped because their times cannot be right (before 1990, after
    /// 2100, lead times over ten years).
    pub fn implausible(&self) -> usize {
        self.skipped.get(&SkipReason::ImplausibleTime).copied().unwrap_or(0)
            + [Note::ImplausibleCommitTime, Note::ImplausibleResolution, Note::LeadTimeOverTenYears]
                .iter()
                .map(|n| self.notes.count(*n))
                .sum::<usize>()
    }

    /// The counts of one class of skips: "300 not production, 2 duplicate id".
    pub fn skipped_summary(&self, class: SkipClass) -> String {
        self.skipped
            .iter()
            .filter(|(reason, _)| reason.class() == class)
            .map(|(reason, n)| format!("{n} {reason}"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The first invalid row as `file:line:column: reason (detail)`.
    fn first_invalid_at(&self) -> Option<String> {
        let p = self.first_invalid()?;
        let detail = if p.detail.is_empty() { String::new() } else { format!(" ({})", p.detail) };
        Some(format!("{}:{}:{}: {}{detail}", self.name, p.line, p.column.unwrap_or(1), p.reason))
    }

    /// Why the file gives nothing to report: it had rows, and every one of them was invalid (or
    /// skipped by rule with some invalid). `None` when it can be used.
    pub fn unusable(&self) -> Option<String> {
        let invalid = self.skipped_by(SkipClass::Invalid);
        (invalid > 0 && self.imported() == 0).then(|| {
            format!(
                "{} (no row of {} could be imported: {})",
                self.first_invalid_at().unwrap_or_else(|| self.name.clone()),
                self.name,
                self.skipped_summary(SkipClass::Invalid)
            )
        })
    }

    /// The warning for rows skipped as invalid, naming the first: "d.csv: 1 of 304 rows skipped as
    /// invalid (1 unparseable time); first at d.csv:302:4: …".
    pub fn invalid_warning(&self) -> Option<String> {
        let invalid = self.skipped_by(SkipClass::Invalid);
        (invalid > 0).then(|| {
            format!(
                "{}: {invalid} of {} rows skipped as invalid ({}); first at {}",
                self.name,
                self.rows_read,
                self.skipped_summary(SkipClass::Invalid),
                self.first_invalid_at().unwrap_or_default(),
            )
        })
    }

    /// Everything a user should hear about this file that is not one skipped row: a file without
    /// rows, a file of another kind than the user said, values dropped or changed, and the
    /// importer's own warnings.
    pub fn all_warnings(&self) -> Vec<FileWarning> {
        let mut out = Vec::new();
        if self.rows_read == 0 {
            out.push(if self.reason == notes::PULL_MANIFEST {
                FileWarning::whole_file(format!("{}: left out", notes::PULL_MANIFEST))
            } else {
                notes::no_rows()
            });
        } else if self.imported() > 0 {
            out.extend(notes::other_kind(self.hint, self.kind, self.format.label()));
        }
        out.extend(self.notes.warnings());
        out.extend(self.warnings.iter().cloned());
        out
    }
}

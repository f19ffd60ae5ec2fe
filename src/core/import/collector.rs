//! The [`Collector`]: receives the records of one file from its importer, applies the production,
//! success and plausibility rules, and keeps the books: every row is imported or skipped with a
//! reason, and the first examples of each class of skip are kept in file order.

use super::notes::{FileWarning, Note, Notes};
use super::vendor::Pending;
use super::{FileImport, Format, ImportOptions, Problem, RecordKind, SkipClass, SkipReason, dedup};
use crate::core::decimal::Fixed;
use crate::core::model::{Deployment, Incident, Names, Source, TeamMap, is_production_environment, is_success_status};
use crate::core::sort;
use crate::core::time::{Zone, format_instant};
use std::collections::BTreeMap;

/// Receives the records of one file and keeps the books.
pub struct Collector<'a> {
    pub opts: &'a ImportOptions,
    pub names: Names,
    pub(super) file: u32,
    pub(super) out: FileImport,
    /// Per class, problems on later lines than this are not kept (see [`trim_problems`]).
    cutoff: Cutoffs,
    /// How many names [`Names`] had cleaned of control characters when last looked at.
    cleaned: usize,
}

impl<'a> Collector<'a> {
    pub fn new(name: &str, file: u32, format: Format, reason: String, opts: &'a ImportOptions) -> Collector<'a> {
        Collector {
            opts,
            names: Names::default(),
            file,
            out: FileImport {
                name: name.to_string(),
                format,
                reason,
                kind: format.kind(),
                rows_read: 0,
                deployments: Vec::new(),
                incidents: Vec::new(),
                teams: TeamMap::default(),
                team_rows: 0,
                commit_times: Vec::new(),
                skipped: BTreeMap::new(),
                problems: Vec::new(),
                hint: opts.hint,
                notes: Notes::default(),
                warnings: Vec::new(),
                cross_references: false,
                runs: None,
                pending: Pending::default(),
            },
            cutoff: Cutoffs::NONE,
            cleaned: 0,
        }
    }

    /// Goes on collecting into an import (the join of a file's blocks).
    pub(super) fn resume(mut out: FileImport, file: u32, opts: &'a ImportOptions) -> Collector<'a> {
        let cutoff = trim_problems(&mut out.problems, opts.max_examples);
        Collector { opts, names: Names::default(), file, out, cutoff, cleaned: 0 }
    }

    pub fn zone(&self) -> &Zone {
        &self.opts.zone
    }

    pub fn source(&self, line: u32) -> Source {
        Source { file: self.file, line }
    }

    /// Sets the record kind when the content decides it (canonical files).
    pub fn set_kind(&mut self, kind: RecordKind) {
        self.out.kind = kind;
    }

    pub fn reserve(&mut self, n: usize) {
        self.out.deployments.reserve(n);
    }

    /// Counts a row read. Call once per input row/object, before importing or skipping it.
    pub fn row(&mut self) {
        self.out.rows_read += 1;
    }

    /// Imports a deployment, or skips it by rule when it is not a successful production deployment,
    /// or as invalid when its time cannot be right. Commit times that cannot be right are dropped
    /// and noted.
    pub fn deployment(&mut self, mut d: Deployment) {
        let line = d.source.line;
        self.note_cleaned_names(line);
        if !is_production_environment(d.environment.as_deref()) {
            let detail = format!("environment {:?}", d.environment.as_deref().unwrap_or(""));
            self.skip(line, None, SkipReason::NotProduction, detail);
        } else if !is_success_status(d.status.as_deref()) {
            let detail = format!("status {:?}", d.status.as_deref().unwrap_or(""));
            self.skip(line, None, SkipReason::NotASuccess, detail);
        } else if !plausible(d.deployed_at) {
            self.skip(line, None, SkipReason::ImplausibleTime, implausible("deployed_at", d.deployed_at));
        } else {
            self.check_lead_times(&mut d);
            self.out.deployments.push(d);
        }
    }

    /// Drops commit times before 1990 or after 2100, and those more than ten years before the
    /// deployment, noting each.
    fn check_lead_times(&mut self, d: &mut Deployment) {
        let (at, line) = (d.deployed_at, d.source.line);
        let notes = &mut self.out.notes;
        let mut check = |t: &mut Option<i64>, field: &str| {
            let Some(v) = *t else { return };
            if !plausible(v) {
                notes.add(Note::ImplausibleCommitTime, line, || format!("{} {}", d.id, implausible(field, v)));
                *t = None;
            } else if at - v > TEN_YEARS_MS {
                notes.add(Note::LeadTimeOverTenYears, line, || {
                    format!("{}: {field} {} for a deployment at {}", d.id, format_instant(v), format_instant(at))
                });
                *t = None;
            }
        };
        check(&mut d.first_commit_at, "first_commit_at");
        for c in &mut d.commits {
            check(&mut c.committed_at, "committed_at");
        }
        if let Some(s) = d.lead_time_seconds
            && s * 1000.0 > TEN_YEARS_MS as f64
        {
            notes.add(Note::LeadTimeOverTenYears, line, || format!("{}: lead_time_seconds {}", d.id, Fixed(s, 0)));
            d.lead_time_seconds = None;
        }
    }

    /// Imports an incident, or skips it as invalid when its start cannot be right. A resolution
    /// that cannot be right is dropped, and one before the start is noted.
    pub fn incident(&mut self, mut i: Incident) {
        let line = i.source.line;
        self.note_cleaned_names(line);
        if !plausible(i.started_at) {
            self.skip(line, None, SkipReason::ImplausibleTime, implausible("started_at", i.started_at));
            return;
        }
        if let Some(r) = i.resolved_at {
            if !plausible(r) {
                self.out
                    .notes
                    .add(Note::ImplausibleResolution, line, || format!("{} {}", i.id, implausible("resolved_at", r)));
                i.resolved_at = None;
            } else if r < i.started_at {
                self.out.notes.add(Note::ResolvedBeforeStart, line, || {
                    format!("{}: started {}, resolved {}", i.id, format_instant(i.started_at), format_instant(r))
                });
            }
        }
        self.out.incidents.push(i);
    }

    /// Notes names that [`Names`] cleaned of control characters since it was last looked at.
    pub(crate) fn note_cleaned_names(&mut self, line: u32) {
        let now = self.names.cleaned();
        if now > self.cleaned {
            let first = self.names.first_cleaned().unwrap_or_default().to_string();
            for _ in self.cleaned..now {
                self.out.notes.add(Note::ControlCharacters, line, || first.clone());
            }
            self.cleaned = now;
        }
    }

    pub fn team_row(&mut self, from: &str, team: &str) {
        self.out.teams.insert(from, team);
        self.out.team_rows += 1;
    }

    pub fn commit_time(&mut self, sha: &str, at: i64) {
        self.out.commit_times.push((sha.into(), at));
    }

    /// Records a skipped row.
    pub fn skip(&mut self, line: u32, column: Option<u32>, reason: SkipReason, detail: String) {
        let class = reason.class();
        self.note_cleaned_names(line);
        *self.out.skipped.entry(reason).or_default() += 1;
        let problem = || Problem { line, column, class, reason, detail };
        offer_problem(&mut self.out.problems, &mut self.cutoff, self.opts.max_examples, class, line, problem);
    }

    /// Says that records refer to records elsewhere in the file (see [`FileImport::cross_references`]).
    pub fn cross_references(&mut self) {
        self.out.cross_references = true;
    }

    /// A warning about the file as a whole.
    pub fn warn(&mut self, message: String) {
        self.warn_at(0, message);
    }

    /// A warning about the file from `line` on: a line of the file, which a block's
    /// [`ImportOptions::line_offset`] does not move (the header's line 1).
    pub fn warn_at(&mut self, line: u32, message: String) {
        let w = FileWarning { line, text: message };
        if !self.out.warnings.contains(&w) {
            self.out.warnings.push(w);
        }
    }

    /// Warns of header names a CSV repeats: the first column of a name is the one read.
    pub fn warn_repeated_headers(&mut self, headers: &[String]) {
        for (i, h) in headers.iter().enumerate() {
            if h.is_empty() || headers[..i].iter().any(|e| e.eq_ignore_ascii_case(h)) {
                continue;
            }
            let same: Vec<String> = (i + 1..headers.len())
                .filter(|&j| headers[j].eq_ignore_ascii_case(h))
                .map(|j| (j + 1).to_string())
                .collect();
            if !same.is_empty() {
                self.warn_at(
                    1,
                    format!(
                        "the header names {h:?} more than once (columns {} and {}): column {} is read, the others are ignored",
                        i + 1,
                        same.join(", "),
                        i + 1
                    ),
                );
            }
        }
    }

    pub(crate) fn finish(mut self) -> FileImport {
        let off = self.opts.line_offset;
        if off > 0 {
            self.out.deployments.iter_mut().for_each(|d| d.source.line += off);
            self.out.incidents.iter_mut().for_each(|i| i.source.line += off);
            self.out.problems.iter_mut().for_each(|p| p.line += off);
            self.out.notes.offset(off);
        }
        let col = self.opts.column_offset;
        if off > 0 || col > 0 {
            self.out.pending.offset(off, col);
        }
        if col > 0 {
            self.out.problems.iter_mut().filter_map(|p| p.column.as_mut()).for_each(|c| *c += col);
        }
        // The lines are the file's now: so is the cutoff.
        self.cutoff = trim_problems(&mut self.out.problems, self.opts.max_examples);
        let dropped = dedup::dedup_deployments(&mut self.out.deployments);
        for d in dropped {
            let detail = format!("id {:?} appears again with a later or equal time", d.id);
            self.skip(d.source.line, None, SkipReason::DuplicateId, detail);
        }
        let merged = dedup::dedup_incidents(&mut self.out.incidents);
        for i in merged {
            let detail = format!("id {:?} merged into one incident", i.id);
            self.skip(i.source.line, None, SkipReason::DuplicateId, detail);
        }
        trim_problems(&mut self.out.problems, self.opts.max_examples);
        debug_assert_eq!(self.out.imported() + self.out.skipped_total(), self.out.rows_read);
        self.out
    }
}

/// 1990-01-01T00:00:00Z and 2100-01-01T00:00:00Z: times outside are not times of a deployment or
/// an incident (a zero written for "no value", a typo in the year) and would stretch every range.
pub const PLAUSIBLE_MS: (i64, i64) = (631_152_000_000, 4_102_444_800_000);

/// Ten years of 365.25 days: a lead time longer than this comes from a commit time that cannot be right.
pub const TEN_YEARS_MS: i64 = 315_576_000_000;

/// A time from 1990 up to 2100.
pub fn plausible(ms: i64) -> bool {
    (PLAUSIBLE_MS.0..PLAUSIBLE_MS.1).contains(&ms)
}

fn implausible(field: &str, ms: i64) -> String {
    format!("{field} {} is before 1990 or after 2100", format_instant(ms))
}

/// Per class of problem, the line after which no problem of that class can be among the first
/// kept any more (see [`trim_problems`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Cutoffs([u32; 2]);

impl Cutoffs {
    /// Nothing kept yet: every line may still be among the first.
    pub(crate) const NONE: Cutoffs = Cutoffs([u32::MAX; 2]);

    fn of(&self, class: SkipClass) -> u32 {
        self.0[class as usize]
    }
}

/// Keeps the problem `make` builds if it can be among the first `max` of its class in file order
/// (it is on a line up to that class's cutoff, see [`trim_problems`]); trims the list when it has
/// grown to twice that. Examples of each class are kept apart, so a file of many rule skips still
/// shows its one invalid row.
pub(super) fn offer_problem(
    problems: &mut Vec<Problem>,
    cutoff: &mut Cutoffs,
    max: usize,
    class: SkipClass,
    line: u32,
    make: impl FnOnce() -> Problem,
) {
    if line <= cutoff.of(class) && max > 0 {
        problems.push(make());
        if problems.len() >= max.saturating_mul(4).max(128) {
            *cutoff = trim_problems(problems, max);
        }
    }
}

/// Keeps the first `max` problems of each class in file order (line, column, then what they say),
/// sorted, and returns per class the line after which no problem can be among the first any more.
pub(super) fn trim_problems(problems: &mut Vec<Problem>, max: usize) -> Cutoffs {
    sort::sort_by(problems, problem_order);
    let mut kept = [0usize; 2];
    let mut last = [0u32; 2];
    problems.retain(|p| {
        let k = p.class as usize;
        let keep = kept[k] < max;
        if keep {
            kept[k] += 1;
            last[k] = p.line;
        }
        keep
    });
    let cut = |k: usize| {
        if max == 0 {
            0
        } else if kept[k] == max {
            last[k]
        } else {
            u32::MAX
        }
    };
    Cutoffs([cut(0), cut(1)])
}

/// Problems in file order: by line and column, then reason (one row has at most one problem).
fn problem_order(a: &Problem, b: &Problem) -> std::cmp::Ordering {
    (a.line, a.column, a.class, a.reason, &a.detail).cmp(&(b.line, b.column, b.class, b.reason, &b.detail))
}

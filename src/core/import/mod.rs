//! Importers: bytes of an export in, canonical records out, every row accounted for.
//!
//! [`import_file`] unpacks gzip, detects the format from content ([`detect`]), and hands the text
//! to that format's module. Each module pushes records through a [`Collector`], which applies the
//! production/success rules, removes duplicate ids and counts every row it does not import with a
//! reason, so `imported + skipped == rows_read` always holds.

pub mod canonical;
pub mod chunked;
pub mod detect;
pub mod mapping;
pub mod notes;
pub mod read;
pub mod teams;
pub mod vendor;

pub use detect::{Format, detect};
pub use mapping::Mapping;
pub use notes::{FileWarning, Note, Notes};

use crate::core::decimal::Fixed;
use crate::core::model::{
    Dataset, Deployment, Incident, Names, Source, TeamMap, cmp_ids, is_production_environment, is_success_status,
};
use crate::core::pace::{self, Pacer};
use crate::core::sort;
use crate::core::time::{Zone, format_instant};
use serde::Serialize;
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};
use std::fmt;

/// What the user says a file holds (a CLI flag or the drop zone it landed on). A tie-breaker only:
/// the content decides.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Hint {
    #[default]
    Any,
    Deployments,
    Incidents,
    Teams,
}

/// What a file turned out to hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RecordKind {
    Deployments,
    Incidents,
    Teams,
    /// A canonical JSON file with both arrays, or Four Keys changes (commit times).
    Mixed,
}

impl RecordKind {
    pub fn label(self) -> &'static str {
        match self {
            RecordKind::Deployments => "deployments",
            RecordKind::Incidents => "incidents",
            RecordKind::Teams => "teams",
            RecordKind::Mixed => "deployments and incidents",
        }
    }
}

/// Which deployments count in a GitHub Actions export.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WorkflowFilter {
    /// Workflow names that are deployments (case-insensitive, exact). Empty: names containing
    /// "deploy" or "release".
    pub names: Vec<String>,
    /// Branches that count. Empty: the repository's default branch (or main/master when unknown).
    pub branches: Vec<String>,
}

/// Settings of one import. A config struct, not a row of booleans.
#[derive(Clone, Debug)]
pub struct ImportOptions {
    /// The zone for timestamps that carry no offset.
    pub zone: Zone,
    pub hint: Hint,
    /// Skip detection and read the file as this format.
    pub format: Option<Format>,
    /// Column mapping for any other CSV.
    pub mapping: Option<Mapping>,
    /// Jira issue types (or labels) that are incidents. Empty: "Incident".
    pub jira_incident_types: Vec<String>,
    pub workflows: WorkflowFilter,
    /// How many skipped rows to keep as examples (counts are always exact).
    pub max_examples: usize,
    /// Added to every line number. A large file read in blocks (see [`read::block_end`]) is
    /// imported block by block with the header line in front of each; for a block whose first
    /// record is on line L of the file, the offset is L - 2.
    pub line_offset: u32,
    /// Added to every problem's column: a block cut out of one long line (a minified JSON
    /// document) starts its records further left than the file does.
    pub column_offset: u32,
    /// The text is one block of a large file read in blocks ([`chunked`]): an importer whose
    /// records belong with records anywhere in the file (DevLake's deployment commits, GitHub
    /// statuses listed apart) hands them on ([`FileImport::pending`]) for the join of the blocks.
    pub part_of_file: bool,
}

impl ImportOptions {
    /// The options the join of a file's blocks imports what they handed on with: their lines and
    /// columns are already the file's, and it is the whole file.
    pub(crate) fn for_join(&self) -> ImportOptions {
        ImportOptions { line_offset: 0, column_offset: 0, part_of_file: false, ..self.clone() }
    }
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            zone: Zone::utc(),
            hint: Hint::Any,
            format: None,
            mapping: None,
            jira_incident_types: Vec::new(),
            workflows: WorkflowFilter::default(),
            max_examples: 200,
            line_offset: 0,
            column_offset: 0,
            part_of_file: false,
        }
    }
}

/// Skipped because a rule says the row is not a deployment (not production, a failed attempt, a
/// draft), or because the row is broken (no id, a time that cannot be read).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SkipClass {
    Rule,
    Invalid,
}

/// One row that was not imported, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Problem {
    pub line: u32,
    /// 1-based field number for CSV; character column for JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    pub class: SkipClass,
    pub reason: &'static str,
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

/// A file that could not be read at all.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ImportError {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.file, self.line, self.column, self.message)
    }
}

impl std::error::Error for ImportError {}

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
    /// Counts of skipped rows by class and reason.
    pub skipped: BTreeMap<(SkipClass, &'static str), usize>,
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
    /// Rows of a block that group with rows of other blocks (see [`ImportOptions::part_of_file`]),
    /// not yet imported or skipped: joining the blocks groups them.
    pub pending: vendor::Pending,
}

impl FileImport {
    pub fn imported(&self) -> usize {
        self.deployments.len() + self.incidents.len() + self.team_rows + self.commit_times.len()
    }

    pub fn skipped_total(&self) -> usize {
        self.skipped.values().sum()
    }

    pub fn skipped_by(&self, class: SkipClass) -> usize {
        self.skipped.iter().filter(|((c, _), _)| *c == class).map(|(_, n)| n).sum()
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

    /// Rows skipped and values dropped because their times cannot be right (before 1990, after
    /// 2100, lead times over ten years).
    pub fn implausible(&self) -> usize {
        self.skipped.get(&(SkipClass::Invalid, "implausible time")).copied().unwrap_or(0)
            + [Note::ImplausibleCommitTime, Note::ImplausibleResolution, Note::LeadTimeOverTenYears]
                .iter()
                .map(|n| self.notes.count(*n))
                .sum::<usize>()
    }

    /// Everything a user should hear about this file that is not one skipped row: a file without
    /// rows, a file of another kind than the user said, values dropped or changed, and the
    /// importer's own warnings.
    pub fn all_warnings(&self) -> Vec<FileWarning> {
        let mut out = Vec::new();
        if self.rows_read == 0 {
            out.push(notes::no_rows());
        } else if self.imported() > 0 {
            out.extend(notes::other_kind(self.hint, self.kind, self.format.label()));
        }
        out.extend(self.notes.warnings());
        out.extend(self.warnings.iter().cloned());
        out
    }
}

/// Imports one file. `file_index` is stored in every record's [`Source`].
pub fn import_file(name: &str, bytes: &[u8], file_index: u32, opts: &ImportOptions) -> Result<FileImport, ImportError> {
    let unpacked;
    let bytes = if read::is_gzip(bytes) {
        unpacked =
            read::gunzip(bytes).map_err(|m| ImportError { file: name.to_string(), line: 0, column: 0, message: m })?;
        &unpacked[..]
    } else {
        bytes
    };
    let text = read::decode_text(bytes).map_err(|(line, column, message)| ImportError {
        file: name.to_string(),
        line,
        column,
        message,
    })?;
    if opts.format.is_none()
        && let Some((format, reason)) = empty_export(&text)
    {
        // Nothing to read: zero rows, which the file's warnings say (a source that returned nothing).
        return Ok(Collector::new(name, file_index, format, reason.into(), opts).finish());
    }
    let (format, reason) = match opts.format {
        Some(f) => (f, "chosen by the user".to_string()),
        None => detect(name, &text, opts.hint, opts.mapping.is_some()).map_err(|message| ImportError {
            file: name.to_string(),
            line: 1,
            column: 1,
            message,
        })?,
    };
    let mut c = Collector::new(name, file_index, format, reason, opts);
    let result = detect::run(format, &text, &mut c);
    match result {
        Ok(()) => Ok(c.finish()),
        Err(e) => Err(ImportError { file: name.to_string(), line: e.line, column: e.column, message: e.message }),
    }
}

/// A file with nothing in it, or only empty JSON lists (`[]`, pages of `[]` back to back): the
/// format it is read as, and why.
fn empty_export(text: &str) -> Option<(Format, &'static str)> {
    let t = text.trim();
    if t.is_empty() {
        return Some((Format::CanonicalCsv, "an empty file"));
    }
    let mut rest = t;
    while let Some(r) = rest.strip_prefix('[') {
        rest = r.trim_start().strip_prefix(']')?.trim_start();
    }
    rest.is_empty().then_some((Format::CanonicalJson, "an empty list"))
}

/// A fatal error inside a format module, before the file name is attached.
#[derive(Clone, Debug, PartialEq)]
pub struct FormatError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl FormatError {
    pub fn new(line: u32, column: u32, message: impl Into<String>) -> FormatError {
        FormatError { line, column, message: message.into() }
    }
}

/// Receives the records of one file and keeps the books.
pub struct Collector<'a> {
    pub opts: &'a ImportOptions,
    pub names: Names,
    file: u32,
    out: FileImport,
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
                pending: vendor::Pending::default(),
            },
            cutoff: Cutoffs::NONE,
            cleaned: 0,
        }
    }

    /// Goes on collecting into an import (the join of a file's blocks).
    fn resume(mut out: FileImport, file: u32, opts: &'a ImportOptions) -> Collector<'a> {
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
            self.skip(line, None, SkipClass::Rule, "not production", detail);
        } else if !is_success_status(d.status.as_deref()) {
            let detail = format!("status {:?}", d.status.as_deref().unwrap_or(""));
            self.skip(line, None, SkipClass::Rule, "not a success", detail);
        } else if !plausible(d.deployed_at) {
            self.skip(line, None, SkipClass::Invalid, "implausible time", implausible("deployed_at", d.deployed_at));
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
            self.skip(line, None, SkipClass::Invalid, "implausible time", implausible("started_at", i.started_at));
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
    fn note_cleaned_names(&mut self, line: u32) {
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
    pub fn skip(&mut self, line: u32, column: Option<u32>, class: SkipClass, reason: &'static str, detail: String) {
        self.note_cleaned_names(line);
        *self.out.skipped.entry((class, reason)).or_default() += 1;
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

    fn finish(mut self) -> FileImport {
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
        let dropped = dedup_deployments(&mut self.out.deployments);
        for d in dropped {
            let detail = format!("id {:?} appears again with a later or equal time", d.id);
            self.skip(d.source.line, None, SkipClass::Rule, "duplicate id", detail);
        }
        let merged = dedup_incidents(&mut self.out.incidents);
        for i in merged {
            let detail = format!("id {:?} merged into one incident", i.id);
            self.skip(i.source.line, None, SkipClass::Rule, "duplicate id", detail);
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

/// Joins the imports of consecutive blocks of one file (see [`ImportOptions::line_offset`]) into
/// the import of the whole file, as if it had been read at once.
pub fn merge_parts(parts: Vec<FileImport>, max_examples: usize) -> Option<FileImport> {
    pace::at_once(merge_parts_paced(parts, max_examples, pace::no_pause))
}

/// [`merge_parts`] in steps: `pause(fraction_done)` is awaited every few thousand records.
pub async fn merge_parts_paced<P, F>(parts: Vec<FileImport>, max_examples: usize, pause: P) -> Option<FileImport>
where
    P: FnMut(f64) -> F,
    F: Future<Output = ()>,
{
    let total: usize = parts.iter().map(|p| p.deployments.len()).sum();
    let records: usize = parts.iter().map(|p| p.deployments.len() + p.incidents.len()).sum();
    let mut pacer = Pacer::new(records + total, pause);
    let devlake: usize = parts.iter().map(|p| p.pending.devlake.len()).sum();
    let mut it = parts.into_iter();
    let mut out = it.next()?;
    out.deployments.reserve_exact(total - out.deployments.len());
    out.pending.devlake.reserve_exact(devlake - out.pending.devlake.len());
    for mut p in it {
        pacer.tick_n(p.deployments.len() + p.incidents.len()).await;
        out.rows_read += p.rows_read;
        out.deployments.append(&mut p.deployments);
        out.incidents.append(&mut p.incidents);
        out.teams.extend(&p.teams);
        out.team_rows += p.team_rows;
        out.commit_times.append(&mut p.commit_times);
        for (k, n) in p.skipped {
            *out.skipped.entry(k).or_default() += n;
        }
        out.problems.append(&mut p.problems);
        out.notes.append(p.notes);
        for w in p.warnings {
            if !out.warnings.contains(&w) {
                out.warnings.push(w);
            }
        }
        if out.kind != p.kind {
            out.kind = RecordKind::Mixed;
        }
        out.cross_references |= p.cross_references;
        out.pending.append(&mut p.pending);
    }
    // Each part kept its first problems; so are the first of them all.
    let mut cutoff = trim_problems(&mut out.problems, max_examples);
    let mut offer = |problems: &mut Vec<Problem>, line: u32, detail: &dyn Fn() -> String| {
        let problem =
            || Problem { line, column: None, class: SkipClass::Rule, reason: "duplicate id", detail: detail() };
        offer_problem(problems, &mut cutoff, max_examples, SkipClass::Rule, line, problem);
    };
    for d in dedup_deployments_paced(&mut out.deployments, &mut pacer).await {
        *out.skipped.entry((SkipClass::Rule, "duplicate id")).or_default() += 1;
        offer(&mut out.problems, d.source.line, &|| format!("id {:?} appears again with a later or equal time", d.id));
    }
    for i in dedup_incidents_paced(&mut out.incidents, &mut pacer).await {
        *out.skipped.entry((SkipClass::Rule, "duplicate id")).or_default() += 1;
        offer(&mut out.problems, i.source.line, &|| format!("id {:?} merged into one incident", i.id));
    }
    trim_problems(&mut out.problems, max_examples);
    Some(out)
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
fn offer_problem(
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
fn trim_problems(problems: &mut Vec<Problem>, max: usize) -> Cutoffs {
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

/// A fast, non-cryptographic hash for id maps (FxHash).
///
/// ```
/// use std::hash::{BuildHasher, Hasher};
/// let b = doralens::core::import::FxBuild::default();
/// // Keys that differ only in high bits still land in different low bits.
/// let (x, y) = (b.hash_one(1u64 << 60), b.hash_one(2u64 << 60));
/// assert_ne!(x & 0xffff, y & 0xffff);
/// ```
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn finish(&self) -> u64 {
        // A multiply only moves entropy up, and hash tables index with the low bits: finish with
        // splitmix64's avalanche so keys that differ only in high bits (masked sha prefixes) spread.
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            h = (h.rotate_left(5) ^ v).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
        self.0 = h;
    }
    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(i)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, i: usize) {
        self.0 = (self.0.rotate_left(5) ^ i as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

pub type FxBuild = std::hash::BuildHasherDefault<FxHasher>;
pub type FxMap<K, V> = HashMap<K, V, FxBuild>;

/// Keeps one deployment per id: the one with the latest `deployed_at` (the later row on a tie).
/// Returns the dropped ones.
pub fn dedup_deployments(deps: &mut Vec<Deployment>) -> Vec<Deployment> {
    pace::at_once(dedup_deployments_paced(deps, &mut Pacer::new(deps.len(), pace::no_pause)))
}

/// [`dedup_deployments`], ticking `pacer` once per deployment.
pub async fn dedup_deployments_paced<P, F>(deps: &mut Vec<Deployment>, pacer: &mut Pacer<P>) -> Vec<Deployment>
where
    P: FnMut(f64) -> F,
    F: Future<Output = ()>,
{
    let mut keep: FxMap<&str, u32> = FxMap::with_capacity_and_hasher(deps.len(), FxBuild::default());
    let mut drop_idx: Vec<u32> = Vec::new();
    let all: &[Deployment] = deps;
    pacer
        .each(all, |i, d| match keep.entry(&d.id) {
            Entry::Vacant(v) => {
                v.insert(i as u32);
            }
            Entry::Occupied(mut o) => {
                let k = o.get_mut();
                if d.deployed_at >= all[*k as usize].deployed_at {
                    drop_idx.push(*k);
                    *k = i as u32;
                } else {
                    drop_idx.push(i as u32);
                }
            }
        })
        .await;
    drop(keep);
    if drop_idx.is_empty() {
        return Vec::new();
    }
    sort::sort_indices(&mut drop_idx, &|a, b| a.cmp(&b));
    let mut dropped = Vec::with_capacity(drop_idx.len());
    let mut next = drop_idx.iter().peekable();
    let mut i = 0u32;
    deps.retain(|d| {
        let gone = next.peek() == Some(&&i);
        if gone {
            next.next();
            dropped.push(d.clone());
        }
        i += 1;
        !gone
    });
    dropped
}

/// Merges incidents with the same id into one: the earliest start, the latest resolution, and the
/// first non-empty value of every other field. Returns the rows merged away.
pub fn dedup_incidents(incs: &mut Vec<Incident>) -> Vec<Incident> {
    pace::at_once(dedup_incidents_paced(incs, &mut Pacer::new(incs.len(), pace::no_pause)))
}

/// [`dedup_incidents`], ticking `pacer` once per incident.
pub async fn dedup_incidents_paced<P, F>(incs: &mut Vec<Incident>, pacer: &mut Pacer<P>) -> Vec<Incident>
where
    P: FnMut(f64) -> F,
    F: Future<Output = ()>,
{
    // First pass: where each incident goes (the index of the first one with its id).
    let mut first: FxMap<&str, usize> = FxMap::with_capacity_and_hasher(incs.len(), FxBuild::default());
    let mut target: Vec<usize> = Vec::with_capacity(incs.len());
    pacer.each(incs, |i, inc| target.push(*first.entry(&inc.id).or_insert(i))).await;
    drop(first);
    if target.iter().enumerate().all(|(i, &t)| i == t) {
        return Vec::new();
    }
    let mut merged = Vec::new();
    let mut slots: Vec<Option<Incident>> = incs.drain(..).map(Some).collect();
    for i in 0..slots.len() {
        let t = target[i];
        if t == i {
            continue;
        }
        let Some(inc) = slots[i].take() else { continue };
        if let Some(o) = slots[t].as_mut() {
            o.started_at = o.started_at.min(inc.started_at);
            o.resolved_at = match (o.resolved_at, inc.resolved_at) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            };
            o.team = o.team.take().or_else(|| inc.team.clone());
            o.service = o.service.take().or_else(|| inc.service.clone());
            o.severity = o.severity.take().or_else(|| inc.severity.clone());
            o.caused_by = o.caused_by.take().or_else(|| inc.caused_by.clone());
            o.title = o.title.take().or_else(|| inc.title.clone());
        }
        merged.push(inc);
    }
    *incs = slots.into_iter().flatten().collect();
    merged
}

/// Merges the files of one load into a dataset (copying the records; see [`into_dataset`]).
pub fn build_dataset(files: &[FileImport]) -> (Dataset, Vec<String>) {
    let files: Vec<&FileImport> = files.iter().collect();
    pace::at_once(build_dataset_paced(&files, pace::no_pause))
}

/// [`build_dataset`] in steps: copying and merging pause every few thousand records.
pub async fn build_dataset_paced<P, F>(files: &[&FileImport], pause: P) -> (Dataset, Vec<String>)
where
    P: FnMut(f64) -> F,
    F: Future<Output = ()>,
{
    // Rows a block handed on are grouped when the blocks are joined, never left for here.
    debug_assert!(files.iter().all(|f| f.pending.is_empty()), "a block import was not joined");
    let records: usize = files.iter().map(|f| f.deployments.len() + f.incidents.len()).sum();
    let mut pacer = Pacer::new(2 * records, pause);
    let mut copies = Vec::with_capacity(files.len());
    for &f in files {
        let mut copy = FileImport {
            name: f.name.clone(),
            format: f.format,
            reason: f.reason.clone(),
            kind: f.kind,
            rows_read: f.rows_read,
            deployments: Vec::with_capacity(f.deployments.len()),
            incidents: Vec::with_capacity(f.incidents.len()),
            teams: f.teams.clone(),
            team_rows: f.team_rows,
            commit_times: f.commit_times.clone(),
            skipped: f.skipped.clone(),
            problems: Vec::new(),
            hint: f.hint,
            notes: Notes::default(),
            warnings: Vec::new(),
            cross_references: f.cross_references,
            pending: vendor::Pending::default(),
        };
        pacer.each(&f.deployments, |_, d| copy.deployments.push(d.clone())).await;
        pacer.each(&f.incidents, |_, i| copy.incidents.push(i.clone())).await;
        copies.push(copy);
    }
    into_dataset_paced(copies, &mut pacer).await
}

/// Merges the files of one load into a dataset: applies team maps, fills commit times from change
/// files, and removes duplicate ids across files. Deployments come out sorted by (deployed_at, id).
/// Returns warnings for what it changed.
pub fn into_dataset(files: Vec<FileImport>) -> (Dataset, Vec<String>) {
    let n = files.iter().map(|f| f.deployments.len()).sum();
    pace::at_once(into_dataset_paced(files, &mut Pacer::new(n, pace::no_pause)))
}

/// [`into_dataset`], ticking `pacer` in its passes over the records.
async fn into_dataset_paced<P, F>(files: Vec<FileImport>, pacer: &mut Pacer<P>) -> (Dataset, Vec<String>)
where
    P: FnMut(f64) -> F,
    F: Future<Output = ()>,
{
    let mut warnings = Vec::new();
    let mut data = Dataset::default();
    let mut teams = TeamMap::default();
    let mut commit_times: FxMap<Box<str>, i64> = FxMap::default();
    let n: usize = files.iter().map(|f| f.deployments.len()).sum();
    let with_deployments = files.iter().filter(|f| !f.deployments.is_empty()).count();
    let names: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
    for mut f in files {
        if data.deployments.is_empty() {
            data.deployments = std::mem::take(&mut f.deployments);
            data.deployments.reserve(n - data.deployments.len());
        } else {
            data.deployments.append(&mut f.deployments);
        }
        data.incidents.append(&mut f.incidents);
        teams.extend(&f.teams);
        for (sha, at) in f.commit_times {
            commit_times.insert(sha, at);
        }
    }
    if !commit_times.is_empty() {
        // Change files' commit times pass the checks a deployment's own commit times pass.
        let mut dropped = 0usize;
        for d in &mut data.deployments {
            for c in &mut d.commits {
                if c.committed_at.is_none() {
                    c.committed_at = commit_times.get(&c.sha).copied();
                    if c.committed_at.is_some_and(|t| !plausible(t) || d.deployed_at - t > TEN_YEARS_MS) {
                        c.committed_at = None;
                        dropped += 1;
                    }
                }
            }
        }
        if dropped > 0 {
            warnings.push(format!(
                "{dropped} commit time(s) from change files were before 1990, after 2100 or over ten years before \
                 their deployment, and were dropped"
            ));
        }
    }
    if with_deployments > 1 {
        pacer.add_total(n);
        let dropped = dedup_deployments_paced(&mut data.deployments, pacer).await;
        if let Some(first) = dropped.first() {
            let file = names.get(first.source.file as usize).map_or("?", String::as_str);
            warnings.push(format!(
                "{} deployment id(s) appear in more than one file; kept the latest of each (first: {:?} in {} line {})",
                dropped.len(),
                first.id,
                file,
                first.source.line
            ));
        }
    }
    pacer.add_total(data.incidents.len());
    let merged = dedup_incidents_paced(&mut data.incidents, pacer).await;
    if !merged.is_empty() {
        warnings.push(format!(
            "{} incident id(s) appear in more than one file; merged each into one incident",
            merged.len()
        ));
    }
    let unmapped = teams.apply(&mut data.deployments, &mut data.incidents);
    if !unmapped.is_empty() {
        let shown: Vec<_> = unmapped.iter().take(10).map(String::as_str).collect();
        warnings.push(format!(
            "{} service name(s) have no team in the teams mapping and stay as they are: {}{}",
            unmapped.len(),
            shown.join(", "),
            if unmapped.len() > 10 { ", …" } else { "" }
        ));
    }
    pacer.add_total(data.deployments.len() * 4);
    pace::sort_paced(&mut data.deployments, deployment_order, pacer).await;
    pace::sort_paced(&mut data.incidents, incident_order, pacer).await;
    data.files = names;
    (data, warnings)
}

/// The order of deployments everywhere: by time, then id, then file and line (a total order, so
/// an unstable sort gives what a stable one would on rows read in file order).
fn deployment_order(a: &Deployment, b: &Deployment) -> std::cmp::Ordering {
    a.deployed_at.cmp(&b.deployed_at).then_with(|| cmp_ids(&a.id, &b.id)).then(a.source.cmp(&b.source))
}

/// The order of incidents everywhere: by start, then id, then file and line.
pub fn incident_order(a: &Incident, b: &Incident) -> std::cmp::Ordering {
    a.started_at.cmp(&b.started_at).then_with(|| cmp_ids(&a.id, &b.id)).then(a.source.cmp(&b.source))
}

/// Problems in file order: by line and column, then reason (one row has at most one problem).
fn problem_order(a: &Problem, b: &Problem) -> std::cmp::Ordering {
    (a.line, a.column, a.class, a.reason, &a.detail).cmp(&(b.line, b.column, b.class, b.reason, &b.detail))
}

/// Sorts deployments by (deployed_at, id), skipping the work when they already are (exports
/// usually are).
pub fn sort_deployments(deps: &mut Vec<Deployment>) {
    sort::sort_by(deps, deployment_order);
}

//! Notes about a file that are not one skipped row: values an import dropped or changed, and what
//! the file as a whole looks like. Counted exactly, with the line of the first case, so a user
//! hears of every one of them (docs/imports.md, "Warnings").

use super::{Hint, RecordKind};
use std::fmt;

/// A kind of note, counted per file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Note {
    /// A commit time before 1990 or after 2100: the value is dropped.
    ImplausibleCommitTime,
    /// A resolution time before 1990 or after 2100: the value is dropped (the incident is open).
    ImplausibleResolution,
    /// A commit more than ten years before its deployment: the value is dropped.
    LeadTimeOverTenYears,
    /// An incident resolved before it started: it gives no recovery time.
    ResolvedBeforeStart,
    /// Control characters (NUL and friends) in a name: removed.
    ControlCharacters,
}

impl Note {
    const ALL: [Note; 5] = [
        Note::ImplausibleCommitTime,
        Note::ImplausibleResolution,
        Note::LeadTimeOverTenYears,
        Note::ResolvedBeforeStart,
        Note::ControlCharacters,
    ];

    /// What the note says, for `count` cases.
    fn text(self, count: usize) -> String {
        let n = count;
        let s = if n == 1 { "" } else { "s" };
        match self {
            Note::ImplausibleCommitTime => {
                format!("{n} commit time{s} before 1990 or after 2100 dropped (no lead time from them)")
            }
            Note::ImplausibleResolution => {
                format!("{n} resolution time{s} before 1990 or after 2100 dropped (those incidents count as open)")
            }
            Note::LeadTimeOverTenYears => {
                format!("{n} lead time{s} over ten years dropped (a commit time that cannot be right)")
            }
            Note::ResolvedBeforeStart => {
                format!("{n} incident{s} resolved before {} started: no recovery time from them", pron(n))
            }
            Note::ControlCharacters => format!("control characters (NUL and friends) removed from {n} name{s}"),
        }
    }
}

fn pron(n: usize) -> &'static str {
    if n == 1 { "it" } else { "they" }
}

/// How often a note applied, and its first case in file order.
#[derive(Clone, Debug, PartialEq)]
pub struct Noted {
    pub count: usize,
    /// The line of the first case.
    pub line: u32,
    /// What the first case was ("INC-7: resolved 2025-03-01T09:00:00Z, started 2025-03-01T10:00:00Z").
    pub example: String,
}

/// Every note of one file, by [`Note`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Notes([Option<Noted>; 5]);

impl Notes {
    /// Counts a case of `note` on `line`; `example` is asked for only when it may be the first.
    pub fn add(&mut self, note: Note, line: u32, example: impl FnOnce() -> String) {
        let slot = &mut self.0[note as usize];
        match slot {
            Some(n) => {
                n.count += 1;
                if line < n.line {
                    n.line = line;
                    n.example = example();
                }
            }
            None => *slot = Some(Noted { count: 1, line, example: example() }),
        }
    }

    /// Adds the notes of the next block of the same file.
    pub fn append(&mut self, other: Notes) {
        for (slot, o) in self.0.iter_mut().zip(other.0) {
            match (slot.as_mut(), o) {
                (Some(n), Some(o)) => {
                    n.count += o.count;
                    if o.line < n.line {
                        n.line = o.line;
                        n.example = o.example;
                    }
                }
                (None, o) => *slot = o,
                (Some(_), None) => {}
            }
        }
    }

    /// Moves every line by `offset` (a block's lines to the file's).
    pub fn offset(&mut self, offset: u32) {
        self.0.iter_mut().flatten().for_each(|n| n.line += offset);
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(Option::is_none)
    }

    pub fn count(&self, note: Note) -> usize {
        self.0[note as usize].as_ref().map_or(0, |n| n.count)
    }

    pub fn iter(&self) -> impl Iterator<Item = (Note, &Noted)> {
        Note::ALL.into_iter().zip(&self.0).filter_map(|(k, v)| Some((k, v.as_ref()?)))
    }

    /// The notes as warnings, in the order of [`Note`].
    pub fn warnings(&self) -> impl Iterator<Item = FileWarning> + '_ {
        self.iter().map(|(note, n)| FileWarning {
            line: n.line,
            text: format!("{} (first: {})", note.text(n.count), n.example),
        })
    }
}

/// A warning about a file: where it applies first (line 0: the file as a whole) and what it says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileWarning {
    pub line: u32,
    pub text: String,
}

impl FileWarning {
    pub fn whole_file(text: impl Into<String>) -> FileWarning {
        FileWarning { line: 0, text: text.into() }
    }

    /// `file:line: text`, or `file: text` for the file as a whole.
    pub fn located(&self, file: &str) -> String {
        if self.line > 0 { format!("{file}:{}: {}", self.line, self.text) } else { format!("{file}: {}", self.text) }
    }
}

impl fmt::Display for FileWarning {
    /// `line N: text`, or the text alone for the file as a whole (for the dashboard's file list).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 { write!(f, "line {}: {}", self.line, self.text) } else { f.write_str(&self.text) }
    }
}

/// What detection says of a `doralens pull` folder's `manifest.json` (a file dropped with the rest
/// of the folder), and the note its import gives instead of "no rows".
pub const PULL_MANIFEST: &str = "the manifest of a `doralens pull` (what was pulled, not records)";

/// The note for a file that holds no rows: a header alone, an empty list, or nothing.
pub fn no_rows() -> FileWarning {
    FileWarning { line: 1, text: "no rows in this file".into() }
}

/// The note for a file given as one kind that holds another (`--deploys incidents.csv`), or `None`
/// when the content fits what the user said.
pub fn other_kind(hint: Hint, found: RecordKind, format_label: &str) -> Option<FileWarning> {
    let given = match hint {
        Hint::Deployments => "deployments",
        Hint::Incidents => "incidents",
        Hint::Teams => "a teams mapping",
        Hint::Any => return None,
    };
    let fits = matches!(
        (hint, found),
        (Hint::Deployments, RecordKind::Deployments | RecordKind::Mixed)
            | (Hint::Incidents, RecordKind::Incidents | RecordKind::Mixed)
            | (Hint::Teams, RecordKind::Teams)
    );
    let what = match found {
        RecordKind::Deployments => "deployments",
        RecordKind::Incidents => "incidents",
        RecordKind::Teams => "a teams mapping",
        RecordKind::Mixed => "deployments and incidents",
    };
    (!fits).then(|| {
        FileWarning::whole_file(format!(
            "given as {given}, but it holds {what} ({format_label}): read as {what}; \
             if that is wrong, choose the format (--input-format, or the file's format menu)"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_count_every_case_and_keep_the_first() {
        let mut a = Notes::default();
        a.add(Note::ResolvedBeforeStart, 9, || "b".into());
        a.add(Note::ResolvedBeforeStart, 4, || "a".into());
        let mut b = Notes::default();
        b.add(Note::ResolvedBeforeStart, 2, || "c".into());
        b.add(Note::ControlCharacters, 3, || "d".into());
        b.offset(10);
        a.append(b);
        assert_eq!(a.count(Note::ResolvedBeforeStart), 3);
        let w: Vec<String> = a.warnings().map(|w| w.located("f.csv")).collect();
        assert_eq!(
            w,
            [
                "f.csv:4: 3 incidents resolved before they started: no recovery time from them (first: a)",
                "f.csv:13: control characters (NUL and friends) removed from 1 name (first: d)",
            ]
        );
    }

    #[test]
    fn a_file_of_another_kind_is_named() {
        let w = other_kind(Hint::Deployments, RecordKind::Incidents, "PagerDuty incidents (API)").map(|w| w.text);
        assert_eq!(
            w.as_deref(),
            Some(
                "given as deployments, but it holds incidents (PagerDuty incidents (API)): read as incidents; \
                 if that is wrong, choose the format (--input-format, or the file's format menu)"
            )
        );
        assert_eq!(other_kind(Hint::Deployments, RecordKind::Mixed, "Canonical CSV"), None);
        assert_eq!(other_kind(Hint::Any, RecordKind::Teams, "Teams mapping (CSV)"), None);
        assert!(other_kind(Hint::Incidents, RecordKind::Teams, "Teams mapping (CSV)").is_some());
    }
}

//! Why a row was not imported: its reason, whose text is what users read, and its class (a rule
//! says the row is not what the metrics count, or the row is broken).

use serde::Serialize;
use std::cmp::Ordering;
use std::fmt;

/// Skipped because a rule says the row is not a deployment (not production, a failed attempt, a
/// draft), or because the row is broken (no id, a time that cannot be read).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SkipClass {
    Rule,
    Invalid,
}

/// Why a row was not imported. Its [`fmt::Display`] is the text users read (in the file list,
/// `doralens inspect`, warnings); reasons order by class (rules first), then by that text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SkipReason {
    // Rules: the row is real, but not what the metrics count.
    NotProduction,
    NotASuccess,
    DuplicateId,
    InProgress,
    FailedAttempt,
    NoSuccessStatus,
    DraftRelease,
    PreRelease,
    NotADeploymentWorkflow,
    NotTheDefaultBranch,
    /// An issue or record whose type is not an incident.
    NotAnIncidentType,
    CanceledIncident,
    MergedIntoDeployment,
    /// Incident tools: an incident merged into another, or suppressed as noise.
    MergedOrSuppressed,
    /// Incident tools: a test or example incident.
    TestIncident,
    /// Statuspage: a scheduled maintenance, not an incident.
    ScheduledMaintenance,
    /// Event-log exports (one row per update): an earlier row of an incident whose latest row is imported.
    EarlierUpdate,
    /// A build without a start time (Jenkins: no `timestamp`): it never ran.
    NoTimestamp,
    /// An event of a log of events that is not about a deployment (Four Keys' push events).
    NotADeploymentEvent,
    // Invalid: the row is broken.
    MissingId,
    MissingTime,
    MissingName,
    UnparseableTime,
    /// A numeric date such as 05-03-2016 that reads as two days, in a file that does not say which.
    AmbiguousDate,
    UnparseableNumber,
    ImplausibleTime,
    BrokenRecord,
    NotValidJson,
    NotARecord,
    NotAName,
    NotADeployment,
    NotADeploymentObject,
    /// A value where an incident object should be.
    NotAnIncident,
    NotAnIncidentObject,
    NotAnIssue,
    NotARelease,
    NotAWorkflowRun,
    NotABuild,
    NotAJob,
    NotAHistoryEntry,
    NotAnApplication,
    NotAPageOfIncidents,
    NotAPageOfIssues,
    NotAPageOfWorkflowRuns,
}

impl SkipReason {
    /// Every reason.
    pub const ALL: &'static [SkipReason] = &[
        SkipReason::NotProduction,
        SkipReason::NotASuccess,
        SkipReason::DuplicateId,
        SkipReason::InProgress,
        SkipReason::FailedAttempt,
        SkipReason::NoSuccessStatus,
        SkipReason::DraftRelease,
        SkipReason::PreRelease,
        SkipReason::NotADeploymentWorkflow,
        SkipReason::NotTheDefaultBranch,
        SkipReason::NotAnIncidentType,
        SkipReason::CanceledIncident,
        SkipReason::MergedIntoDeployment,
        SkipReason::MergedOrSuppressed,
        SkipReason::TestIncident,
        SkipReason::ScheduledMaintenance,
        SkipReason::EarlierUpdate,
        SkipReason::NoTimestamp,
        SkipReason::NotADeploymentEvent,
        SkipReason::MissingId,
        SkipReason::MissingTime,
        SkipReason::MissingName,
        SkipReason::UnparseableTime,
        SkipReason::AmbiguousDate,
        SkipReason::UnparseableNumber,
        SkipReason::ImplausibleTime,
        SkipReason::BrokenRecord,
        SkipReason::NotValidJson,
        SkipReason::NotARecord,
        SkipReason::NotAName,
        SkipReason::NotADeployment,
        SkipReason::NotADeploymentObject,
        SkipReason::NotAnIncident,
        SkipReason::NotAnIncidentObject,
        SkipReason::NotAnIssue,
        SkipReason::NotARelease,
        SkipReason::NotAWorkflowRun,
        SkipReason::NotABuild,
        SkipReason::NotAJob,
        SkipReason::NotAHistoryEntry,
        SkipReason::NotAnApplication,
        SkipReason::NotAPageOfIncidents,
        SkipReason::NotAPageOfIssues,
        SkipReason::NotAPageOfWorkflowRuns,
    ];

    /// The text users read.
    pub fn text(self) -> &'static str {
        use SkipReason::*;
        match self {
            NotProduction => "not production",
            NotASuccess => "not a success",
            DuplicateId => "duplicate id",
            InProgress => "in progress",
            FailedAttempt => "failed attempt",
            NoSuccessStatus => "no success status",
            DraftRelease => "draft release",
            PreRelease => "pre-release",
            NotADeploymentWorkflow => "not a deployment workflow",
            NotTheDefaultBranch => "not the default branch",
            NotAnIncidentType | NotAnIncident => "not an incident",
            CanceledIncident => "canceled incident",
            MergedIntoDeployment => "merged into deployment",
            MergedOrSuppressed => "merged or suppressed",
            TestIncident => "test incident",
            ScheduledMaintenance => "scheduled maintenance",
            EarlierUpdate => "earlier update of an incident",
            NoTimestamp => "no timestamp",
            NotADeploymentEvent => "not a deployment event",
            MissingId => "missing id",
            MissingTime => "missing time",
            MissingName => "missing name",
            UnparseableTime => "unparseable time",
            AmbiguousDate => "ambiguous date",
            UnparseableNumber => "unparseable number",
            ImplausibleTime => "implausible time",
            BrokenRecord => "broken record",
            NotValidJson => "not valid JSON",
            NotARecord => "not a record",
            NotAName => "not a name",
            NotADeployment => "not a deployment",
            NotADeploymentObject => "not a deployment object",
            NotAnIncidentObject => "not an incident object",
            NotAnIssue => "not an issue",
            NotARelease => "not a release",
            NotAWorkflowRun => "not a workflow run",
            NotABuild => "not a build",
            NotAJob => "not a job",
            NotAHistoryEntry => "not a history entry",
            NotAnApplication => "not an application",
            NotAPageOfIncidents => "not a page of incidents",
            NotAPageOfIssues => "not a page of issues",
            NotAPageOfWorkflowRuns => "not a page of workflow runs",
        }
    }

    /// The reason whose text (and class) this is, for tests and tools that read reasons back.
    pub fn find(text: &str, class: SkipClass) -> Option<SkipReason> {
        SkipReason::ALL.iter().copied().find(|r| r.text() == text && r.class() == class)
    }

    /// A rule skip, or a broken row.
    pub fn class(self) -> SkipClass {
        use SkipReason::*;
        match self {
            NotProduction
            | NotASuccess
            | DuplicateId
            | InProgress
            | FailedAttempt
            | NoSuccessStatus
            | DraftRelease
            | PreRelease
            | NotADeploymentWorkflow
            | NotTheDefaultBranch
            | NotAnIncidentType
            | CanceledIncident
            | MergedIntoDeployment
            | MergedOrSuppressed
            | TestIncident
            | ScheduledMaintenance
            | EarlierUpdate
            | NoTimestamp
            | NotADeploymentEvent => SkipClass::Rule,
            _ => SkipClass::Invalid,
        }
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text())
    }
}

impl Ord for SkipReason {
    /// Rules first, then broken rows, each by text, as users read lists of them.
    fn cmp(&self, other: &Self) -> Ordering {
        (self.class(), self.text()).cmp(&(other.class(), other.text()))
    }
}

impl PartialOrd for SkipReason {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Serialize for SkipReason {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.text())
    }
}

/// Why one row was not imported, as an importer finds it: the reason, the column where known, and
/// a detail naming the value ("deployed_at: \"soon\" is not a time").
#[derive(Clone, Debug, PartialEq)]
pub struct Bad {
    pub reason: SkipReason,
    pub column: Option<u32>,
    pub detail: String,
}

impl Bad {
    pub fn new(reason: SkipReason, detail: impl Into<String>) -> Bad {
        Bad { reason, column: None, detail: detail.into() }
    }

    /// The column, unless one is already known.
    pub fn at(mut self, column: Option<u32>) -> Bad {
        if self.column.is_none() {
            self.column = column;
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_read_as_their_text_and_order_by_it() {
        assert_eq!(SkipReason::DuplicateId.to_string(), "duplicate id");
        assert_eq!(serde_json::to_string(&SkipReason::NotValidJson).unwrap(), "\"not valid JSON\"");
        assert_eq!(SkipReason::NotAnIncidentType.class(), SkipClass::Rule);
        assert_eq!(SkipReason::NotAnIncident.class(), SkipClass::Invalid);
        assert!(SkipReason::DuplicateId < SkipReason::NotProduction);
        assert!(SkipReason::MissingId < SkipReason::UnparseableTime);
        assert!(SkipReason::NotProduction < SkipReason::BrokenRecord, "rules first");
        for r in SkipReason::ALL {
            assert_eq!(SkipReason::find(r.text(), r.class()), Some(*r), "{r:?}: one text per class");
        }
    }
}

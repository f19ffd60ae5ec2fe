//! The records a block of a large file hands on to the join of the blocks, as data: DevLake rows
//! (grouped into deployments once every block is read) and GitHub deployments with statuses
//! listed apart from them (matched once every block is read). The importers that make and
//! read them are `devlake` and `github`.

use crate::core::import::Bad;
use crate::core::model::{Incident, Name};

/// Items a block of a large file hands on to the join of the blocks ([`crate::core::import::FileImport::pending`]):
/// records that belong with records elsewhere in the file, in file order.
#[derive(Clone, Debug, Default)]
pub struct Pending {
    /// DevLake rows, one per deployment × commit.
    pub devlake: Vec<DevlakeRow>,
    /// GitHub deployments and the statuses listed apart from them.
    pub github: Vec<GithubItem>,
    /// ServiceNow rows, collapsed into one incident per number once every block is read.
    pub servicenow: Vec<ServicenowRow>,
}

impl Pending {
    pub fn is_empty(&self) -> bool {
        self.devlake.is_empty() && self.github.is_empty() && self.servicenow.is_empty()
    }

    pub(crate) fn append(&mut self, other: &mut Pending) {
        self.devlake.append(&mut other.devlake);
        self.github.append(&mut other.github);
        self.servicenow.append(&mut other.servicenow);
    }

    /// Moves a block's items to the file's lines (and, on a minified line, columns).
    pub(crate) fn offset(&mut self, line: u32, column: u32) {
        self.devlake.iter_mut().for_each(|p| p.offset_line(line));
        self.github.iter_mut().for_each(|p| p.offset(line, column));
        for r in &mut self.servicenow {
            r.line += line;
            r.column = r.column.map(|c| c + column);
            if let Some(k) = r.key.as_mut() {
                k.1.2 -= i64::from(line);
                if k.1.3 != 0 {
                    k.1.3 -= i64::from(column);
                }
            }
        }
    }
}

/// One valid row of the deployments table. A block of a large file hands its rows on ungrouped
/// ([`crate::core::import::FileImport::pending`]): a deployment's rows may be anywhere in the file.
#[derive(Clone, Debug)]
pub struct DevlakeRow {
    pub(crate) file: u32,
    pub(crate) line: u32,
    pub(crate) deployment: Box<str>,
    // The values rows repeat are shared (a large file holds a million rows).
    pub(crate) environment: Option<Name>,
    pub(crate) status: Option<Name>,
    pub(crate) result: Option<Name>,
    pub(crate) finished: Option<i64>,
    pub(crate) commit_sha: Option<Box<str>>,
    pub(crate) committed_at: Option<i64>,
    pub(crate) repo: Option<Name>,
    pub(crate) name: Option<Name>,
}

impl DevlakeRow {
    pub(crate) fn offset_line(&mut self, by: u32) {
        self.line += by;
    }
}

/// One item of a deployments file: a deployment, a status listed apart from its deployment, or
/// something else. A block of a large file hands its items on ([`crate::core::import::FileImport::pending`]) rather than
/// importing them: a status may name a deployment anywhere in the file. The whole file goes the same
/// way, so both give the same import.
#[derive(Clone, Debug)]
pub struct GithubItem {
    pub(crate) file: u32,
    pub(crate) line: u32,
    pub(crate) column: u32,
    pub(crate) item: Item,
}

impl GithubItem {
    pub(crate) fn offset(&mut self, line: u32, column: u32) {
        self.line += line;
        self.column += column;
    }
}

#[derive(Clone, Debug)]
pub(crate) enum Item {
    Deployment(Box<Dep>),
    /// A status naming its deployment (by id), read for what [`Tally`] needs.
    Status(String, Status),
    /// Not a deployment: its text, shortened.
    Odd(String),
}

/// What a deployment object says (the rest is not kept).
#[derive(Clone, Debug)]
pub(crate) struct Dep {
    pub(crate) id: Option<String>,
    pub(crate) environment: Option<String>,
    pub(crate) created_at: Result<Option<i64>, Bad>,
    pub(crate) repo_url: Option<String>,
    pub(crate) sha: Option<String>,
    /// Its embedded `statuses`.
    pub(crate) statuses: Tally,
}

/// What one status says.
#[derive(Clone, Debug)]
pub(crate) struct Status {
    pub(crate) state: String,
    /// For a success: its time (or why it cannot be read) and environment.
    pub(crate) success: Option<Result<(i64, Option<String>), Bad>>,
    pub(crate) repo_url: Option<String>,
}

/// A running summary of a deployment's statuses (in any order).
#[derive(Clone, Debug, Default)]
pub(crate) struct Tally {
    pub(crate) count: usize,
    pub(crate) first_success: Option<(i64, Option<String>)>,
    pub(crate) failure: Option<String>,
    pub(crate) pending: Option<String>,
    pub(crate) states: Vec<String>,
    /// The first success whose time cannot be read.
    pub(crate) error: Option<Bad>,
    /// A URL naming the repository.
    pub(crate) repo_url: Option<String>,
}

/// What orders the rows of one ServiceNow number: update count, update time, line and column negated.
pub(crate) type UpdateOrder = (i64, i64, i64, i64);

/// One ServiceNow row as read: its number and what orders the rows of one number (update count,
/// update time, the line and column negated), and the incident or why it is not one. A block of a large file
/// hands its rows on: the rows of one number may be anywhere in the file.
#[derive(Clone, Debug)]
pub struct ServicenowRow {
    pub(crate) file: u32,
    pub(crate) line: u32,
    pub(crate) column: Option<u32>,
    pub(crate) key: Option<(Box<str>, UpdateOrder)>,
    pub(crate) result: Result<Incident, Bad>,
}

//! What an import is told: what the user says a file holds, its zone, its format when chosen, and
//! the settings of the vendor importers.

use super::{Format, Mapping};
use crate::core::time::Zone;
use crate::core::time::numeric::{DateOrder, Inference};
use serde::Serialize;

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
    /// The order of numeric dates (`--date-format dd-mm-yyyy`) for CSV files whose values do not
    /// decide it (see [`crate::core::time::numeric`]). `None`: the column mapping's date format, if any.
    pub date_order: Option<DateOrder>,
    /// What the whole file's values say about its numeric dates, for the blocks of a large file
    /// (each block would otherwise judge by its own rows). Set by the block plans; leave it `None`.
    pub file_dates: Option<Inference>,
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
    /// The date order the user gave: `--date-format`, else the column mapping's date format.
    pub fn user_date_order(&self) -> Option<DateOrder> {
        self.date_order.or_else(|| self.mapping.as_ref()?.date_format.as_deref().and_then(DateOrder::from_user))
    }

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
            date_order: None,
            file_dates: None,
            max_examples: 200,
            line_offset: 0,
            column_offset: 0,
            part_of_file: false,
        }
    }
}

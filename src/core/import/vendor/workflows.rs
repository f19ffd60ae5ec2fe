//! The end of a file's CI runs: the file keeps their tally and, read whole, gets the warning when
//! none counted (see [`crate::core::import::runs`]).

use crate::core::import::runs::Seen;
use crate::core::import::{Collector, WorkflowFilter};

/// Ends a file's (or a block's) runs: `what` names them ("workflow runs", "builds"). The file
/// keeps the tally ([`crate::core::import::FileImport::workflows_seen`]) and, when none of its
/// runs counted because of the name or branch filter, gets a warning; a block leaves the
/// warning to the join of the blocks, which warns once for the file.
pub(crate) fn finish(mut seen: Seen, what: &'static str, filter: &WorkflowFilter, c: &mut Collector) {
    seen.set(what, filter);
    if !c.opts.part_of_file
        && let Some(w) = seen.warning()
    {
        c.warn(w);
    }
    c.out.runs = Some(Box::new(seen));
}

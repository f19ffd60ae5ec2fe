//! Element ids that more than one place of the UI names (the element, its label, a link to it,
//! a script that focuses it): one constant each, so they never drift apart.

/// The main content, the target of the "skip to content" link.
pub const MAIN: &str = "main";
/// The data panel, and its heading.
pub const DATA_PANEL: &str = "data";
pub const DATA_HEADING: &str = "data-h";
/// The hidden file input every "choose files" button opens.
pub const FILE_INPUT: &str = "file-input";
/// The deployments drill-down's heading (a linked incident scrolls to it).
pub const DEPLOYMENTS_HEADING: &str = "deployments-h";
/// The export menu (closed by a click elsewhere).
pub const EXPORT_MENU: &str = "export-menu";

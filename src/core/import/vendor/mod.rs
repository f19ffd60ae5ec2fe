//! Importers for the exports of real tools. Each module reads one vendor's shapes into the canonical model.

use super::detect::{Format, Sniff};
use super::{Collector, FormatError, Hint};

/// Detects a vendor format from a file's first bytes. `None`: not a vendor format.
pub fn detect(_s: &Sniff, _name: &str, _hint: Hint) -> Option<(Format, String)> {
    None
}

/// Runs the importer of a vendor format.
pub fn run(format: Format, _text: &str, _c: &mut Collector) -> Result<(), FormatError> {
    Err(FormatError::new(1, 1, format!("{} files cannot be read yet", format.label())))
}

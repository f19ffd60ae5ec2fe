//! The order of a CSV file's numeric dates (`05-03-2016`: 5 March or May 3): what the file's values
//! decide, else what the user gave, else undecided (such values are refused as "ambiguous date"
//! and the file is warned about). One job for every CSV importer and the column mapping.

use super::{Bad, Collector, SkipReason};
use crate::core::time::numeric::{self, DateOrder, Inference};

/// How a file's numeric dates are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateReading {
    /// In this order (the file's or the user's).
    In(DateOrder),
    /// Nothing decides: numeric dates are refused.
    Undecided,
}

/// Decides how `text`'s numeric dates are read, and warns when the file and the user disagree.
pub fn reading(text: &str, c: &mut Collector) -> DateReading {
    let user = c.opts.user_date_order();
    let inference = c.opts.file_dates.clone().unwrap_or_else(|| infer_bytes(text.as_bytes()));
    match inference {
        Inference::Decided(order, example) => {
            if let Some(u) = user.filter(|u| *u != order) {
                c.warn(format!(
                    "dates such as {example} are {}: the file decides, so the date format given ({}) was not used",
                    order.label(),
                    u.label()
                ));
            }
            DateReading::In(order)
        }
        Inference::NoDates | Inference::Undecided(_) => user.map_or(DateReading::Undecided, DateReading::In),
    }
}

/// The warning for a file whose numeric dates were refused, and what to pass. One text for the
/// whole file (the refused values are in the rows' details), so a large file's blocks say it once.
pub fn undecided_warning(_example: &str) -> String {
    "numeric dates (such as 05-03-2016) can be day first or month first and no value in the file decides \
     (no field over 12): those rows were refused as \"ambiguous date\"; pass --date-format dd-mm-yyyy or \
     --date-format mm/dd/yyyy (in the dashboard: the date format field of Map columns)"
        .to_string()
}

/// Reads a numeric date in `reading`; `Ok(None)` when the value is not a numeric date. The error
/// names the field and the value.
pub fn read_numeric(
    value: &str,
    field: &str,
    reading: DateReading,
    zone: &crate::core::time::Zone,
) -> Result<Option<i64>, Bad> {
    if !numeric::is_numeric_date(value) {
        return Ok(None);
    }
    let v = value.trim();
    match reading {
        DateReading::In(order) => numeric::parse(v, order, zone).map(Some).ok_or_else(|| {
            Bad::new(
                SkipReason::UnparseableTime,
                format!("{field}: {v:?} is not a date and time read {}", order.label()),
            )
        }),
        DateReading::Undecided => Err(Bad::new(
            SkipReason::AmbiguousDate,
            format!("{field}: {v:?} can be day first or month first; pass --date-format dd-mm-yyyy or mm/dd/yyyy"),
        )),
    }
}

/// How much of a file decides the order of its numeric dates (day or month first): its first
/// 4 MiB, in whole lines, whether it is read whole or in blocks (the CLI reads a large file's
/// first 4 MiB before it cuts blocks), so both readings judge the same values.
pub const DATE_SAMPLE_BYTES: usize = 4 << 20;

/// What the values of a file's first [`DATE_SAMPLE_BYTES`] (their valid UTF-8 prefix) say about
/// its numeric dates.
pub fn infer_bytes(bytes: &[u8]) -> Inference {
    let bytes = match bytes.get(..DATE_SAMPLE_BYTES) {
        Some(head) if head.len() < bytes.len() => head.iter().rposition(|&b| b == b'\n').map_or(head, |nl| &head[..nl]),
        _ => bytes,
    };
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or(""),
    };
    numeric::infer(numeric::candidates(text))
}

//! Vendor time spellings: the ones the general parser does not read (BigQuery's ` UTC`, Jenkins'
//! ` +0100`), the zero time of Go and .NET as no value, and epoch numbers in JSON.

use super::json::json_text;
use crate::core::import::{Bad, SkipReason};
use crate::core::time::{Zone, is_missing, parse_timestamp};
use serde_json::Value;
use std::borrow::Cow;

/// Rewrites vendor spellings the general parser does not know into ISO 8601:
/// BigQuery's `2024-01-05 13:04:11.123 UTC`, Jenkins' `2024-01-05 13:04:11 +0100`.
fn normalise_time(t: &str) -> Cow<'_, str> {
    let t = t.trim();
    for suffix in [" UTC", " GMT", " utc", " Z"] {
        if let Some(rest) = t.strip_suffix(suffix) {
            return Cow::Owned(format!("{}Z", rest.trim_end()));
        }
    }
    let b = t.as_bytes();
    let n = b.len();
    if n > 6 && b[n - 6] == b' ' && matches!(b[n - 5], b'+' | b'-') && b[n - 4..].iter().all(u8::is_ascii_digit) {
        return Cow::Owned(format!("{}{}", &t[..n - 6], &t[n - 5..]));
    }
    Cow::Borrowed(t)
}

/// Parses a vendor time. Missing values are `Ok(None)`; anything else that cannot be read is an
/// "unparseable time" naming the field and the value.
pub(crate) fn time_str(value: &str, field: &str, zone: &Zone) -> Result<Option<i64>, Bad> {
    if is_missing(value) || is_zero_time(value) {
        return Ok(None);
    }
    parse_timestamp(&normalise_time(value), zone).map_err(|_| {
        Bad::new(SkipReason::UnparseableTime, format!("{field}: {:?} is not a time this format uses", value.trim()))
    })
}

/// `0001-01-01T00:00:00Z` (any spelling of that day): the zero value of Go's `time.Time` and of
/// .NET's `DateTime`, which Argo CD, DevLake, Azure DevOps and Octopus Deploy write for "no value".
fn is_zero_time(value: &str) -> bool {
    value.trim_start().starts_with("0001-01-01")
}

/// A time from a JSON string or number (epoch seconds or milliseconds).
pub(crate) fn time_val(v: Option<&Value>, field: &str, zone: &Zone) -> Result<Option<i64>, Bad> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => time_str(s, field, zone),
        Some(Value::Number(n)) => match n.as_i64().or_else(|| n.as_f64().filter(|f| f.is_finite()).map(|f| f as i64)) {
            Some(i) => time_str(&i.to_string(), field, zone),
            None => Err(Bad::new(SkipReason::UnparseableTime, format!("{field}: {n} is not a time"))),
        },
        Some(other) => {
            Err(Bad::new(SkipReason::UnparseableTime, format!("{field}: {} is not a time", json_text(other))))
        }
    }
}

/// A required time: missing is "missing time".
pub(crate) fn required(t: Option<i64>, field: &str) -> Result<i64, Bad> {
    t.ok_or_else(|| Bad::new(SkipReason::MissingTime, format!("{field} is empty")))
}

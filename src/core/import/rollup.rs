//! The rollup's table (docs/rollup.md): its columns, their types, one row as typed cells, and the
//! rows read from CSV, a JSON array or JSON Lines. `metrics::rollup` turns a report into rows and
//! rows back into a report; `export::rollup` writes rows as CSV and JSON.

use super::error::FormatError;
use super::read::{CsvTable, LineCursor, json_reason};
use crate::core::decimal;
use crate::core::model::parse_number;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

/// A rollup column, in the order of docs/rollup.md's table (and of the files doralens writes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Col {
    Row,
    Scope,
    Team,
    From,
    To,
    Days,
    Tz,
    Bucket,
    Benchmark,
    Deployments,
    DeployDays,
    DeploysPerWeek,
    MedianDeployDaysPerWeek,
    DeploymentFrequencyTier,
    LeadTimeSamples,
    LeadTimeMedianHours,
    LeadTimeP75Hours,
    LeadTimeP90Hours,
    LeadTimeTier,
    FailedDeployments,
    ChangeFailureRate,
    ChangeFailureRateTier,
    RecoverySamples,
    RecoveryMedianHours,
    RecoveryP90Hours,
    RecoveryTier,
    OpenIncidents,
    UnlinkedIncidents,
    ReworkDeployments,
    ReworkRate,
    Source,
}

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Free text (names, zones, `summary`…): checked by the reader of the report.
    Text,
    /// A `YYYY-MM-DD` date.
    Date,
    /// A tier: `elite`, `high`, `medium`, `low`.
    Tier,
    /// A whole number, zero or more.
    Int,
    /// A finite number.
    Num,
}

/// The number of columns.
pub const COLUMNS: usize = 31;

impl Col {
    pub const ALL: [Col; COLUMNS] = [
        Col::Row,
        Col::Scope,
        Col::Team,
        Col::From,
        Col::To,
        Col::Days,
        Col::Tz,
        Col::Bucket,
        Col::Benchmark,
        Col::Deployments,
        Col::DeployDays,
        Col::DeploysPerWeek,
        Col::MedianDeployDaysPerWeek,
        Col::DeploymentFrequencyTier,
        Col::LeadTimeSamples,
        Col::LeadTimeMedianHours,
        Col::LeadTimeP75Hours,
        Col::LeadTimeP90Hours,
        Col::LeadTimeTier,
        Col::FailedDeployments,
        Col::ChangeFailureRate,
        Col::ChangeFailureRateTier,
        Col::RecoverySamples,
        Col::RecoveryMedianHours,
        Col::RecoveryP90Hours,
        Col::RecoveryTier,
        Col::OpenIncidents,
        Col::UnlinkedIncidents,
        Col::ReworkDeployments,
        Col::ReworkRate,
        Col::Source,
    ];

    /// The column's name in a file (lower case; readers match any case).
    pub fn name(self) -> &'static str {
        NAMES[self as usize]
    }

    pub fn kind(self) -> Kind {
        use Col::*;
        match self {
            Row | Scope | Team | Tz | Bucket | Source => Kind::Text,
            From | To => Kind::Date,
            DeploymentFrequencyTier | LeadTimeTier | ChangeFailureRateTier | RecoveryTier => Kind::Tier,
            Days | Benchmark | Deployments | DeployDays | LeadTimeSamples | FailedDeployments | RecoverySamples
            | OpenIncidents | UnlinkedIncidents | ReworkDeployments => Kind::Int,
            DeploysPerWeek
            | MedianDeployDaysPerWeek
            | LeadTimeMedianHours
            | LeadTimeP75Hours
            | LeadTimeP90Hours
            | ChangeFailureRate
            | RecoveryMedianHours
            | RecoveryP90Hours
            | ReworkRate => Kind::Num,
        }
    }
}

const NAMES: [&str; COLUMNS] = [
    "row",
    "scope",
    "team",
    "from",
    "to",
    "days",
    "tz",
    "bucket",
    "benchmark",
    "deployments",
    "deploy_days",
    "deploys_per_week",
    "median_deploy_days_per_week",
    "deployment_frequency_tier",
    "lead_time_samples",
    "lead_time_median_hours",
    "lead_time_p75_hours",
    "lead_time_p90_hours",
    "lead_time_tier",
    "failed_deployments",
    "change_failure_rate",
    "change_failure_rate_tier",
    "recovery_samples",
    "recovery_median_hours",
    "recovery_p90_hours",
    "recovery_tier",
    "open_incidents",
    "unlinked_incidents",
    "rework_deployments",
    "rework_rate",
    "source",
];

/// One value of a row. Dates and tiers are text (checked by the reader).
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Null,
    Int(u64),
    Num(f64),
    Text(String),
}

/// One row of a rollup: a cell per column, and where it was read (line 0 when it was computed;
/// the column is a JSON object's start, 1 in CSV).
#[derive(Clone, Debug, PartialEq)]
pub struct RollupRow {
    pub line: u32,
    pub column: u32,
    pub cells: Vec<Cell>,
}

/// The rows of a file, and where each column is.
#[derive(Clone, Debug, PartialEq)]
pub struct RollupRows {
    pub rows: Vec<RollupRow>,
    /// CSV: each column's field number (1-based, 0 when absent); JSON: all 0.
    pub fields: [u32; COLUMNS],
}

impl RollupRows {
    /// Where a row's value of a column is, for an error.
    pub fn error(&self, row: &RollupRow, c: Col, message: impl Into<String>) -> FormatError {
        let field = self.fields[c as usize];
        FormatError::new(row.line, if field > 0 { field } else { row.column }, message)
    }
}

impl RollupRow {
    /// A row of nulls.
    pub fn empty(line: u32) -> RollupRow {
        RollupRow { line, column: 1, cells: vec![Cell::Null; COLUMNS] }
    }

    pub fn get(&self, c: Col) -> &Cell {
        self.cells.get(c as usize).unwrap_or(&Cell::Null)
    }

    pub fn set(&mut self, c: Col, v: Cell) {
        if let Some(slot) = self.cells.get_mut(c as usize) {
            *slot = v;
        }
    }
}

/// What the importers say of a rollup given as records.
pub const NOT_RECORDS: &str =
    "this is a rollup (docs/rollup.md), a report's numbers, not records: `doralens report --rollup FILE` reads it";

/// True when the text looks like a rollup: its header (CSV) or its first object (JSON) names the
/// columns `row`, `scope`, `team` and `deployments` (in any case). Cheap: the importers ask it of
/// every file, in the dashboard too.
pub fn is_rollup(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    let end = match t.as_bytes().first() {
        Some(b'[' | b'{') => t.find('}'),
        _ => t.find('\n'),
    };
    let head = t.get(..end.unwrap_or(t.len()).min(4096)).unwrap_or("").to_ascii_lowercase();
    let words: Vec<&str> = head.split(|c: char| !(c.is_ascii_lowercase() || c == '_')).collect();
    ["row", "scope", "team", "deployments"].iter().all(|w| words.contains(w))
}

/// Reads a rollup's rows: a JSON array of objects (`[` first), objects one after another (JSON
/// Lines), or CSV with a header row. Column names match in any case; unknown columns are ignored;
/// in CSV every column but `source` must be there, in JSON a missing key is null. The first problem
/// is the error, with its line and column (CSV: the field's number).
pub fn read_rows(text: &str) -> Result<RollupRows, FormatError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match text.trim_start().as_bytes().first() {
        Some(b'[') => {
            let items: Vec<&RawValue> = serde_json::from_str(text)
                .map_err(|e| FormatError::new(e.line() as u32, e.column() as u32, json_reason(&e)))?;
            let mut lines = LineCursor::new(text);
            let rows = items.iter().map(|raw| json_row(raw.get(), lines.of(raw.get()))).collect::<Result<_, _>>()?;
            Ok(RollupRows { rows, fields: [0; COLUMNS] })
        }
        Some(b'{') => {
            let mut lines = LineCursor::new(text);
            let mut rows = Vec::new();
            for item in serde_json::Deserializer::from_str(text).into_iter::<&RawValue>() {
                let raw = item.map_err(|e| FormatError::new(e.line() as u32, e.column() as u32, json_reason(&e)))?;
                rows.push(json_row(raw.get(), lines.of(raw.get()))?);
            }
            Ok(RollupRows { rows, fields: [0; COLUMNS] })
        }
        Some(_) => csv_rows(text),
        None => Err(FormatError::new(1, 1, "the file is empty: a rollup has a header and rows")),
    }
}

fn csv_rows(text: &str) -> Result<RollupRows, FormatError> {
    let mut t = CsvTable::new(text)?;
    let mut cols = [None; COLUMNS];
    for (i, h) in t.headers.iter().enumerate() {
        if let Some(c) = Col::named(h) {
            if cols[c as usize].is_some() {
                return Err(FormatError::new(1, i as u32 + 1, format!("the column {} is there twice", c.name())));
            }
            cols[c as usize] = Some(i);
        }
    }
    let missing: Vec<&str> =
        Col::ALL.iter().filter(|c| cols[**c as usize].is_none() && **c != Col::Source).map(|c| c.name()).collect();
    if !missing.is_empty() {
        return Err(FormatError::new(1, 1, format!("not a rollup: no column {} (docs/rollup.md)", missing.join(", "))));
    }
    let mut rows = Vec::new();
    while let Some(r) = t.next_row() {
        let r = r.map_err(|(line, m)| FormatError::new(line, 1, m))?;
        if r.is_empty() {
            continue;
        }
        let mut row = RollupRow::empty(r.line);
        for c in Col::ALL {
            let Some(i) = cols[c as usize] else { continue };
            let v = r.get(Some(i));
            let v = if c.kind() == Kind::Text { v.strip_prefix('\'').unwrap_or(v) } else { v };
            let cell = cell(c, Value::Text(v)).map_err(|m| FormatError::new(r.line, i as u32 + 1, m))?;
            row.set(c, cell);
        }
        rows.push(row);
    }
    let fields = cols.map(|c| c.map_or(0, |i| i as u32 + 1));
    Ok(RollupRows { rows, fields })
}

/// One JSON object as a row; `at` is where it starts.
fn json_row(raw: &str, at: (u32, u32)) -> Result<RollupRow, FormatError> {
    let err = |m: String| FormatError::new(at.0, at.1, m);
    let entries: Entries = serde_json::from_str(raw).map_err(|_| err("a rollup row is a JSON object".into()))?;
    let mut row = RollupRow { column: at.1, ..RollupRow::empty(at.0) };
    let mut seen = [false; COLUMNS];
    for (key, value) in entries.0 {
        let Some(c) = Col::named(&key) else { continue };
        if std::mem::replace(&mut seen[c as usize], true) {
            return Err(err(format!("the key {} is there twice", c.name())));
        }
        let v = value.get();
        let value = match v.as_bytes().first() {
            Some(b'"') => Value::Text(&serde_json::from_str::<String>(v).map_err(|e| err(json_reason(&e)))?),
            Some(b'n') => Value::Null,
            Some(b'-' | b'0'..=b'9') => Value::Number(v),
            _ => return Err(err(format!("{}: {v} is not a text, a number or null", c.name()))),
        };
        row.set(c, cell(c, value).map_err(|m| err(format!("{}: {m}", c.name())))?);
    }
    Ok(row)
}

/// A value as read: CSV fields and JSON strings are text, JSON numbers their literal.
enum Value<'a> {
    Null,
    Text(&'a str),
    Number(&'a str),
}

/// A value as its column's cell, or what is wrong with it.
fn cell(c: Col, v: Value) -> Result<Cell, String> {
    let text = match v {
        Value::Null => return Ok(Cell::Null),
        Value::Text(t) if t.trim().is_empty() => return Ok(Cell::Null),
        Value::Text(t) | Value::Number(t) if c.kind() == Kind::Text => return Ok(Cell::Text(t.to_string())),
        Value::Text(t) if t.trim().eq_ignore_ascii_case("null") => return Ok(Cell::Null),
        Value::Text(t) | Value::Number(t) => t.trim(),
    };
    match c.kind() {
        Kind::Text => Ok(Cell::Text(text.to_string())),
        Kind::Date => {
            // A timestamp at midnight is its date (a warehouse's TIMESTAMP column).
            let date = text.get(..10).filter(|_| {
                let rest = text.get(10..).unwrap_or("x");
                rest.is_empty()
                    || (rest.starts_with(['T', ' '])
                        && rest[1..]
                            .trim_end_matches(['Z', 'z'])
                            .trim_end_matches("+00:00")
                            .trim_end_matches("+00")
                            .bytes()
                            .all(|b| matches!(b, b'0' | b':' | b'.')))
            });
            match date.map(crate::core::time::parse_date) {
                Some(Ok(_)) => Ok(Cell::Text(date.unwrap_or_default().to_string())),
                _ => Err(format!("{text:?} is not a date: use YYYY-MM-DD")),
            }
        }
        Kind::Tier => match TIERS.iter().find(|t| t.eq_ignore_ascii_case(text)) {
            Some(t) => Ok(Cell::Text(t.to_string())),
            None => Err(format!("{text:?} is not a tier: elite, high, medium, low or empty")),
        },
        Kind::Int => match read_f64(text) {
            Some(x) if x >= 0.0 && x.fract() == 0.0 && x <= 9_007_199_254_740_992.0 => Ok(Cell::Int(x as u64)),
            _ => Err(format!("{text:?} is not a whole number, zero or more")),
        },
        Kind::Num => read_f64(text).map(Cell::Num).ok_or_else(|| format!("{text:?} is not a number")),
    }
}

const TIERS: [&str; 4] = ["elite", "high", "medium", "low"];

/// A finite number, exactly: the `f64` nearest to the decimal (as Rust's and Python's parsers
/// read it), so the shortest form of an `f64` (what doralens, DuckDB, Python and JavaScript write)
/// reads back as that `f64` bit for bit. serde_json's parser (the one the dashboard carries) can be
/// a few units in the last place off; [`decimal::nearest`] corrects it. A decimal of more than 19
/// significant digits is read to within a unit in the last place.
pub fn read_f64(text: &str) -> Option<f64> {
    let x = parse_number(text)?;
    let Some((neg, digits, exp)) = decimal_key(text) else { return Some(x) };
    let v = decimal::nearest(digits, exp, x);
    let v = if neg { -v } else { v };
    v.is_finite().then_some(v)
}

/// A decimal's significant digits (at most 19) and the power of ten of the last one, with its
/// sign: `-1.50e2` → (true, 15, 1).
fn decimal_key(text: &str) -> Option<(bool, u64, i32)> {
    let t = text.trim();
    let (neg, t) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let (mantissa, exp) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], t[i + 1..].parse::<i32>().ok()?),
        None => (t, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = int.bytes().chain(frac.bytes()).skip_while(|&b| b == b'0');
    let (mut sig, mut n, mut trailing) = (0u64, 0, 0);
    for b in digits {
        if b == b'0' {
            trailing += 1;
            continue;
        }
        for _ in 0..=trailing {
            n += 1;
            if n > 19 {
                return None;
            }
            sig *= 10;
        }
        sig += u64::from(b - b'0');
        trailing = 0;
    }
    Some((neg, sig, exp.checked_sub(frac.len() as i32)?.checked_add(trailing)?))
}

impl Col {
    /// The column a header or key names (any case, spaces around ignored).
    pub fn named(name: &str) -> Option<Col> {
        let name = name.trim();
        Col::ALL.into_iter().find(|c| c.name().eq_ignore_ascii_case(name))
    }
}

/// A JSON object's members in order, values raw (their numbers' literals kept).
struct Entries<'a>(Vec<(String, &'a RawValue)>);

impl<'de: 'a, 'a> Deserialize<'de> for Entries<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Entries<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut m: M) -> Result<Entries<'a>, M::Error> {
                let mut out = Vec::new();
                while let Some(e) = m.next_entry::<String, &'de RawValue>()? {
                    out.push(e);
                }
                Ok(Entries(out))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_columns_are_the_table_of_docs_rollup_md_in_order() {
        let doc = include_str!("../../../docs/rollup.md");
        let documented: Vec<&str> = doc
            .lines()
            .filter_map(|l| l.strip_prefix("| `"))
            .filter_map(|l| l.split_once('`').map(|(name, _)| name))
            .collect();
        let ours: Vec<&str> = Col::ALL.iter().map(|c| c.name()).collect();
        assert_eq!(ours, documented);
        for (i, c) in Col::ALL.iter().enumerate() {
            assert_eq!(*c as usize, i);
        }
    }

    #[test]
    fn shortest_numbers_read_back_bit_for_bit() {
        for (text, want) in [
            ("0.30000000000000004", 0.1 + 0.2),
            ("1.3888888888888888", 5000.0 / 3600.0),
            ("21.7", 1.0 + 0.9 * 23.0),
            ("1e-7", 1e-7),
            ("1E-07", 1e-7),
            ("1.5e+2", 150.0),
            ("2.0", 2.0),
            ("2", 2.0),
            ("0", 0.0),
            ("9007199254740993", 9007199254740992.0),
            ("5e-324", 5e-324),
            ("1.7976931348623157e308", f64::MAX),
        ] {
            assert_eq!(read_f64(text).map(f64::to_bits), Some(want.to_bits()), "{text}");
        }
        for text in ["", "x", "1e999", "NaN", "inf", "1.2.3", "--1", "0x10"] {
            assert_eq!(read_f64(text), None, "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn every_finite_f64_reads_back_from_its_shortest_form(bits in proptest::num::u64::ANY) {
            let v = f64::from_bits(bits);
            if v.is_finite() {
                let text = serde_json::Number::from_f64(v).unwrap().to_string();
                proptest::prop_assert_eq!(read_f64(&text).map(f64::to_bits), Some(v.to_bits()), "{}", text);
                // As Python, JavaScript and DuckDB write it: 1e-07, 1.5e+20.
                let std = format!("{v:e}");
                proptest::prop_assert_eq!(read_f64(&std).map(f64::to_bits), Some(v.to_bits()), "{}", std);
            }
        }

        #[test]
        fn any_decimal_reads_as_rust_reads_it(digits in 1u64..10_000_000_000_000_000_000, exp in -345i32..310, point in 0usize..20) {
            let d = digits.to_string();
            let p = point.min(d.len());
            let text = format!("{}.{}e{exp}", &d[..p], &d[p..]);
            let std: f64 = text.parse().unwrap();
            let want = std.is_finite().then_some(std.to_bits());
            proptest::prop_assert_eq!(read_f64(&text).map(f64::to_bits), want, "{}", text);
        }

        #[test]
        fn hours_and_rates_read_back(n in 0u32..100_000, d in 1u32..100_000) {
            for v in [f64::from(n) / f64::from(d), f64::from(n) * 60.0 / 3600.0 + f64::from(d) / 3.6e6] {
                let text = serde_json::Number::from_f64(v).unwrap().to_string();
                proptest::prop_assert_eq!(read_f64(&text).map(f64::to_bits), Some(v.to_bits()), "{}", text);
            }
        }
    }
}

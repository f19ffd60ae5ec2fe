//! Numeric dates in the exporting user's format: `29-02-2016 01:16`, `02/29/2016 01:16:00 AM`,
//! `29.02.2016 01:16`, `5/3/2016 12:00`. Whether the day or the month comes first is not in one
//! value but in a file: a first field over 12 says day first, a second field over 12 says month
//! first. [`infer`] reads a file's values; [`DateOrder::from_user`] reads what the user says
//! (`--date-format dd-mm-yyyy`); [`parse`] reads one value in an order.

use super::civil::local_ms;
use super::zone::Zone;

/// Which field of a numeric date is the day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateOrder {
    /// `29-02-2016`, `29.02.2016`, `29/2/2016`.
    DayFirst,
    /// `02/29/2016`.
    MonthFirst,
}

impl DateOrder {
    /// What the user gives: `dd-mm-yyyy`, `mm/dd/yyyy`, `dd.mm.yyyy`, `d/m/y`, `day-first`,
    /// `month-first`, or a strftime pattern such as `%d.%m.%Y %H:%M` (the column mapping's).
    pub fn from_user(text: &str) -> Option<DateOrder> {
        let t = text.trim().to_ascii_lowercase();
        match t.as_str() {
            "day-first" | "dayfirst" | "dmy" => return Some(DateOrder::DayFirst),
            "month-first" | "monthfirst" | "mdy" => return Some(DateOrder::MonthFirst),
            _ => {}
        }
        let (d, m) = if t.contains('%') {
            (t.find("%d").or_else(|| t.find("%e")), t.find("%m"))
        } else {
            (t.find('d'), t.find('m'))
        };
        match (d, m) {
            (Some(d), Some(m)) if d < m => Some(DateOrder::DayFirst),
            (Some(_), Some(_)) => Some(DateOrder::MonthFirst),
            _ => None,
        }
    }

    /// How the order is said back to the user.
    pub fn label(self) -> &'static str {
        match self {
            DateOrder::DayFirst => "day first (dd-mm-yyyy)",
            DateOrder::MonthFirst => "month first (mm-dd-yyyy)",
        }
    }
}

/// What a file's values say about the order of their numeric dates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inference {
    /// No numeric dates at all.
    NoDates,
    /// The order, and the first value that decides it.
    Decided(DateOrder, String),
    /// Numeric dates whose fields are all 12 or less (the first of them), or values that decide
    /// both ways (then the example is the pair).
    Undecided(String),
}

/// The day-or-month fields and the year of a numeric date at the start of `value`, and the rest.
fn fields(value: &str) -> Option<(u32, u32, i32, &str)> {
    let t = value.trim();
    let b = t.as_bytes();
    let mut i = 0;
    let num = |i: &mut usize, min: usize, max: usize| -> Option<u32> {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() && *i - start < max {
            *i += 1;
        }
        if *i - start < min || (*i < b.len() && b[*i].is_ascii_digit()) {
            return None;
        }
        t[start..*i].parse().ok()
    };
    let a = num(&mut i, 1, 2)?;
    let sep = *b.get(i).filter(|c| matches!(c, b'-' | b'/' | b'.'))?;
    i += 1;
    let m = num(&mut i, 1, 2)?;
    if b.get(i) != Some(&sep) {
        return None;
    }
    i += 1;
    let y = num(&mut i, 4, 4)?;
    let rest = &t[i..];
    if !(rest.is_empty() || rest.starts_with(' ') || rest.starts_with('T')) {
        return None;
    }
    Some((a, m, y as i32, rest))
}

/// What the numeric dates among `values` say about their order.
///
/// Dates with dots (`05.03.2016`) that no value decides are day first: no locale writes the month
/// first with dots.
pub fn infer<'a>(values: impl IntoIterator<Item = &'a str>) -> Inference {
    let (mut day, mut month, mut first): (Option<&str>, Option<&str>, Option<&str>) = (None, None, None);
    let mut dots_only = true;
    for v in values {
        let Some((a, b, _, _)) = fields(v) else { continue };
        first = first.or(Some(v));
        dots_only &= v.trim_start().bytes().take(3).any(|c| c == b'.');
        if a > 12 && b <= 12 {
            day = day.or(Some(v));
        } else if b > 12 && a <= 12 {
            month = month.or(Some(v));
        }
        if day.is_some() && month.is_some() {
            break;
        }
    }
    match (day, month, first) {
        (Some(d), Some(m), _) => Inference::Undecided(format!("{} and {}", d.trim(), m.trim())),
        (Some(d), None, _) => Inference::Decided(DateOrder::DayFirst, d.trim().to_string()),
        (None, Some(m), _) => Inference::Decided(DateOrder::MonthFirst, m.trim().to_string()),
        (None, None, Some(f)) if dots_only => Inference::Decided(DateOrder::DayFirst, f.trim().to_string()),
        (None, None, Some(f)) => Inference::Undecided(f.trim().to_string()),
        (None, None, None) => Inference::NoDates,
    }
}

/// Candidate values of a text (a CSV file): its fields that start like a numeric date. A scan of
/// the bytes, so that a file is judged before its rows are read. The separators are ASCII, so the
/// text is cut as bytes (a cut there is always between two characters, so every field is UTF-8):
/// splitting on `char`s decoded every character and took 65 ms on a 4 MiB sample in the browser.
pub fn candidates(text: &str) -> impl Iterator<Item = &str> {
    text.as_bytes()
        .split(|b| matches!(b, b',' | b';' | b'\t' | b'\n' | b'"' | b'|'))
        .filter_map(|f| std::str::from_utf8(f).ok())
        .filter(|f| {
            let b = f.trim_start().as_bytes();
            b.len() >= 8 && b[0].is_ascii_digit() && b.iter().take(6).any(|c| matches!(c, b'-' | b'/' | b'.'))
        })
}

/// True when `value` is a numeric date (of any order).
pub fn is_numeric_date(value: &str) -> bool {
    fields(value).is_some()
}

/// Reads a numeric date with an optional time (`01:16`, `01:16:00`, `1:16 AM`, `T01:16`) as local
/// time in `zone`. `None` when it is not one, or not a real date or time.
pub fn parse(value: &str, order: DateOrder, zone: &Zone) -> Option<i64> {
    let (a, b, y, rest) = fields(value)?;
    let (d, m) = match order {
        DateOrder::DayFirst => (a, b),
        DateOrder::MonthFirst => (b, a),
    };
    let rest = rest.trim_start_matches('T').trim();
    let (h, mi, s) = if rest.is_empty() { (0, 0, 0) } else { clock(rest)? };
    Some(zone.local_to_instant(local_ms(y, m, d, h, mi, s)?))
}

/// `HH:MM[:SS[.fff]] [AM|PM]`.
fn clock(t: &str) -> Option<(u32, u32, u32)> {
    let upper = t.to_ascii_uppercase();
    let (time, pm) = match (upper.strip_suffix("AM"), upper.strip_suffix("PM")) {
        (Some(x), _) => (x.trim().to_string(), Some(false)),
        (_, Some(x)) => (x.trim().to_string(), Some(true)),
        _ => (upper.clone(), None),
    };
    let mut parts = time.split(':');
    let digits = |x: &str| {
        (!x.is_empty() && x.len() <= 2 && x.bytes().all(|c| c.is_ascii_digit())).then(|| x.parse().ok()).flatten()
    };
    let h: u32 = digits(parts.next()?)?;
    let mi: u32 = digits(parts.next()?)?;
    let s: u32 = match parts.next() {
        Some(x) => digits(x.split('.').next().unwrap_or(x))?,
        None => 0,
    };
    if parts.next().is_some() {
        return None;
    }
    let h = match pm {
        Some(pm) if (1..=12).contains(&h) => h % 12 + if pm { 12 } else { 0 },
        Some(_) => return None,
        None => h,
    };
    Some((h, mi, s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::time::format_instant;

    #[test]
    fn the_users_spellings() {
        for (text, want) in [
            ("dd-mm-yyyy", Some(DateOrder::DayFirst)),
            ("dd.mm.yyyy", Some(DateOrder::DayFirst)),
            ("d/m/y", Some(DateOrder::DayFirst)),
            ("mm/dd/yyyy", Some(DateOrder::MonthFirst)),
            ("MM/DD/YYYY hh:mm", Some(DateOrder::MonthFirst)),
            ("%d.%m.%Y %H:%M", Some(DateOrder::DayFirst)),
            ("%m/%d/%Y", Some(DateOrder::MonthFirst)),
            ("month-first", Some(DateOrder::MonthFirst)),
            ("yyyy", None),
            ("%Y-%j", None),
        ] {
            assert_eq!(DateOrder::from_user(text), want, "{text}");
        }
    }

    #[test]
    fn candidates_are_the_fields_split_at_each_separator() {
        let by_chars = |text: &str| -> Vec<String> {
            text.split([',', ';', '\t', '\n', '"', '|'])
                .filter(|f| {
                    let b = f.trim_start().as_bytes();
                    b.len() >= 8 && b[0].is_ascii_digit() && b.iter().take(6).any(|c| matches!(c, b'-' | b'/' | b'.'))
                })
                .map(str::to_string)
                .collect()
        };
        for text in [
            "",
            "05-03-2016",
            "id,at\n1,29-02-2016 01:16\n2,\"05/03/2016\"|x;  07.03.2016\t12-12-2012,",
            "ünï,\u{a0}05-03-2016,\u{2003}\u{2003}29-02-2016,é05-03-2016,05-03-2016é,2016-03-05T00:00:00Z",
            ",,,;;;\n\n\"\"|||\t",
            "1-2-2016 1,12345678,1234-5678,12/3",
        ] {
            let got: Vec<String> = candidates(text).map(str::to_string).collect();
            assert_eq!(got, by_chars(text), "{text:?}");
        }
    }

    #[test]
    fn a_file_decides_on_a_field_over_12() {
        let check = |values: &[&str], want: Inference| assert_eq!(infer(values.iter().copied()), want, "{values:?}");
        check(
            &["29-02-2016 01:16", "05-03-2016 12:00"],
            Inference::Decided(DateOrder::DayFirst, "29-02-2016 01:16".into()),
        );
        check(
            &["03/05/2016 12:00:00 PM", "02/29/2016 01:16:00 AM"],
            Inference::Decided(DateOrder::MonthFirst, "02/29/2016 01:16:00 AM".into()),
        );
        check(&["5/3/2016 12:00", "1.2.2016"], Inference::Undecided("5/3/2016 12:00".into()));
        // Dots alone: day first by convention.
        check(&["05.03.2016 12:00", "1.2.2016"], Inference::Decided(DateOrder::DayFirst, "05.03.2016 12:00".into()));
        check(&["13/01/2016", "01/13/2016"], Inference::Undecided("13/01/2016 and 01/13/2016".into()));
        check(&["2016-02-29T01:16:00Z", "INC0000045", "2 - Medium"], Inference::NoDates);
    }

    #[test]
    fn values_read_in_an_order() {
        let z = Zone::utc();
        let t = |v: &str, o| parse(v, o, &z).map(format_instant);
        use DateOrder::*;
        assert_eq!(t("29-02-2016 01:16", DayFirst).as_deref(), Some("2016-02-29T01:16:00Z"));
        assert_eq!(t("29/2/2016 01:16", DayFirst).as_deref(), Some("2016-02-29T01:16:00Z"));
        assert_eq!(t("29.02.2016 01:16", DayFirst).as_deref(), Some("2016-02-29T01:16:00Z"));
        assert_eq!(t("02/29/2016 01:16:00 AM", MonthFirst).as_deref(), Some("2016-02-29T01:16:00Z"));
        assert_eq!(t("03/05/2016 12:00:00 PM", MonthFirst).as_deref(), Some("2016-03-05T12:00:00Z"));
        assert_eq!(t("03/05/2016 12:30:00 AM", MonthFirst).as_deref(), Some("2016-03-05T00:30:00Z"));
        assert_eq!(t("5/3/2016", DayFirst).as_deref(), Some("2016-03-05T00:00:00Z"));
        for bad in ["29-02-2016 01:16", "02/30/2016", "1/2/16", "1/2-2016", "12/12/2016 25:00", "12/12/2016 0:00 PM"] {
            assert_eq!(t(bad, MonthFirst), None, "{bad}");
        }
        let berlin = Zone::named("Europe/Berlin").unwrap();
        assert_eq!(
            parse("29.02.2016 01:16", DayFirst, &berlin).map(format_instant).as_deref(),
            Some("2016-02-29T00:16:00Z")
        );
    }
}

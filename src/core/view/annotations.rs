//! Dated notes for meetings ("2026-05-01=Moved to trunk-based development"): `--note` on the
//! command line, `note=` in the URL. A note marks its day on every trend chart and is listed in
//! the HTML report.

use crate::core::chart::Marker;
use crate::core::metrics::Trend;
use crate::core::sort::sort_by;
use crate::core::time::{format_date, parse_date};

/// One note: a local day and what happened on it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Annotation {
    pub day: i32,
    pub text: String,
}

impl Annotation {
    /// Reads `YYYY-MM-DD=text` (the text may hold `=`; quotes around it are dropped).
    pub fn parse(s: &str) -> Result<Annotation, String> {
        let (date, text) = s.split_once('=').ok_or_else(|| format!("a note is YYYY-MM-DD=TEXT, not {s:?}"))?;
        let day = parse_date(date.trim()).map_err(|e| format!("note {s:?}: {e}"))?;
        let text = text.trim();
        let text = text.strip_prefix('"').and_then(|t| t.strip_suffix('"')).unwrap_or(text).trim();
        if text.is_empty() {
            return Err(format!("note {s:?} has no text after ="));
        }
        // One line: a note is a label on a chart.
        let text = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        Ok(Annotation { day, text })
    }

    /// As `parse` reads it.
    pub fn to_param(&self) -> String {
        format!("{}={}", format_date(self.day), self.text)
    }
}

/// Notes in date order (stable for notes of one day).
pub fn sorted(notes: &[Annotation]) -> Vec<Annotation> {
    let mut v = notes.to_vec();
    sort_by(&mut v, |a, b| a.day.cmp(&b.day));
    v
}

/// Where the notes fall on a trend's chart: a note inside bucket `i`, `d` days after its start,
/// is at `i - 0.5 + d / bucket length`. Notes outside the trend's buckets are not drawn.
pub fn markers(notes: &[Annotation], t: &Trend) -> Vec<Marker> {
    let mut out = Vec::new();
    for n in sorted(notes) {
        let found = t.points.iter().enumerate().find_map(|(i, p)| {
            let start = parse_date(&p.start).ok()?;
            let len = p.bucket_days(t.bucket) as i32;
            (start <= n.day && n.day < start + len).then(|| i as f64 - 0.5 + f64::from(n.day - start) / f64::from(len))
        });
        if let Some(at) = found {
            out.push(Marker { at, label: n.text.clone() });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::metrics::{Bucket, Point};

    fn check(input: &str, expected: Result<(&str, &str), &str>) {
        let got = Annotation::parse(input).map(|n| (format_date(n.day), n.text));
        let want = expected.map(|(d, t)| (d.to_string(), t.to_string())).map_err(str::to_string);
        match (&got, &want) {
            (Ok(g), Ok(w)) => assert_eq!(g, w, "{input}"),
            (Err(g), Err(w)) => assert!(g.contains(w.as_str()), "{input}: {g}"),
            _ => panic!("{input}: got {got:?}, want {want:?}"),
        }
    }

    #[test]
    fn notes_are_a_date_and_a_text() {
        check("2026-05-01=Moved to trunk-based development", Ok(("2026-05-01", "Moved to trunk-based development")));
        check("2026-05-01=\"Quoted = kept\"", Ok(("2026-05-01", "Quoted = kept")));
        check(" 2026-05-01 = <script>&\n ", Ok(("2026-05-01", "<script>&")));
        check("2026-05-01", Err("YYYY-MM-DD=TEXT"));
        check("2026-13-01=x", Err("note"));
        check("2026-05-01=  ", Err("no text"));
        let n = Annotation::parse("2026-05-01=a=b").unwrap();
        assert_eq!(Annotation::parse(&n.to_param()), Ok(n));
    }

    fn point(start: &str) -> Point {
        Point {
            start: start.into(),
            days: 7,
            deployments: 0,
            lead_time_median_hours: None,
            change_failure_rate: None,
            recovery_median_hours: None,
            rework_rate: None,
        }
    }

    #[test]
    fn a_note_falls_inside_its_bucket() {
        let t =
            Trend { team: "a".into(), bucket: Bucket::Week, points: vec![point("2026-04-27"), point("2026-05-04")] };
        let notes = [
            Annotation::parse("2026-05-04=Monday of the second week").unwrap(),
            Annotation::parse("2026-04-30=Thursday of the first").unwrap(),
            Annotation::parse("2026-06-01=outside").unwrap(),
        ];
        let m = markers(&notes, &t);
        assert_eq!(m.len(), 2);
        assert_eq!((m[0].at, m[0].label.as_str()), (-0.5 + 3.0 / 7.0, "Thursday of the first"));
        assert_eq!(m[1].at, 0.5);
    }
}

//! The canonical model every importer produces and the metrics engine consumes.

use crate::core::case::lowercase;
use rustc_hash::FxHashMap;

/// A shared, interned name: team, service, environment, status, kind, severity.
pub type Name = arcstr::ArcStr;

/// A record's id as the file spells it: up to 24 bytes inside the record (integers, `pipeline:N`,
/// most vendors' ids), longer ones (UUIDs) in a heap block.
pub type Id = compact_str::CompactString;

/// Where a record came from: the index of its file in the load and its 1-based line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Source {
    pub file: u32,
    pub line: u32,
}

/// One commit that a deployment shipped.
#[derive(Clone, Debug, PartialEq)]
pub struct Commit {
    pub sha: Box<str>,
    pub committed_at: Option<i64>,
}

/// A deployment. Times are UTC milliseconds.
#[derive(Clone, Debug, PartialEq)]
pub struct Deployment {
    pub id: Id,
    pub team: Option<Name>,
    pub service: Option<Name>,
    pub environment: Option<Name>,
    pub status: Option<Name>,
    pub deployed_at: i64,
    pub commit_sha: Option<Box<str>>,
    pub first_commit_at: Option<i64>,
    pub lead_time_seconds: Option<f64>,
    pub failed: bool,
    /// Lower-cased: deploy, hotfix, rollback, revert, patch, fix, …
    pub kind: Option<Name>,
    pub rework: bool,
    pub commits: Vec<Commit>,
    pub source: Source,
}

/// An incident. Times are UTC milliseconds.
#[derive(Clone, Debug, PartialEq)]
pub struct Incident {
    pub id: Id,
    pub team: Option<Name>,
    pub service: Option<Name>,
    pub started_at: i64,
    pub resolved_at: Option<i64>,
    pub severity: Option<Name>,
    pub caused_by: Option<Box<str>>,
    pub title: Option<Box<str>>,
    pub source: Source,
}

impl Deployment {
    /// A deployment with only the required fields set; importers fill in the rest.
    pub fn new(id: impl Into<Id>, deployed_at: i64) -> Deployment {
        Deployment {
            id: id.into(),
            team: None,
            service: None,
            environment: None,
            status: None,
            deployed_at,
            commit_sha: None,
            first_commit_at: None,
            lead_time_seconds: None,
            failed: false,
            kind: None,
            rework: false,
            commits: Vec::new(),
            source: Source::default(),
        }
    }

    /// The team the metrics count this deployment under: `team`, else `service`, else `(none)`.
    pub fn team_name(&self) -> &str {
        self.team.as_deref().or(self.service.as_deref()).unwrap_or(NO_TEAM)
    }

    pub fn is_rollback(&self) -> bool {
        matches!(self.kind.as_deref(), Some("rollback" | "revert"))
    }

    pub fn has_rework_kind(&self) -> bool {
        matches!(self.kind.as_deref(), Some("hotfix" | "rollback" | "revert" | "patch" | "fix"))
    }
}

impl Incident {
    pub fn new(id: impl Into<Id>, started_at: i64) -> Incident {
        Incident {
            id: id.into(),
            team: None,
            service: None,
            started_at,
            resolved_at: None,
            severity: None,
            caused_by: None,
            title: None,
            source: Source::default(),
        }
    }
}

/// The team name used when a record has neither team nor service.
pub const NO_TEAM: &str = "(none)";

/// Production environment names (case-insensitive). An empty environment counts as production.
pub const PRODUCTION_ENVIRONMENTS: &[&str] = &["production", "prod", "prd", "live"];

/// Statuses of a successful deployment (case-insensitive). An empty status counts as success.
pub const SUCCESS_STATUSES: &[&str] =
    &["success", "succeeded", "successful", "ok", "done", "completed", "complete", "deployed"];

pub fn is_production_environment(env: Option<&str>) -> bool {
    match env.map(str::trim) {
        None | Some("") => true,
        Some(e) => {
            PRODUCTION_ENVIRONMENTS.contains(&e) || PRODUCTION_ENVIRONMENTS.iter().any(|p| e.eq_ignore_ascii_case(p))
        }
    }
}

pub fn is_success_status(status: Option<&str>) -> bool {
    match status.map(str::trim) {
        None | Some("") => true,
        Some(s) => SUCCESS_STATUSES.contains(&s) || SUCCESS_STATUSES.iter().any(|p| s.eq_ignore_ascii_case(p)),
    }
}

/// Reads a boolean the way exports write them: true/yes/1/y/t (any case) are true.
pub fn parse_flag(s: &str) -> bool {
    let s = s.trim();
    ["true", "yes", "1", "y", "t"].iter().any(|t| s.eq_ignore_ascii_case(t))
}

/// Reads a finite decimal number the way exports write them: `12`, `-3.5`, `+4`, `.5`, `2.`,
/// `1e3`, with blanks around it. Through serde_json's number parser, which the importers ship
/// anyway (the standard library's would add its own tables to the dashboard).
pub fn parse_number(s: &str) -> Option<f64> {
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    let s = s.trim();
    let (minus, s) = match s.as_bytes().first() {
        Some(b'-') => ("-", &s[1..]),
        Some(b'+') => ("", &s[1..]),
        _ => ("", s),
    };
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (int, frac) = mantissa.split_once('.').map_or((mantissa, ""), |(i, f)| (i, f));
    if (int.is_empty() && frac.is_empty()) || !digits(int) || !digits(frac) {
        return None;
    }
    // JSON wants no leading zeros, a digit before the point and one after it.
    let int = match int.trim_start_matches('0') {
        "" => "0",
        i => i,
    };
    let mut text = format!("{minus}{int}");
    if !frac.is_empty() {
        text.push('.');
        text.push_str(frac);
    }
    if let Some(e) = exponent {
        let unsigned = e.strip_prefix(['+', '-']).unwrap_or(e);
        if unsigned.is_empty() || !digits(unsigned) {
            return None;
        }
        text.push('e');
        text.push_str(e);
    }
    serde_json::from_str::<f64>(&text).ok().filter(|x| x.is_finite())
}

/// Interns names so a million rows share a few hundred allocations.
#[derive(Default, Debug)]
pub struct Names {
    /// Each value as written, its name, and whether control characters were removed from it.
    map: FxHashMap<Box<str>, (Option<Name>, bool)>,
    /// The last name per column, which the next row usually repeats (environment, status).
    last: Vec<Option<Name>>,
    /// How many values had control characters removed (every time one is read), and the first of
    /// them as written.
    cleaned: usize,
    first_cleaned: Option<String>,
}

/// A control character (C0, DEL, C1): NUL and friends, which no name means to hold.
fn is_control(c: char) -> bool {
    matches!(c, '\0'..='\x1f' | '\x7f'..='\u{9f}')
}

impl Names {
    /// The shared copy of `s` (trimmed, without control characters); `None` for a missing value.
    pub fn get(&mut self, s: &str) -> Option<Name> {
        if s.is_empty() {
            return None;
        }
        if let Some((n, dirty)) = self.map.get(s) {
            if *dirty {
                self.cleaned += 1;
            }
            return n.clone();
        }
        let (n, dirty) = self.make(s);
        // Ids are not names: past 100k distinct values, stop caching rather than hold them all.
        if self.map.len() <= 100_000 {
            self.map.insert(s.into(), (n.clone(), dirty));
        }
        n
    }

    fn make(&mut self, s: &str) -> (Option<Name>, bool) {
        let t = s.trim();
        if !t.chars().any(is_control) {
            return (if crate::core::time::is_missing(t) { None } else { Some(Name::from(t)) }, false);
        }
        self.cleaned += 1;
        if self.first_cleaned.is_none() {
            self.first_cleaned = Some(format!("{t:?}"));
        }
        // Tabs and line breaks part words; the others are dropped.
        let cleaned: String = t
            .chars()
            .filter_map(|c| match c {
                '\t' | '\n' | '\r' => Some(' '),
                c if is_control(c) => None,
                c => Some(c),
            })
            .collect();
        let t = cleaned.trim();
        (if crate::core::time::is_missing(t) { None } else { Some(Name::from(t)) }, true)
    }

    /// How many values had control characters removed so far.
    pub fn cleaned(&self) -> usize {
        self.cleaned
    }

    /// The first name that had control characters, as written (quoted and escaped).
    pub fn first_cleaned(&self) -> Option<&str> {
        self.first_cleaned.as_deref()
    }

    /// Like [`Names::get`], remembering the last value of `slot` (a column): rows of one export
    /// mostly repeat their environment, status or team, and a comparison is cheaper than a hash.
    pub fn get_in(&mut self, slot: usize, s: &str) -> Option<Name> {
        if s.is_empty() {
            return None;
        }
        if let Some(Some(n)) = self.last.get(slot)
            && **n == *s
        {
            return Some(n.clone());
        }
        let v = self.get(s);
        if self.last.len() <= slot {
            self.last.resize(slot + 1, None);
        }
        // A cleaned name differs from what was written, so it never matches above.
        self.last[slot].clone_from(&v);
        v
    }

    /// Like [`Names::get`] but lower-cased (for kinds, statuses).
    pub fn get_lower(&mut self, s: &str) -> Option<Name> {
        if s.bytes().any(|b| b.is_ascii_uppercase()) { self.get(&s.to_ascii_lowercase()) } else { self.get(s) }
    }
}

/// A mapping from service / repository / PagerDuty service / assignment group names to teams.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TeamMap {
    map: FxHashMap<String, Name>,
}

impl TeamMap {
    pub fn insert(&mut self, from: &str, team: &str) {
        let from = from.trim();
        let team = team.trim();
        if !from.is_empty() && !team.is_empty() {
            self.map.insert(lowercase(from), Name::from(team));
        }
    }

    pub fn lookup(&self, name: &str) -> Option<&Name> {
        if self.map.is_empty() {
            return None;
        }
        self.map.get(&lowercase(name.trim()))
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn extend(&mut self, other: &TeamMap) {
        for (k, v) in &other.map {
            self.map.insert(k.clone(), v.clone());
        }
    }

    /// Sets the team of records whose team is missing (or is itself a mapped name) from their
    /// service. Returns the names that were looked up but not mapped, sorted, for the user to map.
    pub fn apply(&self, deployments: &mut [Deployment], incidents: &mut [Incident]) -> Vec<String> {
        let mut unmapped = std::collections::BTreeSet::new();
        if self.is_empty() {
            return Vec::new();
        }
        let mut resolve = |team: &mut Option<Name>, service: &Option<Name>| {
            if let Some(t) = team.as_deref().and_then(|t| self.lookup(t)) {
                *team = Some(t.clone());
                return;
            }
            if team.is_some() {
                return;
            }
            if let Some(s) = service.as_deref() {
                match self.lookup(s) {
                    Some(t) => *team = Some(t.clone()),
                    None => {
                        unmapped.insert(s.to_string());
                    }
                }
            }
        };
        for d in deployments {
            resolve(&mut d.team, &d.service);
        }
        for i in incidents {
            resolve(&mut i.team, &i.service);
        }
        unmapped.into_iter().collect()
    }
}

/// Everything loaded: deployments and incidents from every file, with a team map applied.
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    pub deployments: Vec<Deployment>,
    pub incidents: Vec<Incident>,
    /// The names of the load's files, by [`Source::file`] (for warnings that point at a line).
    pub files: Vec<String>,
}

/// Compares ids the way people read them: numerically when both are whole numbers, else as text.
pub fn cmp_ids(a: &str, b: &str) -> std::cmp::Ordering {
    let num = |s: &str| !s.is_empty() && s.len() <= 19 && s.bytes().all(|c| c.is_ascii_digit());
    if num(a) && num(b) {
        let (x, y): (u64, u64) = (a.parse().unwrap_or(0), b.parse().unwrap_or(0));
        x.cmp(&y).then_with(|| a.cmp(b))
    } else {
        a.cmp(b)
    }
}

/// The order of deployments everywhere: by time, then id, then file and line (a total order, so
/// an unstable sort gives what a stable one would on rows read in file order).
pub fn deployment_order(a: &Deployment, b: &Deployment) -> std::cmp::Ordering {
    a.deployed_at.cmp(&b.deployed_at).then_with(|| cmp_ids(&a.id, &b.id)).then(a.source.cmp(&b.source))
}

/// The order of incidents everywhere: by start, then id, then file and line.
pub fn incident_order(a: &Incident, b: &Incident) -> std::cmp::Ordering {
    a.started_at.cmp(&b.started_at).then_with(|| cmp_ids(&a.id, &b.id)).then(a.source.cmp(&b.source))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn production_and_success_rules() {
        for env in [None, Some(""), Some("production"), Some("PROD"), Some("Prd"), Some("live")] {
            assert!(is_production_environment(env), "{env:?}");
        }
        for env in [Some("staging"), Some("dev"), Some("production-eu")] {
            assert!(!is_production_environment(env), "{env:?}");
        }
        for st in [None, Some("Success"), Some("SUCCEEDED"), Some("deployed"), Some("complete")] {
            assert!(is_success_status(st), "{st:?}");
        }
        for st in [Some("failure"), Some("error"), Some("in_progress"), Some("cancelled")] {
            assert!(!is_success_status(st), "{st:?}");
        }
    }

    #[test]
    fn flags_and_ids() {
        for t in ["true", "YES", "1", "y", "T"] {
            assert!(parse_flag(t));
        }
        for f in ["false", "0", "", "no", "maybe"] {
            assert!(!parse_flag(f));
        }
        use std::cmp::Ordering::*;
        assert_eq!(cmp_ids("9", "10"), Less);
        assert_eq!(cmp_ids("d9", "d10"), Greater);
    }

    #[test]
    fn team_of_deployment_falls_back_to_service() {
        let mut d = Deployment::new("1", 0);
        assert_eq!(d.team_name(), "(none)");
        d.service = Some("api".into());
        assert_eq!(d.team_name(), "api");
        d.team = Some("payments".into());
        assert_eq!(d.team_name(), "payments");
    }

    #[test]
    fn numbers_read_as_exports_write_them() {
        let check = |input: &str, expected: Option<f64>| assert_eq!(parse_number(input), expected, "{input:?}");
        for (input, expected) in [
            ("12", Some(12.0)),
            (" 3600.5 ", Some(3600.5)),
            ("-3.5", Some(-3.5)),
            ("+4", Some(4.0)),
            (".5", Some(0.5)),
            ("2.", Some(2.0)),
            ("007", Some(7.0)),
            ("-0.25", Some(-0.25)),
            ("1e3", Some(1000.0)),
            ("1.5E-2", Some(0.015)),
            ("2e+2", Some(200.0)),
            ("", None),
            (".", None),
            ("-", None),
            ("1e", None),
            ("1.2.3", None),
            ("12h", None),
            ("--1", None),
            ("+-1", None),
            ("1,5", None),
            ("inf", None),
            ("NaN", None),
            ("1e999", None),
        ] {
            check(input, expected);
        }
    }

    proptest::proptest! {
        /// Whatever a number looks like, it reads as the standard library reads it (within the
        /// last digit: serde_json's parser may round the other way).
        #[test]
        fn numbers_read_like_the_standard_library(
            x in proptest::num::f64::NORMAL | proptest::num::f64::ZERO,
            style in 0..3usize,
        ) {
            let text = match style {
                0 => format!("{x}"),
                1 => format!("{x:e}"),
                _ => crate::core::decimal::fixed(x, 3),
            };
            let std: f64 = text.parse().unwrap();
            let ours = parse_number(&text).unwrap();
            proptest::prop_assert!((ours - std).abs() <= std.abs() * 4.0 * f64::EPSILON, "{} {} {}", text, ours, std);
        }
    }
}

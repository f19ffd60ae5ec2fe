//! Format detection from content (the file name only breaks ties), and dispatch to the importers.

use super::{Collector, FormatError, Hint, RecordKind, canonical, mapping, read, teams};
use crate::core::case::lowercase;
use serde::Serialize;

/// Every format DORA Lens reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    CanonicalCsv,
    CanonicalJson,
    CanonicalNdjson,
    GithubDeployments,
    GithubActions,
    GithubReleases,
    GitlabDeployments,
    Argocd,
    Jenkins,
    FourkeysDeployments,
    FourkeysChanges,
    FourkeysIncidents,
    DevlakeDeployments,
    DevlakeIssues,
    PagerdutyJson,
    PagerdutyCsv,
    Opsgenie,
    JiraCsv,
    JiraJson,
    ServicenowCsv,
    ServicenowJson,
    MappedCsv,
    TeamsCsv,
    TeamsJson,
}

impl Format {
    pub const ALL: &'static [Format] = &[
        Format::CanonicalCsv,
        Format::CanonicalJson,
        Format::CanonicalNdjson,
        Format::GithubDeployments,
        Format::GithubActions,
        Format::GithubReleases,
        Format::GitlabDeployments,
        Format::Argocd,
        Format::Jenkins,
        Format::FourkeysDeployments,
        Format::FourkeysChanges,
        Format::FourkeysIncidents,
        Format::DevlakeDeployments,
        Format::DevlakeIssues,
        Format::PagerdutyJson,
        Format::PagerdutyCsv,
        Format::Opsgenie,
        Format::JiraCsv,
        Format::JiraJson,
        Format::ServicenowCsv,
        Format::ServicenowJson,
        Format::MappedCsv,
        Format::TeamsCsv,
        Format::TeamsJson,
    ];

    /// The stable identifier used by `--format`-style overrides and the URL.
    pub fn id(self) -> &'static str {
        match self {
            Format::CanonicalCsv => "canonical-csv",
            Format::CanonicalJson => "canonical-json",
            Format::CanonicalNdjson => "canonical-ndjson",
            Format::GithubDeployments => "github-deployments",
            Format::GithubActions => "github-actions",
            Format::GithubReleases => "github-releases",
            Format::GitlabDeployments => "gitlab-deployments",
            Format::Argocd => "argocd",
            Format::Jenkins => "jenkins",
            Format::FourkeysDeployments => "fourkeys-deployments",
            Format::FourkeysChanges => "fourkeys-changes",
            Format::FourkeysIncidents => "fourkeys-incidents",
            Format::DevlakeDeployments => "devlake-deployments",
            Format::DevlakeIssues => "devlake-issues",
            Format::PagerdutyJson => "pagerduty-json",
            Format::PagerdutyCsv => "pagerduty-csv",
            Format::Opsgenie => "opsgenie",
            Format::JiraCsv => "jira-csv",
            Format::JiraJson => "jira-json",
            Format::ServicenowCsv => "servicenow-csv",
            Format::ServicenowJson => "servicenow-json",
            Format::MappedCsv => "mapped-csv",
            Format::TeamsCsv => "teams-csv",
            Format::TeamsJson => "teams-json",
        }
    }

    /// A human name for lists and reports.
    pub fn label(self) -> &'static str {
        match self {
            Format::CanonicalCsv => "Canonical CSV",
            Format::CanonicalJson => "Canonical JSON",
            Format::CanonicalNdjson => "Canonical JSON Lines",
            Format::GithubDeployments => "GitHub deployments",
            Format::GithubActions => "GitHub Actions workflow runs",
            Format::GithubReleases => "GitHub releases",
            Format::GitlabDeployments => "GitLab deployments",
            Format::Argocd => "Argo CD application history",
            Format::Jenkins => "Jenkins builds",
            Format::FourkeysDeployments => "Four Keys deployments",
            Format::FourkeysChanges => "Four Keys changes",
            Format::FourkeysIncidents => "Four Keys incidents",
            Format::DevlakeDeployments => "DevLake deployment commits",
            Format::DevlakeIssues => "DevLake issues",
            Format::PagerdutyJson => "PagerDuty incidents (API)",
            Format::PagerdutyCsv => "PagerDuty incidents (CSV)",
            Format::Opsgenie => "Opsgenie incidents",
            Format::JiraCsv => "Jira issues (CSV)",
            Format::JiraJson => "Jira issues (API)",
            Format::ServicenowCsv => "ServiceNow incidents (CSV)",
            Format::ServicenowJson => "ServiceNow incidents (JSON)",
            Format::MappedCsv => "CSV with a column mapping",
            Format::TeamsCsv => "Teams mapping (CSV)",
            Format::TeamsJson => "Teams mapping (JSON)",
        }
    }

    pub fn from_id(id: &str) -> Option<Format> {
        Format::ALL.iter().copied().find(|f| f.id().eq_ignore_ascii_case(id.trim()))
    }

    /// What the format holds, before the content is read.
    pub fn kind(self) -> RecordKind {
        use Format::*;
        match self {
            CanonicalCsv | CanonicalJson | CanonicalNdjson | MappedCsv | FourkeysChanges => RecordKind::Mixed,
            GithubDeployments | GithubActions | GithubReleases | GitlabDeployments | Argocd | Jenkins
            | FourkeysDeployments | DevlakeDeployments => RecordKind::Deployments,
            FourkeysIncidents | DevlakeIssues | PagerdutyJson | PagerdutyCsv | Opsgenie | JiraCsv | JiraJson
            | ServicenowCsv | ServicenowJson => RecordKind::Incidents,
            TeamsCsv | TeamsJson => RecordKind::Teams,
        }
    }
}

/// Runs the importer of `format` over `text`.
pub fn run(format: Format, text: &str, c: &mut Collector) -> Result<(), FormatError> {
    use Format::*;
    match format {
        CanonicalCsv => canonical::csv(text, c),
        CanonicalJson => canonical::json(text, c),
        CanonicalNdjson => canonical::ndjson(text, c),
        MappedCsv => match c.opts.mapping.clone() {
            Some(m) => mapping::import(text, &m, c),
            None => {
                Err(FormatError::new(1, 1, "this CSV needs a column mapping: say which column is the id, the time, …"))
            }
        },
        TeamsCsv => teams::csv(text, c),
        TeamsJson => teams::json(text, c),
        other => super::vendor::run(other, text, c),
    }
}

/// What the first part of a file looks like.
pub struct Sniff<'a> {
    /// The first 64 KiB (cut at a character boundary).
    pub head: &'a str,
    /// Lower-cased CSV header names, when the file is not JSON.
    pub headers: Vec<String>,
    pub json: bool,
    pub ndjson: bool,
}

impl Sniff<'_> {
    /// True when the JSON head has the key `"key"`.
    pub fn key(&self, key: &str) -> bool {
        let needle = format!("\"{key}\"");
        let mut rest = self.head;
        while let Some(i) = rest.find(&needle) {
            let after = rest[i + needle.len()..].trim_start();
            if after.starts_with(':') {
                return true;
            }
            rest = &rest[i + needle.len()..];
        }
        false
    }

    pub fn header(&self, name: &str) -> bool {
        self.headers.iter().any(|h| h == name)
    }
}

pub fn sniff(text: &str) -> Sniff<'_> {
    let mut end = text.len().min(64 * 1024);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    let trimmed = head.trim_start();
    let json = trimmed.starts_with('{') || trimmed.starts_with('[');
    let ndjson = trimmed.starts_with('{') && {
        let mut lines = head.lines().map(str::trim).filter(|l| !l.is_empty());
        let first = lines.next().unwrap_or("");
        let second = lines.next().unwrap_or("");
        first.ends_with('}') && second.starts_with('{') && serde_json::from_str::<serde::de::IgnoredAny>(first).is_ok()
    };
    let headers = if json {
        Vec::new()
    } else {
        let delim = read::sniff_delimiter(head);
        let mut r =
            csv::ReaderBuilder::new().delimiter(delim).has_headers(false).flexible(true).from_reader(head.as_bytes());
        let mut rec = csv::StringRecord::new();
        match r.read_record(&mut rec) {
            Ok(true) => rec.iter().map(|h| lowercase(h.trim())).collect(),
            _ => Vec::new(),
        }
    };
    Sniff { head, headers, json, ndjson }
}

/// Detects the format of a file from its content; the name and the hint break ties.
/// Returns the format and a reason a person can check.
pub fn detect(name: &str, text: &str, hint: Hint, has_mapping: bool) -> Result<(Format, String), String> {
    if text.trim().is_empty() {
        return Err("the file is empty".into());
    }
    let s = sniff(text);
    if let Some(found) = super::vendor::detect(&s, name, hint) {
        return Ok(found);
    }
    if s.json {
        if s.ndjson && (s.key("deployed_at") || s.key("started_at")) {
            return Ok((Format::CanonicalNdjson, "one JSON object per line with deployed_at/started_at".into()));
        }
        if s.key("deployments") || s.key("incidents") || s.key("deployed_at") || s.key("started_at") {
            let why = if s.key("deployments") || s.key("incidents") {
                "has a deployments/incidents array"
            } else {
                "objects with deployed_at/started_at"
            };
            return Ok((Format::CanonicalJson, why.into()));
        }
        if teams::looks_like_json(&s) || hint == Hint::Teams {
            return Ok((Format::TeamsJson, "maps names to teams".into()));
        }
        return Err("not a recognised format: this JSON has none of the shapes DORA Lens knows \
                    (canonical, GitHub, GitLab, Argo CD, Jenkins, Four Keys, DevLake, PagerDuty, Opsgenie, Jira, ServiceNow)"
            .into());
    }
    let has_id = s.header("id");
    if has_id && s.header("deployed_at") {
        return Ok((Format::CanonicalCsv, "CSV with id and deployed_at columns".into()));
    }
    if has_id && s.header("started_at") {
        return Ok((Format::CanonicalCsv, "CSV with id and started_at columns".into()));
    }
    if teams::looks_like_csv(&s) {
        return Ok((Format::TeamsCsv, format!("two columns: {}", s.headers.join(", "))));
    }
    if has_mapping {
        return Ok((Format::MappedCsv, "CSV read with the column mapping".into()));
    }
    let shown: Vec<&str> = s.headers.iter().take(8).map(String::as_str).collect();
    Err(format!(
        "not a recognised format: CSV columns {} match no known export; set a column mapping (which column is the id, the time, …)",
        if shown.is_empty() { "(none)".to_string() } else { shown.join(", ") }
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_shapes_are_detected() {
        let cases = [
            ("id,deployed_at,team\n1,2025-01-01,a\n", Format::CanonicalCsv),
            ("\u{feff}team;id;started_at\n", Format::CanonicalCsv),
            ("{\"deployments\": []}", Format::CanonicalJson),
            (
                "{\"id\":\"1\",\"deployed_at\":\"2025-01-01\"}\n{\"id\":\"2\",\"deployed_at\":\"2025-01-02\"}\n",
                Format::CanonicalNdjson,
            ),
            ("service,team\napi,payments\n", Format::TeamsCsv),
        ];
        for (text, want) in cases {
            let text = text.trim_start_matches('\u{feff}');
            assert_eq!(detect("x", text, Hint::Any, false).map(|f| f.0), Ok(want), "{text}");
        }
    }

    #[test]
    fn unknown_csv_asks_for_a_mapping() {
        let err = detect("x.csv", "when,what\n1,2\n", Hint::Any, false).unwrap_err();
        assert!(err.contains("column mapping"), "{err}");
        assert_eq!(detect("x.csv", "when,what\n1,2\n", Hint::Any, true).unwrap().0, Format::MappedCsv);
    }

    #[test]
    fn ids_round_trip() {
        for f in Format::ALL {
            assert_eq!(Format::from_id(f.id()), Some(*f));
        }
    }
}

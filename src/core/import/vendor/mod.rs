//! Importers for the exports of real tools. Each module reads one vendor's shapes into the canonical
//! model; see docs/imports.md for what every field becomes and what is skipped.
//!
//! Shared here: walking JSON files that hold one value or several back to back (paginated API
//! output concatenated by `gh api --paginate`, `cat`, or NDJSON), tabular records that may come as
//! CSV or JSON (Four Keys, DevLake, ServiceNow), vendor time spellings, and skip bookkeeping.

pub mod argocd;
pub mod azure;
pub mod bitbucket;
pub mod circleci;
pub mod datadog;
pub mod deferred;
mod detect;
pub mod devlake;
pub mod firehydrant;
pub mod fourkeys;
pub mod github;
pub mod github_commits;
pub mod github_webhook;
pub mod gitlab;
pub mod grafana_oncall;
pub mod incidentio;
mod items;
pub mod jenkins;
pub mod jira;
mod json;
pub mod octopus;
pub mod opsgenie;
pub mod pagerduty;
mod pages;
mod records;
pub mod rootly;
pub mod servicenow;
pub mod splunk_oncall;
pub mod squadcast;
pub mod statuspage;
mod times;
mod workflows;

pub(crate) use super::Bad;
use super::Format;
use super::{Collector, FormatError, SkipReason};
use crate::core::model::{Deployment, Incident, is_production_environment, is_success_status};
pub use deferred::{Pending, ServicenowRow};
pub use detect::detect;
pub(crate) use json::*;
pub(crate) use records::*;
pub(crate) use times::*;

/// Runs the importer of a vendor format.
pub fn run(format: Format, text: &str, c: &mut Collector) -> Result<(), FormatError> {
    use Format::*;
    match format {
        GithubDeployments => github::deployments(text, c),
        GithubActions => github::actions(text, c),
        GithubReleases => github::releases(text, c),
        GithubCommits => github_commits::import(text, c),
        GitlabDeployments => gitlab::import(text, c),
        Argocd => argocd::import(text, c),
        Jenkins => jenkins::import(text, c),
        FourkeysDeployments => fourkeys::deployments(text, c),
        FourkeysChanges => fourkeys::changes(text, c),
        FourkeysIncidents => fourkeys::incidents(text, c),
        DevlakeDeployments => devlake::deployments(text, c),
        DevlakeIssues => devlake::issues(text, c),
        BitbucketDeployments => bitbucket::import(text, c),
        AzureDevops => azure::import(text, c),
        Circleci => circleci::import(text, c),
        Octopus => octopus::import(text, c),
        GithubDeploymentStatus => github_webhook::import(text, c),
        FourkeysEventsRaw => fourkeys::events_raw(text, c),
        PagerdutyJson => pagerduty::json(text, c),
        PagerdutyCsv => pagerduty::csv(text, c),
        Opsgenie => opsgenie::import(text, c),
        JiraCsv => jira::csv(text, c),
        JiraJson => jira::json(text, c),
        ServicenowCsv | ServicenowJson => servicenow::import(text, c),
        PagerdutyAnalytics => pagerduty::analytics(text, c),
        Incidentio => incidentio::import(text, c),
        Firehydrant => firehydrant::import(text, c),
        DatadogIncidents => datadog::import(text, c),
        SplunkOncall => splunk_oncall::import(text, c),
        Squadcast => squadcast::import(text, c),
        Rootly => rootly::import(text, c),
        GrafanaOncall => grafana_oncall::import(text, c),
        Statuspage => statuspage::import(text, c),
        other => Err(FormatError::new(1, 1, format!("{} is not a vendor format", other.label()))),
    }
}

// ---------------------------------------------------------------------------------------------
// Skips

/// The production and success rules of [`Collector::deployment`], checked before the rest of a row
/// is read (so a failed run without a finish time is "not a success", not "missing time").
pub(crate) fn precheck(environment: Option<&str>, status: Option<&str>) -> Result<(), Bad> {
    if !is_production_environment(environment) {
        return Err(Bad::new(SkipReason::NotProduction, format!("environment {:?}", environment.unwrap_or(""))));
    }
    if !is_success_status(status) {
        return Err(Bad::new(SkipReason::NotASuccess, format!("status {:?}", status.unwrap_or(""))));
    }
    Ok(())
}

/// Counts one row and imports or skips it.
pub(crate) fn emit_deployment(c: &mut Collector, line: u32, column: Option<u32>, r: Result<Deployment, Bad>) {
    c.row();
    match r {
        Ok(mut d) => {
            d.source = c.source(line);
            c.deployment(d);
        }
        Err(b) => c.skip(line, b.column.or(column), b.reason, b.detail),
    }
}

/// Counts one row and imports or skips it.
pub(crate) fn emit_incident(c: &mut Collector, line: u32, column: Option<u32>, r: Result<Incident, Bad>) {
    c.row();
    match r {
        Ok(mut i) => {
            i.source = c.source(line);
            c.incident(i);
        }
        Err(b) => c.skip(line, b.column.or(column), b.reason, b.detail),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::import::Hint;
    use crate::core::time::Zone;
    use serde_json::Value;

    /// Values in detail messages read as compact JSON, cut after 60 characters.
    #[test]
    fn json_text_is_compact_json() {
        for text in [r#"[1,"x",true,null]"#, r#"{"a":{"b":[1.5,-2]},"c\"d":"e\\f"}"#, "12", r#""plain""#] {
            let v: Value = serde_json::from_str(text).unwrap();
            assert_eq!(json_text(&v), serde_json::to_string(&v).unwrap());
        }
        assert_eq!(json_text(&Value::String("a\nb".into())), r#""a\u000ab""#);
        let long: Value = serde_json::from_str(&format!("[{}]", vec!["1234567890"; 20].join(","))).unwrap();
        assert_eq!(json_text(&long).chars().count(), 58);
        assert!(json_text(&long).ends_with('…'));
    }

    #[test]
    fn vendor_time_spellings() {
        let z = Zone::utc();
        let t = |s: &str| time_str(s, "t", &z).unwrap().unwrap();
        assert_eq!(t("2024-01-05 13:04:11 UTC"), t("2024-01-05T13:04:11Z"));
        assert_eq!(t("2024-01-05 13:04:11.250 UTC"), t("2024-01-05T13:04:11.250Z"));
        assert_eq!(t("2024-01-05 13:04:11 +0100"), t("2024-01-05T12:04:11Z"));
        assert_eq!(time_str("", "t", &z).unwrap(), None);
        let b = time_str("next tuesday", "created", &z).unwrap_err();
        assert_eq!(b.reason.text(), "unparseable time");
        assert!(b.detail.contains("next tuesday") && b.detail.contains("created"), "{}", b.detail);
        assert_eq!(time_val(Some(&Value::from(1_700_000_000_000i64)), "t", &z).unwrap(), Some(1_700_000_000_000));
    }

    #[test]
    fn the_name_breaks_ties_only() {
        use crate::core::import::sniff::sniff;
        // A Four Keys export holding columns of two tables: the name decides.
        let text = "{\"deploy_id\": \"d\", \"incident_id\": \"i\", \"time_created\": \"2025-01-01\"}\n";
        let s = sniff(text);
        assert_eq!(detect(&s, "incidents.json", Hint::Any).map(|f| f.0), Some(Format::FourkeysIncidents));
        assert_eq!(detect(&s, "export.json", Hint::Incidents).map(|f| f.0), Some(Format::FourkeysIncidents));
        assert_eq!(detect(&s, "export.json", Hint::Any).map(|f| f.0), Some(Format::FourkeysDeployments));
        // Content beats the name.
        let s = sniff("{\"total_count\": 1, \"workflow_runs\": []}");
        assert_eq!(detect(&s, "pagerduty-incidents.json", Hint::Incidents).map(|f| f.0), Some(Format::GithubActions));
        // Canonical files are not vendor files.
        for text in [
            "id,deployed_at,team\n1,2025-01-01,a\n",
            "{\"deployments\": [{\"id\": 1, \"deployed_at\": \"x\", \"commits\": [{\"sha\": \"a\"}]}]}",
        ] {
            assert_eq!(detect(&sniff(text), "github.json", Hint::Any), None, "{text}");
        }
    }

    #[test]
    fn urls_lists_and_shas() {
        assert_eq!(repo_from_url("https://api.github.com/repos/octo/hello/deployments/1"), Some("hello"));
        assert_eq!(repo_from_url("https://ghe.example.com/api/v3/repos/o/r"), Some("r"));
        assert_eq!(repo_from_url("https://github.com/octo/hello.git"), Some("hello"));
        assert_eq!(repo_from_url("nonsense"), None);
        assert_eq!(split_list("[\"a\", \"b\"]"), vec!["a", "b"]);
        assert_eq!(split_list("[a, b]"), vec!["a", "b"]);
        assert_eq!(split_list(""), Vec::<String>::new());
        assert!(looks_like_sha("a1b2c3d") && !looks_like_sha("main") && !looks_like_sha("beef"));
    }

    #[test]
    fn back_to_back_values_and_positions() {
        let text = "{\"a\":1}\n{\"a\":2}[3]";
        let vals = json_values(text).unwrap();
        assert_eq!(vals.len(), 3);
        let pos = positions(text, &[vals[2].get(), vals[0].get()]);
        assert_eq!(pos, vec![(2, 8), (1, 1)]);
        assert!(json_values("{\"a\":1}\n{\"a\"").is_err());
        let m = raw_members(vals[0]);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].0, "a");
    }
}

//! Vendor importers against fixtures shaped like the real exports, and fuzzing of every format.

use doralens::core::import::chunked::ChunkedImport;
use doralens::core::import::{
    FileImport, Format, ImportOptions, RecordKind, SkipClass, SkipReason, WorkflowFilter, build_dataset, detect,
    import_file,
};
use doralens::core::model::{Deployment, Incident};
use doralens::core::time::Zone;
use doralens::core::time::numeric::DateOrder;
use std::path::Path;

fn fixture(path: &str) -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(path);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn load_with(path: &str, opts: &ImportOptions) -> FileImport {
    import_file(path, &fixture(path), 0, opts).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn load(path: &str) -> FileImport {
    load_with(path, &ImportOptions::default())
}

/// Every fixture, what it is detected as, and its books: rows read, imported, skipped by rule,
/// skipped as invalid.
const EXPECTED: &[(&str, Format, usize, usize, usize, usize)] = &[
    ("github/deployments_with_statuses.json", Format::GithubDeployments, 5, 3, 2, 0),
    ("github/deployments.json", Format::GithubDeployments, 3, 1, 1, 1),
    ("github/statuses_only.json", Format::GithubDeployments, 3, 1, 2, 0),
    ("github/workflow_runs.json", Format::GithubActions, 7, 2, 5, 0),
    ("github/releases.json", Format::GithubReleases, 4, 2, 2, 0),
    ("gitlab/deployments.json", Format::GitlabDeployments, 6, 2, 3, 1),
    ("argocd/application.json", Format::Argocd, 3, 3, 0, 0),
    ("argocd/applications.json", Format::Argocd, 3, 1, 1, 1),
    ("jenkins/job.json", Format::Jenkins, 6, 2, 4, 0),
    ("jenkins/folder.json", Format::Jenkins, 3, 1, 1, 1),
    ("jenkins/build.json", Format::Jenkins, 1, 1, 0, 0),
    ("fourkeys/deployments.csv", Format::FourkeysDeployments, 5, 2, 0, 3),
    ("fourkeys/deployments.ndjson", Format::FourkeysDeployments, 3, 2, 0, 1),
    ("fourkeys/changes.json", Format::FourkeysChanges, 5, 3, 0, 2),
    ("fourkeys/incidents.csv", Format::FourkeysIncidents, 3, 2, 0, 1),
    ("devlake/cicd_deployment_commits.csv", Format::DevlakeDeployments, 10, 2, 7, 1),
    ("devlake/cicd_deployment_commits.json", Format::DevlakeDeployments, 3, 1, 1, 1),
    ("devlake/issues.csv", Format::DevlakeIssues, 5, 3, 2, 0),
    ("pagerduty/incidents.json", Format::PagerdutyJson, 4, 3, 0, 1),
    ("pagerduty/incidents.csv", Format::PagerdutyCsv, 5, 5, 0, 0),
    ("opsgenie/incidents.json", Format::Opsgenie, 4, 3, 0, 1),
    ("opsgenie/alerts.json", Format::Opsgenie, 2, 2, 0, 0),
    ("jira/incidents.csv", Format::JiraCsv, 5, 2, 2, 1),
    ("jira/search.json", Format::JiraJson, 5, 2, 2, 1),
    ("servicenow/incidents.csv", Format::ServicenowCsv, 6, 3, 2, 1),
    ("servicenow/incident.json", Format::ServicenowJson, 3, 2, 0, 1),
    ("servicenow/incident_jsonv2.json", Format::ServicenowJson, 2, 1, 1, 0),
    // Incident tools as their real payloads come (issue 15).
    ("jira-array/issues_with_changelog.json", Format::JiraJson, 1, 0, 1, 0),
    ("jira-array/issues_without_changelog.json", Format::JiraJson, 2, 0, 2, 0),
    ("jira-array/issue_reserialized_epoch_ms.json", Format::JiraJson, 1, 0, 1, 0),
    ("pagerduty-analytics/raw_incidents.FORMAT-CONVERTED.json", Format::PagerdutyAnalytics, 1, 1, 0, 0),
    ("incidentio/incidents_list.json", Format::Incidentio, 1, 1, 0, 0),
    ("firehydrant/incidents_page.DOCS-DERIVED.json", Format::Firehydrant, 1, 1, 0, 0),
    ("firehydrant/webhook_incident_updated.json", Format::Firehydrant, 1, 1, 0, 0),
    ("datadog/incidents_page1.json", Format::DatadogIncidents, 2, 2, 0, 0),
    ("datadog/incidents_page2_last.json", Format::DatadogIncidents, 1, 1, 0, 0),
    ("datadog/incidents_2023.json", Format::DatadogIncidents, 3, 3, 0, 0),
    ("splunk-oncall/incidents_v1.json", Format::SplunkOncall, 3, 3, 0, 0),
    ("splunk-oncall/reporting_v2_incidents.FORMAT-CONVERTED.json", Format::SplunkOncall, 1, 1, 0, 0),
    ("squadcast/incidents_export.DOCS-DERIVED.json", Format::Squadcast, 3, 2, 1, 0),
    ("rootly/incidents_page.SCHEMA-DERIVED.json", Format::Rootly, 3, 2, 1, 0),
    ("grafana-oncall/alert_groups_docs.TRAILING-COMMA-REMOVED.json", Format::GrafanaOncall, 1, 1, 0, 0),
    ("statuspage/incidents_quay_legacy.json", Format::Statuspage, 4, 3, 1, 0),
    ("servicenow-eventlog/event_log_dd-mm-yyyy.csv", Format::ServicenowCsv, 14, 4, 10, 0),
    ("servicenow-eventlog/event_log_d-m-yyyy.csv", Format::ServicenowCsv, 20, 3, 17, 0),
    ("servicenow-eventlog/event_log_us-ampm.TRANSFORMED.csv", Format::ServicenowCsv, 20, 3, 17, 0),
    ("servicenow-eventlog/event_log_dotted.TRANSFORMED.csv", Format::ServicenowCsv, 20, 3, 17, 0),
    // Deployment side of issue 15: real payloads (tests/fixtures/SOURCES.md), counted by hand.
    ("argocd-yaml/application_comparison_error.yaml", Format::Argocd, 2, 2, 0, 0),
    ("argocd-yaml/application_jenkins_kubectl.yaml", Format::Argocd, 2, 2, 0, 0),
    ("argocd-yaml/application_list_kubectl.yaml", Format::Argocd, 4, 4, 0, 0),
    ("argocd-yaml/application_operation_running.yaml", Format::Argocd, 2, 2, 0, 0),
    ("jenkins-allbuilds/job_allbuilds.json", Format::Jenkins, 6, 2, 4, 0),
    ("devlake-raw/_raw_jenkins_api_builds.csv", Format::Jenkins, 6, 4, 2, 0),
    ("devlake-raw/_raw_gitlab_api_deployments.csv", Format::GitlabDeployments, 4, 0, 4, 0),
    ("devlake-raw/_raw_bitbucket_api_deployments.csv", Format::BitbucketDeployments, 5, 2, 3, 0),
    ("devlake-raw/_raw_circleci_api_workflows.csv", Format::Circleci, 5, 0, 5, 0),
    ("devlake-raw/_raw_github_graphql_deployment.csv", Format::GithubDeployments, 4, 0, 4, 0),
    ("devlake-raw/_raw_pagerduty_incidents.csv", Format::PagerdutyJson, 2, 2, 0, 0),
    ("devlake-raw/_raw_opsgenie_incidents.csv", Format::Opsgenie, 2, 2, 0, 0),
    ("bitbucket/deployments_pages.json", Format::BitbucketDeployments, 5, 2, 3, 0),
    ("azure-devops/builds.json", Format::AzureDevops, 4, 2, 2, 0),
    ("azure-devops/release_deployments_body.json", Format::AzureDevops, 1, 0, 1, 0),
    ("azure-devops/release_deployments_docs_example.json", Format::AzureDevops, 1, 0, 1, 0),
    ("circleci/workflows_page.json", Format::Circleci, 1, 0, 1, 0),
    ("circleci/workflows_devlake_items.json", Format::Circleci, 5, 0, 5, 0),
    ("octopus/deployments_page.json", Format::Octopus, 3, 0, 3, 0),
    ("octopus/deployment_port_docs.json", Format::Octopus, 1, 0, 1, 0),
    ("octopus/task_failed.json", Format::Octopus, 1, 0, 1, 0),
    ("octopus/task_docs_placeholder.json", Format::Octopus, 1, 0, 0, 1),
    ("octopus/progression_deployments_map.json", Format::Octopus, 1, 0, 1, 0),
    ("github/deployment_status_success.json", Format::GithubDeploymentStatus, 1, 1, 0, 0),
    ("github/deployment_status_gh_pages_in_progress.json", Format::GithubDeploymentStatus, 1, 0, 1, 0),
    ("fourkeys-events-raw/events_raw.csv", Format::FourkeysEventsRaw, 7, 2, 4, 1),
    ("fourkeys-events-raw/events_raw.json", Format::FourkeysEventsRaw, 7, 2, 4, 1),
    ("devlake-domain/cicd_deployments.csv", Format::DevlakeDeployments, 7, 0, 7, 0),
    ("devlake-domain/cicd_deployment_commits_dora_e2e.csv", Format::DevlakeDeployments, 6, 0, 6, 0),
    ("devlake-domain/incidents.csv", Format::DevlakeIssues, 7, 7, 0, 0),
    ("devlake-domain/issues_dora_e2e.csv", Format::DevlakeIssues, 14, 6, 8, 0),
    ("devlake-domain/issues_pagerduty.csv", Format::DevlakeIssues, 3, 3, 0, 0),
    ("devlake-domain/project_mapping.csv", Format::TeamsCsv, 8, 8, 0, 0),
];

const FIXTURES: &[&str] = &[
    "github/deployments_with_statuses.json",
    "github/deployments.json",
    "github/statuses_only.json",
    "github/workflow_runs.json",
    "github/releases.json",
    "gitlab/deployments.json",
    "argocd/application.json",
    "argocd/applications.json",
    "jenkins/job.json",
    "jenkins/folder.json",
    "jenkins/build.json",
    "fourkeys/deployments.csv",
    "fourkeys/deployments.ndjson",
    "fourkeys/changes.json",
    "fourkeys/incidents.csv",
    "devlake/cicd_deployment_commits.csv",
    "devlake/cicd_deployment_commits.json",
    "devlake/issues.csv",
    "pagerduty/incidents.json",
    "pagerduty/incidents.csv",
    "opsgenie/incidents.json",
    "opsgenie/alerts.json",
    "jira/incidents.csv",
    "jira/search.json",
    "servicenow/incidents.csv",
    "servicenow/incident.json",
    "servicenow/incident_jsonv2.json",
    "jira-array/issues_with_changelog.json",
    "jira-array/issues_without_changelog.json",
    "jira-array/issue_reserialized_epoch_ms.json",
    "pagerduty-analytics/raw_incidents.FORMAT-CONVERTED.json",
    "incidentio/incidents_list.json",
    "firehydrant/incidents_page.DOCS-DERIVED.json",
    "firehydrant/webhook_incident_updated.json",
    "datadog/incidents_page1.json",
    "datadog/incidents_page2_last.json",
    "datadog/incidents_2023.json",
    "splunk-oncall/incidents_v1.json",
    "splunk-oncall/reporting_v2_incidents.FORMAT-CONVERTED.json",
    "squadcast/incidents_export.DOCS-DERIVED.json",
    "rootly/incidents_page.SCHEMA-DERIVED.json",
    "grafana-oncall/alert_groups_docs.TRAILING-COMMA-REMOVED.json",
    "statuspage/incidents_quay_legacy.json",
    "servicenow-eventlog/event_log_dd-mm-yyyy.csv",
    "servicenow-eventlog/event_log_d-m-yyyy.csv",
    "servicenow-eventlog/event_log_us-ampm.TRANSFORMED.csv",
    "servicenow-eventlog/event_log_dotted.TRANSFORMED.csv",
    // Deployment side of issue 15.
    "argocd-yaml/application_comparison_error.yaml",
    "argocd-yaml/application_jenkins_kubectl.yaml",
    "argocd-yaml/application_list_kubectl.yaml",
    "argocd-yaml/application_operation_running.yaml",
    "jenkins-allbuilds/job_allbuilds.json",
    "devlake-raw/_raw_jenkins_api_builds.csv",
    "devlake-raw/_raw_gitlab_api_deployments.csv",
    "devlake-raw/_raw_bitbucket_api_deployments.csv",
    "devlake-raw/_raw_circleci_api_workflows.csv",
    "devlake-raw/_raw_github_graphql_deployment.csv",
    "devlake-raw/_raw_pagerduty_incidents.csv",
    "devlake-raw/_raw_opsgenie_incidents.csv",
    "bitbucket/deployments_pages.json",
    "azure-devops/builds.json",
    "azure-devops/release_deployments_body.json",
    "azure-devops/release_deployments_docs_example.json",
    "circleci/workflows_page.json",
    "circleci/workflows_devlake_items.json",
    "octopus/deployments_page.json",
    "octopus/deployment_port_docs.json",
    "octopus/task_failed.json",
    "octopus/task_docs_placeholder.json",
    "octopus/progression_deployments_map.json",
    "github/deployment_status_success.json",
    "github/deployment_status_gh_pages_in_progress.json",
    "fourkeys-events-raw/events_raw.csv",
    "fourkeys-events-raw/events_raw.json",
    "devlake-domain/cicd_deployments.csv",
    "devlake-domain/cicd_deployment_commits_dora_e2e.csv",
    "devlake-domain/incidents.csv",
    "devlake-domain/issues_dora_e2e.csv",
    "devlake-domain/issues_pagerduty.csv",
    "devlake-domain/project_mapping.csv",
];

#[test]
#[ignore = "prints a summary of every fixture"]
fn print_summary() {
    for path in FIXTURES {
        let f = load(path);
        println!(
            "\n== {path}: {} ({}) rows {} deps {} incs {} commits {} skipped {}",
            f.format.id(),
            f.reason,
            f.rows_read,
            f.deployments.len(),
            f.incidents.len(),
            f.commit_times.len(),
            f.skipped_total()
        );
        for d in &f.deployments {
            println!(
                "  D {} at {} team {:?} svc {:?} env {:?} sha {:?} first {:?} commits {:?} line {}",
                d.id,
                doralens::core::time::format_instant(d.deployed_at),
                d.team,
                d.service,
                d.environment,
                d.commit_sha,
                d.first_commit_at.map(doralens::core::time::format_instant),
                d.commits
                    .iter()
                    .map(|c| (&*c.sha, c.committed_at.map(doralens::core::time::format_instant)))
                    .collect::<Vec<_>>(),
                d.source.line
            );
        }
        for i in &f.incidents {
            println!(
                "  I {} {} .. {:?} team {:?} svc {:?} sev {:?} cause {:?} title {:?} line {}",
                i.id,
                doralens::core::time::format_instant(i.started_at),
                i.resolved_at.map(doralens::core::time::format_instant),
                i.team,
                i.service,
                i.severity,
                i.caused_by,
                i.title,
                i.source.line
            );
        }
        for (sha, at) in &f.commit_times {
            println!("  C {sha} {}", doralens::core::time::format_instant(*at));
        }
        for p in &f.problems {
            println!("  - {p} [{:?}]", p.class);
        }
        for w in &f.warnings {
            println!("  ! {w}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Detection and books

#[test]
fn every_fixture_is_detected_from_its_content_with_a_reason() {
    assert_eq!(FIXTURES.len(), EXPECTED.len());
    for (path, format, ..) in EXPECTED {
        let text = String::from_utf8(fixture(path)).unwrap();
        let text = text.trim_start_matches('\u{feff}');
        // The content decides: a meaningless name gives the same answer.
        for name in [*path, "export.txt"] {
            let (got, reason) = detect(name, text, &ImportOptions::default()).unwrap_or_else(|e| panic!("{path}: {e}"));
            assert_eq!(got, *format, "{path} as {name}: {reason}");
            assert!(reason.len() > 10, "{path}: reason {reason:?}");
        }
    }
}

#[test]
fn every_fixture_keeps_its_books() {
    for &(path, format, rows, imported, rule, invalid) in EXPECTED {
        let f = load(path);
        assert_eq!(f.format, format, "{path}");
        let got = (f.rows_read, f.imported(), f.skipped_by(SkipClass::Rule), f.skipped_by(SkipClass::Invalid));
        assert_eq!(got, (rows, imported, rule, invalid), "{path}: {:#?}", f.problems);
        assert_eq!(f.imported() + f.skipped_total(), f.rows_read, "{path}");
        // Every problem names a real line of the file.
        let lines = String::from_utf8(fixture(path)).unwrap().lines().count() as u32;
        for p in &f.problems {
            assert!(p.line >= 1 && p.line <= lines, "{path}: {p}");
        }
        for d in &f.deployments {
            assert!(d.source.line >= 1 && d.source.line <= lines, "{path}: {}", d.id);
        }
        for i in &f.incidents {
            assert!(i.source.line >= 1 && i.source.line <= lines, "{path}: {}", i.id);
        }
    }
}

fn problems(f: &FileImport) -> Vec<(u32, &'static str)> {
    f.problems.iter().map(|p| (p.line, p.reason.text())).collect()
}

fn at(s: &str) -> i64 {
    doralens::core::time::parse_timestamp(s, &Zone::utc()).unwrap().unwrap()
}

fn dep<'a>(f: &'a FileImport, id: &str) -> &'a Deployment {
    f.deployments.iter().find(|d| &*d.id == id).unwrap_or_else(|| panic!("no deployment {id} in {}", f.name))
}

/// GitHub statuses listed apart from their deployments (`cat deployments.json statuses-*.json`)
/// import block by block too: each block hands its items on, and the join ties every status to its
/// deployment wherever the two are in the file, exactly as reading the file at once does.
#[test]
fn github_statuses_apart_join_across_blocks() {
    let text = String::from_utf8(fixture("github/deployments_with_statuses.json")).unwrap();
    let (deployments, statuses) = text.split_at(text.find("\n[{").unwrap() + 1);
    // Statuses long before their deployments, stray items, then statuses of deployments that are
    // not in the file (known only from their statuses).
    let mut big = String::new();
    for _ in 0..40 {
        big.push_str(statuses);
        big.push_str("[1, \"x\"]\n");
    }
    big.push_str(deployments);
    big.push_str(&statuses.replace("deployments/100", "deployments/900"));
    // A block hands its items on; it does not ask for the file to be read whole.
    let block_opts =
        ImportOptions { format: Some(Format::GithubDeployments), part_of_file: true, ..ImportOptions::default() };
    let block = import_file("all.json", statuses.as_bytes(), 0, &block_opts).unwrap();
    assert!(!block.cross_references && !block.pending.github.is_empty() && block.rows_read == 0);
    for examples in [usize::MAX, 3] {
        let opts = ImportOptions { max_examples: examples, ..ImportOptions::default() };
        let (whole, parts, steps) = whole_and_blocks("all.json", big.as_bytes(), &opts, 2048);
        assert!(steps > 20, "{steps} steps");
        assert_same_import("all.json", &parts, &whole);
        // error, then success (listed 40 times, far before the deployment): a retry that worked.
        assert_eq!(dep(&whole, "1006").deployed_at, at("2025-03-07T08:05:00Z"));
        assert_eq!(dep(&whole, "9006").deployed_at, at("2025-03-07T08:05:00Z"));
        assert_eq!(dep(&whole, "9006").commit_sha, None);
        assert!(whole.warnings.iter().any(|w| w.text.contains("only from their statuses")));
        assert_eq!(
            whole.skipped.iter().filter(|(k, _)| k.text() == "not a deployment").map(|(_, n)| n).sum::<usize>(),
            80
        );
    }
}

fn inc<'a>(f: &'a FileImport, id: &str) -> &'a Incident {
    f.incidents.iter().find(|i| &*i.id == id).unwrap_or_else(|| panic!("no incident {id} in {}", f.name))
}

// ---------------------------------------------------------------------------------------------
// Deployments

#[test]
fn github_deployments_count_from_the_first_success() {
    let f = load("github/deployments_with_statuses.json");
    // error, then success: a retry that worked.
    assert_eq!(dep(&f, "1006").deployed_at, at("2025-03-07T08:05:00Z"));
    assert_eq!(dep(&f, "1006").environment.as_deref(), Some("Production"));
    // in_progress, success, inactive (superseded later): the success.
    assert_eq!(dep(&f, "1001").deployed_at, at("2025-03-03T09:04:00Z"));
    // No statuses in the file: created_at.
    assert_eq!(dep(&f, "1000").deployed_at, at("2025-03-01T16:20:00Z"));
    let d = dep(&f, "1001");
    assert_eq!((d.team.as_deref(), d.service.as_deref()), (Some("checkout"), Some("checkout")));
    assert_eq!(d.commit_sha.as_deref(), Some("a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1"));
    assert_eq!(problems(&f), vec![(32, "not production"), (62, "failed attempt")]);

    let f = load("github/deployments.json");
    assert_eq!(problems(&f), vec![(32, "not production"), (62, "unparseable time")]);
    assert!(f.problems[1].detail.contains("10/02/2025 12:00"), "{}", f.problems[1].detail);

    let f = load("github/statuses_only.json");
    assert_eq!(dep(&f, "3001").commit_sha, None);
    assert_eq!(problems(&f), vec![(32, "failed attempt"), (88, "in progress")]);
    assert!(f.warnings.iter().any(|w| w.text.contains("only from their statuses")));
}

#[test]
fn github_actions_runs_are_filtered_by_workflow_and_branch() {
    let f = load("github/workflow_runs.json");
    assert_eq!(
        problems(&f),
        vec![
            (116, "not a deployment workflow"),
            (228, "not the default branch"),
            (340, "in progress"),
            (457, "not a success"),
            (681, "not a success"),
        ]
    );
    let d = dep(&f, "30433642");
    assert_eq!(d.deployed_at, at("2025-03-10T10:12:30Z"));
    // head_commit.timestamp carries an offset.
    assert_eq!(d.first_commit_at, Some(at("2025-03-10T08:40:00Z")));
    assert_eq!(d.commit_sha.as_deref(), Some("aaaa1111aaaa1111aaaa1111aaaa1111aaaa1111"));
    assert_eq!(d.team.as_deref(), Some("checkout"));
    assert_eq!(dep(&f, "30433637").deployed_at, at("2025-03-07T10:20:00Z"));

    // The user names the workflows and branches.
    let opts = ImportOptions {
        workflows: WorkflowFilter { names: vec!["ci".into()], branches: vec!["main".into(), "feature/cart".into()] },
        ..ImportOptions::default()
    };
    let f = load_with("github/workflow_runs.json", &opts);
    let ids: Vec<&str> = f.deployments.iter().map(|d| &*d.id).collect();
    assert_eq!(ids, vec!["30433641"]);
    assert_eq!(f.skipped.get(&SkipReason::find("not a deployment workflow", SkipClass::Rule).unwrap()), Some(&6));
}

#[test]
fn github_releases_skip_drafts_and_prereleases() {
    let f = load("github/releases.json");
    assert_eq!(problems(&f), vec![(2, "draft release"), (32, "pre-release")]);
    assert_eq!(dep(&f, "5002").deployed_at, at("2025-03-12T14:30:00Z"));
    assert_eq!(dep(&f, "5002").commit_sha.as_deref(), Some("7e2f9c1d4b8a6e3f0c5d9b2a1e8f7c6d5b4a3e2f"));
    // target_commitish "main" is a branch, not a commit.
    assert_eq!(dep(&f, "5001").commit_sha, None);
}

#[test]
fn gitlab_deployments_use_the_job_finish_and_the_commit_date() {
    let f = load("gitlab/deployments.json");
    let d = dep(&f, "41");
    assert_eq!(d.deployed_at, at("2025-02-03T07:38:10.851Z"));
    assert_eq!(d.first_commit_at, Some(at("2025-02-03T07:20:01Z")));
    assert_eq!((d.team.as_deref(), d.environment.as_deref()), (Some("shop"), Some("production")));
    // Created through the API, no job: updated_at.
    assert_eq!(dep(&f, "45").deployed_at, at("2025-02-07T11:02:00Z"));
    assert_eq!(
        problems(&f),
        vec![(90, "not a success"), (178, "not production"), (268, "not a success"), (383, "unparseable time")]
    );
    assert!(f.problems[3].detail.contains("last Tuesday"));
}

#[test]
fn argocd_history_entries_are_deployments() {
    let f = load("argocd/application.json");
    let ids: Vec<&str> = f.deployments.iter().map(|d| &*d.id).collect();
    assert_eq!(ids, vec!["payments#0", "payments#1", "payments#2"]);
    let d = dep(&f, "payments#2");
    assert_eq!(d.deployed_at, at("2025-02-24T09:31:02Z"));
    // A multi-source application: the first revision.
    assert_eq!(d.commit_sha.as_deref(), Some("4d7b8e3f1a0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e"));
    assert_eq!(d.team.as_deref(), Some("payments"));

    let f = load("argocd/applications.json");
    assert_eq!(problems(&f), vec![(72, "missing time"), (143, "not production")]);
    assert!(f.warnings.iter().any(|w| w.text.contains("\"fresh\"")));
}

#[test]
fn jenkins_builds_finish_at_timestamp_plus_duration() {
    let f = load("jenkins/job.json");
    let d = dep(&f, "deploy-billing#127");
    assert_eq!(d.deployed_at, 1_741_514_400_000 + 95_000);
    assert_eq!(d.commits.len(), 2);
    assert_eq!(d.first_commit_at, Some(at("2025-03-09T06:00:00Z")));
    assert_eq!(d.team.as_deref(), Some("deploy-billing"));
    assert_eq!(
        problems(&f),
        vec![(11, "in progress"), (142, "not a success"), (184, "not a success"), (226, "not a success")]
    );

    let f = load("jenkins/folder.json");
    let d = dep(&f, "prod/deploy-web#7");
    // A changeSet item with timestamp -1 has no known time.
    assert_eq!(d.commits[0].committed_at, None);
    assert_eq!(problems(&f), vec![(34, "not a success"), (54, "unparseable time")]);

    // One build (`/job/payments/job/deploy-billing/127/api/json`) is the same deployment as in
    // its job's JSON, named by the folder path in its URL.
    let f = load("jenkins/build.json");
    let one = dep(&f, "payments/deploy-billing#127");
    let in_job = dep(&load("jenkins/job.json"), "deploy-billing#127").clone();
    assert_eq!(
        (one.deployed_at, &one.commits, one.commit_sha.clone()),
        (in_job.deployed_at, &in_job.commits, in_job.commit_sha)
    );
    assert_eq!(one.team.as_deref(), Some("payments/deploy-billing"));
}

#[test]
fn fourkeys_changes_fill_commit_times_of_deployments() {
    let deps = load("fourkeys/deployments.ndjson");
    assert_eq!(dep(&deps, "d-2002").deployed_at, at("2025-03-11T12:00:00.500Z"));
    let changes = load_with("fourkeys/changes.json", &ImportOptions::default());
    assert_eq!(changes.kind, RecordKind::Mixed);
    let (data, _) = build_dataset(&[deps, changes]);
    let d = data.deployments.iter().find(|d| &*d.id == "d-2001").unwrap();
    let times: Vec<Option<i64>> = d.commits.iter().map(|c| c.committed_at).collect();
    assert_eq!(times, vec![Some(at("2025-03-10T09:00:00Z")), Some(at("2025-03-09T15:30:00Z"))]);

    let f = load("fourkeys/deployments.csv");
    assert_eq!(dep(&f, "d-1001").commits.len(), 2);
    assert_eq!(dep(&f, "d-1002").deployed_at, at("2025-03-04T10:03:00.123Z"));
    assert_eq!(problems(&f), vec![(4, "missing time"), (5, "missing id"), (7, "ambiguous date")]);

    let f = load("fourkeys/incidents.csv");
    assert_eq!(inc(&f, "42").caused_by.as_deref(), Some("f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1"));
    assert_eq!(inc(&f, "42").resolved_at, Some(at("2025-03-10T15:30:00Z")));
    assert_eq!(inc(&f, "PD-7").resolved_at, None);
}

#[test]
fn devlake_rows_group_into_deployments() {
    let f = load("devlake/cicd_deployment_commits.csv");
    let d = dep(&f, "github:GithubRun:1:106");
    assert_eq!(d.deployed_at, at("2025-03-06T10:04:00Z"));
    let shas: Vec<&str> = d.commits.iter().map(|c| &*c.sha).collect();
    assert_eq!(shas, vec!["1".repeat(40), "2".repeat(40), "3".repeat(40)]);
    assert_eq!(d.team.as_deref(), Some("shop"));
    assert_eq!(
        problems(&f),
        vec![
            (3, "merged into deployment"),
            (4, "not a success"),
            (5, "not production"),
            (6, "in progress"),
            (7, "not production"),
            (10, "merged into deployment"),
            (11, "merged into deployment"),
            (12, "unparseable time"),
        ]
    );
    let f = load("devlake/cicd_deployment_commits.json");
    let d = dep(&f, "gitlab:GitlabPipeline:1:9");
    assert_eq!(d.first_commit_at, Some(at("2025-03-07T12:00:00Z")));
    assert_eq!(d.team.as_deref(), Some("billing"));

    let f = load("devlake/issues.csv");
    assert_eq!(problems(&f), vec![(3, "not an incident"), (4, "not an incident")]);
    // 07.03.2025 09:00: dots are day first.
    assert_eq!(inc(&f, "OPS-5").started_at, at("2025-03-07T09:00:00Z"));
    let i = inc(&f, "OPS-1");
    assert_eq!((i.started_at, i.resolved_at), (at("2025-03-02T10:00:00Z"), Some(at("2025-03-02T11:30:00Z"))));
    assert_eq!((i.service.as_deref(), i.severity.as_deref()), (Some("checkout"), Some("SEV1")));
}

// ---------------------------------------------------------------------------------------------
// Incidents

#[test]
fn pagerduty_api_and_csv() {
    let f = load("pagerduty/incidents.json");
    let i = inc(&f, "Q14XZ8PW3MLSAD");
    assert_eq!(
        (i.team.as_deref(), i.service.as_deref(), i.severity.as_deref()),
        (Some("Payments"), Some("Checkout API"), Some("P1"))
    );
    assert_eq!(i.resolved_at, Some(at("2025-03-10T14:48:00Z")));
    // resolved_at null but resolved: last_status_change_at; no priority: urgency.
    let i = inc(&f, "Q2LC3EQ7VYBXXN");
    assert_eq!((i.resolved_at, i.severity.as_deref()), (Some(at("2025-03-11T02:40:00Z")), Some("low")));
    assert_eq!(inc(&f, "Q0RIJJZL24RC6W").resolved_at, None);
    assert_eq!(problems(&f), vec![(2, "unparseable time")]);
    assert!(f.problems[0].detail.contains("12 March 2025"));

    let f = load("pagerduty/incidents.csv");
    let i = inc(&f, "Q14XZ8PW3MLSAD");
    assert_eq!(i.started_at, at("2025-03-10T14:02:11Z"));
    assert_eq!(i.team.as_deref(), Some("Payments"));
    assert_eq!(inc(&f, "Q2LC3EQ7VYBXXN").title.as_deref(), Some("Disk 90% on db-3, \"primary\""));
    assert!(inc(&f, "1205").resolved_at.is_some());
    // 13/03/2025 10:15: a first field over 12, so the file's numeric dates are day first.
    assert_eq!(inc(&f, "Q77").started_at, at("2025-03-13T10:15:00Z"));
    assert!(f.problems.is_empty(), "{:?}", f.problems);
}

#[test]
fn opsgenie_prefers_impact_dates() {
    let f = load("opsgenie/incidents.json");
    let i = inc(&f, "70413a06-38d6-4c85-92b8-5ebc900d42e2");
    assert_eq!((i.started_at, i.resolved_at), (at("2025-03-10T13:58:00Z"), Some(at("2025-03-10T14:50:00Z"))));
    assert_eq!((i.team.as_deref(), i.service.as_deref()), (Some("Payments"), Some("checkout-api")));
    // Closed without impact dates: updatedAt; team from a named responder.
    let i = inc(&f, "9ae1e0b5-eb3c-4cd0-a2b8-1a6c1d1f0a10");
    assert_eq!((i.resolved_at, i.team.as_deref()), (Some(at("2025-03-11T10:30:00Z")), Some("Discovery")));
    // Open: updatedAt is not an end.
    assert_eq!(inc(&f, "b1e8a0c2-1111-4c1a-9f1f-2b7c7e0d9e31").resolved_at, None);

    let f = load("opsgenie/alerts.json");
    // Closed alert: createdAt + report.closeTime.
    assert_eq!(inc(&f, "8418d193-2dab-4490-b331-8c02cdd196b7").resolved_at, Some(at("2025-03-14T08:45:00Z")));
}

#[test]
fn jira_csv_and_rest() {
    let f = load("jira/incidents.csv");
    let i = inc(&f, "INC-12");
    assert_eq!((i.started_at, i.resolved_at), (at("2025-12-22T14:38:00Z"), Some(at("2025-12-22T16:05:00Z"))));
    assert_eq!(
        (i.team.as_deref(), i.service.as_deref(), i.severity.as_deref()),
        (Some("Payments"), Some("checkout"), Some("SEV1"))
    );
    // Its description spans four lines; the next issue starts on line 6.
    assert_eq!(problems(&f), vec![(6, "not an incident"), (8, "not an incident"), (9, "unparseable time")]);
    assert!(f.problems[2].detail.contains("Dec 27 2025"));
    // The second Component/s column when the first is empty.
    assert_eq!(inc(&f, "INC-13").service.as_deref(), Some("search"));

    // Jira dates are in the exporting user's zone.
    let berlin = ImportOptions { zone: Zone::named("Europe/Berlin").unwrap(), ..ImportOptions::default() };
    assert_eq!(inc(&load_with("jira/incidents.csv", &berlin), "INC-12").started_at, at("2025-12-22T13:38:00Z"));

    // Types and labels the user names.
    let opts =
        ImportOptions { jira_incident_types: vec!["Incident".into(), "incident".into()], ..ImportOptions::default() };
    let f = load_with("jira/incidents.csv", &opts);
    assert!(f.incidents.iter().any(|i| &*i.id == "INC-14"), "the label 'incident' counts once the user names it");
    let opts = ImportOptions { jira_incident_types: vec!["Bug".into()], ..ImportOptions::default() };
    let ids: Vec<String> = load_with("jira/incidents.csv", &opts).incidents.iter().map(|i| i.id.to_string()).collect();
    assert_eq!(ids, vec!["WEB-3"]);

    let f = load("jira/search.json");
    let i = inc(&f, "OPS-101");
    assert_eq!((i.started_at, i.resolved_at), (at("2025-12-22T13:38:00Z"), Some(at("2025-12-22T15:08:00Z"))));
    // The custom field named "Team" (from expand=names).
    assert_eq!((i.team.as_deref(), i.service.as_deref()), (Some("Payments"), Some("checkout")));
    assert_eq!(problems(&f), vec![(59, "not an incident"), (98, "not an incident"), (161, "unparseable time")]);
}

#[test]
fn servicenow_exports() {
    let f = load("servicenow/incidents.csv");
    // Two update rows of INC0010002 collapse into the latest row.
    let i = inc(&f, "INC0010002");
    assert_eq!((i.started_at, i.resolved_at), (at("2024-01-06T09:00:00Z"), Some(at("2024-01-06T11:45:00Z"))));
    assert_eq!(i.team.as_deref(), Some("Network"));
    // No resolved_at: closed_at.
    assert_eq!(inc(&f, "INC0010005").resolved_at, Some(at("2024-01-08T12:00:00Z")));
    // 07/01/2024 is 7 January or July 1, and no other value of the file decides.
    assert_eq!(
        problems(&f),
        vec![(3, "earlier update of an incident"), (5, "canceled incident"), (6, "ambiguous date")]
    );
    assert!(f.warnings.iter().any(|w| w.text.contains("--date-format")), "{:?}", f.warnings);
    let us = ImportOptions { date_order: Some(DateOrder::MonthFirst), ..ImportOptions::default() };
    assert_eq!(inc(&load_with("servicenow/incidents.csv", &us), "INC0010004").started_at, at("2024-07-01T10:00:00Z"));
    // Times without an offset are in the import zone.
    let berlin = ImportOptions { zone: Zone::named("Europe/Berlin").unwrap(), ..ImportOptions::default() };
    assert_eq!(
        inc(&load_with("servicenow/incidents.csv", &berlin), "INC0010001").started_at,
        at("2024-01-05T12:04:11Z")
    );

    let f = load("servicenow/incident.json");
    let i = inc(&f, "INC0020001");
    assert_eq!((i.team.as_deref(), i.service.as_deref()), (Some("Database"), Some("Payroll")));
    assert_eq!(i.severity.as_deref(), Some("1 - Critical"));
    assert_eq!(inc(&f, "INC0020002").service.as_deref(), Some("lnux100"));

    let f = load("servicenow/incident_jsonv2.json");
    assert!(f.warnings.iter().any(|w| w.text.contains("sys_ids")));
}

/// What the incident tools read from their real payloads, hand-checked against each file: id,
/// start, resolution, team, service, severity.
#[test]
fn incident_tools_read_the_fields_that_matter() {
    type Want = (
        &'static str,
        &'static str,
        &'static str,
        Option<&'static str>,
        Option<&'static str>,
        Option<&'static str>,
        Option<&'static str>,
    );
    let cases: &[Want] = &[
        // file, id, started, resolved, team, service, severity
        (
            "pagerduty-analytics/raw_incidents.FORMAT-CONVERTED.json",
            "P9UMCAE",
            "2021-01-08T15:36:37Z",
            Some("2021-01-08T15:39:52Z"),
            Some("Space Cosmonauts"),
            Some("Korabl-Sputnik 3"),
            Some("P1"),
        ),
        // Status "Closed" in category triage: open. Started at the "Impact started" timestamp.
        (
            "incidentio/incidents_list.json",
            "INC-123",
            "2021-08-17T13:28:57.801Z",
            None,
            Some("Product"),
            None,
            Some("Minor"),
        ),
        (
            "firehydrant/incidents_page.DOCS-DERIVED.json",
            "04d9fd1a-ba9c-417d-b396-58a6e2c374de",
            "2023-07-25T13:34:49Z",
            Some("2023-07-25T13:38:17Z"),
            None,
            None,
            Some("SEV2"),
        ),
        // The webhook spells times "2023-07-25 13:34:49 UTC" and severity as {"slug"}.
        (
            "firehydrant/webhook_incident_updated.json",
            "04d9fd1a-ba9c-417d-b396-58a6e2c374de",
            "2023-07-25T13:34:49Z",
            Some("2023-07-25T13:38:17Z"),
            None,
            None,
            Some("SEV2"),
        ),
        // Started when detected; severity UNKNOWN is none.
        (
            "datadog/incidents_page1.json",
            "ed3ff75e-6ce6-5b00-8ab4-665fcaeda9f8",
            "2021-09-15T12:50:19.741Z",
            None,
            None,
            None,
            None,
        ),
        // state resolved with resolved null: the last modification.
        (
            "datadog/incidents_2023.json",
            "233463fe-28bd-5361-9d14-98e2ac20f328",
            "2023-11-03T20:35:59.647Z",
            Some("2023-11-03T20:35:59.657Z"),
            None,
            None,
            None,
        ),
        // Resolved at its RESOLVED transition; the service name is HTML-unescaped.
        (
            "splunk-oncall/incidents_v1.json",
            "1316",
            "2016-04-09T06:20:18Z",
            Some("2016-04-09T08:54:26Z"),
            Some("support-team"),
            Some("Disk IO > 90% for at least 15 minutes - FOO-SRV-01"),
            None,
        ),
        ("splunk-oncall/incidents_v1.json", "1223", "2016-03-09T16:39:31Z", None, Some("support-team"), None, None),
        (
            "splunk-oncall/reporting_v2_incidents.FORMAT-CONVERTED.json",
            "2",
            "2020-03-28T18:41:22Z",
            None,
            Some("My Team"),
            Some("Oops. this must be fixed."),
            None,
        ),
        (
            "squadcast/incidents_export.DOCS-DERIVED.json",
            "65f1c2a9e4b0a1d2c3f40001",
            "2024-03-05T10:12:00Z",
            Some("2024-03-05T10:58:40Z"),
            None,
            None,
            None,
        ),
        (
            "rootly/incidents_page.SCHEMA-DERIVED.json",
            "8b1f4d1e-3c5a-4f0e-9a7b-2d6c8e0f1a21",
            "2024-03-05T10:12:00Z",
            Some("2024-03-05T11:02:00Z"),
            Some("Payments"),
            Some("checkout-api"),
            Some("SEV1"),
        ),
        (
            "grafana-oncall/alert_groups_docs.TRAILING-COMMA-REMOVED.json",
            "I68T24C13IFW1",
            "2020-05-19T12:37:01.430Z",
            Some("2020-05-19T13:37:01.429Z"),
            None,
            None,
            None,
        ),
        // -04:00 and -05:00 in one file.
        (
            "statuspage/incidents_quay_legacy.json",
            "8kxqfd750j11",
            "2016-06-02T14:43:09.551Z",
            Some("2016-06-03T18:02:34.342Z"),
            None,
            None,
            None,
        ),
        (
            "statuspage/incidents_quay_legacy.json",
            "cdcdfpgngkfc",
            "2016-02-12T22:15:27.425Z",
            Some("2016-02-12T22:19:48.850Z"),
            None,
            None,
            Some("major"),
        ),
    ];
    for &(path, id, started, resolved, team, service, severity) in cases {
        let f = load(path);
        let i = inc(&f, id);
        let got = (i.started_at, i.resolved_at, i.team.as_deref(), i.service.as_deref(), i.severity.as_deref());
        assert_eq!(got, (at(started), resolved.map(at), team, service, severity), "{path} {id}");
    }
    // Jira issues as a bare array with a changelog, when Bug is an incident type: UT-26 is in
    // "Test" (category indeterminate), so open whatever its transitions; created has -0500.
    let bugs = ImportOptions { jira_incident_types: vec!["Bug".into()], ..ImportOptions::default() };
    let f = load_with("jira-array/issues_with_changelog.json", &bugs);
    let i = inc(&f, "UT-26");
    assert_eq!((i.started_at, i.resolved_at), (at("2015-11-21T12:03:02Z"), None));
    // Epoch milliseconds from a re-serialising client, and `changelog.histories: null`.
    let tasks = ImportOptions { jira_incident_types: vec!["Task".into()], ..ImportOptions::default() };
    let f = load_with("jira-array/issue_reserialized_epoch_ms.json", &tasks);
    assert_eq!(inc(&f, "TEST-14").started_at, 1_606_072_034_951);
}

/// PagerDuty Analytics writes times without an offset, in the request's `time_zone`, which the
/// page repeats: UTC when it says UTC, the report zone when it names it, else UTC with a warning.
#[test]
fn pagerduty_analytics_times_are_in_the_pages_zone() {
    let text = String::from_utf8(fixture("pagerduty-analytics/raw_incidents.FORMAT-CONVERTED.json")).unwrap();
    let berlin_page = text.replace("\"Etc/UTC\"", "\"Europe/Berlin\"");
    assert_ne!(berlin_page, text);
    let run = |text: &str, zone: &str| {
        let opts = ImportOptions { zone: Zone::named(zone).unwrap(), ..ImportOptions::default() };
        let f = import_file("pd.json", text.as_bytes(), 0, &opts).unwrap();
        (f.incidents[0].started_at, f.warnings.iter().any(|w| w.text.contains("--tz Europe/Berlin")))
    };
    // A UTC page reads in UTC whatever the report zone.
    assert_eq!(run(&text, "Europe/Berlin"), (at("2021-01-08T15:36:37Z"), false));
    // A Berlin page: in Berlin when that is the report zone, else in UTC with a warning.
    assert_eq!(run(&berlin_page, "Europe/Berlin"), (at("2021-01-08T14:36:37Z"), false));
    assert_eq!(run(&berlin_page, "UTC"), (at("2021-01-08T15:36:37Z"), true));
}

/// ServiceNow's event log in three users' date formats: the file's values decide the order (29-02
/// says day first, 02/29 month first), every spelling reads the same instants, and the rows of one
/// number collapse into its latest row.
#[test]
fn servicenow_event_logs_read_alike_in_every_date_format() {
    let base = load("servicenow-eventlog/event_log_d-m-yyyy.csv");
    let i = inc(&base, "INC0000045");
    assert_eq!((i.started_at, i.resolved_at), (at("2016-02-29T01:16:00Z"), Some(at("2016-02-29T11:29:00Z"))));
    assert_eq!(i.source.line, 5, "the latest row (sys_mod_count 4)");
    let times = |f: &FileImport| -> Vec<(String, i64, Option<i64>)> {
        f.incidents.iter().map(|i| (i.id.to_string(), i.started_at, i.resolved_at)).collect()
    };
    for path in [
        "servicenow-eventlog/event_log_us-ampm.TRANSFORMED.csv",
        "servicenow-eventlog/event_log_dotted.TRANSFORMED.csv",
    ] {
        assert_eq!(times(&load(path)), times(&base), "{path}");
    }
    // The file decides over a date format given the other way, and says so.
    let wrong = ImportOptions { date_order: Some(DateOrder::MonthFirst), ..ImportOptions::default() };
    let f = load_with("servicenow-eventlog/event_log_dd-mm-yyyy.csv", &wrong);
    assert_eq!(f.imported(), 4);
    assert!(f.warnings.iter().any(|w| w.text.contains("the file decides")), "{:?}", f.warnings);
}

/// Numeric dates no value decides: refused with a reason, read in the order the user gives, in
/// every CSV importer and in the column mapping (whose date format may be `dd-mm-yyyy`).
#[test]
fn undecided_numeric_dates_need_the_users_date_format() {
    let text = "number,opened_at,resolved_at\nINC1,05-03-2016 01:16,06-03-2016 02:00\n";
    let check = |text: &str, opts: &ImportOptions, want: Option<&str>| {
        let f = import_file("x.csv", text.as_bytes(), 0, opts).unwrap();
        assert_eq!(f.rows_read, 1);
        match want {
            Some(t) => assert_eq!(f.incidents.first().map(|i| i.started_at), Some(at(t)), "{text}"),
            None => assert_eq!(problems(&f), vec![(2, "ambiguous date")], "{text}"),
        }
    };
    let none = ImportOptions::default();
    let day = ImportOptions { date_order: Some(DateOrder::DayFirst), ..ImportOptions::default() };
    let month = ImportOptions { date_order: Some(DateOrder::MonthFirst), ..ImportOptions::default() };
    check(text, &none, None);
    check(text, &day, Some("2016-03-05T01:16:00Z"));
    check(text, &month, Some("2016-05-03T01:16:00Z"));
    // Four Keys incidents (CSV) read their times the same way.
    let fk = "incident_id,time_created,time_resolved,changes\ni1,05/03/2016 01:16,05/03/2016 02:00,[]\n";
    check(fk, &none, None);
    check(fk, &month, Some("2016-05-03T01:16:00Z"));
    // The column mapping's date format says the order too.
    let mapped = |date_format: &str| ImportOptions {
        mapping: Some(
            doralens::core::import::Mapping::from_json(&format!(
                r#"{{"kind":"incidents","columns":{{"id":"ref","started_at":"when"}},"date_format":"{date_format}"}}"#
            ))
            .unwrap(),
        ),
        ..ImportOptions::default()
    };
    let text = "ref,when\nr1,05-03-2016 01:16\n";
    check(text, &mapped("dd-mm-yyyy"), Some("2016-03-05T01:16:00Z"));
    check(text, &mapped("mm/dd/yyyy"), Some("2016-05-03T01:16:00Z"));
    // Dates with dots are day first when no value decides: no locale writes the month first with dots.
    check("number,opened_at\nINC1,05.03.2016 01:16\n", &none, Some("2016-03-05T01:16:00Z"));
}

/// Files no importer may take for something they are not (tests/fixtures/decline/, SOURCES.md):
/// declined with a message that says what the file looks like and where to go. The Bitbucket
/// page may become readable as Bitbucket; it must never be GitLab.
#[test]
fn unknown_shapes_are_declined_saying_what_they_look_like() {
    let detect_text = |name: &str, text: &str, hint| {
        let opts = ImportOptions { hint, ..ImportOptions::default() };
        detect(name, text.trim_start_matches('\u{feff}'), &opts)
    };
    use doralens::core::import::Hint;
    for path in ["decline/sentry_release_deploys.json", "decline/kubernetes_deployment.yaml"] {
        let text = String::from_utf8(fixture(path)).unwrap();
        for hint in [Hint::Any, Hint::Deployments, Hint::Teams] {
            let got = detect_text(path, &text, hint);
            assert!(got.is_err(), "{path} ({hint:?}) was read as {got:?}");
        }
    }
    let sentry =
        detect_text("x.json", &String::from_utf8(fixture("decline/sentry_release_deploys.json")).unwrap(), Hint::Any)
            .unwrap_err();
    for part in [
        "an array of 1 object with keys dateFinished, dateStarted, environment, id",
        "docs/imports.md",
        "column mapping",
    ] {
        assert!(sentry.contains(part), "{sentry}");
    }
    // Bitbucket deployments, as saved (fields-filtered) and unfiltered (with `deployable`).
    let page = String::from_utf8(fixture("decline/bitbucket_deployments_page.json")).unwrap();
    let unfiltered = r#"{"pagelen": 10, "values": [{"type": "deployment", "uuid": "{a1}", "state": {"type": "deployment_state_completed", "name": "COMPLETED", "status": {"name": "SUCCESSFUL"}}, "environment": {"type": "deployment_environment", "uuid": "{e1}"}, "deployable": {"type": "deployment_deployable_pipeline", "commit": {"hash": "ca4302e0e56c"}, "url": "https://bitbucket.org/likyh/likyhphp/addon/pipelines/home#!/results/186"}}]}"#;
    for text in [page.as_str(), unfiltered] {
        for hint in [Hint::Any, Hint::Deployments] {
            let got = detect_text("deployments.json", text, hint).map(|f| f.0);
            assert_ne!(got, Ok(Format::GitlabDeployments), "{text}");
        }
    }
    // An incident export of a tool DORA Lens does not read, with a `team` key: not a teams mapping.
    let other = r#"[{"id": "1", "name": "db down", "team": "sre", "status": "resolved"}, {"id": "2", "name": "x", "team": "web", "status": "open"}, {"id": "3", "name": "y", "team": "sre", "status": "open"}]"#;
    for hint in [Hint::Any, Hint::Teams, Hint::Incidents] {
        let err = detect_text("incidents.json", other, hint).unwrap_err();
        assert!(err.contains("an array of 3 objects with keys id, name, status, team"), "{err}");
    }
    // The Grafana OnCall docs example as printed: declined with the JSON error's line and column.
    let bad = import_file(
        "alert_groups.json",
        &fixture("grafana-oncall/alert_groups_docs_verbatim.INVALID-JSON.json"),
        0,
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert_eq!((bad.line, bad.column), (23, 5), "{bad}");
    assert!(bad.message.contains("not valid JSON"), "{bad}");
}

#[test]
fn odd_shapes_are_rows_not_failures() {
    let run = |format: Format, text: &str| {
        let opts = ImportOptions { format: Some(format), ..ImportOptions::default() };
        import_file("x.json", text.as_bytes(), 0, &opts).unwrap()
    };
    // An empty page.
    let f = run(Format::ServicenowJson, r#"{"result": []}"#);
    assert_eq!((f.rows_read, f.skipped_total()), (0, 0));
    // A row without the key column is one invalid row, not its arrays.
    let f = run(Format::FourkeysDeployments, "{\"source\": \"github\", \"changes\": [\"a\", \"b\"]}\n");
    assert_eq!(problems(&f), vec![(1, "missing id")]);
    // A rate-limit error between two pages of workflow runs.
    let text = String::from_utf8(fixture("github/workflow_runs.json")).unwrap();
    let split = text.find("\n{").unwrap() + 1;
    let error = "{\"message\": \"API rate limit exceeded\", \"documentation_url\": \"https://docs.github.com\"}\n";
    let text = format!("{}{error}{}", &text[..split], &text[split..]);
    let f = run(Format::GithubActions, &text);
    assert_eq!(f.rows_read, 8);
    let p = f.problems.iter().find(|p| p.reason.text() == "not a page of workflow runs").unwrap();
    assert!(p.detail.contains("rate limit"), "{}", p.detail);
    // A format forced on the wrong file: an error, or rows skipped, never a panic or a lie.
    for format in Format::ALL {
        if let Ok(f) = import_file(
            "x",
            &fixture("github/releases.json"),
            0,
            &ImportOptions { format: Some(*format), ..Default::default() },
        ) {
            assert_eq!(f.imported() + f.skipped_total(), f.rows_read);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Encodings and spellings of the same file

fn same_records(a: &FileImport, b: &FileImport, what: &str) {
    assert_eq!(a.format, b.format, "{what}");
    assert_eq!((a.rows_read, a.skipped_total()), (b.rows_read, b.skipped_total()), "{what}");
    assert_eq!(a.deployments, b.deployments, "{what}");
    assert_eq!(a.incidents, b.incidents, "{what}");
    assert_eq!(a.commit_times, b.commit_times, "{what}");
    assert_eq!(problems(a), problems(b), "{what}");
}

#[test]
fn gzip_bom_and_crlf_change_nothing() {
    use std::io::Write;
    let opts = ImportOptions::default();
    for path in FIXTURES {
        let bytes = fixture(path);
        let plain = load(path);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&bytes).unwrap();
        let gz = gz.finish().unwrap();
        same_records(&plain, &import_file(path, &gz, 0, &opts).unwrap(), &format!("{path}.gz"));

        let text = String::from_utf8(bytes).unwrap();
        let text = text.trim_start_matches('\u{feff}');
        let with_bom = format!("\u{feff}{text}");
        same_records(&plain, &import_file(path, with_bom.as_bytes(), 0, &opts).unwrap(), &format!("{path} with BOM"));
        let crlf = text.replace("\r\n", "\n").replace('\n', "\r\n");
        same_records(&plain, &import_file(path, crlf.as_bytes(), 0, &opts).unwrap(), &format!("{path} with CRLF"));
        let lf = text.replace("\r\n", "\n");
        same_records(&plain, &import_file(path, lf.as_bytes(), 0, &opts).unwrap(), &format!("{path} with LF"));
    }
}

#[test]
fn semicolon_csv_reads_like_comma_csv() {
    // devlake/issues.csv is semicolon-separated; the same table with commas gives the same records.
    let semi = load("devlake/issues.csv");
    let text = String::from_utf8(fixture("devlake/issues.csv")).unwrap().replace(';', ",");
    let comma = import_file("issues.csv", text.as_bytes(), 0, &ImportOptions::default()).unwrap();
    same_records(&semi, &comma, "commas");
}

#[test]
fn pages_split_over_files_add_up() {
    // Two pages of workflow runs in one file, or one page per file: the same runs.
    let text = String::from_utf8(fixture("github/workflow_runs.json")).unwrap();
    let values: Vec<&str> = {
        let split = text.find("\n{").unwrap() + 1;
        vec![&text[..split], &text[split..]]
    };
    let opts = ImportOptions::default();
    let a = import_file("p1.json", values[0].as_bytes(), 0, &opts).unwrap();
    let b = import_file("p2.json", values[1].as_bytes(), 1, &opts).unwrap();
    let whole = load("github/workflow_runs.json");
    assert_eq!(a.rows_read + b.rows_read, whole.rows_read);
    assert_eq!(a.deployments.len() + b.deployments.len(), whole.deployments.len());
}

// ---------------------------------------------------------------------------------------------
// Fuzzing: arbitrary bytes and mutated fixtures, every format forced and detected.

fn fuzz_cases(default: u32) -> u32 {
    std::env::var("DORALENS_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// A fuzz runner of `cases` cases (see [`fuzz_cases`]). The same cases every run, so a test run
/// (and CI) is repeatable; `DORALENS_FUZZ_RANDOM=1` explores new ones.
fn fuzz_runner(cases: u32) -> proptest::test_runner::TestRunner {
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    let config = Config { cases: fuzz_cases(cases), ..Config::default() };
    if std::env::var("DORALENS_FUZZ_RANDOM").is_ok() {
        TestRunner::new(config)
    } else {
        TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha))
    }
}

/// Imports `bytes` as `format` (or detected) and checks the books. A panic fails the test.
fn check(bytes: &[u8], format: Option<Format>) {
    let opts = ImportOptions { format, max_examples: 5, ..ImportOptions::default() };
    if let Ok(f) = import_file("fuzz", bytes, 0, &opts) {
        assert_books(&f, 5);
    }
}

/// The books of an import balance, and each class of skip keeps its first `max` examples: an
/// invalid row is shown whenever there is one, however many rule skips come before it.
fn assert_books(f: &FileImport, max: usize) {
    assert_eq!(f.imported() + f.skipped_total(), f.rows_read, "{}: imported + skipped = read", f.name);
    for class in [SkipClass::Rule, SkipClass::Invalid] {
        let kept = f.problems.iter().filter(|p| p.class == class).count();
        assert_eq!(kept, f.skipped_by(class).min(max), "{}: {class:?} examples", f.name);
        let lines: Vec<u32> = f.problems.iter().filter(|p| p.class == class).map(|p| p.line).collect();
        assert!(lines.is_sorted(), "{}: {class:?} examples in file order: {lines:?}", f.name);
    }
    assert_eq!(f.first_invalid().is_some(), f.skipped_by(SkipClass::Invalid) > 0, "{}", f.name);
}

/// A small deterministic generator for mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
}

/// Flips bytes, truncates, splices in a piece of another fixture, duplicates or deletes a range.
fn mutate(mut bytes: Vec<u8>, other: &[u8], rng: &mut Rng, rounds: usize) -> Vec<u8> {
    const INTERESTING: &[u8] = b"{}[]\",:\n\r;\\0-9 eE+.\xff\xc3";
    for _ in 0..rounds {
        let len = bytes.len();
        match rng.below(6) {
            0 if len > 0 => {
                let i = rng.below(len);
                bytes[i] = INTERESTING[rng.below(INTERESTING.len())];
            }
            1 if len > 0 => {
                let i = rng.below(len);
                bytes[i] ^= 1 << rng.below(8);
            }
            2 => bytes.truncate(rng.below(len + 1)),
            3 if !other.is_empty() => {
                let from = rng.below(other.len());
                let to = (from + 1 + rng.below(400)).min(other.len());
                let at = rng.below(len + 1);
                bytes.splice(at..at, other[from..to].iter().copied());
            }
            4 if len > 0 => {
                let from = rng.below(len);
                let to = (from + 1 + rng.below(200)).min(len);
                let piece: Vec<u8> = bytes[from..to].to_vec();
                let at = rng.below(len + 1);
                bytes.splice(at..at, piece);
            }
            _ if len > 0 => {
                let from = rng.below(len);
                let to = (from + 1 + rng.below(100)).min(len);
                bytes.drain(from..to);
            }
            _ => {}
        }
    }
    bytes
}

/// Replaces random nodes of JSON files (one value or several back to back) with values of other
/// types, keeping the JSON valid so the importers' shape handling is what gets exercised.
fn mutate_json(bytes: &[u8], rng: &mut Rng, rounds: usize) -> Option<Vec<u8>> {
    use serde_json::Value;
    let text = std::str::from_utf8(bytes).ok()?.trim_start_matches('\u{feff}');
    let mut values: Vec<Value> =
        serde_json::Deserializer::from_str(text).into_iter::<Value>().collect::<Result<_, _>>().ok()?;
    if values.is_empty() {
        return None;
    }
    fn count(v: &Value) -> usize {
        1 + match v {
            Value::Array(a) => a.iter().map(count).sum(),
            Value::Object(o) => o.values().map(count).sum(),
            _ => 0,
        }
    }
    /// Replaces the n-th node (pre-order) of `v`.
    fn replace(v: &mut Value, n: &mut usize, with: &Value) -> bool {
        if *n == 0 {
            *v = with.clone();
            return true;
        }
        *n -= 1;
        match v {
            Value::Array(a) => a.iter_mut().any(|x| replace(x, n, with)),
            Value::Object(o) => o.values_mut().any(|x| replace(x, n, with)),
            _ => false,
        }
    }
    for _ in 0..rounds {
        let i = rng.below(values.len());
        let total = count(&values[i]);
        let mut k = rng.below(total);
        let replacement = match rng.below(12) {
            0 => Value::Null,
            1 => Value::from(0),
            2 => Value::from(-1),
            3 => Value::from(1e300),
            4 => Value::from(""),
            5 => Value::from("2025-13-45T99:00:00Z"),
            6 => Value::from(true),
            7 => Value::Object(Default::default()),
            8 => Value::Array(Vec::new()),
            9 => Value::from(1_741_514_400_000i64),
            10 => Value::Array(vec![Value::Null, Value::from("x")]),
            _ => Value::from("2025-03-01 10:00:00 UTC"),
        };
        replace(&mut values[i], &mut k, &replacement);
    }
    let mut out = Vec::new();
    for v in &values {
        out.extend(serde_json::to_vec(v).ok()?);
        out.push(b'\n');
    }
    Some(out)
}

#[test]
fn fuzz_json_shapes() {
    use proptest::prelude::*;
    let fixtures: Vec<(Vec<u8>, Format)> = EXPECTED.iter().map(|(p, f, ..)| (fixture(p), *f)).collect();
    let mut runner = fuzz_runner(3000);
    let strategy = (0..fixtures.len(), any::<u64>(), 1..6usize);
    runner
        .run(&strategy, |(which, seed, rounds)| {
            let (bytes, format) = &fixtures[which];
            let mut rng = Rng(seed | 1);
            if let Some(mutated) = mutate_json(bytes, &mut rng, rounds) {
                check(&mutated, Some(*format));
                check(&mutated, None);
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn fuzz_arbitrary_bytes_with_every_format() {
    use proptest::prelude::*;
    let mut runner = fuzz_runner(400);
    // Raw bytes, and text that looks like JSON or CSV.
    let bytes = proptest::collection::vec(any::<u8>(), 0..600);
    let texty = proptest::collection::vec(
        prop_oneof![
            Just(b'{'),
            Just(b'}'),
            Just(b'['),
            Just(b']'),
            Just(b'"'),
            Just(b','),
            Just(b':'),
            Just(b'\n'),
            Just(b';'),
            b'a'..=b'z',
            b'0'..=b'9'
        ],
        0..600,
    );
    let input = prop_oneof![bytes, texty];
    runner
        .run(&input, |bytes| {
            check(&bytes, None);
            for f in Format::ALL {
                check(&bytes, Some(*f));
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn fuzz_mutated_fixtures() {
    use proptest::prelude::*;
    let fixtures: Vec<(Vec<u8>, Format)> = EXPECTED.iter().map(|(p, f, ..)| (fixture(p), *f)).collect();
    let mut runner = fuzz_runner(4000);
    let strategy = (0..fixtures.len(), 0..fixtures.len(), any::<u64>(), 1..8usize, 0..Format::ALL.len());
    runner
        .run(&strategy, |(which, other, seed, rounds, random_format)| {
            let (bytes, format) = &fixtures[which];
            let mut rng = Rng(seed | 1);
            let mutated = mutate(bytes.clone(), &fixtures[other].0, &mut rng, rounds);
            check(&mutated, Some(*format));
            check(&mutated, None);
            check(&mutated, Some(Format::ALL[random_format]));
            Ok(())
        })
        .unwrap();
}

// ---------------------------------------------------------------------------------------------
// Throughput (run with `cargo test --profile cli --test importers -- --ignored throughput --nocapture`)

/// Repeats the items of a fixture until the text is about `mb` megabytes. JSON fixtures become
/// pages back to back; CSV fixtures repeat their data rows.
fn big(path: &str, mb: usize) -> Vec<u8> {
    let text = String::from_utf8(fixture(path)).unwrap();
    let mut out = String::with_capacity(mb << 20);
    if path.ends_with(".csv") {
        let (header, rows) = text.split_once('\n').unwrap();
        out.push_str(header);
        out.push('\n');
        while out.len() < mb << 20 {
            out.push_str(rows);
        }
    } else {
        while out.len() < mb << 20 {
            out.push_str(&text);
            out.push('\n');
        }
    }
    out.into_bytes()
}

#[test]
#[ignore = "timing; run in an optimised profile"]
fn throughput() {
    for path in [
        "github/workflow_runs.json",
        "github/deployments_with_statuses.json",
        "gitlab/deployments.json",
        "pagerduty/incidents.json",
        "jira/search.json",
        "servicenow/incident.json",
        "jenkins/job.json",
        "fourkeys/deployments.ndjson",
        "devlake/cicd_deployment_commits.csv",
        "jira/incidents.csv",
        "servicenow/incidents.csv",
    ] {
        let bytes = big(path, 40);
        let t = std::time::Instant::now();
        let f = import_file(path, &bytes, 0, &ImportOptions::default()).unwrap();
        let secs = t.elapsed().as_secs_f64();
        println!("{path}: {:.0} MB/s ({} rows in {:.2} s)", bytes.len() as f64 / 1e6 / secs, f.rows_read, secs);
    }
}

// ---------------------------------------------------------------------------------------------
// Large files a block at a time

/// A file imported whole and block by block (`block` bytes a block): both imports and how many
/// steps the block-by-block one took.
fn whole_and_blocks(path: &str, bytes: &[u8], opts: &ImportOptions, block: usize) -> (FileImport, FileImport, usize) {
    let whole = import_file(path, bytes, 0, opts).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut job = ChunkedImport::new(path, bytes, 0, opts, block);
    let mut steps = 0;
    while job.step() {
        steps += 1;
    }
    let parts = job.finish().unwrap_or_else(|e| panic!("{path}: {e}"));
    (whole, parts, steps)
}

/// Everything an import says is the same: format and reason, books, records with their lines,
/// skips, problems with their columns, warnings.
fn assert_same_import(path: &str, parts: &FileImport, whole: &FileImport) {
    assert_eq!((parts.format, &parts.reason), (whole.format, &whole.reason), "{path}");
    assert_eq!(parts.rows_read, whole.rows_read, "{path}");
    assert_eq!(parts.deployments, whole.deployments, "{path}");
    assert_eq!(parts.incidents, whole.incidents, "{path}");
    assert_eq!(parts.commit_times, whole.commit_times, "{path}");
    assert_eq!(parts.skipped, whole.skipped, "{path}");
    assert_eq!(parts.problems, whole.problems, "{path}");
    assert_eq!(parts.warnings, whole.warnings, "{path}");
    assert_eq!(parts.notes, whole.notes, "{path}");
}

/// Every line-based export (CSV, JSON Lines) imported block by block, as the dashboard and the CLI
/// import large files, gives exactly the whole-file import: records with their lines, skips,
/// problems, warnings. The fixtures' records are repeated (so ids repeat too, and duplicates
/// meet across blocks) until the file spans many small blocks.
#[test]
fn line_based_exports_import_the_same_block_by_block() {
    let opts = ImportOptions { max_examples: usize::MAX, ..ImportOptions::default() };
    let mut chunked_formats = Vec::new();
    for &(path, format, ..) in EXPECTED.iter().filter(|e| e.0.ends_with(".csv") || e.0.ends_with(".ndjson")) {
        let text = String::from_utf8(fixture(path)).unwrap();
        let text = text.trim_start_matches('\u{feff}');
        let json_lines = path.ends_with(".ndjson");
        let (head, body) = if json_lines { ("", text) } else { text.split_at(text.find('\n').map_or(0, |n| n + 1)) };
        let mut big = String::from(head);
        while big.len() < 60_000 {
            big.push_str(body);
            if !big.ends_with('\n') {
                big.push('\n');
            }
        }
        let (whole, parts, steps) = whole_and_blocks(path, big.as_bytes(), &opts, 4096);
        if steps > 3 {
            chunked_formats.push(format);
        }
        assert_same_import(path, &parts, &whole);
    }
    // The formats that are cut into blocks (teams files are imported whole, also compared above).
    for f in [
        Format::JiraCsv,
        Format::ServicenowCsv,
        Format::PagerdutyCsv,
        Format::DevlakeIssues,
        Format::DevlakeDeployments,
        Format::FourkeysDeployments,
        Format::FourkeysIncidents,
    ] {
        assert!(chunked_formats.contains(&f), "{f:?} was imported whole: {chunked_formats:?}");
    }
}

/// The order of numeric dates is the whole file's, also in blocks: a value that decides it (a day
/// over 12) far down the file decides for the first block too.
#[test]
fn numeric_dates_are_decided_by_the_whole_file_in_blocks() {
    let mut big = String::from("number,opened_at,resolved_at\n");
    let mut n = 0;
    while big.len() < 60_000 {
        n += 1;
        big.push_str(&format!("INC{n},05-03-2016 01:16,06-03-2016 02:00\n"));
    }
    big.push_str("INC0,29-02-2016 01:16,\n");
    let opts = ImportOptions { max_examples: usize::MAX, ..ImportOptions::default() };
    let (whole, parts, steps) = whole_and_blocks("dates.csv", big.as_bytes(), &opts, 4096);
    assert!(steps > 3, "{steps}");
    assert_eq!(whole.incidents.len(), n + 1);
    assert_eq!(whole.incidents[0].started_at, at("2016-03-05T01:16:00Z"), "day first, as 29-02-2016 says");
    assert_same_import("dates.csv", &parts, &whole);
}

/// Blank lines before the header (the csv crate skips them) are skipped by the block plan too:
/// it used to take the empty first line as the header, and every block its first row.
#[test]
fn blank_lines_before_the_header_are_skipped_in_blocks() {
    for lead in ["\n", "\r\n\r\n", "\n\n\n"] {
        let mut big = format!("{lead}number,opened_at,resolved_at,cmdb_ci\n");
        let mut n = 0;
        while big.len() < 60_000 {
            n += 1;
            big.push_str(&format!("INC{n},2016-03-05 01:16:00,2016-03-06 02:00:00,svc{}\n", n % 7));
        }
        let opts = ImportOptions { max_examples: usize::MAX, ..ImportOptions::default() };
        let (whole, parts, steps) = whole_and_blocks("sn.csv", big.as_bytes(), &opts, 4096);
        assert!(steps > 3, "{steps}");
        assert_eq!((whole.rows_read, whole.incidents.len()), (n, n), "{lead:?}");
        assert_same_import("sn.csv", &parts, &whole);
    }
    // The same on real exports (ServiceNow's list export, DevLake's cicd_deployment_commits),
    // their rows repeated past several blocks.
    for path in ["servicenow/incidents.csv", "devlake/cicd_deployment_commits.csv"] {
        let text = String::from_utf8(fixture(path)).unwrap();
        let (header, rows) = text.split_once('\n').unwrap();
        let mut big = format!("\n\n{header}\n");
        while big.len() < 60_000 {
            big.push_str(rows);
        }
        let opts = ImportOptions { max_examples: usize::MAX, ..ImportOptions::default() };
        let (whole, parts, steps) = whole_and_blocks(path, big.as_bytes(), &opts, 4096);
        assert!(steps > 3, "{path}: {steps}");
        assert!(whole.rows_read > 0, "{path}");
        assert_same_import(path, &parts, &whole);
    }
}

/// DevLake's deployment commits hold a row per deployment and commit, and a deployment's rows may
/// be anywhere in the file. Read in blocks (CSV, a JSON array, JSON pages), the blocks hand their
/// rows on and the join groups them: the same deployments with all their commits, the same skips
/// and the same first problems as the whole file, with few or many examples kept.
#[test]
fn devlake_deployment_commits_group_across_blocks() {
    use serde_json::{Value, json};
    let rows: Vec<Value> = (0..2400)
        .map(|i| {
            let d = i % 300;
            let mut row = json!({
                "id": format!("row{i}"),
                "cicd_scope_id": "github:GithubRepo:1:shop",
                "cicd_deployment_id": format!("github:GithubRun:1:{d}"),
                "name": "Deploy",
                "result": if d % 13 == 0 { "FAILURE" } else { "SUCCESS" },
                "status": if d % 17 == 0 { "IN_PROGRESS" } else { "DONE" },
                "environment": if d % 11 == 0 { "STAGING" } else { "PRODUCTION" },
                "finished_date": format!("2025-03-{:02}T10:{:02}:00Z", d % 28 + 1, d % 60),
                "commit_sha": format!("{:040x}", i % 2000),
                "commit_authored_date": format!("2025-02-{:02}T08:00:00Z", i % 28 + 1),
                "repo_url": format!("https://github.com/acme/{}", ["shop", "api", "web"][d % 3]),
            });
            match i % 97 {
                5 => row["cicd_deployment_id"] = json!(""),
                6 => row["finished_date"] = json!("soon"),
                _ => {}
            }
            row
        })
        .collect();
    let columns: Vec<&str> = rows[0].as_object().unwrap().keys().map(String::as_str).collect();
    let mut csv = columns.join(",") + "\n";
    for r in &rows {
        let cells: Vec<&str> = columns.iter().map(|c| r[*c].as_str().unwrap()).collect();
        csv += &(cells.join(",") + "\n");
    }
    let array = Value::Array(rows.clone());
    let pages: String = rows.chunks(100).map(|c| Value::Array(c.to_vec()).to_string() + "\n").collect();
    let files = [
        ("commits.csv", csv),
        ("pretty.json", serde_json::to_string_pretty(&array).unwrap()),
        ("minified.json", array.to_string()),
        ("pages.json", pages),
    ];
    for (name, text) in files {
        for examples in [usize::MAX, 7] {
            let opts = ImportOptions { max_examples: examples, ..ImportOptions::default() };
            let (whole, parts, steps) = whole_and_blocks(name, text.as_bytes(), &opts, 8 * 1024);
            assert_eq!(whole.format, Format::DevlakeDeployments, "{name}");
            assert!(steps > 5, "{name}: {steps} steps");
            assert_same_import(name, &parts, &whole);
            // Deployments 0..300 minus those in progress, staging or failed.
            let kept = (0..300).filter(|d| d % 17 != 0 && d % 11 != 0 && d % 13 != 0).count();
            assert_eq!(whole.deployments.len(), kept, "{name}");
            let d = whole.deployments.iter().find(|d| &*d.id == "github:GithubRun:1:1").unwrap();
            assert_eq!(d.commits.len(), 8, "{name}: every row's commit, from all over the file");
            if name == "commits.csv" {
                assert_eq!(d.source.line, 3, "the deployment is its first row's");
            }
        }
    }
}

/// Files of JSON pages back to back (`gh api --paginate`) are imported a few pages at a time for
/// the formats whose pages stand alone, with exactly the result of the whole file; the others,
/// and single documents, are imported whole.
#[test]
fn json_pages_import_the_same_page_by_page() {
    let opts = ImportOptions { max_examples: usize::MAX, ..ImportOptions::default() };
    let page_wise = [
        Format::GithubActions,
        Format::GithubDeployments,
        Format::GithubReleases,
        Format::GitlabDeployments,
        Format::PagerdutyJson,
        Format::Opsgenie,
        Format::JiraJson,
        Format::ServicenowJson,
        Format::FourkeysChanges,
        Format::Jenkins,
        Format::Argocd,
        Format::DevlakeDeployments,
    ];
    let mut seen = Vec::new();
    let mut crossed = 0;
    for &(path, format, ..) in EXPECTED.iter().filter(|e| e.0.ends_with(".json")) {
        let text = String::from_utf8(fixture(path)).unwrap();
        let mut big = String::new();
        while big.len() < 60_000 {
            big.push_str(text.trim_end());
            big.push('\n');
        }
        let (whole, parts, steps) = whole_and_blocks(path, big.as_bytes(), &opts, 4096);
        let block_opts = ImportOptions { format: Some(format), part_of_file: true, ..opts.clone() };
        let block = import_file(path, big.as_bytes(), 0, &block_opts).unwrap_or_else(|e| panic!("{path}: {e}"));
        if block.cross_references {
            // GitHub statuses in a map beside the deployments (every block would repeat it): the
            // first block says so, and the file is imported whole.
            assert_eq!(path, "github/statuses_only.json");
            crossed += 1;
        } else if page_wise.contains(&format) {
            assert!(steps > 3, "{path}: {steps} steps");
            seen.push(format);
        } else {
            assert_eq!(steps, 1, "{path} is imported whole");
        }
        assert_same_import(path, &parts, &whole);
    }
    for f in page_wise {
        assert!(seen.contains(&f), "no fixture exercised {f:?}");
    }
    assert_eq!(crossed, 1, "statuses in a map beside the deployments");

    // A page that fails makes the whole file's error.
    let page = String::from_utf8(fixture("gitlab/deployments.json")).unwrap();
    let broken = format!("{}\n{}\n{{\"oops\": [1, 2\n", page.trim_end(), page.trim_end()).repeat(30);
    let whole = import_file("g.json", broken.as_bytes(), 0, &opts);
    let chunked = ChunkedImport::new("g.json", broken.as_bytes(), 0, &opts, 4096).finish();
    assert_eq!(
        chunked.map_err(|e| e.to_string()).map(|f| f.rows_read),
        whole.map_err(|e| e.to_string()).map(|f| f.rows_read)
    );
}

/// One large document of a page-wise format, pretty-printed or minified (its records on one
/// line), is imported a few records at a time, each block wrapped in the document's envelope,
/// with exactly the result of the whole file: records, lines, problems with their columns.
#[test]
fn one_large_json_document_imports_the_same_record_by_record() {
    use serde_json::Value;
    let opts = ImportOptions { max_examples: usize::MAX, ..ImportOptions::default() };
    let keyed = [
        ("github/workflow_runs.json", Some("workflow_runs")),
        ("github/deployments.json", None),
        ("github/releases.json", None),
        ("gitlab/deployments.json", None),
        ("pagerduty/incidents.json", Some("incidents")),
        ("opsgenie/incidents.json", Some("data")),
        ("opsgenie/alerts.json", Some("data")),
        ("jira/search.json", Some("issues")),
        ("servicenow/incident.json", Some("result")),
        ("fourkeys/changes.json", None),
        ("jenkins/job.json", Some("builds")),
        ("jenkins/folder.json", Some("jobs")),
        ("argocd/applications.json", Some("items")),
    ];
    for (path, key) in keyed {
        let text = String::from_utf8(fixture(path)).unwrap();
        let first: Value = serde_json::Deserializer::from_str(&text).into_iter::<Value>().next().unwrap().unwrap();
        let records = match key {
            Some(k) => first[k].as_array().unwrap_or_else(|| panic!("{path}: no {k}")).clone(),
            None => first.as_array().unwrap().clone(),
        };
        let many: Vec<Value> = records.iter().cycle().take(records.len() * 120).cloned().collect();
        let doc = match key {
            Some(k) => {
                let mut d = first.clone();
                d[k] = Value::Array(many);
                d
            }
            None => Value::Array(many),
        };
        for (pretty, text) in [(true, serde_json::to_string_pretty(&doc).unwrap()), (false, doc.to_string())] {
            let (whole, parts, steps) = whole_and_blocks(path, text.as_bytes(), &opts, 16 * 1024);
            assert!(steps > 3, "{path} (pretty: {pretty}): {steps} steps");
            if !pretty && whole.problems.iter().any(|p| p.column.is_some()) {
                // Problems far along the one line keep their columns.
                assert!(whole.problems.iter().any(|p| p.line == 1 && p.column.unwrap_or(0) > 2 * 16 * 1024), "{path}");
            }
            assert_same_import(path, &parts, &whole);
        }
    }
}

/// The canonical JSON's two arrays are each cut into blocks of their own, pretty-printed or
/// minified, and so is a bare array of both kinds; a folder of Jenkins jobs with builds of its
/// own (whose blocks would repeat the jobs) is imported whole. Either way the import is the
/// whole file's.
#[test]
fn canonical_json_imports_the_same_array_by_array() {
    use serde_json::{Value, json};
    let opts = ImportOptions { max_examples: usize::MAX, ..ImportOptions::default() };
    let services = ["api", "web", "jobs"];
    let deployments: Vec<Value> = (0..900)
        .map(|i| match i % 50 {
            7 => json!({"id": format!("d{i}"), "deployed_at": "yesterday", "service": "api"}),
            9 => json!({"id": format!("d{}", i - 1), "deployed_at": "2025-02-01T10:00:00Z", "service": "api"}),
            _ => json!({
                "id": format!("d{i}"),
                "service": services[i % 3],
                "deployed_at": format!("2025-01-{:02}T10:{:02}:00Z", i % 28 + 1, i % 60),
                "environment": if i % 11 == 0 { "staging" } else { "production" },
                "commits": [{"sha": format!("{i:040x}"), "committed_at": "2025-01-01T08:00:00Z"}],
            }),
        })
        .collect();
    let incidents: Vec<Value> = (0..400)
        .map(|i| match i % 37 {
            5 => json!({"id": format!("i{i}"), "started_at": 17}),
            _ => json!({
                "id": format!("i{}", i % 390),
                "started_at": format!("2025-01-{:02}T12:00:00Z", i % 28 + 1),
                "resolved_at": format!("2025-01-{:02}T15:00:00Z", i % 28 + 1),
                "caused_by": format!("d{}", i * 2),
            }),
        })
        .collect();
    let both = json!({"version": 1, "deployments": deployments, "incidents": incidents});
    let incidents_first = json!({"incidents": incidents, "deployments": deployments});
    let mixed = Value::Array(deployments.iter().chain(&incidents).cloned().collect());
    let one_kind = json!({"deployments": [], "incidents": incidents});
    for (what, doc) in
        [("both", both), ("incidents first", incidents_first), ("bare array", mixed), ("one kind", one_kind)]
    {
        // serde_json orders members by name; put the incidents first by hand.
        let fix = |t: String| if what == "incidents first" { reorder(&t) } else { t };
        for (pretty, text) in [(true, fix(serde_json::to_string_pretty(&doc).unwrap())), (false, fix(doc.to_string()))]
        {
            let (whole, parts, steps) = whole_and_blocks("d.json", text.as_bytes(), &opts, 8 * 1024);
            assert_eq!(whole.format, Format::CanonicalJson);
            assert!(steps > 3, "{what} (pretty: {pretty}): {steps} steps");
            assert!(whole.skipped_total() > 0 && whole.imported() > 300, "{what}");
            assert_eq!(parts.kind, whole.kind, "{what} (pretty: {pretty})");
            assert_same_import(what, &parts, &whole);
        }
    }

    // The canonical JSON is one document: two back to back are the whole file's error.
    let one = json!({"deployments": deployments}).to_string();
    let twice = format!("{one}\n{one}\n");
    let whole = import_file("d.json", twice.as_bytes(), 0, &opts).map(|f| f.rows_read).map_err(|e| e.to_string());
    let chunked = ChunkedImport::new("d.json", twice.as_bytes(), 0, &opts, 4096).finish();
    assert!(whole.is_err());
    assert_eq!(chunked.map(|f| f.rows_read).map_err(|e| e.to_string()), whole);

    // Blocks hold the records alone: what is wrong elsewhere in the document is still the whole
    // file's error (broken JSON, an incidents member that is not a list).
    let records = json!({"deployments": deployments}).to_string();
    for broken in [
        records.replacen("{\"deployments\"", "{\"version\": 1x, \"deployments\"", 1),
        records.replacen("{\"deployments\"", "{\"incidents\": 5, \"deployments\"", 1),
    ] {
        let whole = import_file("d.json", broken.as_bytes(), 0, &opts).map(|f| f.rows_read).map_err(|e| e.to_string());
        let chunked = ChunkedImport::new("d.json", broken.as_bytes(), 0, &opts, 4096).finish();
        assert!(whole.is_err(), "{whole:?}");
        assert_eq!(chunked.map(|f| f.rows_read).map_err(|e| e.to_string()), whole);
    }

    // A folder with builds of its own besides its jobs is imported whole, and the same.
    let folder = String::from_utf8(fixture("jenkins/folder.json")).unwrap();
    let mut doc: Value = serde_json::from_str(&folder).unwrap();
    let job: Value = serde_json::from_slice(&fixture("jenkins/job.json")).unwrap();
    doc["builds"] = job["builds"].as_array().unwrap().iter().cycle().take(400).cloned().collect();
    let text = serde_json::to_string_pretty(&doc).unwrap();
    let (whole, parts, steps) = whole_and_blocks("folder.json", text.as_bytes(), &opts, 4096);
    assert_eq!(steps, 1 + text.len().div_ceil(4 * 4096), "scanned, then imported whole");
    assert_same_import("folder.json", &parts, &whole);

    // So is an Argo CD document with `items` that is itself an application (it has `status`).
    let app: Value = serde_json::from_slice(&fixture("argocd/application.json")).unwrap();
    let mut doc = app.clone();
    doc["items"] = std::iter::repeat_n(app, 200).collect();
    let text = serde_json::to_string_pretty(&doc).unwrap();
    let (whole, parts, steps) = whole_and_blocks("app.json", text.as_bytes(), &opts, 4096);
    assert_eq!(steps, 1 + text.len().div_ceil(4 * 4096), "scanned, then imported whole");
    assert_same_import("app.json", &parts, &whole);
}

/// Moves a document's `"incidents"` member before its `"deployments"` member (the text's two
/// top-level members, in that order).
fn reorder(text: &str) -> String {
    let body = text.trim().strip_prefix('{').unwrap().strip_suffix('}').unwrap();
    let at = body.find("\"incidents\"").unwrap();
    let (deployments, incidents) = body.split_at(at);
    let deployments = deployments.trim_end().trim_end_matches(',');
    format!("{{{},\n{}}}", incidents.trim_end(), deployments.trim_start_matches('\n'))
}

/// Whatever the bytes, a large JSON file imported block by block gives the whole-file import:
/// the same records, skips and problems, or the same error. The inputs are the JSON fixtures and
/// a canonical document, their values mutated, grown into pages back to back or one large
/// document (pretty or minified), then some bytes changed.
#[test]
fn fuzz_json_blocks_equal_the_whole_file() {
    use proptest::prelude::*;
    use serde_json::{Value, json};
    let mut sources: Vec<Vec<u8>> =
        EXPECTED.iter().filter(|e| e.0.ends_with(".json")).map(|(p, ..)| fixture(p)).collect();
    let canonical = json!({
        "version": 1,
        "deployments": [
            {"id": "d1", "deployed_at": "2025-01-02T10:00:00Z", "service": "api", "commit_sha": "abc1234def"},
            {"id": "d2", "deployed_at": "2025-01-03T10:00:00+01:00", "environment": "staging"},
            {"id": "d3", "deployed_at": "soon", "failed": true}
        ],
        "incidents": [
            {"id": "i1", "started_at": "2025-01-02T11:00:00Z", "resolved_at": "2025-01-02T12:00:00Z", "caused_by": "d1"},
            {"id": "i2", "started_at": 17}
        ]
    });
    sources.push(serde_json::to_vec_pretty(&canonical).unwrap());
    // Few examples: the first problems of the whole file are the first of all the blocks'.
    let opts = ImportOptions { max_examples: 40, ..ImportOptions::default() };
    let mut runner = fuzz_runner(200);
    let strategy = (0..sources.len(), any::<u64>(), 0..4usize, 0..3usize, 0..3usize);
    runner
        .run(&strategy, |(which, seed, value_rounds, shape, byte_rounds)| {
            let mut rng = Rng(seed | 1);
            let base = &sources[which];
            let mutated = if value_rounds > 0 { mutate_json(base, &mut rng, value_rounds) } else { None };
            let doc = mutated.unwrap_or_else(|| base.clone());
            let text = String::from_utf8_lossy(&doc).into_owned();
            // Grow it past a few 4 KB blocks: pages, or one document whose arrays repeat.
            let grown = match shape {
                0 => text.trim_end().to_string() + "\n",
                _ => {
                    let first: Option<Value> =
                        serde_json::Deserializer::from_str(&text).into_iter::<Value>().next().and_then(Result::ok);
                    let Some(mut v) = first else { return Ok(()) };
                    let grow = |a: &mut Vec<Value>| {
                        let items = a.clone();
                        for _ in 0..60 {
                            a.extend(items.iter().cloned());
                        }
                    };
                    match &mut v {
                        Value::Array(a) => grow(a),
                        Value::Object(o) => o.values_mut().filter_map(Value::as_array_mut).for_each(grow),
                        _ => {}
                    }
                    if shape == 1 { serde_json::to_string_pretty(&v).unwrap() } else { v.to_string() }
                }
            };
            let mut bytes = if shape == 0 { grown.repeat(40).into_bytes() } else { grown.into_bytes() };
            if byte_rounds > 0 {
                bytes = mutate(bytes, b"", &mut rng, byte_rounds);
            }
            let whole = import_file("fuzz.json", &bytes, 0, &opts);
            let blocks = ChunkedImport::new("fuzz.json", &bytes, 0, &opts, 4096).finish();
            same_outcome(whole, blocks)
        })
        .unwrap();
}

/// The whole-file import and the block-by-block one agree: the same records, skips, problems and
/// warnings, or the same error.
fn same_outcome(
    whole: Result<FileImport, doralens::core::import::ImportError>,
    blocks: Result<FileImport, doralens::core::import::ImportError>,
) -> Result<(), proptest::test_runner::TestCaseError> {
    use proptest::{prop_assert, prop_assert_eq};
    match (whole, blocks) {
        (Ok(w), Ok(b)) => {
            prop_assert_eq!((w.format, &w.reason, w.kind), (b.format, &b.reason, b.kind));
            prop_assert_eq!(w.rows_read, b.rows_read);
            prop_assert_eq!(&w.deployments, &b.deployments);
            prop_assert_eq!(&w.incidents, &b.incidents);
            prop_assert_eq!(&w.skipped, &b.skipped);
            prop_assert_eq!(&w.problems, &b.problems);
            prop_assert_eq!(&w.warnings, &b.warnings);
            prop_assert_eq!(&w.notes, &b.notes);
        }
        (Err(w), Err(b)) => prop_assert_eq!(w.to_string(), b.to_string()),
        (w, b) => prop_assert!(false, "whole {:?} vs blocks {:?}", w.map(|f| f.rows_read), b.map(|f| f.rows_read)),
    }
    Ok(())
}

/// Whatever the bytes, a large CSV or JSON Lines file imported block by block gives the
/// whole-file import (to replay a failing case: `FUZZ_CASE=which,seed,rounds`, and `FUZZ_DUMP=1`
/// writes its bytes to /tmp/fuzzfail.csv): the same records, skips and problems, or the same error. The inputs are the
/// line-based fixtures grown past many 4 KB blocks (DevLake's deployment commits repeat their
/// deployments all over the file), then some bytes changed: quotes, newlines, delimiters.
#[test]
fn fuzz_line_blocks_equal_the_whole_file() {
    use proptest::prelude::*;
    let sources: Vec<Vec<u8>> = EXPECTED
        .iter()
        .filter(|e| e.0.ends_with(".csv") || e.0.ends_with(".ndjson"))
        .map(|(p, ..)| {
            let text = String::from_utf8(fixture(p)).unwrap();
            let (head, body) = if p.ends_with(".ndjson") {
                ("", text.as_str())
            } else {
                text.split_at(text.find('\n').map_or(0, |n| n + 1))
            };
            let mut big = head.to_string();
            while big.len() < 40_000 {
                big.push_str(body.trim_end_matches('\n'));
                big.push('\n');
            }
            big.into_bytes()
        })
        .collect();
    let opts = ImportOptions { max_examples: 50, ..ImportOptions::default() };
    let mut runner = fuzz_runner(200);
    runner
        .run(&(0..sources.len(), any::<u64>(), 0..6usize), |(which, seed, rounds)| {
            let (which, seed, rounds) = match std::env::var("FUZZ_CASE") {
                Ok(v) => {
                    let p: Vec<u64> = v.split(',').map(|x| x.parse().unwrap()).collect();
                    (p[0] as usize, p[1], p[2] as usize)
                }
                Err(_) => (which, seed, rounds),
            };
            let mut rng = Rng(seed | 1);
            let bytes = mutate(sources[which].clone(), b"", &mut rng, rounds);
            let whole = import_file("fuzz.csv", &bytes, 0, &opts);
            let blocks = ChunkedImport::new("fuzz.csv", &bytes, 0, &opts, 4096).finish();
            if std::env::var("FUZZ_DUMP").is_ok() {
                std::fs::write("/tmp/fuzzfail.csv", &bytes).unwrap();
            }
            same_outcome(whole, blocks)
        })
        .unwrap();
}

// ---------------------------------------------------------------------------------------------
// Mixed rows: valid, skipped by rule and invalid, past every limit

/// What a generated row is meant to be.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Meant {
    Valid,
    Rule,
    Invalid,
}

/// A generated export: its name (the extension says the format), bytes, and what each row is.
struct Mixed {
    name: &'static str,
    text: String,
    rows: Vec<Meant>,
}

/// A time of the generated rows: one of many days, a real shape.
fn gen_time(rng: &mut Rng) -> String {
    format!(
        "2025-{:02}-{:02}T{:02}:{:02}:00Z",
        1 + rng.next() % 12,
        1 + rng.next() % 28,
        rng.next() % 24,
        rng.next() % 60
    )
}

/// One of the invalid values a real file holds in its time column.
fn bad_time(rng: &mut Rng) -> &'static str {
    ["not-a-time", "1970-01-01T00:00:00Z", "2025-13-45", "31/02/2025", "9999-01-01T00:00:00Z", ""]
        [rng.next() as usize % 6]
}

/// A file of `n` rows in `layout` (0 canonical CSV deployments, 1 canonical CSV incidents, 2 JSON
/// Lines, 3 canonical JSON pretty, 4 canonical JSON minified, 5 GitHub Actions pages, 6 Four Keys
/// deployments CSV), each row valid, skipped by rule or invalid with the odds `mix` gives (in
/// hundredths: valid, rule), in any order. Ids are unique, so no row is a duplicate.
fn mixed(layout: usize, n: usize, mix: (u64, u64), rng: &mut Rng) -> Mixed {
    let mut rows = Vec::with_capacity(n);
    let mut meant = || {
        let r = rng.next() % 100;
        if r < mix.0 {
            Meant::Valid
        } else if r < mix.0 + mix.1 {
            Meant::Rule
        } else {
            Meant::Invalid
        }
    };
    let mut plan: Vec<Meant> = (0..n).map(|_| meant()).collect();
    // At least one of each, wherever it falls.
    if n >= 3 {
        let k = rng.next() as usize % n;
        plan[k] = Meant::Invalid;
        plan[(k + 1 + rng.next() as usize % (n - 1)) % n] = Meant::Rule;
    }
    let mut text = String::new();
    let (name, head, sep, tail): (&'static str, &str, &str, &str) = match layout {
        0 => ("mixed.csv", "id,service,environment,status,deployed_at\n", "", ""),
        1 => ("mixed-incidents.csv", "id,service,started_at,resolved_at\n", "", ""),
        2 => ("mixed.ndjson", "", "", ""),
        3 => ("mixed.json", "{\n  \"deployments\": [\n", ",\n", "\n  ]\n}\n"),
        4 => ("mixed-min.json", "{\"deployments\":[", ",", "]}"),
        5 => ("runs.json", "", "", ""),
        _ => ("fourkeys-deployments.csv", "source,deploy_id,time_created,main_commit,changes\n", "", ""),
    };
    text.push_str(head);
    for (i, m) in plan.iter().enumerate() {
        let id = format!("{:x}{i}", rng.next() % 0xffff_ffff);
        let t = gen_time(rng);
        let bad = bad_time(rng);
        let row = match (layout, m) {
            (0, Meant::Valid) => format!("{id},api,production,success,{t}\n"),
            (0, Meant::Rule) => format!("{id},api,{},success,{t}\n", ["staging", "dev", "qa"][i % 3]),
            (0, Meant::Invalid) if i % 4 == 0 => format!(",api,production,success,{t}\n"),
            (0, Meant::Invalid) => format!("{id},api,production,success,{bad}\n"),
            (1, Meant::Valid) => format!("{id},api,{t},\n"),
            // Incidents have no rule skips: a duplicate id is one (merged into the first).
            (1, Meant::Rule) => format!("dup,api,{t},\n"),
            (1, Meant::Invalid) => format!("{id},api,{bad},\n"),
            (2, Meant::Valid) => format!("{{\"id\":\"{id}\",\"environment\":\"prod\",\"deployed_at\":\"{t}\"}}\n"),
            (2, Meant::Rule) => format!("{{\"id\":\"{id}\",\"status\":\"failure\",\"deployed_at\":\"{t}\"}}\n"),
            (2, Meant::Invalid) if i % 5 == 0 && i > 0 => "{\"id\": \"broken\", \n".to_string(),
            (2, Meant::Invalid) => format!("{{\"id\":\"{id}\",\"deployed_at\":\"{bad}\"}}\n"),
            (3 | 4, m) => {
                let body = match m {
                    Meant::Valid => format!("{{\"id\":\"{id}\",\"deployed_at\":\"{t}\"}}"),
                    Meant::Rule => format!("{{\"id\":\"{id}\",\"environment\":\"staging\",\"deployed_at\":\"{t}\"}}"),
                    Meant::Invalid => format!("{{\"id\":\"{id}\",\"deployed_at\":\"{bad}\"}}"),
                };
                let sep = if i == 0 { "" } else { sep };
                format!("{sep}{}{body}", if layout == 3 { "    " } else { "" })
            }
            (5, m) => {
                let (name, conclusion, at) = match m {
                    Meant::Valid => ("Deploy", "success", t.as_str()),
                    Meant::Rule if i % 2 == 0 => ("CI", "success", t.as_str()),
                    Meant::Rule => ("Deploy", "failure", t.as_str()),
                    Meant::Invalid => ("Deploy", "success", bad),
                };
                // A page of one run: `gh api --paginate` writes pages back to back.
                format!(
                    "{{\"total_count\":1,\"workflow_runs\":[{{\"id\":{},\"name\":\"{name}\",\"head_branch\":\"main\",\
                     \"head_sha\":\"{:040x}\",\"status\":\"completed\",\"conclusion\":\"{conclusion}\",\"updated_at\":\"{at}\",\
                     \"repository\":{{\"name\":\"api\",\"default_branch\":\"main\"}}}}]}}\n",
                    1_000_000_000 + i,
                    rng.next()
                )
            }
            (_, Meant::Valid) => format!("github,{id},{t},{:040x},\n", rng.next()),
            // Four Keys deployments have no rule skips either: a repeated id is one.
            (_, Meant::Rule) => format!("github,dup,{t},{:040x},\n", rng.next()),
            (_, Meant::Invalid) => format!("github,{id},{bad},{:040x},\n", rng.next()),
        };
        text.push_str(&row);
    }
    text.push_str(tail);
    // Layouts whose "rule" rows are duplicates of one id: the first of them is imported.
    if matches!(layout, 1 | 6)
        && let Some(first) = plan.iter().position(|m| *m == Meant::Rule)
    {
        plan[first] = Meant::Valid;
    }
    rows.extend(plan);
    Mixed { name, text, rows }
}

/// Files that mix valid, rule-skipped and invalid rows in random proportions and orders, well past
/// `max_examples` of each, in every line-based and JSON layout: `import_file`, the block path and
/// the CLI (through its block path too) never panic, the counts are exactly what was generated,
/// and an invalid row always has an example, invalid rows first.
#[test]
fn fuzz_mixed_rows_keep_their_books() {
    use proptest::prelude::*;
    let dir = std::env::temp_dir().join(format!("doralens-mixed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let max = 10;
    let opts = ImportOptions { max_examples: max, ..ImportOptions::default() };
    let mut runner = fuzz_runner(60);
    runner
        .run(&(0..7usize, 3..400usize, 0..100u64, 0..100u64, any::<u64>()), |(layout, n, a, b, seed)| {
            let valid = a.min(95);
            let rule = b * (100 - valid) / 100;
            let mut rng = Rng(seed | 1);
            let m = mixed(layout, n, (valid, rule), &mut rng);
            let count = |k: Meant| m.rows.iter().filter(|r| **r == k).count();
            let f = import_file(m.name, m.text.as_bytes(), 0, &opts)
                .map_err(|e| TestCaseError::fail(format!("{}: {e}\n{}", m.name, m.text)))?;
            prop_assert_eq!(f.rows_read, n, "{}", m.name);
            prop_assert_eq!(f.imported(), count(Meant::Valid), "{}: imported", m.name);
            prop_assert_eq!(f.skipped_by(SkipClass::Rule), count(Meant::Rule), "{}: by rule", m.name);
            prop_assert_eq!(f.skipped_by(SkipClass::Invalid), count(Meant::Invalid), "{}: invalid", m.name);
            assert_books(&f, max);
            let shown: Vec<SkipClass> = f.examples().map(|p| p.class).collect();
            prop_assert!(shown.is_sorted_by_key(|c| *c != SkipClass::Invalid), "invalid examples first: {:?}", shown);

            let blocks = ChunkedImport::new(m.name, m.text.as_bytes(), 0, &opts, 512).finish();
            same_outcome(Ok(f.clone()), blocks)?;

            // The CLI, its block path forced with small blocks.
            let path = dir.join(m.name);
            std::fs::write(&path, &m.text).unwrap();
            let flag = if layout == 1 { "--incidents" } else { "--deploys" };
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_doralens"))
                .args(["report", flag, path.to_str().unwrap()])
                .env("DORALENS_BLOCK_BYTES", "256")
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            let code = out.status.code();
            prop_assert!(code == Some(0) || code == Some(1), "{}: exit {:?}\n{}", m.name, code, stderr);
            prop_assert!(stderr.contains(path.to_str().unwrap()), "{}: names the file:\n{}", m.name, stderr);
            if code == Some(0) {
                let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
                let warnings = v["warnings"].as_array().unwrap();
                let first_at = warnings.iter().any(|w| w.as_str().unwrap().contains("rows skipped as invalid"));
                prop_assert_eq!(
                    first_at,
                    count(Meant::Invalid) > 0,
                    "{}: invalid rows reported: {:?}",
                    m.name,
                    warnings
                );
            } else {
                prop_assert_eq!(f.imported(), 0, "{}: exit 1 only when nothing could be imported\n{}", m.name, stderr);
            }
            Ok(())
        })
        .unwrap();
    std::fs::remove_dir_all(&dir).ok();
}

/// Files of the deployment tools that hold nothing to import are declined saying what they are and
/// what to export instead; YAML of another kind is declined as YAML, never read as a CSV.
#[test]
fn deployment_side_declines_say_what_the_file_is() {
    for (path, says) in [
        (
            "decline/kubernetes_deployment.yaml",
            "a YAML file of kind Deployment; DORA Lens reads Argo CD Application YAML",
        ),
        ("bitbucket/pipelines_page.json", "a Bitbucket Pipelines page (pipelines, not deployments)"),
        ("circleci/pipelines_page.json", "CircleCI pipelines without their workflows"),
    ] {
        let err = import_file(path, &fixture(path), 0, &ImportOptions::default()).unwrap_err();
        assert!(err.message.contains(says), "{path}: {}", err.message);
        assert!(err.message.contains("docs/imports.md"), "{path}: {}", err.message);
        let detected = detect(path, std::str::from_utf8(&fixture(path)).unwrap(), &ImportOptions::default());
        assert!(!matches!(detected, Ok((Format::MappedCsv | Format::CanonicalCsv | Format::TeamsCsv, _))), "{path}");
    }
}

/// CI runs of which none counted: the warning names the workflows and branches seen, with counts,
/// and how to choose them; choosing them imports.
#[test]
fn runs_that_all_skip_name_the_workflows_seen() {
    let f = load("circleci/workflows_devlake_items.json");
    let text: Vec<&str> = f.warnings.iter().map(|w| w.text.as_str()).collect();
    assert_eq!(f.deployments.len(), 0);
    assert!(
        text.iter()
            .any(|t| t.contains("Workflows seen: workflow (4), say-hello-workflow (1)") && t.contains("--workflows")),
        "{text:?}"
    );
    // The names and counts the dashboard's workflow picker shows.
    let seen = f.workflows_seen();
    let seen: Vec<(&str, usize)> = seen.iter().map(|(w, n)| (w.as_str(), *n)).collect();
    assert_eq!(seen, vec![("workflow", 4), ("say-hello-workflow", 1)]);
    let opts = ImportOptions {
        workflows: WorkflowFilter { names: vec!["workflow".into()], branches: vec![] },
        ..ImportOptions::default()
    };
    let f = load_with("circleci/workflows_devlake_items.json", &opts);
    // Named "workflow": 1 success and 3 failed (the status rule comes before the empty stopped_at);
    // "say-hello-workflow" is another name (names match whole).
    assert_eq!((f.rows_read, f.deployments.len(), f.skipped_total()), (5, 1, 4));
    let f = load("azure-devops/builds.json");
    assert!(f.warnings.is_empty(), "deploy_to_prod counts: {:?}", f.warnings);
    let opts = ImportOptions {
        workflows: WorkflowFilter { names: vec!["nope".into()], branches: vec![] },
        ..ImportOptions::default()
    };
    let f = load_with("github/workflow_runs.json", &opts);
    let w: Vec<&str> = f.warnings.iter().map(|w| w.text.as_str()).collect();
    assert!(w.iter().any(|t| t.contains("no workflow is named nope") && t.contains("branches seen: ")), "{w:?}");
}

/// A DevLake raw table is read by the importer of the tool its `data` cells come from, with the
/// books that tool's own file gives: GitHub Actions runs (DevLake's `_raw_github_api_runs`) built
/// from the workflow runs fixture, one run per row, pretty-printed cells with line breaks.
#[test]
fn devlake_raw_tables_read_like_the_tools_own_file() {
    let bytes = fixture("github/workflow_runs.json");
    let mut runs: Vec<serde_json::Value> = Vec::new();
    for page in serde_json::Deserializer::from_slice(&bytes).into_iter::<serde_json::Value>() {
        let page = page.unwrap();
        match page.get("workflow_runs") {
            Some(serde_json::Value::Array(list)) => runs.extend(list.iter().cloned()),
            _ => runs.push(page),
        }
    }
    let mut csv = String::from("id,params,data,url,input,created_at\n");
    for (i, run) in runs.iter().enumerate() {
        let cell = serde_json::to_string_pretty(run).unwrap().replace('"', "\"\"");
        csv.push_str(&format!("{},\"{{\"\"ConnectionId\"\":1,\"\"Name\"\":\"\"o/r\"\"}}\",\"{cell}\",https://api.github.com/x,null,2024-01-01 00:00:00.000\n", i + 1));
    }
    let raw = import_file("_raw_github_api_runs.csv", csv.as_bytes(), 0, &ImportOptions::default()).unwrap();
    let own = load("github/workflow_runs.json");
    assert_eq!(raw.format, Format::GithubActions);
    assert!(raw.reason.starts_with("a DevLake raw table"), "{}", raw.reason);
    assert_eq!(
        (raw.rows_read, raw.deployments.len(), raw.skipped),
        (own.rows_read, own.deployments.len(), own.skipped)
    );
    // Problems point at the CSV row of the run.
    let first = &raw.problems[0];
    assert!(
        csv.lines().nth(first.line as usize - 1).is_some_and(|l| l.starts_with(|c: char| c.is_ascii_digit())),
        "{first:?}"
    );
}

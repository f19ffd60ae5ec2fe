//! Which vendor's export a file is, from its first bytes: rules of keys, columns and values that
//! are distinctive for each tool, most distinctive first.

use crate::core::import::sniff::Sniff;
use crate::core::import::{Format, Hint};

/// A way to recognise a format from a file's first bytes, and the reason a person can check.
struct Rule {
    format: Format,
    why: &'static str,
    matches: fn(&Sniff) -> bool,
}

/// JSON shapes, most distinctive first: a format is chosen on keys and values that are its own.
const JSON_RULES: &[Rule] = &[
    // Deployment tools whose objects hold keys other tools' rules look for (a deployment_status
    // delivery embeds a workflow run and a deployment with statuses_url; a Bitbucket deployment has
    // environment and, unfiltered, deployable): decided first.
    Rule {
        format: Format::GithubDeploymentStatus,
        why: "webhook deliveries with deployment_status and deployment (GitHub deployment_status event)",
        matches: |s| s.key("deployment_status") && s.key("deployment") && (s.key("action") || s.key("repository")),
    },
    Rule {
        format: Format::BitbucketDeployments,
        why: "deployment objects with release, environment and state (Bitbucket Pipelines deployments)",
        matches: |s| {
            s.key("release")
                && s.key("environment")
                && s.key("state")
                && (s.key("step")
                    || s.key("deployable")
                    || s.head.contains("\"type\": \"deployment\"")
                    || s.head.contains("\"type\":\"deployment\""))
        },
    },
    Rule {
        format: Format::BitbucketDeployments,
        why: "pipeline objects with target.ref_name (Bitbucket Pipelines)",
        matches: |s| s.key("target") && s.key("ref_name") && s.key("pagelen"),
    },
    Rule {
        format: Format::AzureDevops,
        why: "release deployments with deploymentStatus and releaseEnvironment (Azure DevOps)",
        matches: |s| s.key("deploymentStatus") && s.key("releaseEnvironment"),
    },
    Rule {
        format: Format::AzureDevops,
        why: "builds with buildNumber, sourceVersion and definition (Azure DevOps Pipelines)",
        matches: |s| s.key("buildNumber") && s.key("sourceVersion") && s.key("definition"),
    },
    Rule {
        format: Format::AzureDevops,
        why: "environment deployment records with environmentId, planType and stageName (Azure DevOps)",
        matches: |s| s.key("environmentId") && s.key("planType") && s.key("stageName"),
    },
    Rule {
        format: Format::AzureDevops,
        why: "pipeline runs with pipeline, state and finishedDate/createdDate (Azure DevOps Pipelines)",
        matches: |s| {
            s.key("pipeline")
                && s.key("state")
                && s.key("createdDate")
                && (s.key("finishedDate") || s.key("_links") || s.key("url"))
        },
    },
    Rule {
        format: Format::Circleci,
        why: "workflows with pipeline_id and project_slug (CircleCI API v2)",
        matches: |s| s.key("pipeline_id") && s.key("project_slug"),
    },
    Rule {
        format: Format::Circleci,
        why: "pipelines with project_slug, vcs and trigger (CircleCI API v2)",
        matches: |s| s.key("project_slug") && s.key("vcs") && s.key("trigger"),
    },
    Rule {
        format: Format::Octopus,
        why: "deployments or server tasks with EnvironmentId/TaskId or Arguments and State (Octopus Deploy)",
        matches: |s| {
            (s.key("EnvironmentId") && (s.key("TaskId") || s.key("ReleaseId")))
                || (s.key("Arguments") && s.key("State") && (s.key("FinishedSuccessfully") || s.key("IsCompleted")))
        },
    },
    Rule {
        format: Format::GithubDeployments,
        why: "GraphQL deployment nodes with commitOid and statuses (GitHub GraphQL deployments)",
        matches: |s| {
            (s.key("CommitOid") || s.key("commitOid"))
                && ["LatestStatus", "latestStatus", "Statuses", "statuses"].iter().any(|k| s.key(k))
        },
    },
    Rule {
        format: Format::GithubActions,
        why: "has a workflow_runs array (GitHub Actions)",
        matches: |s| s.key("workflow_runs"),
    },
    Rule {
        format: Format::GithubActions,
        why: "workflow run objects with head_sha and workflow_id (GitHub Actions)",
        matches: |s| s.key("head_sha") && s.key("workflow_id") && s.key("run_number"),
    },
    Rule {
        format: Format::GitlabDeployments,
        why: "deployment objects with iid, deployable and environment (GitLab)",
        // Bitbucket's deployments have `deployable` and `environment` too, but no `iid` or `ref`.
        matches: |s| {
            s.key("deployable")
                && s.key("environment")
                && (s.key("iid") || s.key("ref"))
                && !s.head.contains("bitbucket.org/")
        },
    },
    Rule {
        format: Format::GithubDeployments,
        why: "deployment objects with statuses_url or deployment_url (GitHub deployments)",
        matches: |s| s.key("statuses_url") || (s.key("deployment_url") && s.key("state")),
    },
    Rule {
        format: Format::GithubDeployments,
        why: "deployment objects with sha, task and environment (GitHub deployments)",
        matches: |s| s.key("sha") && (s.key("task") || s.key("statuses")) && s.key("environment"),
    },
    Rule {
        format: Format::GithubCommits,
        why: "commit objects with sha, commit and parents (GitHub commits)",
        matches: |s| s.key("sha") && s.key("commit") && s.key("parents"),
    },
    Rule {
        format: Format::GithubReleases,
        why: "release objects with tag_name and prerelease (GitHub releases)",
        matches: |s| s.key("tag_name") && (s.key("prerelease") || s.key("draft")),
    },
    // The history may sit after a long resources list, beyond the sniffed head: the API group decides too.
    Rule {
        format: Format::Argocd,
        why: "an Application with status.history and deployedAt (Argo CD)",
        matches: |s| s.key("deployedAt") || s.head.contains("argoproj.io/"),
    },
    Rule {
        format: Format::Jenkins,
        why: "a job with a builds or allBuilds array (Jenkins JSON API)",
        matches: |s| {
            (s.key("builds") || s.key("allBuilds"))
                && (s.key("_class") || s.head.contains("hudson.") || s.key("fullName"))
        },
    },
    Rule {
        format: Format::Jenkins,
        why: "a build with number, result and timestamp (Jenkins JSON API)",
        matches: |s| {
            let build = s.key("number") && s.key("timestamp");
            (build && s.key("building") && (s.key("result") || s.key("fullDisplayName")))
                || (build && s.key("fullDisplayName") && s.key("result") && s.key("estimatedDuration"))
        },
    },
    // Incident tools read from real payloads (issue 15): each on keys only it writes.
    Rule {
        format: Format::PagerdutyAnalytics,
        why: "incidents with seconds_to_resolve / team_name (PagerDuty Analytics raw incidents)",
        matches: |s| {
            s.key("seconds_to_resolve") || (s.key("team_name") && s.key("priority_name") && s.key("incident_number"))
        },
    },
    Rule {
        format: Format::Incidentio,
        why: "incidents with incident_status and incident_timestamp_values (incident.io API v2)",
        matches: |s| {
            s.key("incident_status")
                && (s.key("incident_timestamp_values") || s.key("pagination_meta") || s.key("reference"))
        },
    },
    Rule {
        format: Format::Firehydrant,
        why: "incidents with milestones and current_milestone (FireHydrant)",
        matches: |s| s.key("milestones") && s.key("current_milestone"),
    },
    Rule {
        format: Format::DatadogIncidents,
        why: "incidents with attributes.customer_impact_scope / public_id (Datadog Incident Management)",
        matches: |s| {
            s.key("attributes")
                && (s.key("customer_impact_scope") || (s.key("public_id") && s.key("customer_impacted")))
        },
    },
    Rule {
        format: Format::Rootly,
        why: "JSON:API incidents with attributes.sequential_id (Rootly)",
        matches: |s| s.key("attributes") && (s.key("sequential_id") || s.head.contains("api.rootly.com/")),
    },
    Rule {
        format: Format::SplunkOncall,
        why: "incidents with incidentNumber and currentPhase (Splunk On-Call / VictorOps)",
        matches: |s| s.key("incidentNumber") && (s.key("currentPhase") || s.key("pagedTeams")),
    },
    Rule {
        format: Format::Squadcast,
        why: "incidents with alert_source_id and time_of_creation (Squadcast)",
        matches: |s| s.key("alert_source_id") && (s.key("time_of_creation") || s.key("service_id")),
    },
    Rule {
        format: Format::GrafanaOncall,
        why: "alert groups with alerts_count and integration_id (Grafana OnCall)",
        matches: |s| s.key("alerts_count") && (s.key("integration_id") || s.key("route_id")),
    },
    Rule {
        format: Format::Statuspage,
        why: "incidents with incident_updates and shortlink/page_id (Atlassian Statuspage)",
        matches: |s| s.key("incident_updates") && (s.key("shortlink") || s.key("page_id")),
    },
    Rule {
        format: Format::JiraJson,
        why: "issues with key and fields (Jira REST issues, pages joined into one array)",
        matches: |s| {
            s.key("fields")
                && s.key("key")
                && (s.key("issuetype") || s.key("changelog") || s.head.contains("/rest/api/"))
        },
    },
    Rule {
        format: Format::PagerdutyJson,
        why: "has an incidents array with incident_number/urgency (PagerDuty API)",
        matches: |s| s.key("incidents") && (s.key("incident_number") || s.key("more") || s.key("urgency")),
    },
    Rule {
        format: Format::PagerdutyJson,
        why: "incident objects with incident_number and urgency (PagerDuty API)",
        matches: |s| s.key("incident_number") && s.key("urgency"),
    },
    Rule {
        format: Format::Opsgenie,
        why: "objects with tinyId (Opsgenie incidents or alerts)",
        matches: |s| s.key("tinyId"),
    },
    Rule {
        format: Format::JiraJson,
        why: "has an issues array with fields.issuetype (Jira REST search)",
        matches: |s| s.key("issues") && s.key("fields") && (s.key("issuetype") || s.key("created")),
    },
    Rule {
        format: Format::ServicenowJson,
        why: "records with number and opened_at/sys_id (ServiceNow)",
        matches: |s| s.key("number") && (s.key("opened_at") || s.key("sys_id")),
    },
];

/// CSV headers of vendor exports.
const CSV_RULES: &[Rule] = &[
    Rule {
        format: Format::JiraCsv,
        why: "CSV with Issue key and Issue Type columns (Jira export)",
        matches: |s| s.header("issue key") && (s.header("issue type") || s.header("summary")),
    },
    Rule {
        format: Format::PagerdutyCsv,
        why: "CSV with incident_number and created_on columns (PagerDuty export)",
        matches: |s| {
            (s.header("incident_number") || s.header("incident number"))
                && ["created_on", "created_at", "created at", "urgency"].iter().any(|h| s.header(h))
        },
    },
    Rule {
        format: Format::ServicenowCsv,
        why: "CSV with number and opened_at columns (ServiceNow export)",
        matches: |s| s.header("number") && (s.header("opened_at") || s.header("opened") || s.header("sys_id")),
    },
];

/// Tables that come as CSV or JSON: a column or a key.
fn has(s: &Sniff, k: &str) -> bool {
    if s.json { s.key(k) } else { s.header(k) }
}

/// Tables that come as CSV or JSON (Four Keys is decided apart: see [`fourkeys_table`]).
const TABLE_RULES: &[Rule] = &[
    Rule {
        format: Format::DevlakeDeployments,
        why: "has cicd_scope_id, result and finished_date (DevLake cicd_deployments)",
        matches: |s| {
            !has(s, "cicd_deployment_id") && has(s, "cicd_scope_id") && has(s, "finished_date") && has(s, "result")
        },
    },
    Rule {
        format: Format::FourkeysEventsRaw,
        why: "has event_type, metadata and msg_id/signature (Four Keys events_raw)",
        matches: |s| has(s, "event_type") && has(s, "metadata") && (has(s, "msg_id") || has(s, "signature")),
    },
    Rule {
        format: Format::DevlakeDeployments,
        why: "has cicd_deployment_id/cicd_scope_id (DevLake cicd_deployment_commits)",
        matches: |s| has(s, "cicd_deployment_id") || (has(s, "cicd_scope_id") && has(s, "finished_date")),
    },
    Rule {
        format: Format::DevlakeIssues,
        why: "has created_date, updated_date and type or table/scope_id (DevLake issues or incidents, e2e columns)",
        matches: |s| {
            has(s, "id")
                && has(s, "created_date")
                && has(s, "updated_date")
                && ((has(s, "type") && s.headers.len() <= 6) || (has(s, "table") && has(s, "scope_id")))
        },
    },
    Rule {
        format: Format::DevlakeIssues,
        why: "has issue_key and resolution_date (DevLake issues table)",
        matches: |s| {
            (has(s, "issue_key") || has(s, "incident_key"))
                && has(s, "created_date")
                && (has(s, "resolution_date") || has(s, "original_status"))
        },
    },
];

/// Detects a vendor format from a file's first bytes. `None`: not a vendor format.
pub fn detect(s: &Sniff, name: &str, hint: Hint) -> Option<(Format, String)> {
    let rules = if s.json { JSON_RULES } else { CSV_RULES };
    let rule = rules.iter().find(|r| (r.matches)(s));
    if let Some(r) = rule {
        return Some((r.format, r.why.to_string()));
    }
    if let Some(found) = fourkeys_table(s, name, hint) {
        return Some(found);
    }
    TABLE_RULES.iter().find(|r| (r.matches)(s)).map(|r| (r.format, r.why.to_string()))
}

/// The Four Keys tables (deployments, changes, incidents) all have `time_created`: their id
/// column decides, and when several tables' columns are in the head, the file name or the hint.
fn fourkeys_table(s: &Sniff, name: &str, hint: Hint) -> Option<(Format, String)> {
    let name = name.to_ascii_lowercase();
    let (dep, chg, inc) = (
        has(s, "deploy_id") && has(s, "time_created"),
        has(s, "change_id") && has(s, "time_created"),
        has(s, "incident_id") && has(s, "time_created"),
    );
    let several = [dep, chg, inc].iter().filter(|b| **b).count() > 1;
    let pick = match (dep, chg, inc) {
        (false, false, false) => return None,
        _ if several && inc && (name.contains("incident") || hint == Hint::Incidents) => Format::FourkeysIncidents,
        _ if several && chg && name.contains("change") => Format::FourkeysChanges,
        (true, _, _) => Format::FourkeysDeployments,
        (false, true, _) if !several => Format::FourkeysChanges,
        _ => Format::FourkeysIncidents,
    };
    let why = match pick {
        Format::FourkeysDeployments => "has deploy_id and time_created (Four Keys deployments table)",
        Format::FourkeysChanges => "has change_id and time_created (Four Keys changes table)",
        _ => "has incident_id and time_created (Four Keys incidents table)",
    };
    Some((pick, why.to_string()))
}

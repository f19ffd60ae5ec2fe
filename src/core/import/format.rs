//! Every format DORA Lens reads, with its stable id, its name for people and what it holds.

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
    GithubCommits,
    GitlabDeployments,
    Argocd,
    Jenkins,
    FourkeysDeployments,
    FourkeysChanges,
    FourkeysIncidents,
    DevlakeDeployments,
    DevlakeIssues,
    BitbucketDeployments,
    AzureDevops,
    Circleci,
    Octopus,
    GithubDeploymentStatus,
    FourkeysEventsRaw,
    PagerdutyJson,
    PagerdutyCsv,
    Opsgenie,
    JiraCsv,
    JiraJson,
    ServicenowCsv,
    ServicenowJson,
    PagerdutyAnalytics,
    Incidentio,
    Firehydrant,
    DatadogIncidents,
    SplunkOncall,
    Squadcast,
    Rootly,
    GrafanaOncall,
    Statuspage,
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
        Format::GithubCommits,
        Format::GitlabDeployments,
        Format::Argocd,
        Format::Jenkins,
        Format::FourkeysDeployments,
        Format::FourkeysChanges,
        Format::FourkeysIncidents,
        Format::DevlakeDeployments,
        Format::DevlakeIssues,
        Format::BitbucketDeployments,
        Format::AzureDevops,
        Format::Circleci,
        Format::Octopus,
        Format::GithubDeploymentStatus,
        Format::FourkeysEventsRaw,
        Format::PagerdutyJson,
        Format::PagerdutyCsv,
        Format::Opsgenie,
        Format::JiraCsv,
        Format::JiraJson,
        Format::ServicenowCsv,
        Format::ServicenowJson,
        Format::PagerdutyAnalytics,
        Format::Incidentio,
        Format::Firehydrant,
        Format::DatadogIncidents,
        Format::SplunkOncall,
        Format::Squadcast,
        Format::Rootly,
        Format::GrafanaOncall,
        Format::Statuspage,
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
            Format::GithubCommits => "github-commits",
            Format::GitlabDeployments => "gitlab-deployments",
            Format::Argocd => "argocd",
            Format::Jenkins => "jenkins",
            Format::FourkeysDeployments => "fourkeys-deployments",
            Format::FourkeysChanges => "fourkeys-changes",
            Format::FourkeysIncidents => "fourkeys-incidents",
            Format::DevlakeDeployments => "devlake-deployments",
            Format::DevlakeIssues => "devlake-issues",
            Format::BitbucketDeployments => "bitbucket-deployments",
            Format::AzureDevops => "azure-devops",
            Format::Circleci => "circleci",
            Format::Octopus => "octopus",
            Format::GithubDeploymentStatus => "github-deployment-status",
            Format::FourkeysEventsRaw => "fourkeys-events-raw",
            Format::PagerdutyJson => "pagerduty-json",
            Format::PagerdutyCsv => "pagerduty-csv",
            Format::Opsgenie => "opsgenie",
            Format::JiraCsv => "jira-csv",
            Format::JiraJson => "jira-json",
            Format::ServicenowCsv => "servicenow-csv",
            Format::ServicenowJson => "servicenow-json",
            Format::PagerdutyAnalytics => "pagerduty-analytics",
            Format::Incidentio => "incidentio",
            Format::Firehydrant => "firehydrant",
            Format::DatadogIncidents => "datadog-incidents",
            Format::SplunkOncall => "splunk-oncall",
            Format::Squadcast => "squadcast",
            Format::Rootly => "rootly",
            Format::GrafanaOncall => "grafana-oncall",
            Format::Statuspage => "statuspage",
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
            Format::GithubCommits => "GitHub commits (commit times)",
            Format::GitlabDeployments => "GitLab deployments",
            Format::Argocd => "Argo CD application history",
            Format::Jenkins => "Jenkins builds",
            Format::FourkeysDeployments => "Four Keys deployments",
            Format::FourkeysChanges => "Four Keys changes",
            Format::FourkeysIncidents => "Four Keys incidents",
            Format::DevlakeDeployments => "DevLake deployment commits",
            Format::DevlakeIssues => "DevLake issues",
            Format::BitbucketDeployments => "Bitbucket Pipelines deployments",
            Format::AzureDevops => "Azure DevOps release deployments and builds",
            Format::Circleci => "CircleCI workflows",
            Format::Octopus => "Octopus Deploy deployments",
            Format::GithubDeploymentStatus => "GitHub deployment_status webhook deliveries",
            Format::FourkeysEventsRaw => "Four Keys events_raw (webhook events)",
            Format::PagerdutyJson => "PagerDuty incidents (API)",
            Format::PagerdutyCsv => "PagerDuty incidents (CSV)",
            Format::Opsgenie => "Opsgenie incidents",
            Format::JiraCsv => "Jira issues (CSV)",
            Format::JiraJson => "Jira issues (API)",
            Format::ServicenowCsv => "ServiceNow incidents (CSV)",
            Format::ServicenowJson => "ServiceNow incidents (JSON)",
            Format::PagerdutyAnalytics => "PagerDuty Analytics raw incidents",
            Format::Incidentio => "incident.io incidents",
            Format::Firehydrant => "FireHydrant incidents",
            Format::DatadogIncidents => "Datadog incidents",
            Format::SplunkOncall => "Splunk On-Call (VictorOps) incidents",
            Format::Squadcast => "Squadcast incidents",
            Format::Rootly => "Rootly incidents",
            Format::GrafanaOncall => "Grafana OnCall alert groups",
            Format::Statuspage => "Atlassian Statuspage incidents",
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
            CanonicalCsv | CanonicalJson | CanonicalNdjson | MappedCsv | FourkeysChanges | GithubCommits => {
                RecordKind::Mixed
            }
            GithubDeployments | GithubActions | GithubReleases | GitlabDeployments | Argocd | Jenkins
            | FourkeysDeployments | DevlakeDeployments => RecordKind::Deployments,
            BitbucketDeployments | AzureDevops | Circleci | Octopus | GithubDeploymentStatus | FourkeysEventsRaw => {
                RecordKind::Deployments
            }
            FourkeysIncidents | DevlakeIssues | PagerdutyJson | PagerdutyCsv | Opsgenie | JiraCsv | JiraJson
            | ServicenowCsv | ServicenowJson => RecordKind::Incidents,
            PagerdutyAnalytics | Incidentio | Firehydrant | DatadogIncidents | SplunkOncall | Squadcast | Rootly
            | GrafanaOncall | Statuspage => RecordKind::Incidents,
            TeamsCsv | TeamsJson => RecordKind::Teams,
        }
    }
}

/// What a file turned out to hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RecordKind {
    Deployments,
    Incidents,
    Teams,
    /// A canonical JSON file with both arrays, or commit times (Four Keys changes, GitHub commits).
    Mixed,
}

impl RecordKind {
    pub fn label(self) -> &'static str {
        match self {
            RecordKind::Deployments => "deployments",
            RecordKind::Incidents => "incidents",
            RecordKind::Teams => "teams",
            RecordKind::Mixed => "deployments and incidents",
        }
    }
}

//! The team drill-down: its deployments with why each failed or is rework, its incidents with the
//! deployment each is linked to and how, and their sorts.

use super::order::{Cell, Column, SortOrder, TableSort, sort_rows};
use crate::core::case::lowercase;
use crate::core::metrics::analysis::{Analysis, LinkKind, REWORK_DURING_INCIDENT, REWORK_FLAG, REWORK_KIND};
use crate::core::model::cmp_ids;
use crate::core::time::format_local;

/// One deployment of the team drill-down.
#[derive(Clone, Debug, PartialEq)]
pub struct DeployRow {
    pub index: u32,
    pub id: String,
    pub at_ms: i64,
    /// Local time in the report zone.
    pub at: String,
    pub service: String,
    /// The commit sha, shortened to 10 characters.
    pub commit: String,
    /// Median lead-time sample in hours.
    pub lead_hours: Option<f64>,
    pub failed: bool,
    /// Why it counts as failed: "flagged failed", "incident INC-1", "rolled back by 42".
    pub why_failed: Vec<String>,
    /// Why it counts as rework: "flagged rework", "kind hotfix", "during an incident".
    pub why_rework: Vec<String>,
}

impl DeployRow {
    pub fn matches(&self, q: &str) -> bool {
        q.is_empty()
            || [&self.id, &self.service, &self.commit, &self.at].iter().any(|f| contains_ci(f, q))
            || self.why_failed.iter().chain(&self.why_rework).any(|f| contains_ci(f, q))
    }
}

/// One incident of the team drill-down.
#[derive(Clone, Debug, PartialEq)]
pub struct IncidentRow {
    pub index: u32,
    pub id: String,
    pub started_ms: i64,
    pub started: String,
    pub resolved: String,
    /// Hours from start to resolution (`None` while open).
    pub duration_hours: Option<f64>,
    pub service: String,
    pub severity: String,
    pub title: String,
    pub link: LinkKind,
    /// The linked deployment's id.
    pub deployment: Option<String>,
    /// How it is linked, for people: "caused_by = deployment id", "commit sha d2f99a3c", "inferred: latest earlier deployment of checkout-web".
    pub how: String,
}

impl IncidentRow {
    pub fn matches(&self, q: &str) -> bool {
        q.is_empty()
            || [&self.id, &self.service, &self.severity, &self.title, &self.how, &self.started]
                .iter()
                .any(|f| contains_ci(f, q))
            || self.deployment.as_deref().is_some_and(|d| contains_ci(d, q))
    }
}

fn contains_ci(hay: &str, needle: &str) -> bool {
    lowercase(hay).contains(&lowercase(needle))
}

/// Filters a drill-down the same way the report does: team, services, and the range in local days.
pub struct RowFilter<'a> {
    pub team: &'a str,
    pub services: &'a [String],
    pub from: i32,
    pub to: i32,
}

impl RowFilter<'_> {
    fn service_ok(&self, s: Option<&str>) -> bool {
        self.services.is_empty() || s.is_some_and(|s| self.services.iter().any(|w| w == s))
    }
}

/// The team's deployments in range, oldest first, with why each failed or is rework.
pub fn deployment_rows(a: &Analysis, f: &RowFilter) -> Vec<DeployRow> {
    let Some(team) = a.team_index(f.team) else { return Vec::new() };
    let (d0, d1) = (a.dep_day.partition_point(|&d| d < f.from), a.dep_day.partition_point(|&d| d < f.to));
    let mut rows = Vec::new();
    let mut samples = Vec::new();
    for i in d0..d1 {
        let d = &a.deployments[i];
        if a.dep_team[i] != team || !f.service_ok(d.service.as_deref()) {
            continue;
        }
        let mut why_failed = Vec::new();
        if let Some(r) = a.fail_reasons.get(&(i as u32)) {
            if r.flagged {
                why_failed.push("flagged failed".to_string());
            }
            for &k in &r.incidents {
                why_failed.push(format!("incident {}", a.incidents[k as usize].id));
            }
            if let Some(rb) = r.rolled_back_by {
                let by = &a.deployments[rb as usize];
                why_failed.push(format!(
                    "{} by {}",
                    if by.kind.as_deref() == Some("revert") { "reverted" } else { "rolled back" },
                    by.id
                ));
            }
        }
        let bits = a.rework[i];
        let mut why_rework = Vec::new();
        if bits & REWORK_FLAG != 0 {
            why_rework.push("flagged rework".to_string());
        }
        if bits & REWORK_KIND != 0 {
            why_rework.push(format!("kind {}", d.kind.as_deref().unwrap_or("?")));
        }
        if bits & REWORK_DURING_INCIDENT != 0 {
            why_rework.push("deployed during an incident".to_string());
        }
        samples.clear();
        samples.extend(a.lead_samples(i).iter().filter(|&&v| v > 0.0).map(|v| v / 3600.0));
        let lead_hours = crate::core::metrics::stats::median(&mut samples);
        let sha = d.commit_sha.as_deref().or(d.commits.first().map(|c| &*c.sha)).unwrap_or("");
        rows.push(DeployRow {
            index: i as u32,
            id: d.id.to_string(),
            at_ms: d.deployed_at,
            at: format_local(d.deployed_at, &a.zone),
            service: d.service.as_deref().unwrap_or("").to_string(),
            commit: sha.chars().take(10).collect(),
            lead_hours,
            failed: a.failed[i],
            why_failed,
            why_rework,
        });
    }
    rows
}

/// The team's incidents in range, oldest first, with the deployment each is linked to and how.
pub fn incident_rows(a: &Analysis, f: &RowFilter) -> Vec<IncidentRow> {
    let Some(team) = a.team_index(f.team) else { return Vec::new() };
    let (k0, k1) = (a.inc_day.partition_point(|&d| d < f.from), a.inc_day.partition_point(|&d| d < f.to));
    let mut rows = Vec::new();
    for k in k0..k1 {
        let inc = &a.incidents[k];
        if a.inc_team[k] != team || !f.service_ok(inc.service.as_deref()) {
            continue;
        }
        let link = a.links[k];
        let dep = link.deployment.map(|d| &a.deployments[d as usize]);
        let how = match (link.kind, dep) {
            (LinkKind::Id, Some(_)) => "caused_by is the deployment id".to_string(),
            (LinkKind::Sha, Some(_)) => {
                format!("caused_by {} is a commit sha prefix", inc.caused_by.as_deref().unwrap_or("").trim())
            }
            (LinkKind::Inferred, Some(d)) => match (inc.service.as_deref(), d.service.as_deref()) {
                (Some(s), Some(ds)) if s == ds => format!("inferred: latest earlier deployment of {s}"),
                _ => format!("inferred: latest earlier deployment of team {}", d.team_name()),
            },
            _ => "not linked: no earlier deployment of its service or team".to_string(),
        };
        rows.push(IncidentRow {
            index: k as u32,
            id: inc.id.to_string(),
            started_ms: inc.started_at,
            started: format_local(inc.started_at, &a.zone),
            resolved: inc.resolved_at.map(|r| format_local(r, &a.zone)).unwrap_or_else(|| "open".into()),
            duration_hours: inc.resolved_at.map(|r| (r - inc.started_at) as f64 / 3_600_000.0),
            service: inc.service.as_deref().unwrap_or("").to_string(),
            severity: inc.severity.as_deref().unwrap_or("").to_string(),
            title: inc.title.as_deref().unwrap_or("").to_string(),
            link: link.kind,
            deployment: dep.map(|d| d.id.to_string()),
            how,
        });
    }
    rows
}

/// A sortable column of the deployments drill-down.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DeployCol {
    #[default]
    Time,
    Id,
    Service,
    Lead,
    Failed,
}

impl Column for DeployCol {
    const ALL: &'static [DeployCol] =
        &[DeployCol::Time, DeployCol::Id, DeployCol::Service, DeployCol::Lead, DeployCol::Failed];

    fn id(self) -> &'static str {
        match self {
            DeployCol::Time => "time",
            DeployCol::Id => "id",
            DeployCol::Service => "service",
            DeployCol::Lead => "lead_time",
            DeployCol::Failed => "failed",
        }
    }
}

/// The deployments drill-down's order when the URL says none: newest first.
pub const DEPLOYMENTS_ORDER: TableSort<DeployCol> = TableSort::new(DeployCol::Time, SortOrder::Descending);

pub fn sort_deploy_rows(rows: &mut Vec<DeployRow>, by: TableSort<DeployCol>) {
    sort_rows(
        rows,
        by,
        |r| r.index,
        |a, b, column| match column {
            DeployCol::Time => Cell::Ordered(a.at_ms.cmp(&b.at_ms)),
            DeployCol::Id => Cell::Ordered(cmp_ids(&a.id, &b.id)),
            DeployCol::Service => Cell::Ordered(a.service.cmp(&b.service)),
            DeployCol::Lead => Cell::Numbers(a.lead_hours, b.lead_hours),
            DeployCol::Failed => Cell::Ordered(a.failed.cmp(&b.failed)),
        },
    );
}

/// A sortable column of the incidents drill-down.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum IncidentCol {
    #[default]
    Started,
    Id,
    Service,
    Severity,
    Duration,
    Link,
}

impl Column for IncidentCol {
    const ALL: &'static [IncidentCol] = &[
        IncidentCol::Started,
        IncidentCol::Id,
        IncidentCol::Service,
        IncidentCol::Severity,
        IncidentCol::Duration,
        IncidentCol::Link,
    ];

    fn id(self) -> &'static str {
        match self {
            IncidentCol::Started => "started",
            IncidentCol::Id => "id",
            IncidentCol::Service => "service",
            IncidentCol::Severity => "severity",
            IncidentCol::Duration => "recovery",
            IncidentCol::Link => "link",
        }
    }
}

/// The incidents drill-down's order when the URL says none: newest first.
pub const INCIDENTS_ORDER: TableSort<IncidentCol> = TableSort::new(IncidentCol::Started, SortOrder::Descending);

pub fn sort_incident_rows(rows: &mut Vec<IncidentRow>, by: TableSort<IncidentCol>) {
    sort_rows(
        rows,
        by,
        |r| r.index,
        |a, b, column| match column {
            IncidentCol::Started => Cell::Ordered(a.started_ms.cmp(&b.started_ms)),
            IncidentCol::Id => Cell::Ordered(cmp_ids(&a.id, &b.id)),
            IncidentCol::Service => Cell::Ordered(a.service.cmp(&b.service)),
            IncidentCol::Severity => Cell::Ordered(a.severity.cmp(&b.severity)),
            IncidentCol::Duration => Cell::Numbers(a.duration_hours, b.duration_hours),
            IncidentCol::Link => Cell::Ordered(a.link.label().cmp(b.link.label())),
        },
    );
}

//! What the loaded data cannot show yet and how to fix it, and the notes about dropped values.

use super::format::{fmt_int, fmt_range};
use crate::core::metrics::analysis::Analysis;

/// The canonical CSV headers, with one example row each, for the empty-data guidance.
pub const SAMPLE_DEPLOYMENTS: &str = "id,team,service,environment,status,deployed_at,commit_sha,first_commit_at,lead_time_seconds,failed,kind,rework\n\
418231,Payments,payments-api,production,success,2026-05-01T06:36:13Z,d2f99a3c76,2026-04-30T14:57:11Z,,false,deploy,false";

pub const SAMPLE_INCIDENTS: &str = "id,team,service,started_at,resolved_at,severity,caused_by,title\n\
INC-1042,Checkout,checkout-web,2026-05-01T07:41:14Z,2026-05-01T09:12:00Z,SEV2,418231,Checkout errors after deploy";

pub const SAMPLE_TEAMS: &str = "service,team\npayments-api,Payments\ncheckout-web,Checkout";

/// A note about missing or partial data, with what would fix it.
#[derive(Clone, Debug, PartialEq)]
pub struct Guidance {
    pub title: String,
    pub body: String,
    pub sample: Option<&'static str>,
}

/// What the loaded data cannot show yet, and how to fix it.
pub fn guidance(a: &Analysis, range: (i32, i32)) -> Vec<Guidance> {
    let mut out = Vec::new();
    if a.deployments.is_empty() {
        out.push(Guidance {
            title: "No deployments loaded".into(),
            body: "Every metric starts from production deployments. Load a deployments export (GitHub, GitLab, Argo CD, Jenkins, Four Keys, DevLake) or a CSV with at least id and deployed_at, like this:".into(),
            sample: Some(SAMPLE_DEPLOYMENTS),
        });
    }
    if a.incidents.is_empty() && !a.deployments.is_empty() {
        out.push(Guidance {
            title: "No incidents loaded".into(),
            body: "Recovery time needs an incident export, and change failure rate then only counts deployments flagged failed or rolled back. Load incidents from PagerDuty, Opsgenie, Jira, ServiceNow, or a CSV like this:".into(),
            sample: Some(SAMPLE_INCIDENTS),
        });
    }
    if !a.deployments.is_empty() && a.lead.is_empty() {
        out.push(Guidance {
            title: "No commit times".into(),
            body: "Lead time needs, per deployment, first_commit_at, lead_time_seconds, or its commits with committed_at (a Four Keys changes export works too).".into(),
            sample: None,
        });
    }
    if let Some((first, last)) = a.day_span() {
        let (from, to) = range;
        if to <= first || from > last {
            out.push(Guidance {
                title: "Nothing in this range".into(),
                body: format!(
                    "The loaded data covers {}. Choose a range that overlaps it.",
                    fmt_range(first, last + 1)
                ),
                sample: None,
            });
        }
    }
    out
}

/// The overview's note when rows or values were dropped for times that cannot be right, from each
/// file's name and count ([`crate::core::import::FileImport::implausible`]); `None` when none were.
pub fn implausible_note<'a>(files: impl IntoIterator<Item = (&'a str, usize)>) -> Option<String> {
    let files: Vec<(&str, usize)> = files.into_iter().filter(|(_, n)| *n > 0).collect();
    let total: usize = files.iter().map(|(_, n)| n).sum();
    (total > 0).then(|| {
        let each: Vec<String> = files.iter().map(|(f, n)| format!("{f}: {}", fmt_int(*n as u64))).collect();
        format!(
            "{} {} dropped for implausible times (before 1990, after 2100, or a lead time over ten years) — {}; \
             the data panel lists each file's first case.",
            fmt_int(total as u64),
            if total == 1 { "row or value was" } else { "rows or values were" },
            each.join(", ")
        )
    })
}

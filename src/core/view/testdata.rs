//! Report numbers for the view tests.

use crate::core::metrics::report::{ChangeFailure, LeadTime, Previous, Recovery, Rework};
use crate::core::metrics::{Numbers, Summary, Tier};

pub(super) fn numbers(deploys: u64, per_week: f64, lead: Option<f64>, cfr: Option<f64>) -> Numbers {
    Numbers {
        deployments: deploys,
        deploy_days: deploys.min(50),
        deploys_per_week: per_week,
        median_deploy_days_per_week: Some(2.0),
        deployment_frequency_tier: Some(Tier::High),
        lead_time: LeadTime {
            samples: deploys,
            median_hours: lead,
            p75_hours: lead,
            p90_hours: lead,
            tier: Some(Tier::Elite),
        },
        change_failure_rate: ChangeFailure {
            failed_deployments: 1,
            deployments: deploys,
            rate: cfr,
            tier: Some(Tier::Medium),
        },
        recovery_time: Recovery {
            incidents: 0,
            median_hours: None,
            p90_hours: None,
            tier: None,
            open_incidents: 2,
            unlinked_incidents: 0,
        },
        rework_rate: Rework { rework_deployments: 0, deployments: deploys, rate: Some(0.0) },
    }
}

pub(super) fn summary(cur: Numbers, prev: Numbers) -> Summary {
    Summary {
        team: "all".into(),
        numbers: cur,
        previous: Previous { from: "2025-01-01".into(), to: "2025-02-01".into(), numbers: prev },
    }
}

//! Lead-time samples: one per commit of a deployment (deployed_at − committed_at); without
//! commits, deployed_at − first_commit_at; else lead_time_seconds. Kept in seconds, non-positive
//! ones too: the report drops and counts those.

use crate::core::model::Deployment;

/// Every deployment's samples, flat: deployment i owns `lead[lead_off[i]..lead_off[i + 1]]`.
pub(super) struct LeadSamples {
    pub lead: Vec<f64>,
    pub lead_off: Vec<u32>,
}

impl LeadSamples {
    pub(super) fn with_capacity(n: usize) -> LeadSamples {
        let mut lead_off = Vec::with_capacity(n + 1);
        lead_off.push(0);
        LeadSamples { lead: Vec::with_capacity(n), lead_off }
    }

    /// Adds the samples of the next deployment.
    pub(super) fn add(&mut self, d: &Deployment) {
        if !d.commits.is_empty() {
            for c in &d.commits {
                if let Some(at) = c.committed_at {
                    self.lead.push((d.deployed_at - at) as f64 / 1000.0);
                }
            }
        } else if let Some(first) = d.first_commit_at {
            self.lead.push((d.deployed_at - first) as f64 / 1000.0);
        } else if let Some(s) = d.lead_time_seconds {
            self.lead.push(s);
        }
        self.lead_off.push(self.lead.len() as u32);
    }
}

//! What a file of CI runs held when none of them counted: the workflow names and branches seen,
//! with counts, and how to choose them (GitHub Actions, Azure DevOps builds, CircleCI workflows).

use crate::core::import::{Collector, WorkflowFilter};

/// Names and branches of the runs of one file, in order of first sight.
#[derive(Default)]
pub(crate) struct Seen {
    names: Vec<(String, usize)>,
    branches: Vec<(String, usize)>,
    /// Runs whose workflow is a deployment workflow under the filter.
    matched: usize,
    /// Of those, runs on a branch that counts.
    on_branch: usize,
}

fn add(list: &mut Vec<(String, usize)>, key: &str) {
    match list.iter_mut().find(|(k, _)| k == key) {
        Some((_, n)) => *n += 1,
        None => list.push((key.to_string(), 1)),
    }
}

fn shown(list: &[(String, usize)]) -> String {
    let mut sorted: Vec<&(String, usize)> = list.iter().collect();
    crate::core::sort::sort_by(&mut sorted, |a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut parts: Vec<String> =
        sorted.iter().take(12).map(|(k, n)| format!("{} ({n})", if k.is_empty() { "(none)" } else { k })).collect();
    if sorted.len() > 12 {
        parts.push(format!("and {} more", sorted.len() - 12));
    }
    parts.join(", ")
}

impl Seen {
    /// A run of workflow `name` on `branch`; `matched`: its workflow counts under the filter.
    pub fn run(&mut self, name: &str, branch: Option<&str>, matched: bool) {
        add(&mut self.names, name);
        if let Some(b) = branch {
            add(&mut self.branches, b);
        }
        if matched {
            self.matched += 1;
        }
    }

    /// A run of a deployment workflow that is on a branch that counts.
    pub fn on_branch(&mut self) {
        self.on_branch += 1;
    }

    /// Gives the file the names seen ([`crate::core::import::FileImport::workflows_seen`]), and
    /// warns when runs were read but none counted because of the name or branch filter. `what`
    /// names the runs ("workflow runs", "builds").
    pub fn warn(&self, what: &str, filter: &WorkflowFilter, c: &mut Collector) {
        let mut names = self.names.clone();
        crate::core::sort::sort_by(&mut names, |a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        c.out.workflows_seen = names;
        let total: usize = self.names.iter().map(|(_, n)| n).sum();
        if total == 0 {
            return;
        }
        let names = shown(&self.names);
        let branches = if self.branches.is_empty() {
            String::new()
        } else {
            format!("; branches seen: {}", shown(&self.branches))
        };
        if self.matched == 0 {
            let rule = if filter.names.is_empty() {
                "no workflow name contains \"deploy\" or \"release\"".to_string()
            } else {
                format!("no workflow is named {}", filter.names.join(", "))
            };
            c.warn(format!(
                "none of the {total} {what} counted as a deployment: {rule}. Workflows seen: {names}{branches}. \
                 Choose the deployment workflows with --workflows NAME[,NAME] (and the branches with --branches), \
                 or in the dashboard with the workflow picker of this file"
            ));
        } else if self.on_branch == 0 {
            let rule = if filter.branches.is_empty() {
                "none is on the default branch (main or master unless the run names it)".to_string()
            } else {
                format!("none is on {}", filter.branches.join(", "))
            };
            c.warn(format!(
                "none of the {} {what} of deployment workflows counted: {rule}{branches}. Choose the branches with --branches NAME[,NAME]",
                self.matched
            ));
        }
    }
}

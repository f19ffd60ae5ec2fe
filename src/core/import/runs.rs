//! The CI runs of a file (GitHub Actions, Azure DevOps builds and runs, CircleCI workflows): which
//! workflows are deployments under the filter, the names and branches seen with counts, and the
//! warning, saying how to choose them, when none counted.

use super::{Bad, SkipReason, WorkflowFilter};

/// Names and branches of the runs of one file, in order of first sight, and what the filter
/// let through. A block of a large file hands its tally on to the join of the blocks
/// ([`crate::core::import::FileImport::workflows_seen`]), which warns once for the whole file.
#[derive(Clone, Debug, Default)]
pub struct Seen {
    names: Vec<(String, usize)>,
    branches: Vec<(String, usize)>,
    /// Runs whose workflow is a deployment workflow under the filter.
    matched: usize,
    /// Of those, runs on a branch that counts.
    on_branch: usize,
    /// What the runs are ("workflow runs", "builds").
    what: &'static str,
    filter: WorkflowFilter,
}

fn add(list: &mut Vec<(String, usize)>, key: &str) {
    add_n(list, key, 1);
}

fn add_n(list: &mut Vec<(String, usize)>, key: &str, n: usize) {
    match list.iter_mut().find(|(k, _)| k == key) {
        Some((_, m)) => *m += n,
        None => list.push((key.to_string(), n)),
    }
}

fn most_first(list: &[(String, usize)]) -> Vec<(String, usize)> {
    let mut v = list.to_vec();
    crate::core::sort::sort_by(&mut v, |a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

fn shown(list: &[(String, usize)]) -> String {
    let sorted = most_first(list);
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

    /// Counts a run of workflow `name` (a `kind`: "workflow", "definition", "pipeline") on `branch`
    /// and applies the filter: its name, then its branch (`main`/`master` unless branches are
    /// given; a run that names no branch counts on any).
    pub fn check(&mut self, name: &str, kind: &str, branch: Option<&str>, filter: &WorkflowFilter) -> Result<(), Bad> {
        let matched = is_deployment_workflow(name, "", filter);
        self.run(name, branch, matched);
        if !matched {
            return Err(Bad::new(SkipReason::NotADeploymentWorkflow, format!("{kind} {name:?}")));
        }
        if let Some(b) = branch {
            let ok = if filter.branches.is_empty() {
                b == "main" || b == "master"
            } else {
                filter.branches.iter().any(|x| x.trim() == b)
            };
            if !ok {
                return Err(Bad::new(SkipReason::NotTheDefaultBranch, format!("branch {b:?}")));
            }
        }
        self.on_branch();
        Ok(())
    }

    /// The tally of the next block of the same file.
    pub fn merge(&mut self, other: &Seen) {
        for (k, n) in &other.names {
            add_n(&mut self.names, k, *n);
        }
        for (k, n) in &other.branches {
            add_n(&mut self.branches, k, *n);
        }
        self.matched += other.matched;
        self.on_branch += other.on_branch;
        if self.what.is_empty() {
            self.what = other.what;
            self.filter = other.filter.clone();
        }
    }

    /// The workflow names seen, most runs first.
    pub fn names(&self) -> Vec<(String, usize)> {
        most_first(&self.names)
    }

    /// What the runs are ("workflow runs", "builds") and the filter they were read with.
    pub(crate) fn set(&mut self, what: &'static str, filter: &WorkflowFilter) {
        self.what = what;
        self.filter = filter.clone();
    }

    /// The warning when runs were read but none counted because of the name or branch filter.
    pub fn warning(&self) -> Option<String> {
        let (what, filter) = (self.what, &self.filter);
        let total: usize = self.names.iter().map(|(_, n)| n).sum();
        if total == 0 {
            return None;
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
            Some(format!(
                "none of the {total} {what} counted as a deployment: {rule}. Workflows seen: {names}{branches}. \
                 Choose the deployment workflows with --workflows NAME[,NAME] (and the branches with --branches), \
                 or in the dashboard with the workflow picker of this file"
            ))
        } else if self.on_branch == 0 {
            let rule = if filter.branches.is_empty() {
                "none is on the default branch (main or master unless the run names it)".to_string()
            } else {
                format!("none is on {}", filter.branches.join(", "))
            };
            Some(format!(
                "none of the {} {what} of deployment workflows counted: {rule}{branches}. Choose the branches with --branches NAME[,NAME]",
                self.matched
            ))
        } else {
            None
        }
    }
}

/// The file name of a workflow path: `.github/workflows/deploy.yml@refs/heads/main` → `deploy.yml`.
fn workflow_file(path: &str) -> &str {
    let base = path.rsplit('/').next().unwrap_or(path);
    base.split('@').next().unwrap_or(base)
}

/// True when a workflow counts as a deployment under the filter.
pub fn is_deployment_workflow(name: &str, path: &str, f: &WorkflowFilter) -> bool {
    let file = workflow_file(path);
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    if f.names.is_empty() {
        let has = |x: &str| {
            let x = x.to_ascii_lowercase();
            x.contains("deploy") || x.contains("release")
        };
        has(name) || has(file)
    } else {
        f.names
            .iter()
            .map(|n| n.trim())
            .any(|n| n.eq_ignore_ascii_case(name) || n.eq_ignore_ascii_case(file) || n.eq_ignore_ascii_case(stem))
    }
}

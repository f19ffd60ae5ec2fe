//! The rollup's table (docs/rollup.md): its columns, their types, and one row as typed cells.
//! `metrics::rollup` turns a report into rows and rows back into a report; `export::rollup` writes
//! rows as CSV and JSON.

/// A rollup column, in the order of docs/rollup.md's table (and of the files doralens writes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Col {
    Row,
    Scope,
    Team,
    From,
    To,
    Days,
    Tz,
    Bucket,
    Benchmark,
    Deployments,
    DeployDays,
    DeploysPerWeek,
    MedianDeployDaysPerWeek,
    DeploymentFrequencyTier,
    LeadTimeSamples,
    LeadTimeMedianHours,
    LeadTimeP75Hours,
    LeadTimeP90Hours,
    LeadTimeTier,
    FailedDeployments,
    ChangeFailureRate,
    ChangeFailureRateTier,
    RecoverySamples,
    RecoveryMedianHours,
    RecoveryP90Hours,
    RecoveryTier,
    OpenIncidents,
    UnlinkedIncidents,
    ReworkDeployments,
    ReworkRate,
    Source,
}

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Free text (names, zones, `summary`…): checked by the reader of the report.
    Text,
    /// A `YYYY-MM-DD` date.
    Date,
    /// A tier: `elite`, `high`, `medium`, `low`.
    Tier,
    /// A whole number, zero or more.
    Int,
    /// A finite number.
    Num,
}

/// The number of columns.
pub const COLUMNS: usize = 31;

impl Col {
    pub const ALL: [Col; COLUMNS] = [
        Col::Row,
        Col::Scope,
        Col::Team,
        Col::From,
        Col::To,
        Col::Days,
        Col::Tz,
        Col::Bucket,
        Col::Benchmark,
        Col::Deployments,
        Col::DeployDays,
        Col::DeploysPerWeek,
        Col::MedianDeployDaysPerWeek,
        Col::DeploymentFrequencyTier,
        Col::LeadTimeSamples,
        Col::LeadTimeMedianHours,
        Col::LeadTimeP75Hours,
        Col::LeadTimeP90Hours,
        Col::LeadTimeTier,
        Col::FailedDeployments,
        Col::ChangeFailureRate,
        Col::ChangeFailureRateTier,
        Col::RecoverySamples,
        Col::RecoveryMedianHours,
        Col::RecoveryP90Hours,
        Col::RecoveryTier,
        Col::OpenIncidents,
        Col::UnlinkedIncidents,
        Col::ReworkDeployments,
        Col::ReworkRate,
        Col::Source,
    ];

    /// The column's name in a file (lower case; readers match any case).
    pub fn name(self) -> &'static str {
        NAMES[self as usize]
    }

    pub fn kind(self) -> Kind {
        use Col::*;
        match self {
            Row | Scope | Team | Tz | Bucket | Source => Kind::Text,
            From | To => Kind::Date,
            DeploymentFrequencyTier | LeadTimeTier | ChangeFailureRateTier | RecoveryTier => Kind::Tier,
            Days | Benchmark | Deployments | DeployDays | LeadTimeSamples | FailedDeployments | RecoverySamples
            | OpenIncidents | UnlinkedIncidents | ReworkDeployments => Kind::Int,
            DeploysPerWeek
            | MedianDeployDaysPerWeek
            | LeadTimeMedianHours
            | LeadTimeP75Hours
            | LeadTimeP90Hours
            | ChangeFailureRate
            | RecoveryMedianHours
            | RecoveryP90Hours
            | ReworkRate => Kind::Num,
        }
    }
}

const NAMES: [&str; COLUMNS] = [
    "row",
    "scope",
    "team",
    "from",
    "to",
    "days",
    "tz",
    "bucket",
    "benchmark",
    "deployments",
    "deploy_days",
    "deploys_per_week",
    "median_deploy_days_per_week",
    "deployment_frequency_tier",
    "lead_time_samples",
    "lead_time_median_hours",
    "lead_time_p75_hours",
    "lead_time_p90_hours",
    "lead_time_tier",
    "failed_deployments",
    "change_failure_rate",
    "change_failure_rate_tier",
    "recovery_samples",
    "recovery_median_hours",
    "recovery_p90_hours",
    "recovery_tier",
    "open_incidents",
    "unlinked_incidents",
    "rework_deployments",
    "rework_rate",
    "source",
];

/// One value of a row. Dates and tiers are text (checked by the reader).
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Null,
    Int(u64),
    Num(f64),
    Text(String),
}

/// One row of a rollup: a cell per column, and where it was read (line 0 when it was computed).
#[derive(Clone, Debug, PartialEq)]
pub struct RollupRow {
    pub line: u32,
    pub cells: Vec<Cell>,
}

impl RollupRow {
    /// A row of nulls.
    pub fn empty(line: u32) -> RollupRow {
        RollupRow { line, cells: vec![Cell::Null; COLUMNS] }
    }

    pub fn get(&self, c: Col) -> &Cell {
        self.cells.get(c as usize).unwrap_or(&Cell::Null)
    }

    pub fn set(&mut self, c: Col, v: Cell) {
        if let Some(slot) = self.cells.get_mut(c as usize) {
            *slot = v;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_columns_are_the_table_of_docs_rollup_md_in_order() {
        let doc = include_str!("../../../docs/rollup.md");
        let documented: Vec<&str> = doc
            .lines()
            .filter_map(|l| l.strip_prefix("| `"))
            .filter_map(|l| l.split_once('`').map(|(name, _)| name))
            .collect();
        let ours: Vec<&str> = Col::ALL.iter().map(|c| c.name()).collect();
        assert_eq!(ours, documented);
        for (i, c) in Col::ALL.iter().enumerate() {
            assert_eq!(*c as usize, i);
        }
    }
}

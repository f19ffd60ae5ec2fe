//! The teams table's order: by name or by a metric, missing values last, names breaking ties.

use super::Metric;
use super::order::{Column, SortOrder, TableSort, cmp_opt};
use crate::core::case::lowercase;
use crate::core::metrics::Summary;
use crate::core::sort;

/// A column of the teams table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TeamSort {
    #[default]
    Team,
    Metric(Metric),
}

impl Column for TeamSort {
    const ALL: &'static [TeamSort] = &[
        TeamSort::Team,
        TeamSort::Metric(Metric::DeploymentFrequency),
        TeamSort::Metric(Metric::LeadTime),
        TeamSort::Metric(Metric::ChangeFailureRate),
        TeamSort::Metric(Metric::RecoveryTime),
        TeamSort::Metric(Metric::ReworkRate),
    ];

    fn id(self) -> &'static str {
        match self {
            TeamSort::Team => "team",
            TeamSort::Metric(m) => m.id(),
        }
    }

    /// Best first: a high deployment frequency, low everything else.
    fn first_order(self) -> SortOrder {
        if self == TeamSort::Metric(Metric::DeploymentFrequency) { SortOrder::Descending } else { SortOrder::Ascending }
    }
}

/// The teams table's order when the URL says none: by name.
pub const TEAMS_ORDER: TableSort<TeamSort> = TableSort::new(TeamSort::Team, SortOrder::Ascending);

/// The order of `teams` by a column; missing values always sort last; names break ties.
pub fn sort_teams(teams: &[Summary], by: TableSort<TeamSort>) -> Vec<usize> {
    let order = sort::order_of(teams, |x, y| {
        let ord = match by.column {
            TeamSort::Team => by.order.apply(lowercase(&x.team).cmp(&lowercase(&y.team))),
            TeamSort::Metric(m) => cmp_opt(m.value(&x.numbers), m.value(&y.numbers), by.order),
        };
        ord.then_with(|| x.team.cmp(&y.team))
    });
    order.into_iter().map(|i| i as usize).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::metrics::*;
    use crate::core::view::testdata::{numbers, summary};
    use crate::core::view::*;

    #[test]
    fn teams_sort_with_missing_values_last() {
        let mk = |team: &str, lead: Option<f64>| Summary {
            team: team.into(),
            ..summary(numbers(1, 1.0, lead, None), numbers(1, 1.0, None, None))
        };
        let teams = vec![mk("b", Some(5.0)), mk("A", None), mk("c", Some(1.0))];
        let by = |c, o| TableSort::new(c, o);
        let lead = TeamSort::Metric(Metric::LeadTime);
        assert_eq!(sort_teams(&teams, by(TeamSort::Team, SortOrder::Ascending)), vec![1, 0, 2]);
        assert_eq!(sort_teams(&teams, by(TeamSort::Team, SortOrder::Descending)), vec![2, 0, 1]);
        assert_eq!(sort_teams(&teams, by(lead, SortOrder::Ascending)), vec![2, 0, 1]);
        assert_eq!(sort_teams(&teams, by(lead, SortOrder::Descending)), vec![0, 2, 1]);
        let df = TeamSort::Metric(Metric::DeploymentFrequency);
        assert_eq!(TEAMS_ORDER.clicked(df), by(df, SortOrder::Descending), "most deployments first");
        assert_eq!(TEAMS_ORDER.clicked(lead), by(lead, SortOrder::Ascending), "shortest lead time first");
    }
}

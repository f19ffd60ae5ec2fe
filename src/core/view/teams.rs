//! The teams table's order: by name or by a metric, missing values last, names breaking ties.

use super::Metric;
use super::order::cmp_opt;
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

/// The order of `teams` by a column; missing values always sort last; names break ties.
pub fn sort_teams(teams: &[Summary], by: TeamSort, descending: bool) -> Vec<usize> {
    let order = sort::order_of(teams, |x, y| {
        let ord = match by {
            TeamSort::Team => {
                let o = lowercase(&x.team).cmp(&lowercase(&y.team));
                if descending { o.reverse() } else { o }
            }
            TeamSort::Metric(m) => cmp_opt(m.value(&x.numbers), m.value(&y.numbers), descending),
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
        assert_eq!(sort_teams(&teams, TeamSort::Team, false), vec![1, 0, 2]);
        assert_eq!(sort_teams(&teams, TeamSort::Team, true), vec![2, 0, 1]);
        assert_eq!(sort_teams(&teams, TeamSort::Metric(Metric::LeadTime), false), vec![2, 0, 1]);
        assert_eq!(sort_teams(&teams, TeamSort::Metric(Metric::LeadTime), true), vec![0, 2, 1]);
    }
}

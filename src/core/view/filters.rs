//! The team and service filters: what each offers, what the URL selects, and how the control
//! sums up the choice.

use super::UrlState;
use crate::core::metrics::analysis::Analysis;

/// One of the two multi-select filters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Filter {
    Teams,
    Services,
}

impl Filter {
    pub fn label(self) -> &'static str {
        match self {
            Filter::Teams => "Teams",
            Filter::Services => "Services",
        }
    }

    /// The element id of its control.
    pub fn element_id(self) -> &'static str {
        match self {
            Filter::Teams => "multi-teams",
            Filter::Services => "multi-services",
        }
    }

    /// What the loaded data offers, sorted.
    pub fn options(self, a: &Analysis) -> Vec<String> {
        let names = match self {
            Filter::Teams => &a.teams,
            Filter::Services => a.services(),
        };
        names.iter().map(|n| n.to_string()).collect()
    }

    /// What the URL selects (nothing: all).
    pub fn selected(self, u: &UrlState) -> &[String] {
        match self {
            Filter::Teams => &u.team,
            Filter::Services => &u.service,
        }
    }

    /// Selects `names` (none: all).
    pub fn select(self, u: &mut UrlState, names: Vec<String>) {
        match self {
            Filter::Teams => u.team = names,
            Filter::Services => u.service = names,
        }
    }

    /// Adds `name` to the selection, or takes it out.
    pub fn toggle(self, u: &mut UrlState, name: &str, on: bool) {
        let mut v: Vec<String> = self.selected(u).iter().filter(|x| *x != name).cloned().collect();
        if on {
            v.push(name.to_string());
        }
        self.select(u, v);
    }

    /// The control's summary: "All teams", the one chosen, or "3 teams".
    pub fn summary(self, selected: &[String]) -> String {
        let what = self.label().to_ascii_lowercase();
        match selected {
            [] => format!("All {what}"),
            [one] => one.clone(),
            many => format!("{} {what}", many.len()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_toggles_its_names_in_the_url_and_sums_them_up() {
        let mut u = UrlState::default();
        Filter::Teams.toggle(&mut u, "api", true);
        Filter::Teams.toggle(&mut u, "web", true);
        Filter::Services.toggle(&mut u, "checkout", true);
        assert_eq!(
            (u.team.clone(), u.service.clone()),
            (vec!["api".to_string(), "web".into()], vec!["checkout".to_string()])
        );
        assert_eq!(Filter::Teams.summary(&u.team), "2 teams");
        Filter::Teams.toggle(&mut u, "api", false);
        assert_eq!(Filter::Teams.summary(&u.team), "web");
        assert_eq!(Filter::Services.summary(&[]), "All services");
        assert_eq!(UrlState::parse(&u.to_query()), u);
    }
}

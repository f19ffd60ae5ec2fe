//! The view state as the URL carries it (docs/url.md): parsing is lenient, serializing omits
//! defaults in a stable order, so a link reproduces what its sender saw. (Over 600 lines with its
//! tests: one type whose parsing, serialization and round trips belong together.)

use super::Metric;
use super::annotations::Annotation;
use super::order::TableSort;
use super::rows::{DEPLOYMENTS_ORDER, DeployCol, INCIDENTS_ORDER, IncidentCol};
use super::teams::{TEAMS_ORDER, TeamSort};
use crate::core::import::{Format, Hint, Mapping};
use crate::core::metrics::analysis::Analysis;
use crate::core::metrics::report::last_days_range;
use crate::core::metrics::{Benchmark, Bucket, DORA_2023, ReportOptions};
use crate::core::time::{format_date, parse_date};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    #[default]
    Overview,
    Trends,
    Team,
}

impl View {
    pub const ALL: [View; 3] = [View::Overview, View::Trends, View::Team];

    pub fn id(self) -> &'static str {
        match self {
            View::Overview => "overview",
            View::Trends => "trends",
            View::Team => "team",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            View::Overview => "Overview",
            View::Trends => "Trends",
            View::Team => "Team detail",
        }
    }

    pub fn parse(s: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.id().eq_ignore_ascii_case(s.trim()))
    }
}

/// What an embedded dashboard shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Embed {
    Overview,
    Teams,
    Card,
    Chart,
}

impl Embed {
    pub fn id(self) -> &'static str {
        match self {
            Embed::Overview => "overview",
            Embed::Teams => "teams",
            Embed::Card => "card",
            Embed::Chart => "chart",
        }
    }

    pub fn parse(s: &str) -> Option<Embed> {
        [Embed::Overview, Embed::Teams, Embed::Card, Embed::Chart]
            .into_iter()
            .find(|e| e.id().eq_ignore_ascii_case(s.trim()))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

impl Theme {
    pub fn id(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn parse(s: &str) -> Option<Theme> {
        match s.trim().to_ascii_lowercase().as_str() {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }
}

/// The preset range lengths of the range control.
pub const RANGE_PRESETS: [u32; 4] = [30, 90, 180, 365];

/// The default range: the last 90 days ending on the newest event's day.
pub const DEFAULT_DAYS: u32 = 90;

/// Link window choices in hours (`None`: no limit).
pub const LINK_WINDOWS: [Option<u32>; 6] = [None, Some(1), Some(4), Some(24), Some(72), Some(168)];

/// Every piece of view state, as the URL carries it. Parsing is lenient (unknown or malformed
/// values fall back to the default); serializing omits defaults, in a stable order.
#[derive(Clone, Debug, PartialEq)]
pub struct UrlState {
    /// Data URLs (repeatable): `deploys`, `incidents`, `teams`.
    pub deploys: Vec<String>,
    pub incidents: Vec<String>,
    pub teams_urls: Vec<String>,
    /// `from` (inclusive) and `to` (exclusive), `YYYY-MM-DD`, as day numbers.
    pub from: Option<i32>,
    pub to: Option<i32>,
    /// `days`: the length of a "last N days" range when from/to are not given.
    pub days: Option<u32>,
    /// `tz`: an IANA name; `None` is UTC.
    pub tz: Option<String>,
    pub bucket: Bucket,
    /// `team` (repeatable): only these teams; the team view shows the first.
    pub team: Vec<String>,
    /// `service` (repeatable): only these services.
    pub service: Vec<String>,
    pub view: View,
    pub metric: Metric,
    /// `benchmark`: 2023 (default) or 2021.
    pub benchmark: u16,
    /// `window`: the link window in hours.
    pub window: Option<u32>,
    pub embed: Option<Embed>,
    /// `bg=transparent` in embeds.
    pub transparent: bool,
    pub present: bool,
    /// `slide`: the presentation slide (0-based).
    pub slide: u32,
    pub theme: Option<Theme>,
    /// `mapping`: the column mapping (JSON) for CSVs no importer recognises.
    pub mapping: Option<Mapping>,
    /// `format=<format-id>:<file name>` (repeatable): read that file as that format.
    pub formats: Vec<(String, Format)>,
    /// `workflow=<name>` (repeatable): the CI workflows that are deployments (GitHub Actions, Azure
    /// DevOps build definitions, CircleCI workflows); none: names with "deploy" or "release".
    pub workflows: Vec<String>,
    /// `sort`: the teams table's order (`team` or a metric id, `:desc` for descending).
    pub teams_sort: TableSort<TeamSort>,
    /// `deploy_sort`, `incident_sort`: the team drill-down's table orders.
    pub deploy_sort: TableSort<DeployCol>,
    pub incident_sort: TableSort<IncidentCol>,
    /// `deploy_q`, `incident_q`: what the drill-down's tables are filtered by.
    pub deploy_q: String,
    pub incident_q: String,
    /// `failed_only`: the deployments drill-down lists failed deployments only.
    pub failed_only: bool,
    /// `note=YYYY-MM-DD=text` (repeatable): dated notes marked on every trend chart.
    pub notes: Vec<Annotation>,
}

impl Default for UrlState {
    fn default() -> Self {
        UrlState {
            deploys: Vec::new(),
            incidents: Vec::new(),
            teams_urls: Vec::new(),
            from: None,
            to: None,
            days: None,
            tz: None,
            bucket: Bucket::Week,
            team: Vec::new(),
            service: Vec::new(),
            view: View::Overview,
            metric: Metric::DeploymentFrequency,
            benchmark: 2023,
            window: None,
            embed: None,
            transparent: false,
            present: false,
            slide: 0,
            theme: None,
            mapping: None,
            formats: Vec::new(),
            workflows: Vec::new(),
            teams_sort: TEAMS_ORDER,
            deploy_sort: DEPLOYMENTS_ORDER,
            incident_sort: INCIDENTS_ORDER,
            deploy_q: String::new(),
            incident_q: String::new(),
            failed_only: false,
            notes: Vec::new(),
        }
    }
}

/// What a change of the URL state asks of the page's history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HistoryStep {
    /// A new entry, so back returns to what was shown.
    Push,
    /// The same entry updated: typing in a search box is one step, not one per key.
    Replace,
}

/// What a change of the URL state asks of the data already loaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reload {
    /// Read the files again: the zone, the column mapping or a chosen format changed.
    Reimport,
    /// Link and classify again: the link window changed.
    Reanalyze,
    /// Nothing: a report of the new state needs no more than the analysis.
    Nothing,
}

impl UrlState {
    /// Parses a query string, with or without the leading `?`.
    pub fn parse(query: &str) -> UrlState {
        let mut s = UrlState::default();
        let q = query.strip_prefix('?').unwrap_or(query);
        for pair in q.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let (k, v) = (decode(k), decode(v));
            let nonempty = || Some(v.trim().to_string()).filter(|v| !v.is_empty());
            match k.as_str() {
                "deploys" | "deployments" => s.deploys.extend(nonempty()),
                "incidents" => s.incidents.extend(nonempty()),
                "teams" => s.teams_urls.extend(nonempty()),
                "from" => s.from = parse_date(&v).ok(),
                "to" => s.to = parse_date(&v).ok(),
                "days" => s.days = v.trim().parse().ok().filter(|d| (1..=3660).contains(d)),
                "tz" => s.tz = nonempty().filter(|t| !t.eq_ignore_ascii_case("utc")),
                "bucket" => s.bucket = Bucket::parse(&v).unwrap_or_default(),
                "team" => s.team.extend(nonempty()),
                "service" => s.service.extend(nonempty()),
                "view" => s.view = View::parse(&v).unwrap_or_default(),
                "metric" => s.metric = Metric::parse(&v).unwrap_or_default(),
                "benchmark" => {
                    s.benchmark = v.trim().parse().ok().filter(|y| Benchmark::by_year(*y).is_some()).unwrap_or(2023)
                }
                "window" => s.window = v.trim().parse().ok().filter(|w| *w > 0),
                "embed" => s.embed = Embed::parse(&v),
                "bg" => s.transparent = v.trim().eq_ignore_ascii_case("transparent"),
                "present" => s.present = !matches!(v.trim(), "0" | "false" | "no"),
                "slide" => s.slide = v.trim().parse().unwrap_or(0),
                "theme" => s.theme = Theme::parse(&v),
                "mapping" => s.mapping = Mapping::from_json(&v).ok(),
                "sort" => s.teams_sort = TableSort::parse(&v).unwrap_or(TEAMS_ORDER),
                "deploy_sort" => s.deploy_sort = TableSort::parse(&v).unwrap_or(DEPLOYMENTS_ORDER),
                "incident_sort" => s.incident_sort = TableSort::parse(&v).unwrap_or(INCIDENTS_ORDER),
                "deploy_q" => s.deploy_q = v.clone(),
                "incident_q" => s.incident_q = v.clone(),
                "failed_only" => s.failed_only = !matches!(v.trim(), "0" | "false" | "no"),
                "note" => s.notes.extend(Annotation::parse(&v).ok()),
                "workflow" => {
                    let name = v.trim();
                    if !name.is_empty() && !s.workflows.iter().any(|w| w == name) {
                        s.workflows.push(name.to_string());
                    }
                }
                "format" => {
                    if let Some((id, name)) = v.split_once(':')
                        && let Some(f) = Format::from_id(id)
                        && !name.is_empty()
                    {
                        s.formats.retain(|(n, _)| n != name);
                        s.formats.push((name.to_string(), f));
                    }
                }
                _ => {}
            }
        }
        if let (Some(f), Some(t)) = (s.from, s.to)
            && t <= f
        {
            s.to = None;
        }
        s
    }

    /// The query string (without `?`), defaults omitted, in the order of docs/url.md.
    pub fn to_query(&self) -> String {
        let mut out: Vec<String> = Vec::new();
        let mut put = |k: &str, v: &str| out.push(format!("{k}={}", encode(v)));
        for u in &self.deploys {
            put("deploys", u);
        }
        for u in &self.incidents {
            put("incidents", u);
        }
        for u in &self.teams_urls {
            put("teams", u);
        }
        if let Some(m) = &self.mapping
            && let Ok(json) = serde_json::to_string(m)
        {
            put("mapping", &json);
        }
        for (name, f) in &self.formats {
            put("format", &format!("{}:{name}", f.id()));
        }
        for w in &self.workflows {
            put("workflow", w);
        }
        if let Some(f) = self.from {
            put("from", &format_date(f));
        }
        if let Some(t) = self.to {
            put("to", &format_date(t));
        }
        // The days count when no start is given (`to` alone ends the last `days`).
        if let Some(d) = self.days.filter(|d| *d != DEFAULT_DAYS && self.from.is_none()) {
            put("days", &d.to_string());
        }
        if let Some(tz) = &self.tz {
            put("tz", tz);
        }
        if self.bucket == Bucket::Month {
            put("bucket", "month");
        }
        for t in &self.team {
            put("team", t);
        }
        for sv in &self.service {
            put("service", sv);
        }
        for n in &self.notes {
            put("note", &n.to_param());
        }
        if self.view != View::Overview {
            put("view", self.view.id());
        }
        if self.metric != Metric::DeploymentFrequency {
            put("metric", self.metric.id());
        }
        if self.teams_sort != TEAMS_ORDER {
            put("sort", &self.teams_sort.to_param());
        }
        if self.deploy_sort != DEPLOYMENTS_ORDER {
            put("deploy_sort", &self.deploy_sort.to_param());
        }
        if !self.deploy_q.is_empty() {
            put("deploy_q", &self.deploy_q);
        }
        if self.failed_only {
            put("failed_only", "1");
        }
        if self.incident_sort != INCIDENTS_ORDER {
            put("incident_sort", &self.incident_sort.to_param());
        }
        if !self.incident_q.is_empty() {
            put("incident_q", &self.incident_q);
        }
        if self.benchmark != 2023 && self.benchmark != 0 {
            put("benchmark", &self.benchmark.to_string());
        }
        if let Some(w) = self.window {
            put("window", &w.to_string());
        }
        if let Some(e) = self.embed {
            put("embed", e.id());
        }
        if self.transparent {
            put("bg", "transparent");
        }
        if self.present {
            out.push("present".into());
            if self.slide > 0 {
                out.push(format!("slide={}", self.slide));
            }
        }
        if let Some(t) = self.theme {
            out.push(format!("theme={}", t.id()));
        }
        out.join("&")
    }

    /// The URL parameter of data files of a kind: `deploys`, `incidents` or `teams`.
    pub fn data_param(hint: Hint) -> &'static str {
        match hint {
            Hint::Incidents => "incidents",
            Hint::Teams => "teams",
            Hint::Deployments | Hint::Any => "deploys",
        }
    }

    /// The kind of data files a parameter names ([`UrlState::data_param`]; anything else: deployments).
    pub fn data_hint(param: &str) -> Hint {
        match param {
            "incidents" => Hint::Incidents,
            "teams" => Hint::Teams,
            _ => Hint::Deployments,
        }
    }

    /// Reads the file called `name` as `format`, or detects its format again (`None`).
    pub fn choose_format(&mut self, name: &str, format: Option<Format>) {
        self.formats.retain(|(n, _)| n != name);
        if let Some(f) = format {
            self.formats.push((name.to_string(), f));
        }
    }

    /// Adds a data URL of a kind, once.
    pub fn add_data_url(&mut self, hint: Hint, url: &str) {
        let list = match hint {
            Hint::Incidents => &mut self.incidents,
            Hint::Teams => &mut self.teams_urls,
            Hint::Deployments | Hint::Any => &mut self.deploys,
        };
        if !list.iter().any(|u| u == url) {
            list.push(url.to_string());
        }
    }

    pub fn has_data_urls(&self) -> bool {
        !(self.deploys.is_empty() && self.incidents.is_empty() && self.teams_urls.is_empty())
    }

    /// The same view as a full dashboard (for an embed's "open full dashboard" link).
    pub fn without_embed(&self) -> UrlState {
        UrlState { embed: None, transparent: false, present: false, slide: 0, ..self.clone() }
    }

    pub fn benchmark(&self) -> Benchmark {
        Benchmark::by_year(self.benchmark).unwrap_or(DORA_2023)
    }

    /// The zone name to use ("UTC" when none is set).
    pub fn tz_name(&self) -> &str {
        self.tz.as_deref().unwrap_or("UTC")
    }

    /// The team shown by the team view: the first `team`.
    pub fn focus_team(&self) -> Option<&str> {
        self.team.first().map(String::as_str)
    }

    /// The state with only what a report depends on: view, metric, embed, theme, table orders and
    /// searches change what is shown of a report, not the report.
    pub fn report_key(&self) -> UrlState {
        let d = UrlState::default();
        UrlState {
            view: d.view,
            metric: d.metric,
            embed: d.embed,
            transparent: d.transparent,
            present: d.present,
            slide: d.slide,
            theme: d.theme,
            teams_sort: d.teams_sort,
            deploy_sort: d.deploy_sort,
            incident_sort: d.incident_sort,
            deploy_q: d.deploy_q,
            incident_q: d.incident_q,
            failed_only: d.failed_only,
            notes: d.notes,
            ..self.clone()
        }
    }

    /// The report this state shows for an analysis: its range (see [`UrlState::range`]; `today`,
    /// the local day of "now", places it when the data has no days), bucket, benchmark and
    /// filters, with every team's trend and the overall one.
    pub fn report_options(&self, a: &Analysis, today: i32) -> ReportOptions {
        let (from, to) = self.range(a, today);
        ReportOptions {
            from: Some(from),
            to: Some(to),
            bucket: self.bucket,
            benchmark: self.benchmark(),
            teams: self.team.clone(),
            services: self.service.clone(),
            trends: true,
            overall_trend: true,
        }
    }

    /// What going from `before` to this state asks of the loaded data.
    pub fn reload_after(&self, before: &UrlState) -> Reload {
        if (&self.tz, &self.mapping, &self.formats, &self.workflows)
            != (&before.tz, &before.mapping, &before.formats, &before.workflows)
        {
            Reload::Reimport
        } else if self.window != before.window {
            Reload::Reanalyze
        } else {
            Reload::Nothing
        }
    }

    /// What going from `before` to this state asks of the history: typing in a drill-down search
    /// replaces the entry, anything else pushes one.
    pub fn history_step(&self, before: &UrlState) -> HistoryStep {
        let typed = UrlState { deploy_q: self.deploy_q.clone(), incident_q: self.incident_q.clone(), ..before.clone() };
        if typed == *self && *self != *before { HistoryStep::Replace } else { HistoryStep::Push }
    }

    /// The report range `[from, to)`: explicit dates, else the last `days` (default 90) days ending
    /// on the newest event's day.
    pub fn range(&self, a: &Analysis, fallback_day: i32) -> (i32, i32) {
        let days = self.days.unwrap_or(DEFAULT_DAYS) as i32;
        match (self.from, self.to) {
            (Some(f), Some(t)) => (f, t.max(f + 1)),
            (Some(f), None) => {
                let (_, end) = last_days_range(a, 1, fallback_day);
                (f, end.max(f + 1))
            }
            (None, Some(t)) => (t - days, t),
            (None, None) => last_days_range(a, days, fallback_day),
        }
    }
}

/// Percent-encodes a query value; keeps characters that are safe and readable in URLs.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'.'
            | b'_'
            | b'~'
            | b'/'
            | b':'
            | b'@'
            | b','
            | b'!'
            | b'*' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Decodes a query component: `+` is a space, `%XX` a byte; malformed escapes stay as they are.
pub fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => match (hex(b[i + 1]), hex(b[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::view::SortOrder;

    #[test]
    fn url_state_round_trips_and_is_lenient() {
        let q = "deploys=https://example.com/d.csv?x=1%262&deploys=./a.csv&incidents=i.json&from=2025-01-01&to=2025-04-01\
    &tz=Europe/Berlin&bucket=month&team=Payments%20%26%20Co&team=Search&service=api&view=team&metric=lead_time\
    &benchmark=2021&window=24&embed=chart&bg=transparent&theme=dark";
        let s = UrlState::parse(q);
        assert_eq!(s.deploys, vec!["https://example.com/d.csv?x=1&2", "./a.csv"]);
        assert_eq!(s.incidents, vec!["i.json"]);
        assert_eq!(s.from, parse_date("2025-01-01").ok());
        assert_eq!(s.to, parse_date("2025-04-01").ok());
        assert_eq!(s.tz.as_deref(), Some("Europe/Berlin"));
        assert_eq!(s.bucket, Bucket::Month);
        assert_eq!(s.team, vec!["Payments & Co", "Search"]);
        assert_eq!(s.focus_team(), Some("Payments & Co"));
        assert_eq!((s.view, s.metric, s.benchmark, s.window), (View::Team, Metric::LeadTime, 2021, Some(24)));
        assert_eq!((s.embed, s.transparent, s.theme), (Some(Embed::Chart), true, Some(Theme::Dark)));
        let again = UrlState::parse(&s.to_query());
        assert_eq!(again, s);
        assert!(s.to_query().starts_with("deploys=https://example.com/d.csv%3Fx%3D1%262&deploys=./a.csv"));

        let d = UrlState::parse("");
        assert_eq!(
            (d.view, d.metric, d.bucket, d.benchmark, d.embed),
            (View::Overview, Metric::DeploymentFrequency, Bucket::Week, 2023, None)
        );
        assert_eq!(d.to_query(), "");
        let bad = UrlState::parse(
            "?from=yesterday&view=nope&metric=x&bucket=year&benchmark=1999&window=-3&present&slide=2&days=30&%zz=1&tz=utc",
        );
        assert_eq!(
            (bad.from, bad.view, bad.metric, bad.benchmark, bad.window),
            (None, View::Overview, Metric::DeploymentFrequency, 2023, None)
        );
        assert!(bad.present);
        assert_eq!(bad.tz, None);
        assert_eq!(bad.to_query(), "days=30&present&slide=2");
        let e = UrlState::parse("embed=card&metric=rework_rate&present&bg=transparent").without_embed();
        assert_eq!(e.to_query(), "metric=rework_rate");
        // to must be after from.
        assert_eq!(UrlState::parse("from=2025-02-01&to=2025-01-01").to, None);
    }

    /// The teams table's and the drill-down's orders, searches and filter travel in the URL, and
    /// leave the report (and its key) alone.
    #[test]
    fn notes_round_trip_and_do_not_change_the_report() {
        let q =
            "team=api&note=2026-05-01%3DMoved%20to%20trunk-based%20development&note=2026-06-03%3D%3Cb%3E%20%26%20a%3Db";
        let s = UrlState::parse(q);
        let texts: Vec<(String, &str)> = s.notes.iter().map(|n| (format_date(n.day), n.text.as_str())).collect();
        assert_eq!(
            texts,
            vec![("2026-05-01".into(), "Moved to trunk-based development"), ("2026-06-03".into(), "<b> & a=b")]
        );
        assert_eq!(s.to_query(), q);
        assert_eq!(UrlState::parse(&s.to_query()), s);
        // A `+` is a space; a note without a valid date or text is ignored.
        let p = UrlState::parse("note=2026-05-01=Moved+to+trunk&note=someday%3Dx&note=2026-05-02%3D");
        assert_eq!(p.notes.len(), 1);
        assert_eq!(p.notes[0].text, "Moved to trunk");
        assert_eq!(s.report_key(), UrlState::parse("team=api").report_key());
    }

    #[test]
    fn table_orders_and_searches_round_trip() {
        let q = "team=api&view=team&sort=lead_time:desc&deploy_sort=failed&deploy_q=INC-7%20%26%20more&failed_only=1\
    &incident_sort=recovery:desc&incident_q=sev1";
        let s = UrlState::parse(q);
        assert_eq!(s.teams_sort, TableSort::new(TeamSort::Metric(Metric::LeadTime), SortOrder::Descending));
        assert_eq!(s.deploy_sort, TableSort::new(DeployCol::Failed, SortOrder::Ascending));
        assert_eq!(s.incident_sort, TableSort::new(IncidentCol::Duration, SortOrder::Descending));
        assert_eq!((s.deploy_q.as_str(), s.incident_q.as_str(), s.failed_only), ("INC-7 & more", "sev1", true));
        assert_eq!(UrlState::parse(&s.to_query()), s);
        assert_eq!(s.to_query(), q.replace("    ", ""));
        // Defaults are omitted; unknown values fall back to them.
        let d = UrlState::parse("sort=nope&deploy_sort=time:desc&incident_sort=started:sideways&failed_only=0");
        assert_eq!(d, UrlState::default());
        assert_eq!(d.to_query(), "");
        // None of them changes the report.
        assert_eq!(s.report_key(), UrlState::parse("view=overview&team=api").report_key());
    }

    #[test]
    fn what_a_change_asks_of_the_data_and_the_history() {
        let base = UrlState::parse("tz=Europe/Berlin&window=24&view=team");
        let with = |q: &str| UrlState::parse(&format!("{}&{q}", base.to_query()));
        assert_eq!(UrlState::parse("tz=UTC&window=24&view=team").reload_after(&base), Reload::Reimport);
        assert_eq!(with("format=jenkins:b.json").reload_after(&base), Reload::Reimport);
        assert_eq!(with("workflow=Ship%20it").reload_after(&base), Reload::Reimport);
        let w = UrlState::parse("workflow=Ship%20it&workflow=CD&workflow=CD&workflow=");
        assert_eq!(w.workflows, vec!["Ship it", "CD"]);
        assert_eq!(UrlState::parse(&w.to_query()).workflows, w.workflows);
        assert_eq!(UrlState::parse("tz=Europe/Berlin&window=4&view=team").reload_after(&base), Reload::Reanalyze);
        assert_eq!(with("bucket=month").reload_after(&base), Reload::Nothing);
        assert_eq!(with("deploy_q=a").history_step(&base), HistoryStep::Replace);
        assert_eq!(with("deploy_q=ab").history_step(&with("deploy_q=a")), HistoryStep::Replace);
        assert_eq!(with("incident_q=x").history_step(&base), HistoryStep::Replace);
        assert_eq!(with("failed_only=1").history_step(&base), HistoryStep::Push);
        assert_eq!(with("deploy_q=a&bucket=month").history_step(&base), HistoryStep::Push);
        assert_eq!(base.history_step(&base), HistoryStep::Push);
    }

    #[test]
    fn data_urls_are_added_once_under_their_kind() {
        let mut u = UrlState::default();
        for hint in [Hint::Deployments, Hint::Incidents, Hint::Teams] {
            assert_eq!(UrlState::data_hint(UrlState::data_param(hint)), hint);
            u.add_data_url(hint, "./x.csv");
            u.add_data_url(hint, "./x.csv");
        }
        assert_eq!(u.to_query(), "deploys=./x.csv&incidents=./x.csv&teams=./x.csv");
    }

    #[test]
    fn percent_coding() {
        assert_eq!(encode("a b&c=d/é"), "a%20b%26c%3Dd/%C3%A9");
        assert_eq!(decode("a+b%20c%26%C3%A9"), "a b c&é");
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz%4"), "%zz%4");
        assert_eq!(decode(&encode("<img src=x onerror=alert(1)>")), "<img src=x onerror=alert(1)>");
    }

    #[test]
    fn a_column_mapping_and_file_formats_travel_in_the_url() {
        let mut columns = std::collections::BTreeMap::new();
        columns.insert("id".to_string(), "Build".to_string());
        columns.insert("deployed_at".to_string(), "Finished".to_string());
        let m = Mapping {
            kind: crate::core::import::mapping::MappedKind::Deployments,
            columns,
            date_format: Some("%d.%m.%Y %H:%M".into()),
        };
        let u = UrlState {
            mapping: Some(m.clone()),
            formats: vec![("a:b.csv".into(), Format::Jenkins)],
            ..UrlState::default()
        };
        let q = u.to_query();
        assert!(q.contains("mapping=%7B") && q.contains("format=jenkins:a:b.csv"), "{q}");
        let back = UrlState::parse(&q);
        assert_eq!((back.mapping, back.formats), (Some(m), u.formats));
        assert_eq!(UrlState::parse("mapping=nope&format=nope:x.csv&format=jenkins:").formats, vec![]);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Any address a user pastes or a wiki mangles parses without panicking, and what it
        /// parses to survives the address the dashboard writes for it.
        #[test]
        fn any_query_parses_and_round_trips(
            pairs in proptest::collection::vec(
                (
                    proptest::sample::select(vec![
                        "deploys", "incidents", "teams", "from", "to", "days", "tz", "bucket", "team", "service",
                        "view", "metric", "benchmark", "window", "embed", "bg", "present", "slide", "theme",
                        "mapping", "sort", "deploy_sort", "incident_sort", "deploy_q", "incident_q",
                        "failed_only", "note", "workflow", "format", "zz", "",
                    ]),
                    "[a-z0-9 %&=+:;,./_\\-]{0,12}|\\PC{0,6}|%[0-9A-Fa-f]{0,2}%[0-9A-Fa-f]{0,2}|0001-01-01|9999-12-31|2025-0[1-9]-[0-3][0-9]|-?[0-9]{1,12}|[a-z-]{1,8}:[A-Za-z]{0,5}|\\{\"[a-z_]{1,8}\":\"[a-z]{0,4}\"\\}",
                ),
                0..8,
            )
        ) {
            let q: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
            let mut s = UrlState::parse(&q.join("&"));
            let back = UrlState::parse(&s.to_query());
            // A slide is written only in presentation mode, where it means something.
            if !s.present {
                s.slide = 0;
            }
            // Days are written only when they count: without a start.
            if s.from.is_some() || s.days == Some(DEFAULT_DAYS) {
                s.days = None;
            }
            proptest::prop_assert_eq!(back, s);
        }
    }
}

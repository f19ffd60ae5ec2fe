//! View models for the dashboard: the URL state, card values and deltas, tier bands, formatting,
//! the teams table's order and the drill-down rows. Pure, so every rule the UI shows is tested
//! natively; the UI only renders.

mod annotations;
mod bands;
mod cards;
mod files;
mod filters;
mod format;
mod guidance;
mod metric;
mod order;
mod rollup;
mod rows;
mod shortcuts;
mod teams;
#[cfg(test)]
mod testdata;
mod trend_chart;
mod url;
mod zones;

pub use annotations::{Annotation, markers, sorted as sorted_annotations};
pub use bands::tier_bands;
pub use cards::{Card, Delta, Direction, Verdict, card, delta, series, shared_max, spark_series};
pub use files::FileSummary;
pub use filters::Filter;
pub use format::{
    download_stem, fmt_bucket_label, fmt_bucket_name, fmt_bytes, fmt_day, fmt_int, fmt_range, fmt_rate_number,
    point_name, slug, trim_num,
};
pub use guidance::{Guidance, SAMPLE_DEPLOYMENTS, SAMPLE_INCIDENTS, SAMPLE_TEAMS, guidance, implausible_note};
pub use metric::{BENCHMARKS, Metric};
pub use order::{Column, SortOrder, TableSort, cmp_opt};
pub use rollup::{NEEDS_RAW, rollup_note, rollup_range, shown_rollup};
pub use rows::{
    DEPLOYMENTS_ORDER, DeployCol, DeployRow, INCIDENTS_ORDER, IncidentCol, IncidentRow, RowFilter, deployment_rows,
    incident_rows, sort_deploy_rows, sort_incident_rows,
};
pub use shortcuts::Shortcut;
pub use teams::{TEAMS_ORDER, TeamSort, sort_teams};
pub use trend_chart::{ChartData, ChartSpec, metric_chart, trend_labels};
pub use url::{
    DEFAULT_DAYS, Embed, HistoryStep, LINK_WINDOWS, RANGE_PRESETS, Reload, Theme, UrlState, View, decode, encode,
};
pub use zones::TIME_ZONES;

//! View models for the dashboard: the URL state, card values and deltas, tier bands, formatting,
//! the teams table's order and the drill-down rows. Pure, so every rule the UI shows is tested
//! natively; the UI only renders.

mod bands;
mod cards;
mod format;
mod guidance;
mod metric;
mod order;
mod rows;
mod teams;
#[cfg(test)]
mod testdata;
mod url;

pub use bands::tier_bands;
pub use cards::{Card, Delta, Direction, Verdict, card, delta, series, shared_max, spark_series};
pub use format::{
    download_stem, fmt_bucket_label, fmt_bucket_name, fmt_bytes, fmt_day, fmt_int, fmt_range, fmt_rate_number,
    point_name, slug, trim_num,
};
pub use guidance::{Guidance, SAMPLE_DEPLOYMENTS, SAMPLE_INCIDENTS, SAMPLE_TEAMS, guidance, implausible_note};
pub use metric::{BENCHMARKS, Metric};
pub use order::cmp_opt;
pub use rows::{
    DeployCol, DeployRow, IncidentCol, IncidentRow, RowFilter, deployment_rows, incident_rows, sort_deploy_rows,
    sort_incident_rows,
};
pub use teams::{TeamSort, sort_teams};
pub use url::{DEFAULT_DAYS, Embed, LINK_WINDOWS, RANGE_PRESETS, TIME_ZONES, Theme, UrlState, View, decode, encode};

//! The metrics engine: the five DORA metrics per team, exactly as docs/metrics.md defines them.
//!
//! Two steps. [`analyze`] works over all the data once (links incidents to deployments, decides
//! which deployments failed or are rework, computes local days and lead-time samples). [`report`]
//! then summarizes any range quickly, so the dashboard can re-run it on every control change.

pub mod analysis;
pub mod report;
pub mod rollup;
pub mod stats;
pub mod tiers;

pub use analysis::{Analysis, AnalysisOptions, FailReasons, Link, LinkKind, analyze, analyze_owned, analyze_paced};
pub use report::{Bucket, Numbers, Point, Report, ReportOptions, Summary, Trend, report, report_paced};
pub use tiers::{Benchmark, DORA_2021, DORA_2023, Tier};

//! A report as the rows of a rollup (docs/rollup.md), and back.

use super::report::{Numbers, Point, Report, Summary, Trend};
use super::tiers::Tier;
use crate::core::import::rollup::{Cell, Col, RollupRow};
use crate::core::time::parse_date;

/// What wrote a rollup doralens computed, in its `source` column.
pub const SOURCE: &str = concat!("doralens ", env!("CARGO_PKG_VERSION"));

/// The report's rows: overall first, then the teams in the report's order (by name); for each, the
/// summary, the previous period, then the trend's buckets by start. The overall scope's buckets
/// are [`Report::overall_trend`], when the report has it.
pub fn rollup_rows(r: &Report) -> Vec<RollupRow> {
    let bucket = r.overall_trend.iter().chain(&r.trends).next().map_or(super::Bucket::Week, |t| t.bucket);
    let base = |scope: &str, team: &str| {
        let mut row = RollupRow::empty(0);
        row.set(Col::Scope, text(scope));
        row.set(Col::Team, text(team));
        row.set(Col::Tz, text(&r.range.tz));
        row.set(Col::Bucket, text(bucket_name(bucket)));
        row.set(Col::Benchmark, Cell::Int(u64::from(r.benchmark)));
        row.set(Col::Source, text(SOURCE));
        row
    };
    let mut rows = Vec::new();
    let mut scope = |scope: &str, s: &Summary, trend: Option<&Trend>| {
        let mut summary = base(scope, &s.team);
        summary.set(Col::Row, text("summary"));
        period(&mut summary, &r.range.from, &r.range.to, &s.numbers);
        rows.push(summary);
        let mut previous = base(scope, &s.team);
        previous.set(Col::Row, text("previous"));
        period(&mut previous, &s.previous.from, &s.previous.to, &s.previous.numbers);
        rows.push(previous);
        for p in trend.map_or(&[][..], |t| &t.points) {
            let mut row = base(scope, &s.team);
            row.set(Col::Row, text("bucket"));
            point(&mut row, p);
            rows.push(row);
        }
    };
    scope("overall", &r.overall, r.overall_trend.as_ref());
    for s in &r.teams {
        scope("team", s, r.trends.iter().find(|t| t.team == s.team));
    }
    rows
}

fn bucket_name(b: super::Bucket) -> &'static str {
    match b {
        super::Bucket::Week => "week",
        super::Bucket::Month => "month",
    }
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

fn num(v: Option<f64>) -> Cell {
    v.map_or(Cell::Null, Cell::Num)
}

fn tier(t: Option<Tier>) -> Cell {
    t.map_or(Cell::Null, |t| text(t.label()))
}

fn days_between(from: &str, to: &str) -> Cell {
    match (parse_date(from), parse_date(to)) {
        (Ok(f), Ok(t)) if t >= f => Cell::Int((t - f) as u64),
        _ => Cell::Null,
    }
}

/// A summary or previous row's period and numbers.
fn period(row: &mut RollupRow, from: &str, to: &str, n: &Numbers) {
    row.set(Col::From, text(from));
    row.set(Col::To, text(to));
    row.set(Col::Days, days_between(from, to));
    row.set(Col::Deployments, Cell::Int(n.deployments));
    row.set(Col::DeployDays, Cell::Int(n.deploy_days));
    row.set(Col::DeploysPerWeek, Cell::Num(n.deploys_per_week));
    row.set(Col::MedianDeployDaysPerWeek, num(n.median_deploy_days_per_week));
    row.set(Col::DeploymentFrequencyTier, tier(n.deployment_frequency_tier));
    let lt = &n.lead_time;
    row.set(Col::LeadTimeSamples, Cell::Int(lt.samples));
    row.set(Col::LeadTimeMedianHours, num(lt.median_hours));
    row.set(Col::LeadTimeP75Hours, num(lt.p75_hours));
    row.set(Col::LeadTimeP90Hours, num(lt.p90_hours));
    row.set(Col::LeadTimeTier, tier(lt.tier));
    let cf = &n.change_failure_rate;
    row.set(Col::FailedDeployments, Cell::Int(cf.failed_deployments));
    row.set(Col::ChangeFailureRate, num(cf.rate));
    row.set(Col::ChangeFailureRateTier, tier(cf.tier));
    let rt = &n.recovery_time;
    row.set(Col::RecoverySamples, Cell::Int(rt.incidents));
    row.set(Col::RecoveryMedianHours, num(rt.median_hours));
    row.set(Col::RecoveryP90Hours, num(rt.p90_hours));
    row.set(Col::RecoveryTier, tier(rt.tier));
    row.set(Col::OpenIncidents, Cell::Int(rt.open_incidents));
    row.set(Col::UnlinkedIncidents, Cell::Int(rt.unlinked_incidents));
    row.set(Col::ReworkDeployments, Cell::Int(n.rework_rate.rework_deployments));
    row.set(Col::ReworkRate, num(n.rework_rate.rate));
}

/// A bucket row: a trend point.
fn point(row: &mut RollupRow, p: &Point) {
    row.set(Col::From, text(&p.start));
    row.set(Col::Days, Cell::Int(u64::from(p.days)));
    row.set(Col::Deployments, Cell::Int(p.deployments));
    row.set(Col::LeadTimeMedianHours, num(p.lead_time_median_hours));
    row.set(Col::ChangeFailureRate, num(p.change_failure_rate));
    row.set(Col::RecoveryMedianHours, num(p.recovery_median_hours));
    row.set(Col::ReworkRate, num(p.rework_rate));
}

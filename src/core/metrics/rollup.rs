//! A report as the rows of a rollup (docs/rollup.md), and back.

use super::report::{
    ALL, Bucket, ChangeFailure, LeadTime, Numbers, Point, Previous, RangeOut, Recovery, Report, Rework, Summary, Trend,
    bucket_starts,
};
use super::tiers::Tier;
use crate::core::import::FormatError;
use crate::core::import::rollup::{Cell, Col, RollupRow, RollupRows, read_rows};
use crate::core::sort;
use crate::core::time::{format_date, parse_date};

/// What wrote a rollup doralens computed, in its `source` column.
pub const SOURCE: &str = concat!("doralens ", env!("CARGO_PKG_VERSION"));

/// The report's rows: overall first, then the teams in the report's order (by name); for each, the
/// summary, the previous period, then the trend's buckets by start. The overall scope's buckets
/// are [`Report::overall_trend`], when the report has it.
pub fn rollup_rows(r: &Report) -> Vec<RollupRow> {
    let bucket = r.overall_trend.iter().chain(&r.trends).next().map_or(Bucket::Week, |t| t.bucket);
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

fn bucket_name(b: Bucket) -> &'static str {
    match b {
        Bucket::Week => "week",
        Bucket::Month => "month",
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

/// The report a rollup file holds (docs/rollup.md), or the first thing wrong with it, where. Its
/// one warning says where it came from: `computed from the rollup NAME (SOURCE)`.
pub fn report_from_rollup(name: &str, text: &str) -> Result<Report, FormatError> {
    report_from_rows(name, &read_rows(text)?)
}

/// A row's place: which period of which scope.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Summary,
    Previous,
    Bucket,
}

/// The rows of one scope (overall, or a team).
struct Scope<'r> {
    team: Option<String>,
    summary: Option<&'r RollupRow>,
    previous: Option<&'r RollupRow>,
    buckets: Vec<(i32, &'r RollupRow)>,
}

/// What every row must agree on, from the first row (and the range from the first summary).
struct Frame {
    tz: String,
    bucket: Bucket,
    benchmark: u16,
}

/// [`report_from_rollup`] of rows already read.
pub fn report_from_rows(name: &str, f: &RollupRows) -> Result<Report, FormatError> {
    let first = f.rows.first().ok_or_else(|| FormatError::new(1, 1, "the rollup has no rows"))?;
    let frame = Frame {
        tz: need_text(f, first, Col::Tz)?.to_string(),
        bucket: Bucket::parse(need_text(f, first, Col::Bucket)?)
            .ok_or_else(|| f.error(first, Col::Bucket, "bucket must be week or month"))?,
        benchmark: match need_int(f, first, Col::Benchmark)? {
            y @ (2021 | 2023) => y as u16,
            y => return Err(f.error(first, Col::Benchmark, format!("benchmark must be 2023 or 2021, not {y}"))),
        },
    };
    let mut scopes: Vec<Scope> = Vec::new();
    let mut range: Option<(i32, i32, &RollupRow)> = None;
    let mut source: Option<&str> = None;
    for row in &f.rows {
        let same = |c: Col, v: &Cell| {
            if row.get(c) == v {
                Ok(())
            } else {
                Err(f.error(row, c, format!("{} differs from line {}'s: a rollup is one report", c.name(), first.line)))
            }
        };
        same(Col::Tz, first.get(Col::Tz))?;
        same(Col::Bucket, first.get(Col::Bucket))?;
        same(Col::Benchmark, first.get(Col::Benchmark))?;
        let kind = match need_text(f, row, Col::Row)?.to_ascii_lowercase().as_str() {
            "summary" => Kind::Summary,
            "previous" => Kind::Previous,
            "bucket" => Kind::Bucket,
            other => {
                return Err(f.error(row, Col::Row, format!("row must be summary, previous or bucket, not {other:?}")));
            }
        };
        let team = need_text(f, row, Col::Team)?;
        let team = match need_text(f, row, Col::Scope)?.to_ascii_lowercase().as_str() {
            "overall" if team == ALL => None,
            "overall" => {
                return Err(f.error(row, Col::Team, format!("the overall scope's team is {ALL:?}, not {team:?}")));
            }
            "team" => Some(team.to_string()),
            other => return Err(f.error(row, Col::Scope, format!("scope must be overall or team, not {other:?}"))),
        };
        if source.is_none()
            && let Cell::Text(s) = row.get(Col::Source)
        {
            source = Some(s);
        }
        let k = match scopes.iter().position(|s| s.team == team) {
            Some(k) => k,
            None => {
                scopes.push(Scope { team, summary: None, previous: None, buckets: Vec::new() });
                scopes.len() - 1
            }
        };
        let scope = &mut scopes[k];
        let from = need_date(f, row, Col::From)?;
        let twice = |first: &RollupRow| {
            f.error(
                row,
                Col::Row,
                format!(
                    "a second {} row for {} (the first is on line {})",
                    kind_name(kind),
                    scope_name(&scope.team),
                    first.line
                ),
            )
        };
        match kind {
            Kind::Summary => {
                if let Some(first) = scope.summary {
                    return Err(twice(first));
                }
                let to = need_date(f, row, Col::To)?;
                match range {
                    None => range = Some((from, to, row)),
                    Some((a, b, r)) if (a, b) != (from, to) => {
                        return Err(f.error(
                            row,
                            Col::From,
                            format!(
                                "two ranges in one file: {} to {} here, {} to {} on line {}",
                                format_date(from),
                                format_date(to),
                                format_date(a),
                                format_date(b),
                                r.line
                            ),
                        ));
                    }
                    Some(_) => {}
                }
                scope.summary = Some(row);
            }
            Kind::Previous => {
                if let Some(first) = scope.previous {
                    return Err(twice(first));
                }
                scope.previous = Some(row);
            }
            Kind::Bucket => {
                if let Some((_, first)) = scope.buckets.iter().find(|(d, _)| *d == from) {
                    return Err(twice(first));
                }
                scope.buckets.push((from, row));
            }
        }
    }
    let (from, to, _) =
        range.ok_or_else(|| FormatError::new(first.line, first.column, "the rollup has no summary row"))?;
    if to <= from {
        return Err(FormatError::new(first.line, first.column, "the range ends before it starts"));
    }
    let starts = bucket_starts(frame.bucket, from, to);
    let mut overall = None;
    let mut overall_trend = None;
    let mut teams = Vec::new();
    let mut trends = Vec::new();
    for scope in &mut scopes {
        let name = scope_name(&scope.team);
        let any = scope.summary.or(scope.previous).or(scope.buckets.first().map(|b| b.1)).unwrap_or(first);
        let summary =
            scope.summary.ok_or_else(|| f.error(any, Col::Row, format!("{name} has rows but no summary row")))?;
        let previous =
            scope.previous.ok_or_else(|| f.error(summary, Col::Row, format!("{name} has no previous row")))?;
        let len = to - from;
        period_dates(f, summary, from, to)?;
        period_dates(f, previous, from - len, from)?;
        let team = scope.team.clone().unwrap_or_else(|| ALL.to_string());
        let s = Summary {
            team: team.clone(),
            numbers: numbers(f, summary)?,
            previous: Previous { from: format_date(from - len), to: format_date(from), numbers: numbers(f, previous)? },
        };
        let trend = if scope.buckets.is_empty() {
            None
        } else {
            sort::sort_by(&mut scope.buckets, |a, b| a.0.cmp(&b.0));
            if let Some(&(d, row)) = scope.buckets.iter().find(|b| !starts.contains(&b.0)) {
                return Err(f.error(
                    row,
                    Col::From,
                    format!(
                        "{} is not the start of a {} bucket of the range",
                        format_date(d),
                        bucket_name(frame.bucket)
                    ),
                ));
            }
            let mut points = Vec::with_capacity(starts.len());
            for (k, &start) in starts.iter().enumerate() {
                let Some(&(_, row)) = scope.buckets.iter().find(|b| b.0 == start) else {
                    return Err(f.error(
                        summary,
                        Col::Row,
                        format!(
                            "{name} has no bucket row for {} (a trend has one for every bucket of the range)",
                            format_date(start)
                        ),
                    ));
                };
                let end = starts.get(k + 1).copied().unwrap_or(to).min(to);
                points.push(read_point(f, row, (end - start.max(from)) as u64)?);
            }
            Some(Trend { team, bucket: frame.bucket, points })
        };
        if scope.team.is_none() {
            overall = Some(s);
            overall_trend = trend;
        } else {
            teams.push(s);
            trends.extend(trend);
        }
    }
    let overall =
        overall.ok_or_else(|| FormatError::new(first.line, first.column, "the rollup has no overall summary row"))?;
    sort::sort_by(&mut teams, |a, b| a.team.cmp(&b.team));
    sort::sort_by(&mut trends, |a, b| a.team.cmp(&b.team));
    let warning = match source {
        Some(s) => format!("computed from the rollup {name} ({s})"),
        None => format!("computed from the rollup {name}"),
    };
    Ok(Report {
        range: RangeOut { from: format_date(from), to: format_date(to), tz: frame.tz },
        benchmark: frame.benchmark,
        overall,
        teams,
        trends,
        warnings: vec![warning],
        overall_trend,
    })
}

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Summary => "summary",
        Kind::Previous => "previous",
        Kind::Bucket => "bucket",
    }
}

fn scope_name(team: &Option<String>) -> String {
    match team {
        Some(t) => format!("the team {t:?}"),
        None => "the overall scope".to_string(),
    }
}

/// A summary or previous row's `from`, `to` and `days` are the period's.
fn period_dates(f: &RollupRows, row: &RollupRow, from: i32, to: i32) -> Result<(), FormatError> {
    let (a, b) = (need_date(f, row, Col::From)?, need_date(f, row, Col::To)?);
    if (a, b) != (from, to) {
        return Err(f.error(
            row,
            Col::From,
            format!(
                "this period is {} to {}; the report's makes it {} to {}",
                format_date(a),
                format_date(b),
                format_date(from),
                format_date(to)
            ),
        ));
    }
    expect_days(f, row, (to - from) as u64)
}

fn expect_days(f: &RollupRows, row: &RollupRow, days: u64) -> Result<(), FormatError> {
    match need_int(f, row, Col::Days)? {
        d if d == days => Ok(()),
        d => Err(f.error(row, Col::Days, format!("days is {d}, the period has {days}"))),
    }
}

fn need<'r>(f: &RollupRows, row: &'r RollupRow, c: Col) -> Result<&'r Cell, FormatError> {
    match row.get(c) {
        Cell::Null => Err(f.error(row, c, format!("{} is empty; this row needs it", c.name()))),
        v => Ok(v),
    }
}

fn need_text<'r>(f: &RollupRows, row: &'r RollupRow, c: Col) -> Result<&'r str, FormatError> {
    match need(f, row, c)? {
        Cell::Text(s) => Ok(s),
        _ => Err(f.error(row, c, format!("{} must be a text", c.name()))),
    }
}

fn need_date(f: &RollupRows, row: &RollupRow, c: Col) -> Result<i32, FormatError> {
    parse_date(need_text(f, row, c)?).map_err(|e| f.error(row, c, e))
}

fn need_int(f: &RollupRows, row: &RollupRow, c: Col) -> Result<u64, FormatError> {
    match need(f, row, c)? {
        Cell::Int(v) => Ok(*v),
        _ => Err(f.error(row, c, format!("{} must be a whole number", c.name()))),
    }
}

fn need_num(f: &RollupRows, row: &RollupRow, c: Col) -> Result<f64, FormatError> {
    opt_num(row, c).ok_or_else(|| f.error(row, c, format!("{} is empty; this row needs it", c.name())))
}

fn opt_num(row: &RollupRow, c: Col) -> Option<f64> {
    match row.get(c) {
        Cell::Num(v) => Some(*v),
        Cell::Int(v) => Some(*v as f64),
        _ => None,
    }
}

fn opt_tier(row: &RollupRow, c: Col) -> Option<Tier> {
    match row.get(c) {
        Cell::Text(t) => [Tier::Elite, Tier::High, Tier::Medium, Tier::Low].into_iter().find(|x| x.label() == t),
        _ => None,
    }
}

/// A summary or previous row's numbers.
fn numbers(f: &RollupRows, row: &RollupRow) -> Result<Numbers, FormatError> {
    let int = |c| need_int(f, row, c);
    let deployments = int(Col::Deployments)?;
    Ok(Numbers {
        deployments,
        deploy_days: int(Col::DeployDays)?,
        deploys_per_week: need_num(f, row, Col::DeploysPerWeek)?,
        median_deploy_days_per_week: opt_num(row, Col::MedianDeployDaysPerWeek),
        deployment_frequency_tier: opt_tier(row, Col::DeploymentFrequencyTier),
        lead_time: LeadTime {
            samples: int(Col::LeadTimeSamples)?,
            median_hours: opt_num(row, Col::LeadTimeMedianHours),
            p75_hours: opt_num(row, Col::LeadTimeP75Hours),
            p90_hours: opt_num(row, Col::LeadTimeP90Hours),
            tier: opt_tier(row, Col::LeadTimeTier),
        },
        change_failure_rate: ChangeFailure {
            failed_deployments: int(Col::FailedDeployments)?,
            deployments,
            rate: opt_num(row, Col::ChangeFailureRate),
            tier: opt_tier(row, Col::ChangeFailureRateTier),
        },
        recovery_time: Recovery {
            incidents: int(Col::RecoverySamples)?,
            median_hours: opt_num(row, Col::RecoveryMedianHours),
            p90_hours: opt_num(row, Col::RecoveryP90Hours),
            tier: opt_tier(row, Col::RecoveryTier),
            open_incidents: int(Col::OpenIncidents)?,
            unlinked_incidents: int(Col::UnlinkedIncidents)?,
        },
        rework_rate: Rework {
            rework_deployments: int(Col::ReworkDeployments)?,
            deployments,
            rate: opt_num(row, Col::ReworkRate),
        },
    })
}

/// A bucket row as a trend point; `days` is its part of the range.
fn read_point(f: &RollupRows, row: &RollupRow, days: u64) -> Result<Point, FormatError> {
    expect_days(f, row, days)?;
    Ok(Point {
        start: format_date(need_date(f, row, Col::From)?),
        days: days as u32,
        deployments: need_int(f, row, Col::Deployments)?,
        lead_time_median_hours: opt_num(row, Col::LeadTimeMedianHours),
        change_failure_rate: opt_num(row, Col::ChangeFailureRate),
        recovery_median_hours: opt_num(row, Col::RecoveryMedianHours),
        rework_rate: opt_num(row, Col::ReworkRate),
    })
}

/// The report of one team of a report: what the raw data gives with `--team NAME` (its numbers are
/// also the overall's, its trend the overall trend).
pub fn select_team(r: &Report, team: &str) -> Result<Report, String> {
    let Some(s) = r.teams.iter().find(|s| s.team == team) else {
        let names: Vec<&str> = r.teams.iter().map(|s| s.team.as_str()).collect();
        return Err(format!("no team {team:?} in the rollup (its teams: {})", names.join(", ")));
    };
    let trend = r.trends.iter().find(|t| t.team == team);
    Ok(Report {
        overall: Summary { team: ALL.to_string(), ..s.clone() },
        teams: vec![s.clone()],
        trends: trend.cloned().into_iter().collect(),
        overall_trend: trend.map(|t| Trend { team: ALL.to_string(), ..t.clone() }),
        ..r.clone()
    })
}

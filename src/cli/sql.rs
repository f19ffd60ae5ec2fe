//! `doralens sql`: the SQL that computes the rollup in a warehouse (docs/warehouse.md), printed.

use super::args::Args;
use super::output::write_out;
use super::usage_error;
use doralens::core::metrics::{Benchmark, DORA_2023};
use doralens::core::sql::{Dialect, SqlOptions, check_table, rollup_sql};
use doralens::core::time::{Zone, parse_date};
use std::process::ExitCode;

/// Flags of `doralens report` that read files or shape a report's output: not the SQL's.
const NOT_HERE: [&str; 12] = [
    "teams",
    "mapping",
    "format",
    "jira-types",
    "workflows",
    "branches",
    "input-format",
    "date-format",
    "note",
    "charts",
    "rollup",
    "deploys",
];

pub fn run(args: &Args) -> ExitCode {
    match options(args) {
        Ok(o) => write_out(args, &rollup_sql(&o)),
        Err(e) => usage_error(e),
    }
}

fn options(args: &Args) -> Result<SqlOptions, String> {
    let dialect = match args.dialect.as_deref() {
        None => return Err("sql needs --dialect duckdb, postgres or spark".into()),
        Some(d) => Dialect::parse(d).ok_or(format!("--dialect must be duckdb, postgres or spark, not {d:?}"))?,
    };
    if let Some(flag) = args.given.iter().find(|f| NOT_HERE.contains(&f.as_str())) {
        let why = if flag == "deploys" { "; the table of deployments is --deployments TABLE" } else { "" };
        return Err(format!("sql does not take --{flag}: it reads tables, not files{why}"));
    }
    let table = |v: &[String], flag: &str, default: &str| -> Result<String, String> {
        match v {
            [] => Ok(default.to_string()),
            [t] => check_table(t).map(|_| t.clone()).map_err(|e| format!("--{flag}: {e}")),
            _ => Err(format!("--{flag} takes one table")),
        }
    };
    let zone = Zone::named(&args.tz)?;
    let day = |s: &Option<String>, flag: &str| -> Result<Option<i32>, String> {
        s.as_deref().map(|v| parse_date(v).map_err(|e| format!("{flag}: {e}"))).transpose()
    };
    let (from, to) = (day(&args.from, "--from")?, day(&args.to, "--to")?);
    if let (Some(f), Some(t)) = (from, to)
        && t <= f
    {
        return Err("--to must be after --from (the range is [from, to), to exclusive)".into());
    }
    Ok(SqlOptions {
        dialect,
        deployments: table(&args.deploys, "deployments", "deployments")?,
        incidents: table(&args.incidents, "incidents", "incidents")?,
        from,
        to,
        tz: zone.name().to_string(),
        bucket: args.bucket,
        benchmark: Benchmark::by_year(args.benchmark).unwrap_or(DORA_2023),
        link_window_hours: args.link_window,
        teams: args.team_filter.clone(),
        services: args.service_filter.clone(),
    })
}

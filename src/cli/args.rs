//! The command line: its usage text, and the arguments a run was given.

use super::usage_error;
use doralens::core::import::{Format, ImportOptions, Mapping, WorkflowFilter};
use doralens::core::metrics::{Benchmark, Bucket};
use doralens::core::time::Zone;
use doralens::core::time::numeric::DateOrder;
use doralens::core::view::Annotation;
use std::process::ExitCode;

pub const USAGE: &str = "\
doralens: DORA metrics from the exports your tools already have

USAGE:
  doralens report --deploys FILE... [--incidents FILE...] [--teams FILE...] [--mapping FILE]
                  [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--tz ZONE] [--bucket week|month]
                  [--link-window-hours H] [--benchmark 2023|2021]
                  [--format json|markdown|csv|html|rollup|rollup-json]
                  [--team NAME]... [--service NAME]... [--output FILE]
                  [--note YYYY-MM-DD=TEXT]... [--charts DIR]
  doralens report --rollup FILE [--format …] [--team NAME] [--output FILE] [--note …] [--charts DIR]
  doralens sql --dialect duckdb|postgres|spark [--deployments TABLE] [--incidents TABLE]
               [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--tz ZONE] [--bucket week|month]
               [--link-window-hours H] [--benchmark 2023|2021] [--team NAME]... [--service NAME]...
               [--output FILE]
  doralens inspect FILE... [--format json|text] [--tz ZONE] [--mapping FILE] [--date-format F]
  doralens pull SOURCE ... --out DIR   (GitHub, GitLab, PagerDuty, Opsgenie, Jira: doralens pull --help)

REPORT:
  --deploys FILE...       deployment exports (canonical CSV/JSON/NDJSON, GitHub, GitLab, Argo CD,
                          Jenkins, Four Keys, DevLake; .gz is unpacked); the format is detected
  --incidents FILE...     incident exports (canonical, PagerDuty, Opsgenie, Jira, ServiceNow, incident.io,
                          FireHydrant, Datadog, Splunk On-Call, Squadcast, Rootly, Grafana OnCall, Statuspage)
  --teams FILE...         service,team mapping (CSV or JSON)
  --mapping FILE          column mapping (JSON) for any other CSV, see docs/imports.md
  --from, --to            report range [from, to) in the report zone; default: the span of the data
  --tz ZONE               IANA time zone for days, weeks and timestamps without offset (default UTC)
  --bucket week|month     trend buckets (ISO weeks start on Monday; default week)
  --link-window-hours H   only infer an incident's deployment when it is at most H hours earlier
  --benchmark 2023|2021   tier table (default 2023)
  --format json|markdown|csv|html   output (default json; see docs/report-json.md); html is one
                          self-contained page (cards, teams table, trend charts) for meetings
  --format rollup         the report's numbers as one table (CSV; rollup-json: a JSON array), the
                          rows docs/rollup.md defines, as `doralens sql` computes them in a warehouse
  --team NAME, --service NAME  only these teams / services (repeatable)
  --rollup FILE           the report from a rollup (CSV, JSON array or JSON Lines; docs/rollup.md), as
                          `doralens sql` computes it in a warehouse: the same report as the raw files;
                          one --team selects a team; other range, zone, bucket or benchmark need raw data

SQL (docs/warehouse.md):
  --dialect D             print one SQL statement (WITH … SELECT) that computes the rollup
                          (docs/rollup.md) in DuckDB, PostgreSQL or Spark SQL, by the same rules
  --deployments TABLE     the table or view of canonical deployments (default deployments)
  --incidents TABLE       the table or view of canonical incidents (default incidents)
                          without --from/--to the range is the span of the tables' data, as for report

IMPORT:
  --jira-types T,...      Jira issue types or labels that are incidents (default Incident)
  --workflows NAME,...    CI workflows that deploy: GitHub Actions, Azure DevOps, CircleCI (default: names with deploy/release)
  --branches NAME,...     branches whose workflow runs count (default: the default branch)
  --input-format ID       skip detection and read every file as this format (see inspect)
  --date-format F         numeric dates a file cannot decide: dd-mm-yyyy, mm/dd/yyyy, dd.mm.yyyy
  --output FILE           write the report to FILE instead of standard output
  --note YYYY-MM-DD=TEXT  mark a day on every trend chart and list it in the HTML report (repeatable)
  --charts DIR            write the trend charts as SVG files (overall-<metric>.svg,
                          team-<team>-<metric>.svg) and DIR/README.md, a wiki page showing them

Exit codes: 0 ok, 1 a file cannot be read, 2 usage error.
";

/// The command a run was given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    Report,
    Inspect,
    Sql,
}

impl Command {
    fn parse(s: &str) -> Result<Command, String> {
        match s {
            "report" => Ok(Command::Report),
            "inspect" => Ok(Command::Inspect),
            "sql" => Ok(Command::Sql),
            other => Err(format!("unknown command {other:?}: use `report`, `inspect`, `sql` or `pull`")),
        }
    }
}

/// Everything a run was given. Flags a command does not use are accepted and ignored.
pub struct Args {
    /// `None`: no command (the usage is printed).
    pub command: Option<Command>,
    pub deploys: Vec<String>,
    pub incidents: Vec<String>,
    pub teams: Vec<String>,
    /// The files of `inspect`.
    pub inspect: Vec<String>,
    pub mapping: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub tz: String,
    pub bucket: Bucket,
    pub link_window: Option<f64>,
    pub benchmark: u16,
    /// `--format` as given; each command says which it takes.
    pub format: Option<String>,
    pub team_filter: Vec<String>,
    pub service_filter: Vec<String>,
    pub jira_types: Vec<String>,
    pub workflows: Vec<String>,
    pub branches: Vec<String>,
    pub input_format: Option<Format>,
    pub date_order: Option<DateOrder>,
    pub output: Option<String>,
    /// `--note` (repeatable): dated notes on the trend charts.
    pub notes: Vec<Annotation>,
    /// `--charts DIR`: the charts as SVG files and a wiki page.
    pub charts: Option<String>,
    /// `--rollup FILE`: the report read from a rollup (docs/rollup.md) instead of raw files.
    pub rollup: Option<String>,
    /// `--dialect` of `doralens sql`.
    pub dialect: Option<String>,
    /// The long flags given, in order (for the flags a rollup cannot honour).
    pub given: Vec<String>,
}

impl Default for Args {
    fn default() -> Self {
        Args {
            command: None,
            deploys: vec![],
            incidents: vec![],
            teams: vec![],
            inspect: vec![],
            mapping: None,
            from: None,
            to: None,
            tz: "UTC".into(),
            bucket: Bucket::Week,
            link_window: None,
            benchmark: 2023,
            format: None,
            team_filter: vec![],
            service_filter: vec![],
            jira_types: vec![],
            workflows: vec![],
            branches: vec![],
            input_format: None,
            date_order: None,
            output: None,
            notes: vec![],
            charts: None,
            rollup: None,
            dialect: None,
            given: vec![],
        }
    }
}

/// A comma-separated list, blanks dropped.
fn list(v: &str) -> Vec<String> {
    v.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect()
}

/// Flags that take one or more file names.
fn files_of<'a>(a: &'a mut Args, flag: &str) -> Option<&'a mut Vec<String>> {
    match flag {
        "deploys" | "deployments" => Some(&mut a.deploys),
        "incidents" => Some(&mut a.incidents),
        "teams" => Some(&mut a.teams),
        _ => None,
    }
}

/// The flags that take one value (see [`set_value`]).
const VALUE_FLAGS: &[&str] = &[
    "mapping",
    "from",
    "to",
    "tz",
    "bucket",
    "link-window-hours",
    "benchmark",
    "format",
    "team",
    "service",
    "jira-types",
    "workflows",
    "branches",
    "input-format",
    "date-format",
    "output",
    "note",
    "charts",
    "rollup",
    "dialect",
];

/// Sets the flag `--flag value`; `Ok(false)` when it is not a flag with a value.
fn set_value(a: &mut Args, flag: &str, v: String) -> Result<bool, String> {
    match flag {
        "mapping" => a.mapping = Some(v),
        "from" => a.from = Some(v),
        "to" => a.to = Some(v),
        "tz" => a.tz = v,
        "bucket" => a.bucket = Bucket::parse(&v).ok_or(format!("--bucket must be week or month, not {v:?}"))?,
        "link-window-hours" => {
            let h: f64 = v.parse().map_err(|_| format!("--link-window-hours must be a number, not {v:?}"))?;
            if !(h.is_finite() && h >= 0.0) {
                return Err(format!("--link-window-hours must be zero or more, not {v:?}"));
            }
            a.link_window = Some(h);
        }
        "benchmark" => {
            a.benchmark = v
                .parse()
                .ok()
                .filter(|y| Benchmark::by_year(*y).is_some())
                .ok_or(format!("--benchmark must be 2023 or 2021, not {v:?}"))?;
        }
        "format" => a.format = Some(v),
        "team" => a.team_filter.push(v),
        "service" => a.service_filter.push(v),
        "jira-types" => a.jira_types = list(&v),
        "workflows" => a.workflows = list(&v),
        "branches" => a.branches = list(&v),
        "input-format" => {
            let ids: Vec<&str> = Format::ALL.iter().map(|f| f.id()).collect();
            let f = Format::from_id(&v).ok_or(format!("--input-format {v:?} is not one of {}", ids.join(", ")))?;
            a.input_format = Some(f);
        }
        "date-format" => {
            a.date_order = Some(DateOrder::from_user(&v).ok_or(format!(
                "--date-format must say where the day and the month are (dd-mm-yyyy, mm/dd/yyyy, dd.mm.yyyy), not {v:?}"
            ))?);
        }
        "output" => a.output = Some(v),
        "note" => a.notes.push(Annotation::parse(&v).map_err(|e| format!("--note: {e}"))?),
        "charts" => a.charts = Some(v),
        "rollup" => a.rollup = Some(v),
        "dialect" => a.dialect = Some(v),
        _ => return Ok(false),
    }
    Ok(true)
}

pub fn parse_args() -> Result<Args, String> {
    use lexopt::prelude::*;
    let mut p = lexopt::Parser::from_env();
    let mut a = Args::default();
    let text = |v: std::ffi::OsString| v.into_string().map_err(|_| "arguments must be UTF-8".to_string());
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Short('h') | Long("help") => {
                print!("{USAGE}");
                std::process::exit(0);
            }
            Short('V') | Long("version") => {
                println!("doralens {}", env!("CARGO_PKG_VERSION"));
                std::process::exit(0);
            }
            Value(v) if a.command.is_none() => a.command = Some(Command::parse(&text(v)?)?),
            Value(v) if a.command == Some(Command::Inspect) => a.inspect.push(text(v)?),
            Long(flag) if files_of(&mut a, flag).is_some() => {
                let flag = flag.to_string();
                a.given.push(flag.clone());
                let mut names = Vec::new();
                for v in p.values().map_err(|e| e.to_string())? {
                    names.push(v.into_string().map_err(|_| "file names must be UTF-8".to_string())?);
                }
                if names.is_empty() {
                    return Err(format!("--{flag} expects at least one file"));
                }
                files_of(&mut a, &flag).into_iter().for_each(|f| f.append(&mut names));
            }
            Long(flag) if VALUE_FLAGS.contains(&flag) => {
                let flag = flag.to_string();
                a.given.push(flag.clone());
                let v = text(p.value().map_err(|e| e.to_string())?)?;
                set_value(&mut a, &flag, v)?;
            }
            Short('o') => {
                let v = text(p.value().map_err(|e| e.to_string())?)?;
                set_value(&mut a, "output", v)?;
            }
            _ => return Err(arg.unexpected().to_string()),
        }
    }
    Ok(a)
}

/// The import options the arguments set (a zone or a mapping that cannot be read is a usage error).
pub fn import_options(args: &Args) -> Result<ImportOptions, ExitCode> {
    let zone = Zone::named(&args.tz).map_err(usage_error)?;
    let mapping = match &args.mapping {
        None => None,
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| usage_error(format!("{path}: {e}")))?;
            Some(Mapping::from_json(&text).map_err(|e| usage_error(format!("{path}: {e}")))?)
        }
    };
    Ok(ImportOptions {
        zone,
        mapping,
        format: args.input_format,
        jira_incident_types: args.jira_types.clone(),
        workflows: WorkflowFilter { names: args.workflows.clone(), branches: args.branches.clone() },
        date_order: args.date_order,
        ..ImportOptions::default()
    })
}

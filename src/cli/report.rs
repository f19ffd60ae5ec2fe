//! `doralens report`: the files imported, merged, analysed and reported in the format asked for.

use super::args::{Args, import_options};
use super::files::{import_all, is_pull_manifest};
use super::output::{write_charts, write_out};
use super::usage_error;
use doralens::core::export::{ReportDoc, ReportFormat, RollupFormat, chart_files};
use doralens::core::import::{FileImport, Hint, ImportOptions, SkipClass, into_dataset, read};
use doralens::core::metrics::rollup::{report_from_rollup, select_team};
use doralens::core::metrics::{
    AnalysisOptions, Benchmark, Bucket, DORA_2023, Report, ReportOptions, analyze_owned, report,
};
use doralens::core::time::parse_date;
use std::process::ExitCode;

/// What a report run was asked for, checked.
struct Plan {
    files: Vec<(String, Hint)>,
    import: ImportOptions,
    report: ReportOptions,
    format: Output,
}

/// What `--format` asked for: a report, or the report's rollup (docs/rollup.md).
#[derive(Clone, Copy, PartialEq)]
enum Output {
    Report(ReportFormat),
    Rollup(RollupFormat),
}

impl Output {
    fn parse(s: &str) -> Option<Output> {
        match s.trim().to_ascii_lowercase().as_str() {
            "rollup" | "rollup-csv" => Some(Output::Rollup(RollupFormat::Csv)),
            "rollup-json" => Some(Output::Rollup(RollupFormat::Json)),
            other => ReportFormat::parse(other).map(Output::Report),
        }
    }
}

pub fn run(args: &Args) -> ExitCode {
    if let Some(file) = &args.rollup {
        return run_rollup(args, file);
    }
    let plan = match plan(args) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let timer = Timer::from_env();
    let imports = match import_all(&plan.files, &plan.import) {
        Ok(i) => i,
        Err(e) => return fail(&e),
    };
    let mut warnings = Vec::new();
    for f in &imports {
        if let Some(e) = f.unusable() {
            return fail(&e);
        }
        warnings.extend(file_warnings(f));
    }
    timer.lap("imported");
    let r = compute(imports, &plan, args.link_window, warnings, &timer);
    for w in &r.warnings {
        eprintln!("doralens: warning: {w}");
    }
    print(args, plan.format, &r)
}

/// The report in the format asked for, to `--output` or standard output; the charts to `--charts`.
fn print(args: &Args, format: Output, r: &Report) -> ExitCode {
    let doc = ReportDoc { notes: &args.notes, ..ReportDoc::of(r) };
    if let Some(dir) = &args.charts {
        if let Err(e) = write_charts(dir, &chart_files(&doc)) {
            return fail(&e);
        }
        // With --charts, the report itself is printed only when a format or a file was asked for.
        if args.format.is_none() && args.output.is_none() {
            return ExitCode::SUCCESS;
        }
    }
    let mut out = match format {
        Output::Report(f) => f.render_doc(&doc),
        Output::Rollup(f) => f.render(r),
    };
    if format == Output::Report(ReportFormat::Json) {
        out.push('\n');
    }
    write_out(args, &out)
}

/// `doralens report --rollup FILE`: the report a rollup holds (docs/rollup.md). Flags that read
/// or select raw records are refused, saying so; `--from`, `--to`, `--tz`, `--bucket` and
/// `--benchmark` may repeat the rollup's own; one `--team` selects that team.
fn run_rollup(args: &Args, file: &str) -> ExitCode {
    const RAW: [&str; 13] = [
        "deploys",
        "deployments",
        "incidents",
        "teams",
        "mapping",
        "service",
        "link-window-hours",
        "jira-types",
        "workflows",
        "branches",
        "input-format",
        "date-format",
        "rollup",
    ];
    let mut given = args.given.iter().filter(|f| RAW.contains(&f.as_str()));
    if let Some(flag) = given.find(|f| *f != "rollup").or(args.given.iter().filter(|f| *f == "rollup").nth(1)) {
        let why = match flag.as_str() {
            "rollup" => "one rollup at a time".to_string(),
            "service" => "--service needs the raw data: a rollup has no services".to_string(),
            f => format!("--{f} reads raw data: a rollup is a report already computed"),
        };
        return usage_error(format!("--rollup {file}: {why}"));
    }
    if args.team_filter.len() > 1 {
        return usage_error(format!(
            "--rollup {file}: one --team at a time (the overall of several teams needs the raw data: medians do not add up)"
        ));
    }
    let format = match args.format.as_deref().map_or(Some(Output::Report(ReportFormat::Json)), Output::parse) {
        Some(f) => f,
        None => return usage_error("--format must be json, markdown, csv, html, rollup or rollup-json"),
    };
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => return fail(&format!("{file}: {e}")),
    };
    let unpacked;
    let bytes = if read::is_gzip(&bytes) {
        match read::gunzip(&bytes) {
            Ok(b) => {
                unpacked = b;
                &unpacked[..]
            }
            Err(e) => return fail(&format!("{file}: {e}")),
        }
    } else {
        &bytes[..]
    };
    let name = std::path::Path::new(file).file_name().map_or(file.into(), |n| n.to_string_lossy());
    let r =
        read::decode_text(bytes).map_err(|(line, column, m)| format!("{file}:{line}:{column}: {m}")).and_then(|text| {
            report_from_rollup(&name, &text).map_err(|e| format!("{file}:{}:{}: {}", e.line, e.column, e.message))
        });
    let mut r = match r {
        Ok(r) => r,
        Err(e) => return fail(&e),
    };
    let same = |flag: &str, given: Option<&str>, theirs: &str| match given {
        Some(g) if !g.trim().eq_ignore_ascii_case(theirs) => Err(usage_error(format!(
            "--rollup {file}: the rollup's {flag} is {theirs}; --{flag} {g} needs the raw data"
        ))),
        _ => Ok(()),
    };
    let given = |flag: &str| args.given.iter().any(|f| f == flag);
    let bucket = r.overall_trend.iter().chain(&r.trends).next().map(|t| t.bucket);
    let checks = [
        same("from", args.from.as_deref(), &r.range.from),
        same("to", args.to.as_deref(), &r.range.to),
        same("tz", given("tz").then_some(args.tz.as_str()), &r.range.tz),
        same("benchmark", given("benchmark").then(|| args.benchmark.to_string()).as_deref(), &r.benchmark.to_string()),
        match bucket {
            Some(b) if given("bucket") && b != args.bucket => Err(usage_error(format!(
                "--rollup {file}: the rollup's trend is by {}; another bucket needs the raw data",
                bucket_word(b)
            ))),
            _ => Ok(()),
        },
    ];
    if let Some(Err(code)) = checks.into_iter().find(Result::is_err) {
        return code;
    }
    if let Some(team) = args.team_filter.first() {
        r = match select_team(&r, team) {
            Ok(r) => r,
            Err(e) => return fail(&format!("{file}: {e}")),
        };
    }
    for w in &r.warnings {
        eprintln!("doralens: note: {w}");
    }
    print(args, format, &r)
}

fn bucket_word(b: Bucket) -> &'static str {
    match b {
        Bucket::Week => "week",
        Bucket::Month => "month",
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("doralens: {message}");
    ExitCode::from(1)
}

/// The arguments as a plan, or the usage error they make.
fn plan(args: &Args) -> Result<Plan, ExitCode> {
    if args.deploys.is_empty() && args.incidents.is_empty() {
        return Err(usage_error("report needs --deploys FILE (and usually --incidents FILE)"));
    }
    let import = import_options(args)?;
    let day = |s: &Option<String>, flag: &str| -> Result<Option<i32>, ExitCode> {
        s.as_deref().map(|v| parse_date(v).map_err(|e| usage_error(format!("{flag}: {e}")))).transpose()
    };
    let (from, to) = (day(&args.from, "--from")?, day(&args.to, "--to")?);
    if let (Some(f), Some(t)) = (from, to)
        && t <= f
    {
        return Err(usage_error("--to must be after --from (the range is [from, to), to exclusive)"));
    }
    let format = match args.format.as_deref() {
        None => Output::Report(ReportFormat::Json),
        Some(f) => Output::parse(f).ok_or_else(|| {
            usage_error(format!("--format must be json, markdown, csv, html, rollup or rollup-json, not {f:?}"))
        })?,
    };
    let mut files: Vec<(String, Hint)> = Vec::new();
    files.extend(args.deploys.iter().map(|f| (f.clone(), Hint::Deployments)));
    files.extend(args.incidents.iter().map(|f| (f.clone(), Hint::Incidents)));
    files.extend(args.teams.iter().map(|f| (f.clone(), Hint::Teams)));
    files.retain(|(path, _)| {
        let manifest = is_pull_manifest(path);
        if manifest {
            eprintln!("doralens: note: {path}: {}: left out", doralens::core::import::notes::PULL_MANIFEST);
        }
        !manifest
    });
    let report = ReportOptions {
        from,
        to,
        bucket: args.bucket,
        benchmark: Benchmark::by_year(args.benchmark).unwrap_or(DORA_2023),
        teams: args.team_filter.clone(),
        services: args.service_filter.clone(),
        trends: true,
        // The HTML report, the chart files and the rollup show all selected teams together too.
        overall_trend: matches!(format, Output::Report(ReportFormat::Html) | Output::Rollup(_))
            || args.charts.is_some(),
    };
    Ok(Plan { files, import, report, format })
}

/// What a user must hear about one imported file: its invalid rows and its warnings. Rows skipped
/// by rule are a note on standard error.
fn file_warnings(f: &FileImport) -> Vec<String> {
    let by_rule = f.skipped_by(SkipClass::Rule);
    if by_rule > 0 {
        eprintln!(
            "doralens: note: {}: {by_rule} rows skipped by rule ({})",
            f.name,
            f.skipped_summary(SkipClass::Rule)
        );
    }
    f.invalid_warning().into_iter().chain(f.all_warnings().iter().map(|w| w.located(&f.name))).collect()
}

/// The report of the imported files, with every warning: the files', the merge's, the report's.
fn compute(
    imports: Vec<FileImport>,
    plan: &Plan,
    window: Option<f64>,
    mut warnings: Vec<String>,
    timer: &Timer,
) -> Report {
    let (data, merge_warnings) = into_dataset(imports);
    warnings.extend(merge_warnings);
    timer.lap("merged");
    let analysis = analyze_owned(data, &AnalysisOptions { zone: plan.import.zone.clone(), link_window_hours: window });
    timer.lap("analyzed");
    let mut r = report(&analysis, &plan.report, plan.report.from.unwrap_or(0));
    timer.lap("reported");
    let asked = doralens::core::metrics::report::resolve_range(&analysis, plan.report.from, plan.report.to, 0);
    if doralens::core::metrics::report::cap_range(asked.0, asked.1).2 {
        warnings.push(format!(
            "the range is cut to {} – {}: a report covers at most 110 years, the days a record can fall on (1990 to 2100)",
            r.range.from, r.range.to
        ));
    }
    // The process ends right after printing: let the OS reclaim a million records at once.
    std::mem::forget(analysis);
    warnings.append(&mut r.warnings);
    r.warnings = warnings;
    r
}

/// Prints how long each phase took when `DORALENS_TIMING` is set.
struct Timer(Option<std::time::Instant>);

impl Timer {
    fn from_env() -> Timer {
        Timer(std::env::var_os("DORALENS_TIMING").map(|_| std::time::Instant::now()))
    }

    fn lap(&self, what: &str) {
        if let Some(t0) = self.0 {
            eprintln!("doralens: timing: {what}: {:.3} s{}", t0.elapsed().as_secs_f64(), memory());
        }
    }
}

/// The process's memory now and its high-water mark so far, where the system says (Linux).
fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches(" kB").parse::<u64>().ok())
    };
    match (field("VmRSS:"), field("VmHWM:")) {
        (Some(now), Some(peak)) => format!(" ({} MB resident, {} MB peak)", now / 1024, peak / 1024),
        _ => String::new(),
    }
}

//! `doralens`: the CLI over the same core as the dashboard. It reads files, calls the core and
//! prints; every rule lives in `doralens::core`. No input makes it panic: `unwrap`, `expect` and
//! `panic!` are denied (clippy runs in the test command).
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

// The CLI is native only; browser tests build every binary for wasm32, where it is a stub.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use doralens::core::export;
    use doralens::core::import::{
        FileImport, Format, Hint, ImportOptions, Mapping, SkipClass, SkipReason, WorkflowFilter, chunked::CsvBlocks,
        import_file, into_dataset,
    };
    use doralens::core::metrics::{AnalysisOptions, Benchmark, Bucket, ReportOptions, analyze_owned, report};
    use doralens::core::time::{Zone, parse_date};
    use std::io::Write;
    use std::process::ExitCode;

    const USAGE: &str = "\
    doralens: DORA metrics from the exports your tools already have

    USAGE:
      doralens report --deploys FILE... [--incidents FILE...] [--teams FILE...] [--mapping FILE]
                      [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--tz ZONE] [--bucket week|month]
                      [--link-window-hours H] [--benchmark 2023|2021] [--format json|markdown|csv]
                      [--team NAME]... [--service NAME]... [--output FILE]
      doralens inspect FILE... [--format json|text] [--tz ZONE] [--mapping FILE]

    REPORT:
      --deploys FILE...       deployment exports (canonical CSV/JSON/NDJSON, GitHub, GitLab, Argo CD,
                              Jenkins, Four Keys, DevLake; .gz is unpacked); the format is detected
      --incidents FILE...     incident exports (canonical, PagerDuty, Opsgenie, Jira, ServiceNow, ...)
      --teams FILE...         service,team mapping (CSV or JSON)
      --mapping FILE          column mapping (JSON) for any other CSV, see docs/imports.md
      --from, --to            report range [from, to) in the report zone; default: the span of the data
      --tz ZONE               IANA time zone for days, weeks and timestamps without offset (default UTC)
      --bucket week|month     trend buckets (ISO weeks start on Monday; default week)
      --link-window-hours H   only infer an incident's deployment when it is at most H hours earlier
      --benchmark 2023|2021   tier table (default 2023)
      --format json|markdown|csv   output (default json; see docs/report-json.md)
      --team NAME, --service NAME  only these teams / services (repeatable)
      --jira-types T,...      Jira issue types or labels that are incidents (default Incident)
      --workflows NAME,...    GitHub Actions workflow names that deploy (default: names with deploy/release)
      --branches NAME,...     branches whose workflow runs count (default: the default branch)
      --input-format ID       skip detection and read every file as this format (see inspect)
      --output FILE           write the report to FILE instead of standard output

    Exit codes: 0 ok, 1 a file cannot be read, 2 usage error.
    ";

    struct Args {
        command: String,
        deploys: Vec<String>,
        incidents: Vec<String>,
        teams: Vec<String>,
        inspect: Vec<String>,
        mapping: Option<String>,
        from: Option<String>,
        to: Option<String>,
        tz: String,
        bucket: Bucket,
        link_window: Option<f64>,
        benchmark: u16,
        format: String,
        team_filter: Vec<String>,
        service_filter: Vec<String>,
        jira_types: Vec<String>,
        workflows: Vec<String>,
        branches: Vec<String>,
        input_format: Option<Format>,
        output: Option<String>,
    }

    fn usage_error(msg: impl std::fmt::Display) -> ExitCode {
        eprintln!("doralens: {msg}\n\nRun `doralens --help` for usage.");
        ExitCode::from(2)
    }

    fn list(v: &str) -> Vec<String> {
        v.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect()
    }

    fn parse_args() -> Result<Args, String> {
        use lexopt::prelude::*;
        let mut p = lexopt::Parser::from_env();
        let mut a = Args {
            command: String::new(),
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
            format: String::new(),
            team_filter: vec![],
            service_filter: vec![],
            jira_types: vec![],
            workflows: vec![],
            branches: vec![],
            input_format: None,
            output: None,
        };
        let text = |v: std::ffi::OsString| v.into_string().map_err(|_| "arguments must be UTF-8".to_string());
        let many = |p: &mut lexopt::Parser, out: &mut Vec<String>| -> Result<(), String> {
            let before = out.len();
            for v in p.values().map_err(|e| e.to_string())? {
                out.push(v.into_string().map_err(|_| "file names must be UTF-8".to_string())?);
            }
            if out.len() == before { Err("expected at least one file".into()) } else { Ok(()) }
        };
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
                Value(v) if a.command.is_empty() => a.command = text(v)?,
                Value(v) if a.command == "inspect" => a.inspect.push(text(v)?),
                Long("deploys") | Long("deployments") => many(&mut p, &mut a.deploys)?,
                Long("incidents") => many(&mut p, &mut a.incidents)?,
                Long("teams") => many(&mut p, &mut a.teams)?,
                Long("mapping") => a.mapping = Some(text(p.value().map_err(|e| e.to_string())?)?),
                Long("from") => a.from = Some(text(p.value().map_err(|e| e.to_string())?)?),
                Long("to") => a.to = Some(text(p.value().map_err(|e| e.to_string())?)?),
                Long("tz") => a.tz = text(p.value().map_err(|e| e.to_string())?)?,
                Long("bucket") => {
                    let v = text(p.value().map_err(|e| e.to_string())?)?;
                    a.bucket = Bucket::parse(&v).ok_or(format!("--bucket must be week or month, not {v:?}"))?;
                }
                Long("link-window-hours") => {
                    let v = text(p.value().map_err(|e| e.to_string())?)?;
                    let h: f64 = v.parse().map_err(|_| format!("--link-window-hours must be a number, not {v:?}"))?;
                    if !(h.is_finite() && h >= 0.0) {
                        return Err(format!("--link-window-hours must be zero or more, not {v:?}"));
                    }
                    a.link_window = Some(h);
                }
                Long("benchmark") => {
                    let v = text(p.value().map_err(|e| e.to_string())?)?;
                    a.benchmark = v
                        .parse()
                        .ok()
                        .filter(|y| Benchmark::by_year(*y).is_some())
                        .ok_or(format!("--benchmark must be 2023 or 2021, not {v:?}"))?;
                }
                Long("format") => a.format = text(p.value().map_err(|e| e.to_string())?)?,
                Long("team") => a.team_filter.push(text(p.value().map_err(|e| e.to_string())?)?),
                Long("service") => a.service_filter.push(text(p.value().map_err(|e| e.to_string())?)?),
                Long("jira-types") => a.jira_types = list(&text(p.value().map_err(|e| e.to_string())?)?),
                Long("workflows") => a.workflows = list(&text(p.value().map_err(|e| e.to_string())?)?),
                Long("branches") => a.branches = list(&text(p.value().map_err(|e| e.to_string())?)?),
                Long("input-format") => {
                    let v = text(p.value().map_err(|e| e.to_string())?)?;
                    let ids: Vec<&str> = Format::ALL.iter().map(|f| f.id()).collect();
                    a.input_format = Some(
                        Format::from_id(&v).ok_or(format!("--input-format {v:?} is not one of {}", ids.join(", ")))?,
                    );
                }
                Long("output") | Short('o') => a.output = Some(text(p.value().map_err(|e| e.to_string())?)?),
                _ => return Err(arg.unexpected().to_string()),
            }
        }
        Ok(a)
    }

    pub fn main() -> ExitCode {
        let args = match parse_args() {
            Ok(a) => a,
            Err(e) => return usage_error(e),
        };
        match args.command.as_str() {
            "report" => run_report(&args),
            "inspect" => run_inspect(&args),
            "" => {
                print!("{USAGE}");
                ExitCode::from(2)
            }
            other => usage_error(format!("unknown command {other:?}: use `report` or `inspect`")),
        }
    }

    fn import_options(args: &Args) -> Result<ImportOptions, ExitCode> {
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
            ..ImportOptions::default()
        })
    }

    fn read_file(path: &str) -> Result<Vec<u8>, String> {
        if path == "-" {
            let mut buf = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf).map_err(|e| format!("-: {e}"))?;
            return Ok(buf);
        }
        std::fs::read(path).map_err(|e| format!("{path}:0:0: cannot read the file: {e}"))
    }

    /// Imports every file, or says which one could not be read (the first in the order given).
    /// Large files are imported one after another, each in blocks on every core; the small ones
    /// meanwhile on a thread of their own.
    fn import_all(files: &[(String, Hint)], base: &ImportOptions) -> Result<Vec<FileImport>, String> {
        let import = |i: usize| -> Result<FileImport, String> {
            let (path, hint) = &files[i];
            let opts = ImportOptions { hint: *hint, ..base.clone() };
            match import_in_blocks(path, i as u32, &opts)? {
                Some(f) => Ok(f),
                None => {
                    let bytes = read_file(path)?;
                    import_file(path, &bytes, i as u32, &opts).map_err(|e| e.to_string())
                }
            }
        };
        let (small, large): (Vec<usize>, Vec<usize>) = (0..files.len()).partition(|&i| read_whole(&files[i].0));
        let mut out: Vec<Option<Result<FileImport, String>>> = (0..files.len()).map(|_| None).collect();
        std::thread::scope(|s| {
            let side = s.spawn(|| small.iter().map(|&i| (i, import(i))).collect::<Vec<_>>());
            for &i in &large {
                out[i] = Some(import(i));
            }
            match side.join() {
                Ok(done) => done.into_iter().for_each(|(i, r)| out[i] = Some(r)),
                Err(_) => small.iter().for_each(|&i| out[i] = Some(Err(format!("{}: the import failed", files[i].0)))),
            }
        });
        out.into_iter().flatten().collect()
    }

    /// Standard input, and files under two blocks (or that cannot be looked at: reading them says
    /// why), are read whole.
    fn read_whole(path: &str) -> bool {
        path == "-" || std::fs::metadata(path).map_or(true, |m| (m.len() as usize) < 2 * block_size())
    }

    /// The block size for large files (16 MiB; `DORALENS_BLOCK_BYTES` overrides it, for tests).
    fn block_size() -> usize {
        std::env::var("DORALENS_BLOCK_BYTES").ok().and_then(|v| v.parse().ok()).filter(|&n| n >= 64).unwrap_or(16 << 20)
    }

    /// A large CSV is read in blocks of whole records, imported as they are read by one worker per
    /// core, so memory holds a few blocks instead of the whole file. The core merges the parts into
    /// exactly the import of the whole file. `None`: not a file for this (small, gzip, not CSV, stdin).
    fn import_in_blocks(path: &str, file_index: u32, opts: &ImportOptions) -> Result<Option<FileImport>, String> {
        use std::io::Read;
        let err = |e: std::io::Error| format!("{path}:0:0: cannot read the file: {e}");
        if read_whole(path) {
            return Ok(None);
        }
        let block = block_size();
        let mut file = std::fs::File::open(path).map_err(err)?;
        let mut buf = vec![0u8; block];
        let mut filled = 0;
        while filled < buf.len() {
            match file.read(&mut buf[filled..]).map_err(err)? {
                0 => break,
                n => filled += n,
            }
        }
        buf.truncate(filled);
        if doralens::core::import::read::is_gzip(&buf) {
            return Ok(None);
        }
        let Some((mut blocks, start)) = CsvBlocks::plan(path, &buf, opts) else { return Ok(None) };
        let mut carry: Vec<u8> = buf[start..].to_vec();
        drop(buf);
        let mut eof = false;
        // The next block of whole records with the header in front, and its import options.
        enum Next {
            Block(Vec<u8>, Box<ImportOptions>),
            End,
            /// No record ends in a block's worth: the file is read whole instead.
            Whole,
        }
        let mut next_block = |carry: &mut Vec<u8>| -> Result<Next, String> {
            while !eof && carry.len() < block {
                let old = carry.len();
                carry.resize(old + block, 0);
                let n = file.read(&mut carry[old..]).map_err(err)?;
                carry.truncate(old + n);
                eof = n == 0;
            }
            if carry.is_empty() {
                return Ok(Next::End);
            }
            let Some((cut, text, o)) = blocks.next(carry, eof) else { return Ok(Next::Whole) };
            carry.drain(..cut);
            Ok(Next::Block(text, Box::new(o)))
        };
        // This thread reads and cuts blocks; one worker per core imports them as they come (a
        // few blocks wait at most, so memory holds a few blocks, not the file).
        let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, 8);
        let (send, receive) = std::sync::mpsc::sync_channel::<(usize, Vec<u8>, ImportOptions)>(1);
        let receive = std::sync::Mutex::new(receive);
        let done = std::sync::Mutex::new(Vec::new());
        let read = std::thread::scope(|s| {
            for _ in 0..workers {
                s.spawn(|| {
                    loop {
                        let job = receive.lock().unwrap_or_else(std::sync::PoisonError::into_inner).recv();
                        let Ok((k, text, o)) = job else { break };
                        let r = import_file(path, &text, file_index, &o);
                        drop(text);
                        done.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push((k, r));
                    }
                });
            }
            let mut k = 0;
            let read = loop {
                match next_block(&mut carry) {
                    Ok(Next::Block(text, o)) => {
                        if send.send((k, text, *o)).is_err() {
                            break Ok(true);
                        }
                        k += 1;
                    }
                    Ok(Next::End) => break Ok(true),
                    Ok(Next::Whole) => break Ok(false),
                    Err(e) => break Err(e),
                }
            };
            drop(send);
            read
        });
        if !read? {
            return Ok(None);
        }
        let mut done = done.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
        done.sort_by_key(|(k, _)| *k);
        // A block that fails: the file is read whole, for exactly the whole file's error.
        let Ok(parts) = done.into_iter().map(|(_, r)| r).collect::<Result<Vec<_>, _>>() else { return Ok(None) };
        blocks.merge(path, parts).map(Some).map_err(|e| e.to_string())
    }

    fn skipped_summary(f: &FileImport, class: SkipClass) -> String {
        f.skipped
            .iter()
            .filter(|(reason, _)| reason.class() == class)
            .map(|(reason, n)| format!("{n} {reason}"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Adds what a user must hear about one imported file to `warnings`, and prints a note of the
    /// rows skipped by rule. `Err`: no row of the file could be imported, only invalid ones.
    fn file_warnings(f: &FileImport, warnings: &mut Vec<String>) -> Result<(), String> {
        let invalid = f.skipped_by(SkipClass::Invalid);
        let first = f.first_invalid().map_or(String::new(), |p| {
            let detail = if p.detail.is_empty() { String::new() } else { format!(" ({})", p.detail) };
            format!("{}:{}:{}: {}{detail}", f.name, p.line, p.column.unwrap_or(1), p.reason)
        });
        if invalid > 0 && f.imported() == 0 {
            return Err(format!(
                "{first} (no row of {} could be imported: {})",
                f.name,
                skipped_summary(f, SkipClass::Invalid)
            ));
        }
        if invalid > 0 {
            warnings.push(format!(
                "{}: {invalid} of {} rows skipped as invalid ({}); first at {first}",
                f.name,
                f.rows_read,
                skipped_summary(f, SkipClass::Invalid),
            ));
        }
        let by_rule = f.skipped_by(SkipClass::Rule);
        if by_rule > 0 {
            eprintln!(
                "doralens: note: {}: {by_rule} rows skipped by rule ({})",
                f.name,
                skipped_summary(f, SkipClass::Rule)
            );
        }
        warnings.extend(f.all_warnings().iter().map(|w| w.located(&f.name)));
        Ok(())
    }

    fn run_report(args: &Args) -> ExitCode {
        if args.deploys.is_empty() && args.incidents.is_empty() {
            return usage_error("report needs --deploys FILE (and usually --incidents FILE)");
        }
        let opts = match import_options(args) {
            Ok(o) => o,
            Err(code) => return code,
        };
        let parse_day = |s: &Option<String>, flag: &str| -> Result<Option<i32>, ExitCode> {
            s.as_deref().map(|v| parse_date(v).map_err(|e| usage_error(format!("{flag}: {e}")))).transpose()
        };
        let (from, to) = match (parse_day(&args.from, "--from"), parse_day(&args.to, "--to")) {
            (Ok(f), Ok(t)) => (f, t),
            (Err(c), _) | (_, Err(c)) => return c,
        };
        if let (Some(f), Some(t)) = (from, to)
            && t <= f
        {
            return usage_error("--to must be after --from (the range is [from, to), to exclusive)");
        }
        let format = if args.format.is_empty() { "json" } else { args.format.as_str() };
        if !["json", "markdown", "md", "csv"].contains(&format) {
            return usage_error(format!("--format must be json, markdown or csv, not {format:?}"));
        }

        let mut files: Vec<(String, Hint)> = Vec::new();
        files.extend(args.deploys.iter().map(|f| (f.clone(), Hint::Deployments)));
        files.extend(args.incidents.iter().map(|f| (f.clone(), Hint::Incidents)));
        files.extend(args.teams.iter().map(|f| (f.clone(), Hint::Teams)));
        let timing = std::env::var_os("DORALENS_TIMING").is_some();
        let t0 = std::time::Instant::now();
        let lap = |what: &str| {
            if timing {
                eprintln!("doralens: timing: {what}: {:.3} s", t0.elapsed().as_secs_f64());
            }
        };
        let imports = match import_all(&files, &opts) {
            Ok(i) => i,
            Err(e) => {
                eprintln!("doralens: {e}");
                return ExitCode::from(1);
            }
        };

        let mut warnings = Vec::new();
        for f in &imports {
            if let Err(message) = file_warnings(f, &mut warnings) {
                eprintln!("doralens: {message}");
                return ExitCode::from(1);
            }
        }
        lap("imported");
        let (data, merge_warnings) = into_dataset(imports);
        warnings.extend(merge_warnings);
        lap("merged");

        let analysis =
            analyze_owned(data, &AnalysisOptions { zone: opts.zone.clone(), link_window_hours: args.link_window });
        lap("analyzed");
        let ro = ReportOptions {
            from,
            to,
            bucket: args.bucket,
            benchmark: Benchmark::by_year(args.benchmark).unwrap_or(doralens::core::metrics::DORA_2023),
            teams: args.team_filter.clone(),
            services: args.service_filter.clone(),
            trends: true,
            overall_trend: false,
        };
        let fallback = from.unwrap_or(0);
        let mut r = report(&analysis, &ro, fallback);
        lap("reported");
        // The process ends right after printing: let the OS reclaim a million records at once.
        std::mem::forget(analysis);
        warnings.append(&mut r.warnings);
        r.warnings = warnings;
        for w in &r.warnings {
            eprintln!("doralens: warning: {w}");
        }
        let out = match format {
            "json" => export::to_json(&r) + "\n",
            "csv" => export::to_csv(&r),
            _ => export::to_markdown(&r),
        };
        write_out(args, &out)
    }

    fn write_out(args: &Args, out: &str) -> ExitCode {
        let result = match &args.output {
            Some(path) => std::fs::write(path, out).map_err(|e| format!("{path}: {e}")),
            None => {
                let mut stdout = std::io::stdout().lock();
                stdout.write_all(out.as_bytes()).and_then(|_| stdout.flush()).map_err(|e| e.to_string())
            }
        };
        match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) if e.contains("Broken pipe") => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("doralens: {e}");
                ExitCode::from(1)
            }
        }
    }

    #[derive(serde::Serialize)]
    struct SkipCount {
        reason: SkipReason,
        class: SkipClass,
        count: usize,
    }

    #[derive(serde::Serialize)]
    struct InspectOut<'a> {
        file: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        format: Option<&'static str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        format_label: Option<&'static str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        reason: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        kind: Option<&'static str>,
        rows_read: usize,
        rows_imported: usize,
        rows_skipped: usize,
        skipped_by_rule: usize,
        skipped_invalid: usize,
        skipped_by_reason: Vec<SkipCount>,
        problems: Vec<&'a doralens::core::import::Problem>,
        warnings: Vec<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        error: Option<&'a doralens::core::import::ImportError>,
    }

    fn run_inspect(args: &Args) -> ExitCode {
        if args.inspect.is_empty() {
            return usage_error("inspect needs at least one FILE");
        }
        let format = if args.format.is_empty() { "text" } else { args.format.as_str() };
        if !["json", "text"].contains(&format) {
            return usage_error(format!("--format must be json or text, not {format:?}"));
        }
        let opts = match import_options(args) {
            Ok(o) => o,
            Err(code) => return code,
        };
        let mut results = Vec::new();
        for (i, path) in args.inspect.iter().enumerate() {
            let unreadable = |m: String| doralens::core::import::ImportError {
                file: path.clone(),
                line: 0,
                column: 0,
                message: m.rsplit(": ").next().unwrap_or(&m).to_string(),
            };
            let r = match import_in_blocks(path, i as u32, &opts) {
                Ok(Some(f)) => Ok(f),
                Ok(None) => {
                    read_file(path).map_err(unreadable).and_then(|bytes| import_file(path, &bytes, i as u32, &opts))
                }
                Err(m) => Err(unreadable(m)),
            };
            results.push((path.as_str(), r));
        }
        let failed = results.iter().any(|(_, r)| r.is_err());
        let mut out = String::new();
        if format == "json" {
            let items: Vec<InspectOut> = results
                .iter()
                .map(|(path, r)| match r {
                    Ok(f) => InspectOut {
                        file: path,
                        format: Some(f.format.id()),
                        format_label: Some(f.format.label()),
                        reason: Some(&f.reason),
                        kind: Some(f.kind.label()),
                        rows_read: f.rows_read,
                        rows_imported: f.imported(),
                        rows_skipped: f.skipped_total(),
                        skipped_by_rule: f.skipped_by(SkipClass::Rule),
                        skipped_invalid: f.skipped_by(SkipClass::Invalid),
                        skipped_by_reason: f
                            .skipped
                            .iter()
                            .map(|(reason, count)| SkipCount { reason: *reason, class: reason.class(), count: *count })
                            .collect(),
                        problems: f.examples().take(20).collect(),
                        warnings: f.all_warnings().iter().map(|w| w.located(path)).collect(),
                        error: None,
                    },
                    Err(e) => InspectOut {
                        file: path,
                        format: None,
                        format_label: None,
                        reason: None,
                        kind: None,
                        rows_read: 0,
                        rows_imported: 0,
                        rows_skipped: 0,
                        skipped_by_rule: 0,
                        skipped_invalid: 0,
                        skipped_by_reason: vec![],
                        problems: vec![],
                        warnings: vec![],
                        error: Some(e),
                    },
                })
                .collect();
            out = serde_json::to_string_pretty(&items).unwrap_or_default() + "\n";
        } else {
            for (path, r) in &results {
                match r {
                    Ok(f) => {
                        out.push_str(&format!("{path}\n"));
                        out.push_str(&format!("  format:   {} ({}): {}\n", f.format.label(), f.format.id(), f.reason));
                        out.push_str(&format!("  records:  {}\n", f.kind.label()));
                        out.push_str(&format!(
                            "  rows:     {} read, {} imported, {} skipped ({} by rule, {} invalid)\n",
                            f.rows_read,
                            f.imported(),
                            f.skipped_total(),
                            f.skipped_by(SkipClass::Rule),
                            f.skipped_by(SkipClass::Invalid)
                        ));
                        for class in [SkipClass::Rule, SkipClass::Invalid] {
                            let s = skipped_summary(f, class);
                            if !s.is_empty() {
                                let label = if class == SkipClass::Rule { "by rule" } else { "invalid" };
                                out.push_str(&format!("  {label:<9} {s}\n"));
                            }
                        }
                        for p in f.examples().take(5) {
                            let detail = if p.detail.is_empty() { String::new() } else { format!(" ({})", p.detail) };
                            let col = p.column.map_or(String::new(), |c| format!(":{c}"));
                            out.push_str(&format!("  {path}:{}{col}: {}{detail}\n", p.line, p.reason));
                        }
                        if f.problems.len() > 5 {
                            out.push_str(&format!("  … and {} more\n", f.skipped_total() - 5));
                        }
                        for w in f.all_warnings() {
                            out.push_str(&format!("  warning:  {}\n", w.located(path)));
                        }
                    }
                    Err(e) => out.push_str(&format!("{path}\n  error:    {e}\n")),
                }
            }
        }
        let code = write_out(args, &out);
        if failed { ExitCode::from(1) } else { code }
    }
}

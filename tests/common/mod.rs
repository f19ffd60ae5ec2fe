//! The fixed data of the report tests (tests/report_html.rs, tests/report_charts.rs): eight weeks
//! of three teams, one named like markup, one with `&` and quotes; and the report the CLI makes of
//! files, computed through the library.
#![allow(dead_code)]

use doralens::core::import::{Hint, ImportOptions, SkipClass, import_file, into_dataset};
use doralens::core::metrics::{AnalysisOptions, DORA_2023, Report, ReportOptions, analyze, report};
use doralens::core::time::parse_date;
use doralens::core::view::Annotation;

pub const HOSTILE: &str = "<script>alert(\"x\")</script>";
pub const AMPERSAND: &str = "Tom & Jerry's \"Ops\"";

/// Eight weeks of deployments of three teams (one hostile, one with `&` and quotes) and a few
/// incidents, from 2026-03-02 (a Monday).
pub fn fixture_files(dir: &str) -> Vec<(String, Hint)> {
    std::fs::create_dir_all(dir).unwrap();
    let mut d = String::from("id,team,service,environment,status,deployed_at,first_commit_at,failed\n");
    let mut n = 0;
    for day in 0..56u32 {
        let date = |h: u32| {
            let (m, dd) = if day < 30 { (3, day + 2) } else { (4, day - 29) };
            format!("2026-{m:02}-{dd:02}T{h:02}:00:00Z")
        };
        let teams: [(&str, &str, u32); 3] =
            [("Payments", "pay", 1), (HOSTILE, "x-svc", 2), (AMPERSAND, "tj", 3 + (day / 14))];
        for (team, svc, every) in teams {
            if day % every == 0 {
                n += 1;
                let failed = n % 7 == 0;
                let team = format!("\"{}\"", team.replace('"', "\"\""));
                d.push_str(&format!(
                    "d{n},{team},{svc},production,success,{},{},{failed}\n",
                    date(14),
                    date(8 - (day % 5))
                ));
            }
        }
    }
    let i = "id,team,service,started_at,resolved_at,severity,caused_by,title\n\
INC-1,Payments,pay,2026-03-10T15:00:00Z,2026-03-10T17:30:00Z,SEV2,,Card declines\n\
INC-2,Payments,pay,2026-04-07T15:00:00Z,2026-04-07T16:00:00Z,SEV3,,Slow ledger\n";
    let dep = format!("{dir}/deployments.csv");
    let inc = format!("{dir}/incidents.csv");
    std::fs::write(&dep, d).unwrap();
    std::fs::write(&inc, i).unwrap();
    vec![(dep, Hint::Deployments), (inc, Hint::Incidents)]
}

/// The report the CLI computes, through the library: every file's warnings, the merge's, the
/// report's, in the CLI's order.
pub fn library_report(files: &[(String, Hint)], from: &str, to: &str) -> Report {
    let mut imports = Vec::new();
    let mut warnings = Vec::new();
    for (i, (path, hint)) in files.iter().enumerate() {
        let bytes = std::fs::read(path).unwrap();
        let opts = ImportOptions { hint: *hint, ..ImportOptions::default() };
        let f = import_file(path, &bytes, i as u32, &opts).unwrap();
        assert_eq!(f.skipped_by(SkipClass::Invalid), 0, "{path}: the fixture is valid");
        warnings.extend(f.invalid_warning().into_iter().chain(f.all_warnings().iter().map(|w| w.located(&f.name))));
        imports.push(f);
    }
    let (data, merge) = into_dataset(imports);
    warnings.extend(merge);
    let a = analyze(&data, &AnalysisOptions::default());
    let opts = ReportOptions {
        from: Some(parse_date(from).unwrap()),
        to: Some(parse_date(to).unwrap()),
        benchmark: DORA_2023,
        overall_trend: true,
        ..ReportOptions::default()
    };
    let mut r = report(&a, &opts, 0);
    warnings.append(&mut r.warnings);
    r.warnings = warnings;
    r
}

pub fn notes() -> Vec<Annotation> {
    vec![
        Annotation::parse("2026-04-01=Moved to trunk-based development").unwrap(),
        Annotation::parse("2026-03-16=<b>Freeze</b> & \"audit\"").unwrap(),
    ]
}

/// The report written as a rollup (CSV, JSON array, JSON Lines) and read back equals it field for
/// field and bit for bit, in all four report formats; only the warnings differ: the read one says
/// where it came from.
pub fn assert_rollup_round_trip(r: &Report, what: &str) {
    use doralens::core::export::{ReportFormat, RollupFormat};
    use doralens::core::metrics::rollup::report_from_rollup;
    let json = RollupFormat::Json.render(r);
    let lines: String =
        json.lines().filter(|l| *l != "[" && *l != "]").map(|l| format!("{}\n", l.trim_end_matches(','))).collect();
    let mut want = r.clone();
    want.warnings = vec![format!("computed from the rollup r.csv (doralens {})", env!("CARGO_PKG_VERSION"))];
    for (form, text) in [("csv", RollupFormat::Csv.render(r)), ("json", json.clone()), ("json lines", lines)] {
        let back = report_from_rollup("r.csv", &text).unwrap_or_else(|e| panic!("[{what}] {form}: {e:?}\n{text}"));
        assert_eq!(back, want, "[{what}] {form}");
        for f in ReportFormat::ALL {
            assert_eq!(f.render(&back), f.render(&want), "[{what}] {form} as {f:?}");
        }
        let bits = |r: &Report| RollupFormat::Csv.render(r);
        assert_eq!(bits(&back), bits(r), "[{what}] {form}: the numbers bit for bit");
    }
}

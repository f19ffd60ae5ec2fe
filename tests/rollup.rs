//! The rollup (docs/rollup.md): a report written as rows, on fixed data with hand-computed numbers.

mod common;

use doralens::core::export::RollupFormat;
use doralens::core::import::{Hint, ImportOptions, build_dataset, import_file};
use doralens::core::metrics::rollup::report_from_rollup;
use doralens::core::metrics::{AnalysisOptions, Report, ReportOptions, analyze, report};
use doralens::core::time::parse_date;

/// Two teams over two weeks (3–16 March 2025). `=ops "x"` (a formula, quotes) ships twice: at
/// 10:00 on the 4th with 1 h of lead time, failed by INC-1 (3 h to recover), and on the 11th with
/// 24 h, marked rework; `a` ships once, on the 3rd, with 2 h.
const DEPLOYS: &str = "id,team,deployed_at,first_commit_at,rework\n\
1,a,2025-03-03T10:00:00Z,2025-03-03T08:00:00Z,false\n\
2,\"=ops \"\"x\"\"\",2025-03-04T10:00:00Z,2025-03-04T09:00:00Z,false\n\
3,\"=ops \"\"x\"\"\",2025-03-11T10:00:00Z,2025-03-10T10:00:00Z,true\n";
const INCIDENTS: &str = "id,team,started_at,resolved_at,caused_by\n\
INC-1,\"=ops \"\"x\"\"\",2025-03-04T12:00:00Z,2025-03-04T15:00:00Z,2\n";

fn fixed_report() -> Report {
    let files = [
        import_file("d.csv", DEPLOYS.as_bytes(), 0, &ImportOptions { hint: Hint::Deployments, ..Default::default() }),
        import_file("i.csv", INCIDENTS.as_bytes(), 1, &ImportOptions { hint: Hint::Incidents, ..Default::default() }),
    ]
    .map(Result::unwrap);
    let (data, _) = build_dataset(&files);
    let a = analyze(&data, &AnalysisOptions::default());
    let o = ReportOptions {
        from: Some(parse_date("2025-03-03").unwrap()),
        to: Some(parse_date("2025-03-17").unwrap()),
        overall_trend: true,
        ..ReportOptions::default()
    };
    report(&a, &o, 0)
}

const HEADER: &str = "row,scope,team,from,to,days,tz,bucket,benchmark,deployments,deploy_days,deploys_per_week,\
median_deploy_days_per_week,deployment_frequency_tier,lead_time_samples,lead_time_median_hours,lead_time_p75_hours,\
lead_time_p90_hours,lead_time_tier,failed_deployments,change_failure_rate,change_failure_rate_tier,recovery_samples,\
recovery_median_hours,recovery_p90_hours,recovery_tier,open_incidents,unlinked_incidents,rework_deployments,\
rework_rate,source";

#[test]
fn a_report_is_written_as_rollup_rows() {
    let v = env!("CARGO_PKG_VERSION");
    // Lead times [1, 2, 24] h: median 2, type-7 p75 = 2 + 0.5 × 22 = 13, p90 = 2 + 0.8 × 22 = 19.6
    // (as f64, 19.6 exactly; 0.8 × 22 rounds to 17.6). The team's [1, 24]: 12.5, 18.25, 21.7 (f64:
    // 1 + 0.9 × 23 = 21.7). Deploy days per ISO week: [2, 1] overall, median 1.5; a [1, 0], 0.5,
    // medium by its one deploy day in March; 1/3 is written to the last digit that reads back.
    // The previous period (17 Feb – 3 Mar) has nothing: counts 0, a median of two empty weeks 0,
    // rates and tiers empty. Buckets: the weeks of 3 and 10 March.
    let rows = [
        "summary,overall,all,2025-03-03,2025-03-17,14,UTC,week,2023,3,3,1.5,1.5,high,3,2.0,13.0,19.6,elite,1,0.3333333333333333,low,1,3.0,3.0,high,0,0,1,0.3333333333333333",
        "previous,overall,all,2025-02-17,2025-03-03,14,UTC,week,2023,0,0,0.0,0.0,,0,,,,,0,,,0,,,,0,0,0,",
        "bucket,overall,all,2025-03-03,,7,UTC,week,2023,2,,,,,,1.5,,,,,0.5,,,3.0,,,,,,0.0",
        "bucket,overall,all,2025-03-10,,7,UTC,week,2023,1,,,,,,24.0,,,,,0.0,,,,,,,,,1.0",
        "summary,team,\"'=ops \"\"x\"\"\",2025-03-03,2025-03-17,14,UTC,week,2023,2,2,1.0,1.0,high,2,12.5,18.25,21.7,elite,1,0.5,low,1,3.0,3.0,high,0,0,1,0.5",
        "previous,team,\"'=ops \"\"x\"\"\",2025-02-17,2025-03-03,14,UTC,week,2023,0,0,0.0,0.0,,0,,,,,0,,,0,,,,0,0,0,",
        "bucket,team,\"'=ops \"\"x\"\"\",2025-03-03,,7,UTC,week,2023,1,,,,,,1.0,,,,,1.0,,,3.0,,,,,,0.0",
        "bucket,team,\"'=ops \"\"x\"\"\",2025-03-10,,7,UTC,week,2023,1,,,,,,24.0,,,,,0.0,,,,,,,,,1.0",
        "summary,team,a,2025-03-03,2025-03-17,14,UTC,week,2023,1,1,0.5,0.5,medium,1,2.0,2.0,2.0,elite,0,0.0,elite,0,,,,0,0,0,0.0",
        "previous,team,a,2025-02-17,2025-03-03,14,UTC,week,2023,0,0,0.0,0.0,,0,,,,,0,,,0,,,,0,0,0,",
        "bucket,team,a,2025-03-03,,7,UTC,week,2023,1,,,,,,2.0,,,,,0.0,,,,,,,,,0.0",
        "bucket,team,a,2025-03-10,,7,UTC,week,2023,0,,,,,,,,,,,,,,,,,,,,",
    ];
    let mut want = format!("{HEADER}\n");
    for r in rows {
        want.push_str(&format!("{r},doralens {v}\n"));
    }
    let got = RollupFormat::Csv.render(&fixed_report());
    assert_eq!(got, want, "\n{got}");
}

#[test]
fn the_json_rollup_is_an_array_of_the_same_rows() {
    let got = RollupFormat::Json.render(&fixed_report());
    let lines: Vec<&str> = got.lines().collect();
    assert_eq!((lines[0], lines[lines.len() - 1], lines.len()), ("[", "]", 14));
    let v = env!("CARGO_PKG_VERSION");
    assert_eq!(
        lines[5],
        format!(
            "{{\"row\":\"summary\",\"scope\":\"team\",\"team\":\"=ops \\\"x\\\"\",\"from\":\"2025-03-03\",\"to\":\"2025-03-17\",\
\"days\":14,\"tz\":\"UTC\",\"bucket\":\"week\",\"benchmark\":2023,\"deployments\":2,\"deploy_days\":2,\"deploys_per_week\":1.0,\
\"median_deploy_days_per_week\":1.0,\"deployment_frequency_tier\":\"high\",\"lead_time_samples\":2,\"lead_time_median_hours\":12.5,\
\"lead_time_p75_hours\":18.25,\"lead_time_p90_hours\":21.7,\"lead_time_tier\":\"elite\",\"failed_deployments\":1,\
\"change_failure_rate\":0.5,\"change_failure_rate_tier\":\"low\",\"recovery_samples\":1,\"recovery_median_hours\":3.0,\
\"recovery_p90_hours\":3.0,\"recovery_tier\":\"high\",\"open_incidents\":0,\"unlinked_incidents\":0,\"rework_deployments\":1,\
\"rework_rate\":0.5,\"source\":\"doralens {v}\"}},"
        )
    );
    assert_eq!(serde_json::from_str::<serde_json::Value>(&got).unwrap().as_array().unwrap().len(), 12);
}

/// Writes the fixed data as files and runs the CLI on them.
fn cli(dir: &str, args: &[&str]) -> std::process::Output {
    let dir = format!("{}/{dir}", env!("CARGO_TARGET_TMPDIR"));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(format!("{dir}/d.csv"), DEPLOYS).unwrap();
    std::fs::write(format!("{dir}/i.csv"), INCIDENTS).unwrap();
    std::process::Command::new(env!("CARGO_BIN_EXE_doralens"))
        .current_dir(&dir)
        .args(["report", "--deploys", "d.csv", "--incidents", "i.csv", "--from", "2025-03-03", "--to", "2025-03-17"])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn the_cli_writes_the_rollup_with_format_rollup_and_rollup_json() {
    for (format, want) in
        [("rollup", RollupFormat::Csv), ("ROLLUP-CSV", RollupFormat::Csv), ("rollup-json", RollupFormat::Json)]
    {
        let out = cli("cli-format", &["--format", format]);
        assert!(out.status.success(), "{format}: {}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(String::from_utf8(out.stdout).unwrap(), want.render(&fixed_report()), "{format}");
    }
    let out = cli("cli-format", &["--format", "rollups"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("rollup or rollup-json"));
}

#[test]
fn the_report_fixture_of_the_html_tests_survives_a_rollup() {
    let files = common::fixture_files(&format!("{}/rollup-fixture", env!("CARGO_TARGET_TMPDIR")));
    common::assert_rollup_round_trip(&common::library_report(&files, "2026-03-02", "2026-04-27"), "fixture");
    // A range cutting weeks at both ends.
    common::assert_rollup_round_trip(&common::library_report(&files, "2026-03-04", "2026-04-09"), "cut");
    common::assert_rollup_round_trip(&fixed_report(), "fixed");
}

/// The fixed report's rollup with `edit` applied to its text, read back: the error as
/// `line:column: message`, or `ok`.
fn read_edited(edit: &dyn Fn(String) -> String) -> String {
    let text = edit(RollupFormat::Csv.render(&fixed_report()));
    match report_from_rollup("r.csv", &text) {
        Ok(_) => "ok".to_string(),
        Err(e) => format!("{}:{}: {}", e.line, e.column, e.message),
    }
}

fn check(name: &str, edit: &dyn Fn(String) -> String, expected: &str) {
    let got = read_edited(edit);
    assert!(got.contains(expected), "[{name}] got {got:?}, want {expected:?}");
}

/// Replaces the first `from` after the start of line `line` (1-based).
fn on_line(line: usize, from: &'static str, to: &'static str) -> impl Fn(String) -> String {
    move |t: String| {
        let mut lines: Vec<String> = t.lines().map(str::to_string).collect();
        lines[line - 1] = lines[line - 1].replacen(from, to, 1);
        lines.join("\n") + "\n"
    }
}

/// A change to a rollup's text.
type Edit = Box<dyn Fn(String) -> String>;

#[test]
fn a_broken_rollup_is_an_error_that_says_where() {
    let drop_line = |n: usize| {
        move |t: String| t.lines().enumerate().filter(|(i, _)| i + 1 != n).map(|(_, l)| format!("{l}\n")).collect()
    };
    let cases: Vec<(&str, Edit, &str)> = vec![
        ("as written", Box::new(|t| t), "ok"),
        (
            "rows in any order",
            Box::new(|t: String| {
                let mut l: Vec<&str> = t.lines().collect();
                l[1..].reverse();
                l.join("\r\n")
            }),
            "ok",
        ),
        ("upper-case column names", Box::new(|t: String| t.replacen("row,scope,team", "ROW,Scope,TEAM", 1)), "ok"),
        ("extra columns are ignored", Box::new(|t: String| t.replace('\n', ",x\n")), "ok"),
        (
            "without source",
            Box::new(|t: String| t.lines().map(|l| format!("{}\n", &l[..l.rfind(',').unwrap()])).collect()),
            "ok",
        ),
        (
            "a missing column",
            Box::new(|t: String| t.replacen("deploy_days", "deploy_dayz", 1)),
            "1:1: not a rollup: no column deploy_days",
        ),
        (
            "a column twice",
            Box::new(|t: String| t.replacen("source", "team", 1)),
            "1:31: the column team is there twice",
        ),
        ("a bad number", Box::new(on_line(2, ",1.5,", ",1.5x,")), "2:12: \"1.5x\" is not a number"),
        ("a negative count", Box::new(on_line(2, ",2023,3,", ",2023,-3,")), "2:10: \"-3\" is not a whole number"),
        ("a bad date", Box::new(on_line(2, "2025-03-03", "2025-02-30")), "2:4: \"2025-02-30\" is not a date"),
        ("a bad tier", Box::new(on_line(2, "high", "great")), "2:14: \"great\" is not a tier"),
        ("a bucket row without its summary", Box::new(drop_line(10)), "the team \"a\" has rows but no summary row"),
        ("no previous row", Box::new(drop_line(3)), "2:1: the overall scope has no previous row"),
        (
            "two summaries",
            Box::new(|t: String| {
                let second = t.lines().nth(1).unwrap().to_string();
                format!("{t}{second}\n")
            }),
            "14:1: a second summary row for the overall scope (the first is on line 2)",
        ),
        (
            "two ranges in one file",
            Box::new(on_line(10, "2025-03-17", "2025-03-24")),
            "10:4: two ranges in one file: 2025-03-03 to 2025-03-24 here, 2025-03-03 to 2025-03-17 on line 2",
        ),
        ("a missing bucket", Box::new(drop_line(13)), "the team \"a\" has no bucket row for 2025-03-10"),
        (
            "a bucket outside the range",
            Box::new(on_line(13, "2025-03-10", "2025-03-24")),
            "13:4: 2025-03-24 is not the start of a week bucket",
        ),
        ("a bucket's days", Box::new(on_line(13, ",7,", ",6,")), "13:6: days is 6, the period has 7"),
        ("another zone on one row", Box::new(on_line(5, "UTC", "Europe/Paris")), "5:7: tz differs from line 2's"),
        (
            "a previous period that is not the one before",
            Box::new(on_line(3, "2025-02-17", "2025-02-10")),
            "3:4: this period is 2025-02-10 to 2025-03-03; the report's makes it 2025-02-17 to 2025-03-03",
        ),
        (
            "an unknown row kind",
            Box::new(on_line(4, "bucket", "week")),
            "4:1: row must be summary, previous or bucket, not \"week\"",
        ),
        (
            "the overall scope named",
            Box::new(on_line(2, ",all,", ",everyone,")),
            "2:3: the overall scope's team is \"all\"",
        ),
        (
            "no overall",
            Box::new(|t: String| t.lines().filter(|l| !l.contains(",overall,")).map(|l| format!("{l}\n")).collect()),
            "the rollup has no overall summary row",
        ),
        (
            "a summary needs its counts",
            Box::new(on_line(2, ",2023,3,", ",2023,,")),
            "2:10: deployments is empty; this row needs it",
        ),
        (
            "a benchmark year",
            Box::new(|t: String| t.replace(",2023,", ",2019,")),
            "2:9: benchmark must be 2023 or 2021, not 2019",
        ),
        ("nothing", Box::new(|_| String::new()), "1:1: the file is empty"),
        ("a header only", Box::new(|t: String| t.lines().next().unwrap().to_string()), "the rollup has no rows"),
        ("a broken quote", Box::new(on_line(6, "\"'=ops", "\"'=ops\"x")), "6:"),
    ];
    for (name, edit, expected) in &cases {
        check(name, edit.as_ref(), expected);
    }
}

#[test]
fn json_rollups_say_where_too() {
    let json = RollupFormat::Json.render(&fixed_report());
    let read = |t: &str| {
        report_from_rollup("r.json", t).map(|_| ()).map_err(|e| format!("{}:{}: {}", e.line, e.column, e.message))
    };
    assert_eq!(read(&json), Ok(()));
    // Spark leaves null fields out; BigQuery writes whole numbers as strings.
    let sparse = json.replace(",\"to\":null", "").replace("\"deployments\":3,", "\"deployments\":\"3\",");
    assert_eq!(read(&sparse), Ok(()));
    let bad = json.replacen("\"deploys_per_week\":1.5", "\"deploys_per_week\":true", 1);
    assert_eq!(read(&bad), Err("2:1: deploys_per_week: true is not a text, a number or null".into()));
    let twice = json.replacen("{\"row\":\"summary\"", "{\"ROW\":\"summary\",\"row\":\"summary\"", 1);
    assert_eq!(read(&twice), Err("2:1: the key row is there twice".into()));
    assert_eq!(read("[1]"), Err("1:2: a rollup row is a JSON object".into()));
    assert!(read("[{\"row\":").unwrap_err().starts_with("1:8: not valid JSON"));
    assert!(read("{\"row\":\"summary\"}\n{").unwrap_err().starts_with("2:"));
}

mod hostile {
    use super::*;
    use doralens::core::import::rollup::read_rows;
    use doralens::core::metrics::rollup::report_from_rows;
    use proptest::prelude::*;

    /// Never a panic; a report uses every row it read (each is a summary, a previous period or a
    /// trend point of it), else it is an error with a line.
    fn assert_accounted(text: &str) -> Result<(), TestCaseError> {
        match read_rows(text) {
            Err(e) => prop_assert!(e.line >= 1 || text.trim().is_empty(), "{e:?}"),
            Ok(rows) => match report_from_rows("r", &rows) {
                Err(e) => prop_assert!(e.line >= 1, "{e:?}"),
                Ok(r) => {
                    let points = |t: &Option<doralens::core::metrics::Trend>| t.as_ref().map_or(0, |t| t.points.len());
                    let used = 2 * (1 + r.teams.len())
                        + points(&r.overall_trend)
                        + r.trends.iter().map(|t| t.points.len()).sum::<usize>();
                    prop_assert_eq!(used, rows.rows.len());
                }
            },
        }
        Ok(())
    }

    #[derive(Clone, Debug)]
    enum Edit {
        Delete(usize, usize),
        Insert(usize, u8),
        DuplicateLine(usize),
        SwapLines(usize, usize),
        BlankField(usize, usize),
    }

    fn edit(text: &str, e: &Edit) -> String {
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        let n = lines.len().max(1);
        match *e {
            Edit::Delete(at, len) => {
                let b = text.as_bytes();
                let at = at % b.len().max(1);
                let end = (at + len % 40).min(b.len());
                String::from_utf8_lossy(&[&b[..at], &b[end..]].concat()).into_owned()
            }
            Edit::Insert(at, byte) => {
                let b = text.as_bytes();
                let at = at % (b.len() + 1);
                let byte = [b',', b'"', b'\n', b'{', b'}', b'[', b']', b'-', b'.', b'e', b'0', b'9', b'\'', byte]
                    [byte as usize % 14];
                String::from_utf8_lossy(&[&b[..at], &[byte][..], &b[at..]].concat()).into_owned()
            }
            Edit::DuplicateLine(i) => {
                let l = lines[i % n].clone();
                lines.insert(i % n, l);
                lines.join("\n")
            }
            Edit::SwapLines(i, j) => {
                lines.swap(i % n, j % n);
                lines.join("\n")
            }
            Edit::BlankField(i, f) => {
                let l = &lines[i % n];
                let mut fields: Vec<&str> = l.split(',').collect();
                let k = f % fields.len();
                fields[k] = "";
                lines[i % n] = fields.join(",");
                lines.join("\n")
            }
        }
    }

    fn edits() -> impl Strategy<Value = Vec<Edit>> {
        let one = prop_oneof![
            (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::Delete(a, b)),
            (any::<usize>(), any::<u8>()).prop_map(|(a, b)| Edit::Insert(a, b)),
            any::<usize>().prop_map(Edit::DuplicateLine),
            (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::SwapLines(a, b)),
            (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::BlankField(a, b)),
        ];
        proptest::collection::vec(one, 1..4)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]
        #[test]
        fn mutated_csv_and_json_rollups(es in edits(), json in any::<bool>()) {
            let format = if json { RollupFormat::Json } else { RollupFormat::Csv };
            let mut text = format.render(&fixed_report());
            for e in &es {
                text = edit(&text, e);
            }
            assert_accounted(&text)?;
        }

        #[test]
        fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            assert_accounted(&String::from_utf8_lossy(&bytes))?;
        }

        #[test]
        fn rows_from_several_rollups_mixed(lines in proptest::collection::vec(0usize..40, 0..30)) {
            let a = RollupFormat::Csv.render(&fixed_report());
            let files = common::fixture_files(&format!("{}/rollup-hostile", env!("CARGO_TARGET_TMPDIR")));
            let b = RollupFormat::Csv.render(&common::library_report(&files, "2026-03-02", "2026-04-27"));
            let pool: Vec<&str> = a.lines().skip(1).chain(b.lines().skip(1)).collect();
            let mut text = format!("{}\n", a.lines().next().unwrap());
            for i in lines {
                text.push_str(pool[i % pool.len()]);
                text.push('\n');
            }
            assert_accounted(&text)?;
        }
    }
}

fn run_in(dir: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_doralens")).current_dir(dir).args(args).output().unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

/// The JSON report without its warnings.
fn without_warnings(json: &str) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_str(json).unwrap();
    v["warnings"] = serde_json::Value::Null;
    v
}

#[test]
fn report_rollup_gives_the_report_of_the_raw_files() {
    let dir = format!("{}/cli-rollup", env!("CARGO_TARGET_TMPDIR"));
    let out = cli("cli-rollup", &["--format", "rollup", "--output", "r.csv"]);
    assert!(out.status.success());
    let range = ["--from", "2025-03-03", "--to", "2025-03-17"];
    let raw = ["report", "--deploys", "d.csv", "--incidents", "i.csv"];
    for format in ["json", "markdown", "csv", "html"] {
        let (code, from_rollup, err) = run_in(&dir, &["report", "--rollup", "r.csv", "--format", format]);
        assert_eq!(code, Some(0), "{format}: {err}");
        assert!(err.contains("computed from the rollup r.csv (doralens "), "{err}");
        let (_, from_raw, _) = run_in(&dir, &[&raw[..], &range[..], &["--format", format]].concat());
        if format == "json" {
            assert_eq!(without_warnings(&from_rollup), without_warnings(&from_raw));
            assert!(from_rollup.contains("computed from the rollup r.csv"));
        } else if format == "csv" {
            assert_eq!(from_rollup, from_raw);
        } else {
            assert!(from_rollup.contains("computed from the rollup r.csv"), "{format}");
        }
    }
    // One team: what --team gives from the raw files; the range, zone and bucket may be repeated.
    let (code, one, err) = run_in(
        &dir,
        &["report", "--rollup", "r.csv", "--team", "a", "--from", "2025-03-03", "--tz", "UTC", "--bucket", "week"],
    );
    assert_eq!(code, Some(0), "{err}");
    let (_, raw_one, _) = run_in(&dir, &[&raw[..], &range[..], &["--team", "a"]].concat());
    assert_eq!(without_warnings(&one), without_warnings(&raw_one));
    // A rollup of a rollup is the rollup.
    let (_, again, _) = run_in(&dir, &["report", "--rollup", "r.csv", "--format", "rollup"]);
    assert_eq!(again, std::fs::read_to_string(format!("{dir}/r.csv")).unwrap());
}

#[test]
fn report_rollup_refuses_what_needs_the_raw_data() {
    let dir = format!("{}/cli-rollup-refuses", env!("CARGO_TARGET_TMPDIR"));
    assert!(cli("cli-rollup-refuses", &["--format", "rollup", "--output", "r.csv"]).status.success());
    std::fs::write(format!("{dir}/bad.csv"), "row,scope\nsummary,overall\n").unwrap();
    for (args, code, message) in [
        (
            &["--deploys", "d.csv"][..],
            2,
            "--rollup r.csv: --deploys reads raw data: a rollup is a report already computed",
        ),
        (&["--service", "api"], 2, "--service needs the raw data: a rollup has no services"),
        (&["--team", "a", "--team", "b"], 2, "one --team at a time"),
        (&["--from", "2025-03-10"], 2, "the rollup's from is 2025-03-03; --from 2025-03-10 needs the raw data"),
        (&["--tz", "Europe/Paris"], 2, "the rollup's tz is UTC"),
        (&["--bucket", "month"], 2, "the rollup's trend is by week; another bucket needs the raw data"),
        (&["--benchmark", "2021"], 2, "the rollup's benchmark is 2023"),
        (&["--team", "nobody"], 1, "r.csv: no team \"nobody\" in the rollup (its teams: =ops \"x\", a)"),
    ] {
        let (got, _, err) = run_in(&dir, &[&["report", "--rollup", "r.csv"][..], args].concat());
        assert_eq!(got, Some(code), "{args:?}: {err}");
        assert!(err.contains(message), "{args:?}: {err}");
    }
    let (got, _, err) = run_in(&dir, &["report", "--rollup", "bad.csv"]);
    assert_eq!(got, Some(1));
    assert!(err.contains("bad.csv:1:1: not a rollup: no column team"), "{err}");
}

#[test]
fn a_rollup_given_as_records_says_what_it_is() {
    let dir = format!("{}/cli-rollup-as-records", env!("CARGO_TARGET_TMPDIR"));
    assert!(cli("cli-rollup-as-records", &["--format", "rollup-json", "--output", "r.json"]).status.success());
    assert!(cli("cli-rollup-as-records", &["--format", "rollup", "--output", "r.csv"]).status.success());
    for file in ["r.csv", "r.json"] {
        let (code, _, err) = run_in(&dir, &["report", "--deploys", file]);
        assert_eq!(code, Some(1), "{err}");
        assert!(err.contains(&format!("{file}:1:1: this is a rollup (docs/rollup.md)")), "{err}");
        assert!(err.contains("doralens report --rollup FILE"), "{err}");
    }
}

#[test]
fn the_dashboard_says_where_a_rollup_came_from_and_what_needs_the_raw_data() {
    use doralens::core::view::{rollup_note, rollup_range, shown_rollup};
    let text = RollupFormat::Csv.render(&fixed_report());
    let r = shown_rollup("rollup.csv", text.as_bytes()).expect("a rollup").unwrap();
    assert_eq!(
        rollup_note(&r),
        format!(
            "Computed from the rollup rollup.csv (doralens {}). Range, grouping, time zone, teams, services, benchmark and link window: needs the raw data.",
            env!("CARGO_PKG_VERSION")
        )
    );
    let day = |d: &str| doralens::core::time::parse_date(d).unwrap();
    assert_eq!(rollup_range(&r), (day("2025-03-03"), day("2025-03-17")));
    assert!(shown_rollup("d.csv", DEPLOYS.as_bytes()).is_none(), "raw records are imported");
}

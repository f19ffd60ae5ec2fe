//! The rollup (docs/rollup.md): a report written as rows, on fixed data with hand-computed numbers.

mod common;

use doralens::core::export::RollupFormat;
use doralens::core::import::{Hint, ImportOptions, build_dataset, import_file};
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

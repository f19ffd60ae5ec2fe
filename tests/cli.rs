//! The CLI contract: flags, output formats, exit codes and messages, as a script would see them.

use std::process::{Command, Output};

fn doralens(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_doralens"));
    cmd.args(args).current_dir(env!("CARGO_MANIFEST_DIR"));
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("the CLI runs")
}

fn tmp(name: &str, content: &str) -> String {
    let dir = std::env::temp_dir().join(format!("doralens-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p.to_string_lossy().into_owned()
}

const DEMO: [&str; 6] = [
    "--deploys",
    "public/demo/deployments.csv",
    "--incidents",
    "public/demo/incidents.csv",
    "--teams",
    "public/demo/teams.csv",
];

#[test]
fn report_json_on_the_demo_data() {
    let out = doralens(&[&["report"], &DEMO[..], &["--from", "2026-08-01", "--to", "2026-11-01"]].concat(), &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["range"], serde_json::json!({"from": "2026-08-01", "to": "2026-11-01", "tz": "UTC"}));
    assert_eq!(v["overall"]["team"], "all");
    let teams: Vec<&str> = v["teams"].as_array().unwrap().iter().map(|t| t["team"].as_str().unwrap()).collect();
    let mut sorted = teams.clone();
    sorted.sort();
    assert_eq!(teams, sorted, "teams are sorted by name");
    assert!(teams.len() >= 5);
    let sum: u64 = v["teams"].as_array().unwrap().iter().map(|t| t["deployments"].as_u64().unwrap()).sum();
    assert_eq!(sum, v["overall"]["deployments"].as_u64().unwrap());
    for key in ["lead_time", "change_failure_rate", "recovery_time", "rework_rate", "previous"] {
        assert!(v["overall"][key].is_object(), "{key}");
    }
    assert_eq!(v["trends"].as_array().unwrap().len(), teams.len());
    // 2026-07-27 is the Monday of the week holding 2026-08-01.
    assert_eq!(v["trends"][0]["points"][0]["start"], "2026-07-27");
}

#[test]
fn markdown_and_csv_outputs() {
    let md = doralens(&[&["report"], &DEMO[..], &["--format", "markdown"]].concat(), &[]);
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(md.contains("| Team |") && md.contains("**All teams**"), "{md}");
    let csv = doralens(&[&["report"], &DEMO[..], &["--format", "csv", "--bucket", "month"]].concat(), &[]);
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(csv.starts_with("team,from,to,tz,deployments,"), "{csv}");
    assert!(csv.lines().nth(1).unwrap().starts_with("all,"));
}

#[test]
fn bad_input_names_file_line_and_column() {
    let bad = tmp("bad.csv", "id,deployed_at\nd1,not-a-time\n");
    let out = doralens(&["report", "--deploys", &bad], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{bad}:2:2")) && err.contains("not-a-time"), "{err}");

    let unknown = tmp("what.csv", "foo,bar\n1,2\n");
    let out = doralens(&["report", "--deploys", &unknown], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a recognised format"));

    let out = doralens(&["report", "--deploys", "no/such/file.csv"], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/file.csv"));
}

#[test]
fn a_bad_row_among_good_ones_is_a_warning_with_counts() {
    let f = tmp("partial.csv", "id,deployed_at\nd1,2025-01-01T10:00:00Z\nd2,2025-13-01\nd3,2025-01-02T10:00:00Z\n");
    let out = doralens(&["report", "--deploys", &f], &[]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["overall"]["deployments"], 2);
    let w = v["warnings"][0].as_str().unwrap();
    assert!(w.contains("1 of 3 rows skipped as invalid") && w.contains(":3:2"), "{w}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("warning"));
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        vec!["report", "--deploys", "public/demo/deployments.csv", "--bucket", "day"],
        vec!["report", "--deploys", "public/demo/deployments.csv", "--tz", "Mars/Olympus"],
        vec!["report", "--deploys", "public/demo/deployments.csv", "--from", "2025-02-30"],
        vec!["report", "--deploys", "public/demo/deployments.csv", "--benchmark", "2019"],
        vec!["report", "--deploys", "public/demo/deployments.csv", "--format", "xml"],
        vec!["frobnicate"],
    ] {
        assert_eq!(doralens(&args, &[]).status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn inspect_accounts_for_every_row() {
    let out =
        doralens(&["inspect", "--format", "json", "public/demo/deployments.csv", "public/demo/incidents.csv"], &[]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for f in v.as_array().unwrap() {
        let read = f["rows_read"].as_u64().unwrap();
        assert_eq!(read, f["rows_imported"].as_u64().unwrap() + f["rows_skipped"].as_u64().unwrap());
        let by_reason: u64 =
            f["skipped_by_reason"].as_array().unwrap().iter().map(|r| r["count"].as_u64().unwrap()).sum();
        assert_eq!(by_reason, f["rows_skipped"].as_u64().unwrap());
        assert_eq!(f["format"], "canonical-csv");
    }
    let text = doralens(&["inspect", "public/demo/deployments.csv"], &[]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("format:") && text.contains("rows:") && text.contains("not production"), "{text}");
}

#[test]
fn large_files_read_in_blocks_give_the_same_report() {
    let whole = doralens(&[&["report"], &DEMO[..]].concat(), &[]);
    let blocks = doralens(&[&["report"], &DEMO[..]].concat(), &[("DORALENS_BLOCK_BYTES", "4096")]);
    assert!(blocks.status.success());
    assert_eq!(String::from_utf8_lossy(&whole.stdout), String::from_utf8_lossy(&blocks.stdout));
    let i1 = doralens(&["inspect", "--format", "json", "public/demo/deployments.csv"], &[]);
    let i2 =
        doralens(&["inspect", "--format", "json", "public/demo/deployments.csv"], &[("DORALENS_BLOCK_BYTES", "4096")]);
    assert_eq!(String::from_utf8_lossy(&i1.stdout), String::from_utf8_lossy(&i2.stdout));

    // DevLake's deployment commits, whose deployments have rows all over the file; a file with a
    // quote that runs on over many lines; one whose text stops being UTF-8 far in.
    let devlake = std::fs::read_to_string("tests/fixtures/devlake/cicd_deployment_commits.csv").unwrap();
    let (header, rows) = devlake.split_at(devlake.find('\n').unwrap() + 1);
    let many = format!("{header}{}", rows.repeat(60));
    let (header, rows) = DEMO_ROWS.split_at(DEMO_ROWS.find('\n').unwrap() + 1);
    let runs_on = format!("{header}{}{}", rows.repeat(40), rows.replacen(",prod", ",\"prod", 1).repeat(40));
    let not_utf8 = format!("{header}{}not\u{fffd}utf8\n", rows.repeat(80)).replace('\u{fffd}', "\u{1}");
    for (name, text) in [("commits.csv", many), ("runs-on.csv", runs_on), ("latin1.csv", not_utf8)] {
        let path = tmp(name, &text);
        let mut bytes = text.into_bytes();
        if let Some(at) = bytes.iter().position(|&b| b == 1) {
            bytes[at] = 0xE9;
            std::fs::write(&path, &bytes).unwrap();
        }
        let args = ["inspect", "--format", "json", path.as_str()];
        let (i1, i2) = (doralens(&args, &[]), doralens(&args, &[("DORALENS_BLOCK_BYTES", "4096")]));
        assert_eq!(i1.status.code(), i2.status.code(), "{name}");
        assert_eq!(String::from_utf8_lossy(&i1.stdout), String::from_utf8_lossy(&i2.stdout), "{name}");
        assert_eq!(String::from_utf8_lossy(&i1.stderr), String::from_utf8_lossy(&i2.stderr), "{name}");
    }
}

/// Rows in no particular order, ids repeated within a file (later, earlier and equal times, the
/// later row of a tie with another status) and across two files: read in blocks (each block's
/// deployments sorted on its core, the runs merged) the report and its notes equal the whole read.
#[test]
fn unordered_files_read_in_blocks_give_the_same_report_and_notes() {
    let mut seed = 0x9e37_79b9_u64;
    let mut next = move |n: u64| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % n
    };
    let header = "id,team,service,environment,status,deployed_at,commit_sha,first_commit_at\n";
    let mut files = [String::from(header), String::from(header)];
    for i in 0..6000u64 {
        let id = if next(10) == 0 { next(300) } else { i };
        let day = 1 + next(27);
        let (hour, minute) = (next(24), if next(4) == 0 { 0 } else { next(60) });
        let status = ["success", "success", "failed"][next(3) as usize];
        let env = ["production", "production", "production", "staging"][next(4) as usize];
        let row = format!(
            "{id},team-{t},svc-{s},{env},{status},2025-03-{day:02}T{hour:02}:{minute:02}:00Z,{sha:040x},2025-02-{day:02}T08:00:00Z\n",
            t = next(5),
            s = next(9),
            sha = next(u64::MAX)
        );
        files[next(2) as usize].push_str(&row);
    }
    let (a, b) = (tmp("unordered-a.csv", &files[0]), tmp("unordered-b.csv", &files[1]));
    let args = ["report", "--deploys", a.as_str(), b.as_str(), "--format", "json"];
    let whole = doralens(&args, &[]);
    let blocks = doralens(&args, &[("DORALENS_BLOCK_BYTES", "2048")]);
    assert!(whole.status.success(), "{}", String::from_utf8_lossy(&whole.stderr));
    assert!(String::from_utf8_lossy(&whole.stderr).contains("duplicate id"), "the data has duplicates");
    assert_eq!(String::from_utf8_lossy(&whole.stdout), String::from_utf8_lossy(&blocks.stdout));
    assert_eq!(String::from_utf8_lossy(&whole.stderr), String::from_utf8_lossy(&blocks.stderr));
    let v: serde_json::Value = serde_json::from_slice(&whole.stdout).unwrap();
    assert!(v["warnings"].to_string().contains("more than one file"), "{}", v["warnings"]);
}

/// A few canonical deployments, one per line.
const DEMO_ROWS: &str = "id,service,deployed_at,environment\n\
    d1,api,2025-01-02T10:00:00Z,production\n\
    d2,web,2025-01-03T10:00:00Z,production\n\
    d3,api,2025-01-04T10:00:00Z,staging\n";

/// `--date-format` reads numeric dates no value of the file decides; without it they are refused
/// with a reason and a warning that names the flag; a value that says no order is a usage error.
#[test]
fn date_format_decides_what_the_file_cannot() {
    let file = tmp("undecided.csv", "number,opened_at,resolved_at\nINC1,05-03-2016 01:16,06-03-2016 02:00\n");
    let inspect = |extra: &[&str]| {
        let out = doralens(&[&["inspect", file.as_str(), "--format", "json"], extra].concat(), &[]);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
        (out.status.code(), v[0]["rows_imported"].as_u64(), v[0]["warnings"].to_string())
    };
    let (code, imported, warnings) = inspect(&[]);
    assert_eq!((code, imported), (Some(0), Some(0)));
    assert!(warnings.contains("--date-format"), "{warnings}");
    for flag in ["dd-mm-yyyy", "mm/dd/yyyy", "dd.mm.yyyy"] {
        assert_eq!(inspect(&["--date-format", flag]).1, Some(1), "{flag}");
    }
    let out = doralens(&["inspect", file.as_str(), "--date-format", "yyyy"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--date-format"));
}

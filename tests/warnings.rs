//! Nothing crashes, nothing is silent: what `doralens report` says about odd files, as a user sees it
//! (exit code, the report JSON's `warnings`, standard error). One case per row, through one `check`.

use std::process::Command;

/// One file of a case: the flag it is given with, its name and its content.
type File<'a> = (&'a str, &'a str, &'a str);

struct Case<'a> {
    what: &'a str,
    files: Vec<File<'a>>,
    /// 0: a report; 1: a file that cannot be used.
    exit: i32,
    /// Every one of these is a whole warning, in the JSON and on stderr (`{dir}` is the folder the
    /// files are in). On exit 1, the error on stderr.
    warnings: Vec<String>,
}

fn check(case: Case) {
    let dir = std::env::temp_dir().join(format!("doralens-warnings-{}-{}", std::process::id(), slug(case.what)));
    std::fs::create_dir_all(&dir).unwrap();
    let mut args: Vec<String> = vec!["report".into()];
    for (flag, name, content) in &case.files {
        let p = dir.join(name);
        std::fs::write(&p, content).unwrap();
        args.push(flag.to_string());
        args.push(p.to_string_lossy().into_owned());
    }
    let out = Command::new(env!("CARGO_BIN_EXE_doralens")).args(&args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let d = dir.to_string_lossy();
    assert_eq!(out.status.code(), Some(case.exit), "[{}] exit code; stderr:\n{stderr}", case.what);
    let want: Vec<String> = case.warnings.iter().map(|w| w.replace("{dir}", &d)).collect();
    if case.exit == 0 {
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let got: Vec<&str> = v["warnings"].as_array().unwrap().iter().map(|w| w.as_str().unwrap()).collect();
        for w in &want {
            assert!(
                got.contains(&w.as_str()),
                "[{}] warning\n  {w}\nnot in the JSON's\n  {}",
                case.what,
                got.join("\n  ")
            );
            assert!(
                stderr.contains(&format!("doralens: warning: {w}\n")),
                "[{}] {w}\nnot on stderr:\n{stderr}",
                case.what
            );
        }
    } else {
        for w in &want {
            assert!(stderr.contains(w.as_str()), "[{}] {w}\nnot on stderr:\n{stderr}", case.what);
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}

fn slug(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect()
}

/// 300 staging deployments, then `prod` production ones, with `broken` on the line after the
/// staging rows (the user's one row to fix), as canonical CSV.
fn staging_heavy_csv(prod: usize, broken: &str) -> String {
    let mut s = String::from("id,service,environment,deployed_at\n");
    for i in 0..300 {
        s += &format!("s{i},api,staging,2025-03-{:02}T10:00:00Z\n", 1 + i % 28);
    }
    s += broken;
    s += "\n";
    for i in 0..prod {
        s += &format!("p{i},api,production,2025-03-{:02}T12:00:00Z\n", 1 + i % 28);
    }
    s
}

/// The same rows as JSON Lines.
fn staging_heavy_ndjson(prod: usize) -> String {
    let mut s = String::new();
    for i in 0..300 {
        s += &format!("{{\"id\":\"s{i}\",\"environment\":\"staging\",\"deployed_at\":\"2025-03-01T10:00:00Z\"}}\n");
    }
    s += "{\"id\":\"bad\",\"environment\":\"production\",\"deployed_at\":\"not-a-time\"}\n";
    for i in 0..prod {
        s += &format!("{{\"id\":\"p{i}\",\"environment\":\"production\",\"deployed_at\":\"2025-03-02T10:00:00Z\"}}\n");
    }
    s
}

const INCIDENT_HEADER: &str = "id,service,started_at,resolved_at,caused_by\n";
const DEPLOYS: &str = "id,service,deployed_at\nd1,api,2025-03-03T10:00:00Z\nd2,api,2025-03-04T10:00:00Z\n";

#[test]
fn odd_files_get_a_warning_naming_file_and_line() {
    let heavy = staging_heavy_csv(3, "bad,api,production,not-a-time");
    let heavy_nd = staging_heavy_ndjson(3);
    let only_broken = staging_heavy_csv(0, "bad,api,production,not-a-time");
    let incidents = format!("{INCIDENT_HEADER}i1,api,2025-03-03T11:00:00Z,2025-03-03T12:00:00Z,\n");
    let resolved_early = format!("{INCIDENT_HEADER}i1,api,2025-03-03T11:00:00Z,2025-03-03T10:00:00Z,\n");
    let resolved_far = format!("{INCIDENT_HEADER}i1,api,2025-03-03T11:00:00Z,2999-01-01T00:00:00Z,\n");
    let unmatched = format!("{INCIDENT_HEADER}i1,api,2025-03-03T11:00:00Z,,d1\ni2,api,2025-03-04T11:00:00Z,,zzz\n");
    for case in [
        Case {
            what: "one broken row among 300 staging rows (the crash of exit 134)",
            files: vec![("--deploys", "deploys.csv", &heavy)],
            exit: 0,
            warnings: vec![
                "{dir}/deploys.csv: 1 of 304 rows skipped as invalid (1 unparseable time); first at \
                 {dir}/deploys.csv:302:4: unparseable time (deployed_at: \"not-a-time\" is not a timestamp (expected ISO 8601 such as 2025-03-01T14:05:00Z))"
                    .into(),
            ],
        },
        Case {
            what: "the same in JSON Lines",
            files: vec![("--deploys", "deploys.ndjson", &heavy_nd)],
            exit: 0,
            warnings: vec![
                "{dir}/deploys.ndjson: 1 of 304 rows skipped as invalid (1 unparseable time); first at \
                 {dir}/deploys.ndjson:301:1: unparseable time (deployed_at: \"not-a-time\" is not a timestamp (expected ISO 8601 such as 2025-03-01T14:05:00Z))"
                    .into(),
            ],
        },
        Case {
            what: "no row of the file can be imported",
            files: vec![("--deploys", "deploys.csv", &only_broken)],
            exit: 1,
            warnings: vec![
                "doralens: {dir}/deploys.csv:302:4: unparseable time (deployed_at: \"not-a-time\" is not a timestamp (expected ISO 8601 such as 2025-03-01T14:05:00Z)) \
                 (no row of {dir}/deploys.csv could be imported: 1 unparseable time)"
                    .into(),
            ],
        },
        Case {
            what: "a header and no rows",
            files: vec![("--deploys", "deploys.csv", DEPLOYS), ("--incidents", "incidents.csv", INCIDENT_HEADER)],
            exit: 0,
            warnings: vec!["{dir}/incidents.csv:1: no rows in this file".into()],
        },
        Case {
            what: "an empty list and an empty file",
            files: vec![("--deploys", "deploys.csv", DEPLOYS), ("--deploys", "more.json", "[]\n"), ("--incidents", "none.csv", "")],
            exit: 0,
            warnings: vec!["{dir}/more.json:1: no rows in this file".into(), "{dir}/none.csv:1: no rows in this file".into()],
        },
        Case {
            what: "incidents given as deployments",
            files: vec![("--deploys", "deploys.csv", DEPLOYS), ("--deploys", "incidents.csv", &incidents)],
            exit: 0,
            warnings: vec![
                "{dir}/incidents.csv: given as deployments, but it holds incidents (Canonical CSV): read as incidents; \
                 if that is wrong, choose the format (--input-format, or the file's format menu)"
                    .into(),
            ],
        },
        Case {
            what: "a teams mapping given as incidents",
            files: vec![("--deploys", "deploys.csv", DEPLOYS), ("--incidents", "teams.csv", "service,team\napi,Payments\n")],
            exit: 0,
            warnings: vec![
                "{dir}/teams.csv: given as incidents, but it holds a teams mapping (Teams mapping (CSV)): read as a teams \
                 mapping; if that is wrong, choose the format (--input-format, or the file's format menu)"
                    .into(),
            ],
        },
        Case {
            what: "a deployment in 1970 and one in year 1",
            files: vec![(
                "--deploys",
                "deploys.csv",
                "id,service,deployed_at\nd1,api,2025-03-03T10:00:00Z\nd0,api,1970-01-01T00:00:00Z\nz,api,0001-01-01T00:00:00Z\n",
            )],
            exit: 0,
            warnings: vec![
                "{dir}/deploys.csv: 2 of 3 rows skipped as invalid (2 implausible time); first at {dir}/deploys.csv:3:1: \
                 implausible time (deployed_at 1970-01-01T00:00:00Z is before 1990 or after 2100)"
                    .into(),
            ],
        },
        Case {
            what: "commit times that cannot be right",
            files: vec![(
                "--deploys",
                "deploys.csv",
                "id,service,deployed_at,first_commit_at\nd1,api,2025-03-03T10:00:00Z,1980-01-01T00:00:00Z\n\
                 d2,api,2025-03-04T10:00:00Z,2010-01-01T00:00:00Z\nd3,api,2025-03-05T10:00:00Z,2011-01-01T00:00:00Z\n",
            )],
            exit: 0,
            warnings: vec![
                "{dir}/deploys.csv:2: 1 commit time before 1990 or after 2100 dropped (no lead time from them) \
                 (first: d1 first_commit_at 1980-01-01T00:00:00Z is before 1990 or after 2100)"
                    .into(),
                "{dir}/deploys.csv:3: 2 lead times over ten years dropped (a commit time that cannot be right) \
                 (first: d2: first_commit_at 2010-01-01T00:00:00Z for a deployment at 2025-03-04T10:00:00Z)"
                    .into(),
            ],
        },
        Case {
            what: "an incident resolved before it started",
            files: vec![("--deploys", "deploys.csv", DEPLOYS), ("--incidents", "incidents.csv", &resolved_early)],
            exit: 0,
            warnings: vec![
                "{dir}/incidents.csv:2: 1 incident resolved before it started: no recovery time from them \
                 (first: i1: started 2025-03-03T11:00:00Z, resolved 2025-03-03T10:00:00Z)"
                    .into(),
            ],
        },
        Case {
            what: "a resolution in 2999",
            files: vec![("--deploys", "deploys.csv", DEPLOYS), ("--incidents", "incidents.csv", &resolved_far)],
            exit: 0,
            warnings: vec![
                "{dir}/incidents.csv:2: 1 resolution time before 1990 or after 2100 dropped (those incidents count as \
                 open) (first: i1 resolved_at 2999-01-01T00:00:00Z is before 1990 or after 2100)"
                    .into(),
            ],
        },
        Case {
            what: "a header naming a column twice",
            files: vec![("--deploys", "deploys.csv", "id,service,deployed_at,service\nd1,api,2025-03-03T10:00:00Z,web\n")],
            exit: 0,
            warnings: vec![
                "{dir}/deploys.csv:1: the header names \"service\" more than once (columns 2 and 4): column 2 is read, \
                 the others are ignored"
                    .into(),
            ],
        },
        Case {
            what: "control characters in a name",
            files: vec![(
                "--deploys",
                "deploys.csv",
                "id,service,deployed_at\nd1,api,2025-03-03T10:00:00Z\nd2,pay\0ments,2025-03-04T10:00:00Z\nd3,pay\0ments,2025-03-05T10:00:00Z\n",
            )],
            exit: 0,
            warnings: vec![
                "{dir}/deploys.csv:3: control characters (NUL and friends) removed from 2 names (first: \"pay\\0ments\")"
                    .into(),
            ],
        },
        Case {
            what: "a caused_by that matches nothing",
            files: vec![("--deploys", "deploys.csv", DEPLOYS), ("--incidents", "incidents.csv", &unmatched)],
            exit: 0,
            warnings: vec![
                "{dir}/incidents.csv:3: 1 incident(s) have a caused_by that matches no deployment id or commit; linked \
                 by service/team instead (first: i2 caused_by \"zzz\")"
                    .into(),
            ],
        },
    ] {
        check(case);
    }
}

/// One deployment time that cannot be right never stretches the report's default range.
#[test]
fn an_outlier_does_not_stretch_the_range() {
    let dir = std::env::temp_dir().join(format!("doralens-outlier-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("d.csv");
    std::fs::write(&p, "id,deployed_at\nd1,2025-03-03T10:00:00Z\nd2,1900-01-01T00:00:00Z\nd3,9999-12-31T00:00:00Z\n")
        .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_doralens"))
        .args(["report", "--deploys", p.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["range"]["from"], "2025-03-03");
    assert_eq!(v["range"]["to"], "2025-03-04");
    std::fs::remove_dir_all(&dir).ok();
}

/// `inspect` lists the invalid rows first, however many rule skips come before them, with exact counts.
#[test]
fn inspect_shows_the_invalid_examples_first() {
    let dir = std::env::temp_dir().join(format!("doralens-inspect-first-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("d.csv");
    std::fs::write(&p, staging_heavy_csv(3, "bad,api,production,not-a-time")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_doralens"))
        .args(["inspect", "--format", "json", p.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = &v[0];
    assert_eq!((f["skipped_by_rule"].as_u64(), f["skipped_invalid"].as_u64()), (Some(300), Some(1)));
    assert_eq!(f["problems"][0]["class"], "invalid");
    assert_eq!(f["problems"][0]["line"], 302);
    assert_eq!(f["problems"][1]["class"], "rule");
    let text = Command::new(env!("CARGO_BIN_EXE_doralens")).args(["inspect", p.to_str().unwrap()]).output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    let first = text.lines().find(|l| l.contains("d.csv:")).unwrap();
    assert!(first.ends_with("d.csv:302:4: unparseable time (deployed_at: \"not-a-time\" is not a timestamp (expected ISO 8601 such as 2025-03-01T14:05:00Z))"), "{first}");
    std::fs::remove_dir_all(&dir).ok();
}

//! docs/ci.md's report commands, run as written on the demo data: the test reads the
//! `doralens report …` lines from the page (the same three in its command block, the GitHub
//! workflow and the GitLab job) and runs them with `sh`, then checks the files they write. The
//! YAML itself is not run; its report lines are these.

use std::path::Path;
use std::process::Command;

fn report_lines(page: &str) -> Vec<String> {
    page.lines()
        .map(|l| l.trim().trim_start_matches("- ").trim())
        .filter(|l| l.starts_with("doralens report "))
        .map(String::from)
        .collect()
}

#[test]
fn the_ci_recipe_runs_on_the_demo_data() {
    let root = env!("CARGO_MANIFEST_DIR");
    let page = std::fs::read_to_string(format!("{root}/docs/ci.md")).unwrap();
    let lines = report_lines(&page);
    let mut unique = lines.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 3, "three report commands: {unique:#?}");
    for u in &unique {
        assert_eq!(lines.iter().filter(|l| *l == u).count(), 3, "in the command block, the workflow and the job: {u}");
    }
    let commands = &lines[..3];

    let work = std::env::temp_dir().join(format!("doralens-ci-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_doralens")).parent().unwrap().to_path_buf();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    for c in commands {
        let out = Command::new("sh")
            .args(["-c", c])
            .current_dir(&work)
            .env("PATH", &path)
            .env("DEPLOYS", format!("{root}/public/demo/deployments.csv"))
            .env("INCIDENTS", format!("{root}/public/demo/incidents.csv"))
            .env("TEAMS", format!("{root}/public/demo/teams.csv"))
            .env("FROM", "2026-08-01")
            .output()
            .unwrap();
        assert!(out.status.success(), "{c}\n{}", String::from_utf8_lossy(&out.stderr));
    }

    let read = |p: &str| std::fs::read_to_string(work.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
    let html = read("site/index.html");
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("1 Aug – 20 Nov 2026"), "the HTML report");
    assert_eq!(html.matches("<section class=\"page").count(), 8, "overview, teams, five metrics, warnings");
    let md = read("site/report.md");
    assert!(md.starts_with("## DORA metrics, 2026-08-01 to 2026-11-21"), "{md}");
    let readme = read("site/charts/README.md");
    let svgs: Vec<String> = std::fs::read_dir(work.join("site/charts"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".svg"))
        .collect();
    // The demo's six teams and all of them together, five metrics each.
    assert_eq!(svgs.len(), 35, "{svgs:?}");
    for s in &svgs {
        assert!(readme.contains(&format!("]({s})")), "README.md shows {s}");
        assert!(read(&format!("site/charts/{s}")).contains("<title id="), "{s}");
    }
    assert!(svgs.contains(&"overall-lead_time.svg".to_string()));
    assert!(svgs.contains(&"team-payments-deployment_frequency.svg".to_string()));
}

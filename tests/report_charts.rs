//! The chart files (`doralens report --charts DIR`) on the fixed data of tests/common: stable
//! names, accessible standalone SVGs that render the same anywhere (no CSS variables, no external
//! fonts or requests, an opaque background), escaped names, a README.md that shows every chart,
//! and the CLI writes exactly what the core's `chart_files` makes.

mod common;

use common::{AMPERSAND, HOSTILE, fixture_files, library_report, notes};
use doralens::core::export::{ChartFile, ReportDoc, STYLESHEET, chart_files};
use doralens::core::view::Metric;
use std::process::Command;

fn dir(name: &str) -> String {
    std::env::temp_dir().join(format!("doralens-charts-{}-{name}", std::process::id())).to_string_lossy().into_owned()
}

fn files(name: &str) -> (Vec<(String, doralens::core::import::Hint)>, Vec<ChartFile>) {
    let input = fixture_files(&dir(name));
    let r = library_report(&input, "2026-03-04", "2026-04-27");
    let notes = notes();
    let out = chart_files(&ReportDoc {
        report: &r,
        overall: r.overall_trend.as_ref(),
        notes: &notes,
        stylesheet: STYLESHEET,
    });
    (input, out)
}

#[test]
fn one_file_per_chart_with_stable_names() {
    let (_, out) = files("names");
    let mut names: Vec<&str> = out.iter().map(|f| f.name.as_str()).collect();
    names.sort();
    let mut want = vec!["README.md".to_string()];
    for m in Metric::ALL {
        want.push(format!("overall-{}.svg", m.id()));
        // The teams in name order: "<script>…", "Payments", "Tom & Jerry's …".
        for team in ["script-alert-x-script", "payments", "tom-jerry-s-ops"] {
            want.push(format!("team-{team}-{}.svg", m.id()));
        }
    }
    want.sort();
    assert_eq!(names, want);
}

#[test]
fn every_svg_is_accessible_and_stands_alone() {
    let (_, out) = files("svg");
    for f in out.iter().filter(|f| f.name.ends_with(".svg")) {
        let s = &f.content;
        let id = f.name.trim_end_matches(".svg");
        assert!(s.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""), "{}", f.name);
        assert!(s.contains(&format!("role=\"img\" aria-labelledby=\"{id}-t {id}-d\"")), "{}", f.name);
        assert!(s.contains(&format!("<title id=\"{id}-t\">")) && s.contains(&format!("<desc id=\"{id}-d\">")));
        assert!(s.contains("; marked: "), "{}: the notes are described", f.name);
        let lower = s.to_ascii_lowercase();
        for bad in ["var(", "<style", "@import", "@font-face", "url(", "href", "<script", "<foreignobject", "<image"] {
            assert!(!lower.contains(bad), "{}: {bad}", f.name);
        }
        // One generic font stack, no web font.
        for family in s.split("font-family=\"").skip(1).filter_map(|x| x.split('"').next()) {
            assert!(family.ends_with("sans-serif"), "{}: {family}", f.name);
        }
        // An opaque background right after the description, so a dark wiki theme does not hide
        // the text.
        assert!(s.contains("</desc>\n<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>"));
        assert!(!s.contains("<b>"), "{}: no markup from names or notes", f.name);
    }
    let hostile = out.iter().find(|f| f.name == "team-script-alert-x-script-lead_time.svg").unwrap();
    assert!(
        hostile.content.contains("Lead time for changes of team &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;")
    );
    let amp = out.iter().find(|f| f.name == "team-tom-jerry-s-ops-lead_time.svg").unwrap();
    assert!(amp.content.contains("of team Tom &amp; Jerry&apos;s &quot;Ops&quot;</title>"), "{}", &amp.content[..400]);
}

#[test]
fn the_readme_shows_every_chart_with_its_numbers() {
    let (_, out) = files("readme");
    let readme = &out.iter().find(|f| f.name == "README.md").unwrap().content;
    for f in out.iter().filter(|f| f.name.ends_with(".svg")) {
        assert_eq!(readme.matches(&format!("]({})", f.name)).count(), 1, "{}", f.name);
    }
    assert!(readme.starts_with("# DORA metrics, 4 Mar – 26 Apr 2026\n"));
    assert!(readme.contains("| Team | Deployments |"), "the numbers table");
    assert!(readme.contains("**Payments**: "), "each chart's headline number");
    assert!(readme.contains("- **16 Mar 2026**: \\<b\\>Freeze\\</b\\> & \"audit\""), "notes, escaped");
    assert!(!readme.contains(HOSTILE) && readme.contains("\\<script\\>alert(\"x\")\\</script\\>"));
    assert!(readme.contains(AMPERSAND), "& and quotes are no Markdown");
}

#[test]
fn the_cli_writes_what_chart_files_makes() {
    let (input, want) = files("cli");
    let out_dir = dir("cli-out");
    let out = Command::new(env!("CARGO_BIN_EXE_doralens"))
        .args(["report", "--deploys", &input[0].0, "--incidents", &input[1].0])
        .args(["--from", "2026-03-04", "--to", "2026-04-27", "--charts", &out_dir])
        .args([
            "--note",
            "2026-04-01=Moved to trunk-based development",
            "--note",
            "2026-03-16=<b>Freeze</b> & \"audit\"",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty(), "with --charts alone nothing is printed");
    let mut written: Vec<String> =
        std::fs::read_dir(&out_dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    written.sort();
    let mut names: Vec<String> = want.iter().map(|f| f.name.clone()).collect();
    names.sort();
    assert_eq!(written, names);
    for f in &want {
        assert!(std::fs::read_to_string(format!("{out_dir}/{}", f.name)).unwrap() == f.content, "{}", f.name);
    }
}

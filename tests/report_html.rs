//! The HTML report (`doralens report --format html`) on fixed data with hostile team names: its
//! structure against a golden outline (tests/golden/report-html.outline.txt; `UPDATE_GOLDEN=1`
//! writes it anew), that it stands alone (no script, no external request), that every name is
//! escaped, and that the CLI prints exactly what the core's `to_html` makes of the same options.

mod common;

use common::{fixture_files, library_report, notes};
use doralens::core::export::{ReportDoc, STYLESHEET, to_html};
use std::process::Command;

fn dir(name: &str) -> String {
    std::env::temp_dir().join(format!("doralens-html-{}-{name}", std::process::id())).to_string_lossy().into_owned()
}

/// The document's outline: headings, section ids, figure captions, chart titles and descriptions,
/// table headers and rows, list items, one per line.
fn outline(html: &str) -> String {
    let mut out = Vec::new();
    let tags = [
        ("<h1", "</h1>"),
        ("<h2", "</h2>"),
        ("<h3", "</h3>"),
        ("<figcaption", "</figcaption>"),
        ("<title", "</title>"),
        ("<desc", "</desc>"),
        ("<th", "</th>"),
        ("<li", "</li>"),
        ("<section", ">"),
    ];
    let mut i = 0;
    while i < html.len() {
        let next = tags.iter().filter_map(|(open, close)| {
            html[i..]
                .find(open)
                .filter(|k| {
                    let after = html[i + k + open.len()..].chars().next();
                    matches!(after, Some(' ' | '>'))
                })
                .map(|k| (i + k, *open, *close))
        });
        let Some((at, open, close)) = next.min_by_key(|t| t.0) else { break };
        let body_start = if open == "<section" { at } else { html[at..].find('>').map_or(at, |g| at + g + 1) };
        let end = html[body_start..].find(close).map_or(html.len(), |e| body_start + e);
        let text = &html[body_start..end];
        let text = if open == "<section" { format!("{text}>") } else { strip_tags(text) };
        // Point titles (one per value) would make the outline the data; keep the chart's own.
        if open != "<title" || html[at..].starts_with("<title id=") {
            out.push(format!("{}: {}", &open[1..], text.trim()));
        }
        i = end.max(at + 1);
    }
    out.join("\n") + "\n"
}

fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in s.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            _ if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

fn golden(name: &str, got: &str) {
    let path = format!("{}/tests/golden/{name}", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(format!("{}/tests/golden", env!("CARGO_MANIFEST_DIR"))).unwrap();
        std::fs::write(&path, got).unwrap();
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    if want != got {
        let first = want.lines().zip(got.lines()).position(|(a, b)| a != b).unwrap_or(want.lines().count());
        panic!(
            "{name} differs from the golden file at line {} (UPDATE_GOLDEN=1 rewrites it):\n want: {:?}\n  got: {:?}",
            first + 1,
            want.lines().nth(first),
            got.lines().nth(first)
        );
    }
}

#[test]
fn the_html_report_matches_its_golden_outline() {
    let files = fixture_files(&dir("golden"));
    let r = library_report(&files, "2026-03-04", "2026-04-27");
    let notes = notes();
    let html =
        to_html(&ReportDoc { report: &r, overall: r.overall_trend.as_ref(), notes: &notes, stylesheet: STYLESHEET });
    golden("report-html.outline.txt", &outline(&html));
}

#[test]
fn the_html_report_stands_alone_and_escapes_every_name() {
    let files = fixture_files(&dir("alone"));
    let r = library_report(&files, "2026-03-04", "2026-04-27");
    let notes = notes();
    let html =
        to_html(&ReportDoc { report: &r, overall: r.overall_trend.as_ref(), notes: &notes, stylesheet: STYLESHEET });
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(html.trim_end().ends_with("</html>"));
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "no script, and no team name as markup");
    for external in ["src=", "href=", "url(", "@import", "<link", "<iframe", "<img", "@font-face"] {
        assert!(!lower.contains(external), "no external request: {external}");
    }
    // The only URL is the SVG namespace, which is not fetched.
    assert_eq!(lower.matches("http").count(), lower.matches("xmlns=\"http://www.w3.org/2000/svg\"").count());
    assert!(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
    assert!(html.contains("Tom &amp; Jerry&#39;s &quot;Ops&quot;"));
    assert!(html.contains("&lt;b&gt;Freeze&lt;/b&gt; &amp; &quot;audit&quot;"), "notes are escaped");
    assert!(!html.contains("<b>"));
    // Light and dark, print, a section per page: the overview, the teams, one page per metric.
    assert!(html.contains("@media screen and (prefers-color-scheme: dark)"));
    assert!(html.contains("@media print"));
    assert_eq!(html.matches("<section class=\"page").count(), 7);
    // Cards of all five metrics; the teams table; 5 × (1 + 3) trend charts, 5 + 15 sparklines.
    assert_eq!(html.matches("class=\"card metric-card\"").count(), 5);
    assert_eq!(html.matches("<th scope=\"row\" class=\"team-name\">").count(), 3);
    assert_eq!(html.matches("class=\"chart\"").count(), 20);
    assert_eq!(html.matches("class=\"spark\"").count(), 20);
    // Every id is unique (aria-labelledby must point at one element).
    let mut ids: Vec<&str> = html.split(" id=\"").skip(1).filter_map(|s| s.split('"').next()).collect();
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "ids are unique");
}

#[test]
fn the_cli_prints_what_the_core_makes_of_the_same_options() {
    let files = fixture_files(&dir("cli"));
    let r = library_report(&files, "2026-03-04", "2026-04-27");
    let notes = notes();
    let want =
        to_html(&ReportDoc { report: &r, overall: r.overall_trend.as_ref(), notes: &notes, stylesheet: STYLESHEET });
    let out = Command::new(env!("CARGO_BIN_EXE_doralens"))
        .args(["report", "--deploys", &files[0].0, "--incidents", &files[1].0])
        .args(["--from", "2026-03-04", "--to", "2026-04-27", "--format", "html"])
        .args([
            "--note",
            "2026-04-01=Moved to trunk-based development",
            "--note",
            "2026-03-16=<b>Freeze</b> & \"audit\"",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let got = String::from_utf8(out.stdout).unwrap();
    assert!(got == want, "the CLI's HTML differs from to_html's ({} vs {} bytes)", got.len(), want.len());
}

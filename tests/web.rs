//! Browser component tests: main components mounted in headless Chromium, asserting what they render.
//!
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web`
#![cfg(target_arch = "wasm32")]

use doralens::core::import::{ImportOptions, build_dataset, import_file};
use doralens::core::metrics::{Analysis, AnalysisOptions, ReportOptions, analyze, report};
use doralens::core::view::{self, Metric, UrlState};
use doralens::ui::files::FileRow;
use doralens::ui::overview::TeamsTable;
use doralens::ui::state::{Ctx, FileEntry, FileStatus, Origin, Shared};
use doralens::ui::widgets::{ChartFigure, MetricCard, metric_chart};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const EVIL: &str = "<img src=x onerror=alert(1)>";

fn deployments_csv() -> String {
    let mut s = String::from("id,team,service,deployed_at,first_commit_at,failed\n");
    for d in 0..20 {
        let day = 3 + d;
        let team = if d % 2 == 0 { "Payments" } else { EVIL };
        s.push_str(&format!(
            "d{d},{team},svc{},2025-03-{day:02}T10:00:00Z,2025-03-{day:02}T08:00:00Z,{}\n",
            d % 2,
            d == 4
        ));
    }
    s.push_str("s1,Payments,svc0,not-a-time,,false\n");
    s
}

fn analysis() -> Analysis {
    let f = import_file("deployments.csv", deployments_csv().as_bytes(), 0, &ImportOptions::default()).unwrap();
    let (data, _) = build_dataset(&[f]);
    analyze(&data, &AnalysisOptions::default())
}

/// Mounts a view into a fresh element of the page and returns that element.
fn mount<F, N>(f: F) -> web_sys::HtmlElement
where
    F: FnOnce() -> N + 'static,
    N: IntoView + 'static,
{
    let doc = web_sys::window().unwrap().document().unwrap();
    let el: web_sys::HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&el).unwrap();
    leptos::mount::mount_to(el.clone(), f).forget();
    el
}

fn text(el: &web_sys::HtmlElement) -> String {
    el.text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
fn a_metric_card_shows_value_tier_and_change() {
    let a = analysis();
    let r = report(&a, &ReportOptions::default(), 0);
    let card = view::card(Metric::LeadTime, &r.overall);
    let expected = card.value.clone();
    let el = mount(move || view! { <MetricCard card=card /> });
    let t = text(&el);
    assert!(t.contains("Lead time for changes"), "{t}");
    assert!(t.contains(&expected), "value {expected} in {t}");
    assert_eq!(expected, "2.0h");
    let tier = el.query_selector(".tier").unwrap().unwrap();
    assert_eq!(tier.text_content().unwrap(), "Elite");
    assert_eq!(el.query_selector(".metric-card").unwrap().unwrap().get_attribute("data-metric").unwrap(), "lead_time");
}

#[wasm_bindgen_test]
fn the_file_list_shows_format_counts_and_skip_positions() {
    let f = import_file("deployments.csv", deployments_csv().as_bytes(), 0, &ImportOptions::default()).unwrap();
    let entry = FileEntry {
        id: 1,
        name: "deployments.csv".into(),
        size: 900,
        origin: Origin::Local,
        status: FileStatus::Ok(doralens::core::view::FileSummary::of(&f)),
        form: None,
    };
    let el = mount(move || view! { <FileRow file=entry /> });
    let t = text(&el);
    assert!(t.contains("Canonical CSV"), "{t}");
    assert!(t.contains("20 imported"), "{t}");
    assert!(t.contains("1 skipped"), "{t}");
    assert!(t.contains("deployments.csv:22:4"), "a skip points at file:line:column: {t}");
    assert!(el.query_selector("button[aria-label='Remove deployments.csv']").unwrap().is_some());
}

#[wasm_bindgen_test]
fn a_team_named_with_markup_renders_inert() {
    let a = analysis();
    let el = mount(move || {
        let ctx = Ctx::new(UrlState::parse(""));
        ctx.analysis.set(Some(Shared::new(a)));
        provide_context(ctx);
        view! { <TeamsTable /> }
    });
    let names: Vec<String> =
        (0..2).filter_map(|i| el.query_selector_all("th.team-name").ok()?.item(i)?.text_content()).collect();
    assert!(names.iter().any(|n| n == EVIL), "{names:?}");
    assert!(el.query_selector("img").unwrap().is_none(), "no element was made from the name");
    // The sparkline titles carry the name escaped inside the SVG.
    let titles = el.query_selector_all("svg title").unwrap();
    let any = (0..titles.length()).filter_map(|i| titles.item(i)?.text_content()).any(|t| t.contains(EVIL));
    assert!(any, "the SVG title holds the name as text");
}

#[wasm_bindgen_test]
fn a_chart_figure_has_an_accessible_svg_and_a_data_table() {
    let a = analysis();
    let r = report(&a, &ReportOptions::default(), 0);
    let trend = r.trends.iter().find(|t| t.team == "Payments").unwrap().clone();
    let bands = view::tier_bands(Metric::DeploymentFrequency, &doralens::core::metrics::DORA_2023, trend.bucket);
    let data = metric_chart(
        "t1",
        "Deployments of Payments",
        Metric::DeploymentFrequency,
        &trend,
        None,
        &bands,
        &doralens::core::chart::LIGHT,
        (480, 220),
        &[],
    );
    let el = mount(move || view! { <ChartFigure heading="Payments" data=data stem="x" value_header="Deployments" /> });
    let svg = el.query_selector(".chart-svg svg").unwrap().expect("an svg");
    assert_eq!(svg.get_attribute("role").as_deref(), Some("img"));
    assert_eq!(svg.query_selector("title").unwrap().unwrap().text_content().unwrap(), "Deployments of Payments");
    let points = svg.query_selector_all(".pt[tabindex='0']").unwrap();
    assert!(points.length() >= 2, "focusable points");
    let rows = el.query_selector_all("details.data-table tbody tr").unwrap();
    assert_eq!(rows.length(), points.length());
}

/// A panic shows the friendly panel instead of a dead page: the message as text (a name from a
/// file inside it stays inert), a way to reload, and the panel only once.
#[wasm_bindgen_test]
fn the_error_panel_shows_the_message_as_text() {
    let doc = web_sys::window().unwrap().document().unwrap();
    doralens::ui::dom::show_error_panel(&format!("panicked at src/x.rs:1:1: team {EVIL}"));
    let panel = doc.query_selector(".crash").unwrap().expect("the panel is shown");
    let text = panel.text_content().unwrap_or_default();
    assert!(text.contains("Something went wrong"), "{text}");
    assert!(text.contains(EVIL), "the message is shown as text: {text}");
    assert!(panel.query_selector("img").unwrap().is_none(), "no markup from the message");
    assert!(panel.query_selector("a, button").unwrap().is_some(), "a way to reload");
    panel.remove();
}

//! The top bar: the brand, the views, and the actions (data, share, export, present, theme).

use crate::core::export::{ReportDoc, ReportFormat};
use crate::core::view::{self, Theme, UrlState, View};
use crate::ui::dom;
use crate::ui::ids;
use crate::ui::present;
use crate::ui::state::{Ctx, Origin, href, use_ctx};
use leptos::prelude::*;

const LOGO: &str = "<svg viewBox=\"0 0 32 32\" width=\"28\" height=\"28\" aria-hidden=\"true\"><rect width=\"32\" height=\"32\" rx=\"8\" fill=\"#0072B2\"/><path d=\"M7 21l6-6 4 4 8-9\" fill=\"none\" stroke=\"#fff\" stroke-width=\"2.6\" stroke-linecap=\"round\" stroke-linejoin=\"round\"/><circle cx=\"25\" cy=\"10\" r=\"2.4\" fill=\"#E69F00\"/></svg>";

#[component]
pub fn Header() -> impl IntoView {
    let ctx = use_ctx();
    view! {
        <header class="topbar">
            <div class="topbar-inner">
                <a class="brand" href="./" on:click=move |ev| {
                    ev.prevent_default();
                    ctx.update(|u| u.view = View::Overview);
                }>
                    <span inner_html=LOGO></span>
                    <span class="brand-name">"DORA Lens"</span>
                </a>
                <ViewTabs />
                <div class="actions">
                    <DataButton />
                    <ShareButton />
                    <ExportMenu />
                    <button type="button" class="ghost" on:click=move |_| present::toggle(ctx) title="Presentation mode (P)">
                        "Present"
                    </button>
                    <ThemeToggle />
                </div>
            </div>
        </header>
    }
}

/// The views, as links that also work with middle-click and copy.
#[component]
fn ViewTabs() -> impl IntoView {
    let ctx = use_ctx();
    view! {
        <nav class="tabs" aria-label="Views">
            {View::ALL
                .into_iter()
                .map(|v| {
                    let link = move || href(&UrlState { view: v, ..ctx.url.get() });
                    view! {
                        <a
                            href=link
                            class="tab"
                            class:active=move || ctx.view.get() == v
                            aria-current=move || (ctx.view.get() == v).then_some("page")
                            on:click=move |ev| {
                                ev.prevent_default();
                                ctx.update(|u| u.view = v);
                            }
                        >
                            {v.label()}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
    }
}

#[component]
fn DataButton() -> impl IntoView {
    let ctx = use_ctx();
    let file_count = Memo::new(move |_| ctx.files.with(|f| f.len()));
    view! {
        <button
            type="button"
            class="ghost"
            aria-expanded=move || ctx.data_panel.get().to_string()
            aria-controls=ids::DATA_PANEL
            on:click=move |_| ctx.data_panel.update(|o| *o = !*o)
        >
            "Data"
            <span class="count">{file_count}</span>
        </button>
    }
}

/// Copies a link to exactly this view (saying when local files cannot travel with it).
#[component]
fn ShareButton() -> impl IntoView {
    let ctx = use_ctx();
    let share = move |_| {
        let url = dom::full_url(&ctx.url.with_untracked(|u| u.to_query()));
        let local = ctx.files.with_untracked(|f| {
            f.iter().any(|e| matches!(e.origin, Origin::Local | Origin::Pasted | Origin::Pulled { .. }))
        });
        leptos::task::spawn_local(async move {
            let copied = dom::copy_text(&url).await;
            let note = if local {
                " Local files are not part of the link: host them and load them by URL to share the data."
            } else {
                ""
            };
            if copied {
                ctx.notify(format!("Link to this view copied.{note}"));
            } else {
                ctx.notify(format!("Copy this link: {url}"));
            }
        });
    };
    view! {
        <button type="button" class="ghost" on:click=share title="Copy a link to exactly this view">
            "Share"
        </button>
    }
}

/// Downloads of the current report, and the print handout.
#[component]
fn ExportMenu() -> impl IntoView {
    let ctx = use_ctx();
    let download = move |format: ReportFormat| {
        if format == ReportFormat::Html {
            leptos::task::spawn_local(download_html(ctx));
        } else {
            download_report(ctx, format, "");
        }
    };
    view! {
        <details class="menu" id=ids::EXPORT_MENU>
            <summary class="ghost">"Export"</summary>
            <div class="menu-pop" role="group" aria-label="Export">
                <button type="button" on:click=move |_| download(ReportFormat::Csv)>"Summary as CSV"</button>
                <button type="button" on:click=move |_| download(ReportFormat::Json)>"Report as JSON"</button>
                <button type="button" on:click=move |_| download(ReportFormat::Markdown)>"Markdown table (wiki)"</button>
                <button type="button" on:click=move |_| download(ReportFormat::Html)>
                    "Download report (HTML)"
                </button>
                <button type="button" on:click=move |_| present::print_handout(ctx)>"Print handout / PDF"</button>
                <p class="menu-note">"Each chart has its own SVG and PNG buttons."</p>
            </div>
        </details>
    }
}

/// Downloads the current view's report: the range and filters on screen, the overview's trend and
/// the URL's notes, so the HTML file is the document `doralens report --format html --note …`
/// writes for the same data.
fn download_report(ctx: Ctx, format: ReportFormat, stylesheet: &str) {
    let Some(c) = ctx.computed.get_untracked() else { return };
    let name = format!("{}.{}", view::download_stem("report", c.from, c.to), format.extension());
    let notes = ctx.url.with_untracked(|u| u.notes.clone());
    let doc = ReportDoc { report: &c.report, overall: Some(&c.overall), notes: &notes, stylesheet };
    dom::download_text(&name, format.mime(), &format.render_doc(&doc));
}

/// "Download report (HTML)". The report's stylesheet (style/report.css, the CLI builds it in) is
/// fetched from next to the app when it is first needed: it stays out of the wasm download.
async fn download_html(ctx: Ctx) {
    let stylesheet = match REPORT_CSS.with(|c| c.borrow().clone()) {
        Some(css) => Ok(css),
        None => fetch_text("report.css").await,
    };
    match stylesheet {
        Ok(css) => {
            REPORT_CSS.with(|c| *c.borrow_mut() = Some(css.clone()));
            download_report(ctx, ReportFormat::Html, &css);
        }
        Err(e) => ctx.notify(format!("The HTML report could not be made: its stylesheet did not load ({e}).")),
    }
}

thread_local! {
    static REPORT_CSS: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

async fn fetch_text(url: &str) -> Result<String, String> {
    let resp = gloo_net::http::Request::get(url).send().await.map_err(|e| e.to_string())?;
    if !resp.ok() {
        return Err(format!("HTTP {} from {url}", resp.status()));
    }
    resp.text().await.map_err(|e| e.to_string())
}

#[component]
fn ThemeToggle() -> impl IntoView {
    let ctx = use_ctx();
    let toggle = move |_| {
        let next = if ctx.theme.get_untracked() == Theme::Dark { Theme::Light } else { Theme::Dark };
        dom::storage_set("doralens.theme", next.id());
        ctx.stored_theme.set(Some(next));
        if ctx.url.with_untracked(|u| u.theme.is_some()) {
            ctx.update(|u| u.theme = Some(next));
        }
    };
    let dark = move || ctx.theme.get() == Theme::Dark;
    view! {
        <button
            type="button"
            class="ghost icon-btn theme-btn"
            on:click=toggle
            aria-label=move || if dark() { "Switch to light theme" } else { "Switch to dark theme" }
        >
            {move || if dark() { "☀" } else { "☾" }}
        </button>
    }
}

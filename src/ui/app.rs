//! The application shell: header, controls, notices, the current view, and the wiring between the
//! URL, the history, the theme, keyboard shortcuts, drag and drop and paste.

use crate::core::decimal::{Fixed, fixed};
use crate::core::view::{self, Filter, HistoryStep, Metric, Reload, Shortcut, UrlState, View};
use crate::ui::controls::Controls;
use crate::ui::dom;
use crate::ui::embed::EmbedView;
use crate::ui::files::{DataPanel, FileInput, inputs_from_transfer, pick_files};
use crate::ui::header::Header;
use crate::ui::ids;
use crate::ui::load;
use crate::ui::overview::Overview;
use crate::ui::present::{self, Presentation, PrintDeck};
use crate::ui::state::{Ctx, FileStatus, Origin, use_ctx};
use crate::ui::team::TeamView;
use crate::ui::trends::Trends;
use crate::ui::widgets::{Notice, TierBadge};
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn App() -> impl IntoView {
    let ctx = Ctx::new(UrlState::parse(&dom::location_query()));
    provide_context(ctx);
    wire_history(ctx);
    wire_data(ctx);
    wire_page(ctx);
    wire_events(ctx);
    let embed = Memo::new(move |_| ctx.url.with(|u| u.embed));
    move || match embed.get() {
        Some(kind) => view! { <EmbedView kind=kind /> }.into_any(),
        None => view! { <Dashboard /> }.into_any(),
    }
}

/// URL state → history (a step per change, see [`UrlState::history_step`]; the first render only
/// canonicalizes), popstate → URL state.
fn wire_history(ctx: Ctx) {
    Effect::new(move |before: Option<UrlState>| {
        let now = ctx.url.get();
        let q = now.to_query();
        let current = dom::location_query();
        if current.strip_prefix('?').unwrap_or(&current) != q {
            let step = before.as_ref().map_or(HistoryStep::Replace, |b| now.history_step(b));
            dom::set_query(&q, step);
        }
        now
    });
    let handle = window_event_listener(ev::popstate, move |_| {
        ctx.url.set(UrlState::parse(&dom::location_query()));
    });
    on_cleanup(move || handle.remove());
}

/// Data URLs → loads (the demo when there are none at start); zone, mapping and formats →
/// re-import; link window → re-analysis.
fn wire_data(ctx: Ctx) {
    let urls = Memo::new(move |_| ctx.url.with(|u| (u.deploys.clone(), u.incidents.clone(), u.teams_urls.clone())));
    Effect::new(move |first: Option<()>| {
        let (d, i, t) = urls.get();
        let wanted: Vec<String> = d.iter().chain(&i).chain(&t).cloned().collect();
        if first.is_none() && wanted.is_empty() {
            load::load_demo(ctx);
            return;
        }
        // Files whose URL left the state (back button) go; new URLs load.
        let gone: Vec<u32> = ctx.files.with_untracked(|f| {
            f.iter()
                .filter_map(|e| match &e.origin {
                    Origin::Url { url, .. } if !wanted.contains(url) => Some(e.id),
                    _ => None,
                })
                .collect()
        });
        for id in gone {
            load::remove(ctx, id);
        }
        load::add(ctx, load::missing_url_inputs(ctx));
    });
    Effect::new(move |before: Option<UrlState>| {
        let now = ctx.url.get();
        match before.map(|b| now.reload_after(&b)) {
            Some(Reload::Reimport) => load::reimport(ctx),
            Some(Reload::Reanalyze) => load::reanalyze(ctx),
            Some(Reload::Nothing) | None => {}
        }
        now
    });
}

/// Theme and page-level classes.
fn wire_page(ctx: Ctx) {
    Effect::new(move |_| dom::set_root_attr("data-theme", Some(ctx.theme.get().id())));
    Effect::new(move |_| {
        let (embed, transparent, present) = ctx.url.with(|u| (u.embed.is_some(), u.transparent, u.present));
        dom::set_body_class("embed-mode", embed);
        dom::set_body_class("transparent", embed && transparent);
        dom::set_body_class("presenting", present && !embed);
    });
    Effect::new(move |_| {
        let ready = ctx.computed.with(|c| c.is_some()) && ctx.progress.with(|p| p.is_none());
        dom::set_root_attr("data-state", Some(if ready { "ready" } else { "loading" }));
    });
}

fn is_typing(target: Option<web_sys::EventTarget>) -> bool {
    let Some(el) = target.and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return false };
    matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA") || el.has_attribute("contenteditable")
}

/// Keyboard shortcuts, drag and drop anywhere, paste, and menus that close on a click elsewhere.
fn wire_events(ctx: Ctx) {
    let dragging = RwSignal::new(false);
    provide_context(DragState(dragging));
    wire_keys(ctx, dragging);
    wire_drop(ctx, dragging);
    wire_paste(ctx);
    wire_menus();
}

fn wire_keys(ctx: Ctx, dragging: RwSignal<bool>) {
    let keys = window_event_listener(ev::keydown, move |e: web_sys::KeyboardEvent| {
        if e.ctrl_key() || e.meta_key() || e.alt_key() || is_typing(e.target()) {
            return;
        }
        if ctx.url.with_untracked(|u| u.embed.is_some()) {
            return;
        }
        let presenting = ctx.url.with_untracked(|u| u.present);
        let Some(action) = Shortcut::of(&e.key(), presenting) else { return };
        if action.takes_the_key() {
            e.prevent_default();
        }
        match action {
            Shortcut::Present => present::toggle(ctx),
            Shortcut::Slides(by) => present::step(ctx, by),
            Shortcut::Close if presenting => present::toggle(ctx),
            Shortcut::Close if ctx.help.get_untracked().is_some() => ctx.help.set(None),
            Shortcut::Close => dragging.set(false),
        }
    });
    on_cleanup(move || keys.remove());
}

fn wire_drop(ctx: Ctx, dragging: RwSignal<bool>) {
    let over = window_event_listener(ev::dragover, move |e: web_sys::DragEvent| {
        let has_files =
            e.data_transfer().is_some_and(|dt| dt.types().iter().any(|t| t.as_string().as_deref() == Some("Files")));
        if has_files {
            e.prevent_default();
            if !dragging.get_untracked() {
                dragging.set(true);
            }
        }
    });
    let leave = window_event_listener(ev::dragleave, move |e: web_sys::DragEvent| {
        if e.related_target().is_none() {
            dragging.set(false);
        }
    });
    let drop = window_event_listener(ev::drop, move |e: web_sys::DragEvent| {
        e.prevent_default();
        dragging.set(false);
        if ctx.url.with_untracked(|u| u.embed.is_some()) {
            return;
        }
        if let Some(dt) = e.data_transfer() {
            load::add(ctx, inputs_from_transfer(&dt, Origin::Local));
        }
    });
    on_cleanup(move || {
        over.remove();
        leave.remove();
        drop.remove();
    });
}

fn wire_paste(ctx: Ctx) {
    let paste = window_event_listener(ev::paste, move |e: web_sys::ClipboardEvent| {
        if is_typing(e.target()) || ctx.url.with_untracked(|u| u.embed.is_some()) {
            return;
        }
        let Some(dt) = e.clipboard_data() else { return };
        let files = inputs_from_transfer(&dt, Origin::Pasted);
        if !files.is_empty() {
            e.prevent_default();
            load::add(ctx, files);
        } else if let Ok(text) = dt.get_data("text")
            && let Some(input) = load::input_from_text(&text)
        {
            e.prevent_default();
            load::add(ctx, vec![input]);
        }
    });
    on_cleanup(move || paste.remove());
}

/// Open menus and multi-selects close on a click elsewhere (or on a menu item).
fn wire_menus() {
    let clicks = window_event_listener(ev::click, move |e: web_sys::MouseEvent| {
        let target = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        for id in [ids::EXPORT_MENU, Filter::Teams.element_id(), Filter::Services.element_id()] {
            let Some(d) = dom::document().get_element_by_id(id) else { continue };
            if !d.has_attribute("open") {
                continue;
            }
            let inside = target.as_ref().is_some_and(|t| d.contains(Some(t)));
            let on_item = target.as_ref().is_some_and(|t| t.closest(".menu-pop button").ok().flatten().is_some());
            if !inside || (on_item && d.class_list().contains("menu")) {
                let _ = d.remove_attribute("open");
            }
        }
    });
    on_cleanup(move || clicks.remove());
}

#[derive(Clone, Copy)]
struct DragState(RwSignal<bool>);

#[component]
fn Dashboard() -> impl IntoView {
    let ctx = use_ctx();
    let dragging = use_context::<DragState>().map(|d| d.0).unwrap_or_else(|| RwSignal::new(false));
    let present = Memo::new(move |_| ctx.url.with(|u| u.present));
    view! {
        <div class="app">
            <a class="skip" href=format!("#{}", ids::MAIN)>"Skip to content"</a>
            <Header />
            <div class="shell">
                <Controls />
                <LoadStatus />
                <DemoBanner />
                <FileErrors />
                {move || ctx.data_panel.get().then(|| view! { <DataPanel /> })}
                <Guidance />
                <main id=ids::MAIN tabindex="-1" class:busy=move || ctx.progress.with(|p| p.is_some())>
                    {move || {
                        let empty = ctx.analysis.with(|a| a.as_ref().is_some_and(|a| a.deployments.is_empty() && a.incidents.is_empty()));
                        if empty && ctx.progress.with(|p| p.is_none()) {
                            return view! { <EmptyState /> }.into_any();
                        }
                        if ctx.analysis.with(|a| a.is_none()) && !ctx.shows_rollup() {
                            return if ctx.progress.with(|p| p.is_some()) {
                                view! { <Skeleton /> }.into_any()
                            } else {
                                view! { <EmptyState /> }.into_any()
                            };
                        }
                        match ctx.view.get() {
                            View::Overview => view! { <Overview /> }.into_any(),
                            View::Trends => view! { <Trends /> }.into_any(),
                            View::Team => view! { <TeamView /> }.into_any(),
                        }
                    }}
                </main>
                <Footer />
            </div>
            <FileInput />
            <HelpDialog />
            <Toast />
            {move || {
                dragging
                    .get()
                    .then(|| {
                        view! {
                            <div class="drop-overlay" aria-hidden="true">
                                <div class="drop-box">
                                    <p class="drop-title">"Drop to load"</p>
                                    <p>"Deployments, incidents and teams files — as many as you like."</p>
                                </div>
                            </div>
                        }
                    })
            }}
            {move || present.get().then(|| view! { <Presentation /> })}
            {move || ctx.printing.get().then(|| view! { <PrintDeck /> })}
        </div>
    }
}

#[component]
fn LoadStatus() -> impl IntoView {
    let ctx = use_ctx();
    move || {
        ctx.progress.get().map(|p| {
            view! {
                <div class="loading" role="status" aria-live="polite">
                    <span class="spinner" aria-hidden="true"></span>
                    <span class="loading-label">{p.label}</span>
                    {match p.fraction {
                        Some(f) => view! { <progress max="1" value=fixed(f, 3)></progress> }.into_any(),
                        None => view! { <progress></progress> }.into_any(),
                    }}
                </div>
            }
        })
    }
}

#[component]
fn DemoBanner() -> impl IntoView {
    let ctx = use_ctx();
    move || {
        ctx.demo.get().then(|| {
            view! {
                <div class="demo-banner" role="note">
                    <div>
                        <strong>"You are looking at demo data."</strong>
                        " A fictional online shop: six teams, May to November 2026. Load your own exports to see your teams — nothing leaves your browser."
                    </div>
                    <div class="row">
                        <button type="button" class="primary" on:click=move |_| pick_files()>
                            "Load your own data"
                        </button>
                        <button
                            type="button"
                            class="secondary"
                            on:click=move |_| {
                                ctx.data_panel.set(true);
                                dom::scroll_to_id(ids::DATA_PANEL);
                            }
                        >
                            "Formats and options"
                        </button>
                    </div>
                </div>
            }
        })
    }
}

#[component]
fn FileErrors() -> impl IntoView {
    let ctx = use_ctx();
    move || {
        let errors: Vec<_> = ctx.files.with(|f| {
            f.iter()
                .filter_map(|e| match &e.status {
                    FileStatus::Failed(err) => Some(err.clone()),
                    _ => None,
                })
                .collect()
        });
        (!errors.is_empty()).then(|| {
            view! {
                <div class="file-error banner" role="alert">
                    {errors
                        .into_iter()
                        .map(|e| {
                            view! {
                                <div class="err">
                                    <strong>{e.title}</strong>
                                    <p>{e.detail}</p>
                                    {e.hint.map(|h| view! { <p class="hint">{h}</p> })}
                                </div>
                            }
                        })
                        .collect_view()}
                    <button type="button" class="secondary" on:click=move |_| ctx.data_panel.set(true)>
                        "Show loaded files"
                    </button>
                </div>
            }
        })
    }
}

#[component]
fn Guidance() -> impl IntoView {
    let ctx = use_ctx();
    move || {
        let a = ctx.analysis.get()?;
        if a.deployments.is_empty() && a.incidents.is_empty() {
            return None;
        }
        let c = ctx.computed.get()?;
        let notes = view::guidance(&a, (c.from, c.to));
        let files = ctx.files.get();
        let dropped = view::implausible_note(files.iter().filter_map(|f| match &f.status {
            FileStatus::Ok(s) => Some((f.name.as_str(), s.implausible)),
            _ => None,
        }));
        let warnings: Vec<String> = dropped.into_iter().chain(c.report.warnings.iter().cloned()).collect();
        Some(view! {
            <div class="guidance">
                {notes
                    .into_iter()
                    .map(|g| view! { <Notice title=g.title body=g.body sample=g.sample.unwrap_or_default() /> })
                    .collect_view()}
                {(!warnings.is_empty())
                    .then(|| {
                        view! {
                            <details class="warnings-box">
                                <summary>
                                    {match warnings.len() {
                                        1 => "1 note about the data".to_string(),
                                        n => format!("{n} notes about the data"),
                                    }}
                                </summary>
                                <ul>{warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                            </details>
                        }
                    })}
            </div>
        })
    }
}

#[component]
fn EmptyState() -> impl IntoView {
    let ctx = use_ctx();
    view! {
        <section class="card empty-state">
            <h2>"No data loaded"</h2>
            <p>
                "Drop your deployment and incident exports anywhere on this page, choose them, or paste them. DORA Lens detects the format and computes the five DORA metrics in your browser."
            </p>
            <div class="row">
                <button type="button" class="primary" on:click=move |_| pick_files()>"Choose files…"</button>
                <button type="button" class="secondary" on:click=move |_| load::load_demo(ctx)>"Try the demo data"</button>
            </div>
            <h3>"The simplest format"</h3>
            <p class="muted">"deployments.csv"</p>
            <pre class="sample">{view::SAMPLE_DEPLOYMENTS}</pre>
            <p class="muted">"incidents.csv"</p>
            <pre class="sample">{view::SAMPLE_INCIDENTS}</pre>
        </section>
    }
}

#[component]
fn Skeleton() -> impl IntoView {
    view! {
        <div class="cards skeleton" aria-hidden="true">
            {(0..5).map(|_| view! { <div class="card metric-card sk"></div> }).collect_view()}
        </div>
    }
}

#[component]
fn Footer() -> impl IntoView {
    let ctx = use_ctx();
    view! {
        <footer class="footer">
            <p>
                "DORA Lens computes everything in this browser tab; your files are never uploaded. Metrics follow the rules in docs/metrics.md — use the ? next to a metric for a summary."
            </p>
            <p class="muted timing">
                {move || {
                    ctx.computed
                        .get()
                        .map(|c| {
                            format!(
                                "Report computed in {} ms · analysis {} ms",
                                Fixed(c.millis, 0),
                                Fixed(ctx.analyze_ms.get_untracked(), 0),
                            )
                        })
                }}
            </p>
        </footer>
    }
}

#[component]
fn Toast() -> impl IntoView {
    let ctx = use_ctx();
    view! {
        <div class="toast-region" role="status" aria-live="polite">
            {move || ctx.toast.get().map(|t| view! { <div class="toast">{t}</div> })}
        </div>
    }
}

#[component]
fn HelpDialog() -> impl IntoView {
    let ctx = use_ctx();
    Effect::new(move |_| {
        if ctx.help.get().is_some() {
            dom::focus_id("help-close");
        }
    });
    move || {
        let m: Metric = ctx.help.get()?;
        let bench = ctx.url.with_untracked(|u| u.benchmark());
        let rules = m.tier_rules(&bench);
        Some(view! {
            <div class="modal-backdrop" on:click=move |_| ctx.help.set(None)>
                <div
                    class="modal"
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby="help-h"
                    on:click=|ev| ev.stop_propagation()
                >
                    <div class="modal-head">
                        <h2 id="help-h">{format!("How is {} computed?", m.label().to_ascii_lowercase())}</h2>
                        <button type="button" id="help-close" class="icon-btn" aria-label="Close" on:click=move |_| ctx.help.set(None)>
                            "✕"
                        </button>
                    </div>
                    {m.explain().iter().map(|p| view! { <p>{*p}</p> }).collect_view()}
                    {if rules.is_empty() {
                        view! { <p class="muted">"This metric has no DORA tier."</p> }.into_any()
                    } else {
                        view! {
                            <h3>{format!("Tiers (DORA {})", bench.year)}</h3>
                            <table class="rules">
                                <tbody>
                                    {rules
                                        .into_iter()
                                        .map(|(t, r)| view! { <tr><td><TierBadge tier=Some(t) /></td><td>{r}</td></tr> })
                                        .collect_view()}
                                </tbody>
                            </table>
                            <p class="muted small">{bench.source}</p>
                        }
                            .into_any()
                    }}
                    <p class="muted small">
                        "The exact rules, with worked examples, are in docs/metrics.md. The team view's drill-down shows the links and reasons behind every number."
                    </p>
                </div>
            </div>
        })
    }
}

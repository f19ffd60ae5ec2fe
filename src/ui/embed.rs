//! Embed mode (`?embed=overview|teams|card|chart`): only the chosen piece, filling its frame, with
//! a link to the full dashboard. Works in a sandboxed iframe (no storage, no same origin).

use crate::core::view::{self, Embed, tier_bands};
use crate::ui::dom;
use crate::ui::overview::{TeamsTable, cards_view, range_caption};
use crate::ui::state::{FileStatus, use_ctx};
use crate::ui::widgets::{ChartFigure, MetricCard, capitalize, metric_chart};
use leptos::prelude::*;

#[component]
pub fn EmbedView(kind: Embed) -> impl IntoView {
    let ctx = use_ctx();
    let full = move || dom::full_url(&ctx.url.with(|u| u.without_embed().to_query()));
    let errors = move || {
        ctx.files.with(|f| {
            f.iter()
                .filter_map(|e| match &e.status {
                    FileStatus::Failed(err) => Some(err.title.clone()),
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="embed" data-embed=kind.id()>
            // The piece scrolls on its own above a footer, so the link never covers it.
            <div class="embed-body">
            {move || {
                ctx.progress.get().map(|p| view! { <p class="embed-status" role="status">{p.label}</p> })
            }}
            {move || {
                let e = errors();
                (!e.is_empty())
                    .then(|| {
                        view! {
                            <div class="file-error" role="alert">
                                {e.into_iter().map(|t| view! { <p>{t}</p> }).collect_view()}
                            </div>
                        }
                    })
            }}
            {move || match kind {
                Embed::Teams => view! { <TeamsTable /> }.into_any(),
                Embed::Overview => view! { <EmbeddedOverview /> }.into_any(),
                Embed::Card => view! { <EmbeddedCard /> }.into_any(),
                Embed::Chart => view! { <EmbeddedChart /> }.into_any(),
            }}
            </div>
            <div class="embed-foot">
                <a class="open-full" href=full target="_blank" rel="noopener noreferrer">
                    "Open full dashboard ↗"
                </a>
            </div>
        </div>
    }
}

/// The overall cards with their range.
#[component]
fn EmbeddedOverview() -> impl IntoView {
    let ctx = use_ctx();
    move || {
        ctx.computed.get().map(|c| {
            view! {
                <p class="caption">{range_caption(&c)}</p>
                <div class="cards">{cards_view(ctx, &c.report.overall, Some(&c.overall), "em", false)}</div>
            }
        })
    }
}

/// The card of the URL's metric, with its sparkline.
#[component]
fn EmbeddedCard() -> impl IntoView {
    let ctx = use_ctx();
    move || {
        let c = ctx.computed.get()?;
        let m = ctx.metric.get();
        let card = view::card(m, &c.report.overall);
        let spark = crate::core::chart::sparkline(
            "em-spark",
            &format!("{} trend", m.label()),
            &view::spark_series(m, &c.overall),
            ctx.palette(),
            (260, 48),
        );
        Some(view! { <MetricCard card=card spark=spark /> })
    }
}

/// The trend chart of the URL's metric, drawn at the frame's size so text stays readable in a
/// narrow iframe.
#[component]
fn EmbeddedChart() -> impl IntoView {
    let ctx = use_ctx();
    move || {
        let c = ctx.computed.get()?;
        let m = ctx.metric.get();
        let who = ctx.url.with(|u| u.focus_team().map(|t| format!("team {t}"))).unwrap_or_else(|| "all teams".into());
        let bench = ctx.url.with_untracked(|u| u.benchmark());
        let bands = tier_bands(m, &bench, c.overall.bucket);
        let title = format!("{} — {who}", m.label());
        let w = dom::window();
        let px = |v: Result<wasm_bindgen::JsValue, _>, d: f64| v.ok().and_then(|v| v.as_f64()).unwrap_or(d);
        let size = (
            (px(w.inner_width(), 640.0) - 24.0).clamp(280.0, 1200.0) as u32,
            (px(w.inner_height(), 300.0) - 110.0).clamp(150.0, 560.0) as u32,
        );
        let notes = ctx.url.with(|u| u.notes.clone());
        let data = metric_chart("em-chart", &title, m, &c.overall, None, &bands, ctx.palette(), size, &notes);
        Some(view! {
            <ChartFigure
                heading=title
                data=data
                stem=view::download_stem(m.id(), c.from, c.to)
                value_header=capitalize(m.point_unit(c.overall.bucket))
            />
        })
    }
}

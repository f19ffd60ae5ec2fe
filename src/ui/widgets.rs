//! Small building blocks: tier badges, metric cards, chart figures with their data tables and
//! export buttons. Names from files are always rendered as text nodes.

use crate::core::chart::Band;
use crate::core::chart::Palette;
use crate::core::metrics::{Tier, Trend};
use crate::core::view::{self, Card, Column, Metric, TableSort, UrlState};
use crate::ui::dom;
use crate::ui::state::Ctx;
use leptos::prelude::*;

/// A tier badge; "no tier" when the metric has none or there is no data.
#[component]
pub fn TierBadge(tier: Option<Tier>, #[prop(optional)] rework: bool) -> impl IntoView {
    let (class, text) = match tier {
        Some(t) => (format!("tier tier-{}", t.label()), capitalize(t.label())),
        None if rework => ("tier tier-none".to_string(), "no DORA tier".to_string()),
        None => ("tier tier-none".to_string(), "no tier".to_string()),
    };
    view! { <span class=class>{text}</span> }
}

pub fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => std::iter::once(f.to_ascii_uppercase()).chain(c).collect(),
        None => String::new(),
    }
}

/// A "how is this computed" button for a metric.
#[component]
pub fn HelpButton(metric: Metric) -> impl IntoView {
    let ctx = use_context::<Ctx>();
    view! {
        <button
            class="help-btn"
            type="button"
            title="How is this computed?"
            aria-label=format!("How is {} computed?", metric.label().to_ascii_lowercase())
            on:click=move |_| {
                if let Some(c) = ctx {
                    c.help.set(Some(metric));
                }
            }
        >
            "?"
        </button>
    }
}

/// One metric card: value, tier, change against the previous period, sparkline and basis.
#[component]
pub fn MetricCard(
    card: Card,
    #[prop(optional, into)] spark: Option<String>,
    #[prop(optional)] big: bool,
) -> impl IntoView {
    let metric = card.metric;
    let delta = card.delta.clone().map(|d| {
        let class = format!("delta {}", d.verdict.class());
        let verdict = match d.verdict {
            view::Verdict::Better => " · better",
            view::Verdict::Worse => " · worse",
            view::Verdict::Same => "",
        };
        view! {
            <span class=class title=d.previous.clone()>
                <span aria-hidden="true">{d.arrow()}</span>
                " "
                {d.text.clone()}
                <span class="delta-word">{verdict}</span>
            </span>
        }
    });
    let empty = card.empty.map(|e| view! { <p class="card-empty">{e}</p> });
    view! {
        <article class=if big { "card metric-card big" } else { "card metric-card" } data-metric=metric.id()>
            <header class="card-head">
                <h3>{metric.label()}</h3>
                <HelpButton metric=metric />
            </header>
            <div class="value-row">
                <span class="value">{card.value.clone()}</span>
                <span class="unit">{card.unit}</span>
            </div>
            <div class="badges">
                <TierBadge tier=card.tier rework=metric == Metric::ReworkRate />
                {delta}
            </div>
            {spark.map(|s| view! { <div class="spark-wrap" inner_html=s></div> })}
            <p class="detail">{card.detail.clone()}</p>
            {empty}
        </article>
    }
}

pub use crate::core::view::ChartData;

/// A chart's SVG for one metric of a trend, with the URL's notes as markers (drawn by the core's
/// [`view::metric_chart`], as the HTML report and the SVG files are).
#[allow(clippy::too_many_arguments)]
pub fn metric_chart(
    id: &str,
    title: &str,
    metric: Metric,
    trend: &Trend,
    y_max: Option<f64>,
    bands: &[Band],
    palette: &Palette,
    size: (u32, u32),
    notes: &[view::Annotation],
) -> ChartData {
    view::metric_chart(&view::ChartSpec { id, title, metric, y_max, bands, notes, palette, size }, trend)
}

/// A chart with its heading, export buttons and a data-table alternative.
#[component]
pub fn ChartFigure(
    #[prop(into)] heading: String,
    data: ChartData,
    /// File name without extension for exports.
    #[prop(into)]
    stem: String,
    #[prop(into)] value_header: String,
    #[prop(optional)] on_heading: Option<Callback<()>>,
    /// Shows the "how is this computed" button of this metric.
    #[prop(optional)]
    help: Option<Metric>,
) -> impl IntoView {
    let ctx = use_context::<Ctx>();
    let svg = StoredValue::new(data.svg.clone());
    let size = data.size;
    let stem = StoredValue::new(stem);
    let bare = heading.is_empty();
    let heading_view = match on_heading {
        Some(cb) => view! {
            <button class="link-btn" type="button" on:click=move |_| cb.run(())>
                {heading.clone()}
            </button>
        }
        .into_any(),
        None => view! { <span>{heading.clone()}</span> }.into_any(),
    };
    let export_svg = move |_| {
        dom::download_text(&format!("{}.svg", stem.get_value()), "image/svg+xml", &svg.get_value());
    };
    let export_png = move |_| {
        let bg = ctx.map(|c| c.palette().background_hex()).unwrap_or_else(|| "#ffffff".into());
        let (name, s) = (format!("{}.png", stem.get_value()), svg.get_value());
        leptos::task::spawn_local(async move {
            if let Err(e) = dom::download_png(&name, &s, size, &bg).await
                && let Some(c) = ctx
            {
                c.notify(format!("PNG export failed: {e}"));
            }
        });
    };
    let rows = data.rows;
    view! {
        <figure class="chart-fig">
            <figcaption class:bare=bare>
                {(!bare).then(|| view! { <h3 class="chart-title">{heading_view}</h3> })}
                <span class="chart-actions">
                    {help.map(|m| view! { <HelpButton metric=m /> })}
                    <button type="button" class="mini" on:click=export_svg title="Download this chart as SVG">
                        "SVG"
                    </button>
                    <button type="button" class="mini" on:click=export_png title="Download this chart as PNG">
                        "PNG"
                    </button>
                </span>
            </figcaption>
            <div class="chart-svg" inner_html=data.svg></div>
            <details class="data-table">
                <summary>"Data table"</summary>
                <table>
                    <thead>
                        <tr>
                            <th scope="col">"Period"</th>
                            <th scope="col">{value_header}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|(p, v)| view! { <tr><td>{p}</td><td class="num">{v}</td></tr> })
                            .collect_view()}
                    </tbody>
                </table>
            </details>
        </figure>
    }
}

/// A notice with an optional sample file snippet.
#[component]
pub fn Notice(
    #[prop(into)] title: String,
    #[prop(into)] body: String,
    #[prop(optional)] sample: Option<&'static str>,
) -> impl IntoView {
    view! {
        <div class="notice" role="note">
            <strong>{title}</strong>
            <p>{body}</p>
            {sample.filter(|s| !s.is_empty()).map(|s| view! { <pre class="sample">{s}</pre> })}
        </div>
    }
}

/// A sortable table header: the column's label and arrow, its `aria-sort`, and a click that sorts
/// by it (or the other way round). The order lives in the URL: `get` reads it, `set` writes it.
pub fn sort_header<C: Column + Send + Sync>(
    label: &'static str,
    column: C,
    get: fn(&UrlState) -> TableSort<C>,
    set: fn(&mut UrlState, TableSort<C>),
) -> impl IntoView {
    let ctx = crate::ui::state::use_ctx();
    let sort = Memo::new(move |_| ctx.url.with(get));
    view! {
        <th scope="col" aria-sort=move || sort.get().aria(column)>
            <button type="button" class="sort" on:click=move |_| ctx.update(|u| set(u, get(u).clicked(column)))>
                {label}
                <span aria-hidden="true">{move || sort.get().arrow(column)}</span>
            </button>
        </th>
    }
}

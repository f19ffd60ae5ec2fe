//! Trends: small multiples, one chart per team for the chosen metric, on one scale.

use crate::core::view::{self, Metric, slug, tier_bands};
use crate::ui::batch::Batches;
use crate::ui::state::use_ctx;
use crate::ui::widgets::{ChartFigure, capitalize, metric_chart};
use leptos::prelude::*;

#[component]
pub fn MetricTabs() -> impl IntoView {
    let ctx = use_ctx();
    view! {
        <div class="segmented metric-tabs" role="group" aria-label="Metric">
            {Metric::ALL
                .into_iter()
                .map(|m| {
                    view! {
                        <button
                            type="button"
                            aria-pressed=move || (ctx.metric.get() == m).to_string()
                            class:active=move || ctx.metric.get() == m
                            on:click=move |_| ctx.update(|u| u.metric = m)
                        >
                            {m.short_label()}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

#[component]
pub fn Trends() -> impl IntoView {
    let ctx = use_ctx();
    // Fifty teams are fifty charts: six with the view, six more after each paint.
    let batches = Batches::new();
    view! {
        <section class="view trends" aria-labelledby="trends-h">
            <div class="view-head">
                <div>
                    <h2 id="trends-h">"Trends by team"</h2>
                    <p class="caption">
                        "One chart per team on the same scale, so the teams compare at a glance. Shaded bands are the benchmark's tiers; a hollow point is a week or month only partly inside the range."
                    </p>
                </div>
                <MetricTabs />
            </div>
            {move || {
                let c = ctx.computed.get()?;
                let metric = ctx.metric.get();
                let palette = ctx.palette();
                let bench = ctx.url.with_untracked(|u| u.benchmark());
                let bucket = c.overall.bucket;
                let bands = tier_bands(metric, &bench, bucket);
                let series: Vec<Vec<Option<f64>>> = c.report.trends.iter().map(|t| view::series(metric, t)).collect();
                let shared = view::shared_max(&series);
                let (from, to) = (c.from, c.to);
                let notes = ctx.url.with(|u| u.notes.clone());
                let overall = metric_chart(
                    "tr-all",
                    &format!("{} — all selected teams", metric.label()),
                    metric,
                    &c.overall,
                    None,
                    &bands,
                    palette,
                    (960, 260),
                    &notes,
                );
                let value_header = capitalize(metric.point_unit(bucket));
                Some(
                    view! {
                        <div class="card wide-chart">
                            <ChartFigure
                                heading=format!("{} — all selected teams", metric.label())
                                data=overall
                                stem=view::download_stem(&format!("{}-all", metric.id()), from, to)
                                value_header=value_header.clone()
                                help=metric
                            />
                        </div>
                        <div class="multiples">
                            {batches
                                .view(
                                    c.report.trends.len(),
                                    (6, 6),
                                    move |range| {
                                        c.report.trends[range.clone()]
                                            .iter()
                                            .zip(range)
                                            .map(|(t, i)| {
                                                let team = t.team.clone();
                                                let data = metric_chart(
                                                    &format!("tr-{i}"),
                                                    &format!("{} of team {}", metric.label(), team),
                                                    metric,
                                                    t,
                                                    shared,
                                                    &bands,
                                                    palette,
                                                    (460, 220),
                                                    &notes,
                                                );
                                                let open = team.clone();
                                                view! {
                                                    <div class="card multiple">
                                                        <ChartFigure
                                                            heading=team.clone()
                                                            data=data
                                                            stem=view::download_stem(
                                                                &format!("{}-{}", metric.id(), slug(&team)),
                                                                from,
                                                                to,
                                                            )
                                                            value_header=value_header.clone()
                                                            on_heading=Callback::new(move |_| ctx.open_team(&open))
                                                        />
                                                    </div>
                                                }
                                            })
                                            .collect_view()
                                    },
                                )}
                        </div>
                    },
                )
            }}
        </section>
    }
}

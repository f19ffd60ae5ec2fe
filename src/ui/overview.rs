//! The overview: one card per metric and the sortable teams table.

use crate::core::chart;
use crate::core::metrics::Summary;
use crate::core::view::{self, Metric, TeamSort, UrlState, View};
use crate::ui::batch::Batches;
use crate::ui::state::{Computed, Ctx, href, use_ctx};
use crate::ui::widgets::{MetricCard, TierBadge, sort_header};
use leptos::prelude::*;

/// The five cards of a summary, with sparklines from `trend`.
pub fn cards_view(
    ctx: Ctx,
    s: &Summary,
    trend: Option<&crate::core::metrics::Trend>,
    prefix: &str,
    big: bool,
) -> impl IntoView + use<> {
    let palette = ctx.palette();
    Metric::ALL
        .into_iter()
        .map(|m| {
            let card = view::card(m, s);
            let spark = trend.map(|t| {
                let values = view::spark_series(m, t);
                let title = format!("{} trend by {}: {}", m.label(), bucket_word(t), m.point_unit(t.bucket));
                chart::sparkline(
                    &format!("{prefix}-{}", m.id()),
                    &title,
                    &values,
                    palette,
                    if big { (260, 64) } else { (220, 40) },
                )
            });
            view! { <MetricCard card=card spark=spark.unwrap_or_default() big=big /> }
        })
        .collect_view()
}

fn bucket_word(t: &crate::core::metrics::Trend) -> &'static str {
    match t.bucket {
        crate::core::metrics::Bucket::Week => "week",
        crate::core::metrics::Bucket::Month => "month",
    }
}

/// "2 Aug – 30 Oct 2026 · 90 days · UTC · compared with …".
pub fn range_caption(c: &Computed) -> String {
    let r = &c.report;
    // The report's range, not the one asked for: a range past 110 years is cut.
    let range = |from: &str, to: &str| match (crate::core::time::parse_date(from), crate::core::time::parse_date(to)) {
        (Ok(f), Ok(t)) => (view::fmt_range(f, t), t - f),
        _ => (String::new(), 0),
    };
    let (shown, days) = range(&r.range.from, &r.range.to);
    let prev_range = range(&r.overall.previous.from, &r.overall.previous.to).0;
    format!(
        "{} · {} days · {} · compared with {} · DORA {} benchmark",
        shown, days, r.range.tz, prev_range, r.benchmark
    )
}

#[component]
pub fn Overview() -> impl IntoView {
    let ctx = use_ctx();
    view! {
        <section class="view overview" aria-labelledby="overview-h">
            {move || {
                ctx.computed
                    .get()
                    .map(|c| {
                        let filtered = ctx.url.with_untracked(|u| !u.team.is_empty() || !u.service.is_empty());
                        view! {
                            <div class="view-head">
                                <div>
                                    <h2 id="overview-h">
                                        {if filtered { "Selected teams" } else { "All teams" }}
                                    </h2>
                                    <p class="caption">{range_caption(&c)}</p>
                                </div>
                            </div>
                            <div class="cards">
                                {cards_view(ctx, &c.report.overall, Some(&c.overall), "ov", false)}
                            </div>
                        }
                    })
            }}
            <TeamsTable />
        </section>
    }
}

/// The teams table: rows = teams, columns = the five metrics with tier badges and sparklines.
#[component]
pub fn TeamsTable() -> impl IntoView {
    let ctx = use_ctx();
    let batches = Batches::new();
    let header =
        |label: &'static str, column: TeamSort| sort_header(label, column, |u| u.teams_sort, |u, s| u.teams_sort = s);
    view! {
        <section class="card table-card" aria-labelledby="teams-h">
            <div class="table-head">
                <h2 id="teams-h">"Teams"</h2>
                <p class="caption">"Select a team for its trends and the deployments and incidents behind each number."</p>
            </div>
            <div class="table-scroll">
                <table class="teams-table">
                    <thead>
                        <tr>
                            {header("Team", TeamSort::Team)}
                            {Metric::ALL.into_iter().map(|m| header(m.short_label(), TeamSort::Metric(m))).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let Some(c) = ctx.computed.get() else { return ().into_any() };
                            if c.report.teams.is_empty() {
                                return view! {
                                    <tr>
                                        <td colspan="6" class="empty-row">
                                            "No team has deployments or incidents in this range."
                                        </td>
                                    </tr>
                                }
                                    .into_any();
                            }
                            let order = view::sort_teams(&c.report.teams, ctx.url.with(|u| u.teams_sort));
                            // Fifty rows of sparklines: a screenful with the report, the rest after
                            // paints, so no single task builds them all.
                            batches.view(order.len(), (16, 16), move |range| rows(ctx, &c, &order[range])).into_any()
                        }}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// The table rows of the teams at `order` (indices into the report's teams).
fn rows(ctx: Ctx, c: &Computed, order: &[usize]) -> impl IntoView + use<> {
    let teams = &c.report.teams;
    let palette = ctx.palette();
    let base = ctx.url.get_untracked();
    order
        .iter()
        .map(|&i| {
            let s = &teams[i];
            let trend = c.trend(&s.team);
            let name = s.team.clone();
            let link = href(&UrlState { view: View::Team, team: vec![name.clone()], ..base.clone() });
            let open = name.clone();
            view! {
                <tr>
                    <th scope="row" class="team-name">
                        <a
                            href=link
                            on:click=move |ev| {
                                ev.prevent_default();
                                ctx.open_team(&open);
                            }
                        >
                            {name}
                        </a>
                    </th>
                    {Metric::ALL
                        .into_iter()
                        .map(|m| {
                            let v = m.format(m.value(&s.numbers));
                            let spark = trend
                                .map(|t| {
                                    chart::sparkline(
                                        &format!("tt-{i}-{}", m.id()),
                                        &format!("{} trend of {}", m.label(), s.team),
                                        &view::spark_series(m, t),
                                        palette,
                                        (96, 26),
                                    )
                                })
                                .unwrap_or_default();
                            view! {
                                <td class="metric-cell" data-metric=m.id()>
                                    <div class="cell">
                                        <span class="cell-value">{v}</span>
                                        {(m != Metric::ReworkRate).then(|| view! { <TierBadge tier=m.tier(&s.numbers) /> })}
                                    </div>
                                    <div class="cell-spark" inner_html=spark></div>
                                </td>
                            }
                        })
                        .collect_view()}
                </tr>
            }
        })
        .collect_view()
}

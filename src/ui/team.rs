//! Team detail: the team's five metrics, one chart per metric with tier bands, and drill-down
//! tables of its deployments and incidents with the links and reasons behind each number.

use crate::core::export::hours;
use crate::core::view::{
    self, DeployCol, IncidentCol, Metric, RowFilter, UrlState, deployment_rows, incident_rows, slug, sort_deploy_rows,
    sort_incident_rows, tier_bands,
};
use crate::ui::batch::Batches;
use crate::ui::ids;
use crate::ui::overview::{cards_view, range_caption};
use crate::ui::state::{Shared, use_ctx};
use crate::ui::widgets::{ChartFigure, capitalize, metric_chart, sort_header};
use leptos::prelude::*;

const PAGE: usize = 200;
/// Rows built in one go (the rest of a page follows a batch per paint).
const ROWS_AT_ONCE: usize = 50;

struct Rows {
    d: Vec<view::DeployRow>,
    i: Vec<view::IncidentRow>,
}

#[component]
pub fn TeamView() -> impl IntoView {
    let ctx = use_ctx();
    let teams = Memo::new(move |_| {
        let raw = ctx.analysis.with(|a| a.as_ref().map(|a| a.teams.iter().map(|t| t.to_string()).collect::<Vec<_>>()));
        #[cfg(feature = "rollup-view")]
        let raw = raw.or_else(|| {
            ctx.rollup.with(|r| r.as_ref().map(|r| r.teams.iter().map(|s| s.team.clone()).collect::<Vec<_>>()))
        });
        raw.unwrap_or_default()
    });
    // The first `team` of the URL, else the first team (without writing it to the URL, so the
    // back button is never trapped).
    let team = Memo::new(move |_| {
        ctx.url.with(|u| u.focus_team().map(str::to_string)).or_else(|| teams.get().first().cloned())
    });
    view! {
        <section class="view team" aria-labelledby="team-h">
            <div class="view-head">
                <div>
                    <h2 id="team-h">{move || team.get().unwrap_or_else(|| "Team".into())}</h2>
                    <p class="caption">{move || ctx.computed.get().map(|c| range_caption(&c))}</p>
                </div>
                <TeamPicker teams=teams team=team />
            </div>
            <TeamMetrics team=team />
            {records(team)}
        </section>
    }
}

#[component]
fn TeamPicker(teams: Memo<Vec<String>>, team: Memo<Option<String>>) -> impl IntoView {
    let ctx = use_ctx();
    move || {
        let current = team.get().unwrap_or_default();
        view! {
            <label class="field">
                <span>"Team"</span>
                <select on:change=move |ev| ctx.open_team(&event_target_value(&ev))>
                    {teams
                        .get()
                        .into_iter()
                        .map(|t| {
                            let selected = t == current;
                            view! { <option value=t.clone() selected=selected>{t.clone()}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
        }
    }
}

/// The team's cards, and a chart per metric with its tier bands (two with the view, the other
/// three after a paint).
#[component]
fn TeamMetrics(team: Memo<Option<String>>) -> impl IntoView {
    let ctx = use_ctx();
    let charts = Batches::new();
    move || {
        let c = ctx.computed.get()?;
        let name = team.get()?;
        let Some(s) = c.team(&name) else {
            return Some(
                view! {
                    <div class="notice">
                        <strong>{format!("{name} has no deployments or incidents in this range.")}</strong>
                        <p>"Choose a longer range or another team."</p>
                    </div>
                }
                .into_any(),
            );
        };
        let trend = c.trend(&name).cloned();
        Some(
            view! {
                <div class="cards">{cards_view(ctx, s, c.trend(&name), "tm", false)}</div>
                <h3 class="section-h">"Trends"</h3>
                <div class="multiples five">
                    {trend.map(|t| {
                        let bench = ctx.url.with_untracked(|u| u.benchmark());
                        let (c, name) = (c.clone(), name.clone());
                        charts.view(Metric::ALL.len(), (2, 3), move |range| {
                            Metric::ALL[range].iter().map(|&m| metric_card_chart(ctx, m, &t, &bench, &name, &c)).collect_view()
                        })
                    })}
                </div>
            }
            .into_any(),
        )
    }
}

fn metric_card_chart(
    ctx: crate::ui::state::Ctx,
    m: Metric,
    t: &crate::core::metrics::Trend,
    bench: &crate::core::metrics::Benchmark,
    name: &str,
    c: &crate::ui::state::Computed,
) -> impl IntoView + use<> {
    let bands = tier_bands(m, bench, t.bucket);
    let data = metric_chart(
        &format!("tm-c-{}", m.id()),
        &format!("{} of team {}", m.label(), name),
        m,
        t,
        None,
        &bands,
        ctx.palette(),
        (460, 220),
        &ctx.url.with(|u| u.notes.clone()),
    );
    view! {
        <div class="card multiple">
            <ChartFigure
                heading=m.label()
                data=data
                stem=view::download_stem(&format!("{}-{}", slug(name), m.id()), c.from, c.to)
                value_header=capitalize(m.point_unit(t.bucket))
            />
        </div>
    }
}

/// The team's deployments and incidents in range, as tables whose filters and orders live in the URL.
#[component]
fn DrillDown(team: Memo<Option<String>>) -> impl IntoView {
    let ctx = use_ctx();
    // The filter the rows follow: team, services and range.
    let rows = Memo::new(move |_| {
        let a = ctx.analysis.get()?;
        let c = ctx.computed.get()?;
        let name = team.get()?;
        let services = ctx.url.with(|u| u.service.clone());
        let f = RowFilter { team: &name, services: &services, from: c.from, to: c.to };
        Some(Shared::new(Rows { d: deployment_rows(&a, &f), i: incident_rows(&a, &f) }))
    });
    view! {
        <DeploymentsTable rows=rows />
        <IncidentsTable rows=rows />
    }
}

/// The drill-down; for a rollup, that it needs the raw data.
#[cfg(feature = "rollup-view")]
fn records(team: Memo<Option<String>>) -> impl IntoView {
    let ctx = use_ctx();
    move || {
        if ctx.shows_rollup() {
            view! {
                <p class="muted" data-needs-raw="">
                    {format!("The team's deployments and incidents: {}.", crate::core::view::NEEDS_RAW)}
                </p>
            }
            .into_any()
        } else {
            view! { <DrillDown team=team /> }.into_any()
        }
    }
}

#[cfg(not(feature = "rollup-view"))]
fn records(team: Memo<Option<String>>) -> impl IntoView {
    view! { <DrillDown team=team /> }
}

/// A search box whose text lives in the URL (`get` reads it, `set` writes it).
fn search_box(
    label: &'static str,
    get: fn(&UrlState) -> &str,
    set: fn(&mut UrlState, String),
    limit: RwSignal<usize>,
) -> impl IntoView {
    let ctx = use_ctx();
    view! {
        <input
            type="search"
            placeholder=label
            aria-label=label
            prop:value=move || ctx.url.with(|u| get(u).to_string())
            on:input=move |ev| {
                let text = event_target_value(&ev);
                ctx.update(|u| set(u, text));
                limit.set(PAGE);
            }
        />
    }
}

#[component]
fn DeploymentsTable(rows: Memo<Option<Shared<Rows>>>) -> impl IntoView {
    let ctx = use_ctx();
    let limit = RwSignal::new(PAGE);
    // A page of rows is built a screenful per paint.
    let batches = Batches::new();
    let shown = Memo::new(move |_| {
        let r = rows.get()?;
        let (q, failed_only, by) = ctx.url.with(|u| (u.deploy_q.clone(), u.failed_only, u.deploy_sort));
        let mut v: Vec<_> = r.d.iter().filter(|d| (!failed_only || d.failed) && d.matches(q.trim())).cloned().collect();
        sort_deploy_rows(&mut v, by);
        Some(Shared::new(v))
    });
    let header = |label: &'static str, column: DeployCol| {
        sort_header(label, column, |u| u.deploy_sort, |u, s| u.deploy_sort = s)
    };
    let caption = move || {
        rows.get().map(|r| {
            let failed = r.d.iter().filter(|d| d.failed).count();
            format!(
                "{} production deployments in range, {} failed. Each failed deployment says why it counts.",
                view::fmt_int(r.d.len() as u64),
                view::fmt_int(failed as u64),
            )
        })
    };
    view! {
        <section class="card table-card" aria-labelledby=ids::DEPLOYMENTS_HEADING>
            <div class="table-head">
                <h3 id=ids::DEPLOYMENTS_HEADING>"Deployments"</h3>
                <p class="caption">{caption}</p>
                <div class="table-tools">
                    {search_box("Filter deployments", |u| &u.deploy_q, |u, q| u.deploy_q = q, limit)}
                    <label class="check">
                        <input
                            type="checkbox"
                            prop:checked=move || ctx.url.with(|u| u.failed_only)
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                ctx.update(|u| u.failed_only = on);
                            }
                        />
                        "Failed only"
                    </label>
                </div>
            </div>
            <div class="table-scroll">
                <table class="drill" id="deployments-table">
                    <thead>
                        <tr>
                            {header("Deployed", DeployCol::Time)}
                            {header("ID", DeployCol::Id)}
                            {header("Service", DeployCol::Service)}
                            <th scope="col">"Commit"</th>
                            {header("Lead time", DeployCol::Lead)}
                            {header("Failed?", DeployCol::Failed)}
                            <th scope="col">"Rework"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let Some(v) = shown.get() else { return ().into_any() };
                            if v.is_empty() {
                                return empty_row("No deployments match.").into_any();
                            }
                            let n = v.len().min(limit.get());
                            batches
                                .view(n, (ROWS_AT_ONCE, ROWS_AT_ONCE), move |range| {
                                    v[range].iter().map(deployment_row).collect_view()
                                })
                                .into_any()
                        }}
                    </tbody>
                </table>
            </div>
            {move || more_button(shown.with(|v| v.as_ref().map_or(0, |v| v.len())), limit)}
        </section>
    }
}

fn empty_row(text: &'static str) -> impl IntoView {
    view! {
        <tr>
            <td colspan="7" class="empty-row">{text}</td>
        </tr>
    }
}

fn deployment_row(d: &view::DeployRow) -> impl IntoView + use<> {
    let why = if d.failed { d.why_failed.join("; ") } else { String::new() };
    view! {
        <tr class:failed=d.failed>
            <td class="nowrap">{d.at.clone()}</td>
            <td class="mono">{d.id.clone()}</td>
            <td>{d.service.clone()}</td>
            <td class="mono">{d.commit.clone()}</td>
            <td class="num">{hours(d.lead_hours)}</td>
            <td>
                {if d.failed {
                    view! {
                        <span class="fail-badge">"failed"</span>
                        " "
                        <span class="why">{why}</span>
                    }
                        .into_any()
                } else {
                    view! { <span class="muted">"no"</span> }.into_any()
                }}
            </td>
            <td class="why">{d.why_rework.join("; ")}</td>
        </tr>
    }
}

#[component]
fn IncidentsTable(rows: Memo<Option<Shared<Rows>>>) -> impl IntoView {
    let ctx = use_ctx();
    let limit = RwSignal::new(PAGE);
    let batches = Batches::new();
    let shown = Memo::new(move |_| {
        let r = rows.get()?;
        let (q, by) = ctx.url.with(|u| (u.incident_q.clone(), u.incident_sort));
        let mut v: Vec<_> = r.i.iter().filter(|i| i.matches(q.trim())).cloned().collect();
        sort_incident_rows(&mut v, by);
        Some(Shared::new(v))
    });
    let header = |label: &'static str, column: IncidentCol| {
        sort_header(label, column, |u| u.incident_sort, |u, s| u.incident_sort = s)
    };
    let caption = move || {
        rows.get().map(|r| {
            let open = r.i.iter().filter(|i| i.duration_hours.is_none()).count();
            format!(
                "{} incidents started in range, {} still open. Each shows the deployment it is linked to, and how.",
                view::fmt_int(r.i.len() as u64),
                view::fmt_int(open as u64),
            )
        })
    };
    view! {
        <section class="card table-card" aria-labelledby="incidents-h">
            <div class="table-head">
                <h3 id="incidents-h">"Incidents"</h3>
                <p class="caption">{caption}</p>
                <div class="table-tools">
                    {search_box("Filter incidents", |u| &u.incident_q, |u, q| u.incident_q = q, limit)}
                </div>
            </div>
            <div class="table-scroll">
                <table class="drill" id="incidents-table">
                    <thead>
                        <tr>
                            {header("Started", IncidentCol::Started)}
                            {header("ID", IncidentCol::Id)}
                            {header("Service", IncidentCol::Service)}
                            {header("Severity", IncidentCol::Severity)}
                            {header("Recovery", IncidentCol::Duration)}
                            {header("Linked deployment", IncidentCol::Link)}
                            <th scope="col">"Title"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let Some(v) = shown.get() else { return ().into_any() };
                            if v.is_empty() {
                                return empty_row("No incidents match.").into_any();
                            }
                            let n = v.len().min(limit.get());
                            batches
                                .view(n, (ROWS_AT_ONCE, ROWS_AT_ONCE), move |range| {
                                    v[range].iter().map(incident_row).collect_view()
                                })
                                .into_any()
                        }}
                    </tbody>
                </table>
            </div>
            {move || more_button(shown.with(|v| v.as_ref().map_or(0, |v| v.len())), limit)}
        </section>
    }
}

fn incident_row(i: &view::IncidentRow) -> impl IntoView + use<> {
    let ctx = use_ctx();
    let kind = i.link.label();
    // A linked deployment opens the deployments table filtered to it.
    let show_deployment = move |id: String| {
        ctx.update(|u| {
            u.deploy_q = id;
            u.failed_only = false;
        });
        crate::ui::dom::scroll_to_id(ids::DEPLOYMENTS_HEADING);
    };
    let linked = match i.deployment.clone() {
        Some(d) => {
            let target = d.clone();
            view! {
                <button
                    type="button"
                    class="link-btn mono"
                    title="Show this deployment"
                    on:click=move |_| show_deployment(target.clone())
                >
                    {d}
                </button>
                " "
                <span class=format!("link-kind link-{kind}")>{kind}</span>
            }
            .into_any()
        }
        None => view! { <span class="link-kind link-none">"not linked"</span> }.into_any(),
    };
    view! {
        <tr>
            <td class="nowrap">{i.started.clone()}</td>
            <td class="mono">{i.id.clone()}</td>
            <td>{i.service.clone()}</td>
            <td>{i.severity.clone()}</td>
            <td class="num">
                {match i.duration_hours {
                    Some(h) => hours(Some(h)),
                    None => "open".to_string(),
                }}
            </td>
            <td>
                {linked}
                <div class="why">{i.how.clone()}</div>
            </td>
            <td>{i.title.clone()}</td>
        </tr>
    }
}

fn more_button(total: usize, limit: RwSignal<usize>) -> Option<impl IntoView> {
    let shown = limit.get().min(total);
    (total > shown).then(|| {
        view! {
            <div class="more">
                <span class="muted">
                    {format!("Showing {} of {}. ", view::fmt_int(shown as u64), view::fmt_int(total as u64))}
                </span>
                <button type="button" class="secondary" on:click=move |_| limit.update(|l| *l += PAGE)>
                    {format!("Show {} more", PAGE.min(total - shown))}
                </button>
            </div>
        }
    })
}

//! The controls bar: range, bucket, time zone, teams, services, benchmark, link window.

use crate::core::metrics::Bucket;
use crate::core::time::{format_date, parse_date};
use crate::core::view::{DEFAULT_DAYS, Filter, LINK_WINDOWS, RANGE_PRESETS, TIME_ZONES};
use crate::ui::state::use_ctx;
use leptos::prelude::*;

/// The controls; for a rollup, where it came from and that the controls need the raw data.
#[cfg(feature = "rollup-view")]
#[component]
pub fn Controls() -> impl IntoView {
    let ctx = use_ctx();
    move || match ctx.rollup.get() {
        Some(r) => view! {
            <div class="controls" role="note">
                <p class="muted" data-rollup="">{crate::core::view::rollup_note(&r)}</p>
            </div>
        }
        .into_any(),
        None => raw_controls().into_any(),
    }
}

#[cfg(not(feature = "rollup-view"))]
#[component]
pub fn Controls() -> impl IntoView {
    raw_controls()
}

fn raw_controls() -> impl IntoView {
    let ctx = use_ctx();
    view! {
        <div class="controls" role="group" aria-label="Report settings">
            <RangeControl />
            <div class="field">
                <span id="bucket-l">"Group by"</span>
                <div class="segmented" role="group" aria-labelledby="bucket-l">
                    {[(Bucket::Week, "Week"), (Bucket::Month, "Month")]
                        .into_iter()
                        .map(|(b, label)| {
                            let on = move || ctx.url.with(|u| u.bucket) == b;
                            view! {
                                <button
                                    type="button"
                                    class:active=on
                                    aria-pressed=move || on().to_string()
                                    on:click=move |_| ctx.update(|u| u.bucket = b)
                                >
                                    {label}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
            </div>
            <ZoneControl />
            <MultiSelect filter=Filter::Teams />
            <MultiSelect filter=Filter::Services />
            <label class="field">
                <span>"Benchmark"</span>
                <select on:change=move |ev| {
                    let y = event_target_value(&ev).parse().unwrap_or(2023);
                    ctx.update(|u| u.benchmark = y);
                }>
                    {[2023u16, 2021]
                        .into_iter()
                        .map(|y| {
                            view! {
                                <option value=y.to_string() selected=move || ctx.url.with(|u| u.benchmark) == y>
                                    {format!("DORA {y}")}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label class="field">
                <span title="Only infer an incident's deployment when it was at most this long before the incident">
                    "Link window"
                </span>
                <select on:change=move |ev| {
                    let w = event_target_value(&ev).parse().ok();
                    ctx.update(|u| u.window = w);
                }>
                    {LINK_WINDOWS
                        .into_iter()
                        .map(|w| {
                            let label = match w {
                                None => "Any earlier deployment".to_string(),
                                Some(1) => "1 hour".to_string(),
                                Some(168) => "1 week".to_string(),
                                Some(h) if h % 24 == 0 => format!("{} days", h / 24),
                                Some(h) => format!("{h} hours"),
                            };
                            view! {
                                <option
                                    value=w.map(|w| w.to_string()).unwrap_or_default()
                                    selected=move || ctx.url.with(|u| u.window) == w
                                >
                                    {label}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
        </div>
    }
}

#[component]
fn RangeControl() -> impl IntoView {
    let ctx = use_ctx();
    let custom = Memo::new(move |_| ctx.url.with(|u| u.from.is_some() || u.to.is_some()));
    let days = Memo::new(move |_| ctx.url.with(|u| u.days.unwrap_or(DEFAULT_DAYS)));
    let on_preset = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        if v == "custom" {
            // Start from the range on screen.
            if let Some(c) = ctx.computed.get_untracked() {
                ctx.update(|u| {
                    u.from = Some(c.from);
                    u.to = Some(c.to);
                });
            }
        } else if let Ok(d) = v.parse::<u32>() {
            ctx.update(|u| {
                u.from = None;
                u.to = None;
                u.days = Some(d);
            });
        }
    };
    let set_from = move |ev: leptos::ev::Event| {
        if let Ok(d) = parse_date(&event_target_value(&ev)) {
            ctx.update(|u| {
                u.from = Some(d);
                if u.to.is_some_and(|t| t <= d) {
                    u.to = Some(d + 1);
                }
            });
        }
    };
    // The "to" input is inclusive for people; the URL's `to` is exclusive.
    let set_to = move |ev: leptos::ev::Event| {
        if let Ok(d) = parse_date(&event_target_value(&ev)) {
            ctx.update(|u| {
                u.to = Some(d + 1);
                if u.from.is_some_and(|f| f > d) {
                    u.from = Some(d);
                }
            });
        }
    };
    view! {
        <label class="field">
            <span>"Range"</span>
            <select on:change=on_preset>
                {RANGE_PRESETS
                    .into_iter()
                    .map(|d| {
                        view! {
                            <option value=d.to_string() selected=move || !custom.get() && days.get() == d>
                                {format!("Last {d} days")}
                            </option>
                        }
                    })
                    .collect_view()}
                {move || {
                    let d = days.get();
                    (!custom.get() && !RANGE_PRESETS.contains(&d))
                        .then(|| view! { <option value=d.to_string() selected=true>{format!("Last {d} days")}</option> })
                }}
                <option value="custom" selected=move || custom.get()>
                    "Custom range…"
                </option>
            </select>
        </label>
        {move || {
            custom
                .get()
                .then(|| {
                    let range = move || ctx.computed.get().map(|c| (c.from, c.to));
                    view! {
                        <label class="field">
                            <span>"From"</span>
                            <input
                                type="date"
                                prop:value=move || range().map(|r| format_date(r.0)).unwrap_or_default()
                                on:change=set_from
                            />
                        </label>
                        <label class="field">
                            <span>"To (inclusive)"</span>
                            <input
                                type="date"
                                prop:value=move || range().map(|r| format_date(r.1 - 1)).unwrap_or_default()
                                on:change=set_to
                            />
                        </label>
                    }
                })
        }}
    }
}

#[component]
fn ZoneControl() -> impl IntoView {
    let ctx = use_ctx();
    let current = Memo::new(move |_| ctx.url.with(|u| u.tz_name().to_string()));
    view! {
        <label class="field">
            <span>"Time zone"</span>
            <select on:change=move |ev| {
                let z = event_target_value(&ev);
                ctx.update(|u| u.tz = if z == "UTC" { None } else { Some(z) });
            }>
                {move || {
                    let cur = current.get();
                    let mut zones: Vec<String> = TIME_ZONES.iter().map(|z| z.to_string()).collect();
                    if !zones.contains(&cur) {
                        zones.insert(1, cur.clone());
                    }
                    zones
                        .into_iter()
                        .map(|z| {
                            let sel = z == cur;
                            view! { <option value=z.clone() selected=sel>{z.replace('_', " ")}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </label>
        {move || ctx.tz_error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
    }
}

/// A multi-select of teams or services as a disclosure with checkboxes (keyboard friendly).
#[component]
fn MultiSelect(filter: Filter) -> impl IntoView {
    let ctx = use_ctx();
    let label = filter.label();
    let options = Memo::new(move |_| ctx.analysis.with(|a| a.as_ref().map(|a| filter.options(a)).unwrap_or_default()));
    let selected = Memo::new(move |_| ctx.url.with(|u| filter.selected(u).to_vec()));
    let summary = move || selected.with(|s| filter.summary(s));
    view! {
        <div class="field">
            <span>{label}</span>
            <details class="multi" id=filter.element_id()>
                <summary aria-label=move || format!("{label}: {}", summary())>{summary}</summary>
                <div class="multi-pop" role="group" aria-label=label>
                    <button
                        type="button"
                        class="link-btn"
                        on:click=move |_| ctx.update(|u| filter.select(u, Vec::new()))
                        disabled=move || selected.with(|s| s.is_empty())
                    >
                        {format!("Show all {}", label.to_ascii_lowercase())}
                    </button>
                    {move || {
                        let opts = options.get();
                        if opts.is_empty() {
                            return view! { <p class="muted">"Nothing loaded yet."</p> }.into_any();
                        }
                        opts.into_iter()
                            .map(|o| {
                                let checked = selected.with(|s| s.contains(&o));
                                let name = o.clone();
                                view! {
                                    <label class="check">
                                        <input
                                            type="checkbox"
                                            prop:checked=checked
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                ctx.update(|u| filter.toggle(u, &name, on));
                                            }
                                        />
                                        <span>{o}</span>
                                    </label>
                                }
                            })
                            .collect_view()
                            .into_any()
                    }}
                </div>
            </details>
        </div>
    }
}

//! The data panel: ways to load data and the list of loaded files with what each one gave.

use crate::core::import::{Hint, SkipClass};
use crate::core::view::{fmt_bytes, fmt_int};
use crate::ui::load::{self, Input};
use crate::ui::state::{FileEntry, FileStatus, Origin, use_ctx};
use leptos::prelude::*;

pub const FILE_INPUT_ID: &str = "file-input";

/// Opens the file picker.
pub fn pick_files() {
    if let Some(e) = crate::ui::dom::document().get_element_by_id(FILE_INPUT_ID) {
        use wasm_bindgen::JsCast;
        if let Ok(i) = e.dyn_into::<web_sys::HtmlElement>() {
            i.click();
        }
    }
}

/// The hidden file input every "choose files" button opens.
#[component]
pub fn FileInput() -> impl IntoView {
    let ctx = use_ctx();
    view! {
        <input
            id=FILE_INPUT_ID
            class="visually-hidden"
            type="file"
            multiple=true
            tabindex="-1"
            aria-hidden="true"
            on:change=move |ev| {
                use wasm_bindgen::JsCast;
                let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
                    return;
                };
                if let Some(list) = input.files() {
                    load::add(ctx, load::inputs_from_files(&list, Origin::Local));
                }
                input.set_value("");
            }
        />
    }
}

#[component]
pub fn DataPanel() -> impl IntoView {
    let ctx = use_ctx();
    let url_text = RwSignal::new(String::new());
    let url_kind = RwSignal::new("deploys".to_string());
    let add_url = move || {
        let u = url_text.get_untracked().trim().to_string();
        if u.is_empty() {
            return;
        }
        let kind = url_kind.get_untracked();
        if ctx.demo.get_untracked() {
            load::replace(ctx, Vec::new());
        }
        ctx.update(|s| {
            let list = match kind.as_str() {
                "incidents" => &mut s.incidents,
                "teams" => &mut s.teams_urls,
                _ => &mut s.deploys,
            };
            if !list.contains(&u) {
                list.push(u.clone());
            }
        });
        url_text.set(String::new());
    };
    view! {
        <section id="data" class="card data-panel" aria-labelledby="data-h">
            <div class="data-head">
                <h2 id="data-h">"Your data"</h2>
                <button type="button" class="icon-btn" aria-label="Close the data panel" on:click=move |_| ctx.data_panel.set(false)>
                    "✕"
                </button>
            </div>
            <div class="load-ways">
                <div class="dropzone">
                    <p class="dz-title">"Drop export files anywhere on this page"</p>
                    <p class="muted">
                        "Deployments and incidents from GitHub, GitLab, Argo CD, Jenkins, Four Keys, DevLake, PagerDuty, Opsgenie, Jira or ServiceNow, a teams mapping, or the canonical CSV/JSON — several at once, gzip too. Or paste with Ctrl+V."
                    </p>
                    <div class="row">
                        <button type="button" class="primary" on:click=move |_| pick_files()>
                            "Choose files…"
                        </button>
                        <button type="button" class="secondary" on:click=move |_| load::load_demo(ctx)>
                            "Try the demo data"
                        </button>
                    </div>
                    <p class="privacy">"Files are read in this browser tab. Nothing is uploaded anywhere."</p>
                </div>
                <form
                    class="url-load"
                    on:submit=move |ev| {
                        ev.prevent_default();
                        add_url();
                    }
                >
                    <label for="data-url">"Or load a file from a URL"</label>
                    <div class="row">
                        <select aria-label="What the file holds" on:change=move |ev| url_kind.set(event_target_value(&ev))>
                            <option value="deploys">"Deployments"</option>
                            <option value="incidents">"Incidents"</option>
                            <option value="teams">"Teams mapping"</option>
                        </select>
                        <input
                            id="data-url"
                            type="url"
                            placeholder="https://example.com/deployments.csv"
                            prop:value=move || url_text.get()
                            on:input=move |ev| url_text.set(event_target_value(&ev))
                        />
                        <button type="submit" class="secondary">"Load"</button>
                    </div>
                    <p class="muted">
                        "The link to this page then includes the URL, so sharing it shares the data source. The host must allow cross-origin reads."
                    </p>
                </form>
            </div>
            <FileList />
            {move || {
                let w = ctx.data_warnings.get();
                (!w.is_empty())
                    .then(|| {
                        view! {
                            <ul class="warnings">
                                {w.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
                            </ul>
                        }
                    })
            }}
        </section>
    }
}

/// The loaded files: format and why, rows imported and skipped (with positions), remove.
#[component]
pub fn FileList() -> impl IntoView {
    let ctx = use_ctx();
    view! {
        <ul class="files" aria-label="Loaded files">
            {move || {
                ctx.files
                    .get()
                    .into_iter()
                    .map(|f| view! { <FileRow file=f /> })
                    .collect_view()
            }}
        </ul>
    }
}

fn origin_label(o: &Origin) -> String {
    match o {
        Origin::Demo => "demo".into(),
        Origin::Local => "local file".into(),
        Origin::Pasted => "pasted".into(),
        Origin::Url { url, hint } => {
            let what = match hint {
                Hint::Deployments => "deploys",
                Hint::Incidents => "incidents",
                Hint::Teams => "teams",
                Hint::Any => "data",
            };
            format!("{what} URL {url}")
        }
    }
}

#[component]
pub fn FileRow(file: FileEntry) -> impl IntoView {
    let ctx = use_context::<crate::ui::state::Ctx>();
    let id = file.id;
    let name = file.name.clone();
    let origin = origin_label(&file.origin);
    let remove = move |_| {
        if let Some(c) = ctx {
            load::remove(c, id);
        }
    };
    let body = match file.status {
        FileStatus::Ok(s) => {
            let skipped_text = if s.skipped_total == 0 {
                None
            } else {
                let reasons: Vec<String> = s
                    .skipped
                    .iter()
                    .map(|(c, r, n)| {
                        format!(
                            "{r} ({}{})",
                            fmt_int(*n as u64),
                            if *c == SkipClass::Invalid { ", invalid" } else { "" }
                        )
                    })
                    .collect();
                Some(format!("{} rows skipped: {}", fmt_int(s.skipped_total as u64), reasons.join(", ")))
            };
            let what = [(s.deployments, "deployments"), (s.incidents, "incidents"), (s.team_rows, "team mappings")]
                .into_iter()
                .filter(|(n, _)| *n > 0)
                .map(|(n, w)| format!("{} {w}", fmt_int(n as u64)))
                .collect::<Vec<_>>()
                .join(", ");
            let shown = s.problems.len();
            let fname = name.clone();
            view! {
                <p class="file-format">
                    <span class="format-badge">{s.format.label()}</span>
                    <span class="muted">{format!(" {}", s.reason)}</span>
                </p>
                <p class="file-counts">
                    <strong>{fmt_int(s.imported as u64)}</strong>
                    " imported"
                    {(!what.is_empty()).then(|| format!(" ({what})"))}
                    " · "
                    <strong>{fmt_int(s.skipped_total as u64)}</strong>
                    " skipped"
                    {format!(" · {} rows read", fmt_int(s.rows_read as u64))}
                </p>
                {skipped_text
                    .map(|t| {
                        view! {
                            <details class="skipped">
                                <summary>{t}</summary>
                                <ol>
                                    {s
                                        .problems
                                        .iter()
                                        .map(|p| {
                                            let pos = match p.column {
                                                Some(c) => format!("{fname}:{}:{c}", p.line),
                                                None => format!("{fname}:{}", p.line),
                                            };
                                            let detail = if p.detail.is_empty() { String::new() } else { format!(" — {}", p.detail) };
                                            view! {
                                                <li>
                                                    <code>{pos}</code>
                                                    {format!(" {}{detail}", p.reason)}
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ol>
                                {(s.skipped_total > shown)
                                    .then(|| {
                                        view! {
                                            <p class="muted">
                                                {format!(
                                                    "Showing the first {} of {} skipped rows.",
                                                    fmt_int(shown as u64),
                                                    fmt_int(s.skipped_total as u64),
                                                )}
                                            </p>
                                        }
                                    })}
                            </details>
                        }
                    })}
                {(!s.warnings.is_empty())
                    .then(|| {
                        view! {
                            <ul class="warnings">
                                {s.warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}
                            </ul>
                        }
                    })}
            }
            .into_any()
        }
        FileStatus::Failed(e) => view! {
            <div class="file-error" role="alert">
                <strong>{e.title}</strong>
                <p>{e.detail}</p>
                {e.hint.map(|h| view! { <p class="hint">{h}</p> })}
            </div>
        }
        .into_any(),
    };
    view! {
        <li class="file" data-file=name.clone()>
            <div class="file-head">
                <span class="file-name">{name.clone()}</span>
                <span class="muted file-meta">{format!("{} · {}", origin, fmt_bytes(file.size))}</span>
                <button type="button" class="icon-btn" aria-label=format!("Remove {name}") title="Remove this file" on:click=remove>
                    "✕"
                </button>
            </div>
            {body}
        </li>
    }
}

/// Inputs for a dropped or pasted `DataTransfer`.
pub fn inputs_from_transfer(dt: &web_sys::DataTransfer, origin: Origin) -> Vec<Input> {
    match dt.files() {
        Some(list) if list.length() > 0 => load::inputs_from_files(&list, origin),
        _ => Vec::new(),
    }
}

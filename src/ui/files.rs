//! The data panel: ways to load data and the list of loaded files with what each one gave.

use crate::core::import::mapping::MappedKind;
use crate::core::import::mapping_form::{MappingForm, mapping_fields, mapping_from_form};
use crate::core::import::{Format, Hint};
use crate::core::view::{FileSummary, UrlState, fmt_bytes, fmt_int};
use crate::ui::ids;
use crate::ui::load::{self, Input};
use crate::ui::state::{FileEntry, FileStatus, Origin, use_ctx};
use leptos::prelude::*;

/// Opens the file picker.
pub fn pick_files() {
    if let Some(e) = crate::ui::dom::document().get_element_by_id(ids::FILE_INPUT) {
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
            id=ids::FILE_INPUT
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
    let url_kind = RwSignal::new(Hint::Deployments);
    let add_url = move || {
        let u = url_text.get_untracked().trim().to_string();
        if u.is_empty() {
            return;
        }
        let kind = url_kind.get_untracked();
        if ctx.demo.get_untracked() {
            load::replace(ctx, Vec::new());
        }
        ctx.update(|s| s.add_data_url(kind, &u));
        url_text.set(String::new());
    };
    view! {
        <section id=ids::DATA_PANEL class="card data-panel" aria-labelledby=ids::DATA_HEADING>
            <div class="data-head">
                <h2 id=ids::DATA_HEADING>"Your data"</h2>
                <button type="button" class="icon-btn" aria-label="Close the data panel" on:click=move |_| ctx.data_panel.set(false)>
                    "✕"
                </button>
            </div>
            <div class="load-ways">
                <div class="dropzone">
                    <p class="dz-title">"Drop export files anywhere on this page"</p>
                    <p class="muted">
                        "Deployments and incidents from GitHub, GitLab, Argo CD, Jenkins, Bitbucket, Azure DevOps, CircleCI, Octopus, Four Keys, DevLake, PagerDuty, Opsgenie, Jira, ServiceNow, incident.io, FireHydrant, Datadog, Splunk On-Call, Squadcast, Rootly, Grafana OnCall or Statuspage, a teams mapping, or the canonical CSV/JSON — several at once, gzip too. Or paste with Ctrl+V."
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
                        <select aria-label="What the file holds" on:change=move |ev| url_kind.set(UrlState::data_hint(&event_target_value(&ev)))>
                            {[(Hint::Deployments, "Deployments"), (Hint::Incidents, "Incidents"), (Hint::Teams, "Teams mapping")]
                                .into_iter()
                                .map(|(h, label)| view! { <option value=UrlState::data_param(h)>{label}</option> })
                                .collect_view()}
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
                {connect_form()}
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
        Origin::Pulled { source } => format!("pulled from {source}"),
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
    let mapped = matches!(&file.status, FileStatus::Ok(s) if s.format == Format::MappedCsv);
    let form = file.form.clone().map(|form| {
        let inner = view! { <MapColumns id=id name=name.clone() form=form /> };
        if mapped {
            view! {
                <details class="map-edit">
                    <summary>"Edit the column mapping"</summary>
                    {inner}
                </details>
            }
            .into_any()
        } else {
            inner.into_any()
        }
    });
    let format_choice = ctx.map(|c| view! { <FormatChoice ctx=c name=name.clone() /> });
    let picker = match (&file.status, ctx) {
        (FileStatus::Ok(s), Some(c)) if !s.workflows.is_empty() => {
            Some(view! { <WorkflowPicker ctx=c id=id workflows=s.workflows.clone() /> })
        }
        _ => None,
    };
    let remove = move |_| {
        if let Some(c) = ctx {
            load::remove(c, id);
        }
    };
    let body = match file.status {
        FileStatus::Ok(s) => view! { <ImportSummary s=s /> }.into_any(),
        FileStatus::Failed(e) => view! {
            <div class="file-error" role="alert">
                <strong>{e.title}</strong>
                <p>{e.detail}</p>
                {e.hint.map(|h| view! { <p class="hint">{h}</p> })}
            </div>
        }
        .into_any(),
        #[cfg(feature = "rollup-view")]
        FileStatus::Rollup(origin) => view! { <p class="muted">{origin}</p> }.into_any(),
    };
    view! {
        <li class="file" data-file=name.clone()>
            <div class="file-head">
                <span class="file-name">{name.clone()}</span>
                <span class="muted file-meta">{format!("{} · {}", origin, fmt_bytes(file.size))}</span>
                {format_choice}
                <button type="button" class="icon-btn" aria-label=format!("Remove {name}") title="Remove this file" on:click=remove>
                    "✕"
                </button>
            </div>
            {body}
            {picker}
            {form}
        </li>
    }
}

/// What a file gave: its format and why, the counts, the skipped rows (invalid ones first, with
/// their positions) and the warnings.
#[component]
fn ImportSummary(s: FileSummary) -> impl IntoView {
    let what = s.imported_kinds();
    let skipped = s.skipped_text().map(|t| {
        view! {
            <details class="skipped">
                <summary>{t}</summary>
                <ol>
                    {s
                        .problems
                        .iter()
                        .map(|p| {
                            view! {
                                <li>
                                    <code>{s.position(p)}</code>
                                    {format!(" {}", FileSummary::problem_text(p))}
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
                {s.examples_note().map(|n| view! { <p class="muted">{n}</p> })}
            </details>
        }
    });
    let warnings = (!s.warnings.is_empty()).then(|| {
        view! {
            <ul class="warnings">
                {s.warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}
            </ul>
        }
    });
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
        {skipped}
        {warnings}
    }
}

/// The format a file is read as: detected ("Auto") or chosen; a choice goes to the URL state
/// (`format=<id>:<file name>`), which re-imports.
#[component]
fn FormatChoice(ctx: crate::ui::state::Ctx, name: String) -> impl IntoView {
    let current =
        ctx.url.with_untracked(|u| u.formats.iter().find(|(n, _)| *n == name).map(|(_, f)| f.id())).unwrap_or("");
    let label = format!("Format of {name}");
    let change = move |ev: leptos::ev::Event| {
        let chosen = Format::from_id(&event_target_value(&ev));
        let name = name.clone();
        ctx.update(move |u| u.choose_format(&name, chosen));
    };
    view! {
        <select class="format-choice" aria-label=label title="Read this file as" on:change=change>
            <option value="" selected=current.is_empty()>"Format: auto"</option>
            {Format::ALL
                .iter()
                .map(|f| view! { <option value=f.id() selected=f.id() == current>{f.label()}</option> })
                .collect_view()}
        </select>
    }
}

/// Which of the workflows a file's CI runs belong to are deployments: a checkbox per workflow name
/// the import saw (with its run count, from the core), checked when the URL state names it. Apply
/// puts the names in the URL state (`workflow=`), which re-imports every file with them.
#[component]
fn WorkflowPicker(ctx: crate::ui::state::Ctx, id: u32, workflows: Vec<(String, usize)>) -> impl IntoView {
    let named = ctx.url.with_untracked(|u| u.workflows.clone());
    let chosen = RwSignal::new(
        workflows
            .iter()
            .filter(|(w, _)| named.iter().any(|n| n.eq_ignore_ascii_case(w)))
            .map(|(w, _)| w.clone())
            .collect::<Vec<_>>(),
    );
    let here: Vec<String> = workflows.iter().map(|(w, _)| w.clone()).collect();
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let picked = chosen.get_untracked();
        let here = here.clone();
        ctx.update(move |u| {
            u.workflows.retain(|w| !here.iter().any(|h| h.eq_ignore_ascii_case(w)));
            u.workflows.extend(picked);
        });
    };
    let open = named.is_empty();
    view! {
        <details class="workflow-picker" open=open>
            <summary>"Which workflows deploy?"</summary>
            <form on:submit=apply>
                <fieldset>
                    <legend class="muted">"Runs of the checked workflows count as deployments (none checked: names with “deploy” or “release”)."</legend>
                    {workflows
                        .into_iter()
                        .enumerate()
                        .map(|(i, (w, n))| {
                            let input_id = format!("wf-{id}-{i}");
                            let label_for = input_id.clone();
                            let checked = chosen.with_untracked(|c| c.contains(&w));
                            let name = w.clone();
                            let toggle = move |ev: leptos::ev::Event| {
                                let on = event_target_checked(&ev);
                                let name = name.clone();
                                chosen.update(|c| {
                                    c.retain(|x| *x != name);
                                    if on {
                                        c.push(name);
                                    }
                                });
                            };
                            view! {
                                <label for=label_for>
                                    <input type="checkbox" id=input_id checked=checked on:change=toggle />
                                    {format!(" {} ({} runs)", if w.is_empty() { "(no name)" } else { w.as_str() }, fmt_int(n as u64))}
                                </label>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <button type="submit" class="button">"Count these workflows"</button>
            </form>
        </details>
    }
}

/// "Map columns": which CSV column feeds which field, and the date format, prefilled with the
/// URL's mapping when it fits this file, else the core's proposal. Apply puts it in the URL state,
/// which re-imports every file with it.
#[component]
fn MapColumns(id: u32, name: String, form: MappingForm) -> impl IntoView {
    let ctx = use_ctx();
    let MappingForm { headers, proposal } = form;
    let initial = ctx
        .url
        .with_untracked(|u| u.mapping.clone())
        .filter(|m| m.columns.values().all(|c| headers.contains(c)))
        .unwrap_or(proposal);
    let kind = RwSignal::new(initial.kind);
    let columns = RwSignal::new(initial.columns.clone());
    let date = RwSignal::new(initial.date_format.clone().unwrap_or_default());
    let error = RwSignal::new(None::<String>);
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match columns.with_untracked(|c| mapping_from_form(kind.get_untracked(), c, &date.get_untracked())) {
            Ok(m) => {
                error.set(None);
                ctx.update(|u| u.mapping = Some(m));
            }
            Err(e) => error.set(Some(e)),
        }
    };
    let radio = format!("map-kind-{id}");
    let kind_choice = move |k: MappedKind, text: &'static str| {
        view! {
            <label>
                <input
                    type="radio"
                    name=radio.clone()
                    value=text
                    prop:checked=move || kind.get() == k
                    on:change=move |_| kind.set(k)
                />
                {format!(" {text}")}
            </label>
        }
    };
    let fields = move || {
        mapping_fields(kind.get())
            .iter()
            .map(|field| {
                let field = field.to_string();
                let current = columns.with_untracked(|c| c.get(&field).cloned().unwrap_or_default());
                let key = field.clone();
                view! {
                    <label class="map-field">
                        <span>{field.clone()}</span>
                        <select
                            data-field=field.clone()
                            on:change=move |ev| {
                                let v = event_target_value(&ev);
                                columns.update(|c| {
                                    c.insert(key.clone(), v);
                                });
                            }
                        >
                            <option value="" selected=current.is_empty()>"—"</option>
                            {headers
                                .iter()
                                .map(|h| view! { <option value=h.clone() selected=*h == current>{h.clone()}</option> })
                                .collect_view()}
                        </select>
                    </label>
                }
            })
            .collect_view()
    };
    view! {
        <form class="map-columns" aria-label=format!("Map columns of {name}") on:submit=apply>
            <p class="map-title">
                <strong>"Map columns"</strong>
                <span class="muted">" — which column holds what (proposed from the header names and first rows)"</span>
            </p>
            <div class="map-kind" role="radiogroup" aria-label="Records">
                {kind_choice(MappedKind::Deployments, "deployments")}
                {kind_choice(MappedKind::Incidents, "incidents")}
            </div>
            <div class="map-fields">{fields}</div>
            <label class="map-field map-date">
                <span>"date format"</span>
                <input
                    type="text"
                    name="date_format"
                    placeholder="dd-mm-yyyy or %d.%m.%Y %H:%M"
                    title="How the times are written: a strftime pattern, or dd-mm-yyyy / mm/dd/yyyy for numeric dates no value decides (it serves every CSV of the load)"
                    prop:value=move || date.get()
                    on:input=move |ev| date.set(event_target_value(&ev))
                />
            </label>
            {move || error.get().map(|e| view! { <p class="map-error" role="alert">{e}</p> })}
            <button type="submit">"Apply"</button>
        </form>
    }
}

/// Inputs for a dropped or pasted `DataTransfer`.
pub fn inputs_from_transfer(dt: &web_sys::DataTransfer, origin: Origin) -> Vec<Input> {
    match dt.files() {
        Some(list) if list.length() > 0 => load::inputs_from_files(&list, origin),
        _ => Vec::new(),
    }
}

/// The Connect form (pull from GitHub or GitLab in the browser) is built only with the `connect`
/// feature: it adds ~22 KB gzip, which the download budget has no room for (its journey,
/// tests/e2e/connect.test.mjs, runs on a build with the feature). `doralens pull` does the same from the CLI.
#[cfg(feature = "connect")]
fn connect_form() -> impl IntoView {
    view! { <crate::ui::connect::Connect /> }
}

#[cfg(not(feature = "connect"))]
fn connect_form() -> impl IntoView {}

//! The data panel's "Connect" form: pulls deployments from GitHub or GitLab with the browser's
//! fetch, through the core's page walk (`core::pull`, the same as `doralens pull`), and loads the
//! pulled files like dropped ones. The token lives in this form's signal only: it goes into request
//! headers and nowhere else — not the URL, storage, exports or messages.

use crate::core::pull::wait::duration;
use crate::core::pull::{Auth, Config, GithubParts, Request, Response, Spec, Step, Target, Vendor, Walker, WriteMode};
use crate::ui::dom;
use crate::ui::load::{self, Input};
use crate::ui::state::{Origin, use_ctx};
use leptos::prelude::*;

/// What a GitHub pull fetches: one view of the releases, so the counts are not doubled.
#[derive(Clone, Copy, PartialEq, Eq)]
enum GithubWhat {
    Deployments,
    Runs,
    Releases,
}

impl GithubWhat {
    fn parts(self) -> GithubParts {
        GithubParts {
            deployments: self == GithubWhat::Deployments,
            runs: self == GithubWhat::Runs,
            releases: self == GithubWhat::Releases,
        }
    }
}

/// Sends one request with the token; `Err` when no complete answer came.
async fn send(req: &Request, token: &str) -> Result<(u16, Vec<(String, String)>, String), String> {
    let mut r = gloo_net::http::Request::get(&req.url).header("Accept", req.accept);
    for (k, v) in &req.headers {
        r = r.header(k, v);
    }
    r = match req.auth {
        Auth::PrivateToken => r.header("PRIVATE-TOKEN", token),
        _ => r.header("Authorization", &format!("Bearer {token}")),
    };
    let resp = r.send().await.map_err(|_| "no answer (network error, or blocked by CORS)".to_string())?;
    let headers = resp.headers().entries().collect();
    let status = resp.status();
    let body = resp.text().await.map_err(|_| "the answer was cut short".to_string())?;
    Ok((status, headers, body))
}

/// Pulled files, by name, in the order first written.
type Files = Vec<(String, String)>;

/// Walks `spec` to its end, or until `cancelled`; `progress` hears how it goes.
async fn pull(
    spec: Spec,
    token: String,
    progress: impl Fn(String),
    cancelled: impl Fn() -> bool,
) -> Result<Files, String> {
    let vendor = spec.vendor;
    let mut w = Walker::new(spec, Config::default(), None);
    let mut files: Files = Vec::new();
    while let Some(req) = w.next_request() {
        if cancelled() {
            return Err("Cancelled: nothing was loaded.".into());
        }
        let step = match send(&req, &token).await {
            Ok((status, headers, body)) => {
                w.on_response(&Response { status, headers: &headers, body: &body }, js_sys::Date::now() as i64)
            }
            Err(e) => w.on_transport_error(&e),
        };
        let p = w.progress;
        let counts = format!("{} records in {} pages ({} requests)", p.records, p.pages, p.requests);
        match step {
            Step::Go(writes) => {
                for wr in writes {
                    match files.iter_mut().find(|(n, _)| *n == wr.file) {
                        Some((_, text)) if wr.mode == WriteMode::Replace => *text = wr.text,
                        Some((_, text)) => text.push_str(&wr.text),
                        None => files.push((wr.file, wr.text)),
                    }
                }
                progress(counts);
            }
            Step::Wait { ms, why } | Step::Retry { ms, why } => {
                progress(format!("{counts}; waiting {} ({why})", duration(ms)));
                dom::yield_now(ms.min(i32::MAX as u64) as i32).await;
            }
            // The core names the CLI's variable; here the token is the one pasted.
            Step::Fail(m) => return Err(m.replace(vendor.token_var(), "the token").replace(&token, "…")),
        }
    }
    Ok(files)
}

fn object_url(name: &str, text: &str) -> Option<(String, String)> {
    let blob = dom::blob_from_bytes(text.as_bytes(), "application/json")?;
    web_sys::Url::create_object_url_with_blob(&blob).ok().map(|u| (name.to_string(), u))
}

#[component]
pub fn Connect() -> impl IntoView {
    let ctx = use_ctx();
    let vendor = RwSignal::new(Vendor::Github);
    let base = RwSignal::new(String::new());
    let targets = RwSignal::new(String::new());
    let token = RwSignal::new(String::new());
    let what = RwSignal::new(GithubWhat::Deployments);
    let running = RwSignal::new(false);
    let cancel = RwSignal::new(false);
    let status = RwSignal::new(None::<(bool, String)>);
    let links = RwSignal::new(Vec::<(String, String)>::new());
    let start = move || {
        let v = vendor.get_untracked();
        let names: Vec<String> =
            targets.get_untracked().split([',', ' ', '\n']).filter(|s| !s.is_empty()).map(String::from).collect();
        let secret = token.get_untracked().trim().to_string();
        if names.is_empty() || secret.is_empty() {
            status.set(Some((false, "Name at least one repository or project, and paste a token.".into())));
            return;
        }
        let api_url = match base.get_untracked().trim() {
            "" => v.default_api_url().unwrap_or_default().to_string(),
            b => b.trim_end_matches('/').to_string(),
        };
        let target = match v {
            Vendor::Gitlab => Target::GitlabProjects(names),
            _ => Target::GithubRepos(names),
        };
        let spec = Spec {
            vendor: v,
            api_url,
            target,
            since: None,
            now_ms: js_sys::Date::now() as i64,
            github: what.get_untracked().parts(),
        };
        running.set(true);
        cancel.set(false);
        status.set(Some((true, format!("Pulling from {}…", v.label()))));
        leptos::task::spawn_local(async move {
            let result = pull(spec, secret, move |p| status.set(Some((true, p))), move || cancel.get_untracked()).await;
            running.set(false);
            match result {
                Ok(files) => {
                    let data: Vec<&(String, String)> =
                        files.iter().filter(|(n, _)| !n.starts_with("context/")).collect();
                    status.set(Some((
                        true,
                        if data.is_empty() {
                            format!("{} returned nothing to load.", v.label())
                        } else {
                            format!(
                                "Pulled {} file(s) from {}: they are in the file list below.",
                                data.len(),
                                v.label()
                            )
                        },
                    )));
                    links.set(data.iter().filter_map(|(n, t)| object_url(n, t)).collect());
                    let inputs: Vec<Input> = data
                        .iter()
                        .filter_map(|(n, t)| {
                            dom::blob_from_bytes(t.as_bytes(), "application/json").map(|blob| Input::Blob {
                                name: n.clone(),
                                blob,
                                origin: Origin::Pulled { source: v.label().to_string() },
                            })
                        })
                        .collect();
                    load::add(ctx, inputs);
                }
                Err(m) => status.set(Some((false, m))),
            }
        });
    };
    view! {
        <details class="connect">
            <summary>"Connect: pull from GitHub or GitLab"</summary>
            <form
                class="connect-form"
                autocomplete="off"
                on:submit=move |ev| {
                    ev.prevent_default();
                    start();
                }
            >
                <div class="row">
                    <select
                        aria-label="Source"
                        on:change=move |ev| {
                            vendor.set(if event_target_value(&ev) == "gitlab" { Vendor::Gitlab } else { Vendor::Github })
                        }
                    >
                        <option value="github">"GitHub"</option>
                        <option value="gitlab">"GitLab"</option>
                    </select>
                    <input
                        type="url"
                        aria-label="API base URL"
                        placeholder=move || vendor.get().default_api_url().unwrap_or_default()
                        prop:value=move || base.get()
                        on:input=move |ev| base.set(event_target_value(&ev))
                    />
                </div>
                <label>
                    {move || if vendor.get() == Vendor::Gitlab { "Projects (ids or group/project paths)" } else { "Repositories (OWNER/REPO)" }}
                    <input
                        type="text"
                        name="connect-targets"
                        placeholder=move || if vendor.get() == Vendor::Gitlab { "acme/platform/shop" } else { "acme/checkout acme/search" }
                        prop:value=move || targets.get()
                        on:input=move |ev| targets.set(event_target_value(&ev))
                    />
                </label>
                <Show when=move || vendor.get() == Vendor::Github>
                    <label>
                        "What deploys"
                        <select on:change=move |ev| {
                            what.set(match event_target_value(&ev).as_str() {
                                "runs" => GithubWhat::Runs,
                                "releases" => GithubWhat::Releases,
                                _ => GithubWhat::Deployments,
                            })
                        }>
                            <option value="deployments">"Deployments (with statuses and commit times)"</option>
                            <option value="runs">"Workflow runs"</option>
                            <option value="releases">"Releases"</option>
                        </select>
                    </label>
                </Show>
                <label>
                    "Token (kept in this tab's memory only)"
                    <input
                        type="password"
                        name="connect-token"
                        autocomplete="off"
                        prop:value=move || token.get()
                        on:input=move |ev| token.set(event_target_value(&ev))
                    />
                </label>
                <div class="row">
                    <button type="submit" class="primary" disabled=move || running.get()>"Pull"</button>
                    <button type="button" class="secondary" disabled=move || !running.get() on:click=move |_| cancel.set(true)>
                        "Cancel"
                    </button>
                </div>
                <p class="muted">
                    "The requests go from this tab straight to the API; the token is never stored or put in the page's address. GitHub needs read access to deployments (repo scope for private repositories), GitLab read_api."
                </p>
                {move || {
                    status
                        .get()
                        .map(|(ok, text)| {
                            view! {
                                <p class=if ok { "connect-status" } else { "connect-status error" } role="status">
                                    {text}
                                </p>
                            }
                        })
                }}
                <ul class="connect-files">
                    {move || {
                        links
                            .get()
                            .into_iter()
                            .map(|(name, href)| view! { <li><a href=href download=name.clone()>{format!("Download {name}")}</a></li> })
                            .collect_view()
                    }}
                </ul>
            </form>
        </details>
    }
}

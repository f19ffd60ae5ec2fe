//! Loading: files (drop, picker, paste), data URLs and the demo, through the core's importers.
//! Work is split into steps with yields in between, so the progress bar paints and the page stays
//! responsive; the records live outside the reactive graph (they can be a million rows).

use crate::core::decimal::Fixed;
use crate::core::import::chunked::ChunkedImport;
use crate::core::import::mapping_form::{MappingForm, mapping_form};
use crate::core::import::read::is_gzip;
use crate::core::import::{FileImport, Format, Hint, ImportError, ImportOptions, build_dataset_paced};
use crate::core::metrics::{AnalysisOptions, analyze_paced};
use crate::core::time::{Zone, unknown_zone};
use crate::core::view::{UrlState, fmt_bytes};
use crate::ui::dom;
use crate::ui::state::{
    Ctx, FileEntry, FileStatus, FileSummary, LoadError, Origin, Progress, Shared, compute_paced, stash_report,
};
use leptos::prelude::*;
use rustc_hash::FxHashMap;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use web_sys::Blob;

/// One thing to load.
pub enum Input {
    Blob { name: String, blob: Blob, origin: Origin },
    Url { url: String, hint: Hint },
}

/// The records of every imported file, in file-list order (`Source::file` indexes `files`), and
/// the raw bytes of every file as JS blobs (outside wasm memory) for re-imports on a zone change.
#[derive(Default)]
struct Store {
    ids: Vec<u32>,
    /// Shared, so a paced rebuild can read them across its pauses.
    files: Vec<Rc<FileImport>>,
    blobs: Vec<(u32, Blob, Hint)>,
}

thread_local! {
    static STORE: RefCell<Store> = RefCell::new(Store::default());
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
    /// Bumped by every load; a load that sees another number stops.
    static GENERATION: Cell<u32> = const { Cell::new(0) };
    /// Time zones fetched so far (`tz/<name>`), or why one could not be had.
    static ZONES: RefCell<FxHashMap<String, Result<Zone, String>>> = RefCell::new(FxHashMap::default());
}

/// The URL state's zone name, unless it is UTC (which needs no rules).
fn zone_name(ctx: Ctx) -> Option<String> {
    ctx.url.with_untracked(|u| u.tz.clone()).filter(|n| !Zone::is_utc_name(n))
}

/// The report zone of the URL state: UTC, or a zone [`fetch_zone`] brought; with the reason when
/// the named zone is not available (the report then uses UTC and says so).
fn zone(ctx: Ctx) -> (Zone, Option<String>) {
    let Some(name) = zone_name(ctx) else {
        return (Zone::utc(), None);
    };
    ZONES.with(|z| match z.borrow().get(&name) {
        Some(Ok(zone)) => (zone.clone(), None),
        Some(Err(e)) => (Zone::utc(), Some(e.clone())),
        None => (Zone::utc(), Some(format!("the rules of time zone {name} are not loaded; showing UTC"))),
    })
}

/// Fetches the rules of the URL state's zone (`tz/<name>`, TZif data written at build time by
/// examples/tzdata.rs) unless they are at hand. The wasm bundles no time zone database.
async fn fetch_zone(ctx: Ctx) {
    let Some(name) = zone_name(ctx) else {
        return;
    };
    if ZONES.with(|z| z.borrow().contains_key(&name)) {
        return;
    }
    if ctx.progress.with_untracked(Option::is_none) {
        progress(ctx, format!("Loading the rules of time zone {name}…"), None);
    }
    let result = match Zone::tzif_path(&name) {
        None => Err(unknown_zone(&name)),
        Some(path) => match gloo_net::http::Request::get(&format!("tz/{path}")).send().await {
            Ok(resp) if resp.ok() => match resp.binary().await {
                Ok(bytes) => Zone::from_tzif(&name, &bytes),
                Err(e) => Err(format!("could not read the rules of time zone {name} ({e}); showing UTC")),
            },
            Ok(resp) if resp.status() == 404 => Err(unknown_zone(&name)),
            Ok(resp) => Err(format!(
                "could not load the rules of time zone {name} (HTTP {} from tz/{path}); showing UTC",
                resp.status()
            )),
            Err(e) => Err(format!("could not load the rules of time zone {name} ({e}); showing UTC")),
        },
    };
    ZONES.with(|z| z.borrow_mut().insert(name, result));
}

fn next_id() -> u32 {
    NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    })
}

const DEMO: [(&str, Hint); 3] =
    [("deployments.csv", Hint::Deployments), ("incidents.csv", Hint::Incidents), ("teams.csv", Hint::Teams)];

/// Loads the demo data (replacing whatever is loaded).
pub fn load_demo(ctx: Ctx) {
    leptos::task::spawn_local(async move {
        let mut inputs = Vec::new();
        for (name, hint) in DEMO {
            inputs.push(Input::Url { url: format!("./demo/{name}"), hint });
        }
        run(ctx, inputs, Loading::Demo).await;
    });
}

/// Adds files; when only the demo is loaded, the demo makes way.
pub fn add(ctx: Ctx, inputs: Vec<Input>) {
    if inputs.is_empty() {
        return;
    }
    let how = if ctx.demo.get_untracked() { Loading::Replacing } else { Loading::Adding };
    leptos::task::spawn_local(async move { run(ctx, inputs, how).await });
}

/// Replaces everything with these inputs.
pub fn replace(ctx: Ctx, inputs: Vec<Input>) {
    leptos::task::spawn_local(async move { run(ctx, inputs, Loading::Replacing).await });
}

fn clear(ctx: Ctx) {
    STORE.with(|s| *s.borrow_mut() = Store::default());
    ctx.files.set(Vec::new());
    #[cfg(feature = "rollup-view")]
    ctx.rollup.set(None);
}

/// The import options of one file: the zone, the column mapping and the file's chosen format
/// (all from the URL state).
fn options(ctx: Ctx, hint: Hint, name: &str) -> ImportOptions {
    let (zone, _) = zone(ctx);
    let (mapping, format, names) =
        ctx.url.with_untracked(|u| (u.mapping.clone(), chosen_format(u, name), u.workflows.clone()));
    let workflows = crate::core::import::WorkflowFilter { names, branches: Vec::new() };
    ImportOptions { zone, hint, mapping, format, workflows, ..ImportOptions::default() }
}

fn chosen_format(u: &crate::core::view::UrlState, name: &str) -> Option<Format> {
    u.formats.iter().find(|(n, _)| n == name).map(|(_, f)| *f)
}

/// The "Map columns" form of a file: for a CSV that failed or was read with the mapping.
fn form_of(bytes: &[u8], result: &Result<FileImport, ImportError>) -> Option<MappingForm> {
    match result {
        Ok(i) if i.format != Format::MappedCsv => None,
        _ => mapping_form(bytes),
    }
}

/// Why a file could not be imported, in words.
fn import_failure(ctx: Ctx, name: &str, e: &ImportError, form: bool) -> LoadError {
    let title = match ctx.url.with_untracked(|u| chosen_format(u, name)) {
        Some(f) => format!("{name} could not be read as {}", f.label()),
        None => format!("{name} is not a recognised format"),
    };
    let hint = if form {
        "Map its columns in the data panel (which column is the id, the time, …), or choose its format there."
    } else {
        "DORA Lens reads the canonical CSV/JSON and the exports listed above; any other CSV works with a column mapping (see the docs)."
    };
    LoadError { title, detail: e.to_string(), hint: Some(hint.into()) }
}

fn name_of_url(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let name = path.trim_end_matches('/').rsplit('/').next().unwrap_or(path);
    if name.is_empty() { url.to_string() } else { name.to_string() }
}

async fn fetch(url: &str) -> Result<Vec<u8>, LoadError> {
    let fail =
        |title: String, detail: String, hint: Option<&str>| LoadError { title, detail, hint: hint.map(str::to_string) };
    let resp = gloo_net::http::Request::get(url).send().await.map_err(|e| {
        fail(
            format!("Could not fetch {url}"),
            format!("The request failed before any response arrived (network error or blocked by CORS): {e}"),
            Some("If the file is on another host, that host must allow cross-origin reads (send an Access-Control-Allow-Origin header), and the address must be reachable from this browser."),
        )
    })?;
    if !resp.ok() {
        let status = resp.status();
        let text = resp.status_text();
        let hint = match status {
            401 | 403 => Some(
                "The host refused access. Files behind a login cannot be fetched by URL: download them and drop them here instead.",
            ),
            404 => Some("Check the address: the file is not there."),
            _ => None,
        };
        return Err(fail(
            format!("HTTP {status} {text} from {url}"),
            format!("The server answered {status} {text} instead of the file."),
            hint,
        ));
    }
    resp.binary().await.map_err(|e| fail(format!("Could not read {url}"), e.to_string(), None))
}

fn progress(ctx: Ctx, label: impl Into<String>, fraction: Option<f64>) {
    ctx.progress.set(Some(Progress { label: label.into(), fraction }));
}

fn current(generation: u32) -> bool {
    GENERATION.with(|g| g.get()) == generation
}

/// How inputs join what is loaded.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Loading {
    /// Next to the files loaded.
    Adding,
    /// Instead of them.
    Replacing,
    /// The demo data, instead of everything.
    Demo,
}

async fn run(ctx: Ctx, inputs: Vec<Input>, how: Loading) {
    let generation = GENERATION.with(|g| {
        g.set(g.get() + 1);
        g.get()
    });
    // A rollup is shown alone: raw files replace it.
    if how != Loading::Adding || ctx.shows_rollup() {
        clear(ctx);
    }
    fetch_zone(ctx).await;
    let total = inputs.len();
    for (n, input) in inputs.into_iter().enumerate() {
        let step = |k: f64| Some((n as f64 + k) / total as f64);
        // The file's bytes, and a blob of them kept outside wasm memory for re-imports (a
        // dropped or chosen file is one already; fetched bytes are copied into one).
        let (name, origin, hint, bytes, kept) = match input {
            Input::Url { url, hint } => {
                let name = name_of_url(&url);
                progress(ctx, format!("Fetching {name} ({} of {total})…", n + 1), step(0.1));
                let origin = if how == Loading::Demo { Origin::Demo } else { Origin::Url { url: url.clone(), hint } };
                (name, origin, hint, fetch(&url).await, None)
            }
            Input::Blob { name, blob, origin } => {
                let size = blob.size();
                progress(ctx, format!("Reading {name} ({})…", fmt_bytes(size as u64)), step(0.0));
                let label = name.clone();
                let r = dom::read_blob(&blob, |f| {
                    progress(ctx, format!("Reading {label} ({})…", fmt_bytes(size as u64)), step(f * 0.5));
                })
                .await
                .map_err(|e| LoadError {
                    title: format!("Could not read {name}"),
                    detail: e,
                    hint: None,
                });
                (name, origin, Hint::Any, r, Some(blob))
            }
        };
        let bytes = match bytes {
            Ok(b) => unpacked(ctx, &name, b).await,
            Err(e) => Err(e),
        };
        if !current(generation) {
            return;
        }
        let id = next_id();
        let size = bytes.as_ref().map_or(0, |b| b.len() as u64);
        let mut form = None;
        #[cfg(feature = "rollup-view")]
        if let Ok(b) = &bytes
            && let Some(result) = crate::core::view::shown_rollup(&name, b)
        {
            let status = show_rollup(ctx, result);
            ctx.files.update(|f| f.push(FileEntry { id, name, size, origin, status, form: None }));
            continue;
        }
        let status = match bytes {
            Err(e) => FileStatus::Failed(e),
            Ok(bytes) => {
                progress(ctx, format!("Reading {name} as an export ({})…", fmt_bytes(size)), step(0.6));
                dom::yield_now(0).await;
                let index = STORE.with(|s| s.borrow().files.len() as u32);
                let label = format!("Reading {name} as an export ({})", fmt_bytes(size));
                let Some(result) =
                    import_in_blocks(ctx, generation, &name, &bytes, index, hint, &label, &|f| step(0.6 + f * 0.35))
                        .await
                else {
                    return;
                };
                if let Some(blob) = kept.or_else(|| dom::blob_from_bytes(&bytes, "application/octet-stream")) {
                    STORE.with(|s| s.borrow_mut().blobs.push((id, blob, hint)));
                }
                form = form_of(&bytes, &result);
                drop(bytes);
                store(ctx, id, &name, result, form.is_some())
            }
        };
        ctx.files.update(|f| f.push(FileEntry { id, name, size, origin, status, form }));
    }
    ctx.demo.set(how == Loading::Demo);
    if ctx.shows_rollup() {
        ctx.progress.set(None);
        return;
    }
    rebuild(ctx, generation).await;
}

/// Puts a rollup on screen in place of everything loaded (docs/rollup.md), or says why it cannot
/// be read.
#[cfg(feature = "rollup-view")]
fn show_rollup(ctx: Ctx, result: Result<crate::core::metrics::Report, ImportError>) -> FileStatus {
    match result {
        Ok(report) => {
            clear(ctx);
            ctx.analysis.set(None);
            ctx.data_warnings.set(Vec::new());
            let origin = report.warnings.first().cloned().unwrap_or_default();
            ctx.rollup.set(Some(Shared::new(report)));
            FileStatus::Rollup(origin)
        }
        Err(e) => FileStatus::Failed(LoadError {
            title: format!("{} is a rollup that cannot be read", e.file),
            detail: e.to_string(),
            hint: Some("docs/rollup.md lists a rollup's columns and rows.".into()),
        }),
    }
}

/// The bytes of a file, unpacked by the browser when they are gzip (the core's importers never see
/// gzip in the dashboard; the wasm carries no decoder).
async fn unpacked(ctx: Ctx, name: &str, bytes: Vec<u8>) -> Result<Vec<u8>, LoadError> {
    if !is_gzip(&bytes) {
        return Ok(bytes);
    }
    progress(ctx, format!("Unpacking {name} ({})…", fmt_bytes(bytes.len() as u64)), None);
    dom::gunzip(&bytes).await.map_err(|e| LoadError {
        title: format!("Could not unpack {name}"),
        detail: e,
        hint: Some("Unpack the file (gunzip) and load the result.".into()),
    })
}

/// Keeps a file's import (or says why it failed) and returns its status for the file list.
fn store(ctx: Ctx, id: u32, name: &str, result: Result<FileImport, ImportError>, has_form: bool) -> FileStatus {
    match result {
        Ok(import) => {
            let summary = FileSummary::of(&import);
            STORE.with(|s| {
                let mut s = s.borrow_mut();
                s.ids.push(id);
                s.files.push(Rc::new(import));
            });
            FileStatus::Ok(summary)
        }
        Err(e) => FileStatus::Failed(import_failure(ctx, name, &e, has_form)),
    }
}

/// Imports one file a megabyte at a time (the core's [`ChunkedImport`]), yielding to the browser
/// every few blocks so the page keeps painting and the progress bar moves. `None` when a newer
/// load began.
#[allow(clippy::too_many_arguments)]
async fn import_in_blocks(
    ctx: Ctx,
    generation: u32,
    name: &str,
    bytes: &[u8],
    index: u32,
    hint: Hint,
    label: &str,
    // A trait object, so the import is compiled once for both callers.
    at: &dyn Fn(f64) -> Option<f64>,
) -> Option<Result<FileImport, ImportError>> {
    let opts = options(ctx, hint, name);
    let mut job = ChunkedImport::new(name, bytes, index, &opts, 1 << 20);
    let budget = FrameBudget::new();
    while job.step() {
        if budget.due() {
            if budget.show() {
                progress(ctx, format!("{label}… {}%", Fixed(job.progress() * 100.0, 0)), at(job.progress()));
            }
            budget.pause().await;
            if !current(generation) {
                return None;
            }
        }
    }
    Some(job.finish_paced(|_| budget.pause_when_due()).await)
}

/// Merges the imported files, analyzes them and publishes the analysis.
async fn rebuild(ctx: Ctx, generation: u32) {
    progress(ctx, "Linking incidents to deployments…", Some(0.92));
    fetch_zone(ctx).await;
    dom::yield_now(0).await;
    if !current(generation) {
        return;
    }
    let start = dom::perf_now();
    let files: Vec<Rc<FileImport>> = STORE.with(|s| s.borrow().files.clone());
    let files: Vec<&FileImport> = files.iter().map(|f| &**f).collect();
    let budget = FrameBudget::new();
    let (data, warnings) = build_dataset_paced(&files, |_| budget.pause_when_due()).await;
    if !current(generation) {
        return;
    }
    let (zone, tz_error) = zone(ctx);
    ctx.tz_error.set(tz_error);
    let window = ctx.url.with_untracked(|u| u.window).map(f64::from);
    let budget = FrameBudget::new();
    let analysis = analyze_paced(data, &AnalysisOptions { zone, link_window_hours: window }, |f| {
        let due = budget.due();
        if due && budget.show() {
            progress(ctx, format!("Linking incidents to deployments… {}%", Fixed(f * 100.0, 0)), Some(0.92 + f * 0.06));
        }
        budget.pause_if(due)
    })
    .await;
    ctx.analyze_ms.set(dom::perf_now() - start);
    progress(ctx, "Computing the report…", Some(0.98));
    dom::yield_now(0).await;
    if !current(generation) {
        return;
    }
    // The first report in tasks of its own (paced like the analysis), then the page renders it
    // in the next.
    let analysis = Shared::new(analysis);
    let key = ctx.url.with_untracked(UrlState::report_key);
    let first = compute_paced(&analysis, &key, |_| budget.pause_when_due()).await;
    if !current(generation) {
        return;
    }
    stash_report(analysis.clone(), key, first);
    dom::after_paint().await;
    if !current(generation) {
        return;
    }
    // The data panel lists what the merge and the links found, next to each file's own notes.
    ctx.data_warnings.set(warnings.into_iter().chain(analysis.warnings.iter().cloned()).collect());
    ctx.analysis.set(Some(analysis));
    ctx.progress.set(None);
}

/// The browser's side of `core::pace`: after most of a frame's time (12 of 16.7 ms) of work, a
/// pause yields to the browser so it can paint. The progress bar moves ten times a second: a
/// change on every pause would cost a style and layout pass each time.
struct FrameBudget {
    since: Rc<Cell<f64>>,
    shown: Cell<f64>,
}

impl FrameBudget {
    /// Work time between two pauses, in milliseconds.
    const BUDGET_MS: f64 = 12.0;

    fn new() -> FrameBudget {
        FrameBudget { since: Rc::new(Cell::new(dom::perf_now())), shown: Cell::new(f64::NEG_INFINITY) }
    }

    fn due(&self) -> bool {
        dom::perf_now() - self.since.get() >= Self::BUDGET_MS
    }

    /// True at most ten times a second: time to move the progress bar.
    fn show(&self) -> bool {
        let now = dom::perf_now();
        let show = now - self.shown.get() >= 100.0;
        if show {
            self.shown.set(now);
        }
        show
    }

    async fn pause(&self) {
        self.pause_if(true).await;
    }

    /// A pause when the budget is spent, else nothing.
    fn pause_when_due(&self) -> impl Future<Output = ()> + use<> {
        self.pause_if(self.due())
    }

    /// A pause when `due`, else nothing (one future type for both, as the core's pacing wants).
    fn pause_if(&self, due: bool) -> impl Future<Output = ()> + use<> {
        let since = self.since.clone();
        async move {
            if due {
                dom::yield_now(0).await;
                since.set(dom::perf_now());
            }
        }
    }
}

/// Re-runs the analysis with the current link window (the data is unchanged).
pub fn reanalyze(ctx: Ctx) {
    let generation = GENERATION.with(|g| {
        g.set(g.get() + 1);
        g.get()
    });
    leptos::task::spawn_local(async move { rebuild(ctx, generation).await });
}

/// Re-imports every file with the current URL state: time zone (timestamps without an offset are
/// local), column mapping and chosen formats.
pub fn reimport(ctx: Ctx) {
    let generation = GENERATION.with(|g| {
        g.set(g.get() + 1);
        g.get()
    });
    leptos::task::spawn_local(async move {
        fetch_zone(ctx).await;
        let blobs: Vec<(u32, Blob, Hint)> = STORE.with(|s| s.borrow().blobs.clone());
        let names: Vec<(u32, String)> =
            ctx.files.with_untracked(|f| f.iter().map(|e| (e.id, e.name.clone())).collect());
        STORE.with(|s| {
            let mut s = s.borrow_mut();
            s.ids.clear();
            s.files.clear();
        });
        let total = blobs.len().max(1);
        for (n, (id, blob, hint)) in blobs.into_iter().enumerate() {
            let name = names.iter().find(|(i, _)| *i == id).map(|(_, n)| n.clone()).unwrap_or_default();
            progress(ctx, format!("Re-reading {name}…"), Some(n as f64 / total as f64 * 0.9));
            let Ok(bytes) = dom::read_blob(&blob, |_| {}).await else { continue };
            let Ok(bytes) = unpacked(ctx, &name, bytes).await else { continue };
            if !current(generation) {
                return;
            }
            let index = STORE.with(|s| s.borrow().files.len() as u32);
            let label = format!("Re-reading {name}");
            let at = |f: f64| Some((n as f64 + f) / total as f64 * 0.9);
            let Some(result) = import_in_blocks(ctx, generation, &name, &bytes, index, hint, &label, &at).await else {
                return;
            };
            let form = form_of(&bytes, &result);
            drop(bytes);
            let status = store(ctx, id, &name, result, form.is_some());
            ctx.files.update(|f| {
                if let Some(e) = f.iter_mut().find(|e| e.id == id) {
                    e.status = status;
                    e.form = form;
                }
            });
            dom::yield_now(0).await;
        }
        rebuild(ctx, generation).await;
    });
}

/// Removes one file and recomputes.
pub fn remove(ctx: Ctx, id: u32) {
    STORE.with(|s| {
        let mut s = s.borrow_mut();
        s.blobs.retain(|(i, _, _)| *i != id);
        let Some(pos) = s.ids.iter().position(|x| *x == id) else { return };
        s.ids.remove(pos);
        s.files.remove(pos);
        // Later files move up one.
        for (k, later) in s.files.iter_mut().enumerate().skip(pos) {
            Rc::make_mut(later).set_index(k as u32);
        }
    });
    let mut url_removed = None;
    ctx.files.update(|f| {
        if let Some(pos) = f.iter().position(|e| e.id == id) {
            if let Origin::Url { url, .. } = &f[pos].origin {
                url_removed = Some(url.clone());
            }
            f.remove(pos);
        }
    });
    if let Some(u) = url_removed {
        ctx.url.update(|s| {
            s.deploys.retain(|x| *x != u);
            s.incidents.retain(|x| *x != u);
            s.teams_urls.retain(|x| *x != u);
        });
    }
    if ctx.files.with_untracked(|f| f.iter().all(|e| e.origin != Origin::Demo)) {
        ctx.demo.set(false);
    }
    #[cfg(feature = "rollup-view")]
    if ctx.files.with_untracked(|f| f.iter().all(|e| !matches!(e.status, FileStatus::Rollup(_)))) {
        ctx.rollup.set(None);
    }
    reanalyze(ctx);
}

/// The data URLs of the URL state that are not loaded yet, as inputs.
pub fn missing_url_inputs(ctx: Ctx) -> Vec<Input> {
    let loaded: Vec<String> = ctx.files.with_untracked(|f| {
        f.iter()
            .filter_map(|e| match &e.origin {
                Origin::Url { url, .. } => Some(url.clone()),
                _ => None,
            })
            .collect()
    });
    ctx.url.with_untracked(|u| {
        let mut v = Vec::new();
        for (list, hint) in
            [(&u.deploys, Hint::Deployments), (&u.incidents, Hint::Incidents), (&u.teams_urls, Hint::Teams)]
        {
            for url in list {
                if !loaded.contains(url) {
                    v.push(Input::Url { url: url.clone(), hint });
                }
            }
        }
        v
    })
}

/// Files of a `FileList` (picker or drop) as inputs.
pub fn inputs_from_files(list: &web_sys::FileList, origin: Origin) -> Vec<Input> {
    (0..list.length())
        .filter_map(|i| list.get(i))
        .map(|f| Input::Blob { name: f.name(), blob: f.into(), origin: origin.clone() })
        .collect()
}

/// Pasted text as an input.
pub fn input_from_text(text: &str) -> Option<Input> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    let name = crate::core::import::sniff::pasted_file_name(t);
    dom::blob_from_bytes(t.as_bytes(), "text/plain").map(|blob| Input::Blob {
        name: name.into(),
        blob,
        origin: Origin::Pasted,
    })
}

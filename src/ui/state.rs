//! The application state: the URL state (the single source of truth for the view), the loaded
//! files, the analysis, and the report derived from them.

use crate::core::chart::{self, Palette};
use crate::core::import::Hint;
use crate::core::import::mapping_form::MappingForm;
use crate::core::metrics::{Analysis, Report, Summary, Trend, report_paced};
use crate::core::time::today;
pub use crate::core::view::FileSummary;
use crate::core::view::{Metric, Theme, UrlState, View};
use leptos::prelude::*;
use std::ops::Deref;
use std::sync::Arc;

/// A shared value compared by identity, so memos holding big values compare in O(1).
pub struct Shared<T>(pub Arc<T>);

impl<T> Shared<T> {
    pub fn new(v: T) -> Shared<T> {
        Shared(Arc::new(v))
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// Where a file came from.
#[derive(Clone, Debug, PartialEq)]
pub enum Origin {
    Demo,
    Local,
    Pasted,
    /// Pulled from an API in the Connect form (GitHub, GitLab).
    Pulled {
        source: String,
    },
    /// From a data URL parameter (`deploys`, `incidents`, `teams`).
    Url {
        url: String,
        hint: Hint,
    },
}

/// Why a file could not be used, in words for people.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadError {
    pub title: String,
    pub detail: String,
    pub hint: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum FileStatus {
    Ok(FileSummary),
    Failed(LoadError),
    /// A rollup, on screen: where it came from.
    #[cfg(feature = "rollup-view")]
    Rollup(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct FileEntry {
    pub id: u32,
    pub name: String,
    pub size: u64,
    pub origin: Origin,
    pub status: FileStatus,
    /// For a CSV read with a column mapping or not recognised: its "Map columns" form.
    pub form: Option<MappingForm>,
}

/// A visible loading step.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    pub label: String,
    /// 0..1, or `None` when unknown.
    pub fraction: Option<f64>,
}

/// The report for the current range and filters, and the overall trend for the overview.
pub struct Computed {
    pub report: Report,
    pub overall: Trend,
    pub from: i32,
    pub to: i32,
    /// How long the report (with its overall trend) took, in ms.
    pub millis: f64,
}

impl Computed {
    pub fn team(&self, name: &str) -> Option<&Summary> {
        self.report.teams.iter().find(|t| t.team == name)
    }

    pub fn trend(&self, name: &str) -> Option<&Trend> {
        self.report.trends.iter().find(|t| t.team == name)
    }
}

/// Everything components share. All fields are `Copy` handles.
#[derive(Clone, Copy)]
pub struct Ctx {
    pub url: RwSignal<UrlState>,
    pub files: RwSignal<Vec<FileEntry>>,
    pub data_warnings: RwSignal<Vec<String>>,
    pub analysis: RwSignal<Option<Shared<Analysis>>>,
    pub progress: RwSignal<Option<Progress>>,
    /// True while the demo data is what is loaded.
    pub demo: RwSignal<bool>,
    pub computed: Memo<Option<Shared<Computed>>>,
    pub theme: Memo<Theme>,
    pub stored_theme: RwSignal<Option<Theme>>,
    pub view: Memo<View>,
    pub metric: Memo<Metric>,
    /// The metric whose "how is this computed" note is open.
    pub help: RwSignal<Option<Metric>>,
    pub data_panel: RwSignal<bool>,
    pub toast: RwSignal<Option<String>>,
    pub tz_error: RwSignal<Option<String>>,
    /// Set while the print handout is being rendered.
    pub printing: RwSignal<bool>,
    /// Milliseconds the last analysis took.
    pub analyze_ms: RwSignal<f64>,
    /// The rollup on screen instead of raw data (docs/rollup.md).
    #[cfg(feature = "rollup-view")]
    pub rollup: RwSignal<Option<Shared<Report>>>,
}

impl Ctx {
    pub fn new(initial: UrlState) -> Ctx {
        let url = RwSignal::new(initial);
        let analysis: RwSignal<Option<Shared<Analysis>>> = RwSignal::new(None);
        #[cfg(feature = "rollup-view")]
        let rollup: RwSignal<Option<Shared<Report>>> = RwSignal::new(None);
        // Only the fields a report depends on: view, metric, embed, theme… do not recompute it.
        let key = Memo::new(move |_| url.with(UrlState::report_key));
        let computed = Memo::new(move |_| {
            #[cfg(feature = "rollup-view")]
            if let Some(r) = rollup.get() {
                return Some(from_rollup(&r));
            }
            let a = analysis.get()?;
            let k = key.get();
            // A load computes the first report itself, in a task of its own before it publishes
            // the analysis, so the page's first render is not one long task with it.
            let stashed = STASH.with(|s| s.borrow_mut().take());
            if let Some((sa, sk, c)) = stashed
                && sa == a
                && sk == k
            {
                return Some(c);
            }
            Some(compute(&a, &k))
        });
        let stored_theme = RwSignal::new(crate::ui::dom::storage_get("doralens.theme").and_then(|t| Theme::parse(&t)));
        let theme = Memo::new(move |_| {
            url.with(|u| u.theme)
                .or(stored_theme.get())
                .unwrap_or_else(|| if crate::ui::dom::prefers_dark() { Theme::Dark } else { Theme::Light })
        });
        Ctx {
            url,
            files: RwSignal::new(Vec::new()),
            data_warnings: RwSignal::new(Vec::new()),
            analysis,
            progress: RwSignal::new(None),
            demo: RwSignal::new(false),
            computed,
            theme,
            stored_theme,
            view: Memo::new(move |_| url.with(|u| u.view)),
            metric: Memo::new(move |_| url.with(|u| u.metric)),
            help: RwSignal::new(None),
            data_panel: RwSignal::new(false),
            toast: RwSignal::new(None),
            tz_error: RwSignal::new(None),
            printing: RwSignal::new(false),
            analyze_ms: RwSignal::new(0.0),
            #[cfg(feature = "rollup-view")]
            rollup,
        }
    }

    /// True while a rollup is on screen instead of raw data.
    #[cfg(feature = "rollup-view")]
    pub fn shows_rollup(&self) -> bool {
        self.rollup.with(Option::is_some)
    }

    /// True while a rollup is on screen instead of raw data (never, without `rollup-view`).
    #[cfg(not(feature = "rollup-view"))]
    pub fn shows_rollup(&self) -> bool {
        false
    }

    pub fn palette(&self) -> &'static Palette {
        match self.theme.get() {
            Theme::Dark => &chart::DARK,
            Theme::Light => &chart::LIGHT,
        }
    }

    /// Changes the URL state (pushes a history entry through the history effect).
    pub fn update(&self, f: impl FnOnce(&mut UrlState)) {
        self.url.update(f);
    }

    /// Shows the team detail of `team`.
    pub fn open_team(&self, team: &str) {
        let t = team.to_string();
        self.url.update(|u| {
            if u.team.first() != Some(&t) {
                // The drill-down's searches were about the other team.
                (u.deploy_q, u.incident_q) = (String::new(), String::new());
            }
            u.view = View::Team;
            u.team = vec![t];
        });
        crate::ui::dom::window().scroll_to_with_x_and_y(0.0, 0.0);
    }

    pub fn notify(&self, msg: impl Into<String>) {
        let toast = self.toast;
        let msg = msg.into();
        toast.set(Some(msg.clone()));
        leptos::task::spawn_local(async move {
            crate::ui::dom::yield_now(3500).await;
            if toast.get_untracked().as_deref() == Some(msg.as_str()) {
                toast.set(None);
            }
        });
    }
}

/// The report the overview shows for an analysis and the report-relevant URL state.
pub fn compute(a: &Analysis, k: &UrlState) -> Shared<Computed> {
    crate::core::pace::at_once(compute_paced(a, k, crate::core::pace::no_pause))
}

/// [`compute`] in steps (see [`report_paced`]), so a load of a million rows ends in short
/// tasks. The time it reports leaves out the pauses.
pub async fn compute_paced<P, F>(a: &Analysis, k: &UrlState, mut pause: P) -> Shared<Computed>
where
    P: FnMut(f64) -> F,
    F: Future<Output = ()>,
{
    let start = crate::ui::dom::perf_now();
    let paused = std::cell::Cell::new(0.0);
    let mut timed = |done: f64| {
        let t0 = crate::ui::dom::perf_now();
        let wait = pause(done);
        let paused = &paused;
        async move {
            wait.await;
            paused.set(paused.get() + crate::ui::dom::perf_now() - t0);
        }
    };
    let fallback = today(crate::ui::dom::now_ms() as i64, &a.zone);
    let opts = k.report_options(a, fallback);
    let (from, to) = (opts.from.unwrap_or(fallback), opts.to.unwrap_or(fallback + 1));
    let mut report = report_paced(a, &opts, fallback, &mut timed).await;
    let overall = report.overall_trend.take().unwrap_or_else(|| Trend {
        team: String::new(),
        bucket: k.bucket,
        points: Vec::new(),
    });
    let millis = crate::ui::dom::perf_now() - start - paused.get();
    Shared::new(Computed { report, overall, from, to, millis })
}

/// What the views show of a rollup: its report as it is (the URL's range and filters need the raw
/// data).
#[cfg(feature = "rollup-view")]
fn from_rollup(r: &Report) -> Shared<Computed> {
    let mut report = r.clone();
    let (from, to) = crate::core::view::rollup_range(&report);
    let overall = report.overall_trend.take().unwrap_or_else(|| Trend {
        team: String::new(),
        bucket: crate::core::metrics::Bucket::Week,
        points: Vec::new(),
    });
    Shared::new(Computed { report, overall, from, to, millis: 0.0 })
}

type Stashed = (Shared<Analysis>, UrlState, Shared<Computed>);

thread_local! {
    /// A report computed ahead for the analysis about to be published (see `load::rebuild`).
    static STASH: std::cell::RefCell<Option<Stashed>> = const { std::cell::RefCell::new(None) };
}

/// Keeps a report computed ahead for `a`; the next computation for `a` and `key` takes it.
pub fn stash_report(a: Shared<Analysis>, key: UrlState, c: Shared<Computed>) {
    STASH.with(|s| *s.borrow_mut() = Some((a, key, c)));
}

pub fn use_ctx() -> Ctx {
    expect_context::<Ctx>()
}

/// The href of a view state (for links that also work with middle-click and copy).
pub fn href(u: &UrlState) -> String {
    let q = u.to_query();
    if q.is_empty() { "./".into() } else { format!("?{q}") }
}

//! Long lists of heavy items (a chart per team, table rows with sparklines) shown in batches: the
//! first batch with the view, each further one after the browser has painted, so no single task
//! builds them all.

use crate::ui::dom;
use leptos::prelude::*;
use std::ops::Range;
use std::sync::Arc;

type Render = Arc<dyn Fn(Range<usize>) -> AnyView + Send + Sync>;

/// Which batches of the current list are shown: the list's generation and how many batches
/// past the first. One per list on the page, made by [`Batches::new`] in the component.
#[derive(Clone, Copy)]
pub struct Batches {
    shown: RwSignal<(u64, usize)>,
    generation: StoredValue<u64>,
}

impl Default for Batches {
    fn default() -> Self {
        Batches::new()
    }
}

impl Batches {
    pub fn new() -> Batches {
        Batches { shown: RwSignal::new((0, 0)), generation: StoredValue::new(0) }
    }

    /// The views of items `0..count`: `render(range)` for the first `first` at once, then for
    /// `batch` more after each paint. Call it from the reactive closure that builds the list;
    /// each call starts a new generation (what was scheduled for the old one is dropped).
    pub fn view<V: IntoView + 'static>(
        self,
        count: usize,
        sizes: (usize, usize),
        render: impl Fn(Range<usize>) -> V + Send + Sync + 'static,
    ) -> Vec<AnyView> {
        self.view_any(count, sizes, Arc::new(move |range| render(range).into_any()))
    }

    /// [`Batches::view`] for a type-erased `render` (one copy of this in the wasm for every list).
    fn view_any(self, count: usize, (first, batch): (usize, usize), render: Render) -> Vec<AnyView> {
        let generation = self.generation.with_value(|g| g + 1);
        self.generation.set_value(generation);
        let batch = batch.max(1);
        let first = first.min(count);
        let batches = (count - first).div_ceil(batch);
        let mut views = vec![render(0..first)];
        if batches > 0 {
            self.show_after_paint(generation, 1);
        }
        for k in 1..=batches {
            let range = first + (k - 1) * batch..(first + k * batch).min(count);
            let shown = self.shown;
            let visible = Memo::new(move |_| shown.with(|&(g, n)| g == generation && n >= k));
            let render = render.clone();
            views.push(
                (move || {
                    if !visible.get() {
                        return None;
                    }
                    if k < batches {
                        self.show_after_paint(generation, k + 1);
                    }
                    Some(render(range.clone()))
                })
                .into_any(),
            );
        }
        views
    }

    /// Shows batch `k` of `generation` once the browser has painted (unless a newer list came).
    fn show_after_paint(self, generation: u64, k: usize) {
        let (shown, current) = (self.shown, self.generation);
        leptos::task::spawn_local(async move {
            dom::after_paint().await;
            if current.try_get_value() == Some(generation) {
                shown.update(|s| {
                    if s.0 != generation || s.1 < k {
                        *s = (generation, k);
                    }
                });
            }
        });
    }
}

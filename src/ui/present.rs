//! Presentation mode (key P or `?present`): one slide per view — the overview, then each team —
//! in large type, moved with ←/→/space and left with Esc. The same slides make the print handout.

use crate::core::view::{self, fmt_range};
use crate::ui::dom;
use crate::ui::overview::cards_view;
use crate::ui::state::{Computed, Ctx, use_ctx};
use leptos::prelude::*;

pub fn slide_count(c: &Computed) -> u32 {
    1 + c.report.teams.len() as u32
}

/// Enters or leaves presentation mode.
pub fn toggle(ctx: Ctx) {
    let on = !ctx.url.with_untracked(|u| u.present);
    ctx.update(|u| {
        u.present = on;
        u.slide = 0;
    });
    if on {
        dom::enter_fullscreen();
    } else {
        dom::exit_fullscreen();
    }
}

/// Moves `by` slides, staying in range.
pub fn step(ctx: Ctx, by: i32) {
    let Some(c) = ctx.computed.get_untracked() else { return };
    let n = slide_count(&c) as i32;
    ctx.update(|u| u.slide = (u.slide as i32 + by).clamp(0, n - 1) as u32);
}

fn slide_body(ctx: Ctx, c: &Computed, index: u32) -> AnyView {
    if index == 0 {
        let filtered = ctx.url.with_untracked(|u| !u.team.is_empty() || !u.service.is_empty());
        view! {
            <div class="slide-head">
                <p class="eyebrow">"Software delivery performance"</p>
                <h2>{if filtered { "Selected teams" } else { "All teams" }}</h2>
                <p class="slide-sub">{format!("{} · {}", fmt_range(c.from, c.to), c.report.range.tz)}</p>
            </div>
            <div class="cards slide-cards">{cards_view(ctx, &c.report.overall, Some(&c.overall), "sl0", true)}</div>
        }
        .into_any()
    } else {
        match c.report.teams.get(index as usize - 1) {
            Some(s) => view! {
                <div class="slide-head">
                    <p class="eyebrow">"Team"</p>
                    <h2>{s.team.clone()}</h2>
                    <p class="slide-sub">{format!("{} · {}", fmt_range(c.from, c.to), c.report.range.tz)}</p>
                </div>
                <div class="cards slide-cards">
                    {cards_view(ctx, s, c.trend(&s.team), &format!("sl{index}"), true)}
                </div>
            }
            .into_any(),
            None => ().into_any(),
        }
    }
}

#[component]
pub fn Presentation() -> impl IntoView {
    let ctx = use_ctx();
    let slide = Memo::new(move |_| ctx.url.with(|u| u.slide));
    view! {
        <div class="present" role="dialog" aria-modal="true" aria-label="Presentation" tabindex="-1" id="present">
            {move || {
                let c = ctx.computed.get()?;
                let n = slide_count(&c);
                let i = slide.get().min(n - 1);
                Some(
                    view! {
                        <div class="slide" aria-live="polite">{slide_body(ctx, &c, i)}</div>
                        <div class="present-bar">
                            <button type="button" class="present-btn" on:click=move |_| step(ctx, -1) disabled={i == 0} aria-label="Previous slide">
                                "←"
                            </button>
                            <span class="slide-no">{format!("{} / {}", i + 1, n)}</span>
                            <button type="button" class="present-btn" on:click=move |_| step(ctx, 1) disabled={i + 1 >= n} aria-label="Next slide">
                                "→"
                            </button>
                            <span class="present-hint">"← → or space to move · Esc to leave"</span>
                            <button type="button" class="present-btn" on:click=move |_| toggle(ctx)>
                                "Exit"
                            </button>
                        </div>
                    },
                )
            }}
        </div>
    }
}

/// Every slide, one per printed page (rendered only while printing).
#[component]
pub fn PrintDeck() -> impl IntoView {
    let ctx = use_ctx();
    view! {
        <div class="print-deck">
            {move || {
                let c = ctx.computed.get()?;
                Some(
                    (0..slide_count(&c))
                        .map(|i| view! { <section class="print-page">{slide_body(ctx, &c, i)}</section> })
                        .collect_view(),
                )
            }}
        </div>
    }
}

/// Renders the handout, opens the print dialog, then removes it.
pub fn print_handout(ctx: Ctx) {
    ctx.printing.set(true);
    dom::set_body_class("printing", true);
    leptos::task::spawn_local(async move {
        dom::yield_now(60).await;
        dom::print();
        dom::after_print(5000).await;
        dom::set_body_class("printing", false);
        ctx.printing.set(false);
    });
}

pub fn count_text(c: &Computed) -> String {
    view::fmt_int(c.report.teams.len() as u64)
}

//! The pure core: model, import, metrics, report formats and charts.
//!
//! Invariants (checked by `tests/architecture.rs`): nothing under `src/core` does I/O, reads the
//! clock or the environment, or names leptos, web_sys, js_sys, gloo or wasm_bindgen. No data can
//! make it panic: outside tests it has no `unwrap`, `expect` or `panic!` (denied below; clippy runs
//! in the test command).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod canvas;
pub mod case;
pub mod chart;
pub mod decimal;
pub mod export;
pub mod import;
pub mod metrics;
pub mod model;
pub mod pace;
pub mod pull;
pub mod sort;
pub mod sql;
pub mod time;
pub mod view;

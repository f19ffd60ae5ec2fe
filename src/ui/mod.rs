//! The browser shell (wasm32 only): Leptos components that wire signals to the pure core.
//! No metric, parsing, time or chart rule lives here — see `core::view` and `core::chart`.

pub mod app;
pub mod batch;
#[cfg(feature = "connect")]
pub mod connect;
pub mod controls;
pub mod dom;
pub mod embed;
pub mod files;
pub mod header;
pub mod ids;
pub mod load;
pub mod overview;
pub mod present;
pub mod state;
pub mod team;
pub mod trends;
pub mod widgets;

/// Mounts the dashboard on the page (called by `src/main.rs`).
pub fn start() {
    dom::install_panic_hook();
    dom::remove_boot();
    leptos::mount::mount_to_body(app::App);
}

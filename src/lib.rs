//! DORA Lens: DORA metrics from the exports your tools already have.
//!
//! [`core`] is pure: bytes in, numbers and SVG out, no I/O, no clock, no web APIs. The browser
//! shell ([`ui`], wasm32 only) and the CLI (`src/cli`) are thin layers over it.

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod ui;

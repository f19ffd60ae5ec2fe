//! The browser entry point: trunk compiles this to wasm32 and it mounts the dashboard.

/// The allocator of the browser build: talc, faster than the standard library's dlmalloc on wasm
/// and about 0.6 KB gzip smaller (the download budget; see ARCHITECTURE.md).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(target_arch = "wasm32")]
fn main() {
    doralens::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("doralens-web is the browser build: run `bash scripts/serve.sh`. The CLI is `doralens`.");
    std::process::exit(2);
}

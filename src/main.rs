//! The browser entry point: trunk compiles this to wasm32 and it mounts the dashboard.

#[cfg(target_arch = "wasm32")]
fn main() {
    doralens::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("doralens-web is the browser build: run `bash scripts/serve.sh`. The CLI is `doralens`.");
    std::process::exit(2);
}

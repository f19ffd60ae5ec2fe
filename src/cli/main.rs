//! `doralens`: the CLI over the same core as the dashboard. It reads files, calls the core and
//! prints; every rule lives in `doralens::core`. No input makes it panic: `unwrap`, `expect` and
//! `panic!` are denied (clippy runs in the test command).
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

// The CLI is native only; browser tests build every binary for wasm32, where it is a stub.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod args;
#[cfg(not(target_arch = "wasm32"))]
mod files;
#[cfg(not(target_arch = "wasm32"))]
mod http;
#[cfg(not(target_arch = "wasm32"))]
mod inspect;
#[cfg(not(target_arch = "wasm32"))]
mod output;
#[cfg(not(target_arch = "wasm32"))]
mod pull;
#[cfg(not(target_arch = "wasm32"))]
mod report;
#[cfg(not(target_arch = "wasm32"))]
mod sql;

/// Blocks of a megabyte or more (the records of a block, the merged vectors) go straight to the
/// system and back: glibc otherwise raises that threshold as large blocks are freed and keeps the
/// memory of a million records of the import resident while the analysis allocates its own
/// (1M deployments: 389 MB peak before, 337-353 MB after; scripts/bench-cli.sh).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn tune_allocator() {
    // SAFETY: mallopt only sets a parameter of glibc's allocator; it runs before any other thread.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

#[cfg(all(not(target_arch = "wasm32"), not(all(target_os = "linux", target_env = "gnu"))))]
fn tune_allocator() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    use args::{Command, USAGE, parse_args};
    tune_allocator();
    // `doralens pull` has its own flags (src/cli/pull.rs).
    let mut raw = std::env::args_os().skip(1);
    if raw.next().is_some_and(|a| a == "pull") {
        return pull::run(raw.collect());
    }
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => return usage_error(e),
    };
    match args.command {
        Some(Command::Report) => report::run(&args),
        Some(Command::Inspect) => inspect::run(&args),
        Some(Command::Sql) => sql::run(&args),
        None => {
            print!("{USAGE}");
            std::process::ExitCode::from(2)
        }
    }
}

/// A usage error: the message and a pointer to `--help`, exit code 2.
#[cfg(not(target_arch = "wasm32"))]
fn usage_error(msg: impl std::fmt::Display) -> std::process::ExitCode {
    eprintln!("doralens: {msg}\n\nRun `doralens --help` for usage.");
    std::process::ExitCode::from(2)
}

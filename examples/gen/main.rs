//! Test-data generator for DORA Lens.
//!
//! ```text
//! cargo run --release --example gen -- demo public/demo
//! cargo run --profile cli --example gen -- bench DIR [DEPLOYMENTS] [INCIDENTS] [OPTIONS]
//! ```
//!
//! `demo` writes the small, realistic, deterministic company export the dashboard ships with
//! (deployments.csv, incidents.csv, teams.csv, README.md). `bench` writes large canonical exports
//! shaped like real ones (default one million deployments, 100 000 incidents, rows in no particular
//! order; see bench.rs for the options). Both are deterministic: same arguments, same bytes.

mod bench;
mod common;
mod demo;

use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("demo") if args.len() == 2 => demo::demo(Path::new(&args[1])),
        Some("bench") if args.len() >= 2 => match bench::Config::parse(&args[2..]) {
            Ok(config) => bench::bench(Path::new(&args[1]), &config),
            Err(e) => {
                eprintln!("gen: {e}\n{}", bench::USAGE);
                std::process::exit(2);
            }
        },
        _ => {
            eprintln!("usage: gen demo DIR\n{}", bench::USAGE);
            std::process::exit(2);
        }
    };
    if let Err(e) = result {
        eprintln!("gen: {e}");
        std::process::exit(1);
    }
}

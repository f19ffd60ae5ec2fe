//! The architecture's invariants, stated as absences and checked on the source text.

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// Code lines, without comments (so docs may name what the code must not use).
fn code(text: &str) -> String {
    text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

#[test]
fn the_core_imports_nothing_web_specific_and_does_no_io() {
    let mut files = Vec::new();
    rust_files(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src/core")), &mut files);
    assert!(files.len() > 5, "found the core files");
    let forbidden = [
        "leptos",
        "web_sys",
        "js_sys",
        "gloo",
        "wasm_bindgen", // web-only crates
        "std::fs",
        "std::net",
        "std::process",
        "std::env",
        "File::open", // I/O and environment
        "SystemTime::now",
        "Instant::now",
        "Timestamp::now",
        "Zoned::now",
        "ZonedDateTime::now", // the clock
        "println!",
        "eprintln!",
        "print!(", // output
    ];
    let mut offences = Vec::new();
    for f in &files {
        let text = code(&std::fs::read_to_string(f).unwrap());
        for word in forbidden {
            if text.contains(word) {
                offences.push(format!("{} uses {word}", f.display()));
            }
        }
    }
    assert!(offences.is_empty(), "the core must stay pure:\n{}", offences.join("\n"));
}

/// The time code is the core's own (`core/time/`): jiff, whose parsers,
/// error messages and CRC table made about 55 KB gzip of the dashboard, is only the oracle the tests
/// compare it with.
#[test]
fn jiff_is_a_test_dependency_only() {
    let manifest = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml")).unwrap();
    for section in manifest.split("\n[").filter(|s| s.contains("dependencies]") && !s.contains("dev-dependencies]")) {
        assert!(!section.lines().any(|l| l.starts_with("jiff =")), "jiff in [{section}");
    }
}

#[test]
fn web_dependencies_are_wasm_only() {
    let manifest = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml")).unwrap();
    let (native, _) = manifest.split_once("[target.").expect("target-specific sections exist");
    let native_deps = native.split("[dependencies]").nth(1).unwrap_or("");
    for web in ["leptos", "web-sys", "gloo", "wasm-bindgen", "js-sys"] {
        assert!(!native_deps.contains(web), "{web} must be a wasm32-only dependency");
    }
}

#[test]
fn the_ui_is_compiled_for_wasm_only() {
    let lib = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/lib.rs")).unwrap();
    assert!(lib.contains("#[cfg(target_arch = \"wasm32\")]\npub mod ui;"));
}

/// The product writes floats through `core::decimal` (the standard library's float formatting was
/// the largest single piece of the dashboard's code): no `{:.N}` in the core or the UI outside tests.
/// (A plain `{}` of an f64 cannot be told apart in the source; the size figures would show it.)
#[test]
fn floats_are_written_by_the_core_decimal_module() {
    let mut files = Vec::new();
    for dir in ["/src/core", "/src/ui"] {
        rust_files(Path::new(&format!("{}{dir}", env!("CARGO_MANIFEST_DIR"))), &mut files);
    }
    let mut offences = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let product = text.split("#[cfg(test)]").next().unwrap_or("");
        for (n, line) in code(product).lines().enumerate() {
            let precision = line.match_indices(":.").any(|(i, _)| {
                line[..i].rfind('{').is_some_and(|open| !line[open..i].contains('}'))
                    && line[i + 2..].starts_with(|c: char| c.is_ascii_digit() || c == '*' || c.is_alphabetic())
                    && line[i + 2..].find('}').is_some_and(|close| !line[i + 2..i + 2 + close].contains(' '))
            });
            if precision {
                offences.push(format!("{}:{}: {}", f.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(offences.is_empty(), "format floats with core::decimal::Fixed:\n{}", offences.join("\n"));
}

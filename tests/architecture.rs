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

// ---------------------------------------------------------------------------------------------
// Module dependencies of the core: no cycles, and layered as ARCHITECTURE.md draws it.

use std::collections::{BTreeMap, BTreeSet};

/// A module of the core: its path (`["import", "collector"]`), its code outside tests (without
/// comments and string literals), its child modules and what it re-exports (`name → path`).
struct Module {
    code: String,
    children: BTreeSet<String>,
    reexports: BTreeMap<String, Vec<String>>,
}

/// Code without comments, string and char literals, and without the `#[cfg(test)]` module that
/// ends a file (tests may use anything).
fn product_code(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or("");
    let b = text.as_bytes();
    let mut out = String::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                    i += 1;
                }
                i += 2;
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                out.push_str("\"\"");
            }
            b'\'' if b.get(i + 2) == Some(&b'\'') || (b.get(i + 1) == Some(&b'\\') && b.get(i + 3) == Some(&b'\'')) => {
                i += if b[i + 1] == b'\\' { 4 } else { 3 };
                out.push_str("' '");
            }
            c => {
                out.push(c as char);
                i += 1;
            }
        }
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The `use` statements of some code, expanded: (public, path, name it binds).
fn uses(code: &str) -> Vec<(bool, Vec<String>, String)> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("use ") {
        let before = rest[..i].trim_end();
        let start_ok = before.is_empty()
            || before.ends_with([';', '{', '}'])
            || before.ends_with("pub")
            || before.ends_with(')')
            || before.ends_with(']');
        let prev_ident = rest[..i].chars().last().is_some_and(is_ident);
        let Some(end) = rest[i..].find(';') else { break };
        let stmt = &rest[i + 4..i + end];
        if start_ok && !prev_ident {
            let public = before.ends_with("pub") || (before.ends_with(')') && before.contains("pub("));
            let tokens: Vec<String> = tokenize(stmt);
            let mut pos = 0;
            expand(&tokens, &mut pos, &[], &mut |path, name| out.push((public, path, name)));
        }
        rest = &rest[i + end..];
    }
    out
}

fn tokenize(s: &str) -> Vec<String> {
    let mut t = Vec::new();
    let mut cur = String::new();
    for c in s.chars() {
        if is_ident(c) {
            cur.push(c);
            continue;
        }
        if !cur.is_empty() {
            t.push(std::mem::take(&mut cur));
        }
        match c {
            '{' | '}' | ',' | '*' => t.push(c.to_string()),
            ':' => {
                if t.last().is_some_and(|l| l == ":") {
                    t.pop();
                    t.push("::".into());
                } else {
                    t.push(":".into());
                }
            }
            _ => {}
        }
    }
    if !cur.is_empty() {
        t.push(cur);
    }
    t
}

/// Expands one use tree at `pos` under `prefix`, calling `f(path, bound name)` per leaf.
fn expand(t: &[String], pos: &mut usize, prefix: &[String], f: &mut dyn FnMut(Vec<String>, String)) {
    let mut path = prefix.to_vec();
    loop {
        match t.get(*pos).map(String::as_str) {
            Some("{") => {
                *pos += 1;
                while t.get(*pos).is_some_and(|x| x != "}") {
                    expand(t, pos, &path, f);
                    if t.get(*pos).is_some_and(|x| x == ",") {
                        *pos += 1;
                    }
                }
                *pos += 1;
                return;
            }
            Some("*") => {
                *pos += 1;
                f(path.clone(), "*".into());
                return;
            }
            Some(seg) if seg != "," && seg != "}" => {
                *pos += 1;
                if seg == "self" && !path.is_empty() && path.len() == prefix.len() {
                    let name = path.last().cloned().unwrap_or_default();
                    f(path.clone(), name);
                    return;
                }
                path.push(seg.to_string());
                if t.get(*pos).is_some_and(|x| x == "::") {
                    *pos += 1;
                    continue;
                }
                let mut name = seg.to_string();
                if t.get(*pos).is_some_and(|x| x == "as") {
                    name = t.get(*pos + 1).cloned().unwrap_or_default();
                    *pos += 2;
                }
                f(path, name);
                return;
            }
            _ => return,
        }
    }
}

/// Every module of the core, by path.
fn core_modules() -> BTreeMap<Vec<String>, Module> {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src/core"));
    let mut files = Vec::new();
    rust_files(root, &mut files);
    let mut mods = BTreeMap::new();
    for f in &files {
        let rel = f.strip_prefix(root).unwrap().with_extension("");
        let mut path: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
        if path.last().is_some_and(|l| l == "mod") {
            path.pop();
        }
        let code = product_code(&std::fs::read_to_string(f).unwrap());
        mods.insert(path, Module { code, children: BTreeSet::new(), reexports: BTreeMap::new() });
    }
    let paths: Vec<Vec<String>> = mods.keys().cloned().collect();
    for p in &paths {
        if let Some((_, parent)) = p.split_last() {
            mods.get_mut(parent).unwrap().children.insert(p.last().unwrap().clone());
        }
    }
    for p in &paths {
        let found: Vec<(bool, Vec<String>, String)> = uses(&mods[p].code);
        for (public, path, name) in found {
            if public && name != "*" {
                let abs = absolute(&mods, p, &path);
                if let Some(abs) = abs {
                    mods.get_mut(p).unwrap().reexports.insert(name, abs);
                }
            }
        }
    }
    mods
}

/// A path as written in module `from`, made absolute within the core (`None`: outside it).
fn absolute(mods: &BTreeMap<Vec<String>, Module>, from: &[String], path: &[String]) -> Option<Vec<String>> {
    let mut base: Vec<String> = from.to_vec();
    let mut rest = path;
    match path.first().map(String::as_str) {
        Some("crate") => {
            if path.get(1).map(String::as_str) != Some("core") {
                return None;
            }
            base.clear();
            rest = &path[2..];
        }
        Some("super") => {
            while rest.first().is_some_and(|s| s == "super") {
                base.pop();
                rest = &rest[1..];
            }
        }
        Some("self") => rest = &path[1..],
        Some(first) if mods.get(from).is_some_and(|m| m.children.contains(first)) => {}
        _ => return None,
    }
    base.extend(rest.iter().cloned());
    Some(base)
}

/// The module that defines what an absolute path names, following re-exports.
fn defining(mods: &BTreeMap<Vec<String>, Module>, path: &[String], depth: usize) -> Vec<String> {
    let mut cur: Vec<String> = Vec::new();
    for (i, seg) in path.iter().enumerate() {
        let m = &mods[&cur];
        if m.children.contains(seg) {
            cur.push(seg.clone());
        } else if let Some(target) = m.reexports.get(seg).filter(|_| depth < 8) {
            let mut t = target.clone();
            t.extend(path[i + 1..].iter().cloned());
            return defining(mods, &t, depth + 1);
        } else {
            return cur;
        }
    }
    cur
}

/// `from` uses something `to` defines (in code outside tests; re-exports are not uses, and neither
/// is using what an ancestor module defines).
fn module_edges(mods: &BTreeMap<Vec<String>, Module>) -> BTreeSet<(Vec<String>, Vec<String>)> {
    let mut edges = BTreeSet::new();
    for (from, m) in mods {
        let mut paths: Vec<Vec<String>> = Vec::new();
        for (public, path, _) in uses(&m.code) {
            if !public {
                paths.push(path);
            }
        }
        // Paths in code: `crate::core::a::b`, `super::a::b`, `child::item`.
        let t = tokenize(&m.code.replace("use ", "; "));
        for i in 0..t.len() {
            let head = t[i].as_str();
            let starts = head == "crate" || head == "super" || m.children.contains(head);
            let after_sep = i > 0 && t[i - 1] == "::";
            if starts && !after_sep && t.get(i + 1).is_some_and(|x| x == "::") {
                let mut p = vec![t[i].clone()];
                let mut j = i + 1;
                while t.get(j).is_some_and(|x| x == "::") && t.get(j + 1).is_some_and(|x| x.chars().all(is_ident)) {
                    p.push(t[j + 1].clone());
                    j += 2;
                }
                paths.push(p);
            }
        }
        for p in paths {
            if let Some(abs) = absolute(mods, from, &p) {
                let to = defining(mods, &abs, 0);
                // What an ancestor defines (the types a folder's modules share, in its mod.rs) is
                // the context of its children, not a dependency between modules.
                if to != *from && !from.starts_with(&to) {
                    edges.insert((from.clone(), to));
                }
            }
        }
    }
    edges
}

fn name(p: &[String]) -> String {
    if p.is_empty() { "core".into() } else { p.join("::") }
}

/// No module of the core uses (directly or through others) a module that uses it: every
/// dependency points one way, so each module can be read and tested from the bottom up.
#[test]
fn the_core_has_no_import_cycles() {
    let mods = core_modules();
    let edges = module_edges(&mods);
    assert!(edges.len() > 40, "found the core's dependencies: {}", edges.len());
    let has = |a: &str, b: &str| edges.iter().any(|(x, y)| name(x) == a && name(y) == b);
    // Uses through a parent's re-export, a `use`, and a path in code are all seen.
    assert!(has("import::collector", "import::outcome"), "a re-exported type leads to its module");
    assert!(has("metrics::analysis", "metrics::analysis::index"), "a path in code is a use");
    assert!(has("time::zone", "time::tzif"), "a use of a sibling is a use");
    let mut out: BTreeMap<&Vec<String>, Vec<&Vec<String>>> = BTreeMap::new();
    for (a, b) in &edges {
        out.entry(a).or_default().push(b);
    }
    // Depth-first search for a back edge; report the cycle it closes.
    fn visit<'a>(
        n: &'a Vec<String>,
        out: &BTreeMap<&'a Vec<String>, Vec<&'a Vec<String>>>,
        state: &mut BTreeMap<&'a Vec<String>, u8>,
        stack: &mut Vec<&'a Vec<String>>,
        cycles: &mut Vec<String>,
    ) {
        state.insert(n, 1);
        stack.push(n);
        for &m in out.get(n).map(Vec::as_slice).unwrap_or(&[]) {
            match state.get(m).copied().unwrap_or(0) {
                0 => visit(m, out, state, stack, cycles),
                1 => {
                    let at = stack.iter().position(|x| *x == m).unwrap();
                    let mut c: Vec<String> = stack[at..].iter().map(|x| name(x)).collect();
                    c.push(name(m));
                    cycles.push(c.join(" → "));
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(n, 2);
    }
    let mut state = BTreeMap::new();
    let mut cycles = Vec::new();
    for n in mods.keys() {
        if !state.contains_key(n) {
            visit(n, &out, &mut state, &mut Vec::new(), &mut cycles);
        }
    }
    assert!(cycles.is_empty(), "import cycles in the core:\n{}", cycles.join("\n"));
}

/// The layers of ARCHITECTURE.md, bottom up: what a module may use lies in its layer or below.
#[test]
fn the_core_is_layered() {
    let layer = |p: &[String]| -> usize {
        match p.first().map(String::as_str) {
            None => 9,
            Some("case" | "decimal" | "sort" | "pace" | "time") => 0,
            Some("model") => 1,
            Some("import" | "pull") => 2,
            Some("metrics") => 3,
            Some("chart" | "canvas" | "export" | "sql" | "view") => 4,
            Some(other) => panic!("core::{other} has no layer: add it here and to ARCHITECTURE.md"),
        }
    };
    let mods = core_modules();
    let wrong: Vec<String> = module_edges(&mods)
        .into_iter()
        .filter(|(a, b)| layer(b) > layer(a))
        .map(|(a, b)| format!("{} (layer {}) uses {} (layer {})", name(&a), layer(&a), name(&b), layer(&b)))
        .collect();
    assert!(wrong.is_empty(), "a lower layer uses a higher one:\n{}", wrong.join("\n"));
}

/// Every sort of the core and the UI goes through `core::sort` (one copy of the sort in the
/// browser's download): no `.sort()`, `sort_by` or `sort_unstable` of the standard library outside
/// tests and `sort.rs` itself.
#[test]
fn every_sort_goes_through_core_sort() {
    let mut files = Vec::new();
    for dir in ["/src/core", "/src/ui"] {
        rust_files(Path::new(&format!("{}{dir}", env!("CARGO_MANIFEST_DIR"))), &mut files);
    }
    let mut offences = Vec::new();
    for f in files.iter().filter(|f| !f.ends_with("core/sort.rs")) {
        let text = product_code(&std::fs::read_to_string(f).unwrap());
        for call in [".sort()", ".sort_by(", ".sort_by_key(", ".sort_unstable", ".sort_by_cached_key("] {
            if text.contains(call) {
                offences.push(format!("{} calls {call}", f.display()));
            }
        }
    }
    assert!(offences.is_empty(), "sort through core::sort:\n{}", offences.join("\n"));
}

/// The UI parses and decides nothing the core does: no timestamps parsed, no formats detected, no
/// rows imported or metrics computed but through the core's entry points (a control's date goes
/// through `time::parse_date`, the one allowed).
#[test]
fn the_ui_holds_no_business_logic() {
    let mut files = Vec::new();
    rust_files(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src/ui")), &mut files);
    let forbidden =
        ["parse_timestamp", "strptime", "detect(", "Collector", "csv::", "serde_json::from", "stats::", "sniff("];
    let mut offences = Vec::new();
    for f in &files {
        let text = product_code(&std::fs::read_to_string(f).unwrap());
        for word in forbidden {
            if text.contains(word) {
                offences.push(format!("{} uses {word}", f.display()));
            }
        }
    }
    assert!(offences.is_empty(), "the UI must leave this to the core:\n{}", offences.join("\n"));
}

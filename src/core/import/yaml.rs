//! YAML to JSON text, line for line: every value starts on the line (and column) it has in the
//! YAML, so the importers that read the JSON point at the YAML's own lines. Argo CD applications
//! (`argocd app get -o yaml`, `kubectl get applications -o yaml`) are read this way by the Argo CD
//! importer. Scalars resolve by YAML 1.2's core schema; anchors and aliases are expanded.

use super::FormatError;
#[cfg(not(target_arch = "wasm32"))]
use saphyr_parser::{Event, Marker, Parser, ScalarStyle};

/// True when a text that is not JSON looks like a YAML document: its first line that is not a
/// comment or directive is `---`, a `- ` sequence item, or a `key:` with no CSV separator before
/// the colon.
pub fn looks_like_yaml(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}');
    if t.trim_start().starts_with(['{', '[']) {
        return false;
    }
    let Some(line) = t.lines().map(str::trim_end).find(|l| {
        let l = l.trim_start();
        !l.is_empty() && !l.starts_with('#') && !l.starts_with('%')
    }) else {
        return false;
    };
    if line == "---" || line.starts_with("--- ") || line.starts_with("- ") {
        return true;
    }
    let Some((key, rest)) = line.split_once(':') else { return false };
    let key = key.trim();
    !key.is_empty()
        && (rest.is_empty() || rest.starts_with(' '))
        && !key.contains([',', ';', '\t', '|', ' '])
        && key.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | '"' | '\''))
}

#[cfg(not(target_arch = "wasm32"))]
/// What a node open in the output is.
struct Open {
    map: bool,
    items: usize,
    /// The output position where the node started and its anchor, when it has one.
    anchor: Option<(usize, usize)>,
}

#[cfg(not(target_arch = "wasm32"))]
struct Writer {
    out: String,
    line: usize,
    col: usize,
    stack: Vec<Open>,
    /// Anchor id → its value's JSON (few per file: a list, not a map, which would be more wasm).
    anchors: Vec<(usize, String)>,
}

#[cfg(not(target_arch = "wasm32"))]
impl Writer {
    /// Moves the output to the YAML position (never back), after a separator when one is due.
    fn start_value(&mut self, at: &Marker) -> Result<(), FormatError> {
        let sep = match self.stack.last_mut() {
            Some(top) => {
                top.items += 1;
                if top.map && top.items % 2 == 0 {
                    ":"
                } else if top.items > 1 {
                    ","
                } else {
                    ""
                }
            }
            None => "",
        };
        self.push(sep);
        let (line, col) = (at.line().max(1), at.col());
        if self.line < line {
            while self.line < line {
                self.out.push('\n');
                self.line += 1;
            }
            self.col = 0;
        }
        while self.col < col {
            self.out.push(' ');
            self.col += 1;
        }
        Ok(())
    }

    fn push(&mut self, s: &str) {
        self.out.push_str(s);
        self.col += s.chars().count();
    }

    fn is_key(&self) -> bool {
        self.stack.last().is_some_and(|t| t.map && t.items % 2 == 0)
    }
}

#[cfg(not(target_arch = "wasm32"))]
/// A plain scalar as JSON: null, a boolean, an integer or a number, else a string.
fn plain(v: &str) -> Option<String> {
    match v {
        "" | "~" | "null" | "Null" | "NULL" => return Some("null".into()),
        "true" | "True" | "TRUE" => return Some("true".into()),
        "false" | "False" | "FALSE" => return Some("false".into()),
        _ => {}
    }
    let digits = v.strip_prefix(['-', '+']).unwrap_or(v);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return v.parse::<i64>().ok().map(|n| n.to_string());
    }
    // A decimal number JSON spells the same way (no leading zeros, a digit after the point).
    let json = v.strip_prefix('+').unwrap_or(v);
    let body = json.strip_prefix('-').unwrap_or(json);
    let ok_start = body.starts_with(|c: char| c.is_ascii_digit())
        && !(body.starts_with('0') && body.len() > 1 && body.as_bytes()[1].is_ascii_digit());
    if ok_start && json.contains(['.', 'e', 'E']) && serde_json::from_str::<serde_json::Number>(json).is_ok() {
        return Some(json.to_string());
    }
    None
}

#[cfg(not(target_arch = "wasm32"))]
fn quoted(v: &str) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "\"\"".into())
}

/// The browser build bundles no YAML parser (it would not fit the page's download budget): the
/// dashboard says so and points to the CLI and to the JSON the same tools print.
#[cfg(target_arch = "wasm32")]
pub fn to_json(_text: &str) -> Result<String, FormatError> {
    Err(FormatError::new(
        1,
        1,
        "a YAML file: the dashboard does not read YAML (its parser would not fit the page's download budget); \
         read it with the CLI (`doralens report --deploys FILE.yaml`), or export the same as JSON \
         (`argocd app get NAME -o json`, `kubectl get applications -n argocd -o json`)",
    ))
}

#[cfg(not(target_arch = "wasm32"))]
/// Converts YAML to JSON values back to back (one per document), each value on its YAML line.
pub fn to_json(text: &str) -> Result<String, FormatError> {
    let text = text.trim_start_matches('\u{feff}');
    let mut w =
        Writer { out: String::with_capacity(text.len()), line: 1, col: 0, stack: Vec::new(), anchors: Vec::new() };
    let err = |m: &Marker, msg: String| FormatError::new(m.line().max(1) as u32, m.col() as u32 + 1, msg);
    // What the output and the anchors' copies may hold in all.
    let limit = (16 * text.len()).max(64 << 20);
    let mut stored = 0;
    let too_large =
        || format!("its aliases expand this YAML past {} MB (16 times the file, at least 64 MB): refused", limit >> 20);
    for ev in Parser::new_from_str(text) {
        let (ev, span) = ev.map_err(|e| err(e.marker(), format!("not valid YAML: {}", e.info())))?;
        let at = span.start;
        match ev {
            Event::Scalar(v, style, anchor, tag) => {
                if w.stack.is_empty() && style == ScalarStyle::Plain && plain(&v).as_deref() == Some("null") {
                    // An empty document (comments only): nothing to read.
                    continue;
                }
                let key = w.is_key();
                let as_str = key
                    || style != ScalarStyle::Plain
                    || tag.as_ref().is_some_and(|t| t.suffix == "str" || t.suffix.ends_with(":str"));
                let json = if as_str { quoted(&v) } else { plain(&v).unwrap_or_else(|| quoted(&v)) };
                w.start_value(&at)?;
                w.push(&json);
                if anchor > 0 {
                    w.anchors.push((anchor, json));
                }
            }
            Event::Alias(id) => {
                if w.is_key() {
                    return Err(err(&at, "an alias as a mapping key is not supported".into()));
                }
                let copy =
                    w.anchors.iter().rev().find(|(a, _)| *a == id).map_or_else(|| "null".into(), |(_, j)| j.clone());
                // Aliases of aliases grow as a power ("a billion laughs": 430 bytes held 8 GB).
                if w.out.len() + copy.len() + stored > limit {
                    return Err(err(&at, too_large()));
                }
                w.start_value(&at)?;
                w.push(&copy);
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if w.is_key() {
                    return Err(err(&at, "a sequence or mapping as a mapping key is not supported".into()));
                }
                let map = matches!(ev, Event::MappingStart(..));
                w.start_value(&at)?;
                let pos = w.out.len();
                w.push(if map { "{" } else { "[" });
                w.stack.push(Open { map, items: 0, anchor: (anchor > 0).then_some((anchor, pos)) });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(open) = w.stack.pop() else { continue };
                w.push(if open.map { "}" } else { "]" });
                if let Some((id, pos)) = open.anchor {
                    // The copy an alias repeats, on one line. The copies count against the limit
                    // too: anchors nested around one large alias each keep a copy of it.
                    stored += w.out.len() - pos;
                    if w.out.len() + stored > limit {
                        return Err(err(&at, too_large()));
                    }
                    let copy: String = w.out[pos..].chars().filter(|c| *c != '\n').collect();
                    w.anchors.push((id, copy));
                }
                if w.stack.is_empty() {
                    w.push("\n");
                    w.line += 1;
                    w.col = 0;
                }
            }
            Event::DocumentEnd | Event::DocumentStart(_) | Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
        }
    }
    Ok(w.out)
}

/// The `kind` of the first document (`Deployment`, `Application`, `List`), for messages.
pub fn kind(json: &str) -> Option<String> {
    let first = serde_json::Deserializer::from_str(json).into_iter::<&serde_json::value::RawValue>().next()?.ok()?;
    let first: serde_json::Value = serde_json::from_str(first.get()).ok()?;
    first.get("kind").and_then(|k| k.as_str()).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn check(yaml: &str, want: Value) {
        let text = to_json(yaml).unwrap_or_else(|e| panic!("{yaml}: {e:?}"));
        let got: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(got, want, "{yaml}\n→ {text}");
    }

    #[test]
    fn scalars_resolve_by_the_core_schema() {
        check(
            "a: 1\nb: -2\nc: 1.5\nd: true\ne: ~\nf: \"3\"\ng: 2024-06-20T19:35:44Z\nh: 007x\ni: 1e3\nj:\nk: !!str 12\nl: 0x1F\n",
            json!({"a": 1, "b": -2, "c": 1.5, "d": true, "e": null, "f": "3", "g": "2024-06-20T19:35:44Z",
                   "h": "007x", "i": 1e3, "j": null, "k": "12", "l": "0x1F"}),
        );
        check("- x\n- [1, {y: z}]\n- 'q''s'\n", json!(["x", [1, {"y": "z"}], "q's"]));
        check(
            "base: &b {x: 1}\nother: *b\nname: &n hi\ncopy: *n\n",
            json!({"base": {"x": 1}, "other": {"x": 1}, "name": "hi", "copy": "hi"}),
        );
        check("text: |\n  two\n  lines\n", json!({"text": "two\nlines\n"}));
    }

    #[test]
    fn values_keep_their_lines() {
        let yaml = "kind: List\nitems:\n- id: 0\n  at: x\n- id: 1\n  at: y\n";
        let text = to_json(yaml).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[2].contains("\"id\""), "{text}");
        assert!(lines[4].contains("\"id\"") && lines[4].contains('1'), "{text}");
        // Documents back to back; an empty document is nothing.
        let docs = to_json("# just a comment\n---\na: 1\n---\nb: 2\n").unwrap();
        let vals: Vec<Value> = serde_json::Deserializer::from_str(&docs).into_iter().map(Result::unwrap).collect();
        assert_eq!(vals, vec![json!({"a": 1}), json!({"b": 2})]);
    }

    #[test]
    fn broken_yaml_is_an_error_with_a_position() {
        let e = to_json("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(e.message.contains("not valid YAML"), "{e:?}");
        assert!(e.line >= 1);
    }

    #[test]
    fn aliases_that_expand_past_the_limit_are_refused() {
        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9 {
            bomb += &format!("a{i}: &a{i} [{}]\n", vec![format!("*a{}", i - 1); 9].join(", "));
        }
        let e = to_json(&bomb).unwrap_err();
        assert!(e.message.contains("aliases expand this YAML past 64 MB"), "{e:?}");
        assert!(e.line >= 2, "{e:?}");
        // Anchors nested around one large alias: each would keep its own copy of it.
        let mut nest = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for i in 1..7 {
            nest += &format!("a{i}: &a{i} [{}]\n", vec![format!("*a{}", i - 1); 9].join(", "));
        }
        nest += &format!("b: {}*a6{}\n", (0..200).map(|k| format!("&b{k} [")).collect::<String>(), "]".repeat(200));
        let e = to_json(&nest).unwrap_err();
        assert!(e.message.contains("aliases expand this YAML past 64 MB"), "{e:?}");
        // A few aliases are expanded as usual.
        check("base: &b {team: pay}\napp: *b\n", json!({"base": {"team": "pay"}, "app": {"team": "pay"}}));
    }

    #[test]
    fn yaml_is_told_from_csv() {
        for (text, want) in [
            ("apiVersion: v1\nkind: List\n", true),
            ("# comment\n---\na: 1\n", true),
            ("- a\n- b\n", true),
            ("id,deployed_at\n1,2\n", false),
            ("{\"a\": 1}", false),
            ("name;team\n", false),
        ] {
            assert_eq!(looks_like_yaml(text), want, "{text}");
        }
    }
}

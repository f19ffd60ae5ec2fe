//! Walking vendor JSON: one value or several back to back (paginated API output concatenated by
//! `gh api --paginate`, `cat`, or NDJSON), raw members and items without building trees, the
//! positions of items, and short JSON text for detail messages.

use crate::core::import::FormatError;
use crate::core::import::read::{self, LineCursor};
use serde_json::Value;
use serde_json::value::RawValue;
use std::borrow::Cow;

/// A JSON value as compact JSON text for a detail message, cut like [`short`]. Written here, not
/// by serde_json's `Display`, whose writer would otherwise be in the dashboard only for this.
pub(crate) fn json_text(v: &Value) -> String {
    let mut out = String::new();
    write_json(v, &mut out);
    short(&out)
}

fn write_json(v: &Value, out: &mut String) {
    // Enough for `short`, which keeps 60 characters.
    if out.len() > 64 {
        return;
    }
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => write_json_str(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(item, out);
            }
            out.push(']');
        }
        Value::Object(members) => {
            out.push('{');
            for (i, (k, item)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json_str(k, out);
                out.push(':');
                write_json(item, out);
            }
            out.push('}');
        }
    }
}

fn write_json_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Cuts a value for a detail message.
pub(crate) fn short(s: &str) -> String {
    if s.chars().count() <= 60 {
        s.to_string()
    } else {
        let cut: String = s.chars().take(57).collect();
        format!("{cut}…")
    }
}

/// The top-level JSON values of a file: one, or several back to back (pages concatenated, NDJSON).
pub(crate) fn json_values(text: &str) -> Result<Vec<&RawValue>, FormatError> {
    let mut out = Vec::new();
    for v in serde_json::Deserializer::from_str(text).into_iter::<&RawValue>() {
        out.push(v.map_err(|e| read::json_error(&e))?);
    }
    if out.is_empty() {
        return Err(FormatError::new(1, 1, "the file holds no JSON value"));
    }
    Ok(out)
}

/// The kind of a raw JSON value, from its first character.
pub(crate) fn is_array(raw: &RawValue) -> bool {
    raw.get().trim_start().starts_with('[')
}

pub(crate) fn is_object(raw: &RawValue) -> bool {
    raw.get().trim_start().starts_with('{')
}

/// Parses a raw value into a tree (the raw value is valid JSON already).
pub(crate) fn tree(raw: &RawValue) -> Value {
    serde_json::from_str(raw.get()).unwrap_or(Value::Null)
}

/// The items of a raw JSON array; an empty list when it is not an array.
pub(crate) fn raw_items(raw: &RawValue) -> Vec<&RawValue> {
    if is_array(raw) { serde_json::from_str(raw.get()).unwrap_or_default() } else { Vec::new() }
}

/// The members of a raw JSON object in file order (keys unescaped); empty when not an object.
pub(crate) fn raw_members(raw: &RawValue) -> Vec<(String, &RawValue)> {
    struct Members<'a>(Vec<(String, &'a RawValue)>);
    impl<'de: 'a, 'a> serde::Deserialize<'de> for Members<'a> {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V<'a>(std::marker::PhantomData<&'a ()>);
            impl<'de: 'a, 'a> serde::de::Visitor<'de> for V<'a> {
                type Value = Members<'a>;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<M: serde::de::MapAccess<'de>>(self, mut m: M) -> Result<Members<'a>, M::Error> {
                    let mut out = Vec::new();
                    while let Some((k, v)) = m.next_entry::<Cow<'de, str>, &'de RawValue>()? {
                        out.push((k.into_owned(), v));
                    }
                    Ok(Members(out))
                }
            }
            d.deserialize_map(V(std::marker::PhantomData))
        }
    }
    if !is_object(raw) {
        return Vec::new();
    }
    serde_json::from_str::<Members>(raw.get()).map(|m| m.0).unwrap_or_default()
}

/// The member `key` of a raw object.
pub(crate) fn raw_member<'a>(members: &[(String, &'a RawValue)], key: &str) -> Option<&'a RawValue> {
    members.iter().find(|(k, _)| k == key).map(|(_, v)| *v).filter(|v| v.get().trim() != "null")
}

/// Text of a JSON string, number or bool at a path; `None` for null, missing or empty.
pub(crate) fn s(v: &Value, path: &[&str]) -> Option<String> {
    read::json_str(read::json_path(v, path))
}

/// Like [`s`] but for objects ServiceNow-style: `{"display_value": …, "value": …}` reads as its
/// display value; `{"name": …}` / `{"summary": …}` as that name.
pub(crate) fn label(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Object(m) => {
            ["display_value", "name", "summary", "title", "value"].iter().find_map(|k| read::json_str(m.get(*k)))
        }
        other => read::json_str(Some(other)),
    }
}

/// The repository name in a GitHub API or web URL: `…/repos/OWNER/REPO/…` or `github.com/OWNER/REPO`.
pub(crate) fn repo_from_url(url: &str) -> Option<&str> {
    let rest = if let Some(i) = url.find("/repos/") {
        &url[i + "/repos/".len()..]
    } else {
        let after_scheme = url.split_once("://").map_or(url, |(_, r)| r);
        after_scheme.split_once('/')?.1
    };
    let mut parts = rest.split('/');
    let _owner = parts.next().filter(|p| !p.is_empty())?;
    let repo = parts.next()?.trim_end_matches(".git");
    let repo = repo.split(['?', '#']).next().unwrap_or(repo);
    if repo.is_empty() { None } else { Some(repo) }
}

/// True for a git commit id (7–64 hex digits).
pub(crate) fn looks_like_sha(s: &str) -> bool {
    (7..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Line and column of many parts of `text`, given in any order (sorted internally, so linear).
pub(crate) fn positions(text: &str, parts: &[&str]) -> Vec<(u32, u32)> {
    let base = text.as_ptr() as usize;
    let mut order: Vec<(usize, usize)> =
        parts.iter().enumerate().map(|(i, p)| ((p.as_ptr() as usize).saturating_sub(base), i)).collect();
    crate::core::sort::sort_by(&mut order, |a, b| a.cmp(b));
    let mut out = vec![(0, 0); parts.len()];
    let mut cur = LineCursor::new(text);
    for (offset, i) in order {
        if let Some(slot) = out.get_mut(i) {
            *slot = cur.at(offset);
        }
    }
    out
}

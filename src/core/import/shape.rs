//! What a JSON file looks like, said in a few words (keys in alphabetical order, as serde_json
//! keeps them) for the message of a file no format reads:
//! "an array of 3 objects with keys id, name, status, …", "an object with keys data, meta; its
//! data is an array of 2 objects with keys …".

use serde_json::Value;

/// How many keys a description names before "…".
const KEYS: usize = 6;

/// The shape of the first JSON value of `text` (several back to back are said so).
pub fn describe(text: &str) -> String {
    let mut values = serde_json::Deserializer::from_str(text).into_iter::<Value>();
    let first = match values.next() {
        Some(Ok(v)) => v,
        Some(Err(e)) => return format!("not valid JSON ({})", super::read::json_reason(&e)),
        None => return "empty".into(),
    };
    let more = values.take(1000).filter(Result::is_ok).count();
    let mut out = value(&first, true);
    if more > 0 {
        out.push_str(&format!(", followed by {more} more JSON value{}", if more == 1 { "" } else { "s" }));
    }
    out
}

fn keys(m: &serde_json::Map<String, Value>) -> String {
    let mut names: Vec<&str> = m.keys().take(KEYS).map(String::as_str).collect();
    if m.len() > KEYS {
        names.push("…");
    }
    names.join(", ")
}

/// Keys of the objects of an array, in the order first seen, from its first few items.
fn item_keys(items: &[Value]) -> String {
    let mut seen: Vec<&str> = Vec::new();
    let mut more = false;
    for m in items.iter().take(20).filter_map(Value::as_object) {
        for k in m.keys() {
            if !seen.contains(&k.as_str()) {
                if seen.len() == KEYS {
                    more = true;
                    break;
                }
                seen.push(k);
            }
        }
    }
    if more {
        seen.push("…");
    }
    seen.join(", ")
}

fn value(v: &Value, top: bool) -> String {
    match v {
        Value::Array(items) if items.is_empty() => "an empty array".into(),
        Value::Array(items) if items.iter().all(Value::is_object) => {
            let n = items.len();
            format!("an array of {n} object{} with keys {}", if n == 1 { "" } else { "s" }, item_keys(items))
        }
        Value::Array(items) => format!("an array of {} values", items.len()),
        Value::Object(m) if m.is_empty() => "an empty object".into(),
        Value::Object(m) => {
            let mut out = format!("an object with keys {}", keys(m));
            if top && let Some((k, list)) = m.iter().find(|(_, v)| matches!(v, Value::Array(a) if !a.is_empty())) {
                out.push_str(&format!("; its {k} is {}", value(list, false)));
            }
            out
        }
        Value::String(_) => "a string".into(),
        Value::Number(_) => "a number".into(),
        Value::Bool(_) => "a boolean".into(),
        Value::Null => "null".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::describe;

    #[test]
    fn shapes_in_words() {
        for (text, want) in [
            (
                r#"[{"id": 1, "name": "a", "status": "x"}, {"id": 2, "extra": true}]"#,
                "an array of 2 objects with keys id, name, status, extra",
            ),
            (
                r#"{"page": 1, "values": [{"uuid": "u", "state": {}}], "next": "n"}"#,
                "an object with keys next, page, values; its values is an array of 1 object with keys state, uuid",
            ),
            (r#"{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7}"#, "an object with keys a, b, c, d, e, f, …"),
            ("[1, 2]", "an array of 2 values"),
            ("{} {}", "an empty object, followed by 1 more JSON value"),
            ("[]", "an empty array"),
        ] {
            assert_eq!(describe(text), want, "{text}");
        }
        assert!(describe("{\"a\": ").starts_with("not valid JSON"));
    }
}

//! The objects of an API export: one object, an array, or a page that wraps its list in a member
//! (`values`, `value`, `items`, `Items`), several back to back (pages concatenated), each object
//! with its line and column.

use super::{is_array, json_values, raw_items, raw_member, raw_members, short, tree};
use crate::core::import::read::LineCursor;
use crate::core::import::{Collector, FormatError, SkipReason};
use serde_json::Value;
use serde_json::value::RawValue;

/// Calls `f` with every object (and its line and column) of the file. `lists` are the members a
/// page keeps its objects in; `unwrap` are members whose value is the page itself (Azure DevOps'
/// docs wrap a response in `responses.200.body`). A value that is not an object is counted and
/// skipped as `not_object`. Returns how many pages or objects were seen.
pub(crate) fn each_object(
    text: &str,
    lists: &[&str],
    not_object: SkipReason,
    c: &mut Collector,
    f: &mut dyn FnMut(&Value, u32, u32, &mut Collector),
) -> Result<usize, FormatError> {
    let mut cur = LineCursor::new(text);
    let mut seen = 0;
    let mut todo: Vec<&RawValue> = json_values(text)?;
    todo.reverse();
    while let Some(v) = todo.pop() {
        let items = if is_array(v) {
            raw_items(v)
        } else {
            let m = raw_members(v);
            if let Some(list) = lists.iter().find_map(|k| raw_member(&m, k).filter(|l| is_array(l))) {
                raw_items(list)
            } else if let Some(body) = raw_member(&m, "responses")
                .map(raw_members)
                .and_then(|r| raw_member(&r, "200").map(raw_members))
                .and_then(|ok| raw_member(&ok, "body"))
            {
                todo.push(body);
                continue;
            } else {
                vec![v]
            }
        };
        seen += 1;
        for raw in items {
            let (line, col) = cur.of(raw.get());
            let t = tree(raw);
            if !t.is_object() {
                c.row();
                c.skip(line, Some(col), not_object, short(raw.get()));
                continue;
            }
            f(&t, line, col, c);
        }
    }
    Ok(seen)
}

/// The first of several keys (camelCase and snake_case spellings) that has text.
pub(crate) fn any(v: &Value, paths: &[&[&str]]) -> Option<String> {
    paths.iter().find_map(|p| super::s(v, p))
}

/// A member of the `params` cell of DevLake's raw table, which [`crate::core::import::unwrap`] puts
/// into each object (the repository or job it belongs to).
pub(crate) fn devlake_params(v: &Value, key: &str) -> Option<String> {
    super::s(v, &[crate::core::import::unwrap::DEVLAKE_PARAMS, key])
}

/// The first time among several fields that has one; an unreadable one is an error.
pub(crate) fn first_time(
    v: &Value,
    fields: &[&str],
    zone: &crate::core::time::Zone,
) -> Result<Option<i64>, crate::core::import::Bad> {
    for f in fields {
        let path: Vec<&str> = f.split('.').collect();
        if let Some(t) = super::time_val(crate::core::import::read::json_path(v, &path), f, zone)? {
            return Ok(Some(t));
        }
    }
    Ok(None)
}

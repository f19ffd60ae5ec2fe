//! One page of a listing: where its records are, which of them are new enough, the text to write,
//! and the URL of the next page as each API announces it.

use serde_json::Value;

use super::Response;
use super::url::with_param;
use crate::core::time::{Zone, parse_timestamp};

/// How a listing announces its next page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paging {
    /// A `Link` header with `rel="next"` (GitHub, GitLab).
    Link,
    /// `offset` and `more` in the body; the next page is `offset` + the records read (PagerDuty).
    Offset,
    /// `paging.next` in the body, a URL; the last page has none (Opsgenie).
    BodyNext,
    /// `nextPageToken` in the body until `isLast` (Jira Cloud's `/search/jql`).
    PageToken,
    /// `startAt` + the issues read, until `total` (Jira Data Center's `/search`).
    StartAt,
    /// One response, no pages (a commit, the teams list).
    Single,
}

/// Where a page's records are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Items {
    /// The page is an array of records.
    Array,
    /// The page is an object with the records in this member.
    Member(&'static str),
    /// The page is one record.
    Whole,
}

/// Records older than this are not pulled: `--since` (inclusive) or the newest record of the last
/// pull (exclusive, for `--resume`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Floor {
    pub at_ms: i64,
    pub exclusive: bool,
}

impl Floor {
    pub fn keeps(self, at_ms: i64) -> bool {
        if self.exclusive { at_ms > self.at_ms } else { at_ms >= self.at_ms }
    }
}

/// What a page held, once sorted against the floor.
#[derive(Clone, Debug, PartialEq)]
pub struct Sorted {
    /// Records kept (written).
    pub kept: usize,
    /// Records below the floor (left out).
    pub below: usize,
    /// The newest time among the kept records.
    pub newest: Option<i64>,
    /// The text to write: the body as it came when every record is kept, the page with the kept
    /// records only otherwise; `None` when no record is kept.
    pub text: Option<String>,
}

/// The records of a page.
pub fn records(value: &Value, items: Items) -> Option<&Vec<Value>> {
    match items {
        Items::Array => value.as_array(),
        Items::Member(m) => value.get(m).and_then(Value::as_array),
        Items::Whole => None,
    }
}

/// A record's time at `path` (`["fields", "created"]`), when it has one that reads.
pub fn time_of(record: &Value, path: &[&str]) -> Option<i64> {
    let mut v = record;
    for p in path {
        v = v.get(p)?;
    }
    parse_timestamp(v.as_str()?, &Zone::utc()).ok().flatten()
}

/// Sorts a page's records against `floor` (a record without a readable time is kept: nothing is
/// dropped on a guess). `None` when the page is not of the expected shape.
pub fn sort(body: &str, value: &Value, items: Items, time: &[&str], floor: Option<Floor>) -> Option<Sorted> {
    let whole = || format!("{}\n", body.trim());
    if items == Items::Whole {
        let newest = time_of(value, time);
        let keep = match (floor, newest) {
            (Some(f), Some(t)) => f.keeps(t),
            _ => true,
        };
        return Some(Sorted {
            kept: usize::from(keep),
            below: usize::from(!keep),
            newest: newest.filter(|_| keep),
            text: keep.then(whole),
        });
    }
    let all = records(value, items)?;
    let mut kept = Vec::new();
    let mut newest: Option<i64> = None;
    for r in all {
        let t = time_of(r, time);
        if let (Some(f), Some(t)) = (floor, t)
            && !f.keeps(t)
        {
            continue;
        }
        if let Some(t) = t {
            newest = Some(newest.map_or(t, |n| n.max(t)));
        }
        kept.push(r);
    }
    let below = all.len() - kept.len();
    let text = if kept.is_empty() {
        None
    } else if below == 0 {
        Some(whole())
    } else {
        let records = Value::Array(kept.iter().map(|r| (*r).clone()).collect());
        let page = match (items, value) {
            (Items::Member(m), Value::Object(o)) => {
                let mut o = o.clone();
                o.insert(m.to_string(), records);
                Value::Object(o)
            }
            _ => records,
        };
        Some(format!("{page}\n"))
    };
    Some(Sorted { kept: kept.len(), below, newest, text })
}

/// The URL `rel="next"` points at in a `Link` header.
pub fn link_next(link: &str) -> Option<String> {
    link.split(',').find_map(|part| {
        let (target, params) = part.split_once(';')?;
        let next = params.split(';').any(|p| {
            let p = p.trim().replace(' ', "");
            p == "rel=\"next\"" || p == "rel=next"
        });
        let t = target.trim();
        next.then(|| t.trim_start_matches('<').trim_end_matches('>').to_string())
    })
}

/// The next page's URL, from the response as `paging` reads it; `base` is the listing's URL
/// without its page parameter, `records` the number of records the page held.
pub fn next_url(paging: Paging, base: &str, resp: &Response, value: &Value, records: usize) -> Option<String> {
    let num = |k: &str| value.get(k).and_then(Value::as_u64);
    match paging {
        Paging::Link => resp.header("link").and_then(link_next),
        Paging::Offset => {
            let more = value.get("more").and_then(Value::as_bool) == Some(true);
            (more && records > 0)
                .then(|| with_param(base, "offset", &(num("offset").unwrap_or(0) + records as u64).to_string()))
        }
        Paging::BodyNext => {
            value.pointer("/paging/next").and_then(Value::as_str).filter(|s| !s.is_empty()).map(String::from)
        }
        Paging::PageToken => {
            let last = value.get("isLast").and_then(Value::as_bool) == Some(true);
            let token = value.get("nextPageToken").and_then(Value::as_str).filter(|s| !s.is_empty());
            token.filter(|_| !last && records > 0).map(|t| with_param(base, "nextPageToken", t))
        }
        Paging::StartAt => {
            let next = num("startAt").unwrap_or(0) + records as u64;
            let total = num("total").unwrap_or(0);
            (records > 0 && next < total).then(|| with_param(base, "startAt", &next.to_string()))
        }
        Paging::Single => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp<'a>(headers: &'a [(String, String)], body: &'a str) -> Response<'a> {
        Response { status: 200, headers, body }
    }

    #[test]
    fn next_pages_as_each_api_says() {
        let h = |v: &str| vec![("Link".to_string(), v.to_string())];
        // (paging, headers, body, records on the page, expected next URL)
        type Case<'a> = (Paging, Vec<(String, String)>, &'a str, usize, Option<&'a str>);
        let cases: Vec<Case> = vec![
            (
                Paging::Link,
                h(
                    r#"<https://api.github.com/repositories/1/deployments?page=2>; rel="next", <https://api.github.com/repositories/1/deployments?page=9>; rel="last""#,
                ),
                "[]",
                30,
                Some("https://api.github.com/repositories/1/deployments?page=2"),
            ),
            (Paging::Link, h(r#"<https://h/x?page=1>; rel="first", <https://h/x?page=8>; rel="prev""#), "[]", 30, None),
            (Paging::Link, vec![], "[]", 3, None),
            (
                Paging::Offset,
                vec![],
                r#"{"incidents":[],"offset":100,"limit":100,"more":true}"#,
                100,
                Some("B?offset=200"),
            ),
            (Paging::Offset, vec![], r#"{"offset":200,"more":false}"#, 30, None),
            (Paging::Offset, vec![], r#"{"offset":0,"more":true}"#, 0, None),
            (
                Paging::BodyNext,
                vec![],
                r#"{"data":[],"paging":{"next":"https://o/v1/incidents?offset=100"}}"#,
                100,
                Some("https://o/v1/incidents?offset=100"),
            ),
            (Paging::BodyNext, vec![], r#"{"data":[],"paging":{"first":"x"}}"#, 10, None),
            (
                Paging::PageToken,
                vec![],
                r#"{"issues":[],"nextPageToken":"a/b=","isLast":false}"#,
                50,
                Some("B?nextPageToken=a%2Fb%3D"),
            ),
            (Paging::PageToken, vec![], r#"{"issues":[],"nextPageToken":"t","isLast":true}"#, 50, None),
            (Paging::StartAt, vec![], r#"{"startAt":50,"maxResults":50,"total":120}"#, 50, Some("B?startAt=100")),
            (Paging::StartAt, vec![], r#"{"startAt":100,"maxResults":50,"total":120}"#, 20, None),
            (Paging::Single, vec![], "{}", 1, None),
        ];
        for (paging, headers, body, n, want) in cases {
            let v: Value = serde_json::from_str(body).unwrap();
            assert_eq!(next_url(paging, "B", &resp(&headers, body), &v, n).as_deref(), want, "{paging:?} {body}");
        }
    }

    #[test]
    fn floors_keep_new_records_and_the_body_as_it_came() {
        let body = r#"[{"id":3,"created_at":"2025-03-03T00:00:00Z"},{"id":2,"created_at":"2025-03-02T00:00:00Z"},{"id":1,"created_at":"2025-03-01T00:00:00Z"}]"#;
        let v: Value = serde_json::from_str(body).unwrap();
        let day2 = 1_740_873_600_000; // 2025-03-02T00:00:00Z
        let check = |floor: Option<Floor>, kept: usize, text: Option<&str>| {
            let s = sort(body, &v, Items::Array, &["created_at"], floor).unwrap();
            assert_eq!((s.kept, s.below, s.text.as_deref().map(str::trim)), (kept, 3 - kept, text), "{floor:?}");
        };
        check(None, 3, Some(body));
        check(
            Some(Floor { at_ms: day2, exclusive: false }),
            2,
            Some(r#"[{"created_at":"2025-03-03T00:00:00Z","id":3},{"created_at":"2025-03-02T00:00:00Z","id":2}]"#),
        );
        check(
            Some(Floor { at_ms: day2, exclusive: true }),
            1,
            Some(r#"[{"created_at":"2025-03-03T00:00:00Z","id":3}]"#),
        );
        check(Some(Floor { at_ms: day2 * 2, exclusive: true }), 0, None);
        let env = r#"{"total_count":2,"workflow_runs":[{"id":2,"created_at":"2025-03-03T00:00:00Z"},{"id":1,"created_at":"2025-03-01T00:00:00Z"}]}"#;
        let v: Value = serde_json::from_str(env).unwrap();
        let s = sort(
            env,
            &v,
            Items::Member("workflow_runs"),
            &["created_at"],
            Some(Floor { at_ms: day2, exclusive: false }),
        )
        .unwrap();
        assert_eq!(
            s.text.as_deref().map(str::trim),
            Some(r#"{"total_count":2,"workflow_runs":[{"created_at":"2025-03-03T00:00:00Z","id":2}]}"#)
        );
        assert_eq!(s.newest, Some(day2 + 86_400_000));
    }
}

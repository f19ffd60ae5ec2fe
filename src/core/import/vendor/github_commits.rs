//! GitHub commits (`GET /repos/{owner}/{repo}/commits/{sha}`, as `doralens pull` writes them):
//! each gives the commit time of a sha, which fills in the lead time of the deployments that
//! shipped it (read with them, like Four Keys changes).

use super::{Bad, is_array, is_object, json_values, raw_items, required, s, short, time_val, tree};
use crate::core::import::SkipReason;
use crate::core::import::read::LineCursor;
use crate::core::import::{Collector, FormatError};
use serde_json::Value;

/// Commit objects, one or several back to back, or arrays of them (the list-commits pages).
pub fn import(text: &str, c: &mut Collector) -> Result<(), FormatError> {
    let mut cur = LineCursor::new(text);
    for v in json_values(text)? {
        let items = if is_array(v) { raw_items(v) } else { vec![v] };
        for raw in items {
            let (line, col) = cur.of(raw.get());
            c.row();
            let t = tree(raw);
            if !is_object(raw) {
                c.skip(line, Some(col), SkipReason::NotARecord, short(raw.get()));
                continue;
            }
            match commit_time(&t, c) {
                Ok((sha, at)) => c.commit_time(&sha, at),
                Err(b) => c.skip(line, Some(col), b.reason, b.detail),
            }
        }
    }
    Ok(())
}

/// The sha and its time: the author's date (when the change was written; a squash merge's is
/// the merge), else the committer's.
fn commit_time(t: &Value, c: &Collector) -> Result<(String, i64), Bad> {
    let sha = s(t, &["sha"]).ok_or_else(|| Bad::new(SkipReason::MissingId, "the commit has no sha"))?;
    let author = time_val(t.pointer("/commit/author/date"), "commit.author.date", c.zone())?;
    let at = match author {
        Some(at) => at,
        None => required(
            time_val(t.pointer("/commit/committer/date"), "commit.committer.date", c.zone())?,
            "commit.author.date",
        )?,
    };
    Ok((sha, at))
}

#[cfg(test)]
mod tests {
    use crate::core::import::{ImportOptions, import_file};

    #[test]
    fn commit_objects_give_commit_times() {
        let text = r#"{"sha":"aa","commit":{"author":{"date":"2025-03-01T10:00:00Z"},"committer":{"date":"2025-03-02T10:00:00Z"}},"parents":[]}
{"sha":"bb","commit":{"committer":{"date":"2025-03-03T10:00:00+02:00"}},"parents":[]}
{"sha":"cc","commit":{"author":{"date":"soon"}},"parents":[]}
[{"commit":{"author":{"date":"2025-03-01T10:00:00Z"}},"parents":[]}]
"#;
        let f = import_file("github-a-r-commits.json", text.as_bytes(), 0, &ImportOptions::default()).unwrap();
        let times: Vec<(&str, i64)> = f.commit_times.iter().map(|(s, t)| (&**s, *t)).collect();
        assert_eq!(times, [("aa", 1_740_823_200_000), ("bb", 1_740_988_800_000)]);
        let skips: Vec<(u32, &str)> = f.problems.iter().map(|p| (p.line, p.reason.text())).collect();
        assert_eq!(skips, [(3, "unparseable time"), (4, "missing id")]);
    }
}

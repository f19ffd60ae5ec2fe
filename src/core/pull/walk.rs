//! The walk over a pull's listings, one request at a time: the shell sends what
//! [`Walker::next_request`] gives and hands back the response; the walker says what to write,
//! how long to wait, or why it stops, and keeps the manifest.
//!
//! A GitHub deployments page is written together with its statuses and commits, once all of them
//! are in, and only then does its listing's cursor move on: a pull stopped half-way resumes at a
//! page whose children were never written.

use std::collections::VecDeque;

use serde_json::Value;

use super::manifest::{FileState, ListingState, Manifest};
use super::page::{self, Floor, Items};
use super::plan::{self, FileKind, Listing, Role, Spec};
use super::wait::{self, Config, Verdict};
use super::{Request, Response};
use crate::core::time::format_instant;

/// Text to add to a file of the output folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Write {
    /// Relative to the output folder.
    pub file: String,
    pub text: String,
    pub mode: WriteMode,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteMode {
    Append,
    /// The file starts anew (a context list's first page in this pull).
    Replace,
}

/// What the shell does next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Write these (perhaps nothing), then ask for the next request.
    Go(Vec<Write>),
    /// A rate limit: wait, then send the same request again.
    Wait { ms: u64, why: String },
    /// A failure: wait, then send the same request again.
    Retry { ms: u64, why: String },
    /// The pull stops; write the manifest (its cursors let `--resume` continue).
    Fail(String),
}

/// Counts for the progress line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub requests: u64,
    pub pages: u64,
    pub records: u64,
    pub waits: u64,
    pub waited_ms: u64,
    pub retries: u64,
}

struct Task {
    listing: Listing,
    attempt: u32,
}

/// A data page waiting for its children.
struct Group {
    writes: Vec<Write>,
    open: usize,
    cursor: Cursor,
}

/// A listing's cursor after a page.
struct Cursor {
    key: String,
    kept: u64,
    next: Option<String>,
    newest: Option<i64>,
}

pub struct Walker {
    spec: Spec,
    cfg: Config,
    queue: VecDeque<Task>,
    current: Option<Task>,
    group: Option<Group>,
    states: Vec<ListingState>,
    previous: Option<Manifest>,
    seen: Vec<String>,
    replaced: Vec<String>,
    files: Vec<FileState>,
    notes: Vec<String>,
    pub progress: Progress,
}

impl Walker {
    /// A walk over `spec`'s listings; with `previous` (the folder's manifest), each listing
    /// continues from its cursor.
    pub fn new(spec: Spec, cfg: Config, previous: Option<Manifest>) -> Walker {
        let mut w = Walker {
            queue: VecDeque::new(),
            current: None,
            group: None,
            states: previous.as_ref().map(|m| m.listings.clone()).unwrap_or_default(),
            files: previous.as_ref().map(|m| m.files.clone()).unwrap_or_default(),
            previous,
            seen: Vec::new(),
            replaced: Vec::new(),
            notes: Vec::new(),
            progress: Progress::default(),
            cfg,
            spec,
        };
        for l in plan::plan(&w.spec) {
            let l = w.resumed(l);
            w.queue.push_back(Task { listing: l, attempt: 0 });
        }
        w
    }

    /// `l` moved to its cursor in the previous manifest.
    fn resumed(&self, l: Listing) -> Listing {
        let Some(prev) = self.previous.as_ref().and_then(|m| m.listing(&l.key)) else {
            return l;
        };
        if l.role != Role::Data {
            return l;
        }
        match (&prev.next, prev.complete, prev.newest.as_deref()) {
            (Some(next), false, _) => Listing { url: next.clone(), ..l },
            (_, true, Some(newest)) => {
                let at = crate::core::time::parse_timestamp(newest, &crate::core::time::Zone::utc()).ok().flatten();
                match at {
                    Some(at_ms) if l.floor.is_none_or(|f| f.at_ms <= at_ms) => {
                        l.with_floor(Some(Floor { at_ms, exclusive: true }))
                    }
                    _ => l,
                }
            }
            _ => l,
        }
    }

    /// The request to send, `None` when the pull is done.
    pub fn next_request(&mut self) -> Option<Request> {
        if self.current.is_none() {
            self.current = self.queue.pop_front();
        }
        let t = self.current.as_ref()?;
        let req = t.listing.request(self.spec.vendor, &t.listing.url);
        if t.attempt == 0 && !matches!(t.listing.role, Role::Child | Role::Probe) {
            let l = t.listing.clone();
            let s = self.state(&l);
            if s.url.is_empty() || s.pages == 0 {
                s.url.clone_from(&l.url);
            }
        }
        self.progress.requests += 1;
        Some(req)
    }

    fn state(&mut self, l: &Listing) -> &mut ListingState {
        let i = match self.states.iter().position(|s| s.key == l.key) {
            Some(i) => i,
            None => {
                self.states.push(ListingState { key: l.key.clone(), file: l.file.clone(), ..Default::default() });
                self.states.len() - 1
            }
        };
        &mut self.states[i]
    }

    /// The request got no complete answer.
    pub fn on_transport_error(&mut self, reason: &str) -> Step {
        let Some(t) = self.current.as_mut() else { return Step::Go(vec![]) };
        let v = wait::judge_transport(self.spec.vendor, reason, &t.listing.what, t.attempt, &self.cfg);
        self.verdict_step(v)
    }

    fn verdict_step(&mut self, v: Verdict) -> Step {
        let t = match self.current.as_mut() {
            Some(t) => t,
            None => return Step::Go(vec![]),
        };
        match v {
            Verdict::Read => Step::Go(vec![]),
            Verdict::Wait { ms, why } => {
                t.attempt += 1;
                self.progress.waits += 1;
                self.progress.waited_ms += ms;
                Step::Wait { ms, why }
            }
            Verdict::Retry { ms, why } => {
                t.attempt += 1;
                self.progress.retries += 1;
                Step::Retry { ms, why }
            }
            Verdict::Fail(m) => Step::Fail(m),
        }
    }

    /// The answer to the last request, at `now_ms`.
    pub fn on_response(&mut self, resp: &Response, now_ms: i64) -> Step {
        let Some(t) = self.current.as_ref() else { return Step::Go(vec![]) };
        let role = t.listing.role;
        // A commit GitHub no longer has (force-pushed away) costs its lead time, not the pull.
        if role == Role::Child && matches!(resp.status, 404 | 422) {
            let what = t.listing.what.clone();
            self.notes.push(format!("{what}: {} answered {}, left out", self.spec.vendor.label(), resp.status));
            self.current = None;
            return self.child_done();
        }
        let v = wait::judge(self.spec.vendor, resp, &t.listing.what, now_ms, t.attempt, &self.cfg);
        if v != Verdict::Read {
            return self.verdict_step(v);
        }
        let Some(t) = self.current.take() else { return Step::Go(vec![]) };
        let l = t.listing;
        let value: Value = match serde_json::from_str(resp.body) {
            Ok(v) => v,
            Err(e) if t.attempt + 1 < self.cfg.max_attempts => {
                // A body cut short that still came with a 200: send it again.
                self.current = Some(Task { listing: l, attempt: t.attempt + 1 });
                self.progress.retries += 1;
                return Step::Retry { ms: self.cfg.backoff_ms, why: format!("an unreadable answer ({e})") };
            }
            Err(e) => return Step::Fail(format!("{} sent {} that is not JSON: {e}", self.spec.vendor.label(), l.what)),
        };
        self.progress.pages += 1;
        if role == Role::Probe {
            return Step::Go(vec![]);
        }
        let Some(sorted) = page::sort(resp.body, &value, l.items, l.time, l.floor) else {
            return Step::Fail(format!(
                "{} answered {} with a page of another shape than expected{}",
                self.spec.vendor.label(),
                l.what,
                match l.items {
                    Items::Member(m) => format!(" (no {m} array)"),
                    _ => " (not an array)".into(),
                }
            ));
        };
        self.progress.records += sorted.kept as u64;
        let stop = l.newest_first && sorted.below > 0;
        let next = if stop {
            None
        } else {
            page::next_url(l.paging, &l.base, resp, &value, page::records(&value, l.items).map_or(1, Vec::len))
        };
        let write = match (&l.file, sorted.text) {
            (Some(file), Some(text)) => {
                let mode = if role == Role::Context && !self.replaced.contains(file) {
                    self.replaced.push(file.clone());
                    WriteMode::Replace
                } else {
                    WriteMode::Append
                };
                self.count_file(file, l.kind, sorted.kept as u64, mode);
                Some(Write { file: file.clone(), text, mode })
            }
            _ => None,
        };
        // Children and follow-ups, from the kept records.
        let kept: Vec<&Value> = match l.items {
            Items::Whole => vec![&value],
            _ => page::records(&value, l.items)
                .map(|rs| {
                    rs.iter()
                        .filter(|r| match (l.floor, page::time_of(r, l.time)) {
                            (Some(f), Some(at)) => f.keeps(at),
                            _ => true,
                        })
                        .collect()
                })
                .unwrap_or_default(),
        };
        let followed = plan::follow(&self.spec, &l, &kept, &mut self.seen);
        let derived = match &l.derive {
            plan::Derive::TeamsMap { file } => plan::teams_map(&kept).map(|text| {
                self.count_file(file, FileKind::Teams, kept.len() as u64, WriteMode::Replace);
                Write { file: file.clone(), text, mode: WriteMode::Replace }
            }),
            plan::Derive::None => None,
        };
        let cursor = Cursor { key: l.key.clone(), kept: sorted.kept as u64, next: next.clone(), newest: sorted.newest };
        // The next page comes next (after this page's children, pushed in front of it below).
        if let Some(n) = &next {
            let mut more = l.clone();
            more.url = n.clone();
            self.queue.push_front(Task { listing: more, attempt: 0 });
        }
        match role {
            Role::Child => {
                if let (Some(g), Some(w)) = (self.group.as_mut(), write) {
                    g.writes.push(w);
                }
                if next.is_some() { Step::Go(vec![]) } else { self.child_done() }
            }
            _ if followed.iter().any(|f| f.role == Role::Child) => {
                let n = followed.len();
                for f in followed.into_iter().rev() {
                    self.queue.push_front(Task { listing: f, attempt: 0 });
                }
                self.group = Some(Group { writes: write.into_iter().collect(), open: n, cursor });
                Step::Go(vec![])
            }
            _ => {
                for f in followed {
                    let f = self.resumed(f);
                    self.queue.push_back(Task { listing: f, attempt: 0 });
                }
                self.advance(cursor);
                Step::Go(write.into_iter().chain(derived).collect())
            }
        }
    }

    /// A child listing ended: when it was the group's last, the group is written.
    fn child_done(&mut self) -> Step {
        let Some(g) = self.group.as_mut() else { return Step::Go(vec![]) };
        g.open = g.open.saturating_sub(1);
        if g.open > 0 {
            return Step::Go(vec![]);
        }
        let Some(g) = self.group.take() else { return Step::Go(vec![]) };
        self.advance(g.cursor);
        Step::Go(g.writes)
    }

    fn count_file(&mut self, file: &str, kind: FileKind, records: u64, mode: WriteMode) {
        match self.files.iter_mut().find(|f| f.file == file) {
            Some(f) if mode == WriteMode::Replace => f.records = records,
            Some(f) => f.records += records,
            None => self.files.push(FileState { file: file.to_string(), kind: kind.label().to_string(), records }),
        }
    }

    fn advance(&mut self, c: Cursor) {
        let i = match self.states.iter().position(|s| s.key == c.key) {
            Some(i) => i,
            None => {
                self.states.push(ListingState { key: c.key.clone(), ..Default::default() });
                self.states.len() - 1
            }
        };
        let s = &mut self.states[i];
        s.pages += 1;
        s.records += c.kept;
        s.complete = c.next.is_none();
        s.next = c.next;
        if let Some(t) = c.newest {
            let old = s
                .newest
                .as_deref()
                .and_then(|n| crate::core::time::parse_timestamp(n, &crate::core::time::Zone::utc()).ok().flatten());
            if old.is_none_or(|o| t > o) {
                s.newest = Some(format_instant(t));
            }
        }
    }

    /// The manifest as it stands (`error` when the pull stopped).
    pub fn manifest(&self, target: &str, started_ms: i64, finished_ms: i64, error: Option<String>) -> Manifest {
        let prev = self.previous.as_ref();
        let sum = |f: fn(&Manifest) -> u64| prev.map_or(0, f);
        // Child listings (statuses, commits) have no cursor of their own: they follow their page.
        let listings = self
            .states
            .iter()
            .filter(|s| !s.key.starts_with("statuses:") && !s.key.starts_with("commits:"))
            .cloned()
            .collect();
        let mut notes = prev.map(|m| m.notes.clone()).unwrap_or_default();
        notes.extend(self.notes.iter().cloned());
        Manifest {
            doralens_pull: Manifest::VERSION,
            source: self.spec.vendor.id().to_string(),
            api_url: self.spec.api_url.clone(),
            target: target.to_string(),
            since: self.spec.since.map(format_instant),
            started_at: format_instant(started_ms),
            finished_at: format_instant(finished_ms),
            complete: error.is_none(),
            error,
            requests: sum(|m| m.requests) + self.progress.requests,
            pages: sum(|m| m.pages) + self.progress.pages,
            records: sum(|m| m.records) + self.progress.records,
            rate_limit_waits: sum(|m| m.rate_limit_waits) + self.progress.waits,
            waited_ms: sum(|m| m.waited_ms) + self.progress.waited_ms,
            retries: sum(|m| m.retries) + self.progress.retries,
            listings,
            files: self.files.clone(),
            notes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::pull::{GithubParts, Target, Vendor};

    fn spec() -> Spec {
        Spec {
            vendor: Vendor::Github,
            api_url: "http://h".into(),
            target: Target::GithubRepos(vec!["a/r".into()]),
            since: None,
            now_ms: 0,
            github: GithubParts { deployments: true, runs: false, releases: false },
        }
    }

    /// A canned answer: URL, status, headers, body.
    type Answer<'a> = (&'a str, u16, &'a [(&'a str, &'a str)], &'a str);

    /// Answers each request the walker makes from `answers` (URL, status, headers, body) and
    /// returns the URLs asked for, the steps' texts, and the walker.
    fn run(previous: Option<Manifest>, answers: &[Answer]) -> (Vec<String>, Vec<String>, Walker) {
        let mut w = Walker::new(spec(), Config { backoff_ms: 10, max_wait_ms: 60_000, max_attempts: 3 }, previous);
        let (mut asked, mut steps) = (Vec::new(), Vec::new());
        let mut used = vec![false; answers.len()];
        while let Some(req) = w.next_request() {
            asked.push(req.url.clone());
            let Some(i) = (0..answers.len()).find(|&i| !used[i] && answers[i].0 == req.url) else {
                panic!("unexpected request {}", req.url)
            };
            used[i] = true;
            let (_, status, headers, body) = answers[i];
            let headers: Vec<(String, String)> = headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
            let step = w.on_response(&Response { status, headers: &headers, body }, 1_000_000);
            steps.push(match step {
                Step::Go(ws) => {
                    ws.iter().map(|w| format!("{} += {}", w.file, w.text.trim())).collect::<Vec<_>>().join(" | ")
                }
                Step::Wait { ms, .. } => format!("wait {ms}"),
                Step::Retry { ms, .. } => format!("retry {ms}"),
                Step::Fail(m) => {
                    steps.push(format!("fail {m}"));
                    break;
                }
            });
        }
        (asked, steps, w)
    }

    const D1: &str = "http://h/repos/a/r/deployments?per_page=100";
    const D2: &str = "http://h/repositories/1/deployments?per_page=100&page=2";

    #[test]
    fn a_page_is_written_with_its_statuses_and_commits_then_the_next() {
        let next: &[(&str, &str)] =
            &[("Link", "<http://h/repositories/1/deployments?per_page=100&page=2>; rel=\"next\"")];
        let limit: &[(&str, &str)] = &[("Retry-After", "1")];
        let (asked, steps, w) = run(
            None,
            &[
                (D1, 429, limit, "secondary rate limit"),
                (D1, 200, next, r#"[{"id":2,"sha":"s2","created_at":"2025-03-02T00:00:00Z"}]"#),
                (
                    "http://h/repos/a/r/deployments/2/statuses?per_page=100",
                    200,
                    &[],
                    r#"[{"id":20,"state":"success"}]"#,
                ),
                ("http://h/repos/a/r/commits/s2", 200, &[], r#"{"sha":"s2"}"#),
                (D2, 200, &[], r#"[{"id":1,"sha":"s2","created_at":"2025-03-01T00:00:00Z"}]"#),
                ("http://h/repos/a/r/deployments/1/statuses?per_page=100", 502, &[], "{}"),
                ("http://h/repos/a/r/deployments/1/statuses?per_page=100", 200, &[], "[]"),
            ],
        );
        assert_eq!(asked.len(), 7);
        assert_eq!(
            steps,
            [
                "wait 1000",
                "",
                "",
                r#"github-a-r-deployments.json += [{"id":2,"sha":"s2","created_at":"2025-03-02T00:00:00Z"}] | github-a-r-deployments.json += [{"id":20,"state":"success"}] | github-a-r-commits.json += {"sha":"s2"}"#,
                "",
                "retry 10",
                r#"github-a-r-deployments.json += [{"id":1,"sha":"s2","created_at":"2025-03-01T00:00:00Z"}]"#,
            ]
        );
        let m = w.manifest("--repo a/r", 0, 1, None);
        let l = m.listing("deployments:a/r").unwrap();
        assert_eq!(
            (l.pages, l.records, l.complete, l.newest.as_deref(), l.url.as_str()),
            (2, 2, true, Some("2025-03-02T00:00:00Z"), D1)
        );
        assert_eq!((m.rate_limit_waits, m.retries, m.requests), (1, 1, 7));
        assert_eq!(
            m.files.iter().map(|f| (f.file.as_str(), f.records)).collect::<Vec<_>>(),
            [("github-a-r-deployments.json", 3), ("github-a-r-commits.json", 1)]
        );
    }

    #[test]
    fn resume_continues_at_the_cursor_or_stops_at_the_newest_record() {
        let stopped = Manifest {
            doralens_pull: 1,
            listings: vec![ListingState {
                key: "deployments:a/r".into(),
                next: Some(D2.into()),
                pages: 1,
                records: 1,
                ..Default::default()
            }],
            ..Default::default()
        };
        let (asked, _, w) = run(Some(stopped), &[(D2, 200, &[], "[]")]);
        assert_eq!(asked, [D2]);
        assert!(w.manifest("", 0, 0, None).listing("deployments:a/r").unwrap().complete);

        let done = Manifest {
            doralens_pull: 1,
            listings: vec![ListingState {
                key: "deployments:a/r".into(),
                complete: true,
                newest: Some("2025-03-02T00:00:00Z".into()),
                ..Default::default()
            }],
            ..Default::default()
        };
        let next: &[(&str, &str)] =
            &[("Link", "<http://h/repositories/1/deployments?per_page=100&page=2>; rel=\"next\"")];
        let (asked, steps, _) = run(
            Some(done),
            &[
                (
                    D1,
                    200,
                    next,
                    r#"[{"id":3,"sha":"s3","created_at":"2025-03-03T00:00:00Z"},{"id":2,"sha":"s2","created_at":"2025-03-02T00:00:00Z"}]"#,
                ),
                ("http://h/repos/a/r/deployments/3/statuses?per_page=100", 200, &[], "[]"),
                ("http://h/repos/a/r/commits/s3", 404, &[], "{}"),
            ],
        );
        // Only the new deployment is written, and the page with an old one is the last.
        assert_eq!(asked.len(), 3);
        assert_eq!(
            steps.last().unwrap(),
            r#"github-a-r-deployments.json += [{"created_at":"2025-03-03T00:00:00Z","id":3,"sha":"s3"}]"#
        );
    }

    #[test]
    fn a_401_stops_with_the_variable_named() {
        let (_, steps, _) = run(None, &[(D1, 401, &[], r#"{"message":"Bad credentials"}"#)]);
        assert!(steps[0].starts_with("fail GitHub rejected the credentials in GITHUB_TOKEN"), "{steps:?}");
    }
}

//! `doralens pull` against the fake vendor APIs (tests/fake-api/server.mjs, 127.0.0.1 only): each
//! source pulls and pages; the pulled files give the report that exports made by hand from the same
//! API give; rate limits are waited out, 5xx and dropped connections retried, 401s explained;
//! `--resume` appends only new pages; no token appears in any output or file.

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The fake server; it stops when this test process drops its stdin.
struct Fake {
    child: Child,
    url: String,
}

impl Fake {
    fn start() -> Fake {
        let mut child = Command::new("node")
            .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fake-api/server.mjs"))
            .args(["--port", "0"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("node runs the fake API");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let v: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("fake API said {line:?}: {e}"));
        Fake { child, url: v["url"].as_str().unwrap().to_string() }
    }

    /// The request log.
    fn requests(&self) -> Vec<Value> {
        let out = node_fetch(&format!("{}/__requests", self.url));
        serde_json::from_str(&out).unwrap()
    }

    fn reset(&self) {
        let script = format!("await fetch({:?}, {{method: 'POST'}})", format!("{}/__reset", self.url));
        node(&script);
    }
}

impl Drop for Fake {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn node(script: &str) -> String {
    let out = Command::new("node").args(["--input-type=module", "-e", script]).output().unwrap();
    assert!(out.status.success(), "node failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn node_fetch(url: &str) -> String {
    node(&format!("process.stdout.write(await (await fetch({url:?})).text())"))
}

const TOKENS: &[(&str, &str)] = &[
    ("GITHUB_TOKEN", "test-token-github"),
    ("GITLAB_TOKEN", "test-token-gitlab"),
    ("PAGERDUTY_TOKEN", "test-token-pagerduty"),
    ("OPSGENIE_API_KEY", "test-token-opsgenie"),
    ("JIRA_EMAIL", "mona@acme.example"),
    ("JIRA_API_TOKEN", "test-token-jira"),
];

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `doralens ARGS` with the fake's tokens and short backoffs.
fn doralens(args: &[&str]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_doralens"));
    cmd.args(args).env("DORALENS_PULL_BACKOFF_MS", "20");
    for (k, v) in TOKENS {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn out_dir(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("pull").join(name);
    let _ = std::fs::remove_dir_all(&d);
    d
}

/// Pulls `source` with `args` into a fresh folder named `name`; the run must succeed.
fn pull(fake: &Fake, name: &str, source: &str, api: &str, args: &[&str]) -> (PathBuf, Run) {
    let dir = out_dir(name);
    let api_url = format!("{}/{api}", fake.url);
    let mut all = vec!["pull", source, "--api-url", &api_url, "--out", dir.to_str().unwrap()];
    all.extend_from_slice(args);
    let run = doralens(&all);
    assert_eq!(run.code, 0, "pull {source} failed:\n{}", run.stderr);
    (dir, run)
}

fn path(dir: &Path, file: &str) -> String {
    dir.join(file).to_str().unwrap().to_string()
}

/// `doralens report` of these files, as JSON with the generation time removed.
fn report(deploys: &[String], incidents: &[String]) -> Value {
    let mut args = vec!["report".to_string(), "--deploys".into()];
    args.extend(deploys.iter().cloned());
    if !incidents.is_empty() {
        args.push("--incidents".into());
        args.extend(incidents.iter().cloned());
    }
    let run = doralens(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(run.code, 0, "report failed:\n{}", run.stderr);
    let mut v: Value = serde_json::from_str(&run.stdout).unwrap();
    strip(&mut v);
    v
}

/// Removes what differs between two loads of the same records: file names and the generation time.
fn strip(v: &mut Value) {
    match v {
        Value::Object(o) => {
            o.remove("generated_at");
            o.remove("files");
            o.remove("warnings");
            o.values_mut().for_each(strip);
        }
        Value::Array(a) => a.iter_mut().for_each(strip),
        _ => {}
    }
}

fn manifest(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap()
}

fn listing<'a>(m: &'a Value, key: &str) -> &'a Value {
    m["listings"].as_array().unwrap().iter().find(|l| l["key"] == key).unwrap_or_else(|| panic!("no listing {key}"))
}

/// What a person would script by hand: every page of `url` (Link headers, or PagerDuty's offsets),
/// back to back in one file; for GitHub deployments, each one's statuses and each sha's commit too.
fn hand_export(url: &str, kind: &str, file: &Path) {
    let script = format!(
        r#"
import {{ writeFileSync }} from 'node:fs';
const h = {{ Authorization: 'Bearer test-token-github', 'PRIVATE-TOKEN': 'test-token-gitlab' }};
const kind = {kind:?};
if (kind === 'pagerduty') h.Authorization = 'Token token=test-token-pagerduty';
const get = async (u) => {{ const r = await fetch(u, {{ headers: h }}); return [await r.text(), r.headers.get('link')]; }};
const next = (link) => (link || '').split(',').map(s => s.match(/<([^>]+)>;\s*rel="next"/)).find(m => m)?.[1];
let out = [], url = {url:?}, offset = 0;
const deployments = [];
while (url) {{
  const [body, link] = await get(url);
  out.push(body);
  if (kind === 'pagerduty') {{
    const p = JSON.parse(body); offset += p.incidents.length;
    url = p.more ? {url:?} + '&offset=' + offset : null;
  }} else {{
    if (kind === 'github') deployments.push(...JSON.parse(body));
    url = next(link);
  }}
}}
const shas = new Set();
for (const d of deployments) {{
  let u = d.statuses_url + '?per_page=100';
  while (u) {{ const [body, link] = await get(u); out.push(body); u = next(link); }}
  shas.add(d.sha);
}}
const commits = [];
for (const s of shas) commits.push((await get({url:?}.replace(/deployments.*/, 'commits/' + s)))[0]);
writeFileSync({file:?}, out.join('\n') + '\n');
if (commits.length) writeFileSync({file:?} + '.commits.json', commits.join('\n') + '\n');
"#,
        file = file.to_str().unwrap()
    );
    node(&script);
}

#[test]
fn github_pull_reports_as_a_hand_made_export_of_the_same_api() {
    let fake = Fake::start();
    let (dir, _) = pull(&fake, "github", "github", "github", &["--repo", "acme/checkout"]);
    let files = |parts: &[&str]| {
        parts.iter().map(|p| path(&dir, &format!("github-acme-checkout-{p}.json"))).collect::<Vec<_>>()
    };
    let pulled = report(&files(&["deployments", "commits"]), &[]);
    // Hand-checked: checkout has 117 production deployments whose newest status is a success, and
    // every deployed sha has a commit, so each has a lead time.
    assert_eq!(pulled["overall"]["deployments"], 117);
    assert_eq!(pulled["overall"]["lead_time"]["samples"], 117);
    let hand = out_dir("github-hand").with_extension("json");
    std::fs::create_dir_all(hand.parent().unwrap()).unwrap();
    hand_export(&format!("{}/github/repos/acme/checkout/deployments?per_page=100", fake.url), "github", &hand);
    let commits = format!("{}.commits.json", hand.display());
    assert_eq!(report(&[hand.to_str().unwrap().to_string(), commits], &[]), pulled);
    // Every deployment-side file together: no error, and the runs and releases add their rows.
    let all = report(&files(&["deployments", "commits", "runs", "releases"]), &[]);
    assert!(all["overall"]["deployments"].as_u64().unwrap() > 117);
    // The whole folder (`--deploys out/*.json`): the manifest is left out with a note, not a warning.
    let mut folder: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path().to_str().unwrap().to_string())
        .filter(|p| p.ends_with(".json"))
        .collect();
    folder.sort();
    assert!(folder.iter().any(|p| p.ends_with("manifest.json")));
    assert_eq!(report(&folder, &[]), all);
    let args: Vec<&str> = ["report", "--deploys"].into_iter().chain(folder.iter().map(String::as_str)).collect();
    let run = doralens(&args);
    assert!(run.stderr.contains("manifest.json: the manifest of a `doralens pull`"), "{}", run.stderr);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    // The core (what the dashboard runs on a dropped folder) says what the manifest is, not
    // "no rows".
    let manifest_path = path(&dir, "manifest.json");
    let inspect = doralens(&["inspect", &manifest_path]);
    let said = format!("{}{}", inspect.stdout, inspect.stderr);
    assert!(said.contains("the manifest of a `doralens pull` (what was pulled, not records)"), "{said}");
    assert!(said.contains("left out") && !said.contains("no rows"), "{said}");
    let m = manifest(&dir);
    assert_eq!(m["complete"], true);
    let counts =
        |key: &str| (listing(&m, key)["records"].as_u64().unwrap(), listing(&m, key)["complete"].as_bool().unwrap());
    assert_eq!(counts("deployments:acme/checkout"), (250, true));
    assert_eq!(counts("runs:acme/checkout"), (506, true));
    assert_eq!(counts("releases:acme/checkout"), (43, true));
}

#[test]
fn gitlab_pagerduty_opsgenie_and_jira_pull_and_page() {
    let fake = Fake::start();
    // GitLab: a group's projects, then the one with deployments (230 over three pages).
    let (gl, _) = pull(&fake, "gitlab", "gitlab", "gitlab/api/v4", &["--group", "acme"]);
    let file = path(&gl, "gitlab-acme-platform-shop-deployments.json");
    let r = report(std::slice::from_ref(&file), &[]);
    assert_eq!(r["overall"]["deployments"], 103, "103 successful production deployments");
    let hand = out_dir("gitlab-hand").with_extension("json");
    hand_export(&format!("{}/gitlab/api/v4/projects/7/deployments?per_page=20", fake.url), "gitlab", &hand);
    assert_eq!(report(&[hand.to_str().unwrap().into()], &[]), r);
    assert!(gl.join("context/gitlab-acme-projects.json").exists());

    // PagerDuty: 230 incidents, offset pages of 100; services and teams as context only.
    let (pd, _) = pull(&fake, "pagerduty", "pagerduty", "pagerduty", &[]);
    let incidents = path(&pd, "pagerduty-incidents.json");
    let r = report(std::slice::from_ref(&file), std::slice::from_ref(&incidents));
    assert_eq!(r["overall"]["recovery_time"]["unlinked_incidents"], 230);
    let hand = out_dir("pagerduty-hand").with_extension("json");
    hand_export(&format!("{}/pagerduty/incidents?date_range=all&limit=25", fake.url), "pagerduty", &hand);
    assert_eq!(report(std::slice::from_ref(&file), &[hand.to_str().unwrap().into()]), r);
    assert_eq!(listing(&manifest(&pd), "incidents")["pages"], 3);

    // Opsgenie: 150 incidents, paging.next links; Jira Cloud (nextPageToken) and Data Center (startAt).
    let (og, _) = pull(&fake, "opsgenie", "opsgenie", "opsgenie", &[]);
    assert_eq!(listing(&manifest(&og), "incidents")["records"], 150);
    let (jc, _) = pull(&fake, "jira-cloud", "jira", "jira", &["--jql", "project = OPS", "--changelog"]);
    let (jd, _) = pull(&fake, "jira-dc", "jira", "jira", &["--jql", "project = OPS", "--jira-api", "dc"]);
    assert_eq!(listing(&manifest(&jc), "issues")["records"], 94);
    assert_eq!(listing(&manifest(&jd), "issues")["pages"], 2, "Data Center caps pages at 50");
    let by = |d: &Path| report(std::slice::from_ref(&file), &[path(d, "jira-issues.json")]);
    let cloud = by(&jc);
    assert_eq!(cloud["overall"]["recovery_time"]["unlinked_incidents"], 56, "56 OPS issues are incidents");
    assert_eq!(by(&jd), cloud);
    let r = report(std::slice::from_ref(&file), &[path(&og, "opsgenie-incidents.json")]);
    assert_eq!(r["overall"]["recovery_time"]["unlinked_incidents"], 150);
    // Opsgenie names teams by id: the teams mapping pulled from /v2/teams gives their names.
    let run = doralens(&[
        "report",
        "--deploys",
        &file,
        "--incidents",
        &path(&og, "opsgenie-incidents.json"),
        "--teams",
        &path(&og, "opsgenie-teams.json"),
    ]);
    let teams: Value = serde_json::from_str(&run.stdout).unwrap();
    let names: Vec<&str> = teams["teams"].as_array().unwrap().iter().filter_map(|t| t["team"].as_str()).collect();
    assert!(["Discovery", "Payments", "Platform"].iter().all(|n| names.contains(n)), "{names:?}");
}

/// Files of a pull with the scenario prefix taken out of the URLs they hold, each page as JSON
/// without what differs from request to request (Opsgenie's `took` and `requestId`).
fn contents(dir: &Path, scenario: &str) -> Vec<(String, Vec<Value>)> {
    let mut out: Vec<(String, Vec<Value>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.file_name().unwrap() != "manifest.json")
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap().replace(&format!("/s/{scenario}"), "");
            let pages = text
                .lines()
                .map(|l| {
                    let mut v: Value = serde_json::from_str(l).unwrap();
                    if let Some(o) = v.as_object_mut() {
                        o.remove("took");
                        o.remove("requestId");
                    }
                    v
                })
                .collect();
            (p.file_name().unwrap().to_string_lossy().into_owned(), pages)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The two pulls wrote the same files (named, not dumped, when they differ).
fn same_files(a: &Path, a_scenario: &str, b: &Path, b_scenario: &str) {
    let (x, y) = (contents(a, a_scenario), contents(b, b_scenario));
    let names = |c: &[(String, Vec<Value>)]| c.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&x), names(&y));
    for (f, g) in x.iter().zip(&y) {
        assert!(f.1 == g.1, "{} differs between {} and {}", f.0, a.display(), b.display());
    }
}

#[test]
fn rate_limits_are_waited_out_and_failures_retried() {
    let fake = Fake::start();
    // PagerDuty and Opsgenie: one 429 with Retry-After: 1 per listing.
    for (source, listings) in [("pagerduty", 3), ("opsgenie", 1)] {
        // (/v2/teams never fails)
        let (normal, _) = pull(&fake, &format!("{source}-normal"), source, source, &[]);
        let started = std::time::Instant::now();
        let (limited, run) = pull(&fake, &format!("{source}-ratelimit"), source, &format!("s/ratelimit/{source}"), &[]);
        assert!(started.elapsed().as_millis() >= 1000 * listings as u128, "{source} waited");
        assert!(run.stderr.contains("waiting 1.0 s"), "{}", run.stderr);
        assert_eq!(manifest(&limited)["rate_limit_waits"], listings);
        same_files(&limited, "ratelimit", &normal, "normal");
    }
    // GitHub: the primary limit (403, X-RateLimit-Reset), then a secondary one (429, Retry-After).
    fake.reset();
    let (normal, _) =
        pull(&fake, "github-normal", "github", "github", &["--repo", "acme/search", "--only", "releases"]);
    let (limited, run) = pull(
        &fake,
        "github-ratelimit",
        "github",
        "s/ratelimit/github",
        &["--repo", "acme/search", "--only", "releases"],
    );
    assert!(run.stderr.contains("from X-RateLimit-Reset") && run.stderr.contains("from Retry-After"), "{}", run.stderr);
    same_files(&limited, "ratelimit", &normal, "normal");
    let early: Vec<Value> =
        fake.requests().into_iter().filter(|r| r["fault"].as_str().is_some_and(|f| f.contains("too early"))).collect();
    assert!(early.is_empty(), "requests sent before the wait was over: {early:?}");

    // Flaky: a 5xx on each listing's first request, and one dropped connection per vendor.
    let (flaky, run) =
        pull(&fake, "github-flaky", "github", "s/flaky/github", &["--repo", "acme/checkout", "--only", "deployments"]);
    let (normal, _) =
        pull(&fake, "github-normal-d", "github", "github", &["--repo", "acme/checkout", "--only", "deployments"]);
    same_files(&flaky, "flaky", &normal, "normal");
    assert!(manifest(&flaky)["retries"].as_u64().unwrap() >= 3, "{}", run.stderr);
    let (flaky, _) = pull(&fake, "jira-flaky", "jira", "s/flaky/jira", &["--jql", "project = OPS", "--jira-api", "dc"]);
    let (normal, _) = pull(&fake, "jira-normal", "jira", "jira", &["--jql", "project = OPS", "--jira-api", "dc"]);
    same_files(&flaky, "flaky", &normal, "normal");
}

#[test]
fn unauthorized_pulls_stop_naming_the_variable() {
    let fake = Fake::start();
    let cases: &[(&str, &str, &[&str], &str)] = &[
        ("github", "github", &["--repo", "acme/checkout"], "GITHUB_TOKEN"),
        ("gitlab", "gitlab/api/v4", &["--project", "7"], "GITLAB_TOKEN"),
        ("pagerduty", "pagerduty", &[], "PAGERDUTY_TOKEN"),
        ("opsgenie", "opsgenie", &[], "OPSGENIE_API_KEY"),
        ("jira", "jira", &["--jql", "project = OPS"], "JIRA_EMAIL and JIRA_API_TOKEN"),
    ];
    for (source, api, args, var) in cases {
        let dir = out_dir(&format!("{source}-401"));
        let api_url = format!("{}/s/unauthorized/{api}", fake.url);
        let mut all = vec!["pull", source, "--api-url", &api_url, "--out", dir.to_str().unwrap()];
        all.extend_from_slice(args);
        let run = doralens(&all);
        assert_eq!(run.code, 1, "{source}: {}", run.stderr);
        assert!(run.stderr.contains(&format!("rejected the credentials in {var} (401")), "{source}: {}", run.stderr);
        assert_eq!(manifest(&dir)["complete"], false);
    }
    // An unknown repository: 404 naming it.
    let dir = out_dir("github-404");
    let api_url = format!("{}/github", fake.url);
    let run =
        doralens(&["pull", "github", "--repo", "acme/nope", "--api-url", &api_url, "--out", dir.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("found no acme/nope deployments (404"), "{}", run.stderr);
    // No token at all: a usage error naming the variable, before any request.
    let run = Command::new(env!("CARGO_BIN_EXE_doralens"))
        .args(["pull", "pagerduty", "--out", out_dir("no-token").to_str().unwrap()])
        .env_remove("PAGERDUTY_TOKEN")
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("PAGERDUTY_TOKEN is not set"));
}

#[test]
fn resume_continues_from_the_cursor_and_appends_only_new_pages() {
    let fake = Fake::start();
    let (dir, _) = pull(&fake, "resume-pd", "pagerduty", "pagerduty", &[]);
    let file = dir.join("pagerduty-incidents.json");
    let full = std::fs::read_to_string(&file).unwrap();
    let pages: Vec<&str> = full.lines().collect();
    assert_eq!(pages.len(), 3);
    // A pull stopped after its first page: the file holds that page, the manifest the next URL.
    std::fs::write(&file, format!("{}\n", pages[0])).unwrap();
    let mut m = manifest(&dir);
    let next = format!(
        "{}/pagerduty/incidents?limit=100&sort_by=created_at:asc&total=true&date_range=all&offset=100",
        fake.url
    );
    let l = m["listings"].as_array_mut().unwrap().iter_mut().find(|l| l["key"] == "incidents").unwrap();
    l["complete"] = false.into();
    l["next"] = next.clone().into();
    l["pages"] = 1.into();
    l["records"] = 100.into();
    std::fs::write(dir.join("manifest.json"), m.to_string()).unwrap();
    fake.reset();
    let api_url = format!("{}/pagerduty", fake.url);
    let run = doralens(&["pull", "pagerduty", "--api-url", &api_url, "--out", dir.to_str().unwrap(), "--resume"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), full, "pages 2 and 3 appended");
    let asked: Vec<String> = fake.requests().iter().map(|r| r["path"].as_str().unwrap().to_string()).collect();
    assert_eq!(asked.iter().filter(|p| p.ends_with("/incidents")).count(), 2, "{asked:?}");
    assert_eq!(listing(&manifest(&dir), "incidents")["records"], 230);

    // A finished GitHub pull: resuming asks for the first page, finds nothing newer, appends nothing.
    let (gh, _) =
        pull(&fake, "resume-gh", "github", "github", &["--repo", "acme/checkout", "--only", "deployments,releases"]);
    let before = std::fs::read_to_string(gh.join("github-acme-checkout-deployments.json")).unwrap();
    fake.reset();
    let api_url = format!("{}/github", fake.url);
    let out = gh.to_str().unwrap();
    let run = doralens(&[
        "pull",
        "github",
        "--repo",
        "acme/checkout",
        "--only",
        "deployments,releases",
        "--api-url",
        &api_url,
        "--out",
        out,
        "--resume",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let asked = fake.requests().iter().filter(|r| r["vendor"] == "github").count();
    assert_eq!(asked, 2, "one page of each listing");
    assert!(
        std::fs::read_to_string(gh.join("github-acme-checkout-deployments.json")).unwrap() == before,
        "nothing appended"
    );
    // Without --resume, a folder with a pull in it is not overwritten.
    let run = doralens(&["pull", "github", "--repo", "acme/checkout", "--api-url", &api_url, "--out", out]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("pass --resume"));
}

#[test]
fn since_leaves_out_older_records() {
    let fake = Fake::start();
    let (all, _) = pull(&fake, "since-all", "github", "github", &["--repo", "acme/checkout", "--only", "deployments"]);
    let (recent, _) = pull(
        &fake,
        "since-june",
        "github",
        "github",
        &["--repo", "acme/checkout", "--only", "deployments", "--since", "2025-06-01"],
    );
    let n = |d: &Path| listing(&manifest(d), "deployments:acme/checkout")["records"].as_u64().unwrap();
    assert!(n(&recent) > 0 && n(&recent) < n(&all) / 3, "{} of {}", n(&recent), n(&all));
    let (og, _) = pull(&fake, "since-og", "opsgenie", "opsgenie", &["--since", "2025-06-01"]);
    let og_n = listing(&manifest(&og), "incidents")["records"].as_u64().unwrap();
    assert!(og_n > 0 && og_n < 150);
}

#[test]
fn no_token_appears_in_any_output_or_file() {
    let fake = Fake::start();
    let mut seen = Vec::new();
    let runs: &[(&str, &str, &[&str])] = &[
        ("github", "s/flaky/github", &["--repo", "acme/checkout", "--only", "releases"]),
        ("github", "s/unauthorized/github", &["--repo", "acme/checkout"]),
        ("gitlab", "s/ratelimit/gitlab/api/v4", &["--project", "acme/platform/shop"]),
        ("pagerduty", "s/unauthorized/pagerduty", &[]),
        ("opsgenie", "s/flaky/opsgenie", &[]),
        ("jira", "s/flaky/jira", &["--jql", "project = WEB"]),
        ("jira", "s/unauthorized/jira", &["--jql", "project = WEB"]),
    ];
    for (i, (source, api, args)) in runs.iter().enumerate() {
        let dir = out_dir(&format!("secrets-{i}"));
        let api_url = format!("{}/{api}", fake.url);
        let mut all = vec!["pull", source, "--api-url", &api_url, "--out", dir.to_str().unwrap()];
        all.extend_from_slice(args);
        let run = doralens(&all);
        seen.push((format!("{source} stdout"), run.stdout));
        seen.push((format!("{source} stderr"), run.stderr));
        let mut stack = vec![dir];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    seen.push((p.display().to_string(), std::fs::read_to_string(&p).unwrap()));
                }
            }
        }
    }
    assert!(seen.len() > 14);
    for (what, text) in &seen {
        // The tokens, and Jira's basic-auth header value (base64 of email:token).
        for secret in ["test-token-", "dGVzdC10b2tlbi", "bW9uYUBhY21lLmV4YW1wbGU6dGVzdC10b2tlbi1qaXJh"] {
            assert!(!text.contains(secret), "{what} holds a token");
        }
    }
}

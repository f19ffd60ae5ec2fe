//! `doralens pull SOURCE … --out DIR`: the core's page walk over HTTP, its pages appended to the
//! files it names, the manifest rewritten after each written page, progress on standard error.

use super::http::{Client, Secret};
use doralens::core::pull::wait::duration;
use doralens::core::pull::{
    Changelog, Config, GithubParts, JiraApi, Manifest, Response, Spec, Step, Target, Vendor, Walker, WriteMode,
};
use doralens::core::time::{Zone, parse_timestamp};
use std::io::{IsTerminal, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub const USAGE: &str = "\
doralens pull: get the data straight from the APIs, as the files `doralens report` reads

USAGE:
  doralens pull github   (--repo OWNER/REPO... | --org ORG) [--only deployments,runs,releases] OPTIONS
  doralens pull gitlab   (--project ID|PATH... | --group ID|PATH) OPTIONS
  doralens pull pagerduty OPTIONS
  doralens pull opsgenie OPTIONS
  doralens pull jira     --jql 'project = OPS' [--changelog] [--jira-api cloud|dc] --api-url https://SITE.atlassian.net OPTIONS

OPTIONS:
  --out DIR         the folder to write (created; it gets manifest.json and one file per listing)
  --api-url URL     the API's base URL (GitHub Enterprise: https://HOST/api/v3, self-managed GitLab:
                    https://HOST/api/v4, Opsgenie EU: https://api.eu.opsgenie.com)
  --since DATE      only records created at or after DATE (YYYY-MM-DD or an ISO time, UTC)
  --resume          continue the pull in DIR from its manifest: unfinished listings from their next
                    page, finished ones from their newest record; new pages are appended

Credentials come from the environment only: GITHUB_TOKEN, GITLAB_TOKEN, PAGERDUTY_TOKEN,
OPSGENIE_API_KEY, JIRA_EMAIL and JIRA_API_TOKEN. See docs/pull.md.

Exit codes: 0 ok, 1 the pull stopped (the manifest says where; --resume continues), 2 usage error.
";

struct PullArgs {
    spec: Spec,
    target_text: String,
    out: PathBuf,
    resume: bool,
}

fn usage(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("doralens pull: {msg}\n\nRun `doralens pull --help` for usage.");
    ExitCode::from(2)
}

fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

fn parse(args: Vec<std::ffi::OsString>) -> Result<Option<PullArgs>, String> {
    use lexopt::prelude::*;
    let mut p = lexopt::Parser::from_args(args);
    let mut vendor = None;
    let (mut repos, mut projects) = (Vec::new(), Vec::new());
    let (mut org, mut group, mut jql, mut api_url, mut since, mut out) = (None, None, None, None, None, None);
    let mut only: Option<String> = None;
    let (mut resume, mut changelog, mut jira_api) = (false, Changelog::Without, JiraApi::Cloud);
    let text = |v: std::ffi::OsString| v.into_string().map_err(|_| "an argument is not UTF-8".to_string());
    let mut list: Option<&'static str> = None;
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Short('h') | Long("help") => return Ok(None),
            Long("repo") => {
                repos.push(text(p.value().map_err(|e| e.to_string())?)?);
                list = Some("repo");
            }
            Long("project") => {
                projects.push(text(p.value().map_err(|e| e.to_string())?)?);
                list = Some("project");
            }
            Value(v) if vendor.is_none() => {
                let v = text(v)?;
                vendor = Some(
                    Vendor::from_id(&v)
                        .ok_or_else(|| format!("unknown source {v:?}: github, gitlab, pagerduty, opsgenie or jira"))?,
                );
            }
            Value(v) if list == Some("repo") => repos.push(text(v)?),
            Value(v) if list == Some("project") => projects.push(text(v)?),
            Long("org") => org = Some(text(p.value().map_err(|e| e.to_string())?)?),
            Long("group") => group = Some(text(p.value().map_err(|e| e.to_string())?)?),
            Long("jql") => jql = Some(text(p.value().map_err(|e| e.to_string())?)?),
            Long("api-url") => api_url = Some(text(p.value().map_err(|e| e.to_string())?)?),
            Long("since") => since = Some(text(p.value().map_err(|e| e.to_string())?)?),
            Long("out") => out = Some(PathBuf::from(p.value().map_err(|e| e.to_string())?)),
            Long("only") => only = Some(text(p.value().map_err(|e| e.to_string())?)?),
            Long("resume") => resume = true,
            Long("changelog") => changelog = Changelog::With,
            Long("jira-api") => {
                jira_api = match text(p.value().map_err(|e| e.to_string())?)?.as_str() {
                    "cloud" => JiraApi::Cloud,
                    "dc" | "server" | "datacenter" => JiraApi::DataCenter,
                    other => return Err(format!("--jira-api {other:?}: cloud or dc")),
                }
            }
            other => return Err(other.unexpected().to_string()),
        }
        if !matches!(list, Some("repo" | "project")) {
            list = None;
        }
    }
    let vendor = vendor.ok_or("name a source: github, gitlab, pagerduty, opsgenie or jira")?;
    let out = out.ok_or("--out DIR is required")?;
    let (target, target_text) = match vendor {
        Vendor::Github => match (repos.is_empty(), org) {
            (false, None) => {
                if let Some(bad) = repos.iter().find(|r| r.split('/').count() != 2 || r.split('/').any(str::is_empty)) {
                    return Err(format!("--repo {bad:?}: expected OWNER/REPO"));
                }
                (Target::GithubRepos(repos.clone()), format!("--repo {}", repos.join(" ")))
            }
            (true, Some(o)) => (Target::GithubOrg(o.clone()), format!("--org {o}")),
            _ => return Err("github needs --repo OWNER/REPO... or --org ORG (one of them)".into()),
        },
        Vendor::Gitlab => match (projects.is_empty(), group) {
            (false, None) => (Target::GitlabProjects(projects.clone()), format!("--project {}", projects.join(" "))),
            (true, Some(g)) => (Target::GitlabGroup(g.clone()), format!("--group {g}")),
            _ => return Err("gitlab needs --project ID|PATH... or --group GROUP (one of them)".into()),
        },
        Vendor::Pagerduty => (Target::Pagerduty, String::new()),
        Vendor::Opsgenie => (Target::Opsgenie, String::new()),
        Vendor::Jira => {
            let jql = jql.ok_or("jira needs --jql '…' (for example --jql 'project = OPS')")?;
            (Target::Jira { jql: jql.clone(), changelog, api: jira_api }, format!("--jql {jql}"))
        }
    };
    let api_url = match api_url.or_else(|| vendor.default_api_url().map(String::from)) {
        Some(u) if u.starts_with("http://") || u.starts_with("https://") => u.trim_end_matches('/').to_string(),
        Some(u) => return Err(format!("--api-url {u:?}: expected an http:// or https:// URL")),
        None => return Err("jira needs --api-url https://SITE.atlassian.net (your Jira's address)".into()),
    };
    let since = match since {
        Some(s) => Some(
            parse_timestamp(&s, &Zone::utc())
                .ok()
                .flatten()
                .ok_or_else(|| format!("--since {s:?}: expected YYYY-MM-DD or an ISO time"))?,
        ),
        None => None,
    };
    let mut github = GithubParts::default();
    if let Some(o) = only {
        github = GithubParts { deployments: false, runs: false, releases: false };
        for part in o.split(',').map(str::trim) {
            match part {
                "deployments" => github.deployments = true,
                "runs" => github.runs = true,
                "releases" => github.releases = true,
                other => return Err(format!("--only {other:?}: deployments, runs or releases")),
            }
        }
    }
    let spec = Spec { vendor, api_url, target, since, now_ms: now_ms(), github };
    Ok(Some(PullArgs { spec, target_text, out, resume }))
}

/// The credentials from the environment, or the message saying which variable to set.
fn secret(vendor: Vendor) -> Result<Secret, String> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty()).map(|v| v.trim().to_string());
    let missing = |name: &str| {
        format!(
            "{name} is not set: {} reads its credentials from the environment only ({})",
            vendor.label(),
            doralens::core::pull::errors::scopes(vendor)
        )
    };
    match vendor {
        Vendor::Jira => {
            let email = var("JIRA_EMAIL").ok_or_else(|| missing("JIRA_EMAIL"))?;
            let token = var("JIRA_API_TOKEN").ok_or_else(|| missing("JIRA_API_TOKEN"))?;
            Ok(Secret::new(format!("{email}:{token}")))
        }
        v => var(v.token_var()).map(Secret::new).ok_or_else(|| missing(v.token_var())),
    }
}

/// A wait setting from the environment (for tests: short waits).
fn env_ms(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok()).unwrap_or(default)
}

pub fn run(args: Vec<std::ffi::OsString>) -> ExitCode {
    let a = match parse(args) {
        Ok(Some(a)) => a,
        Ok(None) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => return usage(e),
    };
    let secret = match secret(a.spec.vendor) {
        Ok(s) => s,
        Err(e) => return usage(e),
    };
    let manifest_path = a.out.join("manifest.json");
    let previous = match (a.resume, std::fs::read_to_string(&manifest_path)) {
        (false, Ok(_)) => {
            return usage(format!(
                "{} holds an earlier pull (manifest.json): pass --resume to continue it, or choose another --out",
                a.out.display()
            ));
        }
        (false, Err(_)) => None,
        (true, Err(_)) => return usage(format!("--resume: no manifest.json in {}", a.out.display())),
        (true, Ok(text)) => match Manifest::parse(&text) {
            Ok(m) if m.source != a.spec.vendor.id() || m.api_url != a.spec.api_url => {
                return usage(format!(
                    "--resume: {} holds a pull from {} ({}), not from {} ({})",
                    a.out.display(),
                    m.source,
                    m.api_url,
                    a.spec.vendor.id(),
                    a.spec.api_url
                ));
            }
            Ok(m) => Some(m),
            Err(e) => return usage(format!("--resume: {}: {e}", manifest_path.display())),
        },
    };
    if let Err(e) = std::fs::create_dir_all(&a.out) {
        return usage(format!("--out {}: {e}", a.out.display()));
    }
    let cfg = Config {
        backoff_ms: env_ms("DORALENS_PULL_BACKOFF_MS", Config::default().backoff_ms),
        max_wait_ms: env_ms("DORALENS_PULL_MAX_WAIT_MS", Config::default().max_wait_ms),
        ..Config::default()
    };
    let resume = previous.is_some();
    let vendor = a.spec.vendor;
    let mut walker = Walker::new(a.spec.clone(), cfg, previous);
    let client = Client::new();
    let started = now_ms();
    let mut touched: Vec<String> = Vec::new();
    let mut progress = Line::new(vendor);
    let mut error = None;
    while let Some(req) = walker.next_request() {
        let step = match client.send(&req, &secret) {
            Ok(ans) => {
                walker.on_response(&Response { status: ans.status, headers: &ans.headers, body: &ans.body }, now_ms())
            }
            Err(reason) => walker.on_transport_error(&reason),
        };
        match step {
            Step::Go(writes) => {
                for w in &writes {
                    let fresh = !touched.contains(&w.file);
                    if fresh {
                        touched.push(w.file.clone());
                    }
                    let replace = w.mode == WriteMode::Replace || (fresh && !resume);
                    if let Err(e) = write(&a.out.join(&w.file), &w.text, replace) {
                        error = Some(format!("{}: {e}", a.out.join(&w.file).display()));
                        break;
                    }
                }
                if error.is_some() {
                    break;
                }
                if !writes.is_empty() {
                    let m = walker.manifest(&a.target_text, started, now_ms(), Some("stopped before the end".into()));
                    if let Err(e) = write(&manifest_path, &m.to_json(), true) {
                        error = Some(format!("{}: {e}", manifest_path.display()));
                        break;
                    }
                }
                progress.show(&walker, None);
            }
            Step::Wait { ms, why } | Step::Retry { ms, why } => {
                progress.show(&walker, Some(&format!("waiting {} ({})", duration(ms), secret.redact(&why))));
                std::thread::sleep(Duration::from_millis(ms));
            }
            Step::Fail(msg) => {
                error = Some(secret.redact(&msg));
                break;
            }
        }
    }
    progress.end();
    let m = walker.manifest(&a.target_text, started, now_ms(), error.clone());
    if let Err(e) = write(&manifest_path, &m.to_json(), true) {
        eprintln!("doralens pull: {}: {e}", manifest_path.display());
        return ExitCode::from(1);
    }
    let p = walker.progress;
    let files: Vec<String> = m.files.iter().map(|f| format!("{} ({} {})", f.file, f.records, f.kind)).collect();
    match error {
        Some(e) => {
            eprintln!("doralens pull: {e}");
            eprintln!(
                "doralens pull: stopped after {} records in {} pages; {} says where: run the same command with --resume to continue",
                p.records,
                p.pages,
                manifest_path.display()
            );
            ExitCode::from(1)
        }
        None => {
            eprintln!(
                "doralens pull: {} records in {} pages from {} ({} requests, {} rate-limit waits of {} in all, {} retries) into {}",
                p.records,
                p.pages,
                vendor.label(),
                p.requests,
                p.waits,
                duration(p.waited_ms),
                p.retries,
                a.out.display()
            );
            for f in files {
                eprintln!("  {f}");
            }
            ExitCode::SUCCESS
        }
    }
}

/// Appends `text` to `path` (or writes it anew), creating its folder.
fn write(path: &Path, text: &str, replace: bool) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    if replace {
        let tmp = path.with_extension("json.part");
        std::fs::write(&tmp, text)?;
        return std::fs::rename(&tmp, path);
    }
    let mut f = std::fs::OpenOptions::new().create(true).append(true).open(path)?;
    f.write_all(text.as_bytes())
}

/// The progress line on standard error: rewritten in place on a terminal, one line per wait
/// otherwise.
struct Line {
    vendor: Vendor,
    tty: bool,
    shown: bool,
}

impl Line {
    fn new(vendor: Vendor) -> Line {
        Line { vendor, tty: std::io::stderr().is_terminal(), shown: false }
    }

    fn show(&mut self, w: &Walker, wait: Option<&str>) {
        let p = w.progress;
        let text = format!(
            "pull {}: {} records, {} pages, {} requests, {} rate-limit waits{}",
            self.vendor.id(),
            p.records,
            p.pages,
            p.requests,
            p.waits,
            wait.map(|w| format!("; {w}")).unwrap_or_default()
        );
        if self.tty {
            eprint!("\r\x1b[2K{text}");
            self.shown = true;
        } else if wait.is_some() {
            eprintln!("{text}");
        }
    }

    fn end(&mut self) {
        if self.shown {
            eprintln!();
        }
    }
}

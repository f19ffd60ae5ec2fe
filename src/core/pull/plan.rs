//! What a pull fetches: per source, the listings to walk, the file each one's pages go to, and
//! how each API pages, filters by time and orders its records.

use serde_json::Value;

use super::page::{Floor, Items, Paging};
use super::url::{encode, trim_base, with_param};
use super::{Auth, Request, Vendor};
use crate::core::time::{format_date, format_instant};

/// Jira's two searches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JiraApi {
    /// `/rest/api/3/search/jql`, paged by `nextPageToken` (Jira Cloud).
    Cloud,
    /// `/rest/api/2/search`, paged by `startAt` (Jira Data Center and Server).
    DataCenter,
}

/// What to pull from a source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// `OWNER/REPO`s.
    GithubRepos(Vec<String>),
    /// Every repository of an organisation (archived ones left out).
    GithubOrg(String),
    /// Project ids or `group/project` paths.
    GitlabProjects(Vec<String>),
    /// Every project of a group and its subgroups.
    GitlabGroup(String),
    Pagerduty,
    Opsgenie,
    Jira {
        jql: String,
        changelog: Changelog,
        api: JiraApi,
    },
}

/// Whether Jira issues come with their changelogs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Changelog {
    Without,
    With,
}

/// Which GitHub listings a repository gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GithubParts {
    pub deployments: bool,
    pub runs: bool,
    pub releases: bool,
}

impl Default for GithubParts {
    fn default() -> Self {
        GithubParts { deployments: true, runs: true, releases: true }
    }
}

/// A pull, as the user asked for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spec {
    pub vendor: Vendor,
    /// The API's base URL, without a trailing slash.
    pub api_url: String,
    pub target: Target,
    /// `--since`, UTC milliseconds.
    pub since: Option<i64>,
    /// The time the pull starts (PagerDuty's `until`).
    pub now_ms: i64,
    pub github: GithubParts,
}

/// What a listing's pages are for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Records to import: appended to their file; `--resume` continues it.
    Data,
    /// Records fetched for each record of a data page (GitHub statuses and commits): written with
    /// that page, which waits for them.
    Child,
    /// Lists that say what else to pull or what names mean (repositories of an organisation,
    /// PagerDuty services): written under `context/`, rewritten on every pull, not for import.
    Context,
    /// A check before the pull (Jira's `/myself`): nothing written.
    Probe,
}

/// What a listing's page leads to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Follow {
    None,
    /// Each deployment's statuses, and the commit of each deployed sha.
    GithubDeployments {
        repo: String,
    },
    /// Each repository's listings.
    GithubOrg,
    /// Each project's deployments.
    GitlabGroup,
}

/// How a listing's floor reaches the API (the records are also sorted against it on arrival).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FloorParam {
    /// Not filtered by the API: newest-first listings stop at the floor.
    None,
    /// `created=>=DATE` (GitHub workflow runs).
    GithubCreated,
    /// `updated_after=TIME` (GitLab deployments).
    GitlabUpdated,
    /// `since`/`until` within six months, else `date_range=all` (PagerDuty).
    PagerdutySince { now_ms: i64 },
    /// `query=createdAt>=MS` (Opsgenie).
    OpsgenieQuery,
    /// `AND created >= "DATE"` in the JQL, a day early for the user's zone.
    Jql { jql: String },
}

/// What a file's records import as (for the manifest and the docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Deployments,
    Incidents,
    CommitTimes,
    Teams,
    Context,
}

impl FileKind {
    pub fn label(self) -> &'static str {
        match self {
            FileKind::Deployments => "deployments",
            FileKind::Incidents => "incidents",
            FileKind::CommitTimes => "commit times (read with the deployments)",
            FileKind::Teams => "teams mapping (--teams)",
            FileKind::Context => "context (not for import)",
        }
    }
}

/// One paged list to walk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listing {
    /// Stable across pulls: the manifest's key (`deployments:acme/checkout`).
    pub key: String,
    /// For messages: `acme/checkout deployments`.
    pub what: String,
    /// Where the pages go, relative to the output folder; `None` for a probe.
    pub file: Option<String>,
    pub kind: FileKind,
    pub role: Role,
    /// The URL without floor or page parameters.
    pub root: String,
    /// `root` with the floor parameters: pages add theirs to it.
    pub base: String,
    /// The next request's URL.
    pub url: String,
    pub paging: Paging,
    pub items: Items,
    /// Where a record's time is, for the floor and the manifest's cursor.
    pub time: &'static [&'static str],
    /// Records come newest first, so a page with a record below the floor is the last.
    pub newest_first: bool,
    pub floor: Option<Floor>,
    pub floor_param: FloorParam,
    pub follow: Follow,
    /// A file made from the records, besides the raw pages.
    pub derive: Derive,
}

/// A file made from a listing's records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Derive {
    None,
    /// Opsgenie names teams by id: `{"<id>": "<name>"}`, a teams mapping file, from `/v2/teams`.
    TeamsMap {
        file: String,
    },
}

/// A teams mapping (`{"<id>": "<name>"}`) from records with `id` and `name`; `None` without any.
pub fn teams_map(records: &[&Value]) -> Option<String> {
    let map: serde_json::Map<String, Value> = records
        .iter()
        .filter_map(|r| Some((r.get("id")?.as_str()?.to_string(), Value::String(r.get("name")?.as_str()?.to_string()))))
        .collect();
    (!map.is_empty()).then(|| format!("{}\n", Value::Object(map)))
}

impl Listing {
    fn new(key: String, what: String, file: Option<String>, kind: FileKind, role: Role, root: String) -> Listing {
        Listing {
            key,
            what,
            file,
            kind,
            role,
            base: root.clone(),
            url: root.clone(),
            root,
            paging: Paging::Link,
            items: Items::Array,
            time: &["created_at"],
            newest_first: false,
            floor: None,
            floor_param: FloorParam::None,
            follow: Follow::None,
            derive: Derive::None,
        }
    }

    /// The listing with `floor`, its URLs rebuilt.
    pub fn with_floor(mut self, floor: Option<Floor>) -> Listing {
        self.floor = floor;
        self.base = floor_url(&self.root, &self.floor_param, floor);
        self.url = self.base.clone();
        self
    }

    /// The request for `url`.
    pub fn request(&self, vendor: Vendor, url: &str) -> Request {
        let (accept, headers): (&'static str, Vec<(&'static str, &'static str)>) = match vendor {
            Vendor::Github => ("application/vnd.github+json", vec![("X-GitHub-Api-Version", "2022-11-28")]),
            Vendor::Pagerduty => ("application/vnd.pagerduty+json;version=2", vec![]),
            _ => ("application/json", vec![]),
        };
        let auth: Auth = vendor.auth();
        Request { url: url.to_string(), auth, accept, headers }
    }
}

/// `root` with the API's own filter for `floor`.
fn floor_url(root: &str, param: &FloorParam, floor: Option<Floor>) -> String {
    let Some(f) = floor else {
        return match param {
            FloorParam::PagerdutySince { .. } => with_param(root, "date_range", "all"),
            FloorParam::Jql { jql } => with_param(root, "jql", jql),
            _ => root.to_string(),
        };
    };
    let day = || format_date(f.at_ms.div_euclid(86_400_000) as i32);
    match param {
        FloorParam::None => root.to_string(),
        FloorParam::GithubCreated => with_param(root, "created", &format!(">={}", day())),
        FloorParam::GitlabUpdated => with_param(root, "updated_after", &format_instant(f.at_ms)),
        FloorParam::PagerdutySince { now_ms } => {
            // PagerDuty refuses since/until more than six months apart: then all, sorted here.
            if now_ms - f.at_ms < 180 * 86_400_000 {
                let u = with_param(root, "since", &format_instant(f.at_ms));
                with_param(&u, "until", &format_instant(*now_ms))
            } else {
                with_param(root, "date_range", "all")
            }
        }
        FloorParam::OpsgenieQuery => with_param(root, "query", &format!("createdAt>={}", f.at_ms)),
        FloorParam::Jql { jql } => {
            let early = format_date((f.at_ms - 86_400_000).div_euclid(86_400_000) as i32).replace('-', "/");
            with_param(root, "jql", &jql_since(jql, &early))
        }
    }
}

/// `jql` with `created >= "DATE"` added before its `ORDER BY`.
pub fn jql_since(jql: &str, date: &str) -> String {
    let lower = jql.to_ascii_lowercase();
    let (cond, order) = match lower.find("order by") {
        Some(i) => (jql[..i].trim(), jql[i..].trim()),
        None => (jql.trim(), ""),
    };
    let cond = if cond.is_empty() {
        format!("created >= \"{date}\"")
    } else if cond.to_ascii_lowercase().contains(" or ") {
        format!("({cond}) AND created >= \"{date}\"")
    } else {
        format!("{cond} AND created >= \"{date}\"")
    };
    if order.is_empty() { cond } else { format!("{cond} {order}") }
}

/// A file name from a repository or project path.
pub fn slug(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' { c } else { '-' }).collect()
}

/// The listings a pull starts with.
pub fn plan(spec: &Spec) -> Vec<Listing> {
    let api = trim_base(&spec.api_url).to_string();
    let since = spec.since.map(|at_ms| Floor { at_ms, exclusive: false });
    let listings = match &spec.target {
        Target::GithubRepos(repos) => repos.iter().flat_map(|r| github_repo(spec, r)).collect(),
        Target::GithubOrg(org) => {
            let mut l = Listing::new(
                format!("org-repos:{org}"),
                format!("{org}'s repositories"),
                Some(format!("context/github-{}-repos.json", slug(org))),
                FileKind::Context,
                Role::Context,
                format!("{api}/orgs/{}/repos?per_page=100&type=all", encode(org)),
            );
            l.follow = Follow::GithubOrg;
            vec![l]
        }
        Target::GitlabProjects(ps) => ps.iter().map(|p| gitlab_project(spec, p, p)).collect(),
        Target::GitlabGroup(g) => {
            let mut l = Listing::new(
                format!("group-projects:{g}"),
                format!("group {g}'s projects"),
                Some(format!("context/gitlab-{}-projects.json", slug(g))),
                FileKind::Context,
                Role::Context,
                format!("{api}/groups/{}/projects?include_subgroups=true&archived=false&per_page=100", encode(g)),
            );
            l.follow = Follow::GitlabGroup;
            vec![l]
        }
        Target::Pagerduty => {
            let mut inc = Listing::new(
                "incidents".into(),
                "incidents".into(),
                Some("pagerduty-incidents.json".into()),
                FileKind::Incidents,
                Role::Data,
                format!("{api}/incidents?limit=100&sort_by=created_at:asc&total=true"),
            );
            inc.paging = Paging::Offset;
            inc.items = Items::Member("incidents");
            inc.floor_param = FloorParam::PagerdutySince { now_ms: spec.now_ms };
            let context = |what: &'static str| {
                let mut l = Listing::new(
                    what.into(),
                    what.into(),
                    Some(format!("context/pagerduty-{what}.json")),
                    FileKind::Context,
                    Role::Context,
                    format!("{api}/{what}?limit=100"),
                );
                l.paging = Paging::Offset;
                l.items = Items::Member(what);
                l
            };
            vec![inc, context("services"), context("teams")]
        }
        Target::Opsgenie => {
            let mut inc = Listing::new(
                "incidents".into(),
                "incidents".into(),
                Some("opsgenie-incidents.json".into()),
                FileKind::Incidents,
                Role::Data,
                format!("{api}/v1/incidents?limit=100&sort=createdAt&order=asc"),
            );
            inc.paging = Paging::BodyNext;
            inc.items = Items::Member("data");
            inc.time = &["createdAt"];
            inc.floor_param = FloorParam::OpsgenieQuery;
            let mut teams = Listing::new(
                "teams".into(),
                "teams".into(),
                Some("context/opsgenie-teams.json".into()),
                FileKind::Context,
                Role::Context,
                format!("{api}/v2/teams"),
            );
            teams.paging = Paging::Single;
            teams.items = Items::Member("data");
            teams.derive = Derive::TeamsMap { file: "opsgenie-teams.json".into() };
            vec![inc, teams]
        }
        Target::Jira { jql, changelog, api: which } => {
            let (ver, search) = match which {
                JiraApi::Cloud => ("3", "search/jql"),
                JiraApi::DataCenter => ("2", "search"),
            };
            let mut probe = Listing::new(
                "myself".into(),
                "the signed-in user (/myself)".into(),
                None,
                FileKind::Context,
                Role::Probe,
                format!("{api}/rest/api/{ver}/myself"),
            );
            probe.paging = Paging::Single;
            probe.items = Items::Whole;
            probe.time = &[];
            let expand = match changelog {
                Changelog::With => "names,changelog",
                Changelog::Without => "names",
            };
            let fields = match which {
                JiraApi::Cloud => "&fields=*navigable",
                JiraApi::DataCenter => "",
            };
            let mut issues = Listing::new(
                "issues".into(),
                "issues".into(),
                Some("jira-issues.json".into()),
                FileKind::Incidents,
                Role::Data,
                format!("{api}/rest/api/{ver}/{search}?maxResults=100{fields}&expand={expand}"),
            );
            issues.paging = match which {
                JiraApi::Cloud => Paging::PageToken,
                JiraApi::DataCenter => Paging::StartAt,
            };
            issues.items = Items::Member("issues");
            issues.time = &["fields", "created"];
            issues.floor_param = FloorParam::Jql { jql: jql.clone() };
            vec![probe, issues]
        }
    };
    listings
        .into_iter()
        .map(|l| match l.role {
            Role::Data => l.with_floor(since),
            _ => l.with_floor(None),
        })
        .collect()
}

/// A GitHub repository's listings.
pub fn github_repo(spec: &Spec, repo: &str) -> Vec<Listing> {
    let api = trim_base(&spec.api_url);
    let file = |part: &str| Some(format!("github-{}-{part}.json", slug(repo)));
    let root = |path: &str| format!("{api}/repos/{repo}/{path}");
    let mut out = Vec::new();
    if spec.github.deployments {
        let mut l = Listing::new(
            format!("deployments:{repo}"),
            format!("{repo} deployments"),
            file("deployments"),
            FileKind::Deployments,
            Role::Data,
            root("deployments?per_page=100"),
        );
        l.newest_first = true;
        l.follow = Follow::GithubDeployments { repo: repo.to_string() };
        out.push(l);
    }
    if spec.github.runs {
        let mut l = Listing::new(
            format!("runs:{repo}"),
            format!("{repo} workflow runs"),
            file("runs"),
            FileKind::Deployments,
            Role::Data,
            root("actions/runs?per_page=100"),
        );
        l.items = Items::Member("workflow_runs");
        l.newest_first = true;
        l.floor_param = FloorParam::GithubCreated;
        out.push(l);
    }
    if spec.github.releases {
        let mut l = Listing::new(
            format!("releases:{repo}"),
            format!("{repo} releases"),
            file("releases"),
            FileKind::Deployments,
            Role::Data,
            root("releases?per_page=100"),
        );
        l.newest_first = true;
        out.push(l);
    }
    let since = spec.since.map(|at_ms| Floor { at_ms, exclusive: false });
    out.into_iter().map(|l| l.with_floor(since)).collect()
}

/// A GitLab project's deployments (`id` is a number or a path; `name` names the file).
pub fn gitlab_project(spec: &Spec, id: &str, name: &str) -> Listing {
    let api = trim_base(&spec.api_url);
    let mut l = Listing::new(
        format!("deployments:{name}"),
        format!("project {name} deployments"),
        Some(format!("gitlab-{}-deployments.json", slug(name))),
        FileKind::Deployments,
        Role::Data,
        format!("{api}/projects/{}/deployments?per_page=100&order_by=updated_at&sort=asc", encode(id)),
    );
    l.time = &["updated_at"];
    l.floor_param = FloorParam::GitlabUpdated;
    l.with_floor(spec.since.map(|at_ms| Floor { at_ms, exclusive: false }))
}

/// The listings a data or context page leads to: a GitHub deployments page's statuses and
/// commits (the shas not in `seen`, which learns them), an organisation's repositories, a group's
/// projects.
pub fn follow(spec: &Spec, listing: &Listing, page: &[&Value], seen: &mut Vec<String>) -> Vec<Listing> {
    let api = trim_base(&spec.api_url);
    let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(String::from);
    match &listing.follow {
        Follow::None => vec![],
        Follow::GithubDeployments { repo } => {
            let mut out = Vec::new();
            for d in page {
                let id = d.get("id").map(|v| v.to_string()).unwrap_or_default();
                let statuses =
                    s(d, "statuses_url").unwrap_or_else(|| format!("{api}/repos/{repo}/deployments/{id}/statuses"));
                let mut st = Listing::new(
                    format!("statuses:{repo}"),
                    format!("{repo} deployment {id} statuses"),
                    listing.file.clone(),
                    FileKind::Deployments,
                    Role::Child,
                    with_param(&statuses, "per_page", "100"),
                );
                st.time = &[];
                out.push(st);
                if let Some(sha) = s(d, "sha").filter(|sha| !seen.contains(sha)) {
                    seen.push(sha.clone());
                    let mut c = Listing::new(
                        format!("commits:{repo}"),
                        format!("{repo} commit {sha}"),
                        Some(format!("github-{}-commits.json", slug(repo))),
                        FileKind::CommitTimes,
                        Role::Child,
                        format!("{api}/repos/{repo}/commits/{}", encode(&sha)),
                    );
                    c.paging = Paging::Single;
                    c.items = Items::Whole;
                    c.time = &[];
                    out.push(c);
                }
            }
            out
        }
        Follow::GithubOrg => page
            .iter()
            .filter(|r| r.get("archived").and_then(Value::as_bool) != Some(true))
            .filter_map(|r| s(r, "full_name"))
            .flat_map(|full| github_repo(spec, &full))
            .collect(),
        Follow::GitlabGroup => page
            .iter()
            .filter_map(|p| Some((p.get("id")?.to_string(), s(p, "path_with_namespace")?)))
            .map(|(id, path)| gitlab_project(spec, &id, &path))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(target: Target, since: Option<i64>) -> Spec {
        Spec {
            vendor: Vendor::Github,
            api_url: "http://h/api/".into(),
            target,
            since,
            now_ms: 1_751_328_000_000, // 2025-07-01T00:00:00Z
            github: GithubParts::default(),
        }
    }

    #[test]
    fn first_urls_per_source() {
        let may = Some(1_746_057_600_000); // 2025-05-01T00:00:00Z
        let jira =
            |api| Target::Jira { jql: "project = OPS ORDER BY created ASC".into(), changelog: Changelog::With, api };
        // (target, since, the first URLs)
        let cases: Vec<(Target, Option<i64>, Vec<&str>)> = vec![
            (
                Target::GithubRepos(vec!["acme/checkout".into()]),
                may,
                vec![
                    "http://h/api/repos/acme/checkout/deployments?per_page=100",
                    "http://h/api/repos/acme/checkout/actions/runs?per_page=100&created=%3E%3D2025-05-01",
                    "http://h/api/repos/acme/checkout/releases?per_page=100",
                ],
            ),
            (Target::GithubOrg("acme".into()), may, vec!["http://h/api/orgs/acme/repos?per_page=100&type=all"]),
            (
                Target::GitlabProjects(vec!["acme/platform/shop".into()]),
                may,
                vec![
                    "http://h/api/projects/acme%2Fplatform%2Fshop/deployments?per_page=100&order_by=updated_at&sort=asc&updated_after=2025-05-01T00%3A00%3A00Z",
                ],
            ),
            (
                Target::Pagerduty,
                may,
                vec![
                    "http://h/api/incidents?limit=100&sort_by=created_at:asc&total=true&since=2025-05-01T00%3A00%3A00Z&until=2025-07-01T00%3A00%3A00Z",
                    "http://h/api/services?limit=100",
                    "http://h/api/teams?limit=100",
                ],
            ),
            (
                Target::Pagerduty,
                Some(1_700_000_000_000),
                vec![
                    "http://h/api/incidents?limit=100&sort_by=created_at:asc&total=true&date_range=all",
                    "http://h/api/services?limit=100",
                    "http://h/api/teams?limit=100",
                ],
            ),
            (
                Target::Pagerduty,
                None,
                vec![
                    "http://h/api/incidents?limit=100&sort_by=created_at:asc&total=true&date_range=all",
                    "http://h/api/services?limit=100",
                    "http://h/api/teams?limit=100",
                ],
            ),
            (
                Target::Opsgenie,
                may,
                vec![
                    "http://h/api/v1/incidents?limit=100&sort=createdAt&order=asc&query=createdAt%3E%3D1746057600000",
                    "http://h/api/v2/teams",
                ],
            ),
            (
                jira(JiraApi::Cloud),
                may,
                vec![
                    "http://h/api/rest/api/3/myself",
                    "http://h/api/rest/api/3/search/jql?maxResults=100&fields=*navigable&expand=names,changelog&jql=project%20%3D%20OPS%20AND%20created%20%3E%3D%20%222025%2F04%2F30%22%20ORDER%20BY%20created%20ASC",
                ],
            ),
            (
                jira(JiraApi::DataCenter),
                None,
                vec![
                    "http://h/api/rest/api/2/myself",
                    "http://h/api/rest/api/2/search?maxResults=100&expand=names,changelog&jql=project%20%3D%20OPS%20ORDER%20BY%20created%20ASC",
                ],
            ),
        ];
        for (target, since, want) in cases {
            let got: Vec<String> = plan(&spec(target.clone(), since)).into_iter().map(|l| l.url).collect();
            assert_eq!(got, want, "{target:?}");
        }
    }

    #[test]
    fn jql_gets_the_floor_before_its_order() {
        assert_eq!(jql_since("project = OPS", "2025/04/30"), "project = OPS AND created >= \"2025/04/30\"");
        assert_eq!(jql_since("a = 1 OR b = 2 order by key", "D"), "(a = 1 OR b = 2) AND created >= \"D\" order by key");
        assert_eq!(jql_since("ORDER BY created", "D"), "created >= \"D\" ORDER BY created");
    }

    #[test]
    fn deployments_lead_to_statuses_and_each_sha_once() {
        let s = spec(Target::GithubRepos(vec!["acme/checkout".into()]), None);
        let l = plan(&s).remove(0);
        let page: Vec<Value> = serde_json::from_str(
            r#"[{"id":2,"sha":"bb","statuses_url":"http://h/api/repos/acme/checkout/deployments/2/statuses"},
                {"id":1,"sha":"aa"},{"id":0,"sha":"bb"}]"#,
        )
        .unwrap();
        let mut seen = vec!["aa".to_string()];
        let got: Vec<(String, String)> =
            follow(&s, &l, &page.iter().collect::<Vec<_>>(), &mut seen).into_iter().map(|c| (c.key, c.url)).collect();
        let want = [
            ("statuses:acme/checkout", "http://h/api/repos/acme/checkout/deployments/2/statuses?per_page=100"),
            ("commits:acme/checkout", "http://h/api/repos/acme/checkout/commits/bb"),
            ("statuses:acme/checkout", "http://h/api/repos/acme/checkout/deployments/1/statuses?per_page=100"),
            ("statuses:acme/checkout", "http://h/api/repos/acme/checkout/deployments/0/statuses?per_page=100"),
        ];
        assert_eq!(got, want.map(|(a, b)| (a.to_string(), b.to_string())));
        assert_eq!(slug("acme/platform/shop"), "acme-platform-shop");
    }
}

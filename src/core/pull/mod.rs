//! Pulling from the vendors' APIs, without the I/O: what to request, what a response means (a page,
//! a rate limit to wait out, an error to retry or to report), what to write, and the manifest that
//! lets the next pull resume. The CLI (`doralens pull`) sends the requests with a native HTTP
//! client; the dashboard can send the same requests with the browser's fetch.
//!
//! Secrets never enter the core: a [`Request`] names the kind of credentials it needs ([`Auth`])
//! and the shell adds them.

pub mod errors;
pub mod manifest;
pub mod page;
pub mod plan;
pub mod url;
pub mod wait;
pub mod walk;

pub use manifest::{ListingState, Manifest};
pub use page::Floor;
pub use plan::{Changelog, GithubParts, JiraApi, Listing, Spec, Target, plan};
pub use wait::{Config, Verdict};
pub use walk::{Progress, Step, Walker, Write, WriteMode};

/// The APIs `doralens pull` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Vendor {
    Github,
    Gitlab,
    Pagerduty,
    Opsgenie,
    Jira,
}

impl Vendor {
    pub const ALL: &'static [Vendor] =
        &[Vendor::Github, Vendor::Gitlab, Vendor::Pagerduty, Vendor::Opsgenie, Vendor::Jira];

    /// The name on the command line and in the manifest.
    pub fn id(self) -> &'static str {
        match self {
            Vendor::Github => "github",
            Vendor::Gitlab => "gitlab",
            Vendor::Pagerduty => "pagerduty",
            Vendor::Opsgenie => "opsgenie",
            Vendor::Jira => "jira",
        }
    }

    pub fn from_id(id: &str) -> Option<Vendor> {
        Vendor::ALL.iter().copied().find(|v| v.id() == id)
    }

    pub fn label(self) -> &'static str {
        match self {
            Vendor::Github => "GitHub",
            Vendor::Gitlab => "GitLab",
            Vendor::Pagerduty => "PagerDuty",
            Vendor::Opsgenie => "Opsgenie",
            Vendor::Jira => "Jira",
        }
    }

    /// The environment variable(s) the credentials come from, as named in messages.
    pub fn token_var(self) -> &'static str {
        match self {
            Vendor::Github => "GITHUB_TOKEN",
            Vendor::Gitlab => "GITLAB_TOKEN",
            Vendor::Pagerduty => "PAGERDUTY_TOKEN",
            Vendor::Opsgenie => "OPSGENIE_API_KEY",
            Vendor::Jira => "JIRA_EMAIL and JIRA_API_TOKEN",
        }
    }

    /// The public API's base URL (`--api-url` replaces it; Jira has none: the site is the user's).
    pub fn default_api_url(self) -> Option<&'static str> {
        match self {
            Vendor::Github => Some("https://api.github.com"),
            Vendor::Gitlab => Some("https://gitlab.com/api/v4"),
            Vendor::Pagerduty => Some("https://api.pagerduty.com"),
            Vendor::Opsgenie => Some("https://api.opsgenie.com"),
            Vendor::Jira => None,
        }
    }

    /// How the credentials travel.
    pub fn auth(self) -> Auth {
        match self {
            Vendor::Github => Auth::Bearer,
            Vendor::Gitlab => Auth::PrivateToken,
            Vendor::Pagerduty => Auth::PagerdutyToken,
            Vendor::Opsgenie => Auth::GenieKey,
            Vendor::Jira => Auth::Basic,
        }
    }
}

/// The kind of credentials a request carries; the shell turns it into a header with the secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    /// `Authorization: Bearer TOKEN` (GitHub; GitLab accepts it too).
    Bearer,
    /// `PRIVATE-TOKEN: TOKEN` (GitLab).
    PrivateToken,
    /// `Authorization: Token token=TOKEN` (PagerDuty).
    PagerdutyToken,
    /// `Authorization: GenieKey KEY` (Opsgenie).
    GenieKey,
    /// `Authorization: Basic base64(EMAIL:TOKEN)` (Jira).
    Basic,
}

/// One HTTP request, without credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub url: String,
    pub auth: Auth,
    /// The `Accept` header.
    pub accept: &'static str,
    /// Extra headers (API versions), never secrets.
    pub headers: Vec<(&'static str, &'static str)>,
}

/// What came back, as the core reads it.
#[derive(Clone, Copy, Debug)]
pub struct Response<'a> {
    pub status: u16,
    pub headers: &'a [(String, String)],
    pub body: &'a str,
}

impl Response<'_> {
    /// A header's value, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.trim())
    }
}

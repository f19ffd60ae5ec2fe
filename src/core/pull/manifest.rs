//! `manifest.json`: what a pull fetched, from where and when, how many records each file holds,
//! and the cursor the next `--resume` continues from. It never holds a credential.

use serde::{Deserialize, Serialize};

/// The manifest of an output folder.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The manifest's version.
    pub doralens_pull: u32,
    pub source: String,
    pub api_url: String,
    /// What was asked for (`--repo acme/checkout`, `--jql …`).
    pub target: String,
    pub since: Option<String>,
    pub started_at: String,
    pub finished_at: String,
    /// The pull ran to its end (else `error` says why it stopped; `--resume` continues).
    pub complete: bool,
    pub error: Option<String>,
    pub requests: u64,
    pub pages: u64,
    pub records: u64,
    pub rate_limit_waits: u64,
    pub waited_ms: u64,
    pub retries: u64,
    pub listings: Vec<ListingState>,
    pub files: Vec<FileState>,
    /// Things to know (commits not found, records left out by `--since`).
    pub notes: Vec<String>,
}

/// One listing over all the pulls into the folder.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListingState {
    pub key: String,
    pub file: Option<String>,
    /// The first page's URL of the last pull.
    pub url: String,
    pub pages: u64,
    pub records: u64,
    /// The last page was read.
    pub complete: bool,
    /// The next page's URL when it was not (where `--resume` continues).
    pub next: Option<String>,
    /// The newest record's time (where `--resume` of a complete listing starts, exclusive).
    pub newest: Option<String>,
}

/// One written file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileState {
    pub file: String,
    /// What it imports as.
    pub kind: String,
    pub records: u64,
}

impl Manifest {
    pub const VERSION: u32 = 1;

    pub fn listing(&self, key: &str) -> Option<&ListingState> {
        self.listings.iter().find(|l| l.key == key)
    }

    /// Reads a manifest, with a message naming what is wrong.
    pub fn parse(text: &str) -> Result<Manifest, String> {
        let m: Manifest = serde_json::from_str(text).map_err(|e| format!("not a doralens pull manifest: {e}"))?;
        if m.doralens_pull != Manifest::VERSION {
            return Err(format!("manifest version {} is not {}", m.doralens_pull, Manifest::VERSION));
        }
        Ok(m)
    }

    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_other_files() {
        let m = Manifest {
            doralens_pull: 1,
            source: "github".into(),
            listings: vec![ListingState {
                key: "deployments:a/b".into(),
                next: Some("http://h/x?page=2".into()),
                ..Default::default()
            }],
            ..Default::default()
        };
        assert_eq!(Manifest::parse(&m.to_json()), Ok(m.clone()));
        assert_eq!(m.listing("deployments:a/b").and_then(|l| l.next.as_deref()), Some("http://h/x?page=2"));
        assert!(Manifest::parse("[]").unwrap_err().starts_with("not a doralens pull manifest"));
        assert!(Manifest::parse(r#"{"doralens_pull":2}"#).is_err());
    }
}

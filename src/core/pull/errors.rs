//! What a failed request tells the user: the status, the vendor's own message, and what to do,
//! naming the token variable or the resource (never the token).

use serde_json::Value;

use super::Vendor;

/// What the token needs, per vendor, for the messages and docs/pull.md.
pub fn scopes(vendor: Vendor) -> &'static str {
    match vendor {
        Vendor::Github => {
            "a classic token with `repo` (private repositories; none for public ones), or a fine-grained token \
             with read access to Deployments, Actions, Contents and Metadata"
        }
        Vendor::Gitlab => "`read_api` (Reporter role or higher on the project)",
        Vendor::Pagerduty => "a read-only REST API key",
        Vendor::Opsgenie => "an API key with Read access (an API integration's key)",
        Vendor::Jira => "an Atlassian API token of a user with Browse projects permission",
    }
}

/// The vendor's message in an error body (`message`, `error.message`, `errorMessages`), or the
/// start of a text body; empty when there is none.
pub fn body_message(body: &str) -> String {
    let text = match serde_json::from_str::<Value>(body) {
        Ok(v) => {
            let pick = |p: &str| v.pointer(p).and_then(Value::as_str).map(String::from);
            pick("/message")
                .or_else(|| pick("/error/message"))
                .or_else(|| pick("/errorMessages/0"))
                .or_else(|| pick("/error"))
                .or_else(|| v.pointer("/errors").map(|e| e.to_string()))
                .unwrap_or_default()
        }
        Err(_) => body.trim().to_string(),
    };
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(200) {
        Some((i, _)) => format!("{}…", &one_line[..i]),
        None => one_line,
    }
}

/// The message for a response that ends the pull; `what` names the resource (`acme/checkout's
/// deployments`).
pub fn failure(vendor: Vendor, status: u16, body: &str, what: &str) -> String {
    let label = vendor.label();
    let var = vendor.token_var();
    let msg = body_message(body);
    let said = if msg.is_empty() { String::new() } else { format!(": \"{msg}\"") };
    match status {
        401 => format!(
            "{label} rejected the credentials in {var} (401{said}). Check that the token is valid, not expired, \
             and for this {label}{}",
            if vendor == Vendor::Jira { " (JIRA_EMAIL must be the token owner's e-mail)" } else { "" }
        ),
        403 => format!("{label} refused {what} to the token in {var} (403{said}). The token needs {}", scopes(vendor)),
        404 => format!(
            "{label} found no {what} (404{said}). Check the name, and that the token in {var} can see it \
             (a private repository or project answers 404 to a token without access)"
        ),
        410 => format!("{label} no longer serves {what} (410{said})"),
        s if s >= 500 => format!("{label} kept failing on {what} ({s}{said}); try again later with --resume"),
        s => format!("{label} answered {s} for {what}{said}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_variable_or_the_resource() {
        // (vendor, status, body, words the message must hold)
        let cases: &[(Vendor, u16, &str, &[&str])] = &[
            (
                Vendor::Github,
                401,
                r#"{"message":"Bad credentials","status":"401"}"#,
                &["GITHUB_TOKEN", "401", "Bad credentials"],
            ),
            (Vendor::Github, 404, r#"{"message":"Not Found"}"#, &["acme/x deployments", "404", "GITHUB_TOKEN"]),
            (Vendor::Github, 403, r#"{"message":"Resource not accessible"}"#, &["GITHUB_TOKEN", "`repo`"]),
            (Vendor::Gitlab, 401, r#"{"message":"401 Unauthorized"}"#, &["GITLAB_TOKEN"]),
            (
                Vendor::Pagerduty,
                401,
                r#"{"error":{"message":"Authentication failed","code":2006}}"#,
                &["PAGERDUTY_TOKEN", "Authentication failed"],
            ),
            (Vendor::Opsgenie, 401, r#"{"message":"Could not authenticate"}"#, &["OPSGENIE_API_KEY"]),
            (
                Vendor::Jira,
                401,
                "Client must be authenticated to access this resource.",
                &["JIRA_EMAIL and JIRA_API_TOKEN", "Client must"],
            ),
            (
                Vendor::Jira,
                400,
                r#"{"errorMessages":["The value 'X' does not exist for the field 'project'."]}"#,
                &["400", "'X'"],
            ),
            (Vendor::Github, 502, r#"{"message":"Server Error"}"#, &["502", "--resume"]),
        ];
        for (v, status, body, words) in cases {
            let m = failure(*v, *status, body, "acme/x deployments");
            for w in *words {
                assert!(m.contains(w), "{m:?} lacks {w:?}");
            }
        }
        assert_eq!(body_message(&"x".repeat(300)).chars().count(), 201);
    }
}

//! What to do with a response: read it, wait out a rate limit, retry after a failure, or stop.

use super::{Response, Vendor, errors};

/// Waits and retries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Config {
    /// The first retry's delay after a 5xx or a dropped connection; each next one doubles it.
    pub backoff_ms: u64,
    /// The longest rate-limit wait accepted; a longer one stops the pull (resume it later).
    pub max_wait_ms: u64,
    /// Tries of one request before its failure stops the pull.
    pub max_attempts: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config { backoff_ms: 1_000, max_wait_ms: 3_600_000, max_attempts: 5 }
    }
}

/// The verdict on one response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// A page to read.
    Read,
    /// A rate limit: wait this long, then send the same request again.
    Wait { ms: u64, why: String },
    /// A failure worth retrying after this long.
    Retry { ms: u64, why: String },
    /// The pull stops with this message.
    Fail(String),
}

/// GitHub asks for at least a minute after a secondary limit without `Retry-After`.
const SECONDARY_MS: u64 = 60_000;

/// Is this response a rate limit?
fn rate_limited(resp: &Response) -> bool {
    resp.status == 429
        || (resp.status == 403
            && (resp.header("x-ratelimit-remaining") == Some("0")
                || resp.header("retry-after").is_some()
                || resp.body.to_ascii_lowercase().contains("rate limit")))
}

/// How long a rate limit asks to wait: `Retry-After` (seconds) wins, then an exhausted
/// `X-RateLimit-Reset` (epoch seconds, plus a second for the clocks), then PagerDuty's
/// `ratelimit-reset` (seconds); without any (GitLab in a browser, which does not expose them),
/// GitHub's minute for a secondary limit, or the backoff.
fn rate_wait_ms(resp: &Response, now_ms: i64, attempt: u32, cfg: &Config) -> (u64, &'static str) {
    let secs = |h: &str| resp.header(h).and_then(|v| v.parse::<u64>().ok());
    if let Some(s) = secs("retry-after") {
        return (s * 1000, "Retry-After");
    }
    if resp.header("x-ratelimit-remaining") == Some("0")
        && let Some(reset) = resp.header("x-ratelimit-reset").and_then(|v| v.parse::<i64>().ok())
    {
        return (((reset * 1000 - now_ms).max(0) + 1000) as u64, "X-RateLimit-Reset");
    }
    if let Some(s) = secs("ratelimit-reset") {
        return (s * 1000, "ratelimit-reset");
    }
    if resp.status == 403 {
        return (SECONDARY_MS, "secondary limit");
    }
    (backoff(cfg, attempt), "backoff")
}

fn backoff(cfg: &Config, attempt: u32) -> u64 {
    cfg.backoff_ms.saturating_mul(1u64 << attempt.min(16))
}

/// Human text for a wait.
pub fn duration(ms: u64) -> String {
    match ms {
        ms if ms < 10_000 => format!("{}.{} s", ms / 1000, ms % 1000 / 100),
        ms if ms < 120_000 => format!("{} s", ms.div_ceil(1000)),
        ms => format!("{} min", ms.div_ceil(60_000)),
    }
}

/// The verdict on `resp`, the `attempt`-th try (0-based) of a request for `what`.
pub fn judge(vendor: Vendor, resp: &Response, what: &str, now_ms: i64, attempt: u32, cfg: &Config) -> Verdict {
    if (200..300).contains(&resp.status) {
        return Verdict::Read;
    }
    if rate_limited(resp) {
        let (ms, from) = rate_wait_ms(resp, now_ms, attempt, cfg);
        if ms > cfg.max_wait_ms {
            return Verdict::Fail(format!(
                "{} rate limit on {what}: it asks to wait {}, longer than the {} this pull waits; pull again later \
                 with --resume",
                vendor.label(),
                duration(ms),
                duration(cfg.max_wait_ms)
            ));
        }
        if attempt >= cfg.max_attempts * 4 {
            return Verdict::Fail(format!(
                "{} kept rate-limiting {what}; pull again later with --resume",
                vendor.label()
            ));
        }
        return Verdict::Wait {
            ms,
            why: format!("{} rate limit ({} {}, from {from})", vendor.label(), resp.status, what),
        };
    }
    if resp.status >= 500 || resp.status == 408 {
        if attempt + 1 >= cfg.max_attempts {
            return Verdict::Fail(errors::failure(vendor, resp.status, resp.body, what));
        }
        return Verdict::Retry {
            ms: backoff(cfg, attempt),
            why: format!("{} answered {} for {what}", vendor.label(), resp.status),
        };
    }
    Verdict::Fail(errors::failure(vendor, resp.status, resp.body, what))
}

/// The verdict on a request that got no complete answer (refused, reset, cut short).
pub fn judge_transport(vendor: Vendor, reason: &str, what: &str, attempt: u32, cfg: &Config) -> Verdict {
    if attempt + 1 >= cfg.max_attempts {
        return Verdict::Fail(format!(
            "no complete answer from {} for {what} after {} tries ({reason}); try again later with --resume",
            vendor.label(),
            cfg.max_attempts
        ));
    }
    Verdict::Retry { ms: backoff(cfg, attempt), why: format!("{reason} ({what})") }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(vendor: Vendor, status: u16, headers: &[(&str, &str)], body: &str, attempt: u32, want: &str) {
        let headers: Vec<(String, String)> = headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let resp = Response { status, headers: &headers, body };
        let cfg = Config { backoff_ms: 100, max_wait_ms: 100_000, max_attempts: 3 };
        let got = match judge(vendor, &resp, "it", 1_000_000, attempt, &cfg) {
            Verdict::Read => "read".to_string(),
            Verdict::Wait { ms, .. } => format!("wait {ms}"),
            Verdict::Retry { ms, .. } => format!("retry {ms}"),
            Verdict::Fail(m) => format!("fail {}", m.split_whitespace().take(3).collect::<Vec<_>>().join(" ")),
        };
        assert_eq!(got, want, "{vendor:?} {status} {headers:?}");
    }

    #[test]
    fn rate_limits_retries_and_failures() {
        use Vendor::*;
        check(Github, 200, &[], "[]", 0, "read");
        // GitHub primary: remaining 0, reset in 2 s (epoch seconds) → until the reset plus a second.
        check(
            Github,
            403,
            &[("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", "1002")],
            "API rate limit exceeded",
            0,
            "wait 3000",
        );
        // GitHub secondary: Retry-After wins.
        check(
            Github,
            429,
            &[("retry-after", "1"), ("x-ratelimit-remaining", "4990")],
            "secondary rate limit",
            0,
            "wait 1000",
        );
        check(Github, 403, &[], "You have exceeded a secondary rate limit", 0, "wait 60000");
        check(Github, 403, &[], r#"{"message":"Resource not accessible by integration"}"#, 0, "fail GitHub refused it");
        // A reset an hour away is longer than this config's 100 s.
        check(
            Github,
            403,
            &[("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", "4600")],
            "",
            0,
            "fail GitHub rate limit",
        );
        check(Pagerduty, 429, &[("Retry-After", "1"), ("ratelimit-reset", "1")], "{}", 0, "wait 1000");
        check(Pagerduty, 429, &[("ratelimit-reset", "2")], "{}", 0, "wait 2000");
        // Jira: Retry-After wins over a minute-precision ISO reset.
        check(Jira, 429, &[("Retry-After", "1"), ("X-RateLimit-Reset", "2025-07-01T00:01Z")], "", 0, "wait 1000");
        // GitLab seen from a browser: no Retry-After exposed → backoff.
        check(Gitlab, 429, &[], "Rate limit exceeded", 2, "wait 400");
        check(Gitlab, 502, &[], "<html>", 0, "retry 100");
        check(Gitlab, 502, &[], "<html>", 1, "retry 200");
        check(Gitlab, 502, &[], "<html>", 2, "fail GitLab kept failing");
        check(Opsgenie, 401, &[], r#"{"message":"Could not authenticate"}"#, 0, "fail Opsgenie rejected the");
        check(Github, 404, &[], r#"{"message":"Not Found"}"#, 0, "fail GitHub found no");
        check(Jira, 400, &[], r#"{"errorMessages":["bad"]}"#, 0, "fail Jira answered 400");
    }

    #[test]
    fn dropped_connections_retry_then_fail() {
        let cfg = Config { backoff_ms: 100, max_wait_ms: 10_000, max_attempts: 3 };
        assert!(matches!(judge_transport(Vendor::Github, "reset", "it", 0, &cfg), Verdict::Retry { ms: 100, .. }));
        assert!(matches!(judge_transport(Vendor::Github, "reset", "it", 2, &cfg), Verdict::Fail(_)));
        assert_eq!(
            (duration(1500), duration(61_000), duration(3_600_000)),
            ("1.5 s".into(), "61 s".into(), "60 min".into())
        );
    }
}

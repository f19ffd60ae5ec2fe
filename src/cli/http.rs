//! The HTTP client of `doralens pull` (ureq with rustls): sends a core [`Request`] with the
//! credentials added, returns the status, headers and body. The secret only ever goes into a
//! request header: never into a URL, a message or a file.

use doralens::core::pull::{Auth, Request};
use std::time::Duration;

/// Credentials read from the environment.
pub struct Secret {
    /// The token, or `email:token` for Jira's basic auth.
    value: String,
}

impl Secret {
    pub fn new(value: String) -> Secret {
        Secret { value }
    }

    /// The header that carries the secret.
    fn header(&self, auth: Auth) -> (&'static str, String) {
        let v = &self.value;
        match auth {
            Auth::Bearer => ("Authorization", format!("Bearer {v}")),
            Auth::PrivateToken => ("PRIVATE-TOKEN", v.clone()),
            Auth::PagerdutyToken => ("Authorization", format!("Token token={v}")),
            Auth::GenieKey => ("Authorization", format!("GenieKey {v}")),
            Auth::Basic => ("Authorization", format!("Basic {}", base64(v.as_bytes()))),
        }
    }

    /// `text` with the secret (and its encodings) replaced, for anything shown to the user.
    pub fn redact(&self, text: &str) -> String {
        let mut out = text.to_string();
        let forms = [self.value.clone(), base64(self.value.as_bytes())];
        for f in forms.iter().filter(|f| f.len() >= 4) {
            out = out.replace(f.as_str(), "<redacted>");
        }
        if let Some((_, token)) = self.value.split_once(':').filter(|(_, t)| t.len() >= 4) {
            out = out.replace(token, "<redacted>");
        }
        out
    }
}

/// A response, or why there was none.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

pub struct Client {
    agent: ureq::Agent,
}

/// The largest page body read (GitHub pages of 100 deployments are about 300 KB).
const MAX_BODY: u64 = 64 * 1024 * 1024;

impl Client {
    pub fn new() -> Client {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(120)))
            .user_agent(concat!("doralens/", env!("CARGO_PKG_VERSION")))
            .build();
        Client { agent: config.into() }
    }

    /// Sends `req` with `secret`; `Err` when no complete answer came (refused, reset, cut short).
    pub fn send(&self, req: &Request, secret: &Secret) -> Result<Answer, String> {
        let (name, value) = secret.header(req.auth);
        let mut r = self.agent.get(&req.url).header("Accept", req.accept).header(name, &value);
        for (k, v) in &req.headers {
            r = r.header(*k, *v);
        }
        let mut resp = r.call().map_err(|e| secret.redact(&e.to_string()))?;
        let status = resp.status().as_u16();
        let headers = resp
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
            .collect();
        let body = resp
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_string()
            .map_err(|e| format!("the answer was cut short ({})", secret.redact(&e.to_string())))?;
        Ok(Answer { status, headers, body })
    }
}

/// Standard base64 with padding (RFC 4648), for basic auth.
pub fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_and_redaction() {
        assert_eq!(base64(b"mona@acme.example:test-token-jira"), "bW9uYUBhY21lLmV4YW1wbGU6dGVzdC10b2tlbi1qaXJh");
        assert_eq!((base64(b"a"), base64(b"ab"), base64(b"abc")), ("YQ==".into(), "YWI=".into(), "YWJj".into()));
        let s = Secret::new("me@x:sekrit-token".into());
        assert_eq!(s.redact("bad sekrit-token here"), "bad <redacted> here");
    }
}

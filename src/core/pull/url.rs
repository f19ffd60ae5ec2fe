//! URL pieces: query values percent-encoded, parameters added, and the base trimmed.

/// Percent-encodes a query value or a path segment (RFC 3986 unreserved characters stay).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `url` with `key=value` added (the value encoded).
pub fn with_param(url: &str, key: &str, value: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}{key}={}", encode(value))
}

/// The base URL without its trailing slashes.
pub fn trim_base(url: &str) -> &str {
    url.trim().trim_end_matches('/')
}

/// The path and query of a URL, for messages (`https://h/a?b` → `/a?b`).
pub fn path_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.find('/').map_or("/", |i| &rest[i..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_and_adds() {
        assert_eq!(encode("acme/platform/shop"), "acme%2Fplatform%2Fshop");
        assert_eq!(encode("createdAt>=1"), "createdAt%3E%3D1");
        assert_eq!(with_param("http://h/x", "a", "b c"), "http://h/x?a=b%20c");
        assert_eq!(with_param("http://h/x?y=1", "a", "é"), "http://h/x?y=1&a=%C3%A9");
        assert_eq!(trim_base(" http://h/api/ "), "http://h/api");
        assert_eq!(path_of("https://api.github.com/repos/a/b?x=1"), "/repos/a/b?x=1");
    }
}

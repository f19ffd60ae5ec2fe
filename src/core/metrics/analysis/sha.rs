//! Commit sha prefixes that incidents name in `caused_by`, matched against deployments' shas
//! without a lookup per prefix length for most shas, and a small probabilistic set of the ids
//! incidents name.

use crate::core::model::Deployment;
use crate::core::pace::{self, Pacer};
use rustc_hash::{FxBuildHasher, FxHashMap};
use std::hash::BuildHasher;

/// No deployment (yet).
const UNSEEN: u32 = u32::MAX;

/// A `caused_by` that may be a commit sha prefix: 7 to 40 hex digits.
pub(super) fn is_hex_ref(s: &str) -> bool {
    (7..=40).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A set of strings that may answer "maybe" for a string not in it (1 in 16 for the sets it is
/// made for), and never "no" for one in it: one bit per hash, 16 bits per string.
pub(super) struct HashBits {
    bits: Vec<u64>,
    mask: u64,
}

impl HashBits {
    pub(super) fn new<'a>(items: impl ExactSizeIterator<Item = &'a str>) -> HashBits {
        let size = (items.len() * 16).next_power_of_two().max(64);
        let mut set = HashBits { bits: vec![0; size / 64], mask: size as u64 - 1 };
        for s in items {
            let h = set.slot(s);
            set.bits[h / 64] |= 1 << (h % 64);
        }
        set
    }

    fn slot(&self, s: &str) -> usize {
        (FxBuildHasher.hash_one(s) & self.mask) as usize
    }

    pub(super) fn may_contain(&self, s: &str) -> bool {
        let h = self.slot(s);
        self.bits[h / 64] & (1 << (h % 64)) != 0
    }
}

/// The first 16 hex digits of a sha as a number, left-aligned, and how many digits there were.
fn hex_key(s: &str) -> Option<(u64, u32)> {
    let b = trim_sha(s);
    let n = b.len().min(16);
    if n == 0 {
        return None;
    }
    Some((hex_value(&b[..n])? << (4 * (16 - n)), n as u32))
}

/// The first five hex digits of a sha (a key into `ShaPrefixes::first5`), or `None` when it has
/// fewer or is not hex there.
fn hex_first5(s: &str) -> Option<usize> {
    Some(hex_value(trim_sha(s).get(..5)?)? as usize)
}

/// A sha without surrounding whitespace (the common sha has none, and is not scanned for it).
fn trim_sha(s: &str) -> &[u8] {
    let b = s.as_bytes();
    match (b.first(), b.last()) {
        (Some(f), Some(l)) if f.is_ascii_alphanumeric() && l.is_ascii_alphanumeric() => b,
        _ => s.trim().as_bytes(),
    }
}

/// The value of up to 16 hex digits, or `None` when one is not a hex digit.
fn hex_value(digits: &[u8]) -> Option<u64> {
    const INVALID: u8 = 0xFF;
    const HEX: [u8; 256] = {
        let mut t = [INVALID; 256];
        let mut i = 0;
        while i < 10 {
            t[b'0' as usize + i] = i as u8;
            i += 1;
        }
        let mut i = 0;
        while i < 6 {
            t[b'a' as usize + i] = 10 + i as u8;
            t[b'A' as usize + i] = 10 + i as u8;
            i += 1;
        }
        t
    };
    let mut v = 0u64;
    let mut bad = 0u8;
    for &c in digits {
        let d = HEX[c as usize];
        bad |= d;
        v = (v << 4) | u64::from(d & 0x0F);
    }
    (bad & 0xF0 == 0).then_some(v)
}

/// The hex prefixes incidents name in `caused_by`, grouped by length for lookups by masked key.
pub(super) struct ShaPrefixes {
    /// Lower-cased prefixes, sorted, without repeats.
    prefixes: Vec<String>,
    /// The earliest deployment each prefix matched (`UNSEEN` while none), and how many matched.
    found: Vec<u32>,
    matched: usize,
    /// (digits compared, masked first-16-digit key → prefix indices)
    by_len: Vec<(u32, FxHashMap<u64, Vec<u32>>)>,
    /// One bit per possible first five hex digits of a prefix: most shas match none, and a bit
    /// test is far cheaper than a lookup per prefix length.
    first5: Vec<u64>,
}

impl ShaPrefixes {
    /// Indexes the prefixes, ticking `pacer` (tens of thousands of prefixes are a few passes).
    pub(super) async fn new<P, F>(wanted: &[&str], pacer: &mut Pacer<P>) -> ShaPrefixes
    where
        P: FnMut(f64) -> F,
        F: Future<Output = ()>,
    {
        // Ticks: lower-casing, the sort (a check, chunks, a merge per doubling past a step), indexing.
        let merges = wanted.len().div_ceil(pace::STEP).next_power_of_two().trailing_zeros() as usize;
        pacer.add_total(wanted.len() * (4 + merges));
        let mut prefixes: Vec<String> = Vec::with_capacity(wanted.len());
        pacer.each(wanted, |_, w| prefixes.push(w.to_ascii_lowercase())).await;
        pace::sort_paced(&mut prefixes, |a, b| a.cmp(b), pacer).await;
        prefixes.dedup();
        let mut by_len: Vec<(u32, FxHashMap<u64, Vec<u32>>)> = Vec::new();
        let mut first5 = vec![0u64; (1 << 20) / 64];
        pacer
            .each(&prefixes, |i, p| {
                let Some((key, digits)) = hex_key(p) else { return };
                let slot = match by_len.iter().position(|(d, _)| *d == digits) {
                    Some(s) => s,
                    None => {
                        by_len.push((digits, FxHashMap::default()));
                        by_len.len() - 1
                    }
                };
                by_len[slot].1.entry(key).or_default().push(i as u32);
                let k = (key >> 44) as usize;
                first5[k / 64] |= 1 << (k % 64);
            })
            .await;
        let found = vec![UNSEEN; prefixes.len()];
        ShaPrefixes { prefixes, found, matched: 0, by_len, first5 }
    }

    /// The earliest deployment whose sha starts with `prefix` (lower-cased), once every deployment
    /// has been seen by [`ShaPrefixes::resolve_one`].
    pub(super) fn deployment_of(&self, prefix: &str) -> Option<u32> {
        let p = self.prefixes.binary_search_by(|x| x.as_str().cmp(prefix)).ok()?;
        Some(self.found[p]).filter(|&d| d != UNSEEN)
    }

    /// Records, for every prefix deployment `i`'s shas start with and that no earlier deployment
    /// matched, deployment `i`. Called in time order, each prefix ends with its earliest match.
    pub(super) fn resolve_one(&mut self, i: u32, d: &Deployment) {
        if self.matched == self.prefixes.len() {
            return;
        }
        let shas = d.commit_sha.as_deref().into_iter().chain(d.commits.iter().map(|c| &*c.sha));
        for sha in shas {
            // Most shas start with no prefix's first five digits: only those that do are read on.
            let Some(k) = hex_first5(sha) else { continue };
            if self.first5[k / 64] & (1 << (k % 64)) == 0 {
                continue;
            }
            let Some((key, digits)) = hex_key(sha) else { continue };
            if digits < 7 {
                continue;
            }
            for (len, map) in &self.by_len {
                if *len > digits {
                    continue;
                }
                let masked = key & (u64::MAX << (4 * (16 - len)));
                let Some(ids) = map.get(&masked) else { continue };
                for &p in ids {
                    let prefix = &self.prefixes[p as usize];
                    let sha = sha.trim();
                    let full = prefix.len() <= 16
                        || (sha.len() >= prefix.len()
                            && sha.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes()));
                    if full && self.found[p as usize] == UNSEEN {
                        self.found[p as usize] = i;
                        self.matched += 1;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn dep(i: usize, sha: &str) -> Deployment {
        let mut d = Deployment::new(format!("d{i}"), i as i64 * 1000);
        d.commit_sha = Some(sha.into());
        d
    }

    proptest! {
        /// Prefix links agree with a scan of every deployment for the earliest sha that starts
        /// with the prefix (case-insensitively), for short, 16-digit and long prefixes.
        #[test]
        fn sha_prefix_links_match_a_brute_force_scan(
            shas in proptest::collection::vec("[0-9a-fA-F]{6,40}", 1..40),
            picks in proptest::collection::vec((0usize..40, 7usize..41), 1..20),
        ) {
            let deployments: Vec<Deployment> = shas.iter().enumerate().map(|(i, s)| dep(i, s)).collect();
            let wanted: Vec<String> = picks
                .iter()
                .map(|&(i, n)| {
                    let s = &shas[i % shas.len()];
                    s[..n.min(s.len())].to_ascii_uppercase()
                })
                .filter(|p| is_hex_ref(p))
                .collect();
            let refs: Vec<&str> = wanted.iter().map(String::as_str).collect();
            let mut prefixes = pace::at_once(ShaPrefixes::new(&refs, &mut Pacer::new(1, pace::no_pause)));
            for (i, d) in deployments.iter().enumerate() {
                prefixes.resolve_one(i as u32, d);
            }
            for p in &wanted {
                let lower = p.to_ascii_lowercase();
                let want = shas.iter().position(|s| s.to_ascii_lowercase().starts_with(&lower)).map(|i| i as u32);
                prop_assert_eq!(prefixes.deployment_of(&lower), want, "prefix {}", p);
            }
        }
    }
}

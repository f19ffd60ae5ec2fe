//! Numbers written with a fixed count of decimals, exactly as the standard library writes
//! `format!("{:.N}", v)`: the exact binary value rounded half to even.
//!
//! Written here because the standard library's float formatting (shortest and exact modes, their
//! tables and fallbacks) was the largest single piece of the dashboard's code; this is a few
//! hundred bytes. Nothing in the product writes a float with `{}` or `{:.N}`: `tests/architecture.rs`
//! keeps it that way, and a property test checks every output against the standard library.

use std::fmt;

/// `v` with `decimals` digits after the point (at most [`MAX_DECIMALS`]); `format!("{}", Fixed(2.25, 1))`
/// is `"2.2"`, like `format!("{:.1}", 2.25)`. Infinities and NaN read `inf`, `-inf` and `NaN`.
#[derive(Clone, Copy, Debug)]
pub struct Fixed(pub f64, pub usize);

/// More decimals than any display needs; beyond this the scaled mantissa could overflow.
pub const MAX_DECIMALS: usize = 19;

impl fmt::Display for Fixed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        push_fixed(&mut out, self.0, self.1);
        f.write_str(&out)
    }
}

/// `format!("{}", Fixed(v, decimals))` as a `String`.
pub fn fixed(v: f64, decimals: usize) -> String {
    let mut out = String::new();
    push_fixed(&mut out, v, decimals);
    out
}

/// Appends `v` with `decimals` decimals to `out`.
pub fn push_fixed(out: &mut String, v: f64, decimals: usize) {
    let d = decimals.min(MAX_DECIMALS);
    if v.is_nan() {
        out.push_str("NaN");
        return;
    }
    if v.is_sign_negative() {
        out.push('-');
    }
    if v.is_infinite() {
        out.push_str("inf");
        return;
    }
    let bits = v.abs().to_bits();
    let biased = (bits >> 52) as i32;
    let fraction = bits & ((1 << 52) - 1);
    // v = m × 2^e exactly.
    let (m, e) = if biased == 0 { (fraction, -1074) } else { (fraction | (1 << 52), biased - 1075) };
    if e >= 0 {
        // An integer: its digits, then zeros after the point.
        push_integer(out, m, e as u32);
        if d > 0 {
            out.push('.');
            out.extend(std::iter::repeat_n('0', d));
        }
        return;
    }
    // v × 10^d = m × 10^d / 2^k: the quotient, rounded half to even by the remainder.
    let k = e.unsigned_abs();
    let n = u128::from(m) * 10u128.pow(d as u32);
    let mut q = if k >= 128 { 0 } else { n >> k };
    let rest = if k >= 128 { n } else { n - (q << k) };
    // half = 2^(k-1); n < 2^117, so with k > 118 the remainder is below half.
    if k <= 118 {
        let half = 1u128 << (k - 1);
        if rest > half || (rest == half && q & 1 == 1) {
            q += 1;
        }
    }
    let mut digits = String::new();
    push_u128(&mut digits, q);
    if digits.len() <= d {
        out.push('0');
        if d > 0 {
            out.push('.');
            out.extend(std::iter::repeat_n('0', d - digits.len()));
            out.push_str(&digits);
        }
    } else {
        let (int, frac) = digits.split_at(digits.len() - d);
        out.push_str(int);
        if d > 0 {
            out.push('.');
            out.push_str(frac);
        }
    }
}

/// `v` with at most `decimals` decimals and no trailing zeros: `1`, `0.12`, `10.5`. For a value that
/// already has at most that many decimals (below 10^9 with 6), this is the standard library's
/// shortest form, `format!("{v}")`.
pub fn push_trimmed(out: &mut String, v: f64, decimals: usize) {
    let start = out.len();
    push_fixed(out, v, decimals);
    if out[start..].contains('.') {
        let kept = out[start..].trim_end_matches('0').trim_end_matches('.').len();
        out.truncate(start + kept);
    }
}

/// Appends the decimal digits of `m × 2^shift`.
fn push_integer(out: &mut String, m: u64, shift: u32) {
    if shift <= 64 {
        push_u128(out, u128::from(m) << shift);
        return;
    }
    // Up to 2^1024: little-endian base-2^32 limbs.
    let mut limbs = vec![0u32; (shift / 32) as usize];
    let wide = u128::from(m) << (shift % 32);
    limbs.extend([wide as u32, (wide >> 32) as u32, (wide >> 64) as u32]);
    push_limbs(out, limbs);
}

/// Appends the decimal digits of `v` (without the standard library's 128-bit formatting, which
/// carries its own long division).
fn push_u128(out: &mut String, v: u128) {
    match u64::try_from(v) {
        Ok(small) => out.push_str(&small.to_string()),
        Err(_) => push_limbs(out, vec![v as u32, (v >> 32) as u32, (v >> 64) as u32, (v >> 96) as u32]),
    }
}

/// Appends the decimal digits of a number in little-endian base-2^32 limbs, dividing by 10^9
/// repeatedly.
fn push_limbs(out: &mut String, mut limbs: Vec<u32>) {
    let mut groups = Vec::new();
    while limbs.iter().any(|l| *l != 0) {
        let mut rem = 0u64;
        for l in limbs.iter_mut().rev() {
            let cur = (rem << 32) | u64::from(*l);
            *l = (cur / 1_000_000_000) as u32;
            rem = cur % 1_000_000_000;
        }
        groups.push(rem as u32);
        while limbs.last() == Some(&0) {
            limbs.pop();
        }
    }
    let mut groups = groups.into_iter().rev();
    out.push_str(&groups.next().unwrap_or(0).to_string());
    for g in groups {
        let s = g.to_string();
        out.extend(std::iter::repeat_n('0', 9 - s.len()));
        out.push_str(&s);
    }
}

/// The `f64` nearest to `digits × 10^exp` (ties to even), found from `approx`, a value a few units
/// in the last place away (what serde_json's parser, the one the dashboard carries, reads). Exact:
/// each step compares the decimal with a midpoint between two floats in integers.
pub fn nearest(digits: u64, exp: i32, approx: f64) -> f64 {
    let mut v = approx.abs();
    if digits == 0 || !v.is_finite() {
        return if digits == 0 { 0.0 } else { approx.abs() };
    }
    for _ in 0..64 {
        let bits = v.to_bits();
        let biased = (bits >> 52) as i32;
        let fraction = bits & ((1 << 52) - 1);
        let (m, q) = if biased == 0 { (fraction, -1074) } else { (fraction | (1 << 52), biased - 1075) };
        // The midpoints to the neighbours: (2m ± 1) × 2^(q-1); below a power of two the gap halves.
        let up = compare(digits, exp, 2 * m + 1, q - 1);
        let down = match m {
            0 => std::cmp::Ordering::Greater,
            _ if m == 1 << 52 && biased > 1 => compare(digits, exp, 4 * m - 1, q - 2),
            _ => compare(digits, exp, 2 * m - 1, q - 1),
        };
        let even = m & 1 == 0;
        v = match (down, up) {
            (std::cmp::Ordering::Less, _) if bits > 0 => f64::from_bits(bits - 1),
            (std::cmp::Ordering::Equal, _) if !even && bits > 0 => f64::from_bits(bits - 1),
            (_, std::cmp::Ordering::Greater) => f64::from_bits(bits + 1),
            (_, std::cmp::Ordering::Equal) if !even => f64::from_bits(bits + 1),
            _ => return v,
        };
        if !v.is_finite() {
            return v;
        }
    }
    v
}

/// `d × 10^e` against `b × 2^k`, in integers.
fn compare(d: u64, e: i32, b: u64, k: i32) -> std::cmp::Ordering {
    let (mut l, mut r) = (limbs(d), limbs(b));
    // 10^e = 5^e × 2^e: the fives go to the side whose exponent is positive.
    let five = if e >= 0 { &mut l } else { &mut r };
    for _ in 0..e.unsigned_abs() {
        mul_small(five, 5);
    }
    let low = e.min(k);
    shl(&mut l, (e - low) as u32);
    shl(&mut r, (k - low) as u32);
    trim(&mut l);
    trim(&mut r);
    l.len().cmp(&r.len()).then_with(|| l.iter().rev().cmp(r.iter().rev()))
}

fn limbs(v: u64) -> Vec<u32> {
    vec![v as u32, (v >> 32) as u32]
}

fn mul_small(x: &mut Vec<u32>, by: u32) {
    let mut carry = 0u64;
    for l in x.iter_mut() {
        let cur = u64::from(*l) * u64::from(by) + carry;
        *l = cur as u32;
        carry = cur >> 32;
    }
    if carry > 0 {
        x.push(carry as u32);
    }
}

fn shl(x: &mut Vec<u32>, bits: u32) {
    let (words, bits) = ((bits / 32) as usize, bits % 32);
    if bits > 0 {
        let mut carry = 0u32;
        for l in x.iter_mut() {
            let next = *l >> (32 - bits);
            *l = (*l << bits) | carry;
            carry = next;
        }
        x.push(carry);
    }
    x.splice(0..0, std::iter::repeat_n(0, words));
}

fn trim(x: &mut Vec<u32>) {
    while x.last() == Some(&0) {
        x.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(v: f64, decimals: usize, expected: &str) {
        assert_eq!(fixed(v, decimals), expected, "{v:e} with {decimals} decimals");
        assert_eq!(format!("{v:.decimals$}"), expected, "the standard library disagrees with the table");
    }

    #[test]
    fn writes_like_the_standard_library() {
        for (v, d, expected) in [
            (0.0, 0, "0"),
            (0.0, 1, "0.0"),
            (-0.0, 1, "-0.0"),
            (-0.4, 0, "-0"),
            (1.0, 0, "1"),
            (2.5, 0, "2"),
            (3.5, 0, "4"),
            (0.5, 0, "0"),
            (1.5, 0, "2"),
            (8.25, 1, "8.2"),
            (8.35, 1, "8.3"),
            (0.125, 2, "0.12"),
            (0.375, 2, "0.38"),
            (0.05, 1, "0.1"),
            (0.15, 1, "0.1"),
            (0.001, 1, "0.0"),
            (0.0049, 2, "0.00"),
            (0.995, 2, "0.99"),
            (9.96, 1, "10.0"),
            (99.95, 1, "100.0"),
            (12345.678, 2, "12345.68"),
            (-12.34, 1, "-12.3"),
            (1e21, 0, "1000000000000000000000"),
            (1e21, 2, "1000000000000000000000.00"),
            (f64::MAX, 0, &format!("{:.0}", f64::MAX)),
            (f64::MIN_POSITIVE, 3, "0.000"),
            (5e-324, 1, "0.0"),
            (f64::INFINITY, 1, "inf"),
            (f64::NEG_INFINITY, 0, "-inf"),
            (f64::NAN, 2, "NaN"),
            (0.1 + 0.2, 3, "0.300"),
            (4503599627370495.5, 0, "4503599627370496"),
            (2251799813685247.5, 1, "2251799813685247.5"),
        ] {
            check(v, d, expected);
        }
        assert_eq!(format!("{}m", Fixed(45.6, 0)), "46m");
    }

    #[test]
    fn trimmed_numbers_have_no_trailing_zeros() {
        for (v, d, expected) in
            [(1.0, 3, "1"), (0.12, 3, "0.12"), (10.5, 3, "10.5"), (0.0, 3, "0"), (100.0, 0, "100"), (2.0004, 3, "2")]
        {
            let mut s = String::new();
            push_trimmed(&mut s, v, d);
            assert_eq!(s, expected);
        }
    }

    proptest::proptest! {
        /// Any finite value, any count of decimals a display uses: the standard library's text.
        #[test]
        fn every_float_is_written_like_the_standard_library(
            v in proptest::num::f64::ANY,
            d in 0..4usize,
        ) {
            proptest::prop_assert_eq!(fixed(v, d), format!("{v:.d$}"));
        }

        /// Values at exact ties of their last decimal round half to even, as the standard library does.
        #[test]
        fn ties_round_like_the_standard_library(n in -1_000_000i64..1_000_000, d in 0..4usize) {
            let v = (n as f64 + 0.5) / 10f64.powi(d as i32);
            proptest::prop_assert_eq!(fixed(v, d), format!("{v:.d$}"));
        }

        /// A value rounded to 6 decimals reads as the standard library's shortest form.
        #[test]
        fn trimmed_is_the_shortest_form_of_a_rounded_value(v in -1e9f64..1e9) {
            let x = (v * 1e6).round() / 1e6;
            let mut s = String::new();
            push_trimmed(&mut s, x, 6);
            proptest::prop_assert_eq!(s, format!("{x}"));
        }

        /// Large and tiny magnitudes, with more decimals.
        #[test]
        fn magnitudes_are_written_like_the_standard_library(
            m in 1u64..(1 << 53),
            e in -1100i32..1000,
            d in 0..=MAX_DECIMALS,
        ) {
            let v = m as f64 * 2f64.powi(e);
            proptest::prop_assert_eq!(fixed(v, d), format!("{v:.d$}"));
        }
    }
}

//! Order statistics: median and "type 7" percentiles (linear interpolation between closest ranks).

/// The p-th quantile (0..=1) of `values` by linear interpolation between closest ranks (R's type 7,
/// NumPy's default). Reorders `values`. `None` when empty.
pub fn quantile(values: &mut [f64], p: f64) -> Option<f64> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let h = (n - 1) as f64 * p.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let frac = h - lo as f64;
    let (_, &mut a, rest) = values.select_nth_unstable_by(lo, f64::total_cmp);
    if frac == 0.0 || rest.is_empty() {
        return Some(a);
    }
    let b = rest.iter().copied().fold(f64::INFINITY, f64::min);
    Some(a + (b - a) * frac)
}

/// The median: the middle value, or the mean of the two middle values for an even count.
pub fn median(values: &mut [f64]) -> Option<f64> {
    quantile(values, 0.5)
}

/// Median, p75 and p90 at once.
pub fn summary(values: &mut [f64]) -> (Option<f64>, Option<f64>, Option<f64>) {
    (quantile(values, 0.5), quantile(values, 0.75), quantile(values, 0.9))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(values: &[f64], p: f64, expected: Option<f64>) {
        let mut v = values.to_vec();
        let got = quantile(&mut v, p);
        match (got, expected) {
            (Some(g), Some(e)) => {
                assert!((g - e).abs() < 1e-9, "q{p} of {values:?} = {g}, want {e}")
            }
            _ => assert_eq!(got, expected, "q{p} of {values:?}"),
        }
    }

    #[test]
    fn hand_computed_quantiles() {
        let table: &[(&[f64], f64, Option<f64>)] = &[
            (&[], 0.5, None),
            (&[7.0], 0.5, Some(7.0)),
            (&[7.0], 0.9, Some(7.0)),
            (&[1.0, 3.0], 0.5, Some(2.0)),
            (&[4.0, 1.0, 3.0, 2.0], 0.5, Some(2.5)),
            (&[5.0, 1.0, 3.0], 0.5, Some(3.0)),
            // n=4: h = 3*0.75 = 2.25 -> 3 + 0.25*(4-3)
            (&[1.0, 2.0, 3.0, 4.0], 0.75, Some(3.25)),
            // h = 3*0.9 = 2.7 -> 3 + 0.7*(4-3)
            (&[1.0, 2.0, 3.0, 4.0], 0.9, Some(3.7)),
            // n=10: h = 9*0.9 = 8.1 -> 9 + 0.1*(10-9)
            (&[10.0, 9.0, 8.0, 7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0], 0.9, Some(9.1)),
            (&[2.0, 2.0, 2.0], 0.75, Some(2.0)),
        ];
        for (values, p, want) in table {
            check(values, *p, *want);
        }
    }

    proptest::proptest! {
        #[test]
        fn quantiles_are_ordered_and_bounded(mut v in proptest::collection::vec(-1e6f64..1e6, 1..60)) {
            let (m, p75, p90) = summary(&mut v);
            let (m, p75, p90) = (m.unwrap(), p75.unwrap(), p90.unwrap());
            let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            proptest::prop_assert!(lo <= m && m <= p75 + 1e-9 && p75 <= p90 + 1e-9 && p90 <= hi);
        }
    }
}

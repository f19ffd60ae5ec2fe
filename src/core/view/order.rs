//! The order of table columns: optional numbers, missing values last.

use std::cmp::Ordering;

/// Compares optional numbers; `None` last in either direction.
pub fn cmp_opt(a: Option<f64>, b: Option<f64>, descending: bool) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => {
            let o = x.total_cmp(&y);
            if descending { o.reverse() } else { o }
        }
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

//! Sorting through one routine (and one for integer keys).
//!
//! Every `sort_by` call with its own element type and closure is a separate copy of the standard
//! library's sort in the program (about 3 KB each in the browser's download). Here every sort is
//! a sort of `u32` indices with a `dyn` comparison, so the program holds one copy, and the
//! records are then moved into that order. Sorting indices also moves each record once, not once
//! per swap.

use std::cmp::Ordering;

/// The one sort: orders indices by `cmp`. Not generic, so it exists once in the program.
#[inline(never)]
pub fn sort_indices(idx: &mut [u32], cmp: &dyn Fn(u32, u32) -> Ordering) {
    idx.sort_unstable_by(|&a, &b| cmp(a, b));
}

/// The second sort: `(key, index)` pairs by key, then index. Integers side by side in memory, so
/// sorting a million of them does not chase a million records (see `pace::sort_paced_by_key`).
#[inline(never)]
pub fn sort_keys(pairs: &mut [(i64, u32)]) {
    pairs.sort_unstable();
}

/// The order of `items` by `cmp`, as indices. Ties keep their original order (the sort is stable).
pub fn order_of<T>(items: &[T], cmp: impl Fn(&T, &T) -> Ordering) -> Vec<u32> {
    let mut idx: Vec<u32> = (0..items.len() as u32).collect();
    sort_indices(&mut idx, &|a, b| cmp(&items[a as usize], &items[b as usize]).then(a.cmp(&b)));
    idx
}

/// Sorts `v` by `cmp`, stably.
pub fn sort_by<T>(v: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    if v.windows(2).all(|w| cmp(&w[0], &w[1]).is_le()) {
        return;
    }
    let order = order_of(v, cmp);
    permute(v, &order);
}

/// Puts `v` in `order` (a permutation of its indices): the new `v[k]` is the old `v[order[k]]`.
/// Indices out of range or repeated are skipped, so a wrong order loses records but never panics;
/// every caller passes a permutation.
pub fn permute<T>(v: &mut Vec<T>, order: &[u32]) {
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(order.iter().filter_map(|&i| slots.get_mut(i as usize).and_then(Option::take)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_stable_sort() {
        let shapes: Vec<Vec<(u32, u32)>> = vec![
            vec![],
            vec![(1, 0)],
            (0..1000).map(|i| (i, i)).collect(),
            (0..1000).rev().map(|i| (i, i)).collect(),
            (0..5000u32).map(|i| (i.wrapping_mul(2_654_435_761) % 97, i)).collect(),
        ];
        for v in shapes {
            // Compare keys only: equal keys keep their order, as `sort_by` keeps them.
            let mut want = v.clone();
            want.sort_by_key(|a| a.0);
            let mut got = v.clone();
            sort_by(&mut got, |a, b| a.0.cmp(&b.0));
            assert_eq!(got, want);
        }
    }

    #[test]
    fn permute_moves_each_record_once() {
        let mut v = vec!["a", "b", "c", "d"];
        permute(&mut v, &[2, 0, 3, 1]);
        assert_eq!(v, ["c", "a", "d", "b"]);
        let mut w = vec![1, 2, 3];
        permute(&mut w, &[0, 0, 9]);
        assert_eq!(w, [1], "a repeated or missing index loses nothing else and does not panic");
    }
}

//! Pacing: long passes over records written once, run either at once (CLI, tests) or in steps
//! (the dashboard, which has one thread and must let the page paint).
//!
//! A paced pass is an `async fn` that awaits [`Pacer::tick`] once per record. Every [`EVERY`]
//! records the tick awaits the caller's pause, a future the caller chooses: the dashboard's
//! yields to the browser when the frame's time is up; [`at_once`] runs a pass with pauses that
//! return immediately. Nothing here knows about browsers or clocks.

use crate::core::sort;
use std::cmp::Ordering;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

/// How many records a sort handles as one chunk (sorted by one library call, then merged).
pub const STEP: usize = 1 << 14;

/// How many records a pass handles between two pauses. The caller's pause decides whether to
/// yield (the dashboard does when its frame's time is up), so asking often costs little, and a
/// pass whose records are slow at first (a fresh hash table's pages touched for the first time:
/// 16k inserts into a 3M-entry table took over 100 ms in the browser) still pauses in time.
pub const EVERY: usize = 1 << 12;

/// Counts records and awaits `pause(fraction_done)` every [`EVERY`] of them.
pub struct Pacer<P> {
    pause: P,
    done: usize,
    next: usize,
    total: usize,
}

impl<P: FnMut(f64) -> F, F: Future<Output = ()>> Pacer<P> {
    /// A pacer for a pass of about `total` ticks (only the fractions it reports depend on it).
    pub fn new(total: usize, pause: P) -> Self {
        Pacer { pause, done: 0, next: EVERY, total: total.max(1) }
    }

    /// Counts one record; pauses when a step is full.
    pub async fn tick(&mut self) {
        self.tick_n(1).await;
    }

    /// Calls `f(index, item)` for every item, pausing after every [`EVERY`] of them. The body runs
    /// as a plain loop over each chunk (as fast as a loop without pauses).
    pub async fn each<'a, T>(&mut self, items: &'a [T], mut f: impl FnMut(usize, &'a T)) {
        for (c, chunk) in items.chunks(EVERY).enumerate() {
            for (j, item) in chunk.iter().enumerate() {
                f(c * EVERY + j, item);
            }
            self.tick_n(chunk.len()).await;
        }
    }

    /// Counts `n` records at once (a step done by a library call, such as sorting a chunk).
    pub async fn tick_n(&mut self, n: usize) {
        self.done += n;
        if self.done >= self.next {
            self.next = self.done + EVERY;
            (self.pause)((self.done as f64 / self.total as f64).min(1.0)).await;
        }
    }

    /// Frees `items` a step at a time, counting one tick each: freeing a million records' strings
    /// at once would hold the page.
    pub async fn free<T>(&mut self, items: Vec<T>) {
        let mut items = items;
        while !items.is_empty() {
            let n = items.len().min(EVERY);
            items.truncate(items.len() - n);
            self.tick_n(n).await;
        }
    }

    /// Adds work to the estimate (a pass found more to do than it first thought).
    pub fn add_total(&mut self, more: usize) {
        self.total += more;
    }
}

/// True when `v` is in order by `cmp` already (exports usually are), checked a step at a time.
async fn in_order_paced<T, C, P, F>(v: &[T], cmp: &C, pacer: &mut Pacer<P>) -> bool
where
    C: Fn(&T, &T) -> Ordering,
    P: FnMut(f64) -> F,
    F: Future<Output = ()>,
{
    for (k, chunk) in v.chunks(EVERY).enumerate() {
        let prev = (k > 0).then(|| &v[k * EVERY - 1]);
        let sorted =
            prev.is_none_or(|p| cmp(p, &chunk[0]).is_le()) && chunk.windows(2).all(|w| cmp(&w[0], &w[1]).is_le());
        pacer.tick_n(chunk.len()).await;
        if !sorted {
            return false;
        }
    }
    true
}

/// Sorts `v` by `cmp` (stably), pausing every few thousand records: indices are sorted in chunks
/// of [`STEP`] ([`sort::sort_indices`]), the chunks merged pairwise, and the records then moved
/// into that order once. An input already in order costs one pass.
pub async fn sort_paced<T, C, P, F>(v: &mut Vec<T>, cmp: C, pacer: &mut Pacer<P>)
where
    C: Fn(&T, &T) -> Ordering,
    P: FnMut(f64) -> F,
    F: Future<Output = ()>,
{
    if in_order_paced(v, &cmp, pacer).await {
        return;
    }
    let n = v.len();
    let items: &[T] = v;
    let by = |a: u32, b: u32| cmp(&items[a as usize], &items[b as usize]).then(a.cmp(&b));
    let mut idx: Vec<u32> = (0..n as u32).collect();
    for chunk in idx.chunks_mut(STEP) {
        sort::sort_indices(chunk, &by);
        pacer.tick_n(chunk.len()).await;
    }
    let mut out = vec![0u32; n];
    let mut width = STEP;
    while width < n {
        for start in (0..n).step_by(2 * width) {
            let (mid, end) = ((start + width).min(n), (start + 2 * width).min(n));
            let (mut a, mut b) = (start, mid);
            for slot in &mut out[start..end] {
                let take_a = b >= end || (a < mid && by(idx[a], idx[b]).is_le());
                if take_a {
                    *slot = idx[a];
                    a += 1;
                } else {
                    *slot = idx[b];
                    b += 1;
                }
                pacer.tick().await;
            }
        }
        std::mem::swap(&mut idx, &mut out);
        width *= 2;
    }
    sort::permute(v, &idx);
}

/// Sorts `v` by `cmp` (stably) where `cmp` orders first by `key` (a time, say): the `(key,
/// index)` pairs are sorted (contiguous integers, not records scattered in memory), in chunks of
/// [`STEP`] merged pairwise with a pause between steps; only runs of equal keys are then ordered
/// by `cmp`, and the records are moved into place in one pass without a second copy of them. An
/// input already in order costs one pass.
pub async fn sort_paced_by_key<T, K, C, P, F>(v: &mut Vec<T>, key: K, cmp: C, pacer: &mut Pacer<P>)
where
    K: Fn(&T) -> i64,
    C: Fn(&T, &T) -> Ordering,
    P: FnMut(f64) -> F,
    F: Future<Output = ()>,
{
    if in_order_paced(v, &cmp, pacer).await {
        return;
    }
    let n = v.len();
    let mut pairs: Vec<(i64, u32)> = Vec::with_capacity(n);
    pacer.each(v, |i, x| pairs.push((key(x), i as u32))).await;
    for chunk in pairs.chunks_mut(STEP) {
        sort::sort_keys(chunk);
        pacer.tick_n(chunk.len()).await;
    }
    let mut out = vec![(0i64, 0u32); n];
    let mut width = STEP;
    while width < n {
        for start in (0..n).step_by(2 * width) {
            let (mid, end) = ((start + width).min(n), (start + 2 * width).min(n));
            let (mut a, mut b) = (start, mid);
            for slot in out[start..end].chunks_mut(STEP) {
                for s in slot {
                    let take_a = b >= end || (a < mid && pairs[a] <= pairs[b]);
                    if take_a {
                        *s = pairs[a];
                        a += 1;
                    } else {
                        *s = pairs[b];
                        b += 1;
                    }
                }
                pacer.tick_n(STEP).await;
            }
        }
        std::mem::swap(&mut pairs, &mut out);
        width *= 2;
    }
    drop(out);
    let mut idx: Vec<u32> = pairs.iter().map(|p| p.1).collect();
    // Equal keys: ordered by the whole comparison (their indices are ascending, so it is stable).
    let items: &[T] = v;
    let by = |a: u32, b: u32| cmp(&items[a as usize], &items[b as usize]).then(a.cmp(&b));
    let mut start = 0;
    while start < n {
        let mut end = start + 1;
        while end < n && pairs[end].0 == pairs[start].0 {
            end += 1;
        }
        if end - start > 1 {
            sort::sort_indices(&mut idx[start..end], &by);
        }
        start = end;
    }
    drop(pairs);
    permute_in_place_paced(v, &idx, pacer).await;
}

/// Puts `v` in `order` (a permutation of its indices: the new `v[k]` is the old `v[order[k]]`)
/// without a second copy of the records: each cycle of `order` is walked with swaps, a tick per
/// record moved (a million records moved at random hold the page for a quarter of a second).
/// When `order` is not a permutation, [`sort::permute`]'s rule applies.
pub async fn permute_in_place_paced<T, P, F>(v: &mut Vec<T>, order: &[u32], pacer: &mut Pacer<P>)
where
    P: FnMut(f64) -> F,
    F: Future<Output = ()>,
{
    let n = v.len();
    let mut seen = vec![false; n];
    let is_permutation = order.len() == n
        && order.iter().all(|&i| {
            let fresh = seen.get(i as usize).is_some_and(|s| !s);
            if fresh {
                seen[i as usize] = true;
            }
            fresh
        });
    if !is_permutation {
        return sort::permute(v, order);
    }
    seen.fill(false);
    for i in 0..n {
        if seen[i] {
            continue;
        }
        let mut j = i;
        loop {
            seen[j] = true;
            let k = order[j] as usize;
            if k == i {
                break;
            }
            v.swap(j, k);
            j = k;
            pacer.tick().await;
        }
        pacer.tick().await;
    }
}

/// A pause that returns at once.
pub fn no_pause(_done: f64) -> std::future::Ready<()> {
    std::future::ready(())
}

/// Runs a paced pass whose pauses return at once (`no_pause`) to its end.
pub fn at_once<F: Future>(pass: F) -> F::Output {
    let mut pass = pin!(pass);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(out) = pass.as_mut().poll(&mut cx) {
            return out;
        }
    }
}

#[cfg(test)]
pub mod testing {
    use super::*;

    /// A pause that really suspends once, as the dashboard's yield to the browser does.
    pub struct YieldOnce(bool);

    impl Future for YieldOnce {
        type Output = ();
        fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            if self.0 {
                return Poll::Ready(());
            }
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }

    /// A pause that suspends once.
    pub fn suspend(_done: f64) -> YieldOnce {
        YieldOnce(false)
    }

    /// Runs a paced pass to its end, polling again whenever it suspends; returns its output and
    /// how many times it was suspended.
    pub fn run_suspending<F: Future>(pass: F) -> (F::Output, usize) {
        let mut pass = pin!(pass);
        let mut cx = Context::from_waker(Waker::noop());
        let mut suspended = 0;
        loop {
            match pass.as_mut().poll(&mut cx) {
                Poll::Ready(out) => return (out, suspended),
                Poll::Pending => suspended += 1,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Moved in place, a step at a time, the records are where `sort::permute` puts them.
    #[test]
    fn permuting_in_place_in_steps_equals_permute() {
        let orders = [vec![2u32, 0, 3, 1], vec![0, 1, 2, 3], vec![3, 2, 1, 0], vec![1, 2, 3, 0]];
        for order in orders {
            let mut a = vec!["a", "b", "c", "d"];
            let mut b = a.clone();
            sort::permute(&mut a, &order);
            at_once(permute_in_place_paced(&mut b, &order, &mut Pacer::new(4, no_pause)));
            assert_eq!(a, b, "{order:?}");
        }
        let mut w = vec![1, 2, 3];
        at_once(permute_in_place_paced(&mut w, &[0, 0, 9], &mut Pacer::new(3, no_pause)));
        assert_eq!(w, [1], "not a permutation: the same rule as permute");
        // A scrambled order of three steps' records pauses in its moves, not once at the end.
        let n = 3 * STEP as u32;
        let order: Vec<u32> = (0..n).map(|i| (i * 7919) % n).collect();
        let mut v: Vec<u32> = (0..n).collect();
        let (_, suspended) = testing::run_suspending(async {
            permute_in_place_paced(&mut v, &order, &mut Pacer::new(n as usize, testing::suspend)).await;
        });
        assert_eq!(v, order);
        assert!(suspended >= 2, "{suspended} pauses");
    }

    /// Paced or not, the sort is `sort_by`'s for a total order, for any input shape.
    #[test]
    fn paced_sort_equals_sort_by() {
        let shapes: Vec<(&str, Vec<(u32, u32)>)> = vec![
            ("empty", vec![]),
            ("sorted", (0..100_000).map(|i| (i, i)).collect()),
            ("reversed", (0..100_000).rev().map(|i| (i, i)).collect()),
            ("scrambled", (0..100_000u32).map(|i| (i.wrapping_mul(2_654_435_761) % 1000, i)).collect()),
            ("short", vec![(3, 0), (1, 1), (2, 2), (1, 3)]),
            ("odd runs", (0..3 * STEP as u32 + 17).map(|i| ((i * 7919) % 500, i)).collect()),
        ];
        for (shape, v) in shapes {
            let by_key = |a: &(u32, u32), b: &(u32, u32)| a.cmp(b);
            let mut want = v.clone();
            want.sort_by(by_key);
            let mut got = v.clone();
            let (_, suspended) = testing::run_suspending(async {
                let mut pacer = Pacer::new(got.len(), testing::suspend);
                sort_paced(&mut got, by_key, &mut pacer).await;
            });
            assert_eq!(got, want, "{shape}");
            let mut keyed = v.clone();
            testing::run_suspending(async {
                let mut pacer = Pacer::new(keyed.len(), testing::suspend);
                sort_paced_by_key(&mut keyed, |x| i64::from(x.0), by_key, &mut pacer).await;
            });
            assert_eq!(keyed, want, "{shape}, by key");
            // A key that ties everything: the whole comparison decides.
            let mut tied = v.clone();
            at_once(sort_paced_by_key(&mut tied, |_| 7, by_key, &mut Pacer::new(0, no_pause)));
            assert_eq!(tied, want, "{shape}, one key for all");
            if shape == "scrambled" {
                assert!(suspended > 10, "{shape}: {suspended} pauses");
            }
        }
    }
}

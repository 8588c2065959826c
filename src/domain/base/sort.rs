//! Stable sorting that costs one copy of the sorting code in the wasm, not one per call site.
//!
//! `slice::sort_by` is generic over the element and the comparison, so each call site gets its
//! own copy of std's sort (driftsort, a few KB each): about 30 copies made 88 KB of the first
//! wasm module (issue 18, docs/PERFORMANCE.md). Here the sorting is done once, on positions,
//! with the comparison behind `dyn`; what is left per call site is the comparison itself and a
//! few lines that put the elements in the order found. The lists sorted are short (incidents,
//! duties, events of one incident), so the indirect call per comparison does not matter.
//!
//! Every sort is stable: equal elements keep their order, as `slice::sort_by` keeps them.
//! An architecture test keeps `.sort*(` calls out of the rest of the source.

use std::cmp::Ordering;

/// Sorts `items` by `compare`, keeping equal items in the order they were.
pub fn by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let order = {
        let seen: &[T] = items;
        positions(seen.len(), &mut |a, b| compare(&seen[a], &seen[b]))
    };
    arrange(items, order);
}

/// Sorts `items` by the key `key` gives each (asked again at each comparison, as in std).
pub fn by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` in their own order.
pub fn natural<T: Ord>(items: &mut [T]) {
    by(items, T::cmp);
}

/// The positions 0..n in sorted order: the one place the sorting code is made.
#[inline(never)]
fn positions(n: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Moves each element to its place: `order[i]` is the position of the element that goes to `i`.
/// Follows each cycle of the permutation with swaps, so nothing is cloned.
fn arrange<T>(items: &mut [T], mut order: Vec<usize>) {
    for start in 0..items.len() {
        let mut at = start;
        loop {
            let from = order[at];
            order[at] = at;
            if from == start || from == at {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator: the tests need many orders, not randomness.
    fn numbers(seed: u64, n: usize, range: u64) -> Vec<u64> {
        let mut x = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407) | 1;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x % range
            })
            .collect()
    }

    #[test]
    fn agrees_with_std_and_keeps_equal_items_in_order() {
        for seed in 0..200 {
            for n in [0, 1, 2, 3, 7, 20, 64, 257] {
                // (key, original position): the position shows whether equal keys stayed in order.
                let items: Vec<(u64, usize)> = numbers(seed, n, 1 + seed % 9).into_iter().enumerate().map(|(i, k)| (k, i)).collect();
                let mut ours = items.clone();
                by_key(&mut ours, |x| x.0);
                let mut theirs = items.clone();
                theirs.sort_by_key(|x| x.0);
                assert_eq!(ours, theirs, "seed {seed}, n {n}");
            }
        }
    }

    #[test]
    fn sorts_items_that_cannot_be_copied_descending_and_by_two_keys() {
        let mut names: Vec<String> = ["丙", "甲", "乙", "甲", "丁"].iter().map(|s| s.to_string()).collect();
        natural(&mut names);
        assert_eq!(names, ["丁", "丙", "乙", "甲", "甲"]);
        let mut rows = vec![(1, "b"), (2, "a"), (1, "a"), (3, "c")];
        by(&mut rows, |a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        assert_eq!(rows, [(3, "c"), (2, "a"), (1, "a"), (1, "b")]);
    }

    #[test]
    fn a_part_of_a_slice_sorts_alone() {
        let mut v = [9, 3, 2, 1, 0];
        natural(&mut v[1..4]);
        assert_eq!(v, [9, 1, 2, 3, 0]);
    }

    #[test]
    fn every_permutation_of_five_is_put_right() {
        let mut count = 0;
        let mut p = [0usize, 1, 2, 3, 4];
        // Heap's algorithm over all 120 orders.
        fn heap(k: usize, p: &mut [usize; 5], count: &mut usize) {
            if k == 1 {
                let mut v = *p;
                natural(&mut v);
                assert_eq!(v, [0, 1, 2, 3, 4], "from {p:?}");
                *count += 1;
                return;
            }
            for i in 0..k {
                heap(k - 1, p, count);
                if k % 2 == 0 { p.swap(i, k - 1) } else { p.swap(0, k - 1) }
            }
        }
        heap(5, &mut p, &mut count);
        assert_eq!(count, 120);
    }
}

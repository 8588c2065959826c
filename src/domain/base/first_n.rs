//! The first `n` items in a stable order by key, and how many there were, without
//! holding them all: the deadline board shows twelve rows out of what can be
//! thousands of overdue rounds, every second.
use crate::domain::base::sort;

/// Keeps the `n` smallest items by `key` (among equal keys, the earlier given),
/// in that order, and counts every item: the same as a stable sort of everything
/// followed by taking `n`, in memory of about `4 n`.
pub struct FirstN<T, K: Ord, F: Fn(&T) -> K> {
    n: usize,
    key: F,
    kept: Vec<T>,
    total: usize,
    _key: std::marker::PhantomData<K>,
}

impl<T, K: Ord, F: Fn(&T) -> K> FirstN<T, K, F> {
    pub fn new(n: usize, key: F) -> Self {
        FirstN { n, key, kept: Vec::new(), total: 0, _key: std::marker::PhantomData }
    }

    pub fn push(&mut self, item: T) {
        self.total += 1;
        self.kept.push(item);
        if self.kept.len() >= 4 * self.n.max(1) {
            self.settle();
        }
    }

    fn settle(&mut self) {
        // Stable: among equal keys the earlier pushed stays first, so cutting here keeps
        // exactly what a sort of everything would put first.
        let key = &self.key;
        sort::by_key(&mut self.kept, |x| key(x));
        self.kept.truncate(self.n);
    }

    /// The first `n` in order, and how many were pushed.
    pub fn finish(mut self) -> (Vec<T>, usize) {
        self.settle();
        (self.kept, self.total)
    }
}

#[cfg(test)]
mod tests {
    use super::FirstN;

    #[test]
    fn the_same_as_a_stable_sort_of_everything_then_taking_n() {
        // Many equal keys, so the order among them (the earlier pushed first) is what is tested.
        let items: Vec<(u32, usize)> = (0..1000).map(|i| (((i * 7919) % 13) as u32, i)).collect();
        for n in [0, 1, 5, 12, 50, 999, 1000, 2000] {
            let mut first = FirstN::new(n, |x: &(u32, usize)| x.0);
            for x in &items {
                first.push(*x);
            }
            let (got, total) = first.finish();
            let mut all = items.clone();
            all.sort_by_key(|x| x.0);
            all.truncate(n);
            assert_eq!((got, total), (all, 1000), "n = {n}");
        }
    }
}

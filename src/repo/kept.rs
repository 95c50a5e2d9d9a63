//! Values kept in memory under the revision they were read at: served again while the revision
//! the database reports is the same, read again when it moved. How many are kept is bounded.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, PoisonError};

pub struct Kept<K, R, V> {
    capacity: usize,
    entries: Mutex<HashMap<K, (R, Arc<V>)>>,
}

impl<K: Eq + Hash, R: Eq + Copy, V> Kept<K, R, V> {
    pub fn new(capacity: usize) -> Self {
        Kept {
            capacity,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// The value kept for `key`, if it was read at `revision`.
    pub fn get(&self, key: &K, revision: R) -> Option<Arc<V>> {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries
            .get(key)
            .filter(|(kept_at, _)| *kept_at == revision)
            .map(|(_, value)| value.clone())
    }

    /// Keeps `value`, read at `revision`, for `key`. When `capacity` values are kept already,
    /// all of them are dropped first: the simplest bound on memory, and the busy ones are read
    /// again at once.
    pub fn keep(&self, key: K, revision: R, value: V) -> Arc<V> {
        let value = Arc::new(value);
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.len() >= self.capacity && !entries.contains_key(&key) {
            entries.clear();
        }
        entries.insert(key, (revision, value.clone()));
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_served_only_at_its_revision() {
        let kept = Kept::new(2);
        kept.keep("a", 1, "first");
        assert_eq!(kept.get(&"a", 1).as_deref(), Some(&"first"));
        assert_eq!(kept.get(&"a", 2), None, "the revision moved");
        assert_eq!(kept.get(&"b", 1), None);
        kept.keep("a", 2, "second");
        assert_eq!(kept.get(&"a", 2).as_deref(), Some(&"second"));
    }

    #[test]
    fn no_more_than_the_capacity_is_kept() {
        let kept = Kept::new(2);
        kept.keep(1, 0, ());
        kept.keep(2, 0, ());
        kept.keep(2, 1, ());
        assert!(
            kept.get(&1, 0).is_some(),
            "replacing a key does not drop the others"
        );
        kept.keep(3, 0, ());
        assert!(kept.get(&1, 0).is_none() && kept.get(&2, 1).is_none());
        assert!(kept.get(&3, 0).is_some());
    }
}

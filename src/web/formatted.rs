//! Text formatted for a page from figures or rows the server keeps (`repo::kept`,
//! `MonitoringCache`), kept per language for as long as those are served: hundreds of lines,
//! each through several messages and dates, are formatted once instead of on every view.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use crate::i18n::Lang;

/// What was formatted, per language and per kept value — known by its allocation, which holding
/// it here keeps from being reused. At most `capacity` are kept; when full, all are dropped.
pub struct Formatted<S, T> {
    capacity: usize,
    kept: Mutex<HashMap<Key, Entry<S, T>>>,
}

/// The language and the kept value's address.
type Key = (Lang, usize);
/// The kept value (held, so that its address is not reused) and what was formatted from it.
type Entry<S, T> = (Arc<S>, Arc<T>);

impl<S, T> Formatted<S, T> {
    pub fn new(capacity: usize) -> Self {
        Formatted {
            capacity,
            kept: Mutex::new(HashMap::new()),
        }
    }

    /// What `make` formats from `source` in `lang`, unless it is kept already.
    pub fn get_or_make(&self, lang: Lang, source: &Arc<S>, make: impl FnOnce() -> T) -> Arc<T> {
        let lock = || self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        let key = (lang, Arc::as_ptr(source) as usize);
        if let Some((_, text)) = lock().get(&key) {
            return text.clone();
        }
        let made = Arc::new(make());
        let mut kept = lock();
        if kept.len() >= self.capacity {
            kept.clear();
        }
        kept.insert(key, (source.clone(), made.clone()));
        made
    }
}

/// A kept line's markup: rendered (and escaped) once, held at its length.
pub fn markup(template: &impl askama::Template) -> Box<str> {
    // Strings written into a string: rendering cannot fail.
    template.render().unwrap_or_default().into_boxed_str()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_made_once_per_language_and_kept_value() {
        let formatted = Formatted::new(2);
        let (one, two) = (Arc::new(1), Arc::new(1));
        let made = std::cell::Cell::new(0);
        let get = |lang, source: &Arc<i32>| {
            formatted
                .get_or_make(lang, source, || {
                    made.set(made.get() + 1);
                    format!("{lang:?} {source}")
                })
                .to_string()
        };
        assert_eq!(get(Lang::Kk, &one), "Kk 1");
        assert_eq!(get(Lang::Kk, &one), "Kk 1");
        assert_eq!(get(Lang::Ru, &one), "Ru 1");
        assert_eq!(made.get(), 2);
        assert_eq!(
            get(Lang::Kk, &two),
            "Kk 1",
            "an equal value kept apart is another"
        );
        assert_eq!(made.get(), 3);
        assert_eq!(
            get(Lang::Kk, &one),
            "Kk 1",
            "the oldest went when the third came"
        );
        assert_eq!(made.get(), 4);
    }
}

//! Finding services in the catalog: by code or slug, by category, and by the words people type.

use super::{Catalog, Category, Service};

impl Catalog {
    pub fn find(&self, code: &str) -> Option<&Service> {
        self.services
            .iter()
            .find(|s| s.code == code || s.slug == code)
    }

    pub fn in_category(&self, category: Category) -> impl Iterator<Item = &Service> {
        self.services.iter().filter(move |s| s.category == category)
    }

    /// Services whose names, descriptions or keywords contain every word of the query, in either
    /// language, ignoring case (Kazakh letters included).
    pub fn search(&self, query: &str) -> Vec<&Service> {
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        if words.is_empty() {
            return self.services.iter().collect();
        }
        self.services
            .iter()
            .filter(|s| {
                let haystack = [
                    &s.name.kk,
                    &s.name.ru,
                    &s.description.kk,
                    &s.description.ru,
                    &s.code,
                ]
                .into_iter()
                .chain(s.keywords.iter())
                .map(|t| t.to_lowercase())
                .collect::<Vec<_>>()
                .join("\n");
                words.iter().all(|w| haystack.contains(w.as_str()))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::MINIMAL;
    use super::*;

    #[test]
    fn search_ignores_case_in_kazakh_and_russian() {
        let catalog = Catalog::parse(&[("a.toml", MINIMAL)]).unwrap();
        for q in ["сынақ", "СЫНАҚ", "Тестовая", "ТЕСТОВ", "услуга тест"]
        {
            assert_eq!(catalog.search(q).len(), 1, "{q}");
        }
        assert!(catalog.search("балабақша").is_empty());
    }
}

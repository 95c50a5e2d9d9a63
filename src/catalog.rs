//! The service files compiled into the binary (see `build.rs` and `services/README.md`).

use crate::domain::catalog::{Catalog, FileError};

include!(concat!(env!("OUT_DIR"), "/service_files.rs"));

/// The catalog the binary was built with; every problem of every file when it is broken.
pub fn embedded() -> Result<Catalog, Vec<FileError>> {
    Catalog::parse(SERVICE_FILES)
}

/// Reads and checks the `*.toml` files of a directory (for `catalog check` while editing).
pub fn from_dir(dir: &std::path::Path) -> anyhow::Result<Result<Catalog, Vec<FileError>>> {
    let mut files = vec![];
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "toml") {
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            files.push((name, std::fs::read_to_string(&path)?));
        }
    }
    files.sort();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, s)| (n.as_str(), s.as_str()))
        .collect();
    Ok(Catalog::parse(&refs))
}

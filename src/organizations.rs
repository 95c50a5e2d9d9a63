//! The provider directory compiled into the binary (`data/organizations.toml`).

use crate::domain::organization::Directory;

const SOURCE: &str = include_str!("../data/organizations.toml");

pub fn embedded() -> Result<Directory, String> {
    Directory::parse(SOURCE).map_err(|e| format!("data/organizations.toml: {e}"))
}

//! Compiles every `services/*.toml` into the binary (as `SERVICE_FILES`), so that adding a
//! service is adding a file, and the portal runs from any directory.

use std::fmt::Write;
use std::{env, fs, path::PathBuf};

fn main() {
    let dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap()).join("services");
    println!("cargo:rerun-if-changed={}", dir.display());
    // `embed_migrations!` reads this folder; a new migration must rebuild the crate.
    println!("cargo:rerun-if-changed=migrations");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "toml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut out = String::from("pub const SERVICE_FILES: &[(&str, &str)] = &[\n");
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().unwrap().to_string_lossy();
        writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    fs::write(
        PathBuf::from(env::var("OUT_DIR").unwrap()).join("service_files.rs"),
        out,
    )
    .unwrap();
}

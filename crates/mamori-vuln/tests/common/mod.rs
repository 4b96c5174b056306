//! Shared helpers for the integration tests: locating the real feed files in `shared/data/vuln`.

#![allow(dead_code, reason = "each test binary uses a different subset")]

use std::path::PathBuf;

pub fn data_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/vuln")
        .join(relative)
}

pub fn read_data(relative: &str) -> Vec<u8> {
    let path = data_path(relative);
    std::fs::read(&path).unwrap_or_else(|err| panic!("reading {}: {err}", path.display()))
}

//! Stored NVD record bodies are read straight into the typed model (`parse_nvd_cve_body`, what
//! `FeedSet::from_bodies` uses) with the same result as the general document parser, for every
//! NVD file in `shared/data/vuln` and every record of the Anchore overrides archive.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod common;

use std::io::Read;

use mamori_vuln::nvd::{parse_nvd_cve_body, parse_nvd_document};
use mamori_vuln::{FeedSource, read_feed_document};

/// Every stored body of the document parses the same both ways; returns how many.
fn check(bytes: &[u8], name: &str) -> usize {
    let document = read_feed_document(bytes);
    let mut checked = 0;
    for record in document
        .records
        .iter()
        .filter(|r| matches!(r.source, FeedSource::Nvd | FeedSource::NvdOverride))
    {
        let fast = parse_nvd_cve_body(&record.body);
        let general = parse_nvd_document(record.body.as_bytes());
        assert_eq!(fast.records, general.records, "{name}: {}", record.id);
        assert_eq!(fast.problems, general.problems, "{name}: {}", record.id);
        assert_eq!(fast.records.len(), 1, "{name}: {}", record.id);
        checked += 1;
    }
    checked
}

#[test]
fn stored_nvd_bodies_parse_the_same_without_a_json_tree() {
    let mut checked = 0;
    for dir in [
        "nvd/cve",
        "nvd/api-response",
        "nvd/cve-modified",
        "nvd/vunnel-wrapped",
    ] {
        for entry in std::fs::read_dir(common::data_path(dir)).unwrap() {
            let path = entry.unwrap().path();
            checked += check(&std::fs::read(&path).unwrap(), &path.display().to_string());
        }
    }
    assert!(checked >= 19, "{checked}");

    let compressed = common::read_data("scale/anchore-nvd-data-overrides.tar.xz");
    let mut tar_bytes = Vec::new();
    lzma_rs::xz_decompress(&mut compressed.as_slice(), &mut tar_bytes).unwrap();
    let mut archive = tar::Archive::new(tar_bytes.as_slice());
    let mut buffer = Vec::new();
    let mut overrides = 0;
    for entry in archive.entries().unwrap() {
        let mut entry = entry.unwrap();
        let name = entry.path().unwrap().display().to_string();
        if !name.ends_with(".json") {
            continue;
        }
        buffer.clear();
        entry.read_to_end(&mut buffer).unwrap();
        overrides += check(&buffer, &name);
    }
    assert!(overrides > 32_000, "{overrides}");
}

//! Feed documents → storable records → a `FeedSet`, on the real files of `shared/data/vuln`:
//! every kind is recognised by content, and what is stored reads back to the same records.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod common;

use common::read_data;
use mamori_vuln::{FeedSet, FeedSource, parse_nvd_document, read_feed_document};

fn check(file: &str, source: FeedSource, records: usize) {
    let document = read_feed_document(&read_data(file));
    assert_eq!(document.source, Some(source), "{file}");
    assert_eq!(document.records.len(), records, "{file}");
    assert!(
        document
            .records
            .iter()
            .all(|r| r.source == source && !r.id.is_empty())
    );
}

#[test]
fn every_feed_kind_is_recognised_by_content() {
    check("nvd/cve/CVE-2022-42475.json", FeedSource::Nvd, 1);
    check(
        "nvd/api-response/nvd-api-2.0-response-CVE-2021-44228.json",
        FeedSource::Nvd,
        1,
    );
    check(
        "nvd/vunnel-wrapped/cve-2025-0282.vunnel.json",
        FeedSource::Nvd,
        1,
    );
    check(
        "kev/known_exploited_vulnerabilities.json",
        FeedSource::Kev,
        1404,
    );
    check(
        "vulnrichment/records/CVE-2024-6795.json",
        FeedSource::Cve5,
        1,
    );
    check(
        "jvn-samples/detail__jvndb_detail_2022.rdf",
        FeedSource::Jvn,
        2,
    );
    let not_a_feed = read_feed_document(b"{\"hello\": 1}");
    assert!(not_a_feed.records.is_empty() && not_a_feed.problems.len() == 1);
}

#[test]
fn stored_bodies_read_back_to_the_same_records() {
    let bytes = read_data("nvd/cve/CVE-2023-27997.json");
    let original = parse_nvd_document(&bytes).records;
    let document = read_feed_document(&bytes);
    let kev = read_feed_document(&read_data("kev/known_exploited_vulnerabilities.json"));
    let rows = document.records.iter().chain(&kev.records);
    let set = FeedSet::from_bodies(rows.map(|r| (r.source, r.body.as_str())));
    assert_eq!(set.nvd, original);
    assert_eq!(set.kev.len(), 1404);
    assert!(set.kev.get("CVE-2023-27997").is_some());
    assert!(set.problems.is_empty());
}

#[test]
fn an_override_only_fills_configurations_nvd_lacks() {
    let nvd = read_feed_document(&read_data("nvd/cve/CVE-2024-6795.json"));
    assert!(
        parse_nvd_document(&read_data("nvd/cve/CVE-2024-6795.json")).records[0]
            .configurations
            .is_empty()
    );
    let override_doc = br#"{"_annotation": {"cve_id": "CVE-2024-6795"}, "cve": {"configurations": [{"nodes": [{"operator": "OR", "negate": false, "cpeMatch": [{"vulnerable": true, "criteria": "cpe:2.3:a:hillrom:connex_health_portal:*:*:*:*:*:*:*:*"}]}]}]}}"#;
    let over = read_feed_document(override_doc);
    assert_eq!(over.source, Some(FeedSource::NvdOverride));
    let rows = nvd.records.iter().chain(&over.records);
    let set = FeedSet::from_bodies(rows.map(|r| (r.source, r.body.as_str())));
    assert_eq!(set.nvd.len(), 1);
    assert_eq!(set.nvd[0].configurations.len(), 1);
    assert!(
        set.nvd[0].description("en").is_some(),
        "NVD's own text is kept"
    );
}

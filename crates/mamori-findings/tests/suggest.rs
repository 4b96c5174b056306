//! CPE suggestions for demo-hospital-like assets from the dictionary of the real feeds in
//! `shared/data/vuln` (NVD records, CVE 5 records with CISA ADP, JVN samples) and the alias table.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::path::PathBuf;
use std::sync::OnceLock;

use mamori_findings::{AssetFacts, CpeDictionary, MAX_SUGGESTIONS, Why, suggest_cpes};
use mamori_vuln::{AliasTable, FeedSet, read_feed_document};

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/vuln")
}

fn dictionary() -> &'static CpeDictionary {
    static DICTIONARY: OnceLock<CpeDictionary> = OnceLock::new();
    DICTIONARY.get_or_init(|| {
        let mut files = Vec::new();
        for dir in ["nvd/cve", "vulnrichment/records"] {
            for entry in std::fs::read_dir(data_dir().join(dir)).unwrap() {
                files.push(entry.unwrap().path());
            }
        }
        files.push(data_dir().join("jvn-samples/detail__jvndb_detail_2022.rdf"));
        let mut rows = Vec::new();
        for file in files {
            rows.extend(read_feed_document(&std::fs::read(&file).unwrap()).records);
        }
        let set = FeedSet::from_bodies(rows.iter().map(|r| (r.source, r.body.as_str())));
        CpeDictionary::from_feeds(&set, AliasTable::builtin())
    })
}

fn facts(maker: &str, model: &str) -> AssetFacts {
    AssetFacts {
        maker: Some(maker.to_owned()),
        model: Some(model.to_owned()),
        ..AssetFacts::default()
    }
}

fn named(name: &str, version: Option<&str>) -> Option<(String, Option<String>)> {
    Some((name.to_owned(), version.map(str::to_owned)))
}

/// The suggested CPE names, best first.
fn suggested(asset: &AssetFacts) -> Vec<String> {
    let found = suggest_cpes(asset, dictionary(), AliasTable::builtin());
    assert!(found.len() <= MAX_SUGGESTIONS, "{found:#?}");
    assert!(
        found.windows(2).all(|w| w[0].score >= w[1].score),
        "{found:#?}"
    );
    found.into_iter().map(|s| s.cpe).collect()
}

/// `top`: the expected first suggestion, or `None` when nothing may be suggested.
fn check(asset: &AssetFacts, top: Option<&str>) {
    let all = suggested(asset);
    assert_eq!(all.first().map(String::as_str), top, "{asset:?}: {all:#?}");
}

#[test]
fn dictionary_holds_the_feeds_pairs() {
    assert!(dictionary().len() > 300, "{}", dictionary().len());
}

#[test]
fn fortigate_with_fortios() {
    let mut gate = facts("Fortinet", "FortiGate 60F");
    gate.firmware = named("FortiOS", Some("7.0.12"));
    check(
        &gate,
        Some("cpe:2.3:o:fortinet:fortios:7.0.12:*:*:*:*:*:*:*"),
    );
    let found = suggest_cpes(&gate, dictionary(), AliasTable::builtin());
    assert_eq!(found[0].score, 100);
    assert!(
        matches!(found[0].why[0], Why::VendorFromMaker { .. }),
        "{found:#?}"
    );
    assert!(matches!(found[0].why[2], Why::Version { .. }), "{found:#?}");
    // The maker as KEV writes it, through the table; a `v` prefix is not part of the version.
    let mut gate = facts("Fortinet, Inc.", "FortiGate 100F");
    gate.firmware = named("FortiOS", Some("v7.2.4"));
    check(
        &gate,
        Some("cpe:2.3:o:fortinet:fortios:7.2.4:*:*:*:*:*:*:*"),
    );
    // No version in the ledger: `*`, for the person to fill in.
    let mut gate = facts("Fortinet", "FortiGate 60F");
    gate.firmware = named("FortiOS", None);
    check(&gate, Some("cpe:2.3:o:fortinet:fortios:*:*:*:*:*:*:*:*"));
}

#[test]
fn already_assigned_names_are_not_suggested_again() {
    let mut gate = facts("Fortinet", "FortiGate 60F");
    gate.firmware = named("FortiOS", Some("7.0.12"));
    gate.cpes = vec!["cpe:2.3:o:fortinet:fortios:7.0.12:*:*:*:*:*:*:*".to_owned()];
    assert!(
        !suggested(&gate).contains(&"cpe:2.3:o:fortinet:fortios:7.0.12:*:*:*:*:*:*:*".to_owned())
    );
}

#[test]
fn os_vendor_from_the_name_not_the_maker() {
    let mut host = facts("Dell", "PowerEdge R750");
    host.os = named("VMware ESXi", Some("7.0 Update 3"));
    // "7.0 Update 3" is not a plain version number: left unknown rather than guessed.
    check(&host, Some("cpe:2.3:o:vmware:esxi:*:*:*:*:*:*:*:*"));

    let mut server = facts("Dell", "PowerEdge T350");
    server.os = named("Windows Server 2016 Standard", Some("1607 (14393.6981)"));
    let all = suggested(&server);
    assert!(
        all.contains(&"cpe:2.3:o:microsoft:windows_server_2016:*:*:*:*:*:*:*:*".to_owned()),
        "{all:#?}"
    );
}

#[test]
fn medical_software_through_the_table() {
    let mut pacs = facts("Philips", "Vue PACS Server");
    pacs.software = vec![(
        "Vue PACS".to_owned(),
        Some("Philips".to_owned()),
        Some("12.2.8.400".to_owned()),
    )];
    check(
        &pacs,
        Some("cpe:2.3:a:philips:vue_pacs:12.2.8.400:*:*:*:*:*:*:*"),
    );

    // Baxter's portal is in the feeds as Hill-Rom's (CISA ADP) and Baxter's (the table).
    let mut portal = facts("Baxter", "Connex server");
    portal.software = vec![(
        "Connex Health Portal".to_owned(),
        None,
        Some("8.29.2024".to_owned()),
    )];
    let all = suggested(&portal);
    assert_eq!(
        all.first().map(String::as_str),
        Some("cpe:2.3:a:baxter:connex_health_portal:8.29.2024:*:*:*:*:*:*:*"),
        "{all:#?}"
    );
    assert!(
        all.contains(&"cpe:2.3:a:hillrom:connex_health_portal:8.29.2024:*:*:*:*:*:*:*".to_owned()),
        "{all:#?}"
    );
}

#[test]
fn nothing_is_suggested_from_unknown_names() {
    check(&facts("Acme Medical", "Widget 3000"), None);
    let mut monitor = facts("Fortinet", "Bedside monitor");
    monitor.firmware = named("monitor firmware", Some("2.04"));
    check(&monitor, None);
    check(&AssetFacts::default(), None);
}

//! `match_targets` and `Matches` match each distinct CPE set once and hand the answer to every
//! target that carries it. This test compares them with the straightforward way (every target
//! matched on its own, exceptions looked up one by one) on real feeds: the NVD subset, the
//! 2023 CVE JSON 5 archive (CISA ADP Windows CPEs: hundreds of findings per PC), KEV and JVN,
//! against the demo hospital and a generated one.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::io::Read;
use std::path::PathBuf;

use mamori_core::{Date, Ledger};
use mamori_findings::{
    Exception, Finding, Matches, Target, TargetKind, VulnIndex, ledger_targets, match_target,
    match_targets,
};
use mamori_vuln::{FeedRecord, FeedSet, read_feed_document};

fn data_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/vuln")
        .join(relative)
}

fn records_of(bytes: &[u8], name: &str, rows: &mut Vec<FeedRecord>) {
    let document = read_feed_document(bytes);
    assert!(document.source.is_some(), "{name}: not a feed");
    rows.extend(document.records);
}

fn directory(relative: &str, rows: &mut Vec<FeedRecord>) {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(data_path(relative))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    for path in paths {
        records_of(
            &std::fs::read(&path).unwrap(),
            &path.display().to_string(),
            rows,
        );
    }
}

fn real_feeds() -> VulnIndex {
    let mut rows = Vec::new();
    directory("nvd/cve", &mut rows);
    directory("vulnrichment/records", &mut rows);
    let kev = std::fs::read(data_path("kev/known_exploited_vulnerabilities.json")).unwrap();
    records_of(&kev, "kev", &mut rows);
    let jvn = std::fs::read(data_path("jvn-samples/detail__jvndb_detail_2023.rdf")).unwrap();
    records_of(&jvn, "jvn", &mut rows);
    let compressed = std::fs::read(data_path("scale/vulnrichment-2023-cve5.tar.xz")).unwrap();
    let mut tar_bytes = Vec::new();
    lzma_rs::xz_decompress(&mut compressed.as_slice(), &mut tar_bytes).unwrap();
    let mut archive = tar::Archive::new(tar_bytes.as_slice());
    let mut buffer = Vec::new();
    for entry in archive.entries().unwrap() {
        let mut entry = entry.unwrap();
        let name = entry.path().unwrap().display().to_string();
        if !name.ends_with(".json") {
            continue;
        }
        buffer.clear();
        entry.read_to_end(&mut buffer).unwrap();
        records_of(&buffer, &name, &mut rows);
    }
    VulnIndex::new(FeedSet::from_bodies(
        rows.iter().map(|r| (r.source, r.body.as_str())),
    ))
}

/// Every target matched on its own; exceptions looked up in the whole list.
fn straightforward<'a>(
    targets: &'a [Target],
    index: &'a VulnIndex,
    exceptions: &'a [Exception],
    today: Date,
) -> Vec<Finding<'a>> {
    let mut out = Vec::new();
    for target in targets {
        let start = out.len();
        match_target(target, index, &mut out);
        for finding in &mut out[start..] {
            finding.accepted_by = exceptions
                .iter()
                .filter(|e| e.holds_on(today))
                .find(|e| e.covers(finding.target_kind, finding.asset_id, finding.cve))
                .map(|e| e.id.as_str());
        }
    }
    out
}

fn as_text(findings: impl IntoIterator<Item = Finding<'static>>) -> Vec<String> {
    findings
        .into_iter()
        .map(|f| format!("{} {}", serde_json::to_string(&f).unwrap(), f.is_alert()))
        .collect()
}

/// Exceptions on a few findings of targets that share their CPE set with others (in force and
/// expired), so re-addressed findings must not inherit them.
fn exceptions_for(findings: &[Finding<'_>], today: Date) -> Vec<Exception> {
    let expired: Date = "2020-01-01".parse().unwrap();
    findings
        .iter()
        .step_by(997)
        .take(40)
        .enumerate()
        .map(|(n, f)| Exception {
            id: format!("exc-{n}"),
            target_kind: f.target_kind,
            target_id: f.asset_id.to_owned(),
            cve: f.cve.to_ascii_lowercase(),
            reason: "test".to_owned(),
            approver: "tester".to_owned(),
            expires: if n % 3 == 0 { expired } else { today },
        })
        .collect()
}

fn check(ledger: Ledger, index: &'static VulnIndex) {
    let today: Date = "2026-11-24".parse().unwrap();
    let targets: &'static [Target] = Vec::leak(ledger_targets(&ledger).0);
    let plain = straightforward(targets, index, &[], today);
    assert!(!plain.is_empty(), "the ledger has findings");
    let exceptions: &'static [Exception] = Vec::leak(exceptions_for(&plain, today));
    let expected = as_text(straightforward(targets, index, exceptions, today));
    assert!(
        expected
            .iter()
            .any(|f| f.contains("\"accepted_by\":\"exc-"))
    );

    assert_eq!(
        as_text(match_targets(targets, index, exceptions, today)),
        expected
    );

    let matches = Matches::new(targets, index, exceptions, today);
    assert_eq!(matches.len(), expected.len());
    assert!(matches.distinct_cpe_sets() < targets.len());
    let expected_alerts: Vec<&String> = expected.iter().filter(|f| f.ends_with(" true")).collect();
    let alerts = as_text(matches.alerts());
    assert_eq!(alerts.iter().collect::<Vec<_>>(), expected_alerts);
    let on_points: usize = (0..targets.len())
        .filter(|&i| targets[i].kind == TargetKind::ConnectionPoint)
        .map(|i| matches.count_on(i))
        .sum();
    let expected_on_points = expected
        .iter()
        .filter(|f| f.contains("\"target_kind\":\"connection_point\""))
        .count();
    assert_eq!(on_points, expected_on_points);
}

#[test]
fn grouped_matching_equals_matching_every_target_on_its_own() {
    let index: &'static VulnIndex = Box::leak(Box::new(real_feeds()));
    check(mamori_demo::demo_hospital(), index);
    check(mamori_demo::generate_hospital(600, 11), index);
}

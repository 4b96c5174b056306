//! The demo hospital matched against the real feed files in `shared/data/vuln`: the Handa /
//! Osaka story (an unpatched FortiGate SSL-VPN of the EMR vendor) must be found, confirmed and
//! flagged as exploited; suggestions and exceptions behave as the conventions say.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::path::PathBuf;

use mamori_core::{CpeName, CpeState, Date, Ledger};
use mamori_findings::{
    CpeProblem, Exception, Finding, Target, TargetKind, VulnIndex, alerts, ledger_targets,
    match_targets,
};
use mamori_vuln::{FeedSet, read_feed_document};

fn data(relative: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/vuln")
        .join(relative);
    std::fs::read(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

fn index(files: &[&str]) -> VulnIndex {
    let mut rows = Vec::new();
    for file in files {
        let document = read_feed_document(&data(file));
        assert!(
            document.problems.is_empty(),
            "{file}: {:?}",
            document.problems
        );
        rows.extend(document.records);
    }
    VulnIndex::new(FeedSet::from_bodies(
        rows.iter().map(|r| (r.source, r.body.as_str())),
    ))
}

fn feeds() -> VulnIndex {
    index(&[
        "nvd/cve/CVE-2022-42475.json",
        "nvd/cve/CVE-2023-27997.json",
        "nvd/cve/CVE-2024-21762.json",
        "kev/known_exploited_vulnerabilities.json",
        "jvn-samples/detail__jvndb_detail_2022.rdf",
    ])
}

fn day(text: &str) -> Date {
    text.parse().unwrap()
}

/// What a test keeps of a match: owned, so the borrowed findings can be dropped.
struct Report {
    findings: Vec<Owned>,
    alerts: Vec<(String, String)>,
    cpe_problems: Vec<CpeProblem>,
}

#[derive(Debug)]
struct Owned {
    asset_id: String,
    target_kind: TargetKind,
    cve: String,
    confidence: &'static str,
    kev: bool,
    ransomware: bool,
    cvss: Option<f64>,
    criteria: Option<String>,
    matched_cpe: Option<String>,
    reason: Option<String>,
    accepted_by: Option<String>,
}

fn match_ledger(
    ledger: &Ledger,
    index: &VulnIndex,
    exceptions: &[Exception],
    today: Date,
) -> Report {
    let (targets, cpe_problems): (Vec<Target>, _) = ledger_targets(ledger);
    let found = match_targets(&targets, index, exceptions, today);
    let owned = |f: &Finding<'_>| Owned {
        asset_id: f.asset_id.to_owned(),
        target_kind: f.target_kind,
        cve: f.cve.to_owned(),
        confidence: f.confidence,
        kev: f.kev,
        ransomware: f.ransomware,
        cvss: f.cvss,
        criteria: f.criteria.map(str::to_owned),
        matched_cpe: f.matched_cpe_text(),
        reason: f.reason.as_deref().map(str::to_owned),
        accepted_by: f.accepted_by.map(str::to_owned),
    };
    Report {
        alerts: alerts(&found)
            .map(|f| (f.asset_id.to_owned(), f.cve.to_owned()))
            .collect(),
        findings: found.iter().map(owned).collect(),
        cpe_problems,
    }
}

impl Report {
    fn alerts(&self) -> impl Iterator<Item = Owned> + '_ {
        self.alerts.iter().map(|(a, c)| Owned {
            asset_id: a.clone(),
            target_kind: TargetKind::Asset,
            cve: c.clone(),
            confidence: "",
            kev: false,
            ransomware: false,
            cvss: None,
            criteria: None,
            matched_cpe: None,
            reason: None,
            accepted_by: None,
        })
    }
}

fn on<'a>(findings: &'a [Owned], target: &str, cve: &str) -> Option<&'a Owned> {
    findings
        .iter()
        .find(|f| f.asset_id == target && f.cve == cve)
}

const SSLVPN: &str = "cp-emr-sslvpn";

#[test]
fn the_emr_vendors_fortigate_is_confirmed_kev_and_an_alert() {
    let ledger = mamori_demo::demo_hospital();
    assert!(
        ledger
            .connection_points
            .iter()
            .any(|p| p.id.as_str() == SSLVPN)
    );
    let report = match_ledger(&ledger, &feeds(), &[], day("2026-01-01"));
    let found = on(&report.findings, SSLVPN, "CVE-2022-42475").expect("CVE-2022-42475 found");
    assert_eq!(found.target_kind, TargetKind::ConnectionPoint);
    assert_eq!(found.confidence, "confirmed");
    assert!(found.kev && found.ransomware, "{found:?}");
    assert!(found.cvss.is_some_and(|s| s >= 9.0));
    assert!(found.criteria.as_deref().unwrap().contains("fortios"));
    assert!(
        report
            .alerts()
            .any(|a| a.asset_id == SSLVPN && a.cve == "CVE-2022-42475")
    );
    // FortiOS 7.0.12 elsewhere in the demo is past every fix of CVE-2022-42475.
    assert!(
        report
            .findings
            .iter()
            .filter(|f| f.cve == "CVE-2022-42475")
            .all(|f| f
                .matched_cpe
                .as_deref()
                .is_some_and(|c| c.contains("7.0.6")))
    );
}

fn one_asset(state: CpeState) -> Ledger {
    let mut ledger = mamori_demo::demo_hospital();
    ledger.connection_points.clear();
    let mut asset = ledger.assets[0].clone();
    ledger.assets.clear();
    asset.cpes = vec![CpeName {
        cpe: "cpe:2.3:o:fortinet:fortios:7.2.2:*:*:*:*:*:*:*".to_owned(),
        state,
    }];
    ledger.assets.push(asset);
    ledger
}

#[test]
fn a_suggested_cpe_gives_possible_never_confirmed() {
    let index = feeds();
    let confirmed = match_ledger(
        &one_asset(CpeState::Confirmed),
        &index,
        &[],
        day("2026-01-01"),
    );
    let suggested = match_ledger(
        &one_asset(CpeState::Suggested),
        &index,
        &[],
        day("2026-01-01"),
    );
    let id = confirmed.findings[0].asset_id.clone();
    assert_eq!(
        on(&confirmed.findings, &id, "CVE-2022-42475")
            .unwrap()
            .confidence,
        "confirmed"
    );
    let downgraded = on(&suggested.findings, &id, "CVE-2022-42475").unwrap();
    assert_eq!(downgraded.confidence, "possible");
    assert!(downgraded.reason.as_deref().unwrap().contains("suggested"));
    assert!(
        suggested
            .findings
            .iter()
            .all(|f| f.confidence != "confirmed")
    );
}

#[test]
fn an_exception_hides_a_finding_until_it_expires() {
    let index = feeds();
    let ledger = mamori_demo::demo_hospital();
    let exception = Exception {
        id: "exc-1".to_owned(),
        target_kind: TargetKind::ConnectionPoint,
        target_id: SSLVPN.to_owned(),
        cve: "CVE-2022-42475".to_owned(),
        reason: "保守契約更新まで".to_owned(),
        approver: "院長".to_owned(),
        expires: day("2026-03-31"),
    };
    let exceptions = [exception];
    let before = match_ledger(&ledger, &index, &exceptions, day("2026-03-31"));
    let hidden = on(&before.findings, SSLVPN, "CVE-2022-42475").unwrap();
    assert_eq!(hidden.accepted_by.as_deref(), Some("exc-1"));
    assert!(
        !before
            .alerts()
            .any(|a| a.cve == "CVE-2022-42475" && a.asset_id == SSLVPN)
    );
    let after = match_ledger(&ledger, &index, &exceptions, day("2026-04-01"));
    let back = on(&after.findings, SSLVPN, "CVE-2022-42475").unwrap();
    assert_eq!(back.accepted_by, None);
    assert!(
        after
            .alerts()
            .any(|a| a.cve == "CVE-2022-42475" && a.asset_id == SSLVPN)
    );
}

#[test]
fn bad_cpe_names_are_reported_not_fatal() {
    let mut ledger = one_asset(CpeState::Confirmed);
    ledger.assets[0].cpes.push(CpeName {
        cpe: "cpe:2.3:o:broken".to_owned(),
        state: CpeState::Confirmed,
    });
    let report = match_ledger(&ledger, &feeds(), &[], day("2026-01-01"));
    assert_eq!(report.cpe_problems.len(), 1);
    assert!(report.findings.iter().any(|f| f.cve == "CVE-2022-42475"));
}

#[test]
fn targets_with_the_same_cpe_names_get_the_same_findings_under_their_own_ids() {
    let mut ledger = one_asset(CpeState::Confirmed);
    let mut twin = ledger.assets[0].clone();
    twin.id = mamori_core::AssetId::from("twin-pc");
    twin.name = "同じイメージのPC".to_owned();
    ledger.assets.push(twin);
    let report = match_ledger(&ledger, &feeds(), &[], day("2026-01-01"));
    let first = ledger.assets[0].id.as_str();
    let of = |id: &str| -> Vec<(String, &str)> {
        report
            .findings
            .iter()
            .filter(|f| f.asset_id == id)
            .map(|f| (f.cve.clone(), f.confidence))
            .collect()
    };
    assert!(!of(first).is_empty());
    assert_eq!(of(first), of("twin-pc"));
}

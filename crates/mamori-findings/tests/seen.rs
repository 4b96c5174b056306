//! Which alerts are new since a viewer's last look.

#![allow(clippy::unwrap_used, reason = "tests fail loudly")]

use mamori_findings::{Finding, SeenAlerts, TargetKind};
use mamori_vuln::Tier;

fn alert(kind: TargetKind, id: &'static str, cve: &'static str, kev: bool) -> Finding<'static> {
    Finding {
        asset_id: id,
        target_kind: kind,
        target_name: id,
        cve,
        confidence: "confirmed",
        kev,
        ransomware: false,
        kev_due_date: None,
        cvss: Some(9.8),
        severity: Some("CRITICAL"),
        matched_cpe: None,
        criteria: None,
        reason: None,
        jvn_ids: Vec::new(),
        crown_jewel: None,
        accepted_by: None,
        tier: Tier::Confirmed,
    }
}

fn check(seen: &SeenAlerts, now: Finding<'static>, expected_new: bool) {
    assert_eq!(
        seen.is_new(&now),
        expected_new,
        "{} {} kev={}",
        now.asset_id,
        now.cve,
        now.kev
    );
}

#[test]
fn an_alert_is_new_unless_the_last_look_included_it() {
    use TargetKind::{Asset, ConnectionPoint};
    let seen = SeenAlerts::new([
        (ConnectionPoint, "cp-vpn", "cve-2022-42475", true),
        (Asset, "emr-db", "CVE-2023-0001", false),
    ]);
    assert_eq!(seen.len(), 2);
    // Seen (the CVE's case does not matter).
    check(
        &seen,
        alert(ConnectionPoint, "cp-vpn", "CVE-2022-42475", true),
        false,
    );
    check(&seen, alert(Asset, "emr-db", "CVE-2023-0001", false), false);
    // Never seen: another target, another CVE, the same id as the other kind.
    check(&seen, alert(Asset, "emr-app", "CVE-2023-0001", false), true);
    check(&seen, alert(Asset, "emr-db", "CVE-2023-0002", false), true);
    check(&seen, alert(Asset, "cp-vpn", "CVE-2022-42475", true), true);
    // Seen as critical only, KEV now: new again; seen as KEV, no longer KEV: not new.
    check(&seen, alert(Asset, "emr-db", "CVE-2023-0001", true), true);
    check(
        &seen,
        alert(ConnectionPoint, "cp-vpn", "CVE-2022-42475", false),
        false,
    );
    // A viewer who never looked has everything new.
    let never = SeenAlerts::default();
    assert!(never.is_empty());
    check(&never, alert(Asset, "emr-db", "CVE-2023-0001", false), true);
}

//! Broken facts are reported as problems, never a panic, and the rest is still analysed.

mod support;

use mamori_paths::{IdKind, Problem, analyze};
use support::{check_lines, facts};

#[test]
fn unknown_ids_are_reported_and_the_fact_ignored() {
    let analysis = analyze(&facts(
        "
        zone a
        point p lands=a,nowhere open
        asset s zone=a
        asset ghost zone=missing
        service s tcp/22
        accept nobody s tcp/22 admin
        store admin2 s
        ",
    ));
    let unknown: Vec<(IdKind, String)> = analysis
        .problems
        .iter()
        .filter_map(|p| match p {
            Problem::UnknownId { kind, id, .. } => Some((*kind, id.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        unknown,
        vec![
            (IdKind::Zone, "missing".to_owned()),
            (IdKind::CredentialGroup, "nobody".to_owned()),
            (IdKind::Zone, "nowhere".to_owned()),
            (IdKind::CredentialGroup, "admin2".to_owned()),
        ]
    );
    assert_eq!(analysis.entries.len(), 1);
}

#[test]
fn a_zone_pair_joined_by_two_firewalls_is_reported_and_either_passes() {
    check_lines(
        "
        zone a
        zone b
        point p lands=a open
        cred admin known
        asset emr zone=b jewel=EMR
        service emr tcp/3389
        accept admin emr tcp/3389 admin
        firewall fw1 zones=a,b default=deny
        firewall fw2 zones=b,a default=deny
        rule r1 fw=fw2 allow src=any dst=any
        ",
        &["problem", "reached"],
        "
        problem ZonePairJoinedTwice { zones: (ZoneId(\"a\"), ZoneId(\"b\")), firewalls: (FirewallId(\"fw1\"), FirewallId(\"fw2\")) }
        reached p -> emr
        ",
    );
}

#[test]
fn duplicates_and_malformed_rules_are_reported() {
    check_lines(
        "
        zone a
        zone a
        zone b
        firewall fw zones=a,b default=deny
        rule r1 fw=fw allow src=any dst=point:p port=10-1
        rule r1 fw=fw deny src=any dst=any
        firewall lone zones=a default=allow
        point p lands=a
        backup b1 of=x medium=online
        ",
        &["problem"],
        "
        problem DuplicateId { kind: Zone, id: \"a\" }
        problem DuplicateId { kind: Rule, id: \"r1\" }
        problem PointAsDestination { rule: RuleId(\"r1\") }
        problem EmptyPortRange { rule: RuleId(\"r1\") }
        problem FirewallJoinsTooFewZones { firewall: FirewallId(\"lone\") }
        problem UnknownId { kind: Asset, id: \"x\", referenced_by: \"backup b1\" }
        problem OnlineBackupWithoutHolder { backup: BackupId(\"b1\") }
        ",
    );
}

#[test]
fn remote_vulnerability_without_a_service_is_reported() {
    check_lines(
        "
        zone a
        asset s zone=a
        vuln CVE-1 on=s effect=rce
        ",
        &["problem"],
        "problem RemoteVulnWithoutService { vuln: VulnId(\"CVE-1\"), asset: AssetId(\"s\") }",
    );
}

#[test]
fn chosen_entries_limit_the_analysis() {
    check_lines(
        "
        zone a
        point p lands=a open
        point q lands=a open
        entries q ghost
        ",
        &["entry", "problem"],
        "
        problem UnknownId { kind: Point, id: \"ghost\", referenced_by: \"entries\" }
        entry q entered=present controlled=- footholds=- held=-
        ",
    );
}

#[test]
fn text_format_errors_name_the_line() {
    let err =
        mamori_paths::parse_facts("zone a\nasset x zone=a owner=someone").expect_err("bad owner");
    assert_eq!(err.line, 2);
    assert!(err.message.contains("owner"), "{}", err.message);
}

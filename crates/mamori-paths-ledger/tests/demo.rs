//! The conversion on the demo hospital and on small hand-made ledgers: the Osaka-shaped
//! chain (vendor SSL-VPN with an unauthenticated RCE → shared administrator → EMR) must be
//! found from the ledger alone, and every assumption must be noted.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use mamori_core::*;
use mamori_paths::{Change, Engine, Holder, Hop, what_if};
use mamori_paths_ledger::{NoteCode, facts_from_ledger};

#[test]
fn the_demo_hospital_converts_without_engine_problems() {
    let conversion = facts_from_ledger(&mamori_demo::demo_hospital());
    assert_eq!(mamori_paths::validate(&conversion.facts), vec![]);
    assert_eq!(conversion.facts.assets.len(), 800);
    assert_eq!(conversion.facts.points.len(), 7);
    // The LTE modem's authentication is unknown: assumed absent, and said so.
    assert!(
        conversion
            .notes
            .iter()
            .any(|note| note.code == NoteCode::AuthenticationAssumedAbsent
                && note.record.id == "cp-ct-lte")
    );
}

#[test]
fn the_vendor_ssl_vpn_reaches_the_emr_database_and_the_shared_admin_is_the_chokepoint() {
    let conversion = facts_from_ledger(&mamori_demo::demo_hospital());
    let engine = Engine::new(&conversion.facts);
    let analysis = engine.analysis();
    let pair = analysis
        .reached
        .iter()
        .find(|pair| {
            pair.entry.as_str() == "cp-emr-sslvpn" && pair.jewel.as_str() == "srv-emr-db01"
        })
        .expect("the SSL-VPN must reach the EMR database");
    assert!(
        matches!(pair.path.first(), Some(Hop::Enter { .. })),
        "{:?}",
        pair.path
    );
    assert!(
        mamori_paths::verify_path(&conversion.facts, &pair.entry, &pair.jewel, &pair.path).is_ok()
    );

    // As in Osaka: the one administrator secret valid everywhere is the fix that cuts most.
    let ranking = engine.rank_fixes();
    assert_eq!(
        ranking.fixes.first().map(|fix| fix.id.as_str()),
        Some("break_credential:cg-local-admin")
    );

    // Patching one of the two SSL-VPN vulnerabilities is not enough; both are.
    let patch = |vuln: &str| Change::PatchVuln {
        vuln: vuln.into(),
        on: Holder::Point("cp-emr-sslvpn".into()),
    };
    let vpn_pairs = |outcome: &mamori_paths::WhatIf| {
        outcome
            .pairs_cut
            .iter()
            .filter(|pair| pair.entry.as_str() == "cp-emr-sslvpn")
            .count()
    };
    let one = what_if(&conversion.facts, &[patch("vul-sslvpn-cve-2022-42475")]);
    let both = what_if(
        &conversion.facts,
        &[
            patch("vul-sslvpn-cve-2022-42475"),
            patch("vul-sslvpn-cve-2023-27997"),
        ],
    );
    assert_eq!(vpn_pairs(&one), 0);
    assert!(vpn_pairs(&both) > 0, "{:?}", both.pairs_cut);
}

fn small_ledger() -> Ledger {
    Ledger {
        zones: vec![
            Zone {
                id: "Z-A".into(),
                name: "A".into(),
                kind: ZoneKind::Emr,
                cidrs: vec!["10.1.0.0/16".parse().unwrap()],
                vlan: None,
                site_id: None,
                description: None,
            },
            Zone {
                id: "Z-B".into(),
                name: "B".into(),
                kind: ZoneKind::Server,
                cidrs: vec!["10.2.0.0/16".parse().unwrap()],
                vlan: None,
                site_id: None,
                description: None,
            },
        ],
        firewalls: vec![Firewall {
            id: "FW".into(),
            name: "FW".into(),
            zone_ids: vec!["Z-A".into(), "Z-B".into()],
            default_action: FirewallAction::Deny,
            owner: Owner::Hospital,
            asset_id: None,
            notes: None,
        }],
        ..Ledger::default()
    }
}

fn rule(
    id: &str,
    position: u32,
    source: Endpoint,
    action: FirewallAction,
    enabled: bool,
    protocol: RuleProtocol,
) -> FirewallRule {
    FirewallRule {
        id: id.into(),
        firewall_id: "FW".into(),
        position,
        source,
        destination: Endpoint::Any,
        protocol,
        ports: PortSpec::Any,
        action,
        enabled,
        owner: None,
        description: None,
    }
}

fn check_rules(rules: Vec<FirewallRule>, expected: &[(&str, &str)], expected_notes: &[NoteCode]) {
    let mut ledger = small_ledger();
    ledger.firewall_rules = rules;
    let conversion = facts_from_ledger(&ledger);
    let got: Vec<(String, String)> = conversion.facts.firewalls[0]
        .rules
        .iter()
        .map(|rule| (rule.id.as_str().to_owned(), format!("{:?}", rule.src)))
        .collect();
    let want: Vec<(String, String)> = expected
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect();
    assert_eq!(got, want);
    let notes: Vec<NoteCode> = conversion.notes.iter().map(|note| note.code).collect();
    assert_eq!(notes, expected_notes);
}

#[test]
fn cidr_endpoints_err_towards_finding_paths() {
    let cidr = |text: &str| Endpoint::Cidr {
        cidr: text.parse().unwrap(),
    };
    // An allow over a supernet applies to every zone it overlaps.
    check_rules(
        vec![rule(
            "R1",
            1,
            cidr("10.0.0.0/8"),
            FirewallAction::Allow,
            true,
            RuleProtocol::Tcp,
        )],
        &[
            ("R1#1", "Zone(ZoneId(\"Z-A\"))"),
            ("R1#2", "Zone(ZoneId(\"Z-B\"))"),
        ],
        &[NoteCode::CidrResolvedToZones],
    );
    // A deny over part of a zone applies to nothing (it must not hide an allow).
    check_rules(
        vec![rule(
            "R2",
            1,
            cidr("10.1.5.0/24"),
            FirewallAction::Deny,
            true,
            RuleProtocol::Any,
        )],
        &[],
        &[NoteCode::CidrMatchesNoZone],
    );
    // A deny over a whole zone applies to it.
    check_rules(
        vec![rule(
            "R3",
            1,
            cidr("10.1.0.0/16"),
            FirewallAction::Deny,
            true,
            RuleProtocol::Any,
        )],
        &[("R3", "Zone(ZoneId(\"Z-A\"))")],
        &[NoteCode::CidrResolvedToZones],
    );
    // Disabled and ICMP rules never carry traffic to a service.
    check_rules(
        vec![
            rule(
                "R4",
                2,
                Endpoint::Any,
                FirewallAction::Allow,
                false,
                RuleProtocol::Tcp,
            ),
            rule(
                "R5",
                1,
                Endpoint::Any,
                FirewallAction::Allow,
                true,
                RuleProtocol::Icmp,
            ),
            rule(
                "R6",
                3,
                Endpoint::Zone {
                    zone_id: "Z-A".into(),
                },
                FirewallAction::Allow,
                true,
                RuleProtocol::Tcp,
            ),
        ],
        &[("R6", "Zone(ZoneId(\"Z-A\"))")],
        &[NoteCode::DisabledRuleSkipped, NoteCode::IcmpRuleSkipped],
    );
}

#[test]
fn weak_passwords_are_known_only_without_lockout() {
    let account = |id: &str, weak: bool, lockout: Option<u16>, leaked: bool| Account {
        id: id.into(),
        username: id.into(),
        kind: AccountKind::LocalAdmin,
        credential_group_id: None,
        owner: Owner::Hospital,
        accepted_on: vec![],
        stored_on: vec![],
        known_default: false,
        known_weak: weak,
        known_leaked: leaked,
        mfa: None,
        password_min_length: None,
        lockout_threshold: lockout,
        last_rotation: None,
        notes: None,
    };
    let mut ledger = small_ledger();
    ledger.accounts = vec![
        account("weak-no-lockout", true, Some(0), false),
        account("weak-lockout", true, Some(5), false),
        account("weak-unknown", true, None, false),
        account("strong", false, Some(0), false),
        account("leaked", false, Some(5), true),
    ];
    let conversion = facts_from_ledger(&ledger);
    let known: Vec<(&str, bool)> = conversion
        .facts
        .credential_groups
        .iter()
        .map(|group| (group.id.as_str(), group.known_to_attacker))
        .collect();
    assert_eq!(
        known,
        vec![
            ("account:leaked", true),
            ("account:strong", false),
            ("account:weak-lockout", false),
            ("account:weak-no-lockout", true),
            ("account:weak-unknown", true),
        ]
    );
    assert!(
        conversion
            .notes
            .iter()
            .any(|n| n.code == NoteCode::LockoutAssumedAbsent && n.record.id == "weak-unknown")
    );
}

//! Oracle: generated hospitals (and the demo and reference scenarios) go ledger → facts, then
//! both through the engine and through an independent Datalog encoding of the model
//! (`tests/datalog/attack_paths.lp`) whose least model Debian's `gringo` computes. The
//! controlled assets per entry, the reached crown jewels and the broken recoveries must agree.
//! Without gringo the test fails (it never skips).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

mod datalog;

use std::collections::BTreeSet;

use datalog::{encode, engine_model, require_gringo, run_gringo};
use mamori_core::{
    Endpoint, FirewallAction, FirewallRule, FirewallRuleId, Ledger, PortSpec, RuleProtocol,
};
use mamori_paths_ledger::facts_from_ledger;

/// Makes the attacker stronger so that the comparison covers deep chains: every `step`-th
/// account becomes known (a leaked password).
fn leak_every(mut ledger: Ledger, step: usize) -> Ledger {
    for account in ledger.accounts.iter_mut().step_by(step) {
        account.known_leaked = true;
    }
    ledger
}

/// Puts a deny rule in front of every firewall (everything into its second zone), so that the
/// first-match order decides: later allow rules for the same traffic must lose.
fn deny_first(mut ledger: Ledger) -> Ledger {
    let first = ledger
        .firewall_rules
        .iter()
        .map(|r| r.position)
        .min()
        .unwrap_or(1);
    assert!(first > 0, "the generator numbers rules from 1");
    for firewall in &ledger.firewalls {
        let Some(zone) = firewall.zone_ids.get(1) else {
            continue;
        };
        ledger.firewall_rules.push(FirewallRule {
            id: FirewallRuleId::from(format!("oracle-deny-{}", firewall.id).as_str()),
            firewall_id: firewall.id.clone(),
            position: 0,
            source: Endpoint::Any,
            destination: Endpoint::Zone {
                zone_id: zone.clone(),
            },
            protocol: RuleProtocol::Any,
            ports: PortSpec::Any,
            action: FirewallAction::Deny,
            enabled: true,
            owner: None,
            description: None,
        });
    }
    ledger
}

/// The engine and gringo agree on `ledger`; returns the number of (entry, asset) controls
/// and reached pairs so the caller can check the comparison was not vacuous.
fn check(name: &str, ledger: &Ledger) -> (usize, usize) {
    let facts = facts_from_ledger(ledger).facts;
    assert_eq!(mamori_paths::validate(&facts), vec![], "{name}");
    let engine = engine_model(&facts);
    let gringo = run_gringo(&encode(&facts));
    // Only the differences are printed: the sets hold thousands of pairs.
    let only = |a: &BTreeSet<(String, String)>, b: &BTreeSet<(String, String)>| {
        a.difference(b).take(5).cloned().collect::<Vec<_>>()
    };
    for (what, ours, theirs) in [
        ("controlled assets", &engine.control, &gringo.control),
        ("reached crown jewels", &engine.reached, &gringo.reached),
    ] {
        assert!(
            ours == theirs,
            "{name}: {what} differ; engine only {:?}, gringo only {:?}",
            only(ours, theirs),
            only(theirs, ours)
        );
    }
    assert_eq!(
        engine.broken, gringo.broken,
        "{name}: broken recoveries differ"
    );
    (engine.control.len(), engine.reached.len())
}

fn scenario(name: &str) -> Ledger {
    let path = format!(
        "{}/../../tests/scenarios/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(&path).unwrap();
    mamori_interchange::ledger_from_json(name, &bytes).unwrap()
}

#[test]
fn engine_and_gringo_agree_on_generated_hospitals() {
    require_gringo();
    let mut controls = 0;
    let mut reached = 0;
    for (size, seed) in [(150, 1), (150, 2), (250, 3), (250, 4)] {
        let ledger = mamori_demo::generate_hospital(size, seed);
        let (c, r) = check(&format!("generated {size}/{seed}"), &ledger);
        controls += c;
        reached += r;
        let (c, r) = check(
            &format!("generated {size}/{seed}, leaked accounts"),
            &leak_every(ledger.clone(), 3),
        );
        controls += c;
        reached += r;
        check(
            &format!("generated {size}/{seed}, leaked accounts, denies first"),
            &deny_first(leak_every(ledger, 2)),
        );
    }
    assert!(
        controls > 0 && reached > 0,
        "the comparison found nothing to compare"
    );
}

/// A deny before an allow for the same traffic: only first-match order keeps the EMR out.
fn deny_before_allow() -> Ledger {
    serde_json::from_value(serde_json::json!({
        "hospital": {"name": "deny before allow"},
        "zones": [
            {"id": "z-out", "name": "外部", "kind": "dmz"},
            {"id": "z-srv", "name": "サーバ", "kind": "server"}
        ],
        "assets": [
            {"id": "emr", "name": "EMR", "kind": "server", "zone_id": "z-srv", "crown_jewel": "emr"}
        ],
        "services": [{"id": "s-emr", "asset_id": "emr", "port": 3389, "protocol": "tcp"}],
        "connection_points": [{"id": "cp-net", "name": "回線", "kind": "internet_line",
            "zone_ids": ["z-out"], "requires_authentication": false}],
        "firewalls": [{"id": "fw", "name": "境界", "zone_ids": ["z-out", "z-srv"], "default_action": "allow"}],
        "firewall_rules": [
            {"id": "r-deny", "firewall_id": "fw", "position": 1, "source": {"kind": "any"},
             "destination": {"kind": "asset", "asset_id": "emr"}, "protocol": "any", "ports": "any",
             "action": "deny", "enabled": true},
            {"id": "r-allow", "firewall_id": "fw", "position": 2, "source": {"kind": "zone", "zone_id": "z-out"},
             "destination": {"kind": "any"}, "protocol": "tcp", "ports": "3389", "action": "allow", "enabled": true}
        ],
        "accounts": [{"id": "acc", "username": "admin", "kind": "local_admin", "known_default": true,
            "accepted_on": [{"kind": "asset", "asset_id": "emr", "service_id": "s-emr", "level": "admin"}]}]
    }))
    .unwrap()
}

#[test]
fn engine_and_gringo_agree_on_the_demo_and_the_reference_scenarios() {
    require_gringo();
    // Nothing reached: the deny comes first (and the default allow must not apply either).
    assert_eq!(check("deny before allow", &deny_before_allow()), (0, 0));
    check("demo", &mamori_demo::demo_hospital());
    let (_, handa) = check("handa2021", &scenario("handa2021"));
    let (_, osaka) = check("osaka2022", &scenario("osaka2022"));
    assert_eq!((handa, osaka), (4, 4));
}

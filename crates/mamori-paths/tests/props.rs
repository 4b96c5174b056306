//! Laws that must hold on any facts, checked on small random hospitals: the engine agrees with
//! the naive reference, witnesses replay, the pruned fix ranking equals re-running everything,
//! and the attacker never loses from gaining more.

mod support;

use std::collections::BTreeSet;

use mamori_paths::{
    AcceptedOn, Action, Asset, Backup, ConnectionPoint, CredentialGroup, Effect, Endpoint, Facts,
    Firewall, Holder, Level, Medium, Owner, Port, PortMatch, ProtoMatch, Rule, Service, StoredOn,
    VulnLocation, Vulnerability, Zone, analyze, rank_fixes, what_if,
};
use proptest::collection::vec;
use proptest::prelude::*;

const PORTS: [Port; 3] = [
    Port {
        proto: mamori_paths::Proto::Tcp,
        number: 445,
    },
    Port {
        proto: mamori_paths::Proto::Tcp,
        number: 3389,
    },
    Port {
        proto: mamori_paths::Proto::Udp,
        number: 161,
    },
];

type RuleSpec = (u8, usize, u8, usize, u8, bool, u8);
type FirewallSpec = (u8, bool, Vec<RuleSpec>);

fn rule_spec() -> impl Strategy<Value = RuleSpec> {
    (
        0u8..5,
        0usize..8,
        0u8..3,
        0usize..8,
        0u8..4,
        prop::bool::weighted(0.7),
        0u8..3,
    )
}

fn firewall_spec() -> impl Strategy<Value = FirewallSpec> {
    (
        prop_oneof![Just(15u8), 0u8..16],
        any::<bool>(),
        vec(rule_spec(), 0..8),
    )
}

struct Sizes {
    zones: usize,
    assets: usize,
    groups: usize,
    points: usize,
}

fn zone(i: usize, s: &Sizes) -> mamori_paths::ZoneId {
    format!("z{}", i % s.zones).into()
}
fn asset(i: usize, s: &Sizes) -> mamori_paths::AssetId {
    format!("a{}", i % s.assets).into()
}
fn group(i: usize, s: &Sizes) -> mamori_paths::CredGroupId {
    format!("g{}", i % s.groups).into()
}
fn point(i: usize, s: &Sizes) -> mamori_paths::PointId {
    format!("p{}", i % s.points).into()
}

fn build_rule(f: usize, i: usize, spec: RuleSpec, s: &Sizes) -> Rule {
    let (src_kind, src, dst_kind, dst, ports, allow, proto) = spec;
    let src = match src_kind {
        0 => Endpoint::Any,
        1 | 4 => Endpoint::Zone(zone(src, s)),
        2 => Endpoint::Asset(asset(src, s)),
        _ => Endpoint::Point(point(src, s)),
    };
    let dst = match dst_kind {
        0 => Endpoint::Any,
        1 => Endpoint::Zone(zone(dst, s)),
        _ => Endpoint::Asset(asset(dst, s)),
    };
    Rule {
        id: format!("f{f}r{i}").into(),
        src,
        dst,
        ports: [
            PortMatch::Any,
            PortMatch::One(445),
            PortMatch::One(3389),
            PortMatch::Range(100, 500),
        ][ports as usize],
        proto: [ProtoMatch::Any, ProtoMatch::Tcp, ProtoMatch::Udp][proto as usize],
        action: if allow { Action::Allow } else { Action::Deny },
        owner: if i.is_multiple_of(3) {
            Some(Owner::Vendor("rule-owner".into()))
        } else {
            None
        },
    }
}

prop_compose! {
    fn arb_facts()(
        zones in 2usize..=3,
        assets in vec((0usize..4, any::<bool>(), 1u8..8), 2..7),
        firewalls in vec(firewall_spec(), 1..4),
        groups in vec(prop::bool::weighted(0.4), 1..4),
        accepts in vec((0usize..4, 0usize..8, 0usize..3, any::<bool>()), 0..9),
        stored in vec((0usize..4, prop::bool::weighted(0.25), 0usize..8), 0..5),
        vulns in vec((prop::bool::weighted(0.25), 0usize..8, 0usize..4, 0u8..3, any::<bool>()), 0..5),
        points in vec((0usize..4, prop::bool::weighted(0.3), any::<bool>(), prop::bool::weighted(0.15), 0u8..16), 1..3),
        backups in vec((0usize..8, 0u8..3, 0usize..8, any::<bool>()), 0..4),
    ) -> Facts {
        let s = Sizes { zones, assets: assets.len(), groups: groups.len(), points: points.len() };
        let mut facts = Facts {
            zones: (0..zones).map(|z| Zone { id: zone(z, &s), name: format!("Z{z}") }).collect(),
            ..Facts::default()
        };
        for (i, &(z, jewel, mask)) in assets.iter().enumerate() {
            facts.assets.push(Asset { id: asset(i, &s), name: format!("A{i}"), zone: zone(z, &s), owner: Owner::Vendor(format!("o{i}")), crown_jewel: jewel.then(|| "EMR".to_owned()) });
            for (bit, port) in PORTS.iter().enumerate() {
                if mask & (1 << bit) != 0 {
                    facts.services.push(Service { asset: asset(i, &s), port: *port });
                }
            }
        }
        for (f, (mask, allow, rules)) in firewalls.into_iter().enumerate() {
            let zones_joined = (0..zones).filter(|z| mask & (1 << z) != 0).map(|z| zone(z, &s)).collect();
            let rules = rules.into_iter().enumerate().map(|(i, r)| build_rule(f, i, r, &s)).collect();
            facts.firewalls.push(Firewall { id: format!("f{f}").into(), zones: zones_joined, default: if allow { Action::Allow } else { Action::Deny }, owner: Owner::Hospital, rules });
        }
        facts.credential_groups = groups.iter().enumerate().map(|(g, &known)| CredentialGroup { id: group(g, &s), name: format!("G{g}"), owner: Owner::Hospital, known_to_attacker: known }).collect();
        for (g, a, port, admin) in accepts {
            facts.accepted_on.push(AcceptedOn { group: group(g, &s), asset: asset(a, &s), service: PORTS[port], level: if admin { Level::Admin } else { Level::User } });
        }
        for (g, on_point, pick) in stored {
            let on = if on_point { Holder::Point(point(pick, &s)) } else { Holder::Asset(asset(pick, &s)) };
            facts.stored_on.push(StoredOn { group: group(g, &s), on });
        }
        for (i, (on_point, pick, port, effect, auth)) in vulns.into_iter().enumerate() {
            let effect = [Effect::RemoteCodeExec, Effect::AuthBypass, Effect::LocalPrivEsc][effect as usize];
            let on = if on_point {
                VulnLocation::Point(point(pick, &s))
            } else {
                VulnLocation::Asset { asset: asset(pick, &s), service: PORTS.get(port).copied() }
            };
            facts.vulnerabilities.push(Vulnerability { id: format!("CVE-{}", i % 3).into(), on, effect, requires_auth: auth });
        }
        for (i, (z, open, mfa, restricted, accepts)) in points.into_iter().enumerate() {
            let accepts = (0..s.groups).filter(|g| accepts & (1 << g) != 0).map(|g| group(g, &s)).collect();
            facts.points.push(ConnectionPoint { id: point(i, &s), name: format!("P{i}"), lands_in: vec![zone(z, &s)], owner: Owner::Hospital, requires_auth: !open, mfa, source_ip_restricted: restricted, accepts });
        }
        for (i, (a, medium, holder, tested)) in backups.into_iter().enumerate() {
            facts.backups.push(Backup { id: format!("b{i}").into(), protects: vec![asset(a, &s)], medium: [Medium::Online, Medium::Offline, Medium::Immutable][medium as usize], held_on: Some(asset(holder, &s)), managed_from: Some(asset(holder + 1, &s)), owner: Owner::Hospital, restore_tested: tested });
        }
        facts
    }
}

fn controlled_per_entry(facts: &Facts) -> Vec<BTreeSet<String>> {
    analyze(facts)
        .entries
        .iter()
        .map(|e| e.controlled.iter().map(ToString::to_string).collect())
        .collect()
}

fn pairs(facts: &Facts) -> BTreeSet<String> {
    analyze(facts)
        .reached
        .iter()
        .map(|p| format!("{}->{}", p.entry, p.jewel))
        .collect()
}

proptest! {
    // Cheap laws: many cases, so rare rule orders (three-zone firewalls, repeated sources) occur.
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn engine_agrees_with_the_naive_reference(facts in arb_facts()) {
        let analysis = analyze(&facts);
        for entry in &analysis.entries {
            let naive = support::naive(&facts, entry.entry.as_str());
            let ids = |list: &[mamori_paths::AssetId]| list.iter().map(ToString::to_string).collect::<BTreeSet<_>>();
            prop_assert_eq!(ids(&entry.controlled), naive.controlled, "controlled from {}", entry.entry);
            prop_assert_eq!(ids(&entry.footholds), naive.footholds, "footholds from {}", entry.entry);
            let held: BTreeSet<String> = entry.held.iter().map(ToString::to_string).collect();
            prop_assert_eq!(held, naive.held, "held from {}", entry.entry);
        }
    }

    #[test]
    fn every_witness_replays_under_the_rules(facts in arb_facts()) {
        let analysis = analyze(&facts);
        for pair in &analysis.reached {
            let checked = mamori_paths::verify_path(&facts, &pair.entry, &pair.jewel, &pair.path);
            prop_assert!(checked.is_ok(), "{:?}: {:#?}", checked, pair.path);
        }
    }

}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn pruned_fix_ranking_equals_rerunning_every_candidate(facts in arb_facts()) {
        let mut expected = Vec::new();
        for change in support::naive_candidates(&facts) {
            let diff = what_if(&facts, std::slice::from_ref(&change));
            prop_assert!(diff.pairs_added.is_empty() && diff.recoveries_broken.is_empty(), "{} made things worse", change.stable_id());
            if !diff.pairs_cut.is_empty() || !diff.recoveries_restored.is_empty() {
                expected.push((change.stable_id(), diff.pairs_cut, diff.recoveries_restored));
            }
        }
        expected.sort_by(|x, y| y.1.len().cmp(&x.1.len()).then(y.2.len().cmp(&x.2.len())).then(x.0.cmp(&y.0)));
        let actual: Vec<_> = rank_fixes(&facts).fixes.into_iter().map(|f| (f.id, f.pairs_cut, f.recoveries_restored)).collect();
        prop_assert_eq!(actual, expected);
    }

    #[test]
    fn knowing_more_credentials_never_shrinks_what_is_controlled(facts in arb_facts(), which in 0usize..4) {
        let before = controlled_per_entry(&facts);
        let mut more = facts.clone();
        let n = more.credential_groups.len();
        more.credential_groups[which % n].known_to_attacker = true;
        for (b, a) in before.iter().zip(controlled_per_entry(&more)) {
            prop_assert!(b.is_subset(&a));
        }
    }

    #[test]
    fn an_allow_rule_appended_to_a_deny_default_firewall_never_shrinks(facts in arb_facts(), spec in rule_spec(), which in 0usize..4) {
        prop_assume!(!facts.firewalls.is_empty());
        let mut more = facts.clone();
        let f = which % more.firewalls.len();
        more.firewalls[f].default = Action::Deny;
        let s = Sizes { zones: facts.zones.len(), assets: facts.assets.len(), groups: facts.credential_groups.len(), points: facts.points.len() };
        let base = more.clone();
        let mut rule = build_rule(99, 0, spec, &s);
        rule.action = Action::Allow;
        more.firewalls[f].rules.push(rule);
        prop_assert!(pairs(&base).is_subset(&pairs(&more)));
        for (b, a) in controlled_per_entry(&base).iter().zip(controlled_per_entry(&more)) {
            prop_assert!(b.is_subset(&a));
        }
    }

    #[test]
    fn restore_tests_never_change_whether_recovery_is_broken(facts in arb_facts()) {
        let mut flipped = facts.clone();
        for backup in &mut flipped.backups {
            backup.restore_tested = !backup.restore_tested;
        }
        let broken = |f: &Facts| analyze(f).recovery.iter().map(|r| (r.jewel.to_string(), r.broken)).collect::<Vec<_>>();
        prop_assert_eq!(broken(&facts), broken(&flipped));
    }
}

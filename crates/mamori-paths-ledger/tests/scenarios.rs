//! The reference scenarios as ledger files (`tests/scenarios/*.json`, mamori-ledger/1) through
//! the whole route ledger → facts → engine, and small tricky ledgers: a deny rule before an
//! allow, a credential valid only where the attacker cannot reach, a vulnerable service
//! behind a closed port.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

use mamori_core::{AvEdrState, Ledger, PatchState, validate_ledger};
use mamori_paths::{Analysis, Change, Engine, FixRanking, analyze, verify_path, what_if};
use mamori_paths_ledger::{facts_from_ledger, records_to_change};

fn scenario(name: &str) -> Ledger {
    let path = format!(
        "{}/../../tests/scenarios/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let ledger = mamori_interchange::ledger_from_json(name, &bytes)
        .unwrap_or_else(|problems| panic!("{path}: {problems:?}"));
    assert_eq!(
        validate_ledger(&ledger),
        vec![],
        "{path} must be a valid ledger"
    );
    ledger
}

/// What one ledger must give.
struct Expected<'a> {
    /// (entry, crown jewel) pairs reached, sorted.
    reached: &'a [(&'a str, &'a str)],
    /// Crown jewels whose recovery is broken, sorted.
    broken: &'a [&'a str],
    /// Fixes that must share the top score (most pairs cut, then recoveries restored).
    top_fixes: &'a [&'a str],
}

fn reached(analysis: &Analysis) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = analysis
        .reached
        .iter()
        .map(|p| (p.entry.to_string(), p.jewel.to_string()))
        .collect();
    pairs.sort();
    pairs
}

fn broken(analysis: &Analysis) -> Vec<String> {
    analysis
        .recovery
        .iter()
        .filter(|r| r.broken)
        .map(|r| r.jewel.to_string())
        .collect()
}

fn top_fixes(ranking: &FixRanking) -> Vec<String> {
    let Some(best) = ranking.fixes.first() else {
        return Vec::new();
    };
    let score = |f: &mamori_paths::Fix| (f.pairs_cut.len(), f.recoveries_restored.len());
    ranking
        .fixes
        .iter()
        .filter(|f| score(f) == score(best))
        .map(|f| f.id.clone())
        .collect()
}

fn check(ledger: &Ledger, expected: &Expected<'_>) -> (Analysis, FixRanking) {
    let conversion = facts_from_ledger(ledger);
    assert_eq!(mamori_paths::validate(&conversion.facts), vec![]);
    let engine = Engine::new(&conversion.facts);
    let analysis = engine.analysis();
    let want: Vec<(String, String)> = expected
        .reached
        .iter()
        .map(|(e, j)| ((*e).to_owned(), (*j).to_owned()))
        .collect();
    assert_eq!(reached(&analysis), want, "reached pairs");
    assert_eq!(broken(&analysis), expected.broken, "broken recoveries");
    for pair in &analysis.reached {
        verify_path(&conversion.facts, &pair.entry, &pair.jewel, &pair.path)
            .unwrap_or_else(|e| panic!("witness {} → {}: {e:?}", pair.entry, pair.jewel));
    }
    let ranking = engine.rank_fixes();
    let top = top_fixes(&ranking);
    for fix in expected.top_fixes {
        assert!(
            top.iter().any(|t| t == fix),
            "{fix} not among the top fixes {top:?}"
        );
    }
    (analysis, ranking)
}

/// Every control the model does not use, switched on: EDR everywhere, patches current.
fn with_controls(ledger: &Ledger) -> Ledger {
    let mut out = ledger.clone();
    for asset in &mut out.assets {
        asset.av_edr = Some(AvEdrState::Edr);
        asset.patch_state = Some(PatchState::Current);
    }
    out
}

fn assert_controls_cut_nothing(ledger: &Ledger) {
    let before = analyze(&facts_from_ledger(ledger).facts);
    let after = analyze(&facts_from_ledger(&with_controls(ledger)).facts);
    assert!(
        ledger
            .assets
            .iter()
            .any(|a| a.av_edr == Some(AvEdrState::None))
    );
    assert_eq!(reached(&before), reached(&after));
    assert_eq!(broken(&before), broken(&after));
}

#[test]
fn handa_2021_the_vpn_chain_exists_and_recovery_is_broken() {
    let ledger = scenario("handa2021");
    let (analysis, ranking) = check(
        &ledger,
        &Expected {
            reached: &[
                ("cp-fgt", "billing"),
                ("cp-fgt", "dc"),
                ("cp-fgt", "dept"),
                ("cp-fgt", "emr"),
            ],
            broken: &["billing", "dc", "dept", "emr"],
            // Scoping the vendor link, and giving the shared administrator its own secrets.
            top_fixes: &[
                "remove_rule:fr-maint-any",
                "break_credential:account:acc-domain-admin",
            ],
        },
    );
    // The leaked VPN password and the unpatched appliance each open the point on their own:
    // neither patching nor MFA alone cuts anything, so neither is ranked.
    assert!(
        ranking
            .fixes
            .iter()
            .all(|f| !f.id.starts_with("patch:") && !f.id.starts_with("add_mfa:")),
        "{:?}",
        ranking.fixes.iter().map(|f| &f.id).collect::<Vec<_>>()
    );
    // The fix is the vendor's to make, and names the ledger record.
    let link = ranking
        .fixes
        .iter()
        .find(|f| f.id == "remove_rule:fr-maint-any")
        .unwrap();
    assert_eq!(link.owner, mamori_paths::Owner::Vendor("v-a".into()));
    assert_eq!(
        records_to_change(&link.change, &ledger)
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        ["firewall_rules/fr-maint-any"]
    );
    // Every copy is on the NAS the attacker controls, and none is offline.
    let emr = analysis.recovery.iter().find(|r| r.jewel.as_str() == "emr");
    let emr = emr.unwrap();
    assert!(emr.copies.iter().all(|c| !c.attackable_from.is_empty()));
    assert_controls_cut_nothing(&ledger);
}

#[test]
fn osaka_2022_the_offline_tape_keeps_emr_recoverable() {
    let ledger = scenario("osaka2022");
    let (analysis, ranking) = check(
        &ledger,
        &Expected {
            reached: &[
                ("cp-vendor-vpn", "ad"),
                ("cp-vendor-vpn", "backup-srv"),
                ("cp-vendor-vpn", "billing"),
                ("cp-vendor-vpn", "emr"),
            ],
            // The EMR survives on tape; the backup server itself has no copy at all.
            broken: &["ad", "backup-srv", "billing"],
            top_fixes: &["remove_rule:link-rdp", "break_credential:cg-common-admin"],
        },
    );
    let emr = analysis
        .recovery
        .iter()
        .find(|r| r.jewel.as_str() == "emr")
        .unwrap();
    assert!(!emr.broken && !emr.survivor_untested, "{emr:?}");
    // Splitting the common administrator is the hospital's change, on the group and its
    // account records.
    let split = ranking
        .fixes
        .iter()
        .find(|f| f.id == "break_credential:cg-common-admin")
        .unwrap();
    assert_eq!(split.owner, mamori_paths::Owner::Hospital);
    assert_eq!(
        records_to_change(&split.change, &ledger)
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        [
            "credential_groups/cg-common-admin",
            "accounts/acc-common-admin"
        ]
    );
    // Without the tape the EMR's recovery breaks too.
    let mut no_tape = ledger.clone();
    no_tape.backups.retain(|b| b.id.as_str() != "bk-emr-tape");
    let facts = facts_from_ledger(&no_tape).facts;
    assert!(broken(&analyze(&facts)).contains(&"emr".to_owned()));
    assert_controls_cut_nothing(&ledger);
}

#[test]
fn osaka_what_if_the_link_allowed_only_the_food_server_console_port() {
    // Any ledger edit, not only the five kinds: the rule is narrowed to a port the food
    // server does not listen on, which cuts the chain like removing it.
    let ledger = scenario("osaka2022");
    let before = facts_from_ledger(&ledger).facts;
    let mut narrowed = ledger.clone();
    for rule in &mut narrowed.firewall_rules {
        if rule.id.as_str() == "link-rdp" {
            rule.ports = "5900".parse().unwrap();
        }
    }
    let after = facts_from_ledger(&narrowed).facts;
    let diff = mamori_paths::compare(analyze(&before), analyze(&after), vec![]);
    let removed = what_if(&before, &[Change::RemoveRule("link-rdp".into())]);
    assert_eq!(diff.pairs_cut.len(), 4);
    assert_eq!(diff.pairs_cut, removed.pairs_cut);
    assert_eq!(diff.recoveries_restored, removed.recoveries_restored);
}

// ---- small tricky ledgers ------------------------------------------------------------------

/// A ledger from JSON: one internet line landing in `z-out`; EMR in `z-srv` and PACS in `z-img`
/// behind one firewall (whose rules only name `z-out` as source, so PACS cannot reach the EMR);
/// `z-far` joined to nothing.
fn tricky(extra: serde_json::Value) -> Ledger {
    let mut base = serde_json::json!({
        "hospital": {"name": "tricky"},
        "zones": [
            {"id": "z-out", "name": "外部", "kind": "dmz"},
            {"id": "z-srv", "name": "サーバ", "kind": "server"},
            {"id": "z-img", "name": "画像", "kind": "departmental"},
            {"id": "z-far", "name": "隔離", "kind": "server"}
        ],
        "assets": [
            {"id": "emr", "name": "EMR", "kind": "server", "zone_id": "z-srv", "crown_jewel": "emr"},
            {"id": "pacs", "name": "PACS", "kind": "server", "zone_id": "z-img", "crown_jewel": "pacs"},
            {"id": "far", "name": "隔離DB", "kind": "server", "zone_id": "z-far", "crown_jewel": "laboratory"}
        ],
        "services": [
            {"id": "s-emr-3389", "asset_id": "emr", "port": 3389, "protocol": "tcp"},
            {"id": "s-emr-445", "asset_id": "emr", "port": 445, "protocol": "tcp"},
            {"id": "s-pacs-3389", "asset_id": "pacs", "port": 3389, "protocol": "tcp"},
            {"id": "s-far-3389", "asset_id": "far", "port": 3389, "protocol": "tcp"}
        ],
        "connection_points": [
            {"id": "cp-net", "name": "インターネット回線", "kind": "internet_line",
             "zone_ids": ["z-out"], "requires_authentication": false}
        ],
        "firewalls": [
            {"id": "fw", "name": "境界", "zone_ids": ["z-out", "z-srv", "z-img"], "default_action": "deny"}
        ]
    });
    if let (Some(base), Some(extra)) = (base.as_object_mut(), extra.as_object()) {
        for (k, v) in extra {
            base.insert(k.clone(), v.clone());
        }
    }
    let ledger: Ledger = serde_json::from_value(base).unwrap();
    assert_eq!(validate_ledger(&ledger), vec![]);
    ledger
}

fn rule(
    id: &str,
    position: u32,
    dst: serde_json::Value,
    ports: &str,
    action: &str,
) -> serde_json::Value {
    serde_json::json!({"id": id, "firewall_id": "fw", "position": position,
        "source": {"kind": "zone", "zone_id": "z-out"}, "destination": dst,
        "protocol": "tcp", "ports": ports, "action": action, "enabled": true})
}

fn known_admin(on: &[(&str, &str)]) -> serde_json::Value {
    let accepted: Vec<serde_json::Value> = on
        .iter()
        .map(|(asset, service)| {
            serde_json::json!({"kind": "asset", "asset_id": asset, "service_id": service, "level": "admin"})
        })
        .collect();
    serde_json::json!([{"id": "acc-admin", "username": "admin", "kind": "local_admin",
        "accepted_on": accepted, "known_default": true}])
}

#[test]
fn a_deny_before_an_allow_wins_for_its_destination_only() {
    let ledger = tricky(serde_json::json!({
        // Positions out of file order on purpose: the conversion orders by position.
        "firewall_rules": [
            rule("r-allow-rdp", 20, serde_json::json!({"kind": "any"}), "3389", "allow"),
            rule("r-deny-emr", 10, serde_json::json!({"kind": "asset", "asset_id": "emr"}), "any", "deny")
        ],
        "accounts": known_admin(&[("emr", "s-emr-3389"), ("pacs", "s-pacs-3389")])
    }));
    let (_, ranking) = check(
        &ledger,
        &Expected {
            reached: &[("cp-net", "pacs")],
            broken: &["pacs"],
            top_fixes: &["remove_rule:r-allow-rdp"],
        },
    );
    // Removing the deny would open the EMR: it is never offered as a fix.
    assert!(
        ranking
            .fixes
            .iter()
            .all(|f| f.id != "remove_rule:r-deny-emr")
    );
    let facts = facts_from_ledger(&ledger).facts;
    let diff = what_if(&facts, &[Change::RemoveRule("r-deny-emr".into())]);
    assert_eq!(diff.pairs_added.len(), 1);
    assert_eq!(diff.pairs_added[0].jewel.as_str(), "emr");
}

#[test]
fn a_credential_valid_only_where_the_attacker_cannot_reach_opens_nothing() {
    // The known admin is accepted only on the isolated zone, which no firewall joins.
    let ledger = tricky(serde_json::json!({
        "firewall_rules": [rule("r-any", 10, serde_json::json!({"kind": "any"}), "any", "allow")],
        "accounts": known_admin(&[("far", "s-far-3389")])
    }));
    let (_, ranking) = check(
        &ledger,
        &Expected {
            reached: &[],
            broken: &[],
            top_fixes: &[],
        },
    );
    assert!(ranking.fixes.is_empty());
}

#[test]
fn a_vulnerable_service_behind_a_closed_port_is_not_reached() {
    let vuln = serde_json::json!([{"id": "v-smb", "reference": "CVE-2017-0144",
        "target": {"kind": "asset", "asset_id": "emr", "service_id": "s-emr-445"},
        "effect": "remote_code_exec", "requires_authentication": false}]);
    let closed = tricky(serde_json::json!({
        "firewall_rules": [rule("r-rdp", 10, serde_json::json!({"kind": "any"}), "3389", "allow")],
        "vulnerabilities": vuln
    }));
    check(
        &closed,
        &Expected {
            reached: &[],
            broken: &[],
            top_fixes: &[],
        },
    );
    let open = tricky(serde_json::json!({
        "firewall_rules": [rule("r-smb", 10, serde_json::json!({"kind": "any"}), "445", "allow")],
        "vulnerabilities": vuln
    }));
    check(
        &open,
        &Expected {
            reached: &[("cp-net", "emr")],
            broken: &["emr"],
            top_fixes: &["patch:v-smb@asset:emr", "remove_rule:r-smb"],
        },
    );
}

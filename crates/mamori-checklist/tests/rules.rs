#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]
//! Every evidence rule on small ledgers: a passing case, failing cases naming the record,
//! field and reason, and not-applicable where the ledger has nothing to check.

use mamori_checklist::{Evidence, Outcome, Reason, RuleRef};
use mamori_core::{Date, Ledger};
use serde_json::{Value, json};

const AS_OF: &str = "2026-11-23";

/// A ledger from the JSON document shape (records as the schema publishes them).
fn ledger(records: Value) -> Ledger {
    let mut document = json!({"hospital": {"name": "テスト病院", "security_officer": "山田"}});
    let (Value::Object(target), Value::Object(source)) = (&mut document, records) else {
        panic!("records must be a JSON object");
    };
    target.extend(source);
    serde_json::from_value(document).expect("test ledger")
}

/// Evaluates `rule` on `records` as of `as_of` and compares outcome and failures
/// (as `kind/id field reason` strings).
fn check_at(records: Value, as_of: &str, rule: &str, outcome: Outcome, failures: &[&str]) {
    let ledger = ledger(records);
    let as_of: Date = as_of.parse().unwrap();
    let rule: RuleRef = rule.parse().unwrap();
    let result = Evidence::new(&ledger, as_of).evaluate(rule);
    let found: Vec<String> = result
        .failures
        .iter()
        .map(|f| format!("{}/{} {} {}", f.kind.code(), f.id, f.field, f.reason.code()))
        .collect();
    assert_eq!(
        (result.outcome, found.as_slice()),
        (
            outcome,
            failures
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .as_slice()
        ),
        "rule {rule} on {as_of}"
    );
}

fn check(records: Value, rule: &str, outcome: Outcome, failures: &[&str]) {
    check_at(records, AS_OF, rule, outcome, failures);
}

use Outcome::{Fail, NotApplicable as Na, Pass};

#[test]
fn security_officer_is_named_in_the_profile() {
    check(json!({}), "security_officer", Pass, &[]);
    let unnamed = json!({"hospital": {"name": "テスト病院", "security_officer": " "}});
    check(
        unnamed,
        "security_officer",
        Fail,
        &["hospital/profile security_officer missing"],
    );
}

#[test]
fn medical_systems_exist() {
    check(
        json!({"systems": [{"id": "emr", "name": "電子カルテ", "kind": "emr"}]}),
        "medical_systems",
        Pass,
        &[],
    );
    check(
        json!({}),
        "medical_systems",
        Fail,
        &["hospital/profile systems no_records"],
    );
}

fn server(id: &str, version: Option<&str>, department: Option<&str>) -> Value {
    json!({"id": id, "name": id, "kind": "server",
           "os": {"name": "Windows Server", "version": version},
           "owner_department": department})
}

#[test]
fn inventory_needs_version_and_owner_for_servers_pcs_and_network_devices() {
    let complete = json!({"assets": [server("srv-1", Some("2022"), Some("情報システム課"))]});
    check(complete, "inventory", Pass, &[]);
    let gaps = json!({"assets": [
        server("srv-1", None, Some("情報システム課")),
        {"id": "pc-1", "name": "pc", "kind": "pc", "os": {"name": "Windows", "version": "11"}},
        {"id": "prn-1", "name": "printer", "kind": "printer"},
    ]});
    check(
        gaps.clone(),
        "inventory",
        Fail,
        &[
            "assets/pc-1 owner_department missing",
            "assets/srv-1 version missing",
        ],
    );
    // The printer is outside the checklist's device classes; a server scope sees only srv-1.
    check(
        gaps,
        "inventory:server",
        Fail,
        &["assets/srv-1 version missing"],
    );
    check(
        json!({}),
        "inventory",
        Fail,
        &["hospital/profile assets no_records"],
    );
}

fn vendor_and_contract() -> (Value, Value) {
    (
        json!([{"id": "v-emr", "name": "EMRベンダー", "kind": "emr_vendor",
                "contacts": [{"name": "保守窓口", "available_24h": true}]}]),
        json!([{"id": "c-emr", "vendor_id": "v-emr", "title": "保守契約"}]),
    )
}

fn vpn(firmware_check: &str, mfa: bool, contract: Option<&str>) -> Value {
    json!({"id": "cp-vpn", "name": "SSL-VPN", "kind": "ssl_vpn", "vendor_id": "v-emr",
           "requires_authentication": true, "mfa": mfa, "source_ip_restricted": true,
           "last_firmware_check": firmware_check, "last_log_review": firmware_check,
           "contract_id": contract})
}

#[test]
fn connection_points_are_known_with_vendor_mfa_firmware_check_and_contract() {
    let (vendors, contracts) = vendor_and_contract();
    let good = json!({"vendors": vendors, "contracts": contracts,
                      "connection_points": [vpn("2026-06-01", true, Some("c-emr"))]});
    check(good.clone(), "connection_points", Pass, &[]);
    // The same ledger read for a later inspection: the firmware check is more than a year old.
    check_at(
        good,
        "2027-07-01",
        "connection_points",
        Fail,
        &["connection_points/cp-vpn last_firmware_check stale"],
    );
    let bad = json!({"vendors": vendors, "contracts": contracts, "connection_points": [
        vpn("2026-06-01", false, None),
        {"id": "cp-lte", "name": "LTE", "kind": "lte_modem"},
    ]});
    check(
        bad,
        "connection_points",
        Fail,
        &[
            "connection_points/cp-lte last_firmware_check never",
            "connection_points/cp-lte mfa not_enabled",
            "connection_points/cp-lte vendor_id missing",
            "connection_points/cp-vpn contract_id missing",
            "connection_points/cp-vpn mfa not_enabled",
        ],
    );
    check(json!({}), "connection_points", Na, &[]);
}

#[test]
fn connection_point_logs_are_reviewed_yearly_and_sources_restricted() {
    let (vendors, contracts) = vendor_and_contract();
    let points = |review: Value, restricted: Value| {
        json!({"vendors": vendors, "contracts": contracts, "connection_points": [
            {"id": "cp-vpn", "name": "VPN", "kind": "ipsec_vpn", "requires_authentication": true,
             "last_log_review": review, "source_ip_restricted": restricted},
            {"id": "cp-line", "name": "回線", "kind": "internet_line", "requires_authentication": false},
        ]})
    };
    check(
        points(json!("2026-10-01"), json!(true)),
        "connection_point_log_review",
        Pass,
        &[],
    );
    check(
        points(json!("2024-10-01"), json!(true)),
        "connection_point_log_review",
        Fail,
        &["connection_points/cp-vpn last_log_review stale"],
    );
    check(
        points(json!(null), json!(true)),
        "source_restriction",
        Pass,
        &[],
    );
    check(
        points(json!(null), json!(false)),
        "source_restriction",
        Fail,
        &["connection_points/cp-vpn source_ip_restricted not_enabled"],
    );
    check(
        points(json!(null), json!(null)),
        "source_restriction",
        Fail,
        &["connection_points/cp-vpn source_ip_restricted missing"],
    );
}

fn admin(id: &str, group: Option<&str>, hosts: &[&str]) -> Value {
    let accepted: Vec<Value> = hosts
        .iter()
        .map(|h| json!({"kind": "asset", "asset_id": h, "level": "admin"}))
        .collect();
    json!({"id": id, "username": "administrator", "kind": "local_admin",
           "credential_group_id": group, "accepted_on": accepted})
}

#[test]
fn administrator_secrets_are_not_shared_across_hosts() {
    let assets = json!([
        server("srv-1", Some("1"), Some("a")),
        server("srv-2", Some("1"), Some("a"))
    ]);
    let separate = json!({"assets": assets, "accounts": [
        admin("acc-1", None, &["srv-1"]), admin("acc-2", None, &["srv-2"])]});
    check(separate, "admin_not_shared", Pass, &[]);
    let shared = json!({"assets": assets,
        "credential_groups": [{"id": "cg-local", "name": "共通ローカル管理者"}],
        "accounts": [admin("acc-1", Some("cg-local"), &["srv-1"]), admin("acc-2", Some("cg-local"), &["srv-2"])]});
    check(
        shared,
        "admin_not_shared",
        Fail,
        &["credential_groups/cg-local accepted_on shared_across_hosts"],
    );
    let one_account =
        json!({"assets": assets, "accounts": [admin("acc-1", None, &["srv-1", "srv-2"])]});
    check(
        one_account,
        "admin_not_shared",
        Fail,
        &["accounts/acc-1 accepted_on shared_across_hosts"],
    );
    check(json!({}), "admin_not_shared", Na, &[]);
}

#[test]
fn passwords_are_long_not_default_and_locked_out() {
    let account = |extra: Value| {
        let mut base = json!({"id": "acc-1", "username": "u", "kind": "personal",
                              "password_min_length": 12, "lockout_threshold": 5});
        base.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        json!({"accounts": [base]})
    };
    check(account(json!({})), "password_policy", Pass, &[]);
    check(
        account(json!({"known_default": true, "password_min_length": 6, "lockout_threshold": 0})),
        "password_policy",
        Fail,
        &[
            "accounts/acc-1 lockout_threshold not_enabled",
            "accounts/acc-1 password weak_password",
            "accounts/acc-1 password_min_length too_short",
        ],
    );
}

#[test]
fn two_factor_on_every_connection_point_that_takes_a_login() {
    let point = |mfa: bool| {
        json!({"connection_points": [
        {"id": "cp-1", "name": "VPN", "kind": "ssl_vpn", "requires_authentication": true, "mfa": mfa},
        {"id": "cp-2", "name": "回線", "kind": "internet_line", "requires_authentication": false}]})
    };
    check(point(true), "two_factor", Pass, &[]);
    check(
        point(false),
        "two_factor",
        Fail,
        &["connection_points/cp-1 mfa not_enabled"],
    );
}

#[test]
fn patches_are_current_and_systems_supported() {
    let assets = |state: &str, eol: Option<&str>| {
        json!({"assets": [
        {"id": "pc-1", "name": "pc", "kind": "pc", "patch_state": state, "end_of_life": eol},
        {"id": "sw-1", "name": "sw", "kind": "switch", "patch_state": "current"}]})
    };
    check(assets("current", Some("2030-01-01")), "patches", Pass, &[]);
    check(assets("not_permitted", None), "patches", Pass, &[]);
    check(
        assets("behind", Some("2025-10-14")),
        "patches",
        Fail,
        &[
            "assets/pc-1 end_of_life end_of_life",
            "assets/pc-1 patch_state behind",
        ],
    );
    check(
        assets("unknown", None),
        "patches:pc",
        Fail,
        &["assets/pc-1 patch_state missing"],
    );
    check(assets("unknown", None), "patches:network", Pass, &[]);
    check(json!({}), "patches", Na, &[]);
}

#[test]
fn endpoints_have_antivirus_or_edr() {
    let pc = |state: Value| json!({"assets": [{"id": "pc-1", "name": "pc", "kind": "pc", "av_edr": state}]});
    check(pc(json!("edr")), "endpoint_protection", Pass, &[]);
    check(
        pc(json!("none")),
        "endpoint_protection",
        Fail,
        &["assets/pc-1 av_edr not_enabled"],
    );
    check(
        pc(json!(null)),
        "endpoint_protection",
        Fail,
        &["assets/pc-1 av_edr missing"],
    );
}

#[test]
fn removable_media_are_approved() {
    let medium = |approved: Value| {
        json!({"removable_media": [
        {"id": "usb-1", "name": "USB", "kind": "usb_memory", "approved": approved}]})
    };
    check(medium(json!(true)), "removable_media", Pass, &[]);
    check(
        medium(json!(null)),
        "removable_media",
        Fail,
        &["removable_media/usb-1 approved not_approved"],
    );
    check(json!({}), "removable_media", Na, &[]);
}

#[test]
fn wireless_is_encrypted_and_guests_separated() {
    let ssids = |encryption: &str, guest: bool, separated: Value| {
        json!({"ssids": [
        {"id": "ssid-1", "ssid": "net", "encryption": encryption, "guest": guest, "guest_separated": separated}]})
    };
    check(
        ssids("wpa2_enterprise", false, json!(null)),
        "wireless",
        Pass,
        &[],
    );
    check(ssids("open", true, json!(true)), "wireless", Pass, &[]);
    check(
        ssids("open", true, json!(null)),
        "wireless",
        Fail,
        &["ssids/ssid-1 guest_separated not_enabled"],
    );
    check(
        ssids("wep", false, json!(null)),
        "wireless",
        Fail,
        &["ssids/ssid-1 encryption weak_encryption"],
    );
}

fn jewel_and_backups(backups: Value) -> Value {
    json!({"assets": [{"id": "srv-emr", "name": "EMR", "kind": "server", "crown_jewel": "emr"}],
           "backups": backups})
}

#[test]
fn every_crown_jewel_has_a_restore_tested_offline_generation() {
    let offline = |test: Value, result: Value| {
        json!([{"id": "bk-1", "name": "LTO", "protects": ["srv-emr"],
        "medium": "offline", "generations": 7, "last_restore_test": test, "last_restore_result": result}])
    };
    check(
        jewel_and_backups(offline(json!("2026-05-01"), json!("success"))),
        "backups",
        Pass,
        &[],
    );
    check(
        jewel_and_backups(offline(json!(null), json!(null))),
        "backups",
        Fail,
        &["backups/bk-1 last_restore_test never"],
    );
    check(
        jewel_and_backups(offline(json!("2026-05-01"), json!("failure"))),
        "backups",
        Fail,
        &["backups/bk-1 last_restore_result restore_failed"],
    );
    let online = json!([{"id": "bk-1", "name": "NAS", "protects": ["srv-emr"], "medium": "online",
        "last_restore_test": "2026-05-01"}]);
    check(
        jewel_and_backups(online),
        "backups",
        Fail,
        &["assets/srv-emr backups no_offline_copy"],
    );
    check(
        json!({}),
        "backups",
        Fail,
        &["hospital/profile crown_jewel no_records"],
    );
}

#[test]
fn separated_backups_keep_three_generations() {
    let generations = |n: Value| {
        jewel_and_backups(json!([{"id": "bk-1", "name": "LTO",
        "protects": ["srv-emr"], "medium": "immutable", "generations": n}]))
    };
    check(generations(json!(3)), "backup_generations", Pass, &[]);
    check(
        generations(json!(2)),
        "backup_generations",
        Fail,
        &["backups/bk-1 generations too_few_generations"],
    );
    check(
        generations(json!(null)),
        "backup_generations",
        Fail,
        &["backups/bk-1 generations missing"],
    );
}

#[test]
fn log_sources_have_retention() {
    let source = |days: Value| json!({"log_sources": [{"id": "log-1", "name": "syslog", "retention_days": days}]});
    check(source(json!(365)), "access_logs", Pass, &[]);
    check(
        source(json!(null)),
        "access_logs",
        Fail,
        &["log_sources/log-1 retention_days missing"],
    );
    check(
        json!({}),
        "access_logs",
        Fail,
        &["hospital/profile log_sources no_records"],
    );
}

#[test]
fn vendors_have_a_24h_contact() {
    let (vendors, _) = vendor_and_contract();
    check(json!({"vendors": vendors}), "vendor_contacts", Pass, &[]);
    let no_night = json!({"vendors": [{"id": "v-food", "name": "給食", "kind": "facility_service",
        "contacts": [{"name": "事務所"}]}]});
    check(
        no_night,
        "vendor_contacts",
        Fail,
        &["vendors/v-food contacts no_24h_contact"],
    );
}

#[test]
fn rule_ids_parse_with_scopes_and_reject_unknown_ones() {
    let check_parse = |text: &str, expected: Result<&str, ()>| {
        let parsed: Result<RuleRef, String> = text.parse();
        assert_eq!(
            parsed.map(|r| r.to_string()).map_err(|_| ()),
            expected.map(str::to_owned),
            "{text}"
        );
    };
    check_parse("patches:server", Ok("patches:server"));
    check_parse("patches:all", Ok("patches"));
    check_parse("inventory", Ok("inventory"));
    check_parse("inventory:printer", Err(()));
    check_parse("no_such_rule", Err(()));
    assert!(Reason::ALL.iter().all(|r| !r.code().is_empty()));
}

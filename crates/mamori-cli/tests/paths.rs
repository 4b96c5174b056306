//! `mamori paths`, `paths fixes` and `paths whatif` run as the real binary on the demo
//! hospital (SQLite, and once on PostgreSQL): the vendor SSL-VPN → EMR chain, the shared local
//! administrator as the first fix, what-if by fix name, by an edited ledger document and by a
//! file of record edits, and clear errors (exit 3) for bad input.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

#[allow(
    dead_code,
    reason = "the ledger tests use the rest of the support module"
)]
mod support;

use std::path::Path;

use serde_json::Value;
use support::{Run, mamori};

const SSLVPN: &str = "cp-emr-sslvpn";
const EMR_DB: &str = "srv-emr-db01";
const SHARED_ADMIN_FIX: &str = "break_credential:cg-local-admin";

fn json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", run.stdout, run.stderr))
}

fn demo(dir: &Path) -> std::path::PathBuf {
    let data = dir.join("data");
    mamori(&data, &["demo"]).ok();
    data
}

/// The (entry, crown jewel) pairs a `paths --format json` answer lists under `reachable`.
fn pairs(answer: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (entry, jewels) in answer["reachable"].as_object().unwrap() {
        for jewel in jewels.as_array().unwrap() {
            out.push((
                entry.clone(),
                jewel["crown_jewel"].as_str().unwrap().to_owned(),
            ));
        }
    }
    out
}

#[test]
fn the_vendor_vpn_reaches_the_emr_and_the_shared_admin_ranks_first() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo(dir.path());
    let answer = json(&mamori(&data, &["paths", "--format", "json"]).ok());
    assert_eq!(answer["format"], "mamori-paths/1");
    let reached = &answer["reachable"][SSLVPN];
    let emr = reached
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["crown_jewel"] == EMR_DB)
        .expect("the SSL-VPN reaches the EMR database");
    let hops = emr["hops"].as_array().unwrap();
    assert_eq!(hops[0]["step"], "enter");
    assert!(
        hops.iter()
            .all(|h| h["text"].as_str().is_some_and(|t| !t.is_empty()))
    );
    let fix = &answer["fix_ranking"][0];
    assert_eq!(fix["id"], SHARED_ADMIN_FIX);
    assert_eq!(fix["kind"], "break_credential");
    assert_eq!(fix["target"], "cg-local-admin");
    assert_eq!(fix["owner"], "hospital");
    assert!(!fix["pairs_cut"].as_array().unwrap().is_empty());
    let records: Vec<&str> = fix["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert_eq!(records[0], "credential_groups/cg-local-admin");
    // Every crown jewel has a recovery verdict; a broken one is reached from some entry.
    let recovery = answer["recovery_broken"].as_object().unwrap();
    assert_eq!(
        recovery.len(),
        answer["counts"]["crown_jewels"].as_u64().unwrap() as usize
    );
    for (jewel, verdict) in recovery {
        if verdict["broken"] == true {
            assert!(
                !verdict["broken_from"].as_array().unwrap().is_empty(),
                "{jewel}"
            );
        }
    }
    insta::assert_json_snapshot!("demo_paths", answer);
}

#[test]
fn the_table_explains_hops_in_japanese_and_english() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo(dir.path());
    let ja = mamori(&data, &["paths", "--entry", SSLVPN]).ok().stdout;
    assert!(ja.contains("■ 入口ごとに到達される王冠資産"), "{ja}");
    assert!(ja.contains("管理者としてログオン"), "{ja}");
    assert!(ja.contains("■ 修正案"), "{ja}");
    assert!(ja.contains("credential_groups/cg-local-admin"), "{ja}");
    let en = mamori(&data, &["--lang", "en", "paths", "--entry", SSLVPN])
        .ok()
        .stdout;
    assert!(en.contains("as administrator"), "{en}");
    assert!(en.contains("ledger records to change"), "{en}");
}

#[test]
fn fixes_are_listed_with_owner_and_records() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo(dir.path());
    let answer = json(
        &mamori(
            &data,
            &["paths", "fixes", "--format", "json", "--limit", "3"],
        )
        .ok(),
    );
    let fixes = answer["fix_ranking"].as_array().unwrap();
    assert_eq!(fixes.len(), 3);
    for pair in fixes.windows(2) {
        let score = |f: &Value| {
            (
                f["pairs_cut"].as_array().unwrap().len(),
                f["recovery_restored"].as_array().unwrap().len(),
            )
        };
        assert!(score(&pair[0]) >= score(&pair[1]));
    }
    assert!(
        fixes
            .iter()
            .all(|f| !f["records"].as_array().unwrap().is_empty())
    );
}

#[test]
fn what_if_by_fix_name_matches_the_ranking() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo(dir.path());
    let answer = json(&mamori(&data, &["paths", "--format", "json"]).ok());
    let fix = &answer["fix_ranking"][0];
    let outcome = json(
        &mamori(
            &data,
            &[
                "paths",
                "whatif",
                "--format",
                "json",
                "--apply",
                SHARED_ADMIN_FIX,
            ],
        )
        .ok(),
    );
    assert_eq!(outcome["applied"][0], SHARED_ADMIN_FIX);
    assert_eq!(outcome["pairs_cut"], fix["pairs_cut"]);
    assert_eq!(outcome["recoveries_restored"], fix["recovery_restored"]);
    assert_eq!(
        outcome["records_changed"]["updated"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    let table = mamori(&data, &["paths", "whatif", "--apply", SHARED_ADMIN_FIX])
        .ok()
        .stdout;
    assert!(table.contains("断たれる経路"), "{table}");
}

#[test]
fn what_if_takes_an_edited_ledger_and_a_file_of_edits() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo(dir.path());
    let before = json(&mamori(&data, &["paths", "--format", "json"]).ok());
    let vpn_pairs: Vec<(String, String)> = pairs(&before)
        .into_iter()
        .filter(|(entry, _)| entry == SSLVPN)
        .collect();
    assert!(!vpn_pairs.is_empty());

    // An edited ledger document: the SSL-VPN only accepts the vendor's fixed source address.
    let exported = dir.path().join("ledger.json");
    mamori(
        &data,
        &[
            "export",
            "--format",
            "json",
            "--out",
            exported.to_str().unwrap(),
        ],
    )
    .ok();
    let mut document: Value = serde_json::from_slice(&std::fs::read(&exported).unwrap()).unwrap();
    for point in document["ledger"]["connection_points"]
        .as_array_mut()
        .unwrap()
    {
        if point["id"] == SSLVPN {
            point["source_ip_restricted"] = Value::Bool(true);
        }
    }
    let edited = dir.path().join("edited.json");
    std::fs::write(&edited, serde_json::to_vec_pretty(&document).unwrap()).unwrap();
    let outcome = json(
        &mamori(
            &data,
            &[
                "paths",
                "whatif",
                "--format",
                "json",
                "--ledger",
                edited.to_str().unwrap(),
            ],
        )
        .ok(),
    );
    assert_eq!(
        outcome["records_changed"]["updated"],
        serde_json::json!([format!("connection_points/{SSLVPN}")])
    );
    let cut: Vec<(String, String)> = outcome["pairs_cut"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["entry"].as_str().unwrap().to_owned(),
                p["crown_jewel"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(cut, vpn_pairs);

    // The same as a file of record edits; the stored ledger is left as it was.
    let edits = dir.path().join("edits.json");
    std::fs::write(
        &edits,
        format!(
            r#"{{"format": "mamori-ledger-edits/1", "edits": [
                {{"op": "patch", "kind": "connection_points", "id": "{SSLVPN}",
                  "set": {{"source_ip_restricted": true}}}}]}}"#
        ),
    )
    .unwrap();
    let by_edits = json(
        &mamori(
            &data,
            &[
                "paths",
                "whatif",
                "--format",
                "json",
                "--edits",
                edits.to_str().unwrap(),
            ],
        )
        .ok(),
    );
    assert_eq!(by_edits["pairs_cut"], outcome["pairs_cut"]);
    let again = json(&mamori(&data, &["paths", "--format", "json"]).ok());
    assert_eq!(pairs(&again), pairs(&before));
}

fn check_rejected(args: &[&str], files: &[(&str, &str)], expected: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let data = demo(dir.path());
    let mut owned: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    for (name, content) in files {
        let path = dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        for arg in &mut owned {
            if arg == name {
                *arg = path.to_str().unwrap().to_owned();
            }
        }
    }
    let refs: Vec<&str> = owned.iter().map(String::as_str).collect();
    let run = mamori(&data, &refs);
    assert_eq!(run.code, 3, "{run:?}");
    for text in expected {
        assert!(
            run.stderr.contains(text),
            "{text:?} missing in {}",
            run.stderr
        );
    }
}

#[test]
fn bad_input_is_named_in_both_languages_with_exit_3() {
    check_rejected(
        &["paths", "whatif", "--apply", "close:fr-1"],
        &[],
        &["close:fr-1", "種類:対象", "kind:target"],
    );
    check_rejected(
        &["paths", "whatif", "--apply", "remove_rule:no-such-rule"],
        &[],
        &["remove_rule:no-such-rule", "not in the facts"],
    );
    check_rejected(&["paths", "--entry", "cp-nowhere"], &[], &["cp-nowhere"]);
    check_rejected(
        &["paths", "whatif", "--edits", "edits.json"],
        &[(
            "edits.json",
            r#"{"format": "mamori-ledger-edits/1", "edits": [
                {"op": "delete", "kind": "firewall_rules", "id": "fr-none"},
                {"op": "patch", "kind": "connection_points", "id": "cp-emr-sslvpn", "set": {"mfa": "yes"}}]}"#,
        )],
        &[
            "edits.json 編集 1: firewall_rules/fr-none は台帳にありません",
            "edits.json edit 1: firewall_rules/fr-none is not in the ledger",
            "edits.json 編集 2: connection_points/cp-emr-sslvpn",
        ],
    );
    // A ledger document that breaks a reference is rejected with the record named.
    check_rejected(
        &["paths", "whatif", "--edits", "edits.json"],
        &[(
            "edits.json",
            r#"{"format": "mamori-ledger-edits/1", "edits": [
                {"op": "patch", "kind": "connection_points", "id": "cp-emr-sslvpn", "set": {"zone_ids": ["zone-nowhere"]}}]}"#,
        )],
        &["zone-nowhere"],
    );
}

#[test]
fn postgresql_gives_the_same_answer_as_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo(dir.path());
    let sqlite = json(&mamori(&data, &["paths", "--format", "json"]).ok());
    let database = support::TempPostgres::create();
    let url = database.url.as_str();
    let unused = dir.path().join("unused");
    mamori(&unused, &["--database-url", url, "demo"]).ok();
    let postgres = json(
        &mamori(
            &unused,
            &["--database-url", url, "paths", "--format", "json"],
        )
        .ok(),
    );
    assert_eq!(postgres, sqlite);
}

#[test]
fn feed_findings_become_facts_unless_no_feeds() {
    let dir = tempfile::tempdir().unwrap();
    let data = demo(dir.path());
    let feeds =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/vuln");
    assert!(feeds.exists(), "{} is missing", feeds.display());
    let path = |relative: &str| feeds.join(relative).to_str().unwrap().to_owned();
    mamori(
        &data,
        &[
            "feed",
            "import",
            &path("nvd"),
            &path("kev/known_exploited_vulnerabilities.json"),
        ],
    )
    .ok();
    let notes = |answer: &Value| -> Vec<String> {
        answer["notes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["code"].as_str().unwrap().to_owned())
            .collect()
    };
    let with = json(&mamori(&data, &["paths", "--format", "json"]).ok());
    assert!(
        with["counts"]["feed_findings"].as_u64().unwrap() > 0,
        "{}",
        with["counts"]
    );
    assert!(notes(&with).iter().any(|c| c == "finding_on_every_service"));
    let without = json(&mamori(&data, &["paths", "--format", "json", "--no-feeds"]).ok());
    assert_eq!(without["counts"]["feed_findings"], 0);
    assert!(!notes(&without).iter().any(|c| c.starts_with("finding_")));
}

//! The real binary on the real feed files of `shared/data/vuln` and the demo hospital: the
//! EMR vendor's FortiGate SSL-VPN (FortiOS 7.0.6) must show CVE-2022-42475 as a confirmed,
//! known-exploited finding; re-imports are no-ops; exceptions hide a finding until expiry.

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

use std::path::{Path, PathBuf};

use support::{Run, mamori};

const SSLVPN: &str = "cp-emr-sslvpn";

fn data(relative: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/vuln")
        .join(relative);
    assert!(path.exists(), "{} is missing", path.display());
    path.to_str().unwrap().to_owned()
}

fn findings(run: &Run) -> Vec<serde_json::Value> {
    serde_json::from_str::<Vec<serde_json::Value>>(&run.stdout)
        .unwrap_or_else(|err| panic!("not a JSON list ({err}): {}", run.stdout))
}

fn finding<'a>(
    list: &'a [serde_json::Value],
    target: &str,
    cve: &str,
) -> Option<&'a serde_json::Value> {
    list.iter()
        .find(|f| f["asset_id"] == target && f["cve"] == cve)
}

fn demo_with_feeds(data_dir: &Path) {
    mamori(data_dir, &["demo"]).ok();
    mamori(
        data_dir,
        &[
            "feed",
            "import",
            &data("nvd"),
            &data("kev/known_exploited_vulnerabilities.json"),
            &data("vulnrichment/records"),
            &data("jvn-samples"),
        ],
    )
    .ok();
}

#[test]
fn the_fortigate_of_the_emr_vendor_is_found_confirmed_and_known_exploited() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");
    demo_with_feeds(&data_dir);
    let run = mamori(&data_dir, &["vuln", "match", "--format", "json"]).ok();
    let list = findings(&run);
    let found = finding(&list, SSLVPN, "CVE-2022-42475").expect("CVE-2022-42475 on the SSL-VPN");
    assert_eq!(found["confidence"], "confirmed");
    assert_eq!(found["kev"], true);
    assert_eq!(found["ransomware"], true);
    assert_eq!(found["target_kind"], "connection_point");
    for f in &list {
        for key in ["asset_id", "cve", "confidence", "kev", "ransomware"] {
            assert!(f.get(key).is_some(), "{key} missing in {f}");
        }
    }
    let alerts = findings(
        &mamori(
            &data_dir,
            &["vuln", "match", "--format", "json", "--alerts"],
        )
        .ok(),
    );
    assert!(finding(&alerts, SSLVPN, "CVE-2022-42475").is_some());
    assert!(alerts.len() < list.len());
    let csv = mamori(&data_dir, &["vuln", "match", "--format", "csv"])
        .ok()
        .stdout;
    assert!(csv.starts_with("asset_id,"));
    assert!(
        csv.lines()
            .any(|l| l.starts_with(SSLVPN) && l.contains("CVE-2022-42475"))
    );
}

#[test]
fn re_import_is_a_no_op_and_status_lists_the_files() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");
    let kev = data("kev/known_exploited_vulnerabilities.json");
    let first = mamori(&data_dir, &["--lang", "en", "feed", "import", &kev]).ok();
    assert!(first.stdout.contains("new 1404"), "{}", first.stdout);
    let again = mamori(&data_dir, &["--lang", "en", "feed", "import", &kev]).ok();
    assert!(
        again.stdout.contains("already imported"),
        "{}",
        again.stdout
    );
    let status = mamori(&data_dir, &["--lang", "en", "feed", "status"])
        .ok()
        .stdout;
    assert!(
        status.contains("kev") && status.contains("1404"),
        "{status}"
    );
    assert_eq!(
        status
            .matches("known_exploited_vulnerabilities.json")
            .count(),
        1,
        "{status}"
    );
}

#[test]
fn unreadable_files_are_reported_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");
    let broken = dir.path().join("broken.json");
    std::fs::write(
        &broken,
        b"{\"vulnerabilities\": [{\"cve\": {\"no_id\": 1}}]",
    )
    .unwrap();
    let run = mamori(
        &data_dir,
        &[
            "--lang",
            "en",
            "feed",
            "import",
            broken.to_str().unwrap(),
            &data("nvd/cve/CVE-2024-21762.json"),
        ],
    )
    .ok();
    assert!(run.stderr.contains("unreadable"), "{}", run.stderr);
    assert!(
        run.stdout.contains("CVE-2024-21762.json: nvd 1 records"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_exception_hides_the_finding_until_its_expiry() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");
    demo_with_feeds(&data_dir);
    let add = [
        "vuln",
        "exceptions",
        "add",
        "--target",
        SSLVPN,
        "--cve",
        "CVE-2022-42475",
        "--reason",
        "ベンダー更新作業の日程調整中",
        "--approver",
        "院長",
        "--expires",
        "2030-03-31",
    ];
    mamori(&data_dir, &add).ok();
    let hidden = findings(
        &mamori(
            &data_dir,
            &["vuln", "match", "--format", "json", "--as-of", "2030-03-31"],
        )
        .ok(),
    );
    assert!(finding(&hidden, SSLVPN, "CVE-2022-42475").is_none());
    let shown = findings(
        &mamori(
            &data_dir,
            &["vuln", "match", "--format", "json", "--include-accepted"],
        )
        .ok(),
    );
    assert_eq!(
        finding(&shown, SSLVPN, "CVE-2022-42475").unwrap()["accepted_by"],
        "exc-1"
    );
    let later = findings(
        &mamori(
            &data_dir,
            &["vuln", "match", "--format", "json", "--as-of", "2030-04-01"],
        )
        .ok(),
    );
    assert!(
        finding(&later, SSLVPN, "CVE-2022-42475").is_some(),
        "expired exceptions reappear"
    );
    let list = mamori(&data_dir, &["vuln", "exceptions", "list", "--history"])
        .ok()
        .stdout;
    assert!(list.contains("exc-1") && list.contains("院長"), "{list}");
    mamori(&data_dir, &["vuln", "exceptions", "revoke", "exc-1"]).ok();
    let back = findings(&mamori(&data_dir, &["vuln", "match", "--format", "json"]).ok());
    assert!(finding(&back, SSLVPN, "CVE-2022-42475").is_some());
    let unknown = mamori(
        &data_dir,
        &[
            "vuln",
            "exceptions",
            "add",
            "--target",
            "nope",
            "--cve",
            "CVE-2022-42475",
            "--reason",
            "r",
            "--approver",
            "a",
            "--expires",
            "2030-01-01",
        ],
    );
    assert_ne!(unknown.code, 0);
}

#[test]
fn show_tells_what_the_feeds_say_and_what_is_affected() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");
    demo_with_feeds(&data_dir);
    let run = mamori(
        &data_dir,
        &["--lang", "en", "vuln", "show", "CVE-2022-42475"],
    )
    .ok();
    assert!(run.stdout.contains("known exploited"), "{}", run.stdout);
    assert!(run.stdout.contains(SSLVPN), "{}", run.stdout);
    let missing = mamori(&data_dir, &["vuln", "show", "CVE-1999-99999"]);
    assert_ne!(missing.code, 0);
}

fn alert_list(data_dir: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["vuln", "alerts", "--format", "json"];
    args.extend_from_slice(extra);
    let run = mamori(data_dir, &args).ok();
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|err| panic!("not JSON ({err}): {}", run.stdout))
}

fn alert_pairs(list: &serde_json::Value) -> Vec<(String, String, bool)> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["asset_id"].as_str().unwrap().to_owned(),
                f["cve"].as_str().unwrap().to_owned(),
                f["new"].as_bool().unwrap(),
            )
        })
        .collect()
}

#[test]
fn alerts_are_new_until_the_actor_marks_them_seen() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");
    demo_with_feeds(&data_dir);
    // The alert list is `vuln match --alerts`, every alert new for someone who never looked.
    let expected: Vec<(String, String, bool)> = findings(
        &mamori(
            &data_dir,
            &["vuln", "match", "--alerts", "--format", "json"],
        )
        .ok(),
    )
    .iter()
    .map(|f| {
        (
            f["asset_id"].as_str().unwrap().to_owned(),
            f["cve"].as_str().unwrap().to_owned(),
            true,
        )
    })
    .collect();
    assert!(
        expected
            .iter()
            .any(|(t, c, _)| t == SSLVPN && c == "CVE-2022-42475")
    );
    let first = alert_list(&data_dir, &["--mark-seen"]);
    assert_eq!(first["format"], "mamori-alerts/1");
    assert_eq!(first["viewer"], "test");
    assert_eq!(first["last_look"], serde_json::Value::Null);
    assert_eq!(alert_pairs(&first), expected);
    assert_eq!(first["counts"]["new"], expected.len());

    // Marked: nothing is new for this actor, everything still is for another.
    let again = alert_list(&data_dir, &[]);
    assert_eq!(again["counts"]["alerts"], expected.len());
    assert_eq!(again["counts"]["new"], 0);
    assert!(again["last_look"].is_string());
    assert!(
        alert_list(&data_dir, &["--new"])["items"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let other = alert_list(&data_dir, &["--new", "--actor", "ciso"]);
    assert_eq!(other["counts"]["new"], expected.len());

    // The table marks new alerts and names the viewer.
    let table = mamori(
        &data_dir,
        &["--lang", "en", "--actor", "ciso", "vuln", "alerts"],
    )
    .ok();
    assert!(
        table.stdout.contains("NEW CVE-2022-42475"),
        "{}",
        table.stdout
    );
    assert!(
        table.stdout.contains("new since ciso's last look (never)"),
        "{}",
        table.stdout
    );
}

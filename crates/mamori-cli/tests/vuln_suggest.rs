//! `mamori vuln suggest` and `vuln match --vendor-aliases` through the real binary on the demo
//! hospital and the real feeds of `shared/data/vuln`.

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

use serde_json::Value;
use support::mamori;

fn data(relative: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/vuln")
        .join(relative);
    path.to_str().unwrap().to_owned()
}

fn demo_with_feeds(data_dir: &Path) {
    mamori(data_dir, &["demo"]).ok();
    mamori(
        data_dir,
        &[
            "feed",
            "import",
            &data("nvd"),
            &data("vulnrichment/records"),
        ],
    )
    .ok();
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|err| panic!("not JSON ({err}): {text}"))
}

/// The best suggestion per asset id.
fn best(list: &Value) -> Vec<(String, String)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let first = &a["suggestions"][0];
            assert!(
                first["why"].as_array().is_some_and(|w| !w.is_empty()),
                "{a}"
            );
            (
                a["asset_id"].as_str().unwrap().to_owned(),
                first["cpe"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn asset_cpes(data_dir: &Path, id: &str) -> Vec<Value> {
    let export = json(
        &mamori(data_dir, &["export", "--format", "json"])
            .ok()
            .stdout,
    );
    let asset = export["ledger"]["assets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .unwrap_or_else(|| panic!("{id} not exported"))
        .clone();
    asset["cpes"].as_array().unwrap().clone()
}

#[test]
fn suggestions_are_listed_applied_as_suggested_and_never_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");
    demo_with_feeds(&data_dir);

    let table = mamori(&data_dir, &["--lang", "en", "vuln", "suggest"]).ok();
    assert!(table.stdout.contains("srv-endo01"), "{}", table.stdout);
    assert!(
        table
            .stdout
            .contains("Suggestions never count as confirmed findings"),
        "{}",
        table.stdout
    );
    let listed = json(
        &mamori(&data_dir, &["vuln", "suggest", "--format", "json"])
            .ok()
            .stdout,
    );
    let best = best(&listed);
    assert!(
        best.contains(&(
            "srv-endo01".to_owned(),
            "cpe:2.3:o:microsoft:windows_server_2016:*:*:*:*:*:*:*:*".to_owned()
        )),
        "{best:?}"
    );
    // Only assets without CPE names are listed.
    assert!(
        !best.iter().any(|(id, _)| id == "net-fw-edge01"),
        "{best:?}"
    );
    assert!(asset_cpes(&data_dir, "srv-endo01").is_empty());

    let applied = mamori(&data_dir, &["--lang", "en", "vuln", "suggest", "--apply"]).ok();
    assert!(
        applied
            .stdout
            .contains(&format!("Wrote {} suggested CPE names", best.len())),
        "{}",
        applied.stdout
    );
    let cpes = asset_cpes(&data_dir, "srv-endo01");
    assert_eq!(cpes.len(), 1, "{cpes:?}");
    assert_eq!(
        cpes[0]["cpe"],
        "cpe:2.3:o:microsoft:windows_server_2016:*:*:*:*:*:*:*:*"
    );
    assert_eq!(cpes[0]["state"], "suggested");
    let audit = mamori(&data_dir, &["audit", "log", "--limit", "3"]).ok();
    assert!(
        audit.stdout.contains("vuln suggest --apply"),
        "{}",
        audit.stdout
    );
    // Applied once, nothing is left to suggest for those assets.
    let again = json(
        &mamori(&data_dir, &["vuln", "suggest", "--format", "json"])
            .ok()
            .stdout,
    );
    assert_eq!(again, Value::Array(Vec::new()));

    let findings = json(
        &mamori(&data_dir, &["vuln", "match", "--format", "json"])
            .ok()
            .stdout,
    );
    let on_applied: Vec<&Value> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| best.iter().any(|(id, _)| f["asset_id"] == id.as_str()))
        .collect();
    assert!(!on_applied.is_empty());
    for finding in on_applied {
        assert_ne!(finding["confidence"], "confirmed", "{finding}");
    }
}

#[test]
fn bad_input_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");
    mamori(&data_dir, &["demo"]).ok();

    let unknown = mamori(&data_dir, &["vuln", "suggest", "--asset", "no-such-asset"]);
    assert_eq!(unknown.code, 3, "{unknown:?}");
    assert!(
        unknown.stderr.contains("no-such-asset"),
        "{}",
        unknown.stderr
    );

    let bad = dir.path().join("site-aliases.toml");
    std::fs::write(
        &bad,
        "[[vendor]]\ncpe = \"fortinet\"\n\n[[group]]\nvendors = [\"Acme Medical\", \"acme\"]\n",
    )
    .unwrap();
    let bad_path = bad.to_str().unwrap();
    for lang in ["ja", "en"] {
        let run = mamori(
            &data_dir,
            &[
                "--lang",
                lang,
                "vuln",
                "match",
                "--vendor-aliases",
                bad_path,
            ],
        );
        assert_eq!(run.code, 3, "{run:?}");
        assert!(run.stderr.contains("site-aliases.toml"), "{}", run.stderr);
        let line = if lang == "ja" { "5 行目" } else { "line 5" };
        assert!(run.stderr.contains(line), "{}", run.stderr);
    }
    let missing = mamori(
        &data_dir,
        &[
            "vuln",
            "suggest",
            "--vendor-aliases",
            "/nonexistent/aliases.toml",
        ],
    );
    assert_eq!(missing.code, 3, "{missing:?}");
    assert!(
        missing.stderr.contains("aliases.toml"),
        "{}",
        missing.stderr
    );

    let good = dir.path().join("good.toml");
    std::fs::write(
        &good,
        "[[vendor]]\ncpe = \"fortinet\"\nnames = [\"FTNT\"]\n",
    )
    .unwrap();
    mamori(
        &data_dir,
        &["vuln", "match", "--vendor-aliases", good.to_str().unwrap()],
    )
    .ok();
}

/// The same suggestions and the same `--apply` on PostgreSQL as on SQLite.
#[test]
fn apply_on_postgres_matches_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");
    demo_with_feeds(&data_dir);
    let sqlite = json(
        &mamori(&data_dir, &["vuln", "suggest", "--format", "json"])
            .ok()
            .stdout,
    );

    let database = support::TempPostgres::create();
    let url = database.url.as_str();
    let unused = dir.path().join("unused");
    mamori(&unused, &["--database-url", url, "demo"]).ok();
    mamori(
        &unused,
        &[
            "--database-url",
            url,
            "feed",
            "import",
            &data("nvd"),
            &data("vulnrichment/records"),
        ],
    )
    .ok();
    let postgres = json(
        &mamori(
            &unused,
            &["--database-url", url, "vuln", "suggest", "--format", "json"],
        )
        .ok()
        .stdout,
    );
    assert_eq!(postgres, sqlite);
    mamori(
        &unused,
        &["--database-url", url, "vuln", "suggest", "--apply"],
    )
    .ok();
    let after = json(
        &mamori(
            &unused,
            &["--database-url", url, "vuln", "suggest", "--format", "json"],
        )
        .ok()
        .stdout,
    );
    assert_eq!(after, Value::Array(Vec::new()));
    let verify = mamori(&unused, &["--database-url", url, "audit", "verify"]);
    assert_eq!(verify.code, 0, "{verify:?}");
}

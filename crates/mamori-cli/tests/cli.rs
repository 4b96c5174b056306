//! Tests that run the real `mamori` binary in a temporary directory, as a hospital's IT
//! person would: demo → export → import → export, as-of reads, tampering, help texts.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod support;

use support::{Run, mamori, tamper_sqlite};

#[test]
fn demo_then_json_round_trip_through_an_empty_store_is_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first");
    let second = dir.path().join("second");
    mamori(&first, &["demo"]).ok();
    let exported = dir.path().join("a.json");
    mamori(
        &first,
        &[
            "export",
            "--format",
            "json",
            "--out",
            exported.to_str().unwrap(),
        ],
    )
    .ok();
    mamori(&second, &["import", exported.to_str().unwrap()]).ok();
    let again = mamori(&second, &["export", "--format", "json"]).ok();
    let original = std::fs::read_to_string(&exported).unwrap();
    assert!(
        original.len() > 100_000,
        "the demo export looks too small: {} bytes",
        original.len()
    );
    assert!(again.stdout == original, "export → import → export differs");
}

#[test]
fn as_of_reads_the_ledger_before_a_later_edit() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    mamori(&data, &["demo"]).ok();
    let before = mamori(&data, &["export", "--format", "json"]).ok().stdout;
    std::thread::sleep(std::time::Duration::from_millis(20));
    let between = jiff::Timestamp::now().to_string();
    std::thread::sleep(std::time::Duration::from_millis(20));

    // Edit: rename the hospital and drop one removable medium, then import the result.
    let mut document: serde_json::Value = serde_json::from_str(&before).unwrap();
    document["ledger"]["hospital"]["name"] = serde_json::json!("改名後病院");
    document["ledger"]["removable_media"]
        .as_array_mut()
        .unwrap()
        .pop();
    let edited = dir.path().join("edited.json");
    std::fs::write(&edited, serde_json::to_string_pretty(&document).unwrap()).unwrap();
    let imported = mamori(&data, &["import", "--replace", edited.to_str().unwrap()]).ok();
    assert!(
        imported.stdout.contains("更新 1") && imported.stdout.contains("削除 1"),
        "{}",
        imported.stdout
    );

    let now = mamori(&data, &["export", "--format", "json"]).ok().stdout;
    let then = mamori(&data, &["export", "--format", "json", "--as-of", &between])
        .ok()
        .stdout;
    assert!(
        then == before,
        "--as-of before the edit must return the earlier ledger"
    );
    assert!(now != before && now.contains("改名後病院"));
}

#[test]
fn audit_verify_passes_then_fails_after_a_row_is_changed_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    mamori(&data, &["demo", "--assets", "300"]).ok();
    let intact = mamori(&data, &["audit", "verify", "--lang", "en"]).ok();
    assert!(intact.stdout.contains("intact"), "{}", intact.stdout);

    tamper_sqlite(
        &data,
        "UPDATE record_versions SET body = REPLACE(body, '\"name\":', '\"name\": ') WHERE kind = 'zones'",
    );
    let broken = mamori(&data, &["audit", "verify", "--lang", "en"]);
    assert_eq!(broken.code, 4, "{}", broken.stderr);
    assert!(
        broken.stderr.contains("zones/") && broken.stderr.contains("differs"),
        "{}",
        broken.stderr
    );
}

#[test]
fn help_is_japanese_by_default_and_english_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let ja = mamori(dir.path(), &["--help"]).ok();
    assert!(
        ja.stdout.contains("使い方") && ja.stdout.contains("終了コード"),
        "{}",
        ja.stdout
    );
    let en = mamori(dir.path(), &["import", "--help", "--lang", "en"]).ok();
    assert!(
        en.stdout.contains("Usage") && en.stdout.contains("nothing is written"),
        "{}",
        en.stdout
    );
}

#[test]
fn usage_errors_exit_2_and_unknown_kinds_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let usage = mamori(dir.path(), &["export"]);
    assert_eq!(usage.code, 2);
    let kind = mamori(
        dir.path(),
        &["template", "--kind", "printers", "--format", "csv"],
    );
    assert_eq!(kind.code, 1);
    assert!(
        kind.stderr.contains("printers") && kind.stderr.contains("assets"),
        "{}",
        kind.stderr
    );
}

#[test]
fn ledger_stats_show_counts_and_gaps() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    mamori(&data, &["demo"]).ok();
    let stats: Run = mamori(&data, &["ledger", "stats"]).ok();
    assert!(
        stats.stdout.contains("外部接続点") && stats.stdout.contains("多要素認証のない外部接続点"),
        "{}",
        stats.stdout
    );
    let history = mamori(
        &data,
        &["ledger", "history", "hospital", "profile", "--lang", "en"],
    )
    .ok();
    assert!(history.stdout.contains("version 1"), "{}", history.stdout);
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn cp932_csv_imports_and_a_bad_one_is_rejected_with_three_located_problems() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    mamori(&data, &["import", &fixture("zones.csv")]).ok();
    let good = mamori(&data, &["import", &fixture("assets_cp932.csv")]).ok();
    assert!(good.stdout.contains("追加 2"), "{}", good.stdout);
    let json = mamori(&data, &["export", "--format", "json"]).ok().stdout;
    assert!(
        json.contains("ＣＴ装置") && json.contains("髙橋メディカル") && json.contains("2027-01-13"),
        "{json}"
    );

    let entries_before = mamori(&data, &["audit", "log", "--limit", "1000"])
        .ok()
        .stdout;
    let rejected = mamori(
        &data,
        &["import", &fixture("assets_three_problems_cp932.csv")],
    );
    assert_eq!(rejected.code, 3, "{}", rejected.stderr);
    let problems: Vec<&str> = rejected
        .stderr
        .lines()
        .filter(|l| l.starts_with("- "))
        .collect();
    assert_eq!(problems.len(), 3, "{}", rejected.stderr);
    assert!(
        problems[0].contains("3行目")
            && problems[0].contains("「IPアドレス」")
            && problems[0].contains("999.1.1.1")
    );
    assert!(
        problems[1].contains("4行目")
            && problems[1].contains("「ゾーン」")
            && problems[1].contains("検査系LAN")
    );
    assert!(
        problems[2].contains("5行目")
            && problems[2].contains("「管理番号」")
            && problems[2].contains("A-001")
    );
    assert!(
        rejected.stderr.contains("row 3 column") && rejected.stderr.contains("is invalid"),
        "{}",
        rejected.stderr
    );

    // Nothing was written: the ledger and the audit log are as before.
    assert!(mamori(&data, &["export", "--format", "json"]).ok().stdout == json);
    assert!(
        mamori(&data, &["audit", "log", "--limit", "1000"])
            .ok()
            .stdout
            == entries_before
    );
}

#[test]
fn dry_run_previews_without_writing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let preview = mamori(
        &data,
        &["import", "--dry-run", &fixture("zones.csv"), "--lang", "en"],
    )
    .ok();
    assert!(
        preview.stdout.contains("2 created") && preview.stdout.contains("Dry run"),
        "{}",
        preview.stdout
    );
    let json = mamori(&data, &["export", "--format", "json"]).ok().stdout;
    assert!(json.contains("\"zones\": []"), "{json}");
}

#[test]
fn templates_and_exports_in_every_table_format() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    mamori(&data, &["demo", "--assets", "300"]).ok();
    let template = dir.path().join("assets.xlsx");
    mamori(
        &data,
        &[
            "template",
            "--kind",
            "assets",
            "--out",
            template.to_str().unwrap(),
        ],
    )
    .ok();
    assert!(std::fs::read(&template).unwrap().starts_with(b"PK"));
    let xlsx = dir.path().join("ledger.xlsx");
    mamori(
        &data,
        &[
            "export",
            "--format",
            "xlsx",
            "--out",
            xlsx.to_str().unwrap(),
        ],
    )
    .ok();
    let csv_dir = dir.path().join("csv");
    mamori(
        &data,
        &[
            "export",
            "--format",
            "csv",
            "--out",
            csv_dir.to_str().unwrap(),
        ],
    )
    .ok();
    let assets_csv = std::fs::read(csv_dir.join("assets.csv")).unwrap();
    assert!(
        assets_csv.starts_with(b"\xEF\xBB\xBF"),
        "CSV for Excel starts with a BOM"
    );

    // The exported workbook re-imports into an empty store as the same ledger.
    let copy = dir.path().join("copy");
    mamori(&copy, &["import", xlsx.to_str().unwrap()]).ok();
    let original = mamori(&data, &["export", "--format", "json"]).ok().stdout;
    let mut original: serde_json::Value = serde_json::from_str(&original).unwrap();
    let copied = mamori(&copy, &["export", "--format", "json"]).ok().stdout;
    let copied: serde_json::Value = serde_json::from_str(&copied).unwrap();
    // The hospital profile is not a sheet of the workbook.
    original["ledger"]["hospital"] = copied["ledger"]["hospital"].clone();
    assert!(
        original == copied,
        "XLSX export → import lost or changed records"
    );
}

#[test]
fn the_same_commands_run_on_postgresql() {
    let dir = tempfile::tempdir().unwrap();
    let database = support::TempPostgres::create();
    let url = database.url.as_str();
    mamori(
        &dir.path().join("unused"),
        &["--database-url", url, "demo", "--assets", "300"],
    )
    .ok();
    let stats = mamori(
        &dir.path().join("unused"),
        &["--database-url", url, "ledger", "stats"],
    )
    .ok();
    assert!(stats.stdout.contains("300"), "{}", stats.stdout);
    mamori(
        &dir.path().join("unused"),
        &["--database-url", url, "audit", "verify"],
    )
    .ok();
    let from_postgres = mamori(
        &dir.path().join("unused"),
        &["--database-url", url, "export", "--format", "json"],
    )
    .ok();

    let sqlite = dir.path().join("sqlite");
    mamori(&sqlite, &["demo", "--assets", "300"]).ok();
    let from_sqlite = mamori(&sqlite, &["export", "--format", "json"]).ok();
    assert!(
        from_postgres.stdout == from_sqlite.stdout,
        "PostgreSQL and SQLite exports differ"
    );
    assert!(
        !dir.path().join("unused").exists(),
        "--database-url must not create a SQLite data directory"
    );
}

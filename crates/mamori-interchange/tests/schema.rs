//! The published schema is current, the demo ledger validates against it, and the JSON
//! document round-trips byte for byte over generated ledgers.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use mamori_interchange::{ledger_from_json, ledger_schema_json, ledger_to_json};
use proptest::prelude::*;

fn schema_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/ledger.schema.json")
}

#[test]
fn schema_is_current() {
    let generated = ledger_schema_json().unwrap();
    let path = schema_path();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let published = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        published == generated,
        "docs/ledger.schema.json is stale: run `UPDATE_SCHEMA=1 cargo test -p mamori-interchange --test schema` \
         or `cargo run --bin mamori -- schema --out docs/ledger.schema.json`"
    );
}

#[test]
fn the_demo_export_validates_against_the_published_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path()).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let document: serde_json::Value =
        serde_json::from_str(&ledger_to_json(&mamori_demo::demo_hospital()).unwrap()).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&document)
        .take(5)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert_eq!(errors, Vec::<String>::new());

    // The schema is not vacuous: a wrong zone kind and an unknown field are rejected.
    let mut broken = document.clone();
    broken["ledger"]["zones"][0]["kind"] = serde_json::json!("electronic_records");
    broken["ledger"]["assets"][0]["colour"] = serde_json::json!("blue");
    assert_eq!(validator.iter_errors(&broken).count(), 2);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn json_round_trip_is_byte_identical(assets in 0usize..400, seed in any::<u64>()) {
        let ledger = mamori_demo::generate_hospital(assets, seed);
        let first = ledger_to_json(&ledger).unwrap();
        let read = ledger_from_json("generated.json", first.as_bytes()).unwrap();
        let mut sorted = ledger.clone();
        sorted.sort_canonical();
        prop_assert_eq!(&read, &sorted);
        prop_assert_eq!(ledger_to_json(&read).unwrap(), first);
    }
}

#[test]
fn broken_documents_are_located() {
    let problems = ledger_from_json(
        "x.json",
        br#"{"format": "mamori-ledger/1", "ledger": {"hospital": {"name": 5}}}"#,
    )
    .unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(
        problems[0].location.column.as_deref(),
        Some("ledger.hospital.name")
    );
    let wrong_format = ledger_from_json(
        "x.json",
        br#"{"format": "other/9", "ledger": {"hospital": {"name": "a"}}}"#,
    )
    .unwrap_err();
    assert!(
        wrong_format[0]
            .message(mamori_i18n::Lang::Ja)
            .contains("other/9")
    );
}

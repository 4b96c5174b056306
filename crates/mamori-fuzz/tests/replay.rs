//! Replays every harness over real files (the shared NVD, CVE 5, KEV and JVN data, the demo
//! ledger in JSON, CSV and XLSX, the CP932 fixtures), over damaged copies of them (cut short
//! like a half-finished download or scan, bytes overwritten), and over the seed corpus and the
//! regressions that `cargo fuzz` found (`fuzz/corpus/NAME`, `fuzz/regressions/NAME`).
//! A broken law panics inside the harness and fails the test with the file's name.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

use std::path::{Path, PathBuf};

use mamori_core::RecordKind;
use mamori_fuzz::{HARNESSES, Harness};

fn shared_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/vuln")
}

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

/// Every file under `dir`, sorted (missing directories give none).
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&next) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn harness(name: &str) -> Harness {
    HARNESSES
        .iter()
        .find(|(known, _)| *known == name)
        .map(|(_, run)| *run)
        .unwrap_or_else(|| panic!("no harness {name}"))
}

/// Damaged copies of `bytes`: cut at a quarter, a half and near the end, and with bytes
/// overwritten at a few fixed places (deterministic, so a failure reproduces).
fn damaged(bytes: &[u8]) -> Vec<Vec<u8>> {
    let len = bytes.len();
    let mut copies: Vec<Vec<u8>> = [len / 4, len / 2, len.saturating_sub(3)]
        .into_iter()
        .map(|cut| bytes[..cut].to_vec())
        .collect();
    if len > 0 {
        for (step, value) in [(7usize, b'"'), (13, b'}'), (31, 0xFF), (97, b'<')] {
            let mut copy = bytes.to_vec();
            for at in (step..len).step_by(len / 5 + 1) {
                copy[at] = value;
            }
            copies.push(copy);
        }
    }
    copies
}

/// Runs `name` over each input and its damaged copies; returns how many inputs ran.
fn replay(name: &str, inputs: &[(String, Vec<u8>)], with_damage: bool) -> usize {
    let run = harness(name);
    let mut count = 0;
    for (label, bytes) in inputs {
        let outcome = std::panic::catch_unwind(|| run(bytes));
        assert!(outcome.is_ok(), "{name} broke on {label}");
        count += 1;
        if with_damage {
            for (index, copy) in damaged(bytes).iter().enumerate() {
                let outcome = std::panic::catch_unwind(|| run(copy));
                assert!(
                    outcome.is_ok(),
                    "{name} broke on damaged copy {index} of {label}"
                );
                count += 1;
            }
        }
    }
    count
}

fn read_files(paths: &[PathBuf]) -> Vec<(String, Vec<u8>)> {
    paths
        .iter()
        .map(|path| (path.display().to_string(), std::fs::read(path).unwrap()))
        .collect()
}

/// The corpus and regression files kept for one harness.
fn kept_inputs(name: &str) -> Vec<(String, Vec<u8>)> {
    let mut paths = files_under(&fuzz_dir().join("corpus").join(name));
    paths.extend(files_under(&fuzz_dir().join("regressions").join(name)));
    read_files(&paths)
}

#[test]
fn feed_harness_holds_on_every_shared_feed_file_and_damaged_copies() {
    let data = shared_data();
    let mut small = files_under(&data.join("nvd"));
    small.extend(files_under(&data.join("vulnrichment/records")));
    small.retain(|path| path.extension().is_some_and(|ext| ext == "json"));
    let mut whole = vec![data.join("kev/known_exploited_vulnerabilities.json")];
    whole.extend(
        files_under(&data.join("jvn-samples"))
            .into_iter()
            .filter(|path| path.extension().is_some_and(|ext| ext == "rdf")),
    );
    assert!(
        small.len() > 275,
        "the shared NVD and CVE 5 files are there: {}",
        small.len()
    );
    let ran = replay("feed_document", &read_files(&small), true)
        + replay("feed_document", &read_files(&whole), false)
        + replay("feed_document", &kept_inputs("feed_document"), false);
    assert!(ran > small.len() * 8, "{ran}");
}

#[test]
fn damaged_big_feed_files_are_read_without_breaking_a_law() {
    let data = shared_data();
    let kev = std::fs::read(data.join("kev/known_exploited_vulnerabilities.json")).unwrap();
    let jvn = std::fs::read(data.join("jvn-samples/detail__jvndb_detail_2023.rdf")).unwrap();
    let cut = |bytes: &[u8], at: usize| bytes[..bytes.len() * at / 10].to_vec();
    let inputs = vec![
        ("KEV cut at 40 %".to_owned(), cut(&kev, 4)),
        ("KEV cut at 90 %".to_owned(), cut(&kev, 9)),
        ("JVN detail cut at 30 %".to_owned(), cut(&jvn, 3)),
        ("JVN detail cut at 80 %".to_owned(), cut(&jvn, 8)),
    ];
    assert_eq!(replay("feed_document", &inputs, false), 4);
}

#[test]
fn cpe_and_version_harnesses_hold_on_their_seeds() {
    let names = kept_inputs("cpe_name");
    let versions = kept_inputs("version_order");
    assert!(
        names.len() >= 10 && versions.len() >= 10,
        "seed corpus is there"
    );
    assert_eq!(replay("cpe_name", &names, true), names.len() * 8);
    assert_eq!(replay("version_order", &versions, true), versions.len() * 8);
}

#[test]
fn ledger_harnesses_hold_on_the_demo_hospital_in_every_format_and_damaged_copies() {
    let demo = mamori_demo::demo_hospital();
    let json = mamori_interchange::ledger_to_json(&demo)
        .unwrap()
        .into_bytes();
    let assets_csv = mamori_interchange::write_csv(&demo, RecordKind::Assets).unwrap();
    let xlsx = mamori_interchange::write_xlsx(&demo).unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../mamori-cli/tests/fixtures");
    let mut csv = vec![("demo assets.csv".to_owned(), assets_csv)];
    csv.extend(read_files(&files_under(&fixtures)));
    csv.extend(kept_inputs("ledger_csv"));
    let mut json_inputs = vec![("demo ledger.json".to_owned(), json)];
    json_inputs.extend(kept_inputs("ledger_json"));
    let mut xlsx_inputs = vec![("demo ledger.xlsx".to_owned(), xlsx)];
    xlsx_inputs.extend(kept_inputs("ledger_xlsx"));
    assert!(csv.len() >= 4, "the CP932 fixtures are there");
    assert_eq!(
        replay("ledger_json", &json_inputs, true),
        json_inputs.len() * 8
    );
    assert_eq!(replay("ledger_csv", &csv, true), csv.len() * 8);
    assert_eq!(
        replay("ledger_xlsx", &xlsx_inputs, true),
        xlsx_inputs.len() * 8
    );
}

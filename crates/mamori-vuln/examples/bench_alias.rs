//! Benchmark: what the vendor-alias table and CNA `affected` matching cost. Loads the 2023
//! CVE JSON 5 archive (12k records), builds the matcher without and with the table, and matches
//! assets named with every CNA vendor/product pair of the archive. Run with
//! `cargo run --release -p mamori-vuln --example bench_alias [ASSETS]`.

#![allow(clippy::print_stdout, reason = "a benchmark reports on stdout")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark may stop on a broken setup"
)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::PathBuf;
use std::time::Instant;

use mamori_vuln::alias::product_token;
use mamori_vuln::cve5::Provider;
use mamori_vuln::{AliasTable, AssetContext, Cve5Record, Matcher, Source, parse_cve5};

fn main() {
    let asset_count: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20_000);
    let archive = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/vuln/scale/vulnrichment-2023-cve5.tar.xz");
    let compressed = std::fs::read(&archive).expect("archive");
    let mut tar_bytes = Vec::new();
    lzma_rs::xz_decompress(&mut compressed.as_slice(), &mut tar_bytes).expect("xz");
    let records = parse_archive(&tar_bytes);
    drop(tar_bytes);

    // Before CNA matching: only `affected` entries with CPE names (CNA or ADP) were used.
    let cpe_only: Vec<Cve5Record> = records
        .iter()
        .map(|r| {
            let mut r = r.clone();
            r.affected.retain(|a| !a.cpes.is_empty());
            r
        })
        .collect();
    let empty = AliasTable::default();
    let base_time = fastest(|| Matcher::with_aliases(Vec::new(), &cpe_only, &empty));
    let plain_time = fastest(|| Matcher::with_aliases(Vec::new(), &records, &empty));
    let aliased_time = fastest(|| Matcher::new(Vec::new(), &records));
    let base = Matcher::with_aliases(Vec::new(), &cpe_only, &empty);
    let plain = Matcher::with_aliases(Vec::new(), &records, &empty);
    let aliased = Matcher::new(Vec::new(), &records);
    println!(
        "CPE data only (before): build {base_time:.2?}, {} entries, {} criteria, {} CVEs without data",
        base.entry_count(),
        base.criteria_count(),
        base.cves_without_applicability_data().len()
    );

    let assets = cna_assets(&records, asset_count);
    let mut results = Vec::new();
    for matcher in [&plain, &aliased] {
        let started = Instant::now();
        let mut by_source = BTreeMap::<&str, usize>::new();
        for asset in &assets {
            for finding in matcher.match_asset(asset) {
                let source = match finding.source {
                    Source::Nvd => "nvd",
                    Source::Cve5 => "cve5",
                    Source::Cna => "cna",
                    Source::Alias => "alias",
                };
                *by_source.entry(source).or_default() += 1;
            }
        }
        results.push((started.elapsed(), by_source));
    }
    println!("CVE 5 records: {}", records.len());
    println!(
        "empty table:   build {plain_time:.2?}, {} entries, {} criteria, {} CVEs without data",
        plain.entry_count(),
        plain.criteria_count(),
        plain.cves_without_applicability_data().len()
    );
    println!(
        "builtin table: build {aliased_time:.2?}, {} entries, {} criteria, {} CVEs without data",
        aliased.entry_count(),
        aliased.criteria_count(),
        aliased.cves_without_applicability_data().len()
    );
    for (name, (time, by_source)) in ["empty table", "builtin table"].iter().zip(&results) {
        println!(
            "{name}: match {} assets {time:.2?} ({:.1} µs/asset), findings by source {by_source:?}",
            assets.len(),
            time.as_secs_f64() * 1e6 / assets.len() as f64
        );
    }
}

/// The fastest of three builds (the machine is shared).
fn fastest(build: impl Fn() -> Matcher) -> std::time::Duration {
    (0..3)
        .map(|_| {
            let started = Instant::now();
            drop(build());
            started.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn parse_archive(tar_bytes: &[u8]) -> Vec<Cve5Record> {
    let mut archive = tar::Archive::new(tar_bytes);
    let mut records = Vec::new();
    let mut buffer = Vec::new();
    for entry in archive.entries().expect("tar") {
        let mut entry = entry.expect("tar entry");
        if !entry
            .path()
            .is_ok_and(|p| p.extension().is_some_and(|e| e == "json"))
        {
            continue;
        }
        buffer.clear();
        entry.read_to_end(&mut buffer).expect("read");
        if let Ok((record, _)) = parse_cve5(&buffer) {
            records.push(record);
        }
    }
    records
}

/// Assets named as the CNA writes vendor and product (application CPEs, version `1.0`),
/// cycling through the archive's distinct pairs.
fn cna_assets(records: &[Cve5Record], count: usize) -> Vec<AssetContext> {
    let pairs: BTreeSet<(String, String)> = records
        .iter()
        .flat_map(|r| &r.affected)
        .filter(|a| a.provider == Provider::Cna)
        .filter_map(|a| {
            let vendor = product_token(a.vendor.as_deref()?);
            let product = product_token(a.product.as_deref()?);
            (!vendor.is_empty() && !product.is_empty() && !product.contains(['&', '+']))
                .then_some((vendor, product))
        })
        .collect();
    let pairs: Vec<(String, String)> = pairs.into_iter().collect();
    (0..count)
        .filter_map(|i| {
            let (vendor, product) = &pairs[i % pairs.len()];
            let name = format!("cpe:2.3:a:{vendor}:{product}:1.0:*:*:*:*:*:*:*");
            AssetContext::from_cpe_names(&[name]).ok()
        })
        .collect()
}

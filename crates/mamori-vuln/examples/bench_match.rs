//! Benchmark: load the Anchore NVD-overrides archive (32k CVEs, ~98k criteria), index it, and
//! match 50,000 generated assets. Run with
//! `cargo run --release -p mamori-vuln --example bench_match [ASSETS]`.

#![allow(clippy::print_stdout, reason = "a benchmark reports on stdout")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark may stop on a broken setup"
)]

use std::collections::BTreeSet;
use std::io::Read;
use std::path::PathBuf;
use std::time::Instant;

use mamori_vuln::cpe::Attribute;
use mamori_vuln::{AssetContext, CveRecord, Matcher, Tier, parse_nvd_document};

fn main() {
    let asset_count: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(50_000);
    let archive = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/vuln/scale/anchore-nvd-data-overrides.tar.xz");

    let started = Instant::now();
    let compressed = std::fs::read(&archive).expect("archive");
    let mut tar_bytes = Vec::new();
    lzma_rs::xz_decompress(&mut compressed.as_slice(), &mut tar_bytes).expect("xz");
    let decompressed = started.elapsed();

    let started = Instant::now();
    let (records, problems, files) = parse_archive(&tar_bytes);
    drop(tar_bytes);
    let parsed = started.elapsed();

    let started = Instant::now();
    let products = product_samples(&records);
    let matcher = Matcher::new(records, &[]);
    let indexed = started.elapsed();

    let assets = generate_assets(&products, asset_count);
    let started = Instant::now();
    let mut findings = 0usize;
    let mut by_tier = std::collections::BTreeMap::<Tier, usize>::new();
    for asset in &assets {
        for finding in matcher.match_asset(asset) {
            findings += 1;
            *by_tier.entry(finding.tier).or_default() += 1;
        }
    }
    let matched = started.elapsed();

    println!(
        "files: {files}, records with configurations: {}, problems: {problems}",
        matcher.entry_count()
    );
    println!(
        "criteria: {}, distinct vendor:product sampled: {}",
        matcher.criteria_count(),
        products.len()
    );
    println!("xz decompress (lzma-rs): {decompressed:.2?}");
    println!("tar walk + JSON parse:   {parsed:.2?}");
    println!("index build:             {indexed:.2?}");
    println!(
        "match {asset_count} assets:     {matched:.2?} ({:.1} µs/asset)",
        matched.as_secs_f64() * 1e6 / asset_count as f64
    );
    println!("findings: {findings} {by_tier:?}");
    println!("peak RSS: {}", peak_rss());
}

fn parse_archive(tar_bytes: &[u8]) -> (Vec<CveRecord>, usize, usize) {
    let mut archive = tar::Archive::new(tar_bytes);
    let mut records = Vec::new();
    let (mut problems, mut files) = (0, 0);
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
        let parsed = parse_nvd_document(&buffer);
        files += 1;
        problems += parsed.problems.len();
        records.extend(parsed.records);
    }
    (records, problems, files)
}

/// One (part, vendor, product, sample version) per distinct product of a vulnerable criterion.
fn product_samples(records: &[CveRecord]) -> Vec<(String, String, String, String)> {
    let mut seen = BTreeSet::new();
    for criterion in records
        .iter()
        .flat_map(|r| &r.configurations)
        .flat_map(|c| &c.nodes)
        .flat_map(|n| &n.cpe_match)
    {
        let (Some(part), Some(vendor), Some(product)) = (
            criterion.criteria.part(),
            criterion.criteria.vendor(),
            criterion.criteria.product(),
        ) else {
            continue;
        };
        let version = criterion
            .bounds
            .end_excluding
            .clone()
            .or_else(|| criterion.bounds.end_including.clone())
            .or_else(|| {
                criterion
                    .criteria
                    .get(Attribute::Version)
                    .as_literal()
                    .map(str::to_owned)
            })
            .unwrap_or_else(|| "1.0".to_owned());
        seen.insert((
            part.to_owned(),
            vendor.to_owned(),
            product.to_owned(),
            version,
        ));
    }
    let mut unique: Vec<_> = seen.into_iter().collect();
    unique.dedup_by(|a, b| (&a.0, &a.1, &a.2) == (&b.0, &b.1, &b.2));
    unique
}

/// Deterministic assets: each carries 1 OS-like and 2 application CPEs drawn from the feed's
/// products, versions at, just below or far below a bound (so every tier occurs).
fn generate_assets(
    products: &[(String, String, String, String)],
    count: usize,
) -> Vec<AssetContext> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..count)
        .map(|_| {
            let names: Vec<String> = (0..3)
                .map(|_| {
                    let (part, vendor, product, version) =
                        &products[(next() % products.len() as u64) as usize];
                    let version = match next() % 3 {
                        0 => version.clone(),
                        1 => "0.1".to_owned(),
                        _ => "*".to_owned(),
                    };
                    format!("cpe:2.3:{part}:{vendor}:{product}:{version}:*:*:*:*:*:*:*")
                })
                .collect();
            AssetContext::from_cpe_names(&names)
                .unwrap_or_else(|_| AssetContext { cpes: Vec::new() })
        })
        .collect()
}

fn peak_rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .map(|l| l.split_whitespace().skip(1).collect::<Vec<_>>().join(" "))
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

//! Benchmark: evaluate every evidence rule and the current edition (R7) on a generated
//! hospital. Run with `cargo run --release -p mamori-checklist --example bench_checklist [ASSETS]`.

#![allow(clippy::print_stdout, reason = "a benchmark reports on stdout")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark may stop on a broken setup"
)]

use std::time::Instant;

use mamori_checklist::{
    DeviceScope, Evidence, Rule, RuleRef, catalogue, evaluate, self_assessment,
};
use mamori_core::Date;

fn main() {
    let asset_count: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(50_000);
    let started = Instant::now();
    let ledger = mamori_demo::generate_hospital(asset_count, mamori_demo::DEMO_SEED);
    println!(
        "generated {} assets, {} accounts, {} backups in {:.2} s",
        ledger.assets.len(),
        ledger.accounts.len(),
        ledger.backups.len(),
        started.elapsed().as_secs_f64()
    );
    let as_of: Date = "2026-11-23".parse().unwrap();

    let started = Instant::now();
    let evidence = Evidence::new(&ledger, as_of);
    let mut failing = 0;
    for &rule in Rule::ALL {
        let result = evidence.evaluate(RuleRef {
            rule,
            scope: DeviceScope::All,
        });
        failing += result.failures.len();
    }
    println!(
        "all {} rules: {:.3} s ({failing} failing records)",
        Rule::ALL.len(),
        started.elapsed().as_secs_f64()
    );

    let started = Instant::now();
    let edition = catalogue().unwrap().current_edition().unwrap();
    let report = evaluate(
        edition,
        self_assessment().unwrap(),
        &ledger,
        as_of,
        2026,
        &[],
    );
    println!(
        "edition {} report ({} items, self-assessment included): {:.3} s",
        report.edition,
        report.summary.items,
        started.elapsed().as_secs_f64()
    );
}

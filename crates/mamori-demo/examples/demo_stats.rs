//! Prints the demo hospital's record counts, its validation problems and how long
//! `generate_hospital` takes for a given asset count (default 50,000).
//!
//! `cargo run --release -p mamori-demo --example demo_stats -- 50000`

use std::time::Instant;

use mamori_core::{RecordKind, validate_ledger};
use mamori_demo::{demo_hospital, generate_hospital};

#[allow(clippy::print_stdout)]
fn main() {
    let demo = demo_hospital();
    for kind in RecordKind::ALL {
        println!("{:<20} {}", kind.code(), demo.count(*kind));
    }
    let mut kinds = std::collections::BTreeMap::new();
    for asset in &demo.assets {
        *kinds.entry(format!("{:?}", asset.kind)).or_insert(0) += 1;
    }
    println!("asset kinds: {kinds:?}");
    let problems = validate_ledger(&demo);
    println!("demo problems: {}", problems.len());
    for problem in problems.iter().take(20) {
        println!("  {problem}");
    }
    let count: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(50_000);
    let start = Instant::now();
    let big = generate_hospital(count, 1);
    let elapsed = start.elapsed();
    println!(
        "generate_hospital({count}): {elapsed:?}; assets {} zones {} firewalls {} rules {} services {} accounts {}",
        big.assets.len(),
        big.zones.len(),
        big.firewalls.len(),
        big.firewall_rules.len(),
        big.services.len(),
        big.accounts.len()
    );
    let start = Instant::now();
    let problems = validate_ledger(&big);
    println!(
        "validate: {:?}, problems {}",
        start.elapsed(),
        problems.len()
    );
    for problem in problems.iter().take(20) {
        println!("  {problem}");
    }
}

//! Times the engine on a generated hospital at the product's design limit (50,000 assets,
//! 1,000 zones, 20,000 rules). Run with
//! `cargo run -p mamori-paths --release --example bench_paths [assets zones rules points [open]]`.
#![allow(clippy::print_stdout, reason = "a benchmark reports on stdout")]

use std::time::Instant;

use mamori_paths::synthetic::{Size, hospital};
use mamori_paths::{Engine, Entered};

fn arg(args: &[String], i: usize, default: usize) -> usize {
    args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let limit = Size::hospital_limit();
    let size = Size {
        assets: arg(&args, 1, limit.assets),
        zones: arg(&args, 2, limit.zones),
        rules: arg(&args, 3, limit.rules),
        points: arg(&args, 4, limit.points),
        seed: limit.seed,
    };
    let started = Instant::now();
    let mut facts = hospital(size);
    // `open` as the fifth argument: every point enterable (worst case for the fix ranking).
    if args.get(5).is_some_and(|a| a == "open") {
        for point in &mut facts.points {
            point.requires_auth = false;
            point.source_ip_restricted = false;
        }
    }
    let generated = started.elapsed();
    println!(
        "facts: {} assets, {} services, {} zones, {} firewalls, {} rules, {} points, {} vulns, {} accepted_on, generated in {generated:.2?}",
        facts.assets.len(),
        facts.services.len(),
        facts.zones.len(),
        facts.firewalls.len(),
        facts.firewalls.iter().map(|f| f.rules.len()).sum::<usize>(),
        facts.points.len(),
        facts.vulnerabilities.len(),
        facts.accepted_on.len(),
    );
    let started = Instant::now();
    let engine = Engine::new(&facts);
    let analysis = engine.analysis();
    let analysed = started.elapsed();
    let entered = analysis
        .entries
        .iter()
        .filter(|e| matches!(e.entered, Entered::Present | Entered::Controlled))
        .count();
    let max_controlled = analysis
        .entries
        .iter()
        .map(|e| e.controlled.len())
        .max()
        .unwrap_or(0);
    let broken = analysis.recovery.iter().filter(|r| r.broken).count();
    println!(
        "analysis: {analysed:.2?} — {} entries ({entered} entered), up to {max_controlled} assets controlled from one entry, {} reached pairs, {} of {} crown jewels with broken recovery, {} problems",
        analysis.entries.len(),
        analysis.reached.len(),
        broken,
        analysis.recovery.len(),
        analysis.problems.len(),
    );
    let started = Instant::now();
    let ranking = engine.rank_fixes();
    let ranked = started.elapsed();
    println!(
        "fix ranking: {ranked:.2?} — {} candidates, {} entry re-runs, {} fixes listed",
        ranking.candidates,
        ranking.reruns,
        ranking.fixes.len()
    );
    for fix in ranking.fixes.iter().take(5) {
        println!(
            "  {} cut={} restored={}",
            fix.id,
            fix.pairs_cut.len(),
            fix.recoveries_restored.len()
        );
    }
}

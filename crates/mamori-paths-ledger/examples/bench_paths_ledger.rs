//! Attack paths on generated hospital ledgers: ledger → facts, full analysis and fix ranking,
//! time and peak memory, and gringo on the same facts (the oracle's rules) where it finishes.
//!
//! ```text
//! cargo build --release -p mamori-paths-ledger --example bench_paths_ledger
//! target/release/examples/bench_paths_ledger 6000 80 [gringo-timeout-seconds]
//! ```
//! One size per process so that the peak RSS belongs to that size alone.

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a benchmark binary"
)]

#[path = "../tests/datalog/mod.rs"]
#[allow(dead_code, reason = "the benchmark uses only the encoding")]
mod datalog;

use std::io::Write as _;
use std::process::{Command, Stdio};
use std::time::Instant;

use mamori_paths::Engine;
use mamori_paths_ledger::facts_from_ledger;

/// Peak resident set of this process so far, in MiB (Linux `VmHWM`).
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Resets the peak so the next reading covers only what follows (Linux ≥ 4.0).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let assets: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(6_000);
    let zones: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(80);
    let timeout: u64 = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(120);

    let started = Instant::now();
    let ledger = mamori_demo::generate_hospital_with_zones(assets, zones, 1);
    let generated = started.elapsed();
    let base_mib = peak_mib();

    reset_peak();
    let started = Instant::now();
    let conversion = facts_from_ledger(&ledger);
    let converted = started.elapsed();
    let facts = &conversion.facts;
    let started = Instant::now();
    let engine = Engine::new(facts);
    let analysis = engine.analysis();
    let analysed = started.elapsed();
    let started = Instant::now();
    let ranking = engine.rank_fixes();
    let ranked = started.elapsed();
    let started = Instant::now();
    let findings = engine.finding_exposure();
    let exposed = started.elapsed();
    let engine_peak = peak_mib();

    let rules: usize = facts.firewalls.iter().map(|f| f.rules.len()).sum();
    println!(
        "ledger: {} assets, {} zones, {} services, {} rules, {} points, {} accounts (generated in {:.2?}, process {:.0} MiB)",
        facts.assets.len(),
        facts.zones.len(),
        facts.services.len(),
        rules,
        facts.points.len(),
        ledger.accounts.len(),
        generated,
        base_mib
    );
    println!(
        "engine: ledger→facts {:.1?}, analysis {:.1?}, fix ranking {:.1?}, exposure of {} findings {:.1?} (total {:.1?}); {} pairs reached, {} broken, {} fixes of {} candidates, {} entry re-runs; peak RSS {:.0} MiB",
        converted,
        analysed,
        ranked,
        findings.len(),
        exposed,
        converted + analysed + ranked + exposed,
        analysis.reached.len(),
        analysis.recovery.iter().filter(|r| r.broken).count(),
        ranking.fixes.len(),
        ranking.candidates,
        ranking.reruns,
        engine_peak
    );
    gringo(facts, timeout);
}

/// gringo on the oracle rules, timed by /usr/bin/time (wall seconds, max RSS).
fn gringo(facts: &mamori_paths::Facts, timeout: u64) {
    let encoded = format!("{}\n{}", datalog::RULES, datalog::encode(facts));
    let path = std::env::temp_dir().join(format!("mamori-bench-{}.lp", std::process::id()));
    std::fs::write(&path, encoded).unwrap();
    // `timeout` ends gringo itself; /usr/bin/time reports what it used until then.
    let output = Command::new("/usr/bin/time")
        .args(["-f", "%e s, %M KiB"])
        .args(["timeout", &timeout.to_string(), "gringo", "--warn=none"])
        .arg(&path)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .expect("/usr/bin/time, timeout and gringo");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let line = stderr.lines().last().unwrap_or_default();
    let figures = line
        .split_once(", ")
        .and_then(|(s, kib)| {
            let kib: f64 = kib.trim_end_matches(" KiB").parse().ok()?;
            Some(format!("{s}, peak RSS {:.0} MiB", kib / 1024.0))
        })
        .unwrap_or_else(|| line.to_owned());
    if output.status.code() == Some(124) {
        println!("gringo: did not finish within {timeout} s ({figures})");
    } else {
        println!("gringo: {figures} (exit {})", output.status);
    }
    let _ = std::fs::remove_file(&path);
    let _ = std::io::stdout().flush();
}

//! Where `mamori vuln match` spends its time, phase by phase, on a SQLite data directory that
//! `scripts/bench-vuln.sh` (or `mamori demo` + `mamori feed import`) filled:
//! `cargo run --release -p mamori-cli --example vuln_phases -- DATA_DIR [HOSPITAL]`.
//! Each phase is what the command does, in its order; "match" is every target against every
//! loaded feed, with each target's findings made (and counted), not written.

#![allow(clippy::print_stdout, reason = "a benchmark reports on stdout")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark may stop on a broken setup"
)]

use std::time::Instant;

use mamori_findings::{Matches, VulnIndex, ledger_targets};
use mamori_store::{FeedStore, HospitalId, SqliteStore, load_ledger};
use mamori_vuln::{FeedSet, FeedSource};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const MATCH_SOURCES: [FeedSource; 5] = [
    FeedSource::Nvd,
    FeedSource::NvdOverride,
    FeedSource::Cve5,
    FeedSource::Kev,
    FeedSource::Jvn,
];

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("DATA_DIR");
    let hospital = HospitalId(args.next().unwrap_or_else(|| "default".to_owned()));
    let store = SqliteStore::open(std::path::Path::new(&dir))
        .await
        .expect("store");
    let all = Instant::now();

    let t = Instant::now();
    let ledger = load_ledger(&store, &hospital, None).await.expect("ledger");
    let ledger_s = t.elapsed();

    let t = Instant::now();
    let codes: Vec<&str> = MATCH_SOURCES.iter().map(|s| s.code()).collect();
    let rows = store.feed_bodies(&codes).await.expect("feeds");
    let bytes: usize = rows.iter().map(|(_, b)| b.len()).sum();
    let fetch_s = t.elapsed();

    let t = Instant::now();
    let set = FeedSet::from_bodies(
        rows.iter()
            .filter_map(|(s, b)| Some((FeedSource::from_code(s)?, b.as_str()))),
    );
    let parse_s = t.elapsed();
    drop(rows);

    let t = Instant::now();
    let index = VulnIndex::new(set);
    let index_s = t.elapsed();

    let t = Instant::now();
    let (targets, _) = ledger_targets(&ledger);
    let targets_s = t.elapsed();

    let today = "2026-11-24".parse().expect("date");
    let t = Instant::now();
    let matches = Matches::new(&targets, &index, &[], today);
    let grouped_s = t.elapsed();
    let t = Instant::now();
    let mut findings = 0usize;
    let mut alerts = 0usize;
    for finding in matches.iter() {
        findings += 1;
        alerts += usize::from(finding.is_alert());
    }
    let every_s = t.elapsed();
    let t = Instant::now();
    let alert_list = matches.alerts().count();
    let alerts_s = t.elapsed();
    let total = all.elapsed();

    println!(
        "ledger: {} assets, {} connection points, {} targets, {} distinct CPE sets",
        ledger.assets.len(),
        ledger.connection_points.len(),
        targets.len(),
        matches.distinct_cpe_sets()
    );
    println!(
        "feeds: {} MB of stored bodies, {} matcher entries",
        bytes / 1_000_000,
        index.matcher().entry_count()
    );
    println!("findings: {findings}, alerts: {alerts} (alert list: {alert_list})");
    println!("load ledger          {:>8.3} s", ledger_s.as_secs_f64());
    println!("fetch feed bodies    {:>8.3} s", fetch_s.as_secs_f64());
    println!("parse feed bodies    {:>8.3} s", parse_s.as_secs_f64());
    println!("build index          {:>8.3} s", index_s.as_secs_f64());
    println!("ledger → targets     {:>8.3} s", targets_s.as_secs_f64());
    println!("match CPE sets       {:>8.3} s", grouped_s.as_secs_f64());
    println!("make every finding   {:>8.3} s", every_s.as_secs_f64());
    println!("make the alert list  {:>8.3} s", alerts_s.as_secs_f64());
    println!("total                {:>8.3} s", total.as_secs_f64());
}

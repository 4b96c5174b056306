//! Times the phases of writing a generated hospital into an empty store and re-saving it
//! unchanged, on SQLite and (when `MAMORI_BENCH_DATABASE_URL` names an empty database)
//! PostgreSQL: `cargo run --release -p mamori-store --example bench_save -- 50000`.

#![allow(
    clippy::print_stdout,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark binary"
)]

use std::time::Instant;

use mamori_store::*;

async fn phases(store: &impl LedgerStore, label: &str, ledger: &mamori_core::Ledger) {
    let hospital = HospitalId::default_hospital();
    store.ensure_hospital(&hospital, "bench").await.unwrap();
    let meta = ChangeMeta {
        actor: "bench".into(),
        reason: "bench".into(),
    };
    let started = Instant::now();
    let problems = mamori_core::validate_ledger(ledger);
    let validated = started.elapsed();
    let current = store.load_records(&hospital, None).await.unwrap();
    let ops = diff_ledgers(&current, ledger).unwrap();
    let diffed = started.elapsed();
    let summary = store.commit_changes(&hospital, &meta, &ops).await.unwrap();
    let committed = started.elapsed();
    println!(
        "{label}: validate {validated:.2?} ({} problems), diff {:.2?}, commit {:.2?} ({} created); total {committed:.2?}",
        problems.len(),
        diffed - validated,
        committed - diffed,
        summary.created
    );
    let started = Instant::now();
    let again = save_ledger(store, &hospital, &meta, ledger).await.unwrap();
    println!(
        "{label}: re-save unchanged {:.2?} ({} changed)",
        started.elapsed(),
        again.created + again.updated
    );
    let started = Instant::now();
    let loaded = load_ledger(store, &hospital, None).await.unwrap();
    println!(
        "{label}: load {:.2?} ({} assets)",
        started.elapsed(),
        loaded.assets.len()
    );
    let started = Instant::now();
    let report = verify_audit(store, &hospital).await.unwrap();
    println!(
        "{label}: audit verify {:.2?} (intact: {})",
        started.elapsed(),
        report.is_intact()
    );
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let assets: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(50_000);
    let started = Instant::now();
    let ledger = mamori_demo::generate_hospital(assets, 1);
    println!("generate {assets} assets: {:.2?}", started.elapsed());
    let dir = tempfile::tempdir().unwrap();
    let sqlite = SqliteStore::open(dir.path()).await.unwrap();
    phases(&sqlite, "sqlite", &ledger).await;
    sqlite.close().await;
    if let Ok(url) = std::env::var("MAMORI_BENCH_DATABASE_URL") {
        let postgres = PgStore::connect(&url).await.unwrap();
        phases(&postgres, "postgres", &ledger).await;
        postgres.close().await;
    }
}

//! Backends for the story test: a temporary SQLite data directory, and a fresh
//! PostgreSQL database that is dropped afterwards.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test support fails loudly"
)]

use std::future::Future;

use mamori_core::*;
use mamori_store::{LedgerStore, PgStore, SqliteStore};

/// A store plus a way to run raw SQL behind its back (for tampering tests).
pub struct Backend<S: LedgerStore> {
    pub store: S,
    raw: Raw,
}

enum Raw {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

impl<S: LedgerStore> Backend<S> {
    pub async fn execute(&self, sql: &'static str) {
        match &self.raw {
            Raw::Sqlite(pool) => {
                sqlx::query(sql).execute(pool).await.unwrap();
            }
            Raw::Postgres(pool) => {
                sqlx::query(sql).execute(pool).await.unwrap();
            }
        }
    }
}

pub async fn with_sqlite<F, Fut>(body: F)
where
    F: FnOnce(Backend<SqliteStore>) -> Fut,
    Fut: Future<Output = ()>,
{
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path()).await.unwrap();
    let raw = Raw::Sqlite(store.pool().clone());
    body(Backend { store, raw }).await;
}

pub fn postgres_admin_url() -> String {
    std::env::var("MAMORI_TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned())
}

/// Creates `mamori_test_<pid>_<n>` on the server, runs the body, drops the database.
pub async fn with_postgres<F, Fut>(body: F)
where
    F: FnOnce(Backend<PgStore>) -> Fut,
    Fut: Future<Output = ()>,
{
    use std::sync::atomic::{AtomicUsize, Ordering};
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let admin_url = postgres_admin_url();
    let admin = sqlx::PgPool::connect(&admin_url)
        .await
        .expect("PostgreSQL must be running for the storage story");
    let name = format!(
        "mamori_test_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst),
        jiff::Timestamp::now().as_millisecond()
    );
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&admin)
        .await
        .unwrap();
    let url = match admin_url.rsplit_once('/') {
        Some((base, _)) => format!("{base}/{name}"),
        None => panic!("database URL without a database name: {admin_url}"),
    };
    let store = PgStore::connect(&url).await.unwrap();
    let raw = Raw::Postgres(store.pool().clone());
    body(Backend {
        store: store.clone(),
        raw,
    })
    .await;
    store.close().await;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE {name} WITH (FORCE)"
    )))
    .execute(&admin)
    .await
    .unwrap();
}

/// A small but complete ledger: every kind at least once, relations between them.
pub fn sample_ledger() -> Ledger {
    let json = include_str!("sample_ledger.json");
    let mut ledger: Ledger = serde_json::from_str(json).unwrap();
    ledger.sort_canonical();
    assert_eq!(
        validate_ledger(&ledger),
        vec![],
        "the sample ledger must be valid"
    );
    ledger
}

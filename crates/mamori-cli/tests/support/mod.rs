//! Running the real binary, and reaching behind it for tampering tests.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test support fails loudly"
)]

use std::path::Path;
use std::process::Command;

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts success and returns the run.
    pub fn ok(self) -> Run {
        assert_eq!(
            self.code, 0,
            "mamori failed:\nstdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        self
    }
}

/// Runs `mamori --data-dir DATA ARGS…` with a clean, Japanese environment.
pub fn mamori(data_dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_mamori"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("MAMORI_DATABASE_URL")
        .env_remove("MAMORI_DATA_DIR")
        .env("MAMORI_ACTOR", "test")
        .current_dir(data_dir.parent().unwrap_or(data_dir))
        .output()
        .expect("the mamori binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Changes the SQLite database directly, as someone with file access could.
pub fn tamper_sqlite(data_dir: &Path, sql: &'static str) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let store = mamori_store::SqliteStore::open(data_dir).await.unwrap();
        let changed = sqlx::query(sql).execute(store.pool()).await.unwrap();
        assert!(changed.rows_affected() > 0, "tampering changed nothing");
        store.close().await;
    });
}

/// A fresh PostgreSQL database on the test server, dropped when the value is dropped.
pub struct TempPostgres {
    pub url: String,
    name: String,
    admin_url: String,
}

impl TempPostgres {
    pub fn create() -> TempPostgres {
        let admin_url = std::env::var("MAMORI_TEST_DATABASE_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned());
        let name = format!(
            "mamori_cli_test_{}_{}",
            std::process::id(),
            jiff::Timestamp::now().as_microsecond()
        );
        run_admin(&admin_url, format!("CREATE DATABASE {name}"));
        let base = admin_url
            .rsplit_once('/')
            .map(|(base, _)| base.to_owned())
            .expect("URL has a database");
        TempPostgres {
            url: format!("{base}/{name}"),
            name,
            admin_url,
        }
    }
}

impl Drop for TempPostgres {
    fn drop(&mut self) {
        run_admin(
            &self.admin_url,
            format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
        );
    }
}

fn run_admin(admin_url: &str, sql: String) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let pool = sqlx::PgPool::connect(admin_url)
            .await
            .expect("PostgreSQL must be running for the CLI tests");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
    });
}

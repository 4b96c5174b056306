//! Chooses the backend from the command line: SQLite in `--data-dir` by default,
//! PostgreSQL when `--database-url postgres://…` is given.

use anyhow::Context as _;
use mamori_store::{PgStore, SqliteStore};

use crate::args::Cli;

pub enum Opened {
    Sqlite(SqliteStore),
    Postgres(PgStore),
}

pub async fn open(cli: &Cli) -> anyhow::Result<Opened> {
    match cli.database_url.as_deref().filter(|url| !url.is_empty()) {
        Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
            let store = PgStore::connect(url).await.context("PostgreSQL")?;
            Ok(Opened::Postgres(store))
        }
        Some(url) => anyhow::bail!("--database-url: postgres://… only ({url:?})"),
        None => {
            let store = SqliteStore::open(&cli.data_dir)
                .await
                .with_context(|| format!("{}", cli.data_dir.display()))?;
            Ok(Opened::Sqlite(store))
        }
    }
}

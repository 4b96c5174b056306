//! The SQL behind [`LedgerStore`], written once and instantiated for SQLite and PostgreSQL.
//! Both schemas have the same tables and columns and every statement is portable SQL
//! (numbered `$n` parameters, `ON CONFLICT`, row values); only connection setup and the
//! migration directories differ per backend.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use futures_util::TryStreamExt;
use mamori_core::{RecordKind, RecordRef};
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{QueryBuilder, Row};

use crate::audit::{GENESIS_HASH, entry_hash, sha256_hex};
use crate::types::*;

/// Rows per multi-row statement; keeps binds under SQLite's and PostgreSQL's limits.
pub(crate) const CHUNK_ROWS: usize = 1_000;

/// Above this many operations a commit reads all current versions in one query instead of
/// one query per record.
const BULK_LOOKUP_THRESHOLD: usize = 200;

/// The database file inside a data directory.
pub fn sqlite_path(data_dir: &Path) -> PathBuf {
    data_dir.join("mamori.sqlite3")
}

/// The embedded default: one SQLite file in a data directory, WAL, foreign keys on.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if missing) the database in `data_dir` and runs migrations.
    pub async fn open(data_dir: &Path) -> StoreResult<Self> {
        std::fs::create_dir_all(data_dir).map_err(|source| StoreError::DataDir {
            path: data_dir.display().to_string(),
            source,
        })?;
        let options = SqliteConnectOptions::new()
            .filename(sqlite_path(data_dir))
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(30))
            // A 64 MiB page cache keeps the indexes of a 50,000-asset import in memory.
            .pragma("cache_size", "-65536")
            .pragma("temp_store", "memory");
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
        Ok(Self { pool })
    }

    /// The connection pool, for tests and tools that must reach behind the trait.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Hospital groups and ISAC hubs: PostgreSQL.
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// Connects to `postgres://…` and runs migrations.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let options = sqlx::postgres::PgConnectOptions::from_str(url)?;
        let pool = PgPoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
        Ok(Self { pool })
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

fn record_ref(kind: &str, id: String) -> StoreResult<RecordRef> {
    let kind =
        RecordKind::from_code(kind).ok_or_else(|| StoreError::UnknownKind(kind.to_owned()))?;
    Ok(RecordRef::new(kind, id))
}

/// A new version to insert (see `bulk.rs`); borrows the operation's body so a large import is not copied.
pub(crate) struct NewVersion<'a> {
    pub(crate) record: &'a RecordRef,
    pub(crate) version: i64,
    pub(crate) body: &'a str,
}

/// An audit entry to insert.
pub(crate) struct NewEntry<'a> {
    pub(crate) seq: i64,
    pub(crate) action: AuditAction,
    pub(crate) record: &'a RecordRef,
    pub(crate) version: i64,
    pub(crate) body_hash: String,
    pub(crate) prev_hash: String,
    pub(crate) entry_hash: String,
}

/// What a commit will write, decided before any write happens.
#[derive(Default)]
struct CommitPlan<'a> {
    close: Vec<&'a RecordRef>,
    insert: Vec<NewVersion<'a>>,
    entries: Vec<NewEntry<'a>>,
    summary: CommitSummary,
}

/// Decides every write of a commit from the current versions; fails on the first conflict.
fn plan_commit<'a>(
    ops: &'a [RecordOp],
    current: &'a HashMap<RecordRef, (i64, String)>,
    meta: &ChangeMeta,
    at: Micros,
    head: (i64, String),
) -> StoreResult<CommitPlan<'a>> {
    let mut plan = CommitPlan::default();
    let (mut seq, mut prev_hash) = head;
    let mut push_entry = |plan: &mut CommitPlan<'a>,
                          action: AuditAction,
                          record: &'a RecordRef,
                          version: i64,
                          body: &str| {
        seq += 1;
        let body_hash = sha256_hex(body.as_bytes());
        let hash = entry_hash(
            &prev_hash,
            seq,
            at,
            &meta.actor,
            action,
            record,
            version,
            &body_hash,
            &meta.reason,
        );
        plan.entries.push(NewEntry {
            seq,
            action,
            record,
            version,
            body_hash,
            prev_hash: std::mem::replace(&mut prev_hash, hash.clone()),
            entry_hash: hash,
        });
    };
    for op in ops {
        let stored = current.get(op.record());
        match op {
            RecordOp::Put {
                record,
                body,
                expected_version,
            } => {
                let found = stored.map(|(version, _)| *version);
                if found != *expected_version {
                    return Err(StoreError::Conflict {
                        record: record.clone(),
                        expected: *expected_version,
                        found,
                    });
                }
                match stored {
                    Some((_, stored_body)) if stored_body == body => plan.summary.unchanged += 1,
                    Some((version, _)) => {
                        plan.close.push(record);
                        plan.insert.push(NewVersion {
                            record,
                            version: version + 1,
                            body,
                        });
                        push_entry(&mut plan, AuditAction::Update, record, version + 1, body);
                        plan.summary.updated += 1;
                    }
                    None => {
                        plan.insert.push(NewVersion {
                            record,
                            version: 1,
                            body,
                        });
                        push_entry(&mut plan, AuditAction::Create, record, 1, body);
                        plan.summary.created += 1;
                    }
                }
            }
            RecordOp::Delete {
                record,
                expected_version,
            } => {
                let Some((version, body)) = stored else {
                    return Err(StoreError::NotFound(record.clone()));
                };
                if version != expected_version {
                    return Err(StoreError::Conflict {
                        record: record.clone(),
                        expected: Some(*expected_version),
                        found: Some(*version),
                    });
                }
                plan.close.push(record);
                push_entry(&mut plan, AuditAction::Delete, record, *version, body);
                plan.summary.deleted += 1;
            }
        }
    }
    if !plan.entries.is_empty() {
        plan.summary.at = Some(at);
    }
    Ok(plan)
}

/// Instantiates the store for one backend. The body is the same SQL for both.
macro_rules! sql_store {
    ($store:ident, $db:ty) => {
        impl $store {
            async fn current_versions(
                tx: &mut sqlx::Transaction<'static, $db>,
                hospital: &HospitalId,
                ops: &[RecordOp],
            ) -> StoreResult<HashMap<RecordRef, (i64, String)>> {
                let mut current = HashMap::new();
                if ops.len() > BULK_LOOKUP_THRESHOLD {
                    // Rows are streamed and only the records the operations touch are kept,
                    // so a large commit holds one copy of what it changes, not of the ledger.
                    let wanted: HashSet<&RecordRef> = ops.iter().map(RecordOp::record).collect();
                    let mut rows = sqlx::query(
                        "SELECT kind, record_id, version, body FROM record_versions \
                         WHERE hospital_id = $1 AND valid_to IS NULL",
                    )
                    .bind(&hospital.0)
                    .fetch(&mut **tx);
                    while let Some(row) = rows.try_next().await? {
                        let record = record_ref(row.try_get("kind")?, row.try_get("record_id")?)?;
                        if wanted.contains(&record) {
                            current.insert(record, (row.try_get("version")?, row.try_get("body")?));
                        }
                    }
                    return Ok(current);
                }
                for op in ops {
                    let record = op.record();
                    let row = sqlx::query(
                        "SELECT version, body FROM record_versions \
                         WHERE hospital_id = $1 AND kind = $2 AND record_id = $3 AND valid_to IS NULL",
                    )
                    .bind(&hospital.0)
                    .bind(record.kind.code())
                    .bind(&record.id)
                    .fetch_optional(&mut **tx)
                    .await?;
                    if let Some(row) = row {
                        current.insert(record.clone(), (row.try_get("version")?, row.try_get("body")?));
                    }
                }
                Ok(current)
            }

            async fn write_plan(
                tx: &mut sqlx::Transaction<'static, $db>,
                hospital: &HospitalId,
                meta: &ChangeMeta,
                at: Micros,
                plan: &CommitPlan<'_>,
            ) -> StoreResult<()> {
                for chunk in plan.close.chunks(CHUNK_ROWS) {
                    let mut query = QueryBuilder::<$db>::new("UPDATE record_versions SET valid_to = ");
                    query.push_bind(at.0);
                    query.push(" WHERE hospital_id = ");
                    query.push_bind(hospital.0.clone());
                    query.push(" AND valid_to IS NULL AND (kind, record_id) IN (VALUES ");
                    let mut rows = query.separated(", ");
                    for record in chunk {
                        rows.push("(");
                        rows.push_bind_unseparated(record.kind.code());
                        rows.push_unseparated(", ");
                        rows.push_bind_unseparated(record.id.clone());
                        rows.push_unseparated(")");
                    }
                    query.push(")");
                    query.build().execute(&mut **tx).await?;
                }
                Self::insert_versions(tx, hospital, at, &plan.insert).await?;
                Self::insert_entries(tx, hospital, meta, at, &plan.entries).await?;
                Ok(())
            }
        }

        impl LedgerStore for $store {
            async fn ensure_hospital(&self, id: &HospitalId, name: &str) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO hospitals (id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING",
                )
                .bind(&id.0)
                .bind(name)
                .bind(Micros::now().0)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn list_hospitals(&self) -> StoreResult<Vec<HospitalSummary>> {
                let rows = sqlx::query(
                    "SELECT h.id, h.name, \
                     (SELECT COUNT(*) FROM record_versions r WHERE r.hospital_id = h.id AND r.valid_to IS NULL) AS records, \
                     (SELECT COUNT(*) FROM audit_log a WHERE a.hospital_id = h.id) AS entries \
                     FROM hospitals h ORDER BY h.id",
                )
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter()
                    .map(|row| {
                        Ok(HospitalSummary {
                            id: HospitalId(row.try_get("id")?),
                            name: row.try_get("name")?,
                            records: row.try_get("records")?,
                            audit_entries: row.try_get("entries")?,
                        })
                    })
                    .collect()
            }

            async fn load_records(&self, hospital: &HospitalId, as_of: Option<Micros>) -> StoreResult<Vec<CurrentRecord>> {
                let query = match as_of {
                    None => sqlx::query(
                        "SELECT kind, record_id, version, body FROM record_versions \
                         WHERE hospital_id = $1 AND valid_to IS NULL ORDER BY kind, record_id",
                    )
                    .bind(&hospital.0),
                    Some(at) => sqlx::query(
                        "SELECT kind, record_id, version, body FROM record_versions \
                         WHERE hospital_id = $1 AND valid_from <= $2 AND (valid_to IS NULL OR valid_to > $2) \
                         ORDER BY kind, record_id",
                    )
                    .bind(&hospital.0)
                    .bind(at.0),
                };
                // Streamed: the rows as the driver holds them and the records made from them
                // are never both in memory for the whole ledger.
                let mut rows = query.fetch(&self.pool);
                let mut records = Vec::new();
                while let Some(row) = rows.try_next().await? {
                    records.push(CurrentRecord {
                        record: record_ref(row.try_get("kind")?, row.try_get("record_id")?)?,
                        version: row.try_get("version")?,
                        body: row.try_get("body")?,
                    });
                }
                Ok(records)
            }

            async fn commit_changes(
                &self,
                hospital: &HospitalId,
                meta: &ChangeMeta,
                ops: &[RecordOp],
            ) -> StoreResult<CommitSummary> {
                if ops.is_empty() {
                    return Ok(CommitSummary::default());
                }
                let mut tx = self.pool.begin().await?;
                // A write first: it takes the hospital's write lock (row lock in PostgreSQL,
                // the database write lock in SQLite) before anything is read.
                let locked = sqlx::query("UPDATE hospitals SET name = name WHERE id = $1")
                    .bind(&hospital.0)
                    .execute(&mut *tx)
                    .await?;
                if locked.rows_affected() == 0 {
                    return Err(StoreError::UnknownHospital(hospital.clone()));
                }
                let head = sqlx::query(
                    "SELECT seq, at, entry_hash FROM audit_log WHERE hospital_id = $1 ORDER BY seq DESC LIMIT 1",
                )
                .bind(&hospital.0)
                .fetch_optional(&mut *tx)
                .await?;
                let (head, last_at) = match head {
                    Some(row) => ((row.try_get::<i64, _>("seq")?, row.try_get::<String, _>("entry_hash")?), row.try_get::<i64, _>("at")?),
                    None => ((0, GENESIS_HASH.to_owned()), i64::MIN),
                };
                // Strictly increasing times keep "as of" unambiguous even if the clock steps back.
                let at = Micros(Micros::now().0.max(last_at.saturating_add(1)));
                let current = Self::current_versions(&mut tx, hospital, ops).await?;
                let plan = plan_commit(ops, &current, meta, at, head)?;
                Self::write_plan(&mut tx, hospital, meta, at, &plan).await?;
                tx.commit().await?;
                Ok(plan.summary)
            }

            async fn record_history(&self, hospital: &HospitalId, record: &RecordRef) -> StoreResult<Vec<RecordVersion>> {
                let rows = sqlx::query(
                    "SELECT v.version, v.valid_from, v.valid_to, v.body, a.actor, a.reason \
                     FROM record_versions v JOIN audit_log a \
                       ON a.hospital_id = v.hospital_id AND a.kind = v.kind AND a.record_id = v.record_id \
                      AND a.version = v.version AND a.action IN ('create', 'update') \
                     WHERE v.hospital_id = $1 AND v.kind = $2 AND v.record_id = $3 ORDER BY v.version",
                )
                .bind(&hospital.0)
                .bind(record.kind.code())
                .bind(&record.id)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter()
                    .map(|row| {
                        Ok(RecordVersion {
                            version: row.try_get("version")?,
                            valid_from: Micros(row.try_get("valid_from")?),
                            valid_to: row.try_get::<Option<i64>, _>("valid_to")?.map(Micros),
                            body: row.try_get("body")?,
                            actor: row.try_get("actor")?,
                            reason: row.try_get("reason")?,
                        })
                    })
                    .collect()
            }

            async fn audit_entries(&self, hospital: &HospitalId, after_seq: i64, limit: i64) -> StoreResult<Vec<AuditEntry>> {
                let rows = sqlx::query(
                    "SELECT seq, at, actor, action, kind, record_id, version, body_hash, reason, prev_hash, entry_hash \
                     FROM audit_log WHERE hospital_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
                )
                .bind(&hospital.0)
                .bind(after_seq)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter()
                    .map(|row| {
                        let action: String = row.try_get("action")?;
                        Ok(AuditEntry {
                            seq: row.try_get("seq")?,
                            at: Micros(row.try_get("at")?),
                            actor: row.try_get("actor")?,
                            action: AuditAction::from_code(&action).ok_or(StoreError::UnknownKind(action))?,
                            record: record_ref(row.try_get("kind")?, row.try_get("record_id")?)?,
                            version: row.try_get("version")?,
                            body_hash: row.try_get("body_hash")?,
                            reason: row.try_get("reason")?,
                            prev_hash: row.try_get("prev_hash")?,
                            entry_hash: row.try_get("entry_hash")?,
                        })
                    })
                    .collect()
            }

            async fn stored_versions(&self, hospital: &HospitalId) -> StoreResult<Vec<StoredVersion>> {
                let rows = sqlx::query(
                    "SELECT kind, record_id, version, valid_from, valid_to, body FROM record_versions \
                     WHERE hospital_id = $1 ORDER BY kind, record_id, version",
                )
                .bind(&hospital.0)
                .fetch_all(&self.pool)
                .await?;
                rows.into_iter()
                    .map(|row| {
                        let body: String = row.try_get("body")?;
                        Ok(StoredVersion {
                            record: record_ref(row.try_get("kind")?, row.try_get("record_id")?)?,
                            version: row.try_get("version")?,
                            valid_from: Micros(row.try_get("valid_from")?),
                            valid_to: row.try_get::<Option<i64>, _>("valid_to")?.map(Micros),
                            body_hash: sha256_hex(body.as_bytes()),
                        })
                    })
                    .collect()
            }
        }
    };
}

sql_store!(SqliteStore, sqlx::Sqlite);
sql_store!(PgStore, sqlx::Postgres);

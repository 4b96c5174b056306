//! The SQL behind [`FeedStore`] and [`ExceptionStore`], written once for SQLite and
//! PostgreSQL like `backend.rs` (portable SQL, numbered parameters, `ON CONFLICT`).

use std::collections::HashMap;

use sqlx::{QueryBuilder, Row};

use crate::audit::{GENESIS_HASH, sha256_hex};
use crate::backend::{PgStore, SqliteStore};
use crate::feeds::*;
use crate::types::{HospitalId, Micros, StoreError, StoreResult};

/// Rows per multi-row insert: 6 binds each stays under SQLite's limit of 32,766.
const FEED_CHUNK_ROWS: usize = 500;

/// What the store holds for one record, for deciding an upsert.
struct Stored {
    modified: Option<String>,
    body_sha256: String,
}

/// A row to write, with its body hash.
struct Write<'a> {
    row: &'a FeedRow,
    body_sha256: String,
}

/// Decides, per row, insert / update / keep; the last row of a duplicated id wins.
fn plan_upsert<'a>(
    rows: &'a [FeedRow],
    stored: &HashMap<(String, String), Stored>,
) -> (Vec<Write<'a>>, ImportCounts) {
    let mut counts = ImportCounts::default();
    let mut latest: HashMap<(&str, &str), usize> = HashMap::new();
    for (idx, row) in rows.iter().enumerate() {
        latest.insert((row.source.as_str(), row.id.as_str()), idx);
    }
    let mut writes = Vec::new();
    for (idx, row) in rows.iter().enumerate() {
        if latest.get(&(row.source.as_str(), row.id.as_str())) != Some(&idx) {
            continue;
        }
        let body_sha256 = sha256_hex(row.body.as_bytes());
        match stored.get(&(row.source.clone(), row.id.clone())) {
            None => counts.inserted += 1,
            Some(old) if old.body_sha256 == body_sha256 => {
                counts.unchanged += 1;
                continue;
            }
            Some(old) if is_older(row.modified.as_deref(), old.modified.as_deref()) => {
                counts.older += 1;
                continue;
            }
            Some(_) => counts.updated += 1,
        }
        writes.push(Write { row, body_sha256 });
    }
    (writes, counts)
}

/// ISO 8601 stamps of one feed compare as text; without both stamps the new copy wins.
fn is_older(new: Option<&str>, stored: Option<&str>) -> bool {
    matches!((new, stored), (Some(new), Some(stored)) if new < stored)
}

fn problem_list(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_default()
}

macro_rules! feed_store {
    ($store:ident, $db:ty) => {
        impl $store {
            async fn stored_for(
                tx: &mut sqlx::Transaction<'static, $db>,
                rows: &[FeedRow],
            ) -> StoreResult<HashMap<(String, String), Stored>> {
                let mut sources: Vec<&str> = rows.iter().map(|r| r.source.as_str()).collect();
                sources.sort_unstable();
                sources.dedup();
                let mut stored = HashMap::new();
                // A small file (one CVE 5 record) looks up its own ids; a bundle reads the
                // source's hashes in one pass instead of thousands of lookups.
                if rows.len() <= FEED_CHUNK_ROWS {
                    for row in rows {
                        let found = sqlx::query(
                            "SELECT modified, body_sha256 FROM vuln_records WHERE source = $1 AND record_id = $2",
                        )
                        .bind(&row.source)
                        .bind(&row.id)
                        .fetch_optional(&mut **tx)
                        .await?;
                        if let Some(found) = found {
                            stored.insert(
                                (row.source.clone(), row.id.clone()),
                                Stored {
                                    modified: found.try_get("modified")?,
                                    body_sha256: found.try_get("body_sha256")?,
                                },
                            );
                        }
                    }
                    return Ok(stored);
                }
                for source in sources {
                    let found = sqlx::query(
                        "SELECT record_id, modified, body_sha256 FROM vuln_records WHERE source = $1",
                    )
                    .bind(source)
                    .fetch_all(&mut **tx)
                    .await?;
                    for row in found {
                        stored.insert(
                            (source.to_owned(), row.try_get("record_id")?),
                            Stored {
                                modified: row.try_get("modified")?,
                                body_sha256: row.try_get("body_sha256")?,
                            },
                        );
                    }
                }
                Ok(stored)
            }

            async fn write_rows(
                tx: &mut sqlx::Transaction<'static, $db>,
                import_sha256: &str,
                writes: &[Write<'_>],
            ) -> StoreResult<()> {
                for chunk in writes.chunks(FEED_CHUNK_ROWS) {
                    let mut query = QueryBuilder::<$db>::new(
                        "INSERT INTO vuln_records (source, record_id, modified, body_sha256, body, import_sha256) ",
                    );
                    query.push_values(chunk, |mut row, write| {
                        row.push_bind(write.row.source.clone())
                            .push_bind(write.row.id.clone())
                            .push_bind(write.row.modified.clone())
                            .push_bind(write.body_sha256.clone())
                            .push_bind(write.row.body.clone())
                            .push_bind(import_sha256.to_owned());
                    });
                    query.push(
                        " ON CONFLICT (source, record_id) DO UPDATE SET modified = excluded.modified, \
                         body_sha256 = excluded.body_sha256, body = excluded.body, \
                         import_sha256 = excluded.import_sha256",
                    );
                    query.build().execute(&mut **tx).await?;
                }
                Ok(())
            }

            async fn record_import(
                tx: &mut sqlx::Transaction<'static, $db>,
                import: &FeedImport,
                records: usize,
                counts: &ImportCounts,
            ) -> StoreResult<()> {
                let kept: Vec<&String> = import.problems.iter().take(KEPT_PROBLEMS).collect();
                sqlx::query(
                    "INSERT INTO feed_imports (sha256, file_name, sources, imported_at, actor, records, \
                     inserted, updated, unchanged, older, problems, problem_list) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                )
                .bind(&import.sha256)
                .bind(&import.file_name)
                .bind(&import.sources)
                .bind(Micros::now().0)
                .bind(&import.actor)
                .bind(i64::try_from(records).unwrap_or(i64::MAX))
                .bind(counts.inserted)
                .bind(counts.updated)
                .bind(counts.unchanged)
                .bind(counts.older)
                .bind(i64::try_from(import.problems.len()).unwrap_or(i64::MAX))
                .bind(serde_json::to_string(&kept)?)
                .execute(&mut **tx)
                .await?;
                Ok(())
            }

            async fn exception_head(
                tx: &mut sqlx::Transaction<'static, $db>,
                hospital: &HospitalId,
            ) -> StoreResult<(i64, String, i64)> {
                let head = sqlx::query(
                    "SELECT seq, at, entry_hash FROM vuln_exception_events WHERE hospital_id = $1 \
                     ORDER BY seq DESC LIMIT 1",
                )
                .bind(&hospital.0)
                .fetch_optional(&mut **tx)
                .await?;
                Ok(match head {
                    Some(row) => (row.try_get("seq")?, row.try_get("entry_hash")?, row.try_get("at")?),
                    None => (0, GENESIS_HASH.to_owned(), i64::MIN),
                })
            }
        }

        impl FeedStore for $store {
            async fn import_feed(&self, import: &FeedImport, rows: &[FeedRow]) -> StoreResult<ImportOutcome> {
                let mut tx = self.pool().begin().await?;
                let known = sqlx::query("SELECT sha256 FROM feed_imports WHERE sha256 = $1")
                    .bind(&import.sha256)
                    .fetch_optional(&mut *tx)
                    .await?;
                if known.is_some() {
                    tx.rollback().await?;
                    if let Some(previous) = self.feed_import(&import.sha256).await? {
                        return Ok(ImportOutcome::AlreadyImported(previous));
                    }
                    return Err(StoreError::UnknownKind(import.sha256.clone()));
                }
                let stored = Self::stored_for(&mut tx, rows).await?;
                let (writes, counts) = plan_upsert(rows, &stored);
                Self::write_rows(&mut tx, &import.sha256, &writes).await?;
                Self::record_import(&mut tx, import, rows.len(), &counts).await?;
                tx.commit().await?;
                Ok(ImportOutcome::Imported(counts))
            }

            async fn feed_import(&self, sha256: &str) -> StoreResult<Option<FeedImportSummary>> {
                let imports = self.select_imports(Some(sha256)).await?;
                Ok(imports.into_iter().next())
            }

            async fn feed_imports(&self) -> StoreResult<Vec<FeedImportSummary>> {
                self.select_imports(None).await
            }

            async fn feed_counts(&self) -> StoreResult<Vec<SourceCount>> {
                let rows = sqlx::query(
                    "SELECT source, COUNT(*) AS records, MAX(modified) AS newest FROM vuln_records \
                     GROUP BY source ORDER BY source",
                )
                .fetch_all(self.pool())
                .await?;
                rows.into_iter()
                    .map(|row| {
                        Ok(SourceCount {
                            source: row.try_get("source")?,
                            records: row.try_get("records")?,
                            newest_modified: row.try_get("newest")?,
                        })
                    })
                    .collect()
            }

            async fn feed_bodies(&self, sources: &[&str]) -> StoreResult<Vec<(String, String)>> {
                let mut bodies = Vec::new();
                for source in sources {
                    let rows = sqlx::query("SELECT body FROM vuln_records WHERE source = $1")
                        .bind(*source)
                        .fetch_all(self.pool())
                        .await?;
                    for row in rows {
                        bodies.push(((*source).to_owned(), row.try_get("body")?));
                    }
                }
                Ok(bodies)
            }

            async fn feed_record(&self, id: &str) -> StoreResult<Vec<FeedRow>> {
                let rows = sqlx::query(
                    "SELECT source, record_id, modified, body FROM vuln_records WHERE record_id = $1 ORDER BY source",
                )
                .bind(id)
                .fetch_all(self.pool())
                .await?;
                rows.into_iter()
                    .map(|row| {
                        Ok(FeedRow {
                            source: row.try_get("source")?,
                            id: row.try_get("record_id")?,
                            modified: row.try_get("modified")?,
                            body: row.try_get("body")?,
                        })
                    })
                    .collect()
            }
        }

        impl $store {
            async fn select_imports(&self, sha256: Option<&str>) -> StoreResult<Vec<FeedImportSummary>> {
                let rows = sqlx::query(
                    "SELECT sha256, file_name, sources, imported_at, actor, records, inserted, updated, \
                     unchanged, older, problems, problem_list FROM feed_imports \
                     WHERE $1 IS NULL OR sha256 = $1 ORDER BY imported_at DESC, file_name",
                )
                .bind(sha256)
                .fetch_all(self.pool())
                .await?;
                rows.into_iter()
                    .map(|row| {
                        Ok(FeedImportSummary {
                            file_name: row.try_get("file_name")?,
                            sha256: row.try_get("sha256")?,
                            sources: row.try_get("sources")?,
                            imported_at: Micros(row.try_get("imported_at")?),
                            actor: row.try_get("actor")?,
                            records: row.try_get("records")?,
                            counts: ImportCounts {
                                inserted: row.try_get("inserted")?,
                                updated: row.try_get("updated")?,
                                unchanged: row.try_get("unchanged")?,
                                older: row.try_get("older")?,
                            },
                            problems: row.try_get("problems")?,
                            problem_list: problem_list(&row.try_get::<String, _>("problem_list")?),
                        })
                    })
                    .collect()
            }
        }

        impl ExceptionStore for $store {
            async fn append_exception_event(
                &self,
                hospital: &HospitalId,
                actor: &str,
                action: ExceptionAction,
                exception_id: &str,
                body: &str,
            ) -> StoreResult<ExceptionEvent> {
                let mut tx = self.pool().begin().await?;
                let locked = sqlx::query("UPDATE hospitals SET name = name WHERE id = $1")
                    .bind(&hospital.0)
                    .execute(&mut *tx)
                    .await?;
                if locked.rows_affected() == 0 {
                    return Err(StoreError::UnknownHospital(hospital.clone()));
                }
                let (seq, prev_hash, last_at) = Self::exception_head(&mut tx, hospital).await?;
                let at = Micros(Micros::now().0.max(last_at.saturating_add(1)));
                let seq = seq + 1;
                let entry_hash = exception_event_hash(&prev_hash, seq, at, actor, action, exception_id, body);
                sqlx::query(
                    "INSERT INTO vuln_exception_events (hospital_id, seq, at, actor, action, exception_id, \
                     body, prev_hash, entry_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(&hospital.0)
                .bind(seq)
                .bind(at.0)
                .bind(actor)
                .bind(action.code())
                .bind(exception_id)
                .bind(body)
                .bind(&prev_hash)
                .bind(&entry_hash)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(ExceptionEvent {
                    seq,
                    at,
                    actor: actor.to_owned(),
                    action,
                    exception_id: exception_id.to_owned(),
                    body: body.to_owned(),
                    prev_hash,
                    entry_hash,
                })
            }

            async fn exception_events(&self, hospital: &HospitalId) -> StoreResult<Vec<ExceptionEvent>> {
                let rows = sqlx::query(
                    "SELECT seq, at, actor, action, exception_id, body, prev_hash, entry_hash \
                     FROM vuln_exception_events WHERE hospital_id = $1 ORDER BY seq",
                )
                .bind(&hospital.0)
                .fetch_all(self.pool())
                .await?;
                rows.into_iter()
                    .map(|row| {
                        let action: String = row.try_get("action")?;
                        Ok(ExceptionEvent {
                            seq: row.try_get("seq")?,
                            at: Micros(row.try_get("at")?),
                            actor: row.try_get("actor")?,
                            action: ExceptionAction::from_code(&action)
                                .ok_or(StoreError::UnknownKind(action))?,
                            exception_id: row.try_get("exception_id")?,
                            body: row.try_get("body")?,
                            prev_hash: row.try_get("prev_hash")?,
                            entry_hash: row.try_get("entry_hash")?,
                        })
                    })
                    .collect()
            }
        }
    };
}

feed_store!(SqliteStore, sqlx::Sqlite);
feed_store!(PgStore, sqlx::Postgres);

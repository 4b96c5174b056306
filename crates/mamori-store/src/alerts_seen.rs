//! Which alerts each viewer has seen ("new since the last look"): a narrow trait beside
//! [`crate::FeedStore`], its SQL written once for both backends (migration `0006_alerts_seen`).
//!
//! Findings are recomputed, never stored, so only the key of each alert (target, CVE) and
//! whether it was a KEV alert when seen are kept. Marking as seen *replaces* the viewer's set
//! with the alerts present at that moment: an alert that was gone at the viewer's last look
//! and comes back is new again, and feed re-imports or ledger edits that leave an alert in
//! place do not make it new.

use std::collections::HashMap;
use std::future::Future;

use sqlx::{QueryBuilder, Row};

use crate::backend::{PgStore, SqliteStore};
use crate::types::{HospitalId, Micros, StoreError, StoreResult};

/// Rows per multi-row insert: 7 binds each stays under SQLite's limit of 32,766.
const CHUNK_ROWS: usize = 1_000;

/// One alert as the viewer marks it (kind and id of the target, CVE, KEV or not).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AlertKey {
    /// `asset` or `connection_point` (the findings crate's `TargetKind::code`).
    pub target_kind: String,
    pub target_id: String,
    pub cve: String,
    pub kev: bool,
}

/// One alert a viewer has seen, and since when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeenAlert {
    pub key: AlertKey,
    /// The first look at which it was marked, kept while the alert stays.
    pub seen_at: Micros,
}

/// What a viewer has seen of one hospital's alerts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AlertLook {
    /// When the viewer last marked the alerts as seen (`None`: never).
    pub looked_at: Option<Micros>,
    /// How many alerts there were then.
    pub alerts_then: i64,
    pub seen: Vec<SeenAlert>,
}

/// Per-hospital, per-viewer memory of seen alerts.
pub trait AlertSeenStore: Send + Sync {
    /// The viewer's last look at the hospital's alerts.
    fn alert_look(
        &self,
        hospital: &HospitalId,
        viewer: &str,
    ) -> impl Future<Output = StoreResult<AlertLook>> + Send;
    /// Marks exactly `current` (the alerts present now) as seen by the viewer, in one
    /// transaction; alerts marked before and no longer present are forgotten. Returns the time
    /// of the look.
    fn mark_alerts_seen(
        &self,
        hospital: &HospitalId,
        viewer: &str,
        current: &[AlertKey],
    ) -> impl Future<Output = StoreResult<Micros>> + Send;
}

macro_rules! alerts_seen_store {
    ($store:ident, $db:ty) => {
        impl AlertSeenStore for $store {
            async fn alert_look(&self, hospital: &HospitalId, viewer: &str) -> StoreResult<AlertLook> {
                let look = sqlx::query(
                    "SELECT looked_at, alerts FROM vuln_alert_looks WHERE hospital_id = $1 AND viewer = $2",
                )
                .bind(&hospital.0)
                .bind(viewer)
                .fetch_optional(self.pool())
                .await?;
                let rows = sqlx::query(
                    "SELECT target_kind, target_id, cve, kev, seen_at FROM vuln_alerts_seen \
                     WHERE hospital_id = $1 AND viewer = $2 ORDER BY target_kind, target_id, cve",
                )
                .bind(&hospital.0)
                .bind(viewer)
                .fetch_all(self.pool())
                .await?;
                let seen = rows
                    .into_iter()
                    .map(|row| {
                        Ok(SeenAlert {
                            key: AlertKey {
                                target_kind: row.try_get("target_kind")?,
                                target_id: row.try_get("target_id")?,
                                cve: row.try_get("cve")?,
                                kev: row.try_get("kev")?,
                            },
                            seen_at: Micros(row.try_get("seen_at")?),
                        })
                    })
                    .collect::<StoreResult<Vec<_>>>()?;
                Ok(AlertLook {
                    looked_at: look
                        .as_ref()
                        .map(|r| r.try_get("looked_at").map(Micros))
                        .transpose()?,
                    alerts_then: look.map(|r| r.try_get("alerts")).transpose()?.unwrap_or(0),
                    seen,
                })
            }

            async fn mark_alerts_seen(
                &self,
                hospital: &HospitalId,
                viewer: &str,
                current: &[AlertKey],
            ) -> StoreResult<Micros> {
                let mut tx = self.pool().begin().await?;
                let locked = sqlx::query("UPDATE hospitals SET name = name WHERE id = $1")
                    .bind(&hospital.0)
                    .execute(&mut *tx)
                    .await?;
                if locked.rows_affected() == 0 {
                    return Err(StoreError::UnknownHospital(hospital.clone()));
                }
                let previous = sqlx::query(
                    "SELECT target_kind, target_id, cve, kev, seen_at FROM vuln_alerts_seen \
                     WHERE hospital_id = $1 AND viewer = $2",
                )
                .bind(&hospital.0)
                .bind(viewer)
                .fetch_all(&mut *tx)
                .await?;
                let mut since: HashMap<AlertKey, i64> = HashMap::new();
                for row in previous {
                    let key = AlertKey {
                        target_kind: row.try_get("target_kind")?,
                        target_id: row.try_get("target_id")?,
                        cve: row.try_get("cve")?,
                        kev: row.try_get("kev")?,
                    };
                    since.insert(key, row.try_get("seen_at")?);
                }
                sqlx::query("DELETE FROM vuln_alerts_seen WHERE hospital_id = $1 AND viewer = $2")
                    .bind(&hospital.0)
                    .bind(viewer)
                    .execute(&mut *tx)
                    .await?;
                let at = Micros::now();
                let mut unique: Vec<&AlertKey> = current.iter().collect();
                unique.sort_by(|a, b| {
                    (&a.target_kind, &a.target_id, &a.cve).cmp(&(&b.target_kind, &b.target_id, &b.cve))
                });
                unique.dedup_by(|a, b| {
                    a.target_kind == b.target_kind && a.target_id == b.target_id && a.cve == b.cve
                });
                for chunk in unique.chunks(CHUNK_ROWS) {
                    let mut query = QueryBuilder::<$db>::new(
                        "INSERT INTO vuln_alerts_seen (hospital_id, viewer, target_kind, target_id, cve, kev, seen_at) ",
                    );
                    query.push_values(chunk, |mut row, key| {
                        row.push_bind(hospital.0.clone())
                            .push_bind(viewer.to_owned())
                            .push_bind(key.target_kind.clone())
                            .push_bind(key.target_id.clone())
                            .push_bind(key.cve.clone())
                            .push_bind(key.kev)
                            .push_bind(since.get(*key).copied().unwrap_or(at.0));
                    });
                    query.build().execute(&mut *tx).await?;
                }
                sqlx::query(
                    "INSERT INTO vuln_alert_looks (hospital_id, viewer, looked_at, alerts) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (hospital_id, viewer) DO UPDATE SET looked_at = excluded.looked_at, \
                     alerts = excluded.alerts",
                )
                .bind(&hospital.0)
                .bind(viewer)
                .bind(at.0)
                .bind(i64::try_from(unique.len()).unwrap_or(i64::MAX))
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(at)
            }
        }
    };
}

alerts_seen_store!(SqliteStore, sqlx::Sqlite);
alerts_seen_store!(PgStore, sqlx::Postgres);

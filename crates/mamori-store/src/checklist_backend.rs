//! The SQL behind [`ChecklistStore`], written once for SQLite and PostgreSQL.

use mamori_checklist::{AnswerValue, ManualAnswer};
use mamori_core::Date;
use sqlx::Row;

use crate::backend::{PgStore, SqliteStore};
use crate::checklist::{ChecklistStore, StoredAnswer};
use crate::types::{HospitalId, Micros, StoreError, StoreResult};

const ANSWER_COLUMNS: &str = "fiscal_year, item_id, vendor_id, answer, checked_on, target_date, \
     owner, comment, answered_by, recorded_at";

/// A stored date that does not parse is a corrupt row, not a user error.
fn stored_date(text: String) -> StoreResult<Date> {
    text.parse().map_err(|_| StoreError::UnknownKind(text))
}

macro_rules! sql_checklist_store {
    ($store:ident, $row:ty) => {
        impl $store {
            fn answer_from_row(row: &$row) -> StoreResult<StoredAnswer> {
                let code: String = row.try_get("answer")?;
                let vendor: String = row.try_get("vendor_id")?;
                let fiscal_year: i32 = row.try_get("fiscal_year")?;
                Ok(StoredAnswer {
                    answer: ManualAnswer {
                        item_id: row.try_get("item_id")?,
                        vendor_id: (!vendor.is_empty()).then_some(vendor),
                        fiscal_year: i16::try_from(fiscal_year)
                            .map_err(|_| StoreError::UnknownKind(fiscal_year.to_string()))?,
                        answer: AnswerValue::from_code(&code).ok_or(StoreError::UnknownKind(code))?,
                        checked_on: stored_date(row.try_get("checked_on")?)?,
                        target_date: row
                            .try_get::<Option<String>, _>("target_date")?
                            .map(stored_date)
                            .transpose()?,
                        owner: row.try_get("owner")?,
                        comment: row.try_get("comment")?,
                        answered_by: row.try_get("answered_by")?,
                    },
                    recorded_at: Micros(row.try_get("recorded_at")?),
                })
            }
        }

        impl ChecklistStore for $store {
            async fn record_answer(
                &self,
                hospital: &HospitalId,
                answer: &ManualAnswer,
                recorded_at: Micros,
            ) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO checklist_answers (hospital_id, fiscal_year, item_id, vendor_id, answer, \
                     checked_on, target_date, owner, comment, answered_by, recorded_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                )
                .bind(&hospital.0)
                .bind(i32::from(answer.fiscal_year))
                .bind(&answer.item_id)
                .bind(answer.vendor_id.as_deref().unwrap_or(""))
                .bind(answer.answer.code())
                .bind(answer.checked_on.to_string())
                .bind(answer.target_date.map(|d| d.to_string()))
                .bind(&answer.owner)
                .bind(&answer.comment)
                .bind(&answer.answered_by)
                .bind(recorded_at.0)
                .execute(self.pool())
                .await?;
                Ok(())
            }

            async fn answer_history(
                &self,
                hospital: &HospitalId,
                fiscal_year: i16,
                item_id: Option<&str>,
            ) -> StoreResult<Vec<StoredAnswer>> {
                let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT {ANSWER_COLUMNS} FROM checklist_answers \
                     WHERE hospital_id = $1 AND fiscal_year = $2 AND ($3 IS NULL OR item_id = $3) \
                     ORDER BY id"
                )))
                .bind(&hospital.0)
                .bind(i32::from(fiscal_year))
                .bind(item_id)
                .fetch_all(self.pool())
                .await?;
                rows.iter().map(Self::answer_from_row).collect()
            }

            async fn latest_answers(
                &self,
                hospital: &HospitalId,
                fiscal_year: i16,
            ) -> StoreResult<Vec<StoredAnswer>> {
                let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT {ANSWER_COLUMNS} FROM checklist_answers a \
                     WHERE hospital_id = $1 AND fiscal_year = $2 AND id = ( \
                       SELECT MAX(b.id) FROM checklist_answers b WHERE b.hospital_id = a.hospital_id \
                       AND b.fiscal_year = a.fiscal_year AND b.item_id = a.item_id AND b.vendor_id = a.vendor_id) \
                     ORDER BY item_id, vendor_id"
                )))
                .bind(&hospital.0)
                .bind(i32::from(fiscal_year))
                .fetch_all(self.pool())
                .await?;
                rows.iter().map(Self::answer_from_row).collect()
            }
        }
    };
}

sql_checklist_store!(SqliteStore, sqlx::sqlite::SqliteRow);
sql_checklist_store!(PgStore, sqlx::postgres::PgRow);

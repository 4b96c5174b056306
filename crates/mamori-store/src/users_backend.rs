//! The SQL behind [`UserStore`], written once and instantiated for SQLite and PostgreSQL
//! (the same pattern as `backend.rs`: portable SQL with `$n` parameters).

use sqlx::Row;

use crate::backend::{PgStore, SqliteStore};
use crate::types::{HospitalId, Micros, StoreError, StoreResult};
use crate::users::{ApiToken, Role, Session, User, UserStore};

const USER_COLUMNS: &str =
    "login, display_name, role, vendor_id, password_hash, disabled, created_at";
const TOKEN_COLUMNS: &str = "token_digest, login, label, created_at, expires_at, last_used_at";

/// Instantiates the user store for one backend. The body is the same SQL for both.
macro_rules! sql_user_store {
    ($store:ident, $row:ty) => {
        impl $store {
            fn token_from_row(row: &$row) -> StoreResult<ApiToken> {
                Ok(ApiToken {
                    token_digest: row.try_get("token_digest")?,
                    login: row.try_get("login")?,
                    label: row.try_get("label")?,
                    created_at: Micros(row.try_get("created_at")?),
                    expires_at: row.try_get::<Option<i64>, _>("expires_at")?.map(Micros),
                    last_used_at: row.try_get::<Option<i64>, _>("last_used_at")?.map(Micros),
                })
            }

            fn user_from_row(row: &$row) -> StoreResult<User> {
                let role: String = row.try_get("role")?;
                Ok(User {
                    login: row.try_get("login")?,
                    display_name: row.try_get("display_name")?,
                    role: Role::from_code(&role).ok_or(StoreError::UnknownKind(role))?,
                    vendor_id: row.try_get("vendor_id")?,
                    password_hash: row.try_get("password_hash")?,
                    disabled: row.try_get("disabled")?,
                    created_at: Micros(row.try_get("created_at")?),
                })
            }
        }

        impl UserStore for $store {
            async fn count_users(&self, hospital: &HospitalId) -> StoreResult<i64> {
                let row = sqlx::query("SELECT COUNT(*) AS n FROM users WHERE hospital_id = $1")
                    .bind(&hospital.0)
                    .fetch_one(self.pool())
                    .await?;
                Ok(row.try_get("n")?)
            }

            async fn create_user(&self, hospital: &HospitalId, user: &User) -> StoreResult<bool> {
                let done = sqlx::query(
                    "INSERT INTO users (hospital_id, login, display_name, role, vendor_id, password_hash, \
                     disabled, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                     ON CONFLICT (hospital_id, login) DO NOTHING",
                )
                .bind(&hospital.0)
                .bind(&user.login)
                .bind(&user.display_name)
                .bind(user.role.code())
                .bind(&user.vendor_id)
                .bind(&user.password_hash)
                .bind(user.disabled)
                .bind(user.created_at.0)
                .execute(self.pool())
                .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn find_user(&self, hospital: &HospitalId, login: &str) -> StoreResult<Option<User>> {
                let row = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT {USER_COLUMNS} FROM users WHERE hospital_id = $1 AND login = $2"
                )))
                .bind(&hospital.0)
                .bind(login)
                .fetch_optional(self.pool())
                .await?;
                row.as_ref().map(Self::user_from_row).transpose()
            }

            async fn list_users(&self, hospital: &HospitalId) -> StoreResult<Vec<User>> {
                let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT {USER_COLUMNS} FROM users WHERE hospital_id = $1 ORDER BY login"
                )))
                .bind(&hospital.0)
                .fetch_all(self.pool())
                .await?;
                rows.iter().map(Self::user_from_row).collect()
            }

            async fn set_password(&self, hospital: &HospitalId, login: &str, password_hash: &str) -> StoreResult<bool> {
                let mut tx = self.pool().begin().await?;
                let done = sqlx::query("UPDATE users SET password_hash = $3 WHERE hospital_id = $1 AND login = $2")
                    .bind(&hospital.0)
                    .bind(login)
                    .bind(password_hash)
                    .execute(&mut *tx)
                    .await?;
                // A new password ends every session opened with the old one.
                sqlx::query("DELETE FROM sessions WHERE hospital_id = $1 AND login = $2")
                    .bind(&hospital.0)
                    .bind(login)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(done.rows_affected() == 1)
            }

            async fn set_disabled(&self, hospital: &HospitalId, login: &str, disabled: bool) -> StoreResult<bool> {
                let mut tx = self.pool().begin().await?;
                let done = sqlx::query("UPDATE users SET disabled = $3 WHERE hospital_id = $1 AND login = $2")
                    .bind(&hospital.0)
                    .bind(login)
                    .bind(disabled)
                    .execute(&mut *tx)
                    .await?;
                if disabled {
                    sqlx::query("DELETE FROM sessions WHERE hospital_id = $1 AND login = $2")
                        .bind(&hospital.0)
                        .bind(login)
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query("DELETE FROM api_tokens WHERE hospital_id = $1 AND login = $2")
                        .bind(&hospital.0)
                        .bind(login)
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                Ok(done.rows_affected() == 1)
            }

            async fn create_session(&self, hospital: &HospitalId, session: &Session) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO sessions (hospital_id, token_digest, login, csrf_token, created_at, expires_at) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(&hospital.0)
                .bind(&session.token_digest)
                .bind(&session.login)
                .bind(&session.csrf_token)
                .bind(session.created_at.0)
                .bind(session.expires_at.0)
                .execute(self.pool())
                .await?;
                Ok(())
            }

            async fn find_session(&self, hospital: &HospitalId, token_digest: &str, now: Micros) -> StoreResult<Option<Session>> {
                let row = sqlx::query(
                    "SELECT token_digest, login, csrf_token, created_at, expires_at FROM sessions \
                     WHERE hospital_id = $1 AND token_digest = $2 AND expires_at > $3",
                )
                .bind(&hospital.0)
                .bind(token_digest)
                .bind(now.0)
                .fetch_optional(self.pool())
                .await?;
                row.map(|row| {
                    Ok(Session {
                        token_digest: row.try_get("token_digest")?,
                        login: row.try_get("login")?,
                        csrf_token: row.try_get("csrf_token")?,
                        created_at: Micros(row.try_get("created_at")?),
                        expires_at: Micros(row.try_get("expires_at")?),
                    })
                })
                .transpose()
            }

            async fn delete_session(&self, hospital: &HospitalId, token_digest: &str) -> StoreResult<()> {
                sqlx::query("DELETE FROM sessions WHERE hospital_id = $1 AND token_digest = $2")
                    .bind(&hospital.0)
                    .bind(token_digest)
                    .execute(self.pool())
                    .await?;
                Ok(())
            }

            async fn delete_expired_sessions(&self, now: Micros) -> StoreResult<u64> {
                let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
                    .bind(now.0)
                    .execute(self.pool())
                    .await?;
                Ok(done.rows_affected())
            }

            async fn create_api_token(&self, hospital: &HospitalId, token: &ApiToken) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO api_tokens (hospital_id, token_digest, login, label, created_at, expires_at, \
                     last_used_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(&hospital.0)
                .bind(&token.token_digest)
                .bind(&token.login)
                .bind(&token.label)
                .bind(token.created_at.0)
                .bind(token.expires_at.map(|at| at.0))
                .bind(token.last_used_at.map(|at| at.0))
                .execute(self.pool())
                .await?;
                Ok(())
            }

            async fn find_api_token(&self, hospital: &HospitalId, token_digest: &str, now: Micros) -> StoreResult<Option<ApiToken>> {
                let row = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT {TOKEN_COLUMNS} FROM api_tokens \
                     WHERE hospital_id = $1 AND token_digest = $2 AND (expires_at IS NULL OR expires_at > $3)"
                )))
                .bind(&hospital.0)
                .bind(token_digest)
                .bind(now.0)
                .fetch_optional(self.pool())
                .await?;
                row.as_ref().map(Self::token_from_row).transpose()
            }

            async fn list_api_tokens(&self, hospital: &HospitalId, login: Option<&str>) -> StoreResult<Vec<ApiToken>> {
                let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT {TOKEN_COLUMNS} FROM api_tokens \
                     WHERE hospital_id = $1 AND ($2 IS NULL OR login = $2) \
                     ORDER BY login, created_at DESC, token_digest"
                )))
                .bind(&hospital.0)
                .bind(login)
                .fetch_all(self.pool())
                .await?;
                rows.iter().map(Self::token_from_row).collect()
            }

            async fn revoke_api_token(&self, hospital: &HospitalId, token_digest: &str, login: Option<&str>) -> StoreResult<bool> {
                let done = sqlx::query(
                    "DELETE FROM api_tokens WHERE hospital_id = $1 AND token_digest = $2 \
                     AND ($3 IS NULL OR login = $3)",
                )
                .bind(&hospital.0)
                .bind(token_digest)
                .bind(login)
                .execute(self.pool())
                .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn touch_api_token(&self, hospital: &HospitalId, token_digest: &str, now: Micros) -> StoreResult<()> {
                sqlx::query(
                    "UPDATE api_tokens SET last_used_at = $3 WHERE hospital_id = $1 AND token_digest = $2",
                )
                .bind(&hospital.0)
                .bind(token_digest)
                .bind(now.0)
                .execute(self.pool())
                .await?;
                Ok(())
            }
        }
    };
}

sql_user_store!(SqliteStore, sqlx::sqlite::SqliteRow);
sql_user_store!(PgStore, sqlx::postgres::PgRow);

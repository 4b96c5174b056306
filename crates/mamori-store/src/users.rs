//! Who may use mamori: accounts with a role, login sessions and API tokens, per hospital
//! (tenant) like everything else. A second narrow trait beside [`crate::LedgerStore`], so the
//! ledger's storage contract stays about the ledger.
//!
//! Secrets never reach the database in the clear: passwords are stored as argon2id PHC
//! strings made by the caller, session and API tokens as SHA-256 hex digests
//! ([`token_digest`]); a stolen database therefore yields no usable login.

use std::fmt;
use std::future::Future;

use sha2::{Digest, Sha256};

use crate::types::{HospitalId, Micros, StoreResult};

/// What a user may do. Stable codes are stored and shown via the catalogue (`web-role-<code>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Everything, including accounts.
    Admin,
    /// Reads and writes the ledger.
    Editor,
    /// Reads the ledger.
    Viewer,
    /// Reads only its own vendor's records (a maintenance company's account).
    Vendor,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Editor, Role::Viewer, Role::Vendor];

    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Editor => "editor",
            Role::Viewer => "viewer",
            Role::Vendor => "vendor",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.code() == code)
    }

    /// May change the ledger.
    pub fn can_write(self) -> bool {
        matches!(self, Role::Admin | Role::Editor)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// One account of one hospital.
#[derive(Clone, PartialEq, Eq)]
pub struct User {
    /// The login name, unique per hospital.
    pub login: String,
    pub display_name: String,
    pub role: Role,
    /// The vendor (ledger `vendors` id) a vendor account is limited to.
    pub vendor_id: Option<String>,
    /// argon2id PHC string (`$argon2id$v=19$…`).
    pub password_hash: String,
    pub disabled: bool,
    pub created_at: Micros,
}

impl fmt::Debug for User {
    /// Without the password hash: debug output ends up in logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("User")
            .field("login", &self.login)
            .field("role", &self.role)
            .field("vendor_id", &self.vendor_id)
            .field("disabled", &self.disabled)
            .finish_non_exhaustive()
    }
}

/// A login session. The browser holds the token; the store holds only its digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub token_digest: String,
    pub login: String,
    /// The per-session proof that a form was served by mamori (CSRF).
    pub csrf_token: String,
    pub created_at: Micros,
    pub expires_at: Micros,
}

/// A token for scripts (`Authorization: Bearer …`), acting as its user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    pub token_digest: String,
    pub login: String,
    /// What the token is for, chosen by its creator.
    pub label: String,
    pub created_at: Micros,
    pub expires_at: Option<Micros>,
    /// When a request last used it (to the minute); `None`: never.
    pub last_used_at: Option<Micros>,
}

/// The stored form of a session or API token.
pub fn token_digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Accounts, sessions and API tokens. Every method is scoped by hospital.
pub trait UserStore: Send + Sync {
    fn count_users(&self, hospital: &HospitalId) -> impl Future<Output = StoreResult<i64>> + Send;
    /// Adds the user; `false` when the login is already taken (nothing is changed).
    fn create_user(
        &self,
        hospital: &HospitalId,
        user: &User,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    fn find_user(
        &self,
        hospital: &HospitalId,
        login: &str,
    ) -> impl Future<Output = StoreResult<Option<User>>> + Send;
    fn list_users(
        &self,
        hospital: &HospitalId,
    ) -> impl Future<Output = StoreResult<Vec<User>>> + Send;
    /// Replaces the password hash and ends the user's sessions; `false` for an unknown login.
    fn set_password(
        &self,
        hospital: &HospitalId,
        login: &str,
        password_hash: &str,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Disables or enables; disabling ends the user's sessions and API tokens.
    fn set_disabled(
        &self,
        hospital: &HospitalId,
        login: &str,
        disabled: bool,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    fn create_session(
        &self,
        hospital: &HospitalId,
        session: &Session,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// The session with this digest if it has not expired at `now`.
    fn find_session(
        &self,
        hospital: &HospitalId,
        token_digest: &str,
        now: Micros,
    ) -> impl Future<Output = StoreResult<Option<Session>>> + Send;
    fn delete_session(
        &self,
        hospital: &HospitalId,
        token_digest: &str,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// Removes every session expired at `now`, in every hospital; returns how many.
    fn delete_expired_sessions(&self, now: Micros)
    -> impl Future<Output = StoreResult<u64>> + Send;
    fn create_api_token(
        &self,
        hospital: &HospitalId,
        token: &ApiToken,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// The API token with this digest if it has not expired at `now`.
    fn find_api_token(
        &self,
        hospital: &HospitalId,
        token_digest: &str,
        now: Micros,
    ) -> impl Future<Output = StoreResult<Option<ApiToken>>> + Send;
    /// The API tokens of one user, or of everyone with `None`, expired ones included,
    /// by login then newest first.
    fn list_api_tokens(
        &self,
        hospital: &HospitalId,
        login: Option<&str>,
    ) -> impl Future<Output = StoreResult<Vec<ApiToken>>> + Send;
    /// Deletes the token with this digest (only if it is `login`'s, when given);
    /// `false` when there was no such token.
    fn revoke_api_token(
        &self,
        hospital: &HospitalId,
        token_digest: &str,
        login: Option<&str>,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Records that the token was used at `now`.
    fn touch_api_token(
        &self,
        hospital: &HospitalId,
        token_digest: &str,
        now: Micros,
    ) -> impl Future<Output = StoreResult<()>> + Send;
}

//! Storage of hospital ledgers: one narrow, intention-named trait ([`LedgerStore`]) with a
//! SQLite implementation (embedded default) and a PostgreSQL one (groups and ISAC hubs).
//!
//! Every record is kept as a sequence of versions with validity intervals, so the ledger
//! can be read as it was at any past instant; every change is an entry of a per-hospital
//! hash-chained audit log that `verify_audit` checks against the stored versions.
//!
//! Architecture invariants: every table, key, index and query is scoped by hospital;
//! nothing outside this crate writes SQL; the ledger is validated before any write
//! (see [`save_ledger`]) so the database never holds a ledger with known problems.

mod alerts_seen;
mod audit;
mod backend;
mod bulk;
mod checklist;
mod checklist_backend;
mod diff;
mod feeds;
mod feeds_backend;
mod types;
mod users;
mod users_backend;

pub use alerts_seen::{AlertKey, AlertLook, AlertSeenStore, SeenAlert};
pub use audit::{AuditReport, AuditViolation, verify_audit};
pub use backend::{PgStore, SqliteStore, sqlite_path};
pub use checklist::{ChecklistStore, StoredAnswer, answers_in_force};
pub use diff::{diff_ledgers, save_ledger, save_validated};
pub use feeds::*;
pub use types::*;
pub use users::{ApiToken, Role, Session, User, UserStore, token_digest};

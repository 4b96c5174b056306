//! The vocabulary of the storage trait: hospitals, changes, versions and audit entries.

use std::fmt;
use std::future::Future;

use mamori_core::{Ledger, Problem, RecordBodyError, RecordRef};

/// The tenant key. A single-hospital install has one, `default`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HospitalId(pub String);

impl HospitalId {
    pub fn default_hospital() -> Self {
        Self("default".to_owned())
    }
}

impl fmt::Display for HospitalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An instant in microseconds since the Unix epoch (UTC), as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Micros(pub i64);

impl Micros {
    pub fn now() -> Self {
        Self::from_timestamp(jiff::Timestamp::now())
    }

    pub fn from_timestamp(timestamp: jiff::Timestamp) -> Self {
        Self(timestamp.as_microsecond())
    }

    pub fn to_timestamp(self) -> Option<jiff::Timestamp> {
        jiff::Timestamp::from_microsecond(self.0).ok()
    }
}

impl fmt::Display for Micros {
    /// RFC 3339 in Asia/Tokyo, the zone every hospital user reads.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.to_timestamp() {
            Some(timestamp) => match jiff::tz::TimeZone::get("Asia/Tokyo") {
                Ok(tokyo) => write!(
                    f,
                    "{}",
                    timestamp
                        .to_zoned_datetime(tokyo)
                        .strftime("%Y-%m-%dT%H:%M:%S%.6f%:z")
                ),
                Err(_) => write!(f, "{timestamp}"),
            },
            None => write!(f, "{}µs", self.0),
        }
    }
}

/// Who makes a change and why; recorded with every audit entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeMeta {
    pub actor: String,
    pub reason: String,
}

/// One change to one record. `expected_version` guards against lost updates: the change is
/// refused when the record's current version differs (None = must not exist yet).
#[derive(Debug, Clone, PartialEq)]
pub enum RecordOp {
    Put {
        record: RecordRef,
        body: String,
        expected_version: Option<i64>,
    },
    Delete {
        record: RecordRef,
        expected_version: i64,
    },
}

impl RecordOp {
    pub fn record(&self) -> &RecordRef {
        match self {
            RecordOp::Put { record, .. } | RecordOp::Delete { record, .. } => record,
        }
    }
}

/// What a commit did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommitSummary {
    pub created: usize,
    pub updated: usize,
    pub deleted: usize,
    pub unchanged: usize,
    /// The instant the change took effect (None when nothing changed).
    pub at: Option<Micros>,
}

/// A stored record with its version, for optimistic concurrency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentRecord {
    pub record: RecordRef,
    pub version: i64,
    pub body: String,
}

/// One version of one record, with the audit entry that created it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordVersion {
    pub version: i64,
    pub valid_from: Micros,
    pub valid_to: Option<Micros>,
    pub body: String,
    pub actor: String,
    pub reason: String,
}

/// One audit-log entry as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: Micros,
    pub actor: String,
    pub action: AuditAction,
    pub record: RecordRef,
    pub version: i64,
    pub body_hash: String,
    pub reason: String,
    pub prev_hash: String,
    pub entry_hash: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditAction {
    Create,
    Update,
    Delete,
}

impl AuditAction {
    pub fn code(self) -> &'static str {
        match self {
            AuditAction::Create => "create",
            AuditAction::Update => "update",
            AuditAction::Delete => "delete",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [
            AuditAction::Create,
            AuditAction::Update,
            AuditAction::Delete,
        ]
        .into_iter()
        .find(|a| a.code() == code)
    }
}

/// A stored version's identity and validity, for audit verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredVersion {
    pub record: RecordRef,
    pub version: i64,
    pub valid_from: Micros,
    pub valid_to: Option<Micros>,
    pub body_hash: String,
}

/// A hospital (tenant) with its current size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HospitalSummary {
    pub id: HospitalId,
    pub name: String,
    pub records: i64,
    pub audit_entries: i64,
}

/// Why a storage operation failed. `code()` is the stable wire code and catalogue key.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("cannot prepare the data directory {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error("the ledger has {} problem(s)", .0.len())]
    Invalid(Vec<Problem>),
    #[error(
        "{record} was changed by someone else (expected version {expected:?}, found {found:?})"
    )]
    Conflict {
        record: RecordRef,
        expected: Option<i64>,
        found: Option<i64>,
    },
    #[error("no such record: {0}")]
    NotFound(RecordRef),
    #[error("no such hospital: {0}")]
    UnknownHospital(HospitalId),
    #[error("stored record cannot be read: {0}")]
    CorruptBody(#[from] RecordBodyError),
    #[error("stored record body is not JSON: {0}")]
    BodyJson(#[from] serde_json::Error),
    #[error("unknown record kind in the database: {0}")]
    UnknownKind(String),
}

impl StoreError {
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::Database(_) => "store_database",
            StoreError::Migration(_) => "store_migration",
            StoreError::DataDir { .. } => "store_data_dir",
            StoreError::Invalid(_) => "store_invalid",
            StoreError::Conflict { .. } => "store_conflict",
            StoreError::NotFound(_) => "store_not_found",
            StoreError::UnknownHospital(_) => "store_unknown_hospital",
            StoreError::CorruptBody(_) | StoreError::BodyJson(_) | StoreError::UnknownKind(_) => {
                "store_corrupt"
            }
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// The storage contract. Every method is scoped by hospital; implementations must make
/// `commit_changes` atomic (all operations and their audit entries, or nothing).
pub trait LedgerStore: Send + Sync {
    /// Creates the hospital if it does not exist; returns its id.
    fn ensure_hospital(
        &self,
        id: &HospitalId,
        name: &str,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    fn list_hospitals(&self) -> impl Future<Output = StoreResult<Vec<HospitalSummary>>> + Send;
    /// Current records (as_of None) or the records valid at that instant.
    fn load_records(
        &self,
        hospital: &HospitalId,
        as_of: Option<Micros>,
    ) -> impl Future<Output = StoreResult<Vec<CurrentRecord>>> + Send;
    /// Applies the operations atomically with one audit entry per changed record.
    fn commit_changes(
        &self,
        hospital: &HospitalId,
        meta: &ChangeMeta,
        ops: &[RecordOp],
    ) -> impl Future<Output = StoreResult<CommitSummary>> + Send;
    fn record_history(
        &self,
        hospital: &HospitalId,
        record: &RecordRef,
    ) -> impl Future<Output = StoreResult<Vec<RecordVersion>>> + Send;
    /// The audit log in sequence order, `limit` entries after `after_seq`.
    fn audit_entries(
        &self,
        hospital: &HospitalId,
        after_seq: i64,
        limit: i64,
    ) -> impl Future<Output = StoreResult<Vec<AuditEntry>>> + Send;
    /// Every stored version with the hash of its body as stored, for verification.
    fn stored_versions(
        &self,
        hospital: &HospitalId,
    ) -> impl Future<Output = StoreResult<Vec<StoredVersion>>> + Send;
}

/// Loads a whole ledger (current or as of an instant), in canonical order.
pub async fn load_ledger(
    store: &impl LedgerStore,
    hospital: &HospitalId,
    as_of: Option<Micros>,
) -> StoreResult<Ledger> {
    let records = store.load_records(hospital, as_of).await?;
    ledger_from_records(records)
}

/// Assembles stored bodies into a ledger.
pub fn ledger_from_records(records: Vec<CurrentRecord>) -> StoreResult<Ledger> {
    let mut ledger = Ledger::default();
    for current in records {
        ledger.insert_record_text(current.record, &current.body)?;
    }
    ledger.sort_canonical();
    Ok(ledger)
}

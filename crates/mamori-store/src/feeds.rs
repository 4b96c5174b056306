//! Vulnerability feeds and risk acceptances: a narrow trait beside [`crate::LedgerStore`].
//!
//! Feeds are shared data (one NVD for every hospital of an instance), so their tables carry no
//! hospital id; exceptions (risk acceptances of findings) belong to one hospital and are kept
//! as an append-only, hash-chained list of events, so their history is evidence too.
//! The store keeps feed records as opaque text: parsing them is the vulnerability engine's job.

use std::future::Future;

use crate::audit::{GENESIS_HASH, sha256_hex};
use crate::types::{HospitalId, Micros, StoreResult};

/// One feed record to store (see `mamori_vuln::FeedRecord`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedRow {
    pub source: String,
    pub id: String,
    /// The feed's last-modified text; an older copy never replaces a newer one.
    pub modified: Option<String>,
    pub body: String,
}

/// One imported file, as the caller describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedImport {
    pub file_name: String,
    /// SHA-256 (hex) of the file's bytes: the same bytes are imported once.
    pub sha256: String,
    /// The feed kinds found in the file, comma-separated (`nvd`, `kev` …).
    pub sources: String,
    pub actor: String,
    /// Records that could not be read, one line each (kept for `feed status`).
    pub problems: Vec<String>,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportCounts {
    pub inserted: i64,
    pub updated: i64,
    pub unchanged: i64,
    /// Records skipped because the stored copy is newer.
    pub older: i64,
}

/// The answer to [`FeedStore::import_feed`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportOutcome {
    Imported(ImportCounts),
    /// These bytes were imported before (under this summary): nothing was written.
    AlreadyImported(FeedImportSummary),
}

/// A row of `feed status`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedImportSummary {
    pub file_name: String,
    pub sha256: String,
    pub sources: String,
    pub imported_at: Micros,
    pub actor: String,
    pub records: i64,
    pub counts: ImportCounts,
    pub problems: i64,
    pub problem_list: Vec<String>,
}

/// Records held per source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceCount {
    pub source: String,
    pub records: i64,
    pub newest_modified: Option<String>,
}

/// At most this many problem lines are kept per import; the count is always exact.
pub const KEPT_PROBLEMS: usize = 1_000;

/// Feed storage.
pub trait FeedStore: Send + Sync {
    /// Stores the records of one file in one transaction (insert, update when newer, else
    /// keep), unless the same bytes were imported before.
    fn import_feed(
        &self,
        import: &FeedImport,
        rows: &[FeedRow],
    ) -> impl Future<Output = StoreResult<ImportOutcome>> + Send;
    /// Whether these bytes were imported before.
    fn feed_import(
        &self,
        sha256: &str,
    ) -> impl Future<Output = StoreResult<Option<FeedImportSummary>>> + Send;
    /// Every import, newest first.
    fn feed_imports(&self) -> impl Future<Output = StoreResult<Vec<FeedImportSummary>>> + Send;
    fn feed_counts(&self) -> impl Future<Output = StoreResult<Vec<SourceCount>>> + Send;
    /// `(source, body)` of every record of the given sources.
    fn feed_bodies(
        &self,
        sources: &[&str],
    ) -> impl Future<Output = StoreResult<Vec<(String, String)>>> + Send;
    /// The records with this id, in every source.
    fn feed_record(&self, id: &str) -> impl Future<Output = StoreResult<Vec<FeedRow>>> + Send;
}

/// `add` or `revoke` of a risk acceptance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExceptionAction {
    Add,
    Revoke,
}

impl ExceptionAction {
    pub fn code(self) -> &'static str {
        match self {
            ExceptionAction::Add => "add",
            ExceptionAction::Revoke => "revoke",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [ExceptionAction::Add, ExceptionAction::Revoke]
            .into_iter()
            .find(|a| a.code() == code)
    }
}

/// One stored event of a hospital's exception list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExceptionEvent {
    pub seq: i64,
    pub at: Micros,
    pub actor: String,
    pub action: ExceptionAction,
    pub exception_id: String,
    /// The exception as JSON text (its shape is the findings crate's).
    pub body: String,
    pub prev_hash: String,
    pub entry_hash: String,
}

/// Per-hospital risk acceptances.
pub trait ExceptionStore: Send + Sync {
    /// Appends an event at the head of the hospital's chain.
    fn append_exception_event(
        &self,
        hospital: &HospitalId,
        actor: &str,
        action: ExceptionAction,
        exception_id: &str,
        body: &str,
    ) -> impl Future<Output = StoreResult<ExceptionEvent>> + Send;
    /// Every event of the hospital, oldest first.
    fn exception_events(
        &self,
        hospital: &HospitalId,
    ) -> impl Future<Output = StoreResult<Vec<ExceptionEvent>>> + Send;
}

/// The hash of an exception event: it covers the previous hash, so editing, removing or
/// reordering a stored event breaks every later hash.
pub fn exception_event_hash(
    prev_hash: &str,
    seq: i64,
    at: Micros,
    actor: &str,
    action: ExceptionAction,
    exception_id: &str,
    body: &str,
) -> String {
    let text = format!(
        "{prev_hash}\n{seq}\n{}\n{actor}\n{}\n{exception_id}\n{}",
        at.0,
        action.code(),
        sha256_hex(body.as_bytes())
    );
    sha256_hex(text.as_bytes())
}

/// The first event whose sequence or hash does not follow from the ones before, if any.
pub fn broken_exception_event(events: &[ExceptionEvent]) -> Option<i64> {
    let mut prev = GENESIS_HASH.to_owned();
    for (idx, event) in events.iter().enumerate() {
        let expected = exception_event_hash(
            &prev,
            event.seq,
            event.at,
            &event.actor,
            event.action,
            &event.exception_id,
            &event.body,
        );
        let seq_ok = i64::try_from(idx + 1).is_ok_and(|want| want == event.seq);
        if !seq_ok || event.prev_hash != prev || event.entry_hash != expected {
            return Some(event.seq);
        }
        prev = expected;
    }
    None
}

//! Turning "the ledger should now look like this" into the smallest set of record changes,
//! and the one safe way to write a ledger: validate, diff, commit.

use std::collections::HashMap;

use mamori_core::{Ledger, RecordRef, Validated, validate_ledger};

use crate::types::*;

/// Operations that turn `current` into `target`: puts for new or changed records,
/// deletes for records that are gone. Unchanged records produce nothing.
pub fn diff_ledgers(current: &[CurrentRecord], target: &Ledger) -> StoreResult<Vec<RecordOp>> {
    let mut existing: HashMap<&RecordRef, &CurrentRecord> = current
        .iter()
        .map(|record| (&record.record, record))
        .collect();
    let mut ops = Vec::new();
    // Texts are made one record at a time: an unchanged record's text is dropped at once.
    target.for_each_record_text(|record, body| match existing.remove(&record) {
        Some(stored) if stored.body == body => {}
        Some(stored) => ops.push(RecordOp::Put {
            record,
            body,
            expected_version: Some(stored.version),
        }),
        None => ops.push(RecordOp::Put {
            record,
            body,
            expected_version: None,
        }),
    })?;
    let mut gone: Vec<&CurrentRecord> = existing.into_values().collect();
    gone.sort_by(|a, b| a.record.cmp(&b.record));
    ops.extend(gone.into_iter().map(|stored| RecordOp::Delete {
        record: stored.record.clone(),
        expected_version: stored.version,
    }));
    Ok(ops)
}

/// Makes the stored ledger equal to `target`, or changes nothing: the target is validated
/// first, and a concurrent change to any touched record makes the commit fail.
pub async fn save_ledger(
    store: &impl LedgerStore,
    hospital: &HospitalId,
    meta: &ChangeMeta,
    target: &Ledger,
) -> StoreResult<CommitSummary> {
    let problems = validate_ledger(target);
    if !problems.is_empty() {
        return Err(StoreError::Invalid(problems));
    }
    commit_ledger(store, hospital, meta, target).await
}

/// [`save_ledger`] for a ledger whose validation the caller already has (an import that
/// validated the merged ledger): the same refusal of a ledger with problems, without
/// validating it a second time.
pub async fn save_validated(
    store: &impl LedgerStore,
    hospital: &HospitalId,
    meta: &ChangeMeta,
    target: &Validated,
) -> StoreResult<CommitSummary> {
    if !target.problems().is_empty() {
        return Err(StoreError::Invalid(target.problems().to_vec()));
    }
    commit_ledger(store, hospital, meta, target.ledger()).await
}

/// Diff against the stored records and commit; `target` is known to be valid.
async fn commit_ledger(
    store: &impl LedgerStore,
    hospital: &HospitalId,
    meta: &ChangeMeta,
    target: &Ledger,
) -> StoreResult<CommitSummary> {
    let current = store.load_records(hospital, None).await?;
    let ops = diff_ledgers(&current, target)?;
    // The commit reads what it needs again inside its transaction.
    drop(current);
    let mut summary = store.commit_changes(hospital, meta, &ops).await?;
    summary.unchanged = target
        .record_count()
        .saturating_sub(summary.created + summary.updated);
    Ok(summary)
}

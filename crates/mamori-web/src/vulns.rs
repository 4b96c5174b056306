//! Findings of the stored vulnerability feeds, as `mamori vuln match` computes them: the feeds
//! indexed once per feed state (the index of a full NVD takes seconds to build, the pages
//! need it on every view), the hospital's risk acceptances read with their chain checked.

use std::sync::{Arc, Mutex};

use mamori_findings::{CpeDictionary, Exception, ExceptionChange, VulnIndex, current_exceptions};
use mamori_store::{
    ExceptionAction, ExceptionStore, FeedStore, HospitalId, SourceCount, broken_exception_event,
};
use mamori_vuln::{AliasTable, FeedSet, FeedSource};

use crate::error::{WebError, WebResult};

/// The feeds matching reads (the same as `vuln match`).
const MATCH_SOURCES: [FeedSource; 5] = [
    FeedSource::Nvd,
    FeedSource::NvdOverride,
    FeedSource::Cve5,
    FeedSource::Kev,
    FeedSource::Jvn,
];

/// The index of the stored feeds, rebuilt when the records per source or their newest
/// modification change (every import that writes changes one of them).
#[derive(Default)]
pub struct VulnCache {
    slot: Mutex<Option<(Vec<SourceCount>, Arc<VulnIndex>)>>,
    /// The vendor/product dictionary of CPE suggestions, built from the same feed state.
    dictionary: Mutex<Option<(Vec<SourceCount>, Arc<CpeDictionary>)>>,
}

impl std::fmt::Debug for VulnCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("VulnCache")
    }
}

impl VulnCache {
    /// `None` when no feed is loaded.
    pub async fn index(&self, store: &impl FeedStore) -> WebResult<Option<Arc<VulnIndex>>> {
        let counts = store.feed_counts().await?;
        if counts.iter().all(|c| c.records == 0) {
            return Ok(None);
        }
        if let Some((key, index)) = self.slot.lock().map_err(poisoned)?.as_ref()
            && *key == counts
        {
            return Ok(Some(Arc::clone(index)));
        }
        let codes: Vec<&str> = MATCH_SOURCES.iter().map(|s| s.code()).collect();
        let rows = store.feed_bodies(&codes).await?;
        let index = tokio::task::spawn_blocking(move || {
            let set = FeedSet::from_bodies(rows.iter().filter_map(|(source, body)| {
                Some((FeedSource::from_code(source)?, body.as_str()))
            }));
            VulnIndex::new(set)
        })
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?;
        let index = Arc::new(index);
        *self.slot.lock().map_err(poisoned)? = Some((counts, Arc::clone(&index)));
        Ok(Some(index))
    }
}

impl VulnCache {
    /// The dictionary of CPE suggestions (NVD, CVE 5, JVN and the alias table); `None` when no
    /// feed is loaded.
    pub async fn dictionary(
        &self,
        store: &impl FeedStore,
    ) -> WebResult<Option<Arc<CpeDictionary>>> {
        let counts = store.feed_counts().await?;
        if counts.iter().all(|c| c.records == 0) {
            return Ok(None);
        }
        if let Some((key, dictionary)) = self.dictionary.lock().map_err(poisoned)?.as_ref()
            && *key == counts
        {
            return Ok(Some(Arc::clone(dictionary)));
        }
        let codes: Vec<&str> = MATCH_SOURCES.iter().map(|s| s.code()).collect();
        let rows = store.feed_bodies(&codes).await?;
        let dictionary = tokio::task::spawn_blocking(move || {
            let set = FeedSet::from_bodies(rows.iter().filter_map(|(source, body)| {
                Some((FeedSource::from_code(source)?, body.as_str()))
            }));
            CpeDictionary::from_feeds(&set, AliasTable::builtin())
        })
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?;
        let dictionary = Arc::new(dictionary);
        *self.dictionary.lock().map_err(poisoned)? = Some((counts, Arc::clone(&dictionary)));
        Ok(Some(dictionary))
    }
}

fn poisoned<T>(_: std::sync::PoisonError<T>) -> WebError {
    WebError::Internal("vulnerability cache lock poisoned".into())
}

/// The hospital's risk acceptances in force (revoked ones removed); a broken chain is an
/// internal error, as it stops `vuln match`.
pub async fn exceptions(
    store: &impl ExceptionStore,
    hospital: &HospitalId,
) -> WebResult<Vec<Exception>> {
    let events = store.exception_events(hospital).await?;
    if let Some(seq) = broken_exception_event(&events) {
        return Err(WebError::Internal(format!(
            "the exception chain is broken at {seq}"
        )));
    }
    let changes = events
        .iter()
        .map(|e| {
            ExceptionChange::from_stored(
                e.action == ExceptionAction::Revoke,
                &e.exception_id,
                &e.body,
            )
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| WebError::Internal(e.to_string()))?;
    Ok(current_exceptions(changes))
}

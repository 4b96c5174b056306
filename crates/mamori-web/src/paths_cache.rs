//! The attack-path analysis of the current ledger (facts with the feed findings, analysis,
//! fix ranking, exposure), kept until the ledger, the loaded feeds or the day change.
//!
//! At 50,000 assets the analysis takes about a second; `/paths`, `/api/v1/paths` and the
//! diagram's paths overlay are read far more often than the ledger changes. Requests that
//! arrive while it is being computed wait for that one computation instead of starting
//! their own.

use std::sync::Arc;

use mamori_core::{Date, Ledger};
use mamori_findings::VulnIndex;
use mamori_paths_report::{Computed, FeedFacts, Loaded, compute, facts_for};
use tokio::sync::Mutex;

use crate::error::{WebError, WebResult};

/// One analysed ledger.
#[derive(Debug)]
pub struct Analysed {
    pub loaded: Loaded,
    pub computed: Computed,
    /// Whether feed findings took part (the page says so when none are loaded).
    pub feeds_loaded: bool,
}

/// What the cached analysis was computed from.
#[derive(Debug)]
struct Key {
    /// The audit head of the ledger snapshot.
    head: i64,
    /// The feed index itself: holding it keeps its identity unique while it is cached.
    index: Option<Arc<VulnIndex>>,
    today: Date,
}

impl Key {
    fn same(&self, other: &Key) -> bool {
        let same_index = match (&self.index, &other.index) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        self.head == other.head && same_index && self.today == other.today
    }
}

#[derive(Debug, Default)]
pub struct PathsCache {
    slot: Mutex<Option<(Key, Arc<Analysed>)>>,
}

impl PathsCache {
    /// The analysis of `ledger` (whose audit head is `head`) with the feeds of `index`.
    pub async fn analysed(
        &self,
        ledger: &Ledger,
        head: i64,
        index: Option<Arc<VulnIndex>>,
    ) -> WebResult<Arc<Analysed>> {
        let key = Key {
            head,
            index,
            today: today(),
        };
        let mut slot = self.slot.lock().await;
        if let Some((cached, analysed)) = slot.as_ref()
            && cached.same(&key)
        {
            return Ok(Arc::clone(analysed));
        }
        let analysed = Arc::new(analyse(ledger.clone(), key.index.clone()).await?);
        *slot = Some((key, Arc::clone(&analysed)));
        Ok(analysed)
    }
}

/// Analyses `ledger` off the async threads (it is pure CPU work).
pub async fn analyse(ledger: Ledger, index: Option<Arc<VulnIndex>>) -> WebResult<Analysed> {
    tokio::task::spawn_blocking(move || {
        let feeds = index.map(FeedFacts::from_index);
        let loaded = loaded_of(ledger, feeds.as_ref())?;
        let computed = compute(&loaded);
        Ok(Analysed {
            loaded,
            computed,
            feeds_loaded: feeds.is_some(),
        })
    })
    .await
    .map_err(|e| WebError::Internal(e.to_string()))?
}

/// Today's date (feed findings use it only for exception expiry, and none are passed).
fn today() -> Date {
    Date(
        jiff::Timestamp::now()
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .date(),
    )
}

/// The facts of `ledger` with the feed findings.
pub fn loaded_of(ledger: Ledger, feeds: Option<&FeedFacts>) -> WebResult<Loaded> {
    // No entry filter is passed, so no entry can be unknown.
    facts_for(ledger, feeds, &[], today())
        .map_err(|unknown| WebError::Internal(format!("unknown entry {}", unknown.0)))
}

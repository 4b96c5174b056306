//! Findings of the stored vulnerability feeds, as `mamori vuln match` computes them: the feeds
//! indexed once per feed state (the index of a full NVD takes seconds to build, the pages
//! need it on every view), the hospital's risk acceptances read with their chain checked.

use std::sync::{Arc, Mutex};

use mamori_core::Date;
use mamori_findings::{
    CpeDictionary, Exception, ExceptionChange, Matches, SeenAlerts, TargetKind, VulnIndex,
    current_exceptions, ledger_targets,
};
use mamori_store::{
    AlertKey, AlertSeenStore, ExceptionAction, ExceptionStore, FeedStore, HospitalId, Micros,
    SourceCount, broken_exception_event,
};
use mamori_vuln::{AliasTable, FeedSet, FeedSource};

use crate::auth::CurrentUser;
use crate::error::{WebError, WebResult};
use crate::state::{AppState, WebStore};

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

/// One alert of the current ledger, owned so that it outlives the request that found it.
#[derive(Debug, Clone, PartialEq)]
pub struct AlertItem {
    pub target_kind: TargetKind,
    pub target_id: String,
    pub cve: String,
    pub kev: bool,
}

impl AlertItem {
    pub fn key(&self) -> AlertKey {
        AlertKey {
            target_kind: self.target_kind.code().to_owned(),
            target_id: self.target_id.clone(),
            cve: self.cve.to_ascii_uppercase(),
            kev: self.kev,
        }
    }
}

/// What the alert list depends on: the ledger (audit head), the feeds, the exceptions in
/// force and the day (an exception ends at midnight, Asia/Tokyo).
type AlertsKey = (i64, Vec<SourceCount>, Vec<Exception>, Date);

/// The alert list of the current ledger, kept until the ledger, the feeds, the exceptions or
/// the day change (the dashboard shows the new-alert count on every view).
#[derive(Default)]
pub struct AlertsCache {
    slot: Mutex<Option<(AlertsKey, Arc<Vec<AlertItem>>)>>,
}

impl std::fmt::Debug for AlertsCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AlertsCache")
    }
}

/// The alerts of the current ledger (`None`: no feed is loaded), every target, unscoped:
/// callers keep what the user may see.
pub async fn current_alerts<S: WebStore>(
    state: &AppState<S>,
) -> WebResult<Option<Arc<Vec<AlertItem>>>> {
    let Some(index) = state.vuln_index().await? else {
        return Ok(None);
    };
    let snapshot = state.snapshot().await?;
    let exceptions = exceptions(state.store(), state.hospital()).await?;
    let today = crate::pages::checklist::tokyo_date(Micros::now())?;
    let key: AlertsKey = (
        snapshot.head,
        state.store().feed_counts().await?,
        exceptions,
        today,
    );
    let cache = state.alerts_cache();
    if let Some((cached, alerts)) = cache.slot.lock().map_err(poisoned)?.as_ref()
        && *cached == key
    {
        return Ok(Some(Arc::clone(alerts)));
    }
    let (targets, _) = ledger_targets(&snapshot.ledger);
    let alerts: Vec<AlertItem> = Matches::new(&targets, &index, &key.2, today)
        .alerts()
        .map(|f| AlertItem {
            target_kind: f.target_kind,
            target_id: f.asset_id.to_owned(),
            cve: f.cve.to_owned(),
            kev: f.kev,
        })
        .collect();
    let alerts = Arc::new(alerts);
    *cache.slot.lock().map_err(poisoned)? = Some((key, Arc::clone(&alerts)));
    Ok(Some(alerts))
}

/// What `viewer` saw at the last look.
pub async fn seen_alerts(
    store: &impl AlertSeenStore,
    hospital: &HospitalId,
    viewer: &str,
) -> WebResult<(Option<Micros>, SeenAlerts)> {
    let look = store.alert_look(hospital, viewer).await?;
    let seen = SeenAlerts::new(look.seen.iter().filter_map(|s| {
        Some((
            TargetKind::from_code(&s.key.target_kind)?,
            s.key.target_id.as_str(),
            s.key.cve.as_str(),
            s.key.kev,
        ))
    }));
    Ok((look.looked_at, seen))
}

/// Alerts in total and new since the user's last look, of the targets the user may see
/// (`None`: no feed is loaded). For the dashboard and the navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct AlertCounts {
    pub alerts: usize,
    pub new: usize,
}

pub async fn alert_counts<S: WebStore>(
    state: &AppState<S>,
    user: &CurrentUser,
) -> WebResult<Option<AlertCounts>> {
    let Some(alerts) = current_alerts(state).await? else {
        return Ok(None);
    };
    let snapshot = state.snapshot().await?;
    let visible = crate::pages::findings::visible_targets(&snapshot.ledger, user);
    let (_, seen) = seen_alerts(state.store(), state.hospital(), &user.login).await?;
    let mine = alerts.iter().filter(|a| {
        visible
            .as_ref()
            .is_none_or(|ids| ids.contains(&a.target_id))
    });
    let mut counts = AlertCounts { alerts: 0, new: 0 };
    for alert in mine {
        counts.alerts += 1;
        if seen.is_new_key(alert.target_kind, &alert.target_id, &alert.cve, alert.kev) {
            counts.new += 1;
        }
    }
    Ok(Some(counts))
}

//! What every request shares: the store, the configuration, the cached ledger, the login
//! throttle and pending imports.
//!
//! The ledger is read far more often than it is written, and a 50,000-asset ledger takes
//! a while to load, so each request works on an immutable [`Snapshot`]. A snapshot stays
//! valid while the hospital's audit log has no entry after the one it was loaded at; that
//! check is one indexed query, so writes by the CLI or another server are seen at once.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use mamori_core::{Gap, Ledger, RecordKind, RecordRef};
use mamori_store::{
    AlertSeenStore, ChecklistStore, ExceptionStore, FeedStore, HospitalId, LedgerStore,
    StoreResult, UserStore, ledger_from_records,
};

use crate::imports::PendingImports;
use crate::throttle::Throttle;

/// Everything the web application needs from storage.
pub trait WebStore:
    LedgerStore
    + UserStore
    + ChecklistStore
    + FeedStore
    + ExceptionStore
    + AlertSeenStore
    + Clone
    + Send
    + Sync
    + 'static
{
}
impl<
    T: LedgerStore
        + UserStore
        + ChecklistStore
        + FeedStore
        + ExceptionStore
        + AlertSeenStore
        + Clone
        + Send
        + Sync
        + 'static,
> WebStore for T
{
}

/// How the server is set up.
#[derive(Debug, Clone)]
pub struct Config {
    /// The hospital (tenant) this server shows.
    pub hospital: HospitalId,
    /// Mark cookies `Secure` (the server is reached over TLS).
    pub secure_cookies: bool,
    /// How long a login lasts.
    pub session_hours: i64,
}

impl Config {
    pub fn new(hospital: HospitalId) -> Self {
        Self {
            hospital,
            secure_cookies: false,
            session_hours: 12,
        }
    }
}

/// Shared state; cheap to clone.
#[derive(Debug)]
pub struct AppState<S> {
    inner: Arc<Inner<S>>,
}

impl<S> Clone for AppState<S> {
    fn clone(&self) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
        }
    }
}

#[derive(Debug)]
struct Inner<S> {
    store: S,
    config: Config,
    cache: LedgerCache,
    throttle: Throttle,
    imports: PendingImports,
    vulns: crate::vulns::VulnCache,
    paths: crate::paths_cache::PathsCache,
    alerts: crate::vulns::AlertsCache,
}

impl<S: WebStore> AppState<S> {
    pub fn new(store: S, config: Config) -> Self {
        Self {
            inner: Arc::new(Inner {
                store,
                config,
                cache: LedgerCache::default(),
                throttle: Throttle::default(),
                imports: PendingImports::default(),
                vulns: crate::vulns::VulnCache::default(),
                paths: crate::paths_cache::PathsCache::default(),
                alerts: crate::vulns::AlertsCache::default(),
            }),
        }
    }

    pub fn store(&self) -> &S {
        &self.inner.store
    }

    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    pub fn hospital(&self) -> &HospitalId {
        &self.inner.config.hospital
    }

    pub fn throttle(&self) -> &Throttle {
        &self.inner.throttle
    }

    pub fn imports(&self) -> &PendingImports {
        &self.inner.imports
    }

    /// The current ledger, from the cache when nothing was written since it was loaded.
    pub async fn snapshot(&self) -> StoreResult<Arc<Snapshot>> {
        self.inner
            .cache
            .get(&self.inner.store, &self.inner.config.hospital)
            .await
    }

    /// The index of the stored vulnerability feeds (`None`: none loaded), rebuilt only
    /// when the feeds changed.
    pub async fn vuln_index(
        &self,
    ) -> crate::error::WebResult<Option<Arc<mamori_findings::VulnIndex>>> {
        self.inner.vulns.index(&self.inner.store).await
    }

    /// The attack-path analysis of the current ledger `snapshot` with the loaded feeds,
    /// computed once per ledger change, feed change and day.
    pub async fn current_paths(
        &self,
        snapshot: &Snapshot,
    ) -> crate::error::WebResult<Arc<crate::paths_cache::Analysed>> {
        let index = self.vuln_index().await?;
        self.inner
            .paths
            .analysed(&snapshot.ledger, snapshot.head, index)
            .await
    }

    /// The vendor/product dictionary of CPE suggestions (`None`: no feed loaded).
    pub async fn cpe_dictionary(
        &self,
    ) -> crate::error::WebResult<Option<Arc<mamori_findings::CpeDictionary>>> {
        self.inner.vulns.dictionary(&self.inner.store).await
    }

    /// The alert list kept between requests (see `vulns::current_alerts`).
    pub fn alerts_cache(&self) -> &crate::vulns::AlertsCache {
        &self.inner.alerts
    }

    /// Forgets the cached ledger after a write through this server.
    pub fn invalidate(&self) {
        self.inner.cache.clear();
    }
}

/// One loaded ledger with what the pages need to find records fast.
#[derive(Debug)]
pub struct Snapshot {
    pub ledger: Ledger,
    /// The last audit sequence number when the ledger was loaded (0: empty log).
    pub head: i64,
    versions: HashMap<RecordRef, i64>,
    asset_index: HashMap<String, usize>,
    point_index: HashMap<String, usize>,
    /// Lower-case text of each asset that search matches against, in ledger order.
    pub asset_search: crate::search::SearchIndex,
    /// The data gaps, computed on first use: the dashboard is read far more often than
    /// the ledger changes, and at 50,000 assets the analysis costs tens of milliseconds.
    gaps: OnceLock<Vec<Gap>>,
    /// The dashboard as hospital staff see it, per language, on first use.
    staff_dashboards: [OnceLock<crate::views::Dashboard>; 2],
    /// Asset indexes sorted by each sort key (see `views::SORT_KEYS`), on first use.
    orders: [OnceLock<Vec<usize>>; SORTED_KEYS],
    /// Every other kind as tables, and the references between records, on first use.
    kinds: crate::kinds::table::KindCache,
}

/// Sort keys besides `id` (the ledger's own order).
const SORTED_KEYS: usize = 5;

impl Snapshot {
    pub fn build(records: Vec<mamori_store::CurrentRecord>, head: i64) -> StoreResult<Self> {
        let versions = records
            .iter()
            .map(|record| (record.record.clone(), record.version))
            .collect();
        let ledger = ledger_from_records(records)?;
        Ok(Self::index(ledger, head, versions))
    }

    fn index(ledger: Ledger, head: i64, versions: HashMap<RecordRef, i64>) -> Self {
        let asset_index = ledger
            .assets
            .iter()
            .enumerate()
            .map(|(index, asset)| (asset.id.0.clone(), index))
            .collect();
        let point_index = ledger
            .connection_points
            .iter()
            .enumerate()
            .map(|(index, point)| (point.id.0.clone(), index))
            .collect();
        let texts: Vec<String> = ledger
            .assets
            .iter()
            .map(crate::views::search_text)
            .collect();
        let asset_search = crate::search::SearchIndex::new(texts.iter().map(String::as_str));
        Self {
            ledger,
            head,
            versions,
            asset_index,
            point_index,
            asset_search,
            gaps: OnceLock::new(),
            staff_dashboards: Default::default(),
            orders: Default::default(),
            kinds: Default::default(),
        }
    }

    /// A snapshot of a ledger that is not (or not yet) stored, for tests and benchmarks.
    pub fn from_ledger(ledger: Ledger) -> Self {
        Self::index(ledger, 0, HashMap::new())
    }

    pub fn kinds(&self) -> &crate::kinds::table::KindCache {
        &self.kinds
    }

    pub fn gaps(&self) -> &[Gap] {
        self.gaps
            .get_or_init(|| mamori_core::data_gaps(&self.ledger))
    }

    /// The staff dashboard in `lang`, built by `build` once per snapshot.
    pub fn staff_dashboard(
        &self,
        lang: mamori_i18n::Lang,
        build: impl FnOnce() -> crate::views::Dashboard,
    ) -> &crate::views::Dashboard {
        let slot = match lang {
            mamori_i18n::Lang::Ja => &self.staff_dashboards[0],
            mamori_i18n::Lang::En => &self.staff_dashboards[1],
        };
        slot.get_or_init(build)
    }

    /// Every asset index ordered by `sort` (ties by id); `None` for the ledger's own order.
    pub fn order(&self, sort: &str) -> Option<&[usize]> {
        let slot = crate::views::SORT_KEYS
            .iter()
            .skip(1)
            .position(|key| *key == sort)?;
        let order = self.orders.get(slot)?.get_or_init(|| {
            let assets = &self.ledger.assets;
            let mut order: Vec<usize> = (0..assets.len()).collect();
            order.sort_by(|a, b| crate::views::compare(&assets[*a], &assets[*b], sort));
            order
        });
        Some(order)
    }

    pub fn asset(&self, id: &str) -> Option<&mamori_core::Asset> {
        self.asset_index
            .get(id)
            .and_then(|index| self.ledger.assets.get(*index))
    }

    pub fn point(&self, id: &str) -> Option<&mamori_core::ConnectionPoint> {
        self.point_index
            .get(id)
            .and_then(|index| self.ledger.connection_points.get(*index))
    }

    /// The stored version of a record (for optimistic concurrency in forms).
    pub fn version(&self, kind: RecordKind, id: &str) -> Option<i64> {
        self.versions.get(&RecordRef::new(kind, id)).copied()
    }
}

/// The cached snapshot of the served hospital.
#[derive(Debug, Default)]
struct LedgerCache {
    current: RwLock<Option<Arc<Snapshot>>>,
    /// Serialises reloads so that 50 clients after a write cause one load, not 50.
    reload: tokio::sync::Mutex<()>,
}

impl LedgerCache {
    fn peek(&self) -> Option<Arc<Snapshot>> {
        match self.current.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn put(&self, snapshot: Option<Arc<Snapshot>>) {
        match self.current.write() {
            Ok(mut guard) => *guard = snapshot,
            Err(poisoned) => *poisoned.into_inner() = snapshot,
        }
    }

    fn clear(&self) {
        self.put(None);
    }

    async fn fresh<S: LedgerStore>(
        &self,
        store: &S,
        hospital: &HospitalId,
    ) -> StoreResult<Option<Arc<Snapshot>>> {
        let Some(snapshot) = self.peek() else {
            return Ok(None);
        };
        let newer = store.audit_entries(hospital, snapshot.head, 1).await?;
        Ok(newer.is_empty().then_some(snapshot))
    }

    async fn get<S: LedgerStore>(
        &self,
        store: &S,
        hospital: &HospitalId,
    ) -> StoreResult<Arc<Snapshot>> {
        if let Some(snapshot) = self.fresh(store, hospital).await? {
            return Ok(snapshot);
        }
        let _reloading = self.reload.lock().await;
        if let Some(snapshot) = self.fresh(store, hospital).await? {
            return Ok(snapshot);
        }
        // The head is read before the records: a write in between makes the snapshot
        // look older than it is, so the next request reloads instead of serving stale data.
        let head = audit_head(store, hospital).await?;
        let records = store.load_records(hospital, None).await?;
        let snapshot = Arc::new(Snapshot::build(records, head)?);
        self.put(Some(Arc::clone(&snapshot)));
        Ok(snapshot)
    }
}

/// The highest audit sequence number of a hospital, found with O(log n) one-row queries
/// (the trait has no "last entry" method, and reading the whole log would be slow).
pub async fn audit_head<S: LedgerStore>(store: &S, hospital: &HospitalId) -> StoreResult<i64> {
    // `reaches(n)`: some entry has seq >= n.
    let reaches = async |n: i64| -> StoreResult<bool> {
        Ok(!store.audit_entries(hospital, n - 1, 1).await?.is_empty())
    };
    if !reaches(1).await? {
        return Ok(0);
    }
    let (mut low, mut high) = (1_i64, 2_i64);
    while reaches(high).await? {
        low = high;
        high = high.saturating_mul(2);
    }
    while high - low > 1 {
        let middle = low + (high - low) / 2;
        if reaches(middle).await? {
            low = middle;
        } else {
            high = middle;
        }
    }
    Ok(low)
}

/// A mutex that survives a panicked holder (the data is a plain map, still consistent).
pub fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    match mutex.lock() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    }
}

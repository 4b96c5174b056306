//! Imports wait between preview and commit: the checked ledger is kept in memory under a
//! random id for a short time, bound to the user who previewed it and to the ledger state
//! it was checked against, so "commit" writes exactly what was previewed or nothing.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use mamori_core::Ledger;

use crate::state::lock;

/// How long a preview can be committed.
const TTL: Duration = Duration::from_secs(30 * 60);
/// At most this many previews are kept (they hold whole ledgers).
const MAX_PENDING: usize = 8;

#[derive(Debug)]
pub struct PendingImport {
    pub login: String,
    /// Audit head of the ledger the import was checked against.
    pub base_head: i64,
    pub file: String,
    pub ledger: Ledger,
    created: Instant,
    /// Insertion order, to evict the oldest even when clock readings tie.
    order: u64,
}

impl PendingImport {
    pub fn new(login: &str, base_head: i64, file: &str, ledger: Ledger) -> Self {
        Self {
            login: login.to_owned(),
            base_head,
            file: file.to_owned(),
            ledger,
            created: Instant::now(),
            order: 0,
        }
    }
}

#[derive(Debug, Default)]
pub struct PendingImports {
    pending: Mutex<HashMap<String, PendingImport>>,
    counter: std::sync::atomic::AtomicU64,
}

impl PendingImports {
    pub fn put(&self, id: String, mut import: PendingImport) {
        import.order = self
            .counter
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut pending = lock(&self.pending);
        pending.retain(|_, old| old.created.elapsed() < TTL);
        while pending.len() >= MAX_PENDING {
            let oldest = pending
                .iter()
                .min_by_key(|(_, old)| old.order)
                .map(|(key, _)| key.clone());
            match oldest {
                Some(key) => pending.remove(&key),
                None => break,
            };
        }
        pending.insert(id, import);
    }

    /// Removes and returns the import if it exists, is fresh and belongs to `login`.
    pub fn take(&self, id: &str, login: &str) -> Option<PendingImport> {
        let mut pending = lock(&self.pending);
        let owned = pending
            .get(id)
            .is_some_and(|found| found.login == login && found.created.elapsed() < TTL);
        if owned { pending.remove(id) } else { None }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_previewing_user_can_take_an_import_once() {
        let imports = PendingImports::default();
        imports.put(
            "a".into(),
            PendingImport::new("alice", 3, "x.csv", Ledger::default()),
        );
        assert!(imports.take("a", "bob").is_none());
        assert_eq!(imports.take("a", "alice").map(|i| i.base_head), Some(3));
        assert!(imports.take("a", "alice").is_none());
    }

    #[test]
    fn old_previews_make_room() {
        let imports = PendingImports::default();
        for n in 0..MAX_PENDING + 2 {
            imports.put(
                n.to_string(),
                PendingImport::new("alice", 0, "x.csv", Ledger::default()),
            );
        }
        assert!(imports.take("0", "alice").is_none());
        assert!(
            imports
                .take(&(MAX_PENDING + 1).to_string(), "alice")
                .is_some()
        );
    }
}

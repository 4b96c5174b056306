//! "New since the last look": which alerts a viewer has not seen yet. The store keeps, per
//! viewer, the alerts present at the viewer's last look (target, CVE, KEV then); this module
//! decides, for the alerts of now, which of them are new.

use std::collections::HashMap;

use crate::Finding;
use crate::exceptions::TargetKind;

/// The alerts a viewer saw at the last look.
#[derive(Debug, Clone, Default)]
pub struct SeenAlerts {
    /// `(kind, target id, CVE upper-cased)` → whether it was a KEV alert then.
    seen: HashMap<(TargetKind, String, String), bool>,
}

impl SeenAlerts {
    /// From `(target kind, target id, CVE, KEV then)` of every alert seen at the last look.
    pub fn new<'s>(seen: impl IntoIterator<Item = (TargetKind, &'s str, &'s str, bool)>) -> Self {
        SeenAlerts {
            seen: seen
                .into_iter()
                .map(|(kind, id, cve, kev)| ((kind, id.to_owned(), cve.to_ascii_uppercase()), kev))
                .collect(),
        }
    }

    /// An alert is new when the viewer's last look did not include it (never seen, or gone at
    /// that look and back since), or when it is KEV now and was not then.
    pub fn is_new(&self, alert: &Finding<'_>) -> bool {
        self.is_new_key(alert.target_kind, alert.asset_id, alert.cve, alert.kev)
    }

    /// [`SeenAlerts::is_new`] for an alert known by its key.
    pub fn is_new_key(&self, kind: TargetKind, target_id: &str, cve: &str, kev: bool) -> bool {
        let key = (kind, target_id.to_owned(), cve.to_ascii_uppercase());
        match self.seen.get(&key) {
            None => true,
            Some(&kev_then) => kev && !kev_then,
        }
    }

    pub fn len(&self) -> usize {
        self.seen.len()
    }

    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }
}

//! Risk acceptances ("exceptions"): a person accepts one CVE on one asset or connection point
//! until a date, with a reason and an approver. The store keeps them as add/revoke events;
//! this module folds the events into the exceptions in force on a date.

use std::collections::BTreeMap;

use mamori_core::Date;
use serde::{Deserialize, Serialize};

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    Asset,
    ConnectionPoint,
}

impl TargetKind {
    pub fn code(self) -> &'static str {
        match self {
            TargetKind::Asset => "asset",
            TargetKind::ConnectionPoint => "connection_point",
        }
    }

    pub fn from_code(code: &str) -> Option<TargetKind> {
        [TargetKind::Asset, TargetKind::ConnectionPoint]
            .into_iter()
            .find(|k| k.code() == code)
    }
}

/// One risk acceptance, as stored in the body of an exception event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exception {
    pub id: String,
    pub target_kind: TargetKind,
    pub target_id: String,
    pub cve: String,
    pub reason: String,
    pub approver: String,
    /// The last day the acceptance holds (inclusive); the finding reappears the day after.
    pub expires: Date,
}

impl Exception {
    /// Whether it is in force on `date`.
    pub fn holds_on(&self, date: Date) -> bool {
        date <= self.expires
    }

    pub fn covers(&self, kind: TargetKind, target_id: &str, cve: &str) -> bool {
        self.target_kind == kind
            && self.target_id == target_id
            && self.cve.eq_ignore_ascii_case(cve)
    }
}

/// One event as the store returns it, reduced to what folding needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExceptionChange {
    Add(Exception),
    Revoke { id: String },
}

/// A stored body that is not an exception.
#[derive(Debug, thiserror::Error)]
#[error("exception {id}: stored body unreadable: {source}")]
pub struct ExceptionBodyError {
    pub id: String,
    pub source: serde_json::Error,
}

impl ExceptionChange {
    /// Reads a stored event (`add` with the exception as JSON, or `revoke`).
    pub fn from_stored(
        is_revoke: bool,
        id: &str,
        body: &str,
    ) -> Result<ExceptionChange, ExceptionBodyError> {
        if is_revoke {
            return Ok(ExceptionChange::Revoke { id: id.to_owned() });
        }
        serde_json::from_str(body)
            .map(ExceptionChange::Add)
            .map_err(|source| ExceptionBodyError {
                id: id.to_owned(),
                source,
            })
    }
}

/// The exceptions not revoked, by id (a later `add` of the same id replaces the earlier one),
/// expired ones included: whether they hold is a question of the date asked about.
pub fn current_exceptions(changes: impl IntoIterator<Item = ExceptionChange>) -> Vec<Exception> {
    let mut current: BTreeMap<String, Exception> = BTreeMap::new();
    for change in changes {
        match change {
            ExceptionChange::Add(exception) => {
                current.insert(exception.id.clone(), exception);
            }
            ExceptionChange::Revoke { id } => {
                current.remove(&id);
            }
        }
    }
    current.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exception(id: &str, expires: &str) -> Exception {
        Exception {
            id: id.to_owned(),
            target_kind: TargetKind::Asset,
            target_id: "a-1".to_owned(),
            cve: "CVE-2022-42475".to_owned(),
            reason: "vendor patch pending".to_owned(),
            approver: "CISO".to_owned(),
            expires: expires.parse().unwrap_or_else(|_| unreachable!()),
        }
    }

    #[test]
    fn expiry_is_inclusive_and_later_days_reappear() {
        let e = exception("x-1", "2026-03-31");
        let day = |text: &str| text.parse::<Date>().unwrap_or_else(|_| unreachable!());
        assert!(e.holds_on(day("2026-03-31")));
        assert!(!e.holds_on(day("2026-04-01")));
        assert!(e.covers(TargetKind::Asset, "a-1", "cve-2022-42475"));
        assert!(!e.covers(TargetKind::ConnectionPoint, "a-1", "CVE-2022-42475"));
    }

    #[test]
    fn revoke_removes_and_re_add_replaces() {
        let changes = vec![
            ExceptionChange::Add(exception("x-1", "2026-01-01")),
            ExceptionChange::Add(exception("x-2", "2026-01-01")),
            ExceptionChange::Revoke {
                id: "x-1".to_owned(),
            },
            ExceptionChange::Add(exception("x-2", "2027-01-01")),
        ];
        let current = current_exceptions(changes);
        assert_eq!(current, vec![exception("x-2", "2027-01-01")]);
    }
}

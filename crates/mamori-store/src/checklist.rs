//! Checklist answers given by hand: a third narrow trait beside [`crate::LedgerStore`] and
//! [`crate::UserStore`]. Answers are appended, never updated, so every fiscal year keeps
//! its history; the latest row per (item, vendor) is the answer in force. Whether an
//! answer is acceptable (known item, 目標日 for いいえ inside the fiscal year, vendor scope)
//! is decided by `mamori_checklist::validate_answer` before it reaches the store.

use std::future::Future;

use mamori_checklist::ManualAnswer;

use crate::types::{HospitalId, Micros, StoreResult};

/// An answer as stored, with the time it was recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAnswer {
    pub answer: ManualAnswer,
    pub recorded_at: Micros,
}

/// Manual checklist answers. Every method is scoped by hospital.
pub trait ChecklistStore: Send + Sync {
    /// Appends an answer (hospital sheet when `vendor_id` is `None`, else that vendor's sheet).
    fn record_answer(
        &self,
        hospital: &HospitalId,
        answer: &ManualAnswer,
        recorded_at: Micros,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// Every answer of the fiscal year, oldest first; only `item_id`'s when given.
    fn answer_history(
        &self,
        hospital: &HospitalId,
        fiscal_year: i16,
        item_id: Option<&str>,
    ) -> impl Future<Output = StoreResult<Vec<StoredAnswer>>> + Send;
    /// The answer in force per (item, vendor) in the fiscal year, by item then vendor.
    fn latest_answers(
        &self,
        hospital: &HospitalId,
        fiscal_year: i16,
    ) -> impl Future<Output = StoreResult<Vec<StoredAnswer>>> + Send;
}

/// The answers in force in the fiscal year, as the evaluation takes them (without the time
/// each was recorded): what the CLI report and every checklist page evaluate against.
pub async fn answers_in_force(
    store: &impl ChecklistStore,
    hospital: &HospitalId,
    fiscal_year: i16,
) -> StoreResult<Vec<ManualAnswer>> {
    let latest = store.latest_answers(hospital, fiscal_year).await?;
    Ok(latest.into_iter().map(|stored| stored.answer).collect())
}

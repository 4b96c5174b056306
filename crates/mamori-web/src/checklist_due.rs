//! Checklist due-date reminders on the dashboard (page and `/api/v1/dashboard`): the いいえ
//! answers of this fiscal year whose 目標日 has passed or falls within [`HORIZON_DAYS`].
//! Staff see every sheet's; a vendor account only its own vendor's.

use mamori_checklist::{catalogue, due_items, fiscal_year_of};
use mamori_core::Date;
use mamori_i18n::{Lang, text};
use mamori_store::answers_in_force;
use serde::Serialize;

use crate::auth::CurrentUser;
use crate::error::{WebError, WebResult};
use crate::fields::url_encode;
use crate::state::{AppState, WebStore};

/// How far ahead a 目標日 is shown.
pub const HORIZON_DAYS: i64 = 30;

#[derive(Debug, Clone, Serialize)]
pub struct DueView {
    pub item_id: String,
    pub vendor_id: Option<String>,
    pub target_date: String,
    /// Negative when overdue.
    pub days_left: i64,
    pub overdue: bool,
    pub owner: Option<String>,
    /// `R7-H-3-3 目標日 2026-12-01（あと8日）担当: 事務長`
    pub label: String,
    pub href: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChecklistDue {
    pub horizon_days: i64,
    pub overdue: usize,
    pub due_soon: usize,
    pub items: Vec<DueView>,
}

/// The reminders `user` may see, as of today in Asia/Tokyo.
pub async fn checklist_due<S: WebStore>(
    state: &AppState<S>,
    user: &CurrentUser,
    lang: Lang,
    today: Date,
) -> WebResult<ChecklistDue> {
    let catalogue = catalogue().map_err(|e| WebError::Internal(e.to_string()))?;
    let answers: Vec<_> = answers_in_force(state.store(), state.hospital(), fiscal_year_of(today))
        .await?
        .into_iter()
        .filter(|answer| match user.vendor_scope() {
            None => true,
            Some(vendor) => answer.vendor_id.as_deref() == Some(vendor),
        })
        .collect();
    let snapshot = state.snapshot().await?;
    let due = due_items(catalogue, &snapshot.ledger, today, &answers, HORIZON_DAYS);
    let items: Vec<DueView> = due
        .iter()
        .map(|item| {
            let when = if item.overdue() {
                text(
                    lang,
                    "checklist-due-overdue",
                    &[("days", &(-item.days_left).to_string())],
                )
            } else {
                text(
                    lang,
                    "checklist-due-left",
                    &[("days", &item.days_left.to_string())],
                )
            };
            let sheet = item.vendor_id.clone().unwrap_or_default();
            let label = text(
                lang,
                "checklist-due-line",
                &[
                    ("item", &item.item_id),
                    ("vendor", &sheet),
                    ("target", &item.target_date.to_string()),
                    ("when", &when),
                    ("owner", item.owner.as_deref().unwrap_or("-")),
                ],
            );
            let href = match &item.vendor_id {
                Some(vendor) => format!(
                    "/checklist/vendors/{}#item-{}",
                    url_encode(vendor),
                    item.item_id
                ),
                None => format!("/checklist#item-{}", item.item_id),
            };
            DueView {
                item_id: item.item_id.clone(),
                vendor_id: item.vendor_id.clone(),
                target_date: item.target_date.to_string(),
                days_left: item.days_left,
                overdue: item.overdue(),
                owner: item.owner.clone(),
                label,
                href,
            }
        })
        .collect();
    let overdue = items.iter().filter(|i| i.overdue).count();
    Ok(ChecklistDue {
        horizon_days: HORIZON_DAYS,
        overdue,
        due_soon: items.len() - overdue,
        items,
    })
}

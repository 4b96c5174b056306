//! Due-date reminders: the いいえ answers whose 目標日 has passed or falls within a horizon
//! (the dashboard uses 30 days). An item answered from evidence is due only while its
//! evidence still fails: fixing the records in the ledger ends the reminder, whatever the
//! plan said. Pure: `today` comes from the caller.

use std::collections::HashMap;

use mamori_core::{Date, Ledger};
use serde::Serialize;

use crate::answers::{AnswerValue, ManualAnswer};
use crate::catalogue::Catalogue;
use crate::report::optional_date_text;
use crate::rules::{Evidence, Outcome, RuleRef};

/// One いいえ with a 目標日 that needs attention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DueItem {
    pub item_id: String,
    /// The vendor sheet the answer belongs to (`None`: the hospital's own sheet).
    pub vendor_id: Option<String>,
    #[serde(serialize_with = "crate::report::date_text")]
    pub target_date: Date,
    /// Days from today to the target date; negative when overdue.
    pub days_left: i64,
    pub owner: Option<String>,
    pub comment: Option<String>,
    /// The answer comes with evidence that still fails (a plan for a ledger gap).
    pub from_evidence: bool,
    #[serde(serialize_with = "optional_date_text")]
    pub checked_on: Option<Date>,
}

impl DueItem {
    pub fn overdue(&self) -> bool {
        self.days_left < 0
    }
}

/// Days from `from` to `to` (negative when `to` is earlier).
fn days_between(from: Date, to: Date) -> i64 {
    let span = from.0.until(to.0).unwrap_or_default();
    i64::from(span.get_days())
}

/// The いいえ answers among `answers` (the answers in force) whose 目標日 is on or before
/// `today + horizon_days`, overdue first then by date. `ledger` is the ledger as of `today`.
pub fn due_items(
    catalogue: &Catalogue,
    ledger: &Ledger,
    today: Date,
    answers: &[ManualAnswer],
    horizon_days: i64,
) -> Vec<DueItem> {
    // The evidence is computed only when a plan on an evidence item is near its date.
    let mut evidence: Option<Evidence<'_>> = None;
    let mut outcomes: HashMap<RuleRef, Outcome> = HashMap::new();
    let mut due = Vec::new();
    for answer in answers {
        let Some(target) = answer.target_date else {
            continue;
        };
        let days_left = days_between(today, target);
        if days_left > horizon_days {
            continue;
        }
        let rules = catalogue
            .item(&answer.item_id)
            .map(|(_, item)| item.rules.as_slice())
            .unwrap_or_default();
        let from_evidence = !rules.is_empty();
        let still_no = if from_evidence {
            let evidence = evidence.get_or_insert_with(|| Evidence::new(ledger, today));
            rules.iter().any(|rule| {
                *outcomes
                    .entry(*rule)
                    .or_insert_with(|| evidence.evaluate(*rule).outcome)
                    == Outcome::Fail
            })
        } else {
            answer.answer == AnswerValue::No
        };
        if still_no {
            due.push(DueItem {
                item_id: answer.item_id.clone(),
                vendor_id: answer.vendor_id.clone(),
                target_date: target,
                days_left,
                owner: answer.owner.clone(),
                comment: answer.comment.clone(),
                from_evidence,
                checked_on: Some(answer.checked_on),
            });
        }
    }
    due.sort_by(|a, b| {
        (a.target_date, &a.item_id, &a.vendor_id).cmp(&(b.target_date, &b.item_id, &b.vendor_id))
    });
    due
}

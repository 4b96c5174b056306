//! Answers given by hand (はい / いいえ / 該当なし) and the rules that make them acceptable
//! to an inspector: every いいえ has a 目標日 inside the fiscal year; vendor-sheet answers
//! belong to a vendor, hospital answers to none.

use mamori_core::{Date, Ledger};
use serde::Serialize;

use crate::catalogue::{Audience, Catalogue};
use crate::self_assessment::SelfAssessment;

/// はい / いいえ / 該当なし.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerValue {
    Yes,
    No,
    NotApplicable,
}

impl AnswerValue {
    pub const ALL: [AnswerValue; 3] = [
        AnswerValue::Yes,
        AnswerValue::No,
        AnswerValue::NotApplicable,
    ];

    /// The stored and command-line code.
    pub fn code(self) -> &'static str {
        match self {
            AnswerValue::Yes => "yes",
            AnswerValue::No => "no",
            AnswerValue::NotApplicable => "na",
        }
    }

    pub fn from_code(code: &str) -> Option<AnswerValue> {
        AnswerValue::ALL
            .into_iter()
            .find(|value| value.code() == code)
    }

    /// As printed on the form.
    pub fn label_ja(self) -> &'static str {
        match self {
            AnswerValue::Yes => "はい",
            AnswerValue::No => "いいえ",
            AnswerValue::NotApplicable => "該当なし",
        }
    }
}

/// One answer given by hand (or a plan attached to an item answered from evidence).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ManualAnswer {
    pub item_id: String,
    /// The vendor whose 事業者確認用 sheet this answer belongs to.
    pub vendor_id: Option<String>,
    pub fiscal_year: i16,
    pub answer: AnswerValue,
    /// 確認日
    #[serde(serialize_with = "crate::report::date_text")]
    pub checked_on: Date,
    /// 目標日 (required for いいえ)
    #[serde(serialize_with = "crate::report::optional_date_text")]
    pub target_date: Option<Date>,
    pub owner: Option<String>,
    pub comment: Option<String>,
    /// Who recorded the answer.
    pub answered_by: String,
}

/// The fiscal year (年度, April–March) a date falls in.
pub fn fiscal_year_of(date: Date) -> i16 {
    if date.0.month() >= 4 {
        date.0.year()
    } else {
        date.0.year() - 1
    }
}

/// Why an answer cannot be recorded. The code is the catalogue key suffix
/// (`checklist-error-<code>`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    #[error("unknown checklist item {0}")]
    UnknownItem(String),
    #[error("item {0}: いいえ needs a target date (目標日)")]
    NoWithoutTargetDate(String),
    #[error("item {item}: target date {target} is outside fiscal year {fiscal_year}")]
    TargetOutsideFiscalYear {
        item: String,
        target: Date,
        fiscal_year: i16,
    },
    #[error("item {0} is on the vendor sheet (事業者確認用): give --vendor")]
    VendorItemWithoutVendor(String),
    #[error("item {0} is on the hospital sheet: it takes no vendor")]
    VendorOnHospitalItem(String),
    #[error("vendor {0} is not in the ledger")]
    UnknownVendor(String),
}

impl AnswerError {
    pub fn code(&self) -> &'static str {
        match self {
            AnswerError::UnknownItem(_) => "unknown_item",
            AnswerError::NoWithoutTargetDate(_) => "no_without_target_date",
            AnswerError::TargetOutsideFiscalYear { .. } => "target_outside_fiscal_year",
            AnswerError::VendorItemWithoutVendor(_) => "vendor_item_without_vendor",
            AnswerError::VendorOnHospitalItem(_) => "vendor_on_hospital_item",
            AnswerError::UnknownVendor(_) => "unknown_vendor",
        }
    }

    /// The arguments of the catalogue message.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            AnswerError::UnknownItem(item)
            | AnswerError::NoWithoutTargetDate(item)
            | AnswerError::VendorItemWithoutVendor(item)
            | AnswerError::VendorOnHospitalItem(item) => vec![("item", item.clone())],
            AnswerError::TargetOutsideFiscalYear {
                item,
                target,
                fiscal_year,
            } => vec![
                ("item", item.clone()),
                ("target", target.to_string()),
                ("fiscal_year", fiscal_year.to_string()),
            ],
            AnswerError::UnknownVendor(vendor) => vec![("vendor", vendor.clone())],
        }
    }
}

/// Checks an answer against the catalogue, the self-assessment and the ledger's vendors.
pub fn validate_answer(
    catalogue: &Catalogue,
    self_assessment: &SelfAssessment,
    ledger: &Ledger,
    answer: &ManualAnswer,
) -> Result<(), AnswerError> {
    let audience = match catalogue.item(&answer.item_id) {
        Some((_, item)) => item.audience,
        None if self_assessment.check(&answer.item_id).is_some() => Audience::Hospital,
        None => return Err(AnswerError::UnknownItem(answer.item_id.clone())),
    };
    match (audience, &answer.vendor_id) {
        (Audience::Vendor, None) => {
            return Err(AnswerError::VendorItemWithoutVendor(answer.item_id.clone()));
        }
        (Audience::Hospital, Some(_)) => {
            return Err(AnswerError::VendorOnHospitalItem(answer.item_id.clone()));
        }
        (Audience::Vendor, Some(vendor)) => {
            if !ledger.vendors.iter().any(|v| v.id.as_str() == vendor) {
                return Err(AnswerError::UnknownVendor(vendor.clone()));
            }
        }
        (Audience::Hospital, None) => {}
    }
    match answer.target_date {
        None if answer.answer == AnswerValue::No => {
            Err(AnswerError::NoWithoutTargetDate(answer.item_id.clone()))
        }
        Some(target) if fiscal_year_of(target) != answer.fiscal_year => {
            Err(AnswerError::TargetOutsideFiscalYear {
                item: answer.item_id.clone(),
                target,
                fiscal_year: answer.fiscal_year,
            })
        }
        _ => Ok(()),
    }
}

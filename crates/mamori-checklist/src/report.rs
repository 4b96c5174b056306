//! One edition answered for one hospital as of a date: evidence items from the rules,
//! the rest from the latest manual answers of the fiscal year, the vendor sheets per
//! contracted vendor, and the self-assessment. Pure: the same inputs give the same report,
//! so a past inspection can be reproduced from the ledger as it was.

use std::collections::{BTreeMap, HashMap};

use mamori_core::{Date, Ledger};
use serde::{Serialize, Serializer};

use crate::answers::{AnswerValue, ManualAnswer};
use crate::catalogue::{Audience, Edition, Item, ItemStatus, Verification};
use crate::rules::{Evidence, Outcome, RuleRef, RuleResult};
use crate::self_assessment::{AreaScore, SelfAssessment, score_areas};

pub(crate) fn date_text<S: Serializer>(date: &Date, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(date)
}

pub(crate) fn optional_date_text<S: Serializer>(
    date: &Option<Date>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match date {
        Some(date) => serializer.collect_str(date),
        None => serializer.serialize_none(),
    }
}

/// Where an item's answer comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerSource {
    Evidence,
    Manual,
}

/// What an inspector would object to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemProblem {
    /// No answer yet.
    Unanswered,
    /// いいえ without a 目標日.
    NoWithoutTargetDate,
}

impl ItemProblem {
    pub fn code(self) -> &'static str {
        match self {
            ItemProblem::Unanswered => "unanswered",
            ItemProblem::NoWithoutTargetDate => "no_without_target_date",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemResult {
    pub id: String,
    pub audience: Audience,
    pub category: String,
    pub number: Option<String>,
    pub number_inferred: bool,
    pub device_scope: Option<String>,
    pub text_ja: Option<String>,
    pub text_en: String,
    pub verbatim: bool,
    pub verification: Verification,
    pub status: ItemStatus,
    pub source: AnswerSource,
    /// The combined outcome of the item's rules (evidence items only).
    pub outcome: Option<Outcome>,
    pub answer: Option<AnswerValue>,
    #[serde(serialize_with = "optional_date_text")]
    pub checked_on: Option<Date>,
    #[serde(serialize_with = "optional_date_text")]
    pub target_date: Option<Date>,
    pub owner: Option<String>,
    pub comment: Option<String>,
    pub answered_by: Option<String>,
    pub rules: Vec<RuleResult>,
    pub problems: Vec<ItemProblem>,
}

impl ItemResult {
    /// Every failing record of the item's rules.
    pub fn failures(&self) -> impl Iterator<Item = &crate::rules::Failure> {
        self.rules.iter().flat_map(|rule| rule.failures.iter())
    }
}

/// One vendor's 事業者確認用.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VendorSheet {
    pub vendor_id: String,
    pub vendor_name: String,
    pub answered: usize,
    pub items: Vec<ItemResult>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub items: usize,
    pub yes: usize,
    pub no: usize,
    pub not_applicable: usize,
    pub unanswered: usize,
    pub no_without_target_date: usize,
    pub from_evidence: usize,
    /// Contracted vendors whose sheet has no answer at all.
    pub vendors_without_answers: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub hospital: String,
    pub edition: String,
    pub edition_title: String,
    #[serde(serialize_with = "date_text")]
    pub as_of: Date,
    pub fiscal_year: i16,
    pub summary: Summary,
    pub items: Vec<ItemResult>,
    pub vendor_sheets: Vec<VendorSheet>,
    pub self_assessment: Vec<AreaScore>,
}

/// Evaluates `edition` on `ledger` (already loaded as of `as_of`) with the latest manual
/// answers of `fiscal_year`.
pub fn evaluate(
    edition: &Edition,
    assessment: &SelfAssessment,
    ledger: &Ledger,
    as_of: Date,
    fiscal_year: i16,
    answers: &[ManualAnswer],
) -> Report {
    let evidence = Evidence::new(ledger, as_of);
    let mut cache: HashMap<RuleRef, RuleResult> = HashMap::new();
    let mut result_of = |rule: RuleRef| {
        cache
            .entry(rule)
            .or_insert_with(|| evidence.evaluate(rule))
            .clone()
    };
    let hospital_answers = answers_by_item(answers, None);
    let items: Vec<ItemResult> = edition
        .items_for(Audience::Hospital)
        .map(|item| {
            item_result(
                item,
                as_of,
                &mut result_of,
                hospital_answers.get(item.id.as_str()),
            )
        })
        .collect();
    let vendor_sheets = vendor_sheets(edition, ledger, as_of, answers, &mut result_of);
    let self_assessment = score_areas(assessment, &mut result_of, answers);
    let summary = summarise(&items, &vendor_sheets);
    Report {
        hospital: ledger.hospital.name.clone(),
        edition: edition.id.clone(),
        edition_title: edition.title_ja.clone(),
        as_of,
        fiscal_year,
        summary,
        items,
        vendor_sheets,
        self_assessment,
    }
}

/// The 事業者確認用 sheets alone (one per contracted vendor, in vendor-id order), for the
/// vendor pages: the same sheets [`evaluate`] builds, without the hospital items.
pub fn evaluate_vendor_sheets(
    edition: &Edition,
    ledger: &Ledger,
    as_of: Date,
    answers: &[ManualAnswer],
) -> Vec<VendorSheet> {
    let mut evidence: Option<Evidence<'_>> = None;
    let mut cache: HashMap<RuleRef, RuleResult> = HashMap::new();
    let mut result_of = |rule: RuleRef| {
        cache
            .entry(rule)
            .or_insert_with(|| {
                evidence
                    .get_or_insert_with(|| Evidence::new(ledger, as_of))
                    .evaluate(rule)
            })
            .clone()
    };
    vendor_sheets(edition, ledger, as_of, answers, &mut result_of)
}

fn answers_by_item<'a>(
    answers: &'a [ManualAnswer],
    vendor: Option<&str>,
) -> HashMap<&'a str, &'a ManualAnswer> {
    answers
        .iter()
        .filter(|answer| answer.vendor_id.as_deref() == vendor)
        .map(|answer| (answer.item_id.as_str(), answer))
        .collect()
}

fn item_result(
    item: &Item,
    as_of: Date,
    result_of: &mut dyn FnMut(RuleRef) -> RuleResult,
    manual: Option<&&ManualAnswer>,
) -> ItemResult {
    let rules: Vec<RuleResult> = item.rules.iter().map(|&rule| result_of(rule)).collect();
    let outcome = combined_outcome(&rules);
    let (source, answer, checked_on) = match outcome {
        // Evidence decides: an item is はい only when the evidence holds.
        Some(outcome) => (
            AnswerSource::Evidence,
            Some(match outcome {
                Outcome::Pass => AnswerValue::Yes,
                Outcome::Fail => AnswerValue::No,
                Outcome::NotApplicable => AnswerValue::NotApplicable,
            }),
            Some(as_of),
        ),
        None => (
            AnswerSource::Manual,
            manual.map(|m| m.answer),
            manual.map(|m| m.checked_on),
        ),
    };
    let target_date = manual.and_then(|m| m.target_date);
    let mut problems = Vec::new();
    match answer {
        None => problems.push(ItemProblem::Unanswered),
        Some(AnswerValue::No) if target_date.is_none() => {
            problems.push(ItemProblem::NoWithoutTargetDate);
        }
        Some(_) => {}
    }
    ItemResult {
        id: item.id.clone(),
        audience: item.audience,
        category: item.category.clone(),
        number: item.number.clone(),
        number_inferred: item.number_inferred,
        device_scope: item.device_scope.clone(),
        text_ja: item.text_ja.clone(),
        text_en: item.text_en.clone(),
        verbatim: item.verbatim,
        verification: item.verification,
        status: item.status,
        source,
        outcome,
        answer,
        checked_on,
        target_date,
        owner: manual.and_then(|m| m.owner.clone()),
        comment: manual.and_then(|m| m.comment.clone()),
        answered_by: manual.map(|m| m.answered_by.clone()),
        rules,
        problems,
    }
}

/// Fail if any rule fails; not applicable if all are; pass otherwise; `None` for items
/// without rules.
fn combined_outcome(rules: &[RuleResult]) -> Option<Outcome> {
    if rules.is_empty() {
        return None;
    }
    let outcomes = || rules.iter().map(|r| r.outcome);
    Some(if outcomes().any(|o| o == Outcome::Fail) {
        Outcome::Fail
    } else if outcomes().all(|o| o == Outcome::NotApplicable) {
        Outcome::NotApplicable
    } else {
        Outcome::Pass
    })
}

/// One sheet per vendor with a contract (no contract, no sheet), in vendor-id order.
fn vendor_sheets(
    edition: &Edition,
    ledger: &Ledger,
    as_of: Date,
    answers: &[ManualAnswer],
    result_of: &mut dyn FnMut(RuleRef) -> RuleResult,
) -> Vec<VendorSheet> {
    if edition.items_for(Audience::Vendor).next().is_none() {
        return Vec::new();
    }
    let contracted: BTreeMap<&str, &str> = ledger
        .contracts
        .iter()
        .filter_map(|contract| {
            ledger
                .vendors
                .iter()
                .find(|vendor| vendor.id == contract.vendor_id)
                .map(|vendor| (vendor.id.as_str(), vendor.name.as_str()))
        })
        .collect();
    contracted
        .into_iter()
        .map(|(vendor_id, vendor_name)| {
            let by_item = answers_by_item(answers, Some(vendor_id));
            let items: Vec<ItemResult> = edition
                .items_for(Audience::Vendor)
                .map(|item| item_result(item, as_of, result_of, by_item.get(item.id.as_str())))
                .collect();
            VendorSheet {
                vendor_id: vendor_id.to_owned(),
                vendor_name: vendor_name.to_owned(),
                answered: items.iter().filter(|i| i.answer.is_some()).count(),
                items,
            }
        })
        .collect()
}

fn summarise(items: &[ItemResult], sheets: &[VendorSheet]) -> Summary {
    let mut summary = Summary::default();
    let all = items
        .iter()
        .chain(sheets.iter().flat_map(|s| s.items.iter()));
    for item in all {
        summary.items += 1;
        match item.answer {
            Some(AnswerValue::Yes) => summary.yes += 1,
            Some(AnswerValue::No) => summary.no += 1,
            Some(AnswerValue::NotApplicable) => summary.not_applicable += 1,
            None => summary.unanswered += 1,
        }
        if item.problems.contains(&ItemProblem::NoWithoutTargetDate) {
            summary.no_without_target_date += 1;
        }
        if item.source == AnswerSource::Evidence {
            summary.from_evidence += 1;
        }
    }
    summary.vendors_without_answers = sheets
        .iter()
        .filter(|sheet| sheet.answered == 0)
        .map(|sheet| sheet.vendor_id.clone())
        .collect();
    summary
}

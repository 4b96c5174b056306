//! The 事業者確認用 sheets on the web: `/checklist/vendors` (hospital staff: which contracted
//! vendors have answered this fiscal year, when and by whom, and which have not),
//! `/checklist/vendors/{vendor}` (one vendor's sheet) and its answer form
//! `POST /checklist/vendors/{vendor}/answer`. A vendor account opens and fills in only its own
//! vendor's sheet; another vendor's sheet is 403 whether it exists or not. Answers are
//! appended to the same store as the hospital's, with the account and the time.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use mamori_checklist::{VendorSheet, evaluate_vendor_sheets, fiscal_year_of};
use mamori_i18n::{Lang, text};
use mamori_store::{Micros, StoredAnswer};
use serde::Deserialize;

use super::checklist::{
    ItemView, answer_from_form, data, form_value, item_view, refused, staff_only, tokyo_date,
    validate_and_record,
};
use super::{Page, render};
use crate::auth::CurrentUser;
use crate::error::{WebError, WebResult};
use crate::fields::url_encode;
use crate::state::{AppState, WebStore};
use crate::views::tokyo_format;

#[derive(Debug, Default, Deserialize)]
pub struct SheetQuery {
    #[serde(default)]
    saved: Option<String>,
}

/// The sheets of the current edition for today's fiscal year, with the stored answers in
/// force (for who/when).
struct Sheets {
    edition: String,
    fiscal_year: i16,
    today: String,
    sheets: Vec<VendorSheet>,
    latest: Vec<StoredAnswer>,
}

async fn sheets<S: WebStore>(state: &AppState<S>) -> WebResult<Sheets> {
    let (catalogue, _) = data()?;
    let edition = catalogue.current_edition().ok_or(WebError::NotFound)?;
    let today = tokyo_date(Micros::now())?;
    let fiscal_year = fiscal_year_of(today);
    let latest = state
        .store()
        .latest_answers(state.hospital(), fiscal_year)
        .await?;
    let answers: Vec<_> = latest.iter().map(|stored| stored.answer.clone()).collect();
    let snapshot = state.snapshot().await?;
    let sheets = evaluate_vendor_sheets(edition, &snapshot.ledger, today, &answers);
    Ok(Sheets {
        edition: edition.id.clone(),
        fiscal_year,
        today: today.to_string(),
        sheets,
        latest,
    })
}

/// A vendor account sees only its own vendor; staff see every vendor.
fn may_open(user: &CurrentUser, vendor: &str) -> WebResult<()> {
    match user.vendor_scope() {
        Some(own) if own != vendor => Err(WebError::Forbidden),
        _ => Ok(()),
    }
}

/// The vendor itself, or hospital staff who may write (a paper answer typed in).
fn may_answer(user: &CurrentUser, vendor: &str) -> bool {
    match user.vendor_scope() {
        Some(own) => own == vendor,
        None => user.can_write(),
    }
}

/// The newest stored answer of a vendor this fiscal year: (when, who).
fn last_answer<'a>(latest: &'a [StoredAnswer], vendor: &str) -> Option<&'a StoredAnswer> {
    latest
        .iter()
        .filter(|stored| stored.answer.vendor_id.as_deref() == Some(vendor))
        .max_by_key(|stored| stored.recorded_at)
}

struct VendorRow {
    id: String,
    name: String,
    href: String,
    answered: usize,
    items: usize,
    state: &'static str,
    state_label: String,
    last_at: String,
    last_by: String,
}

#[derive(Template)]
#[template(path = "checklist_vendors.html")]
struct VendorsPage {
    page: Page,
    heading: String,
    summary: String,
    rows: Vec<VendorRow>,
}

pub async fn vendors<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
) -> WebResult<Response> {
    staff_only(&user)?;
    let sheets = sheets(&state).await?;
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let rows: Vec<VendorRow> = sheets
        .sheets
        .iter()
        .map(|sheet| {
            let state = match sheet.answered {
                0 => "none",
                n if n < sheet.items.len() => "partial",
                _ => "done",
            };
            *counts.entry(state).or_default() += 1;
            let last = last_answer(&sheets.latest, &sheet.vendor_id);
            VendorRow {
                id: sheet.vendor_id.clone(),
                name: sheet.vendor_name.clone(),
                href: format!("/checklist/vendors/{}", url_encode(&sheet.vendor_id)),
                answered: sheet.answered,
                items: sheet.items.len(),
                state,
                state_label: text(lang, &format!("checklist-vendors-state-{state}"), &[]),
                last_at: last
                    .map(|s| tokyo_format(s.recorded_at, "%Y-%m-%d %H:%M"))
                    .unwrap_or_default(),
                last_by: last
                    .map(|s| s.answer.answered_by.clone())
                    .unwrap_or_default(),
            }
        })
        .collect();
    let count = |state: &str| counts.get(state).copied().unwrap_or(0).to_string();
    render(&VendorsPage {
        page: Page::new(
            lang,
            Some(&user),
            text(lang, "checklist-vendors-title", &[]),
            "checklist",
        ),
        heading: text(
            lang,
            "checklist-vendors-heading",
            &[
                ("edition", &sheets.edition),
                ("fiscal_year", &sheets.fiscal_year.to_string()),
            ],
        ),
        summary: text(
            lang,
            "checklist-vendors-summary",
            &[
                ("vendors", &rows.len().to_string()),
                ("done", &count("done")),
                ("partial", &count("partial")),
                ("none", &count("none")),
            ],
        ),
        rows,
    })
}

#[derive(Template)]
#[template(path = "checklist_vendor_sheet.html")]
struct SheetPage {
    page: Page,
    csrf: String,
    action: String,
    can_answer: bool,
    staff: bool,
    saved: bool,
    heading: String,
    last: String,
    today: String,
    items: Vec<ItemView>,
}

pub async fn sheet<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Path(vendor): Path<String>,
    Query(query): Query<SheetQuery>,
) -> WebResult<Response> {
    may_open(&user, &vendor)?;
    let sheets = sheets(&state).await?;
    let sheet = sheets
        .sheets
        .iter()
        .find(|sheet| sheet.vendor_id == vendor)
        .ok_or(WebError::NotFound)?;
    let last = match last_answer(&sheets.latest, &vendor) {
        Some(stored) => text(
            lang,
            "checklist-vendors-last",
            &[
                ("at", &tokyo_format(stored.recorded_at, "%Y-%m-%d %H:%M")),
                ("by", &stored.answer.answered_by),
            ],
        ),
        None => text(lang, "checklist-vendors-state-none", &[]),
    };
    render(&SheetPage {
        page: Page::new(
            lang,
            Some(&user),
            text(
                lang,
                "checklist-vendor-sheet-title",
                &[("vendor", &sheet.vendor_name)],
            ),
            "checklist",
        ),
        csrf: user.csrf_token().to_owned(),
        action: format!("/checklist/vendors/{}/answer", url_encode(&vendor)),
        can_answer: may_answer(&user, &vendor),
        staff: user.vendor_scope().is_none(),
        saved: query.saved.is_some(),
        heading: text(
            lang,
            "checklist-vendors-heading",
            &[
                ("edition", &sheets.edition),
                ("fiscal_year", &sheets.fiscal_year.to_string()),
            ],
        ),
        last,
        today: sheets.today.clone(),
        items: sheet.items.iter().map(|i| item_view(lang, i)).collect(),
    })
}

pub async fn answer<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Path(vendor): Path<String>,
    Form(values): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    user.check_csrf(form_value(&values, "csrf"))?;
    may_open(&user, &vendor)?;
    if !may_answer(&user, &vendor) {
        return Err(WebError::Forbidden);
    }
    let sheets = sheets(&state).await?;
    if !sheets.sheets.iter().any(|sheet| sheet.vendor_id == vendor) {
        // No contract, no sheet.
        return Err(WebError::NotFound);
    }
    let answer = match answer_from_form(lang, &values, &user, Some(&vendor)) {
        Ok(answer) => answer,
        Err(message) => return Ok(refused(lang, &message)),
    };
    if let Some(refusal) = validate_and_record(&state, lang, &answer).await? {
        return Ok(refusal);
    }
    let href = format!("/checklist/vendors/{}?saved=1", url_encode(&vendor));
    Ok(Redirect::to(&href).into_response())
}

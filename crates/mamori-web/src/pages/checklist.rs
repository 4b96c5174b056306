//! `/checklist`: the MHLW checklist answered from the ledger as of a date, with the manual
//! answers of the fiscal year (the same report `mamori checklist` prints), a small form per
//! manual item, and `/checklist/export.xlsx` (the CLI's XLSX). The checklist speaks for the
//! whole hospital, so a vendor account is sent to its own 事業者確認用 (`checklist_vendors`).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use mamori_checklist::{
    AnswerSource, AnswerValue, Catalogue, ItemResult, ManualAnswer, Report, SelfAssessment,
    catalogue, evaluate, fiscal_year_of, report_xlsx, self_assessment, validate_answer,
};
use mamori_core::Date;
use mamori_i18n::{Lang, text};
use mamori_store::{Micros, answers_in_force, load_ledger};
use serde::Deserialize;

use super::{Page, error_page, render};
use crate::auth::CurrentUser;
use crate::error::{WebError, WebResult};
use crate::kinds::record_href;
use crate::scope::whole_ledger_allowed;
use crate::state::{AppState, WebStore};

/// Failing records listed per item on the page; the XLSX lists all.
const FAILURES_SHOWN: usize = 10;

#[derive(Debug, Default, Deserialize)]
pub struct ChecklistQuery {
    #[serde(default)]
    edition: Option<String>,
    #[serde(default)]
    as_of: Option<String>,
    #[serde(default)]
    saved: Option<String>,
}

/// One failing record: link and line.
pub(super) struct FailureView {
    pub(super) href: String,
    pub(super) label: String,
}

/// One item as the page shows it.
pub(super) struct ItemView {
    pub(super) id: String,
    pub(super) number: String,
    pub(super) text: String,
    pub(super) status: String,
    pub(super) status_class: &'static str,
    pub(super) source: String,
    pub(super) checked_on: String,
    pub(super) target_date: String,
    pub(super) owner: String,
    pub(super) comment: String,
    pub(super) answered_by: String,
    pub(super) failures: Vec<FailureView>,
    pub(super) more_failures: String,
    pub(super) manual: bool,
    /// いいえ decided from the ledger: the plan form (目標日, owner, plan) is offered.
    pub(super) plan: bool,
}

#[derive(Template)]
#[template(path = "checklist.html")]
struct ChecklistPage {
    page: Page,
    csrf: String,
    can_answer: bool,
    saved: bool,
    edition: String,
    editions: Vec<(String, String, bool)>,
    as_of: String,
    heading: String,
    summary: String,
    fiscal_year: i16,
    today: String,
    items: Vec<ItemView>,
}

/// The embedded editions and self-assessment; broken data is a build defect.
pub(super) fn data() -> WebResult<(&'static Catalogue, &'static SelfAssessment)> {
    let broken = |e: mamori_checklist::CatalogueError| WebError::Internal(e.to_string());
    Ok((
        catalogue().map_err(broken)?,
        self_assessment().map_err(broken)?,
    ))
}

/// The Asia/Tokyo calendar date of an instant.
pub(crate) fn tokyo_date(at: Micros) -> WebResult<Date> {
    let tokyo =
        jiff::tz::TimeZone::get("Asia/Tokyo").map_err(|e| WebError::Internal(e.to_string()))?;
    let timestamp = at
        .to_timestamp()
        .ok_or_else(|| WebError::Internal("time out of range".into()))?;
    Ok(Date(timestamp.to_zoned_datetime(tokyo).date()))
}

/// The last instant of `date` in Asia/Tokyo: the ledger "as of" that day.
pub(super) fn end_of_day(date: Date) -> WebResult<Micros> {
    let internal = |e: jiff::Error| WebError::Internal(e.to_string());
    let tokyo = jiff::tz::TimeZone::get("Asia/Tokyo").map_err(internal)?;
    let next = date
        .0
        .tomorrow()
        .map_err(internal)?
        .to_datetime(jiff::civil::Time::midnight())
        .to_zoned_datetime(tokyo)
        .map_err(internal)?;
    Ok(Micros(next.timestamp().as_microsecond() - 1))
}

pub(super) fn staff_only(user: &CurrentUser) -> WebResult<()> {
    if whole_ledger_allowed(user) {
        Ok(())
    } else {
        Err(WebError::Forbidden)
    }
}

pub(super) fn blank_to_none(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

/// The report for the query: edition (default newest) and as-of date (default today).
async fn build_report<S: WebStore>(
    state: &AppState<S>,
    query: &ChecklistQuery,
) -> WebResult<Report> {
    let (catalogue, assessment) = data()?;
    let edition = match blank_to_none(query.edition.as_deref()) {
        Some(id) => catalogue.edition(id),
        None => catalogue.current_edition(),
    }
    .ok_or(WebError::NotFound)?;
    let as_of = match blank_to_none(query.as_of.as_deref()) {
        Some(text) => Some(text.parse::<Date>().map_err(|_| WebError::BadRequest)?),
        None => None,
    };
    let as_of_date = match as_of {
        Some(date) => date,
        None => tokyo_date(Micros::now())?,
    };
    let fiscal_year = fiscal_year_of(as_of_date);
    let hospital = state.hospital();
    let answers = answers_in_force(state.store(), hospital, fiscal_year).await?;
    let report = match as_of {
        Some(date) => {
            let ledger = load_ledger(state.store(), hospital, Some(end_of_day(date)?)).await?;
            evaluate(edition, assessment, &ledger, date, fiscal_year, &answers)
        }
        None => {
            let snapshot = state.snapshot().await?;
            evaluate(
                edition,
                assessment,
                &snapshot.ledger,
                as_of_date,
                fiscal_year,
                &answers,
            )
        }
    };
    Ok(report)
}

pub(super) fn status_of(lang: Lang, item: &ItemResult) -> (String, &'static str) {
    let manual = item.source == AnswerSource::Manual;
    match item.answer {
        Some(answer) => (
            text(lang, &format!("checklist-answer-{}", answer.code()), &[]),
            answer.code(),
        ),
        None if manual => (text(lang, "checklist-web-awaiting", &[]), "awaiting"),
        None => (text(lang, "checklist-answer-none", &[]), "none"),
    }
}

pub(super) fn item_view(lang: Lang, item: &ItemResult) -> ItemView {
    let text_shown = match lang {
        Lang::Ja => item.text_ja.clone().unwrap_or_else(|| item.text_en.clone()),
        _ => item.text_en.clone(),
    };
    let (status, status_class) = status_of(lang, item);
    let source_key = match item.source {
        AnswerSource::Evidence => "checklist-web-source-evidence",
        AnswerSource::Manual => "checklist-web-source-manual",
    };
    let all: Vec<_> = item.failures().collect();
    let failures = all
        .iter()
        .take(FAILURES_SHOWN)
        .map(|failure| {
            let reason = text(
                lang,
                &format!("checklist-reason-{}", failure.reason.code()),
                &[],
            );
            FailureView {
                href: record_href(failure.kind, &failure.id),
                label: text(
                    lang,
                    "checklist-failure-line",
                    &[
                        ("kind", failure.kind.code()),
                        ("id", &failure.id),
                        ("field", failure.field),
                        ("reason", &reason),
                    ],
                ),
            }
        })
        .collect();
    let more_failures = if all.len() > FAILURES_SHOWN {
        let more = (all.len() - FAILURES_SHOWN).to_string();
        text(lang, "checklist-more-failures", &[("count", &more)])
    } else {
        String::new()
    };
    let date = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
    ItemView {
        id: item.id.clone(),
        number: item.number.clone().unwrap_or_default(),
        text: text_shown,
        status,
        status_class,
        source: text(lang, source_key, &[]),
        checked_on: date(item.checked_on),
        target_date: date(item.target_date),
        owner: item.owner.clone().unwrap_or_default(),
        comment: item.comment.clone().unwrap_or_default(),
        answered_by: item.answered_by.clone().unwrap_or_default(),
        failures,
        more_failures,
        manual: item.source == AnswerSource::Manual,
        plan: item.source == AnswerSource::Evidence && item.answer == Some(AnswerValue::No),
    }
}

fn summary_line(lang: Lang, report: &Report) -> String {
    let s = &report.summary;
    text(
        lang,
        "checklist-summary",
        &[
            ("yes", &s.yes.to_string()),
            ("no", &s.no.to_string()),
            ("na", &s.not_applicable.to_string()),
            ("unanswered", &s.unanswered.to_string()),
            ("evidence", &s.from_evidence.to_string()),
            ("no_target", &s.no_without_target_date.to_string()),
        ],
    )
}

pub async fn checklist<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Query(query): Query<ChecklistQuery>,
) -> WebResult<Response> {
    if let Some(vendor) = user.vendor_scope() {
        // A vendor's checklist is its own 事業者確認用.
        let href = format!("/checklist/vendors/{}", crate::fields::url_encode(vendor));
        return Ok(Redirect::to(&href).into_response());
    }
    let report = build_report(&state, &query).await?;
    let (catalogue, _) = data()?;
    let editions = catalogue
        .editions
        .iter()
        .map(|e| (e.id.clone(), e.id.clone(), e.id == report.edition))
        .collect();
    let heading = text(
        lang,
        "checklist-heading",
        &[
            ("title", &report.edition_title),
            ("hospital", &report.hospital),
            ("as_of", &report.as_of.to_string()),
            ("fiscal_year", &report.fiscal_year.to_string()),
        ],
    );
    render(&ChecklistPage {
        page: Page::new(
            lang,
            Some(&user),
            text(lang, "checklist-web-title", &[]),
            "checklist",
        ),
        csrf: user.csrf_token().to_owned(),
        can_answer: user.can_write(),
        saved: query.saved.is_some(),
        edition: report.edition.clone(),
        editions,
        as_of: query.as_of.clone().unwrap_or_default(),
        heading,
        summary: summary_line(lang, &report),
        fiscal_year: report.fiscal_year,
        today: tokyo_date(Micros::now())?.to_string(),
        items: report.items.iter().map(|i| item_view(lang, i)).collect(),
    })
}

pub async fn export_xlsx<S: WebStore>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    Query(query): Query<ChecklistQuery>,
) -> WebResult<Response> {
    staff_only(&user)?;
    let report = build_report(&state, &query).await?;
    // The official form is Japanese whatever the user's language (as in the CLI).
    let label = |key: &str| text(Lang::Ja, key, &[]);
    let bytes = report_xlsx(&report, &label).map_err(|e| WebError::Internal(e.to_string()))?;
    let name = format!("checklist-{}-{}.xlsx", report.edition, report.as_of);
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// The system fonts, loaded once (reading every font file takes a moment).
fn renderer() -> &'static mamori_diagram_render::Renderer {
    static RENDERER: std::sync::OnceLock<mamori_diagram_render::Renderer> =
        std::sync::OnceLock::new();
    RENDERER.get_or_init(mamori_diagram_render::Renderer::with_system_fonts)
}

/// `/checklist/export.pdf`: the official-form PDF (as `mamori checklist --format pdf`).
pub async fn export_pdf<S: WebStore>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    Query(query): Query<ChecklistQuery>,
) -> WebResult<Response> {
    staff_only(&user)?;
    let report = build_report(&state, &query).await?;
    let bytes = tokio::task::spawn_blocking(move || {
        let label = |key: &str| text(Lang::Ja, key, &[]);
        let pages = mamori_checklist::report_svg_pages(&report, &label);
        renderer().pdf_pages(&pages).map(|bytes| {
            (
                bytes,
                format!("checklist-{}-{}.pdf", report.edition, report.as_of),
            )
        })
    })
    .await
    .map_err(|e| WebError::Internal(e.to_string()))?
    .map_err(|e| WebError::Internal(e.to_string()))?;
    let (bytes, name) = bytes;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

pub(super) fn form_value<'a>(values: &'a [(String, String)], name: &str) -> Option<&'a str> {
    values
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, v)| v.as_str())
}

/// A 422 page naming what is wrong; nothing has been written.
pub(super) fn refused(lang: Lang, message: &str) -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        error_page(lang, 422, message),
    )
        .into_response()
}

/// A date field of the form, or the message saying which field cannot be read.
fn parse_field(lang: Lang, values: &[(String, String)], field: &str) -> Result<Date, String> {
    let value = form_value(values, field).unwrap_or("").trim();
    value.replace('/', "-").parse::<Date>().map_err(|_| {
        let label = text(lang, &format!("checklist-web-field-{field}"), &[]);
        text(
            lang,
            "checklist-web-error-bad_date",
            &[("field", &label), ("value", value)],
        )
    })
}

/// The answer the form describes (on `vendor`'s sheet when given), or the message saying
/// why not.
pub(super) fn answer_from_form(
    lang: Lang,
    values: &[(String, String)],
    user: &CurrentUser,
    vendor: Option<&str>,
) -> Result<ManualAnswer, String> {
    let item = form_value(values, "item").unwrap_or("").trim().to_owned();
    let code = form_value(values, "answer").unwrap_or("");
    let Some(answer) = AnswerValue::from_code(code) else {
        return Err(text(
            lang,
            "checklist-web-error-bad_answer",
            &[("item", &item), ("value", code)],
        ));
    };
    let checked_on = parse_field(lang, values, "checked_on")?;
    let target_date = match blank_to_none(form_value(values, "target_date")) {
        Some(_) => Some(parse_field(lang, values, "target_date")?),
        None => None,
    };
    let owned = |name: &str| blank_to_none(form_value(values, name)).map(str::to_owned);
    if form_value(values, "plan").is_some() {
        // The plan for a いいえ decided from the ledger: who does what by when.
        for (name, label) in [("owner", "owner"), ("comment", "plan")] {
            if owned(name).is_none() {
                let field = text(lang, &format!("checklist-web-field-{label}"), &[]);
                return Err(text(
                    lang,
                    "checklist-web-error-missing",
                    &[("item", &item), ("field", &field)],
                ));
            }
        }
    }
    Ok(ManualAnswer {
        item_id: item,
        vendor_id: vendor.map(str::to_owned),
        fiscal_year: fiscal_year_of(checked_on),
        answer,
        checked_on,
        target_date,
        owner: owned("owner"),
        comment: owned("comment"),
        answered_by: user.login.clone(),
    })
}

/// Validates and stores an answer; `Some(page)` is the 422 refusal (nothing written).
pub(super) async fn validate_and_record<S: WebStore>(
    state: &AppState<S>,
    lang: Lang,
    answer: &ManualAnswer,
) -> WebResult<Option<Response>> {
    let (catalogue, assessment) = data()?;
    let snapshot = state.snapshot().await?;
    if let Err(error) = validate_answer(catalogue, assessment, &snapshot.ledger, answer) {
        let owned = error.args();
        let args: Vec<(&str, &str)> = owned.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let web_key = format!("checklist-web-error-{}", error.code());
        let key = if mamori_i18n::catalogue().has(lang, &web_key) {
            web_key
        } else {
            format!("checklist-error-{}", error.code())
        };
        return Ok(Some(refused(lang, &text(lang, &key, &args))));
    }
    state
        .store()
        .record_answer(state.hospital(), answer, Micros::now())
        .await?;
    Ok(None)
}

/// Where to go back to: the page the form was on (edition and as-of kept).
fn back_to(values: &[(String, String)]) -> String {
    let mut href = String::from("/checklist?saved=1");
    for name in ["edition", "as_of"] {
        if let Some(value) = blank_to_none(form_value(values, name)) {
            href.push_str(&format!("&{name}={}", crate::fields::url_encode(value)));
        }
    }
    href
}

pub async fn answer<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Form(values): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    user.check_csrf(form_value(&values, "csrf"))?;
    staff_only(&user)?;
    user.require_write()?;
    let answer = match answer_from_form(lang, &values, &user, None) {
        Ok(answer) => answer,
        Err(message) => return Ok(refused(lang, &message)),
    };
    if let Some(refusal) = validate_and_record(&state, lang, &answer).await? {
        return Ok(refusal);
    }
    Ok(Redirect::to(&back_to(&values)).into_response())
}

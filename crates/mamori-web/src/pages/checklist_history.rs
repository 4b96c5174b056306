//! `/checklist/history`: every answer recorded in a fiscal year (all items, or one item;
//! the web twin of `mamori checklist history`), newest first, with who and when. Answers are
//! append-only, so this is what an inspector asking "when did this change?" is shown.
//! A vendor account sees only its own vendor's answers.

use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::response::Response;
use mamori_checklist::{AnswerValue, fiscal_year_of};
use mamori_i18n::{Lang, text};
use mamori_store::Micros;
use serde::Deserialize;

use super::checklist::{blank_to_none, tokyo_date};
use super::{Page, render};
use crate::auth::CurrentUser;
use crate::error::{WebError, WebResult};
use crate::fields::url_encode;
use crate::state::{AppState, WebStore};
use crate::views::tokyo_format;

#[derive(Debug, Default, Deserialize)]
pub struct HistoryQuery {
    #[serde(default)]
    fiscal_year: Option<String>,
    #[serde(default)]
    item: Option<String>,
}

struct HistoryRow {
    recorded: String,
    item: String,
    item_href: String,
    vendor: String,
    answer: String,
    answer_class: &'static str,
    checked_on: String,
    target_date: String,
    owner: String,
    comment: String,
    by: String,
}

#[derive(Template)]
#[template(path = "checklist_history.html")]
struct HistoryPage {
    page: Page,
    fiscal_year: String,
    item: String,
    heading: String,
    previous: String,
    next: String,
    rows: Vec<HistoryRow>,
}

fn answer_label(lang: Lang, answer: AnswerValue) -> String {
    text(lang, &format!("checklist-answer-{}", answer.code()), &[])
}

pub async fn history<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Query(query): Query<HistoryQuery>,
) -> WebResult<Response> {
    let fiscal_year = match blank_to_none(query.fiscal_year.as_deref()) {
        Some(text) => text
            .parse::<i16>()
            .ok()
            .filter(|year| (2000..=2200).contains(year))
            .ok_or(WebError::BadRequest)?,
        None => fiscal_year_of(tokyo_date(Micros::now())?),
    };
    let item = blank_to_none(query.item.as_deref());
    let mut stored = state
        .store()
        .answer_history(state.hospital(), fiscal_year, item)
        .await?;
    if let Some(vendor) = user.vendor_scope() {
        stored.retain(|s| s.answer.vendor_id.as_deref() == Some(vendor));
    }
    stored.reverse();
    let rows = stored
        .iter()
        .map(|s| {
            let a = &s.answer;
            let item_href = match &a.vendor_id {
                Some(vendor) => format!(
                    "/checklist/vendors/{}#item-{}",
                    url_encode(vendor),
                    a.item_id
                ),
                None => format!("/checklist#item-{}", a.item_id),
            };
            HistoryRow {
                recorded: tokyo_format(s.recorded_at, "%Y-%m-%d %H:%M:%S"),
                item: a.item_id.clone(),
                item_href,
                vendor: a.vendor_id.clone().unwrap_or_default(),
                answer: answer_label(lang, a.answer),
                answer_class: a.answer.code(),
                checked_on: a.checked_on.to_string(),
                target_date: a.target_date.map(|d| d.to_string()).unwrap_or_default(),
                owner: a.owner.clone().unwrap_or_default(),
                comment: a.comment.clone().unwrap_or_default(),
                by: a.answered_by.clone(),
            }
        })
        .collect::<Vec<_>>();
    let item_text = item.unwrap_or_default().to_owned();
    let link = |year: i16| {
        let mut href = format!("/checklist/history?fiscal_year={year}");
        if !item_text.is_empty() {
            href.push_str(&format!("&item={}", url_encode(&item_text)));
        }
        href
    };
    let heading = if rows.is_empty() {
        text(
            lang,
            "checklist-history-empty",
            &[("fiscal_year", &fiscal_year.to_string())],
        )
    } else {
        text(
            lang,
            "checklist-history-heading",
            &[
                ("fiscal_year", &fiscal_year.to_string()),
                ("count", &rows.len().to_string()),
            ],
        )
    };
    render(&HistoryPage {
        page: Page::new(
            lang,
            Some(&user),
            text(lang, "checklist-history-title", &[]),
            "checklist",
        ),
        fiscal_year: fiscal_year.to_string(),
        previous: link(fiscal_year - 1),
        next: link(fiscal_year + 1),
        item: item_text.clone(),
        heading,
        rows,
    })
}

//! `/ledger/<kind>…`: list, detail with relations and back-links, create and edit forms,
//! delete with confirmation, history, and every read "as of" a past date (`?at=`).

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use mamori_core::{RecordKind, RecordRef};
use mamori_i18n::{Lang, text};
use mamori_interchange::{FormColumn, FormInput};

use super::table::{self, KindQuery, KindTable};
use super::write::{self, Action, FieldProblem};
use super::{kind_of, list_href, record_href};
use crate::auth::CurrentUser;
use crate::error::{WebError, WebResult};
use crate::fields::url_encode;
use crate::pages::edit::{FormField, SaveError};
use crate::pages::{Page, render};
use crate::state::{AppState, Snapshot, WebStore};
use crate::views::{self, HistoryEntry, Link};

/// The ledger now, or as it was at the end of `at` (a date, Asia/Tokyo).
pub async fn snapshot_at<S: WebStore>(
    state: &AppState<S>,
    at: Option<&str>,
) -> WebResult<Arc<Snapshot>> {
    let Some(at) = at.map(str::trim).filter(|at| !at.is_empty()) else {
        return Ok(state.snapshot().await?);
    };
    let micros = end_of_day(at).ok_or(WebError::BadRequest)?;
    let records = state
        .store()
        .load_records(state.hospital(), Some(micros))
        .await?;
    Ok(Arc::new(Snapshot::build(records, 0)?))
}

/// The last microsecond of a calendar date in Asia/Tokyo.
pub fn end_of_day(date: &str) -> Option<mamori_store::Micros> {
    let date: jiff::civil::Date = date.parse().ok()?;
    let zoned = date.at(23, 59, 59, 999_999_999).in_tz("Asia/Tokyo").ok()?;
    Some(mamori_store::Micros::from_timestamp(zoned.timestamp()))
}

fn kind_from(segment: &str) -> WebResult<RecordKind> {
    kind_of(segment).ok_or(WebError::NotFound)
}

fn table_of(snapshot: &Snapshot, kind: RecordKind) -> WebResult<&KindTable> {
    snapshot
        .kinds()
        .table(&snapshot.ledger, kind)
        .ok_or(WebError::NotFound)
}

/// How a record is named in links: `name (id)`.
pub fn record_label(snapshot: &Snapshot, kind: RecordKind, id: &str) -> String {
    if kind == RecordKind::Assets {
        return snapshot
            .asset(id)
            .map_or_else(|| id.to_owned(), |a| format!("{} ({id})", a.name));
    }
    snapshot
        .kinds()
        .table(&snapshot.ledger, kind)
        .map_or_else(|| id.to_owned(), |table| table.label(id))
}

fn column_label(column: &FormColumn, lang: Lang) -> String {
    match lang {
        Lang::Ja => column.ja.to_owned(),
        Lang::En => column.en.to_owned(),
    }
}

fn with_at(href: String, at: &str) -> String {
    if at.is_empty() {
        href
    } else {
        let join = if href.contains('?') { '&' } else { '?' };
        format!("{href}{join}at={}", url_encode(at))
    }
}

// ---------------------------------------------------------------- index

#[derive(Template)]
#[template(path = "kind_index.html")]
struct IndexPage {
    page: Page,
    kinds: Vec<(String, String, usize)>,
}

pub async fn index<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
) -> WebResult<Response> {
    let snapshot = state.snapshot().await?;
    let kinds = super::kinds()
        .into_iter()
        .map(|kind| {
            let count = if user.vendor_scope().is_none() {
                snapshot.ledger.count(kind)
            } else {
                snapshot
                    .ledger
                    .ids(kind)
                    .into_iter()
                    .filter(|id| table::visible(&snapshot, &user, kind, id))
                    .count()
            };
            (list_href(kind), views::kind_label(lang, kind), count)
        })
        .collect();
    render(&IndexPage {
        page: Page::new(
            lang,
            Some(&user),
            text(lang, "web-nav-ledger", &[]),
            "ledger",
        ),
        kinds,
    })
}

// ---------------------------------------------------------------- list

/// (value, label, selected) of a select.
type Choices = Vec<(String, String, bool)>;

struct ListColumn {
    label: String,
    href: String,
    filter: Option<(String, Choices)>,
}

#[derive(Template)]
#[template(path = "kind_list.html")]
struct ListPage {
    page: Page,
    notice: Option<String>,
    action: String,
    q: String,
    at: String,
    columns: Vec<ListColumn>,
    rows: Vec<(String, Vec<String>)>,
    summary: String,
    page_label: String,
    prev: Option<String>,
    next: Option<String>,
    new_href: Option<String>,
}

fn query_href(base: &str, pairs: &HashMap<String, String>, set: &[(&str, String)]) -> String {
    let mut all: Vec<(String, String)> = pairs
        .iter()
        .filter(|(key, _)| {
            !set.iter().any(|(k, _)| k == key) && !matches!(key.as_str(), "lang" | "deleted")
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    all.extend(set.iter().map(|(k, v)| ((*k).to_owned(), v.clone())));
    all.retain(|(_, v)| !v.is_empty());
    all.sort();
    if all.is_empty() {
        return base.to_owned();
    }
    let encoded: Vec<String> = all
        .iter()
        .map(|(k, v)| format!("{}={}", url_encode(k), url_encode(v)))
        .collect();
    format!("{base}?{}", encoded.join("&"))
}

pub async fn list<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Path(segment): Path<String>,
    Query(pairs): Query<HashMap<String, String>>,
) -> WebResult<Response> {
    let kind = kind_from(&segment)?;
    let at = pairs.get("at").cloned().unwrap_or_default();
    if kind == RecordKind::Assets && at.is_empty() {
        return Ok(Redirect::to("/assets").into_response());
    }
    let snapshot = snapshot_at(&state, Some(&at)).await?;
    let table = table_of(&snapshot, kind)?;
    let query = KindQuery::from_pairs(&pairs);
    let listing = table::list(table, &query, |row| {
        table::visible(&snapshot, &user, kind, &row.id)
    });
    let base = format!("/ledger/{}", kind.code());
    let shown = table.list_columns();
    let columns = shown
        .iter()
        .map(|position| {
            let column = &table.columns[*position];
            let sorted_here = query.sort.as_deref() == Some(column.field);
            let dir = if sorted_here && !query.desc {
                "desc"
            } else {
                "asc"
            };
            let href = query_href(
                &base,
                &pairs,
                &[
                    ("sort", column.field.to_owned()),
                    ("dir", dir.to_owned()),
                    ("page", String::new()),
                ],
            );
            let filter = table::filter_choices(table, *position).map(|choices| {
                let chosen = pairs
                    .get(&format!("f_{}", column.field))
                    .cloned()
                    .unwrap_or_default();
                let options = choices
                    .into_iter()
                    .map(|value| {
                        let label = table::display(column, &value, lang);
                        let selected = value == chosen;
                        (value, label, selected)
                    })
                    .collect();
                (format!("f_{}", column.field), options)
            });
            ListColumn {
                label: column_label(column, lang),
                href,
                filter,
            }
        })
        .collect();
    let rows = listing
        .rows
        .iter()
        .filter_map(|position| table.rows.get(*position))
        .map(|row| {
            let cells = shown
                .iter()
                .map(|position| {
                    table::display(
                        &table.columns[*position],
                        row.values.get(*position).map_or("", String::as_str),
                        lang,
                    )
                })
                .collect();
            (with_at(record_href(kind, &row.id), &at), cells)
        })
        .collect();
    let first = (listing.page - 1) * listing.per_page + 1;
    let last = (first + listing.rows.len()).saturating_sub(1);
    let summary = text(
        lang,
        "web-assets-summary",
        &[
            ("total", &listing.total.to_string()),
            ("first", &first.min(listing.total).to_string()),
            ("last", &last.to_string()),
        ],
    );
    let at_page = |page: usize| query_href(&base, &pairs, &[("page", page.to_string())]);
    render(&ListPage {
        page: Page::new(lang, Some(&user), views::kind_label(lang, kind), "ledger"),
        notice: pairs
            .get("deleted")
            .map(|id| text(lang, "web-kinds-deleted", &[("id", id)])),
        action: base.clone(),
        q: query.q.clone(),
        at: at.clone(),
        columns,
        rows,
        summary,
        page_label: format!("{} / {}", listing.page, listing.pages),
        prev: (listing.page > 1).then(|| at_page(listing.page - 1)),
        next: (listing.page < listing.pages).then(|| at_page(listing.page + 1)),
        new_href: (user.can_write() && at.is_empty()).then(|| format!("{base}/new")),
    })
}

// ---------------------------------------------------------------- detail

struct DetailField {
    label: String,
    text: String,
    links: Vec<Link>,
}

#[derive(Template)]
#[template(path = "kind_record.html")]
struct RecordPage {
    page: Page,
    notice: Option<String>,
    at: String,
    list_href: String,
    edit_href: Option<String>,
    delete_href: Option<String>,
    history_href: String,
    fields: Vec<DetailField>,
    backlinks: Vec<(String, Vec<Link>, usize)>,
    history: Vec<HistoryEntry>,
}

/// Back-links shown per group; the count says how many there are.
const BACKLINKS_SHOWN: usize = 50;

fn detail_fields(
    snapshot: &Snapshot,
    table: &KindTable,
    values: &[String],
    lang: Lang,
) -> Vec<DetailField> {
    table
        .columns
        .iter()
        .zip(values)
        .map(|(column, value)| {
            let target = match column.input {
                FormInput::Reference(kind) => Some(kind),
                _ => column.refers_to,
            };
            let links = match target {
                Some(kind) => value
                    .lines()
                    .flat_map(|line| line.split(';'))
                    .map(str::trim)
                    .filter(|id| !id.is_empty())
                    .map(|id| Link::new(kind, id, &record_label(snapshot, kind, id)))
                    .collect(),
                None => Vec::new(),
            };
            let shown = table::display(column, value, lang);
            DetailField {
                label: column_label(column, lang),
                text: if shown.is_empty() {
                    "—".to_owned()
                } else {
                    shown
                },
                links,
            }
        })
        .collect()
}

/// What refers to a record, grouped by kind and field, as the user may see it.
pub fn backlinks(
    snapshot: &Snapshot,
    user: &CurrentUser,
    record: &RecordRef,
    lang: Lang,
) -> Vec<(String, Vec<Link>, usize)> {
    let mut groups: Vec<((RecordKind, String), Vec<Link>, usize)> = Vec::new();
    for (source, field) in snapshot.kinds().refs(&snapshot.ledger).referring_to(record) {
        if !table::visible(snapshot, user, source.kind, &source.id) {
            continue;
        }
        let key = (source.kind, field.clone());
        let position = match groups.iter().position(|(k, _, _)| *k == key) {
            Some(position) => position,
            None => {
                groups.push((key, Vec::new(), 0));
                groups.len() - 1
            }
        };
        let group = &mut groups[position];
        group.2 += 1;
        if group.1.len() < BACKLINKS_SHOWN {
            let label = record_label(snapshot, source.kind, &source.id);
            group.1.push(Link::new(source.kind, &source.id, &label));
        }
    }
    groups
        .into_iter()
        .map(|((kind, field), links, count)| {
            let heading = format!(
                "{} — {}",
                views::kind_label(lang, kind),
                super::field_label(kind, &field, lang)
            );
            (heading, links, count)
        })
        .collect()
}

#[derive(Debug, serde::Deserialize)]
pub struct DetailQuery {
    saved: Option<String>,
    at: Option<String>,
}

pub async fn detail<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Path((segment, id)): Path<(String, String)>,
    Query(query): Query<DetailQuery>,
) -> WebResult<Response> {
    let kind = kind_from(&segment)?;
    let at = query.at.clone().unwrap_or_default();
    if at.is_empty() && matches!(kind, RecordKind::Assets | RecordKind::ConnectionPoints) {
        return Ok(Redirect::to(&record_href(kind, &id)).into_response());
    }
    let snapshot = snapshot_at(&state, Some(&at)).await?;
    let table = table_of(&snapshot, kind)?;
    let row = table.row(&id).ok_or(WebError::NotFound)?;
    if !table::visible(&snapshot, &user, kind, &id) {
        return Err(WebError::Forbidden);
    }
    let record = RecordRef::new(kind, id.as_str());
    let versions = state
        .store()
        .record_history(state.hospital(), &record)
        .await?;
    let base = format!("/ledger/{}/{}", kind.code(), url_encode(&id));
    let current = at.is_empty();
    render(&RecordPage {
        page: Page::new(
            lang,
            Some(&user),
            format!(
                "{}: {}",
                views::kind_label(lang, kind),
                record_label(&snapshot, kind, &id)
            ),
            "ledger",
        ),
        notice: query.saved.map(|_| text(lang, "web-saved", &[])),
        at: at.clone(),
        list_href: with_at(list_href(kind), &at),
        edit_href: (current && user.can_write()).then(|| format!("{base}/edit")),
        delete_href: (current && user.can_write()).then(|| format!("{base}/delete")),
        history_href: format!("{base}/history"),
        fields: detail_fields(&snapshot, table, &row.values, lang),
        backlinks: backlinks(&snapshot, &user, &record, lang),
        history: views::history(&versions),
    })
}

// ---------------------------------------------------------------- history

#[derive(Template)]
#[template(path = "kind_history.html")]
struct HistoryPage {
    page: Page,
    record_href: String,
    deleted: Option<String>,
    history: Vec<HistoryEntry>,
}

/// The history of a record, also after it was deleted (then the last version's end is
/// the deletion).
pub async fn history<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Path((segment, id)): Path<(String, String)>,
) -> WebResult<Response> {
    let kind = kind_from(&segment)?;
    let snapshot = state.snapshot().await?;
    let exists = snapshot.version(kind, &id).is_some();
    if exists && !table::visible(&snapshot, &user, kind, &id) {
        return Err(WebError::Forbidden);
    }
    if !exists && user.vendor_scope().is_some() {
        // A deleted record's scope cannot be decided from the current ledger.
        return Err(WebError::Forbidden);
    }
    let versions = state
        .store()
        .record_history(state.hospital(), &RecordRef::new(kind, id.as_str()))
        .await?;
    if versions.is_empty() {
        return Err(WebError::NotFound);
    }
    let deleted = if exists {
        None
    } else {
        versions
            .last()
            .and_then(|v| v.valid_to)
            .map(views::tokyo_time)
    };
    render(&HistoryPage {
        page: Page::new(
            lang,
            Some(&user),
            text(
                lang,
                "web-kinds-history-title",
                &[("kind", &views::kind_label(lang, kind)), ("id", &id)],
            ),
            "ledger",
        ),
        record_href: record_href(kind, &id),
        deleted,
        history: views::history(&versions),
    })
}

// ---------------------------------------------------------------- forms

#[derive(Template)]
#[template(path = "edit.html")]
struct FormPage {
    page: Page,
    action: String,
    cancel: String,
    csrf: String,
    version: i64,
    fields: Vec<FormField>,
    general_errors: Vec<String>,
}

/// Records offered in a reference select; larger kinds get a text input.
const SELECT_LIMIT: usize = 300;

fn form_fields(
    snapshot: &Snapshot,
    kind: RecordKind,
    values: &[(String, String)],
    errors: &[FieldProblem],
    editing: bool,
    lang: Lang,
) -> Vec<FormField> {
    mamori_interchange::form_columns(kind)
        .into_iter()
        .map(|column| {
            let value = values
                .iter()
                .find(|(name, _)| name == column.field)
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            let choice = |code: String, label: String| {
                let selected = code == value;
                (code, label, selected)
            };
            let blank = |key: &str| choice(String::new(), text(lang, key, &[]));
            let (widget, options) = match &column.input {
                FormInput::Id if editing => ("readonly", Vec::new()),
                FormInput::Code { codes, .. } => {
                    let mut options = vec![blank("web-none")];
                    options.extend(codes.iter().map(|code| {
                        choice((*code).to_owned(), table::display(&column, code, lang))
                    }));
                    ("select", options)
                }
                FormInput::YesNo | FormInput::Flag => {
                    let mut options = Vec::new();
                    if column.input == FormInput::YesNo {
                        options.push(blank("web-unknown"));
                    }
                    options.push(choice("yes".into(), text(lang, "web-yes", &[])));
                    options.push(choice("no".into(), text(lang, "web-no", &[])));
                    ("select", options)
                }
                FormInput::Reference(target) if snapshot.ledger.count(*target) <= SELECT_LIMIT => {
                    let mut options = vec![blank("web-none")];
                    options.extend(
                        snapshot
                            .ledger
                            .ids(*target)
                            .into_iter()
                            .map(|id| choice(id.to_owned(), record_label(snapshot, *target, id))),
                    );
                    ("select", options)
                }
                FormInput::Date => ("date", Vec::new()),
                FormInput::Lines => ("textarea", Vec::new()),
                _ => ("text", Vec::new()),
            };
            let hint = match &column.input {
                FormInput::Lines => Some(text(lang, "web-kinds-hint-lines", &[])),
                FormInput::Id if !editing => Some(text(lang, "web-kinds-hint-id", &[])),
                _ => None,
            };
            let mut label = column_label(&column, lang);
            if column.required {
                label.push_str(" *");
            }
            FormField {
                name: column.field,
                label,
                widget,
                value,
                options,
                hint,
                error: errors
                    .iter()
                    .find(|(field, _)| field == column.field)
                    .map(|(_, message)| message.clone()),
            }
        })
        .collect()
}

#[allow(clippy::too_many_arguments, reason = "one form page, its parts named")]
fn form_page(
    snapshot: &Snapshot,
    user: &CurrentUser,
    kind: RecordKind,
    id: Option<&str>,
    version: i64,
    values: &[(String, String)],
    errors: Vec<FieldProblem>,
    lang: Lang,
) -> WebResult<Response> {
    let fields = form_fields(snapshot, kind, values, &errors, id.is_some(), lang);
    let general_errors = errors
        .iter()
        .filter(|(field, _)| !fields.iter().any(|f| f.name == field.as_str()))
        .map(|(_, message)| message.clone())
        .collect();
    let base = format!("/ledger/{}", kind.code());
    let (title, action, cancel) = match id {
        Some(id) => (
            text(
                lang,
                "web-kinds-edit-title",
                &[
                    ("kind", &views::kind_label(lang, kind)),
                    ("record", &record_label(snapshot, kind, id)),
                ],
            ),
            format!("{base}/{}", url_encode(id)),
            record_href(kind, id),
        ),
        None => (
            text(
                lang,
                "web-kinds-new-title",
                &[("kind", &views::kind_label(lang, kind))],
            ),
            base.clone(),
            list_href(kind),
        ),
    };
    render(&FormPage {
        page: Page::new(lang, Some(user), title, "ledger"),
        action,
        cancel,
        csrf: user.csrf_token().to_owned(),
        version,
        fields,
        general_errors,
    })
}

fn stored_values(
    snapshot: &Snapshot,
    kind: RecordKind,
    id: &str,
) -> WebResult<Vec<(String, String)>> {
    let table = table_of(snapshot, kind)?;
    let row = table.row(id).ok_or(WebError::NotFound)?;
    Ok(table
        .columns
        .iter()
        .zip(&row.values)
        .map(|(column, value)| (column.field.to_owned(), value.clone()))
        .collect())
}

pub async fn new_form<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Path(segment): Path<String>,
) -> WebResult<Response> {
    user.require_write()?;
    let kind = kind_from(&segment)?;
    let snapshot = state.snapshot().await?;
    form_page(&snapshot, &user, kind, None, 0, &[], Vec::new(), lang)
}

pub async fn edit_form<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Path((segment, id)): Path<(String, String)>,
) -> WebResult<Response> {
    user.require_write()?;
    let kind = kind_from(&segment)?;
    let snapshot = state.snapshot().await?;
    let version = snapshot.version(kind, &id).ok_or(WebError::NotFound)?;
    let values = stored_values(&snapshot, kind, &id)?;
    form_page(
        &snapshot,
        &user,
        kind,
        Some(&id),
        version,
        &values,
        Vec::new(),
        lang,
    )
}

fn form_value<'a>(values: &'a [(String, String)], name: &str) -> Option<&'a str> {
    values
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, v)| v.as_str())
}

/// The response to a refused form: the form again, with the problems in place.
#[allow(clippy::too_many_arguments, reason = "one form page, its parts named")]
fn refused(
    snapshot: &Snapshot,
    user: &CurrentUser,
    kind: RecordKind,
    id: Option<&str>,
    version: i64,
    values: &[(String, String)],
    error: SaveError,
    lang: Lang,
) -> WebResult<Response> {
    let (status, errors) = match error {
        SaveError::Web(WebError::Conflict) => (
            StatusCode::CONFLICT,
            vec![(String::new(), text(lang, "web-error-conflict", &[]))],
        ),
        SaveError::Web(error) => return Err(error),
        SaveError::Invalid(errors) => (StatusCode::UNPROCESSABLE_ENTITY, errors),
    };
    let mut response = form_page(snapshot, user, kind, id, version, values, errors, lang)?;
    *response.status_mut() = status;
    Ok(response)
}

pub async fn create<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Path(segment): Path<String>,
    Form(values): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    user.check_csrf(form_value(&values, "csrf"))?;
    user.require_write()?;
    let kind = kind_from(&segment)?;
    let snapshot = state.snapshot().await?;
    let outcome = match write::ledger_from_form(&snapshot, kind, None, &values, lang) {
        Ok((ledger, id)) => {
            let record = RecordRef::new(kind, id.as_str());
            write::commit(&state, &user, &record, Action::Create, &ledger, lang)
                .await
                .map(|()| id)
        }
        Err(error) => Err(error),
    };
    match outcome {
        Ok(id) => Ok(Redirect::to(&format!("{}?saved=1", record_href(kind, &id))).into_response()),
        Err(error) => refused(&snapshot, &user, kind, None, 0, &values, error, lang),
    }
}

pub async fn update<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Path((segment, id)): Path<(String, String)>,
    Form(values): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    user.check_csrf(form_value(&values, "csrf"))?;
    user.require_write()?;
    let kind = kind_from(&segment)?;
    let snapshot = state.snapshot().await?;
    let version: i64 = form_value(&values, "version")
        .and_then(|v| v.parse().ok())
        .ok_or(WebError::BadRequest)?;
    let outcome = match write::check_version(&snapshot, kind, &id, version) {
        Ok(()) => match write::ledger_from_form(&snapshot, kind, Some(&id), &values, lang) {
            Ok((ledger, _)) => {
                let record = RecordRef::new(kind, id.as_str());
                write::commit(&state, &user, &record, Action::Update, &ledger, lang).await
            }
            Err(error) => Err(error),
        },
        Err(error) => Err(error),
    };
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("{}?saved=1", record_href(kind, &id))).into_response()),
        Err(error) => refused(
            &snapshot,
            &user,
            kind,
            Some(&id),
            version,
            &values,
            error,
            lang,
        ),
    }
}

// ---------------------------------------------------------------- delete

#[derive(Template)]
#[template(path = "kind_delete.html")]
struct DeletePage {
    page: Page,
    action: String,
    cancel: String,
    csrf: String,
    version: i64,
    backlinks: Vec<(String, Vec<Link>, usize)>,
    problems: Vec<String>,
}

async fn delete_page<S: WebStore>(
    state: &AppState<S>,
    user: &CurrentUser,
    kind: RecordKind,
    id: &str,
    lang: Lang,
) -> WebResult<Response> {
    let snapshot = state.snapshot().await?;
    let version = snapshot.version(kind, id).ok_or(WebError::NotFound)?;
    let problems = match write::ledger_without(&snapshot, kind, id, lang) {
        Ok(_) => Vec::new(),
        // The back-links below name every referrer; the first problems say why.
        Err(SaveError::Invalid(problems)) => {
            let count = problems.len();
            let mut shown: Vec<String> = problems.into_iter().take(3).map(|(_, m)| m).collect();
            if count > shown.len() {
                shown.push(format!("… ({count})"));
            }
            shown
        }
        Err(SaveError::Web(error)) => return Err(error),
    };
    let record = RecordRef::new(kind, id);
    render(&DeletePage {
        page: Page::new(
            lang,
            Some(user),
            text(
                lang,
                "web-kinds-delete-title",
                &[
                    ("kind", &views::kind_label(lang, kind)),
                    ("record", &record_label(&snapshot, kind, id)),
                ],
            ),
            "ledger",
        ),
        action: format!("/ledger/{}/{}/delete", kind.code(), url_encode(id)),
        cancel: record_href(kind, id),
        csrf: user.csrf_token().to_owned(),
        version,
        backlinks: backlinks(&snapshot, user, &record, lang),
        problems,
    })
}

pub async fn delete_confirm<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Path((segment, id)): Path<(String, String)>,
) -> WebResult<Response> {
    user.require_write()?;
    let kind = kind_from(&segment)?;
    delete_page(&state, &user, kind, &id, lang).await
}

pub async fn delete<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Path((segment, id)): Path<(String, String)>,
    Form(values): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    user.check_csrf(form_value(&values, "csrf"))?;
    user.require_write()?;
    let kind = kind_from(&segment)?;
    let version: i64 = form_value(&values, "version")
        .and_then(|v| v.parse().ok())
        .ok_or(WebError::BadRequest)?;
    let snapshot = state.snapshot().await?;
    let outcome = match write::check_version(&snapshot, kind, &id, version) {
        Ok(()) => match write::ledger_without(&snapshot, kind, &id, lang) {
            Ok(ledger) => {
                let record = RecordRef::new(kind, id.as_str());
                write::commit(&state, &user, &record, Action::Delete, &ledger, lang).await
            }
            Err(error) => Err(error),
        },
        Err(error) => Err(error),
    };
    match outcome {
        Ok(()) => Ok(
            Redirect::to(&format!("{}?deleted={}", list_href(kind), url_encode(&id)))
                .into_response(),
        ),
        Err(SaveError::Web(WebError::Conflict)) => Err(WebError::Conflict),
        Err(SaveError::Web(error)) => Err(error),
        Err(SaveError::Invalid(_)) => {
            let mut response = delete_page(&state, &user, kind, &id, lang).await?;
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
    }
}

//! `/api/v1/<kind>` for every kind: list (search, filter, sort, page, as of a date), get,
//! create, update, delete, with the same roles, vendor scope and write path as the pages.
//! Records are the JSON of the ledger document (`docs/ledger.schema.json`).

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use mamori_core::{RecordKind, RecordRef};
use mamori_i18n::Lang;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::table::{self, KindListing, KindQuery};
use super::write::{self, Action};
use crate::auth::CurrentUser;
use crate::error::{WebError, WebResult};
use crate::pages::edit::SaveError;
use crate::state::{AppState, Snapshot, WebStore};
use crate::views::{self, HistoryEntry};

fn kind_from(segment: &str) -> WebResult<RecordKind> {
    super::kind_of(segment).ok_or(WebError::NotFound)
}

fn body_of(snapshot: &Snapshot, kind: RecordKind, id: &str) -> WebResult<Value> {
    snapshot
        .ledger
        .record_body(kind, id)
        .map_err(|error| WebError::Internal(error.to_string()))?
        .ok_or(WebError::NotFound)
}

/// One page of records.
#[derive(Debug, Serialize)]
pub struct RecordList {
    #[serde(flatten)]
    pub listing: KindListing,
    pub items: Vec<Value>,
}

pub async fn list<S: WebStore>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    Path(segment): Path<String>,
    Query(pairs): Query<HashMap<String, String>>,
) -> WebResult<Json<RecordList>> {
    let kind = kind_from(&segment)?;
    list_kind(&state, &user, kind, &pairs).await
}

pub async fn list_kind<S: WebStore>(
    state: &AppState<S>,
    user: &CurrentUser,
    kind: RecordKind,
    pairs: &HashMap<String, String>,
) -> WebResult<Json<RecordList>> {
    let snapshot = super::pages::snapshot_at(state, pairs.get("at").map(String::as_str)).await?;
    let table = snapshot
        .kinds()
        .table(&snapshot.ledger, kind)
        .ok_or(WebError::NotFound)?;
    let listing = table::list(table, &KindQuery::from_pairs(pairs), |row| {
        table::visible(&snapshot, user, kind, &row.id)
    });
    let items = listing
        .rows
        .iter()
        .filter_map(|position| table.rows.get(*position))
        .map(|row| body_of(&snapshot, kind, &row.id))
        .collect::<WebResult<Vec<Value>>>()?;
    Ok(Json(RecordList { listing, items }))
}

/// One record with its version, what refers to it and its history.
#[derive(Debug, Serialize)]
pub struct RecordDetail {
    pub kind: &'static str,
    pub version: i64,
    pub record: Value,
    pub referred_by: Vec<Value>,
    pub history: Vec<HistoryEntry>,
}

#[derive(Debug, Deserialize)]
pub struct AtQuery {
    pub at: Option<String>,
}

pub async fn get<S: WebStore>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    Path((segment, id)): Path<(String, String)>,
    Query(query): Query<AtQuery>,
) -> WebResult<Json<RecordDetail>> {
    let kind = kind_from(&segment)?;
    let snapshot = super::pages::snapshot_at(&state, query.at.as_deref()).await?;
    let record = body_of(&snapshot, kind, &id)?;
    if !table::visible(&snapshot, &user, kind, &id) {
        return Err(WebError::Forbidden);
    }
    let this = RecordRef::new(kind, id.as_str());
    let referred_by = snapshot
        .kinds()
        .refs(&snapshot.ledger)
        .referring_to(&this)
        .iter()
        .filter(|(source, _)| table::visible(&snapshot, &user, source.kind, &source.id))
        .map(|(source, field)| json!({"kind": source.kind.code(), "id": source.id, "field": field}))
        .collect();
    let versions = state
        .store()
        .record_history(state.hospital(), &this)
        .await?;
    Ok(Json(RecordDetail {
        kind: kind.code(),
        version: snapshot.version(kind, &id).unwrap_or(0),
        record,
        referred_by,
        history: views::history(&versions),
    }))
}

/// `PUT` body: the whole record and the version it was read at.
#[derive(Debug, Deserialize)]
pub struct RecordUpdate {
    pub version: i64,
    pub record: Value,
}

/// `{code, message, problems: [{field, message}]}` with 422.
pub fn invalid_response(problems: Vec<write::FieldProblem>, lang: Lang) -> Response {
    let error = WebError::Invalid;
    let problems: Vec<Value> = problems
        .into_iter()
        .map(|(field, message)| json!({ "field": field, "message": message }))
        .collect();
    let body =
        json!({ "code": error.code(), "message": error.message(lang), "problems": problems });
    (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
}

async fn saved<S: WebStore>(
    state: &AppState<S>,
    kind: RecordKind,
    id: &str,
    status: StatusCode,
    outcome: Result<(), SaveError>,
    lang: Lang,
) -> WebResult<Response> {
    match outcome {
        Ok(()) => {
            let snapshot = state.snapshot().await?;
            let version = snapshot.version(kind, id);
            Ok((
                status,
                Json(json!({ "kind": kind.code(), "id": id, "version": version })),
            )
                .into_response())
        }
        Err(SaveError::Web(error)) => Err(error),
        Err(SaveError::Invalid(problems)) => Ok(invalid_response(problems, lang)),
    }
}

fn id_in(body: &Value) -> WebResult<String> {
    body.get("id")
        .and_then(Value::as_str)
        .filter(|id| !id.trim().is_empty())
        .map(str::to_owned)
        .ok_or(WebError::BadRequest)
}

pub async fn create<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Path(segment): Path<String>,
    Json(body): Json<Value>,
) -> WebResult<Response> {
    let kind = kind_from(&segment)?;
    create_kind(&state, &user, kind, body, lang).await
}

pub async fn create_kind<S: WebStore>(
    state: &AppState<S>,
    user: &CurrentUser,
    kind: RecordKind,
    body: Value,
    lang: Lang,
) -> WebResult<Response> {
    user.require_write()?;
    let id = id_in(&body)?;
    let snapshot = state.snapshot().await?;
    let outcome = match write::ledger_with_body(&snapshot, kind, &id, body, false) {
        Ok(ledger) => {
            let record = RecordRef::new(kind, id.as_str());
            write::commit(state, user, &record, Action::Create, &ledger, lang).await
        }
        Err(error) => Err(error),
    };
    saved(state, kind, &id, StatusCode::CREATED, outcome, lang).await
}

pub async fn update<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Path((segment, id)): Path<(String, String)>,
    Json(update): Json<RecordUpdate>,
) -> WebResult<Response> {
    user.require_write()?;
    let kind = kind_from(&segment)?;
    if id_in(&update.record)? != id {
        return Err(WebError::BadRequest);
    }
    let snapshot = state.snapshot().await?;
    let outcome = match write::check_version(&snapshot, kind, &id, update.version) {
        Ok(()) => match write::ledger_with_body(&snapshot, kind, &id, update.record, true) {
            Ok(ledger) => {
                let record = RecordRef::new(kind, id.as_str());
                write::commit(&state, &user, &record, Action::Update, &ledger, lang).await
            }
            Err(error) => Err(error),
        },
        Err(error) => Err(error),
    };
    saved(&state, kind, &id, StatusCode::OK, outcome, lang).await
}

#[derive(Debug, Deserialize)]
pub struct VersionQuery {
    pub version: Option<i64>,
}

pub async fn delete<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Path((segment, id)): Path<(String, String)>,
    Query(query): Query<VersionQuery>,
) -> WebResult<Response> {
    let kind = kind_from(&segment)?;
    delete_kind(&state, &user, kind, &id, query.version, lang).await
}

pub async fn delete_kind<S: WebStore>(
    state: &AppState<S>,
    user: &CurrentUser,
    kind: RecordKind,
    id: &str,
    version: Option<i64>,
    lang: Lang,
) -> WebResult<Response> {
    user.require_write()?;
    let version = version.ok_or(WebError::BadRequest)?;
    let snapshot = state.snapshot().await?;
    let outcome = match write::check_version(&snapshot, kind, id, version) {
        Ok(()) => match write::ledger_without(&snapshot, kind, id, lang) {
            Ok(ledger) => {
                let record = RecordRef::new(kind, id);
                write::commit(state, user, &record, Action::Delete, &ledger, lang).await
            }
            Err(error) => Err(error),
        },
        Err(error) => Err(error),
    };
    match outcome {
        Ok(()) => Ok(StatusCode::NO_CONTENT.into_response()),
        Err(SaveError::Web(error)) => Err(error),
        Err(SaveError::Invalid(problems)) => Ok(invalid_response(problems, lang)),
    }
}

/// `POST /api/v1/assets` and `DELETE /api/v1/assets/{id}` beside the asset routes of
/// `crate::api` (a fixed route takes the whole path, so the generic one never sees them).
pub async fn create_asset<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Json(body): Json<Value>,
) -> WebResult<Response> {
    create_kind(&state, &user, RecordKind::Assets, body, lang).await
}

pub async fn delete_asset<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Path(id): Path<String>,
    Query(query): Query<VersionQuery>,
) -> WebResult<Response> {
    delete_kind(&state, &user, RecordKind::Assets, &id, query.version, lang).await
}

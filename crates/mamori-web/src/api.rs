//! The JSON API, `/api/v1/…`: the same reads as the pages and the asset update, with the
//! same roles and vendor scope. Errors are `{code, message}` with the stable codes of
//! [`WebError`]; an invalid update adds `problems: [{field, message}]`.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use mamori_core::{Asset, ConnectionPoint, RecordKind, RecordRef};
use mamori_i18n::Lang;
use mamori_store::Micros;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::auth::CurrentUser;
use crate::error::{WebError, WebResult};
use crate::pages::edit::{SaveError, save_asset};
use crate::scope::{asset_visible, point_visible};
use crate::state::{AppState, WebStore};
use crate::views::{self, AssetListing, AssetQuery, AssetRelations, Dashboard, HistoryEntry};

#[derive(Debug, Serialize)]
pub struct Me {
    pub login: String,
    pub display_name: String,
    pub role: &'static str,
    pub vendor_id: Option<String>,
}

pub async fn me(user: CurrentUser) -> Json<Me> {
    Json(Me {
        login: user.login.clone(),
        display_name: user.display_name.clone(),
        role: user.role.code(),
        vendor_id: user.vendor_id.clone(),
    })
}

pub async fn dashboard<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
) -> WebResult<Json<Dashboard>> {
    let snapshot = state.snapshot().await?;
    let mut dashboard = views::dashboard(&snapshot, &user, lang);
    let today = crate::pages::checklist::tokyo_date(Micros::now())?;
    dashboard.checklist_due =
        Some(crate::checklist_due::checklist_due(&state, &user, lang, today).await?);
    dashboard.vuln_alerts = crate::vulns::alert_counts(&state, &user).await?;
    Ok(Json(dashboard))
}

#[derive(Debug, Serialize)]
pub struct AssetList {
    #[serde(flatten)]
    pub listing: AssetListing,
    pub items: Vec<Asset>,
}

pub async fn assets<S: WebStore>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    Query(query): Query<AssetQuery>,
) -> WebResult<Json<AssetList>> {
    let snapshot = state.snapshot().await?;
    let listing = views::list_assets(&snapshot, &user, &query);
    let items = listing
        .indexes
        .iter()
        .filter_map(|index| snapshot.ledger.assets.get(*index).cloned())
        .collect();
    Ok(Json(AssetList { listing, items }))
}

#[derive(Debug, Serialize)]
pub struct AssetDetail {
    pub version: i64,
    pub asset: Asset,
    pub relations: AssetRelations,
    pub history: Vec<HistoryEntry>,
}

pub async fn asset<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> WebResult<Json<AssetDetail>> {
    let snapshot = state.snapshot().await?;
    let asset = snapshot.asset(&id).ok_or(WebError::NotFound)?;
    if !asset_visible(&user, asset) {
        return Err(WebError::Forbidden);
    }
    let versions = state
        .store()
        .record_history(
            state.hospital(),
            &RecordRef::new(RecordKind::Assets, id.as_str()),
        )
        .await?;
    Ok(Json(AssetDetail {
        version: snapshot.version(RecordKind::Assets, &id).unwrap_or(0),
        asset: asset.clone(),
        relations: views::asset_relations(&snapshot, &user, asset, lang),
        history: views::history(&versions),
    }))
}

/// `PUT /api/v1/assets/{id}`: the whole asset and the version it was read at.
#[derive(Debug, Deserialize)]
pub struct AssetUpdate {
    pub version: i64,
    pub asset: Asset,
}

pub async fn update_asset<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Path(id): Path<String>,
    Json(update): Json<AssetUpdate>,
) -> WebResult<Response> {
    user.require_write()?;
    if update.asset.id.as_str() != id {
        return Err(WebError::BadRequest);
    }
    match save_asset(&state, &user, update.version, update.asset, lang).await {
        Ok(()) => {
            let snapshot = state.snapshot().await?;
            let version = snapshot.version(RecordKind::Assets, &id).unwrap_or(0);
            Ok(Json(json!({ "id": id, "version": version })).into_response())
        }
        Err(SaveError::Web(error)) => Err(error),
        Err(SaveError::Invalid(problems)) => {
            let error = WebError::Invalid;
            let problems: Vec<_> = problems
                .into_iter()
                .map(|(field, message)| json!({ "field": field, "message": message }))
                .collect();
            let body = json!({ "code": error.code(), "message": error.message(lang), "problems": problems });
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response())
        }
    }
}

pub async fn points<S: WebStore>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
) -> WebResult<Json<Vec<ConnectionPoint>>> {
    let snapshot = state.snapshot().await?;
    Ok(Json(
        snapshot
            .ledger
            .connection_points
            .iter()
            .filter(|p| point_visible(&user, p))
            .cloned()
            .collect(),
    ))
}

#[derive(Debug, Serialize)]
pub struct PointDetail {
    pub version: i64,
    pub connection_point: ConnectionPoint,
    pub history: Vec<HistoryEntry>,
}

pub async fn point<S: WebStore>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> WebResult<Json<PointDetail>> {
    let snapshot = state.snapshot().await?;
    let point = snapshot.point(&id).ok_or(WebError::NotFound)?;
    if !point_visible(&user, point) {
        return Err(WebError::Forbidden);
    }
    let versions = state
        .store()
        .record_history(
            state.hospital(),
            &RecordRef::new(RecordKind::ConnectionPoints, id.as_str()),
        )
        .await?;
    Ok(Json(PointDetail {
        version: snapshot
            .version(RecordKind::ConnectionPoints, &id)
            .unwrap_or(0),
        connection_point: point.clone(),
        history: views::history(&versions),
    }))
}

/// Unknown `/api/…` paths answer in JSON too.
pub async fn not_found() -> WebError {
    WebError::NotFound
}

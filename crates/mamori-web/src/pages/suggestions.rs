//! `/findings/suggestions` and `/api/v1/cpe-suggestions`: CPE names suggested for the assets
//! without any (as `mamori vuln suggest` computes them), for a person to confirm. Anyone may
//! look (a vendor account sees its own assets only); an account that may write adds one
//! suggestion to an asset as a `suggested` CPE name (`POST /findings/suggestions`, CSRF token,
//! audited through the normal save path). A suggested name never yields a confirmed finding.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form, Json};
use mamori_core::{Asset, CpeName, CpeState, RecordKind, RecordRef};
use mamori_findings::{AssetFacts, CpeDictionary, Suggestion, Why, suggest_cpes};
use mamori_i18n::{Lang, text};
use mamori_vuln::AliasTable;
use serde::Deserialize;
use serde_json::{Value, json};

use super::checklist::{form_value, refused};
use super::edit::SaveError;
use super::{Page, render};
use crate::auth::CurrentUser;
use crate::error::{WebError, WebResult};
use crate::fields::url_encode;
use crate::kinds::write::{Action, commit};
use crate::scope::asset_visible;
use crate::state::{AppState, WebStore};

#[derive(Debug, Default, Deserialize)]
pub struct SuggestionsQuery {
    pub asset: Option<String>,
}

/// One suggestion as the page shows it.
#[derive(Debug)]
pub struct SuggestionRow {
    pub cpe: String,
    pub score: u8,
    pub why: String,
}

/// One asset with its suggestions.
#[derive(Debug)]
pub struct AssetRow {
    pub asset_id: String,
    pub href_id: String,
    pub asset_name: String,
    pub what: String,
    pub suggestions: Vec<SuggestionRow>,
}

/// The assets the user may see that have no CPE name (or the one asked for), with their
/// suggestions; `None` when no feed is loaded.
async fn suggested<S: WebStore>(
    state: &AppState<S>,
    user: &CurrentUser,
    only: Option<&str>,
) -> WebResult<Option<(usize, Vec<(Asset, Vec<Suggestion>)>)>> {
    let Some(dictionary) = state.cpe_dictionary().await? else {
        return Ok(None);
    };
    let snapshot = state.snapshot().await?;
    let assets: Vec<&Asset> = snapshot
        .ledger
        .assets
        .iter()
        .filter(|a| asset_visible(user, a))
        .filter(|a| match only {
            Some(id) => a.id.as_str() == id,
            None => a.cpes.is_empty(),
        })
        .collect();
    let listed = assets
        .iter()
        .map(|a| ((*a).clone(), suggestions_for(a, &dictionary)))
        .filter(|(_, s)| !s.is_empty())
        .collect();
    Ok(Some((assets.len(), listed)))
}

fn suggestions_for(asset: &Asset, dictionary: &CpeDictionary) -> Vec<Suggestion> {
    suggest_cpes(
        &AssetFacts::from_asset(asset),
        dictionary,
        AliasTable::builtin(),
    )
}

/// A reason in the user's language.
fn why_text(lang: Lang, why: &Why) -> String {
    let args: Vec<(&str, String)> = why
        .args()
        .into_iter()
        .map(|(key, value)| {
            if key == "field" {
                (key, text(lang, &format!("vuln-suggest-field-{value}"), &[]))
            } else {
                (key, value)
            }
        })
        .collect();
    let borrowed: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    text(lang, why.code(), &borrowed)
}

#[derive(Template)]
#[template(path = "suggestions.html")]
struct SuggestionsPage {
    page: Page,
    feeds_loaded: bool,
    assets: usize,
    rows: Vec<AssetRow>,
    can_write: bool,
    csrf: String,
}

pub async fn page<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Query(query): Query<SuggestionsQuery>,
) -> WebResult<Response> {
    let found = suggested(&state, &user, query.asset.as_deref()).await?;
    let (assets, listed) = found.parts();
    let rows = listed
        .iter()
        .map(|(asset, suggestions)| AssetRow {
            asset_id: asset.id.as_str().to_owned(),
            href_id: url_encode(asset.id.as_str()),
            asset_name: asset.name.clone(),
            what: [asset.maker.as_deref(), asset.model.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" "),
            suggestions: suggestions
                .iter()
                .map(|s| SuggestionRow {
                    cpe: s.cpe.clone(),
                    score: s.score,
                    why: s
                        .why
                        .iter()
                        .map(|w| why_text(lang, w))
                        .collect::<Vec<_>>()
                        .join(" / "),
                })
                .collect(),
        })
        .collect();
    render(&SuggestionsPage {
        page: Page::new(
            lang,
            Some(&user),
            text(lang, "suggestions-title", &[]),
            "findings",
        ),
        feeds_loaded: found.is_some(),
        assets,
        rows,
        can_write: user.can_write(),
        csrf: user.csrf_token().to_owned(),
    })
}

/// `(assets considered, assets with suggestions)` of a result, empty when no feed is loaded.
trait Parts {
    fn parts(&self) -> (usize, &[(Asset, Vec<Suggestion>)]);
}

impl Parts for Option<(usize, Vec<(Asset, Vec<Suggestion>)>)> {
    fn parts(&self) -> (usize, &[(Asset, Vec<Suggestion>)]) {
        match self {
            Some((n, listed)) => (*n, listed.as_slice()),
            None => (0, &[]),
        }
    }
}

pub async fn api<S: WebStore>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    Query(query): Query<SuggestionsQuery>,
) -> WebResult<Response> {
    let found = suggested(&state, &user, query.asset.as_deref()).await?;
    let (assets, listed) = found.parts();
    let items = listed
        .iter()
        .map(|(asset, suggestions)| {
            Ok(json!({
                "asset_id": asset.id.as_str(),
                "asset_name": asset.name,
                "maker": asset.maker,
                "model": asset.model,
                "suggestions": serde_json::to_value(suggestions)
                    .map_err(|e| WebError::Internal(e.to_string()))?,
            }))
        })
        .collect::<WebResult<Vec<Value>>>()?;
    Ok(Json(json!({
        "format": "mamori-cpe-suggestions/1",
        "feeds_loaded": found.is_some(),
        "assets": assets,
        "items": items,
    }))
    .into_response())
}

/// Adds one of an asset's current suggestions to it as a `suggested` CPE name.
pub async fn add<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Form(values): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    user.check_csrf(form_value(&values, "csrf"))?;
    user.require_write()?;
    let asset_id = form_value(&values, "asset").unwrap_or_default().trim();
    let cpe = form_value(&values, "cpe").unwrap_or_default().trim();
    let Some(dictionary) = state.cpe_dictionary().await? else {
        return Ok(refused(lang, &text(lang, "findings-no-feeds", &[])));
    };
    let snapshot = state.snapshot().await?;
    let mut ledger = snapshot.ledger.clone();
    let Some(asset) = ledger
        .assets
        .iter_mut()
        .find(|a| a.id.as_str() == asset_id && asset_visible(&user, a))
    else {
        return Err(WebError::NotFound);
    };
    // Only what mamori suggests for this asset now; anything else is typed on the asset form.
    if !suggestions_for(asset, &dictionary)
        .iter()
        .any(|s| s.cpe == cpe)
    {
        return Ok(refused(
            lang,
            &text(lang, "suggestions-not-suggested", &[("cpe", cpe)]),
        ));
    }
    asset.cpes.push(CpeName {
        cpe: cpe.to_owned(),
        state: CpeState::Suggested,
    });
    let record = RecordRef {
        kind: RecordKind::Assets,
        id: asset_id.to_owned(),
    };
    match commit(&state, &user, &record, Action::Update, &ledger, lang).await {
        Ok(()) => Ok(Redirect::to("/findings/suggestions").into_response()),
        Err(SaveError::Web(error)) => Err(error),
        Err(SaveError::Invalid(problems)) => {
            let message: Vec<String> = problems.into_iter().map(|(_, m)| m).collect();
            Ok(refused(lang, &message.join("\n")))
        }
    }
}

/// The query parameters and the response schema of `GET /api/v1/cpe-suggestions` for the
/// OpenAPI document (`crate::kinds::openapi`).
pub fn openapi() -> (Value, Value) {
    let string = json!({"type": "string"});
    let parameters = json!([
        {"name": "asset", "in": "query", "schema": string,
         "description": "Only this asset (also when it already has CPE names)."}
    ]);
    let why = json!({"type": "object", "required": ["code"], "properties": {
        "code": {"type": "string", "description": "vendor_from_table, vendor_from_maker, vendor_from_name, vendor_from_product, product_equal, product_in_name, version, version_unknown"}
    }});
    let suggestion = json!({"type": "object", "properties": {
        "cpe": string, "score": {"type": "integer", "minimum": 0, "maximum": 100},
        "why": {"type": "array", "items": why}
    }});
    let item = json!({"type": "object", "properties": {
        "asset_id": string, "asset_name": string,
        "maker": {"type": ["string", "null"]}, "model": {"type": ["string", "null"]},
        "suggestions": {"type": "array", "items": suggestion}
    }});
    let schema = json!({"type": "object", "properties": {
        "format": {"const": "mamori-cpe-suggestions/1"}, "feeds_loaded": {"type": "boolean"},
        "assets": {"type": "integer", "description": "Assets considered (without CPE names)."},
        "items": {"type": "array", "items": item}
    }});
    (parameters, schema)
}

//! `/tokens`: API tokens for scripts, managed in the browser. Everyone creates and revokes
//! their own (a new token is shown once, on the page that answers the form, and only its
//! digest is kept); administrators also see and revoke everyone's. Only a browser session
//! may do this: a script holding a token cannot mint more tokens or revoke others.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use mamori_i18n::{Lang, text};
use mamori_store::{ApiToken, Micros, Role, token_digest};
use serde::Deserialize;

use super::{Page, render};
use crate::auth::{CurrentUser, random_token};
use crate::error::{WebError, WebResult};
use crate::state::{AppState, WebStore};
use crate::views::tokyo_format;

/// Longest label kept (it is a note, not a document).
const LABEL_MAX_CHARS: usize = 100;
/// The expiry choices of the form, in days; 0 means none.
const EXPIRY_DAYS: [u32; 4] = [0, 30, 90, 365];

/// One row of the token table: never the secret, never the full digest.
#[derive(Debug)]
pub struct TokenRow {
    /// The digest, sent back by the revoke form to name the token.
    pub digest: String,
    /// The digest's first characters, to tell tokens apart on screen.
    pub short: String,
    pub login: String,
    pub label: String,
    pub created: String,
    pub expires: String,
    pub last_used: String,
    pub expired: bool,
    pub own: bool,
}

#[derive(Template)]
#[template(path = "tokens.html")]
struct TokensPage {
    page: Page,
    csrf: String,
    /// A token just made, shown this once.
    created: Option<String>,
    notice: Option<String>,
    error: Option<String>,
    label: String,
    expiry_options: Vec<(u32, String, bool)>,
    rows: Vec<TokenRow>,
    everyone: bool,
}

#[derive(Debug, Default, Deserialize)]
pub struct TokensQuery {
    revoked: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct CreateForm {
    csrf: Option<String>,
    #[serde(default)]
    label: String,
    #[serde(default)]
    expires_days: u32,
}

#[derive(Debug, Deserialize)]
pub struct RevokeForm {
    csrf: Option<String>,
    token: String,
}

/// Token management is for people in a browser session.
fn require_session(user: &CurrentUser) -> WebResult<()> {
    if user.session_digest.is_some() {
        Ok(())
    } else {
        Err(WebError::Forbidden)
    }
}

fn is_admin(user: &CurrentUser) -> bool {
    user.role == Role::Admin
}

fn when(at: Option<Micros>, lang: Lang, none_key: &str) -> String {
    at.map_or_else(
        || text(lang, none_key, &[]),
        |at| tokyo_format(at, "%Y-%m-%d %H:%M"),
    )
}

fn row(token: ApiToken, user: &CurrentUser, lang: Lang, now: Micros) -> TokenRow {
    TokenRow {
        short: token.token_digest.chars().take(8).collect(),
        own: token.login == user.login,
        expired: token.expires_at.is_some_and(|at| at.0 <= now.0),
        created: when(Some(token.created_at), lang, "web-tokens-never"),
        expires: when(token.expires_at, lang, "web-tokens-no-expiry"),
        last_used: when(token.last_used_at, lang, "web-tokens-never"),
        digest: token.token_digest,
        login: token.login,
        label: token.label,
    }
}

/// What the page shows besides the table.
#[derive(Debug, Default)]
struct Shown {
    created: Option<String>,
    notice: Option<String>,
    error: Option<String>,
    label: String,
    expires_days: u32,
}

async fn page<S: WebStore>(
    state: &AppState<S>,
    lang: Lang,
    user: &CurrentUser,
    shown: Shown,
) -> WebResult<Response> {
    let Shown {
        created,
        notice,
        error,
        label,
        expires_days,
    } = shown;
    let everyone = is_admin(user);
    let login = (!everyone).then_some(user.login.as_str());
    let now = Micros::now();
    let rows = state
        .store()
        .list_api_tokens(state.hospital(), login)
        .await?
        .into_iter()
        .map(|token| row(token, user, lang, now))
        .collect();
    let expiry_options = EXPIRY_DAYS
        .iter()
        .map(|days| {
            let label = if *days == 0 {
                text(lang, "web-tokens-no-expiry", &[])
            } else {
                text(
                    lang,
                    "web-tokens-expiry-days",
                    &[("days", &days.to_string())],
                )
            };
            (*days, label, *days == expires_days)
        })
        .collect();
    render(&TokensPage {
        page: Page::new(lang, Some(user), text(lang, "web-tokens-title", &[]), ""),
        csrf: user.csrf_token().to_owned(),
        created,
        notice,
        error,
        label,
        expiry_options,
        rows,
        everyone,
    })
}

pub async fn list<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Query(query): Query<TokensQuery>,
) -> WebResult<Response> {
    require_session(&user)?;
    let notice = query
        .revoked
        .is_some()
        .then(|| text(lang, "web-tokens-revoked", &[]));
    page(
        &state,
        lang,
        &user,
        Shown {
            notice,
            ..Shown::default()
        },
    )
    .await
}

pub async fn create<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Form(form): Form<CreateForm>,
) -> WebResult<Response> {
    user.check_csrf(form.csrf.as_deref())?;
    require_session(&user)?;
    let label = form.label.trim();
    let problem = if label.is_empty() {
        Some(text(lang, "web-tokens-label-required", &[]))
    } else if label.chars().count() > LABEL_MAX_CHARS {
        Some(text(
            lang,
            "web-tokens-label-too-long",
            &[("max", &LABEL_MAX_CHARS.to_string())],
        ))
    } else if !EXPIRY_DAYS.contains(&form.expires_days) {
        return Err(WebError::BadRequest);
    } else {
        None
    };
    if let Some(problem) = problem {
        let shown = Shown {
            error: Some(problem),
            label: label.to_owned(),
            expires_days: form.expires_days,
            ..Shown::default()
        };
        let mut response = page(&state, lang, &user, shown).await?;
        *response.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(response);
    }
    let secret = random_token()?;
    let now = Micros::now();
    let token = ApiToken {
        token_digest: token_digest(&secret),
        login: user.login.clone(),
        label: label.to_owned(),
        created_at: now,
        expires_at: (form.expires_days > 0)
            .then(|| Micros(now.0 + i64::from(form.expires_days) * 86_400_000_000)),
        last_used_at: None,
    };
    state
        .store()
        .create_api_token(state.hospital(), &token)
        .await?;
    tracing::info!(login = %user.login, label = %token.label, "API token created");
    let shown = Shown {
        created: Some(secret),
        ..Shown::default()
    };
    page(&state, lang, &user, shown).await
}

pub async fn revoke<S: WebStore>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    Form(form): Form<RevokeForm>,
) -> WebResult<Response> {
    user.check_csrf(form.csrf.as_deref())?;
    require_session(&user)?;
    let only_own = (!is_admin(&user)).then_some(user.login.as_str());
    if !state
        .store()
        .revoke_api_token(state.hospital(), &form.token, only_own)
        .await?
    {
        return Err(WebError::NotFound);
    }
    tracing::info!(by = %user.login, token = %form.token.chars().take(8).collect::<String>(), "API token revoked");
    Ok(Redirect::to("/tokens?revoked=1").into_response())
}

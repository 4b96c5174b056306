//! Who is asking: argon2id passwords, random tokens, sessions in an `HttpOnly`,
//! `SameSite=Strict` cookie, API tokens as `Authorization: Bearer`, and the CSRF defences
//! (cross-site requests refused by `Origin`/`Sec-Fetch-Site`, plus a per-session token in
//! every form and in the `X-CSRF-Token` header of cookie-authenticated API writes).

use std::net::SocketAddr;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use mamori_store::{Micros, Role, User, token_digest};
use subtle::ConstantTimeEq;

use crate::error::{WebError, WebResult};
use crate::lang::cookie;
use crate::state::{AppState, WebStore};

pub const SESSION_COOKIE: &str = "mamori_session";
pub const CSRF_HEADER: &str = "x-csrf-token";
/// How precisely an API token's last use is recorded.
pub const TOKEN_USE_RESOLUTION_MICROS: i64 = 60_000_000;

/// The logged-in user of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentUser {
    pub login: String,
    pub display_name: String,
    pub role: Role,
    pub vendor_id: Option<String>,
    /// The session's CSRF token; `None` for API tokens (no cookie, nothing to forge).
    pub csrf: Option<String>,
    /// The session token's digest, to end the session at logout.
    pub session_digest: Option<String>,
}

impl CurrentUser {
    fn from_user(user: User, csrf: Option<String>, session_digest: Option<String>) -> Self {
        Self {
            login: user.login,
            display_name: user.display_name,
            role: user.role,
            vendor_id: user.vendor_id,
            csrf,
            session_digest,
        }
    }

    pub fn can_write(&self) -> bool {
        self.role.can_write()
    }

    pub fn require_write(&self) -> WebResult<()> {
        if self.can_write() {
            Ok(())
        } else {
            Err(WebError::Forbidden)
        }
    }

    /// The vendor a vendor account is limited to; `None` for hospital staff.
    pub fn vendor_scope(&self) -> Option<&str> {
        match self.role {
            Role::Vendor => Some(self.vendor_id.as_deref().unwrap_or("")),
            _ => None,
        }
    }

    /// Checks the CSRF token a form or header sent.
    pub fn check_csrf(&self, sent: Option<&str>) -> WebResult<()> {
        match &self.csrf {
            None => Ok(()),
            Some(expected) => {
                let sent = sent.unwrap_or("");
                if bool::from(expected.as_bytes().ct_eq(sent.as_bytes())) {
                    Ok(())
                } else {
                    Err(WebError::CsrfRejected)
                }
            }
        }
    }

    pub fn csrf_token(&self) -> &str {
        self.csrf.as_deref().unwrap_or("")
    }
}

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<CurrentUser>()
            .cloned()
            .ok_or(WebError::Unauthenticated)
    }
}

/// The client's address for throttling ("unknown" when the server was not started with
/// connection info, as in tests driving the router directly).
#[derive(Debug, Clone)]
pub struct ClientAddr(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let addr = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or_else(|| "unknown".to_owned(), |info| info.0.ip().to_string());
        Ok(ClientAddr(addr))
    }
}

/// 32 random bytes, hex: session ids, CSRF tokens, API tokens, import ids.
pub fn random_token() -> WebResult<String> {
    let mut bytes = [0_u8; 32];
    getrandom::fill(&mut bytes).map_err(|error| WebError::Internal(error.to_string()))?;
    Ok(hex::encode(bytes))
}

/// A password for a new account: 16 characters without look-alikes (0/O, 1/l/I), ~90 bits.
pub fn generate_password() -> WebResult<String> {
    const ALPHABET: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0_u8; 16];
    getrandom::fill(&mut bytes).map_err(|error| WebError::Internal(error.to_string()))?;
    // 256 is not a multiple of the alphabet size; the bias this leaves is negligible here.
    Ok(bytes
        .iter()
        .map(|byte| char::from(ALPHABET[usize::from(*byte) % ALPHABET.len()]))
        .collect())
}

/// argon2id with the crate's default (OWASP) parameters, as a PHC string.
pub fn hash_password(password: &str) -> WebResult<String> {
    let mut salt = [0_u8; 16];
    getrandom::fill(&mut salt).map_err(|error| WebError::Internal(error.to_string()))?;
    let salt =
        SaltString::encode_b64(&salt).map_err(|error| WebError::Internal(error.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|error| WebError::Internal(error.to_string()))
}

pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|hash| {
        Argon2::default()
            .verify_password(password.as_bytes(), &hash)
            .is_ok()
    })
}

/// Checks a login off the async threads (argon2 takes tens of milliseconds on purpose).
/// Unknown logins are checked against a fixed hash so that timing does not reveal them.
pub async fn check_login<S: WebStore>(
    state: &AppState<S>,
    login: &str,
    password: &str,
) -> WebResult<Option<User>> {
    let user = state.store().find_user(state.hospital(), login).await?;
    let phc = user
        .as_ref()
        .map_or_else(|| DUMMY_HASH.to_owned(), |user| user.password_hash.clone());
    let password = password.to_owned();
    let matches = tokio::task::spawn_blocking(move || verify_password(&password, &phc))
        .await
        .map_err(|error| WebError::Internal(error.to_string()))?;
    Ok(user.filter(|user| matches && !user.disabled))
}

/// The argon2id hash of a random string nobody knows.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$nTzD6QJvR3l2sQm0Q9o5mQkz0GkQ3b5TqgGJ0dUQm5Q";

/// The `Set-Cookie` value that starts (or, with an empty token, ends) a session.
pub fn session_cookie(token: &str, max_age_seconds: i64, secure: bool) -> WebResult<HeaderValue> {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_seconds}{secure}"
    ))
    .map_err(|error| WebError::Internal(error.to_string()))
}

/// The user behind a bearer token or a session cookie, if any.
pub async fn resolve<S: WebStore>(
    state: &AppState<S>,
    headers: &HeaderMap,
) -> WebResult<Option<CurrentUser>> {
    let store = state.store();
    let hospital = state.hospital();
    let now = Micros::now();
    if let Some(token) = bearer(headers) {
        let Some(found) = store
            .find_api_token(hospital, &token_digest(token), now)
            .await?
        else {
            return Ok(None);
        };
        // "Last used" to the minute is enough, and spares a write on every request.
        if found
            .last_used_at
            .is_none_or(|at| now.0 - at.0 >= TOKEN_USE_RESOLUTION_MICROS)
        {
            store
                .touch_api_token(hospital, &found.token_digest, now)
                .await?;
        }
        let user = store.find_user(hospital, &found.login).await?;
        return Ok(user
            .filter(|user| !user.disabled)
            .map(|user| CurrentUser::from_user(user, None, None)));
    }
    let Some(token) = cookie(headers, SESSION_COOKIE).filter(|token| !token.is_empty()) else {
        return Ok(None);
    };
    let digest = token_digest(token);
    let Some(session) = store.find_session(hospital, &digest, now).await? else {
        return Ok(None);
    };
    let user = store.find_user(hospital, &session.login).await?;
    Ok(user
        .filter(|user| !user.disabled)
        .map(|user| CurrentUser::from_user(user, Some(session.csrf_token), Some(digest))))
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Middleware for everything behind the login: attaches [`CurrentUser`] or refuses.
/// Cookie-authenticated API writes must also carry the session's CSRF token in a header.
pub async fn authenticate<S: WebStore>(
    State(state): State<AppState<S>>,
    mut request: Request,
    next: Next,
) -> Response {
    let user = match resolve(&state, request.headers()).await {
        Ok(Some(user)) => user,
        Ok(None) => return WebError::Unauthenticated.into_response(),
        Err(error) => return error.into_response(),
    };
    if !is_safe(request.method()) && request.uri().path().starts_with("/api/") {
        let sent = request
            .headers()
            .get(CSRF_HEADER)
            .and_then(|value| value.to_str().ok());
        if let Err(error) = user.check_csrf(sent) {
            return error.into_response();
        }
    }
    request.extensions_mut().insert(user);
    next.run(request).await
}

/// Middleware for every route: a state-changing request that the browser says comes from
/// another site is refused before any handler sees it.
pub async fn reject_cross_site(request: Request, next: Next) -> Response {
    if !is_safe(request.method()) && is_cross_site(request.headers()) {
        return WebError::CsrfRejected.into_response();
    }
    next.run(request).await
}

/// `Sec-Fetch-Site` when the browser sends it (all current ones do), else `Origin`
/// compared with `Host`. Requests with neither (curl, scripts) are not browser-driven.
pub fn is_cross_site(headers: &HeaderMap) -> bool {
    let get = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    if let Some(site) = get("sec-fetch-site") {
        return !matches!(site, "same-origin" | "none");
    }
    if let Some(origin) = get("origin") {
        let origin_host = origin
            .split_once("://")
            .map_or(origin, |(_, rest)| rest)
            .trim_end_matches('/');
        return Some(origin_host) != get("host");
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn cross_site_detection() {
        let check = |pairs: &[(&'static str, &'static str)], expected: bool| {
            assert_eq!(is_cross_site(&headers(pairs)), expected, "{pairs:?}");
        };
        check(&[], false);
        check(&[("sec-fetch-site", "same-origin")], false);
        check(&[("sec-fetch-site", "none")], false);
        check(&[("sec-fetch-site", "cross-site")], true);
        check(&[("sec-fetch-site", "same-site")], true);
        check(
            &[
                ("origin", "http://127.0.0.1:8080"),
                ("host", "127.0.0.1:8080"),
            ],
            false,
        );
        check(
            &[
                ("origin", "https://evil.example"),
                ("host", "127.0.0.1:8080"),
            ],
            true,
        );
        check(&[("origin", "null"), ("host", "127.0.0.1:8080")], true);
    }

    #[test]
    fn passwords_hash_and_verify() {
        let hash = hash_password("correct horse").unwrap_or_default();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password("correct horse", &hash));
        assert!(!verify_password("wrong", &hash));
        assert!(!verify_password("correct horse", "not a hash"));
        assert!(!verify_password("", DUMMY_HASH));
        // The dummy must parse, or unknown logins would answer faster than known ones.
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
    }

    #[test]
    fn generated_secrets_differ_and_have_their_shape() {
        let a = generate_password().unwrap_or_default();
        let b = generate_password().unwrap_or_default();
        assert_eq!(a.chars().count(), 16);
        assert_ne!(a, b);
        assert!(
            a.chars()
                .all(|c| c.is_ascii_alphanumeric() && !"0O1lI".contains(c))
        );
        assert_eq!(random_token().map(|t| t.len()), Ok(64));
    }

    #[test]
    fn csrf_tokens_compare_exactly() {
        let user = CurrentUser {
            login: "a".into(),
            display_name: "a".into(),
            role: Role::Editor,
            vendor_id: None,
            csrf: Some("abc".into()),
            session_digest: None,
        };
        assert_eq!(user.check_csrf(Some("abc")), Ok(()));
        assert_eq!(user.check_csrf(Some("abd")), Err(WebError::CsrfRejected));
        assert_eq!(user.check_csrf(None), Err(WebError::CsrfRejected));
        let token_user = CurrentUser { csrf: None, ..user };
        assert_eq!(token_user.check_csrf(None), Ok(()));
    }
}

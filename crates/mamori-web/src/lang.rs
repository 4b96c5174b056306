//! The outermost layer: the user's language (`?lang=en` switches and is remembered in a
//! cookie; Japanese otherwise), security headers on every response, and the rendering of
//! [`WebError`]s as a page, a login redirect or API JSON.

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use mamori_i18n::{Lang, text};

use crate::error::WebError;

pub const LANG_COOKIE: &str = "mamori_lang";

/// The value of one cookie of the request.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// One query parameter, without decoding (only short ASCII codes are read this way).
fn query_param<'a>(query: Option<&'a str>, name: &str) -> Option<&'a str> {
    query?
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// The language asked for by the query, else the cookie, else Japanese; and whether the
/// query asked (so the choice is remembered).
pub fn language(query: Option<&str>, headers: &HeaderMap) -> (Lang, bool) {
    match query_param(query, "lang") {
        Some(tag) => (Lang::from_tag(tag), true),
        None => (
            cookie(headers, LANG_COOKIE).map_or(Lang::Ja, Lang::from_tag),
            false,
        ),
    }
}

/// Catalogue lookups for templates.
#[derive(Debug, Clone, Copy)]
pub struct Tr(pub Lang);

impl Tr {
    pub fn t(&self, key: &str) -> String {
        text(self.0, key, &[])
    }

    pub fn ta(&self, key: &str, args: &[(&str, &str)]) -> String {
        text(self.0, key, args)
    }

    pub fn code(&self) -> &'static str {
        self.0.code()
    }
}

pub async fn edge(mut request: Request, next: Next) -> Response {
    let (lang, remember) = language(request.uri().query(), request.headers());
    let is_api = request.uri().path().starts_with("/api/");
    request.extensions_mut().insert(lang);
    let mut response = next.run(request).await;
    if let Some(error) = response.extensions().get::<WebError>().cloned() {
        response = render_error(&error, lang, is_api);
    } else {
        // Answers made before any handler ran (body limit, malformed JSON or query, unknown
        // route or method) come as plain text; they get the same shape as everything else.
        let status = response.status();
        let is_json = response
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|value| value.as_bytes().starts_with(b"application/json"));
        let error = match status {
            _ if is_json => None,
            StatusCode::PAYLOAD_TOO_LARGE => Some(WebError::PayloadTooLarge),
            StatusCode::NOT_FOUND if is_api => Some(WebError::NotFound),
            _ if is_api && status.is_client_error() => Some(WebError::BadRequest),
            _ => None,
        };
        if let Some(error) = error {
            response = render_error(&error, lang, is_api);
        }
    }
    let headers = response.headers_mut();
    for (name, value) in SECURITY_HEADERS {
        headers.insert(name.clone(), HeaderValue::from_static(value));
    }
    if remember {
        let cookie = format!(
            "{LANG_COOKIE}={}; Path=/; SameSite=Strict; Max-Age=31536000",
            lang.code()
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            headers.append(header::SET_COOKIE, value);
        }
    }
    response
}

/// No framing, no sniffing, no foreign scripts: the pages need none of it.
const SECURITY_HEADERS: &[(header::HeaderName, &str)] = &[
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::X_FRAME_OPTIONS, "DENY"),
    (header::REFERRER_POLICY, "same-origin"),
    (
        header::CONTENT_SECURITY_POLICY,
        "default-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'",
    ),
];

fn render_error(error: &WebError, lang: Lang, is_api: bool) -> Response {
    let message = error.message(lang);
    if is_api {
        let body = serde_json::json!({ "code": error.code(), "message": message });
        let mut response = (error.status(), axum::Json(body)).into_response();
        if *error == WebError::Unauthenticated {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"mamori\""),
            );
        }
        return response;
    }
    if *error == WebError::Unauthenticated {
        return Redirect::to("/login").into_response();
    }
    let page = crate::pages::error_page(lang, error.status().as_u16(), &message);
    (error.status(), page).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(query: Option<&str>, cookie_header: Option<&str>, expected: (Lang, bool)) {
        let mut headers = HeaderMap::new();
        if let Some(value) = cookie_header {
            headers.insert(
                header::COOKIE,
                HeaderValue::from_str(value).unwrap_or(HeaderValue::from_static("")),
            );
        }
        assert_eq!(
            language(query, &headers),
            expected,
            "{query:?} {cookie_header:?}"
        );
    }

    #[test]
    fn language_from_query_then_cookie_then_japanese() {
        check(None, None, (Lang::Ja, false));
        check(Some("lang=en"), None, (Lang::En, true));
        check(
            Some("q=x&lang=ja"),
            Some("mamori_lang=en"),
            (Lang::Ja, true),
        );
        check(None, Some("a=b; mamori_lang=en"), (Lang::En, false));
        check(Some("q=lang"), Some("mamori_lang=xx"), (Lang::Ja, false));
    }
}

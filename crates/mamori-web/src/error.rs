//! Errors of the web layer with stable codes. Handlers return [`WebError`]; the response
//! carries the error in its extensions and the outer [`crate::lang::edge`] middleware,
//! which knows the user's language and whether the path is the API, renders it as an HTML
//! page, a login redirect or `{code, message}` JSON.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mamori_i18n::{Lang, text};
use mamori_store::StoreError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebError {
    /// Not logged in (pages redirect to the login page, the API answers 401).
    Unauthenticated,
    /// Logged in but not allowed.
    Forbidden,
    /// A state-changing request without the CSRF proof or from another site.
    CsrfRejected,
    NotFound,
    BadRequest,
    /// Someone else changed the record since the form was shown.
    Conflict,
    /// Too many failed logins; seconds to wait.
    Throttled(u64),
    /// The change would make the ledger invalid.
    Invalid,
    PayloadTooLarge,
    /// The database or another internal failure; the detail goes to the log only.
    Internal(String),
}

impl WebError {
    /// The stable wire code, also the catalogue key suffix (`web-error-<code>`).
    pub fn code(&self) -> &'static str {
        match self {
            WebError::Unauthenticated => "unauthenticated",
            WebError::Forbidden => "forbidden",
            WebError::CsrfRejected => "csrf_rejected",
            WebError::NotFound => "not_found",
            WebError::BadRequest => "bad_request",
            WebError::Conflict => "conflict",
            WebError::Throttled(_) => "too_many_attempts",
            WebError::Invalid => "invalid",
            WebError::PayloadTooLarge => "payload_too_large",
            WebError::Internal(_) => "internal",
        }
    }

    pub const CODES: &'static [&'static str] = &[
        "unauthenticated",
        "forbidden",
        "csrf_rejected",
        "not_found",
        "bad_request",
        "conflict",
        "too_many_attempts",
        "invalid",
        "payload_too_large",
        "internal",
    ];

    pub fn status(&self) -> StatusCode {
        match self {
            WebError::Unauthenticated => StatusCode::UNAUTHORIZED,
            WebError::Forbidden | WebError::CsrfRejected => StatusCode::FORBIDDEN,
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::BadRequest => StatusCode::BAD_REQUEST,
            WebError::Conflict => StatusCode::CONFLICT,
            WebError::Throttled(_) => StatusCode::TOO_MANY_REQUESTS,
            WebError::Invalid => StatusCode::UNPROCESSABLE_ENTITY,
            WebError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The message for people, in their language.
    pub fn message(&self, lang: Lang) -> String {
        let seconds = match self {
            WebError::Throttled(seconds) => seconds.to_string(),
            _ => String::new(),
        };
        text(
            lang,
            &format!("web-error-{}", self.code()),
            &[("seconds", &seconds)],
        )
    }
}

impl From<StoreError> for WebError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Conflict { .. } => WebError::Conflict,
            StoreError::Invalid(_) => WebError::Invalid,
            StoreError::NotFound(_) => WebError::NotFound,
            other => WebError::Internal(other.to_string()),
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        if let WebError::Internal(detail) = &self {
            tracing::error!(detail = %detail, "internal error");
        }
        let mut response = self.status().into_response();
        response.extensions_mut().insert(self);
        response
    }
}

pub type WebResult<T> = Result<T, WebError>;

//! The web application of mamori: a Japanese, server-rendered UI and a JSON API over the
//! ledger, behind login with roles (admin, editor, viewer, vendor).
//!
//! [`app`] builds the whole router from an [`AppState`] so tests drive it without a socket;
//! [`serve`] runs it on a listener until shutdown. Templates, stylesheet and messages are
//! compiled in: one binary, no web root, no CDN, no JavaScript.
//!
//! Architecture invariants: no SQL here (storage goes through `LedgerStore`/`UserStore`);
//! every ledger write goes through `save_ledger` with the logged-in user as the actor;
//! vendor scope is decided in one place (`scope`) for pages and API alike.

pub mod api;
pub mod auth;
pub mod checklist_due;
pub mod error;
mod fields;
mod imports;
pub mod kinds;
pub mod lang;
pub mod pages;
pub mod paths_cache;
pub mod scope;
pub mod search;
pub mod state;
mod throttle;
pub mod tls;
pub mod views;
pub mod vulns;

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{get, post};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

pub use auth::{generate_password, hash_password, random_token};
pub use error::WebError;
pub use state::{AppState, Config, WebStore};

/// Largest request body: a hospital's whole ledger as XLSX fits comfortably.
pub const BODY_LIMIT: usize = 32 * 1024 * 1024;
/// Longest a request may take (a large import preview included).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);

/// The whole application.
pub fn app<S: WebStore>(state: AppState<S>) -> Router {
    let protected = Router::new()
        .route("/", get(pages::home::<S>))
        .route("/logout", post(pages::logout::<S>))
        .route("/assets", get(pages::assets::<S>))
        .route(
            "/assets/{id}",
            get(pages::asset::<S>).post(pages::edit::edit_submit::<S>),
        )
        .route("/assets/{id}/edit", get(pages::edit::edit_form::<S>))
        .route("/connection-points", get(pages::points::<S>))
        .route("/connection-points/{id}", get(pages::point::<S>))
        .route(
            "/import",
            get(pages::transfer::import_page).post(pages::transfer::import_upload::<S>),
        )
        .route("/import/commit", post(pages::transfer::import_commit::<S>))
        .route("/export/{file}", get(pages::transfer::export::<S>))
        .route("/templates/{file}", get(pages::transfer::template))
        .route("/api/v1/me", get(api::me))
        .route("/api/v1/dashboard", get(api::dashboard::<S>))
        .route(
            "/api/v1/assets",
            get(api::assets::<S>).post(kinds::api::create_asset::<S>),
        )
        .route(
            "/api/v1/assets/{id}",
            get(api::asset::<S>)
                .put(api::update_asset::<S>)
                .delete(kinds::api::delete_asset::<S>),
        )
        .route("/api/v1/connection-points", get(api::points::<S>))
        .route("/api/v1/connection-points/{id}", get(api::point::<S>))
        .route("/diagram", get(pages::diagram::diagram::<S>))
        .route("/paths", get(pages::paths::paths::<S>))
        .route("/paths/whatif", post(pages::paths_whatif::whatif::<S>))
        .route("/api/v1/paths", get(pages::paths::api_paths::<S>))
        .route("/findings", get(pages::findings::findings::<S>))
        .route("/api/v1/findings", get(pages::findings::api_findings::<S>))
        .route(
            "/findings/suggestions",
            get(pages::suggestions::page::<S>).post(pages::suggestions::add::<S>),
        )
        .route("/api/v1/cpe-suggestions", get(pages::suggestions::api::<S>))
        .route(
            "/findings/alerts/seen",
            post(pages::findings::mark_seen_form::<S>),
        )
        .route(
            "/api/v1/findings/alerts/seen",
            post(pages::findings::api_mark_seen::<S>),
        )
        .route("/checklist", get(pages::checklist::checklist::<S>))
        .route(
            "/checklist/export.xlsx",
            get(pages::checklist::export_xlsx::<S>),
        )
        .route(
            "/checklist/export.pdf",
            get(pages::checklist::export_pdf::<S>),
        )
        .route("/checklist/answer", post(pages::checklist::answer::<S>))
        .route(
            "/checklist/history",
            get(pages::checklist_history::history::<S>),
        )
        .route(
            "/checklist/vendors",
            get(pages::checklist_vendors::vendors::<S>),
        )
        .route(
            "/checklist/vendors/{vendor}",
            get(pages::checklist_vendors::sheet::<S>),
        )
        .route(
            "/checklist/vendors/{vendor}/answer",
            post(pages::checklist_vendors::answer::<S>),
        )
        .route(
            "/tokens",
            get(pages::tokens::list::<S>).post(pages::tokens::create::<S>),
        )
        .route("/tokens/revoke", post(pages::tokens::revoke::<S>))
        .merge(kinds_routes::<S>())
        .route_layer(from_fn_with_state(state.clone(), auth::authenticate::<S>));
    Router::new()
        .route(
            "/login",
            get(pages::login_form).post(pages::login_submit::<S>),
        )
        .route("/static/mamori.css", get(pages::stylesheet))
        .route("/static/diagram.css", get(pages::diagram::stylesheet))
        .route("/static/diagram.js", get(pages::diagram::script))
        .route("/healthz", get(|| async { "ok" }))
        .merge(protected)
        .route(
            "/api/{*rest}",
            get(api::not_found).post(api::not_found).put(api::not_found),
        )
        .with_state(state)
        .layer(from_fn(auth::reject_cross_site))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(from_fn(log_request))
        .layer(from_fn(lang::edge))
}

/// Every ledger kind: pages under `/ledger`, the API under `/api/v1/<kind>`.
fn kinds_routes<S: WebStore>() -> Router<AppState<S>> {
    use kinds::{api as kapi, pages as kp};
    Router::new()
        .route("/ledger", get(kp::index::<S>))
        .route(
            "/api/v1/openapi.json",
            get(|| async { axum::Json(kinds::openapi::document()) }),
        )
        .route("/ledger/{kind}", get(kp::list::<S>).post(kp::create::<S>))
        .route("/ledger/{kind}/new", get(kp::new_form::<S>))
        .route(
            "/ledger/{kind}/{id}",
            get(kp::detail::<S>).post(kp::update::<S>),
        )
        .route("/ledger/{kind}/{id}/edit", get(kp::edit_form::<S>))
        .route(
            "/ledger/{kind}/{id}/delete",
            get(kp::delete_confirm::<S>).post(kp::delete::<S>),
        )
        .route("/ledger/{kind}/{id}/history", get(kp::history::<S>))
        .route(
            "/api/v1/{kind}",
            get(kapi::list::<S>).post(kapi::create::<S>),
        )
        .route(
            "/api/v1/{kind}/{id}",
            get(kapi::get::<S>)
                .put(kapi::update::<S>)
                .delete(kapi::delete::<S>),
        )
}

/// One structured log line per request (method, path, status, duration); never the query,
/// which may carry search words about patients' devices.
async fn log_request(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let started = std::time::Instant::now();
    let response = next.run(request).await;
    tracing::info!(
        method = %method,
        path = %path,
        status = response.status().as_u16(),
        ms = started.elapsed().as_millis() as u64,
        "request"
    );
    response
}

/// Serves plain HTTP until `shutdown` resolves, then finishes the requests in flight.
pub async fn serve<S: WebStore>(
    listener: tokio::net::TcpListener,
    state: AppState<S>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let sweeper = tokio::spawn(sweep_sessions(state.clone()));
    let result = axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await;
    sweeper.abort();
    result
}

/// Serves HTTPS with `tls` until `shutdown` resolves, then finishes the requests in flight.
/// The caller sets `Config::secure_cookies` (session cookies must be `Secure` over TLS).
pub async fn serve_tls<S: WebStore>(
    listener: tokio::net::TcpListener,
    tls: std::sync::Arc<rustls::ServerConfig>,
    state: AppState<S>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use axum::serve::ListenerExt as _;
    let sweeper = tokio::spawn(sweep_sessions(state.clone()));
    // `tap_io` does nothing to the stream; it is how axum gives a custom listener's
    // peer address to `ConnectInfo<SocketAddr>` (used by the login throttle).
    let listener = tls::TlsListener::new(listener, tls)?.tap_io(|_| {});
    let result = axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await;
    sweeper.abort();
    result
}

/// Expired sessions are removed hourly so the table does not grow without bound.
async fn sweep_sessions<S: WebStore>(state: AppState<S>) {
    let mut every = tokio::time::interval(Duration::from_secs(3600));
    loop {
        every.tick().await;
        if let Err(error) = state
            .store()
            .delete_expired_sessions(mamori_store::Micros::now())
            .await
        {
            tracing::warn!(error = %error, "could not remove expired sessions");
        }
    }
}

/// Registers for Ctrl-C and SIGTERM (systemd, docker stop) at once, so that a signal arriving
/// right after the server says it is listening still stops it gracefully, and resolves when
/// one arrives. Call it inside the runtime, before announcing the server.
pub fn shutdown_signal() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{Signal, SignalKind, signal};
        async fn received(signal: Option<Signal>) {
            match signal {
                Some(mut signal) => {
                    signal.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        }
        let interrupt = signal(SignalKind::interrupt()).ok();
        let terminate = signal(SignalKind::terminate()).ok();
        async move {
            tokio::select! {
                () = received(interrupt) => {},
                () = received(terminate) => {},
            }
        }
    }
    #[cfg(not(unix))]
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// A multi-threaded runtime for the server (request handling uses every core).
pub fn server_runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
}

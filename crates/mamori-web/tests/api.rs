//! The JSON API through the router: bearer tokens, `{code, message}` errors, the asset
//! update with versions and located problems, and session-cookie writes needing the header.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod support;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::json;
use support::setup;

#[tokio::test]
async fn asset_update_checks_version_role_and_validity() {
    let app = setup().await;
    let editor = app.api_token("editor").await;
    let detail = app
        .api(Method::GET, "/api/v1/assets/srv-emr-db01", &editor, None)
        .await
        .json();
    assert!(
        detail["relations"]["backups"]
            .as_array()
            .is_some_and(|b| !b.is_empty()),
        "{detail}"
    );
    let version = detail["version"].as_i64().unwrap();
    let mut asset = detail["asset"].clone();
    asset["notes"] = json!("API で更新");
    let reply = app
        .api(
            Method::PUT,
            "/api/v1/assets/srv-emr-db01",
            &editor,
            Some(json!({"version": version, "asset": asset})),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.json()["version"], version + 1);
    let history = app
        .api(Method::GET, "/api/v1/assets/srv-emr-db01", &editor, None)
        .await
        .json();
    assert_eq!(history["history"][0]["actor"], "editor");
    assert_eq!(history["history"][0]["changes"][0]["field"], "notes");

    let stale = app
        .api(
            Method::PUT,
            "/api/v1/assets/srv-emr-db01",
            &editor,
            Some(json!({"version": version, "asset": asset})),
        )
        .await;
    assert_eq!(
        (stale.status, stale.json()["code"].clone()),
        (StatusCode::CONFLICT, json!("conflict"))
    );

    asset["zone_id"] = json!("no-such-zone");
    let invalid = app
        .api(
            Method::PUT,
            "/api/v1/assets/srv-emr-db01",
            &editor,
            Some(json!({"version": version + 1, "asset": asset})),
        )
        .await;
    assert_eq!(
        invalid.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        invalid.body
    );
    assert_eq!(invalid.json()["problems"][0]["field"], "zone_id");

    let viewer = app.api_token("viewer").await;
    let denied = app
        .api(
            Method::PUT,
            "/api/v1/assets/srv-emr-db01",
            &viewer,
            Some(json!({"version": version + 1, "asset": detail["asset"]})),
        )
        .await;
    assert_eq!(
        (denied.status, denied.json()["code"].clone()),
        (StatusCode::FORBIDDEN, json!("forbidden"))
    );
}

#[tokio::test]
async fn errors_have_stable_codes() {
    let app = setup().await;
    let token = app.api_token("viewer").await;
    let check = |reply: support::Reply, status: StatusCode, code: &str| {
        assert_eq!(reply.status, status, "{}", reply.body);
        assert_eq!(reply.json()["code"], code);
        assert!(
            reply.json()["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty())
        );
    };
    check(
        app.api(Method::GET, "/api/v1/assets/nope", &token, None)
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    check(
        app.api(Method::GET, "/api/v1/nothing-here", &token, None)
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    check(
        app.api(Method::GET, "/api/v1/assets?page=x", &token, None)
            .await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    );
    let editor = app.api_token("editor").await;
    let bad_json = Request::put("/api/v1/assets/srv-emr-db01")
        .header(header::AUTHORIZATION, format!("Bearer {editor}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{not json"))
        .unwrap();
    check(
        app.send(bad_json).await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    );
    check(
        app.api(Method::GET, "/api/v1/me", "wrong-token", None)
            .await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    );
    let me = app
        .api(Method::GET, "/api/v1/me", &token, None)
        .await
        .json();
    assert_eq!(me["role"], "viewer");
    let dashboard = app
        .api(Method::GET, "/api/v1/dashboard", &token, None)
        .await
        .json();
    assert!(dashboard["gaps"].as_array().is_some_and(|g| !g.is_empty()));
}

#[tokio::test]
async fn cookie_sessions_need_the_csrf_header_for_api_writes() {
    let app = setup().await;
    let browser = app.login("editor").await;
    let put = |csrf: Option<&str>| {
        let mut request = Request::put("/api/v1/assets/srv-emr-db01")
            .header(header::COOKIE, &browser.cookie)
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(csrf) = csrf {
            request = request.header("x-csrf-token", csrf);
        }
        request.body(Body::from("{}")).unwrap()
    };
    let reply = app.send(put(None)).await;
    assert_eq!(
        (reply.status, reply.json()["code"].clone()),
        (StatusCode::FORBIDDEN, json!("csrf_rejected"))
    );
    // With the header the request reaches the handler (and fails on its empty body).
    let reply = app.send(put(Some(&browser.csrf))).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
}

//! The API token page: create (shown once), list without secrets, use (last used),
//! revoke; everyone manages their own, administrators everyone's; CSRF and sessions only.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod support;

use axum::http::{Method, StatusCode};
use mamori_store::{UserStore, token_digest};
use support::{Browser, TestApp, setup};

/// Creates a token through the form and returns (reply body, secret).
async fn create(app: &TestApp, browser: &Browser, label: &str, days: &str) -> (String, String) {
    let reply = app
        .post_form(
            "/tokens",
            Some(browser),
            &[
                ("csrf", &browser.csrf),
                ("label", label),
                ("expires_days", days),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let marker = "id=\"new-token-value\" class=\"secret\" readonly value=\"";
    let start = reply.body.find(marker).expect("the new token is shown") + marker.len();
    let secret = reply.body[start..].split('"').next().unwrap().to_owned();
    (reply.body, secret)
}

/// (login, label) of each row of the page's token table.
fn rows(html: &str) -> Vec<String> {
    html.split("data-label=\"")
        .skip(1)
        .map(|chunk| chunk.split('"').next().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_user_creates_uses_and_revokes_an_api_token() {
    let app = setup().await;
    let editor = app.login("editor").await;
    let empty = app.get("/tokens", Some(&editor)).await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(empty.body.contains("id=\"no-tokens\""), "{}", empty.body);

    let (body, secret) = create(&app, &editor, "夜間の出力", "30").await;
    assert_eq!(secret.len(), 64);
    assert_eq!(rows(&body), vec!["夜間の出力"]);
    // Only the digest is kept.
    let stored = app
        .state
        .store()
        .list_api_tokens(&app.hospital, Some("editor"))
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].token_digest, token_digest(&secret));
    assert!(stored[0].expires_at.is_some());

    // Shown once: the list afterwards has the row but never the secret.
    let listed = app.get("/tokens", Some(&editor)).await;
    assert!(!listed.body.contains(&secret));
    assert!(!listed.body.contains("new-token-value"));
    assert!(listed.body.contains("未使用"), "never used yet");

    // The token works and its use is recorded.
    let me = app.api(Method::GET, "/api/v1/me", &secret, None).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.body);
    let used = app.get("/tokens", Some(&editor)).await;
    assert!(!used.body.contains("未使用"), "{}", used.body);

    // Revoking needs the CSRF token, then the token stops working.
    let digest = token_digest(&secret);
    let forged = app
        .post_form(
            "/tokens/revoke",
            Some(&editor),
            &[("csrf", "wrong"), ("token", &digest)],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let revoked = app
        .post_form(
            "/tokens/revoke",
            Some(&editor),
            &[("csrf", &editor.csrf), ("token", &digest)],
        )
        .await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    assert_eq!(revoked.location(), "/tokens?revoked=1");
    let after = app.get("/tokens?revoked=1", Some(&editor)).await;
    assert!(after.body.contains("id=\"notice\""), "{}", after.body);
    assert!(rows(&after.body).is_empty());
    let refused = app.api(Method::GET, "/api/v1/me", &secret, None).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn users_see_their_own_tokens_and_admins_everyones() {
    let app = setup().await;
    let editor = app.login("editor").await;
    let viewer = app.login("viewer").await;
    let admin = app.login("admin").await;
    let (_, editors) = create(&app, &editor, "editor-script", "0").await;
    create(&app, &viewer, "viewer-script", "365").await;

    let check = |html: &str, expected: &[&str]| {
        let mut shown = rows(html);
        shown.sort();
        assert_eq!(shown, expected, "{html}");
    };
    check(
        &app.get("/tokens", Some(&viewer)).await.body,
        &["viewer-script"],
    );
    let everyone = app.get("/tokens", Some(&admin)).await.body;
    check(&everyone, &["editor-script", "viewer-script"]);
    assert!(everyone.contains("すべての利用者のトークン"));

    // A viewer cannot revoke the editor's token (it is not found among its own) …
    let digest = token_digest(&editors);
    let denied = app
        .post_form(
            "/tokens/revoke",
            Some(&viewer),
            &[("csrf", &viewer.csrf), ("token", &digest)],
        )
        .await;
    assert_eq!(denied.status, StatusCode::NOT_FOUND);
    let still = app.api(Method::GET, "/api/v1/me", &editors, None).await;
    assert_eq!(still.status, StatusCode::OK);
    // … an administrator can.
    let revoked = app
        .post_form(
            "/tokens/revoke",
            Some(&admin),
            &[("csrf", &admin.csrf), ("token", &digest)],
        )
        .await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    check(
        &app.get("/tokens", Some(&admin)).await.body,
        &["viewer-script"],
    );
    let gone = app.api(Method::GET, "/api/v1/me", &editors, None).await;
    assert_eq!(gone.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn bad_forms_cross_site_posts_and_tokens_themselves_are_refused() {
    let app = setup().await;
    let editor = app.login("editor").await;
    // (label, expiry days, status, message on the page)
    let cases = [
        (
            "  ".to_owned(),
            "0",
            StatusCode::UNPROCESSABLE_ENTITY,
            "用途を入力してください",
        ),
        (
            "あ".repeat(101),
            "0",
            StatusCode::UNPROCESSABLE_ENTITY,
            "100 文字以内",
        ),
        ("script".to_owned(), "7", StatusCode::BAD_REQUEST, ""),
    ];
    for (label, days, status, message) in cases {
        let reply = app
            .post_form(
                "/tokens",
                Some(&editor),
                &[
                    ("csrf", &editor.csrf),
                    ("label", &label),
                    ("expires_days", days),
                ],
            )
            .await;
        assert_eq!(reply.status, status, "{label:?} {days}: {}", reply.body);
        assert!(reply.body.contains(message), "{message}: {}", reply.body);
        assert!(!reply.body.contains("new-token-value"));
    }
    assert!(
        app.state
            .store()
            .list_api_tokens(&app.hospital, None)
            .await
            .unwrap()
            .is_empty()
    );

    // Without the form's CSRF token, or from another site.
    let no_csrf = app
        .post_form(
            "/tokens",
            Some(&editor),
            &[("label", "x"), ("expires_days", "0")],
        )
        .await;
    assert_eq!(no_csrf.status, StatusCode::FORBIDDEN);
    let cross_site = app
        .send(
            axum::http::Request::post("/tokens")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("sec-fetch-site", "cross-site")
                .header("cookie", &editor.cookie)
                .body(axum::body::Body::from(format!(
                    "csrf={}&label=x&expires_days=0",
                    editor.csrf
                )))
                .unwrap(),
        )
        .await;
    assert_eq!(cross_site.status, StatusCode::FORBIDDEN);

    // A script's token cannot manage tokens; nobody unauthenticated sees the page.
    let token = app.api_token("editor").await;
    let by_token = app.api(Method::GET, "/tokens", &token, None).await;
    assert_eq!(by_token.status, StatusCode::FORBIDDEN);
    let anonymous = app.get("/tokens", None).await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    assert!(anonymous.location().starts_with("/login"));
}

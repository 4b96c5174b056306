//! `/findings/suggestions` and `/api/v1/cpe-suggestions` on the demo hospital with the real NVD
//! and KEV files: viewers see, editors add a suggestion as `suggested` (CSRF, audited), vendor
//! accounts see only their own assets, and a suggestion never yields a confirmed finding.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod support;

use axum::http::{Method, StatusCode};
use mamori_store::LedgerStore as _;
use serde_json::Value;
use support::TestApp;

const SERVER: &str = "srv-endo01";
const WINDOWS: &str = "cpe:2.3:o:microsoft:windows_server_2016:*:*:*:*:*:*:*:*";

async fn api(app: &TestApp, login: &str) -> Value {
    let token = app.api_token(login).await;
    let reply = app
        .api(Method::GET, "/api/v1/cpe-suggestions", &token, None)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.json()
}

/// (asset id, best suggestion) of every listed asset.
fn best(json: &Value) -> Vec<(String, String)> {
    json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| {
            (
                item["asset_id"].as_str().unwrap().to_owned(),
                item["suggestions"][0]["cpe"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn viewers_see_suggestions_editors_add_them_as_suggested() {
    let app = support::setup_with_feeds().await;
    let json = api(&app, "viewer").await;
    assert_eq!(json["format"], "mamori-cpe-suggestions/1");
    assert_eq!(json["feeds_loaded"], true);
    assert!(
        best(&json).contains(&(SERVER.to_owned(), WINDOWS.to_owned())),
        "{json}"
    );

    let viewer = app.login("viewer").await;
    let page = app.get("/findings/suggestions", Some(&viewer)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains(&format!("data-asset=\"{SERVER}\"")),
        "{}",
        page.body
    );
    assert!(!page.body.contains("action=\"/findings/suggestions\""));
    let refused = app
        .post_form(
            "/findings/suggestions",
            Some(&viewer),
            &[("csrf", &viewer.csrf), ("asset", SERVER), ("cpe", WINDOWS)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let editor = app.login("editor").await;
    let page = app
        .get("/findings/suggestions?lang=en", Some(&editor))
        .await;
    assert!(page.body.contains("Add as suggested"), "{}", page.body);
    let no_csrf = app
        .post_form(
            "/findings/suggestions",
            Some(&editor),
            &[("asset", SERVER), ("cpe", WINDOWS)],
        )
        .await;
    assert_ne!(no_csrf.status, StatusCode::SEE_OTHER);
    let made_up = "cpe:2.3:o:microsoft:windows_server_2019:*:*:*:*:*:*:*:*";
    let not_suggested = app
        .post_form(
            "/findings/suggestions",
            Some(&editor),
            &[("csrf", &editor.csrf), ("asset", SERVER), ("cpe", made_up)],
        )
        .await;
    assert_eq!(not_suggested.status, StatusCode::UNPROCESSABLE_ENTITY);
    let added = app
        .post_form(
            "/findings/suggestions",
            Some(&editor),
            &[("csrf", &editor.csrf), ("asset", SERVER), ("cpe", WINDOWS)],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    assert_eq!(added.location(), "/findings/suggestions");

    let ledger = app.state.snapshot().await.unwrap().ledger.clone();
    let asset = ledger
        .assets
        .iter()
        .find(|a| a.id.as_str() == SERVER)
        .unwrap();
    assert_eq!(asset.cpes.len(), 1);
    assert_eq!(asset.cpes[0].cpe, WINDOWS);
    assert_eq!(asset.cpes[0].state, mamori_core::CpeState::Suggested);
    let entries = app
        .state
        .store()
        .audit_entries(&app.hospital, 0, i64::MAX)
        .await
        .unwrap();
    let last = entries.last().unwrap();
    assert_eq!(
        (last.actor.as_str(), last.record.id.as_str()),
        ("editor", SERVER)
    );
    // The asset has a CPE name now: no longer listed; its findings are at most possible.
    assert!(
        !best(&api(&app, "viewer").await)
            .iter()
            .any(|(id, _)| id == SERVER)
    );
    let token = app.api_token("viewer").await;
    let findings = app
        .api(
            Method::GET,
            &format!("/api/v1/findings?target={SERVER}"),
            &token,
            None,
        )
        .await
        .json();
    for finding in findings["items"].as_array().unwrap() {
        assert_ne!(finding["confidence"], "confirmed", "{finding}");
    }
}

#[tokio::test]
async fn a_vendor_sees_only_its_own_assets() {
    let app = support::setup_with_feeds().await;
    // CISA ADP names `windows_10`, which the modality vendor's ultrasound units run.
    app.import_cve5_records().await;
    let ledger = mamori_demo::demo_hospital();
    let own: Vec<String> = ledger
        .assets
        .iter()
        .filter(|a| {
            a.managing_vendor_id
                .as_ref()
                .is_some_and(|v| v.as_str() == "ven-modality")
        })
        .map(|a| a.id.as_str().to_owned())
        .collect();
    let all = best(&api(&app, "viewer").await);
    let theirs = best(&api(&app, "modality").await);
    assert!(!theirs.is_empty(), "{all:?}");
    assert!(theirs.len() < all.len(), "{theirs:?} / {all:?}");
    for (id, _) in &theirs {
        assert!(own.contains(id), "{id} is not the vendor's");
    }
}

#[tokio::test]
async fn without_feeds_the_page_says_so() {
    let app = support::setup().await;
    let viewer = app.login("viewer").await;
    let page = app.get("/findings/suggestions", Some(&viewer)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"no-feeds\""), "{}", page.body);
    let json = api(&app, "viewer").await;
    assert_eq!(json["feeds_loaded"], false);
    assert_eq!(json["items"], Value::Array(Vec::new()));
}

//! Alerts "new since the last look" on the demo hospital with the real NVD and KEV files:
//! every alert is new until the user marks them seen (API or the page's button with its CSRF
//! token), per user; an alert that goes away (a risk acceptance) and comes back (revoked) is
//! new again; the dashboard shows the count.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod support;

use axum::http::{Method, StatusCode};
use mamori_findings::{Exception, TargetKind};
use mamori_store::{ExceptionAction, ExceptionStore as _};
use serde_json::Value;
use support::TestApp;

async fn alerts(app: &TestApp, token: &str, new_only: bool) -> Value {
    let query = if new_only {
        "?alerts=1&new=1"
    } else {
        "?alerts=1"
    };
    let reply = app
        .api(
            Method::GET,
            &format!("/api/v1/findings{query}"),
            token,
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.json()
}

fn items(json: &Value) -> Vec<(String, String, bool)> {
    json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["asset_id"].as_str().unwrap().to_owned(),
                f["cve"].as_str().unwrap().to_owned(),
                f["new"].as_bool().unwrap(),
            )
        })
        .collect()
}

async fn mark_seen(app: &TestApp, token: &str) -> Value {
    let reply = app
        .api(Method::POST, "/api/v1/findings/alerts/seen", token, None)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.json()
}

const VPN: &str = "cp-emr-sslvpn";
const VPN_CVE: &str = "CVE-2022-42475";

#[tokio::test]
async fn alerts_are_new_until_marked_seen_and_again_when_they_come_back() {
    let app = support::setup_with_feeds().await;
    let viewer = app.api_token("viewer").await;
    let editor = app.api_token("editor").await;

    // Nobody has looked: every alert is new.
    let all = alerts(&app, &viewer, false).await;
    let count = all["counts"]["alerts"].as_u64().unwrap();
    assert!(count > 0);
    assert_eq!(all["counts"]["new_alerts"], count);
    assert_eq!(all["last_look"], Value::Null);
    assert!(items(&all).iter().all(|(_, _, new)| *new));
    assert!(items(&all).contains(&(VPN.to_owned(), VPN_CVE.to_owned(), true)));
    assert_eq!(items(&alerts(&app, &viewer, true).await), items(&all));

    // The viewer marks them seen: nothing is new for the viewer, everything still is for the
    // editor.
    let marked = mark_seen(&app, &viewer).await;
    assert_eq!(marked["marked"], count);
    assert!(marked["at"].is_string());
    let after = alerts(&app, &viewer, false).await;
    assert_eq!(after["counts"]["alerts"], count);
    assert_eq!(after["counts"]["new_alerts"], 0);
    assert_eq!(after["last_look"], marked["at"]);
    assert!(items(&after).iter().all(|(_, _, new)| !*new));
    assert!(items(&alerts(&app, &viewer, true).await).is_empty());
    assert_eq!(
        alerts(&app, &editor, true).await["counts"]["new_alerts"],
        count
    );

    // A risk acceptance hides the VPN alert; the viewer looks again (it is forgotten), then
    // the acceptance is revoked: the alert is back, and new.
    let exception = Exception {
        id: "exc-1".to_owned(),
        target_kind: TargetKind::ConnectionPoint,
        target_id: VPN.to_owned(),
        cve: VPN_CVE.to_owned(),
        reason: "vendor patch scheduled".to_owned(),
        approver: "ciso".to_owned(),
        expires: "2099-12-31".parse().unwrap(),
    };
    let store = app.state.store();
    store
        .append_exception_event(
            &app.hospital,
            "ciso",
            ExceptionAction::Add,
            "exc-1",
            &serde_json::to_string(&exception).unwrap(),
        )
        .await
        .unwrap();
    let accepted = alerts(&app, &viewer, false).await;
    assert_eq!(accepted["counts"]["alerts"], count - 1);
    assert_eq!(mark_seen(&app, &viewer).await["marked"], count - 1);
    store
        .append_exception_event(
            &app.hospital,
            "ciso",
            ExceptionAction::Revoke,
            "exc-1",
            "{}",
        )
        .await
        .unwrap();
    let back = alerts(&app, &viewer, true).await;
    assert_eq!(
        items(&back),
        vec![(VPN.to_owned(), VPN_CVE.to_owned(), true)]
    );
    assert_eq!(back["counts"]["new_alerts"], 1);
}

#[tokio::test]
async fn the_page_marks_new_alerts_and_its_button_needs_the_csrf_token() {
    let app = support::setup_with_feeds().await;
    let browser = app.login("editor").await;
    let page = app.get("/findings?alerts=1&lang=en", Some(&browser)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let rows = page.body.matches("<tr data-target=").count();
    assert!(rows > 0);
    assert_eq!(page.body.matches("data-new=\"1\"").count(), rows);
    assert!(page.body.contains("id=\"mark-seen\""), "{}", page.body);
    let home = app.get("/?lang=en", Some(&browser)).await;
    assert!(
        home.body
            .contains(&format!("data-alerts=\"{rows}\" data-new=\"{rows}\"")),
        "{}",
        home.body
    );

    let forged = app
        .post_form(
            "/findings/alerts/seen",
            Some(&browser),
            &[("csrf", "wrong")],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN, "{}", forged.body);
    let still = app.get("/findings?alerts=1&new=1", Some(&browser)).await;
    assert_eq!(still.body.matches("data-new=\"1\"").count(), rows);

    let done = app
        .post_form(
            "/findings/alerts/seen",
            Some(&browser),
            &[("csrf", &browser.csrf)],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(done.location(), "/findings?alerts=1");
    let page = app.get("/findings?alerts=1&lang=en", Some(&browser)).await;
    assert_eq!(page.body.matches("<tr data-target=").count(), rows);
    assert_eq!(page.body.matches("data-new=\"1\"").count(), 0);
    let new_only = app.get("/findings?new=1&lang=en", Some(&browser)).await;
    assert_eq!(new_only.body.matches("<tr data-target=").count(), 0);
    let home = app.get("/?lang=en", Some(&browser)).await;
    assert!(
        home.body
            .contains(&format!("data-alerts=\"{rows}\" data-new=\"0\"")),
        "{}",
        home.body
    );
}

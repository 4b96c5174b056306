//! `/findings` and `/api/v1/findings` on the demo hospital with the real NVD and KEV files:
//! the same findings `mamori vuln match` computes, filtered by target, CVE, tier and to the
//! alert list, a vendor seeing only its own records, and a clear page when no feed is loaded.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod support;

use axum::http::{Method, StatusCode};
use mamori_findings::{VulnIndex, ledger_targets, match_targets};
use mamori_store::FeedStore as _;
use mamori_vuln::{FeedSet, FeedSource};
use serde_json::Value;
use support::{TestApp, setup};

async fn api(app: &TestApp, login: &str, query: &str) -> Value {
    let token = app.api_token(login).await;
    let reply = app
        .api(
            Method::GET,
            &format!("/api/v1/findings{query}"),
            &token,
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.json()
}

fn pairs(json: &Value) -> Vec<(String, String)> {
    json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["asset_id"].as_str().unwrap().to_owned(),
                f["cve"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_api_lists_what_vuln_match_computes() {
    let app = support::setup_with_feeds().await;
    let json = api(&app, "viewer", "").await;
    assert_eq!(json["format"], "mamori-findings/1");
    assert_eq!(json["feeds_loaded"], true);

    // The same matching, run directly on the stored feeds.
    let codes: Vec<&str> = [
        FeedSource::Nvd,
        FeedSource::NvdOverride,
        FeedSource::Cve5,
        FeedSource::Kev,
        FeedSource::Jvn,
    ]
    .iter()
    .map(|s| s.code())
    .collect();
    let rows = app.state.store().feed_bodies(&codes).await.unwrap();
    let index = VulnIndex::new(FeedSet::from_bodies(
        rows.iter()
            .filter_map(|(s, b)| Some((FeedSource::from_code(s)?, b.as_str()))),
    ));
    let ledger = mamori_demo::demo_hospital();
    let (targets, _) = ledger_targets(&ledger);
    let today = mamori_core::Date(
        jiff::Timestamp::now()
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .date(),
    );
    let expected: Vec<(String, String)> = match_targets(&targets, &index, &[], today)
        .iter()
        .map(|f| (f.asset_id.to_owned(), f.cve.to_owned()))
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(pairs(&json), expected);
    assert_eq!(json["counts"]["findings"], expected.len());

    // The FortiGate SSL-VPN of the EMR vendor: CVE-2022-42475 is in KEV.
    let vpn = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["asset_id"] == "cp-emr-sslvpn" && f["cve"] == "CVE-2022-42475")
        .expect("the SSL-VPN finding");
    assert_eq!(vpn["kev"], true);
    assert_eq!(vpn["target_kind"], "connection_point");
    assert_eq!(vpn["alert"], true);
}

#[tokio::test]
async fn filters_narrow_by_target_cve_tier_and_alerts() {
    let app = support::setup_with_feeds().await;
    let all = api(&app, "viewer", "").await;
    let check = |query: &str, keep: &dyn Fn(&Value) -> bool, got: &Value| {
        let expected: Vec<(String, String)> = all["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| keep(f))
            .map(|f| {
                (
                    f["asset_id"].as_str().unwrap().to_owned(),
                    f["cve"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert!(!expected.is_empty(), "{query} keeps something");
        assert_eq!(pairs(got), expected, "{query}");
    };
    let q = "?target=cp-emr-sslvpn";
    check(
        q,
        &|f| f["asset_id"] == "cp-emr-sslvpn",
        &api(&app, "viewer", q).await,
    );
    let q = "?cve=cve-2022-42475";
    check(
        q,
        &|f| f["cve"] == "CVE-2022-42475",
        &api(&app, "viewer", q).await,
    );
    let q = "?tier=confirmed";
    check(
        q,
        &|f| f["confidence"] == "confirmed",
        &api(&app, "viewer", q).await,
    );
    let q = "?alerts=1";
    check(q, &|f| f["alert"] == true, &api(&app, "viewer", q).await);

    let token = app.api_token("viewer").await;
    let bad = app
        .api(Method::GET, "/api/v1/findings?tier=probably", &token, None)
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.body);
}

#[tokio::test]
async fn a_vendor_sees_only_findings_on_its_own_records() {
    let app = support::setup_with_feeds().await;
    let all = api(&app, "viewer", "").await;
    let mine = api(&app, "modality", "").await;
    let ledger = mamori_demo::demo_hospital();
    let own: std::collections::HashSet<&str> = ledger
        .assets
        .iter()
        .filter(|a| {
            a.managing_vendor_id
                .as_ref()
                .is_some_and(|v| v.as_str() == "ven-modality")
        })
        .map(|a| a.id.as_str())
        .chain(
            ledger
                .connection_points
                .iter()
                .filter(|p| {
                    p.vendor_id
                        .as_ref()
                        .is_some_and(|v| v.as_str() == "ven-modality")
                })
                .map(|p| p.id.as_str()),
        )
        .collect();
    let expected: Vec<(String, String)> = pairs(&all)
        .into_iter()
        .filter(|(target, _)| own.contains(target.as_str()))
        .collect();
    assert_eq!(pairs(&mine), expected);
    assert!(pairs(&mine).len() < pairs(&all).len());
}

#[tokio::test]
async fn the_page_lists_findings_and_says_when_no_feed_is_loaded() {
    let app = support::setup_with_feeds().await;
    let browser = app.login("editor").await;
    let page = app.get("/findings?alerts=1&lang=en", Some(&browser)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body
            .contains("data-target=\"cp-emr-sslvpn\" data-cve=\"CVE-2022-42475\""),
        "{}",
        page.body
    );
    assert!(
        page.body.matches("<tr data-target=").count()
            == page.body.matches("data-alert=\"1\"").count()
    );
    assert!(page.body.contains("href=\"/findings\""), "nav item");
    for (detail, id) in [
        ("/assets/net-fg-sslvpn01", "net-fg-sslvpn01"),
        ("/connection-points/cp-emr-sslvpn", "cp-emr-sslvpn"),
    ] {
        let record = app.get(detail, Some(&browser)).await;
        assert!(
            record
                .body
                .contains(&format!("href=\"/findings?target={id}\"")),
            "{detail} links to its findings"
        );
    }

    let bare = setup().await;
    let browser = bare.login("viewer").await;
    let page = bare.get("/findings?lang=en", Some(&browser)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"no-feeds\""), "{}", page.body);
    let token = bare.api_token("viewer").await;
    let json = bare
        .api(Method::GET, "/api/v1/findings", &token, None)
        .await
        .json();
    assert_eq!(json["feeds_loaded"], false);
    assert_eq!(json["items"].as_array().unwrap().len(), 0);
}

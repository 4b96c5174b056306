//! `/paths` and `/api/v1/paths` analyse the ledger with the findings of the stored feeds (the
//! real NVD and KEV files of `shared/data/vuln`), exactly as `mamori paths` does, and the
//! what-if form takes any ledger edit as well as the ranked fixes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod support;

use axum::http::{Method, StatusCode};
use mamori_paths_report::{FeedFacts, compute, facts_for};
use mamori_store::FeedStore as _;
use serde_json::Value;
use support::{TestApp, setup};

#[tokio::test]
async fn the_api_gives_the_clis_document_with_feed_findings() {
    let app = support::setup_with_feeds().await;
    let token = app.api_token("viewer").await;
    let reply = app.api(Method::GET, "/api/v1/paths", &token, None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let json = reply.json();
    assert_eq!(json["format"], "mamori-paths/1");

    // The same inputs through the shared report crate give the same answers.
    let rows = app
        .state
        .store()
        .feed_bodies(&FeedFacts::source_codes())
        .await
        .unwrap();
    let feeds = FeedFacts::from_bodies(&rows).unwrap();
    let today = mamori_core::Date(
        jiff::Timestamp::now()
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .date(),
    );
    let loaded = facts_for(mamori_demo::demo_hospital(), Some(&feeds), &[], today).unwrap();
    assert!(
        loaded.feed_findings > 0,
        "the demo has FortiGate and other findings"
    );
    let computed = compute(&loaded);
    assert_eq!(json["counts"]["feed_findings"], loaded.feed_findings);
    assert_eq!(
        json["counts"]["reached_pairs"],
        computed.analysis.reached.len()
    );
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings.len(), computed.findings.len());
    for (got, want) in findings.iter().zip(&computed.findings) {
        assert_eq!(got["vuln"], want.vuln.as_str());
        assert_eq!(got["exposure"]["percent"], want.percent());
        assert_eq!(
            got["impact"]["on_paths"].as_array().unwrap().len(),
            want.on_paths.len()
        );
    }
    let fix_ids: Vec<&str> = json["fix_ranking"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    let expected: Vec<&str> = computed
        .ranking
        .fixes
        .iter()
        .map(|f| f.id.as_str())
        .collect();
    assert_eq!(fix_ids, expected);
}

#[tokio::test]
async fn the_page_lists_exposure_per_finding_and_says_feeds_were_used() {
    let app = support::setup_with_feeds().await;
    let browser = app.login("editor").await;
    let page = app.get("/paths?lang=en", Some(&browser)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("id=\"findings\""), "{}", page.body);
    assert!(
        page.body.contains("findings of the loaded feeds"),
        "{}",
        page.body
    );
    let bands = ["critical", "high", "moderate", "low"];
    let rows = page.body.matches("<tr data-vuln=").count();
    assert!(rows > 0);
    assert!(
        page.body.split("<tr data-vuln=").skip(1).all(|row| bands
            .iter()
            .any(|b| row.contains(&format!("data-band=\"{b}\"")))),
        "every finding row has a band"
    );

    let bare = setup().await;
    let browser = bare.login("editor").await;
    let page = bare.get("/paths?lang=en", Some(&browser)).await;
    assert!(
        page.body.contains("No vulnerability feed is loaded"),
        "{}",
        page.body
    );
}

async fn whatif_edits(app: &TestApp, edits: &str) -> support::Reply {
    let browser = app.login("editor").await;
    let form = [
        ("csrf", browser.csrf.as_str()),
        ("at", ""),
        ("edits", edits),
    ];
    app.post_form("/paths/whatif", Some(&browser), &form).await
}

fn items(html: &str, id: &str) -> usize {
    let marker = format!("<ul id=\"{id}\">");
    html.find(&marker).map_or(0, |start| {
        let rest = &html[start..];
        rest[..rest.find("</ul>").unwrap()].matches("<li").count()
    })
}

#[tokio::test]
async fn whatif_takes_any_ledger_edit_and_writes_nothing() {
    let app = setup().await;
    let ledger = mamori_demo::demo_hospital();
    // A source-IP restriction on every connection point: an edit that is not one of the
    // five fix kinds.
    let edits: Vec<Value> = ledger
        .connection_points
        .iter()
        .map(|p| serde_json::json!({"op": "patch", "kind": "connection_points", "id": p.id.as_str(), "set": {"source_ip_restricted": true}}))
        .collect();
    let document =
        serde_json::json!({"format": "mamori-ledger-edits/1", "edits": edits}).to_string();
    let reply = whatif_edits(&app, &document).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);

    let mut edited = ledger.clone();
    for point in &mut edited.connection_points {
        point.source_ip_restricted = Some(true);
    }
    let today = mamori_core::Date(
        jiff::Timestamp::now()
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .date(),
    );
    let before = compute(&facts_for(ledger.clone(), None, &[], today).unwrap());
    let after = compute(&facts_for(edited, None, &[], today).unwrap());
    let cut = before.analysis.reached.len() - after.analysis.reached.len();
    assert!(cut > 0, "restricted points let nobody in");
    assert_eq!(after.analysis.reached.len(), 0);
    assert_eq!(items(&reply.body, "pairs-cut"), cut, "{}", reply.body);
    let changed = items(&reply.body, "records-changed");
    assert!(
        changed >= 1 && changed <= ledger.connection_points.len(),
        "{}",
        reply.body
    );

    // Nothing was written.
    let browser = app.login("viewer").await;
    let again = app.get("/paths", Some(&browser)).await;
    let token = app.api_token("viewer").await;
    let json = app
        .api(Method::GET, "/api/v1/paths", &token, None)
        .await
        .json();
    assert_eq!(
        json["counts"]["reached_pairs"],
        before.analysis.reached.len()
    );
    assert_eq!(again.status, StatusCode::OK);
}

#[tokio::test]
async fn bad_edits_are_named_in_both_languages_and_nothing_is_computed() {
    let app = setup().await;
    let check = |reply: support::Reply, needles: &[&str]| {
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
        assert!(
            reply.body.contains("id=\"whatif-problems\""),
            "{}",
            reply.body
        );
        for needle in needles {
            assert!(
                reply.body.contains(needle),
                "{needle} not in {}",
                reply.body
            );
        }
        assert!(!reply.body.contains("id=\"pairs-cut\""));
    };
    check(whatif_edits(&app, "{").await, &["edits"]);
    check(
        whatif_edits(
            &app,
            r#"{"format": "mamori-ledger-edits/1", "edits": [{"op": "delete", "kind": "firewall_rules", "id": "no-such-rule"}]}"#,
        )
        .await,
        &["no-such-rule", "edits"],
    );
    // Deleting a zone that assets still use leaves an invalid ledger.
    let zone = mamori_demo::demo_hospital().zones[0].id.as_str().to_owned();
    let dangling = format!(
        r#"{{"format": "mamori-ledger-edits/1", "edits": [{{"op": "delete", "kind": "zones", "id": "{zone}"}}]}}"#
    );
    check(whatif_edits(&app, &dangling).await, &[&zone]);
    check(whatif_edits(&app, "").await, &[]);
}

/// The analysis is computed once per ledger and feed state: a second view reuses it, a
/// ledger write or a feed import makes a new one, and the new one equals a fresh analysis.
#[tokio::test]
async fn the_analysis_is_kept_until_the_ledger_or_the_feeds_change() {
    let app = setup().await;
    let paths_of_now = || async {
        let snapshot = app.state.snapshot().await.unwrap();
        app.state.current_paths(&snapshot).await.unwrap()
    };
    let first = paths_of_now().await;
    assert!(!first.feeds_loaded);
    assert!(std::sync::Arc::ptr_eq(&first, &paths_of_now().await));

    let mut ledger = app.state.snapshot().await.unwrap().ledger.clone();
    let removed = ledger.firewall_rules.pop().expect("the demo has rules");
    let meta = mamori_store::ChangeMeta {
        actor: "test".into(),
        reason: "drop a rule".into(),
    };
    mamori_store::save_ledger(app.state.store(), &app.hospital, &meta, &ledger)
        .await
        .unwrap();
    let after_write = paths_of_now().await;
    assert!(!std::sync::Arc::ptr_eq(&first, &after_write));
    assert!(
        after_write
            .loaded
            .ledger
            .firewall_rules
            .iter()
            .all(|r| r.id != removed.id)
    );

    app.import_shared_feeds().await;
    let after_feeds = paths_of_now().await;
    assert!(!std::sync::Arc::ptr_eq(&after_write, &after_feeds));
    assert!(after_feeds.feeds_loaded);
    assert!(after_feeds.loaded.feed_findings > 0);
    let index = app.state.vuln_index().await.unwrap().unwrap();
    let fresh = facts_for(
        ledger,
        Some(&FeedFacts::from_index(index)),
        &[],
        mamori_core::Date(
            jiff::Timestamp::now()
                .to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .date(),
        ),
    );
    assert_eq!(
        compute(&fresh.unwrap()).analysis,
        after_feeds.computed.analysis
    );
}

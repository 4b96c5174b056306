//! `/paths`, `/paths/whatif` and `/api/v1/paths` on the demo hospital: the page names the
//! entry points reaching each crown jewel and the ranked fixes, the what-if form shows what a
//! chosen fix cuts (the same pairs the ranking promised), and vendors get nothing.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod support;

use axum::http::{Method, StatusCode};
use mamori_paths::{Engine, what_if};
use mamori_paths_ledger::facts_from_ledger;
use support::{TestApp, setup};

const FIX: &str = "break_credential:cg-local-admin";

/// The part of a page between an element's opening marker and its `</section>`.
fn section<'a>(html: &'a str, marker: &str) -> &'a str {
    let start = html
        .find(marker)
        .unwrap_or_else(|| panic!("no {marker} in {html}"));
    let end = html[start..].find("</section>").unwrap() + start;
    &html[start..end]
}

/// Items of the `<ul id=...>` list of a page.
fn list_items(html: &str, id: &str) -> Vec<String> {
    let marker = format!("<ul id=\"{id}\">");
    let Some(start) = html.find(&marker) else {
        return Vec::new();
    };
    let rest = &html[start + marker.len()..];
    let list = &rest[..rest.find("</ul>").unwrap()];
    list.split("<li>")
        .skip(1)
        .map(|item| item.trim_end_matches("</li>").to_owned())
        .collect()
}

async fn whatif(app: &TestApp, login: &str, fixes: &[&str]) -> support::Reply {
    let browser = app.login(login).await;
    let mut form = vec![("csrf", browser.csrf.as_str()), ("at", "")];
    form.extend(fixes.iter().map(|fix| ("fix", *fix)));
    app.post_form("/paths/whatif", Some(&browser), &form).await
}

#[tokio::test]
async fn the_page_names_the_vpn_reaching_the_emr_database_and_the_shared_password_fix() {
    let app = setup().await;
    for login in ["admin", "editor", "viewer"] {
        let browser = app.login(login).await;
        let reply = app.get("/paths", Some(&browser)).await;
        assert_eq!(reply.status, StatusCode::OK, "{login}: {}", reply.body);
        let emr = section(&reply.body, "id=\"jewel-srv-emr-db01\"");
        assert!(emr.contains("data-entry=\"cp-emr-sslvpn\""), "{emr}");
        assert!(emr.contains("<ol class=\"hops\"><li>"), "{emr}");
        assert!(
            reply
                .body
                .contains(&format!("name=\"fix\" value=\"{FIX}\"")),
            "{login}"
        );
        assert!(
            reply.body.contains("href=\"/paths\""),
            "nav item for {login}"
        );
    }
}

#[tokio::test]
async fn the_page_speaks_the_users_language() {
    let app = setup().await;
    let browser = app.login("admin").await;
    let ja = app.get("/paths?lang=ja", Some(&browser)).await;
    let en = app.get("/paths?lang=en", Some(&browser)).await;
    assert!(ja.body.contains("修正案（効果の大きい順）"), "{}", ja.body);
    assert!(
        en.body.contains("Fixes (most effective first)"),
        "{}",
        en.body
    );
}

#[tokio::test]
async fn the_api_gives_what_the_engine_computes_on_the_stored_ledger() {
    let app = setup().await;
    let token = app.api_token("viewer").await;
    let reply = app.api(Method::GET, "/api/v1/paths", &token, None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let json = reply.json();
    assert_eq!(json["format"], "mamori-paths/1");

    // No feed is loaded here: the ledger's own records only.
    let ledger = mamori_demo::demo_hospital();
    let facts = facts_from_ledger(&ledger).facts;
    let engine = Engine::new(&facts);
    let analysis = engine.analysis();
    let ranking = engine.rank_fixes();
    assert_eq!(json["counts"]["reached_pairs"], analysis.reached.len());
    assert_eq!(json["counts"]["feed_findings"], 0);
    assert_eq!(
        json["recovery_broken"].as_object().unwrap().len(),
        analysis.recovery.len()
    );
    let ids: Vec<&str> = json["fix_ranking"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    let expected: Vec<&str> = ranking.fixes.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, expected);
    let fix = json["fix_ranking"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == FIX)
        .unwrap();
    assert!(!fix["records"].as_array().unwrap().is_empty(), "{fix}");
}

#[tokio::test]
async fn whatif_with_the_shared_password_fix_shows_the_pairs_it_cuts() {
    let app = setup().await;
    let reply = whatif(&app, "editor", &[FIX]).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let cut = list_items(&reply.body, "pairs-cut");
    assert!(!cut.is_empty(), "{}", reply.body);

    let ledger = mamori_demo::demo_hospital();
    let facts = facts_from_ledger(&ledger).facts;
    let change = mamori_paths::Change::from_stable_id(FIX).unwrap();
    let expected = what_if(&facts, &[change]);
    assert_eq!(cut.len(), expected.pairs_cut.len());
    for pair in &expected.pairs_cut {
        assert!(
            cut.iter()
                .any(|item| item.contains(&format!("({})", pair.entry))
                    && item.contains(&format!("({})", pair.jewel))),
            "{pair:?} not in {cut:?}"
        );
    }
    assert_eq!(
        list_items(&reply.body, "recoveries-restored").len(),
        expected.recoveries_restored.len()
    );
}

#[tokio::test]
async fn whatif_rejects_bad_input_and_forged_posts() {
    let app = setup().await;
    let check = |reply: support::Reply, expected: StatusCode| {
        assert_eq!(reply.status, expected, "{}", reply.body);
    };
    check(whatif(&app, "admin", &[]).await, StatusCode::BAD_REQUEST);
    check(
        whatif(&app, "admin", &["no_such_kind:x"]).await,
        StatusCode::BAD_REQUEST,
    );
    check(
        whatif(&app, "admin", &["patch:no-such-vuln"]).await,
        StatusCode::BAD_REQUEST,
    );
    let browser = app.login("admin").await;
    let forged = app
        .post_form(
            "/paths/whatif",
            Some(&browser),
            &[("csrf", "forged"), ("fix", FIX)],
        )
        .await;
    assert!(forged.status.is_client_error(), "{}", forged.status);
    check(
        app.get("/paths?at=not-a-date", Some(&browser)).await,
        StatusCode::BAD_REQUEST,
    );
}

#[tokio::test]
async fn vendors_get_no_attack_paths() {
    let app = setup().await;
    let vendor = app.login("modality").await;
    assert_eq!(
        app.get("/paths", Some(&vendor)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        whatif(&app, "modality", &[FIX]).await.status,
        StatusCode::FORBIDDEN
    );
    let token = app.api_token("modality").await;
    assert_eq!(
        app.api(Method::GET, "/api/v1/paths", &token, None)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let home = app.get("/", Some(&vendor)).await;
    assert!(!home.body.contains("href=\"/paths\""));
}

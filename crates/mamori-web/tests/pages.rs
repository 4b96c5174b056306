//! The web application end to end through the router (no socket): login, roles, vendor
//! scope, CSRF, the asset list, edit with validation and history, import and export.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use support::{Browser, PASSWORD, form_values, multipart, set_value, setup};

const ASSET: &str = "srv-emr-db01";

#[tokio::test]
async fn nobody_without_a_login_sees_anything() {
    let app = setup().await;
    for page in [
        "/",
        "/assets",
        "/assets/srv-emr-db01",
        "/connection-points",
        "/import",
        "/export/ledger.json",
    ] {
        let reply = app.get(page, None).await;
        assert_eq!(
            (reply.status, reply.location()),
            (StatusCode::SEE_OTHER, "/login"),
            "{page}"
        );
    }
    let reply = app.get("/api/v1/assets", None).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.json()["code"], "unauthenticated");
    let reply = app
        .get(
            "/api/v1/assets",
            Some(&Browser {
                cookie: "mamori_session=forged".into(),
                csrf: String::new(),
            }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.get("/login", None).await.status, StatusCode::OK);
}

#[tokio::test]
async fn login_sets_a_strict_http_only_cookie_and_wrong_passwords_are_throttled() {
    let app = setup().await;
    let reply = app
        .post_form(
            "/login",
            None,
            &[("login", "admin"), ("password", PASSWORD)],
        )
        .await;
    let cookie = reply
        .headers
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "no TLS in tests: {cookie}");
    for _ in 0..5 {
        let reply = app
            .post_form(
                "/login",
                None,
                &[("login", "viewer"), ("password", "wrong")],
            )
            .await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        assert!(
            reply.body.contains("ログイン名またはパスワードが違います"),
            "{}",
            reply.body
        );
    }
    // Even the right password waits now.
    let reply = app
        .post_form(
            "/login",
            None,
            &[("login", "viewer"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn logout_ends_the_session() {
    let app = setup().await;
    let browser = app.login("viewer").await;
    let reply = app
        .post_form("/logout", Some(&browser), &[("csrf", &browser.csrf)])
        .await;
    assert_eq!(
        (reply.status, reply.location()),
        (StatusCode::SEE_OTHER, "/login")
    );
    assert_eq!(app.get("/", Some(&browser)).await.location(), "/login");
}

#[tokio::test]
async fn dashboard_shows_counts_zones_and_gaps_in_japanese_or_english() {
    let app = setup().await;
    let browser = app.login("viewer").await;
    let home = app.get("/", Some(&browser)).await;
    assert!(
        home.body.contains("機器（資産）") && home.body.contains("記録の不足"),
        "{}",
        home.body
    );
    assert!(home.body.contains("多要素認証のない外部接続点"));
    assert!(home.body.contains("href=\"/connection-points/"));
    let english = app.get("/?lang=en", Some(&browser)).await;
    assert!(english.body.contains("Data gaps"), "{}", english.body);
    let remembered = english
        .headers
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(remembered.starts_with("mamori_lang=en"), "{remembered}");
    let headers = &home.headers;
    assert_eq!(headers.get("x-frame-options").unwrap(), "DENY");
    assert!(headers.get("content-security-policy").is_some());
}

#[tokio::test]
async fn asset_list_searches_filters_sorts_and_pages() {
    let app = setup().await;
    let browser = app.login("viewer").await;
    let found = app.get("/assets?q=emr-db01", Some(&browser)).await;
    assert!(
        found.body.contains("href=\"/assets/srv-emr-db01\""),
        "{}",
        found.body
    );
    assert!(!found.body.contains("href=\"/assets/srv-emr-db02\""));
    let servers = app
        .get(
            "/assets?kind=server&per_page=5&page=2&sort=name&dir=desc",
            Some(&browser),
        )
        .await;
    assert_eq!(servers.status, StatusCode::OK);
    assert!(servers.body.contains("rel=\"prev\""), "{}", servers.body);
    let api = app.api_token("viewer").await;
    let listing = app
        .api(
            axum::http::Method::GET,
            "/api/v1/assets?kind=server&per_page=5",
            &api,
            None,
        )
        .await
        .json();
    assert_eq!(listing["per_page"], 5);
    assert!(listing["total"].as_u64().unwrap() > 5);
    assert!(
        listing["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["kind"] == "server")
    );
    let names: Vec<&str> = listing["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
}

#[tokio::test]
async fn asset_detail_shows_relations_and_edit_records_history_with_the_user() {
    let app = setup().await;
    let browser = app.login("editor").await;
    let detail = app.get(&format!("/assets/{ASSET}"), Some(&browser)).await;
    assert!(
        detail.body.contains("保護しているバックアップ") && detail.body.contains("新規登録"),
        "{}",
        detail.body
    );
    let form = app
        .get(&format!("/assets/{ASSET}/edit"), Some(&browser))
        .await;
    assert_eq!(form.status, StatusCode::OK);
    let mut fields = form_values(&form.body);
    set_value(&mut fields, "os_version", "2022 CU9");
    let reply = post_fields(&app, &browser, &fields).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let detail = app.get(reply.location(), Some(&browser)).await;
    assert!(
        detail.body.contains("2022 CU9") && detail.body.contains("editor"),
        "{}",
        detail.body
    );
    assert!(
        detail.body.contains("<code>os</code>"),
        "the history names the changed field"
    );

    // The old version is stale now: a second save from the same form is a conflict.
    let reply = post_fields(&app, &browser, &fields).await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn invalid_input_is_shown_next_to_its_field_and_nothing_is_saved() {
    let app = setup().await;
    let browser = app.login("editor").await;
    let form = app
        .get(&format!("/assets/{ASSET}/edit"), Some(&browser))
        .await;
    let mut fields = form_values(&form.body);
    set_value(&mut fields, "ip_addresses", "999.1.1.1");
    set_value(&mut fields, "name", "");
    let reply = post_fields(&app, &browser, &fields).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply.body.contains("id=\"error-ip_addresses\""),
        "{}",
        reply.body
    );
    set_value(&mut fields, "ip_addresses", "");
    let reply = post_fields(&app, &browser, &fields).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply.body.contains("id=\"error-name\""),
        "validate_ledger's problem lands on its field: {}",
        reply.body
    );
    let detail = app.get(&format!("/assets/{ASSET}"), Some(&browser)).await;
    assert!(!detail.body.contains("999.1.1.1"));
}

#[tokio::test]
async fn writes_need_the_csrf_token_a_same_site_request_and_a_writing_role() {
    let app = setup().await;
    let editor = app.login("editor").await;
    let form = app
        .get(&format!("/assets/{ASSET}/edit"), Some(&editor))
        .await;
    let mut fields = form_values(&form.body);
    set_value(&mut fields, "csrf", "wrong");
    assert_eq!(
        post_fields(&app, &editor, &fields).await.status,
        StatusCode::FORBIDDEN
    );
    set_value(&mut fields, "csrf", &editor.csrf);
    let cross_site = Request::post(format!("/assets/{ASSET}"))
        .header(header::COOKIE, &editor.cookie)
        .header("sec-fetch-site", "cross-site")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("csrf={}", editor.csrf)))
        .unwrap();
    let reply = app.send(cross_site).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(reply.body.contains("別のサイト"), "{}", reply.body);
    let viewer = app.login("viewer").await;
    assert_eq!(
        app.get(&format!("/assets/{ASSET}/edit"), Some(&viewer))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    set_value(&mut fields, "csrf", &viewer.csrf);
    assert_eq!(
        post_fields(&app, &viewer, &fields).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_vendor_sees_only_its_own_records() {
    let app = setup().await;
    let vendor = app.login("modality").await;
    assert_eq!(
        app.get("/connection-points/cp-ct-lte", Some(&vendor))
            .await
            .status,
        StatusCode::OK
    );
    let other = app
        .get("/connection-points/cp-emr-sslvpn", Some(&vendor))
        .await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);
    let list = app.get("/connection-points", Some(&vendor)).await;
    assert!(
        list.body.contains("cp-ct-lte") && !list.body.contains("cp-emr-sslvpn"),
        "{}",
        list.body
    );
    assert_eq!(
        app.get(&format!("/assets/{ASSET}"), Some(&vendor))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get("/export/ledger.xlsx", Some(&vendor)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get("/import", Some(&vendor)).await.status,
        StatusCode::FORBIDDEN
    );
    let token = app.api_token("modality").await;
    let api = app
        .api(
            axum::http::Method::GET,
            "/api/v1/connection-points/cp-emr-sslvpn",
            &token,
            None,
        )
        .await;
    assert_eq!(api.status, StatusCode::FORBIDDEN);
    assert_eq!(api.json()["code"], "forbidden");
    let listing = app
        .api(
            axum::http::Method::GET,
            "/api/v1/assets?per_page=500",
            &token,
            None,
        )
        .await
        .json();
    let items = listing["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(
        items
            .iter()
            .all(|a| a["managing_vendor_id"] == "ven-modality"
                || a["owner"]["vendor_id"] == "ven-modality")
    );
}

#[tokio::test]
async fn export_and_templates_download() {
    let app = setup().await;
    let browser = app.login("viewer").await;
    let xlsx = app.get("/export/ledger.xlsx", Some(&browser)).await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert!(xlsx.bytes.starts_with(b"PK"), "an XLSX is a zip");
    assert!(
        xlsx.headers
            .get(header::CONTENT_DISPOSITION)
            .unwrap()
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    let json = app.get("/export/ledger.json", Some(&browser)).await;
    assert!(json.body.contains("mamori-ledger/1"));
    assert_eq!(
        app.get("/templates/assets.csv", Some(&browser))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        app.get("/templates/ledger.xlsx", Some(&browser))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        app.get("/templates/nothing.csv", Some(&browser))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn import_shows_problems_by_row_and_column_then_commits_a_clean_file() {
    let app = setup().await;
    let browser = app.login("editor").await;
    let ledger = app.state.snapshot().await.unwrap().ledger.clone();
    let csv = String::from_utf8(
        mamori_interchange::write_csv(&ledger, mamori_core::RecordKind::Assets).unwrap(),
    )
    .unwrap();
    let asset = ledger
        .assets
        .iter()
        .find(|a| a.id.as_str() == ASSET)
        .unwrap();
    let ip = asset.ip_addresses[0].to_string();
    let row = csv.lines().position(|line| line.contains(ASSET)).unwrap() + 1;
    let broken = csv.replacen(&ip, "999.1.1.1", 1);
    let reply = upload(&app, &browser, "assets.csv", broken.as_bytes()).await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    let expected_row = format!("<td class=\"num\">{row}</td>");
    assert!(
        reply.body.contains(&expected_row) && reply.body.contains("999.1.1.1"),
        "row {row}: {}",
        reply.body
    );

    let renamed = csv.replacen(&asset.name, "電子カルテDB（取込）", 1);
    let preview = upload(&app, &browser, "assets.csv", renamed.as_bytes()).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    let id = value_of(&preview.body, "name=\"id\" value=\"");
    let commit = app
        .post_form(
            "/import/commit",
            Some(&browser),
            &[("csrf", &browser.csrf), ("id", &id)],
        )
        .await;
    assert_eq!(commit.status, StatusCode::SEE_OTHER, "{}", commit.body);
    assert!(
        commit.location().contains("updated=1"),
        "{}",
        commit.location()
    );
    let detail = app.get(&format!("/assets/{ASSET}"), Some(&browser)).await;
    assert!(detail.body.contains("電子カルテDB（取込）"));
    // A preview commits once.
    let again = app
        .post_form(
            "/import/commit",
            Some(&browser),
            &[("csrf", &browser.csrf), ("id", &id)],
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
}

async fn upload(
    app: &support::TestApp,
    browser: &Browser,
    name: &str,
    bytes: &[u8],
) -> support::Reply {
    let (content_type, body) = multipart(&browser.csrf, name, bytes);
    let request = Request::post("/import")
        .header(header::COOKIE, &browser.cookie)
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .unwrap();
    app.send(request).await
}

fn value_of(html: &str, marker: &str) -> String {
    let start = html.find(marker).map(|i| i + marker.len()).expect(marker);
    html[start..].split('"').next().unwrap().to_owned()
}

async fn post_fields(
    app: &support::TestApp,
    browser: &Browser,
    fields: &[(String, String)],
) -> support::Reply {
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    app.post_form(&format!("/assets/{ASSET}"), Some(browser), &pairs)
        .await
}

#[tokio::test]
async fn writes_behind_the_servers_back_are_seen_at_once() {
    let app = setup().await;
    let browser = app.login("viewer").await;
    let before = app.state.snapshot().await.unwrap();
    assert!(before.head > 1, "the demo wrote many audit entries");
    assert_eq!(
        before.head,
        mamori_web::state::audit_head(app.state.store(), &app.hospital)
            .await
            .unwrap()
    );
    // Another process (the CLI) changes the ledger directly in the store.
    let mut ledger = before.ledger.clone();
    ledger
        .assets
        .iter_mut()
        .find(|a| a.id.as_str() == ASSET)
        .unwrap()
        .name = "CLIで変更".into();
    let meta = mamori_store::ChangeMeta {
        actor: "cli".into(),
        reason: "behind".into(),
    };
    mamori_store::save_ledger(app.state.store(), &app.hospital, &meta, &ledger)
        .await
        .unwrap();
    let detail = app.get(&format!("/assets/{ASSET}"), Some(&browser)).await;
    assert!(detail.body.contains("CLIで変更"), "{}", detail.body);
    assert_eq!(app.state.snapshot().await.unwrap().head, before.head + 1);
}

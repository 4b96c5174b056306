#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]
//! `/diagram`: the reached attack paths to choose from, the chosen one highlighted, bad
//! choices refused with a 400 naming the problem; zones grouped by kind open one kind at a
//! time; the vulnerability layer is there even before any feed is loaded, and says so.

mod support;

use axum::http::StatusCode;
use mamori_store::{ChangeMeta, save_ledger};
use support::setup;

/// The SVG element with this attribute value, as its opening tag.
fn tag_with<'a>(body: &'a str, needle: &str) -> &'a str {
    let at = body
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} missing"));
    let start = body[..at].rfind('<').unwrap();
    let end = at + body[at..].find('>').unwrap();
    &body[start..=end]
}

#[tokio::test]
async fn a_reached_path_is_chosen_and_a_bad_choice_is_refused() {
    let app = setup().await;
    let admin = app.login("admin").await;
    let paths = mamori_diagram::path_overlays(&mamori_demo::demo_hospital());
    assert!(paths.len() > 1);

    let page = app.get("/diagram", Some(&admin)).await;
    assert_eq!(page.status, StatusCode::OK);
    for path in &paths {
        let value = format!("value=\"{}:{}\"", path.entry, path.jewel);
        assert!(page.body.contains(&value), "{value} not offered");
    }
    // The first path is drawn, hidden until toggled.
    assert!(tag_with(&page.body, "data-overlay=\"paths\"").contains("display=\"none\""));
    assert!(page.body.contains(&format!(
        "<option value=\"{}:{}\" selected>",
        paths[0].entry, paths[0].jewel
    )));
    // No feed is loaded: the layer is there and says what is missing.
    assert!(page.body.contains("data-overlay-toggle=\"vuln\""));
    assert!(page.body.contains("脆弱性情報が未取り込み"));

    let second = format!("{}:{}", paths[1].entry, paths[1].jewel);
    let page = app
        .get(&format!("/diagram?path={second}"), Some(&admin))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains(&format!("<option value=\"{second}\" selected>"))
    );
    assert!(!tag_with(&page.body, "data-overlay=\"paths\"").contains("display"));
    assert!(page.body.contains(&format!("攻撃経路: {}", paths[1].label)));

    for (query, message) in [
        ("path=cp-nowhere:asset-x", "入口「cp-nowhere」"),
        ("path=nothing", "入口:重要資産"),
        ("expand=wards", "ゾーン種別「wards」"),
    ] {
        let page = app.get(&format!("/diagram?{query}"), Some(&admin)).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{query}");
        assert!(page.body.contains(message), "{query}: {}", page.body);
    }
    let page = app
        .get("/diagram?path=cp-nowhere:asset-x&lang=en", Some(&admin))
        .await;
    assert!(page.body.contains("No connection point"), "{}", page.body);
}

#[tokio::test]
async fn a_grouped_kind_opens_zone_by_zone() {
    let app = setup().await;
    let admin = app.login("admin").await;
    let meta = ChangeMeta {
        actor: "test".into(),
        reason: "many zones".into(),
    };
    let ledger = mamori_demo::generate_hospital(2_500, 7);
    assert!(ledger.zones.len() > mamori_diagram::MAX_ZONE_NODES);
    save_ledger(app.state.store(), &app.hospital, &meta, &ledger)
        .await
        .unwrap();
    let page = app.get("/diagram", Some(&admin)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"diagram-grouped\""));
    assert!(page.body.contains("href=\"/diagram?expand=departmental\""));
    assert!(page.body.contains("id=\"zone-kind-departmental\""));

    let page = app.get("/diagram?expand=departmental", Some(&admin)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"diagram-expanded\""));
    assert!(!page.body.contains("id=\"zone-kind-departmental\""));
    let drawn = ledger
        .zones
        .iter()
        .filter(|z| z.kind == mamori_core::ZoneKind::Departmental)
        .filter(|z| page.body.contains(&format!("id=\"zone-{}\"", z.id)))
        .count();
    let all = ledger
        .zones
        .iter()
        .filter(|z| z.kind == mamori_core::ZoneKind::Departmental)
        .count();
    assert!(all > 1);
    assert_eq!(drawn, all);
    // The other kinds still open their own drill-down, and the path form keeps the kind.
    assert!(page.body.contains("href=\"/diagram?expand=emr\""));
    assert!(page.body.contains("name=\"expand\" value=\"departmental\""));
}

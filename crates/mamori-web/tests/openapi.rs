#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]
//! The checked-in OpenAPI document is the one the code generates.

fn published_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/openapi.json")
}

#[test]
fn openapi_is_current() {
    let generated = mamori_web::kinds::openapi::document_text();
    let path = published_path();
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let published = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        published == generated,
        "docs/openapi.json is stale: run `UPDATE_OPENAPI=1 cargo test -p mamori-web --test openapi`"
    );
}

#[test]
fn the_published_document_names_every_kind_and_error_code() {
    let document: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(published_path()).unwrap()).unwrap();
    for kind in mamori_interchange::tabular_kinds() {
        assert!(
            document["paths"][format!("/api/v1/{kind}/{{id}}")].is_object(),
            "{kind}"
        );
    }
    let codes = document["components"]["schemas"]["Error"]["properties"]["code"]["enum"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(codes, mamori_web::WebError::CODES.len());
}

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]
//! Every ledger kind through the generic pages and API, driven by the kinds' own column
//! tables and the demo hospital: list, detail, edit, a bad field, create, delete, history,
//! vendor scope and "as of".

mod support;

use axum::http::{Method, StatusCode};
use mamori_core::{CodeList, RecordKind};
use mamori_interchange::{FormInput, form_columns, name_field, tabular_kinds};
use support::{Browser, TestApp, form_values, set_value, setup};

fn first_id(kind: RecordKind) -> String {
    let ledger = mamori_demo::demo_hospital();
    ledger
        .ids(kind)
        .first()
        .map(|id| (*id).to_owned())
        .unwrap_or_else(|| panic!("the demo hospital has no {kind}"))
}

async fn post(
    app: &TestApp,
    uri: &str,
    browser: &Browser,
    fields: &[(String, String)],
) -> support::Reply {
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    app.post_form(uri, Some(browser), &pairs).await
}

/// Two demo zones no firewall joins yet (a copied firewall must join a new pair).
fn free_zone_pair() -> Vec<String> {
    let ledger = mamori_demo::demo_hospital();
    let joined = |a: &str, b: &str| {
        ledger.firewalls.iter().any(|f| {
            f.zone_ids.iter().any(|z| z.as_str() == a) && f.zone_ids.iter().any(|z| z.as_str() == b)
        })
    };
    for (position, first) in ledger.zones.iter().enumerate() {
        for second in ledger.zones.iter().skip(position + 1) {
            if !joined(first.id.as_str(), second.id.as_str()) {
                return vec![first.id.0.clone(), second.id.0.clone()];
            }
        }
    }
    panic!("every zone pair is joined")
}

/// The inputs a refused form marks as wrong.
fn fields_in_error(html: &str) -> Vec<String> {
    html.split("id=\"error-")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_owned())
        .collect()
}

/// The kinds with their own hand-written pages redirect there.
fn own_page(kind: RecordKind) -> bool {
    matches!(kind, RecordKind::Assets | RecordKind::ConnectionPoints)
}

#[tokio::test]
async fn every_kind_lists_shows_and_edits_unchanged() {
    let app = setup().await;
    let editor = app.login("editor").await;
    for kind in tabular_kinds() {
        let id = first_id(kind);
        let list = app.get(&format!("/ledger/{kind}"), Some(&editor)).await;
        if kind == RecordKind::Assets {
            assert_eq!(list.location(), "/assets");
        } else {
            assert_eq!(list.status, StatusCode::OK, "{kind}");
            assert!(
                list.body.contains(&format!("/ledger/{kind}/{id}\""))
                    || list.body.contains(&format!("/connection-points/{id}\"")),
                "{kind} list lacks {id}"
            );
        }
        let detail = app
            .get(&format!("/ledger/{kind}/{id}"), Some(&editor))
            .await;
        if own_page(kind) {
            assert_eq!(detail.status, StatusCode::SEE_OTHER, "{kind}");
        } else {
            assert_eq!(detail.status, StatusCode::OK, "{kind}/{id}");
            assert!(detail.body.contains("id=\"history\""), "{kind}");
        }
        let form = app
            .get(&format!("/ledger/{kind}/{id}/edit"), Some(&editor))
            .await;
        assert_eq!(form.status, StatusCode::OK, "{kind}/{id} edit");
        let fields = form_values(&form.body);
        let saved = post(&app, &format!("/ledger/{kind}/{id}"), &editor, &fields).await;
        assert_eq!(
            saved.status,
            StatusCode::SEE_OTHER,
            "{kind}/{id}: {}",
            saved.body
        );
    }
}

#[tokio::test]
async fn a_required_field_left_empty_is_shown_on_that_field_and_nothing_is_saved() {
    let app = setup().await;
    let editor = app.login("editor").await;
    for kind in tabular_kinds() {
        let Some(required) = form_columns(kind)
            .into_iter()
            .find(|c| c.required && c.input != FormInput::Id)
        else {
            continue;
        };
        let id = first_id(kind);
        let form = app
            .get(&format!("/ledger/{kind}/{id}/edit"), Some(&editor))
            .await;
        let mut fields = form_values(&form.body);
        set_value(&mut fields, required.field, "");
        let refused = post(&app, &format!("/ledger/{kind}/{id}"), &editor, &fields).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{kind}");
        assert!(
            refused
                .body
                .contains(&format!("id=\"error-{}\"", required.field)),
            "{kind}.{}: {}",
            required.field,
            refused.body
        );
        let versions = app.state.snapshot().await.unwrap().version(kind, &id);
        assert_eq!(versions, Some(1), "{kind}/{id} was saved");
    }
}

#[tokio::test]
async fn a_copy_of_every_kind_is_created_and_deleted_with_its_history_kept() {
    let app = setup().await;
    let editor = app.login("editor").await;
    for kind in tabular_kinds() {
        let id = first_id(kind);
        let form = app
            .get(&format!("/ledger/{kind}/{id}/edit"), Some(&editor))
            .await;
        let mut fields = form_values(&form.body);
        let copy = format!("{id}-copy");
        set_value(&mut fields, "id", &copy);
        if let Some(name) = name_field(kind) {
            let current = fields.iter().find(|(n, _)| n == name).unwrap().1.clone();
            set_value(&mut fields, name, &format!("{current} copy"));
        }
        fields.retain(|(name, _)| name != "version");
        let mut created = post(&app, &format!("/ledger/{kind}"), &editor, &fields).await;
        if created.status == StatusCode::UNPROCESSABLE_ENTITY {
            // Values that must be unique (a 管理番号) are left out of the copy.
            // A number that must differ (a service's port) gets a free one.
            for field in fields_in_error(&created.body) {
                assert_ne!(field, "id", "{kind}: {}", created.body);
                let current = fields.iter().find(|(n, _)| *n == field).unwrap().1.clone();
                let distinct = if field == "zone_ids" {
                    free_zone_pair().join("\n")
                } else if current.parse::<u32>().is_ok() {
                    "65001".to_owned()
                } else {
                    String::new()
                };
                set_value(&mut fields, &field, &distinct);
            }
            created = post(&app, &format!("/ledger/{kind}"), &editor, &fields).await;
        }
        assert_eq!(
            created.status,
            StatusCode::SEE_OTHER,
            "{kind}: {}",
            created.body
        );
        assert!(
            created.location().contains(&copy),
            "{kind}: {}",
            created.location()
        );
        let confirm = app
            .get(&format!("/ledger/{kind}/{copy}/delete"), Some(&editor))
            .await;
        assert!(
            confirm.body.contains("id=\"confirm-delete\""),
            "{kind}: {}",
            confirm.body
        );
        let mut delete = form_values(&confirm.body);
        delete.truncate(2);
        let deleted = post(
            &app,
            &format!("/ledger/{kind}/{copy}/delete"),
            &editor,
            &delete,
        )
        .await;
        assert_eq!(
            deleted.status,
            StatusCode::SEE_OTHER,
            "{kind}: {}",
            deleted.body
        );
        let history = app
            .get(&format!("/ledger/{kind}/{copy}/history"), Some(&editor))
            .await;
        assert_eq!(history.status, StatusCode::OK, "{kind}");
        assert!(history.body.contains("id=\"deleted\""), "{kind}");
        assert!(
            history.body.contains("editor"),
            "{kind}: the actor is shown"
        );
    }
}

#[tokio::test]
async fn a_zone_in_use_cannot_be_deleted_and_its_referrers_are_listed() {
    let app = setup().await;
    let editor = app.login("editor").await;
    let ledger = mamori_demo::demo_hospital();
    let zone = ledger
        .zones
        .iter()
        .find(|z| {
            ledger
                .assets
                .iter()
                .any(|a| a.zone_id.as_ref() == Some(&z.id))
        })
        .unwrap();
    let asset = ledger
        .assets
        .iter()
        .find(|a| a.zone_id.as_ref() == Some(&zone.id))
        .unwrap();
    let confirm = app
        .get(&format!("/ledger/zones/{}/delete", zone.id), Some(&editor))
        .await;
    assert!(confirm.body.contains("id=\"delete-refused\""));
    assert!(!confirm.body.contains("id=\"confirm-delete\""));
    assert!(confirm.body.contains(&format!("/assets/{}\"", asset.id)));
    let mut fields = form_values(&confirm.body);
    fields.truncate(2);
    let refused = post(
        &app,
        &format!("/ledger/zones/{}/delete", zone.id),
        &editor,
        &fields,
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let still = app
        .get(&format!("/ledger/zones/{}", zone.id), Some(&editor))
        .await;
    assert_eq!(still.status, StatusCode::OK);
    assert!(
        still.body.contains(&format!("/assets/{}\"", asset.id)),
        "back-link to the asset"
    );
}

#[tokio::test]
async fn lists_search_filter_sort_and_show_the_past() {
    let app = setup().await;
    let viewer = app.login("viewer").await;
    let ledger = mamori_demo::demo_hospital();
    let vendor = &ledger.vendors[0];
    let found = app
        .get(
            &format!("/ledger/vendors?q={}", support::encode(&vendor.name)),
            Some(&viewer),
        )
        .await;
    assert!(
        found
            .body
            .contains(&format!("/ledger/vendors/{}\"", vendor.id))
    );
    let kind = vendor.kind.code();
    let filtered = app
        .get(&format!("/ledger/vendors?f_kind={kind}"), Some(&viewer))
        .await;
    let expected = ledger
        .vendors
        .iter()
        .filter(|v| v.kind.code() == kind)
        .count();
    assert_eq!(
        filtered
            .body
            .matches("<tr><td><a href=\"/ledger/vendors/")
            .count(),
        expected
    );
    let sorted = app
        .get("/ledger/vendors?sort=name&dir=desc", Some(&viewer))
        .await;
    let mut names: Vec<&str> = ledger.vendors.iter().map(|v| v.name.as_str()).collect();
    names.sort();
    let last = names.last().unwrap();
    let first_row = sorted.body.split("<tbody>").nth(1).unwrap();
    assert!(
        first_row.split("</tr>").next().unwrap().contains(last),
        "{first_row}"
    );
    // Before the demo was stored, the ledger was empty.
    let past = app
        .get("/ledger/vendors?at=2000-01-01", Some(&viewer))
        .await;
    assert_eq!(past.status, StatusCode::OK);
    assert!(!past.body.contains("<tr><td><a href=\"/ledger/vendors/"));
    let bad = app.get("/ledger/vendors?at=yesterday", Some(&viewer)).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_vendor_sees_only_its_own_records_of_every_kind() {
    let app = setup().await;
    let vendor = app.login("modality").await;
    let ledger = mamori_demo::demo_hospital();
    assert_eq!(
        app.get("/ledger/vendors/ven-modality", Some(&vendor))
            .await
            .status,
        StatusCode::OK
    );
    let other = ledger
        .vendors
        .iter()
        .find(|v| v.id.as_str() != "ven-modality")
        .unwrap();
    assert_eq!(
        app.get(&format!("/ledger/vendors/{}", other.id), Some(&vendor))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let token = app.api_token("modality").await;
    let contracts = app
        .api(Method::GET, "/api/v1/contracts?per_page=500", &token, None)
        .await
        .json();
    let ids: Vec<&str> = contracts["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["vendor_id"].as_str().unwrap())
        .collect();
    let expected = ledger
        .contracts
        .iter()
        .filter(|c| c.vendor_id.as_str() == "ven-modality")
        .count();
    assert_eq!(ids.len(), expected);
    assert!(ids.iter().all(|id| *id == "ven-modality"));
    let zone = &ledger.zones[0];
    assert_eq!(
        app.api(
            Method::GET,
            &format!("/api/v1/zones/{}", zone.id),
            &token,
            None
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    let staff = app.api_token("viewer").await;
    assert_eq!(
        app.api(
            Method::GET,
            &format!("/api/v1/zones/{}", zone.id),
            &staff,
            None
        )
        .await
        .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_api_reads_creates_updates_and_deletes_every_kind() {
    let app = setup().await;
    let token = app.api_token("editor").await;
    for kind in tabular_kinds() {
        let id = first_id(kind);
        let list_uri = if kind == RecordKind::Assets {
            "/api/v1/assets".to_owned()
        } else {
            format!("/api/v1/{kind}")
        };
        let list = app.api(Method::GET, &list_uri, &token, None).await;
        assert_eq!(list.status, StatusCode::OK, "{kind}");
        if kind == RecordKind::Assets {
            continue;
        }
        let one = app
            .api(Method::GET, &format!("/api/v1/{kind}/{id}"), &token, None)
            .await
            .json();
        assert_eq!(one["record"]["id"], id.as_str(), "{kind}");
        let version = one["version"].as_i64().unwrap();
        let record = one["record"].clone();
        let same = app
            .api(
                Method::PUT,
                &format!("/api/v1/{kind}/{id}"),
                &token,
                Some(serde_json::json!({"version": version, "record": record})),
            )
            .await;
        assert_eq!(same.status, StatusCode::OK, "{kind}: {}", same.body);
        let mut copy = record.clone();
        let copy_id = format!("{id}-api");
        copy["id"] = serde_json::Value::String(copy_id.clone());
        if let Some(name) = name_field(kind) {
            copy[name] =
                serde_json::Value::String(format!("{} api", record[name].as_str().unwrap_or("")));
        }
        let mut created = app
            .api(
                Method::POST,
                &format!("/api/v1/{kind}"),
                &token,
                Some(copy.clone()),
            )
            .await;
        if created.status == StatusCode::UNPROCESSABLE_ENTITY {
            // Values that must be unique are left out of the copy.
            for problem in created.json()["problems"].as_array().unwrap() {
                let field = problem["field"].as_str().unwrap();
                assert!(
                    !field.is_empty() && field != "id",
                    "{kind}: {}",
                    created.body
                );
                copy[field] = if field == "zone_ids" {
                    serde_json::json!(free_zone_pair())
                } else if copy[field].is_number() {
                    serde_json::json!(65001)
                } else {
                    serde_json::Value::Null
                };
            }
            created = app
                .api(
                    Method::POST,
                    &format!("/api/v1/{kind}"),
                    &token,
                    Some(copy.clone()),
                )
                .await;
        }
        assert_eq!(
            created.status,
            StatusCode::CREATED,
            "{kind}: {}",
            created.body
        );
        let again = app
            .api(Method::POST, &format!("/api/v1/{kind}"), &token, Some(copy))
            .await;
        assert_eq!(again.status, StatusCode::CONFLICT, "{kind}");
        assert_eq!(again.json()["code"], "conflict");
        let version = created.json()["version"].as_i64().unwrap();
        let deleted = app
            .api(
                Method::DELETE,
                &format!("/api/v1/{kind}/{copy_id}?version={version}"),
                &token,
                None,
            )
            .await;
        assert_eq!(
            deleted.status,
            StatusCode::NO_CONTENT,
            "{kind}: {}",
            deleted.body
        );
        let gone = app
            .api(
                Method::GET,
                &format!("/api/v1/{kind}/{copy_id}"),
                &token,
                None,
            )
            .await;
        assert_eq!(gone.status, StatusCode::NOT_FOUND);
        assert_eq!(gone.json()["code"], "not_found");
    }
}

#[tokio::test]
async fn the_api_refuses_bad_records_with_codes_and_field_problems() {
    let app = setup().await;
    let token = app.api_token("editor").await;
    let ledger = mamori_demo::demo_hospital();
    let used = ledger
        .zones
        .iter()
        .find(|z| {
            ledger
                .assets
                .iter()
                .any(|a| a.zone_id.as_ref() == Some(&z.id))
        })
        .unwrap();
    let zone = app
        .api(
            Method::GET,
            &format!("/api/v1/zones/{}", used.id),
            &token,
            None,
        )
        .await
        .json();
    let id = zone["record"]["id"].as_str().unwrap().to_owned();
    let mut record = zone["record"].clone();
    record["name"] = serde_json::Value::String(String::new());
    let refused = app
        .api(
            Method::PUT,
            &format!("/api/v1/zones/{id}"),
            &token,
            Some(serde_json::json!({"version": zone["version"], "record": record})),
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    let body = refused.json();
    assert_eq!(body["code"], "invalid");
    assert!(
        body["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["field"] == "name"),
        "{body}"
    );
    let stale = app
        .api(
            Method::PUT,
            &format!("/api/v1/zones/{id}"),
            &token,
            Some(serde_json::json!({"version": 99, "record": zone["record"]})),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let in_use = app
        .api(
            Method::DELETE,
            &format!("/api/v1/zones/{id}?version=1"),
            &token,
            None,
        )
        .await;
    assert_eq!(
        in_use.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        in_use.body
    );
    assert!(in_use.body.contains("assets/"), "{}", in_use.body);
    let viewer = app.api_token("viewer").await;
    let forbidden = app
        .api(
            Method::DELETE,
            &format!("/api/v1/zones/{id}?version=1"),
            &viewer,
            None,
        )
        .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.api(Method::GET, "/api/v1/no_such_kind", &viewer, None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]
//! `/checklist` on the demo hospital: every item of the current edition is listed with a
//! status, a bad manual answer is refused with a 4xx and nothing stored, a good one shows on
//! the page and in the XLSX export; vendor accounts are kept out; a plan for an item the
//! ledger answers いいえ needs 目標日 within the fiscal year, an owner and the plan.

mod support;

use axum::http::{StatusCode, header};
use mamori_checklist::{Audience, catalogue};
use mamori_store::ChecklistStore;
use support::{Browser, TestApp, setup};

/// Today in Asia/Tokyo, the page's default "as of" (and so its fiscal year).
fn today() -> jiff::civil::Date {
    jiff::Timestamp::now().in_tz("Asia/Tokyo").unwrap().date()
}

/// The first hospital item of the current edition that the ledger cannot answer.
fn manual_item() -> String {
    let edition = catalogue().unwrap().current_edition().unwrap();
    edition
        .items
        .iter()
        .find(|i| i.audience == Audience::Hospital && !i.has_evidence())
        .map(|i| i.id.clone())
        .expect("the current edition has a manual hospital item")
}

async fn stored_answers(app: &TestApp) -> usize {
    let year = mamori_checklist::fiscal_year_of(mamori_core::Date(today()));
    app.state
        .store()
        .answer_history(&app.hospital, year, None)
        .await
        .unwrap()
        .len()
}

async fn post_answer(app: &TestApp, browser: &Browser, fields: &[(&str, &str)]) -> support::Reply {
    let mut pairs = vec![("csrf", browser.csrf.as_str())];
    pairs.extend_from_slice(fields);
    app.post_form("/checklist/answer", Some(browser), &pairs)
        .await
}

#[tokio::test]
async fn page_lists_every_item_of_the_current_edition() {
    let app = setup().await;
    let browser = app.login("viewer").await;
    let reply = app.get("/checklist", Some(&browser)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let edition = catalogue().unwrap().current_edition().unwrap();
    let missing: Vec<&str> = edition
        .items
        .iter()
        .filter(|i| i.audience == Audience::Hospital)
        .map(|i| i.id.as_str())
        .filter(|id| !reply.body.contains(&format!("data-item=\"{id}\"")))
        .collect();
    assert_eq!(missing, Vec::<&str>::new());
    // The demo's deliberate gaps fail with links to the failing records.
    assert!(reply.body.contains("いいえ"), "no failing item");
    assert!(
        reply.body.contains("href=\"/assets/"),
        "no failing record linked"
    );
    assert!(reply.body.contains("手入力待ち"), "no manual item awaiting");
    // A viewer sees the checklist but gets no answer form.
    assert!(!reply.body.contains("action=\"/checklist/answer\""));
}

#[tokio::test]
async fn vendor_accounts_are_kept_out_of_the_hospital_checklist() {
    let app = setup().await;
    let browser = app.login("modality").await;
    // The checklist of a vendor is its own 事業者確認用.
    let reply = app.get("/checklist", Some(&browser)).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.location(), "/checklist/vendors/ven-modality");
    for uri in ["/checklist/export.xlsx", "/checklist/vendors"] {
        let reply = app.get(uri, Some(&browser)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{uri}");
    }
    let item = manual_item();
    let today = today().to_string();
    let reply = post_answer(
        &app,
        &browser,
        &[("item", &item), ("answer", "yes"), ("checked_on", &today)],
    )
    .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(stored_answers(&app).await, 0);
}

/// One refused answer: the status, a word of the message, and nothing stored.
async fn check_refused(app: &TestApp, browser: &Browser, fields: &[(&str, &str)], word: &str) {
    let reply = post_answer(app, browser, fields).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
    assert!(reply.body.contains(word), "{word:?} not in {}", reply.body);
    assert_eq!(stored_answers(app).await, 0, "{fields:?}");
}

#[tokio::test]
async fn bad_answers_are_refused_and_nothing_is_written() {
    let app = setup().await;
    let browser = app.login("editor").await;
    let item = manual_item();
    let day = today();
    let today = day.to_string();
    let next_year = day
        .checked_add(jiff::Span::new().years(1))
        .unwrap()
        .to_string();
    check_refused(
        &app,
        &browser,
        &[("item", &item), ("answer", "no"), ("checked_on", &today)],
        "目標日",
    )
    .await;
    check_refused(
        &app,
        &browser,
        &[
            ("item", &item),
            ("answer", "no"),
            ("checked_on", &today),
            ("target_date", &next_year),
        ],
        "年度",
    )
    .await;
    check_refused(
        &app,
        &browser,
        &[
            ("item", &item),
            ("answer", "yes"),
            ("checked_on", "2026-13-40"),
        ],
        "2026-13-40",
    )
    .await;
    check_refused(
        &app,
        &browser,
        &[
            ("item", "R7-NOPE"),
            ("answer", "yes"),
            ("checked_on", &today),
        ],
        "R7-NOPE",
    )
    .await;
    // Without the CSRF proof: refused, nothing stored.
    let reply = app
        .post_form(
            "/checklist/answer",
            Some(&browser),
            &[("item", &item), ("answer", "yes"), ("checked_on", &today)],
        )
        .await;
    assert!(reply.status.is_client_error(), "{}", reply.status);
    assert_eq!(stored_answers(&app).await, 0);
}

#[tokio::test]
async fn a_good_answer_shows_on_the_page_and_in_the_export() {
    let app = setup().await;
    let browser = app.login("editor").await;
    let item = manual_item();
    let day = today();
    let today = day.to_string();
    let comment = "年次で規程を見直した記録あり";
    let reply = post_answer(
        &app,
        &browser,
        &[
            ("item", &item),
            ("answer", "no"),
            ("checked_on", &today),
            ("target_date", &today),
            ("owner", "情報システム課"),
            ("comment", comment),
        ],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert!(
        reply.location().starts_with("/checklist"),
        "{}",
        reply.location()
    );
    assert_eq!(stored_answers(&app).await, 1);
    let stored = app
        .state
        .store()
        .answer_history(
            &app.hospital,
            mamori_checklist::fiscal_year_of(mamori_core::Date(day)),
            Some(&item),
        )
        .await
        .unwrap();
    assert_eq!(stored[0].answer.answered_by, "editor");
    let page = app.get("/checklist", Some(&browser)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(comment), "answer not on the page");
    assert!(page.body.contains("情報システム課"));
    let export = app.get("/checklist/export.xlsx", Some(&browser)).await;
    assert_eq!(export.status, StatusCode::OK);
    assert_eq!(
        export.headers.get(header::CONTENT_TYPE).unwrap(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(export.bytes.starts_with(b"PK"), "not a zip");
}

/// The demo's ledger item (R7-H-2-1) fails on its deliberate gaps: the page offers a plan.
const LEDGER_ITEM: &str = "R7-H-2-1";

/// The plan form's fields for the ledger item, checked today.
fn plan<'a>(
    today: &'a str,
    target: &'a str,
    owner: &'a str,
    comment: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("item", LEDGER_ITEM),
        ("answer", "no"),
        ("plan", "1"),
        ("checked_on", today),
        ("target_date", target),
        ("owner", owner),
        ("comment", comment),
    ]
}

#[tokio::test]
async fn a_plan_for_a_failing_evidence_item_needs_date_owner_and_plan() {
    let app = setup().await;
    let browser = app.login("editor").await;
    let page = app.get("/checklist", Some(&browser)).await;
    assert!(
        page.body.contains("class=\"plan-form\""),
        "no plan form for the failing items"
    );
    let day = today();
    let today = day.to_string();
    let next_year = day
        .checked_add(jiff::Span::new().years(1))
        .unwrap()
        .to_string();
    // Each refusal names the field; nothing is written.
    check_refused(
        &app,
        &browser,
        &plan(&today, "", "事務長", "更新"),
        "目標日",
    )
    .await;
    check_refused(
        &app,
        &browser,
        &plan(&today, &next_year, "事務長", "更新"),
        "年度",
    )
    .await;
    check_refused(&app, &browser, &plan(&today, &today, "", "更新"), "担当").await;
    check_refused(&app, &browser, &plan(&today, &today, "事務長", " "), "計画").await;
    // English users get the same refusal in English.
    let mut english = plan(&today, &today, "", "更新");
    english.push(("csrf", browser.csrf.as_str()));
    let reply = app
        .post_form("/checklist/answer?lang=en", Some(&browser), &english)
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("Owner is required"), "{}", reply.body);
    assert_eq!(stored_answers(&app).await, 0);

    let plan_text = "未登録の端末を台帳に載せ版数を記録する";
    let reply = post_answer(
        &app,
        &browser,
        &plan(&today, &today, "情報システム課", plan_text),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let page = app.get("/checklist", Some(&browser)).await;
    let row_start = page
        .body
        .find(&format!("data-item=\"{LEDGER_ITEM}\""))
        .unwrap();
    let row = &page.body[row_start..];
    let row = &row[..row.find("</tr>").unwrap()];
    // Still いいえ (the evidence decides), now with its plan.
    assert!(row.contains("いいえ"), "{row}");
    assert!(row.contains(plan_text), "{row}");
    assert!(row.contains(&format!("目標日: {today}")), "{row}");
}

#[tokio::test]
async fn the_pdf_export_is_the_inspection_form_for_staff_only() {
    let app = setup().await;
    let viewer = app.login("viewer").await;
    let reply = app.get("/checklist/export.pdf", Some(&viewer)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(
        reply.headers.get(header::CONTENT_TYPE).unwrap(),
        "application/pdf"
    );
    assert!(
        reply
            .headers
            .get(header::CONTENT_DISPOSITION)
            .unwrap()
            .to_str()
            .unwrap()
            .contains(".pdf")
    );
    assert!(reply.bytes.starts_with(b"%PDF-"), "not a PDF");
    let vendor = app.login("modality").await;
    let reply = app.get("/checklist/export.pdf", Some(&vendor)).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
}

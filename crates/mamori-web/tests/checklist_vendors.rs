#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]
//! The 事業者確認用 sheets on the web (demo hospital, vendor account `modality` of
//! ven-modality): a vendor fills in its own sheet and nothing else; the hospital sees which
//! contracted vendors have answered, when and by whom; the dashboard reminds of いいえ due;
//! the history page lists every answer of a fiscal year.

mod support;

use axum::http::{Method, StatusCode};
use mamori_checklist::{ManualAnswer, fiscal_year_of};
use mamori_core::Date;
use mamori_store::ChecklistStore;
use support::{Browser, TestApp, setup};

fn today_date() -> jiff::civil::Date {
    jiff::Timestamp::now().in_tz("Asia/Tokyo").unwrap().date()
}

fn today() -> jiff::civil::Date {
    today_date()
}

async fn stored(app: &TestApp) -> Vec<ManualAnswer> {
    app.state
        .store()
        .answer_history(&app.hospital, fiscal_year_of(Date(today())), None)
        .await
        .unwrap()
        .into_iter()
        .map(|stored| stored.answer)
        .collect()
}

async fn post(
    app: &TestApp,
    browser: &Browser,
    uri: &str,
    fields: &[(&str, &str)],
) -> support::Reply {
    let mut pairs = vec![("csrf", browser.csrf.as_str())];
    pairs.extend_from_slice(fields);
    app.post_form(uri, Some(browser), &pairs).await
}

/// The `<tr>` of `attribute="value"` in a page.
fn row<'a>(html: &'a str, attribute: &str, value: &str) -> &'a str {
    let start = html
        .find(&format!("{attribute}=\"{value}\""))
        .unwrap_or_else(|| panic!("no {attribute}={value} in {html}"));
    let rest = &html[start..];
    &rest[..rest.find("</tr>").unwrap()]
}

const OWN: &str = "/checklist/vendors/ven-modality";

/// (query, who asks, expected rows as (item, a word of the row), newest first)
type HistoryCase<'a> = (&'a str, &'a Browser, &'a [(&'a str, &'a str)]);

#[tokio::test]
async fn a_vendor_fills_in_its_own_sheet() {
    let app = setup().await;
    let vendor = app.login("modality").await;
    let page = app.get(OWN, Some(&vendor)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    for item in ["R7-V-1-1", "R7-V-2-7", "R7-V-2-8"] {
        assert!(
            page.body.contains(&format!("data-item=\"{item}\"")),
            "{item}"
        );
    }
    assert!(
        page.body
            .contains("action=\"/checklist/vendors/ven-modality/answer\"")
    );
    // The vendor's navigation leads to its sheet, not to the hospital's pages.
    assert!(page.body.contains("事業者確認用"));
    assert!(!page.body.contains("href=\"/checklist/vendors\""));

    let today = today().to_string();
    let reply = post(
        &app,
        &vendor,
        &format!("{OWN}/answer"),
        &[
            ("item", "R7-V-1-1"),
            ("answer", "yes"),
            ("checked_on", &today),
            ("owner", "保守部長"),
            ("comment", "責任者を選任済み"),
        ],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(reply.location(), format!("{OWN}?saved=1"));
    let answers = stored(&app).await;
    assert_eq!(answers.len(), 1);
    assert_eq!(answers[0].vendor_id.as_deref(), Some("ven-modality"));
    assert_eq!(answers[0].answered_by, "modality");
    let page = app.get(OWN, Some(&vendor)).await;
    let answered = row(&page.body, "data-item", "R7-V-1-1");
    assert!(answered.contains("はい"), "{answered}");
    assert!(answered.contains("責任者を選任済み"), "{answered}");

    // A いいえ without 目標日 is refused and nothing more is stored.
    let reply = post(
        &app,
        &vendor,
        &format!("{OWN}/answer"),
        &[
            ("item", "R7-V-2-7"),
            ("answer", "no"),
            ("checked_on", &today),
        ],
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("目標日"), "{}", reply.body);
    // A hospital item cannot be answered through a vendor sheet.
    let reply = post(
        &app,
        &vendor,
        &format!("{OWN}/answer"),
        &[
            ("item", "R7-H-3-3"),
            ("answer", "yes"),
            ("checked_on", &today),
        ],
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(stored(&app).await.len(), 1);
}

#[tokio::test]
async fn a_vendor_cannot_open_or_answer_another_vendors_sheet() {
    let app = setup().await;
    let vendor = app.login("modality").await;
    let today = today().to_string();
    // Another contracted vendor, a vendor without a contract, one that does not exist:
    // all 403, so a vendor learns nothing about the others.
    for other in ["ven-emr", "ven-region", "ven-nope"] {
        let uri = format!("/checklist/vendors/{other}");
        let reply = app.get(&uri, Some(&vendor)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{uri}");
        let reply = post(
            &app,
            &vendor,
            &format!("{uri}/answer"),
            &[
                ("item", "R7-V-1-1"),
                ("answer", "yes"),
                ("checked_on", &today),
            ],
        )
        .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{uri}/answer");
    }
    let reply = app.get("/checklist/vendors", Some(&vendor)).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(stored(&app).await, Vec::new());
}

#[tokio::test]
async fn the_hospital_sees_which_vendors_have_answered() {
    let app = setup().await;
    let vendor = app.login("modality").await;
    let today = today().to_string();
    let reply = post(
        &app,
        &vendor,
        &format!("{OWN}/answer"),
        &[
            ("item", "R7-V-1-1"),
            ("answer", "yes"),
            ("checked_on", &today),
        ],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);

    let viewer = app.login("viewer").await;
    let page = app.get("/checklist/vendors", Some(&viewer)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    // (vendor, state, text in the row)
    let expected = [
        ("ven-modality", "partial", "1 / 3"),
        ("ven-emr", "none", "0 / 3"),
        ("ven-pacs", "none", "未回答"),
    ];
    for (id, state, word) in expected {
        let line = row(&page.body, "data-vendor", id);
        assert!(line.contains(&format!("data-state=\"{state}\"")), "{line}");
        assert!(line.contains(word), "{word:?} not in {line}");
    }
    let modality = row(&page.body, "data-vendor", "ven-modality");
    assert!(modality.contains("modality"), "who answered: {modality}");
    assert!(modality.contains(&today), "when: {modality}");
    // Only vendors with a contract have a sheet.
    assert!(!page.body.contains("data-vendor=\"ven-region\""));
    assert!(page.body.contains("未回答 8社"), "{}", page.body);

    // Staff read any sheet; a viewer cannot answer it, an editor can (a paper answer).
    let sheet = app.get("/checklist/vendors/ven-emr", Some(&viewer)).await;
    assert_eq!(sheet.status, StatusCode::OK);
    assert!(!sheet.body.contains("class=\"answer-form\""));
    let answer = [
        ("item", "R7-V-1-1"),
        ("answer", "na"),
        ("checked_on", today.as_str()),
    ];
    let reply = post(&app, &viewer, "/checklist/vendors/ven-emr/answer", &answer).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let editor = app.login("editor").await;
    let reply = post(&app, &editor, "/checklist/vendors/ven-emr/answer", &answer).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    // No contract, no sheet.
    let reply = app
        .get("/checklist/vendors/ven-region", Some(&editor))
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let reply = post(
        &app,
        &editor,
        "/checklist/vendors/ven-region/answer",
        &answer,
    )
    .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let answers = stored(&app).await;
    let who: Vec<(&str, Option<&str>)> = answers
        .iter()
        .map(|a| (a.answered_by.as_str(), a.vendor_id.as_deref()))
        .collect();
    assert_eq!(
        who,
        [
            ("modality", Some("ven-modality")),
            ("editor", Some("ven-emr"))
        ]
    );
}

#[tokio::test]
async fn the_dashboard_reminds_of_no_answers_due() {
    let app = setup().await;
    let editor = app.login("editor").await;
    let today = today().to_string();
    // A いいえ due today on the hospital sheet and one on ven-emr's sheet.
    let hospital = [
        ("item", "R7-H-3-3"),
        ("answer", "no"),
        ("checked_on", today.as_str()),
        ("target_date", today.as_str()),
        ("owner", "事務長"),
    ];
    let reply = post(&app, &editor, "/checklist/answer", &hospital).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let mut vendor_sheet = hospital;
    vendor_sheet[0] = ("item", "R7-V-2-8");
    let reply = post(
        &app,
        &editor,
        "/checklist/vendors/ven-emr/answer",
        &vendor_sheet,
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);

    let home = app.get("/", Some(&editor)).await;
    assert_eq!(home.status, StatusCode::OK);
    let due = &home.body[home.body.find("id=\"checklist-due\"").unwrap()..];
    let due = &due[..due.find("</section>").unwrap()];
    assert!(due.contains("data-item=\"R7-H-3-3\""), "{due}");
    assert!(due.contains("data-item=\"R7-V-2-8\""), "{due}");
    assert!(due.contains("あと0日"), "{due}");
    assert!(due.contains("href=\"/checklist#item-R7-H-3-3\""), "{due}");

    let token = app.api_token("editor").await;
    let reply = app
        .api(Method::GET, "/api/v1/dashboard", &token, None)
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
    let due = &json["checklist_due"];
    assert_eq!(due["due_soon"], 2, "{due}");
    assert_eq!(due["overdue"], 0, "{due}");
    assert_eq!(due["horizon_days"], 30);
    assert_eq!(due["items"][0]["days_left"], 0);

    // A vendor account is reminded only of its own sheet: here, of nothing.
    let vendor = app.login("modality").await;
    let home = app.get("/", Some(&vendor)).await;
    assert!(!home.body.contains("data-item=\"R7-H-3-3\""));
    assert!(!home.body.contains("data-item=\"R7-V-2-8\""));
}

#[tokio::test]
async fn the_history_page_lists_every_answer_of_the_fiscal_year_newest_first() {
    let app = setup().await;
    let editor = app.login("editor").await;
    let vendor = app.login("modality").await;
    let today = today().to_string();
    let year = fiscal_year_of(Date(today_date())).to_string();
    for (answer, comment) in [("yes", "初回の回答"), ("na", "見直して訂正")] {
        let fields = [
            ("item", "R7-H-3-3"),
            ("answer", answer),
            ("checked_on", today.as_str()),
            ("comment", comment),
        ];
        let reply = post(&app, &editor, "/checklist/answer", &fields).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    }
    let fields = [
        ("item", "R7-V-1-1"),
        ("answer", "yes"),
        ("checked_on", today.as_str()),
    ];
    let reply = post(&app, &vendor, &format!("{OWN}/answer"), &fields).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);

    // (query, who, rows as (item, comment word) newest first)
    let cases: [HistoryCase; 4] = [
        (
            "item=R7-H-3-3",
            &editor,
            &[("R7-H-3-3", "見直して訂正"), ("R7-H-3-3", "初回の回答")],
        ),
        (
            "",
            &editor,
            &[
                ("R7-V-1-1", "modality"),
                ("R7-H-3-3", "見直して訂正"),
                ("R7-H-3-3", "初回の回答"),
            ],
        ),
        // A vendor sees its own sheet's answers only.
        ("", &vendor, &[("R7-V-1-1", "modality")]),
        ("item=R7-H-3-3", &vendor, &[]),
    ];
    for (query, who, expected) in cases {
        let uri = format!("/checklist/history?fiscal_year={year}&{query}");
        let page = app.get(&uri, Some(who)).await;
        assert_eq!(page.status, StatusCode::OK, "{uri}");
        let rows: Vec<&str> = page.body.split("<tr data-history-item=").skip(1).collect();
        assert_eq!(rows.len(), expected.len(), "{uri}: {}", page.body);
        for (row, (item, word)) in rows.iter().zip(expected) {
            assert!(row.starts_with(&format!("\"{item}\"")), "{uri}: {row}");
            assert!(row.contains(word), "{uri}: {word:?} not in {row}");
        }
    }
    // The year before has nothing; a year that is not a year is refused.
    let before = fiscal_year_of(Date(today_date())) - 1;
    let page = app
        .get(
            &format!("/checklist/history?fiscal_year={before}"),
            Some(&editor),
        )
        .await;
    assert!(
        page.body
            .contains(&format!("{before}年度の回答はまだありません"))
    );
    let reply = app
        .get("/checklist/history?fiscal_year=abc", Some(&editor))
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
}

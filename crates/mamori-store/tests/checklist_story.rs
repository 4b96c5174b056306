//! The checklist-answers story, written once and run on SQLite and PostgreSQL: answers per
//! hospital and fiscal year, history kept, the latest answer in force, vendor sheets apart.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

#[allow(dead_code, reason = "support is shared with the ledger story")]
mod support;

use mamori_checklist::{AnswerValue, ManualAnswer};
use mamori_store::*;
use support::{Backend, with_postgres, with_sqlite};

fn answer(
    item: &str,
    vendor: Option<&str>,
    fy: i16,
    value: AnswerValue,
    target: Option<&str>,
) -> ManualAnswer {
    ManualAnswer {
        item_id: item.to_owned(),
        vendor_id: vendor.map(str::to_owned),
        fiscal_year: fy,
        answer: value,
        checked_on: "2026-06-01".parse().unwrap(),
        target_date: target.map(|t| t.parse().unwrap()),
        owner: target.map(|_| "情報システム課 佐藤".to_owned()),
        comment: Some(format!("{item} の確認")),
        answered_by: "admin".to_owned(),
    }
}

/// (item, vendor, answer) of a list of stored answers.
fn summary(answers: &[StoredAnswer]) -> Vec<(String, Option<String>, &'static str)> {
    answers
        .iter()
        .map(|s| {
            (
                s.answer.item_id.clone(),
                s.answer.vendor_id.clone(),
                s.answer.answer.code(),
            )
        })
        .collect()
}

fn row(
    item: &str,
    vendor: Option<&str>,
    code: &'static str,
) -> (String, Option<String>, &'static str) {
    (item.to_owned(), vendor.map(str::to_owned), code)
}

async fn story<S: LedgerStore + ChecklistStore>(backend: &Backend<S>) {
    let store = &backend.store;
    let a = HospitalId("hospital-a".to_owned());
    let b = HospitalId("hospital-b".to_owned());
    store.ensure_hospital(&a, "A病院").await.unwrap();
    store.ensure_hospital(&b, "B病院").await.unwrap();

    let bcp_no = answer("R7-H-3-3", None, 2026, AnswerValue::No, Some("2027-01-31"));
    store
        .record_answer(&a, &bcp_no, Micros(1_000))
        .await
        .unwrap();
    let mds = answer("R7-H-2-3", None, 2026, AnswerValue::Yes, None);
    store.record_answer(&a, &mds, Micros(2_000)).await.unwrap();
    // The BCP is drawn up later in the year: the answer changes, the いいえ stays in history.
    let bcp_yes = answer("R7-H-3-3", None, 2026, AnswerValue::Yes, None);
    store
        .record_answer(&a, &bcp_yes, Micros(3_000))
        .await
        .unwrap();
    // Vendor sheets are scoped by vendor; another fiscal year and another hospital stay apart.
    let vendor = answer("R7-V-1-1", Some("v-emr"), 2026, AnswerValue::Yes, None);
    store
        .record_answer(&a, &vendor, Micros(4_000))
        .await
        .unwrap();
    store
        .record_answer(
            &a,
            &answer("R7-H-3-3", None, 2025, AnswerValue::No, Some("2026-03-01")),
            Micros(500),
        )
        .await
        .unwrap();
    store
        .record_answer(
            &b,
            &answer("R7-H-3-3", None, 2026, AnswerValue::NotApplicable, None),
            Micros(5_000),
        )
        .await
        .unwrap();

    let latest = store.latest_answers(&a, 2026).await.unwrap();
    assert_eq!(
        summary(&latest),
        vec![
            row("R7-H-2-3", None, "yes"),
            row("R7-H-3-3", None, "yes"),
            row("R7-V-1-1", Some("v-emr"), "yes"),
        ]
    );
    // Everything round-trips, dates and the time of recording included.
    let stored_no = &store
        .answer_history(&a, 2026, Some("R7-H-3-3"))
        .await
        .unwrap()[0];
    assert_eq!(
        stored_no,
        &StoredAnswer {
            answer: bcp_no,
            recorded_at: Micros(1_000)
        }
    );

    let history = store
        .answer_history(&a, 2026, Some("R7-H-3-3"))
        .await
        .unwrap();
    assert_eq!(
        summary(&history),
        vec![row("R7-H-3-3", None, "no"), row("R7-H-3-3", None, "yes")]
    );
    assert_eq!(store.answer_history(&a, 2026, None).await.unwrap().len(), 4);
    assert_eq!(
        summary(&store.latest_answers(&a, 2025).await.unwrap()),
        vec![row("R7-H-3-3", None, "no")]
    );
    assert_eq!(
        summary(&store.latest_answers(&b, 2026).await.unwrap()),
        vec![row("R7-H-3-3", None, "na")]
    );
    assert!(store.latest_answers(&b, 2024).await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn checklist_story_on_sqlite() {
    with_sqlite(|backend| async move { story(&backend).await }).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn checklist_story_on_postgres() {
    with_postgres(|backend| async move { story(&backend).await }).await;
}

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]
//! Due-date reminders on the demo hospital: いいえ answers with 目標日 overdue or within the
//! horizon are due; later dates, はい answers and plans whose evidence now holds are not.

use mamori_checklist::{AnswerValue, ManualAnswer, catalogue, due_items};
use mamori_core::{Date, Ledger, NameVersion};

const TODAY: &str = "2026-11-23";

fn date(text: &str) -> Date {
    text.parse().unwrap()
}

fn answer(
    item: &str,
    vendor: Option<&str>,
    value: AnswerValue,
    target: Option<&str>,
) -> ManualAnswer {
    ManualAnswer {
        item_id: item.to_owned(),
        vendor_id: vendor.map(str::to_owned),
        fiscal_year: 2026,
        answer: value,
        checked_on: date("2026-06-01"),
        target_date: target.map(date),
        owner: Some("事務長".to_owned()),
        comment: None,
        answered_by: "yamada".to_owned(),
    }
}

/// (item, vendor, days left, from evidence) of the reminders for `answers`.
fn check(ledger: &Ledger, answers: &[ManualAnswer], expected: &[(&str, Option<&str>, i64, bool)]) {
    let due = due_items(catalogue().unwrap(), ledger, date(TODAY), answers, 30);
    let got: Vec<(&str, Option<&str>, i64, bool)> = due
        .iter()
        .map(|d| {
            (
                d.item_id.as_str(),
                d.vendor_id.as_deref(),
                d.days_left,
                d.from_evidence,
            )
        })
        .collect();
    assert_eq!(got, expected, "{answers:?}");
}

#[test]
fn manual_answers_are_due_when_no_and_near_their_target_date() {
    use AnswerValue::{No, NotApplicable, Yes};
    let demo = mamori_demo::demo_hospital();
    // Overdue by a day, due today, due in exactly 30 days; 31 days is not yet due.
    check(
        &demo,
        &[
            answer("R7-H-3-3", None, No, Some("2026-12-24")),
            answer("R7-H-1-2", None, No, Some("2026-11-22")),
            answer("R7-H-2-3", None, No, Some("2026-11-23")),
            answer("R7-H-2-5", None, No, Some("2026-12-23")),
        ],
        &[
            ("R7-H-1-2", None, -1, false),
            ("R7-H-2-3", None, 0, false),
            ("R7-H-2-5", None, 30, false),
        ],
    );
    // はい and 該当なし are never due, whatever date they carry; no date, no reminder.
    check(
        &demo,
        &[
            answer("R7-H-3-3", None, Yes, Some("2026-11-01")),
            answer("R7-H-1-2", None, NotApplicable, Some("2026-11-01")),
            answer("R7-H-2-3", None, No, None),
        ],
        &[],
    );
    // A vendor sheet's いいえ is due with its vendor.
    check(
        &demo,
        &[answer(
            "R7-V-1-1",
            Some("ven-modality"),
            No,
            Some("2026-12-01"),
        )],
        &[("R7-V-1-1", Some("ven-modality"), 8, false)],
    );
}

#[test]
fn a_plan_on_an_evidence_item_is_due_only_while_the_evidence_fails() {
    let demo = mamori_demo::demo_hospital();
    // R7-H-2-1 (ledger) fails on the demo's deliberate gaps: the plan is due.
    check(
        &demo,
        &[answer(
            "R7-H-2-1",
            None,
            AnswerValue::No,
            Some("2026-12-10"),
        )],
        &[("R7-H-2-1", None, 17, true)],
    );
    // Once every asset has a version and an owner the evidence holds: no reminder.
    let mut fixed = demo.clone();
    for asset in &mut fixed.assets {
        let os = asset.os.get_or_insert(NameVersion {
            name: "firmware".into(),
            version: None,
        });
        os.version = Some("1.0".into());
        asset.owner_department = Some("情報システム課".into());
    }
    check(
        &fixed,
        &[answer(
            "R7-H-2-1",
            None,
            AnswerValue::No,
            Some("2026-12-10"),
        )],
        &[],
    );
}

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]
//! The PDF form's pages (SVG) on the demo hospital: the sections in order, headers repeated
//! on every page, every text inside the page, page numbers, and a snapshot of page 1.

use mamori_checklist::{
    AnswerValue, ManualAnswer, PAGE_HEIGHT, PAGE_WIDTH, Report, catalogue, evaluate,
    report_svg_pages, self_assessment,
};

fn demo_report() -> Report {
    let edition = catalogue().unwrap().current_edition().unwrap();
    let answers = [ManualAnswer {
        item_id: "R7-H-3-3".into(),
        vendor_id: None,
        fiscal_year: 2026,
        answer: AnswerValue::No,
        checked_on: "2026-06-01".parse().unwrap(),
        target_date: Some("2027-01-31".parse().unwrap()),
        owner: Some("事務長".into()),
        comment: Some("BCPの雛形を入手済み <案>".into()),
        answered_by: "yamada".into(),
    }];
    evaluate(
        edition,
        self_assessment().unwrap(),
        &mamori_demo::demo_hospital(),
        "2026-11-23".parse().unwrap(),
        2026,
        &answers,
    )
}

/// The label function of the real catalogue is not available here: keys stand for text.
fn label(key: &str) -> String {
    key.to_owned()
}

/// Every (x, y) of a `<text>` on the page.
fn text_positions(page: &str) -> Vec<(f64, f64)> {
    page.split("<text ")
        .skip(1)
        .map(|rest| {
            let number = |name: &str| -> f64 {
                let at = rest.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                let end = rest[at..].find('"').unwrap();
                rest[at..at + end].parse().unwrap()
            };
            (number("x"), number("y"))
        })
        .collect()
}

#[test]
fn pages_follow_the_form_and_stay_inside_the_paper() {
    let report = demo_report();
    let pages = report_svg_pages(&report, &label);
    // (title a page starts a section with, how many sections)
    let sections = [
        ("医療機関確認用", 1),
        ("事業者確認用 —", report.vendor_sheets.len()),
        ("別紙: 根拠", 1),
        ("自己点検（9領域）", 1),
    ];
    for (title, count) in sections {
        let found = pages.iter().filter(|p| p.contains(title)).count();
        assert!(found >= count, "{title}: {found} < {count}");
    }
    let total = pages.len();
    for (index, page) in pages.iter().enumerate() {
        assert!(page.starts_with("<svg ") && page.trim_end().ends_with("</svg>"));
        assert!(page.contains("width=\"297mm\" height=\"210mm\""));
        assert!(
            page.contains(&format!("{} / {total}", index + 1)),
            "page {} has no number",
            index + 1
        );
        // Column headers on every page (the first column of each table).
        assert!(
            ["区分", "項目ID", "順位"]
                .iter()
                .any(|h| page.contains(&format!(">{h}<"))),
            "page {} has no table header",
            index + 1
        );
        for (x, y) in text_positions(page) {
            assert!((0.0..PAGE_WIDTH).contains(&x), "page {}: x {x}", index + 1);
            assert!((0.0..PAGE_HEIGHT).contains(&y), "page {}: y {y}", index + 1);
        }
    }
    // Every failing record is in the appendix.
    let appendix: std::collections::HashSet<&str> = pages
        .iter()
        .filter(|p| p.contains("別紙: 根拠"))
        .flat_map(|p| p.split("</text>"))
        .filter_map(|chunk| chunk.rsplit_once('>').map(|(_, text)| text))
        .collect();
    for item in &report.items {
        for failure in item.failures() {
            assert!(
                appendix.contains(failure.id.as_str()),
                "{} of {} not in the appendix",
                failure.id,
                item.id
            );
        }
    }
    // Markup in answers is escaped.
    assert!(pages.iter().any(|p| p.contains("&lt;案&gt;")));
}

#[test]
fn first_page_snapshot() {
    let pages = report_svg_pages(&demo_report(), &label);
    insta::assert_snapshot!(pages[0]);
}

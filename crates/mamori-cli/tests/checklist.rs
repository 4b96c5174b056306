//! `mamori checklist` through the real binary: the demo hospital's checklist from evidence,
//! hand answers with their rules (exit 3 with ja/en messages), the vendor sheets, the XLSX
//! and PDF forms and a snapshot of the JSON export.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail loudly"
)]

#[allow(
    dead_code,
    reason = "the ledger tests use the rest of the support module"
)]
mod support;

use std::path::Path;

use serde_json::{Value, json};
use support::mamori;

/// A date after any test run's writes, so the store's current ledger is read; the FY2026
/// answers are asked for explicitly.
const REPORT_ARGS: [&str; 7] = [
    "checklist",
    "--as-of",
    "2030-03-31",
    "--fiscal-year",
    "2026",
    "--format",
    "json",
];

fn report(data: &Path, extra: &[&str]) -> Value {
    let args: Vec<&str> = REPORT_ARGS
        .iter()
        .copied()
        .chain(extra.iter().copied())
        .collect();
    serde_json::from_str(&mamori(data, &args).ok().stdout).expect("checklist JSON")
}

fn item<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("no item {id}"))
}

/// Runs an answer that must be refused: exit 3, the message in the language asked for,
/// nothing recorded.
fn check_refused(data: &Path, args: &[&str], lang: &str, expected: &str) {
    let mut all = vec!["--lang", lang, "checklist", "answer"];
    all.extend_from_slice(args);
    let run = mamori(data, &all);
    assert_eq!(run.code, 3, "{args:?}: {}", run.stderr);
    assert!(run.stderr.contains(expected), "{args:?}: {}", run.stderr);
}

#[test]
fn the_demo_checklist_comes_from_evidence_and_hand_answers_follow_the_rules() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    mamori(&data, &["demo"]).ok();

    let before = report(&data, &[]);
    assert_eq!(before["edition"], "R7");
    for id in ["R7-H-2-1", "R7-H-2-2", "R7-H-2-8", "R7-H-2-11", "R7-H-3-2"] {
        let found = item(&before, id);
        assert_eq!(
            (&found["source"], &found["answer"]),
            (&json!("evidence"), &json!("no")),
            "{id}"
        );
    }
    let lte = item(&before, "R7-H-2-2")["rules"][0]["failures"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["field"] == "contract_id" && f["kind"] == "connection_points");
    assert!(lte, "the LTE modem without a contract is named");
    assert_eq!(item(&before, "R7-H-3-3")["problems"], json!(["unanswered"]));

    // Bad answers are refused with a message naming the problem, in Japanese or English.
    let bcp = ["R7-H-3-3", "--answer", "no", "--checked-on", "2026-06-01"];
    check_refused(&data, &bcp, "ja", "目標日");
    check_refused(&data, &bcp, "en", "target date");
    let late = [
        "R7-H-3-3",
        "--answer",
        "no",
        "--checked-on",
        "2026-06-01",
        "--target-date",
        "2027-04-01",
    ];
    check_refused(&data, &late, "ja", "2026年度");
    check_refused(
        &data,
        &["R9-X-1", "--answer", "yes", "--checked-on", "2026-06-01"],
        "ja",
        "R9-X-1",
    );
    check_refused(
        &data,
        &["R7-V-1-1", "--answer", "yes", "--checked-on", "2026-06-01"],
        "en",
        "--vendor",
    );
    check_refused(
        &data,
        &["R7-H-3-3", "--answer", "yes", "--checked-on", "2026-13-01"],
        "ja",
        "--checked-on",
    );
    check_refused(
        &data,
        &[
            "R7-V-1-1",
            "--answer",
            "yes",
            "--checked-on",
            "2026-06-01",
            "--vendor",
            "ven-nobody",
        ],
        "ja",
        "ven-nobody",
    );
    assert_eq!(report(&data, &[]), before, "refused answers wrote nothing");

    mamori(
        &data,
        &[
            "checklist",
            "answer",
            "R7-H-3-3",
            "--answer",
            "no",
            "--checked-on",
            "2026-06-01",
            "--target-date",
            "2027-03-31",
            "--owner",
            "事務長",
            "--comment",
            "BCPひな形で作成中",
        ],
    )
    .ok();
    mamori(
        &data,
        &[
            "checklist",
            "answer",
            "R7-V-1-1",
            "--answer",
            "yes",
            "--checked-on",
            "2026-07-10",
            "--vendor",
            "ven-emr",
        ],
    )
    .ok();
    let after = report(&data, &[]);
    let bcp = item(&after, "R7-H-3-3");
    assert_eq!(
        (
            &bcp["answer"],
            &bcp["target_date"],
            &bcp["owner"],
            &bcp["problems"]
        ),
        (
            &json!("no"),
            &json!("2027-03-31"),
            &json!("事務長"),
            &json!([])
        )
    );
    let missing = after["summary"]["vendors_without_answers"]
        .as_array()
        .unwrap();
    assert!(
        !missing.contains(&json!("ven-emr")) && missing.contains(&json!("ven-pacs")),
        "{missing:?}"
    );

    let history = mamori(&data, &["checklist", "history", "--fiscal-year", "2026"]).ok();
    assert!(
        history.stdout.contains("R7-H-3-3") && history.stdout.contains("ven-emr"),
        "{}",
        history.stdout
    );

    insta::assert_json_snapshot!("demo_checklist_r7", projection(&after));
}

/// The export without the long record lists: items with their answer and the first
/// failing records, the summary and the self-assessment order.
fn projection(report: &Value) -> Value {
    let items: Vec<Value> = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let failures: Vec<&Value> = i["rules"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|r| r["failures"].as_array().unwrap())
                .collect();
            json!({
                "id": i["id"], "number": i["number"], "answer": i["answer"], "source": i["source"],
                "checked_on": i["checked_on"], "target_date": i["target_date"], "verbatim": i["verbatim"],
                "failing_records": failures.len(), "first_failures": failures.iter().take(3).collect::<Vec<_>>(),
                "problems": i["problems"],
            })
        })
        .collect();
    let areas: Vec<Value> = report["self_assessment"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| json!({"number": a["number"], "score": a["score"], "failing": a["failing"], "unanswered": a["unanswered"]}))
        .collect();
    json!({
        "edition": report["edition"], "as_of": report["as_of"], "fiscal_year": report["fiscal_year"],
        "summary": report["summary"], "items": items, "self_assessment": areas,
    })
}

#[test]
fn the_xlsx_follows_the_official_form_and_lists_the_evidence() {
    use calamine::{Reader, Xlsx};
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    mamori(&data, &["demo"]).ok();
    mamori(
        &data,
        &[
            "checklist",
            "answer",
            "R7-H-3-3",
            "--answer",
            "no",
            "--checked-on",
            "2026-06-01",
            "--target-date",
            "2027-01-31",
        ],
    )
    .ok();
    let refused = mamori(&data, &["checklist", "--format", "xlsx"]);
    assert_eq!(refused.code, 3, "xlsx needs --out: {}", refused.stderr);
    let out = dir.path().join("checklist.xlsx");
    let out_text = out.to_str().unwrap();
    mamori(
        &data,
        &[
            "checklist",
            "--as-of",
            "2030-03-31",
            "--fiscal-year",
            "2026",
            "--format",
            "xlsx",
            "--out",
            out_text,
        ],
    )
    .ok();

    let mut book: Xlsx<_> = calamine::open_workbook(&out).unwrap();
    let names = book.sheet_names();
    assert_eq!(names.first().map(String::as_str), Some("医療機関確認用"));
    assert!(
        names.iter().any(|n| n == "根拠（不備の記録）")
            && names.iter().any(|n| n == "自己点検（9領域）"),
        "{names:?}"
    );
    let contracted: std::collections::BTreeSet<String> = mamori_demo::demo_hospital()
        .contracts
        .iter()
        .map(|c| c.vendor_id.to_string())
        .collect();
    assert_eq!(
        names
            .iter()
            .filter(|n| n.starts_with("事業者確認用"))
            .count(),
        contracted.len(),
        "one sheet per contracted vendor"
    );

    let form = book.worksheet_range("医療機関確認用").unwrap();
    let rows: Vec<Vec<String>> = form
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let header = rows
        .iter()
        .find(|r| r.first().is_some_and(|c| c == "区分"))
        .unwrap();
    assert_eq!(
        header,
        &[
            "区分",
            "番号",
            "確認項目",
            "はい/いいえ",
            "確認日",
            "目標日",
            "備考"
        ]
    );
    let bcp = rows
        .iter()
        .find(|r| r.get(2).is_some_and(|c| c.contains("事業継続計画")))
        .unwrap();
    assert_eq!(
        (bcp[3].as_str(), bcp[4].as_str(), bcp[5].as_str()),
        ("いいえ", "2026-06-01", "2027-01-31")
    );

    let evidence = book.worksheet_range("根拠（不備の記録）").unwrap();
    let listed = evidence
        .rows()
        .any(|r| r.iter().any(|c| c.to_string().starts_with("cp-")));
    assert!(
        evidence.rows().count() > 10 && listed,
        "failing records are listed"
    );
}

/// The text poppler's `pdftotext` reads from a PDF (layout kept), page by page.
fn pdf_pages_text(pdf: &Path) -> Vec<String> {
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (Debian poppler-utils, installed by scripts/test.sh)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .split('\u{c}')
        .filter(|page| !page.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_pdf_follows_the_official_form_with_the_evidence_appendix() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    mamori(&data, &["demo"]).ok();
    mamori(
        &data,
        &[
            "checklist",
            "answer",
            "R7-H-3-3",
            "--answer",
            "no",
            "--checked-on",
            "2026-06-01",
            "--target-date",
            "2027-01-31",
            "--owner",
            "事務長",
        ],
    )
    .ok();
    let refused = mamori(&data, &["--lang", "en", "checklist", "--format", "pdf"]);
    assert_eq!(refused.code, 3, "pdf needs --out: {}", refused.stderr);
    assert!(refused.stderr.contains("--out"), "{}", refused.stderr);

    let out = artifacts().join("checklist-demo.pdf");
    let run = mamori(
        &data,
        &[
            "checklist",
            "--as-of",
            "2030-03-31",
            "--fiscal-year",
            "2026",
            "--format",
            "pdf",
            "--out",
            out.to_str().unwrap(),
        ],
    )
    .ok();
    assert!(
        !run.stderr.contains("Noto Sans CJK JP"),
        "no CJK font: {}",
        run.stderr
    );
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    // The Japanese is real text in an embedded font: poppler reads it back.
    let pages = pdf_pages_text(&out);
    let contracted = mamori_demo::demo_hospital()
        .contracts
        .iter()
        .map(|c| c.vendor_id.to_string())
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    // (what a page starts with, how many pages at least start with it)
    let sections = [
        ("医療機関確認用", 1),
        ("事業者確認用", contracted),
        ("別紙: 根拠", 1),
        ("自己点検（9領域）", 1),
    ];
    for (title, at_least) in sections {
        let count = pages.iter().filter(|p| p.contains(title)).count();
        assert!(count >= at_least, "{title}: {count} pages");
    }
    // The hospital sheet: the form's columns on its first page, the hand answer with its
    // target date and owner on the page that holds it.
    let first = &pages[0];
    for word in [
        "区分",
        "確認項目",
        "はい/いいえ",
        "確認日",
        "目標日",
        "備考",
    ] {
        assert!(first.contains(word), "{word:?} not on page 1:\n{first}");
    }
    let bcp = pages
        .iter()
        .take_while(|p| !p.contains("事業者確認用 —"))
        .find(|p| p.contains("事業継続計画"))
        .expect("the BCP item is on the hospital sheet");
    assert!(
        bcp.contains("2027-01-31") && bcp.contains("担当: 事務長"),
        "{bcp}"
    );
    let appendix: Vec<&String> = pages.iter().filter(|p| p.contains("別紙: 根拠")).collect();
    assert!(
        appendix.iter().any(|p| p.contains("cp-")) && appendix.iter().any(|p| p.contains("acc-")),
        "failing connection points and accounts listed"
    );
    let total = pages.len();
    assert!(
        pages[total - 1].contains(&format!("{total} / {total}")),
        "page numbers: {}",
        pages[total - 1]
    );
}

fn artifacts() -> std::path::PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target")
        });
    let dir = target.join("artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn answers_and_reports_work_on_postgresql() {
    let dir = tempfile::tempdir().unwrap();
    let database = support::TempPostgres::create();
    let url = database.url.as_str();
    let unused = dir.path().join("unused");
    mamori(&unused, &["--database-url", url, "demo", "--assets", "300"]).ok();
    mamori(
        &unused,
        &[
            "--database-url",
            url,
            "checklist",
            "answer",
            "SA-7-a",
            "--answer",
            "yes",
            "--checked-on",
            "2026-06-01",
        ],
    )
    .ok();
    let run = mamori(
        &unused,
        &[
            "--database-url",
            url,
            "checklist",
            "--as-of",
            "2030-03-31",
            "--fiscal-year",
            "2026",
            "--format",
            "json",
        ],
    )
    .ok();
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let area7 = report["self_assessment"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["number"] == 7)
        .unwrap();
    assert_eq!(
        (&area7["score"], &area7["checks"][0]["answer"]),
        (&json!(100), &json!("yes"))
    );
}

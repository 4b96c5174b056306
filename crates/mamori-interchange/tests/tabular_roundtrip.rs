//! Export → import gives back the same records, for CSV (every kind) and XLSX (the whole
//! ledger), and the templates re-import to nothing without a problem.

#[cfg(test)]
mod common;

use mamori_core::{Ledger, RecordKind};
use mamori_i18n::Lang;
use mamori_interchange::*;

/// The JSON bodies of one kind, sorted by id, to compare ledgers kind by kind.
fn bodies(ledger: &Ledger, kind: RecordKind) -> Vec<serde_json::Value> {
    let mut sorted = ledger.clone();
    sorted.sort_canonical();
    sorted
        .to_record_bodies()
        .into_iter()
        .flatten()
        .filter(|(r, _)| r.kind == kind)
        .map(|(_, body)| body)
        .collect()
}

fn no_problems(read: &TableRead) {
    let shown: Vec<String> = read.problems.iter().map(|p| p.describe(Lang::Ja)).collect();
    assert!(shown.is_empty(), "{shown:#?}");
}

#[test]
fn csv_round_trip_gives_the_same_records_for_every_kind() {
    let ledger = common::full_ledger();
    assert_eq!(mamori_core::validate_ledger(&ledger), vec![]);
    let mut files = Vec::new();
    for table in csv_tables() {
        let bytes = write_csv_table(&ledger, table).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{table}: BOM");
        files.push((format!("{table}.csv"), bytes));
    }
    // The relation files come after their kinds; reading them first changes nothing.
    files.reverse();
    let named: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
        .collect();
    // Read against an empty ledger so that nothing is filled in from existing records.
    let read = read_csv_files(&named, None, &Ledger::default());
    no_problems(&read);
    for kind in tabular_kinds() {
        assert!(ledger.count(kind) > 0, "the test ledger must fill {kind}");
        assert_eq!(bodies(&read.records, kind), bodies(&ledger, kind), "{kind}");
    }
    assert_eq!(read.record_count(), ledger.record_count() - 1);
    // A kind without relation lists also reads back alone.
    let zones = write_csv(&ledger, RecordKind::Zones).unwrap();
    let read = read_csv("zones.csv", &zones, None, &Ledger::default());
    no_problems(&read);
    assert_eq!(
        bodies(&read.records, RecordKind::Zones),
        bodies(&ledger, RecordKind::Zones)
    );
}

#[test]
fn csv_is_crlf_with_japanese_headers_and_guards_formulas() {
    let bytes = write_csv(&common::full_ledger(), RecordKind::Assets).unwrap();
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let header = text.split("\r\n").next().unwrap();
    assert!(
        header.starts_with("ID,名称,種別,管理番号,メーカー,型番,シリアル番号,OS,OSバージョン"),
        "{header}"
    );
    assert!(
        text.contains(",サーバ,001-0042,"),
        "codes are written as Japanese labels"
    );
    assert!(
        text.contains("'=SUM(A1)"),
        "a formula-like value is guarded"
    );
    assert!(!text.replace("\r\n", "").contains('\r'));
}

#[test]
fn xlsx_round_trip_gives_the_same_ledger() {
    let ledger = common::full_ledger();
    let bytes = write_xlsx(&ledger).unwrap();
    let read = read_xlsx("ledger.xlsx", &bytes, &Ledger::default());
    no_problems(&read);
    for kind in tabular_kinds() {
        assert_eq!(bodies(&read.records, kind), bodies(&ledger, kind), "{kind}");
    }
    let mut expected = ledger.clone();
    expected.hospital = Default::default();
    let merged = check_import(&Ledger::default(), &read).unwrap();
    assert_eq!(
        bodies(&merged, RecordKind::Assets),
        bodies(&expected, RecordKind::Assets)
    );
}

#[test]
fn templates_reimport_cleanly() {
    for kind in tabular_kinds() {
        let read = read_csv(
            "template.csv",
            &template_csv(kind).unwrap(),
            Some(kind),
            &Ledger::default(),
        );
        no_problems(&read);
        assert_eq!(read.record_count(), 0, "{kind}");
        let read = read_xlsx(
            "template.xlsx",
            &template_xlsx(Some(kind)).unwrap(),
            &Ledger::default(),
        );
        no_problems(&read);
        assert_eq!(read.record_count(), 0, "{kind}");
    }
    let read = read_xlsx(
        "template.xlsx",
        &template_xlsx(None).unwrap(),
        &Ledger::default(),
    );
    no_problems(&read);
    assert_eq!(read.record_count(), 0);
}

#[test]
fn template_note_row_documents_the_syntax() {
    let bytes = template_csv(RecordKind::FirewallRules).unwrap();
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let note = text.split("\r\n").nth(1).unwrap();
    assert!(note.starts_with('※'), "{note}");
    assert!(
        note.contains("asset:機器ID") && note.contains("cp:接続点ID"),
        "{note}"
    );
    assert!(write_csv(&Ledger::default(), RecordKind::Hospital).is_err());
}

#[test]
fn a_row_with_the_template_note_and_data_imports_the_data() {
    let mut bytes = template_csv(RecordKind::Sites).unwrap();
    bytes.extend("site-2,分院,\r\n".as_bytes());
    let read = read_csv("拠点.csv", &bytes, None, &Ledger::default());
    no_problems(&read);
    assert_eq!(read.records.sites.len(), 1);
    assert_eq!(read.records.sites[0].name, "分院");
}

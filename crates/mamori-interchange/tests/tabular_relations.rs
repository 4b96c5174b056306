//! Lists that outgrow one Excel cell: relation sheets (one row per item) round-trip with
//! their records on a generated hospital big enough to break the cell limit, complete or
//! replace lists on import by the documented rules, and any other over-long cell stops
//! the export with its place named instead of writing a cut value.

#[cfg(test)]
mod common;

use mamori_core::*;
use mamori_i18n::Lang;
use mamori_interchange::*;

/// The JSON bodies of one kind, sorted by id.
fn bodies(ledger: &Ledger, kind: RecordKind) -> Vec<serde_json::Value> {
    let mut sorted = ledger.clone();
    sorted.sort_canonical();
    sorted
        .record_bodies_of(kind)
        .into_iter()
        .flatten()
        .map(|(_, body)| body)
        .collect()
}

fn assert_same_records(read: &Ledger, expected: &Ledger) {
    for kind in tabular_kinds() {
        assert!(
            bodies(read, kind) == bodies(expected, kind),
            "{kind} differs after the round trip"
        );
    }
}

fn no_problems(read: &TableRead) {
    let shown: Vec<String> = read.problems.iter().map(|p| p.describe(Lang::Ja)).collect();
    assert!(shown.is_empty(), "{shown:#?}");
}

/// A located problem: file, row, column, catalogue key.
type Located = (String, Option<usize>, Option<String>, String);

/// Reads UTF-8 CSV files together against `existing`; the checked ledger or every problem
/// as (file, row, column, catalogue key).
fn import(files: &[(&str, &str)], existing: &Ledger) -> Result<Ledger, Vec<Located>> {
    let named: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(name, text)| (*name, text.as_bytes()))
        .collect();
    let read = read_csv_files(&named, None, existing);
    check_import(existing, &read).map_err(|problems| {
        problems
            .iter()
            .map(|p| {
                (
                    p.location.file.clone(),
                    p.location.row,
                    p.location.column.clone(),
                    p.catalogue_key(),
                )
            })
            .collect()
    })
}

fn problem(
    file: &str,
    row: usize,
    column: &str,
    key: &str,
) -> (String, Option<usize>, Option<String>, String) {
    (
        file.to_owned(),
        Some(row),
        Some(column.to_owned()),
        key.to_owned(),
    )
}

#[test]
fn a_shared_administrator_on_hundreds_of_hosts_round_trips_through_xlsx_and_csv() {
    let ledger = mamori_demo::generate_hospital(1500, 11);
    // The shared local administrator's log-on places, written as one cell, would not fit.
    let longest = ledger
        .accounts
        .iter()
        .map(|account| {
            account
                .accepted_on
                .iter()
                .map(|place| match place {
                    AcceptedOn::Asset {
                        asset_id,
                        service_id,
                        ..
                    } => format!(
                        "asset:{asset_id}#{}@管理者; ",
                        service_id.as_ref().map_or("", |s| s.as_str())
                    )
                    .chars()
                    .count(),
                    AcceptedOn::ConnectionPoint {
                        connection_point_id,
                        ..
                    } => format!("cp:{connection_point_id}@管理者; ").chars().count(),
                })
                .sum::<usize>()
        })
        .max()
        .unwrap_or(0);
    assert!(
        longest > CELL_LIMIT,
        "the test hospital must break the limit: {longest}"
    );

    let workbook = write_xlsx(&ledger).unwrap();
    let read = read_xlsx("ledger.xlsx", &workbook, &Ledger::default());
    no_problems(&read);
    let imported = check_import(&Ledger::default(), &read).unwrap();
    assert_same_records(&imported, &ledger);

    let files: Vec<(String, Vec<u8>)> = csv_tables()
        .into_iter()
        .map(|table| {
            (
                format!("{table}.csv"),
                write_csv_table(&ledger, table).unwrap(),
            )
        })
        .collect();
    assert!(
        files
            .iter()
            .any(|(name, _)| name == "account_accepted_on.csv")
    );
    let named: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
        .collect();
    let read = read_csv_files(&named, None, &Ledger::default());
    no_problems(&read);
    let imported = check_import(&Ledger::default(), &read).unwrap();
    assert_same_records(&imported, &ledger);
}

#[test]
fn relation_files_complete_or_replace_lists() {
    let existing = common::full_ledger();
    let admin = |ledger: &Ledger| {
        ledger
            .accounts
            .iter()
            .find(|account| account.id.as_str() == "acct-admin")
            .cloned()
            .unwrap()
    };
    // Alone, a relation file replaces the list of the accounts it names (by id or name).
    let merged = import(
        &[(
            "account_accepted_on.csv",
            "アカウント,対象,サービス,権限\r\nAdministrator,asset:asset-fw,,一般\r\nacct-admin,cp:cp-vpn,,管理者\r\n",
        )],
        &existing,
    )
    .unwrap();
    let after = admin(&merged);
    assert_eq!(
        after.accepted_on,
        vec![
            AcceptedOn::Asset {
                asset_id: "asset-fw".into(),
                service_id: None,
                level: PrivilegeLevel::User,
            },
            AcceptedOn::ConnectionPoint {
                connection_point_id: "cp-vpn".into(),
                level: PrivilegeLevel::Admin,
            },
        ]
    );
    assert_eq!(after.stored_on, admin(&existing).stored_on);

    // With the account sheet in the same import, an account without rows has an empty list;
    // lists without a relation file are kept.
    let merged = import(
        &[
            ("account_stored_on.csv", "アカウント,保存先\r\n"),
            (
                "accounts.csv",
                "ID,ユーザー名,種別\r\nacct-admin,Administrator,共用\r\n",
            ),
        ],
        &existing,
    )
    .unwrap();
    assert_eq!(admin(&merged).stored_on, vec![]);
    assert_eq!(admin(&merged).accepted_on, admin(&existing).accepted_on);

    let merged = import(
        &[(
            "backup_protects.csv",
            "バックアップ,対象機器\r\nbackup-emr,asset-fw\r\n",
        )],
        &existing,
    )
    .unwrap();
    assert_eq!(merged.backups[0].protects, vec![AssetId::from("asset-fw")]);
}

#[test]
fn relation_rows_that_cannot_apply_are_located() {
    let existing = common::full_ledger();
    let problems = import(
        &[
            (
                "accounts.csv",
                "ID,ユーザー名,種別,ログオン先\r\nacct-admin,Administrator,共用,cp:cp-vpn@管理者\r\n",
            ),
            (
                "account_accepted_on.csv",
                "アカウント,対象,サービス,権限\r\nacct-admin,asset:asset-fw,,一般\r\nnobody,asset:asset-fw,,一般\r\nacct-admin,cp:cp-vpn,svc-rdp,管理者\r\n",
            ),
        ],
        &existing,
    )
    .unwrap_err();
    let mut expected = vec![
        problem("accounts.csv", 2, "ログオン先", "import-relation_twice"),
        problem(
            "account_accepted_on.csv",
            3,
            "アカウント",
            "import-relation_unknown_parent",
        ),
        problem(
            "account_accepted_on.csv",
            4,
            "サービス",
            "import-relation_service_on_point",
        ),
    ];
    let mut found = problems.clone();
    found.sort();
    expected.sort();
    assert_eq!(found, expected);
}

#[test]
fn cells_beyond_excels_limit_stop_the_export_with_their_place() {
    let mut ledger = common::full_ledger();
    let id = ledger.assets[0].id.to_string();
    // Exactly at the limit is written and read back unchanged.
    ledger.assets[0].notes = Some("あ".repeat(CELL_LIMIT));
    let workbook = write_xlsx(&ledger).unwrap();
    let read = read_xlsx("ledger.xlsx", &workbook, &Ledger::default());
    no_problems(&read);
    assert_eq!(
        bodies(&read.records, RecordKind::Assets),
        bodies(&ledger, RecordKind::Assets)
    );
    // One more character is refused, naming sheet, record and column, in XLSX and CSV.
    ledger.assets[0].notes = Some("あ".repeat(CELL_LIMIT + 1));
    for result in [write_xlsx(&ledger), write_csv(&ledger, RecordKind::Assets)] {
        match result {
            Err(TabularError::CellTooLong {
                sheet,
                record,
                column,
                length,
            }) => {
                assert_eq!(
                    (sheet.as_str(), record.as_str(), column.as_str(), length),
                    ("機器", id.as_str(), "備考", CELL_LIMIT + 1)
                );
            }
            other => panic!(
                "expected CellTooLong, got {:?}",
                other.map(|bytes| bytes.len())
            ),
        }
    }
}

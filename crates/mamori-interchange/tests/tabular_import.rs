//! Importing hospital spreadsheets: encodings, Japanese and English headers, labels and
//! codes, dates in every form, references by name, ids, merging, and located problems.

#[cfg(test)]
mod common;

use mamori_core::*;
use mamori_i18n::Lang;
use mamori_interchange::*;

fn sjis(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(text);
    assert!(!unmappable, "the test text must be encodable in CP932");
    bytes.into_owned()
}

fn zones_ledger() -> Ledger {
    let mut ledger = Ledger::default();
    ledger.hospital.name = "テスト病院".into();
    ledger.zones.push(Zone {
        id: "zone-emr".into(),
        name: "電子カルテ系LAN".into(),
        kind: ZoneKind::Emr,
        cidrs: "10.1.0.0/16".parse().into_iter().collect(),
        vlan: None,
        site_id: None,
        description: None,
    });
    ledger.vendors.push(Vendor {
        id: "vendor-fj".into(),
        name: "富士山システム".into(),
        kind: VendorKind::SystemVendor,
        contacts: vec![],
        notes: None,
    });
    ledger
}

/// Every problem as (row, column, catalogue key), after reading and checking.
fn located(read: &TableRead, existing: &Ledger) -> Vec<(Option<usize>, Option<String>, String)> {
    let problems = match check_import(existing, read) {
        Ok(_) => vec![],
        Err(problems) => problems,
    };
    for problem in &problems {
        for lang in Lang::ALL {
            let message = problem.message(lang);
            assert_ne!(
                message,
                problem.catalogue_key(),
                "no {lang} message for {}",
                problem.catalogue_key()
            );
        }
    }
    problems
        .iter()
        .map(|p| (p.location.row, p.location.column.clone(), p.catalogue_key()))
        .collect()
}

/// Reads `csv` (UTF-8) as `file` against `existing` and compares the located problems.
fn check(file: &str, csv: &str, existing: &Ledger, expected: &[(usize, &str, &str)]) {
    let read = read_csv(file, csv.as_bytes(), None, existing);
    let expected: Vec<_> = expected
        .iter()
        .map(|(row, column, key)| (Some(*row), Some(column.to_string()), key.to_string()))
        .collect();
    assert_eq!(located(&read, existing), expected, "{file}: {csv}");
}

#[test]
fn problems_are_located_by_row_and_column() {
    let zones = zones_ledger();
    let mut shared = zones.clone();
    for id in ["zone-a", "zone-b"] {
        let mut zone = zones.zones[0].clone();
        zone.id = id.into();
        zone.name = "共用".into();
        zone.cidrs = vec![];
        shared.zones.push(zone);
    }
    check(
        "assets.csv",
        "名称,種別,謎の列\r\nPC1,PC,x\r\n",
        &zones,
        &[(1, "謎の列", "import-unknown_column")],
    );
    check(
        "zones.csv",
        "名称\r\nZ\r\n",
        &zones,
        &[(1, "種別", "import-missing_column")],
    );
    check(
        "assets.csv",
        "名称,種別,名称\r\nPC1,PC,PC1\r\n",
        &zones,
        &[(1, "名称", "import-duplicate_column")],
    );
    check(
        "assets.csv",
        "ID,名称,種別\r\na-1,PC1,PC\r\na-1,PC2,PC\r\n",
        &zones,
        &[(3, "ID", "import-duplicate_row")],
    );
    check(
        "assets.csv",
        "名称,種別\r\n,PC\r\n",
        &zones,
        &[(2, "名称", "import-required_blank")],
    );
    check(
        "assets.csv",
        "名称,種別\r\nPC1,パソコン?\r\n",
        &zones,
        &[(2, "種別", "import-bad_code")],
    );
    check(
        "assets.csv",
        "名称,種別,サポート終了日\r\nPC1,PC,令和1年4月30日\r\n",
        &zones,
        &[(2, "サポート終了日", "import-bad_date")],
    );
    check(
        "assets.csv",
        "名称,種別,患者情報\r\nPC1,PC,たぶん\r\n",
        &zones,
        &[(2, "患者情報", "import-bad_yes_no")],
    );
    check(
        "assets.csv",
        "名称,種別,MACアドレス\r\nPC1,PC,00:11:22\r\n",
        &zones,
        &[(2, "MACアドレス", "import-bad_mac")],
    );
    check(
        "assets.csv",
        "名称,種別,OSバージョン\r\nPC1,PC,10\r\n",
        &zones,
        &[(2, "OSバージョン", "import-version_without_name")],
    );
    check(
        "assets.csv",
        "名称,種別,ゾーン\r\nPC1,PC,共用\r\n",
        &shared,
        &[(2, "ゾーン", "import-ambiguous_reference")],
    );
    check(
        "assets.csv",
        "ID,名称,種別\r\nあ,PC1,PC\r\n",
        &zones,
        &[(2, "ID", "problem-invalid_id")],
    );
    check(
        "assets.csv",
        "名称,種別,IPアドレス,ゾーン\r\nPC1,PC,10.2.0.1,電子カルテ系LAN\r\n",
        &zones,
        &[(2, "IPアドレス", "problem-ip_outside_zone")],
    );
    check(
        "rules.csv",
        "ファイアウォール,順序,送信元,宛先,プロトコル,ポート,動作\r\nfw,1,asset:,any,tcp,99999,許可\r\n",
        &zones,
        // A required cell that cannot be read keeps the row out of the ledger, so the unknown
        // firewall is only reported once the row is fixed.
        &[
            (2, "送信元", "import-bad_endpoint"),
            (2, "ポート", "import-bad_port"),
        ],
    );
    check(
        "vendors.csv",
        "名称,種別,連絡先\r\n保守社,その他,/\r\n",
        &zones,
        &[(2, "連絡先", "import-bad_contact")],
    );
    check(
        "accounts.csv",
        "ユーザー名,種別,ログオン先\r\nadmin,共用,asset:PC1\r\n",
        &zones,
        &[(2, "ログオン先", "import-bad_accepted_on")],
    );
    // English headers, half-width katakana and decorated headers are all recognised.
    check(
        "assets.csv",
        "Name,Kind,IP addresses,Zone\r\nPC1,pc,10.1.0.5,zone-emr\r\n",
        &zones,
        &[],
    );
    check(
        "assets.csv",
        "名称（必須）,種別,ﾒｰｶｰ,ＩＰアドレス\r\nPC1,PC,NEC,10.1.0.5\r\n",
        &zones,
        &[],
    );
}

/// The acceptance case: a CP932 CSV with a bad IP, an unknown zone and a duplicate
/// 管理番号, whose bytes are committed as a fixture.
fn three_problem_csv() -> String {
    [
        "管理番号,名称,種別,IPアドレス,ゾーン,メーカー,サポート終了日,患者情報",
        "A-001,電子カルテ端末01,PC,10.1.2.11,電子カルテ系LAN,富士山システム,R7.4.1,はい",
        "A-002,電子カルテ端末02,PC,999.1.1.1,電子カルテ系LAN,富士山システム,2025/4/1,有",
        "A-003,検査端末01,PC,10.1.2.13,検査系LAN,髙橋電機,,無",
        "A-001,電子カルテ端末03,ＰＣ,10.1.2.14,電子カルテ系LAN,富士山システム,,○",
        "",
    ]
    .join("\r\n")
}

const FIXTURE: &[u8] = include_bytes!("fixtures/assets_three_problems_cp932.csv");

#[test]
fn the_fixture_is_the_cp932_encoding_of_the_acceptance_case() {
    let bytes = sjis(&three_problem_csv());
    if std::env::var_os("MAMORI_WRITE_FIXTURES").is_some() {
        std::fs::write(
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/fixtures/assets_three_problems_cp932.csv"
            ),
            &bytes,
        )
        .unwrap();
    }
    assert_eq!(FIXTURE, bytes.as_slice());
    assert!(
        String::from_utf8(FIXTURE.to_vec()).is_err(),
        "the fixture must not be UTF-8"
    );
}

#[test]
fn cp932_csv_with_three_errors_is_rejected_with_three_located_problems() {
    let existing = zones_ledger();
    let read = read_csv("機器台帳.csv", FIXTURE, None, &existing);
    let problems = check_import(&existing, &read).unwrap_err();
    let got: Vec<_> = problems
        .iter()
        .map(|p| {
            (
                p.location.file.as_str(),
                p.location.row,
                p.location.column.as_deref(),
                p.catalogue_key(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "機器台帳.csv",
                Some(3),
                Some("IPアドレス"),
                "import-bad_ip".to_owned()
            ),
            (
                "機器台帳.csv",
                Some(4),
                Some("ゾーン"),
                "problem-unknown_reference".to_owned()
            ),
            (
                "機器台帳.csv",
                Some(5),
                Some("管理番号"),
                "problem-duplicate_asset_number".to_owned()
            ),
        ]
    );
    let ja: Vec<String> = problems.iter().map(|p| p.describe(Lang::Ja)).collect();
    let en: Vec<String> = problems.iter().map(|p| p.describe(Lang::En)).collect();
    assert_eq!(
        ja[0],
        "機器台帳.csv 3行目 「IPアドレス」: IPアドレス「999.1.1.1」が不正です。例: 192.168.10.5"
    );
    assert!(
        ja[1].contains("4行目") && ja[1].contains("検査系LAN") && ja[1].contains("ゾーン"),
        "{}",
        ja[1]
    );
    assert!(
        ja[2].contains("5行目") && ja[2].contains("A-001"),
        "{}",
        ja[2]
    );
    assert!(
        en[0].contains("row 3")
            && en[0].contains("999.1.1.1")
            && en[0].contains("Example: 192.168.10.5"),
        "{}",
        en[0]
    );
    assert!(
        en[1].contains("row 4") && en[1].contains("検査系LAN"),
        "{}",
        en[1]
    );
    assert!(
        en[2].contains("row 5") && en[2].contains("A-001"),
        "{}",
        en[2]
    );
}

#[test]
fn cp932_csv_with_japanese_headers_imports() {
    let csv = [
        "ID,名称,種別,管理番号,メーカー,型番,OS,OSバージョン,IPアドレス,MACアドレス,ゾーン,設置場所,管理部署,保守業者,重要度,患者情報,サポート終了日,ウイルス対策,パッチ状況,最終パッチ適用日,リモート保守,備考",
        ",電子カルテ端末①,PC,A-100,髙橋電機,FMV-D,Windows 11,23H2,10.1.5.20、10.1.5.21,00-1A-2B-3C-4D-5E,電子カルテ系LAN,,医事課,富士山システム,高,有,令和11年10月14日,ウイルス対策ソフト,未適用あり,R7.3.31,なし,担当: 髙橋",
        "",
    ]
    .join("\r\n");
    let existing = zones_ledger();
    let read = read_csv("機器.csv", &sjis(&csv), None, &existing);
    let merged = check_import(&existing, &read).unwrap();
    assert_eq!(merged.assets.len(), 1);
    let asset = &merged.assets[0];
    assert_eq!(asset.id.as_str(), "asset-00001");
    assert_eq!(asset.name, "電子カルテ端末①");
    assert_eq!(asset.maker.as_deref(), Some("髙橋電機"));
    assert_eq!(
        asset.os,
        Some(NameVersion {
            name: "Windows 11".into(),
            version: Some("23H2".into())
        })
    );
    assert_eq!(asset.ip_addresses.len(), 2);
    assert_eq!(asset.mac_addresses[0].to_string(), "00:1a:2b:3c:4d:5e");
    assert_eq!(asset.zone_id.as_ref().map(|z| z.as_str()), Some("zone-emr"));
    assert_eq!(
        asset.managing_vendor_id.as_ref().map(|v| v.as_str()),
        Some("vendor-fj")
    );
    assert_eq!(asset.criticality, Some(Criticality::High));
    assert_eq!(asset.handles_patient_data, Some(true));
    assert_eq!(
        asset.end_of_life.map(|d| d.to_string()).as_deref(),
        Some("2029-10-14")
    );
    assert_eq!(asset.av_edr, Some(AvEdrState::Antivirus));
    assert_eq!(asset.patch_state, Some(PatchState::Behind));
    assert_eq!(
        asset.last_patched.map(|d| d.to_string()).as_deref(),
        Some("2025-03-31")
    );
    assert_eq!(asset.remote_maintenance, Some(false));
    assert_eq!(read.origins.values().next().and_then(|at| at.row), Some(2));
}

#[test]
fn utf8_with_and_without_bom_and_cp932_read_the_same() {
    let csv = "名称,種別,ゾーン,IPアドレス\r\n端末A,PC,電子カルテ系LAN,10.1.0.1\r\n端末B,プリンタ・複合機,zone-emr,\r\n";
    let existing = zones_ledger();
    let plain = read_csv("assets.csv", csv.as_bytes(), None, &existing);
    let with_bom = read_csv(
        "assets.csv",
        &[b"\xEF\xBB\xBF".as_slice(), csv.as_bytes()].concat(),
        None,
        &existing,
    );
    let cp932 = read_csv("assets.csv", &sjis(csv), None, &existing);
    assert!(plain.problems.is_empty(), "{:?}", plain.problems);
    assert_eq!(plain.records.assets.len(), 2);
    assert_eq!(plain.records, with_bom.records);
    assert_eq!(plain.records, cp932.records);
    assert_eq!(plain.records.assets[1].kind, AssetKind::Printer);
}

#[test]
fn undecodable_bytes_are_a_located_problem() {
    let mut bytes = sjis("名称,種別\r\nPC1,PC\r\n");
    bytes.extend(b"PC2\x82,PC\r\n");
    let read = read_csv("assets.csv", &bytes, None, &Ledger::default());
    let got: Vec<_> = read
        .problems
        .iter()
        .map(|p| (p.location.row, p.code.as_str()))
        .collect();
    assert_eq!(got, vec![(Some(3), "bad_encoding")]);
}

#[test]
fn codes_accept_code_japanese_label_and_english_label() {
    let csv = "名称,種別,重要度,ウイルス対策,パッチ状況\r\n\
               A,server,最重要,EDR,current\r\n\
               B,サーバ,High,ウイルス対策ソフト,最新\r\n\
               C,Server,中,not_permitted,Not permitted / unsupported\r\n\
               D,ｻｰﾊﾞ,low,導入不可（メーカー制約）,不明\r\n";
    let read = read_csv("assets.csv", csv.as_bytes(), None, &Ledger::default());
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    let got: Vec<_> = read
        .records
        .assets
        .iter()
        .map(|a| (a.kind, a.criticality, a.av_edr, a.patch_state))
        .collect();
    use {AvEdrState as Av, Criticality as C, PatchState as P};
    assert_eq!(
        got,
        vec![
            (
                AssetKind::Server,
                Some(C::Critical),
                Some(Av::Edr),
                Some(P::Current)
            ),
            (
                AssetKind::Server,
                Some(C::High),
                Some(Av::Antivirus),
                Some(P::Current)
            ),
            (
                AssetKind::Server,
                Some(C::Medium),
                Some(Av::NotPermitted),
                Some(P::NotPermitted)
            ),
            (
                AssetKind::Server,
                Some(C::Low),
                Some(Av::NotPermitted),
                Some(P::Unknown)
            ),
        ]
    );
}

#[test]
fn xlsx_excel_serial_dates_and_wareki_are_read() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("機器").unwrap();
    for (column, header) in [
        "名称",
        "種別",
        "サポート終了日",
        "最終パッチ適用日",
        "ポート数",
    ]
    .iter()
    .enumerate()
    .take(4)
    {
        sheet.write_string(0, column as u16, *header).unwrap();
    }
    let date_format = Format::new().set_num_format("yyyy/m/d");
    sheet.write_string(1, 0, "PC1").unwrap();
    sheet.write_string(1, 1, "PC").unwrap();
    sheet.write_number(1, 2, 45748.0).unwrap();
    sheet
        .write_datetime_with_format(
            1,
            3,
            ExcelDateTime::from_ymd(2024, 12, 31).unwrap(),
            &date_format,
        )
        .unwrap();
    sheet.write_string(3, 0, "PC2").unwrap();
    sheet.write_string(3, 1, "PC").unwrap();
    sheet.write_string(3, 2, "令和7年4月1日").unwrap();
    sheet.write_string(3, 3, "H31.4.30").unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    let read = read_xlsx("台帳.xlsx", &bytes, &Ledger::default());
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    let got: Vec<_> = read
        .records
        .assets
        .iter()
        .map(|a| {
            (
                a.name.as_str(),
                a.end_of_life.map(|d| d.to_string()),
                a.last_patched.map(|d| d.to_string()),
            )
        })
        .collect();
    let some = |text: &str| Some(text.to_owned());
    assert_eq!(
        got,
        vec![
            ("PC1", some("2025-04-01"), some("2024-12-31")),
            ("PC2", some("2025-04-01"), some("2019-04-30"))
        ]
    );
    let rows: Vec<_> = read
        .origins
        .values()
        .map(|at| (at.sheet.as_deref(), at.row))
        .collect();
    assert!(
        rows.contains(&(Some("機器"), Some(4))),
        "blank row 3 is skipped but counted: {rows:?}"
    );
}

#[test]
fn references_resolve_across_sheets_of_one_workbook() {
    let mut ledger = Ledger::default();
    ledger.zones.push(Zone {
        id: "zone-x".into(),
        name: "放射線LAN".into(),
        kind: ZoneKind::Departmental,
        cidrs: vec![],
        vlan: None,
        site_id: None,
        description: None,
    });
    let mut workbook_bytes = write_xlsx(&ledger).unwrap();
    // Re-write the workbook with a zone without id and an asset that names the zone.
    let read = read_xlsx("book.xlsx", &workbook_bytes, &Ledger::default());
    assert_eq!(read.records.zones.len(), 1);
    use rust_xlsxwriter::Workbook;
    let mut workbook = Workbook::new();
    let zones = workbook.add_worksheet();
    zones.set_name("ゾーン").unwrap();
    for (column, text) in ["名称", "種別"].iter().enumerate() {
        zones.write_string(0, column as u16, *text).unwrap();
    }
    zones.write_string(1, 0, "放射線LAN").unwrap();
    zones.write_string(1, 1, "部門系").unwrap();
    let assets = workbook.add_worksheet();
    assets.set_name("Assets").unwrap();
    for (column, text) in ["Name", "Kind", "Zone"].iter().enumerate() {
        assets.write_string(0, column as u16, *text).unwrap();
    }
    assets.write_string(1, 0, "CT-01").unwrap();
    assets.write_string(1, 1, "医療機器").unwrap();
    assets.write_string(1, 2, "放射線LAN").unwrap();
    workbook_bytes = workbook.save_to_buffer().unwrap();
    let read = read_xlsx("book.xlsx", &workbook_bytes, &Ledger::default());
    let merged = check_import(&Ledger::default(), &read).unwrap();
    assert_eq!(merged.zones[0].id.as_str(), "zone-00001");
    assert_eq!(
        merged.assets[0].zone_id.as_ref().map(|z| z.as_str()),
        Some("zone-00001")
    );
}

#[test]
fn rows_update_matching_records_and_keep_columns_the_file_lacks() {
    let existing = common::full_ledger();
    let csv =
        "管理番号,名称,種別,OSバージョン\r\n001-0042,EMR-DB01,サーバ,2022\r\n,新しい端末,PC,\r\n";
    let read = read_csv("assets.csv", csv.as_bytes(), None, &existing);
    let merged = check_import(&existing, &read).unwrap();
    assert_eq!(merged.assets.len(), existing.assets.len() + 1);
    let updated = merged
        .assets
        .iter()
        .find(|a| a.id.as_str() == "asset-emr-db")
        .unwrap();
    assert_eq!(
        updated.os,
        Some(NameVersion {
            name: "Windows Server".into(),
            version: Some("2022".into())
        })
    );
    assert_eq!(
        updated.ip_addresses, existing.assets[0].ip_addresses,
        "a column the file lacks keeps its value"
    );
    assert_eq!(
        merged.assets.last().map(|a| a.id.as_str()),
        Some("asset-00001")
    );
    assert_eq!(
        merged.zones, existing.zones,
        "kinds the file lacks are untouched"
    );
    // Without 管理番号 a row matches by unique name.
    let read = read_csv(
        "assets.csv",
        "名称,種別,備考\r\nFW01,ファイアウォール機器,更新\r\n".as_bytes(),
        None,
        &existing,
    );
    let merged = check_import(&existing, &read).unwrap();
    assert_eq!(merged.assets.len(), existing.assets.len());
    assert_eq!(
        merged
            .assets
            .iter()
            .find(|a| a.id.as_str() == "asset-fw")
            .and_then(|a| a.notes.as_deref()),
        Some("更新")
    );
}

#[test]
fn firewall_rule_endpoints_in_every_syntax() {
    let existing = common::full_ledger();
    let csv = "ID,ファイアウォール,順序,送信元,宛先,プロトコル,ポート,動作,有効\r\n\
               r1,基幹FW,100,cp:カルテ保守SSL-VPN,asset:EMR-DB01,TCP,3389,許可,\r\n\
               r2,fw-core,110,DMZ,10.1.0.0/24,udp,1024-65535,allow,はい\r\n\
               r3,fw-core,120,すべて,zone:zone-emr,すべて,,拒否,×\r\n";
    let read = read_csv("firewall_rules.csv", csv.as_bytes(), None, &existing);
    let merged = check_import(&existing, &read).unwrap();
    let rules: Vec<_> = merged
        .firewall_rules
        .iter()
        .filter(|r| r.id.as_str().len() == 2)
        .collect();
    assert_eq!(
        rules[0].source,
        Endpoint::ConnectionPoint {
            connection_point_id: "cp-vpn".into()
        }
    );
    assert_eq!(
        rules[0].destination,
        Endpoint::Asset {
            asset_id: "asset-emr-db".into()
        }
    );
    assert!(rules[0].enabled, "a blank 有効 is enabled");
    assert_eq!(
        rules[1].source,
        Endpoint::Zone {
            zone_id: "zone-dmz".into()
        }
    );
    assert_eq!(
        rules[1].destination,
        Endpoint::Cidr {
            cidr: "10.1.0.0/24".parse().unwrap()
        }
    );
    assert_eq!(rules[1].ports, PortSpec::Range(1024, 65535));
    assert_eq!(
        (rules[2].source.clone(), rules[2].ports, rules[2].enabled),
        (Endpoint::Any, PortSpec::Any, false)
    );
}

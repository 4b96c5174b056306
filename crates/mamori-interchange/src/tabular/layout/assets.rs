//! Layouts of what is on the network: assets, their services, and the external connection
//! points vendors and lines come in through.

use mamori_core::{RecordKind as K, *};

use super::{Layout, Shape as S, code_spec, col};

const ID: super::Column = col("ID", "ID", "id", S::Id);

pub(super) fn layouts() -> Vec<Layout> {
    vec![assets(), services(), connection_points()]
}

fn assets() -> Layout {
    Layout {
        kind: K::Assets,
        sheet_ja: "機器",
        sheet_en: "Assets",
        sheet_aliases: &["機器台帳", "資産", "資産台帳", "端末"],
        id_prefix: "asset",
        name_field: Some("name"),
        columns: vec![
            ID,
            col("名称", "Name", "name", S::Text).required().aka(&[
                "ホスト名",
                "機器名",
                "コンピュータ名",
            ]),
            col("種別", "Kind", "kind", S::Code(code_spec::<AssetKind>()))
                .required()
                .aka(&["機器種別"]),
            col("管理番号", "Asset number", "asset_number", S::Text)
                .aka(&["資産番号", "資産管理番号"]),
            col("メーカー", "Maker", "maker", S::Text),
            col("型番", "Model", "model", S::Text).aka(&["機種", "モデル"]),
            col("シリアル番号", "Serial", "serial", S::Text).aka(&["製造番号", "シリアル"]),
            col("OS", "OS", "os.name", S::Text),
            col("OSバージョン", "OS version", "os.version", S::Text),
            col("ファームウェア", "Firmware", "firmware.name", S::Text),
            col(
                "ファームウェアバージョン",
                "Firmware version",
                "firmware.version",
                S::Text,
            ),
            col("ソフトウェア", "Software", "software", S::Software),
            col("CPE", "CPE names", "cpes", S::Cpes),
            col("IPアドレス", "IP addresses", "ip_addresses", S::Ips).aka(&["IP"]),
            col("MACアドレス", "MAC addresses", "mac_addresses", S::Macs).aka(&["MAC"]),
            col("ゾーン", "Zone", "zone_id", S::Reference(K::Zones)).aka(&["セグメント"]),
            col(
                "設置場所",
                "Location",
                "location_id",
                S::Reference(K::Locations),
            ),
            col("管理部署", "Owner department", "owner_department", S::Text)
                .aka(&["部署", "所管部署"]),
            col(
                "保守業者",
                "Managing vendor",
                "managing_vendor_id",
                S::Reference(K::Vendors),
            ),
            col("管理主体", "Owner", "owner", S::Owner),
            col(
                "情報システム",
                "System",
                "system_id",
                S::Reference(K::Systems),
            )
            .aka(&["システム"]),
            col(
                "重要度",
                "Criticality",
                "criticality",
                S::Code(code_spec::<Criticality>()),
            ),
            col(
                "重要資産",
                "Crown jewel",
                "crown_jewel",
                S::Code(code_spec::<CrownJewelKind>()),
            ),
            col("患者情報", "Patient data", "handles_patient_data", S::YesNo)
                .aka(&["患者情報の有無"]),
            col("サポート終了日", "End of life", "end_of_life", S::Date)
                .aka(&["EOL", "保守終了日"]),
            col(
                "ウイルス対策",
                "AV/EDR",
                "av_edr",
                S::Code(code_spec::<AvEdrState>()),
            ),
            col(
                "パッチ状況",
                "Patch state",
                "patch_state",
                S::Code(code_spec::<PatchState>()),
            ),
            col("最終パッチ適用日", "Last patched", "last_patched", S::Date),
            col(
                "リモート保守",
                "Remote maintenance",
                "remote_maintenance",
                S::YesNo,
            ),
            col("備考", "Notes", "notes", S::Text),
        ],
    }
}

fn services() -> Layout {
    Layout {
        kind: K::Services,
        sheet_ja: "サービス",
        sheet_en: "Services",
        sheet_aliases: &["ポート"],
        id_prefix: "svc",
        name_field: None,
        columns: vec![
            ID,
            col("機器", "Asset", "asset_id", S::Reference(K::Assets)).required(),
            col("ポート", "Port", "port", S::Integer { max: 65535 })
                .required()
                .aka(&["ポート番号"]),
            col(
                "プロトコル",
                "Protocol",
                "protocol",
                S::Code(code_spec::<ServiceProtocol>()),
            )
            .required(),
            col("サービス名", "Service name", "name", S::Text).aka(&["名称"]),
        ],
    }
}

fn connection_points() -> Layout {
    Layout {
        kind: K::ConnectionPoints,
        sheet_ja: "外部接続点",
        sheet_en: "Connection points",
        sheet_aliases: &["外部接続", "接続点", "リモート保守回線"],
        id_prefix: "cp",
        name_field: Some("name"),
        columns: vec![
            ID,
            col("名称", "Name", "name", S::Text).required(),
            col(
                "種別",
                "Kind",
                "kind",
                S::Code(code_spec::<ConnectionPointKind>()),
            )
            .required(),
            col("管理主体", "Owner", "owner", S::Owner),
            col("メーカー", "Maker", "maker", S::Text),
            col("型番", "Model", "model", S::Text),
            col("ファームウェア", "Firmware", "firmware.name", S::Text),
            col(
                "ファームウェアバージョン",
                "Firmware version",
                "firmware.version",
                S::Text,
            ),
            col("CPE", "CPE names", "cpes", S::Cpes),
            col("接続先ゾーン", "Zones", "zone_ids", S::References(K::Zones)),
            col("接続相手", "Peer", "peer", S::Text),
            col("事業者", "Vendor", "vendor_id", S::Reference(K::Vendors)),
            col(
                "グローバルIP",
                "Public addresses",
                "public_addresses",
                S::Ips,
            ),
            col("常時接続", "Always on", "always_on", S::YesNo),
            col(
                "認証",
                "Requires authentication",
                "requires_authentication",
                S::YesNo,
            ),
            col("多要素認証", "MFA", "mfa", S::YesNo),
            col(
                "接続元IP制限",
                "Source IP restricted",
                "source_ip_restricted",
                S::YesNo,
            ),
            col(
                "内向き通信制御",
                "Inbound filtering",
                "inbound_filtering",
                S::YesNo,
            ),
            col(
                "外向き通信制御",
                "Outbound filtering",
                "outbound_filtering",
                S::YesNo,
            ),
            col(
                "許可プロトコル",
                "Allowed protocols",
                "allowed_protocols",
                S::Texts,
            ),
            col(
                "認証情報の保存",
                "Credentials stored",
                "credentials_stored",
                S::YesNo,
            ),
            col(
                "最終ファームウェア確認日",
                "Last firmware check",
                "last_firmware_check",
                S::Date,
            ),
            col(
                "最終ログ確認日",
                "Last log review",
                "last_log_review",
                S::Date,
            ),
            col(
                "契約",
                "Contract",
                "contract_id",
                S::Reference(K::Contracts),
            ),
            col(
                "設置場所",
                "Location",
                "location_id",
                S::Reference(K::Locations),
            ),
            col("備考", "Notes", "notes", S::Text),
        ],
    }
}

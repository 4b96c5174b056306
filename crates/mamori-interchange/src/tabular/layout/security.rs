//! Layouts of what controls and protects access: firewalls and their rules, credentials and
//! accounts, backups, wireless, removable media, log sources and hand-recorded
//! vulnerabilities.

use mamori_core::{RecordKind as K, *};

use super::{Layout, Shape as S, code_spec, col};

const ID: super::Column = col("ID", "ID", "id", S::Id);
const NAME: super::Column = col("名称", "Name", "name", S::Text).required();
const OWNER: super::Column = col("管理主体", "Owner", "owner", S::Owner);
const NOTES: super::Column = col("備考", "Notes", "notes", S::Text);

pub(super) fn layouts() -> Vec<Layout> {
    vec![
        firewalls(),
        firewall_rules(),
        credential_groups(),
        accounts(),
        backups(),
        ssids(),
        access_points(),
        removable_media(),
        log_sources(),
        vulnerabilities(),
    ]
}

fn layout(
    kind: K,
    sheet_ja: &'static str,
    sheet_en: &'static str,
    id_prefix: &'static str,
) -> Layout {
    Layout {
        kind,
        sheet_ja,
        sheet_en,
        sheet_aliases: &[],
        id_prefix,
        name_field: Some("name"),
        columns: Vec::new(),
    }
}

fn firewalls() -> Layout {
    Layout {
        sheet_aliases: &["FW"],
        columns: vec![
            ID,
            NAME,
            col("接続ゾーン", "Zones", "zone_ids", S::References(K::Zones)),
            col(
                "既定動作",
                "Default action",
                "default_action",
                S::Code(code_spec::<FirewallAction>()),
            )
            .required(),
            OWNER,
            col("機器", "Asset", "asset_id", S::Reference(K::Assets)),
            NOTES,
        ],
        ..layout(K::Firewalls, "ファイアウォール", "Firewalls", "fw")
    }
}

fn firewall_rules() -> Layout {
    Layout {
        sheet_aliases: &["FWルール", "ルール", "通信ルール"],
        name_field: None,
        columns: vec![
            ID,
            col(
                "ファイアウォール",
                "Firewall",
                "firewall_id",
                S::Reference(K::Firewalls),
            )
            .required(),
            col(
                "順序",
                "Position",
                "position",
                S::Integer {
                    max: u32::MAX as u64,
                },
            )
            .required()
            .aka(&["番号", "No"]),
            col("送信元", "Source", "source", S::Endpoint).required(),
            col("宛先", "Destination", "destination", S::Endpoint).required(),
            col(
                "プロトコル",
                "Protocol",
                "protocol",
                S::Code(code_spec::<RuleProtocol>()),
            )
            .required(),
            col("ポート", "Ports", "ports", S::Ports).aka(&["宛先ポート"]),
            col(
                "動作",
                "Action",
                "action",
                S::Code(code_spec::<FirewallAction>()),
            )
            .required(),
            col("有効", "Enabled", "enabled", S::Flag { default: true }),
            col("管理主体", "Owner", "owner", S::OptionalOwner),
            col("説明", "Description", "description", S::Text),
        ],
        ..layout(
            K::FirewallRules,
            "ファイアウォールルール",
            "Firewall rules",
            "rule",
        )
    }
}

fn credential_groups() -> Layout {
    Layout {
        sheet_aliases: &["共有パスワード"],
        columns: vec![
            ID,
            NAME,
            OWNER,
            col("説明", "Description", "description", S::Text),
        ],
        ..layout(
            K::CredentialGroups,
            "認証情報グループ",
            "Credential groups",
            "cred",
        )
    }
}

fn accounts() -> Layout {
    Layout {
        sheet_aliases: &["ID管理", "ユーザー"],
        name_field: Some("username"),
        columns: vec![
            ID,
            col("ユーザー名", "Username", "username", S::Text)
                .required()
                .aka(&["アカウント名", "ユーザID"]),
            col("種別", "Kind", "kind", S::Code(code_spec::<AccountKind>())).required(),
            col(
                "認証情報グループ",
                "Credential group",
                "credential_group_id",
                S::Reference(K::CredentialGroups),
            ),
            OWNER,
            col("ログオン先", "Accepted on", "accepted_on", S::AcceptedOn),
            col("保存場所", "Stored on", "stored_on", S::StoredOn),
            col(
                "初期パスワード",
                "Known default",
                "known_default",
                S::Flag { default: false },
            ),
            col(
                "脆弱なパスワード",
                "Known weak",
                "known_weak",
                S::Flag { default: false },
            ),
            col(
                "漏えい済み",
                "Known leaked",
                "known_leaked",
                S::Flag { default: false },
            ),
            col("多要素認証", "MFA", "mfa", S::YesNo),
            col(
                "パスワード最小長",
                "Password min length",
                "password_min_length",
                S::Integer {
                    max: u16::MAX as u64,
                },
            ),
            col(
                "ロックアウト閾値",
                "Lockout threshold",
                "lockout_threshold",
                S::Integer {
                    max: u16::MAX as u64,
                },
            ),
            col("最終変更日", "Last rotation", "last_rotation", S::Date),
            NOTES,
        ],
        ..layout(K::Accounts, "アカウント", "Accounts", "acct")
    }
}

fn backups() -> Layout {
    Layout {
        columns: vec![
            ID,
            NAME,
            col("対象機器", "Protects", "protects", S::References(K::Assets)),
            col(
                "媒体",
                "Medium",
                "medium",
                S::Code(code_spec::<BackupMedium>()),
            )
            .required(),
            col("保存先", "Held on", "held_on", S::Reference(K::Assets)),
            col(
                "管理コンソール",
                "Managed from",
                "managed_from",
                S::Reference(K::Assets),
            ),
            col(
                "世代数",
                "Generations",
                "generations",
                S::Integer {
                    max: u32::MAX as u64,
                },
            ),
            col(
                "保持日数",
                "Retention days",
                "retention_days",
                S::Integer {
                    max: u32::MAX as u64,
                },
            ),
            col("遠隔地保管", "Off-site", "offsite", S::YesNo),
            col(
                "最終リストア試験日",
                "Last restore test",
                "last_restore_test",
                S::Date,
            ),
            col(
                "リストア試験結果",
                "Last restore result",
                "last_restore_result",
                S::Code(code_spec::<RestoreResult>()),
            ),
            OWNER,
            NOTES,
        ],
        ..layout(K::Backups, "バックアップ", "Backups", "backup")
    }
}

fn ssids() -> Layout {
    Layout {
        sheet_aliases: &["無線", "SSID"],
        name_field: Some("ssid"),
        columns: vec![
            ID,
            col("SSID", "SSID", "ssid", S::Text).required(),
            col(
                "暗号化",
                "Encryption",
                "encryption",
                S::Code(code_spec::<WifiEncryption>()),
            )
            .required(),
            col("認証方式", "Authentication", "authentication", S::Text),
            col("ゾーン", "Zone", "zone_id", S::Reference(K::Zones)),
            col("ゲスト用", "Guest", "guest", S::Flag { default: false }),
            col("ゲスト分離", "Guest separated", "guest_separated", S::YesNo),
            col("ステルス", "Hidden", "hidden", S::Flag { default: false }),
        ],
        ..layout(K::Ssids, "無線LAN", "Wireless networks", "ssid")
    }
}

fn access_points() -> Layout {
    Layout {
        sheet_aliases: &["AP", "アクセスポイント"],
        columns: vec![
            ID,
            NAME,
            col("機器", "Asset", "asset_id", S::Reference(K::Assets)),
            col(
                "設置場所",
                "Location",
                "location_id",
                S::Reference(K::Locations),
            ),
            col(
                "周波数帯",
                "Bands",
                "bands",
                S::Codes(code_spec::<WifiBand>()),
            ),
            col(
                "チャネル",
                "Channels",
                "channels",
                S::Integers {
                    max: u16::MAX as u64,
                },
            )
            .aka(&["チャンネル"]),
            col("SSID", "SSIDs", "ssid_ids", S::References(K::Ssids)),
        ],
        ..layout(K::AccessPoints, "無線AP", "Access points", "ap")
    }
}

fn removable_media() -> Layout {
    Layout {
        sheet_aliases: &["外部媒体", "USB", "モデム"],
        columns: vec![
            ID,
            NAME,
            col(
                "種別",
                "Kind",
                "kind",
                S::Code(code_spec::<RemovableKind>()),
            )
            .required(),
            col(
                "接続先機器",
                "Attached to",
                "attached_to",
                S::Reference(K::Assets),
            ),
            OWNER,
            col("管理番号", "Asset number", "asset_number", S::Text),
            col("承認済み", "Approved", "approved", S::YesNo),
            col("暗号化", "Encrypted", "encrypted", S::YesNo),
            NOTES,
        ],
        ..layout(
            K::RemovableMedia,
            "外部媒体・モデム",
            "Removable media",
            "media",
        )
    }
}

fn log_sources() -> Layout {
    Layout {
        sheet_aliases: &["ログ管理"],
        columns: vec![
            ID,
            NAME,
            col("機器", "Asset", "asset_id", S::Reference(K::Assets)),
            col(
                "外部接続点",
                "Connection point",
                "connection_point_id",
                S::Reference(K::ConnectionPoints),
            ),
            col(
                "ログ種類",
                "Categories",
                "categories",
                S::Codes(code_spec::<LogCategory>()),
            ),
            col(
                "保存日数",
                "Retention days",
                "retention_days",
                S::Integer {
                    max: u32::MAX as u64,
                },
            ),
            col(
                "保存先機器",
                "Stored on",
                "stored_on",
                S::Reference(K::Assets),
            ),
            col("保存場所", "Stored where", "stored_where", S::Text),
            col("最終確認日", "Last review", "last_review", S::Date),
        ],
        ..layout(K::LogSources, "ログ", "Log sources", "log")
    }
}

fn vulnerabilities() -> Layout {
    Layout {
        sheet_aliases: &["脆弱性"],
        name_field: None,
        columns: vec![
            ID,
            col("識別子", "Reference", "reference", S::Text)
                .required()
                .aka(&["CVE", "CVE番号"]),
            col("対象", "Target", "target", S::VulnTarget).required(),
            col(
                "影響",
                "Effect",
                "effect",
                S::Code(code_spec::<VulnEffect>()),
            )
            .required(),
            col(
                "認証要否",
                "Requires authentication",
                "requires_authentication",
                S::Flag { default: false },
            )
            .required(),
            col("悪用確認", "Known exploited", "known_exploited", S::YesNo),
            NOTES,
        ],
        ..layout(
            K::Vulnerabilities,
            "脆弱性（手入力）",
            "Vulnerabilities",
            "vuln",
        )
    }
}

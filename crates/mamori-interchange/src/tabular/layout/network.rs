//! Layouts of the places and parties: sites, locations, zones, vendors, contracts and
//! information systems.

use mamori_core::{RecordKind as K, *};

use super::{Layout, Shape as S, code_spec, col};

const ID: super::Column = col("ID", "ID", "id", S::Id);

pub(super) fn layouts() -> Vec<Layout> {
    vec![
        Layout {
            kind: K::Sites,
            sheet_ja: "拠点",
            sheet_en: "Sites",
            sheet_aliases: &["施設"],
            id_prefix: "site",
            name_field: Some("name"),
            columns: vec![
                ID,
                col("名称", "Name", "name", S::Text)
                    .required()
                    .aka(&["拠点名"]),
                col("住所", "Address", "address", S::Text),
            ],
        },
        Layout {
            kind: K::Locations,
            sheet_ja: "設置場所",
            sheet_en: "Locations",
            sheet_aliases: &["場所"],
            id_prefix: "loc",
            name_field: Some("room"),
            columns: vec![
                ID,
                col("拠点", "Site", "site_id", S::Reference(K::Sites)).required(),
                col("棟", "Building", "building", S::Text),
                col("階", "Floor", "floor", S::Text),
                col("部屋・場所", "Room", "room", S::Text)
                    .required()
                    .aka(&["部屋", "場所", "名称"]),
            ],
        },
        Layout {
            kind: K::Zones,
            sheet_ja: "ゾーン",
            sheet_en: "Zones",
            sheet_aliases: &["セグメント", "ネットワーク"],
            id_prefix: "zone",
            name_field: Some("name"),
            columns: vec![
                ID,
                col("名称", "Name", "name", S::Text)
                    .required()
                    .aka(&["ゾーン名", "セグメント名"]),
                col("種別", "Kind", "kind", S::Code(code_spec::<ZoneKind>())).required(),
                col("CIDR", "CIDRs", "cidrs", S::Cidrs)
                    .aka(&["ネットワークアドレス", "サブネット"]),
                col("VLAN", "VLAN ID", "vlan", S::Integer { max: 4094 }),
                col("拠点", "Site", "site_id", S::Reference(K::Sites)),
                col("説明", "Description", "description", S::Text),
            ],
        },
        Layout {
            kind: K::Vendors,
            sheet_ja: "事業者",
            sheet_en: "Vendors",
            sheet_aliases: &["業者", "ベンダー", "保守業者"],
            id_prefix: "vendor",
            name_field: Some("name"),
            columns: vec![
                ID,
                col("名称", "Name", "name", S::Text)
                    .required()
                    .aka(&["事業者名", "会社名"]),
                col("種別", "Kind", "kind", S::Code(code_spec::<VendorKind>())).required(),
                col("連絡先", "Contacts", "contacts", S::Contacts),
                col("備考", "Notes", "notes", S::Text),
            ],
        },
        Layout {
            kind: K::Contracts,
            sheet_ja: "契約",
            sheet_en: "Contracts",
            sheet_aliases: &["保守契約"],
            id_prefix: "contract",
            name_field: Some("title"),
            columns: vec![
                ID,
                col("件名", "Title", "title", S::Text)
                    .required()
                    .aka(&["契約名", "名称"]),
                col("事業者", "Vendor", "vendor_id", S::Reference(K::Vendors)).required(),
                col(
                    "対象システム",
                    "Systems",
                    "system_ids",
                    S::References(K::Systems),
                ),
                col(
                    "年間保守料",
                    "Annual fee yen",
                    "annual_fee_yen",
                    S::Integer { max: u64::MAX },
                ),
                col(
                    "賠償上限額",
                    "Compensation cap yen",
                    "compensation_cap_yen",
                    S::Integer { max: u64::MAX },
                ),
                col(
                    "リモート保守",
                    "Remote maintenance",
                    "remote_maintenance",
                    S::YesNo,
                ),
                col("契約開始日", "Start date", "start_date", S::Date),
                col("更新日", "Renewal date", "renewal_date", S::Date),
                col(
                    "セキュリティ条項",
                    "Security clauses",
                    "security_clauses",
                    S::Codes(code_spec::<SecurityClause>()),
                ),
                col("備考", "Notes", "notes", S::Text),
            ],
        },
        Layout {
            kind: K::Systems,
            sheet_ja: "情報システム",
            sheet_en: "Systems",
            sheet_aliases: &["システム"],
            id_prefix: "sys",
            name_field: Some("name"),
            columns: vec![
                ID,
                col("名称", "Name", "name", S::Text)
                    .required()
                    .aka(&["システム名"]),
                col("種別", "Kind", "kind", S::Code(code_spec::<SystemKind>())).required(),
                col("事業者", "Vendor", "vendor_id", S::Reference(K::Vendors)),
                col(
                    "重要資産",
                    "Crown jewel",
                    "crown_jewel",
                    S::Code(code_spec::<CrownJewelKind>()),
                ),
                col("説明", "Description", "description", S::Text),
            ],
        },
    ]
}

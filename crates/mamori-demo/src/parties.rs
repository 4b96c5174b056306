//! The hospital profile, sites and locations, vendors with their contacts, contracts and
//! information systems. Every company and person here is fictional.

use mamori_core::{
    Contact, Contract, ContractId, CrownJewelKind, HospitalProfile, InformationSystem, Location,
    LocationId, SecurityClause as C, Site, SiteId, SystemId, SystemKind, Vendor, VendorId,
    VendorKind,
};

use crate::tables::{LOCATIONS, MODALITY_MAKER, MONITOR_MAKER};
use crate::{DEMO_ASSETS, Gen, day};

pub const V_EMR: &str = "ven-emr";
pub const V_MODALITY: &str = "ven-modality";
pub const V_PACS: &str = "ven-pacs";
pub const V_NETWORK: &str = "ven-network";
pub const V_FOOD: &str = "ven-food";
pub const V_LAB: &str = "ven-lab";
pub const V_BILLING: &str = "ven-billing";
pub const V_TELECOM: &str = "ven-telecom";
pub const V_MONITOR: &str = "ven-monitor";
pub const V_REGION: &str = "ven-region";

pub const SYS_EMR: &str = "sys-emr";
pub const SYS_BILLING: &str = "sys-billing";
pub const SYS_PACS: &str = "sys-pacs";
pub const SYS_RIS: &str = "sys-ris";
pub const SYS_LAB: &str = "sys-lab";
pub const SYS_PHARMACY: &str = "sys-pharmacy";
pub const SYS_FOOD: &str = "sys-food";
pub const SYS_REGION: &str = "sys-regional";
pub const SYS_INFRA: &str = "sys-infra";
pub const SYS_OFFICE: &str = "sys-office";

pub const CON_EMR: &str = "con-emr";
pub const CON_PACS: &str = "con-pacs";
pub const CON_MODALITY: &str = "con-modality";
pub const CON_NETWORK: &str = "con-network";
pub const CON_FOOD: &str = "con-food";
pub const CON_TELECOM: &str = "con-telecom";

pub const SITE_MAIN: &str = "site-main";
pub const SITE_ANNEX: &str = "site-annex";

pub fn build(g: &mut Gen) {
    let beds = (g.target.max(DEMO_ASSETS) * 300 / DEMO_ASSETS) as u32;
    let generated = g.target != DEMO_ASSETS;
    g.ledger.hospital = HospitalProfile {
        name: "みどり台総合病院".to_owned(),
        beds: Some(beds),
        prefecture: Some("みどり県（架空）".to_owned()),
        security_officer: Some("副院長 山田 一郎（医療情報システム安全管理責任者）".to_owned()),
        notes: Some(if generated {
            format!(
                "架空の病院（ベンチマーク用に {} 資産へ拡大して生成）",
                g.target
            )
        } else {
            "架空の病院（mamori デモデータ）。実在の医療機関・事業者とは関係ありません。".to_owned()
        }),
    };
    g.ledger.sites = vec![
        Site {
            id: SiteId::from(SITE_MAIN),
            name: "本院（本館）".to_owned(),
            address: Some("みどり県みどり台市中央一丁目1番1号（架空）".to_owned()),
        },
        Site {
            id: SiteId::from(SITE_ANNEX),
            name: "別館（透析・健診センター）".to_owned(),
            address: Some("みどり県みどり台市中央一丁目3番5号（架空）".to_owned()),
        },
    ];
    for (id, site, building, floor, room) in LOCATIONS {
        g.ledger.locations.push(Location {
            id: LocationId::from(*id),
            site_id: SiteId::from(if *site == 0 { SITE_MAIN } else { SITE_ANNEX }),
            building: Some((*building).to_owned()),
            floor: Some((*floor).to_owned()),
            room: (*room).to_owned(),
        });
    }
    vendors(g);
    systems(g);
    contracts(g);
}

fn contact(
    name: &str,
    role: &str,
    phone: &str,
    email: Option<&str>,
    available_24h: bool,
) -> Contact {
    Contact {
        name: name.to_owned(),
        role: Some(role.to_owned()),
        phone: Some(phone.to_owned()),
        email: email.map(str::to_owned),
        available_24h,
    }
}

fn vendors(g: &mut Gen) {
    let vendor =
        |id: &str, name: &str, kind: VendorKind, contacts: Vec<Contact>, notes: Option<&str>| {
            Vendor {
                id: VendorId::from(id),
                name: name.to_owned(),
                kind,
                contacts,
                notes: notes.map(str::to_owned),
            }
        };
    g.ledger.vendors = vec![
        vendor(
            V_EMR,
            "ミドリメディカルシステムズ株式会社",
            VendorKind::EmrVendor,
            vec![
                contact(
                    "佐藤 健",
                    "営業担当",
                    "06-0000-1101",
                    Some("sato@emr.example"),
                    false,
                ),
                contact(
                    "サポートセンター",
                    "障害受付（24時間365日）",
                    "0120-000-110",
                    Some("support@emr.example"),
                    true,
                ),
            ],
            Some(
                "電子カルテ・薬剤・地域連携の導入および保守。リモート保守用SSL-VPN装置を設置・管理。",
            ),
        ),
        vendor(
            V_MODALITY,
            MODALITY_MAKER,
            VendorKind::MedicalDeviceMaker,
            vec![
                contact("高橋 誠", "サービスエンジニア", "06-0000-2201", None, false),
                contact(
                    "コールセンター",
                    "故障受付（24時間）",
                    "0120-000-220",
                    None,
                    true,
                ),
            ],
            Some("CT・MRI・一般撮影装置。CT操作卓にリモート保守用LTEモデムを接続。"),
        ),
        vendor(
            V_PACS,
            "さくら画像情報システム株式会社",
            VendorKind::SystemVendor,
            vec![contact(
                "伊藤 美咲",
                "保守窓口",
                "06-0000-3301",
                Some("helpdesk@pacs.example"),
                true,
            )],
            Some("PACS・RIS。IPsec VPN（接続元IP制限・多要素認証あり）で保守。"),
        ),
        vendor(
            V_NETWORK,
            "関西ネットワークサービス株式会社",
            VendorKind::NetworkIntegrator,
            vec![
                contact(
                    "渡辺 大輔",
                    "SE",
                    "06-0000-4401",
                    Some("watanabe@net.example"),
                    false,
                ),
                contact(
                    "NOC",
                    "監視センター（24時間）",
                    "06-0000-4499",
                    Some("noc@net.example"),
                    true,
                ),
            ],
            Some(
                "院内ネットワーク、ファイアウォール、Active Directory、バックアップ基盤の構築・保守。",
            ),
        ),
        vendor(
            V_FOOD,
            "株式会社ひまわり給食サービス",
            VendorKind::FacilityService,
            vec![contact(
                "中村 浩二",
                "栄養管理システム担当",
                "06-0000-5501",
                None,
                false,
            )],
            Some("給食業務委託。自社データセンターから常時接続VPNで栄養管理サーバを保守。"),
        ),
        vendor(
            V_LAB,
            "株式会社ラボテックシステムズ",
            VendorKind::SystemVendor,
            vec![contact(
                "小林 直樹",
                "保守担当",
                "06-0000-6601",
                Some("kobayashi@lab.example"),
                false,
            )],
            None,
        ),
        vendor(
            V_BILLING,
            "株式会社あおば医事システム",
            VendorKind::SystemVendor,
            vec![contact(
                "加藤 由美",
                "サポート",
                "06-0000-7701",
                Some("support@aoba.example"),
                false,
            )],
            None,
        ),
        vendor(
            V_TELECOM,
            "みどりテレコム株式会社",
            VendorKind::Telecom,
            vec![contact(
                "法人サポート",
                "回線故障受付（24時間）",
                "0120-000-770",
                None,
                true,
            )],
            None,
        ),
        vendor(
            V_MONITOR,
            MONITOR_MAKER,
            VendorKind::MedicalDeviceMaker,
            vec![contact(
                "吉田 拓也",
                "営業・保守",
                "06-0000-8801",
                None,
                false,
            )],
            Some("生体情報モニタ・セントラルモニタ。"),
        ),
        vendor(
            V_REGION,
            "みどり台地域医療連携協議会",
            VendorKind::Other,
            vec![contact(
                "事務局",
                "事務局",
                "06-0000-9901",
                Some("office@region.example"),
                false,
            )],
            Some("地域医療連携ネットワーク（閉域網）の運営主体。"),
        ),
    ];
}

fn systems(g: &mut Gen) {
    let system = |id: &str,
                  name: &str,
                  kind: SystemKind,
                  vendor: &str,
                  jewel: Option<CrownJewelKind>,
                  description: &str| {
        InformationSystem {
            id: SystemId::from(id),
            name: name.to_owned(),
            kind,
            vendor_id: Some(VendorId::from(vendor)),
            crown_jewel: jewel,
            description: Some(description.to_owned()),
        }
    };
    g.ledger.systems = vec![
        system(
            SYS_EMR,
            "電子カルテシステム",
            SystemKind::Emr,
            V_EMR,
            Some(CrownJewelKind::Emr),
            "オーダリング・電子カルテ（DB二重化）",
        ),
        system(
            SYS_BILLING,
            "医事会計システム",
            SystemKind::Billing,
            V_BILLING,
            Some(CrownJewelKind::Billing),
            "医事会計・レセプト",
        ),
        system(
            SYS_PACS,
            "PACS（医用画像管理）",
            SystemKind::Pacs,
            V_PACS,
            Some(CrownJewelKind::Pacs),
            "画像保存・配信・読影",
        ),
        system(
            SYS_RIS,
            "放射線部門システム（RIS）",
            SystemKind::Radiology,
            V_PACS,
            None,
            "撮影予約・実施",
        ),
        system(
            SYS_LAB,
            "臨床検査システム",
            SystemKind::Laboratory,
            V_LAB,
            Some(CrownJewelKind::Laboratory),
            "検体検査・生理検査",
        ),
        system(
            SYS_PHARMACY,
            "薬剤部門システム",
            SystemKind::Pharmacy,
            V_EMR,
            None,
            "調剤・注射薬・薬品管理",
        ),
        system(
            SYS_FOOD,
            "栄養給食管理システム",
            SystemKind::Departmental,
            V_FOOD,
            None,
            "献立・食数管理（給食委託業者が保守）",
        ),
        system(
            SYS_REGION,
            "地域医療連携システム",
            SystemKind::RegionalNetwork,
            V_EMR,
            None,
            "診療情報の相互参照",
        ),
        system(
            SYS_INFRA,
            "院内ネットワーク・認証・バックアップ基盤",
            SystemKind::Infrastructure,
            V_NETWORK,
            Some(CrownJewelKind::ActiveDirectory),
            "Active Directory・ファイルサーバ・バックアップ・ネットワーク機器",
        ),
        system(
            SYS_OFFICE,
            "事務・グループウェア系",
            SystemKind::Office,
            V_NETWORK,
            None,
            "グループウェア・メール・インターネット閲覧",
        ),
    ];
}

fn contracts(g: &mut Gen) {
    #[allow(clippy::too_many_arguments)]
    fn contract(
        id: &str,
        vendor: &str,
        title: &str,
        systems: &[&str],
        fee: Option<u64>,
        cap: Option<u64>,
        remote: Option<bool>,
        start: (i16, i8, i8),
        renewal: (i16, i8, i8),
        clauses: &[C],
        notes: Option<&str>,
    ) -> Contract {
        Contract {
            id: ContractId::from(id),
            vendor_id: VendorId::from(vendor),
            title: title.to_owned(),
            system_ids: systems.iter().map(|s| SystemId::from(*s)).collect(),
            annual_fee_yen: fee,
            compensation_cap_yen: cap,
            remote_maintenance: remote,
            start_date: day(start.0, start.1, start.2),
            renewal_date: day(renewal.0, renewal.1, renewal.2),
            security_clauses: clauses.to_vec(),
            notes: notes.map(str::to_owned),
        }
    }
    g.ledger.contracts = vec![
        contract(
            CON_EMR,
            V_EMR,
            "電子カルテシステム保守契約",
            &[SYS_EMR, SYS_PHARMACY, SYS_REGION],
            Some(18_000_000),
            Some(18_000_000),
            Some(true),
            (2021, 4, 1),
            (2027, 3, 31),
            &[
                C::ConfidentialInformation,
                C::AccessLimitation,
                C::BackupManagement,
                C::IncidentReporting,
            ],
            Some("損害賠償の上限は年間保守料。脆弱性対応・ID管理の条項なし。"),
        ),
        contract(
            CON_PACS,
            V_PACS,
            "PACS・RIS保守契約",
            &[SYS_PACS, SYS_RIS],
            Some(9_600_000),
            Some(50_000_000),
            Some(true),
            (2022, 4, 1),
            (2027, 3, 31),
            &[
                C::ConfidentialInformation,
                C::AccessLimitation,
                C::BackupManagement,
                C::InternalAudit,
                C::SubcontractApproval,
                C::NoPrivatePc,
                C::PhysicalAccess,
                C::WebAccessRestriction,
                C::VirusScan,
                C::VulnerabilityRemediation,
                C::CredentialManagement,
                C::IncidentReporting,
            ],
            Some("MHLW §2-5 の条項をすべて含む。"),
        ),
        contract(
            CON_MODALITY,
            V_MODALITY,
            "CT・MRI装置保守契約",
            &[],
            Some(24_000_000),
            None,
            Some(false),
            (2020, 10, 1),
            (2026, 9, 30),
            &[C::ConfidentialInformation],
            Some("オンサイト保守のみ記載。リモート保守（LTEモデム）の記載なし。"),
        ),
        contract(
            CON_NETWORK,
            V_NETWORK,
            "院内ネットワーク・基盤保守契約",
            &[SYS_INFRA, SYS_OFFICE],
            Some(6_000_000),
            Some(6_000_000),
            Some(true),
            (2023, 4, 1),
            (2027, 3, 31),
            &[
                C::ConfidentialInformation,
                C::AccessLimitation,
                C::VulnerabilityRemediation,
                C::IncidentReporting,
            ],
            None,
        ),
        contract(
            CON_FOOD,
            V_FOOD,
            "給食業務委託契約（栄養管理システム保守を含む）",
            &[SYS_FOOD],
            Some(32_000_000),
            None,
            Some(true),
            (2019, 4, 1),
            (2027, 3, 31),
            &[],
            Some("セキュリティ条項なし。常時接続VPNの記載は設置場所のみ。"),
        ),
        contract(
            "con-lab",
            V_LAB,
            "臨床検査システム保守契約",
            &[SYS_LAB],
            Some(4_800_000),
            Some(4_800_000),
            Some(true),
            (2022, 10, 1),
            (2027, 9, 30),
            &[C::ConfidentialInformation, C::IncidentReporting],
            None,
        ),
        contract(
            "con-billing",
            V_BILLING,
            "医事会計システム保守契約",
            &[SYS_BILLING],
            Some(7_200_000),
            Some(7_200_000),
            Some(true),
            (2021, 4, 1),
            (2026, 3, 31),
            &[
                C::ConfidentialInformation,
                C::AccessLimitation,
                C::IncidentReporting,
            ],
            Some("更新期限切れのまま自動更新。"),
        ),
        contract(
            CON_TELECOM,
            V_TELECOM,
            "インターネット接続サービス契約",
            &[],
            Some(1_320_000),
            None,
            None,
            (2020, 4, 1),
            (2027, 3, 31),
            &[],
            None,
        ),
        contract(
            "con-monitor",
            V_MONITOR,
            "生体情報モニタ保守契約",
            &[],
            Some(3_600_000),
            Some(3_600_000),
            Some(false),
            (2022, 4, 1),
            (2027, 3, 31),
            &[C::ConfidentialInformation, C::VirusScan],
            None,
        ),
    ];
}

//! Zones with their CIDRs and VLANs, the external connection points (the EMR vendor's
//! FortiGate SSL-VPN, the CT's LTE modem, the food-service vendor's always-on VPN, the
//! internet line, the PACS vendor's IPsec VPN, the regional network, guest Wi-Fi), and
//! the wireless LAN (SSIDs and access points).

use std::net::{IpAddr, Ipv4Addr};

use mamori_core::{
    AccessPoint, AccessPointId, ConnectionPoint, ConnectionPointId, ConnectionPointKind as CK,
    ContractId, CpeName, CpeState, Location, LocationId, NameVersion, Owner, SiteId, Ssid, SsidId,
    VendorId, WifiBand, WifiEncryption, Zone, ZoneKind,
};

use crate::parties::*;
use crate::tables::EXTRA_ZONES;
use crate::zone::*;
use crate::{Gen, ZoneAlloc, cidr, day};

pub const CP_SSLVPN: &str = "cp-emr-sslvpn";
pub const CP_CT_LTE: &str = "cp-ct-lte";
pub const CP_FOOD_VPN: &str = "cp-food-vpn";
pub const CP_INTERNET: &str = "cp-internet";
pub const CP_PACS_IPSEC: &str = "cp-pacs-ipsec";
pub const CP_REGION: &str = "cp-regional";
pub const CP_GUEST_WIFI: &str = "cp-guest-wifi";

pub const SSID_STAFF: &str = "ssid-staff";
pub const SSID_MEDICAL: &str = "ssid-medical";
pub const SSID_GUEST: &str = "ssid-guest";

const fn ip(a: u8, b: u8, c: u8, d: u8) -> u32 {
    u32::from_be_bytes([a, b, c, d])
}

/// (id, name, kind, network, prefix, VLAN, site, description) of the twelve base zones,
/// in the order of [`crate::zone`].
type ZoneRow = (
    &'static str,
    &'static str,
    ZoneKind,
    u32,
    u8,
    u16,
    &'static str,
    &'static str,
);

const BASE_ZONES: &[ZoneRow] = &[
    (
        "zone-emr",
        "電子カルテ系（本館）",
        ZoneKind::Emr,
        ip(10, 10, 0, 0),
        21,
        10,
        SITE_MAIN,
        "電子カルテ端末・病棟プリンタ・スタッフ無線",
    ),
    (
        "zone-srv",
        "サーバ系",
        ZoneKind::Server,
        ip(10, 20, 0, 0),
        23,
        20,
        SITE_MAIN,
        "電子カルテ・医事会計・AD・ファイルサーバ（サーバ室）",
    ),
    (
        "zone-bkp",
        "バックアップ系",
        ZoneKind::Backup,
        ip(10, 21, 0, 0),
        24,
        21,
        SITE_MAIN,
        "バックアップサーバ・NAS・テープ・イミュータブルストレージ",
    ),
    (
        "zone-dept",
        "部門系",
        ZoneKind::Departmental,
        ip(10, 30, 0, 0),
        22,
        30,
        SITE_MAIN,
        "PACS・RIS・検査・薬剤などの部門サーバと端末",
    ),
    (
        "zone-med",
        "医療機器系",
        ZoneKind::MedicalDevice,
        ip(10, 40, 0, 0),
        22,
        40,
        SITE_MAIN,
        "モダリティ・生体情報モニタ・輸液ポンプ・分析装置",
    ),
    (
        "zone-region",
        "地域医療連携",
        ZoneKind::RegionalNetwork,
        ip(10, 50, 0, 0),
        24,
        50,
        SITE_MAIN,
        "地域医療連携ネットワーク（閉域網）接続",
    ),
    (
        "zone-annex",
        "電子カルテ系（別館）",
        ZoneKind::Emr,
        ip(10, 60, 0, 0),
        23,
        60,
        SITE_ANNEX,
        "透析・健診センターの端末",
    ),
    (
        "zone-maint",
        "保守（リモート保守着信）",
        ZoneKind::Maintenance,
        ip(10, 90, 0, 0),
        24,
        90,
        SITE_MAIN,
        "ベンダーのリモート保守回線の着信セグメント",
    ),
    (
        "zone-mgmt",
        "管理（ネットワーク機器）",
        ZoneKind::Management,
        ip(10, 99, 0, 0),
        22,
        99,
        SITE_MAIN,
        "ネットワーク機器・無線AP・ログサーバの管理用",
    ),
    (
        "zone-oa",
        "事務・インターネット系",
        ZoneKind::OfficeInternet,
        ip(172, 16, 0, 0),
        22,
        100,
        SITE_MAIN,
        "事務PC・グループウェア・給食委託業者の常時接続VPN",
    ),
    (
        "zone-dmz",
        "DMZ",
        ZoneKind::Dmz,
        ip(192, 168, 10, 0),
        24,
        110,
        SITE_MAIN,
        "公開Web・プロキシ・メール中継",
    ),
    (
        "zone-guest",
        "ゲストWi-Fi",
        ZoneKind::Guest,
        ip(192, 168, 128, 0),
        20,
        300,
        SITE_MAIN,
        "患者・来院者向け無料Wi-Fi",
    ),
];

/// Extra segments of a larger hospital live in 10.128.0.0/9, one /23 each.
const EXTRA_BASE: u32 = ip(10, 128, 0, 0);
const EXTRA_PREFIX: u8 = 23;
pub const MAX_ZONES: usize = 1000;

pub fn build_zones(g: &mut Gen) {
    for (id, name, kind, network, prefix, vlan, site, description) in BASE_ZONES {
        push_zone(
            g,
            id,
            name.to_string(),
            *kind,
            *network,
            *prefix,
            *vlan,
            site,
            Some(description),
        );
    }
    // The demo-sized hospital keeps its twelve zones; a larger one gets one per 50 assets.
    let total = match g.zone_target {
        Some(count) => count.clamp(BASE_COUNT, MAX_ZONES),
        None if g.target <= crate::DEMO_ASSETS => BASE_COUNT,
        None => (g.target / 50).clamp(BASE_COUNT, MAX_ZONES),
    };
    for ordinal in 0..total - BASE_COUNT {
        let (label, kind) = EXTRA_ZONES
            .get(ordinal % EXTRA_ZONES.len())
            .copied()
            .unwrap_or(("拡張", ZoneKind::Other));
        let id = format!("zone-x{ordinal:04}");
        let network = EXTRA_BASE + (ordinal as u32) * (1 << (32 - EXTRA_PREFIX));
        let index = g.zones.len();
        push_zone(
            g,
            &id,
            format!("{label} 第{:03}区画", ordinal + 1),
            kind,
            network,
            EXTRA_PREFIX,
            1000 + ordinal as u16,
            SITE_MAIN,
            None,
        );
        g.extra_zones.push(index);
        g.ledger.locations.push(Location {
            id: LocationId(format!("loc-x{ordinal:04}")),
            site_id: SiteId::from(SITE_MAIN),
            building: Some(format!("新館{}号棟", ordinal / 40 + 1)),
            floor: Some(format!("{}F", ordinal % 8 + 1)),
            room: format!("{label} 第{:03}区画", ordinal + 1),
        });
    }
}

#[allow(clippy::too_many_arguments)]
fn push_zone(
    g: &mut Gen,
    id: &str,
    name: String,
    kind: ZoneKind,
    network: u32,
    prefix: u8,
    vlan: u16,
    site: &str,
    description: Option<&str>,
) {
    g.ledger.zones.push(Zone {
        id: id.into(),
        name,
        kind,
        cidrs: cidr(network, prefix).into_iter().collect(),
        vlan: Some(vlan),
        site_id: Some(SiteId::from(site)),
        description: description.map(str::to_owned),
    });
    g.zones.push(ZoneAlloc {
        id: id.into(),
        network,
        size: 1 << (32 - prefix),
        next: 0,
    });
    g.zone_assets.push(Vec::new());
}

/// An address from the documentation range 203.0.113.0/24 (TEST-NET-3): the hospital's
/// public addresses are fictional.
fn public(host: u8) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(203, 0, 113, host))
}

fn blank_point(id: &str, name: &str, kind: CK) -> ConnectionPoint {
    ConnectionPoint {
        id: ConnectionPointId::from(id),
        name: name.to_owned(),
        kind,
        owner: Owner::Hospital,
        maker: None,
        model: None,
        firmware: None,
        cpes: Vec::new(),
        zone_ids: Vec::new(),
        peer: None,
        vendor_id: None,
        public_addresses: Vec::new(),
        always_on: None,
        requires_authentication: None,
        mfa: None,
        source_ip_restricted: None,
        inbound_filtering: None,
        outbound_filtering: None,
        allowed_protocols: Vec::new(),
        credentials_stored: None,
        last_firmware_check: None,
        last_log_review: None,
        contract_id: None,
        location_id: None,
        notes: None,
    }
}

fn protocols(list: &[&str]) -> Vec<String> {
    list.iter().map(|p| (*p).to_owned()).collect()
}

pub fn build_connections(g: &mut Gen) {
    let vendor = |id: &str| Owner::Vendor {
        vendor_id: VendorId::from(id),
    };
    let sslvpn = ConnectionPoint {
        owner: vendor(V_EMR),
        maker: Some("Fortinet".to_owned()),
        model: Some("FortiGate 60F".to_owned()),
        firmware: Some(NameVersion {
            name: "FortiOS".to_owned(),
            version: Some("7.0.6".to_owned()),
        }),
        cpes: vec![
            CpeName {
                cpe: "cpe:2.3:o:fortinet:fortios:7.0.6:*:*:*:*:*:*:*".to_owned(),
                state: CpeState::Confirmed,
            },
            CpeName {
                cpe: "cpe:2.3:h:fortinet:fortigate-60f:-:*:*:*:*:*:*:*".to_owned(),
                state: CpeState::Confirmed,
            },
        ],
        zone_ids: vec![g.zone_id(MAINT)],
        peer: Some("電子カルテベンダー保守センター（インターネット経由）".to_owned()),
        vendor_id: Some(VendorId::from(V_EMR)),
        public_addresses: vec![public(10)],
        always_on: Some(true),
        requires_authentication: Some(true),
        mfa: Some(false),
        source_ip_restricted: Some(false),
        inbound_filtering: Some(false),
        outbound_filtering: Some(false),
        allowed_protocols: protocols(&["https (SSL-VPN 443/tcp)"]),
        credentials_stored: Some(true),
        last_firmware_check: day(2022, 6, 1),
        last_log_review: None,
        contract_id: Some(ContractId::from(CON_EMR)),
        location_id: Some(LocationId::from("loc-hb1-server")),
        notes: Some(
            "ID・パスワードのみ。接続元IP制限なし。2022年の設置以来ファームウェア未更新。"
                .to_owned(),
        ),
        ..blank_point(
            CP_SSLVPN,
            "電子カルテベンダー リモート保守SSL-VPN",
            CK::SslVpn,
        )
    };
    let lte = ConnectionPoint {
        owner: vendor(V_MODALITY),
        maker: Some("（不明）".to_owned()),
        model: Some("USB接続LTEモデム".to_owned()),
        zone_ids: vec![g.zone_id(MED)],
        peer: Some("モダリティメーカー リモートサービスセンター（携帯電話網）".to_owned()),
        vendor_id: Some(VendorId::from(V_MODALITY)),
        always_on: Some(true),
        location_id: Some(LocationId::from("loc-h1f-ct")),
        notes: Some(
            "CT装置#1の操作卓にUSB接続。認証方式・通信先は不明。保守契約に記載なし。".to_owned(),
        ),
        ..blank_point(CP_CT_LTE, "CT装置 保守用LTEモデム", CK::LteModem)
    };
    let food = ConnectionPoint {
        owner: vendor(V_FOOD),
        maker: Some("YAMAHA".to_owned()),
        model: Some("RTX830".to_owned()),
        firmware: Some(NameVersion {
            name: "RTX830 firmware".to_owned(),
            version: None,
        }),
        zone_ids: vec![g.zone_id(OA)],
        peer: Some("給食委託業者 データセンター（拠点間VPN）".to_owned()),
        vendor_id: Some(VendorId::from(V_FOOD)),
        always_on: Some(true),
        requires_authentication: Some(true),
        mfa: Some(false),
        inbound_filtering: Some(false),
        outbound_filtering: Some(false),
        allowed_protocols: protocols(&["any"]),
        credentials_stored: Some(true),
        contract_id: Some(ContractId::from(CON_FOOD)),
        location_id: Some(LocationId::from("loc-hb1-eiyo")),
        notes: Some("常時接続。事前共有鍵は装置に保存。業者側の管理状況は不明。".to_owned()),
        ..blank_point(
            CP_FOOD_VPN,
            "給食委託業者 常時接続VPNルータ",
            CK::VendorVpnRouter,
        )
    };
    let internet = ConnectionPoint {
        zone_ids: vec![g.zone_id(DMZ)],
        peer: Some("インターネット（光回線・固定IP）".to_owned()),
        vendor_id: Some(VendorId::from(V_TELECOM)),
        public_addresses: vec![public(1), public(2)],
        always_on: Some(true),
        requires_authentication: Some(false),
        inbound_filtering: Some(true),
        outbound_filtering: Some(true),
        contract_id: Some(ContractId::from(CON_TELECOM)),
        location_id: Some(LocationId::from("loc-hb1-eps")),
        ..blank_point(CP_INTERNET, "インターネット回線", CK::InternetLine)
    };
    let pacs = ConnectionPoint {
        owner: Owner::Hospital,
        maker: Some("Fortinet".to_owned()),
        model: Some("FortiGate 100F（境界FWのIPsec）".to_owned()),
        firmware: Some(NameVersion {
            name: "FortiOS".to_owned(),
            version: Some("7.0.12".to_owned()),
        }),
        cpes: vec![CpeName {
            cpe: "cpe:2.3:o:fortinet:fortios:7.0.12:*:*:*:*:*:*:*".to_owned(),
            state: CpeState::Confirmed,
        }],
        zone_ids: vec![g.zone_id(MAINT)],
        peer: Some("PACSベンダー 保守センター（固定IP）".to_owned()),
        vendor_id: Some(VendorId::from(V_PACS)),
        public_addresses: vec![public(3)],
        always_on: Some(false),
        requires_authentication: Some(true),
        mfa: Some(true),
        source_ip_restricted: Some(true),
        inbound_filtering: Some(true),
        outbound_filtering: Some(true),
        allowed_protocols: protocols(&["rdp (3389/tcp) to PACS only"]),
        credentials_stored: Some(false),
        last_firmware_check: day(2026, 9, 1),
        last_log_review: day(2026, 10, 31),
        contract_id: Some(ContractId::from(CON_PACS)),
        location_id: Some(LocationId::from("loc-hb1-server")),
        notes: Some("作業時のみ病院側で接続を許可。接続元IP制限・多要素認証あり。".to_owned()),
        ..blank_point(
            CP_PACS_IPSEC,
            "PACSベンダー リモート保守IPsec VPN",
            CK::IpsecVpn,
        )
    };
    let region = ConnectionPoint {
        owner: vendor(V_REGION),
        maker: Some("YAMAHA".to_owned()),
        model: Some("RTX1220".to_owned()),
        firmware: Some(NameVersion {
            name: "RTX1220 firmware".to_owned(),
            version: Some("Rev.15.04.03".to_owned()),
        }),
        zone_ids: vec![g.zone_id(REGION)],
        peer: Some("みどり台地域医療連携ネットワーク（閉域網）".to_owned()),
        vendor_id: Some(VendorId::from(V_REGION)),
        always_on: Some(true),
        requires_authentication: Some(true),
        mfa: Some(false),
        source_ip_restricted: Some(true),
        inbound_filtering: Some(true),
        outbound_filtering: Some(false),
        allowed_protocols: protocols(&["https"]),
        contract_id: None,
        location_id: Some(LocationId::from("loc-hb1-eps")),
        ..blank_point(
            CP_REGION,
            "地域医療連携ネットワーク回線",
            CK::RegionalNetwork,
        )
    };
    let guest = ConnectionPoint {
        zone_ids: vec![g.zone_id(GUEST)],
        peer: Some("患者・来院者の端末".to_owned()),
        always_on: Some(true),
        requires_authentication: Some(false),
        inbound_filtering: Some(true),
        outbound_filtering: Some(true),
        notes: Some("オープン（キャプティブポータルで利用規約に同意するのみ）".to_owned()),
        ..blank_point(
            CP_GUEST_WIFI,
            "ゲストWi-Fi（MIDORI-FREE-WiFi）",
            CK::GuestWifi,
        )
    };
    g.ledger.connection_points = vec![sslvpn, lte, food, internet, pacs, region, guest];
}

pub fn build_wireless(g: &mut Gen) {
    let ssid = |id: &str,
                name: &str,
                encryption,
                authentication: &str,
                zone: usize,
                guest: bool,
                hidden: bool| Ssid {
        id: SsidId::from(id),
        ssid: name.to_owned(),
        encryption,
        authentication: Some(authentication.to_owned()),
        zone_id: Some(g.zone_id(zone)),
        guest,
        guest_separated: guest.then_some(true),
        hidden,
    };
    g.ledger.ssids = vec![
        ssid(
            SSID_STAFF,
            "MIDORI-STAFF",
            WifiEncryption::Wpa2Enterprise,
            "802.1X (PEAP-MSCHAPv2, AD連携)",
            EMR,
            false,
            false,
        ),
        ssid(
            SSID_MEDICAL,
            "MIDORI-ME",
            WifiEncryption::Wpa2Personal,
            "PSK（全機器共通、2019年の導入時から未変更）",
            MED,
            false,
            true,
        ),
        ssid(
            SSID_GUEST,
            "MIDORI-FREE-WiFi",
            WifiEncryption::Open,
            "キャプティブポータル（利用規約への同意のみ）",
            GUEST,
            true,
            false,
        ),
    ];
    const CHANNELS_24: [u16; 3] = [1, 6, 11];
    const CHANNELS_5: [u16; 8] = [36, 40, 44, 48, 52, 56, 60, 64];
    let aps = std::mem::take(&mut g.aps);
    for (index, (asset_id, location)) in aps.iter().enumerate() {
        let outpatient = location.as_ref().is_some_and(|l| {
            matches!(
                l.as_str(),
                "loc-h1f-uketsuke" | "loc-h1f-gairai-ns" | "loc-h2f-shinsatsu" | "loc-a1f-kenshin"
            )
        });
        let mut ssid_ids = vec![SsidId::from(SSID_STAFF), SsidId::from(SSID_MEDICAL)];
        if outpatient || index % 4 == 0 {
            ssid_ids.push(SsidId::from(SSID_GUEST));
        }
        g.ledger.access_points.push(AccessPoint {
            id: AccessPointId(format!(
                "ap-{}",
                asset_id.as_str().trim_start_matches("net-ap-")
            )),
            name: format!("AP-{:03}", index + 1),
            asset_id: Some(asset_id.clone()),
            location_id: location.clone(),
            bands: vec![WifiBand::Band24, WifiBand::Band5],
            channels: vec![
                CHANNELS_24
                    .get(index % CHANNELS_24.len())
                    .copied()
                    .unwrap_or(1),
                CHANNELS_5
                    .get(index % CHANNELS_5.len())
                    .copied()
                    .unwrap_or(36),
            ],
            ssid_ids,
        });
    }
    g.aps = aps;
}

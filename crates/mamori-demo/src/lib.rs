//! A realistic fictional hospital ledger for demos, documentation and tests, and a
//! deterministic generator of the same shape at benchmark scale.
//!
//! [`demo_hospital`] describes 「みどり台総合病院」, a fictional 300-bed hospital with a main
//! building and a small annex: ~800 assets over 12 zones, vendors and contracts, external
//! connection points (among them an EMR vendor's unpatched FortiGate SSL-VPN and a modality
//! maker's LTE modem on the CT console), firewalls with ordered rules, shared credentials,
//! backups, wireless, removable media, log sources and a few hand-recorded vulnerabilities.
//! It reproduces the chain of the Handa (2021) and Osaka (2022) incidents and contains
//! deliberate gaps ([`GAPS`]) so that later features have something to find.
//!
//! [`generate_hospital`] builds the same hospital scaled to any asset count: more zones
//! (up to 1,000), more firewall rules (up to ~20,000), more accounts and services.
//!
//! Architecture invariant: pure functions, no IO, no clock, no global state. The same
//! arguments always give the same ledger, and every ledger passes
//! [`mamori_core::validate_ledger`] with no problems.

mod access;
mod assets;
mod builder;
mod fill;
mod firewall;
mod medical;
mod network;
mod parties;
mod policies;
mod resilience;
mod rng;
mod tables;

use std::net::{IpAddr, Ipv4Addr};

use mamori_core::{
    Asset, AssetId, AssetKind, Cidr, Date, Ledger, MacAddr, Service, ServiceId, ServiceProtocol,
    ZoneId,
};

use crate::rng::Rng;

/// The asset count of the demo hospital.
pub const DEMO_ASSETS: usize = 800;

/// The seed of the demo hospital (ASCII "MAMORI").
pub const DEMO_SEED: u64 = 0x4D41_4D4F_5249;

/// The deliberate gaps of the demo hospital, as (short code, Japanese description).
/// Every one is present in [`demo_hospital`] and in every [`generate_hospital`] ledger.
pub const GAPS: &[(&str, &str)] = &[
    (
        "asset_without_version",
        "OS・ファームウェアのバージョンが台帳にない資産がある",
    ),
    (
        "asset_without_owner",
        "管理部署も保守業者も分からない機器がある",
    ),
    (
        "point_without_mfa",
        "多要素認証のない外部接続点（電子カルテベンダーのSSL-VPN）",
    ),
    (
        "vulnerable_ssl_vpn",
        "SSL-VPN装置のFortiOSが既知の悪用済み脆弱性の影響を受ける版のまま",
    ),
    (
        "point_without_contract",
        "契約に記載のない外部接続点（CT装置のLTEモデム）",
    ),
    (
        "crown_jewel_without_offline_backup",
        "オフラインバックアップのない重要資産（医事会計・PACS）",
    ),
    (
        "backup_never_restore_tested",
        "一度もリストア試験をしていないバックアップ",
    ),
    (
        "credential_shared_across_hosts",
        "全サーバ・端末で共通のローカル管理者パスワード",
    ),
    (
        "account_without_lockout",
        "アカウントロックアウトのないドメインアカウント",
    ),
    ("default_password", "医療機器Webコンソールの初期パスワード"),
    (
        "end_of_life_os",
        "サポート終了OS（Windows Server 2012 R2、Windows 10）",
    ),
    (
        "contract_without_security_clauses",
        "セキュリティ条項のない保守契約",
    ),
    (
        "log_source_without_retention",
        "保存期間の決まっていないログ",
    ),
    (
        "vendor_without_24h_contact",
        "24時間連絡先のない事業者（給食委託業者など）",
    ),
];

/// The fictional 300-bed demo hospital (~800 assets). Deterministic: every call returns
/// the same ledger.
pub fn demo_hospital() -> Ledger {
    build(DEMO_ASSETS, DEMO_SEED)
}

/// The demo hospital's shape scaled to `asset_count` assets for benchmarks: zones grow to
/// `asset_count / 50` (12 at least, 1,000 at most), firewall rules to about
/// `0.4 × asset_count`, accounts and services with the assets. Deterministic for a seed.
///
/// The fixed core of the hospital (servers, modalities, network core: about 130 assets)
/// is always present, so a smaller `asset_count` gives that core only.
pub fn generate_hospital(asset_count: usize, seed: u64) -> Ledger {
    build(asset_count, seed)
}

/// [`generate_hospital`] with a chosen number of zones (12 at least, 1,000 at most) instead
/// of one per 50 assets, for benchmarks that fix both sizes (the attack-path benchmark uses
/// 600/25, 6,000/80 and 50,000/500). Extra zones beyond the twelve share the assets beyond
/// the demo size; below the demo size they stay empty.
pub fn generate_hospital_with_zones(asset_count: usize, zone_count: usize, seed: u64) -> Ledger {
    let mut g = Gen::new(asset_count, seed);
    g.zone_target = Some(zone_count);
    fill(g)
}

fn build(asset_count: usize, seed: u64) -> Ledger {
    fill(Gen::new(asset_count, seed))
}

fn fill(mut g: Gen) -> Ledger {
    parties::build(&mut g);
    network::build_zones(&mut g);
    assets::build(&mut g);
    network::build_connections(&mut g);
    firewall::build(&mut g);
    network::build_wireless(&mut g);
    access::build(&mut g);
    resilience::build(&mut g);
    let mut ledger = g.ledger;
    ledger.sort_canonical();
    ledger
}

/// Indexes of the twelve base zones in [`Gen::zones`].
pub(crate) mod zone {
    pub const EMR: usize = 0;
    pub const SRV: usize = 1;
    pub const BKP: usize = 2;
    pub const DEPT: usize = 3;
    pub const MED: usize = 4;
    pub const REGION: usize = 5;
    pub const ANNEX: usize = 6;
    pub const MAINT: usize = 7;
    pub const MGMT: usize = 8;
    pub const OA: usize = 9;
    pub const DMZ: usize = 10;
    pub const GUEST: usize = 11;
    pub const BASE_COUNT: usize = 12;
}

/// A zone with its IPv4 network and the next free host number.
#[derive(Debug)]
pub(crate) struct ZoneAlloc {
    pub id: ZoneId,
    pub network: u32,
    pub size: u32,
    pub next: u32,
}

/// A Windows host and the login services the shared credentials are accepted on.
#[derive(Debug, Clone)]
pub(crate) struct WinHost {
    pub asset: AssetId,
    pub smb: Option<ServiceId>,
    pub rdp: Option<ServiceId>,
    pub server: bool,
}

/// The state shared by the builders: the ledger being filled, the random source and the
/// allocation counters.
#[derive(Debug)]
pub(crate) struct Gen {
    pub ledger: Ledger,
    pub rng: Rng,
    /// The requested asset count.
    pub target: usize,
    pub zones: Vec<ZoneAlloc>,
    /// Zone indexes beyond the base twelve (only for larger hospitals).
    pub extra_zones: Vec<usize>,
    /// A zone count chosen by the caller instead of one per 50 assets.
    pub zone_target: Option<usize>,
    pub windows: Vec<WinHost>,
    /// Asset ids per zone index, in creation order.
    pub zone_assets: Vec<Vec<AssetId>>,
    /// Wireless AP assets with their locations.
    pub aps: Vec<(AssetId, Option<mamori_core::LocationId>)>,
    pub mac_counter: u32,
    pub it_number: u32,
    pub me_number: u32,
}

impl Gen {
    fn new(target: usize, seed: u64) -> Self {
        Self {
            ledger: Ledger::default(),
            rng: Rng::new(seed),
            target,
            zones: Vec::new(),
            extra_zones: Vec::new(),
            zone_target: None,
            windows: Vec::new(),
            zone_assets: Vec::new(),
            aps: Vec::new(),
            mac_counter: 0,
            it_number: 0,
            me_number: 0,
        }
    }

    /// The number of assets the base (demo-sized) part of the hospital gets.
    pub fn base_target(&self) -> usize {
        self.target.min(DEMO_ASSETS)
    }

    pub fn zone_id(&self, index: usize) -> ZoneId {
        self.zones
            .get(index)
            .map(|z| z.id.clone())
            .unwrap_or_else(|| ZoneId::from("zone-missing"))
    }

    /// The next free address of a zone; `None` once the zone is full.
    pub fn next_ip(&mut self, index: usize) -> Option<IpAddr> {
        let zone = self.zones.get_mut(index)?;
        // Host numbers from 10: .1–.9 are gateways and reserved addresses.
        let host = zone.next + 10;
        if host >= zone.size.saturating_sub(1) {
            return None;
        }
        zone.next += 1;
        Some(IpAddr::V4(Ipv4Addr::from(zone.network + host)))
    }

    /// A unique, locally administered MAC address (the hospital is fictional).
    pub fn next_mac(&mut self, maker_byte: u8) -> MacAddr {
        self.mac_counter += 1;
        let [_, hi, mid, lo] = self.mac_counter.to_be_bytes();
        MacAddr([
            0x02,
            maker_byte,
            0xa0 | (self.rng.below(16) as u8),
            hi,
            mid,
            lo,
        ])
    }

    /// Adds an asset in a zone with its services. Fills in the address, MAC, 管理番号
    /// and serial number when the caller left them empty.
    pub fn add_asset(
        &mut self,
        mut asset: Asset,
        zone: Option<usize>,
        services: &[Svc],
    ) -> AssetId {
        if let Some(index) = zone {
            asset.zone_id = Some(self.zone_id(index));
            if let Some(list) = self.zone_assets.get_mut(index) {
                list.push(asset.id.clone());
            }
            if asset.ip_addresses.is_empty()
                && let Some(ip) = self.next_ip(index)
            {
                asset.ip_addresses.push(ip);
            }
        }
        if asset.mac_addresses.is_empty() && !asset.ip_addresses.is_empty() {
            let maker_byte = asset
                .maker
                .as_deref()
                .map_or(0, |m| m.bytes().fold(0u8, u8::wrapping_add));
            let mac = self.next_mac(maker_byte);
            asset.mac_addresses.push(mac);
        }
        if asset.asset_number.is_none() {
            asset.asset_number = Some(self.asset_number(asset.kind));
        }
        if asset.serial.is_none() {
            asset.serial = Some(self.rng.serial());
        }
        let id = asset.id.clone();
        let mut smb = None;
        let mut rdp = None;
        for (port, protocol, name) in services {
            let service_id = ServiceId(format!(
                "svc-{}-{}{}",
                id.as_str(),
                proto_code(*protocol),
                port
            ));
            if *port == 445 {
                smb = Some(service_id.clone());
            }
            if *port == 3389 {
                rdp = Some(service_id.clone());
            }
            self.ledger.services.push(Service {
                id: service_id,
                asset_id: id.clone(),
                port: *port,
                protocol: *protocol,
                name: Some((*name).to_owned()),
            });
        }
        let windows = asset
            .os
            .as_ref()
            .is_some_and(|os| os.name.starts_with("Windows"));
        let server = matches!(asset.kind, AssetKind::Server | AssetKind::VirtualMachine);
        let client = matches!(asset.kind, AssetKind::Pc | AssetKind::ThinClient);
        if windows && (server || client) && (smb.is_some() || rdp.is_some()) {
            self.windows.push(WinHost {
                asset: id.clone(),
                smb,
                rdp,
                server,
            });
        }
        self.ledger.assets.push(asset);
        id
    }

    fn asset_number(&mut self, kind: AssetKind) -> String {
        if matches!(kind, AssetKind::MedicalDevice) {
            self.me_number += 1;
            format!("ME-{:06}", self.me_number)
        } else {
            self.it_number += 1;
            format!("IT-{:06}", self.it_number)
        }
    }
}

/// A service an asset listens on: port, protocol and name.
pub(crate) type Svc = (u16, ServiceProtocol, &'static str);

fn proto_code(protocol: ServiceProtocol) -> &'static str {
    match protocol {
        ServiceProtocol::Tcp => "tcp",
        ServiceProtocol::Udp => "udp",
    }
}

/// A calendar date (every date field of the ledger is optional).
pub(crate) fn day(year: i16, month: i8, day: i8) -> Option<Date> {
    Date::new(year, month, day)
}

/// A CIDR from an IPv4 network number and prefix length.
pub(crate) fn cidr(network: u32, prefix: u8) -> Option<Cidr> {
    format!("{}/{}", Ipv4Addr::from(network), prefix)
        .parse()
        .ok()
}

/// An asset with only its id, name and kind set.
pub(crate) fn blank_asset(
    id: impl Into<String>,
    name: impl Into<String>,
    kind: AssetKind,
) -> Asset {
    Asset {
        id: AssetId(id.into()),
        name: name.into(),
        kind,
        asset_number: None,
        maker: None,
        model: None,
        serial: None,
        os: None,
        firmware: None,
        software: Vec::new(),
        cpes: Vec::new(),
        ip_addresses: Vec::new(),
        mac_addresses: Vec::new(),
        zone_id: None,
        location_id: None,
        owner_department: None,
        managing_vendor_id: None,
        owner: mamori_core::Owner::Hospital,
        system_id: None,
        criticality: None,
        crown_jewel: None,
        handles_patient_data: None,
        end_of_life: None,
        av_edr: None,
        patch_state: None,
        last_patched: None,
        remote_maintenance: None,
        notes: None,
    }
}

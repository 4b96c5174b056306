//! The records of the ledger. Field names are the JSON names of the published schema.
//! Facts that a hospital often does not know are `Option`: "unknown" is evidence too and
//! must not be confused with "no".

use std::net::IpAddr;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::codes::*;
use crate::ids::*;
use crate::values::{Cidr, Date, MacAddr, PortSpec};

/// The hospital this ledger describes.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HospitalProfile {
    /// 医療機関名
    pub name: String,
    /// 病床数
    pub beds: Option<u32>,
    /// 都道府県
    pub prefecture: Option<String>,
    /// 医療情報システム安全管理責任者
    pub security_officer: Option<String>,
    pub notes: Option<String>,
}

/// Who must act on a record: the hospital itself or a vendor.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize, JsonSchema,
)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Owner {
    #[default]
    Hospital,
    Vendor {
        vendor_id: VendorId,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Site {
    pub id: SiteId,
    pub name: String,
    pub address: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Location {
    pub id: LocationId,
    pub site_id: SiteId,
    /// 棟
    pub building: Option<String>,
    /// 階
    pub floor: Option<String>,
    /// 部屋・場所
    pub room: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Zone {
    pub id: ZoneId,
    pub name: String,
    pub kind: ZoneKind,
    #[serde(default)]
    pub cidrs: Vec<Cidr>,
    pub vlan: Option<u16>,
    pub site_id: Option<SiteId>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NameVersion {
    pub name: String,
    pub version: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InstalledSoftware {
    pub name: String,
    pub vendor: Option<String>,
    pub version: Option<String>,
}

/// A CPE 2.3 formatted string naming what the asset runs, with who vouched for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CpeName {
    pub cpe: String,
    pub state: CpeState,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Asset {
    pub id: AssetId,
    /// ホスト名・名称
    pub name: String,
    pub kind: AssetKind,
    /// 管理番号 (the hospital's own asset number; unique when present)
    pub asset_number: Option<String>,
    pub maker: Option<String>,
    pub model: Option<String>,
    pub serial: Option<String>,
    pub os: Option<NameVersion>,
    pub firmware: Option<NameVersion>,
    #[serde(default)]
    pub software: Vec<InstalledSoftware>,
    #[serde(default)]
    pub cpes: Vec<CpeName>,
    #[serde(default)]
    pub ip_addresses: Vec<IpAddr>,
    #[serde(default)]
    pub mac_addresses: Vec<MacAddr>,
    pub zone_id: Option<ZoneId>,
    pub location_id: Option<LocationId>,
    /// 管理部署
    pub owner_department: Option<String>,
    /// The vendor that maintains it (保守業者), if any.
    pub managing_vendor_id: Option<VendorId>,
    #[serde(default)]
    pub owner: Owner,
    pub system_id: Option<SystemId>,
    pub criticality: Option<Criticality>,
    pub crown_jewel: Option<CrownJewelKind>,
    pub handles_patient_data: Option<bool>,
    pub end_of_life: Option<Date>,
    pub av_edr: Option<AvEdrState>,
    pub patch_state: Option<PatchState>,
    pub last_patched: Option<Date>,
    /// A vendor can reach it remotely for maintenance.
    pub remote_maintenance: Option<bool>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InformationSystem {
    pub id: SystemId,
    pub name: String,
    pub kind: SystemKind,
    pub vendor_id: Option<VendorId>,
    pub crown_jewel: Option<CrownJewelKind>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub name: String,
    pub role: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Reachable 24 hours a day (the incident-day contact).
    #[serde(default)]
    pub available_24h: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Vendor {
    pub id: VendorId,
    pub name: String,
    pub kind: VendorKind,
    #[serde(default)]
    pub contacts: Vec<Contact>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contract {
    pub id: ContractId,
    pub vendor_id: VendorId,
    pub title: String,
    #[serde(default)]
    pub system_ids: Vec<SystemId>,
    /// 年間保守料 (yen)
    pub annual_fee_yen: Option<u64>,
    /// 損害賠償の上限 (yen); often equal to the annual fee.
    pub compensation_cap_yen: Option<u64>,
    pub remote_maintenance: Option<bool>,
    pub start_date: Option<Date>,
    pub renewal_date: Option<Date>,
    /// Which clauses of MHLW §2-5 the contract contains.
    #[serde(default)]
    pub security_clauses: Vec<SecurityClause>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConnectionPoint {
    pub id: ConnectionPointId,
    pub name: String,
    pub kind: ConnectionPointKind,
    #[serde(default)]
    pub owner: Owner,
    pub maker: Option<String>,
    pub model: Option<String>,
    pub firmware: Option<NameVersion>,
    #[serde(default)]
    pub cpes: Vec<CpeName>,
    /// The zones traffic lands in once through this point.
    #[serde(default)]
    pub zone_ids: Vec<ZoneId>,
    /// Who is on the other side (vendor centre, internet, regional network …).
    pub peer: Option<String>,
    pub vendor_id: Option<VendorId>,
    #[serde(default)]
    pub public_addresses: Vec<IpAddr>,
    pub always_on: Option<bool>,
    pub requires_authentication: Option<bool>,
    pub mfa: Option<bool>,
    pub source_ip_restricted: Option<bool>,
    pub inbound_filtering: Option<bool>,
    pub outbound_filtering: Option<bool>,
    #[serde(default)]
    pub allowed_protocols: Vec<String>,
    /// Credentials (VPN users, pre-shared keys) are saved on the appliance itself.
    pub credentials_stored: Option<bool>,
    pub last_firmware_check: Option<Date>,
    pub last_log_review: Option<Date>,
    pub contract_id: Option<ContractId>,
    pub location_id: Option<LocationId>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Service {
    pub id: ServiceId,
    pub asset_id: AssetId,
    pub port: u16,
    pub protocol: ServiceProtocol,
    /// e.g. rdp, smb, https, dicom
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Firewall {
    pub id: FirewallId,
    pub name: String,
    /// The zones this firewall (or router) joins.
    #[serde(default)]
    pub zone_ids: Vec<ZoneId>,
    pub default_action: FirewallAction,
    #[serde(default)]
    pub owner: Owner,
    pub asset_id: Option<AssetId>,
    pub notes: Option<String>,
}

/// One side of a firewall rule.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Endpoint {
    Any,
    Zone {
        zone_id: ZoneId,
    },
    Cidr {
        cidr: Cidr,
    },
    Asset {
        asset_id: AssetId,
    },
    ConnectionPoint {
        connection_point_id: ConnectionPointId,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FirewallRule {
    pub id: FirewallRuleId,
    pub firewall_id: FirewallId,
    /// Rules are evaluated in ascending position; the first match decides.
    pub position: u32,
    pub source: Endpoint,
    pub destination: Endpoint,
    pub protocol: RuleProtocol,
    pub ports: PortSpec,
    pub action: FirewallAction,
    pub enabled: bool,
    pub owner: Option<Owner>,
    pub description: Option<String>,
}

/// A set of accounts that share one secret (never the secret itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CredentialGroup {
    pub id: CredentialGroupId,
    pub name: String,
    #[serde(default)]
    pub owner: Owner,
    pub description: Option<String>,
}

/// Where an account can log on.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum AcceptedOn {
    Asset {
        asset_id: AssetId,
        service_id: Option<ServiceId>,
        level: PrivilegeLevel,
    },
    ConnectionPoint {
        connection_point_id: ConnectionPointId,
        level: PrivilegeLevel,
    },
}

/// Where an account's secret is stored or cached (saved passwords, cached hashes, scripts).
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum StoredOn {
    Asset {
        asset_id: AssetId,
    },
    ConnectionPoint {
        connection_point_id: ConnectionPointId,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Account {
    pub id: AccountId,
    pub username: String,
    pub kind: AccountKind,
    /// Accounts in one group share a secret; an account without a group has its own.
    pub credential_group_id: Option<CredentialGroupId>,
    #[serde(default)]
    pub owner: Owner,
    #[serde(default)]
    pub accepted_on: Vec<AcceptedOn>,
    #[serde(default)]
    pub stored_on: Vec<StoredOn>,
    /// The password is the maker's default.
    #[serde(default)]
    pub known_default: bool,
    /// The password is weak (short, dictionary, written on the device).
    #[serde(default)]
    pub known_weak: bool,
    /// The password appeared in a leak.
    #[serde(default)]
    pub known_leaked: bool,
    pub mfa: Option<bool>,
    pub password_min_length: Option<u16>,
    /// Failed attempts before lockout; `Some(0)` means no lockout is configured.
    pub lockout_threshold: Option<u16>,
    pub last_rotation: Option<Date>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Backup {
    pub id: BackupId,
    pub name: String,
    /// The assets whose data this backup protects.
    #[serde(default)]
    pub protects: Vec<AssetId>,
    pub medium: BackupMedium,
    /// Where an online copy lives (backup server, NAS).
    pub held_on: Option<AssetId>,
    /// The console that can expire or delete (immutable) copies.
    pub managed_from: Option<AssetId>,
    pub generations: Option<u32>,
    pub retention_days: Option<u32>,
    pub offsite: Option<bool>,
    pub last_restore_test: Option<Date>,
    pub last_restore_result: Option<RestoreResult>,
    #[serde(default)]
    pub owner: Owner,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ssid {
    pub id: SsidId,
    pub ssid: String,
    pub encryption: WifiEncryption,
    /// e.g. PSK, 802.1X (EAP-TLS), captive portal
    pub authentication: Option<String>,
    pub zone_id: Option<ZoneId>,
    #[serde(default)]
    pub guest: bool,
    /// Guests cannot reach each other or the hospital's zones.
    pub guest_separated: Option<bool>,
    #[serde(default)]
    pub hidden: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccessPoint {
    pub id: AccessPointId,
    pub name: String,
    pub asset_id: Option<AssetId>,
    pub location_id: Option<LocationId>,
    #[serde(default)]
    pub bands: Vec<WifiBand>,
    #[serde(default)]
    pub channels: Vec<u16>,
    #[serde(default)]
    pub ssid_ids: Vec<SsidId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RemovableMedium {
    pub id: RemovableMediumId,
    pub name: String,
    pub kind: RemovableKind,
    /// The asset it is attached to (a modem on the CT console, a USB disk on a PC).
    pub attached_to: Option<AssetId>,
    #[serde(default)]
    pub owner: Owner,
    /// 管理番号
    pub asset_number: Option<String>,
    /// Registered and approved for use (法人管理の外部媒体).
    pub approved: Option<bool>,
    pub encrypted: Option<bool>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LogSource {
    pub id: LogSourceId,
    pub name: String,
    pub asset_id: Option<AssetId>,
    pub connection_point_id: Option<ConnectionPointId>,
    #[serde(default)]
    pub categories: Vec<LogCategory>,
    pub retention_days: Option<u32>,
    /// Where the logs are kept (the device itself, a syslog server …).
    pub stored_on: Option<AssetId>,
    pub stored_where: Option<String>,
    pub last_review: Option<Date>,
}

/// Where a hand-recorded vulnerability sits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum VulnerabilityTarget {
    /// On an asset; without a service it is local (privilege escalation).
    Asset {
        asset_id: AssetId,
        service_id: Option<ServiceId>,
    },
    /// On a connection point's outside-facing service.
    ConnectionPoint {
        connection_point_id: ConnectionPointId,
    },
}

/// A vulnerability recorded by hand (a vendor advisory, a pentest finding).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Vulnerability {
    pub id: VulnerabilityId,
    /// CVE or advisory id, e.g. CVE-2022-42475, JVNDB-2023-000001
    pub reference: String,
    pub target: VulnerabilityTarget,
    pub effect: VulnEffect,
    pub requires_authentication: bool,
    pub known_exploited: Option<bool>,
    pub notes: Option<String>,
}

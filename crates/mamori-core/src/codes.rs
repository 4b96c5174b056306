//! Closed lists ("codes") the ledger uses: zone kinds, asset kinds, contract clauses …
//! Each code has a stable ASCII spelling used in JSON, CSV and the database; its Japanese
//! and English labels live in the message catalogue under `enum-<list>-<code>`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What every code list offers to importers and the UI.
pub trait CodeList: Sized + Copy + 'static {
    /// The list's name in catalogue keys (`enum-<LIST>-<code>`).
    const LIST: &'static str;
    const ALL: &'static [Self];
    fn code(self) -> &'static str;
    fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|item| item.code() == code)
    }
}

macro_rules! code_list {
    ($(#[$meta:meta])* $name:ident $list:literal { $($(#[$vmeta:meta])* $variant:ident = $code:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $code)] $variant,)+
        }
        impl CodeList for $name {
            const LIST: &'static str = $list;
            const ALL: &'static [Self] = &[$($name::$variant,)+];
            fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }
        }
    };
}

code_list! {
    /// The fixed list of zone kinds hospitals use in their diagrams.
    ZoneKind "zone_kind" {
        /// 電子カルテ系
        Emr = "emr",
        /// 部門系
        Departmental = "departmental",
        /// 医療機器系
        MedicalDevice = "medical_device",
        /// 事務・インターネット系
        OfficeInternet = "office_internet",
        Dmz = "dmz",
        /// サーバ
        Server = "server",
        /// 管理
        Management = "management",
        /// 保守
        Maintenance = "maintenance",
        /// ゲスト
        Guest = "guest",
        /// バックアップ
        Backup = "backup",
        /// 地域医療連携
        RegionalNetwork = "regional_network",
        Other = "other",
    }
}

code_list! {
    AssetKind "asset_kind" {
        Server = "server",
        VirtualMachine = "virtual_machine",
        Pc = "pc",
        ThinClient = "thin_client",
        Switch = "switch",
        Router = "router",
        FirewallAppliance = "firewall_appliance",
        WirelessAp = "wireless_ap",
        Storage = "storage",
        MedicalDevice = "medical_device",
        Iot = "iot",
        Mobile = "mobile",
        Printer = "printer",
        Other = "other",
    }
}

code_list! {
    /// What an attacker would take to stop the hospital: the crown jewels.
    CrownJewelKind "crown_jewel" {
        /// 電子カルテ
        Emr = "emr",
        /// 医事会計
        Billing = "billing",
        Pacs = "pacs",
        ActiveDirectory = "active_directory",
        BackupServer = "backup_server",
        /// 検査
        Laboratory = "laboratory",
        /// 薬剤
        Pharmacy = "pharmacy",
        Other = "other",
    }
}

code_list! {
    Criticality "criticality" {
        Critical = "critical",
        High = "high",
        Medium = "medium",
        Low = "low",
    }
}

code_list! {
    /// Anti-virus / EDR coverage of an asset.
    AvEdrState "av_edr" {
        Edr = "edr",
        Antivirus = "antivirus",
        None = "none",
        /// The maker forbids installing agents (typical for medical devices).
        NotPermitted = "not_permitted",
        Unknown = "unknown",
    }
}

code_list! {
    PatchState "patch_state" {
        Current = "current",
        Behind = "behind",
        /// The maker does not allow updates or the product is out of support.
        NotPermitted = "not_permitted",
        Unknown = "unknown",
    }
}

code_list! {
    /// Whether a CPE name was confirmed by a person or only suggested by a tool.
    CpeState "cpe_state" {
        Confirmed = "confirmed",
        Suggested = "suggested",
    }
}

code_list! {
    SystemKind "system_kind" {
        Emr = "emr",
        Billing = "billing",
        Pacs = "pacs",
        /// 検査
        Laboratory = "laboratory",
        /// 薬剤
        Pharmacy = "pharmacy",
        /// 放射線 (RIS)
        Radiology = "radiology",
        /// 部門 (other departmental systems)
        Departmental = "departmental",
        /// 地域医療連携
        RegionalNetwork = "regional_network",
        /// 事務・グループウェア
        Office = "office",
        Infrastructure = "infrastructure",
        Other = "other",
    }
}

code_list! {
    VendorKind "vendor_kind" {
        EmrVendor = "emr_vendor",
        MedicalDeviceMaker = "medical_device_maker",
        NetworkIntegrator = "network_integrator",
        SystemVendor = "system_vendor",
        /// Facility services: food, cleaning, building management.
        FacilityService = "facility_service",
        CloudService = "cloud_service",
        Telecom = "telecom",
        Other = "other",
    }
}

code_list! {
    /// The security clauses of MHLW training material §2-5 (外部委託先との責任範囲の明確化).
    SecurityClause "security_clause" {
        /// 機密情報の利用、保管、持ち出し、消去、破棄における取り扱い
        ConfidentialInformation = "confidential_information",
        /// 情報へのアクセス者の限定
        AccessLimitation = "access_limitation",
        /// 定期的なバックアップの実施とバックアップ媒体の管理
        BackupManagement = "backup_management",
        /// 情報セキュリティ対策に係る内部点検の実施と結果の報告
        InternalAudit = "internal_audit",
        /// 再委託の事前承認
        SubcontractApproval = "subcontract_approval",
        /// 私用PCの業務利用の禁止
        NoPrivatePc = "no_private_pc",
        /// 入退室管理と施錠管理
        PhysicalAccess = "physical_access",
        /// 業務に不要なWEBサイトへのアクセス禁止
        WebAccessRestriction = "web_access_restriction",
        /// 定期的なウイルス検査の実施
        VirusScan = "virus_scan",
        /// 脆弱性の解消（アップデート等の実施）
        VulnerabilityRemediation = "vulnerability_remediation",
        /// ID・パスワード管理
        CredentialManagement = "credential_management",
        /// 情報漏えい発生時の迅速な報告義務と再発防止策
        IncidentReporting = "incident_reporting",
    }
}

code_list! {
    ConnectionPointKind "connection_point_kind" {
        VendorVpnRouter = "vendor_vpn_router",
        SslVpn = "ssl_vpn",
        IpsecVpn = "ipsec_vpn",
        LteModem = "lte_modem",
        UsbModem = "usb_modem",
        Isdn = "isdn",
        InternetLine = "internet_line",
        CloudService = "cloud_service",
        VdiGateway = "vdi_gateway",
        RegionalNetwork = "regional_network",
        GuestWifi = "guest_wifi",
        Other = "other",
    }
}

code_list! {
    FirewallAction "firewall_action" {
        Allow = "allow",
        Deny = "deny",
    }
}

code_list! {
    /// Protocol of a firewall rule.
    RuleProtocol "rule_protocol" {
        Any = "any",
        Tcp = "tcp",
        Udp = "udp",
        Icmp = "icmp",
    }
}

code_list! {
    /// Protocol of a service listening on an asset.
    ServiceProtocol "service_protocol" {
        Tcp = "tcp",
        Udp = "udp",
    }
}

code_list! {
    AccountKind "account_kind" {
        /// A login shared by several people.
        Shared = "shared",
        /// An account a vendor uses for maintenance.
        Vendor = "vendor",
        /// A local administrator of one machine (often the same password everywhere).
        LocalAdmin = "local_admin",
        DomainAdmin = "domain_admin",
        DomainUser = "domain_user",
        /// A non-human account used by software.
        Service = "service",
        /// One person's own account.
        Personal = "personal",
        /// A maker's built-in account.
        BuiltIn = "built_in",
    }
}

code_list! {
    PrivilegeLevel "privilege_level" {
        Admin = "admin",
        User = "user",
    }
}

code_list! {
    BackupMedium "backup_medium" {
        /// Reachable over the network from where it was written (NAS, backup server disk).
        Online = "online",
        /// Disconnected: tape in a safe, a rotated disk.
        Offline = "offline",
        /// Cannot be changed or deleted until it expires, except from its console.
        Immutable = "immutable",
    }
}

code_list! {
    RestoreResult "restore_result" {
        Success = "success",
        Partial = "partial",
        Failure = "failure",
    }
}

code_list! {
    WifiEncryption "wifi_encryption" {
        Open = "open",
        Wep = "wep",
        WpaPersonal = "wpa_personal",
        Wpa2Personal = "wpa2_personal",
        Wpa2Enterprise = "wpa2_enterprise",
        Wpa3Personal = "wpa3_personal",
        Wpa3Enterprise = "wpa3_enterprise",
        Owe = "owe",
    }
}

code_list! {
    WifiBand "wifi_band" {
        Band24 = "2.4ghz",
        Band5 = "5ghz",
        Band6 = "6ghz",
    }
}

code_list! {
    RemovableKind "removable_kind" {
        UsbMemory = "usb_memory",
        ExternalDisk = "external_disk",
        OpticalDisc = "optical_disc",
        SdCard = "sd_card",
        LteModem = "lte_modem",
        UsbModem = "usb_modem",
        Smartphone = "smartphone",
        Other = "other",
    }
}

code_list! {
    LogCategory "log_category" {
        Authentication = "authentication",
        Firewall = "firewall",
        Vpn = "vpn",
        System = "system",
        Application = "application",
        Audit = "audit",
        Proxy = "proxy",
        Dns = "dns",
        Edr = "edr",
    }
}

code_list! {
    /// What a vulnerability lets an attacker do (attack-path model §1).
    VulnEffect "vuln_effect" {
        RemoteCodeExec = "remote_code_exec",
        AuthBypass = "auth_bypass",
        LocalPrivEsc = "local_priv_esc",
    }
}

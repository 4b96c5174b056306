//! A small hand-built ledger with every field of every kind filled, shared by the tabular
//! tests.

use std::net::IpAddr;

use mamori_core::*;

fn date(text: &str) -> Option<Date> {
    Some(text.parse().unwrap())
}

fn ip(text: &str) -> IpAddr {
    text.parse().unwrap()
}

fn cidr(text: &str) -> Cidr {
    text.parse().unwrap()
}

/// Every kind once (twice where references need it), every optional field set, and valid
/// by `validate_ledger`.
pub fn full_ledger() -> Ledger {
    let mut ledger = Ledger::default();
    ledger.hospital.name = "みまもり総合病院".into();
    ledger.sites.push(Site {
        id: "site-main".into(),
        name: "本院".into(),
        address: Some("東京都千代田区1-1".into()),
    });
    ledger.locations.push(Location {
        id: "loc-server".into(),
        site_id: "site-main".into(),
        building: Some("本館".into()),
        floor: Some("B1".into()),
        room: "サーバ室".into(),
    });
    for (id, name, kind, net, vlan) in [
        (
            "zone-emr",
            "電子カルテ系LAN",
            ZoneKind::Emr,
            "10.1.0.0/16",
            10,
        ),
        ("zone-dmz", "DMZ", ZoneKind::Dmz, "172.16.0.0/24", 20),
    ] {
        ledger.zones.push(Zone {
            id: id.into(),
            name: name.into(),
            kind,
            cidrs: vec![cidr(net), cidr("fd00::/64")],
            vlan: Some(vlan),
            site_id: Some("site-main".into()),
            description: Some(format!("{name}の説明")),
        });
    }
    ledger.vendors.push(Vendor {
        id: "vendor-emr".into(),
        name: "カルテ株式会社".into(),
        kind: VendorKind::EmrVendor,
        contacts: vec![
            Contact {
                name: "山田太郎".into(),
                role: Some("保守窓口".into()),
                phone: Some("03-0000-0000".into()),
                email: Some("yamada@example.jp".into()),
                available_24h: true,
            },
            Contact {
                name: "佐藤花子".into(),
                role: None,
                phone: None,
                email: None,
                available_24h: false,
            },
        ],
        notes: Some("電子カルテ保守".into()),
    });
    ledger.contracts.push(Contract {
        id: "contract-emr".into(),
        vendor_id: "vendor-emr".into(),
        title: "電子カルテ保守契約".into(),
        system_ids: vec!["sys-emr".into()],
        annual_fee_yen: Some(12_000_000),
        compensation_cap_yen: Some(12_000_000),
        remote_maintenance: Some(true),
        start_date: date("2024-04-01"),
        renewal_date: date("2025-04-01"),
        security_clauses: vec![
            SecurityClause::AccessLimitation,
            SecurityClause::IncidentReporting,
        ],
        notes: Some("年次更新".into()),
    });
    ledger.systems.push(InformationSystem {
        id: "sys-emr".into(),
        name: "電子カルテ".into(),
        kind: SystemKind::Emr,
        vendor_id: Some("vendor-emr".into()),
        crown_jewel: Some(CrownJewelKind::Emr),
        description: Some("本院の電子カルテ".into()),
    });
    ledger.assets.push(Asset {
        id: "asset-emr-db".into(),
        name: "EMR-DB01".into(),
        kind: AssetKind::Server,
        asset_number: Some("001-0042".into()),
        maker: Some("HPE".into()),
        model: Some("ProLiant DL380 Gen10".into()),
        serial: Some("SGH123ABC".into()),
        os: Some(NameVersion {
            name: "Windows Server".into(),
            version: Some("2019".into()),
        }),
        firmware: Some(NameVersion {
            name: "iLO 5".into(),
            version: Some("2.72".into()),
        }),
        software: vec![
            InstalledSoftware {
                name: "SQL Server".into(),
                vendor: Some("Microsoft".into()),
                version: Some("2019 CU18".into()),
            },
            InstalledSoftware {
                name: "7-Zip".into(),
                vendor: None,
                version: None,
            },
        ],
        cpes: vec![
            CpeName {
                cpe: "cpe:2.3:o:microsoft:windows_server_2019:-:*:*:*:*:*:*:*".into(),
                state: CpeState::Confirmed,
            },
            CpeName {
                cpe: "cpe:2.3:a:microsoft:sql_server:2019:*:*:*:*:*:*:*".into(),
                state: CpeState::Suggested,
            },
        ],
        ip_addresses: vec![ip("10.1.0.10"), ip("fd00::10")],
        mac_addresses: vec!["00:1a:2b:3c:4d:5e".parse().unwrap()],
        zone_id: Some("zone-emr".into()),
        location_id: Some("loc-server".into()),
        owner_department: Some("医療情報部".into()),
        managing_vendor_id: Some("vendor-emr".into()),
        owner: Owner::Vendor {
            vendor_id: "vendor-emr".into(),
        },
        system_id: Some("sys-emr".into()),
        criticality: Some(Criticality::Critical),
        crown_jewel: Some(CrownJewelKind::Emr),
        handles_patient_data: Some(true),
        end_of_life: date("2029-01-09"),
        av_edr: Some(AvEdrState::Edr),
        patch_state: Some(PatchState::Behind),
        last_patched: date("2025-03-12"),
        remote_maintenance: Some(false),
        notes: Some("=SUM(A1) のような値も文字のまま".into()),
    });
    ledger.assets.push(Asset {
        id: "asset-fw".into(),
        name: "FW01".into(),
        kind: AssetKind::FirewallAppliance,
        asset_number: Some("001-0043".into()),
        maker: Some("Fortinet".into()),
        model: Some("FortiGate 100F".into()),
        serial: None,
        os: Some(NameVersion {
            name: "FortiOS".into(),
            version: None,
        }),
        firmware: None,
        software: Vec::new(),
        cpes: Vec::new(),
        ip_addresses: vec![ip("172.16.0.1")],
        mac_addresses: Vec::new(),
        zone_id: Some("zone-dmz".into()),
        location_id: None,
        owner_department: None,
        managing_vendor_id: None,
        owner: Owner::Hospital,
        system_id: None,
        criticality: None,
        crown_jewel: None,
        handles_patient_data: Some(false),
        end_of_life: None,
        av_edr: Some(AvEdrState::NotPermitted),
        patch_state: Some(PatchState::Current),
        last_patched: None,
        remote_maintenance: None,
        notes: None,
    });
    ledger.services.push(Service {
        id: "svc-rdp".into(),
        asset_id: "asset-emr-db".into(),
        port: 3389,
        protocol: ServiceProtocol::Tcp,
        name: Some("rdp".into()),
    });
    ledger.connection_points.push(ConnectionPoint {
        id: "cp-vpn".into(),
        name: "カルテ保守SSL-VPN".into(),
        kind: ConnectionPointKind::SslVpn,
        owner: Owner::Vendor {
            vendor_id: "vendor-emr".into(),
        },
        maker: Some("Fortinet".into()),
        model: Some("FortiGate 60F".into()),
        firmware: Some(NameVersion {
            name: "FortiOS".into(),
            version: Some("7.0.12".into()),
        }),
        cpes: vec![CpeName {
            cpe: "cpe:2.3:o:fortinet:fortios:7.0.12:*:*:*:*:*:*:*".into(),
            state: CpeState::Confirmed,
        }],
        zone_ids: vec!["zone-emr".into(), "zone-dmz".into()],
        peer: Some("カルテ社 保守センター".into()),
        vendor_id: Some("vendor-emr".into()),
        public_addresses: vec![ip("203.0.113.10")],
        always_on: Some(true),
        requires_authentication: Some(true),
        mfa: Some(false),
        source_ip_restricted: Some(true),
        inbound_filtering: Some(true),
        outbound_filtering: Some(false),
        allowed_protocols: vec!["https".into(), "rdp".into()],
        credentials_stored: Some(true),
        last_firmware_check: date("2025-02-01"),
        last_log_review: date("2025-02-15"),
        contract_id: Some("contract-emr".into()),
        location_id: Some("loc-server".into()),
        notes: Some("常時接続".into()),
    });
    ledger.firewalls.push(Firewall {
        id: "fw-core".into(),
        name: "基幹FW".into(),
        zone_ids: vec!["zone-emr".into(), "zone-dmz".into()],
        default_action: FirewallAction::Deny,
        owner: Owner::Hospital,
        asset_id: Some("asset-fw".into()),
        notes: Some("基幹".into()),
    });
    let rule = |id: &str, position, source, destination, protocol, ports, owner| FirewallRule {
        id: id.into(),
        firewall_id: "fw-core".into(),
        position,
        source,
        destination,
        protocol,
        ports,
        action: FirewallAction::Allow,
        enabled: position != 30,
        owner,
        description: Some(format!("ルール{position}")),
    };
    ledger.firewall_rules.extend([
        rule(
            "rule-10",
            10,
            Endpoint::ConnectionPoint {
                connection_point_id: "cp-vpn".into(),
            },
            Endpoint::Asset {
                asset_id: "asset-emr-db".into(),
            },
            RuleProtocol::Tcp,
            PortSpec::One(3389),
            Some(Owner::Vendor {
                vendor_id: "vendor-emr".into(),
            }),
        ),
        rule(
            "rule-20",
            20,
            Endpoint::Zone {
                zone_id: "zone-dmz".into(),
            },
            Endpoint::Cidr {
                cidr: cidr("10.1.0.0/24"),
            },
            RuleProtocol::Udp,
            PortSpec::Range(1024, 65535),
            Some(Owner::Hospital),
        ),
        rule(
            "rule-30",
            30,
            Endpoint::Any,
            Endpoint::Zone {
                zone_id: "zone-emr".into(),
            },
            RuleProtocol::Any,
            PortSpec::Any,
            None,
        ),
    ]);
    ledger.credential_groups.push(CredentialGroup {
        id: "cred-local-admin".into(),
        name: "共通ローカル管理者".into(),
        owner: Owner::Hospital,
        description: Some("全端末で同じパスワード".into()),
    });
    ledger.accounts.push(Account {
        id: "acct-admin".into(),
        username: "Administrator".into(),
        kind: AccountKind::LocalAdmin,
        credential_group_id: Some("cred-local-admin".into()),
        owner: Owner::Hospital,
        accepted_on: vec![
            AcceptedOn::Asset {
                asset_id: "asset-emr-db".into(),
                service_id: Some("svc-rdp".into()),
                level: PrivilegeLevel::Admin,
            },
            AcceptedOn::Asset {
                asset_id: "asset-fw".into(),
                service_id: None,
                level: PrivilegeLevel::User,
            },
            AcceptedOn::ConnectionPoint {
                connection_point_id: "cp-vpn".into(),
                level: PrivilegeLevel::Admin,
            },
        ],
        stored_on: vec![
            StoredOn::Asset {
                asset_id: "asset-emr-db".into(),
            },
            StoredOn::ConnectionPoint {
                connection_point_id: "cp-vpn".into(),
            },
        ],
        known_default: true,
        known_weak: true,
        known_leaked: false,
        mfa: Some(false),
        password_min_length: Some(8),
        lockout_threshold: Some(0),
        last_rotation: date("2023-10-01"),
        notes: Some("要変更".into()),
    });
    ledger.backups.push(Backup {
        id: "backup-emr".into(),
        name: "カルテDB日次".into(),
        protects: vec!["asset-emr-db".into()],
        medium: BackupMedium::Online,
        held_on: Some("asset-emr-db".into()),
        managed_from: Some("asset-emr-db".into()),
        generations: Some(7),
        retention_days: Some(30),
        offsite: Some(false),
        last_restore_test: date("2024-11-20"),
        last_restore_result: Some(RestoreResult::Partial),
        owner: Owner::Vendor {
            vendor_id: "vendor-emr".into(),
        },
        notes: Some("NAS".into()),
    });
    ledger.ssids.push(Ssid {
        id: "ssid-guest".into(),
        ssid: "Hospital-Guest".into(),
        encryption: WifiEncryption::Wpa2Personal,
        authentication: Some("PSK".into()),
        zone_id: Some("zone-dmz".into()),
        guest: true,
        guest_separated: Some(true),
        hidden: false,
    });
    ledger.access_points.push(AccessPoint {
        id: "ap-1f".into(),
        name: "AP-1F-外来".into(),
        asset_id: Some("asset-fw".into()),
        location_id: Some("loc-server".into()),
        bands: vec![WifiBand::Band24, WifiBand::Band5],
        channels: vec![1, 36],
        ssid_ids: vec!["ssid-guest".into()],
    });
    ledger.removable_media.push(RemovableMedium {
        id: "media-ct-modem".into(),
        name: "CT保守用LTEモデム".into(),
        kind: RemovableKind::LteModem,
        attached_to: Some("asset-emr-db".into()),
        owner: Owner::Vendor {
            vendor_id: "vendor-emr".into(),
        },
        asset_number: Some("M-001".into()),
        approved: Some(false),
        encrypted: Some(true),
        notes: Some("常時接続".into()),
    });
    ledger.log_sources.push(LogSource {
        id: "log-vpn".into(),
        name: "VPNログ".into(),
        asset_id: Some("asset-fw".into()),
        connection_point_id: Some("cp-vpn".into()),
        categories: vec![LogCategory::Vpn, LogCategory::Authentication],
        retention_days: Some(90),
        stored_on: Some("asset-emr-db".into()),
        stored_where: Some("syslogサーバ".into()),
        last_review: date("2025-01-31"),
    });
    ledger.vulnerabilities.extend([
        Vulnerability {
            id: "vuln-1".into(),
            reference: "CVE-2022-42475".into(),
            target: VulnerabilityTarget::ConnectionPoint {
                connection_point_id: "cp-vpn".into(),
            },
            effect: VulnEffect::RemoteCodeExec,
            requires_authentication: false,
            known_exploited: Some(true),
            notes: Some("KEV掲載".into()),
        },
        Vulnerability {
            id: "vuln-2".into(),
            reference: "CVE-2019-0708".into(),
            target: VulnerabilityTarget::Asset {
                asset_id: "asset-emr-db".into(),
                service_id: Some("svc-rdp".into()),
            },
            effect: VulnEffect::RemoteCodeExec,
            requires_authentication: true,
            known_exploited: None,
            notes: None,
        },
    ]);
    ledger
}

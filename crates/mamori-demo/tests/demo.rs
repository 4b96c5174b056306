//! The demo hospital and the generator: valid, deterministic, in range, and with every
//! deliberate gap present so that later features have something to find.

use std::collections::{BTreeSet, HashMap};

use mamori_core::{
    AcceptedOn, AccountKind, AssetKind, BackupMedium, ConnectionPointKind, CrownJewelKind,
    Endpoint, FirewallAction, Ledger, RemovableKind, RuleProtocol, StoredOn, VulnerabilityTarget,
    WifiEncryption, ZoneKind, validate_ledger,
};
use mamori_demo::{GAPS, demo_hospital, generate_hospital};

fn zone_kind_of(ledger: &Ledger, zone_id: &str) -> Option<ZoneKind> {
    ledger
        .zones
        .iter()
        .find(|z| z.id.as_str() == zone_id)
        .map(|z| z.kind)
}

fn asset_zone_kind(ledger: &Ledger, asset_id: &str) -> Option<ZoneKind> {
    let asset = ledger.assets.iter().find(|a| a.id.as_str() == asset_id)?;
    zone_kind_of(ledger, asset.zone_id.as_ref()?.as_str())
}

#[test]
fn demo_validates_with_no_problems() {
    let problems = validate_ledger(&demo_hospital());
    assert!(
        problems.is_empty(),
        "{:#?}",
        problems.iter().take(10).collect::<Vec<_>>()
    );
}

#[test]
fn demo_is_deterministic() {
    assert_eq!(demo_hospital(), demo_hospital());
}

#[test]
fn demo_counts_are_in_range() {
    let demo = demo_hospital();
    assert!(
        (750..=850).contains(&demo.assets.len()),
        "assets {}",
        demo.assets.len()
    );
    assert!(
        (10..=14).contains(&demo.zones.len()),
        "zones {}",
        demo.zones.len()
    );
    assert!(demo.vendors.len() >= 6);
    assert!(demo.contracts.len() >= 6);
    assert!((8..=10).contains(&demo.systems.len()));
    assert!(
        (35..=45).contains(&demo.locations.len()),
        "locations {}",
        demo.locations.len()
    );
    assert_eq!(demo.sites.len(), 2);
    assert!(demo.connection_points.len() >= 5);
    assert!(
        demo.connection_points
            .iter()
            .any(|c| c.kind == ConnectionPointKind::SslVpn && c.mfa == Some(false))
    );
    let modem_points = demo
        .connection_points
        .iter()
        .filter(|c| c.kind == ConnectionPointKind::LteModem)
        .count();
    assert!(modem_points >= 1);
    assert!(
        demo.removable_media
            .iter()
            .any(|m| m.kind == RemovableKind::LteModem && m.attached_to.is_some())
    );
    assert!(
        (200..=600).contains(&demo.firewall_rules.len()),
        "rules {}",
        demo.firewall_rules.len()
    );
    let clients = demo
        .assets
        .iter()
        .filter(|a| matches!(a.kind, AssetKind::Pc | AssetKind::ThinClient))
        .count();
    assert!((400..=550).contains(&clients), "clients {clients}");
    let aps = demo.access_points.len();
    assert!((35..=45).contains(&aps), "access points {aps}");
    assert_eq!(demo.ssids.len(), 3);
    assert!(demo.log_sources.len() >= 4);
    assert!(demo.vulnerabilities.len() >= 3);
}

#[test]
fn demo_zones_cover_the_fixed_kinds_with_cidrs_and_addresses() {
    let demo = demo_hospital();
    let kinds: BTreeSet<ZoneKind> = demo.zones.iter().map(|z| z.kind).collect();
    for kind in [
        ZoneKind::Emr,
        ZoneKind::Departmental,
        ZoneKind::MedicalDevice,
        ZoneKind::OfficeInternet,
        ZoneKind::Dmz,
        ZoneKind::Server,
        ZoneKind::Management,
        ZoneKind::Maintenance,
        ZoneKind::Guest,
        ZoneKind::Backup,
        ZoneKind::RegionalNetwork,
    ] {
        assert!(kinds.contains(&kind), "missing zone kind {kind:?}");
    }
    // Every zone has a CIDR and every zoned asset an address, so validation really
    // checked that each address lies inside its zone.
    assert!(
        demo.zones
            .iter()
            .all(|z| !z.cidrs.is_empty() && z.vlan.is_some())
    );
    assert!(
        demo.assets.iter().all(|a| a.zone_id.is_some()
            && !a.ip_addresses.is_empty()
            && !a.mac_addresses.is_empty())
    );
    let numbers: BTreeSet<_> = demo
        .assets
        .iter()
        .filter_map(|a| a.asset_number.as_deref())
        .collect();
    assert_eq!(
        numbers.len(),
        demo.assets.len(),
        "管理番号 unique and present"
    );
}

#[test]
fn demo_firewalls_have_the_broad_allows_of_real_hospitals() {
    let demo = demo_hospital();
    assert!(
        demo.firewalls
            .iter()
            .any(|f| f.default_action == FirewallAction::Allow),
        "an L3 switch that passes everything"
    );
    let zone_of = |endpoint: &Endpoint| match endpoint {
        Endpoint::Zone { zone_id } => zone_kind_of(&demo, zone_id.as_str()),
        _ => None,
    };
    let maintenance_any = demo.firewall_rules.iter().any(|r| {
        zone_of(&r.source) == Some(ZoneKind::Maintenance)
            && zone_of(&r.destination) == Some(ZoneKind::Server)
            && r.protocol == RuleProtocol::Any
            && r.action == FirewallAction::Allow
    });
    assert!(maintenance_any, "保守 → サーバ any");
    let rdp_from_vpn = demo.firewall_rules.iter().any(|r| {
        matches!(r.source, Endpoint::ConnectionPoint { .. })
            && zone_of(&r.destination) == Some(ZoneKind::Server)
            && r.ports.matches(3389)
            && r.action == FirewallAction::Allow
    });
    assert!(rdp_from_vpn, "RDP from the VPN landing zone to the servers");
    let services: BTreeSet<u16> = demo.services.iter().map(|s| s.port).collect();
    for port in [3389, 445, 443, 104, 1433, 1521, 389] {
        assert!(services.contains(&port), "service port {port}");
    }
}

#[test]
fn demo_credentials_backups_and_wireless_tell_the_osaka_story() {
    let demo = demo_hospital();
    let windows: BTreeSet<&str> = demo
        .assets
        .iter()
        .filter(|a| {
            matches!(
                a.kind,
                AssetKind::Server
                    | AssetKind::VirtualMachine
                    | AssetKind::Pc
                    | AssetKind::ThinClient
            )
        })
        .filter(|a| {
            a.os.as_ref()
                .is_some_and(|os| os.name.starts_with("Windows"))
        })
        .map(|a| a.id.as_str())
        .collect();
    let local = demo
        .accounts
        .iter()
        .find(|a| a.kind == AccountKind::LocalAdmin)
        .expect("a shared local admin");
    let accepted: BTreeSet<&str> = local
        .accepted_on
        .iter()
        .filter_map(|on| match on {
            AcceptedOn::Asset { asset_id, .. } => Some(asset_id.as_str()),
            AcceptedOn::ConnectionPoint { .. } => None,
        })
        .collect();
    assert_eq!(accepted, windows, "accepted on every Windows server and PC");
    assert!(local.stored_on.len() > 100);
    let domain_admin = demo
        .accounts
        .iter()
        .find(|a| a.kind == AccountKind::DomainAdmin)
        .expect("a domain admin");
    let file_server = demo
        .assets
        .iter()
        .find(|a| a.name == "ファイルサーバ")
        .expect("file server");
    assert!(domain_admin.stored_on.contains(&StoredOn::Asset {
        asset_id: file_server.id.clone()
    }));
    let vendor_group = demo
        .accounts
        .iter()
        .filter(|a| a.kind == AccountKind::Vendor && a.credential_group_id.is_some());
    let mut groups: HashMap<&str, usize> = HashMap::new();
    for account in vendor_group {
        let targets = account.accepted_on.len();
        *groups
            .entry(
                account
                    .credential_group_id
                    .as_ref()
                    .map_or("", |g| g.as_str()),
            )
            .or_default() += targets;
    }
    assert!(
        groups.values().any(|targets| *targets >= 3),
        "a vendor account reused across systems"
    );

    let immutable = demo
        .backups
        .iter()
        .find(|b| b.medium == BackupMedium::Immutable)
        .expect("an immutable copy");
    let console = immutable
        .managed_from
        .as_ref()
        .expect("managed from a console");
    assert_eq!(
        asset_zone_kind(&demo, console.as_str()),
        Some(ZoneKind::Server)
    );
    let offline: Vec<_> = demo
        .backups
        .iter()
        .filter(|b| b.medium == BackupMedium::Offline)
        .collect();
    assert_eq!(offline.len(), 1);
    let emr_db: BTreeSet<_> = demo
        .assets
        .iter()
        .filter(|a| a.crown_jewel == Some(CrownJewelKind::Emr))
        .map(|a| a.id.clone())
        .collect();
    assert!(
        offline[0].protects.iter().all(|a| emr_db.contains(a)),
        "the tape protects the EMR only"
    );

    let guest = demo.ssids.iter().find(|s| s.guest).expect("a guest SSID");
    assert!(matches!(
        guest.encryption,
        WifiEncryption::Open | WifiEncryption::Wpa2Personal
    ));
    assert_eq!(guest.guest_separated, Some(true));
    assert!(
        demo.ssids
            .iter()
            .any(|s| s.encryption == WifiEncryption::Wpa2Enterprise)
    );
    assert!(
        demo.access_points
            .iter()
            .all(|ap| ap.location_id.is_some() && !ap.channels.is_empty() && !ap.bands.is_empty())
    );
}

/// One check per deliberate gap; each returns whether the gap is present.
fn gap_present(ledger: &Ledger, code: &str) -> bool {
    match code {
        "asset_without_owner" => ledger
            .assets
            .iter()
            .any(|a| a.owner_department.is_none() && a.managing_vendor_id.is_none()),
        "vendor_without_24h_contact" => ledger
            .vendors
            .iter()
            .any(|v| !v.contacts.is_empty() && !v.contacts.iter().any(|c| c.available_24h)),
        "asset_without_version" => ledger.assets.iter().any(|a| {
            a.os.as_ref().is_some_and(|os| os.version.is_none())
                || a.firmware.as_ref().is_some_and(|fw| fw.version.is_none())
        }),
        "point_without_mfa" => ledger.connection_points.iter().any(|c| {
            c.requires_authentication == Some(true)
                && c.mfa == Some(false)
                && c.source_ip_restricted == Some(false)
        }),
        "vulnerable_ssl_vpn" => ledger.connection_points.iter().any(|c| {
            c.kind == ConnectionPointKind::SslVpn
                && c.cpes
                    .iter()
                    .any(|cpe| cpe.cpe == "cpe:2.3:o:fortinet:fortios:7.0.6:*:*:*:*:*:*:*")
                && c.always_on == Some(true)
                && c.credentials_stored == Some(true)
                && ["CVE-2022-42475", "CVE-2023-27997"].iter().all(|cve| {
                    ledger.vulnerabilities.iter().any(|v| {
                        v.reference == *cve
                            && v.target
                                == VulnerabilityTarget::ConnectionPoint {
                                    connection_point_id: c.id.clone(),
                                }
                    })
                })
        }),
        "point_without_contract" => ledger.connection_points.iter().any(|c| {
            c.kind == ConnectionPointKind::LteModem
                && c.contract_id.is_none()
                && c.requires_authentication.is_none()
                && ledger.contracts.iter().any(|k| {
                    Some(&k.vendor_id) == c.vendor_id.as_ref()
                        && k.remote_maintenance == Some(false)
                })
        }),
        "crown_jewel_without_offline_backup" => ledger
            .assets
            .iter()
            .filter(|a| a.crown_jewel.is_some())
            .any(|a| {
                let copies: Vec<_> = ledger
                    .backups
                    .iter()
                    .filter(|b| b.protects.contains(&a.id))
                    .collect();
                !copies.is_empty() && copies.iter().all(|b| b.medium == BackupMedium::Online)
            }),
        "backup_never_restore_tested" => {
            ledger.backups.iter().any(|b| b.last_restore_test.is_none())
        }
        "credential_shared_across_hosts" => ledger.accounts.iter().any(|a| {
            let hosts: BTreeSet<_> = a
                .accepted_on
                .iter()
                .filter_map(|on| match on {
                    AcceptedOn::Asset { asset_id, .. } => Some(asset_id),
                    AcceptedOn::ConnectionPoint { .. } => None,
                })
                .collect();
            a.credential_group_id.is_some() && hosts.len() >= 2
        }),
        "account_without_lockout" => ledger.accounts.iter().any(|a| {
            matches!(a.kind, AccountKind::DomainUser | AccountKind::DomainAdmin)
                && a.lockout_threshold == Some(0)
                && a.mfa == Some(false)
        }),
        "default_password" => ledger.accounts.iter().any(|a| {
            a.known_default
                && a.accepted_on.iter().any(|on| match on {
                    AcceptedOn::Asset { asset_id, .. } => ledger
                        .assets
                        .iter()
                        .any(|x| x.id == *asset_id && x.kind == AssetKind::MedicalDevice),
                    AcceptedOn::ConnectionPoint { .. } => false,
                })
        }),
        "end_of_life_os" => {
            let cutoff = mamori_core::Date::new(2026, 1, 1);
            ["Windows Server 2012 R2", "Windows 10"].iter().all(|name| {
                ledger.assets.iter().any(|a| {
                    a.os.as_ref().is_some_and(|os| os.name.starts_with(name))
                        && a.end_of_life.is_some()
                        && a.end_of_life < cutoff
                })
            })
        }
        "contract_without_security_clauses" => ledger
            .contracts
            .iter()
            .any(|c| c.security_clauses.is_empty()),
        "log_source_without_retention" => ledger
            .log_sources
            .iter()
            .any(|l| l.retention_days.is_none()),
        _ => false,
    }
}

#[test]
fn every_deliberate_gap_is_present_in_the_demo() {
    let demo = demo_hospital();
    let missing: Vec<&str> = GAPS
        .iter()
        .map(|(code, _)| *code)
        .filter(|code| !gap_present(&demo, code))
        .collect();
    assert!(missing.is_empty(), "gaps missing: {missing:?}");
}

#[test]
fn unknown_gap_codes_are_not_reported_present() {
    // Guards the checker itself: a misspelt code must not pass silently.
    assert!(!gap_present(&demo_hospital(), "no_such_gap"));
}

#[test]
fn the_good_example_connection_point_is_restricted() {
    let demo = demo_hospital();
    let ipsec = demo
        .connection_points
        .iter()
        .find(|c| c.kind == ConnectionPointKind::IpsecVpn)
        .expect("IPsec VPN");
    assert_eq!(
        (ipsec.mfa, ipsec.source_ip_restricted),
        (Some(true), Some(true))
    );
    assert!(ipsec.contract_id.is_some());
    let kinds: BTreeSet<_> = demo.connection_points.iter().map(|c| c.kind).collect();
    for kind in [
        ConnectionPointKind::SslVpn,
        ConnectionPointKind::LteModem,
        ConnectionPointKind::VendorVpnRouter,
        ConnectionPointKind::InternetLine,
        ConnectionPointKind::IpsecVpn,
        ConnectionPointKind::RegionalNetwork,
        ConnectionPointKind::GuestWifi,
    ] {
        assert!(kinds.contains(&kind), "missing connection point {kind:?}");
    }
}

#[test]
fn generated_hospital_validates_and_has_the_requested_size() {
    let ledger = generate_hospital(5_000, 1);
    assert_eq!(ledger.assets.len(), 5_000);
    let problems = validate_ledger(&ledger);
    assert!(
        problems.is_empty(),
        "{:#?}",
        problems.iter().take(10).collect::<Vec<_>>()
    );
    assert_eq!(ledger.zones.len(), 100);
    assert!(
        (1_500..=2_500).contains(&ledger.firewall_rules.len()),
        "rules {}",
        ledger.firewall_rules.len()
    );
    assert!(ledger.accounts.len() > 200);
    let missing: Vec<&str> = GAPS
        .iter()
        .map(|(code, _)| *code)
        .filter(|code| !gap_present(&ledger, code))
        .collect();
    assert!(missing.is_empty(), "gaps missing at scale: {missing:?}");
}

#[test]
fn generator_is_deterministic_per_seed_and_seeds_differ() {
    let first = generate_hospital(2_000, 7);
    assert_eq!(first, generate_hospital(2_000, 7));
    let other = generate_hospital(2_000, 8);
    assert_ne!(first, other);
    assert_eq!(other.assets.len(), 2_000);
}

#[test]
fn generator_reaches_benchmark_scale() {
    let ledger = generate_hospital(50_000, 3);
    assert_eq!(ledger.assets.len(), 50_000);
    assert_eq!(ledger.zones.len(), 1_000);
    assert!(
        (15_000..=22_000).contains(&ledger.firewall_rules.len()),
        "rules {}",
        ledger.firewall_rules.len()
    );
    assert!(ledger.services.len() > 40_000);
    assert!(ledger.accounts.len() > 2_000);
}

#[test]
fn tiny_requests_give_the_valid_core() {
    let ledger = generate_hospital(10, 1);
    assert!(ledger.assets.len() >= 10);
    assert!(validate_ledger(&ledger).is_empty());
}

#[test]
fn gap_checks_fail_once_the_gap_is_repaired() {
    let mut ledger = demo_hospital();
    for backup in &mut ledger.backups {
        backup.last_restore_test = "2026-10-01".parse().ok();
    }
    assert!(!gap_present(&ledger, "backup_never_restore_tested"));
    for account in &mut ledger.accounts {
        account.lockout_threshold = Some(10);
    }
    assert!(!gap_present(&ledger, "account_without_lockout"));
    for point in &mut ledger.connection_points {
        point.mfa = Some(true);
    }
    assert!(!gap_present(&ledger, "point_without_mfa"));
    for log in &mut ledger.log_sources {
        log.retention_days = Some(365);
    }
    assert!(!gap_present(&ledger, "log_source_without_retention"));
    ledger.vulnerabilities.clear();
    assert!(!gap_present(&ledger, "vulnerable_ssl_vpn"));
}

//! Records → facts, kind by kind.

use std::collections::{BTreeMap, HashMap};

use mamori_core::{
    AcceptedOn as LedgerAcceptedOn, Account, BackupMedium, Ledger, Owner as LedgerOwner,
    PrivilegeLevel, RecordKind, RecordRef, RestoreResult, ServiceProtocol,
    StoredOn as LedgerStoredOn, VulnEffect, VulnerabilityTarget,
};
use mamori_paths as paths;

use crate::rules::convert_firewalls;

/// Why a fact was assumed or a record left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NoteCode {
    /// An asset without a zone cannot be placed; it is left out.
    AssetWithoutZone,
    /// "Requires authentication" is unknown; taken as "no".
    AuthenticationAssumedAbsent,
    /// The lockout of a weak password is unknown; taken as "no lockout".
    LockoutAssumedAbsent,
    /// An acceptance names no service; every recorded service of the asset is used.
    AcceptanceOnEveryService,
    /// An acceptance names an asset without recorded services; it can never be used.
    AcceptanceWithoutService,
    /// A CIDR endpoint was turned into the zones it overlaps or covers.
    CidrResolvedToZones,
    /// A CIDR endpoint matches no zone; the rule is left out.
    CidrMatchesNoZone,
    /// A disabled rule is left out.
    DisabledRuleSkipped,
    /// An ICMP rule never carries traffic to a service; it is left out.
    IcmpRuleSkipped,
    /// A feed finding names no port; it is placed on every recorded service of the asset.
    FindingOnEveryService,
    /// A remote feed finding on an asset without recorded services can never be reached.
    FindingWithoutService,
    /// A feed finding needs a user to act (client-side); the model leaves it out.
    FindingClientSide,
    /// A feed finding with neither a CVSS vector nor a KEV entry; left out.
    FindingWithoutVector,
}

impl NoteCode {
    /// Every code, for the message-catalogue completeness test.
    pub const ALL: [NoteCode; 13] = [
        NoteCode::AssetWithoutZone,
        NoteCode::AuthenticationAssumedAbsent,
        NoteCode::LockoutAssumedAbsent,
        NoteCode::AcceptanceOnEveryService,
        NoteCode::AcceptanceWithoutService,
        NoteCode::CidrResolvedToZones,
        NoteCode::CidrMatchesNoZone,
        NoteCode::DisabledRuleSkipped,
        NoteCode::IcmpRuleSkipped,
        NoteCode::FindingOnEveryService,
        NoteCode::FindingWithoutService,
        NoteCode::FindingClientSide,
        NoteCode::FindingWithoutVector,
    ];

    pub fn code(self) -> &'static str {
        match self {
            NoteCode::AssetWithoutZone => "asset_without_zone",
            NoteCode::AuthenticationAssumedAbsent => "authentication_assumed_absent",
            NoteCode::LockoutAssumedAbsent => "lockout_assumed_absent",
            NoteCode::AcceptanceOnEveryService => "acceptance_on_every_service",
            NoteCode::AcceptanceWithoutService => "acceptance_without_service",
            NoteCode::CidrResolvedToZones => "cidr_resolved_to_zones",
            NoteCode::CidrMatchesNoZone => "cidr_matches_no_zone",
            NoteCode::DisabledRuleSkipped => "disabled_rule_skipped",
            NoteCode::IcmpRuleSkipped => "icmp_rule_skipped",
            NoteCode::FindingOnEveryService => "finding_on_every_service",
            NoteCode::FindingWithoutService => "finding_without_service",
            NoteCode::FindingClientSide => "finding_client_side",
            NoteCode::FindingWithoutVector => "finding_without_vector",
        }
    }
}

/// One assumption or omission, on one ledger record.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Note {
    pub record: RecordRef,
    pub code: NoteCode,
}

/// The facts and what had to be assumed to get them.
#[derive(Debug, Clone)]
pub struct Conversion {
    pub facts: paths::Facts,
    pub notes: Vec<Note>,
}

/// Derives the engine's facts from a ledger.
pub fn facts_from_ledger(ledger: &Ledger) -> Conversion {
    let mut notes = Vec::new();
    let mut facts = paths::Facts {
        zones: ledger
            .zones
            .iter()
            .map(|zone| paths::Zone {
                id: zone.id.as_str().into(),
                name: zone.name.clone(),
            })
            .collect(),
        ..paths::Facts::default()
    };
    convert_assets(ledger, &mut facts, &mut notes);
    convert_services(ledger, &mut facts);
    convert_vulnerabilities(ledger, &mut facts);
    convert_points(ledger, &mut facts, &mut notes);
    convert_credentials(ledger, &mut facts, &mut notes);
    facts.firewalls = convert_firewalls(ledger, &mut notes);
    convert_backups(ledger, &mut facts);
    notes.sort();
    notes.dedup();
    Conversion { facts, notes }
}

pub(crate) fn owner(owner: &LedgerOwner) -> paths::Owner {
    match owner {
        LedgerOwner::Hospital => paths::Owner::Hospital,
        LedgerOwner::Vendor { vendor_id } => paths::Owner::Vendor(vendor_id.as_str().to_owned()),
    }
}

fn note(notes: &mut Vec<Note>, kind: RecordKind, id: &str, code: NoteCode) {
    notes.push(Note {
        record: RecordRef::new(kind, id),
        code,
    });
}

fn convert_assets(ledger: &Ledger, facts: &mut paths::Facts, notes: &mut Vec<Note>) {
    for asset in &ledger.assets {
        let Some(zone) = &asset.zone_id else {
            note(
                notes,
                RecordKind::Assets,
                asset.id.as_str(),
                NoteCode::AssetWithoutZone,
            );
            continue;
        };
        facts.assets.push(paths::Asset {
            id: asset.id.as_str().into(),
            name: asset.name.clone(),
            zone: zone.as_str().into(),
            owner: owner(&asset.owner),
            crown_jewel: asset
                .crown_jewel
                .map(|kind| mamori_core::CodeList::code(kind).to_owned()),
        });
    }
}

fn port_of(service: &mamori_core::Service) -> paths::Port {
    match service.protocol {
        ServiceProtocol::Tcp => paths::Port::tcp(service.port),
        ServiceProtocol::Udp => paths::Port::udp(service.port),
    }
}

fn convert_services(ledger: &Ledger, facts: &mut paths::Facts) {
    let placed: std::collections::HashSet<&str> =
        facts.assets.iter().map(|a| a.id.as_str()).collect();
    facts.services = ledger
        .services
        .iter()
        .filter(|service| placed.contains(service.asset_id.as_str()))
        .map(|service| paths::Service {
            asset: service.asset_id.as_str().into(),
            port: port_of(service),
        })
        .collect();
}

fn effect(effect: VulnEffect) -> paths::Effect {
    match effect {
        VulnEffect::RemoteCodeExec => paths::Effect::RemoteCodeExec,
        VulnEffect::AuthBypass => paths::Effect::AuthBypass,
        VulnEffect::LocalPrivEsc => paths::Effect::LocalPrivEsc,
    }
}

fn convert_vulnerabilities(ledger: &Ledger, facts: &mut paths::Facts) {
    let ports: HashMap<&str, paths::Port> = ledger
        .services
        .iter()
        .map(|service| (service.id.as_str(), port_of(service)))
        .collect();
    for vulnerability in &ledger.vulnerabilities {
        let on = match &vulnerability.target {
            VulnerabilityTarget::Asset {
                asset_id,
                service_id,
            } => paths::VulnLocation::Asset {
                asset: asset_id.as_str().into(),
                service: service_id
                    .as_ref()
                    .and_then(|id| ports.get(id.as_str()).copied()),
            },
            VulnerabilityTarget::ConnectionPoint {
                connection_point_id,
            } => paths::VulnLocation::Point(connection_point_id.as_str().into()),
        };
        facts.vulnerabilities.push(paths::Vulnerability {
            id: vulnerability.id.as_str().into(),
            on,
            effect: effect(vulnerability.effect),
            requires_auth: vulnerability.requires_authentication,
        });
    }
}

fn convert_points(ledger: &Ledger, facts: &mut paths::Facts, notes: &mut Vec<Note>) {
    for point in &ledger.connection_points {
        let requires_auth = point.requires_authentication.unwrap_or_else(|| {
            note(
                notes,
                RecordKind::ConnectionPoints,
                point.id.as_str(),
                NoteCode::AuthenticationAssumedAbsent,
            );
            false
        });
        facts.points.push(paths::ConnectionPoint {
            id: point.id.as_str().into(),
            name: point.name.clone(),
            lands_in: point
                .zone_ids
                .iter()
                .map(|zone| zone.as_str().into())
                .collect(),
            owner: owner(&point.owner),
            requires_auth,
            mfa: point.mfa == Some(true),
            source_ip_restricted: point.source_ip_restricted == Some(true),
            accepts: Vec::new(),
        });
    }
}

/// The credential group an account belongs to: its group, or itself when it has none.
fn group_key(account: &Account) -> (RecordKind, String) {
    match &account.credential_group_id {
        Some(group) => (RecordKind::CredentialGroups, group.as_str().to_owned()),
        None => (RecordKind::Accounts, account.id.as_str().to_owned()),
    }
}

fn group_id((kind, id): &(RecordKind, String)) -> paths::CredGroupId {
    match kind {
        RecordKind::CredentialGroups => id.as_str().into(),
        _ => format!("account:{id}").into(),
    }
}

/// Known to the attacker: a default, leaked or guessable password (weak and no lockout).
fn known_to_attacker(account: &Account, notes: &mut Vec<Note>) -> bool {
    if account.known_default || account.known_leaked {
        return true;
    }
    if !account.known_weak {
        return false;
    }
    match account.lockout_threshold {
        Some(0) => true,
        Some(_) => false,
        None => {
            note(
                notes,
                RecordKind::Accounts,
                account.id.as_str(),
                NoteCode::LockoutAssumedAbsent,
            );
            true
        }
    }
}

fn convert_credentials(ledger: &Ledger, facts: &mut paths::Facts, notes: &mut Vec<Note>) {
    let services_of = services_by_asset(ledger);
    let mut groups: BTreeMap<(RecordKind, String), paths::CredentialGroup> = BTreeMap::new();
    for group in &ledger.credential_groups {
        let key = (RecordKind::CredentialGroups, group.id.as_str().to_owned());
        let id = group_id(&key);
        groups.insert(
            key,
            paths::CredentialGroup {
                id,
                name: group.name.clone(),
                owner: owner(&group.owner),
                known_to_attacker: false,
            },
        );
    }
    for account in &ledger.accounts {
        let key = group_key(account);
        let id = group_id(&key);
        let known = known_to_attacker(account, notes);
        let entry = groups.entry(key).or_insert_with(|| paths::CredentialGroup {
            id: id.clone(),
            name: account.username.clone(),
            owner: owner(&account.owner),
            known_to_attacker: false,
        });
        entry.known_to_attacker |= known;
        for accepted in &account.accepted_on {
            add_acceptance(facts, notes, &services_of, account, &id, accepted);
        }
        for stored in &account.stored_on {
            let on = match stored {
                LedgerStoredOn::Asset { asset_id } => {
                    paths::Holder::Asset(asset_id.as_str().into())
                }
                LedgerStoredOn::ConnectionPoint {
                    connection_point_id,
                } => paths::Holder::Point(connection_point_id.as_str().into()),
            };
            facts.stored_on.push(paths::StoredOn {
                group: id.clone(),
                on,
            });
        }
    }
    facts.credential_groups = groups.into_values().collect();
    facts
        .accepted_on
        .sort_by(|a, b| (&a.group, &a.asset, a.service).cmp(&(&b.group, &b.asset, b.service)));
    facts.accepted_on.dedup();
    facts
        .stored_on
        .sort_by(|a, b| (&a.group, &a.on).cmp(&(&b.group, &b.on)));
    facts.stored_on.dedup();
    for point in &mut facts.points {
        point.accepts.sort();
        point.accepts.dedup();
    }
}

fn services_by_asset(ledger: &Ledger) -> HashMap<&str, Vec<(&str, paths::Port)>> {
    let mut map: HashMap<&str, Vec<(&str, paths::Port)>> = HashMap::new();
    for service in &ledger.services {
        map.entry(service.asset_id.as_str())
            .or_default()
            .push((service.id.as_str(), port_of(service)));
    }
    map
}

fn level(level: PrivilegeLevel) -> paths::Level {
    match level {
        PrivilegeLevel::Admin => paths::Level::Admin,
        PrivilegeLevel::User => paths::Level::User,
    }
}

fn add_acceptance(
    facts: &mut paths::Facts,
    notes: &mut Vec<Note>,
    services_of: &HashMap<&str, Vec<(&str, paths::Port)>>,
    account: &Account,
    group: &paths::CredGroupId,
    accepted: &LedgerAcceptedOn,
) {
    match accepted {
        LedgerAcceptedOn::ConnectionPoint {
            connection_point_id,
            ..
        } => {
            if let Some(point) = facts
                .points
                .iter_mut()
                .find(|p| p.id.as_str() == connection_point_id.as_str())
            {
                point.accepts.push(group.clone());
            }
        }
        LedgerAcceptedOn::Asset {
            asset_id,
            service_id,
            level: privilege,
        } => {
            let services = services_of
                .get(asset_id.as_str())
                .map(Vec::as_slice)
                .unwrap_or_default();
            let chosen: Vec<paths::Port> = match service_id {
                Some(wanted) => services
                    .iter()
                    .filter(|(id, _)| *id == wanted.as_str())
                    .map(|(_, p)| *p)
                    .collect(),
                None => {
                    if !services.is_empty() {
                        note(
                            notes,
                            RecordKind::Accounts,
                            account.id.as_str(),
                            NoteCode::AcceptanceOnEveryService,
                        );
                    }
                    services.iter().map(|(_, port)| *port).collect()
                }
            };
            if chosen.is_empty() {
                note(
                    notes,
                    RecordKind::Accounts,
                    account.id.as_str(),
                    NoteCode::AcceptanceWithoutService,
                );
            }
            for port in chosen {
                facts.accepted_on.push(paths::AcceptedOn {
                    group: group.clone(),
                    asset: asset_id.as_str().into(),
                    service: port,
                    level: level(*privilege),
                });
            }
        }
    }
}

fn convert_backups(ledger: &Ledger, facts: &mut paths::Facts) {
    facts.backups = ledger
        .backups
        .iter()
        .map(|backup| paths::Backup {
            id: backup.id.as_str().into(),
            protects: backup
                .protects
                .iter()
                .map(|asset| asset.as_str().into())
                .collect(),
            medium: match backup.medium {
                BackupMedium::Online => paths::Medium::Online,
                BackupMedium::Offline => paths::Medium::Offline,
                BackupMedium::Immutable => paths::Medium::Immutable,
            },
            held_on: backup.held_on.as_ref().map(|asset| asset.as_str().into()),
            managed_from: backup
                .managed_from
                .as_ref()
                .map(|asset| asset.as_str().into()),
            owner: owner(&backup.owner),
            restore_tested: backup.last_restore_test.is_some()
                && backup.last_restore_result != Some(RestoreResult::Failure),
        })
        .collect();
}

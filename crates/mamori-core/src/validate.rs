//! Whole-ledger validation: ids, references between records, and the contradictions an
//! auditor would reject (an IP outside its zone, two firewalls joining the same zones …).
//! Validation never stops at the first problem: importers report them all at once.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::ids::check_id;
use crate::ledger::{Ledger, RecordKind, RecordRef};
use crate::model::*;
use crate::problem::{Problem, ProblemCode};
use crate::{Endpoint, RuleProtocol};

/// All problems of a ledger, sorted by record and field. Empty means valid.
pub fn validate_ledger(ledger: &Ledger) -> Vec<Problem> {
    let index = Index::build(ledger);
    let mut out = Problems::default();
    check_ids(ledger, &mut out);
    check_names(ledger, &mut out);
    check_references(ledger, &index, &mut out);
    check_assets(ledger, &mut out);
    check_services(ledger, &mut out);
    check_firewalls(ledger, &mut out);
    check_rules(ledger, &mut out);
    check_accounts(ledger, &index, &mut out);
    check_backups(ledger, &mut out);
    check_connection_points(ledger, &mut out);
    check_vulnerabilities(ledger, &index, &mut out);
    let mut problems = out.0;
    problems.sort();
    problems.dedup();
    problems
}

/// A ledger together with every problem [`validate_ledger`] finds in it, computed once.
/// The only way to make one is to validate, so an importer that validated the merged
/// ledger can hand it to storage without the store validating it a second time.
#[derive(Debug, Clone, PartialEq)]
pub struct Validated {
    ledger: Ledger,
    problems: Vec<Problem>,
}

impl Validated {
    pub fn new(ledger: Ledger) -> Self {
        let problems = validate_ledger(&ledger);
        Self { ledger, problems }
    }

    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// Every problem; empty means valid.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    pub fn into_parts(self) -> (Ledger, Vec<Problem>) {
        (self.ledger, self.problems)
    }
}

#[derive(Default)]
struct Problems(Vec<Problem>);

impl Problems {
    fn push(&mut self, problem: Problem) {
        self.0.push(problem);
    }
}

/// Ids of every kind, and which asset each service belongs to.
struct Index<'a> {
    ids: HashMap<RecordKind, HashSet<&'a str>>,
    service_asset: HashMap<&'a str, &'a str>,
}

impl<'a> Index<'a> {
    fn build(ledger: &'a Ledger) -> Self {
        let ids = RecordKind::ALL
            .iter()
            .map(|kind| (*kind, ledger.ids(*kind).into_iter().collect()))
            .collect();
        let service_asset = ledger
            .services
            .iter()
            .map(|service| (service.id.as_str(), service.asset_id.as_str()))
            .collect();
        Self { ids, service_asset }
    }

    fn has(&self, kind: RecordKind, id: &str) -> bool {
        self.ids.get(&kind).is_some_and(|ids| ids.contains(id))
    }
}

fn check_ids(ledger: &Ledger, out: &mut Problems) {
    for kind in RecordKind::ALL
        .iter()
        .copied()
        .filter(|k| *k != RecordKind::Hospital)
    {
        let mut seen = HashSet::new();
        for id in ledger.ids(kind) {
            let record = RecordRef::new(kind, id);
            if let Err(error) = check_id(id) {
                out.push(
                    Problem::new(record.clone(), "id", ProblemCode::InvalidId)
                        .with("reason", error),
                );
            }
            if !seen.insert(id) {
                out.push(Problem::new(record, "id", ProblemCode::DuplicateId).with("value", id));
            }
        }
    }
}

fn check_names(ledger: &Ledger, out: &mut Problems) {
    let mut require = |kind: RecordKind, id: &str, field: &'static str, text: &str| {
        if text.trim().is_empty() {
            out.push(Problem::new(
                RecordRef::new(kind, id),
                field,
                ProblemCode::EmptyField,
            ));
        }
    };
    // The hospital profile's name is not required: a fresh store imports assets first.
    ledger
        .sites
        .iter()
        .for_each(|r| require(RecordKind::Sites, r.id.as_str(), "name", &r.name));
    ledger
        .locations
        .iter()
        .for_each(|r| require(RecordKind::Locations, r.id.as_str(), "room", &r.room));
    ledger
        .zones
        .iter()
        .for_each(|r| require(RecordKind::Zones, r.id.as_str(), "name", &r.name));
    ledger
        .assets
        .iter()
        .for_each(|r| require(RecordKind::Assets, r.id.as_str(), "name", &r.name));
    ledger
        .systems
        .iter()
        .for_each(|r| require(RecordKind::Systems, r.id.as_str(), "name", &r.name));
    ledger
        .vendors
        .iter()
        .for_each(|r| require(RecordKind::Vendors, r.id.as_str(), "name", &r.name));
    ledger
        .contracts
        .iter()
        .for_each(|r| require(RecordKind::Contracts, r.id.as_str(), "title", &r.title));
    ledger
        .connection_points
        .iter()
        .for_each(|r| require(RecordKind::ConnectionPoints, r.id.as_str(), "name", &r.name));
    ledger
        .firewalls
        .iter()
        .for_each(|r| require(RecordKind::Firewalls, r.id.as_str(), "name", &r.name));
    ledger
        .credential_groups
        .iter()
        .for_each(|r| require(RecordKind::CredentialGroups, r.id.as_str(), "name", &r.name));
    ledger
        .accounts
        .iter()
        .for_each(|r| require(RecordKind::Accounts, r.id.as_str(), "username", &r.username));
    ledger
        .backups
        .iter()
        .for_each(|r| require(RecordKind::Backups, r.id.as_str(), "name", &r.name));
    ledger
        .ssids
        .iter()
        .for_each(|r| require(RecordKind::Ssids, r.id.as_str(), "ssid", &r.ssid));
    ledger
        .access_points
        .iter()
        .for_each(|r| require(RecordKind::AccessPoints, r.id.as_str(), "name", &r.name));
    ledger
        .removable_media
        .iter()
        .for_each(|r| require(RecordKind::RemovableMedia, r.id.as_str(), "name", &r.name));
    ledger
        .log_sources
        .iter()
        .for_each(|r| require(RecordKind::LogSources, r.id.as_str(), "name", &r.name));
    ledger.vulnerabilities.iter().for_each(|r| {
        require(
            RecordKind::Vulnerabilities,
            r.id.as_str(),
            "reference",
            &r.reference,
        )
    });
}

/// One reference from a record's field to another record.
struct Reference<'a> {
    field: &'static str,
    target: RecordKind,
    id: &'a str,
}

fn reference<'a>(field: &'static str, target: RecordKind, id: &'a str) -> Reference<'a> {
    Reference { field, target, id }
}

fn owner_reference(owner: &Owner) -> Option<Reference<'_>> {
    match owner {
        Owner::Hospital => None,
        Owner::Vendor { vendor_id } => {
            Some(reference("owner", RecordKind::Vendors, vendor_id.as_str()))
        }
    }
}

fn endpoint_reference<'a>(field: &'static str, endpoint: &'a Endpoint) -> Option<Reference<'a>> {
    match endpoint {
        Endpoint::Any | Endpoint::Cidr { .. } => None,
        Endpoint::Zone { zone_id } => Some(reference(field, RecordKind::Zones, zone_id.as_str())),
        Endpoint::Asset { asset_id } => {
            Some(reference(field, RecordKind::Assets, asset_id.as_str()))
        }
        Endpoint::ConnectionPoint {
            connection_point_id,
        } => Some(reference(
            field,
            RecordKind::ConnectionPoints,
            connection_point_id.as_str(),
        )),
    }
}

/// Every outgoing reference of every record, so that one loop checks them all.
fn references<'a>(ledger: &'a Ledger) -> Vec<(RecordRef, Reference<'a>)> {
    use RecordKind as K;
    let mut refs: Vec<(RecordRef, Reference<'a>)> = Vec::new();
    let mut push = |kind: K, id: &str, item: Option<Reference<'a>>| {
        if let Some(item) = item {
            refs.push((RecordRef::new(kind, id), item));
        }
    };
    for r in &ledger.locations {
        push(
            K::Locations,
            r.id.as_str(),
            Some(reference("site_id", K::Sites, r.site_id.as_str())),
        );
    }
    for r in &ledger.zones {
        push(
            K::Zones,
            r.id.as_str(),
            r.site_id
                .as_ref()
                .map(|id| reference("site_id", K::Sites, id.as_str())),
        );
    }
    for r in &ledger.contracts {
        push(
            K::Contracts,
            r.id.as_str(),
            Some(reference("vendor_id", K::Vendors, r.vendor_id.as_str())),
        );
        for system in &r.system_ids {
            push(
                K::Contracts,
                r.id.as_str(),
                Some(reference("system_ids", K::Systems, system.as_str())),
            );
        }
    }
    for r in &ledger.systems {
        push(
            K::Systems,
            r.id.as_str(),
            r.vendor_id
                .as_ref()
                .map(|id| reference("vendor_id", K::Vendors, id.as_str())),
        );
    }
    for r in &ledger.assets {
        let id = r.id.as_str();
        push(
            K::Assets,
            id,
            r.zone_id
                .as_ref()
                .map(|v| reference("zone_id", K::Zones, v.as_str())),
        );
        push(
            K::Assets,
            id,
            r.location_id
                .as_ref()
                .map(|v| reference("location_id", K::Locations, v.as_str())),
        );
        push(
            K::Assets,
            id,
            r.managing_vendor_id
                .as_ref()
                .map(|v| reference("managing_vendor_id", K::Vendors, v.as_str())),
        );
        push(
            K::Assets,
            id,
            r.system_id
                .as_ref()
                .map(|v| reference("system_id", K::Systems, v.as_str())),
        );
        push(K::Assets, id, owner_reference(&r.owner));
    }
    for r in &ledger.services {
        push(
            K::Services,
            r.id.as_str(),
            Some(reference("asset_id", K::Assets, r.asset_id.as_str())),
        );
    }
    for r in &ledger.connection_points {
        let id = r.id.as_str();
        push(K::ConnectionPoints, id, owner_reference(&r.owner));
        for zone in &r.zone_ids {
            push(
                K::ConnectionPoints,
                id,
                Some(reference("zone_ids", K::Zones, zone.as_str())),
            );
        }
        push(
            K::ConnectionPoints,
            id,
            r.vendor_id
                .as_ref()
                .map(|v| reference("vendor_id", K::Vendors, v.as_str())),
        );
        push(
            K::ConnectionPoints,
            id,
            r.contract_id
                .as_ref()
                .map(|v| reference("contract_id", K::Contracts, v.as_str())),
        );
        push(
            K::ConnectionPoints,
            id,
            r.location_id
                .as_ref()
                .map(|v| reference("location_id", K::Locations, v.as_str())),
        );
    }
    for r in &ledger.firewalls {
        let id = r.id.as_str();
        for zone in &r.zone_ids {
            push(
                K::Firewalls,
                id,
                Some(reference("zone_ids", K::Zones, zone.as_str())),
            );
        }
        push(K::Firewalls, id, owner_reference(&r.owner));
        push(
            K::Firewalls,
            id,
            r.asset_id
                .as_ref()
                .map(|v| reference("asset_id", K::Assets, v.as_str())),
        );
    }
    for r in &ledger.firewall_rules {
        let id = r.id.as_str();
        push(
            K::FirewallRules,
            id,
            Some(reference(
                "firewall_id",
                K::Firewalls,
                r.firewall_id.as_str(),
            )),
        );
        push(
            K::FirewallRules,
            id,
            endpoint_reference("source", &r.source),
        );
        push(
            K::FirewallRules,
            id,
            endpoint_reference("destination", &r.destination),
        );
        push(
            K::FirewallRules,
            id,
            r.owner.as_ref().and_then(owner_reference),
        );
    }
    for r in &ledger.credential_groups {
        push(
            K::CredentialGroups,
            r.id.as_str(),
            owner_reference(&r.owner),
        );
    }
    for r in &ledger.accounts {
        let id = r.id.as_str();
        push(
            K::Accounts,
            id,
            r.credential_group_id
                .as_ref()
                .map(|v| reference("credential_group_id", K::CredentialGroups, v.as_str())),
        );
        push(K::Accounts, id, owner_reference(&r.owner));
        for accepted in &r.accepted_on {
            match accepted {
                AcceptedOn::Asset {
                    asset_id,
                    service_id,
                    ..
                } => {
                    push(
                        K::Accounts,
                        id,
                        Some(reference("accepted_on", K::Assets, asset_id.as_str())),
                    );
                    push(
                        K::Accounts,
                        id,
                        service_id
                            .as_ref()
                            .map(|v| reference("accepted_on", K::Services, v.as_str())),
                    );
                }
                AcceptedOn::ConnectionPoint {
                    connection_point_id,
                    ..
                } => push(
                    K::Accounts,
                    id,
                    Some(reference(
                        "accepted_on",
                        K::ConnectionPoints,
                        connection_point_id.as_str(),
                    )),
                ),
            }
        }
        for stored in &r.stored_on {
            match stored {
                StoredOn::Asset { asset_id } => {
                    push(
                        K::Accounts,
                        id,
                        Some(reference("stored_on", K::Assets, asset_id.as_str())),
                    );
                }
                StoredOn::ConnectionPoint {
                    connection_point_id,
                } => push(
                    K::Accounts,
                    id,
                    Some(reference(
                        "stored_on",
                        K::ConnectionPoints,
                        connection_point_id.as_str(),
                    )),
                ),
            }
        }
    }
    for r in &ledger.backups {
        let id = r.id.as_str();
        for asset in &r.protects {
            push(
                K::Backups,
                id,
                Some(reference("protects", K::Assets, asset.as_str())),
            );
        }
        push(
            K::Backups,
            id,
            r.held_on
                .as_ref()
                .map(|v| reference("held_on", K::Assets, v.as_str())),
        );
        push(
            K::Backups,
            id,
            r.managed_from
                .as_ref()
                .map(|v| reference("managed_from", K::Assets, v.as_str())),
        );
        push(K::Backups, id, owner_reference(&r.owner));
    }
    for r in &ledger.ssids {
        push(
            K::Ssids,
            r.id.as_str(),
            r.zone_id
                .as_ref()
                .map(|v| reference("zone_id", K::Zones, v.as_str())),
        );
    }
    for r in &ledger.access_points {
        let id = r.id.as_str();
        push(
            K::AccessPoints,
            id,
            r.asset_id
                .as_ref()
                .map(|v| reference("asset_id", K::Assets, v.as_str())),
        );
        push(
            K::AccessPoints,
            id,
            r.location_id
                .as_ref()
                .map(|v| reference("location_id", K::Locations, v.as_str())),
        );
        for ssid in &r.ssid_ids {
            push(
                K::AccessPoints,
                id,
                Some(reference("ssid_ids", K::Ssids, ssid.as_str())),
            );
        }
    }
    for r in &ledger.removable_media {
        let id = r.id.as_str();
        push(
            K::RemovableMedia,
            id,
            r.attached_to
                .as_ref()
                .map(|v| reference("attached_to", K::Assets, v.as_str())),
        );
        push(K::RemovableMedia, id, owner_reference(&r.owner));
    }
    for r in &ledger.log_sources {
        let id = r.id.as_str();
        push(
            K::LogSources,
            id,
            r.asset_id
                .as_ref()
                .map(|v| reference("asset_id", K::Assets, v.as_str())),
        );
        push(
            K::LogSources,
            id,
            r.connection_point_id
                .as_ref()
                .map(|v| reference("connection_point_id", K::ConnectionPoints, v.as_str())),
        );
        push(
            K::LogSources,
            id,
            r.stored_on
                .as_ref()
                .map(|v| reference("stored_on", K::Assets, v.as_str())),
        );
    }
    for r in &ledger.vulnerabilities {
        let id = r.id.as_str();
        match &r.target {
            VulnerabilityTarget::Asset {
                asset_id,
                service_id,
            } => {
                push(
                    K::Vulnerabilities,
                    id,
                    Some(reference("target", K::Assets, asset_id.as_str())),
                );
                push(
                    K::Vulnerabilities,
                    id,
                    service_id
                        .as_ref()
                        .map(|v| reference("target", K::Services, v.as_str())),
                );
            }
            VulnerabilityTarget::ConnectionPoint {
                connection_point_id,
            } => push(
                K::Vulnerabilities,
                id,
                Some(reference(
                    "target",
                    K::ConnectionPoints,
                    connection_point_id.as_str(),
                )),
            ),
        }
    }
    refs
}

fn check_references(ledger: &Ledger, index: &Index<'_>, out: &mut Problems) {
    for (record, item) in references(ledger) {
        if !index.has(item.target, item.id) {
            out.push(
                Problem::new(record, item.field, ProblemCode::UnknownReference)
                    .with("target", item.target.code())
                    .with("value", item.id),
            );
        }
    }
}

fn check_assets(ledger: &Ledger, out: &mut Problems) {
    let zones: HashMap<&str, &Zone> = ledger.zones.iter().map(|z| (z.id.as_str(), z)).collect();
    let mut numbers: HashMap<&str, &str> = HashMap::new();
    for asset in &ledger.assets {
        let record = RecordRef::new(RecordKind::Assets, asset.id.as_str());
        if let Some(zone) = asset.zone_id.as_ref().and_then(|id| zones.get(id.as_str())) {
            for ip in &asset.ip_addresses {
                if !zone.cidrs.is_empty() && !zone.cidrs.iter().any(|cidr| cidr.contains(ip)) {
                    out.push(
                        Problem::new(record.clone(), "ip_addresses", ProblemCode::IpOutsideZone)
                            .with("value", ip)
                            .with("zone", zone.id.as_str()),
                    );
                }
            }
        }
        if let Some(number) = asset
            .asset_number
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            && let Some(first) = numbers.insert(number, asset.id.as_str())
        {
            {
                out.push(
                    Problem::new(record, "asset_number", ProblemCode::DuplicateAssetNumber)
                        .with("value", number)
                        .with("other", first),
                );
            }
        }
    }
}

fn check_services(ledger: &Ledger, out: &mut Problems) {
    let mut seen = HashSet::new();
    for service in &ledger.services {
        if !seen.insert((service.asset_id.as_str(), service.port, service.protocol)) {
            out.push(
                Problem::new(
                    RecordRef::new(RecordKind::Services, service.id.as_str()),
                    "port",
                    ProblemCode::DuplicateService,
                )
                .with(
                    "value",
                    format!("{}/{}", service.protocol.code_text(), service.port),
                )
                .with("other", service.asset_id.as_str()),
            );
        }
    }
}

trait CodeText {
    fn code_text(self) -> &'static str;
}

impl<T: crate::CodeList> CodeText for T {
    fn code_text(self) -> &'static str {
        self.code()
    }
}

fn check_firewalls(ledger: &Ledger, out: &mut Problems) {
    let mut joined: HashMap<(&str, &str), &str> = HashMap::new();
    for firewall in &ledger.firewalls {
        let record = RecordRef::new(RecordKind::Firewalls, firewall.id.as_str());
        let zones: BTreeSet<&str> = firewall.zone_ids.iter().map(|z| z.as_str()).collect();
        if zones.len() < 2 {
            out.push(Problem::new(
                record.clone(),
                "zone_ids",
                ProblemCode::FirewallNeedsTwoZones,
            ));
        }
        let zones: Vec<&str> = zones.into_iter().collect();
        for (position, first) in zones.iter().enumerate() {
            for second in zones.iter().skip(position + 1) {
                if let Some(other) = joined.insert((first, second), firewall.id.as_str()) {
                    out.push(
                        Problem::new(record.clone(), "zone_ids", ProblemCode::ZonePairJoinedTwice)
                            .with("value", format!("{first} / {second}"))
                            .with("other", other),
                    );
                }
            }
        }
    }
}

fn check_rules(ledger: &Ledger, out: &mut Problems) {
    let firewall_zones: HashMap<&str, HashSet<&str>> = ledger
        .firewalls
        .iter()
        .map(|f| {
            (
                f.id.as_str(),
                f.zone_ids.iter().map(|z| z.as_str()).collect(),
            )
        })
        .collect();
    let mut positions = HashMap::new();
    for rule in &ledger.firewall_rules {
        let record = RecordRef::new(RecordKind::FirewallRules, rule.id.as_str());
        if let Some(other) =
            positions.insert((rule.firewall_id.as_str(), rule.position), rule.id.as_str())
        {
            out.push(
                Problem::new(
                    record.clone(),
                    "position",
                    ProblemCode::DuplicateRulePosition,
                )
                .with("value", rule.position)
                .with("other", other),
            );
        }
        if let Some(zones) = firewall_zones.get(rule.firewall_id.as_str()) {
            for (field, endpoint) in [("source", &rule.source), ("destination", &rule.destination)]
            {
                if let Endpoint::Zone { zone_id } = endpoint
                    && !zones.contains(zone_id.as_str())
                {
                    {
                        out.push(
                            Problem::new(record.clone(), field, ProblemCode::RuleZoneNotOnFirewall)
                                .with("value", zone_id.as_str())
                                .with("other", rule.firewall_id.as_str()),
                        );
                    }
                }
            }
        }
        let portless = matches!(rule.protocol, RuleProtocol::Any | RuleProtocol::Icmp);
        if portless && rule.ports != crate::PortSpec::Any {
            out.push(
                Problem::new(record, "ports", ProblemCode::PortsWithoutProtocol)
                    .with("value", rule.ports),
            );
        }
    }
}

fn check_accounts(ledger: &Ledger, index: &Index<'_>, out: &mut Problems) {
    for account in &ledger.accounts {
        for accepted in &account.accepted_on {
            if let AcceptedOn::Asset {
                asset_id,
                service_id: Some(service_id),
                ..
            } = accepted
            {
                check_service_on_asset(
                    RecordRef::new(RecordKind::Accounts, account.id.as_str()),
                    "accepted_on",
                    index,
                    service_id.as_str(),
                    asset_id.as_str(),
                    out,
                );
            }
        }
    }
}

fn check_vulnerabilities(ledger: &Ledger, index: &Index<'_>, out: &mut Problems) {
    for vulnerability in &ledger.vulnerabilities {
        if let VulnerabilityTarget::Asset {
            asset_id,
            service_id: Some(service_id),
        } = &vulnerability.target
        {
            check_service_on_asset(
                RecordRef::new(RecordKind::Vulnerabilities, vulnerability.id.as_str()),
                "target",
                index,
                service_id.as_str(),
                asset_id.as_str(),
                out,
            );
        }
    }
}

fn check_service_on_asset(
    record: RecordRef,
    field: &'static str,
    index: &Index<'_>,
    service_id: &str,
    asset_id: &str,
    out: &mut Problems,
) {
    if let Some(owner) = index.service_asset.get(service_id)
        && *owner != asset_id
    {
        {
            out.push(
                Problem::new(record, field, ProblemCode::ServiceNotOnAsset)
                    .with("value", service_id)
                    .with("other", asset_id),
            );
        }
    }
}

fn check_backups(ledger: &Ledger, out: &mut Problems) {
    for backup in &ledger.backups {
        if backup.medium == crate::BackupMedium::Online && backup.held_on.is_none() {
            out.push(Problem::new(
                RecordRef::new(RecordKind::Backups, backup.id.as_str()),
                "held_on",
                ProblemCode::OnlineBackupWithoutHolder,
            ));
        }
    }
}

fn check_connection_points(ledger: &Ledger, out: &mut Problems) {
    for point in &ledger.connection_points {
        if point.requires_authentication == Some(false) && point.mfa == Some(true) {
            out.push(Problem::new(
                RecordRef::new(RecordKind::ConnectionPoints, point.id.as_str()),
                "mfa",
                ProblemCode::MfaWithoutAuthentication,
            ));
        }
    }
    for contract in &ledger.contracts {
        if let (Some(start), Some(renewal)) = (contract.start_date, contract.renewal_date)
            && renewal < start
        {
            {
                out.push(
                    Problem::new(
                        RecordRef::new(RecordKind::Contracts, contract.id.as_str()),
                        "renewal_date",
                        ProblemCode::DatesOutOfOrder,
                    )
                    .with("value", renewal)
                    .with("other", start),
                );
            }
        }
    }
}

//! The facts compiled into dense integer indices, with every cross-reference resolved once.
//! Facts that name unknown records are reported as problems and left out here, so the engine
//! itself never looks anything up by string.

use std::collections::HashMap;
use std::hash::Hash;

use crate::facts::{
    Action, Effect, Endpoint, Facts, Holder, Level, Medium, Port, PortMatch, ProtoMatch,
    VulnLocation,
};
use crate::problem::{IdKind, Problem};

/// Where traffic originates: behind a connection point or on an asset with a foothold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Src {
    Point(u32),
    Asset(u32),
}

pub(crate) struct AssetRec {
    pub zone: u32,
}

pub(crate) struct ServiceRec {
    pub asset: u32,
    pub port: Port,
}

pub(crate) enum VulnAt {
    Service(u32),
    Local(u32),
    Point(u32),
}

pub(crate) struct VulnRec {
    pub fact: usize,
    pub at: VulnAt,
    pub effect: Effect,
    pub requires_auth: bool,
}

pub(crate) struct AcceptRec {
    pub group: u32,
    pub service: u32,
    pub level: Level,
}

pub(crate) struct PointRec {
    pub lands: Vec<u32>,
    pub requires_auth: bool,
    pub mfa: bool,
    pub ip_restricted: bool,
    pub accepts: Vec<u32>,
    pub vulns: Vec<u32>,
    pub stored: Vec<u32>,
}

/// A rule endpoint resolved to indices; unknown names become `Nothing`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ep {
    Any,
    Zone(u32),
    Asset(u32),
    Point(u32),
    Nothing,
}

pub(crate) struct RuleRec {
    pub fact: (usize, usize),
    pub src: Ep,
    pub dst: Ep,
    pub ports: PortMatch,
    pub proto: ProtoMatch,
    pub action: Action,
}

pub(crate) struct FirewallRec {
    pub zones: Vec<u32>,
    pub default: Action,
    /// Global indices of its rules, in order.
    pub rules: Vec<u32>,
}

pub(crate) struct BackupRec {
    pub medium: Medium,
    pub held_on: Option<u32>,
    pub console: Option<u32>,
}

/// The compiled facts.
pub(crate) struct Model {
    pub assets: Vec<AssetRec>,
    pub services: Vec<ServiceRec>,
    pub zone_services: Vec<Vec<u32>>,
    pub vulns: Vec<VulnRec>,
    pub service_vulns: Vec<Vec<u32>>,
    pub local_vulns: Vec<Vec<u32>>,
    pub known_groups: Vec<u32>,
    pub group_count: usize,
    pub accepts: Vec<AcceptRec>,
    pub service_accepts: Vec<Vec<u32>>,
    pub group_accepts: Vec<Vec<u32>>,
    pub asset_stored: Vec<Vec<u32>>,
    pub points: Vec<PointRec>,
    pub rules: Vec<RuleRec>,
    pub firewalls: Vec<FirewallRec>,
    pub backups: Vec<BackupRec>,
    /// Backups protecting each asset.
    pub asset_backups: Vec<Vec<u32>>,
    pub entries: Vec<u32>,
    pub jewels: Vec<u32>,
    pub zone_count: usize,
}

/// Id → index maps, built once per compile.
pub(crate) struct Index {
    pub zones: HashMap<String, u32>,
    pub assets: HashMap<String, u32>,
    pub points: HashMap<String, u32>,
    pub groups: HashMap<String, u32>,
    pub services: HashMap<(u32, Port), u32>,
}

fn index_ids<'a, I>(ids: I, kind: IdKind, problems: &mut Vec<Problem>) -> HashMap<String, u32>
where
    I: Iterator<Item = &'a str>,
{
    let mut map = HashMap::new();
    for (i, id) in ids.enumerate() {
        if map.contains_key(id) {
            problems.push(Problem::DuplicateId {
                kind,
                id: id.to_owned(),
            });
        } else {
            map.insert(id.to_owned(), i as u32);
        }
    }
    map
}

fn lookup(
    map: &HashMap<String, u32>,
    id: &str,
    kind: IdKind,
    by: impl FnOnce() -> String,
    problems: &mut Vec<Problem>,
) -> Option<u32> {
    let found = map.get(id).copied();
    if found.is_none() {
        problems.push(Problem::UnknownId {
            kind,
            id: id.to_owned(),
            referenced_by: by(),
        });
    }
    found
}

fn push_unique<K: Eq + Hash + Copy>(list: &mut Vec<K>, item: K) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// Compiles the facts; duplicates keep their first record.
pub(crate) fn compile(facts: &Facts) -> (Model, Index, Vec<Problem>) {
    let mut problems = Vec::new();
    let p = &mut problems;
    let zones = index_ids(facts.zones.iter().map(|z| z.id.as_str()), IdKind::Zone, p);
    let assets_ix = index_ids(facts.assets.iter().map(|a| a.id.as_str()), IdKind::Asset, p);
    let points_ix = index_ids(facts.points.iter().map(|x| x.id.as_str()), IdKind::Point, p);
    let groups = index_ids(
        facts.credential_groups.iter().map(|g| g.id.as_str()),
        IdKind::CredentialGroup,
        p,
    );
    // Indexed only to report duplicate ids.
    let _ = index_ids(
        facts.backups.iter().map(|b| b.id.as_str()),
        IdKind::Backup,
        p,
    );
    let rule_ids = facts
        .firewalls
        .iter()
        .flat_map(|f| f.rules.iter().map(|r| r.id.as_str()));
    let _ = index_ids(rule_ids, IdKind::Rule, p);
    let mut ix = Index {
        zones,
        assets: assets_ix,
        points: points_ix,
        groups,
        services: HashMap::new(),
    };
    let mut model = Model {
        assets: Vec::new(),
        services: Vec::new(),
        zone_services: vec![Vec::new(); facts.zones.len()],
        vulns: Vec::new(),
        service_vulns: Vec::new(),
        local_vulns: Vec::new(),
        known_groups: Vec::new(),
        group_count: facts.credential_groups.len(),
        accepts: Vec::new(),
        service_accepts: Vec::new(),
        group_accepts: vec![Vec::new(); facts.credential_groups.len()],
        asset_stored: Vec::new(),
        points: Vec::new(),
        rules: Vec::new(),
        firewalls: Vec::new(),
        backups: Vec::new(),
        asset_backups: vec![Vec::new(); facts.assets.len()],
        entries: Vec::new(),
        jewels: Vec::new(),
        zone_count: facts.zones.len(),
    };
    compile_assets(facts, &mut ix, &mut model, p);
    compile_groups(facts, &ix, &mut model, p);
    compile_points(facts, &ix, &mut model, p);
    compile_vulns(facts, &ix, &mut model, p);
    compile_firewalls(facts, &ix, &mut model, p);
    compile_backups(facts, &ix, &mut model, p);
    compile_entries(facts, &ix, &mut model, p);
    (model, ix, problems)
}

fn compile_assets(facts: &Facts, ix: &mut Index, m: &mut Model, p: &mut Vec<Problem>) {
    for (i, asset) in facts.assets.iter().enumerate() {
        // A duplicate keeps a placeholder slot so indices stay aligned with the facts; it
        // sits in no zone's service list and so is never reached.
        let first = ix.assets.get(asset.id.as_str()) == Some(&(i as u32));
        let by = || format!("asset {}", asset.id);
        let zone = if first {
            lookup(&ix.zones, asset.zone.as_str(), IdKind::Zone, by, p)
        } else {
            None
        };
        m.assets.push(AssetRec {
            zone: zone.unwrap_or(u32::MAX),
        });
        m.local_vulns.push(Vec::new());
        m.asset_stored.push(Vec::new());
        if zone.is_some() && asset.crown_jewel.is_some() {
            m.jewels.push(i as u32);
        }
    }
    for service in &facts.services {
        let by = || format!("service {}/{:?}", service.asset, service.port);
        let Some(asset) = lookup(&ix.assets, service.asset.as_str(), IdKind::Asset, by, p) else {
            continue;
        };
        let zone = m.assets[asset as usize].zone;
        if zone == u32::MAX || ix.services.contains_key(&(asset, service.port)) {
            continue;
        }
        let idx = m.services.len() as u32;
        ix.services.insert((asset, service.port), idx);
        m.services.push(ServiceRec {
            asset,
            port: service.port,
        });
        m.zone_services[zone as usize].push(idx);
        m.service_vulns.push(Vec::new());
        m.service_accepts.push(Vec::new());
    }
}

fn service_of(
    ix: &Index,
    asset: u32,
    port: Port,
    by: impl FnOnce() -> String,
    p: &mut Vec<Problem>,
    asset_id: &crate::ids::AssetId,
) -> Option<u32> {
    let found = ix.services.get(&(asset, port)).copied();
    if found.is_none() {
        p.push(Problem::UnrecordedService {
            asset: asset_id.clone(),
            port,
            referenced_by: by(),
        });
    }
    found
}

fn compile_groups(facts: &Facts, ix: &Index, m: &mut Model, p: &mut Vec<Problem>) {
    for (i, group) in facts.credential_groups.iter().enumerate() {
        if group.known_to_attacker && ix.groups.get(group.id.as_str()) == Some(&(i as u32)) {
            m.known_groups.push(i as u32);
        }
    }
    for accept in &facts.accepted_on {
        let by = || format!("accepted_on {} {}", accept.group, accept.asset);
        let group = lookup(
            &ix.groups,
            accept.group.as_str(),
            IdKind::CredentialGroup,
            by,
            p,
        );
        let asset = lookup(&ix.assets, accept.asset.as_str(), IdKind::Asset, by, p);
        let (Some(group), Some(asset)) = (group, asset) else {
            continue;
        };
        let Some(service) = service_of(ix, asset, accept.service, by, p, &accept.asset) else {
            continue;
        };
        let idx = m.accepts.len() as u32;
        m.accepts.push(AcceptRec {
            group,
            service,
            level: accept.level,
        });
        m.service_accepts[service as usize].push(idx);
        m.group_accepts[group as usize].push(idx);
    }
}

fn compile_points(facts: &Facts, ix: &Index, m: &mut Model, p: &mut Vec<Problem>) {
    for point in &facts.points {
        let by = || format!("point {}", point.id);
        let mut lands = Vec::new();
        for zone in &point.lands_in {
            if let Some(z) = lookup(&ix.zones, zone.as_str(), IdKind::Zone, by, p) {
                push_unique(&mut lands, z);
            }
        }
        if lands.is_empty() {
            p.push(Problem::PointLandsNowhere {
                point: point.id.clone(),
            });
        }
        let mut accepts = Vec::new();
        for group in &point.accepts {
            if let Some(g) = lookup(&ix.groups, group.as_str(), IdKind::CredentialGroup, by, p) {
                push_unique(&mut accepts, g);
            }
        }
        m.points.push(PointRec {
            lands,
            requires_auth: point.requires_auth,
            mfa: point.mfa,
            ip_restricted: point.source_ip_restricted,
            accepts,
            vulns: Vec::new(),
            stored: Vec::new(),
        });
    }
    for stored in &facts.stored_on {
        let by = || format!("stored_on {}", stored.group);
        let Some(g) = lookup(
            &ix.groups,
            stored.group.as_str(),
            IdKind::CredentialGroup,
            by,
            p,
        ) else {
            continue;
        };
        match &stored.on {
            Holder::Asset(a) => {
                if let Some(a) = lookup(&ix.assets, a.as_str(), IdKind::Asset, by, p) {
                    push_unique(&mut m.asset_stored[a as usize], g);
                }
            }
            Holder::Point(x) => {
                if let Some(x) = lookup(&ix.points, x.as_str(), IdKind::Point, by, p) {
                    push_unique(&mut m.points[x as usize].stored, g);
                }
            }
        }
    }
}

fn compile_vulns(facts: &Facts, ix: &Index, m: &mut Model, p: &mut Vec<Problem>) {
    for (fact, vuln) in facts.vulnerabilities.iter().enumerate() {
        let by = || format!("vulnerability {}", vuln.id);
        let at = match &vuln.on {
            VulnLocation::Point(x) => {
                lookup(&ix.points, x.as_str(), IdKind::Point, by, p).map(VulnAt::Point)
            }
            VulnLocation::Asset {
                asset: asset_id,
                service,
            } => {
                let Some(asset) = lookup(&ix.assets, asset_id.as_str(), IdKind::Asset, by, p)
                else {
                    continue;
                };
                match (vuln.effect.is_remote(), service) {
                    (true, None) => {
                        let asset = asset_id.clone();
                        p.push(Problem::RemoteVulnWithoutService {
                            vuln: vuln.id.clone(),
                            asset,
                        });
                        None
                    }
                    (true, Some(port)) => {
                        service_of(ix, asset, *port, by, p, asset_id).map(VulnAt::Service)
                    }
                    // A local escalation acts on the host whatever port it was found on.
                    (false, _) => Some(VulnAt::Local(asset)),
                }
            }
        };
        let Some(at) = at else { continue };
        let idx = m.vulns.len() as u32;
        match at {
            VulnAt::Service(s) => m.service_vulns[s as usize].push(idx),
            VulnAt::Local(a) => m.local_vulns[a as usize].push(idx),
            VulnAt::Point(x) => m.points[x as usize].vulns.push(idx),
        }
        m.vulns.push(VulnRec {
            fact,
            at,
            effect: vuln.effect,
            requires_auth: vuln.requires_auth,
        });
    }
}

fn resolve_endpoint(ix: &Index, ep: &Endpoint, by: &str, p: &mut Vec<Problem>) -> Ep {
    let by = || by.to_owned();
    let found = match ep {
        Endpoint::Any => return Ep::Any,
        Endpoint::Zone(z) => lookup(&ix.zones, z.as_str(), IdKind::Zone, by, p).map(Ep::Zone),
        Endpoint::Asset(a) => lookup(&ix.assets, a.as_str(), IdKind::Asset, by, p).map(Ep::Asset),
        Endpoint::Point(x) => lookup(&ix.points, x.as_str(), IdKind::Point, by, p).map(Ep::Point),
    };
    found.unwrap_or(Ep::Nothing)
}

fn compile_firewalls(facts: &Facts, ix: &Index, m: &mut Model, p: &mut Vec<Problem>) {
    let mut pair_owner: HashMap<(u32, u32), usize> = HashMap::new();
    for (f, fw) in facts.firewalls.iter().enumerate() {
        let mut zones = Vec::new();
        for zone in &fw.zones {
            let by = || format!("firewall {}", fw.id);
            if let Some(z) = lookup(&ix.zones, zone.as_str(), IdKind::Zone, by, p) {
                push_unique(&mut zones, z);
            }
        }
        if zones.len() < 2 {
            p.push(Problem::FirewallJoinsTooFewZones {
                firewall: fw.id.clone(),
            });
        }
        report_second_firewalls(facts, f, &zones, &mut pair_owner, p);
        let mut rules = Vec::new();
        for (r, rule) in fw.rules.iter().enumerate() {
            // A rule with a duplicate id still filters: dropping it could open a path.
            let by = format!("rule {}", rule.id);
            let src = resolve_endpoint(ix, &rule.src, &by, p);
            let mut dst = resolve_endpoint(ix, &rule.dst, &by, p);
            if let Ep::Point(_) = dst {
                p.push(Problem::PointAsDestination {
                    rule: rule.id.clone(),
                });
                dst = Ep::Nothing;
            }
            if let PortMatch::Range(low, high) = rule.ports
                && low > high
            {
                p.push(Problem::EmptyPortRange {
                    rule: rule.id.clone(),
                });
            }
            rules.push(m.rules.len() as u32);
            m.rules.push(RuleRec {
                fact: (f, r),
                src,
                dst,
                ports: rule.ports,
                proto: rule.proto,
                action: rule.action,
            });
        }
        m.firewalls.push(FirewallRec {
            zones,
            default: fw.default,
            rules,
        });
    }
}

fn report_second_firewalls(
    facts: &Facts,
    f: usize,
    zones: &[u32],
    pair_owner: &mut HashMap<(u32, u32), usize>,
    p: &mut Vec<Problem>,
) {
    for (i, &a) in zones.iter().enumerate() {
        for &b in &zones[i + 1..] {
            let key = (a.min(b), a.max(b));
            match pair_owner.get(&key) {
                Some(&first) => p.push(Problem::ZonePairJoinedTwice {
                    zones: (
                        facts.zones[key.0 as usize].id.clone(),
                        facts.zones[key.1 as usize].id.clone(),
                    ),
                    firewalls: (
                        facts.firewalls[first].id.clone(),
                        facts.firewalls[f].id.clone(),
                    ),
                }),
                None => {
                    pair_owner.insert(key, f);
                }
            }
        }
    }
}

fn compile_backups(facts: &Facts, ix: &Index, m: &mut Model, p: &mut Vec<Problem>) {
    for backup in &facts.backups {
        let by = || format!("backup {}", backup.id);
        let mut protects = Vec::new();
        for asset in &backup.protects {
            if let Some(a) = lookup(&ix.assets, asset.as_str(), IdKind::Asset, by, p) {
                push_unique(&mut protects, a);
            }
        }
        let mut resolve = |asset: &Option<crate::ids::AssetId>| {
            let id = asset.as_ref()?;
            lookup(&ix.assets, id.as_str(), IdKind::Asset, by, p)
        };
        let held_on = resolve(&backup.held_on);
        let console = resolve(&backup.managed_from);
        match backup.medium {
            Medium::Online if held_on.is_none() => {
                p.push(Problem::OnlineBackupWithoutHolder {
                    backup: backup.id.clone(),
                });
            }
            Medium::Immutable if console.is_none() => {
                p.push(Problem::ImmutableBackupWithoutConsole {
                    backup: backup.id.clone(),
                });
            }
            _ => {}
        }
        for &asset in &protects {
            m.asset_backups[asset as usize].push(m.backups.len() as u32);
        }
        m.backups.push(BackupRec {
            medium: backup.medium,
            held_on,
            console,
        });
    }
}

fn compile_entries(facts: &Facts, ix: &Index, m: &mut Model, p: &mut Vec<Problem>) {
    match &facts.entries {
        None => {
            for (i, point) in facts.points.iter().enumerate() {
                if ix.points.get(point.id.as_str()) == Some(&(i as u32)) {
                    m.entries.push(i as u32);
                }
            }
        }
        Some(chosen) => {
            for id in chosen {
                let by = || "entries".to_owned();
                if let Some(x) = lookup(&ix.points, id.as_str(), IdKind::Point, by, p) {
                    push_unique(&mut m.entries, x);
                }
            }
        }
    }
}

impl Model {
    /// The zones a source sends from.
    pub(crate) fn source_zones(&self, src: Src) -> &[u32] {
        match src {
            Src::Point(x) => &self.points[x as usize].lands,
            Src::Asset(a) => std::slice::from_ref(&self.assets[a as usize].zone),
        }
    }
}

//! The diagram's content before geometry: outside parties, connection points, zone nodes
//! (one per zone, or one per zone kind when a hospital has too many zones to draw) and the
//! allowed traffic between them, aggregated from the firewall rules.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use mamori_core::{
    Asset, CodeList, ConnectionPoint, ConnectionPointKind, Endpoint, FirewallAction, Ledger, Owner,
    PortSpec, RuleProtocol, VendorKind, ZoneKind,
};
use mamori_i18n::{Lang, enum_key, text};

/// More zones than this are drawn as one node per zone kind, with counts.
pub const MAX_ZONE_NODES: usize = 40;
/// Systems and key assets listed per zone box; the rest become counts.
pub const LISTED_PER_ZONE: usize = 3;

/// Where the edge of a line sits: a connection point or a zone node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum End {
    Point(usize),
    Zone(usize),
}

#[derive(Debug, Clone)]
pub struct Party {
    pub name: String,
    pub detail: String,
    /// Indices into `Graph::points`, adjacent in drawing order.
    pub points: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Point {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub vendor: Option<String>,
    pub owner_vendor: Option<String>,
    pub zones: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct ZoneNode {
    /// The ledger zone ids this node stands for (one unless collapsed).
    pub zone_ids: Vec<String>,
    pub name: String,
    pub kind: ZoneKind,
    pub network: String,
    pub asset_count: usize,
    pub systems: Vec<(String, usize)>,
    pub more_systems: usize,
    pub key_assets: Vec<(String, String)>,
    pub firewalls: Vec<String>,
    /// One node for all zones of its kind (the hospital has too many zones to draw).
    pub grouped: bool,
}

/// Allowed traffic between two ends, both directions folded into one line.
#[derive(Debug, Clone, Default)]
pub struct Traffic {
    pub forward: BTreeSet<String>,
    pub backward: BTreeSet<String>,
    pub firewalls: BTreeSet<String>,
    /// The connection point lands in this zone (its `zone_ids`).
    pub landing: bool,
}

#[derive(Debug, Clone)]
pub struct Graph {
    pub title: String,
    pub parties: Vec<Party>,
    pub points: Vec<Point>,
    pub zones: Vec<ZoneNode>,
    /// Keyed by (first, second) with first < second; `forward` is first → second.
    pub traffic: BTreeMap<(End, End), Traffic>,
    pub collapsed: bool,
    pub unzoned_assets: usize,
    pub vendors: Vec<(String, String, Vec<String>)>,
    pub firewalls: Vec<(String, String, usize)>,
    /// Asset id → zone node, for overlays.
    pub asset_node: HashMap<String, usize>,
    pub point_index: HashMap<String, usize>,
}

/// The drawing order of zone kinds in three layers: what faces the outside first, then the
/// core (servers, backup, management), then the clinical and departmental segments.
pub const KIND_ORDER: &[(ZoneKind, u8)] = &[
    (ZoneKind::Dmz, 0),
    (ZoneKind::Maintenance, 0),
    (ZoneKind::RegionalNetwork, 0),
    (ZoneKind::OfficeInternet, 0),
    (ZoneKind::Guest, 0),
    (ZoneKind::Server, 1),
    (ZoneKind::Backup, 1),
    (ZoneKind::Management, 1),
    (ZoneKind::Emr, 2),
    (ZoneKind::Departmental, 2),
    (ZoneKind::MedicalDevice, 2),
    (ZoneKind::Other, 2),
];

pub fn kind_rank(kind: ZoneKind) -> (u8, usize) {
    KIND_ORDER
        .iter()
        .position(|(k, _)| *k == kind)
        .map_or((2, KIND_ORDER.len()), |i| (KIND_ORDER[i].1, i))
}

pub fn kind_label(lang: Lang, kind: ZoneKind) -> String {
    text(lang, &enum_key(ZoneKind::LIST, kind.code()), &[])
}

/// `expand`: when zones collapse by kind, the kind whose zones are still drawn one by one
/// (the drill-down from a collapsed group).
pub fn build_graph(ledger: &Ledger, lang: Lang, expand: Option<ZoneKind>) -> Graph {
    let collapsed = ledger.zones.len() > MAX_ZONE_NODES;
    let (mut zones, zone_node) = zone_nodes(ledger, lang, collapsed, expand);
    let mut asset_node = HashMap::new();
    let mut unzoned_assets = 0;
    let mut per_node: Vec<Vec<&Asset>> = vec![Vec::new(); zones.len()];
    for asset in &ledger.assets {
        match asset
            .zone_id
            .as_ref()
            .and_then(|z| zone_node.get(z.as_str()))
        {
            Some(&node) => {
                asset_node.insert(asset.id.as_str().to_owned(), node);
                per_node[node].push(asset);
            }
            None => unzoned_assets += 1,
        }
    }
    for (node, assets) in zones.iter_mut().zip(&per_node) {
        describe_assets(ledger, node, assets);
    }
    attach_firewalls(ledger, &mut zones, &zone_node);
    let (parties, points) = parties_and_points(ledger, lang, &zone_node);
    let point_index = points
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.clone(), i))
        .collect();
    let mut graph = Graph {
        title: ledger.hospital.name.clone(),
        parties,
        points,
        zones,
        traffic: BTreeMap::new(),
        collapsed,
        unzoned_assets,
        vendors: vendor_rows(ledger, lang),
        firewalls: firewall_rows(ledger, lang),
        asset_node,
        point_index,
    };
    add_landings(&mut graph);
    add_rule_traffic(ledger, &mut graph, &zone_node);
    graph
}

fn zone_nodes(
    ledger: &Ledger,
    lang: Lang,
    collapsed: bool,
    expand: Option<ZoneKind>,
) -> (Vec<ZoneNode>, HashMap<&str, usize>) {
    let mut order: Vec<usize> = (0..ledger.zones.len()).collect();
    order.sort_by_key(|&i| (kind_rank(ledger.zones[i].kind), i));
    let mut nodes: Vec<ZoneNode> = Vec::new();
    let mut index = HashMap::new();
    let mut by_kind: HashMap<ZoneKind, usize> = HashMap::new();
    for i in order {
        let zone = &ledger.zones[i];
        let grouped = collapsed && expand != Some(zone.kind);
        let existing = grouped.then(|| by_kind.get(&zone.kind).copied()).flatten();
        let node = match existing {
            Some(node) => node,
            None => {
                nodes.push(ZoneNode {
                    zone_ids: Vec::new(),
                    name: zone.name.clone(),
                    kind: zone.kind,
                    network: network_line(zone),
                    asset_count: 0,
                    systems: Vec::new(),
                    more_systems: 0,
                    key_assets: Vec::new(),
                    firewalls: Vec::new(),
                    grouped,
                });
                by_kind.insert(zone.kind, nodes.len() - 1);
                nodes.len() - 1
            }
        };
        nodes[node].zone_ids.push(zone.id.as_str().to_owned());
        index.insert(zone.id.as_str(), node);
    }
    if collapsed {
        for node in nodes.iter_mut().filter(|n| n.grouped) {
            let count = node.zone_ids.len().to_string();
            node.name = text(
                lang,
                "diagram-zones-collapsed",
                &[("name", &kind_label(lang, node.kind)), ("count", &count)],
            );
            node.network = String::new();
        }
    }
    (nodes, index)
}

fn network_line(zone: &mamori_core::Zone) -> String {
    let mut parts = Vec::new();
    if let Some(first) = zone.cidrs.first() {
        parts.push(first.to_string());
    }
    if zone.cidrs.len() > 1 {
        parts.push(format!("+{}", zone.cidrs.len() - 1));
    }
    if let Some(vlan) = zone.vlan {
        parts.push(format!("VLAN {vlan}"));
    }
    parts.join(" · ")
}

fn describe_assets(ledger: &Ledger, node: &mut ZoneNode, assets: &[&Asset]) {
    node.asset_count = assets.len();
    let mut systems: BTreeMap<&str, usize> = BTreeMap::new();
    for asset in assets {
        if let Some(system) = &asset.system_id {
            *systems.entry(system.as_str()).or_default() += 1;
        }
    }
    let system_name = |id: &str| {
        ledger
            .systems
            .iter()
            .find(|s| s.id.as_str() == id)
            .map_or_else(|| id.to_owned(), |s| s.name.clone())
    };
    let mut ranked: Vec<(String, usize)> = systems
        .into_iter()
        .map(|(id, count)| (system_name(id), count))
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    node.more_systems = ranked.len().saturating_sub(LISTED_PER_ZONE);
    ranked.truncate(LISTED_PER_ZONE);
    node.systems = ranked;
    let mut key: Vec<&&Asset> = assets
        .iter()
        .filter(|a| {
            a.crown_jewel.is_some() || a.criticality.is_some_and(|c| c.code() == "critical")
        })
        .collect();
    key.sort_by_key(|a| (a.crown_jewel.is_none(), a.id.as_str()));
    node.key_assets = key
        .into_iter()
        .take(LISTED_PER_ZONE)
        .map(|a| (a.id.as_str().to_owned(), a.name.clone()))
        .collect();
}

fn attach_firewalls(ledger: &Ledger, zones: &mut [ZoneNode], zone_node: &HashMap<&str, usize>) {
    for firewall in &ledger.firewalls {
        for zone in &firewall.zone_ids {
            if let Some(&node) = zone_node.get(zone.as_str()) {
                let names = &mut zones[node].firewalls;
                if !names.contains(&firewall.name) {
                    names.push(firewall.name.clone());
                }
            }
        }
    }
}

fn parties_and_points(
    ledger: &Ledger,
    lang: Lang,
    zone_node: &HashMap<&str, usize>,
) -> (Vec<Party>, Vec<Point>) {
    let vendor_name = |id: &str| {
        ledger
            .vendors
            .iter()
            .find(|v| v.id.as_str() == id)
            .map(|v| (v.name.clone(), v.kind))
    };
    let mut keyed: Vec<(String, String, &ConnectionPoint)> = ledger
        .connection_points
        .iter()
        .map(|p| {
            let (name, detail) = party_of(p, lang, &vendor_name);
            (name, detail, p)
        })
        .collect();
    keyed.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| a.2.id.as_str().cmp(b.2.id.as_str()))
    });
    let mut parties: Vec<Party> = Vec::new();
    let mut points = Vec::new();
    for (name, detail, p) in keyed {
        let zones = p
            .zone_ids
            .iter()
            .filter_map(|z| zone_node.get(z.as_str()).copied())
            .collect();
        let owner_vendor = match &p.owner {
            Owner::Vendor { vendor_id } => {
                Some(vendor_name(vendor_id.as_str()).map_or_else(|| vendor_id.to_string(), |v| v.0))
            }
            Owner::Hospital => None,
        };
        points.push(Point {
            id: p.id.as_str().to_owned(),
            name: p.name.clone(),
            kind: text(
                lang,
                &enum_key(ConnectionPointKind::LIST, p.kind.code()),
                &[],
            ),
            vendor: p
                .vendor_id
                .as_ref()
                .and_then(|v| vendor_name(v.as_str()))
                .map(|v| v.0),
            owner_vendor,
            zones,
        });
        let index = points.len() - 1;
        match parties.last_mut() {
            Some(last) if last.name == name => last.points.push(index),
            _ => parties.push(Party {
                name,
                detail,
                points: vec![index],
            }),
        }
    }
    (parties, points)
}

/// Who is on the far side of a connection point: the vendor when it is a vendor's line,
/// else the kind of network (internet, regional network …), with the recorded peer as detail.
fn party_of(
    point: &ConnectionPoint,
    lang: Lang,
    vendor_name: &dyn Fn(&str) -> Option<(String, VendorKind)>,
) -> (String, String) {
    let peer = point.peer.clone().unwrap_or_default();
    let vendor = point
        .vendor_id
        .as_ref()
        .and_then(|v| vendor_name(v.as_str()));
    let by_kind = match point.kind {
        ConnectionPointKind::InternetLine => Some("diagram-party-internet"),
        ConnectionPointKind::CloudService => Some("diagram-party-cloud"),
        ConnectionPointKind::RegionalNetwork => Some("diagram-party-regional"),
        ConnectionPointKind::GuestWifi => Some("diagram-party-guests"),
        _ => None,
    };
    match (by_kind, vendor) {
        (None, Some((name, kind))) if kind != VendorKind::Telecom => (name, peer),
        (Some(key), _) => (text(lang, key, &[]), peer),
        (None, _) if !peer.is_empty() => (peer, String::new()),
        (None, _) => (text(lang, "diagram-party-outside", &[]), String::new()),
    }
}

fn vendor_rows(ledger: &Ledger, lang: Lang) -> Vec<(String, String, Vec<String>)> {
    ledger
        .vendors
        .iter()
        .map(|v| {
            let points = ledger
                .connection_points
                .iter()
                .filter(|p| p.vendor_id.as_ref() == Some(&v.id))
                .map(|p| p.name.clone())
                .collect();
            let kind = text(lang, &enum_key(VendorKind::LIST, v.kind.code()), &[]);
            (v.name.clone(), kind, points)
        })
        .collect()
}

fn firewall_rows(ledger: &Ledger, lang: Lang) -> Vec<(String, String, usize)> {
    let mut rules: HashMap<&str, usize> = HashMap::new();
    for rule in &ledger.firewall_rules {
        *rules.entry(rule.firewall_id.as_str()).or_default() += 1;
    }
    ledger
        .firewalls
        .iter()
        .map(|f| {
            let action = text(
                lang,
                &enum_key(FirewallAction::LIST, f.default_action.code()),
                &[],
            );
            let count = rules.get(f.id.as_str()).copied().unwrap_or(0);
            (f.name.clone(), action, count)
        })
        .collect()
}

fn add_landings(graph: &mut Graph) {
    for (index, point) in graph.points.iter().enumerate() {
        for &zone in &point.zones {
            let (key, _) = ordered(End::Point(index), End::Zone(zone));
            graph.traffic.entry(key).or_default().landing = true;
        }
    }
}

/// Enabled allow rules between different nodes. `any` means every zone the firewall joins;
/// a CIDR means every zone whose networks overlap it; an asset means its zone.
fn add_rule_traffic(ledger: &Ledger, graph: &mut Graph, zone_node: &HashMap<&str, usize>) {
    let joined: HashMap<&str, (Vec<End>, &str)> = ledger
        .firewalls
        .iter()
        .map(|f| {
            let ends = f
                .zone_ids
                .iter()
                .filter_map(|z| zone_node.get(z.as_str()).map(|&n| End::Zone(n)))
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            (f.id.as_str(), (ends, f.name.as_str()))
        })
        .collect();
    let mut all = std::mem::take(&mut graph.traffic);
    let resolver = Resolver::new(ledger, graph, zone_node);
    for rule in &ledger.firewall_rules {
        if !rule.enabled || rule.action != FirewallAction::Allow {
            continue;
        }
        let Some((any, firewall)) = joined.get(rule.firewall_id.as_str()) else {
            continue;
        };
        let sources = resolver.ends(&rule.source, any);
        let destinations = resolver.ends(&rule.destination, any);
        let service = service_text(rule.protocol, rule.ports);
        for &source in &sources {
            for &destination in &destinations {
                if source == destination {
                    continue;
                }
                let (key, forward) = ordered(source, destination);
                let traffic = all.entry(key).or_default();
                let set = if forward {
                    &mut traffic.forward
                } else {
                    &mut traffic.backward
                };
                if !set.contains(&service) {
                    set.insert(service.clone());
                }
                if !traffic.firewalls.contains(*firewall) {
                    traffic.firewalls.insert((*firewall).to_owned());
                }
            }
        }
    }
    graph.traffic = all;
}

struct Resolver<'a> {
    asset_node: &'a HashMap<String, usize>,
    point_index: &'a HashMap<String, usize>,
    zone_node: &'a HashMap<&'a str, usize>,
    networks: Vec<(mamori_core::Cidr, usize)>,
}

impl<'a> Resolver<'a> {
    fn new(ledger: &'a Ledger, graph: &'a Graph, zone_node: &'a HashMap<&'a str, usize>) -> Self {
        let networks = ledger
            .zones
            .iter()
            .flat_map(|z| {
                let node = zone_node.get(z.id.as_str()).copied();
                z.cidrs.iter().filter_map(move |c| node.map(|n| (*c, n)))
            })
            .collect();
        Resolver {
            asset_node: &graph.asset_node,
            point_index: &graph.point_index,
            zone_node,
            networks,
        }
    }

    fn ends(&self, endpoint: &Endpoint, any: &[End]) -> Vec<End> {
        match endpoint {
            Endpoint::Any => any.to_vec(),
            Endpoint::Zone { zone_id } => self
                .zone_node
                .get(zone_id.as_str())
                .map(|&n| End::Zone(n))
                .into_iter()
                .collect(),
            Endpoint::Asset { asset_id } => self
                .asset_node
                .get(asset_id.as_str())
                .map(|&n| End::Zone(n))
                .into_iter()
                .collect(),
            Endpoint::ConnectionPoint {
                connection_point_id,
            } => self
                .point_index
                .get(connection_point_id.as_str())
                .map(|&p| End::Point(p))
                .into_iter()
                .collect(),
            Endpoint::Cidr { cidr } => {
                let found: BTreeSet<End> = self
                    .networks
                    .iter()
                    .filter(|(net, _)| net.contains_net(cidr) || cidr.contains_net(net))
                    .map(|(_, n)| End::Zone(*n))
                    .collect();
                found.into_iter().collect()
            }
        }
    }
}

fn ordered(a: End, b: End) -> ((End, End), bool) {
    if a < b {
        ((a, b), true)
    } else {
        ((b, a), false)
    }
}

fn service_text(protocol: RuleProtocol, ports: PortSpec) -> String {
    let proto = protocol.code().to_uppercase();
    match (protocol, ports) {
        (RuleProtocol::Any, PortSpec::Any) | (RuleProtocol::Icmp, _) => proto,
        (_, PortSpec::Any) => format!("{proto}/*"),
        (_, PortSpec::One(port)) => format!("{proto}/{port}"),
        (_, PortSpec::Range(low, high)) => format!("{proto}/{low}-{high}"),
    }
}

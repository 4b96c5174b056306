//! Firewalls and their ordered rules. Each pair of zones is joined by at most one
//! firewall: the core firewall, the departmental/backup firewall, the internet edge, and
//! the core L3 switch that passes everything between the clinical zones (a firewall with
//! default allow). A larger hospital adds one segment firewall per twenty extra zones.
//!
//! The rules carry the broad allows real hospitals accumulate: the maintenance zone to
//! every server on any port, RDP from the VPN landing zone, the food server to the
//! servers, per-terminal exceptions.

use mamori_core::{
    AssetId, Endpoint, Firewall, FirewallAction as A, FirewallId, FirewallRule, FirewallRuleId,
    Owner, PortSpec, RuleProtocol as P, VendorId,
};

use crate::Gen;
use crate::assets::*;
use crate::zone::*;

/// Zones per segment firewall in a larger hospital.
const ZONES_PER_SEGMENT_FIREWALL: usize = 20;

/// Ports terminals need on the servers: AD, DNS, time, file, EMR.
pub(crate) const CLIENT_TO_SERVER: &[(P, u16, &str)] = &[
    (P::Tcp, 88, "Kerberos"),
    (P::Tcp, 389, "LDAP"),
    (P::Tcp, 636, "LDAPS"),
    (P::Tcp, 53, "DNS"),
    (P::Udp, 53, "DNS"),
    (P::Udp, 123, "NTP"),
    (P::Tcp, 445, "ファイル共有"),
    (P::Tcp, 443, "電子カルテ HTTPS"),
    (P::Tcp, 8080, "電子カルテ AP"),
];

/// Ports of per-terminal exceptions, with what they were requested for.
const EXCEPTION_PORTS: &[(u16, &str)] = &[
    (3389, "リモートデスクトップ"),
    (445, "共有フォルダ"),
    (1433, "DB直接参照"),
    (8443, "管理画面"),
    (5900, "VNC"),
    (22, "SSH"),
    (443, "Web"),
];

/// The rules of one firewall under construction.
pub(crate) struct Rules {
    firewall: String,
    position: u32,
}

impl Rules {
    pub(crate) fn new(firewall: &str) -> Self {
        Self {
            firewall: firewall.to_owned(),
            position: 0,
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn push(
        &mut self,
        g: &mut Gen,
        source: Endpoint,
        destination: Endpoint,
        protocol: P,
        port: Option<u16>,
        action: A,
        owner: Option<Owner>,
        description: &str,
    ) {
        self.position += 10;
        let ports = match (protocol, port) {
            (P::Tcp | P::Udp, Some(port)) => PortSpec::One(port),
            _ => PortSpec::Any,
        };
        g.ledger.firewall_rules.push(FirewallRule {
            id: FirewallRuleId(format!("{}-r{:05}", self.firewall, self.position / 10)),
            firewall_id: FirewallId(self.firewall.clone()),
            position: self.position,
            source,
            destination,
            protocol,
            ports,
            action,
            enabled: true,
            owner,
            description: Some(description.to_owned()),
        });
    }

    pub(crate) fn allow(
        &mut self,
        g: &mut Gen,
        source: Endpoint,
        destination: Endpoint,
        protocol: P,
        port: Option<u16>,
        description: &str,
    ) {
        self.push(
            g,
            source,
            destination,
            protocol,
            port,
            A::Allow,
            None,
            description,
        );
    }

    pub(crate) fn deny(
        &mut self,
        g: &mut Gen,
        source: Endpoint,
        destination: Endpoint,
        description: &str,
    ) {
        self.push(
            g,
            source,
            destination,
            P::Any,
            None,
            A::Deny,
            None,
            description,
        );
    }

    /// Per-terminal exceptions from `sources` to servers, `count` of them.
    pub(crate) fn exceptions(&mut self, g: &mut Gen, sources: &[AssetId], count: usize) {
        let servers = g.zone_assets.get(SRV).cloned().unwrap_or_default();
        if sources.is_empty() || servers.is_empty() {
            return;
        }
        for _ in 0..count {
            let source = sources.get(g.rng.index(sources.len())).cloned();
            let destination = servers.get(g.rng.index(servers.len())).cloned();
            let (port, purpose) = *g
                .rng
                .pick(EXCEPTION_PORTS)
                .unwrap_or(&(3389, "リモートデスクトップ"));
            let (Some(source), Some(destination)) = (source, destination) else {
                continue;
            };
            let number = g.rng.below(100_000);
            let description = format!("個別許可：{purpose}（申請No.{number:05}）");
            self.allow(
                g,
                asset(&source),
                asset(&destination),
                P::Tcp,
                Some(port),
                &description,
            );
            if g.rng.percent(3)
                && let Some(rule) = g.ledger.firewall_rules.last_mut()
            {
                rule.enabled = false;
                rule.description = Some(format!("{description}（無効化済み）"));
            }
        }
    }

    /// The standard client-to-server ports from one zone.
    pub(crate) fn client_ports(&mut self, g: &mut Gen, from: usize) {
        for (protocol, port, name) in CLIENT_TO_SERVER {
            let (source, destination) = (zone(g, from), zone(g, SRV));
            self.allow(g, source, destination, *protocol, Some(*port), name);
        }
    }
}

pub(crate) fn zone(g: &Gen, index: usize) -> Endpoint {
    Endpoint::Zone {
        zone_id: g.zone_id(index),
    }
}

pub(crate) fn asset(id: &AssetId) -> Endpoint {
    Endpoint::Asset {
        asset_id: id.clone(),
    }
}

pub(crate) fn named(id: &str) -> Endpoint {
    Endpoint::Asset {
        asset_id: AssetId::from(id),
    }
}

pub(crate) fn vendor(id: &str) -> Option<Owner> {
    Some(Owner::Vendor {
        vendor_id: VendorId::from(id),
    })
}

pub(crate) fn firewall(
    g: &mut Gen,
    id: &str,
    name: &str,
    zones: &[usize],
    default: A,
    asset_id: &str,
    notes: &str,
) {
    let zone_ids = zones.iter().map(|z| g.zone_id(*z)).collect();
    g.ledger.firewalls.push(Firewall {
        id: FirewallId::from(id),
        name: name.to_owned(),
        zone_ids,
        default_action: default,
        owner: Owner::Hospital,
        asset_id: Some(AssetId::from(asset_id)),
        notes: Some(notes.to_owned()),
    });
}

pub(crate) fn assets_in(g: &Gen, zones: &[usize], prefix: &str) -> Vec<AssetId> {
    zones
        .iter()
        .filter_map(|z| g.zone_assets.get(*z))
        .flatten()
        .filter(|id| id.as_str().starts_with(prefix))
        .cloned()
        .collect()
}

pub fn build(g: &mut Gen) {
    let quota = g.base_target() * 2 / 5;
    crate::policies::core(g, quota * 7 / 10);
    crate::policies::departmental(g, quota * 3 / 10);
    crate::policies::clinical_core(g);
    crate::policies::edge(g);
    segments(g);
}

/// One segment firewall per twenty extra zones, each also joining the server zone.
fn segments(g: &mut Gen) {
    let extra = g.extra_zones.clone();
    for (number, chunk) in extra.chunks(ZONES_PER_SEGMENT_FIREWALL).enumerate() {
        let id = format!("fw-seg-{:03}", number + 1);
        let mut zones = vec![SRV];
        zones.extend_from_slice(chunk);
        let name = format!("セグメントファイアウォール#{}（VDOM）", number + 1);
        firewall(
            g,
            &id,
            &name,
            &zones,
            A::Deny,
            FW_CORE,
            "院内基幹ファイアウォールの仮想ドメイン",
        );
        let mut r = Rules::new(&id);
        for zone_index in chunk {
            let before = g.ledger.firewall_rules.len();
            r.client_ports(g, *zone_index);
            let sources = g.zone_assets.get(*zone_index).cloned().unwrap_or_default();
            let quota = sources.len() * 2 / 5;
            let used = g.ledger.firewall_rules.len() - before;
            r.exceptions(g, &sources, quota.saturating_sub(used));
        }
        r.deny(g, Endpoint::Any, Endpoint::Any, "上記以外すべて拒否");
    }
}

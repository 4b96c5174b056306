//! Firewalls and their ordered rules. CIDR endpoints become zones or a single asset,
//! erring towards the answer that cannot hide a path: an allow rule applies to every zone
//! its CIDR overlaps, a deny rule only to the zones its CIDR covers completely.

use mamori_core::{
    Cidr, Endpoint as LedgerEndpoint, FirewallAction, FirewallRule, Ledger, PortSpec, RecordKind,
    RecordRef, RuleProtocol,
};
use mamori_paths as paths;

use crate::convert::{Note, NoteCode, owner};

pub(crate) fn convert_firewalls(ledger: &Ledger, notes: &mut Vec<Note>) -> Vec<paths::Firewall> {
    ledger
        .firewalls
        .iter()
        .map(|firewall| {
            let mut rules: Vec<&FirewallRule> = ledger
                .firewall_rules
                .iter()
                .filter(|rule| rule.firewall_id == firewall.id)
                .collect();
            rules.sort_by(|a, b| (a.position, &a.id).cmp(&(b.position, &b.id)));
            paths::Firewall {
                id: firewall.id.as_str().into(),
                zones: firewall
                    .zone_ids
                    .iter()
                    .map(|zone| zone.as_str().into())
                    .collect(),
                default: action(firewall.default_action),
                owner: owner(&firewall.owner),
                rules: rules
                    .into_iter()
                    .flat_map(|rule| convert_rule(ledger, rule, notes))
                    .collect(),
            }
        })
        .collect()
}

fn action(action: FirewallAction) -> paths::Action {
    match action {
        FirewallAction::Allow => paths::Action::Allow,
        FirewallAction::Deny => paths::Action::Deny,
    }
}

fn note(notes: &mut Vec<Note>, rule: &FirewallRule, code: NoteCode) {
    notes.push(Note {
        record: RecordRef::new(RecordKind::FirewallRules, rule.id.as_str()),
        code,
    });
}

/// One ledger rule as zero, one or several engine rules (one per resolved endpoint pair).
fn convert_rule(ledger: &Ledger, rule: &FirewallRule, notes: &mut Vec<Note>) -> Vec<paths::Rule> {
    if !rule.enabled {
        note(notes, rule, NoteCode::DisabledRuleSkipped);
        return Vec::new();
    }
    let proto = match rule.protocol {
        RuleProtocol::Any => paths::ProtoMatch::Any,
        RuleProtocol::Tcp => paths::ProtoMatch::Tcp,
        RuleProtocol::Udp => paths::ProtoMatch::Udp,
        RuleProtocol::Icmp => {
            note(notes, rule, NoteCode::IcmpRuleSkipped);
            return Vec::new();
        }
    };
    let allow = rule.action == FirewallAction::Allow;
    let sources = resolve(ledger, &rule.source, allow);
    let destinations = resolve(ledger, &rule.destination, allow);
    if matches!(rule.source, LedgerEndpoint::Cidr { .. })
        || matches!(rule.destination, LedgerEndpoint::Cidr { .. })
    {
        let code = if sources.is_empty() || destinations.is_empty() {
            NoteCode::CidrMatchesNoZone
        } else {
            NoteCode::CidrResolvedToZones
        };
        note(notes, rule, code);
    }
    let single = sources.len() * destinations.len() == 1;
    let mut converted = Vec::new();
    for src in &sources {
        for dst in &destinations {
            let id = if single {
                rule.id.as_str().to_owned()
            } else {
                format!("{}#{}", rule.id, converted.len() + 1)
            };
            converted.push(paths::Rule {
                id: id.into(),
                src: src.clone(),
                dst: dst.clone(),
                ports: ports(rule.ports),
                proto,
                action: action(rule.action),
                owner: rule.owner.as_ref().map(owner),
            });
        }
    }
    converted
}

fn ports(spec: PortSpec) -> paths::PortMatch {
    match spec {
        PortSpec::Any => paths::PortMatch::Any,
        PortSpec::One(port) => paths::PortMatch::One(port),
        PortSpec::Range(low, high) => paths::PortMatch::Range(low, high),
    }
}

fn resolve(ledger: &Ledger, endpoint: &LedgerEndpoint, allow: bool) -> Vec<paths::Endpoint> {
    match endpoint {
        LedgerEndpoint::Any => vec![paths::Endpoint::Any],
        LedgerEndpoint::Zone { zone_id } => vec![paths::Endpoint::Zone(zone_id.as_str().into())],
        LedgerEndpoint::Asset { asset_id } => {
            vec![paths::Endpoint::Asset(asset_id.as_str().into())]
        }
        LedgerEndpoint::ConnectionPoint {
            connection_point_id,
        } => {
            vec![paths::Endpoint::Point(connection_point_id.as_str().into())]
        }
        LedgerEndpoint::Cidr { cidr } => resolve_cidr(ledger, cidr, allow),
    }
}

fn resolve_cidr(ledger: &Ledger, cidr: &Cidr, allow: bool) -> Vec<paths::Endpoint> {
    let is_host = cidr.0.prefix_len() == cidr.0.max_prefix_len();
    if is_host {
        let address = cidr.0.addr();
        if let Some(asset) = ledger
            .assets
            .iter()
            .find(|asset| asset.ip_addresses.contains(&address))
        {
            return vec![paths::Endpoint::Asset(asset.id.as_str().into())];
        }
    }
    ledger
        .zones
        .iter()
        .filter(|zone| !zone.cidrs.is_empty())
        .filter(|zone| {
            if allow {
                zone.cidrs
                    .iter()
                    .any(|own| own.contains_net(cidr) || cidr.contains_net(own))
            } else {
                zone.cidrs.iter().all(|own| cidr.contains_net(own))
            }
        })
        .map(|zone| paths::Endpoint::Zone(zone.id.as_str().into()))
        .collect()
}

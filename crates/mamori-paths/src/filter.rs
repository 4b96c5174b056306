//! Rule 3 (filtering) evaluated once, at zone granularity.
//!
//! For every firewall F and every zone Z1 it joins (a *side*), the table lists the services in
//! F's other zones that a source in Z1 may reach, with the rule that decided. Sources that no
//! rule of F names are all alike (the side's *generic* list); a source that some rule of F names
//! gets a diff against the generic list. Host×host pairs are never built: the cost is one
//! ordered scan of the rules relevant to each destination service.

use std::collections::{HashMap, HashSet};

use crate::facts::Action;
use crate::model::{Ep, Model, Src};

/// Marks a decision taken by the firewall's default action rather than a rule.
pub(crate) const DEFAULT: u32 = u32::MAX;

/// One allowed destination service and the rule (global index) or `DEFAULT` that allowed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Pass {
    pub service: u32,
    pub rule: u32,
}

/// Traffic leaving zone `zone` through firewall `fw`.
pub(crate) struct Side {
    pub fw: u32,
    pub zone: u32,
    pub generic: Vec<Pass>,
}

/// How a named source differs from its side's generic list.
#[derive(Default)]
pub(crate) struct NamedDiff {
    /// Generic entries that do not apply to this source (sorted by service).
    pub minus: Vec<u32>,
    /// Entries that apply to this source instead or in addition.
    pub extra: Vec<Pass>,
}

/// Per firewall: rule positions indexed by destination, for the ordered scans.
struct DstIndex {
    any: Vec<u32>,
    zone: HashMap<u32, Vec<u32>>,
    asset: HashMap<u32, Vec<u32>>,
}

/// The filtering tables of all firewalls.
pub(crate) struct Passes {
    pub sides: Vec<Side>,
    pub zone_sides: Vec<Vec<u32>>,
    pub named: HashMap<(u32, Src), NamedDiff>,
    dst_index: Vec<DstIndex>,
}

fn build_dst_index(m: &Model, fw: u32) -> DstIndex {
    let mut index = DstIndex {
        any: Vec::new(),
        zone: HashMap::new(),
        asset: HashMap::new(),
    };
    for (pos, &rule) in m.firewalls[fw as usize].rules.iter().enumerate() {
        let pos = pos as u32;
        match m.rules[rule as usize].dst {
            Ep::Any => index.any.push(pos),
            Ep::Zone(z) => index.zone.entry(z).or_default().push(pos),
            Ep::Asset(a) => index.asset.entry(a).or_default().push(pos),
            Ep::Point(_) | Ep::Nothing => {}
        }
    }
    index
}

/// Global indices of F's rules whose destination, port and protocol match `service`, in order.
fn relevant_rules(m: &Model, index: &DstIndex, fw: u32, service: u32, out: &mut Vec<u32>) {
    out.clear();
    let svc = &m.services[service as usize];
    let zone = m.assets[svc.asset as usize].zone;
    let empty = Vec::new();
    let lists = [
        &index.any,
        index.zone.get(&zone).unwrap_or(&empty),
        index.asset.get(&svc.asset).unwrap_or(&empty),
    ];
    let mut cursor = [0usize; 3];
    let rules = &m.firewalls[fw as usize].rules;
    loop {
        // Three-way merge by rule position keeps the firewall's order.
        let next = (0..3)
            .filter(|&l| cursor[l] < lists[l].len())
            .min_by_key(|&l| lists[l][cursor[l]]);
        let Some(l) = next else { break };
        let pos = lists[l][cursor[l]];
        cursor[l] += 1;
        let rule = &m.rules[rules[pos as usize] as usize];
        if rule.ports.matches(svc.port.number) && rule.proto.matches(svc.port.proto) {
            out.push(rules[pos as usize]);
        }
    }
}

impl Passes {
    pub(crate) fn build(m: &Model) -> Passes {
        let mut passes = Passes {
            sides: Vec::new(),
            zone_sides: vec![Vec::new(); m.zone_count],
            named: HashMap::new(),
            dst_index: Vec::new(),
        };
        for fw in 0..m.firewalls.len() as u32 {
            passes.dst_index.push(build_dst_index(m, fw));
            if m.firewalls[fw as usize].zones.len() >= 2 {
                passes.build_firewall(m, fw);
            }
        }
        for diff in passes.named.values_mut() {
            diff.minus.sort_unstable();
        }
        passes
    }

    fn build_firewall(&mut self, m: &Model, fw: u32) {
        let firewall = &m.firewalls[fw as usize];
        let zones = &firewall.zones;
        let first_side = self.sides.len() as u32;
        for (local, &zone) in zones.iter().enumerate() {
            let side = first_side + local as u32;
            self.sides.push(Side {
                fw,
                zone,
                generic: Vec::new(),
            });
            self.zone_sides[zone as usize].push(side);
        }
        let local_of: HashMap<u32, usize> =
            zones.iter().enumerate().map(|(l, &z)| (z, l)).collect();
        self.register_named_sources(m, fw, &local_of, first_side);
        let mut relevant = Vec::new();
        let mut decided: Vec<Option<(Action, u32)>> = vec![None; zones.len()];
        let mut named = Named::default();
        for (dst_local, &dst_zone) in zones.iter().enumerate() {
            for &service in &m.zone_services[dst_zone as usize] {
                relevant_rules(m, &self.dst_index[fw as usize], fw, service, &mut relevant);
                decided.iter_mut().for_each(|d| *d = None);
                named.clear();
                scan_rules(m, &relevant, &local_of, dst_local, &mut decided, &mut named);
                self.emit(
                    firewall.default,
                    service,
                    dst_local,
                    first_side,
                    &decided,
                    &named.list,
                );
            }
        }
    }

    /// Every source a rule of `fw` names gets an entry, so "not named" means generic.
    fn register_named_sources(
        &mut self,
        m: &Model,
        fw: u32,
        local_of: &HashMap<u32, usize>,
        first_side: u32,
    ) {
        for &rule in &m.firewalls[fw as usize].rules {
            let src = match m.rules[rule as usize].src {
                Ep::Asset(a) => Src::Asset(a),
                Ep::Point(x) => Src::Point(x),
                _ => continue,
            };
            for zone in m.source_zones(src) {
                if let Some(&local) = local_of.get(zone) {
                    self.named
                        .entry((first_side + local as u32, src))
                        .or_default();
                }
            }
        }
    }

    fn emit(
        &mut self,
        default: Action,
        service: u32,
        dst_local: usize,
        first_side: u32,
        decided: &[Option<(Action, u32)>],
        named: &[(usize, Src, Action, u32)],
    ) {
        for (local, decision) in decided.iter().enumerate() {
            if local == dst_local {
                continue;
            }
            if let (Action::Allow, rule) = decision.unwrap_or((default, DEFAULT)) {
                self.sides[first_side as usize + local]
                    .generic
                    .push(Pass { service, rule });
            }
        }
        for &(local, src, action, rule) in named {
            let generic = decided[local].unwrap_or((default, DEFAULT));
            if generic == (action, rule) {
                continue;
            }
            let diff = self
                .named
                .entry((first_side + local as u32, src))
                .or_default();
            if generic.0 == Action::Allow {
                diff.minus.push(service);
            }
            if action == Action::Allow {
                diff.extra.push(Pass { service, rule });
            }
        }
    }

    /// Rule 3 for one source and service without the rules in `removed`: `Some(rule or
    /// DEFAULT)` when the traffic passes. `src` is `None` for a source no rule of `fw` names.
    pub(crate) fn decide_without(
        &self,
        m: &Model,
        side: u32,
        src: Option<Src>,
        service: u32,
        removed: &[u32],
    ) -> Option<u32> {
        let Side { fw, zone, .. } = self.sides[side as usize];
        let mut relevant = Vec::new();
        relevant_rules(m, &self.dst_index[fw as usize], fw, service, &mut relevant);
        for rule in relevant.into_iter().filter(|r| !removed.contains(r)) {
            let rec = &m.rules[rule as usize];
            let matches = match rec.src {
                Ep::Any => true,
                Ep::Zone(z) => z == zone,
                Ep::Asset(a) => src == Some(Src::Asset(a)),
                Ep::Point(x) => src == Some(Src::Point(x)),
                Ep::Nothing => false,
            };
            if matches {
                return (rec.action == Action::Allow).then_some(rule);
            }
        }
        (m.firewalls[fw as usize].default == Action::Allow).then_some(DEFAULT)
    }
}

/// Named sources decided for one destination service, first decision only.
#[derive(Default)]
struct Named {
    list: Vec<(usize, Src, Action, u32)>,
    seen: HashSet<(usize, Src)>,
}

impl Named {
    fn clear(&mut self) {
        if !self.list.is_empty() {
            self.list.clear();
            self.seen.clear();
        }
    }
}

/// The ordered scan for one destination service: fills the decision of each source zone and
/// of each named source decided before its zone.
fn scan_rules(
    m: &Model,
    relevant: &[u32],
    local_of: &HashMap<u32, usize>,
    dst_local: usize,
    decided: &mut [Option<(Action, u32)>],
    named: &mut Named,
) {
    let mut remaining = decided.len() - 1;
    for &rule in relevant {
        let rec = &m.rules[rule as usize];
        let decision = Some((rec.action, rule));
        match rec.src {
            Ep::Any => {
                for (local, slot) in decided.iter_mut().enumerate() {
                    if local != dst_local && slot.is_none() {
                        *slot = decision;
                    }
                }
                return;
            }
            Ep::Zone(z) => {
                if let Some(&local) = local_of.get(&z)
                    && local != dst_local
                    && decided[local].is_none()
                {
                    decided[local] = decision;
                    remaining -= 1;
                    if remaining == 0 {
                        return;
                    }
                }
            }
            Ep::Asset(a) => note_named(
                m,
                Src::Asset(a),
                rec.action,
                rule,
                local_of,
                dst_local,
                decided,
                named,
            ),
            Ep::Point(x) => note_named(
                m,
                Src::Point(x),
                rec.action,
                rule,
                local_of,
                dst_local,
                decided,
                named,
            ),
            Ep::Nothing => {}
        }
    }
}

#[allow(
    clippy::too_many_arguments,
    reason = "one step of the scan; a struct would only rename these"
)]
fn note_named(
    m: &Model,
    src: Src,
    action: Action,
    rule: u32,
    local_of: &HashMap<u32, usize>,
    dst_local: usize,
    decided: &[Option<(Action, u32)>],
    named: &mut Named,
) {
    for zone in m.source_zones(src) {
        let Some(&local) = local_of.get(zone) else {
            continue;
        };
        // A zone rule already decided for every source in the zone, this one included.
        if local == dst_local || decided[local].is_some() {
            continue;
        }
        if named.seen.insert((local, src)) {
            named.list.push((local, src, action, rule));
        }
    }
}

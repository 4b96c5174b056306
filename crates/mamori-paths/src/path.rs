//! Witness paths: the hops of one derivation, as data with ledger ids, and their extraction
//! from a run. Rendering into words is `explain`'s job.

use std::collections::HashSet;

use crate::engine::{HeldWhy, PresentWhy, Run, TakeWhy, Via};
use crate::facts::{Facts, Holder, Level, Port};
use crate::filter::{DEFAULT, Passes};
use crate::ids::{AssetId, CredGroupId, FirewallId, PointId, RuleId, VulnId};
use crate::model::{Model, Src};

/// Where the traffic of a hop came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Origin {
    /// From behind the entry point, in the zone it lands in.
    Behind(PointId),
    /// From an asset the attacker holds at least a user foothold on.
    Asset(AssetId),
}

/// Why the traffic of a hop passed (rule 3).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Passage {
    /// Source and service are in one zone.
    SameZone,
    /// The first matching rule allowed it.
    Rule { firewall: FirewallId, rule: RuleId },
    /// No rule matched and the firewall's default is allow.
    Default { firewall: FirewallId },
}

/// How the attacker got in through the entry point.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum EnterMeans {
    /// The point needs no authentication: presence only.
    Open,
    /// A held credential the point accepts, no MFA: presence only.
    LogOn { credential: CredGroupId },
    /// A vulnerability of the point (after the login when it needs one): control of the point.
    Exploit {
        vuln: VulnId,
        credential: Option<CredGroupId>,
    },
}

/// One step of a witness path, each permitted by the rules given the steps before it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Hop {
    Enter {
        point: PointId,
        means: EnterMeans,
    },
    /// A remote vulnerability on a reachable service gives control of the asset.
    Exploit {
        from: Origin,
        passage: Passage,
        asset: AssetId,
        port: Port,
        vuln: VulnId,
        credential: Option<CredGroupId>,
    },
    /// A held credential accepted on a reachable service: control (admin) or a user foothold.
    LogOn {
        from: Origin,
        passage: Passage,
        asset: AssetId,
        port: Port,
        credential: CredGroupId,
        level: Level,
    },
    /// A credential stored on a controlled asset or point is taken.
    Harvest {
        credential: CredGroupId,
        from: Holder,
    },
    /// A local privilege escalation turns a user foothold into control.
    Escalate {
        asset: AssetId,
        vuln: VulnId,
    },
}

/// A derived fact, as a node of the derivation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Fact {
    Present,
    EntryControl,
    Held(u32),
    Foothold(u32),
    Control(u32),
}

/// Turns indices back into ledger ids.
pub(crate) struct Names<'a> {
    pub facts: &'a Facts,
    pub model: &'a Model,
    pub passes: &'a Passes,
}

impl Names<'_> {
    pub(crate) fn asset(&self, a: u32) -> AssetId {
        self.facts.assets[a as usize].id.clone()
    }

    pub(crate) fn point(&self, x: u32) -> PointId {
        self.facts.points[x as usize].id.clone()
    }

    pub(crate) fn group(&self, g: u32) -> CredGroupId {
        self.facts.credential_groups[g as usize].id.clone()
    }

    fn vuln(&self, v: u32) -> VulnId {
        self.facts.vulnerabilities[self.model.vulns[v as usize].fact]
            .id
            .clone()
    }

    fn origin(&self, src: Src) -> Origin {
        match src {
            Src::Point(x) => Origin::Behind(self.point(x)),
            Src::Asset(a) => Origin::Asset(self.asset(a)),
        }
    }

    fn passage(&self, via: Via) -> Passage {
        match via {
            Via::SameZone => Passage::SameZone,
            Via::Side { side, rule } => {
                let fw = self.passes.sides[side as usize].fw as usize;
                let firewall = self.facts.firewalls[fw].id.clone();
                if rule == DEFAULT {
                    return Passage::Default { firewall };
                }
                let (f, r) = self.model.rules[rule as usize].fact;
                Passage::Rule {
                    firewall,
                    rule: self.facts.firewalls[f].rules[r].id.clone(),
                }
            }
        }
    }
}

/// The fact whose processing made `src` a source.
fn source_fact(run: &Run, src: Src) -> Fact {
    match src {
        Src::Point(_) => Fact::Present,
        Src::Asset(a) => {
            let foothold = run.foothold[a as usize].map(|s| s.seq);
            let control = run.control[a as usize].map(|s| s.seq);
            match (foothold, control) {
                (Some(f), Some(c)) if f < c => Fact::Foothold(a),
                (Some(_), None) => Fact::Foothold(a),
                _ => Fact::Control(a),
            }
        }
    }
}

pub(crate) fn take_of(run: &Run, fact: Fact) -> Option<(u32, TakeWhy)> {
    let (asset, stamp) = match fact {
        Fact::Foothold(a) => (a, run.foothold[a as usize]),
        Fact::Control(a) => (a, run.control[a as usize]),
        _ => return None,
    };
    stamp.map(|s| (asset, s.why))
}

/// The facts `fact` was first derived from.
fn premises(run: &Run, fact: Fact, out: &mut Vec<Fact>) {
    match fact {
        Fact::Present => match run.present.map(|s| s.why) {
            Some(PresentWhy::Login(g)) => out.push(Fact::Held(g)),
            Some(PresentWhy::Control) => out.push(Fact::EntryControl),
            Some(PresentWhy::Open) | None => {}
        },
        Fact::EntryControl => {
            if let Some(g) = run.entry_control.and_then(|s| s.why.login) {
                out.push(Fact::Held(g));
            }
        }
        Fact::Held(g) => match run.held[g as usize].map(|s| s.why) {
            Some(HeldWhy::StoredOnAsset(a)) => out.push(Fact::Control(a)),
            Some(HeldWhy::StoredOnEntry) => out.push(Fact::EntryControl),
            Some(HeldWhy::Known) | None => {}
        },
        Fact::Foothold(_) | Fact::Control(_) => {
            let Some((asset, why)) = take_of(run, fact) else {
                return;
            };
            match why {
                TakeWhy::Exploit { service, cred, .. } => {
                    if let Some(reach) = run.reach[service as usize] {
                        out.push(source_fact(run, reach.from));
                    }
                    out.extend(cred.map(Fact::Held));
                }
                TakeWhy::LogOn { service, cred } => {
                    if let Some(reach) = run.reach[service as usize] {
                        out.push(source_fact(run, reach.from));
                    }
                    out.push(Fact::Held(cred));
                }
                TakeWhy::Escalate { .. } => out.push(Fact::Foothold(asset)),
            }
        }
    }
}

fn seq_of(run: &Run, fact: Fact) -> u32 {
    let seq = match fact {
        Fact::Present => run.present.map(|s| s.seq),
        Fact::EntryControl => run.entry_control.map(|s| s.seq),
        Fact::Held(g) => run.held[g as usize].map(|s| s.seq),
        Fact::Foothold(a) => run.foothold[a as usize].map(|s| s.seq),
        Fact::Control(a) => run.control[a as usize].map(|s| s.seq),
    };
    seq.unwrap_or(0)
}

/// The witness path to control of `asset`: every fact its derivation needs, in order.
pub(crate) fn witness(names: &Names<'_>, run: &Run, asset: u32) -> Vec<Hop> {
    closure(run, &[Fact::Control(asset)])
        .into_iter()
        .filter_map(|fact| hop(names, run, fact))
        .collect()
}

/// Every fact the derivations of `roots` need, in derivation order.
pub(crate) fn closure(run: &Run, roots: &[Fact]) -> Vec<Fact> {
    let mut seen = HashSet::new();
    let mut stack = roots.to_vec();
    let mut needed = Vec::new();
    let mut scratch = Vec::new();
    while let Some(fact) = stack.pop() {
        if !seen.insert(fact) {
            continue;
        }
        needed.push((seq_of(run, fact), fact));
        scratch.clear();
        premises(run, fact, &mut scratch);
        stack.extend(scratch.iter().copied());
    }
    needed.sort_unstable_by_key(|&(seq, _)| seq);
    needed.into_iter().map(|(_, fact)| fact).collect()
}

fn hop(names: &Names<'_>, run: &Run, fact: Fact) -> Option<Hop> {
    let point = || names.point(run.entry);
    match fact {
        Fact::Present => {
            let means = match run.present?.why {
                PresentWhy::Open => EnterMeans::Open,
                PresentWhy::Login(g) => EnterMeans::LogOn {
                    credential: names.group(g),
                },
                // The control hop already says how the attacker got in.
                PresentWhy::Control => return None,
            };
            Some(Hop::Enter {
                point: point(),
                means,
            })
        }
        Fact::EntryControl => {
            let why = run.entry_control?.why;
            let means = EnterMeans::Exploit {
                vuln: names.vuln(why.vuln),
                credential: why.login.map(|g| names.group(g)),
            };
            Some(Hop::Enter {
                point: point(),
                means,
            })
        }
        Fact::Held(g) => match run.held[g as usize]?.why {
            HeldWhy::Known => None,
            HeldWhy::StoredOnAsset(a) => Some(Hop::Harvest {
                credential: names.group(g),
                from: Holder::Asset(names.asset(a)),
            }),
            HeldWhy::StoredOnEntry => Some(Hop::Harvest {
                credential: names.group(g),
                from: Holder::Point(point()),
            }),
        },
        Fact::Foothold(_) | Fact::Control(_) => {
            let (asset, why) = take_of(run, fact)?;
            Some(take_hop(names, run, fact, asset, why))
        }
    }
}

fn take_hop(names: &Names<'_>, run: &Run, fact: Fact, asset: u32, why: TakeWhy) -> Hop {
    let service_hop = |service: u32| {
        let reach = run.reach[service as usize];
        let (from, passage) = match reach {
            Some(r) => (names.origin(r.from), names.passage(r.via)),
            None => (Origin::Asset(names.asset(asset)), Passage::SameZone),
        };
        (from, passage, names.model.services[service as usize].port)
    };
    match why {
        TakeWhy::Exploit {
            service,
            vuln,
            cred,
        } => {
            let (from, passage, port) = service_hop(service);
            Hop::Exploit {
                from,
                passage,
                asset: names.asset(asset),
                port,
                vuln: names.vuln(vuln),
                credential: cred.map(|g| names.group(g)),
            }
        }
        TakeWhy::LogOn { service, cred } => {
            let (from, passage, port) = service_hop(service);
            let level = if matches!(fact, Fact::Control(_)) {
                Level::Admin
            } else {
                Level::User
            };
            Hop::LogOn {
                from,
                passage,
                asset: names.asset(asset),
                port,
                credential: names.group(cred),
                level,
            }
        }
        TakeWhy::Escalate { vuln } => Hop::Escalate {
            asset: names.asset(asset),
            vuln: names.vuln(vuln),
        },
    }
}

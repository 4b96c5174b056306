//! Exposure and impact per finding (a vulnerability on one asset or point), in the spirit of
//! BloodHound's findings: *exposure* is the share of entry points from which the attacker
//! gets to the vulnerability, *impact* is the crown jewels behind it.
//!
//! "Gets to" means, per kind of finding:
//! * a remote vulnerability on a service: the service is reachable from the entry's run;
//! * a local privilege escalation: the run holds a foothold or control of the asset;
//! * a vulnerability of a connection point: the point is that entry and not source-IP
//!   restricted.
//!
//! A vulnerability that needs a login counts as reached even when no credential opens it:
//! exposure says where the attacker stands in front of it, the witness paths say whether it
//! was used. The impact lists the (entry, crown jewel) pairs whose witness path uses the
//! vulnerability; the pairs patching it would cut are the patch fix of the fix ranking.

use std::collections::BTreeMap;

use crate::analysis::Engine;
use crate::facts::Holder;
use crate::fixes::Pair;
use crate::ids::{PointId, VulnId};
use crate::model::VulnAt;
use crate::path::{EnterMeans, Hop};

/// BloodHound's severity bands of exposure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExposureBand {
    /// 95–100 %.
    Critical,
    /// 80–94 %.
    High,
    /// 40–79 %.
    Moderate,
    /// 0–39 %.
    Low,
}

impl ExposureBand {
    /// Stable code (JSON, catalogue keys).
    pub fn code(self) -> &'static str {
        match self {
            ExposureBand::Critical => "critical",
            ExposureBand::High => "high",
            ExposureBand::Moderate => "moderate",
            ExposureBand::Low => "low",
        }
    }

    fn of_percent(percent: u32) -> Self {
        match percent {
            95.. => ExposureBand::Critical,
            80..=94 => ExposureBand::High,
            40..=79 => ExposureBand::Moderate,
            _ => ExposureBand::Low,
        }
    }
}

/// Exposure and impact of one finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingExposure {
    pub vuln: VulnId,
    pub on: Holder,
    /// Entry points from which the attacker gets to it, sorted.
    pub reached_from: Vec<PointId>,
    /// All entry points analysed.
    pub entries: u32,
    /// Pairs whose witness path uses the vulnerability, sorted.
    pub on_paths: Vec<Pair>,
}

impl FindingExposure {
    /// Whole percent of entry points that get to it (rounded down).
    pub fn percent(&self) -> u32 {
        if self.entries == 0 {
            return 0;
        }
        (self.reached_from.len() as u64 * 100 / u64::from(self.entries)) as u32
    }

    pub fn band(&self) -> ExposureBand {
        ExposureBand::of_percent(self.percent())
    }
}

impl Engine<'_> {
    /// Exposure and impact of every finding in the facts, most exposed first, then most
    /// pairs on paths, then by vulnerability id and holder.
    pub fn finding_exposure(&self) -> Vec<FindingExposure> {
        let names = self.names();
        let mut by_finding: BTreeMap<(VulnId, Holder), Vec<u32>> = BTreeMap::new();
        for (v, rec) in self.model.vulns.iter().enumerate() {
            let holder = match rec.at {
                VulnAt::Service(s) => {
                    Holder::Asset(names.asset(self.model.services[s as usize].asset))
                }
                VulnAt::Local(a) => Holder::Asset(names.asset(a)),
                VulnAt::Point(x) => Holder::Point(names.point(x)),
            };
            let id = self.facts.vulnerabilities[rec.fact].id.clone();
            by_finding.entry((id, holder)).or_default().push(v as u32);
        }
        let mut out: Vec<FindingExposure> = by_finding
            .into_iter()
            .map(|((vuln, on), vulns)| {
                let mut reached_from: Vec<PointId> = self
                    .base
                    .iter()
                    .filter(|b| vulns.iter().any(|&v| self.entry_gets_to(b, v)))
                    .map(|b| names.point(b.point))
                    .collect();
                reached_from.sort();
                let on_paths = self.pairs_using(&vuln, &on);
                FindingExposure {
                    vuln,
                    on,
                    reached_from,
                    entries: self.base.len() as u32,
                    on_paths,
                }
            })
            .collect();
        out.sort_by(|x, y| {
            y.reached_from
                .len()
                .cmp(&x.reached_from.len())
                .then(y.on_paths.len().cmp(&x.on_paths.len()))
                .then_with(|| (&x.vuln, &x.on).cmp(&(&y.vuln, &y.on)))
        });
        out
    }

    fn entry_gets_to(&self, base: &crate::analysis::EntryBase, vuln: u32) -> bool {
        match self.model.vulns[vuln as usize].at {
            VulnAt::Service(s) => base.reached_services.contains(s),
            VulnAt::Local(a) => base.controlled.contains(a) || base.footholds.contains(&a),
            VulnAt::Point(x) => base.point == x && base.entered != crate::Entered::Restricted,
        }
    }

    fn pairs_using(&self, vuln: &VulnId, on: &Holder) -> Vec<Pair> {
        let names = self.names();
        let mut out = Vec::new();
        for base in &self.base {
            let entry = names.point(base.point);
            for (jewel, path) in &base.witnesses {
                if path.iter().any(|hop| hop_uses(hop, vuln, on, &entry)) {
                    out.push(Pair {
                        entry: entry.clone(),
                        jewel: names.asset(*jewel),
                    });
                }
            }
        }
        out.sort();
        out
    }
}

fn hop_uses(hop: &Hop, vuln: &VulnId, on: &Holder, entry: &PointId) -> bool {
    match (hop, on) {
        (
            Hop::Exploit {
                asset, vuln: used, ..
            }
            | Hop::Escalate { asset, vuln: used },
            Holder::Asset(holder),
        ) => used == vuln && asset == holder,
        (
            Hop::Enter {
                point,
                means: EnterMeans::Exploit { vuln: used, .. },
            },
            Holder::Point(holder),
        ) => used == vuln && point == holder && point == entry,
        _ => false,
    }
}

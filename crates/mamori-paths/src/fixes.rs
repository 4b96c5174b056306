//! §3: single fixes, each evaluated by re-running the analysis with the change, ranked by
//! pairs cut, then recoveries restored, then stable id.
//!
//! Pruning (exact, never an estimate): every fix weakens the attacker, so the result with the
//! fix is a subset of the result without it. The base run of an entry records, for every fact,
//! the reason it was first derived; those reasons form a derivation of the whole result. If a
//! fix leaves every reason of that derivation valid, the same derivation still holds with the
//! fix, so the entry's result is unchanged and it is not re-run. A reason stays valid when:
//! * removing a rule: the rule decided none of the reaches used, or for each of them the next
//!   matching rule (or the default) still allows the same source to the same service;
//! * patching: none of the patched vulnerabilities appears in a reason;
//! * breaking a credential: the group's acceptance appears in no reason (holding it alone
//!   opens nothing);
//! * adding MFA: the entry is another point, or no login at the point appears in a reason;
//! * taking a backup offline: no run changes at all, only rule 6.

use std::collections::BTreeMap;

use crate::analysis::{BitSet, Engine, jewel_status};
use crate::engine::{Overlay, run_entry_until};
use crate::facts::{Action, Holder, Medium, Owner};
use crate::ids::{AssetId, BackupId, CredGroupId, PointId, RuleId, VulnId};
use crate::model::VulnAt;

/// A single change to the facts (the five fix kinds).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Change {
    /// The rule disappears; later rules or the default decide.
    RemoveRule(RuleId),
    /// Every record of the vulnerability on that asset or point disappears.
    PatchVuln { vuln: VulnId, on: Holder },
    /// Every holder gets its own secret: the group opens nothing any more.
    BreakCredential(CredGroupId),
    /// The copy becomes offline.
    TakeBackupOffline(BackupId),
    /// MFA is turned on at the point.
    AddMfa(PointId),
}

impl Change {
    /// The kind part of the stable id.
    pub fn kind(&self) -> &'static str {
        match self {
            Change::RemoveRule(_) => "remove_rule",
            Change::PatchVuln { .. } => "patch",
            Change::BreakCredential(_) => "break_credential",
            Change::TakeBackupOffline(_) => "backup_offline",
            Change::AddMfa(_) => "add_mfa",
        }
    }

    /// `kind:target`, the last ranking key.
    pub fn stable_id(&self) -> String {
        let target = match self {
            Change::RemoveRule(rule) => rule.to_string(),
            Change::PatchVuln {
                vuln,
                on: Holder::Asset(a),
            } => format!("{vuln}@asset:{a}"),
            Change::PatchVuln {
                vuln,
                on: Holder::Point(p),
            } => format!("{vuln}@point:{p}"),
            Change::BreakCredential(group) => group.to_string(),
            Change::TakeBackupOffline(backup) => backup.to_string(),
            Change::AddMfa(point) => point.to_string(),
        };
        format!("{}:{target}", self.kind())
    }
}

impl Change {
    /// The change a stable id names (`kind:target`, as [`Change::stable_id`] writes it).
    pub fn from_stable_id(text: &str) -> Option<Change> {
        let (kind, target) = text.trim().split_once(':')?;
        if target.is_empty() {
            return None;
        }
        let change = match kind {
            "remove_rule" => Change::RemoveRule(target.into()),
            "break_credential" => Change::BreakCredential(target.into()),
            "backup_offline" => Change::TakeBackupOffline(target.into()),
            "add_mfa" => Change::AddMfa(target.into()),
            "patch" => {
                let (vuln, on) = if let Some((vuln, asset)) = target.rsplit_once("@asset:") {
                    (vuln, Holder::Asset(asset.into()))
                } else {
                    let (vuln, point) = target.rsplit_once("@point:")?;
                    (vuln, Holder::Point(point.into()))
                };
                if vuln.is_empty() {
                    return None;
                }
                Change::PatchVuln {
                    vuln: vuln.into(),
                    on,
                }
            }
            _ => return None,
        };
        Some(change)
    }

    /// The target part of the stable id.
    pub fn target(&self) -> String {
        let id = self.stable_id();
        id.split_once(':')
            .map_or_else(String::new, |(_, target)| target.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: Option<Change>) {
        let got = Change::from_stable_id(text);
        assert_eq!(got, expected, "{text}");
        if let Some(change) = got {
            assert_eq!(change.stable_id(), text);
        }
    }

    #[test]
    fn stable_ids_read_back() {
        check("remove_rule:r-1", Some(Change::RemoveRule("r-1".into())));
        check(
            "break_credential:account:adm",
            Some(Change::BreakCredential("account:adm".into())),
        );
        check(
            "patch:CVE-2022-42475@point:cp-vpn",
            Some(Change::PatchVuln {
                vuln: "CVE-2022-42475".into(),
                on: Holder::Point("cp-vpn".into()),
            }),
        );
        check(
            "patch:v1@asset:srv",
            Some(Change::PatchVuln {
                vuln: "v1".into(),
                on: Holder::Asset("srv".into()),
            }),
        );
        check(
            "backup_offline:b1",
            Some(Change::TakeBackupOffline("b1".into())),
        );
        check("add_mfa:cp", Some(Change::AddMfa("cp".into())));
        check("patch:v1", None);
        check("close:r-1", None);
        check("remove_rule:", None);
        check("remove_rule", None);
    }
}

/// An (entry point, crown jewel) pair.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pair {
    pub entry: PointId,
    pub jewel: AssetId,
}

/// A ranked fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub id: String,
    pub change: Change,
    pub owner: Owner,
    /// Sorted.
    pub pairs_cut: Vec<Pair>,
    /// Sorted.
    pub recoveries_restored: Vec<AssetId>,
}

/// The ranking and what it cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixRanking {
    pub fixes: Vec<Fix>,
    /// Candidate fixes considered.
    pub candidates: usize,
    /// Entry fixpoints re-run (the rest were proven unchanged).
    pub reruns: usize,
}

/// A candidate with the indices it touches.
struct Candidate {
    change: Change,
    owner: Owner,
    target: Target,
}

enum Target {
    Rule(u32),
    Vulns(Vec<u32>),
    Group(u32),
    Backup(u32),
    Mfa(u32),
}

/// Ranks every single fix of §3 (see the module docs for the exact pruning).
pub fn rank_fixes(facts: &crate::facts::Facts) -> FixRanking {
    Engine::new(facts).rank_fixes()
}

impl Engine<'_> {
    fn candidates(&self) -> Vec<Candidate> {
        let mut out = Vec::new();
        self.rule_candidates(&mut out);
        self.patch_candidates(&mut out);
        self.credential_candidates(&mut out);
        for (b, backup) in self.facts.backups.iter().enumerate() {
            if backup.medium != Medium::Offline {
                out.push(Candidate {
                    change: Change::TakeBackupOffline(backup.id.clone()),
                    owner: backup.owner.clone(),
                    target: Target::Backup(b as u32),
                });
            }
        }
        for (x, point) in self.facts.points.iter().enumerate() {
            if point.requires_auth && !point.mfa {
                out.push(Candidate {
                    change: Change::AddMfa(point.id.clone()),
                    owner: point.owner.clone(),
                    target: Target::Mfa(x as u32),
                });
            }
        }
        out
    }

    fn rule_candidates(&self, out: &mut Vec<Candidate>) {
        for (r, rec) in self.model.rules.iter().enumerate() {
            if rec.action != Action::Allow {
                continue;
            }
            let (f, i) = rec.fact;
            let firewall = &self.facts.firewalls[f];
            let rule = &firewall.rules[i];
            out.push(Candidate {
                change: Change::RemoveRule(rule.id.clone()),
                owner: rule.owner.clone().unwrap_or_else(|| firewall.owner.clone()),
                target: Target::Rule(r as u32),
            });
        }
    }

    fn patch_candidates(&self, out: &mut Vec<Candidate>) {
        let mut groups: BTreeMap<(VulnId, Holder), Vec<u32>> = BTreeMap::new();
        for (v, rec) in self.model.vulns.iter().enumerate() {
            let holder = match rec.at {
                VulnAt::Service(s) => {
                    let asset = self.model.services[s as usize].asset;
                    Holder::Asset(self.facts.assets[asset as usize].id.clone())
                }
                VulnAt::Local(a) => Holder::Asset(self.facts.assets[a as usize].id.clone()),
                VulnAt::Point(x) => Holder::Point(self.facts.points[x as usize].id.clone()),
            };
            let id = self.facts.vulnerabilities[rec.fact].id.clone();
            groups.entry((id, holder)).or_default().push(v as u32);
        }
        for ((vuln, on), vulns) in groups {
            let owner = match &on {
                Holder::Asset(a) => self
                    .index
                    .assets
                    .get(a.as_str())
                    .map(|&i| &self.facts.assets[i as usize].owner),
                Holder::Point(x) => self
                    .index
                    .points
                    .get(x.as_str())
                    .map(|&i| &self.facts.points[i as usize].owner),
            };
            out.push(Candidate {
                owner: owner.cloned().unwrap_or_default(),
                change: Change::PatchVuln { vuln, on },
                target: Target::Vulns(vulns),
            });
        }
    }

    fn credential_candidates(&self, out: &mut Vec<Candidate>) {
        for (g, group) in self.facts.credential_groups.iter().enumerate() {
            if self.index.groups.get(group.id.as_str()) != Some(&(g as u32)) {
                continue;
            }
            // Counted on the recorded facts, as the table says, even where an acceptance
            // names an unrecorded service and so opens nothing in the analysis.
            let mut assets: Vec<&str> = self
                .facts
                .accepted_on
                .iter()
                .filter(|a| a.group == group.id)
                .map(|a| a.asset.as_str())
                .collect();
            assets.sort_unstable();
            assets.dedup();
            let points = self
                .facts
                .points
                .iter()
                .filter(|p| p.accepts.contains(&group.id))
                .count();
            if assets.len() + points >= 2 {
                out.push(Candidate {
                    change: Change::BreakCredential(group.id.clone()),
                    owner: group.owner.clone(),
                    target: Target::Group(g as u32),
                });
            }
        }
    }

    /// Whether the base derivation of entry `e` may not hold under the candidate.
    fn affects(&self, e: usize, target: &Target) -> bool {
        let support = &self.base[e].support;
        match target {
            Target::Rule(r) => support.rule_uses.get(r).is_some_and(|uses| {
                uses.iter().any(|&(side, class, service)| {
                    let still =
                        self.passes
                            .decide_without(&self.model, side, class, service, &[*r]);
                    still.is_none()
                })
            }),
            Target::Vulns(vulns) => vulns.iter().any(|v| support.vulns.contains(v)),
            Target::Group(g) => support.groups.contains(g),
            Target::Mfa(x) => self.base[e].point == *x && support.entry_login,
            Target::Backup(_) => false,
        }
    }

    fn overlay(target: &Target) -> Overlay {
        let mut ov = Overlay::default();
        match target {
            Target::Rule(r) => ov.removed_rules.push(*r),
            Target::Vulns(vulns) => ov.patched.extend(vulns),
            Target::Group(g) => ov.broken.push(*g),
            Target::Mfa(x) => ov.mfa.push(*x),
            Target::Backup(_) => {}
        }
        ov
    }

    /// Ranks every candidate fix; only those that cut a pair or restore a recovery are listed.
    pub fn rank_fixes(&self) -> FixRanking {
        let candidates = self.candidates();
        let base_sets: Vec<&BitSet> = self.base.iter().map(|b| &b.controlled).collect();
        let broken_before: Vec<u32> = self
            .model
            .jewels
            .iter()
            .copied()
            .filter(|&j| {
                !jewel_status(&self.model, j, &base_sets, None)
                    .broken_from
                    .is_empty()
            })
            .collect();
        let mut reruns = 0;
        let mut fixes = Vec::new();
        for candidate in &candidates {
            let mut after: Vec<Option<BitSet>> = vec![None; self.base.len()];
            let overlay = Self::overlay(&candidate.target);
            for (e, slot) in after.iter_mut().enumerate() {
                if self.affects(e, &candidate.target) {
                    reruns += 1;
                    // Stopping once every scoring target is controlled again is exact: the
                    // score only asks whether those assets are still controlled.
                    let base = &self.base[e];
                    let run = run_entry_until(
                        &self.model,
                        &self.passes,
                        &overlay,
                        base.point,
                        &base.targets,
                    );
                    let mut set = BitSet::new(self.model.assets.len());
                    for (a, stamp) in run.control.iter().enumerate() {
                        if stamp.is_some() {
                            set.insert(a as u32);
                        }
                    }
                    *slot = Some(set);
                }
            }
            let offline = matches!(candidate.target, Target::Backup(_));
            if !offline && after.iter().all(Option::is_none) {
                continue;
            }
            if let Some(fix) = self.score(candidate, &after, &broken_before) {
                fixes.push(fix);
            }
        }
        fixes.sort_by(|x, y| {
            y.pairs_cut
                .len()
                .cmp(&x.pairs_cut.len())
                .then(
                    y.recoveries_restored
                        .len()
                        .cmp(&x.recoveries_restored.len()),
                )
                .then_with(|| x.id.cmp(&y.id))
        });
        FixRanking {
            fixes,
            candidates: candidates.len(),
            reruns,
        }
    }

    fn score(
        &self,
        candidate: &Candidate,
        after: &[Option<BitSet>],
        broken_before: &[u32],
    ) -> Option<Fix> {
        let names = self.names();
        let sets: Vec<&BitSet> = self
            .base
            .iter()
            .zip(after)
            .map(|(b, a)| a.as_ref().unwrap_or(&b.controlled))
            .collect();
        let mut pairs_cut = Vec::new();
        for (e, b) in self.base.iter().enumerate() {
            if after[e].is_none() {
                continue;
            }
            for &(jewel, _) in &b.witnesses {
                if !sets[e].contains(jewel) {
                    pairs_cut.push(Pair {
                        entry: names.point(b.point),
                        jewel: names.asset(jewel),
                    });
                }
            }
        }
        let offline = match candidate.target {
            Target::Backup(b) => Some(b),
            _ => None,
        };
        let mut restored: Vec<AssetId> = broken_before
            .iter()
            .filter(|&&j| {
                jewel_status(&self.model, j, &sets, offline)
                    .broken_from
                    .is_empty()
            })
            .map(|&j| names.asset(j))
            .collect();
        if pairs_cut.is_empty() && restored.is_empty() {
            return None;
        }
        pairs_cut.sort();
        restored.sort();
        Some(Fix {
            id: candidate.change.stable_id(),
            change: candidate.change.clone(),
            owner: candidate.owner.clone(),
            pairs_cut,
            recoveries_restored: restored,
        })
    }
}

//! Applying a set of changes to the facts and comparing the answers before and after. This
//! re-analyses from scratch (no pruning), so it also serves as the oracle for fix ranking.

use std::collections::BTreeSet;

use crate::analysis::{Analysis, analyze};
use crate::facts::{Facts, Holder, Medium, VulnLocation};
use crate::fixes::{Change, Pair};
use crate::ids::AssetId;
use crate::problem::Problem;

/// The difference a set of changes makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhatIf {
    /// Changes that named nothing in the facts.
    pub problems: Vec<Problem>,
    /// Reached before, not after (sorted).
    pub pairs_cut: Vec<Pair>,
    /// Reached after, not before (possible when a deny rule is removed).
    pub pairs_added: Vec<Pair>,
    /// Broken before, not after (sorted).
    pub recoveries_restored: Vec<AssetId>,
    /// Broken after, not before.
    pub recoveries_broken: Vec<AssetId>,
    pub before: Analysis,
    pub after: Analysis,
}

/// The facts with the changes applied, and the changes that named nothing.
pub fn apply_changes(facts: &Facts, changes: &[Change]) -> (Facts, Vec<Problem>) {
    let mut out = facts.clone();
    let mut problems = Vec::new();
    for change in changes {
        if !apply_one(&mut out, change) {
            problems.push(Problem::UnknownChangeTarget {
                change: change.stable_id(),
            });
        }
    }
    (out, problems)
}

fn apply_one(facts: &mut Facts, change: &Change) -> bool {
    match change {
        Change::RemoveRule(id) => {
            let mut found = false;
            for firewall in &mut facts.firewalls {
                let before = firewall.rules.len();
                firewall.rules.retain(|r| &r.id != id);
                found |= firewall.rules.len() != before;
            }
            found
        }
        Change::PatchVuln { vuln, on } => {
            let before = facts.vulnerabilities.len();
            facts
                .vulnerabilities
                .retain(|v| !(&v.id == vuln && holder_of(&v.on) == *on));
            facts.vulnerabilities.len() != before
        }
        Change::BreakCredential(group) => {
            let known = facts.credential_groups.iter().any(|g| &g.id == group);
            facts.accepted_on.retain(|a| &a.group != group);
            for point in &mut facts.points {
                point.accepts.retain(|g| g != group);
            }
            known
        }
        Change::TakeBackupOffline(id) => {
            let mut found = false;
            for backup in facts.backups.iter_mut().filter(|b| &b.id == id) {
                backup.medium = Medium::Offline;
                found = true;
            }
            found
        }
        Change::AddMfa(id) => {
            let mut found = false;
            for point in facts.points.iter_mut().filter(|p| &p.id == id) {
                point.mfa = true;
                found = true;
            }
            found
        }
    }
}

fn holder_of(location: &VulnLocation) -> Holder {
    match location {
        VulnLocation::Asset { asset, .. } => Holder::Asset(asset.clone()),
        VulnLocation::Point(point) => Holder::Point(point.clone()),
    }
}

fn pairs(analysis: &Analysis) -> BTreeSet<Pair> {
    analysis
        .reached
        .iter()
        .map(|r| Pair {
            entry: r.entry.clone(),
            jewel: r.jewel.clone(),
        })
        .collect()
}

fn broken(analysis: &Analysis) -> BTreeSet<AssetId> {
    analysis
        .recovery
        .iter()
        .filter(|r| r.broken)
        .map(|r| r.jewel.clone())
        .collect()
}

/// Applies `changes` together and returns the difference they make.
pub fn what_if(facts: &Facts, changes: &[Change]) -> WhatIf {
    let (changed, problems) = apply_changes(facts, changes);
    compare(analyze(facts), analyze(&changed), problems)
}

/// The difference between two analyses: for changes that are not the five fix kinds (any
/// edit of the ledger the facts come from), analysed by the caller before and after.
pub fn compare(before: Analysis, after: Analysis, problems: Vec<Problem>) -> WhatIf {
    let (pairs_before, pairs_after) = (pairs(&before), pairs(&after));
    let (broken_before, broken_after) = (broken(&before), broken(&after));
    WhatIf {
        problems,
        pairs_cut: pairs_before.difference(&pairs_after).cloned().collect(),
        pairs_added: pairs_after.difference(&pairs_before).cloned().collect(),
        recoveries_restored: broken_before.difference(&broken_after).cloned().collect(),
        recoveries_broken: broken_after.difference(&broken_before).cloned().collect(),
        before,
        after,
    }
}

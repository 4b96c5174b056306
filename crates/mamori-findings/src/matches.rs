//! A whole ledger matched at once: every distinct CPE set is matched once (300 PCs of one
//! image share one answer), on all cores, and each target's findings are handed out on demand
//! from its set's answer, so a ledger with millions of findings never holds them all.

use std::collections::HashMap;

use mamori_core::Date;

use crate::exceptions::{Exception, TargetKind};
use crate::index::VulnIndex;
use crate::targets::Target;
use crate::{Finding, match_target};

/// The findings of every target; see [`Matches::new`].
#[derive(Debug)]
pub struct Matches<'a> {
    targets: &'a [Target],
    /// The findings of each distinct CPE set, addressed to the first target that carries it.
    groups: Vec<Vec<Finding<'a>>>,
    /// The group of each target, by position.
    group_of: Vec<usize>,
    /// Exceptions in force, by target.
    in_force: HashMap<(TargetKind, &'a str), Vec<&'a Exception>>,
}

impl<'a> Matches<'a> {
    /// Matches every target against the index and marks what an exception in force on `today`
    /// accepts. Targets with the same CPE names as written (`Target::cpe_key`) get the same
    /// findings, so each distinct set is matched once.
    pub fn new(
        targets: &'a [Target],
        index: &'a VulnIndex,
        exceptions: &'a [Exception],
        today: Date,
    ) -> Matches<'a> {
        let mut first: HashMap<&'a str, usize> = HashMap::new();
        let mut leaders: Vec<&'a Target> = Vec::new();
        let group_of = targets
            .iter()
            .map(|target| {
                *first.entry(target.cpe_key.as_str()).or_insert_with(|| {
                    leaders.push(target);
                    leaders.len() - 1
                })
            })
            .collect();
        let mut in_force: HashMap<(TargetKind, &'a str), Vec<&'a Exception>> = HashMap::new();
        for exception in exceptions.iter().filter(|e| e.holds_on(today)) {
            in_force
                .entry((exception.target_kind, exception.target_id.as_str()))
                .or_default()
                .push(exception);
        }
        Matches {
            targets,
            groups: match_leaders(&leaders, index),
            group_of,
            in_force,
        }
    }

    pub fn targets(&self) -> &'a [Target] {
        self.targets
    }

    /// How many distinct CPE sets were matched.
    pub fn distinct_cpe_sets(&self) -> usize {
        self.groups.len()
    }

    /// How many findings the target at `position` has (accepted ones included).
    pub fn count_on(&self, position: usize) -> usize {
        self.group_of
            .get(position)
            .and_then(|&g| self.groups.get(g))
            .map_or(0, Vec::len)
    }

    /// How many findings all targets have (accepted ones included).
    pub fn len(&self) -> usize {
        (0..self.targets.len()).map(|i| self.count_on(i)).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The findings of the target at `position`, strongest tier first, then by CVE.
    pub fn on_target(&self, position: usize) -> impl Iterator<Item = Finding<'a>> + '_ {
        let target = self.targets.get(position);
        let group = self
            .group_of
            .get(position)
            .and_then(|&g| self.groups.get(g))
            .map_or(&[][..], Vec::as_slice);
        let exceptions = target
            .and_then(|t| self.in_force.get(&(t.kind, t.id.as_str())))
            .map_or(&[][..], Vec::as_slice);
        target.into_iter().flat_map(move |target| {
            group.iter().map(move |shared| {
                let mut finding = shared.clone();
                finding.asset_id = &target.id;
                finding.target_kind = target.kind;
                finding.target_name = &target.name;
                finding.crown_jewel = target.crown_jewel.as_deref();
                finding.accepted_by = exceptions
                    .iter()
                    .find(|e| e.covers(target.kind, &target.id, finding.cve))
                    .map(|e| e.id.as_str());
                finding
            })
        })
    }

    /// Every finding, by target in ledger order.
    pub fn iter(&self) -> impl Iterator<Item = Finding<'a>> + '_ {
        (0..self.targets.len()).flat_map(|i| self.on_target(i))
    }

    /// Whether findings on the target at `position` can be alerts at all (a connection point
    /// or a crown jewel): the others' findings need not be looked at for an alert list.
    pub fn may_alert(&self, position: usize) -> bool {
        self.targets
            .get(position)
            .is_some_and(|t| t.kind == TargetKind::ConnectionPoint || t.crown_jewel.is_some())
    }

    /// The alerts, by target in ledger order, without building any other finding.
    pub fn alerts(&self) -> impl Iterator<Item = Finding<'a>> + '_ {
        (0..self.targets.len())
            .filter(|&i| self.may_alert(i))
            .flat_map(|i| self.on_target(i))
            .filter(Finding::is_alert)
    }
}

/// The findings of each leader, on the machine's cores (the work is pure).
fn match_leaders<'a>(leaders: &[&'a Target], index: &'a VulnIndex) -> Vec<Vec<Finding<'a>>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    if threads == 1 || leaders.len() < 2 {
        return leaders.iter().map(|&t| one(t, index)).collect();
    }
    // Interleaved, so that the expensive sets (Windows PCs) spread over the threads.
    let mut parts: Vec<Vec<(usize, Vec<Finding<'a>>)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|start| {
                scope.spawn(move || {
                    leaders
                        .iter()
                        .enumerate()
                        .skip(start)
                        .step_by(threads)
                        .map(|(i, &t)| (i, one(t, index)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    let mut groups: Vec<Vec<Finding<'a>>> = vec![Vec::new(); leaders.len()];
    for part in &mut parts {
        for (i, findings) in part.drain(..) {
            if let Some(slot) = groups.get_mut(i) {
                *slot = findings;
            }
        }
    }
    groups
}

fn one<'a>(target: &'a Target, index: &'a VulnIndex) -> Vec<Finding<'a>> {
    let mut out = Vec::new();
    match_target(target, index, &mut out);
    out
}

//! The answers of the model: per entry point what the attacker gains, per reached crown jewel
//! one witness path, per crown jewel whether recovery is broken (rules 5 and 6), and exposure.

use std::collections::{HashMap, HashSet};

use crate::engine::{Overlay, PresentWhy, Run, Stamped, TakeWhy, Via, run_entry};
use crate::facts::{Facts, Medium};
use crate::filter::{DEFAULT, Passes};
use crate::ids::{AssetId, BackupId, CredGroupId, PointId};
use crate::model::{Index, Model, Src, compile};
use crate::path::{Fact, Hop, Names, closure, take_of, witness};
use crate::problem::Problem;

/// A fixed-size set of small integers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BitSet(Vec<u64>);

impl BitSet {
    pub(crate) fn new(len: usize) -> Self {
        Self(vec![0; len.div_ceil(64)])
    }

    pub(crate) fn insert(&mut self, i: u32) {
        self.0[(i / 64) as usize] |= 1 << (i % 64);
    }

    pub(crate) fn contains(&self, i: u32) -> bool {
        self.0[(i / 64) as usize] & (1 << (i % 64)) != 0
    }
}

/// What entering through a point gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entered {
    /// Source-IP restricted: nothing happens through it.
    Restricted,
    /// Not entered: authentication needed and no held credential or vulnerability opens it.
    No,
    /// Network presence behind the point.
    Present,
    /// Control of the point itself (and presence behind it).
    Controlled,
}

/// Per entry point: what the attacker ends up with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryResult {
    pub entry: PointId,
    pub entered: Entered,
    /// Sorted by id.
    pub controlled: Vec<AssetId>,
    /// Assets with a user foothold and no control, sorted by id.
    pub footholds: Vec<AssetId>,
    /// Sorted by id; includes the groups known from the start.
    pub held: Vec<CredGroupId>,
}

/// An (entry, crown jewel) pair the attacker reaches, with one witness path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReachedPair {
    pub entry: PointId,
    pub jewel: AssetId,
    pub path: Vec<Hop>,
}

/// One backup copy of a crown jewel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyStatus {
    pub backup: BackupId,
    pub medium: Medium,
    pub restore_tested: bool,
    /// Entry points under which this copy is attackable.
    pub attackable_from: Vec<PointId>,
}

/// Rule 6 for one crown jewel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovery {
    pub jewel: AssetId,
    pub kind: String,
    /// Entry points that reach the jewel.
    pub reached_from: Vec<PointId>,
    /// Entry points under which the jewel is reached and every copy is attackable.
    pub broken_from: Vec<PointId>,
    pub broken: bool,
    pub copies: Vec<CopyStatus>,
    /// Recovery is not broken, but under some entry that reaches the jewel every surviving
    /// copy is one whose restore was never tested. Never changes `broken`.
    pub survivor_untested: bool,
}

/// How many entry points control an asset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exposure {
    pub asset: AssetId,
    pub controlled_from: u32,
    pub entries: u32,
}

impl Exposure {
    /// Share of entry points that control the asset, 0.0–1.0.
    pub fn share(&self) -> f64 {
        if self.entries == 0 {
            0.0
        } else {
            f64::from(self.controlled_from) / f64::from(self.entries)
        }
    }
}

/// The whole answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysis {
    /// Problems in the facts; when not empty, paths may be missing.
    pub problems: Vec<Problem>,
    /// In the order of the entry points.
    pub entries: Vec<EntryResult>,
    /// Sorted by entry order, then jewel id.
    pub reached: Vec<ReachedPair>,
    /// One per crown jewel, sorted by jewel id.
    pub recovery: Vec<Recovery>,
    /// Assets controlled from at least one entry, most exposed first, then by id.
    pub exposure: Vec<Exposure>,
}

/// What a base run leaves for fix ranking: which items the derivations of its scoring
/// targets used.
#[derive(Debug, Default)]
pub(crate) struct Support {
    /// Per rule: the (side, named source or none, service) reaches it decided.
    pub rule_uses: HashMap<u32, Vec<(u32, Option<Src>, u32)>>,
    pub vulns: HashSet<u32>,
    pub groups: HashSet<u32>,
    /// Entering used a login at the point (so MFA there could matter).
    pub entry_login: bool,
}

/// The base result for one entry point.
pub(crate) struct EntryBase {
    pub point: u32,
    pub entered: Entered,
    pub controlled: BitSet,
    pub controlled_list: Vec<u32>,
    pub footholds: Vec<u32>,
    pub held: Vec<u32>,
    /// Services the run reached (per-finding exposure).
    pub reached_services: BitSet,
    pub support: Support,
    /// Scoring targets (see `scoring_targets`).
    pub targets: Vec<u32>,
    pub witnesses: Vec<(u32, Vec<Hop>)>,
}

/// Compiled facts plus the base analysis; reused by fix ranking.
pub struct Engine<'f> {
    pub(crate) facts: &'f Facts,
    pub(crate) model: Model,
    pub(crate) index: Index,
    pub(crate) passes: Passes,
    pub(crate) problems: Vec<Problem>,
    pub(crate) base: Vec<EntryBase>,
}

impl std::fmt::Debug for Engine<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("entries", &self.base.len())
            .field("problems", &self.problems)
            .finish_non_exhaustive()
    }
}

/// The problems in the facts, without analysing them.
pub fn validate(facts: &Facts) -> Vec<Problem> {
    compile(facts).2
}

/// Analyses the facts (compile, filter tables, one fixpoint per entry point).
pub fn analyze(facts: &Facts) -> Analysis {
    Engine::new(facts).analysis()
}

impl<'f> Engine<'f> {
    pub fn new(facts: &'f Facts) -> Self {
        let (model, index, problems) = compile(facts);
        let passes = Passes::build(&model);
        let mut engine = Engine {
            facts,
            model,
            index,
            passes,
            problems,
            base: Vec::new(),
        };
        let overlay = Overlay::default();
        for &point in &engine.model.entries {
            let run = run_entry(&engine.model, &engine.passes, &overlay, point);
            let base = engine.summarize(&run);
            engine.base.push(base);
        }
        engine
    }

    pub(crate) fn names(&self) -> Names<'_> {
        Names {
            facts: self.facts,
            model: &self.model,
            passes: &self.passes,
        }
    }

    /// Problems found while compiling the facts.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    fn summarize(&self, run: &Run) -> EntryBase {
        let mut controlled = BitSet::new(self.model.assets.len());
        let mut controlled_list = Vec::new();
        let mut footholds = Vec::new();
        for asset in 0..self.model.assets.len() as u32 {
            if run.control[asset as usize].is_some() {
                controlled.insert(asset);
                controlled_list.push(asset);
            } else if run.foothold[asset as usize].is_some() {
                footholds.push(asset);
            }
        }
        let held = (0..self.model.group_count as u32)
            .filter(|&g| run.held[g as usize].is_some())
            .collect();
        let mut reached_services = BitSet::new(self.model.services.len());
        for (service, why) in run.reach.iter().enumerate() {
            if why.is_some() {
                reached_services.insert(service as u32);
            }
        }
        let targets = scoring_targets(&self.model, &controlled);
        let names = self.names();
        let witnesses = self
            .model
            .jewels
            .iter()
            .filter(|&&j| controlled.contains(j))
            .map(|&j| (j, witness(&names, run, j)))
            .collect();
        EntryBase {
            point: run.entry,
            entered: entered(run),
            controlled,
            controlled_list,
            footholds,
            held,
            reached_services,
            support: support(&self.passes, run, &targets),
            targets,
            witnesses,
        }
    }

    /// The answers, with ids.
    pub fn analysis(&self) -> Analysis {
        let names = self.names();
        let sorted_assets = |list: &[u32]| {
            let mut ids: Vec<AssetId> = list.iter().map(|&a| names.asset(a)).collect();
            ids.sort();
            ids
        };
        let entries = self
            .base
            .iter()
            .map(|b| {
                let mut held: Vec<CredGroupId> = b.held.iter().map(|&g| names.group(g)).collect();
                held.sort();
                EntryResult {
                    entry: names.point(b.point),
                    entered: b.entered,
                    controlled: sorted_assets(&b.controlled_list),
                    footholds: sorted_assets(&b.footholds),
                    held,
                }
            })
            .collect();
        let mut reached = Vec::new();
        for b in &self.base {
            let mut pairs: Vec<ReachedPair> = b
                .witnesses
                .iter()
                .map(|(j, path)| ReachedPair {
                    entry: names.point(b.point),
                    jewel: names.asset(*j),
                    path: path.clone(),
                })
                .collect();
            pairs.sort_by(|x, y| x.jewel.cmp(&y.jewel));
            reached.extend(pairs);
        }
        Analysis {
            problems: self.problems.clone(),
            entries,
            reached,
            recovery: self.recovery(),
            exposure: self.exposure(),
        }
    }

    fn recovery(&self) -> Vec<Recovery> {
        let names = self.names();
        let sets: Vec<&BitSet> = self.base.iter().map(|b| &b.controlled).collect();
        let entry_ids = |which: &[usize]| {
            which
                .iter()
                .map(|&i| names.point(self.base[i].point))
                .collect()
        };
        let mut out: Vec<Recovery> = self
            .model
            .jewels
            .iter()
            .map(|&jewel| {
                let status = jewel_status(&self.model, jewel, &sets, None);
                let copies = self.model.asset_backups[jewel as usize]
                    .iter()
                    .map(|&b| {
                        let fact = &self.facts.backups[b as usize];
                        let from: Vec<usize> = (0..sets.len())
                            .filter(|&e| copy_attackable(&self.model, b, sets[e], None))
                            .collect();
                        CopyStatus {
                            backup: fact.id.clone(),
                            medium: fact.medium,
                            restore_tested: fact.restore_tested,
                            attackable_from: entry_ids(&from),
                        }
                    })
                    .collect();
                let asset = &self.facts.assets[jewel as usize];
                Recovery {
                    jewel: asset.id.clone(),
                    kind: asset.crown_jewel.clone().unwrap_or_default(),
                    reached_from: entry_ids(&status.reached_from),
                    broken: !status.broken_from.is_empty(),
                    broken_from: entry_ids(&status.broken_from),
                    copies,
                    survivor_untested: self.survivor_untested(jewel, &sets, &status),
                }
            })
            .collect();
        out.sort_by(|x, y| x.jewel.cmp(&y.jewel));
        out
    }

    fn survivor_untested(&self, jewel: u32, sets: &[&BitSet], status: &JewelStatus) -> bool {
        if !status.broken_from.is_empty() {
            return false;
        }
        status.reached_from.iter().any(|&e| {
            self.model.asset_backups[jewel as usize]
                .iter()
                .filter(|&&b| !copy_attackable(&self.model, b, sets[e], None))
                .all(|&b| !self.facts.backups[b as usize].restore_tested)
        })
    }

    fn exposure(&self) -> Vec<Exposure> {
        let mut counts = vec![0u32; self.model.assets.len()];
        for b in &self.base {
            for &a in &b.controlled_list {
                counts[a as usize] += 1;
            }
        }
        let entries = self.base.len() as u32;
        let mut out: Vec<Exposure> = counts
            .iter()
            .enumerate()
            .filter(|&(_, &n)| n > 0)
            .map(|(a, &n)| Exposure {
                asset: self.facts.assets[a].id.clone(),
                controlled_from: n,
                entries,
            })
            .collect();
        out.sort_by(|x, y| {
            y.controlled_from
                .cmp(&x.controlled_from)
                .then(x.asset.cmp(&y.asset))
        });
        out
    }
}

fn entered(run: &Run) -> Entered {
    if run.blocked {
        Entered::Restricted
    } else if run.entry_control.is_some() {
        Entered::Controlled
    } else if run.present.is_some() {
        Entered::Present
    } else {
        Entered::No
    }
}

/// Rule 6 for one copy under one entry; `offline` forces one backup offline (a fix).
pub(crate) fn copy_attackable(
    m: &Model,
    backup: u32,
    controlled: &BitSet,
    offline: Option<u32>,
) -> bool {
    if offline == Some(backup) {
        return false;
    }
    let rec = &m.backups[backup as usize];
    match rec.medium {
        Medium::Online => rec.held_on.is_some_and(|h| controlled.contains(h)),
        Medium::Immutable => rec.console.is_some_and(|c| controlled.contains(c)),
        Medium::Offline => false,
    }
}

/// Entry positions (into the entry list) that reach a jewel, and those under which its
/// recovery is broken.
pub(crate) struct JewelStatus {
    pub reached_from: Vec<usize>,
    pub broken_from: Vec<usize>,
}

pub(crate) fn jewel_status(
    m: &Model,
    jewel: u32,
    sets: &[&BitSet],
    offline: Option<u32>,
) -> JewelStatus {
    let mut status = JewelStatus {
        reached_from: Vec::new(),
        broken_from: Vec::new(),
    };
    for (e, set) in sets.iter().enumerate() {
        if !set.contains(jewel) {
            continue;
        }
        status.reached_from.push(e);
        let copies = &m.asset_backups[jewel as usize];
        if copies.iter().all(|&b| copy_attackable(m, b, set, offline)) {
            status.broken_from.push(e);
        }
    }
    status
}

/// The assets whose control decides the scoring of a fix under this entry: the jewels it
/// reaches, and the holders and consoles of the copies of jewels whose recovery it breaks.
fn scoring_targets(m: &Model, controlled: &BitSet) -> Vec<u32> {
    let mut targets = Vec::new();
    for &jewel in m.jewels.iter().filter(|&&j| controlled.contains(j)) {
        targets.push(jewel);
        let copies = &m.asset_backups[jewel as usize];
        if copies
            .iter()
            .all(|&b| copy_attackable(m, b, controlled, None))
        {
            for &b in copies {
                let rec = &m.backups[b as usize];
                let holder = if rec.medium == Medium::Online {
                    rec.held_on
                } else {
                    rec.console
                };
                targets.extend(holder);
            }
        }
    }
    targets.sort_unstable();
    targets.dedup();
    targets
}

/// The items the derivations of the scoring targets use, for pruning fix candidates.
fn support(passes: &Passes, run: &Run, targets: &[u32]) -> Support {
    let mut s = Support::default();
    let roots: Vec<Fact> = targets.iter().map(|&a| Fact::Control(a)).collect();
    for fact in closure(run, &roots) {
        match fact {
            Fact::Present => {
                if let Some(Stamped {
                    why: PresentWhy::Login(g),
                    ..
                }) = run.present
                {
                    s.groups.insert(g);
                    s.entry_login = true;
                }
            }
            Fact::EntryControl => {
                if let Some(control) = run.entry_control {
                    s.vulns.insert(control.why.vuln);
                    if let Some(g) = control.why.login {
                        s.groups.insert(g);
                        s.entry_login = true;
                    }
                }
            }
            Fact::Held(_) => {}
            Fact::Foothold(_) | Fact::Control(_) => {
                if let Some((_, why)) = take_of(run, fact) {
                    note_take(passes, run, why, &mut s);
                }
            }
        }
    }
    s
}

fn note_take(passes: &Passes, run: &Run, why: TakeWhy, s: &mut Support) {
    let (service, cred) = match why {
        TakeWhy::Exploit {
            service,
            vuln,
            cred,
        } => {
            s.vulns.insert(vuln);
            (service, cred)
        }
        TakeWhy::LogOn { service, cred } => (service, Some(cred)),
        TakeWhy::Escalate { vuln } => {
            s.vulns.insert(vuln);
            return;
        }
    };
    s.groups.extend(cred);
    let Some(reach) = run.reach[service as usize] else {
        return;
    };
    if let Via::Side { side, rule } = reach.via
        && rule != DEFAULT
    {
        let class = passes
            .named
            .contains_key(&(side, reach.from))
            .then_some(reach.from);
        s.rule_uses
            .entry(rule)
            .or_default()
            .push((side, class, service));
    }
}

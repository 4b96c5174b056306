//! Rules 1, 2 and 4 for one entry point: a worklist fixpoint over facts the attacker gains.
//!
//! Every fact is derived once and stamped with a sequence number and the reason it was first
//! derived. The reasons form a derivation whose steps only refer to earlier facts; witness
//! paths and the fix-ranking pruning are both read from it.

use std::collections::VecDeque;

use crate::facts::Level;
use crate::filter::{DEFAULT, Pass, Passes};
use crate::model::{Model, Src};

/// Single changes applied on top of the compiled facts while running (fix ranking). Rule
/// removal here is only sound for allow rules: traffic a deny rule stopped is not in the
/// tables at all.
#[derive(Debug, Default, Clone)]
pub(crate) struct Overlay {
    pub removed_rules: Vec<u32>,
    pub patched: Vec<u32>,
    pub broken: Vec<u32>,
    pub mfa: Vec<u32>,
}

/// How traffic crossed from its source zone to the service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Via {
    SameZone,
    /// Through a side of a firewall; `rule` is a global rule index or `DEFAULT`.
    Side {
        side: u32,
        rule: u32,
    },
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct ReachWhy {
    pub from: Src,
    pub via: Via,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum TakeWhy {
    Exploit {
        service: u32,
        vuln: u32,
        cred: Option<u32>,
    },
    LogOn {
        service: u32,
        cred: u32,
    },
    Escalate {
        vuln: u32,
    },
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum HeldWhy {
    Known,
    StoredOnAsset(u32),
    StoredOnEntry,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum PresentWhy {
    Open,
    Login(u32),
    Control,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct EntryControlWhy {
    pub vuln: u32,
    pub login: Option<u32>,
}

/// A derived fact with its sequence number and first reason.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Stamped<T> {
    pub seq: u32,
    pub why: T,
}

/// Everything derived for one entry point.
pub(crate) struct Run {
    pub entry: u32,
    pub blocked: bool,
    pub present: Option<Stamped<PresentWhy>>,
    pub entry_control: Option<Stamped<EntryControlWhy>>,
    pub held: Vec<Option<Stamped<HeldWhy>>>,
    pub foothold: Vec<Option<Stamped<TakeWhy>>>,
    pub control: Vec<Option<Stamped<TakeWhy>>>,
    pub reach: Vec<Option<ReachWhy>>,
}

#[derive(Debug, Clone, Copy)]
enum Event {
    Present,
    EntryControl,
    Held(u32),
    Reached(u32),
    Foothold(u32),
    Control(u32),
}

struct Fixpoint<'a> {
    m: &'a Model,
    passes: &'a Passes,
    ov: &'a Overlay,
    run: Run,
    seq: u32,
    queue: VecDeque<Event>,
    intra_done: Vec<bool>,
    generic_done: Vec<bool>,
    source_active: Vec<bool>,
    /// Assets whose control ends the run early (empty: run to the fixpoint).
    targets: Vec<bool>,
    targets_left: usize,
}

/// Runs the fixpoint for entry point `entry` (a point index).
pub(crate) fn run_entry(m: &Model, passes: &Passes, ov: &Overlay, entry: u32) -> Run {
    run_entry_until(m, passes, ov, entry, &[])
}

/// Like `run_entry`, but stops as soon as every asset in `targets` is controlled (when
/// `targets` is not empty). The run is then partial: only those assets are known controlled.
pub(crate) fn run_entry_until(
    m: &Model,
    passes: &Passes,
    ov: &Overlay,
    entry: u32,
    targets: &[u32],
) -> Run {
    let run = Run {
        entry,
        blocked: m.points[entry as usize].ip_restricted,
        present: None,
        entry_control: None,
        held: vec![None; m.group_count],
        foothold: vec![None; m.assets.len()],
        control: vec![None; m.assets.len()],
        reach: vec![None; m.services.len()],
    };
    let mut fix = Fixpoint {
        m,
        passes,
        ov,
        run,
        seq: 0,
        queue: VecDeque::new(),
        intra_done: vec![false; m.zone_count],
        generic_done: vec![false; passes.sides.len()],
        source_active: vec![false; m.assets.len()],
        targets: Vec::new(),
        targets_left: 0,
    };
    if !targets.is_empty() {
        fix.targets = vec![false; m.assets.len()];
        for &t in targets {
            if !fix.targets[t as usize] {
                fix.targets[t as usize] = true;
                fix.targets_left += 1;
            }
        }
    }
    for &group in &m.known_groups {
        fix.hold(group, HeldWhy::Known);
    }
    if !fix.run.blocked {
        fix.try_enter();
        fix.drain();
    }
    fix.run
}

impl Fixpoint<'_> {
    fn next_seq(&mut self) -> u32 {
        self.seq += 1;
        self.seq
    }

    fn opens(&self, group: u32) -> bool {
        self.run.held[group as usize].is_some() && !self.ov.broken.contains(&group)
    }

    fn hold(&mut self, group: u32, why: HeldWhy) {
        if self.run.held[group as usize].is_none() {
            let seq = self.next_seq();
            self.run.held[group as usize] = Some(Stamped { seq, why });
            self.queue.push_back(Event::Held(group));
        }
    }

    /// Rule 1. Called at the start and whenever a credential the point accepts is gained.
    fn try_enter(&mut self) {
        let entry = self.run.entry;
        let point = &self.m.points[entry as usize];
        let mfa = point.mfa || self.ov.mfa.contains(&entry);
        let login = if mfa {
            None
        } else {
            point.accepts.iter().copied().find(|&g| self.opens(g))
        };
        if self.run.entry_control.is_none()
            && let Some(why) = self.entry_exploit(login)
        {
            let seq = self.next_seq();
            self.run.entry_control = Some(Stamped { seq, why });
            self.queue.push_back(Event::EntryControl);
        }
        if self.run.present.is_none() {
            let why = if !point.requires_auth {
                Some(PresentWhy::Open)
            } else if self.run.entry_control.is_some() {
                Some(PresentWhy::Control)
            } else {
                login.map(PresentWhy::Login)
            };
            if let Some(why) = why {
                let seq = self.next_seq();
                self.run.present = Some(Stamped { seq, why });
                self.queue.push_back(Event::Present);
            }
        }
    }

    /// An unauthenticated remote vulnerability wins over one that needs the login.
    fn entry_exploit(&self, login: Option<u32>) -> Option<EntryControlWhy> {
        let vulns = &self.m.points[self.run.entry as usize].vulns;
        let usable = vulns
            .iter()
            .copied()
            .filter(|v| !self.ov.patched.contains(v));
        let mut with_login = None;
        for vuln in usable {
            let rec = &self.m.vulns[vuln as usize];
            if rec.effect.is_remote() && !rec.requires_auth {
                return Some(EntryControlWhy { vuln, login: None });
            }
            if with_login.is_none() && login.is_some() {
                with_login = Some(EntryControlWhy { vuln, login });
            }
        }
        with_login
    }

    fn drain(&mut self) {
        while let Some(event) = self.queue.pop_front() {
            if !self.targets.is_empty() && self.targets_left == 0 {
                return;
            }
            match event {
                Event::Present => self.activate(Src::Point(self.run.entry)),
                Event::EntryControl => {
                    let stored = &self.m.points[self.run.entry as usize].stored;
                    for &group in stored {
                        self.hold(group, HeldWhy::StoredOnEntry);
                    }
                }
                Event::Held(group) => self.on_held(group),
                Event::Reached(service) => self.on_reached(service),
                Event::Foothold(asset) => {
                    self.activate(Src::Asset(asset));
                    for &vuln in &self.m.local_vulns[asset as usize] {
                        if !self.ov.patched.contains(&vuln) {
                            self.take(asset, Level::Admin, TakeWhy::Escalate { vuln });
                        }
                    }
                }
                Event::Control(asset) => {
                    self.activate(Src::Asset(asset));
                    for &group in &self.m.asset_stored[asset as usize] {
                        self.hold(group, HeldWhy::StoredOnAsset(asset));
                    }
                }
            }
        }
    }

    fn on_held(&mut self, group: u32) {
        if self.ov.broken.contains(&group) {
            return;
        }
        let accepted_at_entry = self.m.points[self.run.entry as usize]
            .accepts
            .contains(&group);
        if accepted_at_entry && (self.run.present.is_none() || self.run.entry_control.is_none()) {
            self.try_enter();
        }
        for &accept in &self.m.group_accepts[group as usize] {
            let rec = &self.m.accepts[accept as usize];
            let service = rec.service;
            if self.run.reach[service as usize].is_none() {
                continue;
            }
            let asset = self.m.services[service as usize].asset;
            let level = rec.level;
            self.take(
                asset,
                level,
                TakeWhy::LogOn {
                    service,
                    cred: group,
                },
            );
            for &vuln in &self.m.service_vulns[service as usize] {
                if self.m.vulns[vuln as usize].requires_auth && !self.ov.patched.contains(&vuln) {
                    let why = TakeWhy::Exploit {
                        service,
                        vuln,
                        cred: Some(group),
                    };
                    self.take(asset, Level::Admin, why);
                }
            }
        }
    }

    /// Rule 4 for a newly reachable service.
    fn on_reached(&mut self, service: u32) {
        let asset = self.m.services[service as usize].asset;
        let login = self.m.service_accepts[service as usize]
            .iter()
            .map(|&a| self.m.accepts[a as usize].group)
            .find(|&g| self.opens(g));
        for &vuln in &self.m.service_vulns[service as usize] {
            if self.ov.patched.contains(&vuln) {
                continue;
            }
            let cred = if self.m.vulns[vuln as usize].requires_auth {
                let Some(group) = login else { continue };
                Some(group)
            } else {
                None
            };
            self.take(
                asset,
                Level::Admin,
                TakeWhy::Exploit {
                    service,
                    vuln,
                    cred,
                },
            );
        }
        for &accept in &self.m.service_accepts[service as usize] {
            let rec = &self.m.accepts[accept as usize];
            if self.opens(rec.group) {
                let why = TakeWhy::LogOn {
                    service,
                    cred: rec.group,
                };
                self.take(asset, rec.level, why);
            }
        }
    }

    fn take(&mut self, asset: u32, level: Level, why: TakeWhy) {
        let a = asset as usize;
        if self.run.control[a].is_some() {
            return;
        }
        match level {
            Level::Admin => {
                let seq = self.next_seq();
                self.run.control[a] = Some(Stamped { seq, why });
                if self.targets.get(a).copied().unwrap_or(false) {
                    self.targets_left -= 1;
                }
                self.queue.push_back(Event::Control(asset));
            }
            Level::User if self.run.foothold[a].is_none() => {
                let seq = self.next_seq();
                self.run.foothold[a] = Some(Stamped { seq, why });
                self.queue.push_back(Event::Foothold(asset));
            }
            Level::User => {}
        }
    }

    /// Rule 2 and 3: everything a new source can send to.
    fn activate(&mut self, src: Src) {
        if let Src::Asset(a) = src {
            if self.source_active[a as usize] {
                return;
            }
            self.source_active[a as usize] = true;
        }
        for &zone in self.m.source_zones(src) {
            if zone == u32::MAX {
                continue;
            }
            if !self.intra_done[zone as usize] {
                self.intra_done[zone as usize] = true;
                for &service in &self.m.zone_services[zone as usize] {
                    self.reach(
                        service,
                        ReachWhy {
                            from: src,
                            via: Via::SameZone,
                        },
                    );
                }
            }
            for &side in &self.passes.zone_sides[zone as usize] {
                self.send_through(side, src);
            }
        }
    }

    fn send_through(&mut self, side: u32, src: Src) {
        let passes = self.passes;
        let generic = &passes.sides[side as usize].generic;
        let Some(diff) = passes.named.get(&(side, src)) else {
            if !self.generic_done[side as usize] {
                self.generic_done[side as usize] = true;
                for &pass in generic {
                    self.pass(side, None, src, pass);
                }
            }
            return;
        };
        if !self.generic_done[side as usize] {
            for &pass in generic {
                if diff.minus.binary_search(&pass.service).is_err() {
                    self.pass(side, Some(src), src, pass);
                }
            }
            // Without removed rules the generic list holds no per-source fallbacks, so a
            // source with nothing subtracted has covered it for every later source.
            if diff.minus.is_empty() && self.ov.removed_rules.is_empty() {
                self.generic_done[side as usize] = true;
            }
        } else if !self.ov.removed_rules.is_empty() {
            // An unnamed source already walked the generic list, but where it met a removed
            // rule it fell through to the rules for unnamed sources; a later rule naming this
            // source may still let it pass.
            for &pass in generic {
                if self.ov.removed_rules.contains(&pass.rule)
                    && diff.minus.binary_search(&pass.service).is_err()
                {
                    self.pass(side, Some(src), src, pass);
                }
            }
        }
        for &pass in &diff.extra {
            self.pass(side, Some(src), src, pass);
        }
    }

    fn pass(&mut self, side: u32, class: Option<Src>, from: Src, pass: Pass) {
        if self.run.reach[pass.service as usize].is_some() {
            return;
        }
        let mut rule = pass.rule;
        if rule != DEFAULT && self.ov.removed_rules.contains(&rule) {
            let removed = &self.ov.removed_rules;
            match self
                .passes
                .decide_without(self.m, side, class, pass.service, removed)
            {
                Some(next) => rule = next,
                None => return,
            }
        }
        self.reach(
            pass.service,
            ReachWhy {
                from,
                via: Via::Side { side, rule },
            },
        );
    }

    fn reach(&mut self, service: u32, why: ReachWhy) {
        if self.run.reach[service as usize].is_none() {
            self.run.reach[service as usize] = Some(why);
            self.queue.push_back(Event::Reached(service));
        }
    }
}

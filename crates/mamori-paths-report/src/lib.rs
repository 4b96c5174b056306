//! The attack-path answers of one ledger as every surface gives them (`mamori paths`, the
//! `/paths` pages and `/api/v1/paths`): the ledger's facts plus the findings of the loaded
//! feeds, the engine's analysis, fix ranking and per-finding exposure, written as JSON
//! (`mamori-paths/1`) or as a table in the user's language.
//!
//! Pure: the caller reads the ledger and the stored feed bodies and passes them in.

mod edited;
mod edits;
mod feeds;
mod view;

use mamori_core::{Date, Ledger};
use mamori_paths::{Analysis, Engine, FindingExposure, FixRanking};
use mamori_paths_ledger::{Note, add_findings, facts_from_ledger};

pub use edited::{edited_ledger_problems, record_changes};
pub use edits::{EditProblem, FORMAT as EDITS_FORMAT, apply_edits};
pub use feeds::{FeedFacts, SOURCES};
pub use view::{View, engine_lang, hop_json, owner_code};

/// The ledger, its facts and what had to be assumed, ready for the engine.
#[derive(Debug)]
pub struct Loaded {
    pub ledger: Ledger,
    pub facts: mamori_paths::Facts,
    pub notes: Vec<Note>,
    /// Findings of the loaded feeds that became facts.
    pub feed_findings: usize,
}

/// An entry point asked for that the ledger does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownEntry(pub String);

/// The facts of one ledger with the feed findings (when feeds are given), limited to
/// `entries` when not empty. `today` is the date feed findings are matched on.
pub fn facts_for(
    ledger: Ledger,
    feeds: Option<&FeedFacts>,
    entries: &[String],
    today: Date,
) -> Result<Loaded, UnknownEntry> {
    let mut conversion = facts_from_ledger(&ledger);
    let mut feed_findings = 0;
    if let Some(feeds) = feeds {
        let found = feeds.found(&ledger, today);
        feed_findings = found.len();
        add_findings(
            &ledger,
            &found,
            &mut conversion.facts,
            &mut conversion.notes,
        );
    }
    if let Some(unknown) = entries
        .iter()
        .find(|e| !ledger.connection_points.iter().any(|p| p.id.as_str() == *e))
    {
        return Err(UnknownEntry(unknown.clone()));
    }
    if !entries.is_empty() {
        conversion.facts.entries = Some(entries.iter().map(|e| e.as_str().into()).collect());
    }
    Ok(Loaded {
        ledger,
        facts: conversion.facts,
        notes: conversion.notes,
        feed_findings,
    })
}

/// The analysis, the ranking and the per-finding exposure of one loaded ledger.
#[derive(Debug)]
pub struct Computed {
    pub analysis: Analysis,
    pub ranking: FixRanking,
    pub findings: Vec<FindingExposure>,
}

pub fn compute(loaded: &Loaded) -> Computed {
    let engine = Engine::new(&loaded.facts);
    Computed {
        analysis: engine.analysis(),
        ranking: engine.rank_fixes(),
        findings: engine.finding_exposure(),
    }
}

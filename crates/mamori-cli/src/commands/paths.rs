//! `mamori paths`, `mamori paths fixes`, `mamori paths whatif`: attack paths, broken recovery
//! and fix ranking from the stored ledger (plus the findings of the loaded feeds).
//!
//! Flow: ledger (as of a date) → `mamori_paths_ledger::facts_from_ledger` → findings of the
//! feeds added through `add_findings` → `mamori_paths::Engine` → JSON or a Japanese table.

use std::io::Write as _;

use mamori_core::Ledger;
use mamori_i18n::text;
use mamori_paths::{Analysis, Engine, FixRanking};
use mamori_paths_ledger::{Note, add_findings, facts_from_ledger};
use mamori_store::load_ledger;

use super::vuln::VulnStore;
use super::{Context, parse_as_of};
use crate::args::{Cli, Command};
use crate::args_paths::{PathsCommand, PathsCommon, PathsFormat};
use crate::exit;
use crate::output::spinner;
use crate::store::{Opened, open};

/// The ledger, its facts and what had to be assumed, ready for the engine.
pub struct Loaded {
    pub ledger: Ledger,
    pub facts: mamori_paths::Facts,
    pub notes: Vec<Note>,
    /// Findings of the loaded feeds that became facts.
    pub feed_findings: usize,
}

pub fn handles(command: &Command) -> bool {
    matches!(command, Command::Paths(_))
}

pub async fn run(cli: &Cli, context: &Context) -> anyhow::Result<u8> {
    match open(cli).await? {
        Opened::Sqlite(store) => {
            let code = with_store(&store, cli, context).await;
            store.close().await;
            code
        }
        Opened::Postgres(store) => {
            let code = with_store(&store, cli, context).await;
            store.close().await;
            code
        }
    }
}

async fn with_store(store: &impl VulnStore, cli: &Cli, context: &Context) -> anyhow::Result<u8> {
    store
        .ensure_hospital(&context.hospital, &context.hospital.0)
        .await?;
    let Command::Paths(args) = &cli.command else {
        return Ok(exit::USAGE);
    };
    match &args.command {
        None => paths(store, context, &args.common).await,
        Some(PathsCommand::Fixes { common, limit }) => fixes(store, context, common, *limit).await,
        Some(PathsCommand::Whatif {
            common,
            apply,
            ledger,
            edits,
        }) => {
            let request = super::paths_whatif::Request {
                apply,
                ledger: ledger.as_deref(),
                edits: edits.as_deref(),
            };
            super::paths_whatif::run(store, context, common, &request).await
        }
    }
}

/// Loads the ledger (as of `--as-of`) and turns it into facts, with feed findings unless
/// `--no-feeds`; `--entry` ids that name no connection point are an input error.
pub async fn load(
    store: &impl VulnStore,
    context: &Context,
    common: &PathsCommon,
) -> anyhow::Result<Result<Loaded, String>> {
    let as_of = common.as_of.as_deref().map(parse_as_of).transpose()?;
    let ledger = load_ledger(store, &context.hospital, as_of).await?;
    let feeds = if common.no_feeds {
        None
    } else {
        super::paths_feeds::FeedFacts::load(store).await?
    };
    Ok(facts_for(context, common, ledger, feeds.as_ref()))
}

/// The facts of one ledger; `Err` carries the message for an unknown `--entry`.
pub fn facts_for(
    context: &Context,
    common: &PathsCommon,
    ledger: Ledger,
    feeds: Option<&super::paths_feeds::FeedFacts>,
) -> Result<Loaded, String> {
    let mut conversion = facts_from_ledger(&ledger);
    let mut feed_findings = 0;
    if let Some(feeds) = feeds {
        let found = feeds.found(&ledger);
        feed_findings = found.len();
        add_findings(
            &ledger,
            &found,
            &mut conversion.facts,
            &mut conversion.notes,
        );
    }
    if !common.entries.is_empty() {
        for entry in &common.entries {
            if !ledger
                .connection_points
                .iter()
                .any(|p| p.id.as_str() == entry)
            {
                return Err(text(context.lang, "paths-unknown-entry", &[("id", entry)]));
            }
        }
        conversion.facts.entries = Some(common.entries.iter().map(|e| e.as_str().into()).collect());
    }
    Ok(Loaded {
        ledger,
        facts: conversion.facts,
        notes: conversion.notes,
        feed_findings,
    })
}

/// Prints an input error in both languages' style (already localised) and gives exit 3.
pub fn input_error(message: &str) -> u8 {
    eprintln!("{message}");
    exit::INVALID_INPUT
}

/// The analysis and the ranking of one loaded ledger.
pub struct Computed {
    pub analysis: Analysis,
    pub ranking: FixRanking,
}

pub fn compute(loaded: &Loaded) -> Computed {
    let engine = Engine::new(&loaded.facts);
    Computed {
        analysis: engine.analysis(),
        ranking: engine.rank_fixes(),
    }
}

async fn paths(
    store: &impl VulnStore,
    context: &Context,
    common: &PathsCommon,
) -> anyhow::Result<u8> {
    let bar = spinner(context.lang, "paths-working");
    let loaded = match load(store, context, common).await? {
        Ok(loaded) => loaded,
        Err(message) => {
            bar.finish_and_clear();
            return Ok(input_error(&message));
        }
    };
    let computed = compute(&loaded);
    bar.finish_and_clear();
    let view = super::paths_view::View::new(context.lang, &loaded, &computed);
    let out = match common.format {
        PathsFormat::Json => {
            let mut text = serde_json::to_string_pretty(&view.json())?;
            text.push('\n');
            text
        }
        PathsFormat::Table => view.table(),
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(out.as_bytes())?;
    stdout.flush()?;
    Ok(exit::OK)
}

async fn fixes(
    store: &impl VulnStore,
    context: &Context,
    common: &PathsCommon,
    limit: usize,
) -> anyhow::Result<u8> {
    let bar = spinner(context.lang, "paths-working");
    let loaded = match load(store, context, common).await? {
        Ok(loaded) => loaded,
        Err(message) => {
            bar.finish_and_clear();
            return Ok(input_error(&message));
        }
    };
    let computed = compute(&loaded);
    bar.finish_and_clear();
    let view = super::paths_view::View::new(context.lang, &loaded, &computed);
    let out = match common.format {
        PathsFormat::Json => {
            let mut text = serde_json::to_string_pretty(&view.fixes_json(limit))?;
            text.push('\n');
            text
        }
        PathsFormat::Table => view.fixes_table(limit),
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(out.as_bytes())?;
    stdout.flush()?;
    Ok(exit::OK)
}

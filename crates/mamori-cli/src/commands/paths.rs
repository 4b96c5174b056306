//! `mamori paths`, `mamori paths fixes`, `mamori paths whatif`: attack paths, broken recovery
//! and fix ranking from the stored ledger (plus the findings of the loaded feeds).
//!
//! Flow: ledger (as of a date) → `mamori_paths_ledger::facts_from_ledger` → findings of the
//! feeds added through `add_findings` → `mamori_paths::Engine` → JSON or a Japanese table.

use std::io::Write as _;

use mamori_core::Ledger;
use mamori_i18n::text;
use mamori_paths_report::{FeedFacts, UnknownEntry, View};
use mamori_store::load_ledger;

use super::vuln::VulnStore;
use super::{Context, parse_as_of};
use crate::args::{Cli, Command};
use crate::args_paths::{PathsCommand, PathsCommon, PathsFormat};
use crate::exit;
use crate::output::spinner;
use crate::store::{Opened, open};

pub use mamori_paths_report::{Loaded, compute};

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

/// The stored feeds, indexed; `None` when none are loaded.
pub async fn load_feeds(store: &impl VulnStore) -> anyhow::Result<Option<FeedFacts>> {
    let rows = store.feed_bodies(&FeedFacts::source_codes()).await?;
    Ok(FeedFacts::from_bodies(&rows))
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
        load_feeds(store).await?
    };
    Ok(facts_for(context, common, ledger, feeds.as_ref()))
}

/// The facts of one ledger; `Err` carries the message for an unknown `--entry`.
pub fn facts_for(
    context: &Context,
    common: &PathsCommon,
    ledger: Ledger,
    feeds: Option<&FeedFacts>,
) -> Result<Loaded, String> {
    mamori_paths_report::facts_for(ledger, feeds, &common.entries, today())
        .map_err(|UnknownEntry(id)| text(context.lang, "paths-unknown-entry", &[("id", &id)]))
}

/// Today in UTC (feed findings only use it for exception expiry).
pub(crate) fn today() -> mamori_core::Date {
    mamori_core::Date(
        jiff::Timestamp::now()
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .date(),
    )
}

/// Prints an input error in both languages' style (already localised) and gives exit 3.
pub fn input_error(message: &str) -> u8 {
    eprintln!("{message}");
    exit::INVALID_INPUT
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
    let view = View::new(context.lang, &loaded, &computed);
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
    let view = View::new(context.lang, &loaded, &computed);
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

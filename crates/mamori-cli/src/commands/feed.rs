//! `mamori feed import PATH…` and `mamori feed status`: vulnerability feeds from files into
//! the database (shared by every hospital of the instance), with progress, a report of the
//! records that could not be read, and no-op re-imports of the same bytes.

use std::collections::BTreeSet;

use anyhow::Context as _;
use indicatif::{ProgressBar, ProgressStyle};
use mamori_store::{FeedImport, FeedRow, FeedStore, ImportOutcome};
use mamori_vuln::Problem;
use sha2::{Digest, Sha256};

use super::Context;
use super::feed_files::{Unit, UnitKind, read_unit, units};
use crate::exit;
use crate::output::{say, warn};

/// Problems printed per file; all of them are kept in `feed status`.
const SHOWN_PROBLEMS: usize = 10;

pub async fn import(
    store: &impl FeedStore,
    context: &Context,
    paths: &[std::path::PathBuf],
) -> anyhow::Result<u8> {
    let lang = context.lang;
    let units = units(paths)?;
    let bar = progress(units.len() as u64);
    let mut problems_total = 0usize;
    for unit in &units {
        bar.set_message(unit.path.display().to_string());
        problems_total += import_unit(store, context, unit, &bar).await?;
        bar.inc(1);
    }
    bar.finish_and_clear();
    if problems_total > 0 {
        warn(
            lang,
            "vuln-feed-problems-total",
            &[("count", &problems_total.to_string())],
        );
    }
    Ok(exit::OK)
}

fn progress(len: u64) -> ProgressBar {
    let bar = ProgressBar::new(len);
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {msg} ({elapsed})") {
        bar.set_style(style);
    }
    bar
}

/// Imports one file or archive; returns how many records could not be read.
async fn import_unit(
    store: &impl FeedStore,
    context: &Context,
    unit: &Unit,
    bar: &ProgressBar,
) -> anyhow::Result<usize> {
    let lang = context.lang;
    let name = unit.path.display().to_string();
    let bytes = std::fs::read(&unit.path).with_context(|| name.clone())?;
    let sha256 = hex::encode(Sha256::digest(&bytes));
    if let Some(previous) = store.feed_import(&sha256).await? {
        bar.suspend(|| {
            say(
                lang,
                "vuln-feed-already",
                &[
                    ("file", &name),
                    ("previous", &previous.file_name),
                    ("at", &previous.imported_at.to_string()),
                ],
            )
        });
        return Ok(0);
    }
    let (rows, sources, problems) = read_rows(unit, &bytes, bar)?;
    let import = FeedImport {
        file_name: name.clone(),
        sha256,
        sources: sources.into_iter().collect::<Vec<_>>().join(","),
        actor: context.actor.clone(),
        problems: problems.iter().map(problem_line).collect(),
    };
    let outcome = store.import_feed(&import, &rows).await?;
    bar.suspend(|| report(context, &import, rows.len(), &outcome, &problems));
    Ok(problems.len())
}

type Rows = (Vec<FeedRow>, BTreeSet<&'static str>, Vec<Problem>);

fn read_rows(unit: &Unit, bytes: &[u8], bar: &ProgressBar) -> anyhow::Result<Rows> {
    let mut rows = Vec::new();
    let mut sources = BTreeSet::new();
    let mut problems = Vec::new();
    let mut documents = 0u64;
    read_unit(unit, bytes, &mut |inner, document| {
        documents += 1;
        if unit.kind != UnitKind::Document && documents.is_multiple_of(500) {
            bar.set_message(format!("{} ({documents})", unit.path.display()));
        }
        sources.extend(document.source.map(|s| s.code()));
        problems.extend(document.problems.into_iter().map(|mut p| {
            if !inner.is_empty() {
                p.record = format!("{inner}: {}", p.record);
            }
            p
        }));
        rows.extend(document.records.into_iter().map(|r| FeedRow {
            source: r.source.code().to_owned(),
            id: r.id,
            modified: r.modified,
            body: r.body,
        }));
    })
    .with_context(|| unit.path.display().to_string())?;
    Ok((rows, sources, problems))
}

fn problem_line(problem: &Problem) -> String {
    if problem.location.is_empty() {
        format!("{}: {}", problem.record, problem.message)
    } else {
        format!(
            "{} {}: {}",
            problem.record, problem.location, problem.message
        )
    }
}

fn report(
    context: &Context,
    import: &FeedImport,
    records: usize,
    outcome: &ImportOutcome,
    problems: &[Problem],
) {
    let lang = context.lang;
    match outcome {
        ImportOutcome::Imported(counts) => say(
            lang,
            "vuln-feed-imported",
            &[
                ("file", &import.file_name),
                ("sources", &import.sources),
                ("records", &records.to_string()),
                ("inserted", &counts.inserted.to_string()),
                ("updated", &counts.updated.to_string()),
                ("unchanged", &counts.unchanged.to_string()),
                ("older", &counts.older.to_string()),
                ("problems", &problems.len().to_string()),
            ],
        ),
        ImportOutcome::AlreadyImported(previous) => say(
            lang,
            "vuln-feed-already",
            &[
                ("file", &import.file_name),
                ("previous", &previous.file_name),
                ("at", &previous.imported_at.to_string()),
            ],
        ),
    }
    for problem in problems.iter().take(SHOWN_PROBLEMS) {
        warn(
            lang,
            "vuln-feed-problem",
            &[("detail", &problem_line(problem))],
        );
    }
    if problems.len() > SHOWN_PROBLEMS {
        let more = (problems.len() - SHOWN_PROBLEMS).to_string();
        warn(lang, "vuln-feed-more-problems", &[("count", &more)]);
    }
}

pub async fn status(store: &impl FeedStore, context: &Context) -> anyhow::Result<u8> {
    let lang = context.lang;
    let counts = store.feed_counts().await?;
    if counts.is_empty() {
        say(lang, "vuln-feed-empty", &[]);
        return Ok(exit::OK);
    }
    say(lang, "vuln-feed-status-sources", &[]);
    for count in &counts {
        let newest = count
            .newest_modified
            .clone()
            .unwrap_or_else(|| "-".to_owned());
        println!("  {:<14} {:>8}  {newest}", count.source, count.records);
    }
    say(lang, "vuln-feed-status-imports", &[]);
    for import in store.feed_imports().await? {
        println!(
            "  {}  {}  [{}]  {} / +{} ~{} ={} <{}  !{}  {}",
            import.imported_at,
            import.file_name,
            import.sources,
            import.records,
            import.counts.inserted,
            import.counts.updated,
            import.counts.unchanged,
            import.counts.older,
            import.problems,
            &import.sha256[..import.sha256.len().min(12)],
        );
        for line in import.problem_list.iter().take(SHOWN_PROBLEMS) {
            println!("      {line}");
        }
    }
    say(lang, "vuln-feed-status-legend", &[]);
    Ok(exit::OK)
}

//! `mamori import FILE…`: JSON ledger documents, CSV and XLSX in the Japanese layouts.
//! All files are read and checked together against the stored ledger; only when every
//! file is free of problems is anything written, in one audited commit.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use mamori_core::{Ledger, RecordKind};
use mamori_i18n::{Lang, text};
use mamori_interchange::{ImportProblem, SourceLocation, TableRead};
use mamori_store::{ChangeMeta, LedgerStore, RecordOp, diff_ledgers, load_ledger, save_ledger};

use super::Context;
use crate::exit;
use crate::output::{say, spinner};

pub async fn run(
    store: &impl LedgerStore,
    context: &Context,
    files: &[PathBuf],
    kind: Option<&str>,
    dry_run: bool,
    replace: bool,
) -> anyhow::Result<u8> {
    let lang = context.lang;
    let kind = match kind {
        None => None,
        Some(code) => Some(
            RecordKind::from_code(code)
                .filter(|k| *k != RecordKind::Hospital)
                .ok_or_else(|| {
                    let kinds: Vec<&str> =
                        RecordKind::ALL.iter().skip(1).map(|k| k.code()).collect();
                    anyhow::anyhow!(text(
                        lang,
                        "cli-unknown-kind",
                        &[("value", code), ("kinds", &kinds.join(", "))]
                    ))
                })?,
        ),
    };
    let progress = spinner(lang, "cli-progress-import");
    let stored = load_ledger(store, &context.hospital, None).await?;
    let mut working = stored.clone();
    let mut problems = Vec::new();
    for path in files {
        match read_one(path, kind, &working, replace) {
            Ok(next) => working = next,
            Err(found) => problems.extend(found),
        }
    }
    progress.finish_and_clear();
    if !problems.is_empty() {
        report_problems(lang, &problems);
        return Ok(exit::INVALID_INPUT);
    }
    // Problems the stored ledger already had are reported too: nothing invalid is written.
    let remaining = mamori_core::validate_ledger(&working);
    if !remaining.is_empty() {
        let fallback = files.first().map(|p| display_name(p)).unwrap_or_default();
        let located = mamori_interchange::locate_ledger_problems(
            &remaining,
            &Default::default(),
            |record, field| {
                mamori_interchange::column_of_field(record.kind, field).map(str::to_owned)
            },
            &fallback,
        );
        report_problems(lang, &located);
        return Ok(exit::INVALID_INPUT);
    }
    let current = store.load_records(&context.hospital, None).await?;
    let ops = diff_ledgers(&current, &working)?;
    print_preview(lang, &ops);
    if dry_run {
        say(lang, "cli-import-dry-run", &[]);
        return Ok(exit::OK);
    }
    let names: Vec<String> = files.iter().map(|p| display_name(p)).collect();
    let meta = ChangeMeta {
        actor: context.actor.clone(),
        reason: format!("import {}", names.join(", ")),
    };
    let summary = save_ledger(store, &context.hospital, &meta, &working).await?;
    say(
        lang,
        "cli-import-done",
        &[
            ("created", &summary.created.to_string()),
            ("updated", &summary.updated.to_string()),
            ("deleted", &summary.deleted.to_string()),
        ],
    );
    Ok(exit::OK)
}

fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

/// Reads one file and merges it into `working`, or returns its located problems.
fn read_one(
    path: &Path,
    kind: Option<RecordKind>,
    working: &Ledger,
    replace: bool,
) -> Result<Ledger, Vec<ImportProblem>> {
    let name = display_name(path);
    let bytes = std::fs::read(path).map_err(|error| {
        vec![
            ImportProblem::new(
                SourceLocation::file(&path.display().to_string()),
                "file_unreadable",
            )
            .with("detail", error),
        ]
    })?;
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let read = match extension.as_str() {
        "json" => {
            let ledger = mamori_interchange::ledger_from_json(&name, &bytes)?;
            if replace {
                return check_whole(&name, ledger);
            }
            let profile = ledger.hospital.clone();
            let read = TableRead::from_ledger(&name, ledger);
            let mut merged = mamori_interchange::check_import(working, &read)?;
            merged.hospital = profile;
            return Ok(merged);
        }
        "csv" | "txt" => mamori_interchange::read_csv(&name, &bytes, kind, working),
        "xlsx" | "xlsm" => mamori_interchange::read_xlsx(&name, &bytes, working),
        _ => {
            return Err(vec![
                ImportProblem::new(SourceLocation::file(&name), "unsupported_file")
                    .with("value", extension),
            ]);
        }
    };
    // check_import reports reading problems and validation problems together.
    mamori_interchange::check_import(working, &read)
}

/// `--replace`: the document is the whole ledger; it must be valid on its own.
fn check_whole(name: &str, ledger: Ledger) -> Result<Ledger, Vec<ImportProblem>> {
    let profile = ledger.hospital.clone();
    let read = TableRead::from_ledger(name, ledger);
    let mut whole = mamori_interchange::check_import(&Ledger::default(), &read)?;
    whole.hospital = profile;
    Ok(whole)
}

/// Every problem, in the user's language and then in the other one.
pub fn report_problems(lang: Lang, problems: &[ImportProblem]) {
    let other = if lang == Lang::Ja { Lang::En } else { Lang::Ja };
    eprintln!(
        "{}",
        text(
            lang,
            "cli-import-rejected",
            &[("count", &problems.len().to_string())]
        )
    );
    for problem in problems {
        eprintln!("- {}", problem.describe(lang));
        eprintln!("  ({})", problem.describe(other));
    }
}

fn print_preview(lang: Lang, ops: &[RecordOp]) {
    let mut counts: BTreeMap<RecordKind, (usize, usize, usize)> = BTreeMap::new();
    for op in ops {
        let entry = counts.entry(op.record().kind).or_default();
        match op {
            RecordOp::Put {
                expected_version: None,
                ..
            } => entry.0 += 1,
            RecordOp::Put { .. } => entry.1 += 1,
            RecordOp::Delete { .. } => entry.2 += 1,
        }
    }
    say(
        lang,
        "cli-import-preview",
        &[("count", &ops.len().to_string())],
    );
    for (kind, (created, updated, deleted)) in counts {
        let name = text(lang, &format!("kind-{}", kind.code()), &[]);
        say(
            lang,
            "cli-import-preview-line",
            &[
                ("kind", &name),
                ("created", &created.to_string()),
                ("updated", &updated.to_string()),
                ("deleted", &deleted.to_string()),
            ],
        );
    }
}

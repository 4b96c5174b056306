//! `mamori import FILE…`: JSON ledger documents, CSV and XLSX in the Japanese layouts.
//! All files are read and checked together against the stored ledger; only when every
//! file is free of problems is anything written, in one audited commit.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use mamori_core::{Ledger, RecordKind, Validated};
use mamori_i18n::{Lang, text};
use mamori_interchange::{ImportProblem, SourceLocation, TableRead};
use mamori_store::{
    ChangeMeta, LedgerStore, RecordOp, StoreError, diff_ledgers, load_ledger, save_ledger,
    save_validated,
};

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
    let kind = kind.map(|code| super::table_kind(lang, code)).transpose()?;
    let progress = spinner(lang, "cli-progress-import");
    // The stored ledger, until a file changes it; then the merged ledger with the
    // validation it passed. No second copy of either is kept.
    let mut working = Working::Stored(load_ledger(store, &context.hospital, None).await?);
    let mut problems = Vec::new();
    // CSV files are read together, at the place of the first one, like the sheets of one
    // workbook: references between them and relation files (account_accepted_on.csv …)
    // resolve whatever their order on the command line.
    let csv_files: Vec<&PathBuf> = files.iter().filter(|path| is_csv(path)).collect();
    for (index, path) in files.iter().enumerate() {
        let result = if !is_csv(path) {
            read_one(path, kind, working.ledger(), replace)
        } else if files[..index].iter().any(|earlier| is_csv(earlier)) {
            continue;
        } else {
            read_csvs(&csv_files, kind, working.ledger())
        };
        match result {
            Ok(next) => working = Working::Checked(next),
            Err(found) => problems.extend(found),
        }
    }
    progress.finish_and_clear();
    if !problems.is_empty() {
        report_problems(lang, &problems);
        return Ok(exit::INVALID_INPUT);
    }
    if dry_run {
        let current = store.load_records(&context.hospital, None).await?;
        print_preview(lang, &diff_ledgers(&current, working.ledger())?);
        // A real import validates inside `save_ledger`; a dry run must say the same.
        let remaining = match &working {
            Working::Stored(ledger) => mamori_core::validate_ledger(ledger),
            Working::Checked(checked) => checked.problems().to_vec(),
        };
        if !remaining.is_empty() {
            report_ledger_problems(lang, files, &remaining);
            return Ok(exit::INVALID_INPUT);
        }
        say(lang, "cli-import-dry-run", &[]);
        return Ok(exit::OK);
    }
    let names: Vec<String> = files.iter().map(|p| display_name(p)).collect();
    let meta = ChangeMeta {
        actor: context.actor.clone(),
        reason: format!("import {}", names.join(", ")),
    };
    let saved = match &working {
        Working::Stored(ledger) => save_ledger(store, &context.hospital, &meta, ledger).await,
        // Validated once, when the files were checked.
        Working::Checked(checked) => save_validated(store, &context.hospital, &meta, checked).await,
    };
    let summary = match saved {
        Ok(summary) => summary,
        // Problems the stored ledger already had, or that only the whole ledger shows.
        Err(StoreError::Invalid(problems)) => {
            report_ledger_problems(lang, files, &problems);
            return Ok(exit::INVALID_INPUT);
        }
        Err(error) => return Err(error.into()),
    };
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

/// The ledger an import builds on and, once a file changed it, how it validated.
enum Working {
    Stored(Ledger),
    Checked(Validated),
}

impl Working {
    fn ledger(&self) -> &Ledger {
        match self {
            Working::Stored(ledger) => ledger,
            Working::Checked(checked) => checked.ledger(),
        }
    }
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
) -> Result<Validated, Vec<ImportProblem>> {
    let name = display_name(path);
    let bytes = read_bytes(path)?;
    let extension = extension(path);
    let read = match extension.as_str() {
        "json" => {
            let ledger = mamori_interchange::ledger_from_json(&name, &bytes)?;
            drop(bytes);
            if replace {
                return check_whole(&name, ledger);
            }
            let profile = ledger.hospital.clone();
            let read = TableRead::from_ledger(&name, ledger);
            return mamori_interchange::check_import_owned(working, read, Some(profile));
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
    drop(bytes);
    // check_import reports reading problems and validation problems together.
    mamori_interchange::check_import_owned(working, read, None)
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

fn is_csv(path: &Path) -> bool {
    matches!(extension(path).as_str(), "csv" | "txt")
}

fn read_bytes(path: &Path) -> Result<Vec<u8>, Vec<ImportProblem>> {
    std::fs::read(path).map_err(|error| {
        vec![
            ImportProblem::new(
                SourceLocation::file(&path.display().to_string()),
                "file_unreadable",
            )
            .with("detail", error),
        ]
    })
}

/// Reads CSV files as one import and merges them into `working`, or returns their problems.
fn read_csvs(
    paths: &[&PathBuf],
    kind: Option<RecordKind>,
    working: &Ledger,
) -> Result<Validated, Vec<ImportProblem>> {
    let mut files = Vec::with_capacity(paths.len());
    let mut unreadable = Vec::new();
    for path in paths {
        match read_bytes(path) {
            Ok(bytes) => files.push((display_name(path), bytes)),
            Err(problems) => unreadable.extend(problems),
        }
    }
    if !unreadable.is_empty() {
        return Err(unreadable);
    }
    let named: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
        .collect();
    let read = mamori_interchange::read_csv_files(&named, kind, working);
    drop(named);
    drop(files);
    mamori_interchange::check_import_owned(working, read, None)
}

/// `--replace`: the document is the whole ledger; it must be valid on its own.
fn check_whole(name: &str, ledger: Ledger) -> Result<Validated, Vec<ImportProblem>> {
    let profile = ledger.hospital.clone();
    let read = TableRead::from_ledger(name, ledger);
    mamori_interchange::check_import_owned(&Ledger::default(), read, Some(profile))
}

pub fn report_ledger_problems(lang: Lang, files: &[PathBuf], problems: &[mamori_core::Problem]) {
    let fallback = files.first().map(|p| display_name(p)).unwrap_or_default();
    let located = mamori_interchange::locate_ledger_problems(
        problems,
        &Default::default(),
        |record, field| mamori_interchange::column_of_field(record.kind, field).map(str::to_owned),
        &fallback,
    );
    report_problems(lang, &located);
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

//! `mamori export --format json|csv|xlsx [--out PATH] [--as-of DATE]`.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use mamori_store::{LedgerStore, load_ledger};

use super::{Context, parse_as_of};
use crate::args::ExportFormat;
use crate::exit;
use crate::output::{say, spinner};

pub async fn run(
    store: &impl LedgerStore,
    context: &Context,
    format: ExportFormat,
    out: Option<&Path>,
    as_of: Option<&str>,
) -> anyhow::Result<u8> {
    let lang = context.lang;
    let as_of = as_of.map(parse_as_of).transpose()?;
    let progress = spinner(lang, "cli-progress-export");
    let ledger = load_ledger(store, &context.hospital, as_of).await?;
    match format {
        ExportFormat::Json => {
            let json = mamori_interchange::ledger_to_json(&ledger)?;
            progress.finish_and_clear();
            match out {
                None => print!("{json}"),
                Some(path) => write_file(lang, path, json.as_bytes())?,
            }
        }
        ExportFormat::Xlsx => {
            let bytes = mamori_interchange::write_xlsx(&ledger)?;
            progress.finish_and_clear();
            let path = out.map_or_else(|| PathBuf::from("mamori-ledger.xlsx"), Path::to_path_buf);
            write_file(lang, &path, &bytes)?;
        }
        ExportFormat::Csv => {
            let dir = out.map_or_else(|| PathBuf::from("mamori-ledger-csv"), Path::to_path_buf);
            std::fs::create_dir_all(&dir).with_context(|| dir.display().to_string())?;
            // One file per kind, plus one per relation list (account_accepted_on.csv …).
            for table in mamori_interchange::csv_tables() {
                let bytes = mamori_interchange::write_csv_table(&ledger, table)?;
                std::fs::write(dir.join(format!("{table}.csv")), bytes)
                    .with_context(|| dir.display().to_string())?;
            }
            progress.finish_and_clear();
            say(lang, "cli-written", &[("path", &dir.display().to_string())]);
        }
    }
    Ok(exit::OK)
}

/// Writes through a temporary file and a rename, so a crash never leaves half a file.
pub fn write_file(lang: mamori_i18n::Lang, path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let partial = path.with_extension("partial");
    std::fs::write(&partial, bytes).with_context(|| partial.display().to_string())?;
    std::fs::rename(&partial, path).with_context(|| path.display().to_string())?;
    say(
        lang,
        "cli-written",
        &[("path", &path.display().to_string())],
    );
    Ok(())
}

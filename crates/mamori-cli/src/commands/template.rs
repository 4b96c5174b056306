//! `mamori template --kind K --format csv|xlsx` and `mamori schema`: files that need no
//! database.

use std::path::{Path, PathBuf};

use mamori_i18n::text;

use super::Context;
use super::export::write_file;
use crate::args::TableFormat;
use crate::exit;

pub fn run(
    context: &Context,
    kind: Option<&str>,
    format: TableFormat,
    out: Option<&Path>,
) -> anyhow::Result<u8> {
    let lang = context.lang;
    let kind = kind.map(|code| super::table_kind(lang, code)).transpose()?;
    let stem = kind.map_or("mamori-template", |k| k.code());
    match format {
        TableFormat::Xlsx => {
            let bytes = mamori_interchange::template_xlsx(kind)?;
            let path = out.map_or_else(|| PathBuf::from(format!("{stem}.xlsx")), Path::to_path_buf);
            write_file(lang, &path, &bytes)?;
        }
        TableFormat::Csv => {
            let Some(kind) = kind else {
                anyhow::bail!(text(lang, "cli-template-csv-needs-kind", &[]));
            };
            let bytes = mamori_interchange::template_csv(kind)?;
            let path = out.map_or_else(|| PathBuf::from(format!("{stem}.csv")), Path::to_path_buf);
            write_file(lang, &path, &bytes)?;
        }
    }
    Ok(exit::OK)
}

pub fn schema(context: &Context, out: Option<&Path>) -> anyhow::Result<u8> {
    let schema = mamori_interchange::ledger_schema_json()?;
    match out {
        None => print!("{schema}"),
        Some(path) => write_file(context.lang, path, schema.as_bytes())?,
    }
    Ok(exit::OK)
}

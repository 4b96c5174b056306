//! CSV and XLSX in the Japanese layouts hospitals keep in Excel: templates, import with
//! row-level problems, and export. One column table per record kind (`layout`) drives all
//! three, so a file mamori writes is a file mamori reads.
//!
//! Reading never panics and never stops at the first problem: [`read_csv`] and
//! [`read_xlsx`] return every record they could read with its source row, and every
//! problem located by file, sheet, row and column. [`check_import`] then merges the
//! records into the existing ledger, validates the result and returns either the new
//! ledger or all problems (all-or-nothing).
//!
//! Layout rules (also written into the templates' 説明 sheet):
//! - Row 1 is the header, Japanese or English; 「（任意）」-style suffixes and full-width
//!   letters are ignored. Blank rows and rows whose first filled cell starts with ※ (the
//!   templates' note row) are skipped.
//! - The ID column is optional. A row without an id updates the existing record with the
//!   same 管理番号 (assets, media) or the same unique name; otherwise it gets a new id such
//!   as `asset-00042`.
//! - A row updates only the columns its sheet has; columns left out keep their values.

mod build;
mod cell;
mod dates;
mod decode;
mod form;
mod format;
mod layout;
mod merge;
mod relations;
mod resolve;
mod shapes;
mod sheets;
mod text;
mod write;

use std::collections::HashMap;

use mamori_core::{Ledger, RecordKind, RecordRef};

use crate::problem::{ImportProblem, SourceLocation};
use layout::Table;

pub use form::{
    FormColumn, FormInput, form_columns, form_values, kind_form_values, name_field,
    read_record_form,
};
pub use layout::column_of_field;
pub use merge::{check_import, check_import_owned, merge_import};
pub use sheets::NOTE_MARK;
pub use write::{
    CELL_LIMIT, TabularError, csv_tables, template_csv, template_xlsx, write_csv, write_csv_table,
    write_xlsx,
};

/// What one CSV file or workbook contained.
#[derive(Debug, Clone, Default)]
pub struct TableRead {
    /// The file name problems are reported against.
    pub file: String,
    /// Only the records the file contains (each already combined with the existing record
    /// of the same id, for the columns the file lacks). The hospital profile is untouched.
    pub records: Ledger,
    /// The sheet and row each record came from.
    pub origins: HashMap<RecordRef, SourceLocation>,
    /// Problems found while reading; empty does not yet mean valid (see [`check_import`]).
    pub problems: Vec<ImportProblem>,
    /// The header as written in the file for each (kind, JSON field) it had.
    pub columns: HashMap<(RecordKind, String), String>,
}

impl TableRead {
    /// Number of records read.
    pub fn record_count(&self) -> usize {
        self.origins.len()
    }

    /// A whole ledger document read as an import: every record from `file`; the hospital
    /// profile is applied by the caller, who knows whether the document replaces it.
    pub fn from_ledger(file: &str, records: Ledger) -> Self {
        let mut origins = HashMap::new();
        for kind in RecordKind::ALL
            .iter()
            .filter(|k| **k != RecordKind::Hospital)
        {
            for id in records.ids(*kind) {
                let record = RecordRef::new(*kind, id);
                let location = SourceLocation {
                    column: Some(record.to_string()),
                    ..SourceLocation::file(file)
                };
                origins.insert(record, location);
            }
        }
        TableRead {
            file: file.to_owned(),
            records,
            origins,
            ..TableRead::default()
        }
    }

    fn failed(file: &str, problem: ImportProblem) -> Self {
        TableRead {
            file: file.to_owned(),
            problems: vec![problem],
            ..TableRead::default()
        }
    }
}

/// The record kinds that have a sheet, in the order sheets are written.
pub fn tabular_kinds() -> Vec<RecordKind> {
    layout::layouts().iter().map(|layout| layout.kind).collect()
}

/// The Japanese sheet name of a kind (also the Japanese CSV file stem: `機器.csv`).
pub fn sheet_name(kind: RecordKind) -> Option<&'static str> {
    layout::layout(kind).map(|layout| layout.sheet_ja)
}

/// Reads one CSV file of one record kind (or of one relation list). The kind is `kind`,
/// else the file stem (`assets.csv`, `機器.csv`, `機器台帳.csv`, `account_accepted_on.csv`),
/// else the one whose headers fit.
pub fn read_csv(
    file_name: &str,
    bytes: &[u8],
    kind: Option<RecordKind>,
    existing: &Ledger,
) -> TableRead {
    read_csv_files(&[(file_name, bytes)], kind, existing)
}

/// Reads several CSV files as one import, like the sheets of one workbook: references
/// between them resolve whatever their order, relation files complete their records, and
/// the result is checked once. Problems name the file they are in.
pub fn read_csv_files(
    files: &[(&str, &[u8])],
    kind: Option<RecordKind>,
    existing: &Ledger,
) -> TableRead {
    let mut problems = Vec::new();
    let mut sheets = Vec::new();
    for (file_name, bytes) in files {
        if let Some(sheet) = csv_sheet(file_name, bytes, kind, &mut problems) {
            sheets.push(sheet);
        }
    }
    let names: Vec<&str> = files.iter().map(|(name, _)| *name).collect();
    build::build(&names.join(", "), &sheets, existing, problems)
}

fn csv_sheet(
    file_name: &str,
    bytes: &[u8],
    kind: Option<RecordKind>,
    problems: &mut Vec<ImportProblem>,
) -> Option<build::SheetIn> {
    let decoded = decode::decode(bytes);
    problems.extend(decoded.bad_lines.iter().map(|line| {
        let at = SourceLocation {
            row: Some(*line),
            ..SourceLocation::file(file_name)
        };
        ImportProblem::new(at, "bad_encoding").with("encoding", decoded.encoding.name())
    }));
    let raw = match sheets::csv_sheet(&decoded.text) {
        Ok(raw) => raw,
        Err(detail) => {
            problems.push(
                ImportProblem::new(SourceLocation::file(file_name), "unreadable_csv")
                    .with("detail", detail),
            );
            return None;
        }
    };
    if raw.headers.is_empty() {
        problems.push(ImportProblem::new(
            SourceLocation::file(file_name),
            "empty_file",
        ));
        return None;
    }
    let table = kind
        .and_then(layout::layout)
        .map(Table::Record)
        .or_else(|| layout::table_for_sheet(file_stem(file_name)))
        .or_else(|| table_from_headers(&raw.headers));
    let Some(table) = table else {
        problems.push(ImportProblem::new(
            SourceLocation::file(file_name),
            "unknown_kind",
        ));
        return None;
    };
    Some(build::SheetIn {
        file: file_name.to_owned(),
        table,
        raw,
    })
}

/// Reads a workbook: one sheet per record kind, named in Japanese (機器), English (Assets)
/// or by code (assets); a sheet with another name is recognised by its headers. The
/// 説明/README sheet is skipped. References between sheets resolve.
pub fn read_xlsx(file_name: &str, bytes: &[u8], existing: &Ledger) -> TableRead {
    let workbook = match sheets::xlsx_sheets(bytes) {
        Ok(workbook) => workbook,
        Err(detail) => {
            return TableRead::failed(
                file_name,
                ImportProblem::new(SourceLocation::file(file_name), "unreadable_xlsx")
                    .with("detail", detail),
            );
        }
    };
    let mut problems = Vec::new();
    let mut found = Vec::new();
    for (name, sheet) in workbook {
        if write::is_readme_sheet(&name) {
            continue;
        }
        let at = SourceLocation {
            sheet: Some(name.clone()),
            ..SourceLocation::file(file_name)
        };
        match sheet {
            Err(detail) => {
                problems.push(ImportProblem::new(at, "unreadable_sheet").with("detail", detail))
            }
            Ok(raw) if raw.headers.is_empty() => {}
            Ok(raw) => match layout::table_for_sheet(&name)
                .or_else(|| table_from_headers(&raw.headers))
            {
                Some(table) => found.push(build::SheetIn {
                    file: file_name.to_owned(),
                    table,
                    raw,
                }),
                None => problems.push(ImportProblem::new(at, "unknown_sheet").with("sheet", &name)),
            },
        }
    }
    if found.is_empty() && problems.is_empty() {
        problems.push(ImportProblem::new(
            SourceLocation::file(file_name),
            "no_sheets",
        ));
    }
    build::build(file_name, &found, existing, problems)
}

/// `assets` from `C:\台帳\assets.csv` or `/tmp/機器.CSV`.
fn file_stem(file_name: &str) -> &str {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    base.rsplit_once('.').map_or(base, |(stem, _)| stem)
}

/// The one table whose layout knows every header and finds its required columns; when
/// several fit, the one that knows the most headers, if that is unique.
fn table_from_headers(headers: &[String]) -> Option<Table> {
    let written: Vec<&String> = headers
        .iter()
        .filter(|header| !header.trim().is_empty())
        .collect();
    let mut fits: Vec<(usize, Table)> = Table::all()
        .into_iter()
        .filter_map(|table| {
            let layout = table.layout();
            let found: Vec<usize> = written
                .iter()
                .filter_map(|header| layout.column_for_header(header))
                .collect();
            let required_present = layout
                .columns
                .iter()
                .enumerate()
                .all(|(index, column)| !column.required || found.contains(&index));
            (found.len() == written.len() && required_present).then_some((found.len(), table))
        })
        .collect();
    fits.sort_by_key(|fit| std::cmp::Reverse(fit.0));
    match fits.as_slice() {
        [(_, only)] => Some(*only),
        [(best, table), (next, _), ..] if best > next => Some(*table),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_file_names_and_headers() {
        let stem = |name: &str| layout::kind_for_sheet(file_stem(name));
        assert_eq!(stem("assets.csv"), Some(RecordKind::Assets));
        assert_eq!(stem("C:\\台帳\\機器.CSV"), Some(RecordKind::Assets));
        assert_eq!(stem("/tmp/機器台帳.csv"), Some(RecordKind::Assets));
        assert_eq!(stem("firewall_rules.csv"), Some(RecordKind::FirewallRules));
        assert_eq!(stem("外部接続点.csv"), Some(RecordKind::ConnectionPoints));
        assert_eq!(stem("export.csv"), None);
        let headers = |list: &[&str]| {
            let headers: Vec<String> = list.iter().map(|h| h.to_string()).collect();
            match table_from_headers(&headers) {
                Some(Table::Record(layout)) => Some(layout.kind),
                Some(Table::Relation(relation)) => Some(relation.parent),
                None => None,
            }
        };
        assert_eq!(headers(&["ID", "名称", "住所"]), Some(RecordKind::Sites));
        assert_eq!(
            headers(&["名称", "種別", "管理番号", "IPアドレス"]),
            Some(RecordKind::Assets)
        );
        assert_eq!(
            headers(&[
                "ファイアウォール",
                "順序",
                "送信元",
                "宛先",
                "プロトコル",
                "動作"
            ]),
            Some(RecordKind::FirewallRules)
        );
        assert_eq!(headers(&["名称", "種別"]), None);
        assert_eq!(headers(&["名称", "謎の列"]), None);
    }
}

//! Moving a ledger in and out of mamori without loss: the JSON ledger document with its
//! published schema, and (in `tabular`) CSV and XLSX in the Japanese layouts hospitals
//! keep in Excel.
//!
//! Architecture invariant: no database and no filesystem walking here. Readers take bytes
//! and a file name (for messages) and return domain records plus located problems;
//! writers return bytes. The caller decides what to store.

mod json;
mod problem;
mod tabular;

pub use json::{FORMAT, LedgerDocument, ledger_from_json, ledger_schema_json, ledger_to_json};
pub use problem::{ImportProblem, SourceLocation, locate_ledger_problems};
pub use tabular::{
    CELL_LIMIT, FormColumn, FormInput, NOTE_MARK, TableRead, TabularError, check_import,
    check_import_owned, column_of_field, csv_tables, form_columns, form_values, kind_form_values,
    merge_import, name_field, read_csv, read_csv_files, read_record_form, read_xlsx, sheet_name,
    tabular_kinds, template_csv, template_xlsx, write_csv, write_csv_table, write_xlsx,
};

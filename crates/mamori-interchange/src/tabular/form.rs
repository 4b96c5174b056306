//! One record as a form: the same column tables that drive templates, import and export
//! describe the inputs of a web form, give a stored record's values in the cell syntax,
//! and read a submitted form back as a one-row sheet. A form therefore accepts exactly
//! what a spreadsheet cell accepts and reports problems with the same codes.

use mamori_core::{Ledger, RecordKind};
use serde_json::Value;

use super::TableRead;
use super::format::{field_value, format_cell};
use super::layout::{Shape, layout};

/// What kind of input a column needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormInput {
    /// The record id (fixed once the record exists).
    Id,
    /// One line of free text (numbers, addresses, ports and endpoints included).
    Text,
    /// Yes / no / unknown (`yes`, `no`, blank).
    YesNo,
    /// Yes / no, never unknown.
    Flag,
    /// `YYYY-MM-DD`.
    Date,
    /// One code of a closed list (catalogue list name and its codes).
    Code {
        list: &'static str,
        codes: Vec<&'static str>,
    },
    /// The id of a record of another kind.
    Reference(RecordKind),
    /// Several items, one per line, in the cell syntax of the column.
    Lines,
}

/// One input of a record form.
#[derive(Debug, Clone)]
pub struct FormColumn {
    /// The JSON field (dotted for nested fields such as `os.version`); also the input name.
    pub field: &'static str,
    pub ja: &'static str,
    pub en: &'static str,
    pub required: bool,
    pub input: FormInput,
    /// The kind a list column refers to, if any (`References`).
    pub refers_to: Option<RecordKind>,
}

fn input_of(shape: Shape) -> (FormInput, Option<RecordKind>) {
    match shape {
        Shape::Id => (FormInput::Id, None),
        Shape::YesNo => (FormInput::YesNo, None),
        Shape::Flag { .. } => (FormInput::Flag, None),
        Shape::Date => (FormInput::Date, None),
        Shape::Code(spec) => (
            FormInput::Code {
                list: spec.list,
                codes: (spec.codes)(),
            },
            None,
        ),
        Shape::Reference(kind) => (FormInput::Reference(kind), Some(kind)),
        Shape::References(kind) => (FormInput::Lines, Some(kind)),
        Shape::Codes(_)
        | Shape::Texts
        | Shape::Ips
        | Shape::Macs
        | Shape::Cidrs
        | Shape::Integers { .. }
        | Shape::Software
        | Shape::Cpes
        | Shape::Contacts
        | Shape::AcceptedOn
        | Shape::StoredOn
        | Shape::VulnTarget => (FormInput::Lines, None),
        Shape::Text
        | Shape::Integer { .. }
        | Shape::Owner
        | Shape::OptionalOwner
        | Shape::Endpoint
        | Shape::Ports
        | Shape::Place => (FormInput::Text, None),
    }
}

/// The inputs of a record of `kind`, in sheet order; empty for the hospital profile.
pub fn form_columns(kind: RecordKind) -> Vec<FormColumn> {
    layout(kind)
        .map(|layout| {
            layout
                .columns
                .iter()
                .map(|column| {
                    let (input, refers_to) = input_of(column.shape);
                    FormColumn {
                        field: column.field,
                        ja: column.ja,
                        en: column.en,
                        required: column.required,
                        input,
                        refers_to,
                    }
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The field that names a record of `kind` (`name`, `room`, `title` …), if it has one.
pub fn name_field(kind: RecordKind) -> Option<&'static str> {
    layout(kind).and_then(|layout| layout.name_field)
}

/// A record body's values as form inputs, one per [`form_columns`] entry: codes as codes,
/// yes/no as `yes`/`no`, lists one item per line, everything else in its cell syntax.
pub fn form_values(kind: RecordKind, body: &Value) -> Vec<String> {
    let Some(layout) = layout(kind) else {
        return Vec::new();
    };
    layout
        .columns
        .iter()
        .map(|column| {
            let value = field_value(body, column.field);
            match column.shape {
                Shape::Code(_) => value.as_str().unwrap_or_default().to_owned(),
                Shape::YesNo | Shape::Flag { .. } => match value.as_bool() {
                    Some(true) => "yes".to_owned(),
                    Some(false) => "no".to_owned(),
                    None => String::new(),
                },
                shape => {
                    let text = format_cell(shape, value).to_text();
                    if matches!(input_of(shape).0, FormInput::Lines) {
                        text.replace("; ", "\n")
                    } else {
                        text
                    }
                }
            }
        })
        .collect()
}

/// Every record of `kind` with its form values, in ledger order.
pub fn kind_form_values(ledger: &Ledger, kind: RecordKind) -> Vec<(String, Vec<String>)> {
    ledger
        .record_bodies_of(kind)
        .unwrap_or_default()
        .into_iter()
        .map(|(record, body)| (record.id, form_values(kind, &body)))
        .collect()
}

/// Reads a submitted form of `kind` (input name = JSON field) as a one-row sheet named
/// `file`: the result holds the record, merged with the stored one of the same id, and
/// every problem with its column set to the input name. Pass the result to
/// [`super::check_import`] to validate it against the whole ledger.
pub fn read_record_form(
    file: &str,
    kind: RecordKind,
    values: &[(&str, &str)],
    existing: &Ledger,
) -> TableRead {
    let mut writer = csv::WriterBuilder::new().from_writer(Vec::new());
    let headers: Vec<&str> = values.iter().map(|(field, _)| *field).collect();
    // A value starting with the note mark would make the row a note; a space keeps it a
    // value (cells are trimmed when read).
    let cells: Vec<String> = values
        .iter()
        .map(|(_, value)| {
            if value.trim_start().starts_with(super::NOTE_MARK) {
                format!(" {value}")
            } else {
                (*value).to_owned()
            }
        })
        .collect();
    let written = writer
        .write_record(&headers)
        .and_then(|()| writer.write_record(&cells));
    let bytes = match written {
        Ok(()) => writer.into_inner().unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    super::read_csv(file, &bytes, Some(kind), existing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stored_record_reads_back_from_its_form_values() {
        let ledger = mamori_demo::demo_hospital();
        for kind in super::super::tabular_kinds() {
            let columns = form_columns(kind);
            // The first records of each kind: every shape occurs among them.
            for (id, values) in kind_form_values(&ledger, kind).into_iter().take(5) {
                let pairs: Vec<(&str, &str)> = columns
                    .iter()
                    .zip(&values)
                    .map(|(column, value)| (column.field, value.as_str()))
                    .collect();
                let read = read_record_form("form", kind, &pairs, &ledger);
                assert!(read.problems.is_empty(), "{kind}/{id}: {:?}", read.problems);
                let merged = super::super::merge_import(&ledger, &read);
                assert_eq!(merged, ledger, "{kind}/{id} changed by its own form");
            }
        }
    }
}

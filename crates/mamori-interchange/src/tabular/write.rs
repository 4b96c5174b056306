//! Writing sheets: CSV (UTF-8 with BOM, CRLF, Japanese headers, as Excel on Japanese
//! Windows opens it), XLSX (one sheet per kind, bold frozen header, autofilter, widths,
//! plus a 説明 sheet), and the empty templates with their note row.

use mamori_core::{Ledger, RecordBodyError, RecordKind};
use mamori_i18n::{Lang, text};
use rust_xlsxwriter::{Color, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use serde_json::Value;

use super::cell::choices;
use super::format::{OutCell, field_value, format_cell};
use super::layout::{Column, RelationSheet, Shape, Table, column_of_field, export_columns, layout};
use super::sheets::NOTE_MARK;
use super::text::match_key;

/// Why a sheet could not be written.
#[derive(Debug, thiserror::Error)]
pub enum TabularError {
    #[error("{0} has no sheet layout")]
    NoLayout(RecordKind),
    #[error("no CSV table is called {0}")]
    UnknownTable(String),
    #[error(transparent)]
    Record(#[from] RecordBodyError),
    #[error("CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("CSV: {0}")]
    Io(#[from] std::io::Error),
    #[error("XLSX: {0}")]
    Xlsx(#[from] XlsxError),
    /// A cell longer than Excel can hold; nothing is written rather than a cut value.
    #[error(
        "シート「{sheet}」の {record} の列「{column}」は{length}文字あり、Excelの1セルの上限（{CELL_LIMIT}文字）を超えるため書き出せません / sheet {sheet}, record {record}, column {column}: {length} characters, more than an Excel cell holds ({CELL_LIMIT})"
    )]
    CellTooLong {
        sheet: String,
        record: String,
        column: String,
        length: usize,
    },
}

/// The most characters (UTF-16 code units) an Excel cell holds.
pub const CELL_LIMIT: usize = 32_767;

/// The name of the sheet that explains the layout; readers skip sheets with these names.
const README_SHEET: &str = "説明";
const README_NAMES: &[&str] = &["説明", "readme", "使い方", "はじめに", "記入方法", "notes"];

pub(crate) fn is_readme_sheet(name: &str) -> bool {
    README_NAMES
        .iter()
        .any(|known| match_key(known) == match_key(name))
}

/// The record bodies of one kind in canonical order (by id; rules by firewall, position,
/// id), serialised from that kind alone.
fn sorted_bodies(ledger: &Ledger, kind: RecordKind) -> Result<Vec<Value>, TabularError> {
    let mut bodies: Vec<Value> = ledger
        .record_bodies_of(kind)?
        .into_iter()
        .map(|(_, body)| body)
        .collect();
    let text = |body: &Value, key: &str| body.get(key).and_then(Value::as_str).map(str::to_owned);
    if kind == RecordKind::FirewallRules {
        bodies.sort_by_cached_key(|body| {
            (
                text(body, "firewall_id"),
                body.get("position").and_then(Value::as_u64),
                text(body, "id"),
            )
        });
    } else {
        bodies.sort_by_cached_key(|body| text(body, "id"));
    }
    Ok(bodies)
}

/// The rows of one table, each with the id of the record it belongs to; `emit` receives
/// them one at a time so that no sheet is held twice in memory.
fn id_of(body: &Value) -> &str {
    body.get("id").and_then(Value::as_str).unwrap_or_default()
}

fn table_rows(
    table: Table,
    bodies: &[Value],
    mut emit: impl FnMut(&str, Vec<OutCell>) -> Result<(), TabularError>,
) -> Result<(), TabularError> {
    match table {
        Table::Record(layout) => {
            let columns = export_columns(layout);
            for body in bodies {
                let cells = columns
                    .iter()
                    .map(|column| format_cell(column.shape, field_value(body, column.field)))
                    .collect();
                emit(id_of(body), cells)?;
            }
        }
        Table::Relation(relation) => {
            for body in bodies {
                let id = id_of(body);
                let items = body.get(relation.field).and_then(Value::as_array);
                for item in items.into_iter().flatten() {
                    emit(id, relation_cells(relation, id, item))?;
                }
            }
        }
    }
    Ok(())
}

/// One item of a list as a relation row: the record's id, then the item's parts.
fn relation_cells(relation: &RelationSheet, parent_id: &str, item: &Value) -> Vec<OutCell> {
    let parent = Value::String(parent_id.to_owned());
    relation
        .layout
        .columns
        .iter()
        .enumerate()
        .map(|(index, column)| {
            let value = if index == 0 {
                &parent
            } else if matches!(column.shape, Shape::Place) || !item.is_object() {
                item
            } else {
                field_value(item, column.field)
            };
            format_cell(column.shape, value)
        })
        .collect()
}

/// The headers a table is exported with.
fn export_headers(table: Table) -> Vec<&'static Column> {
    match table {
        Table::Record(layout) => export_columns(layout),
        Table::Relation(relation) => relation.layout.columns.iter().collect(),
    }
}

/// Fails, naming sheet, record and column, when a cell is longer than Excel allows.
fn check_lengths(
    table: Table,
    columns: &[&Column],
    record: &str,
    cells: &[String],
) -> Result<(), TabularError> {
    for (text, column) in cells.iter().zip(columns) {
        // A UTF-16 unit takes at least one byte of UTF-8: short texts need no count.
        let length = if text.len() > CELL_LIMIT {
            text.encode_utf16().count()
        } else {
            0
        };
        if length > CELL_LIMIT {
            return Err(TabularError::CellTooLong {
                sheet: table.layout().sheet_ja.to_owned(),
                record: record.to_owned(),
                column: column.ja.to_owned(),
                length,
            });
        }
    }
    Ok(())
}

/// One kind as CSV (lists kept in relation sheets are left out; see [`write_csv_table`]).
pub fn write_csv(ledger: &Ledger, kind: RecordKind) -> Result<Vec<u8>, TabularError> {
    let layout = layout(kind).ok_or(TabularError::NoLayout(kind))?;
    write_table_csv(ledger, Table::Record(layout))
}

/// The CSV files an export consists of, by file stem: every kind (`assets`), each followed
/// by its relation files (`account_accepted_on`).
pub fn csv_tables() -> Vec<&'static str> {
    Table::all().into_iter().map(Table::code).collect()
}

/// One CSV file of an export, by its stem from [`csv_tables`].
pub fn write_csv_table(ledger: &Ledger, code: &str) -> Result<Vec<u8>, TabularError> {
    let table = Table::all()
        .into_iter()
        .find(|table| table.code() == code)
        .ok_or_else(|| TabularError::UnknownTable(code.to_owned()))?;
    write_table_csv(ledger, table)
}

fn write_table_csv(ledger: &Ledger, table: Table) -> Result<Vec<u8>, TabularError> {
    let columns = export_headers(table);
    let bodies = sorted_bodies(ledger, table.layout().kind)?;
    let mut writer = csv_writer(&columns)?;
    table_rows(table, &bodies, |record, cells| {
        let texts: Vec<String> = cells
            .iter()
            .map(|cell| guard_formula(cell.to_text()))
            .collect();
        check_lengths(table, &columns, record, &texts)?;
        writer.write_record(&texts)?;
        Ok(())
    })?;
    csv_finish(writer)
}

/// The empty CSV of one kind: the header and the note row.
pub fn template_csv(kind: RecordKind) -> Result<Vec<u8>, TabularError> {
    let layout = layout(kind).ok_or(TabularError::NoLayout(kind))?;
    let columns: Vec<&Column> = layout.columns.iter().collect();
    let mut writer = csv_writer(&columns)?;
    writer.write_record(note_row(&columns))?;
    csv_finish(writer)
}

fn csv_writer(columns: &[&Column]) -> Result<csv::Writer<Vec<u8>>, TabularError> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    writer.write_record(columns.iter().map(|column| column.ja))?;
    Ok(writer)
}

fn csv_finish(writer: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, TabularError> {
    Ok(writer.into_inner().map_err(|error| error.into_error())?)
}

/// Excel runs a CSV cell starting with = + @ as a formula; a leading apostrophe keeps it
/// text. The reader removes it again (see `sheets::unguard_formula`).
fn guard_formula(text: String) -> String {
    if text.starts_with(['=', '+', '@']) {
        format!("'{text}")
    } else {
        text
    }
}

/// The whole ledger as a workbook: the 説明 sheet, then one sheet per kind, each followed
/// by its relation sheets.
pub fn write_xlsx(ledger: &Ledger) -> Result<Vec<u8>, TabularError> {
    let mut book = Book::new();
    book.readme()?;
    let mut parent: Option<(RecordKind, Vec<Value>)> = None;
    for table in Table::all() {
        let kind = table.layout().kind;
        if parent.as_ref().is_none_or(|(held, _)| *held != kind) {
            parent = Some((kind, sorted_bodies(ledger, kind)?));
        }
        let bodies = parent.as_ref().map_or(&[][..], |(_, bodies)| bodies);
        book.sheet(table, None, bodies)?;
    }
    Ok(book.workbook.save_to_buffer()?)
}

/// The empty workbook of one kind (with its relation sheets), or of every kind: 説明 sheet,
/// header and note row.
pub fn template_xlsx(kind: Option<RecordKind>) -> Result<Vec<u8>, TabularError> {
    if let Some(kind) = kind {
        layout(kind).ok_or(TabularError::NoLayout(kind))?;
    }
    let mut book = Book::new();
    book.readme()?;
    for table in Table::all() {
        if kind.is_none_or(|kind| table.layout().kind == kind) {
            let columns: Vec<&Column> = table.layout().columns.iter().collect();
            book.sheet(table, Some(note_row(&columns)), &[])?;
        }
    }
    Ok(book.workbook.save_to_buffer()?)
}

/// The note row of a template: what each column takes, each cell starting with ※ so that
/// import skips the row.
fn note_row(columns: &[&Column]) -> Vec<String> {
    columns
        .iter()
        .map(|column| format!("{NOTE_MARK}{}", column_note(column)))
        .collect()
}

fn column_note(column: &Column) -> String {
    let note =
        |key: &str, args: &[(&str, &str)]| text(Lang::Ja, &format!("tabular-note-{key}"), args);
    let kind_name = |kind: RecordKind| text(Lang::Ja, &format!("kind-{}", kind.code()), &[]);
    let body = match column.shape {
        Shape::Id => note("id", &[]),
        Shape::Text => note("text", &[]),
        Shape::Integer { .. } => note("integer", &[]),
        Shape::YesNo => note("yes_no", &[]),
        Shape::Flag { default } => note(
            "flag",
            &[("default", if default { "はい" } else { "いいえ" })],
        ),
        Shape::Date => note("date", &[]),
        Shape::Code(spec) => note("code", &[("choices", &choices(spec))]),
        Shape::Codes(spec) => note("codes", &[("choices", &choices(spec))]),
        Shape::Texts | Shape::Ips | Shape::Macs | Shape::Cidrs | Shape::Integers { .. } => {
            note("list", &[])
        }
        Shape::Reference(kind) => note("reference", &[("target", &kind_name(kind))]),
        Shape::References(kind) => note("references", &[("target", &kind_name(kind))]),
        Shape::Owner => note("owner", &[]),
        Shape::OptionalOwner => note("optional_owner", &[]),
        Shape::Endpoint => note("endpoint", &[]),
        Shape::Ports => note("ports", &[]),
        Shape::Software => note("software", &[]),
        Shape::Cpes => note("cpes", &[]),
        Shape::Contacts => note("contacts", &[]),
        Shape::AcceptedOn => note("accepted_on", &[]),
        Shape::StoredOn => note("stored_on", &[]),
        Shape::Place => note("place", &[]),
        Shape::VulnTarget => note("target", &[]),
    };
    if column.required {
        format!("{}{body}", note("required", &[]))
    } else {
        body
    }
}

/// The paragraphs of the 説明 sheet, in order.
const README_KEYS: &[&str] = &[
    "title",
    "header",
    "note",
    "id",
    "update",
    "all_or_nothing",
    "encoding",
    "yes_no",
    "dates",
    "lists",
    "codes",
    "references",
    "owner",
    "endpoint",
    "accepted_on",
    "software",
    "relations",
    "csv_injection",
];

/// A workbook being written, with its shared formats.
struct Book {
    workbook: Workbook,
    header: Format,
    note: Format,
    date: Format,
    wrap: Format,
}

impl Book {
    fn new() -> Self {
        Book {
            workbook: Workbook::new(),
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xDDEBF7)),
            note: Format::new()
                .set_italic()
                .set_font_color(Color::RGB(0x595959))
                .set_text_wrap(),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            wrap: Format::new().set_text_wrap(),
        }
    }

    fn readme(&mut self) -> Result<(), TabularError> {
        let sheet = self.workbook.add_worksheet();
        sheet.set_name(README_SHEET)?;
        sheet.set_column_width(0, 24)?;
        sheet.set_column_width(1, 100)?;
        let mut row = 0u32;
        for key in README_KEYS {
            let format = if *key == "title" {
                &self.header
            } else {
                &self.wrap
            };
            sheet.write_string_with_format(
                row,
                0,
                text(Lang::Ja, &format!("tabular-readme-{key}"), &[]),
                format,
            )?;
            sheet.write_string_with_format(
                row,
                1,
                text(Lang::En, &format!("tabular-readme-{key}"), &[]),
                format,
            )?;
            row += 1;
        }
        row += 1;
        for (column, key) in ["sheet", "kind", "file"].iter().enumerate() {
            sheet.write_string_with_format(
                row,
                column as u16,
                text(Lang::Ja, &format!("tabular-readme-table-{key}"), &[]),
                &self.header,
            )?;
        }
        for table in Table::all() {
            row += 1;
            let layout = table.layout();
            let kind = text(Lang::Ja, &format!("kind-{}", layout.kind.code()), &[]);
            let content = match table {
                Table::Record(_) => kind,
                Table::Relation(relation) => {
                    let list = column_of_field(relation.parent, relation.field).unwrap_or_default();
                    format!("{kind}: {list}")
                }
            };
            sheet.write_string(row, 0, layout.sheet_ja)?;
            sheet.write_string(row, 1, content)?;
            sheet.write_string(row, 2, format!("{}.csv", table.code()))?;
        }
        Ok(())
    }

    /// Writes one table: the header, the note row of a template, then the rows of `bodies`.
    fn sheet(
        &mut self,
        table: Table,
        note: Option<Vec<String>>,
        bodies: &[Value],
    ) -> Result<(), TabularError> {
        let (header, note_format, date, wrap) = (&self.header, &self.note, &self.date, &self.wrap);
        let columns = match note {
            Some(_) => table.layout().columns.iter().collect(),
            None => export_headers(table),
        };
        let sheet = self.workbook.add_worksheet();
        sheet.set_name(table.layout().sheet_ja)?;
        let mut widths: Vec<usize> = columns.iter().map(|c| display_width(c.ja)).collect();
        for (column, spec) in columns.iter().enumerate() {
            sheet.write_string_with_format(0, column as u16, spec.ja, header)?;
        }
        let mut next_row = 1u32;
        if let Some(note) = note {
            for (column, text) in note.into_iter().enumerate() {
                sheet.write_string_with_format(next_row, column as u16, text, note_format)?;
            }
            next_row += 1;
        }
        table_rows(table, bodies, |record, cells| {
            for (column, cell) in cells.iter().enumerate() {
                if let OutCell::Text(text) = cell {
                    check_lengths(
                        table,
                        &columns[column..],
                        record,
                        std::slice::from_ref(text),
                    )?;
                }
                if next_row <= SAMPLE_ROWS
                    && let Some(width) = widths.get_mut(column)
                {
                    *width = (*width).max(display_width(&cell.to_text()));
                }
                write_cell(sheet, next_row, column as u16, cell, date, wrap)?;
            }
            next_row += 1;
            Ok(())
        })?;
        sheet.set_freeze_panes(1, 0)?;
        let last_column = columns.len().saturating_sub(1) as u16;
        sheet.autofilter(0, 0, next_row.saturating_sub(1).max(1), last_column)?;
        for (column, width) in widths.into_iter().enumerate() {
            sheet.set_column_width(column as u16, (width + 2).clamp(8, 60) as f64)?;
        }
        Ok(())
    }
}

fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    cell: &OutCell,
    date: &Format,
    wrap: &Format,
) -> Result<(), TabularError> {
    match cell {
        OutCell::Blank => {}
        OutCell::Text(text) if text.contains('\n') => {
            sheet.write_string_with_format(row, column, text, wrap)?;
        }
        OutCell::Text(text) => {
            sheet.write_string(row, column, text)?;
        }
        OutCell::Number(number) => {
            sheet.write_number(row, column, *number)?;
        }
        OutCell::Date(day) => {
            let (year, month, day_of_month) = (day.0.year(), day.0.month(), day.0.day());
            let datetime = ExcelDateTime::from_ymd(year as u16, month as u8, day_of_month as u8)?;
            sheet.write_datetime_with_format(row, column, &datetime, date)?;
        }
    }
    Ok(())
}

/// Display width of text in Excel's units: CJK characters take two.
fn display_width(text: &str) -> usize {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// Column widths follow the header and the first rows, within reason.
const SAMPLE_ROWS: u32 = 200;

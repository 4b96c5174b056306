//! Writing sheets: CSV (UTF-8 with BOM, CRLF, Japanese headers, as Excel on Japanese
//! Windows opens it), XLSX (one sheet per kind, bold frozen header, autofilter, widths,
//! plus a 説明 sheet), and the empty templates with their note row.

use std::collections::HashMap;

use mamori_core::{Ledger, RecordBodyError, RecordKind};
use mamori_i18n::{Lang, text};
use rust_xlsxwriter::{Color, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use serde_json::Value;

use super::cell::choices;
use super::format::{OutCell, field_value, format_cell};
use super::layout::{Column, Layout, Shape, layout, layouts};
use super::sheets::NOTE_MARK;
use super::text::match_key;

/// Why a sheet could not be written.
#[derive(Debug, thiserror::Error)]
pub enum TabularError {
    #[error("{0} has no sheet layout")]
    NoLayout(RecordKind),
    #[error(transparent)]
    Record(#[from] RecordBodyError),
    #[error("CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("CSV: {0}")]
    Io(#[from] std::io::Error),
    #[error("XLSX: {0}")]
    Xlsx(#[from] XlsxError),
}

/// The name of the sheet that explains the layout; readers skip sheets with these names.
const README_SHEET: &str = "説明";
const README_NAMES: &[&str] = &["説明", "readme", "使い方", "はじめに", "記入方法", "notes"];

pub(crate) fn is_readme_sheet(name: &str) -> bool {
    README_NAMES
        .iter()
        .any(|known| match_key(known) == match_key(name))
}

/// Record bodies per kind, in canonical order (by id; rules by firewall and position).
fn bodies_by_kind(ledger: &Ledger) -> Result<HashMap<RecordKind, Vec<Value>>, TabularError> {
    let mut sorted = ledger.clone();
    sorted.sort_canonical();
    let mut grouped: HashMap<RecordKind, Vec<Value>> = HashMap::new();
    for (record, body) in sorted.to_record_bodies()? {
        grouped.entry(record.kind).or_default().push(body);
    }
    Ok(grouped)
}

fn row_cells(layout: &Layout, body: &Value) -> Vec<OutCell> {
    layout
        .columns
        .iter()
        .map(|column| format_cell(column.shape, field_value(body, column.field)))
        .collect()
}

/// One kind as CSV.
pub fn write_csv(ledger: &Ledger, kind: RecordKind) -> Result<Vec<u8>, TabularError> {
    let layout = layout(kind).ok_or(TabularError::NoLayout(kind))?;
    let bodies = bodies_by_kind(ledger)?.remove(&kind).unwrap_or_default();
    let rows: Vec<Vec<String>> = bodies
        .iter()
        .map(|body| {
            row_cells(layout, body)
                .iter()
                .map(|cell| guard_formula(cell.to_text()))
                .collect()
        })
        .collect();
    csv_bytes(layout, None, &rows)
}

/// The empty CSV of one kind: the header and the note row.
pub fn template_csv(kind: RecordKind) -> Result<Vec<u8>, TabularError> {
    let layout = layout(kind).ok_or(TabularError::NoLayout(kind))?;
    csv_bytes(layout, Some(note_row(layout)), &[])
}

fn csv_bytes(
    layout: &Layout,
    note: Option<Vec<String>>,
    rows: &[Vec<String>],
) -> Result<Vec<u8>, TabularError> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer.write_record(layout.columns.iter().map(|column| column.ja))?;
    if let Some(note) = note {
        writer.write_record(&note)?;
    }
    for row in rows {
        writer.write_record(row)?;
    }
    let body = writer.into_inner().map_err(|error| error.into_error())?;
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(body);
    Ok(bytes)
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

/// The whole ledger as a workbook: the 説明 sheet, then one sheet per kind.
pub fn write_xlsx(ledger: &Ledger) -> Result<Vec<u8>, TabularError> {
    let mut grouped = bodies_by_kind(ledger)?;
    let mut book = Book::new();
    book.readme()?;
    for layout in layouts() {
        let rows: Vec<Vec<OutCell>> = grouped
            .remove(&layout.kind)
            .unwrap_or_default()
            .iter()
            .map(|body| row_cells(layout, body))
            .collect();
        book.sheet(layout, false, &rows)?;
    }
    Ok(book.workbook.save_to_buffer()?)
}

/// The empty workbook of one kind, or of every kind: 説明 sheet, header and note row.
pub fn template_xlsx(kind: Option<RecordKind>) -> Result<Vec<u8>, TabularError> {
    let chosen: Vec<&Layout> = match kind {
        Some(kind) => vec![layout(kind).ok_or(TabularError::NoLayout(kind))?],
        None => layouts().iter().collect(),
    };
    let mut book = Book::new();
    book.readme()?;
    for layout in chosen {
        book.sheet(layout, true, &[])?;
    }
    Ok(book.workbook.save_to_buffer()?)
}

/// The note row of a template: what each column takes, each cell starting with ※ so that
/// import skips the row.
fn note_row(layout: &Layout) -> Vec<String> {
    layout
        .columns
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
        for layout in layouts() {
            row += 1;
            sheet.write_string(row, 0, layout.sheet_ja)?;
            sheet.write_string(
                row,
                1,
                text(Lang::Ja, &format!("kind-{}", layout.kind.code()), &[]),
            )?;
            sheet.write_string(row, 2, format!("{}.csv", layout.kind.code()))?;
        }
        Ok(())
    }

    fn sheet(
        &mut self,
        layout: &Layout,
        with_note: bool,
        rows: &[Vec<OutCell>],
    ) -> Result<(), TabularError> {
        let (header, note, date, wrap) = (&self.header, &self.note, &self.date, &self.wrap);
        let sheet = self.workbook.add_worksheet();
        sheet.set_name(layout.sheet_ja)?;
        for (column, spec) in layout.columns.iter().enumerate() {
            sheet.write_string_with_format(0, column as u16, spec.ja, header)?;
        }
        let mut next_row = 1u32;
        if with_note {
            for (column, text) in note_row(layout).into_iter().enumerate() {
                sheet.write_string_with_format(next_row, column as u16, text, note)?;
            }
            next_row += 1;
        }
        for cells in rows {
            for (column, cell) in cells.iter().enumerate() {
                write_cell(sheet, next_row, column as u16, cell, date, wrap)?;
            }
            next_row += 1;
        }
        sheet.set_freeze_panes(1, 0)?;
        let last_column = layout.columns.len().saturating_sub(1) as u16;
        sheet.autofilter(0, 0, next_row.saturating_sub(1).max(1), last_column)?;
        for (column, width) in column_widths(layout, rows).into_iter().enumerate() {
            sheet.set_column_width(column as u16, width)?;
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

/// Wide enough for the header and the first rows, within reason.
fn column_widths(layout: &Layout, rows: &[Vec<OutCell>]) -> Vec<f64> {
    const SAMPLE_ROWS: usize = 200;
    layout
        .columns
        .iter()
        .enumerate()
        .map(|(index, column)| {
            let longest = rows
                .iter()
                .take(SAMPLE_ROWS)
                .filter_map(|row| row.get(index))
                .map(|cell| display_width(&cell.to_text()))
                .max()
                .unwrap_or(0);
            (display_width(column.ja).max(longest) + 2).clamp(8, 60) as f64
        })
        .collect()
}

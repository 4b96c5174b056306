//! Files to raw sheets: a header row and the data rows below it, with the row numbers Excel
//! shows. Blank rows and note rows (first filled cell starting with ※) are dropped here.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use super::cell::Cell;

/// One data row and its 1-based row number as Excel shows it.
#[derive(Debug, Clone)]
pub(crate) struct RawRow {
    pub row: usize,
    pub cells: Vec<Cell>,
}

/// A sheet (or CSV file) before its columns are interpreted.
#[derive(Debug, Clone, Default)]
pub(crate) struct RawSheet {
    /// The XLSX sheet name; `None` for CSV.
    pub sheet: Option<String>,
    pub header_row: usize,
    pub headers: Vec<String>,
    pub rows: Vec<RawRow>,
}

/// Rows whose first filled cell starts with this are notes (the template's 記入例 row).
pub const NOTE_MARK: char = '※';

fn is_note(cells: &[Cell]) -> bool {
    cells
        .iter()
        .find(|cell| !cell.is_blank())
        .is_some_and(|cell| cell.as_text().starts_with(NOTE_MARK))
}

/// Builds a sheet from rows in file order: the first non-blank row is the header.
fn assemble(sheet: Option<String>, rows: impl Iterator<Item = (usize, Vec<Cell>)>) -> RawSheet {
    let mut raw = RawSheet {
        sheet,
        ..RawSheet::default()
    };
    let mut have_header = false;
    for (row, cells) in rows {
        if cells.iter().all(Cell::is_blank) {
            continue;
        }
        if !have_header {
            raw.header_row = row;
            raw.headers = cells.iter().map(Cell::as_text).collect();
            have_header = true;
        } else if !is_note(&cells) {
            raw.rows.push(RawRow { row, cells });
        }
    }
    raw
}

/// A decoded CSV text (comma- or, for Excel's Unicode text, tab-separated).
pub(crate) fn csv_sheet(text: &str) -> Result<RawSheet, String> {
    let first_line = text.lines().next().unwrap_or_default();
    let delimiter = if first_line.contains('\t') && !first_line.contains(',') {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    // The csv reader skips empty lines, and a quoted cell may span lines; Excel counts
    // neither the same way, so the Excel row is tracked from the line positions.
    let mut next_line = 1u64;
    let mut excel_row = 0usize;
    for record in reader.records() {
        let record = record.map_err(|error| error.to_string())?;
        let line = record
            .position()
            .map_or(next_line, |position| position.line());
        excel_row += usize::try_from(line.saturating_sub(next_line)).unwrap_or(0) + 1;
        let inner_breaks: usize = record.iter().map(|field| field.matches('\n').count()).sum();
        next_line = line + 1 + inner_breaks as u64;
        rows.push((
            excel_row,
            record
                .iter()
                .map(|field| Cell::Text(unguard_formula(field).to_owned()))
                .collect(),
        ));
    }
    Ok(assemble(None, rows.into_iter()))
}

/// A sheet's name and its rows, or why it could not be read.
pub(crate) type NamedSheet = (String, Result<RawSheet, String>);

/// Removes the apostrophe the CSV writer puts before = + @ so Excel shows text, not a formula.
fn unguard_formula(field: &str) -> &str {
    match field.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '@']) => rest,
        _ => field,
    }
}

/// Every sheet of a workbook, in workbook order; a sheet that cannot be read carries its
/// error. A parser panic on a hostile file is turned into an error, never a crash.
pub(crate) fn xlsx_sheets(bytes: &[u8]) -> Result<Vec<NamedSheet>, String> {
    std::panic::catch_unwind(|| read_workbook(bytes))
        .unwrap_or_else(|_| Err("the workbook is damaged".to_owned()))
}

fn read_workbook(bytes: &[u8]) -> Result<Vec<NamedSheet>, String> {
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(|error| error.to_string())?;
    let names = workbook.sheet_names();
    Ok(names
        .into_iter()
        .map(|name| {
            let sheet = workbook
                .worksheet_range(&name)
                .map_err(|error| error.to_string())
                .map(|range| {
                    let (first_row, first_col) = range.start().unwrap_or((0, 0));
                    let leading = vec![Cell::Empty; first_col as usize];
                    let rows = range.rows().enumerate().map(|(index, row)| {
                        let mut cells = leading.clone();
                        cells.extend(row.iter().map(cell_of));
                        (first_row as usize + index + 1, cells)
                    });
                    assemble(Some(name.clone()), rows)
                });
            (name, sheet)
        })
        .collect())
}

fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => {
            Cell::Text(text.clone())
        }
        Data::Int(number) => Cell::Number(*number as f64),
        Data::Float(number) => Cell::Number(*number),
        Data::Bool(value) => Cell::Bool(*value),
        Data::DateTime(datetime) if datetime.is_datetime() => {
            // calamine knows whether the workbook counts from 1900 or 1904.
            let (year, month, day, ..) = datetime.to_ymd_hms_milli();
            let date = i16::try_from(year)
                .ok()
                .filter(|year| (1900..=2999).contains(year))
                .and_then(|year| mamori_core::Date::new(year, month as i8, day as i8));
            date.map_or_else(|| Cell::Number(datetime.as_f64()), Cell::Date)
        }
        Data::DateTime(duration) => Cell::Number(duration.as_f64()),
        Data::Error(error) => Cell::Error(error.to_string()),
    }
}

//! Raw sheets to ledger records: map headers to columns, give every row a record id
//! (written, matched to an existing record, or generated), resolve references against the
//! existing ledger and the whole import, and read each cell by its column's shape.

use std::collections::{HashMap, HashSet};

use mamori_core::{Ledger, RecordKind, RecordRef};
use serde_json::{Map, Value, json};

use super::TableRead;
use super::cell::{Cell, Issue};
use super::layout::{Column, Layout, Shape, Table, layouts};
use super::relations;
use super::resolve::{Resolver, name_key};
use super::shapes::{blank_value, parse_cell};
use super::sheets::{RawRow, RawSheet};
use crate::problem::{ImportProblem, SourceLocation};

/// One sheet (or CSV file) to read, with the file it came from.
pub(crate) struct SheetIn {
    pub file: String,
    pub table: Table,
    pub raw: RawSheet,
}

/// How one sheet's columns map onto its layout.
pub(crate) struct Plan<'a> {
    pub file: &'a str,
    pub table: Table,
    pub layout: &'static Layout,
    pub raw: &'a RawSheet,
    /// For each layout column, the file column holding it.
    pub file_column: Vec<Option<usize>>,
}

impl Plan<'_> {
    pub(crate) fn cell<'r>(&self, row: &'r RawRow, layout_column: usize) -> Option<&'r Cell> {
        let file_column = self.file_column.get(layout_column).copied().flatten()?;
        Some(row.cells.get(file_column).unwrap_or(&Cell::Empty))
    }

    pub(crate) fn header(&self, layout_column: usize) -> String {
        let written = self
            .file_column
            .get(layout_column)
            .copied()
            .flatten()
            .and_then(|at| self.raw.headers.get(at));
        written.cloned().unwrap_or_else(|| {
            self.layout
                .columns
                .get(layout_column)
                .map_or("", |c| c.ja)
                .to_owned()
        })
    }

    pub(crate) fn text_of(&self, row: &RawRow, field: &str) -> Option<String> {
        let index = self
            .layout
            .columns
            .iter()
            .position(|column| column.field == field)?;
        Some(self.cell(row, index)?.as_text()).filter(|text| !text.is_empty())
    }
}

/// Where a cell is, for problems.
pub(crate) fn location(
    file: &str,
    raw: &RawSheet,
    row: usize,
    column: Option<String>,
) -> SourceLocation {
    SourceLocation {
        file: file.to_owned(),
        sheet: raw.sheet.clone(),
        row: Some(row),
        column,
    }
}

pub(crate) fn located(location: SourceLocation, issue: Issue) -> ImportProblem {
    issue.params.into_iter().fold(
        ImportProblem::new(location, issue.code),
        |problem, (name, value)| problem.with(name, value),
    )
}

/// The Excel column letter of a 0-based index (A, B … Z, AA …), for unnamed columns.
fn column_letter(index: usize) -> String {
    let mut letters = Vec::new();
    let mut rest = index + 1;
    while rest > 0 {
        let digit = (rest - 1) % 26;
        letters.push(char::from(b'A' + digit as u8));
        rest = (rest - 1) / 26;
    }
    letters.iter().rev().collect()
}

fn plan_sheet<'a>(sheet: &'a SheetIn, problems: &mut Vec<ImportProblem>) -> Option<Plan<'a>> {
    let (file, layout, raw) = (sheet.file.as_str(), sheet.table.layout(), &sheet.raw);
    let mut file_column = vec![None; layout.columns.len()];
    let at_header = |column: String| location(file, raw, raw.header_row, Some(column));
    for (index, header) in raw.headers.iter().enumerate() {
        if header.trim().is_empty() {
            let has_data = raw
                .rows
                .iter()
                .any(|row| row.cells.get(index).is_some_and(|cell| !cell.is_blank()));
            if has_data {
                problems.push(ImportProblem::new(
                    at_header(column_letter(index)),
                    "unnamed_column",
                ));
            }
            continue;
        }
        match layout.column_for_header(header) {
            Some(known) if file_column[known].is_some() => {
                problems.push(
                    ImportProblem::new(at_header(header.clone()), "duplicate_column")
                        .with("column", header),
                );
            }
            Some(known) => file_column[known] = Some(index),
            None => problems.push(
                ImportProblem::new(at_header(header.clone()), "unknown_column")
                    .with("column", header)
                    .with("target", layout.kind.code()),
            ),
        }
    }
    let mut usable = true;
    for (column, found) in layout.columns.iter().zip(&file_column) {
        if column.required && found.is_none() {
            problems.push(
                ImportProblem::new(at_header(column.ja.to_owned()), "missing_column")
                    .with("column", column.ja),
            );
            usable = false;
        }
    }
    usable.then_some(Plan {
        file,
        table: sheet.table,
        layout,
        raw,
        file_column,
    })
}

/// The existing ledger: the bodies of the kinds this import writes, with the keys rows are
/// matched by, and the id and name of every record, for references.
pub(crate) struct Existing {
    pub bodies: HashMap<RecordRef, Value>,
    by_number: HashMap<(RecordKind, String), Vec<String>>,
    by_name: HashMap<(RecordKind, String), Vec<String>>,
    names: Vec<(RecordKind, String, Option<String>)>,
}

impl Existing {
    fn build(ledger: &Ledger, kinds: &HashSet<RecordKind>) -> Self {
        let mut existing = Existing {
            bodies: HashMap::new(),
            by_number: HashMap::new(),
            by_name: HashMap::new(),
            names: Vec::new(),
        };
        for layout in layouts() {
            let kind = layout.kind;
            for (record, body) in ledger.record_bodies_of(kind).unwrap_or_default() {
                let name = layout
                    .name_field
                    .and_then(|field| body.get(field))
                    .and_then(Value::as_str);
                existing
                    .names
                    .push((kind, record.id.clone(), name.map(str::to_owned)));
                if !kinds.contains(&kind) {
                    continue;
                }
                if let Some(name) = name {
                    existing
                        .by_name
                        .entry((kind, name_key(name)))
                        .or_default()
                        .push(record.id.clone());
                }
                if let Some(number) = body.get("asset_number").and_then(Value::as_str) {
                    existing
                        .by_number
                        .entry((kind, number.trim().to_owned()))
                        .or_default()
                        .push(record.id.clone());
                }
                existing.bodies.insert(record, body);
            }
        }
        existing
    }
}

/// One data row on its way to becoming a record.
struct Pending<'a> {
    plan: usize,
    row: &'a RawRow,
    id: Option<String>,
}

/// A record built from a row, before relation sheets complete it.
pub(crate) struct Built<'a> {
    pub record: RecordRef,
    pub body: Value,
    pub at: SourceLocation,
    pub plan: usize,
    pub row: &'a RawRow,
}

/// Reads every sheet of one import (a workbook, or CSV files read together) into records,
/// origins and problems.
pub(crate) fn build(
    file: &str,
    sheets: &[SheetIn],
    existing: &Ledger,
    problems: Vec<ImportProblem>,
) -> TableRead {
    let mut read = TableRead {
        file: file.to_owned(),
        problems,
        ..TableRead::default()
    };
    let plans: Vec<Plan<'_>> = sheets
        .iter()
        .filter_map(|sheet| plan_sheet(sheet, &mut read.problems))
        .collect();
    let kinds: HashSet<RecordKind> = plans.iter().map(|plan| plan.layout.kind).collect();
    let known = Existing::build(existing, &kinds);
    let mut pending = pending_rows(&plans, &mut read.problems);
    assign_ids(&plans, &known, &mut pending);
    let resolver = resolver(&plans, &known, &pending);
    for plan in plans.iter().filter(|plan| is_record(plan)) {
        for (index, column) in plan.layout.columns.iter().enumerate() {
            if plan.file_column[index].is_some() {
                read.columns.insert(
                    (plan.layout.kind, column.field.to_owned()),
                    plan.header(index),
                );
            }
        }
    }
    // Only kinds a relation sheet completes wait as JSON trees for `relations::apply`;
    // every other record becomes a typed record at once, so the trees of a 50,000-row
    // sheet are never all in memory together.
    let completed: HashSet<RecordKind> = plans
        .iter()
        .filter_map(|plan| match plan.table {
            Table::Relation(relation) => Some(relation.parent),
            Table::Record(_) => None,
        })
        .collect();
    let mut built = Vec::new();
    for item in &pending {
        let (Some(plan), Some(id)) = (plans.get(item.plan), item.id.as_ref()) else {
            continue;
        };
        let record = RecordRef::new(plan.layout.kind, id.as_str());
        let at = location(plan.file, plan.raw, item.row.row, None);
        let body = row_body(
            plan,
            item.row,
            id,
            known.bodies.get(&record),
            &resolver,
            &mut read.problems,
        );
        match body {
            Some(body) if completed.contains(&record.kind) => built.push(Built {
                record,
                body,
                at,
                plan: item.plan,
                row: item.row,
            }),
            Some(body) => insert_record(&mut read, record, body, at),
            None => {}
        }
    }
    relations::apply(&plans, &known, &resolver, &mut built, &mut read);
    for Built {
        record, body, at, ..
    } in built
    {
        insert_record(&mut read, record, body, at);
    }
    read
}

/// Turns a row's JSON tree into the typed record, or a problem at its row.
fn insert_record(read: &mut TableRead, record: RecordRef, body: Value, at: SourceLocation) {
    match read.records.insert_record_body(record.clone(), body) {
        Ok(()) => {
            read.origins.insert(record, at);
        }
        Err(error) => read
            .problems
            .push(ImportProblem::new(at, "record_invalid").with("detail", error.source)),
    }
}

fn is_record(plan: &Plan<'_>) -> bool {
    matches!(plan.table, Table::Record(_))
}

/// Every data row with its written id; a second row with the same id is a problem.
fn pending_rows<'a>(plans: &[Plan<'a>], problems: &mut Vec<ImportProblem>) -> Vec<Pending<'a>> {
    let mut first_row: HashMap<RecordRef, (usize, &str)> = HashMap::new();
    let mut pending = Vec::new();
    for (plan_index, plan) in plans.iter().enumerate() {
        if !is_record(plan) {
            continue;
        }
        for row in &plan.raw.rows {
            let id = plan.text_of(row, "id");
            if let Some(id) = &id {
                let record = RecordRef::new(plan.layout.kind, id.as_str());
                if let Some((first, first_file)) = first_row.get(&record) {
                    let at = location(plan.file, plan.raw, row.row, Some(plan.header(0)));
                    let other = if *first_file == plan.file {
                        first.to_string()
                    } else {
                        format!("{first_file} {first}")
                    };
                    problems.push(
                        ImportProblem::new(at, "duplicate_row")
                            .with("value", id)
                            .with("other", other),
                    );
                    continue;
                }
                first_row.insert(record, (row.row, plan.file));
            }
            pending.push(Pending {
                plan: plan_index,
                row,
                id,
            });
        }
    }
    pending
}

/// Rows without an id take the existing record with the same 管理番号 (or, without one,
/// the same unique name) unless another row already did; otherwise a new free id.
fn assign_ids(plans: &[Plan<'_>], known: &Existing, pending: &mut [Pending<'_>]) {
    let mut claimed: HashSet<RecordRef> = pending
        .iter()
        .filter_map(|item| {
            Some(RecordRef::new(
                plans.get(item.plan)?.layout.kind,
                item.id.clone()?,
            ))
        })
        .collect();
    let mut counters: HashMap<RecordKind, u64> = HashMap::new();
    for item in pending.iter_mut().filter(|item| item.id.is_none()) {
        let Some(plan) = plans.get(item.plan) else {
            continue;
        };
        let kind = plan.layout.kind;
        let candidates = match plan.text_of(item.row, "asset_number") {
            Some(number) => known.by_number.get(&(kind, number.trim().to_owned())),
            None => plan
                .layout
                .name_field
                .and_then(|field| plan.text_of(item.row, field))
                .and_then(|name| known.by_name.get(&(kind, name_key(&name)))),
        };
        let matched = match candidates.map(Vec::as_slice) {
            Some([one]) if !claimed.contains(&RecordRef::new(kind, one.as_str())) => {
                Some(one.clone())
            }
            _ => None,
        };
        let id = matched.unwrap_or_else(|| {
            let counter = counters.entry(kind).or_insert(1);
            loop {
                let candidate = format!("{}-{:05}", plan.layout.id_prefix, *counter);
                *counter += 1;
                let record = RecordRef::new(kind, candidate.as_str());
                if !claimed.contains(&record) && !known.bodies.contains_key(&record) {
                    break candidate;
                }
            }
        });
        claimed.insert(RecordRef::new(kind, id.as_str()));
        item.id = Some(id);
    }
}

/// Ids and names from the existing ledger, overridden by the rows of this import.
fn resolver(plans: &[Plan<'_>], known: &Existing, pending: &[Pending<'_>]) -> Resolver {
    let mut resolver = Resolver::default();
    for (kind, id, name) in &known.names {
        resolver.add(*kind, id, name.as_deref());
    }
    for item in pending {
        let (Some(plan), Some(id)) = (plans.get(item.plan), item.id.as_ref()) else {
            continue;
        };
        let name = plan
            .layout
            .name_field
            .and_then(|field| plan.text_of(item.row, field));
        resolver.add(plan.layout.kind, id, name.as_deref());
    }
    resolver
}

/// The record body of one row: the existing record's body (so columns the sheet lacks keep
/// their values) with every column of the sheet applied. `None` when a required cell
/// could not be read.
fn row_body(
    plan: &Plan<'_>,
    row: &RawRow,
    id: &str,
    base: Option<&Value>,
    resolver: &Resolver,
    problems: &mut Vec<ImportProblem>,
) -> Option<Value> {
    let mut body = base
        .cloned()
        .filter(Value::is_object)
        .unwrap_or_else(|| Value::Object(Map::new()));
    set_path(&mut body, "id", json!(id));
    let mut complete = true;
    for (index, column) in plan.layout.columns.iter().enumerate() {
        if matches!(column.shape, Shape::Id) {
            continue;
        }
        let Some(cell) = plan.cell(row, index) else {
            if base.is_none() {
                set_path(&mut body, column.field, blank_value(column.shape));
            }
            continue;
        };
        let at = || location(plan.file, plan.raw, row.row, Some(plan.header(index)));
        let (value, issues) = read_cell(column, cell, resolver);
        if !issues.is_empty() && column.required {
            complete = false;
        }
        problems.extend(issues.into_iter().map(|issue| located(at(), issue)));
        set_path(&mut body, column.field, value);
    }
    drop_nameless_versions(plan, row, &mut body, problems);
    complete.then_some(body)
}

/// One cell's value and issues; a cell that cannot be read leaves the field as if blank.
pub(crate) fn read_cell(column: &Column, cell: &Cell, resolver: &Resolver) -> (Value, Vec<Issue>) {
    if let Cell::Error(error) = cell {
        return (
            blank_value(column.shape),
            vec![Issue::new("cell_error").with("value", error)],
        );
    }
    if cell.is_blank() {
        let issues = if column.required {
            vec![Issue::new("required_blank")]
        } else {
            Vec::new()
        };
        return (blank_value(column.shape), issues);
    }
    let parsed = parse_cell(column.shape, cell, resolver);
    let value = if parsed.value.is_null() {
        blank_value(column.shape)
    } else {
        parsed.value
    };
    (value, parsed.issues)
}

/// `os.version` without `os.name` cannot be recorded: the pair is dropped, and reported
/// when this row wrote the version.
fn drop_nameless_versions(
    plan: &Plan<'_>,
    row: &RawRow,
    body: &mut Value,
    problems: &mut Vec<ImportProblem>,
) {
    let heads: HashSet<&str> = plan
        .layout
        .columns
        .iter()
        .filter_map(|column| column.field.split_once('.'))
        .map(|(head, _)| head)
        .collect();
    for head in heads {
        let Some(object) = body.get(head).filter(|value| value.is_object()) else {
            continue;
        };
        let has = |key: &str| object.get(key).is_some_and(|value| !value.is_null());
        if has("name") {
            continue;
        }
        let version_field = format!("{head}.version");
        let version_column = plan
            .layout
            .columns
            .iter()
            .position(|column| column.field == version_field);
        let wrote_version =
            version_column.and_then(|index| plan.cell(row, index).map(|cell| (index, cell)));
        if let Some((index, cell)) = wrote_version.filter(|(_, cell)| !cell.is_blank()) {
            let at = location(plan.file, plan.raw, row.row, Some(plan.header(index)));
            problems.push(located(
                at,
                Issue::new("version_without_name").with("value", cell.as_text()),
            ));
        }
        set_path(body, head, Value::Null);
    }
}

/// Sets a dotted path, creating intermediate objects.
pub(crate) fn set_path(body: &mut Value, path: &str, value: Value) {
    let mut target = body;
    let mut keys = path.split('.').peekable();
    while let Some(key) = keys.next() {
        if !target.is_object() {
            *target = Value::Object(Map::new());
        }
        let Value::Object(map) = target else { return };
        if keys.peek().is_none() {
            map.insert(key.to_owned(), value);
            return;
        }
        target = map.entry(key.to_owned()).or_insert(Value::Null);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_and_paths() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        let mut body = json!({"os": null});
        set_path(&mut body, "os.version", json!("10"));
        set_path(&mut body, "name", json!("PC"));
        assert_eq!(body, json!({"os": {"version": "10"}, "name": "PC"}));
    }
}

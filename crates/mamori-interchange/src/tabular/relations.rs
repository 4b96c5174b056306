//! Reading relation sheets (one row per list item, see `layout::relations`) into the lists
//! of the records they name: the records of the same import, or existing records, which
//! then become part of the import.

use std::collections::HashMap;

use mamori_core::RecordRef;
use serde_json::Value;

use super::TableRead;
use super::build::{Built, Existing, Plan, located, location, read_cell, set_path};
use super::cell::{Cell, Issue};
use super::layout::{Relation, RelationSheet, Table};
use super::resolve::Resolver;
use super::sheets::{RawRow, RawSheet};
use crate::problem::ImportProblem;

/// The items one relation sheet gives, per record id, in row order, with the first row
/// that named each record.
struct Lists<'s> {
    relation: &'static RelationSheet,
    items: HashMap<String, Vec<Value>>,
    first: HashMap<String, (usize, &'s RawRow)>,
}

/// Completes `built` with every relation sheet among `plans`; records named only by a
/// relation sheet are taken from `known` and added.
pub(crate) fn apply<'s>(
    plans: &[Plan<'s>],
    known: &Existing,
    resolver: &Resolver,
    built: &mut Vec<Built<'s>>,
    read: &mut TableRead,
) {
    let mut all: Vec<Lists<'s>> = Vec::new();
    for (index, plan) in plans.iter().enumerate() {
        let Table::Relation(relation) = plan.table else {
            continue;
        };
        let at = match all
            .iter()
            .position(|lists| lists.relation.code == relation.code)
        {
            Some(at) => at,
            None => {
                all.push(Lists {
                    relation,
                    items: HashMap::new(),
                    first: HashMap::new(),
                });
                all.len() - 1
            }
        };
        let raw: &'s RawSheet = plan.raw;
        for row in &raw.rows {
            if let Some((parent, item)) = read_row(plan, relation, row, resolver, read) {
                all[at].first.entry(parent.clone()).or_insert((index, row));
                all[at].items.entry(parent).or_default().push(item);
            }
        }
    }
    for mut lists in all {
        complete(plans, known, &mut lists, built, read);
    }
}

/// Puts one relation's lists into the records.
fn complete<'s>(
    plans: &[Plan<'s>],
    known: &Existing,
    lists: &mut Lists<'s>,
    built: &mut Vec<Built<'s>>,
    read: &mut TableRead,
) {
    let relation = lists.relation;
    let sheet = relation.layout.sheet_ja;
    for record in built
        .iter_mut()
        .filter(|record| record.record.kind == relation.parent)
    {
        let Some(plan) = plans.get(record.plan) else {
            continue;
        };
        let own_column = plan
            .layout
            .columns
            .iter()
            .position(|column| column.field == relation.field);
        let own_cell = own_column
            .and_then(|index| Some((index, plan.cell(record.row, index)?)))
            .filter(|(_, cell)| !cell.is_blank());
        match (lists.items.remove(&record.record.id), own_cell) {
            (Some(_), Some((index, _))) => {
                let at = location(
                    plan.file,
                    plan.raw,
                    record.row.row,
                    Some(plan.header(index)),
                );
                read.problems
                    .push(ImportProblem::new(at, "relation_twice").with("sheet", sheet));
            }
            (Some(items), None) => set_path(&mut record.body, relation.field, Value::Array(items)),
            (None, Some(_)) => {}
            (None, None) => set_path(&mut record.body, relation.field, Value::Array(Vec::new())),
        }
    }
    read.columns
        .entry((relation.parent, relation.field.to_owned()))
        .or_insert_with(|| sheet.to_owned());
    let mut rest: Vec<(String, Vec<Value>)> = lists.items.drain().collect();
    rest.sort_by_key(|(id, _)| lists.first.get(id).map(|(plan, row)| (*plan, row.row)));
    for (id, items) in rest {
        let Some((plan_index, row)) = lists.first.get(&id).copied() else {
            continue;
        };
        let Some(plan) = plans.get(plan_index) else {
            continue;
        };
        let record = RecordRef::new(relation.parent, id.as_str());
        let Some(mut body) = known.bodies.get(&record).cloned() else {
            let at = location(plan.file, plan.raw, row.row, Some(plan.header(0)));
            read.problems.push(
                ImportProblem::new(at, "relation_unknown_parent")
                    .with("value", &id)
                    .with("target", relation.parent.code()),
            );
            continue;
        };
        set_path(&mut body, relation.field, Value::Array(items));
        built.push(Built {
            record,
            body,
            at: location(plan.file, plan.raw, row.row, None),
            plan: plan_index,
            row,
        });
    }
}

/// One relation row as (record id, list item); `None` (with problems) when a required
/// cell cannot be read.
fn read_row(
    plan: &Plan<'_>,
    relation: &RelationSheet,
    row: &RawRow,
    resolver: &Resolver,
    read: &mut TableRead,
) -> Option<(String, Value)> {
    let mut values = Vec::with_capacity(plan.layout.columns.len());
    let mut complete = true;
    for (index, column) in plan.layout.columns.iter().enumerate() {
        let cell = plan.cell(row, index).unwrap_or(&Cell::Empty);
        let (value, issues) = read_cell(column, cell, resolver);
        if !issues.is_empty() && column.required {
            complete = false;
        }
        let at = || location(plan.file, plan.raw, row.row, Some(plan.header(index)));
        read.problems
            .extend(issues.into_iter().map(|issue| located(at(), issue)));
        values.push(value);
    }
    if !complete {
        return None;
    }
    let mut values = values.into_iter();
    let parent = values.next()?.as_str()?.to_owned();
    let item = match relation.relation {
        Relation::AcceptedOn => {
            let (mut target, service, level) = (values.next()?, values.next()?, values.next()?);
            let on_asset = target.get("asset_id").is_some();
            if !on_asset && !service.is_null() {
                let at = location(plan.file, plan.raw, row.row, Some(plan.header(2)));
                let issue = Issue::new("relation_service_on_point")
                    .with("value", service.as_str().unwrap_or_default());
                read.problems.push(located(at, issue));
                return None;
            }
            let object = target.as_object_mut()?;
            if on_asset {
                object.insert("service_id".to_owned(), service);
            }
            object.insert("level".to_owned(), level);
            target
        }
        Relation::StoredOn | Relation::Protects => values.next()?,
    };
    Some((parent, item))
}

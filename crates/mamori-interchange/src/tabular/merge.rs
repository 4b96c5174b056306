//! Merging what a file contained into the existing ledger, and the all-or-nothing check
//! that validates the result and locates every problem in the file.

use std::collections::{HashMap, HashSet};

use mamori_core::{Ledger, Problem, RecordRef, validate_ledger};

use super::TableRead;
use super::layout::column_of_field;
use crate::problem::{ImportProblem, locate_ledger_problems};

/// The existing ledger with every record of the file upserted by id (replaced in place or
/// appended); records the file does not contain are untouched.
pub fn merge_import(existing: &Ledger, read: &TableRead) -> Ledger {
    let mut merged = existing.clone();
    let from = &read.records;
    upsert(&mut merged.sites, &from.sites, |r| r.id.as_str());
    upsert(&mut merged.locations, &from.locations, |r| r.id.as_str());
    upsert(&mut merged.zones, &from.zones, |r| r.id.as_str());
    upsert(&mut merged.vendors, &from.vendors, |r| r.id.as_str());
    upsert(&mut merged.contracts, &from.contracts, |r| r.id.as_str());
    upsert(&mut merged.systems, &from.systems, |r| r.id.as_str());
    upsert(&mut merged.assets, &from.assets, |r| r.id.as_str());
    upsert(&mut merged.services, &from.services, |r| r.id.as_str());
    upsert(
        &mut merged.connection_points,
        &from.connection_points,
        |r| r.id.as_str(),
    );
    upsert(&mut merged.firewalls, &from.firewalls, |r| r.id.as_str());
    upsert(&mut merged.firewall_rules, &from.firewall_rules, |r| {
        r.id.as_str()
    });
    upsert(
        &mut merged.credential_groups,
        &from.credential_groups,
        |r| r.id.as_str(),
    );
    upsert(&mut merged.accounts, &from.accounts, |r| r.id.as_str());
    upsert(&mut merged.backups, &from.backups, |r| r.id.as_str());
    upsert(&mut merged.ssids, &from.ssids, |r| r.id.as_str());
    upsert(&mut merged.access_points, &from.access_points, |r| {
        r.id.as_str()
    });
    upsert(&mut merged.removable_media, &from.removable_media, |r| {
        r.id.as_str()
    });
    upsert(&mut merged.log_sources, &from.log_sources, |r| {
        r.id.as_str()
    });
    upsert(&mut merged.vulnerabilities, &from.vulnerabilities, |r| {
        r.id.as_str()
    });
    merged
}

fn upsert<T: Clone>(into: &mut Vec<T>, from: &[T], id: impl Fn(&T) -> &str) {
    let mut positions: HashMap<String, usize> = into
        .iter()
        .enumerate()
        .map(|(index, record)| (id(record).to_owned(), index))
        .collect();
    for record in from {
        match positions
            .get(id(record))
            .and_then(|index| into.get_mut(*index))
        {
            Some(slot) => *slot = record.clone(),
            None => {
                positions.insert(id(record).to_owned(), into.len());
                into.push(record.clone());
            }
        }
    }
}

/// Merges and validates. `Ok` is the new ledger, to be stored as one transaction; `Err`
/// holds every problem: those found while reading, those validation finds on the records
/// the file touched, and any new problem the import causes on other records. Problems the
/// ledger already had on records the file does not touch are not the file's fault and
/// do not block it.
pub fn check_import(existing: &Ledger, read: &TableRead) -> Result<Ledger, Vec<ImportProblem>> {
    let merged = merge_import(existing, read);
    let before: HashSet<Problem> = validate_ledger(existing).into_iter().collect();
    let caused: Vec<Problem> = validate_ledger(&merged)
        .into_iter()
        .filter(|problem| read.origins.contains_key(&problem.record) || !before.contains(problem))
        .collect();
    let column = |record: &RecordRef, field: &str| column_in_file(read, record, field);
    let mut problems = read.problems.clone();
    problems.extend(locate_ledger_problems(
        &caused,
        &read.origins,
        column,
        &read.file,
    ));
    if problems.is_empty() {
        return Ok(merged);
    }
    problems.sort_by(|a, b| {
        (&a.location.sheet, a.location.row).cmp(&(&b.location.sheet, b.location.row))
    });
    Err(problems)
}

/// The header of `field` as the file wrote it; `None` for a record the file did not
/// contain, so that the problem names the record instead.
fn column_in_file(read: &TableRead, record: &RecordRef, field: &str) -> Option<String> {
    if !read.origins.contains_key(record) {
        return None;
    }
    let written = read.columns.get(&(record.kind, field.to_owned())).cloned();
    let nested = || {
        read.columns
            .iter()
            .filter(|((kind, path), _)| {
                *kind == record.kind && path.split_once('.').is_some_and(|(head, _)| head == field)
            })
            .map(|(_, header)| header.clone())
            .min()
    };
    written
        .or_else(nested)
        .or_else(|| column_of_field(record.kind, field).map(str::to_owned))
}

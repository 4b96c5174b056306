//! Merging what a file contained into the existing ledger, and the all-or-nothing check
//! that validates the result and locates every problem in the file.

use std::collections::{HashMap, HashSet};

use mamori_core::{HospitalProfile, Ledger, Problem, RecordRef, Validated, validate_ledger};

use super::TableRead;
use super::layout::column_of_field;
use crate::problem::{ImportProblem, locate_ledger_problems};

/// The existing ledger with every record of the file upserted by id (replaced in place or
/// appended); records the file does not contain are untouched.
pub fn merge_import(existing: &Ledger, read: &TableRead) -> Ledger {
    merged_ledger(existing, read.records.clone())
}

/// The existing ledger with every record of `from` upserted. Records of `from` are moved;
/// only the existing records they do not replace are copied, so re-importing a whole
/// ledger never holds three copies of it.
fn merged_ledger(existing: &Ledger, from: Ledger) -> Ledger {
    macro_rules! upsert_all {
        ($($field:ident),+) => {
            Ledger {
                hospital: existing.hospital.clone(),
                $($field: upserted(&existing.$field, from.$field, |r| r.id.as_str()),)+
            }
        };
    }
    upsert_all!(
        sites,
        locations,
        zones,
        vendors,
        contracts,
        systems,
        assets,
        services,
        connection_points,
        firewalls,
        firewall_rules,
        credential_groups,
        accounts,
        backups,
        ssids,
        access_points,
        removable_media,
        log_sources,
        vulnerabilities
    )
}

/// `existing` in its order, each record replaced by the last record of `from` with its id
/// (at its last position, should `existing` repeat an id), then the records of `from` with
/// new ids in the order they first appear, each the last one given for its id.
fn upserted<T: Clone>(existing: &[T], from: Vec<T>, id: impl Fn(&T) -> &str) -> Vec<T> {
    let slot_of: HashMap<&str, usize> = existing
        .iter()
        .enumerate()
        .map(|(index, record)| (id(record), index))
        .collect();
    let mut replaced: Vec<Option<T>> = existing.iter().map(|_| None).collect();
    let mut appended: Vec<T> = Vec::new();
    let mut appended_at: HashMap<String, usize> = HashMap::new();
    for record in from {
        if let Some(&slot) = slot_of.get(id(&record)) {
            replaced[slot] = Some(record);
        } else if let Some(&at) = appended_at.get(id(&record)) {
            appended[at] = record;
        } else {
            appended_at.insert(id(&record).to_owned(), appended.len());
            appended.push(record);
        }
    }
    replaced
        .into_iter()
        .zip(existing)
        .map(|(new, old)| new.unwrap_or_else(|| old.clone()))
        .chain(appended)
        .collect()
}

/// Merges and validates. `Ok` is the new ledger, to be stored as one transaction; `Err`
/// holds every problem: those found while reading, those validation finds on the records
/// the file touched, and any new problem the import causes on other records. Problems the
/// ledger already had on records the file does not touch are not the file's fault and
/// do not block it.
pub fn check_import(existing: &Ledger, read: &TableRead) -> Result<Ledger, Vec<ImportProblem>> {
    check_merged(existing, merge_import(existing, read), read)
}

/// [`check_import`] for a caller that no longer needs what the file contained: its records
/// are moved into the result instead of copied (for a 50,000-asset file, the difference
/// between one and two copies of the ledger in memory), `profile` (a whole ledger
/// document's hospital profile) replaces the existing one, and the result carries the
/// validation it passed, so that storage need not validate the ledger again.
pub fn check_import_owned(
    existing: &Ledger,
    mut read: TableRead,
    profile: Option<HospitalProfile>,
) -> Result<Validated, Vec<ImportProblem>> {
    let mut merged = merged_ledger(existing, std::mem::take(&mut read.records));
    if let Some(profile) = profile {
        merged.hospital = profile;
    }
    let checked = Validated::new(merged);
    located_problems(existing, checked.problems(), &read)?;
    Ok(checked)
}

fn check_merged(
    existing: &Ledger,
    merged: Ledger,
    read: &TableRead,
) -> Result<Ledger, Vec<ImportProblem>> {
    located_problems(existing, &validate_ledger(&merged), read)?;
    Ok(merged)
}

/// The problems that block an import: those found while reading, and those of the merged
/// ledger (`after`) that the file touched or caused.
fn located_problems(
    existing: &Ledger,
    after: &[Problem],
    read: &TableRead,
) -> Result<(), Vec<ImportProblem>> {
    if after.is_empty() && read.problems.is_empty() {
        return Ok(());
    }
    // Only a ledger with problems needs to know which of them were there before.
    let before: HashSet<Problem> = if after.is_empty() {
        HashSet::new()
    } else {
        validate_ledger(existing).into_iter().collect()
    };
    let caused: Vec<Problem> = after
        .iter()
        .filter(|problem| read.origins.contains_key(&problem.record) || !before.contains(problem))
        .cloned()
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
        return Ok(());
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

#[cfg(test)]
mod tests {
    use super::*;

    fn check(existing: &[(&str, u8)], from: &[(&str, u8)], expected: &[(&str, u8)]) {
        let owned = |list: &[(&str, u8)]| -> Vec<(String, u8)> {
            list.iter().map(|(id, v)| ((*id).to_owned(), *v)).collect()
        };
        let merged = upserted(&owned(existing), owned(from), |r| r.0.as_str());
        assert_eq!(merged, owned(expected), "{existing:?} + {from:?}");
    }

    #[test]
    fn upsert_replaces_in_place_and_appends_in_first_seen_order() {
        check(&[], &[("b", 1), ("a", 2)], &[("b", 1), ("a", 2)]);
        check(&[("a", 1), ("b", 1)], &[], &[("a", 1), ("b", 1)]);
        check(
            &[("a", 1), ("b", 1), ("c", 1)],
            &[("d", 2), ("b", 2)],
            &[("a", 1), ("b", 2), ("c", 1), ("d", 2)],
        );
        // The last record given for an id wins, at the place its id first took.
        check(
            &[("a", 1)],
            &[("n", 1), ("a", 2), ("m", 1), ("n", 3), ("a", 4)],
            &[("a", 4), ("n", 3), ("m", 1)],
        );
        // A repeated existing id is replaced at its last position, as before.
        check(&[("a", 1), ("a", 2)], &[("a", 3)], &[("a", 1), ("a", 3)]);
    }
}

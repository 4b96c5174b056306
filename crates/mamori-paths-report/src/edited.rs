//! A ledger edited for "what if": the edits of a `mamori-ledger-edits/1` document applied to
//! the stored ledger, checked like an import, and the records that changed.

use std::collections::BTreeMap;

use mamori_core::{Ledger, RecordBodyError, RecordRef, validate_ledger};
use mamori_interchange::{ImportProblem, column_of_field, locate_ledger_problems};

/// The problems that make an edited ledger invalid (empty when it is valid), located in
/// `file` where a record came from it.
pub fn edited_ledger_problems(after: &Ledger, file: &str) -> Vec<ImportProblem> {
    let problems = validate_ledger(after);
    if problems.is_empty() {
        return Vec::new();
    }
    locate_ledger_problems(
        &problems,
        &Default::default(),
        |record, field| column_of_field(record.kind, field).map(str::to_owned),
        file,
    )
}

/// Records created, updated and deleted between two ledgers (keys `created`, `updated`,
/// `deleted`, always present; ids sorted).
pub fn record_changes(
    before: &Ledger,
    after: &Ledger,
) -> Result<BTreeMap<&'static str, Vec<String>>, RecordBodyError> {
    let old: BTreeMap<RecordRef, String> = before.to_record_texts()?.into_iter().collect();
    let new: BTreeMap<RecordRef, String> = after.to_record_texts()?.into_iter().collect();
    let mut out: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    for key in ["created", "updated", "deleted"] {
        out.insert(key, Vec::new());
    }
    for (record, body) in &new {
        match old.get(record) {
            None => out.entry("created").or_default().push(record.to_string()),
            Some(previous) if previous != body => {
                out.entry("updated").or_default().push(record.to_string());
            }
            Some(_) => {}
        }
    }
    for record in old.keys().filter(|r| !new.contains_key(*r)) {
        out.entry("deleted").or_default().push(record.to_string());
    }
    Ok(out)
}

//! A file of record edits for `mamori paths whatif --edits FILE`: any change to any record,
//! applied in memory to the stored ledger, never written.
//!
//! ```json
//! {"format": "mamori-ledger-edits/1", "edits": [
//!   {"op": "patch",  "kind": "connection_points", "id": "cp-emr-sslvpn", "set": {"mfa": true}},
//!   {"op": "delete", "kind": "firewall_rules", "id": "fr-012"},
//!   {"op": "put",    "kind": "backups", "record": {"id": "bk-tape", …}}
//! ]}
//! ```
//! `patch` replaces the named top-level fields (`null` clears one); `put` adds or replaces a
//! whole record; `delete` removes one. Every problem names the file, the edit and the record.

use std::collections::HashMap;

use mamori_core::{HOSPITAL_PROFILE_ID, Ledger, RecordKind, RecordRef};
use mamori_i18n::{Lang, text};
use serde_json::Value;

pub const FORMAT: &str = "mamori-ledger-edits/1";

/// One problem in an edits file: a catalogue key and its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditProblem {
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl EditProblem {
    fn new(key: &'static str, file: &str, index: usize) -> EditProblem {
        EditProblem {
            key,
            args: vec![("file", file.to_owned()), ("edit", index.to_string())],
        }
    }

    fn with(mut self, name: &'static str, value: impl ToString) -> EditProblem {
        self.args.push((name, value.to_string()));
        self
    }

    pub fn describe(&self, lang: Lang) -> String {
        let args: Vec<(&str, &str)> = self.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        text(lang, self.key, &args)
    }
}

/// The stored ledger's records by reference, editable.
struct Records {
    order: Vec<RecordRef>,
    bodies: HashMap<RecordRef, Value>,
}

/// Applies the edits of `bytes` to `ledger`; either every edit applies or nothing does.
pub fn apply_edits(file: &str, bytes: &[u8], ledger: &Ledger) -> Result<Ledger, Vec<EditProblem>> {
    let document: Value = serde_json::from_slice(bytes)
        .map_err(|e| vec![EditProblem::new("paths-edits-invalid", file, 0).with("detail", e)])?;
    if document.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(vec![
            EditProblem::new("paths-edits-format", file, 0).with("expected", FORMAT),
        ]);
    }
    let Some(edits) = document.get("edits").and_then(Value::as_array) else {
        return Err(vec![EditProblem::new("paths-edits-no-list", file, 0)]);
    };
    let bodies = ledger
        .to_record_bodies()
        .map_err(|e| vec![EditProblem::new("paths-edits-invalid", file, 0).with("detail", e)])?;
    let mut records = Records {
        order: bodies.iter().map(|(r, _)| r.clone()).collect(),
        bodies: bodies.into_iter().collect(),
    };
    let mut problems = Vec::new();
    for (i, edit) in edits.iter().enumerate() {
        if let Err(problem) = apply_one(&mut records, edit, file, i + 1) {
            problems.push(problem);
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut out = Ledger::default();
    for record in records.order {
        if let Some(body) = records.bodies.remove(&record) {
            out.insert_record_body(record.clone(), body).map_err(|e| {
                vec![
                    EditProblem::new("paths-edit-invalid-record", file, 0)
                        .with("record", &record)
                        .with("detail", e.source),
                ]
            })?;
        }
    }
    Ok(out)
}

fn apply_one(
    records: &mut Records,
    edit: &Value,
    file: &str,
    index: usize,
) -> Result<(), EditProblem> {
    let problem = |key| EditProblem::new(key, file, index);
    let op = edit.get("op").and_then(Value::as_str).unwrap_or_default();
    let kind_code = edit.get("kind").and_then(Value::as_str).unwrap_or_default();
    let kind = RecordKind::from_code(kind_code)
        .ok_or_else(|| problem("paths-edit-unknown-kind").with("kind", kind_code))?;
    let id_of = |value: Option<&Value>| -> Option<String> {
        if kind == RecordKind::Hospital {
            return Some(HOSPITAL_PROFILE_ID.to_owned());
        }
        value.and_then(Value::as_str).map(str::to_owned)
    };
    match op {
        "put" => {
            let record = edit
                .get("record")
                .filter(|r| r.is_object())
                .ok_or_else(|| problem("paths-edit-not-object").with("field", "record"))?;
            let id = id_of(record.get("id"))
                .ok_or_else(|| problem("paths-edit-missing-id").with("kind", kind_code))?;
            let reference = RecordRef::new(kind, id);
            check_body(&reference, record, problem("paths-edit-invalid-record"))?;
            if !records.bodies.contains_key(&reference) {
                records.order.push(reference.clone());
            }
            records.bodies.insert(reference, record.clone());
        }
        "patch" | "delete" => {
            let id = id_of(edit.get("id"))
                .ok_or_else(|| problem("paths-edit-missing-id").with("kind", kind_code))?;
            let reference = RecordRef::new(kind, id);
            if !records.bodies.contains_key(&reference) {
                return Err(problem("paths-edit-not-found").with("record", &reference));
            }
            if op == "delete" {
                if kind == RecordKind::Hospital {
                    return Err(problem("paths-edit-not-found").with("record", &reference));
                }
                records.bodies.remove(&reference);
                return Ok(());
            }
            let set = edit
                .get("set")
                .and_then(Value::as_object)
                .ok_or_else(|| problem("paths-edit-not-object").with("field", "set"))?;
            let mut body = records.bodies[&reference].clone();
            if let Some(fields) = body.as_object_mut() {
                for (field, value) in set {
                    fields.insert(field.clone(), value.clone());
                }
            }
            check_body(&reference, &body, problem("paths-edit-invalid-record"))?;
            records.bodies.insert(reference, body);
        }
        other => return Err(problem("paths-edit-unknown-op").with("op", other)),
    }
    Ok(())
}

/// A body must still read as a record of its kind, with the id it is filed under.
fn check_body(
    reference: &RecordRef,
    body: &Value,
    problem: EditProblem,
) -> Result<(), EditProblem> {
    let mut scratch = Ledger::default();
    scratch
        .insert_record_body(reference.clone(), body.clone())
        .map_err(|e| {
            problem
                .clone()
                .with("record", reference)
                .with("detail", e.source)
        })?;
    let stored_id = scratch
        .ids(reference.kind)
        .first()
        .map(|id| (*id).to_owned());
    if reference.kind != RecordKind::Hospital && stored_id.as_deref() != Some(&reference.id) {
        return Err(problem.with("record", reference).with("detail", "id"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(edits: &str, expected: Result<(usize, Option<bool>), Vec<&str>>) {
        let ledger = mamori_demo::demo_hospital();
        let got = apply_edits("edits.json", edits.as_bytes(), &ledger);
        match (got, expected) {
            (Ok(after), Ok((rules, mfa))) => {
                assert_eq!(after.firewall_rules.len(), rules);
                let point = after
                    .connection_points
                    .iter()
                    .find(|p| p.id.as_str() == "cp-emr-sslvpn")
                    .map(|p| p.mfa);
                assert_eq!(point, Some(mfa));
            }
            (Err(problems), Err(keys)) => {
                let got: Vec<&str> = problems.iter().map(|p| p.key).collect();
                assert_eq!(got, keys);
            }
            (got, expected) => panic!("got {got:?}, expected {expected:?}"),
        }
    }

    #[test]
    fn edits_apply_all_or_nothing() {
        let demo = mamori_demo::demo_hospital();
        let rules = demo.firewall_rules.len();
        let first_rule = demo.firewall_rules[0].id.as_str().to_owned();
        let mfa_before = demo
            .connection_points
            .iter()
            .find(|p| p.id.as_str() == "cp-emr-sslvpn")
            .and_then(|p| p.mfa);
        assert_ne!(mfa_before, Some(true));
        let doc = |edits: &str| format!(r#"{{"format": "{FORMAT}", "edits": [{edits}]}}"#);
        check(
            &doc(&format!(
                r#"{{"op": "patch", "kind": "connection_points", "id": "cp-emr-sslvpn", "set": {{"mfa": true}}}},
                   {{"op": "delete", "kind": "firewall_rules", "id": "{first_rule}"}}"#
            )),
            Ok((rules - 1, Some(true))),
        );
        check(
            &doc(
                r#"{"op": "patch", "kind": "connection_points", "id": "cp-emr-sslvpn", "set": {"mfa": "yes"}},
                   {"op": "delete", "kind": "firewall_rules", "id": "no-such-rule"},
                   {"op": "rename", "kind": "zones", "id": "z"},
                   {"op": "put", "kind": "vendorz", "record": {}}"#,
            ),
            Err(vec![
                "paths-edit-invalid-record",
                "paths-edit-not-found",
                "paths-edit-unknown-op",
                "paths-edit-unknown-kind",
            ]),
        );
        check(
            r#"{"format": "x", "edits": []}"#,
            Err(vec!["paths-edits-format"]),
        );
        check("{", Err(vec!["paths-edits-invalid"]));
    }
}

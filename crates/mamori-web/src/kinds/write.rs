//! The one write path for records of every kind (forms and API): build the changed ledger,
//! validate the whole ledger, save through `save_ledger` with the user as the audit actor,
//! forget the cached ledger. Problems come back by field so forms can show them in place.

use std::collections::HashSet;

use mamori_core::{Ledger, Problem, RecordKind, RecordRef, validate_ledger};
use mamori_i18n::{Lang, text};
use mamori_interchange::{FormInput, ImportProblem, check_import, read_record_form};
use mamori_store::{ChangeMeta, StoreError, save_ledger};
use serde_json::Value;

use crate::auth::CurrentUser;
use crate::error::WebError;
use crate::pages::edit::{SaveError, problem_message};
use crate::state::{AppState, Snapshot, WebStore};

/// A located problem: the input it belongs to ("" when it is about the record as a whole
/// or about another record) and the message.
pub type FieldProblem = (String, String);

/// What a write does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Create,
    Update,
    Delete,
}

impl Action {
    fn code(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
        }
    }
}

/// Checks the version the user saw against the stored one.
pub fn check_version(
    snapshot: &Snapshot,
    kind: RecordKind,
    id: &str,
    version: i64,
) -> Result<(), SaveError> {
    match snapshot.version(kind, id) {
        None => Err(SaveError::Web(WebError::NotFound)),
        Some(stored) if stored != version => Err(SaveError::Web(WebError::Conflict)),
        Some(_) => Ok(()),
    }
}

/// A submitted form as a changed ledger. `id` is the record being edited (`None` when
/// creating); returns the new ledger and the id the record has in it.
pub fn ledger_from_form(
    snapshot: &Snapshot,
    kind: RecordKind,
    id: Option<&str>,
    values: &[(String, String)],
    lang: Lang,
) -> Result<(Ledger, String), SaveError> {
    let columns = mamori_interchange::form_columns(kind);
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    for column in &columns {
        let sent = values
            .iter()
            .find(|(name, _)| name == column.field)
            .map_or("", |(_, value)| value.as_str());
        let value = match (column.input == FormInput::Id, id) {
            (true, Some(id)) => id,
            _ => sent,
        };
        pairs.push((column.field, value));
    }
    let existing = &snapshot.ledger;
    if id.is_none() {
        let wanted = pairs
            .iter()
            .find(|(field, _)| *field == "id")
            .map_or("", |(_, v)| v.trim());
        if !wanted.is_empty() && snapshot.version(kind, wanted).is_some() {
            return Err(invalid(
                "id",
                text(lang, "web-kinds-id-taken", &[("id", wanted)]),
            ));
        }
    }
    let read = read_record_form(&text(lang, "web-kinds-form", &[]), kind, &pairs, existing);
    let Some(record) = read.origins.keys().find(|r| r.kind == kind).cloned() else {
        let mut problems = located(&read.problems, kind, lang);
        if problems.is_empty() {
            problems.push((String::new(), text(lang, "web-kinds-empty-form", &[])));
        }
        return Err(SaveError::Invalid(problems));
    };
    if id.is_none() && snapshot.version(kind, &record.id).is_some() {
        // A row without an id matched an existing record by name: creating would overwrite it.
        let field = mamori_interchange::name_field(kind).unwrap_or("id");
        return Err(invalid(
            field,
            text(lang, "web-kinds-name-taken", &[("id", &record.id)]),
        ));
    }
    match check_import(existing, &read) {
        Ok(ledger) => Ok((ledger, record.id)),
        Err(problems) => Err(SaveError::Invalid(located(&problems, kind, lang))),
    }
}

fn invalid(field: &str, message: String) -> SaveError {
    SaveError::Invalid(vec![(field.to_owned(), message)])
}

/// Import problems by input: the column of a one-row form is the input name.
fn located(problems: &[ImportProblem], kind: RecordKind, lang: Lang) -> Vec<FieldProblem> {
    let fields = mamori_interchange::form_columns(kind);
    problems
        .iter()
        .map(|problem| {
            let column = problem.location.column.as_deref().unwrap_or("");
            match fields.iter().find(|c| c.field == column) {
                Some(field) => (field.field.to_owned(), problem.message(lang)),
                None if column.is_empty() => (String::new(), problem.message(lang)),
                None => (
                    String::new(),
                    format!("{column}: {}", problem.message(lang)),
                ),
            }
        })
        .collect()
}

/// A record given as JSON (the API) as a changed ledger.
pub fn ledger_with_body(
    snapshot: &Snapshot,
    kind: RecordKind,
    id: &str,
    body: Value,
    replace: bool,
) -> Result<Ledger, SaveError> {
    let mut ledger = snapshot.ledger.clone();
    let existed = ledger.remove_record(kind, id);
    if existed != replace {
        return Err(SaveError::Web(if replace {
            WebError::NotFound
        } else {
            WebError::Conflict
        }));
    }
    ledger
        .insert_record_body(RecordRef::new(kind, id), body)
        .map_err(|error| SaveError::Invalid(vec![(String::new(), error.source.to_string())]))?;
    ledger.sort_canonical();
    Ok(ledger)
}

/// The ledger without one record, or the problems removing it would cause (what still
/// refers to it): those are not saved.
pub fn ledger_without(
    snapshot: &Snapshot,
    kind: RecordKind,
    id: &str,
    lang: Lang,
) -> Result<Ledger, SaveError> {
    let mut ledger = snapshot.ledger.clone();
    if !ledger.remove_record(kind, id) {
        return Err(SaveError::Web(WebError::NotFound));
    }
    let caused = new_problems(&snapshot.ledger, &ledger);
    if caused.is_empty() {
        Ok(ledger)
    } else {
        Err(SaveError::Invalid(
            caused
                .iter()
                .map(|p| (String::new(), describe(p, lang)))
                .collect(),
        ))
    }
}

/// Problems `after` has that `before` did not.
pub fn new_problems(before: &Ledger, after: &Ledger) -> Vec<Problem> {
    let known: HashSet<Problem> = validate_ledger(before).into_iter().collect();
    validate_ledger(after)
        .into_iter()
        .filter(|problem| !known.contains(problem))
        .collect()
}

/// "zones/zone-a (名称): message".
pub fn describe(problem: &Problem, lang: Lang) -> String {
    let field = super::field_label(problem.record.kind, problem.field, lang);
    format!(
        "{} ({field}): {}",
        problem.record,
        problem_message(problem, lang)
    )
}

/// Validates and saves `ledger`; problems on `record` keep their field.
pub async fn commit<S: WebStore>(
    state: &AppState<S>,
    user: &CurrentUser,
    record: &RecordRef,
    action: Action,
    ledger: &Ledger,
    lang: Lang,
) -> Result<(), SaveError> {
    user.require_write()?;
    let meta = ChangeMeta {
        actor: user.login.clone(),
        reason: format!(
            "web: {}",
            text(
                Lang::Ja,
                &format!("web-kinds-reason-{}", action.code()),
                &[("record", &record.to_string())]
            )
        ),
    };
    let result = save_ledger(state.store(), state.hospital(), &meta, ledger).await;
    state.invalidate();
    match result {
        Ok(_) => Ok(()),
        Err(StoreError::Invalid(problems)) => Err(SaveError::Invalid(
            problems
                .iter()
                .map(|problem| {
                    if &problem.record == record {
                        (problem.field.to_owned(), problem_message(problem, lang))
                    } else {
                        (String::new(), describe(problem, lang))
                    }
                })
                .collect(),
        )),
        Err(other) => Err(SaveError::Web(other.into())),
    }
}

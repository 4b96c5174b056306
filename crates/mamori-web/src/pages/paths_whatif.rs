//! `POST /paths/whatif`: applies chosen fixes (`fix=<kind:target>`, repeatable) and/or any
//! ledger edits (`edits`, a `mamori-ledger-edits/1` document: add, change or delete any
//! record) to the ledger in memory, recomputes with the loaded feeds and shows the
//! difference. Nothing is written. Edits that do not apply, or leave an invalid ledger, are
//! listed in both languages with 400 and nothing is computed.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Form};
use mamori_i18n::{Lang, text};
use mamori_paths::{AssetId, Change, Pair, analyze, apply_changes, compare};
use mamori_paths_report::{apply_edits, edited_ledger_problems, record_changes};

use super::paths::{Names, fix_text, loaded_of, normalised_at, stored_feeds};
use super::{Page, render};
use crate::auth::CurrentUser;
use crate::error::{WebError, WebResult};
use crate::kinds::pages::snapshot_at;
use crate::scope::whole_ledger_allowed;
use crate::state::{AppState, WebStore};

/// The name the edits are reported under (they come from a form, not a file).
const EDITS_SOURCE: &str = "edits";

/// A pair (entry point → crown jewel) with names, for the what-if page.
struct PairView {
    entry: String,
    entry_name: String,
    jewel: String,
    jewel_name: String,
}

#[derive(Template)]
#[template(path = "paths_whatif.html")]
struct WhatIfPage {
    page: Page,
    at: String,
    applied: Vec<String>,
    /// (created/updated/deleted, its label, record).
    records: Vec<(String, String, String)>,
    pairs_cut: Vec<PairView>,
    pairs_added: Vec<PairView>,
    recoveries_restored: Vec<(String, String)>,
    recoveries_broken: Vec<(String, String)>,
    reached_before: usize,
    reached_after: usize,
}

#[derive(Template)]
#[template(path = "paths_whatif_rejected.html")]
struct RejectedPage {
    page: Page,
    at: String,
    /// Each problem in the user's language and in the other one.
    problems: Vec<(String, String)>,
}

fn pair_views(pairs: &[Pair], names: &Names) -> Vec<PairView> {
    pairs
        .iter()
        .map(|p| PairView {
            entry: p.entry.to_string(),
            entry_name: names.point(p.entry.as_str()),
            jewel: p.jewel.to_string(),
            jewel_name: names.asset(p.jewel.as_str()),
        })
        .collect()
}

fn jewel_names(ids: &[AssetId], names: &Names) -> Vec<(String, String)> {
    ids.iter()
        .map(|id| (id.to_string(), names.asset(id.as_str())))
        .collect()
}

fn other(lang: Lang) -> Lang {
    if lang == Lang::Ja { Lang::En } else { Lang::Ja }
}

fn both(lang: Lang, key: &str, args: &[(&str, &str)]) -> (String, String) {
    (text(lang, key, args), text(other(lang), key, args))
}

/// The fixes named by the form; a malformed one is reported.
fn chosen_changes(
    lang: Lang,
    values: &[(String, String)],
) -> Result<Vec<Change>, Vec<(String, String)>> {
    let mut changes = Vec::new();
    let mut bad = Vec::new();
    for (_, value) in values.iter().filter(|(key, _)| key == "fix") {
        match Change::from_stable_id(value) {
            Some(change) => changes.push(change),
            None => bad.push(both(lang, "paths-apply-invalid", &[("value", value)])),
        }
    }
    if bad.is_empty() {
        Ok(changes)
    } else {
        Err(bad)
    }
}

fn rejected(
    lang: Lang,
    user: &CurrentUser,
    at: String,
    problems: Vec<(String, String)>,
) -> WebResult<Response> {
    let page = RejectedPage {
        page: Page::new(
            lang,
            Some(user),
            text(lang, "web-paths-whatif-edits-rejected", &[]),
            "paths",
        ),
        at,
        problems,
    };
    let mut response = render(&page)?;
    *response.status_mut() = StatusCode::BAD_REQUEST;
    Ok(response)
}

pub async fn whatif<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Form(values): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    if !whole_ledger_allowed(&user) {
        return Err(WebError::Forbidden);
    }
    let field = |name: &str| {
        values
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    };
    user.check_csrf(field("csrf"))?;
    let at = normalised_at(field("at"));
    let edits = field("edits").map(str::trim).unwrap_or_default();
    let changes = match chosen_changes(lang, &values) {
        Ok(changes) => changes,
        Err(problems) => return rejected(lang, &user, at, problems),
    };
    if changes.is_empty() && edits.is_empty() {
        let problems = vec![both(lang, "web-paths-whatif-nothing-chosen", &[])];
        return rejected(lang, &user, at, problems);
    }
    let snapshot = snapshot_at(&state, Some(&at)).await?;
    let stored = &snapshot.ledger;
    let edited = if edits.is_empty() {
        stored.clone()
    } else {
        match apply_edits(EDITS_SOURCE, edits.as_bytes(), stored) {
            Ok(edited) => edited,
            Err(problems) => {
                let problems = problems
                    .iter()
                    .map(|p| (p.describe(lang), p.describe(other(lang))))
                    .collect();
                return rejected(lang, &user, at, problems);
            }
        }
    };
    let invalid = edited_ledger_problems(&edited, EDITS_SOURCE);
    if !invalid.is_empty() {
        let problems = invalid
            .iter()
            .map(|p| (p.describe(lang), p.describe(other(lang))))
            .collect();
        return rejected(lang, &user, at, problems);
    }
    let records = record_changes(stored, &edited).map_err(|e| WebError::Internal(e.to_string()))?;
    let feeds = stored_feeds(&state).await?;
    let before = loaded_of(stored.clone(), feeds.as_ref())?;
    let after = loaded_of(edited, feeds.as_ref())?;
    let (after_facts, unknown) = apply_changes(&after.facts, &changes);
    if !unknown.is_empty() {
        let problems = unknown
            .iter()
            .map(|p| match p {
                mamori_paths::Problem::UnknownChangeTarget { change } => {
                    both(lang, "paths-apply-unknown", &[("value", change)])
                }
                other_problem => (format!("{other_problem:?}"), format!("{other_problem:?}")),
            })
            .collect();
        return rejected(lang, &user, at, problems);
    }
    let result = compare(analyze(&before.facts), analyze(&after_facts), Vec::new());
    let names = Names::new(&after.ledger);
    let records = records
        .into_iter()
        .flat_map(|(how, ids)| {
            let label = text(lang, &format!("web-paths-whatif-record-{how}"), &[]);
            ids.into_iter()
                .map(move |id| (how.to_owned(), label.clone(), id))
        })
        .collect();
    render(&WhatIfPage {
        page: Page::new(
            lang,
            Some(&user),
            text(lang, "web-paths-whatif-title", &[]),
            "paths",
        ),
        applied: changes.iter().map(|c| fix_text(lang, c, &names)).collect(),
        records,
        pairs_cut: pair_views(&result.pairs_cut, &names),
        pairs_added: pair_views(&result.pairs_added, &names),
        recoveries_restored: jewel_names(&result.recoveries_restored, &names),
        recoveries_broken: jewel_names(&result.recoveries_broken, &names),
        reached_before: result.before.reached.len(),
        reached_after: result.after.reached.len(),
        at,
    })
    .map(IntoResponse::into_response)
}

//! Import (upload → located problems or a preview of changes → commit), export of the
//! whole ledger as JSON or XLSX, and empty templates in the Japanese layouts.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use mamori_core::{Ledger, RecordKind, validate_ledger};
use mamori_i18n::{Lang, text};
use mamori_interchange::{ImportProblem, SourceLocation, TableRead};
use mamori_store::{ChangeMeta, RecordOp, diff_ledgers, save_ledger};
use serde::Deserialize;

use crate::auth::{CurrentUser, random_token};
use crate::error::{WebError, WebResult};
use crate::imports::PendingImport;
use crate::pages::{Page, render};
use crate::scope::whole_ledger_allowed;
use crate::state::{AppState, WebStore};
use crate::views::kind_label;

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    page: Page,
    csrf: String,
    can_import: bool,
    can_export: bool,
    notice: Option<String>,
    kinds: Vec<(String, String)>,
    problems_heading: String,
    problems: Vec<(String, String, String, String, String)>,
    pending: Option<String>,
    changes: Vec<(String, usize, usize, usize)>,
}

impl ImportPage {
    fn new(lang: Lang, user: &CurrentUser) -> Self {
        Self {
            page: Page::new(
                lang,
                Some(user),
                text(lang, "web-nav-import", &[]),
                "import",
            ),
            csrf: user.csrf_token().to_owned(),
            can_import: user.can_write(),
            can_export: whole_ledger_allowed(user),
            notice: None,
            kinds: mamori_interchange::tabular_kinds()
                .into_iter()
                .map(|kind| (kind.code().to_owned(), kind_label(lang, kind)))
                .collect(),
            problems_heading: String::new(),
            problems: Vec::new(),
            pending: None,
            changes: Vec::new(),
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct DoneQuery {
    created: Option<usize>,
    updated: Option<usize>,
    deleted: Option<usize>,
}

pub async fn import_page(
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Query(done): Query<DoneQuery>,
) -> WebResult<Response> {
    if !whole_ledger_allowed(&user) {
        return Err(WebError::Forbidden);
    }
    let mut page = ImportPage::new(lang, &user);
    if let (Some(created), Some(updated), Some(deleted)) =
        (done.created, done.updated, done.deleted)
    {
        page.notice = Some(text(
            lang,
            "web-import-done",
            &[
                ("created", &created.to_string()),
                ("updated", &updated.to_string()),
                ("deleted", &deleted.to_string()),
            ],
        ));
    }
    render(&page)
}

/// The uploaded file and the form's other fields.
struct Upload {
    csrf: String,
    kind: Option<RecordKind>,
    name: String,
    bytes: Vec<u8>,
}

async fn read_upload(mut multipart: Multipart) -> WebResult<Upload> {
    let mut upload = Upload {
        csrf: String::new(),
        kind: None,
        name: String::new(),
        bytes: Vec::new(),
    };
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| WebError::BadRequest)?
    {
        match field.name() {
            Some("csrf") => upload.csrf = field.text().await.map_err(|_| WebError::BadRequest)?,
            Some("kind") => {
                let code = field.text().await.map_err(|_| WebError::BadRequest)?;
                upload.kind = RecordKind::from_code(&code).filter(|k| *k != RecordKind::Hospital);
            }
            Some("file") => {
                upload.name = field.file_name().unwrap_or("upload").to_owned();
                upload.bytes = field
                    .bytes()
                    .await
                    .map_err(|_| WebError::PayloadTooLarge)?
                    .to_vec();
            }
            _ => {}
        }
    }
    Ok(upload)
}

/// Reads one file against the current ledger: the merged ledger or located problems.
/// The same rules as `mamori import`: JSON documents merge by record, CSV is one kind,
/// XLSX one sheet per kind.
pub fn check_file(
    upload_name: &str,
    bytes: &[u8],
    kind: Option<RecordKind>,
    current: &Ledger,
) -> Result<Ledger, Vec<ImportProblem>> {
    let extension = upload_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let read = match extension.as_str() {
        "json" => {
            let ledger = mamori_interchange::ledger_from_json(upload_name, bytes)?;
            let profile = ledger.hospital.clone();
            let read = TableRead::from_ledger(upload_name, ledger);
            let mut merged = mamori_interchange::check_import(current, &read)?;
            merged.hospital = profile;
            return Ok(merged);
        }
        "csv" | "txt" => mamori_interchange::read_csv(upload_name, bytes, kind, current),
        "xlsx" | "xlsm" => mamori_interchange::read_xlsx(upload_name, bytes, current),
        _ => {
            return Err(vec![
                ImportProblem::new(SourceLocation::file(upload_name), "unsupported_file")
                    .with("value", extension),
            ]);
        }
    };
    let merged = mamori_interchange::check_import(current, &read)?;
    let remaining = validate_ledger(&merged);
    if remaining.is_empty() {
        return Ok(merged);
    }
    Err(mamori_interchange::locate_ledger_problems(
        &remaining,
        &read.origins,
        |record, field| mamori_interchange::column_of_field(record.kind, field).map(str::to_owned),
        upload_name,
    ))
}

pub async fn import_upload<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    multipart: Multipart,
) -> WebResult<Response> {
    let upload = read_upload(multipart).await?;
    user.check_csrf(Some(&upload.csrf))?;
    user.require_write()?;
    let snapshot = state.snapshot().await?;
    let mut page = ImportPage::new(lang, &user);
    let checked = {
        let (name, bytes, kind) = (upload.name.clone(), upload.bytes, upload.kind);
        let current = std::sync::Arc::clone(&snapshot);
        // Parsing a large workbook is CPU work: keep it off the request threads.
        tokio::task::spawn_blocking(move || check_file(&name, &bytes, kind, &current.ledger))
            .await
            .map_err(|error| WebError::Internal(error.to_string()))?
    };
    match checked {
        Err(problems) => {
            page.problems_heading = text(
                lang,
                "web-import-problems",
                &[("count", &problems.len().to_string())],
            );
            page.problems = problems.iter().map(|p| problem_row(p, lang)).collect();
            let mut response = render(&page)?;
            *response.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
        Ok(merged) => {
            let current = state.store().load_records(state.hospital(), None).await?;
            let ops = diff_ledgers(&current, &merged)?;
            page.changes = change_counts(&ops, lang);
            let id = random_token()?;
            state.imports().put(
                id.clone(),
                PendingImport::new(&user.login, snapshot.head, &upload.name, merged),
            );
            page.pending = Some(id);
            render(&page)
        }
    }
}

fn problem_row(problem: &ImportProblem, lang: Lang) -> (String, String, String, String, String) {
    let at = &problem.location;
    (
        at.file.clone(),
        at.sheet.clone().unwrap_or_default(),
        at.row.map(|r| r.to_string()).unwrap_or_default(),
        at.column.clone().unwrap_or_default(),
        problem.message(lang),
    )
}

fn change_counts(ops: &[RecordOp], lang: Lang) -> Vec<(String, usize, usize, usize)> {
    let mut counts: BTreeMap<RecordKind, (usize, usize, usize)> = BTreeMap::new();
    for op in ops {
        let entry = counts.entry(op.record().kind).or_default();
        match op {
            RecordOp::Put {
                expected_version: None,
                ..
            } => entry.0 += 1,
            RecordOp::Put { .. } => entry.1 += 1,
            RecordOp::Delete { .. } => entry.2 += 1,
        }
    }
    counts
        .into_iter()
        .map(|(kind, (c, u, d))| (kind_label(lang, kind), c, u, d))
        .collect()
}

#[derive(Debug, Deserialize)]
pub struct CommitForm {
    csrf: Option<String>,
    id: String,
}

pub async fn import_commit<S: WebStore>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    Form(form): Form<CommitForm>,
) -> WebResult<Response> {
    user.check_csrf(form.csrf.as_deref())?;
    user.require_write()?;
    let pending = state
        .imports()
        .take(&form.id, &user.login)
        .ok_or(WebError::NotFound)?;
    let snapshot = state.snapshot().await?;
    // Anything written since the preview would be silently overwritten: refuse instead.
    if snapshot.head != pending.base_head {
        return Err(WebError::Conflict);
    }
    let meta = ChangeMeta {
        actor: user.login.clone(),
        reason: format!("web import {}", pending.file),
    };
    let result = save_ledger(state.store(), state.hospital(), &meta, &pending.ledger).await;
    state.invalidate();
    let summary = result?;
    Ok(Redirect::to(&format!(
        "/import?created={}&updated={}&deleted={}",
        summary.created, summary.updated, summary.deleted
    ))
    .into_response())
}

fn download(bytes: Vec<u8>, content_type: &'static str, file_name: &str) -> Response {
    let disposition = format!("attachment; filename=\"{file_name}\"");
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

pub async fn export<S: WebStore>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    Path(file): Path<String>,
) -> WebResult<Response> {
    if !whole_ledger_allowed(&user) {
        return Err(WebError::Forbidden);
    }
    let snapshot = state.snapshot().await?;
    let stamp = crate::views::tokyo_format(mamori_store::Micros::now(), "%Y%m%d-%H%M");
    let internal = |error: &dyn std::fmt::Display| WebError::Internal(error.to_string());
    match file.as_str() {
        "ledger.json" => {
            let json =
                mamori_interchange::ledger_to_json(&snapshot.ledger).map_err(|e| internal(&e))?;
            Ok(download(
                json.into_bytes(),
                "application/json",
                &format!("mamori-ledger-{stamp}.json"),
            ))
        }
        "ledger.xlsx" => {
            let ledger = std::sync::Arc::clone(&snapshot);
            let bytes =
                tokio::task::spawn_blocking(move || mamori_interchange::write_xlsx(&ledger.ledger))
                    .await
                    .map_err(|e| internal(&e))?
                    .map_err(|e| internal(&e))?;
            Ok(download(
                bytes,
                XLSX,
                &format!("mamori-ledger-{stamp}.xlsx"),
            ))
        }
        _ => Err(WebError::NotFound),
    }
}

pub async fn template(user: CurrentUser, Path(file): Path<String>) -> WebResult<Response> {
    if !whole_ledger_allowed(&user) {
        return Err(WebError::Forbidden);
    }
    let internal = |error: mamori_interchange::TabularError| WebError::Internal(error.to_string());
    if file == "ledger.xlsx" {
        let bytes = mamori_interchange::template_xlsx(None).map_err(internal)?;
        return Ok(download(bytes, XLSX, "mamori-template.xlsx"));
    }
    let (code, extension) = file.rsplit_once('.').ok_or(WebError::NotFound)?;
    let kind = RecordKind::from_code(code)
        .filter(|k| *k != RecordKind::Hospital)
        .ok_or(WebError::NotFound)?;
    match extension {
        "csv" => Ok(download(
            mamori_interchange::template_csv(kind).map_err(internal)?,
            "text/csv; charset=utf-8",
            &format!("{code}.csv"),
        )),
        "xlsx" => Ok(download(
            mamori_interchange::template_xlsx(Some(kind)).map_err(internal)?,
            XLSX,
            &format!("{code}.xlsx"),
        )),
        _ => Err(WebError::NotFound),
    }
}

//! The asset edit form and the one write path for an asset (shared with the API):
//! check the version the user saw, validate the whole ledger with the change, save through
//! `save_ledger` with the user as the audit actor, forget the cached ledger.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use mamori_core::{
    Asset, AssetKind, CodeList, Criticality, Date, MacAddr, NameVersion, PatchState, Problem,
    RecordKind, RecordRef, validate_ledger,
};
use mamori_i18n::{Lang, text};
use mamori_store::{ChangeMeta, StoreError, save_ledger};

use crate::auth::CurrentUser;
use crate::error::{WebError, WebResult};
use crate::pages::{Page, render};
use crate::scope::asset_visible;
use crate::state::{AppState, WebStore};
use crate::views;

/// One input of the form.
#[derive(Debug)]
pub struct FormField {
    pub name: &'static str,
    pub label: String,
    /// `text`, `textarea`, `select` or `date`.
    pub widget: &'static str,
    pub value: String,
    pub options: Vec<(String, String, bool)>,
    pub hint: Option<String>,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "edit.html")]
struct EditPage {
    page: Page,
    action: String,
    cancel: String,
    csrf: String,
    version: i64,
    fields: Vec<FormField>,
    general_errors: Vec<String>,
}

/// Why an asset could not be saved.
#[derive(Debug)]
pub enum SaveError {
    Web(WebError),
    /// Problems by JSON field name ("" for problems elsewhere in the ledger).
    Invalid(Vec<(String, String)>),
}

impl From<WebError> for SaveError {
    fn from(error: WebError) -> Self {
        SaveError::Web(error)
    }
}

/// Validates and saves `asset` if its stored version is still `version`.
pub async fn save_asset<S: WebStore>(
    state: &AppState<S>,
    user: &CurrentUser,
    version: i64,
    asset: Asset,
    lang: Lang,
) -> Result<(), SaveError> {
    user.require_write()?;
    let snapshot = state.snapshot().await.map_err(WebError::from)?;
    let id = asset.id.0.clone();
    if snapshot.version(RecordKind::Assets, &id) != Some(version) {
        return Err(SaveError::Web(WebError::Conflict));
    }
    let mut ledger = snapshot.ledger.clone();
    let slot = ledger
        .assets
        .iter_mut()
        .find(|a| a.id == asset.id)
        .ok_or(WebError::NotFound)?;
    *slot = asset;
    let problems = validate_ledger(&ledger);
    if !problems.is_empty() {
        return Err(SaveError::Invalid(locate(&problems, &id, lang)));
    }
    let meta = ChangeMeta {
        actor: user.login.clone(),
        reason: format!(
            "web: {}",
            text(Lang::Ja, "web-reason-edit-asset", &[("id", &id)])
        ),
    };
    let result = save_ledger(state.store(), state.hospital(), &meta, &ledger).await;
    state.invalidate();
    match result {
        Ok(_) => Ok(()),
        Err(StoreError::Invalid(problems)) => Err(SaveError::Invalid(locate(&problems, &id, lang))),
        Err(other) => Err(SaveError::Web(other.into())),
    }
}

/// Problems on this asset keep their field; others are shown with their record.
fn locate(problems: &[Problem], id: &str, lang: Lang) -> Vec<(String, String)> {
    let this = RecordRef::new(RecordKind::Assets, id);
    problems
        .iter()
        .map(|problem| {
            let message = problem_message(problem, lang);
            if problem.record == this {
                (problem.field.to_owned(), message)
            } else {
                (String::new(), format!("{}: {message}", problem.record))
            }
        })
        .collect()
}

pub fn problem_message(problem: &Problem, lang: Lang) -> String {
    let params: Vec<(&str, &str)> = problem
        .params
        .iter()
        .map(|(k, v)| (*k, v.as_str()))
        .collect();
    text(lang, &format!("problem-{}", problem.code.code()), &params)
}

pub async fn edit_form<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> WebResult<Response> {
    user.require_write()?;
    let snapshot = state.snapshot().await?;
    let asset = snapshot.asset(&id).ok_or(WebError::NotFound)?;
    let version = snapshot
        .version(RecordKind::Assets, &id)
        .ok_or(WebError::NotFound)?;
    let values = form_values(asset);
    let fields = form_fields(&snapshot.ledger, lang, &values, &HashMap::new());
    edit_page(lang, &user, asset, version, fields, Vec::new())
}

fn edit_page(
    lang: Lang,
    user: &CurrentUser,
    asset: &Asset,
    version: i64,
    fields: Vec<FormField>,
    general_errors: Vec<String>,
) -> WebResult<Response> {
    let title = text(
        lang,
        "web-edit-title",
        &[("id", asset.id.as_str()), ("name", &asset.name)],
    );
    render(&EditPage {
        page: Page::new(lang, Some(user), title, "assets"),
        action: format!("/assets/{}", asset.id),
        cancel: format!("/assets/{}", asset.id),
        csrf: user.csrf_token().to_owned(),
        version,
        fields,
        general_errors,
    })
}

pub async fn edit_submit<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Path(id): Path<String>,
    Form(values): Form<HashMap<String, String>>,
) -> WebResult<Response> {
    user.check_csrf(values.get("csrf").map(String::as_str))?;
    user.require_write()?;
    let snapshot = state.snapshot().await?;
    let current = snapshot.asset(&id).ok_or(WebError::NotFound)?;
    if !asset_visible(&user, current) {
        return Err(WebError::Forbidden);
    }
    let version: i64 = values
        .get("version")
        .and_then(|v| v.parse().ok())
        .ok_or(WebError::BadRequest)?;
    let (asset, parse_errors) = parse_form(current, &values, lang);
    let outcome = if parse_errors.is_empty() {
        save_asset(&state, &user, version, asset, lang).await
    } else {
        Err(SaveError::Invalid(parse_errors))
    };
    let (status, errors) = match outcome {
        Ok(()) => return Ok(Redirect::to(&format!("/assets/{id}?saved=1")).into_response()),
        Err(SaveError::Web(WebError::Conflict)) => (
            StatusCode::CONFLICT,
            vec![(String::new(), text(lang, "web-error-conflict", &[]))],
        ),
        Err(SaveError::Web(error)) => return Err(error),
        Err(SaveError::Invalid(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, errors),
    };
    let mut by_field: HashMap<String, String> = HashMap::new();
    let mut general = Vec::new();
    for (field, message) in errors {
        match form_name(&field) {
            Some(name) => {
                by_field.entry(name.to_owned()).or_insert(message);
            }
            None => general.push(message),
        }
    }
    let fields = form_fields(&snapshot.ledger, lang, &values, &by_field);
    let mut response = edit_page(lang, &user, current, version, fields, general)?;
    *response.status_mut() = status;
    Ok(response)
}

/// The form input that shows a problem of a JSON field, if the form has one.
fn form_name(field: &str) -> Option<&'static str> {
    FIELDS
        .iter()
        .map(|(name, _)| *name)
        .find(|name| *name == field || name.strip_suffix("_name") == Some(field))
}

/// The inputs, in order, with their widget.
const FIELDS: &[(&str, &str)] = &[
    ("name", "text"),
    ("kind", "select"),
    ("asset_number", "text"),
    ("maker", "text"),
    ("model", "text"),
    ("serial", "text"),
    ("os_name", "text"),
    ("os_version", "text"),
    ("firmware_name", "text"),
    ("firmware_version", "text"),
    ("ip_addresses", "textarea"),
    ("mac_addresses", "text"),
    ("zone_id", "select"),
    ("owner_department", "text"),
    ("managing_vendor_id", "select"),
    ("system_id", "select"),
    ("criticality", "select"),
    ("handles_patient_data", "select"),
    ("end_of_life", "date"),
    ("patch_state", "select"),
    ("last_patched", "date"),
    ("remote_maintenance", "select"),
    ("notes", "textarea"),
];

fn opt(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

fn bool_code(value: Option<bool>) -> String {
    value
        .map_or("", |v| if v { "yes" } else { "no" })
        .to_owned()
}

/// The form's values for a stored asset.
fn form_values(asset: &Asset) -> HashMap<String, String> {
    let nv = |value: &Option<NameVersion>| {
        value.as_ref().map_or((String::new(), String::new()), |nv| {
            (nv.name.clone(), opt(&nv.version))
        })
    };
    let (os_name, os_version) = nv(&asset.os);
    let (firmware_name, firmware_version) = nv(&asset.firmware);
    let pairs = [
        ("name", asset.name.clone()),
        ("kind", asset.kind.code().to_owned()),
        ("asset_number", opt(&asset.asset_number)),
        ("maker", opt(&asset.maker)),
        ("model", opt(&asset.model)),
        ("serial", opt(&asset.serial)),
        ("os_name", os_name),
        ("os_version", os_version),
        ("firmware_name", firmware_name),
        ("firmware_version", firmware_version),
        ("ip_addresses", crate::fields::join(&asset.ip_addresses)),
        ("mac_addresses", crate::fields::join(&asset.mac_addresses)),
        (
            "zone_id",
            asset
                .zone_id
                .as_ref()
                .map(|z| z.0.clone())
                .unwrap_or_default(),
        ),
        ("owner_department", opt(&asset.owner_department)),
        (
            "managing_vendor_id",
            asset
                .managing_vendor_id
                .as_ref()
                .map(|v| v.0.clone())
                .unwrap_or_default(),
        ),
        (
            "system_id",
            asset
                .system_id
                .as_ref()
                .map(|s| s.0.clone())
                .unwrap_or_default(),
        ),
        (
            "criticality",
            asset
                .criticality
                .map(|c| c.code().to_owned())
                .unwrap_or_default(),
        ),
        (
            "handles_patient_data",
            bool_code(asset.handles_patient_data),
        ),
        (
            "end_of_life",
            asset.end_of_life.map(|d| d.to_string()).unwrap_or_default(),
        ),
        (
            "patch_state",
            asset
                .patch_state
                .map(|c| c.code().to_owned())
                .unwrap_or_default(),
        ),
        (
            "last_patched",
            asset
                .last_patched
                .map(|d| d.to_string())
                .unwrap_or_default(),
        ),
        ("remote_maintenance", bool_code(asset.remote_maintenance)),
        ("notes", opt(&asset.notes)),
    ];
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

fn options_of<C: CodeList>(lang: Lang, with_unknown: bool) -> Vec<(String, String)> {
    let mut options = Vec::new();
    if with_unknown {
        options.push((String::new(), text(lang, "web-unknown", &[])));
    }
    options.extend(
        C::ALL
            .iter()
            .map(|c| (c.code().to_owned(), views::label(lang, *c))),
    );
    options
}

fn select_options(ledger: &mamori_core::Ledger, lang: Lang, name: &str) -> Vec<(String, String)> {
    let none = || (String::new(), text(lang, "web-none", &[]));
    let records = |pairs: Vec<(String, String)>| {
        let mut options = vec![none()];
        options.extend(
            pairs
                .into_iter()
                .map(|(id, name)| (id.clone(), format!("{name} ({id})"))),
        );
        options
    };
    match name {
        "kind" => options_of::<AssetKind>(lang, false),
        "criticality" => options_of::<Criticality>(lang, true),
        "patch_state" => options_of::<PatchState>(lang, true),
        "zone_id" => records(
            ledger
                .zones
                .iter()
                .map(|z| (z.id.0.clone(), z.name.clone()))
                .collect(),
        ),
        "managing_vendor_id" => records(
            ledger
                .vendors
                .iter()
                .map(|v| (v.id.0.clone(), v.name.clone()))
                .collect(),
        ),
        "system_id" => records(
            ledger
                .systems
                .iter()
                .map(|s| (s.id.0.clone(), s.name.clone()))
                .collect(),
        ),
        _ => vec![
            (String::new(), text(lang, "web-unknown", &[])),
            ("yes".to_owned(), text(lang, "web-yes", &[])),
            ("no".to_owned(), text(lang, "web-no", &[])),
        ],
    }
}

fn form_fields(
    ledger: &mamori_core::Ledger,
    lang: Lang,
    values: &HashMap<String, String>,
    errors: &HashMap<String, String>,
) -> Vec<FormField> {
    FIELDS
        .iter()
        .map(|(name, widget)| {
            let value = values.get(*name).cloned().unwrap_or_default();
            let options = if *widget == "select" {
                select_options(ledger, lang, name)
                    .into_iter()
                    .map(|(code, label)| {
                        let selected = code == value;
                        (code, label, selected)
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let hint_key = format!("web-hint-{name}");
            let hint = mamori_i18n::catalogue()
                .has(lang, &hint_key)
                .then(|| text(lang, &hint_key, &[]));
            FormField {
                name,
                label: text(lang, &format!("web-field-{name}"), &[]),
                widget,
                value,
                options,
                hint,
                error: errors.get(*name).cloned(),
            }
        })
        .collect()
}

/// The asset the form describes, and the inputs that could not be read.
pub fn parse_form(
    current: &Asset,
    values: &HashMap<String, String>,
    lang: Lang,
) -> (Asset, Vec<(String, String)>) {
    let mut errors = Vec::new();
    let get = |name: &str| values.get(name).map(|v| v.trim()).unwrap_or("");
    let optional = |name: &str| Some(get(name).to_owned()).filter(|v| !v.is_empty());
    let mut invalid = |field: &str, key: &str, value: &str| {
        errors.push((field.to_owned(), text(lang, key, &[("value", value)])));
    };
    let mut asset = current.clone();
    asset.name = get("name").to_owned();
    match AssetKind::from_code(get("kind")) {
        Some(kind) => asset.kind = kind,
        None => invalid("kind", "web-invalid-choice", get("kind")),
    }
    asset.asset_number = optional("asset_number");
    asset.maker = optional("maker");
    asset.model = optional("model");
    asset.serial = optional("serial");
    asset.os = optional("os_name").map(|name| NameVersion {
        name,
        version: optional("os_version"),
    });
    asset.firmware = optional("firmware_name").map(|name| NameVersion {
        name,
        version: optional("firmware_version"),
    });
    asset.ip_addresses = Vec::new();
    for word in split_list(get("ip_addresses")) {
        match word.parse() {
            Ok(ip) => asset.ip_addresses.push(ip),
            Err(_) => invalid("ip_addresses", "web-invalid-ip", word),
        }
    }
    asset.mac_addresses = Vec::new();
    for word in split_list(get("mac_addresses")) {
        match word.parse::<MacAddr>() {
            Ok(mac) => asset.mac_addresses.push(mac),
            Err(_) => invalid("mac_addresses", "web-invalid-mac", word),
        }
    }
    asset.zone_id = optional("zone_id").map(|v| v.as_str().into());
    asset.owner_department = optional("owner_department");
    asset.managing_vendor_id = optional("managing_vendor_id").map(|v| v.as_str().into());
    asset.system_id = optional("system_id").map(|v| v.as_str().into());
    asset.criticality = parse_code(get("criticality"), "criticality", &mut invalid);
    asset.patch_state = parse_code(get("patch_state"), "patch_state", &mut invalid);
    asset.handles_patient_data = parse_bool(get("handles_patient_data"));
    asset.remote_maintenance = parse_bool(get("remote_maintenance"));
    asset.end_of_life = parse_date(get("end_of_life"), "end_of_life", &mut invalid);
    asset.last_patched = parse_date(get("last_patched"), "last_patched", &mut invalid);
    asset.notes = optional("notes");
    (asset, errors)
}

fn split_list(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c == ',' || c == '、' || c.is_whitespace())
        .filter(|w| !w.is_empty())
}

fn parse_code<C: CodeList>(
    value: &str,
    field: &str,
    invalid: &mut impl FnMut(&str, &str, &str),
) -> Option<C> {
    if value.is_empty() {
        return None;
    }
    let parsed = C::from_code(value);
    if parsed.is_none() {
        invalid(field, "web-invalid-choice", value);
    }
    parsed
}

fn parse_bool(value: &str) -> Option<bool> {
    match value {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

fn parse_date(
    value: &str,
    field: &str,
    invalid: &mut impl FnMut(&str, &str, &str),
) -> Option<Date> {
    if value.is_empty() {
        return None;
    }
    let parsed = value.replace('/', "-").parse::<Date>().ok();
    if parsed.is_none() {
        invalid(field, "web-invalid-date", value);
    }
    parsed
}

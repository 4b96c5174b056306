//! Writing one field's JSON value as a cell: the inverse of `shapes`, so that what is
//! written reads back to the same value (Japanese labels for codes, はい/いいえ, ids for
//! references, the documented syntax for endpoints and composite lists).

use mamori_core::{CpeState, Date, PrivilegeLevel};
use serde_json::Value;

use super::cell::code_label;
use super::layout::{Shape, code_spec};
use super::shapes::{HOSPITAL_WORDS, zone_needs_prefix};

/// A cell to write: XLSX keeps numbers and dates typed; CSV writes them as text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum OutCell {
    Blank,
    Text(String),
    Number(f64),
    Date(Date),
}

impl OutCell {
    pub(crate) fn to_text(&self) -> String {
        match self {
            OutCell::Blank => String::new(),
            OutCell::Text(text) => text.clone(),
            OutCell::Number(number) => super::cell::format_number(*number),
            OutCell::Date(date) => date.to_string(),
        }
    }
}

/// Items of a list cell are joined like this; every reader accepts `;`.
const SEPARATOR: &str = "; ";

/// The value at a dotted path of a record body.
pub(crate) fn field_value<'a>(body: &'a Value, path: &str) -> &'a Value {
    path.split('.')
        .fold(body, |value, key| value.get(key).unwrap_or(&Value::Null))
}

pub(crate) fn format_cell(shape: Shape, value: &Value) -> OutCell {
    if value.is_null() {
        return OutCell::Blank;
    }
    match shape {
        Shape::Id | Shape::Text | Shape::Reference(_) => text_cell(str_of(value)),
        Shape::Integer { .. } => integer_cell(value),
        Shape::YesNo | Shape::Flag { .. } => match value.as_bool() {
            Some(true) => text_cell("はい"),
            Some(false) => text_cell("いいえ"),
            None => OutCell::Blank,
        },
        Shape::Date => str_of(value)
            .parse::<Date>()
            .map_or(OutCell::Blank, OutCell::Date),
        Shape::Code(spec) => text_cell(&code_label(spec, str_of(value))),
        Shape::Codes(spec) => joined(value, |item| code_label(spec, str_of(item))),
        Shape::Texts | Shape::Ips | Shape::Macs | Shape::Cidrs | Shape::References(_) => {
            joined(value, |item| str_of(item).to_owned())
        }
        Shape::Integers { .. } => joined(value, |item| item.to_string()),
        Shape::Owner | Shape::OptionalOwner => text_cell(&owner_text(value)),
        Shape::Endpoint => text_cell(&endpoint_text(value)),
        Shape::Ports => text_cell(str_of(value)),
        Shape::Software => joined(value, software_text),
        Shape::Cpes => joined(value, cpe_text),
        Shape::Contacts => joined(value, contact_text),
        Shape::AcceptedOn => joined(value, accepted_on_text),
        Shape::StoredOn | Shape::VulnTarget => joined(value, place_text),
        Shape::Place => text_cell(&target_text(value)),
    }
}

fn str_of(value: &Value) -> &str {
    value.as_str().unwrap_or_default()
}

fn text_cell(text: &str) -> OutCell {
    if text.is_empty() {
        OutCell::Blank
    } else {
        OutCell::Text(text.to_owned())
    }
}

/// Whole numbers stay numbers in XLSX while a double holds them exactly (2^53).
fn integer_cell(value: &Value) -> OutCell {
    match value.as_u64() {
        Some(number) if number < (1u64 << 53) => OutCell::Number(number as f64),
        Some(number) => OutCell::Text(number.to_string()),
        None => OutCell::Blank,
    }
}

fn joined(value: &Value, item: impl Fn(&Value) -> String) -> OutCell {
    let items: Vec<String> = match value {
        Value::Array(values) => values.iter().map(item).collect(),
        other => vec![item(other)],
    };
    text_cell(&items.join(SEPARATOR))
}

fn owner_text(value: &Value) -> String {
    match value.get("vendor_id").and_then(Value::as_str) {
        Some(vendor) if HOSPITAL_WORDS.contains(&vendor.to_lowercase().as_str()) => {
            format!("vendor:{vendor}")
        }
        Some(vendor) => vendor.to_owned(),
        None => "病院".to_owned(),
    }
}

fn endpoint_text(value: &Value) -> String {
    let field = |name: &str| value.get(name).map(str_of).unwrap_or_default().to_owned();
    match value.get("kind").map(str_of).unwrap_or_default() {
        "zone" => {
            let zone = field("zone_id");
            if zone_needs_prefix(&zone) {
                format!("zone:{zone}")
            } else {
                zone
            }
        }
        "cidr" => field("cidr"),
        "asset" => format!("asset:{}", field("asset_id")),
        "connection_point" => format!("cp:{}", field("connection_point_id")),
        _ => "any".to_owned(),
    }
}

/// `asset:ID[#SERVICE]` or `cp:ID`.
fn place_text(value: &Value) -> String {
    let field = |name: &str| value.get(name).and_then(Value::as_str);
    match (
        field("asset_id"),
        field("service_id"),
        field("connection_point_id"),
    ) {
        (Some(asset), Some(service), _) => format!("asset:{asset}#{service}"),
        (Some(asset), None, _) => format!("asset:{asset}"),
        (None, _, Some(point)) => format!("cp:{point}"),
        _ => String::new(),
    }
}

/// `asset:ID` or `cp:ID`, without a service: the target column of a relation row.
fn target_text(value: &Value) -> String {
    let field = |name: &str| value.get(name).and_then(Value::as_str);
    match (field("asset_id"), field("connection_point_id")) {
        (Some(asset), _) => format!("asset:{asset}"),
        (None, Some(point)) => format!("cp:{point}"),
        _ => String::new(),
    }
}

fn accepted_on_text(value: &Value) -> String {
    let level = value.get("level").map(str_of).unwrap_or_default();
    format!(
        "{}@{}",
        place_text(value),
        code_label(code_spec::<PrivilegeLevel>(), level)
    )
}

fn software_text(value: &Value) -> String {
    let field = |name: &str| value.get(name).and_then(Value::as_str);
    let name = field("name").unwrap_or_default();
    let mut text = match field("vendor") {
        Some(vendor) => format!("{vendor}:{name}"),
        None if name.contains(':') => format!(":{name}"),
        None => name.to_owned(),
    };
    match field("version") {
        Some(version) => text.push_str(&format!("@{version}")),
        None if name.contains('@') => text.push('@'),
        None => {}
    }
    text
}

fn cpe_text(value: &Value) -> String {
    let cpe = value.get("cpe").map(str_of).unwrap_or_default();
    match value.get("state").map(str_of) {
        Some("suggested") => format!(
            "{cpe} [{}]",
            code_label(code_spec::<CpeState>(), "suggested")
        ),
        _ => cpe.to_owned(),
    }
}

fn contact_text(value: &Value) -> String {
    let field = |name: &str| value.get(name).and_then(Value::as_str).unwrap_or_default();
    let available = if value.get("available_24h").and_then(Value::as_bool) == Some(true) {
        "はい"
    } else {
        ""
    };
    let parts = [
        field("name"),
        field("role"),
        field("phone"),
        field("email"),
        available,
    ];
    parts.join(" / ").trim_end_matches([' ', '/']).to_owned()
}

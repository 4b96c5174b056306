//! Reading one cell into the JSON value of its field, shape by shape. Cells that cannot be
//! read yield an [`Issue`] and no value; lists keep the items that could be read.

use std::net::IpAddr;

use mamori_core::{Cidr, MacAddr, PortSpec, RecordKind};
use serde_json::{Map, Value, json};

use super::cell::{Cell, Issue, parse_code, parse_integer, parse_yes_no};
use super::dates::{excel_serial_date, parse_date_text};
use super::layout::{Shape, code_spec};
use super::resolve::{Resolution, Resolver};
use super::text::{fold_width, split_items, split_list};

/// A cell's value for its field (`Null` when blank or unreadable) and what was wrong.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    pub value: Value,
    pub issues: Vec<Issue>,
}

impl Parsed {
    fn ok(value: Value) -> Self {
        Self {
            value,
            issues: Vec::new(),
        }
    }

    fn from_result(result: Result<Value, Issue>) -> Self {
        match result {
            Ok(value) => Self::ok(value),
            Err(issue) => Self {
                value: Value::Null,
                issues: vec![issue],
            },
        }
    }

    /// A list: the items that could be read, and one issue per item that could not.
    fn from_items(items: Vec<Result<Value, Issue>>) -> Self {
        let mut parsed = Self::ok(Value::Array(Vec::new()));
        for item in items {
            match item {
                Ok(value) => {
                    if let Value::Array(values) = &mut parsed.value {
                        values.push(value);
                    }
                }
                Err(issue) => parsed.issues.push(issue),
            }
        }
        parsed
    }
}

/// The value a field takes when its cell is blank.
pub(crate) fn blank_value(shape: Shape) -> Value {
    match shape {
        Shape::Flag { default } => Value::Bool(default),
        Shape::Codes(_)
        | Shape::Texts
        | Shape::Ips
        | Shape::Macs
        | Shape::Cidrs
        | Shape::Integers { .. }
        | Shape::References(_)
        | Shape::Software
        | Shape::Cpes
        | Shape::Contacts
        | Shape::AcceptedOn
        | Shape::StoredOn => Value::Array(Vec::new()),
        Shape::Owner => json!({"kind": "hospital"}),
        Shape::Ports => json!("any"),
        _ => Value::Null,
    }
}

/// Reads a non-blank cell.
pub(crate) fn parse_cell(shape: Shape, cell: &Cell, resolver: &Resolver) -> Parsed {
    let text = cell.as_text();
    match shape {
        Shape::Id | Shape::Text => Parsed::ok(Value::String(text)),
        Shape::Integer { max } => Parsed::from_result(parse_integer(cell, max).map(Value::from)),
        Shape::YesNo => Parsed::from_result(
            parse_yes_no(cell).map(|value| value.map_or(Value::Null, Value::Bool)),
        ),
        Shape::Flag { .. } => Parsed::from_result(
            parse_yes_no(cell)
                .and_then(|value| {
                    value.ok_or_else(|| Issue::new("bad_yes_no").with("value", &text))
                })
                .map(Value::Bool),
        ),
        Shape::Date => {
            Parsed::from_result(parse_date(cell).map(|date| Value::String(date.to_string())))
        }
        Shape::Code(spec) => Parsed::from_result(parse_code(spec, &text).map(|code| json!(code))),
        Shape::Codes(spec) => list(&text, |item| parse_code(spec, item).map(|code| json!(code))),
        Shape::Texts => list(&text, |item| Ok(json!(item))),
        Shape::Ips => list(&text, |item| parse_ip(item).map(|ip| json!(ip.to_string()))),
        Shape::Macs => list(&text, |item| {
            item.parse::<MacAddr>()
                .map(|mac| json!(mac.to_string()))
                .map_err(|_| Issue::new("bad_mac").with("value", item))
        }),
        Shape::Cidrs => list(&text, |item| {
            item.parse::<Cidr>()
                .map(|cidr| json!(cidr.to_string()))
                .map_err(|_| Issue::new("bad_cidr").with("value", item))
        }),
        Shape::Integers { max } => list(&text, |item| {
            parse_integer(&Cell::Text(item.to_owned()), max).map(Value::from)
        }),
        Shape::Reference(kind) => {
            Parsed::from_result(reference(resolver, kind, &text).map(Value::String))
        }
        Shape::References(kind) => list(&text, |item| {
            reference(resolver, kind, item).map(Value::String)
        }),
        Shape::Owner | Shape::OptionalOwner => Parsed::from_result(owner(resolver, &text)),
        Shape::Endpoint => Parsed::from_result(endpoint(resolver, &text)),
        Shape::Ports => Parsed::from_result(ports(cell)),
        Shape::Software => items(&text, software),
        Shape::Cpes => items(&text, cpe),
        Shape::Contacts => items(&text, contact),
        Shape::AcceptedOn => items(&text, |item| accepted_on(resolver, item)),
        Shape::StoredOn => items(&text, |item| stored_on(resolver, item)),
        Shape::Place => Parsed::from_result(stored_on(resolver, &text)),
        Shape::VulnTarget => Parsed::from_result(vuln_target(resolver, &text)),
    }
}

fn list(text: &str, item: impl Fn(&str) -> Result<Value, Issue>) -> Parsed {
    Parsed::from_items(split_list(text).iter().map(|value| item(value)).collect())
}

fn items(text: &str, item: impl Fn(&str) -> Result<Value, Issue>) -> Parsed {
    Parsed::from_items(split_items(text).iter().map(|value| item(value)).collect())
}

fn parse_date(cell: &Cell) -> Result<mamori_core::Date, Issue> {
    let date = match cell {
        Cell::Date(date) => Some(*date),
        Cell::Number(serial) => excel_serial_date(*serial),
        other => parse_date_text(&other.as_text()),
    };
    date.ok_or_else(|| Issue::new("bad_date").with("value", cell.as_text()))
}

/// An address; a prefix length some ledgers append (192.168.1.5/24) is dropped because the
/// network belongs to the zone.
fn parse_ip(item: &str) -> Result<IpAddr, Issue> {
    let folded = fold_width(item);
    let address = folded
        .split_once('/')
        .map_or(folded.as_str(), |(address, _)| address)
        .trim();
    address
        .parse::<IpAddr>()
        .map_err(|_| Issue::new("bad_ip").with("value", item))
}

fn reference(resolver: &Resolver, kind: RecordKind, text: &str) -> Result<String, Issue> {
    let text = text.trim();
    match resolver.resolve(kind, text) {
        Resolution::Found(id) => Ok(id),
        Resolution::Missing => Ok(text.to_owned()),
        Resolution::Ambiguous => Err(Issue::new("ambiguous_reference")
            .with("value", text)
            .with("target", kind.code())),
    }
}

/// Words that mean "the hospital itself" in an owner cell.
pub(crate) const HOSPITAL_WORDS: &[&str] = &["病院", "自院", "院内", "hospital"];

fn owner(resolver: &Resolver, text: &str) -> Result<Value, Issue> {
    let folded = fold_width(text).trim().to_lowercase();
    if HOSPITAL_WORDS.contains(&folded.as_str()) {
        return Ok(json!({"kind": "hospital"}));
    }
    let vendor = strip_prefix_any(text.trim(), &["vendor:", "事業者:"]).unwrap_or(text);
    Ok(json!({"kind": "vendor", "vendor_id": reference(resolver, RecordKind::Vendors, vendor)?}))
}

/// Words that mean "any address" in a firewall rule.
pub(crate) const ANY_WORDS: &[&str] = &["any", "*", "すべて", "全て", "任意"];
const ASSET_PREFIXES: &[&str] = &["asset:", "機器:"];
const CP_PREFIXES: &[&str] = &["cp:", "接続点:"];
const ZONE_PREFIXES: &[&str] = &["zone:", "ゾーン:"];

/// `rest` after one of `prefixes` (ASCII case-insensitive, full-width colon allowed).
fn strip_prefix_any<'a>(text: &'a str, prefixes: &[&str]) -> Option<&'a str> {
    let text = text.trim();
    prefixes.iter().find_map(|prefix| {
        let head_len = prefix.chars().count();
        let split = text
            .char_indices()
            .nth(head_len)
            .map_or(text.len(), |(at, _)| at);
        let (head, rest) = text.split_at(split);
        (fold_width(head).to_lowercase() == *prefix).then(|| rest.trim())
    })
}

/// Whether a plain zone id would be read back as something else, so the writer must
/// spell it `zone:ID`.
pub(crate) fn zone_needs_prefix(id: &str) -> bool {
    ANY_WORDS.contains(&id.to_lowercase().as_str())
        || id.parse::<Cidr>().is_ok()
        || [ASSET_PREFIXES, CP_PREFIXES, ZONE_PREFIXES]
            .iter()
            .any(|prefixes| strip_prefix_any(id, prefixes).is_some())
}

fn endpoint(resolver: &Resolver, text: &str) -> Result<Value, Issue> {
    let bad = || Issue::new("bad_endpoint").with("value", text.trim());
    let non_empty = |rest: &str| if rest.is_empty() { Err(bad()) } else { Ok(()) };
    if ANY_WORDS.contains(&fold_width(text).trim().to_lowercase().as_str()) {
        return Ok(json!({"kind": "any"}));
    }
    if let Some(rest) = strip_prefix_any(text, ASSET_PREFIXES) {
        non_empty(rest)?;
        return Ok(
            json!({"kind": "asset", "asset_id": reference(resolver, RecordKind::Assets, rest)?}),
        );
    }
    if let Some(rest) = strip_prefix_any(text, CP_PREFIXES) {
        non_empty(rest)?;
        let id = reference(resolver, RecordKind::ConnectionPoints, rest)?;
        return Ok(json!({"kind": "connection_point", "connection_point_id": id}));
    }
    if let Some(rest) = strip_prefix_any(text, ZONE_PREFIXES) {
        non_empty(rest)?;
        return Ok(
            json!({"kind": "zone", "zone_id": reference(resolver, RecordKind::Zones, rest)?}),
        );
    }
    if let Ok(cidr) = fold_width(text).parse::<Cidr>() {
        return Ok(json!({"kind": "cidr", "cidr": cidr.to_string()}));
    }
    Ok(json!({"kind": "zone", "zone_id": reference(resolver, RecordKind::Zones, text)?}))
}

fn ports(cell: &Cell) -> Result<Value, Issue> {
    if let Cell::Number(_) = cell {
        return parse_integer(cell, 65535).map(|port| json!(port.to_string()));
    }
    let text = fold_width(&cell.as_text());
    let text = if ANY_WORDS.contains(&text.trim().to_lowercase().as_str()) {
        "any".to_owned()
    } else {
        text
    };
    text.parse::<PortSpec>()
        .map(|ports| json!(ports.to_string()))
        .map_err(|_| Issue::new("bad_port").with("value", cell.as_text()))
}

/// `vendor:name@version`; vendor and version optional (`:name` for a name with a colon).
fn software(item: &str) -> Result<Value, Issue> {
    let (rest, version) = match item.rsplit_once('@') {
        Some((rest, version)) => (rest, Some(version.trim()).filter(|v| !v.is_empty())),
        None => (item, None),
    };
    let (vendor, name) = match rest.split_once(':') {
        Some((vendor, name)) => (Some(vendor.trim()).filter(|v| !v.is_empty()), name.trim()),
        None => (None, rest.trim()),
    };
    if name.is_empty() {
        return Err(Issue::new("bad_software").with("value", item));
    }
    Ok(json!({"name": name, "vendor": vendor, "version": version}))
}

/// `cpe:2.3:…`, optionally followed by `[推定]` / `[suggested]` (or `[確認済み]`).
fn cpe(item: &str) -> Result<Value, Issue> {
    let folded = fold_width(item);
    let (name, state) = match folded
        .trim_end()
        .strip_suffix(']')
        .and_then(|rest| rest.rsplit_once('['))
    {
        Some((name, label)) => {
            let state = parse_code(code_spec::<mamori_core::CpeState>(), label)
                .map_err(|_| Issue::new("bad_cpe").with("value", item))?;
            (name.trim().to_owned(), state)
        }
        None => (folded.trim().to_owned(), "confirmed"),
    };
    let parts = name.split(':').count();
    if !name.to_lowercase().starts_with("cpe:2.3:") || parts < 13 {
        return Err(Issue::new("bad_cpe").with("value", item));
    }
    Ok(json!({"cpe": name, "state": state}))
}

/// `name / role / phone / email / 24h`; only the name is needed.
fn contact(item: &str) -> Result<Value, Issue> {
    let parts: Vec<&str> = item.split(['/', '／']).map(str::trim).collect();
    let bad = || Issue::new("bad_contact").with("value", item);
    let [name, rest @ ..] = parts.as_slice() else {
        return Err(bad());
    };
    if name.is_empty() || rest.len() > 4 {
        return Err(bad());
    }
    let optional = |index: usize| {
        rest.get(index)
            .filter(|part| !part.is_empty())
            .map(|part| (*part).to_owned())
    };
    let available = match optional(3) {
        Some(word) => parse_yes_no(&Cell::Text(word))
            .map_err(|_| bad())?
            .unwrap_or(false),
        None => false,
    };
    let mut contact = Map::new();
    contact.insert("name".into(), json!(name));
    contact.insert("role".into(), json!(optional(0)));
    contact.insert("phone".into(), json!(optional(1)));
    contact.insert("email".into(), json!(optional(2)));
    contact.insert("available_24h".into(), json!(available));
    Ok(Value::Object(contact))
}

/// Where a log-on place or a secret sits: `asset:X[#SERVICE]` or `cp:X`; no prefix is an asset.
enum Place {
    Asset {
        asset_id: String,
        service_id: Option<String>,
    },
    ConnectionPoint(String),
}

fn place(
    resolver: &Resolver,
    text: &str,
    allow_service: bool,
    bad: impl Fn() -> Issue,
) -> Result<Place, Issue> {
    if let Some(rest) = strip_prefix_any(text, CP_PREFIXES) {
        if rest.is_empty() {
            return Err(bad());
        }
        return Ok(Place::ConnectionPoint(reference(
            resolver,
            RecordKind::ConnectionPoints,
            rest,
        )?));
    }
    let rest = strip_prefix_any(text, ASSET_PREFIXES).unwrap_or(text.trim());
    let (asset, service) = match rest.split_once('#') {
        Some((asset, service)) if allow_service => (asset.trim(), Some(service.trim())),
        Some(_) => return Err(bad()),
        None => (rest, None),
    };
    if asset.is_empty() || service.is_some_and(str::is_empty) {
        return Err(bad());
    }
    let service_id = service
        .map(|service| reference(resolver, RecordKind::Services, service))
        .transpose()?;
    Ok(Place::Asset {
        asset_id: reference(resolver, RecordKind::Assets, asset)?,
        service_id,
    })
}

/// `asset:SRV-01#svc-rdp@管理者`, `cp:VPN-1@admin`: the privilege level is required.
fn accepted_on(resolver: &Resolver, item: &str) -> Result<Value, Issue> {
    let bad = || Issue::new("bad_accepted_on").with("value", item);
    let (target, level_text) = item.rsplit_once(['@', '＠']).ok_or_else(bad)?;
    let level =
        parse_code(code_spec::<mamori_core::PrivilegeLevel>(), level_text).map_err(|_| bad())?;
    Ok(match place(resolver, target, true, bad)? {
        Place::Asset {
            asset_id,
            service_id,
        } => {
            json!({"kind": "asset", "asset_id": asset_id, "service_id": service_id, "level": level})
        }
        Place::ConnectionPoint(id) => {
            json!({"kind": "connection_point", "connection_point_id": id, "level": level})
        }
    })
}

fn stored_on(resolver: &Resolver, item: &str) -> Result<Value, Issue> {
    let bad = || Issue::new("bad_stored_on").with("value", item);
    Ok(match place(resolver, item, false, bad)? {
        Place::Asset { asset_id, .. } => json!({"kind": "asset", "asset_id": asset_id}),
        Place::ConnectionPoint(id) => {
            json!({"kind": "connection_point", "connection_point_id": id})
        }
    })
}

fn vuln_target(resolver: &Resolver, text: &str) -> Result<Value, Issue> {
    let bad = || Issue::new("bad_target").with("value", text.trim());
    Ok(match place(resolver, text, true, bad)? {
        Place::Asset {
            asset_id,
            service_id,
        } => json!({"kind": "asset", "asset_id": asset_id, "service_id": service_id}),
        Place::ConnectionPoint(id) => {
            json!({"kind": "connection_point", "connection_point_id": id})
        }
    })
}

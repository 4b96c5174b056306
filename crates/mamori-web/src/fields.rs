//! How record fields are shown: labels from the catalogue (`web-field-<json name>`) and
//! values formatted for people (code lists by their label, unknown as 不明).

use std::fmt::Display;

use mamori_core::{Asset, ConnectionPoint, NameVersion, Owner};
use mamori_i18n::{Lang, text};

use crate::state::Snapshot;
use crate::views::{label, vendor_link, zone_name};

pub fn join<T: Display>(values: &[T]) -> String {
    values
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn name_version(value: &Option<NameVersion>) -> String {
    match value {
        Some(NameVersion {
            name,
            version: Some(version),
        }) => format!("{name} {version}"),
        Some(NameVersion {
            name,
            version: None,
        }) => name.clone(),
        None => String::new(),
    }
}

/// はい / いいえ / 不明: unknown is shown as unknown, never as "no".
pub fn yes_no(lang: Lang, value: Option<bool>) -> String {
    let key = match value {
        Some(true) => "web-yes",
        Some(false) => "web-no",
        None => "web-unknown",
    };
    text(lang, key, &[])
}

fn text_or_dash(value: Option<&str>) -> String {
    value.filter(|v| !v.is_empty()).unwrap_or("—").to_owned()
}

fn owner_label(snapshot: &Snapshot, owner: &Owner, lang: Lang) -> String {
    match owner {
        Owner::Hospital => text(lang, "web-owner-hospital", &[]),
        Owner::Vendor { vendor_id } => vendor_link(snapshot, vendor_id.as_str()).label,
    }
}

fn row(lang: Lang, field: &str, value: String) -> (String, String) {
    let value = if value.is_empty() {
        "—".to_owned()
    } else {
        value
    };
    (text(lang, &format!("web-field-{field}"), &[]), value)
}

pub fn asset_fields(snapshot: &Snapshot, asset: &Asset, lang: Lang) -> Vec<(String, String)> {
    let software = asset
        .software
        .iter()
        .map(|s| {
            [Some(s.name.as_str()), s.version.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join(", ");
    vec![
        row(lang, "id", asset.id.0.clone()),
        row(lang, "name", asset.name.clone()),
        row(lang, "kind", label(lang, asset.kind)),
        row(
            lang,
            "asset_number",
            text_or_dash(asset.asset_number.as_deref()),
        ),
        row(lang, "maker", text_or_dash(asset.maker.as_deref())),
        row(lang, "model", text_or_dash(asset.model.as_deref())),
        row(lang, "serial", text_or_dash(asset.serial.as_deref())),
        row(lang, "os", name_version(&asset.os)),
        row(lang, "firmware", name_version(&asset.firmware)),
        row(lang, "software", software),
        row(
            lang,
            "cpes",
            asset
                .cpes
                .iter()
                .map(|c| c.cpe.clone())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        row(lang, "ip_addresses", join(&asset.ip_addresses)),
        row(lang, "mac_addresses", join(&asset.mac_addresses)),
        row(
            lang,
            "zone_id",
            asset
                .zone_id
                .as_ref()
                .map(|z| zone_name(snapshot, z.as_str(), lang))
                .unwrap_or_default(),
        ),
        row(
            lang,
            "owner_department",
            text_or_dash(asset.owner_department.as_deref()),
        ),
        row(lang, "owner", owner_label(snapshot, &asset.owner, lang)),
        row(
            lang,
            "criticality",
            asset
                .criticality
                .map(|c| label(lang, c))
                .unwrap_or_default(),
        ),
        row(
            lang,
            "crown_jewel",
            asset
                .crown_jewel
                .map(|c| label(lang, c))
                .unwrap_or_default(),
        ),
        row(
            lang,
            "handles_patient_data",
            yes_no(lang, asset.handles_patient_data),
        ),
        row(
            lang,
            "end_of_life",
            asset.end_of_life.map(|d| d.to_string()).unwrap_or_default(),
        ),
        row(
            lang,
            "av_edr",
            asset.av_edr.map(|c| label(lang, c)).unwrap_or_default(),
        ),
        row(
            lang,
            "patch_state",
            asset
                .patch_state
                .map(|c| label(lang, c))
                .unwrap_or_default(),
        ),
        row(
            lang,
            "last_patched",
            asset
                .last_patched
                .map(|d| d.to_string())
                .unwrap_or_default(),
        ),
        row(
            lang,
            "remote_maintenance",
            yes_no(lang, asset.remote_maintenance),
        ),
        row(lang, "notes", text_or_dash(asset.notes.as_deref())),
    ]
}

pub fn point_fields(
    snapshot: &Snapshot,
    point: &ConnectionPoint,
    lang: Lang,
) -> Vec<(String, String)> {
    vec![
        row(lang, "id", point.id.0.clone()),
        row(lang, "name", point.name.clone()),
        row(lang, "kind", label(lang, point.kind)),
        row(lang, "owner", owner_label(snapshot, &point.owner, lang)),
        row(
            lang,
            "vendor_id",
            point
                .vendor_id
                .as_ref()
                .map(|v| vendor_link(snapshot, v.as_str()).label)
                .unwrap_or_default(),
        ),
        row(lang, "maker", text_or_dash(point.maker.as_deref())),
        row(lang, "model", text_or_dash(point.model.as_deref())),
        row(lang, "firmware", name_version(&point.firmware)),
        row(lang, "peer", text_or_dash(point.peer.as_deref())),
        row(lang, "public_addresses", join(&point.public_addresses)),
        row(lang, "always_on", yes_no(lang, point.always_on)),
        row(
            lang,
            "requires_authentication",
            yes_no(lang, point.requires_authentication),
        ),
        row(lang, "mfa", yes_no(lang, point.mfa)),
        row(
            lang,
            "source_ip_restricted",
            yes_no(lang, point.source_ip_restricted),
        ),
        row(
            lang,
            "inbound_filtering",
            yes_no(lang, point.inbound_filtering),
        ),
        row(
            lang,
            "outbound_filtering",
            yes_no(lang, point.outbound_filtering),
        ),
        row(
            lang,
            "allowed_protocols",
            point.allowed_protocols.join(", "),
        ),
        row(
            lang,
            "credentials_stored",
            yes_no(lang, point.credentials_stored),
        ),
        row(
            lang,
            "last_firmware_check",
            point
                .last_firmware_check
                .map(|d| d.to_string())
                .unwrap_or_default(),
        ),
        row(
            lang,
            "last_log_review",
            point
                .last_log_review
                .map(|d| d.to_string())
                .unwrap_or_default(),
        ),
        row(lang, "notes", text_or_dash(point.notes.as_deref())),
    ]
}

/// Percent-encoding for query values (RFC 3986 unreserved characters pass).
pub fn url_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_encoding() {
        assert_eq!(url_encode("a b&c=d"), "a%20b%26c%3Dd");
        assert_eq!(url_encode("電"), "%E9%9B%BB");
        assert_eq!(url_encode("A-0001_x.y~"), "A-0001_x.y~");
    }

    #[test]
    fn unknown_is_not_no() {
        assert_eq!(yes_no(Lang::En, None), text(Lang::En, "web-unknown", &[]));
        assert_ne!(yes_no(Lang::Ja, None), yes_no(Lang::Ja, Some(false)));
    }
}

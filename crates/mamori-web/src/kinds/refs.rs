//! References between records, found in the record bodies: each field that holds the id
//! of another record (`zone_id`, `system_ids`, `protects`, `accepted_on[].asset_id` …) is
//! one edge. The index is built once per loaded ledger and answers both "what does this
//! record refer to" (vendor scope) and "what refers to this record" (back-links, delete).

use std::collections::HashMap;

use mamori_core::{Ledger, RecordKind, RecordRef};
use serde_json::Value;

/// The kind a reference field points at; fields not listed hold no reference.
pub fn target_of(field: &str) -> Option<RecordKind> {
    use RecordKind as K;
    Some(match field {
        "asset_id" | "protects" | "held_on" | "managed_from" | "attached_to" | "stored_on" => {
            K::Assets
        }
        "connection_point_id" => K::ConnectionPoints,
        "contract_id" => K::Contracts,
        "credential_group_id" => K::CredentialGroups,
        "firewall_id" => K::Firewalls,
        "location_id" => K::Locations,
        "vendor_id" | "managing_vendor_id" => K::Vendors,
        "site_id" => K::Sites,
        "ssid_ids" => K::Ssids,
        "system_id" | "system_ids" => K::Systems,
        "zone_id" | "zone_ids" => K::Zones,
        "service_id" => K::Services,
        _ => return None,
    })
}

/// One reference: from a record's field (top-level name) to a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    pub field: String,
    pub target: RecordRef,
}

/// Every reference in one record body; `top` is the top-level field it sits under.
pub fn edges(body: &Value) -> Vec<Edge> {
    let mut found = Vec::new();
    if let Some(object) = body.as_object() {
        for (field, value) in object {
            collect(field, field, value, &mut found);
        }
    }
    found
}

fn collect(top: &str, key: &str, value: &Value, found: &mut Vec<Edge>) {
    let target = target_of(key);
    match value {
        Value::String(id) => {
            if let Some(kind) = target {
                found.push(Edge {
                    field: top.to_owned(),
                    target: RecordRef::new(kind, id.as_str()),
                });
            }
        }
        Value::Array(items) => {
            for item in items {
                collect(top, key, item, found);
            }
        }
        Value::Object(object) => {
            for (inner, value) in object {
                collect(top, inner, value, found);
            }
        }
        _ => {}
    }
}

/// References of a whole ledger in both directions.
#[derive(Debug, Default)]
pub struct RefIndex {
    pub outgoing: HashMap<RecordRef, Vec<Edge>>,
    /// Target → (source, field), in ledger order.
    pub incoming: HashMap<RecordRef, Vec<(RecordRef, String)>>,
}

impl RefIndex {
    pub fn build(ledger: &Ledger) -> Self {
        let mut index = RefIndex::default();
        for kind in super::kinds() {
            for (record, body) in ledger.record_bodies_of(kind).unwrap_or_default() {
                let found = edges(&body);
                for edge in &found {
                    index
                        .incoming
                        .entry(edge.target.clone())
                        .or_default()
                        .push((record.clone(), edge.field.clone()));
                }
                if !found.is_empty() {
                    index.outgoing.insert(record, found);
                }
            }
        }
        index
    }

    pub fn referring_to(&self, record: &RecordRef) -> &[(RecordRef, String)] {
        self.incoming.get(record).map_or(&[], Vec::as_slice)
    }

    pub fn referred_by(&self, record: &RecordRef) -> &[Edge] {
        self.outgoing.get(record).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_and_listed_references_are_found() {
        let body: Value = serde_json::json!({
            "id": "acct-1",
            "zone_id": "zone-a",
            "system_ids": ["sys-1", "sys-2"],
            "owner": {"kind": "vendor", "vendor_id": "ven-x"},
            "accepted_on": [{"kind": "asset", "asset_id": "asset-9", "service_id": null, "level": "admin"}],
            "name": "zone-a",
        });
        let found: Vec<(String, String)> = edges(&body)
            .into_iter()
            .map(|edge| (edge.field, edge.target.to_string()))
            .collect();
        let expected = [
            ("accepted_on", "assets/asset-9"),
            ("owner", "vendors/ven-x"),
            ("system_ids", "systems/sys-1"),
            ("system_ids", "systems/sys-2"),
            ("zone_id", "zones/zone-a"),
        ];
        let mut sorted = found.clone();
        sorted.sort();
        assert_eq!(
            sorted,
            expected
                .iter()
                .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn the_demo_zones_are_referred_to_by_their_assets() {
        let ledger = mamori_demo::demo_hospital();
        let index = RefIndex::build(&ledger);
        for zone in &ledger.zones {
            let expected = ledger
                .assets
                .iter()
                .filter(|asset| asset.zone_id.as_ref() == Some(&zone.id))
                .count();
            let found = index
                .referring_to(&RecordRef::new(RecordKind::Zones, zone.id.as_str()))
                .iter()
                .filter(|(source, field)| source.kind == RecordKind::Assets && field == "zone_id")
                .count();
            assert_eq!(found, expected, "{}", zone.id);
        }
    }
}

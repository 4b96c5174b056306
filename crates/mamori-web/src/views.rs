//! View models shared by the HTML pages and the JSON API: the dashboard, the asset list
//! query (search, filter, sort, page), an asset's relations and a record's history.
//! Pure functions of a [`Snapshot`] and the user, so they are tested without HTTP.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use mamori_core::{AcceptedOn, Asset, CodeList, Owner, RecordKind, RecordRef};
use mamori_i18n::{Lang, enum_key, text};
use mamori_store::{Micros, RecordVersion};
use serde::{Deserialize, Serialize};

use crate::auth::CurrentUser;
use crate::scope::{asset_visible, point_visible};
use crate::state::Snapshot;

/// A record shown as a link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    pub kind: &'static str,
    pub id: String,
    pub label: String,
    /// The page of the record, when the UI has one.
    pub href: Option<String>,
}

impl Link {
    pub fn new(kind: RecordKind, id: &str, label: &str) -> Self {
        Self {
            kind: kind.code(),
            id: id.to_owned(),
            label: label.to_owned(),
            href: href(kind, id),
        }
    }
}

/// The UI page of a record, for kinds that have one.
pub fn href(kind: RecordKind, id: &str) -> Option<String> {
    match kind {
        RecordKind::Hospital => None,
        _ => Some(crate::kinds::record_href(kind, id)),
    }
}

pub fn label<C: CodeList>(lang: Lang, value: C) -> String {
    text(lang, &enum_key(C::LIST, value.code()), &[])
}

pub fn kind_label(lang: Lang, kind: RecordKind) -> String {
    text(lang, &format!("kind-{}", kind.code()), &[])
}

/// `2026-11-23 09:30:00` in Asia/Tokyo.
pub fn tokyo_time(at: Micros) -> String {
    tokyo_format(at, "%Y-%m-%d %H:%M:%S")
}

/// An instant in Asia/Tokyo with a strftime format.
pub fn tokyo_format(at: Micros, format: &str) -> String {
    let Some(timestamp) = at.to_timestamp() else {
        return at.0.to_string();
    };
    match jiff::tz::TimeZone::get("Asia/Tokyo") {
        Ok(tokyo) => timestamp
            .to_zoned_datetime(tokyo)
            .strftime(format)
            .to_string(),
        Err(_) => timestamp.to_string(),
    }
}

/// What search matches: ids, names, numbers, makers, versions and addresses, lower-cased.
pub fn search_text(asset: &Asset) -> String {
    let mut parts: Vec<String> = vec![asset.id.0.clone(), asset.name.clone()];
    let optional = [
        &asset.asset_number,
        &asset.maker,
        &asset.model,
        &asset.serial,
        &asset.owner_department,
    ];
    parts.extend(optional.into_iter().flatten().cloned());
    for name_version in [&asset.os, &asset.firmware].into_iter().flatten() {
        parts.push(name_version.name.clone());
        parts.extend(name_version.version.clone());
    }
    parts.extend(asset.ip_addresses.iter().map(ToString::to_string));
    parts.extend(asset.mac_addresses.iter().map(ToString::to_string));
    parts.join("\u{1f}").to_lowercase()
}

#[derive(Debug, Clone, Serialize)]
pub struct Count {
    pub code: String,
    pub label: String,
    pub count: usize,
    pub href: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GapView {
    pub code: &'static str,
    pub label: String,
    pub count: usize,
    /// The first records, as links (all of them are in `count`).
    pub records: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Dashboard {
    pub hospital: String,
    pub kinds: Vec<Count>,
    pub zones: Vec<Count>,
    pub gaps: Vec<GapView>,
    /// Checklist いいえ due within 30 days or overdue (added per request: answers are not
    /// part of the cached ledger snapshot).
    pub checklist_due: Option<crate::checklist_due::ChecklistDue>,
    /// Alerts on the targets the user may see, and how many are new since the user's last
    /// look (added per request; `None` when no feed is loaded).
    pub vuln_alerts: Option<crate::vulns::AlertCounts>,
}

/// Records listed per gap on the dashboard.
const GAP_LINKS: usize = 20;

pub fn dashboard(snapshot: &Snapshot, user: &CurrentUser, lang: Lang) -> Dashboard {
    if user.vendor_scope().is_none() {
        // Staff all see the same dashboard: build it once per loaded ledger.
        return snapshot
            .staff_dashboard(lang, || build_dashboard(snapshot, user, lang))
            .clone();
    }
    build_dashboard(snapshot, user, lang)
}

fn build_dashboard(snapshot: &Snapshot, user: &CurrentUser, lang: Lang) -> Dashboard {
    let ledger = &snapshot.ledger;
    let staff = user.vendor_scope().is_none();
    let assets: Vec<&Asset> = ledger
        .assets
        .iter()
        .filter(|a| asset_visible(user, a))
        .collect();
    let kinds = RecordKind::ALL
        .iter()
        .filter(|kind| **kind != RecordKind::Hospital)
        .filter_map(|kind| {
            let count = match kind {
                RecordKind::Assets => assets.len(),
                RecordKind::ConnectionPoints => ledger
                    .connection_points
                    .iter()
                    .filter(|p| point_visible(user, p))
                    .count(),
                _ if staff => ledger.count(*kind),
                _ => return None,
            };
            Some(Count {
                code: kind.code().to_owned(),
                label: kind_label(lang, *kind),
                count,
                href: href_list(*kind),
            })
        })
        .collect();
    let mut per_zone: BTreeMap<&str, usize> = BTreeMap::new();
    for asset in &assets {
        *per_zone
            .entry(asset.zone_id.as_ref().map_or("", |z| z.as_str()))
            .or_default() += 1;
    }
    let zones = per_zone
        .into_iter()
        .map(|(zone, count)| Count {
            code: zone.to_owned(),
            label: zone_name(snapshot, zone, lang),
            count,
            href: Some(format!(
                "/assets?zone={}",
                if zone.is_empty() { "-" } else { zone }
            )),
        })
        .collect();
    let gaps = snapshot
        .gaps()
        .iter()
        .filter_map(|gap| {
            let records: Vec<&RecordRef> = gap
                .records
                .iter()
                .filter(|record| record_visible(snapshot, user, record))
                .collect();
            (!records.is_empty()).then(|| GapView {
                code: gap.code.code(),
                label: text(lang, &format!("gap-{}", gap.code.code()), &[]),
                count: records.len(),
                records: records
                    .iter()
                    .take(GAP_LINKS)
                    .map(|record| Link::new(record.kind, &record.id, &record.id))
                    .collect(),
            })
        })
        .collect();
    Dashboard {
        hospital: ledger.hospital.name.clone(),
        kinds,
        zones,
        gaps,
        checklist_due: None,
        vuln_alerts: None,
    }
}

fn href_list(kind: RecordKind) -> Option<String> {
    match kind {
        RecordKind::Assets => Some("/assets".to_owned()),
        RecordKind::ConnectionPoints => Some("/connection-points".to_owned()),
        _ => None,
    }
}

fn record_visible(snapshot: &Snapshot, user: &CurrentUser, record: &RecordRef) -> bool {
    if user.vendor_scope().is_none() {
        return true;
    }
    match record.kind {
        RecordKind::Assets => snapshot
            .asset(&record.id)
            .is_some_and(|a| asset_visible(user, a)),
        RecordKind::ConnectionPoints => snapshot
            .point(&record.id)
            .is_some_and(|p| point_visible(user, p)),
        _ => false,
    }
}

pub fn zone_name(snapshot: &Snapshot, zone: &str, lang: Lang) -> String {
    if zone.is_empty() {
        return text(lang, "web-zone-none", &[]);
    }
    snapshot
        .ledger
        .zones
        .iter()
        .find(|z| z.id.as_str() == zone)
        .map_or_else(|| zone.to_owned(), |z| z.name.clone())
}

/// The asset list's query string (also the API's).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
pub struct AssetQuery {
    pub q: Option<String>,
    /// A zone id, or `-` for assets without a zone.
    pub zone: Option<String>,
    pub kind: Option<String>,
    /// `id` (default), `name`, `kind`, `zone`, `maker`, `ip`.
    pub sort: Option<String>,
    /// `asc` (default) or `desc`.
    pub dir: Option<String>,
    pub page: Option<usize>,
    pub per_page: Option<usize>,
}

pub const SORT_KEYS: &[&str] = &["id", "name", "kind", "zone", "maker", "ip"];
const DEFAULT_PER_PAGE: usize = 50;
const MAX_PER_PAGE: usize = 500;

/// One page of matching assets, as indexes into `snapshot.ledger.assets`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AssetListing {
    pub total: usize,
    pub page: usize,
    pub pages: usize,
    pub per_page: usize,
    #[serde(skip)]
    pub indexes: Vec<usize>,
}

pub fn list_assets(snapshot: &Snapshot, user: &CurrentUser, query: &AssetQuery) -> AssetListing {
    let assets = &snapshot.ledger.assets;
    let needle = query
        .q
        .as_deref()
        .map(str::trim)
        .unwrap_or("")
        .to_lowercase();
    let zone = query.zone.as_deref().filter(|z| !z.is_empty());
    let kind = query.kind.as_deref().filter(|k| !k.is_empty());
    // Sorted orders are cached per snapshot; the ledger itself is kept sorted by id.
    let sort = query.sort.as_deref().unwrap_or("id");
    let all: Vec<usize>;
    let order: &[usize] = match snapshot.order(sort) {
        Some(order) => order,
        None => {
            all = (0..assets.len()).collect();
            &all
        }
    };
    let hits = snapshot.asset_search.matching_cached(&needle);
    let mut matching: Vec<usize> = order
        .iter()
        .copied()
        .filter(|index| {
            let asset = &assets[*index];
            hits.as_ref()
                .is_none_or(|hits| hits.get(*index).copied().unwrap_or(false))
                && zone
                    .is_none_or(|zone| asset.zone_id.as_ref().map_or("-", |z| z.as_str()) == zone)
                && kind.is_none_or(|kind| asset.kind.code() == kind)
                && asset_visible(user, asset)
        })
        .collect();
    if query.dir.as_deref() == Some("desc") {
        matching.reverse();
    }
    let per_page = query
        .per_page
        .unwrap_or(DEFAULT_PER_PAGE)
        .clamp(1, MAX_PER_PAGE);
    let total = matching.len();
    let pages = total.div_ceil(per_page).max(1);
    let page = query.page.unwrap_or(1).clamp(1, pages);
    let indexes = matching
        .into_iter()
        .skip((page - 1) * per_page)
        .take(per_page)
        .collect();
    AssetListing {
        total,
        page,
        pages,
        per_page,
        indexes,
    }
}

pub fn compare(a: &Asset, b: &Asset, sort: &str) -> Ordering {
    let by = match sort {
        "name" => a.name.cmp(&b.name),
        "kind" => a.kind.code().cmp(b.kind.code()),
        "zone" => a.zone_id.cmp(&b.zone_id),
        "maker" => (&a.maker, &a.model).cmp(&(&b.maker, &b.model)),
        "ip" => a.ip_addresses.first().cmp(&b.ip_addresses.first()),
        _ => Ordering::Equal,
    };
    by.then_with(|| a.id.cmp(&b.id))
}

/// Everything an asset is connected to.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AssetRelations {
    pub zone: Option<Link>,
    pub location: Option<Link>,
    pub system: Option<Link>,
    pub managing_vendor: Option<Link>,
    pub owner: String,
    pub contracts: Vec<Link>,
    pub connection_points: Vec<Link>,
    pub accounts: Vec<Link>,
    pub backups: Vec<Link>,
    pub services: Vec<Link>,
}

pub fn asset_relations(
    snapshot: &Snapshot,
    user: &CurrentUser,
    asset: &Asset,
    lang: Lang,
) -> AssetRelations {
    let ledger = &snapshot.ledger;
    let zone = asset.zone_id.as_ref().map(|id| {
        Link::new(
            RecordKind::Zones,
            id.as_str(),
            &zone_name(snapshot, id.as_str(), lang),
        )
    });
    let location = asset.location_id.as_ref().map(|id| {
        let room = ledger.locations.iter().find(|l| &l.id == id);
        let label = room.map_or_else(
            || id.0.clone(),
            |l| {
                [
                    l.building.as_deref(),
                    l.floor.as_deref(),
                    Some(l.room.as_str()),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ")
            },
        );
        Link::new(RecordKind::Locations, id.as_str(), &label)
    });
    let system = asset.system_id.as_ref().map(|id| {
        let name = ledger
            .systems
            .iter()
            .find(|s| &s.id == id)
            .map(|s| s.name.as_str());
        Link::new(
            RecordKind::Systems,
            id.as_str(),
            name.unwrap_or(id.as_str()),
        )
    });
    let managing_vendor = asset
        .managing_vendor_id
        .as_ref()
        .map(|id| vendor_link(snapshot, id.as_str()));
    let owner = match &asset.owner {
        Owner::Hospital => text(lang, "web-owner-hospital", &[]),
        Owner::Vendor { vendor_id } => vendor_link(snapshot, vendor_id.as_str()).label,
    };
    let contracts = ledger
        .contracts
        .iter()
        .filter(|c| {
            asset
                .system_id
                .as_ref()
                .is_some_and(|s| c.system_ids.contains(s))
                || asset.managing_vendor_id.as_ref() == Some(&c.vendor_id)
                    && c.system_ids.is_empty()
        })
        .map(|c| Link::new(RecordKind::Contracts, c.id.as_str(), &c.title))
        .collect();
    let connection_points = ledger
        .connection_points
        .iter()
        .filter(|p| {
            asset
                .zone_id
                .as_ref()
                .is_some_and(|z| p.zone_ids.contains(z))
        })
        .filter(|p| point_visible(user, p))
        .map(|p| Link::new(RecordKind::ConnectionPoints, p.id.as_str(), &p.name))
        .collect();
    let accounts = ledger
        .accounts
        .iter()
        .filter_map(|account| {
            account
                .accepted_on
                .iter()
                .find_map(|accepted| match accepted {
                    AcceptedOn::Asset {
                        asset_id, level, ..
                    } if *asset_id == asset.id => Some(Link::new(
                        RecordKind::Accounts,
                        account.id.as_str(),
                        &format!("{} ({})", account.username, label(lang, *level)),
                    )),
                    _ => None,
                })
        })
        .collect();
    let backups = ledger
        .backups
        .iter()
        .filter(|b| b.protects.contains(&asset.id))
        .map(|b| {
            Link::new(
                RecordKind::Backups,
                b.id.as_str(),
                &format!("{} ({})", b.name, label(lang, b.medium)),
            )
        })
        .collect();
    let services = ledger
        .services
        .iter()
        .filter(|s| s.asset_id == asset.id)
        .map(|s| {
            let name = s.name.as_deref().unwrap_or("");
            Link::new(
                RecordKind::Services,
                s.id.as_str(),
                format!("{}/{} {name}", s.port, s.protocol.code()).trim(),
            )
        })
        .collect();
    AssetRelations {
        zone,
        location,
        system,
        managing_vendor,
        owner,
        contracts,
        connection_points,
        accounts,
        backups,
        services,
    }
}

pub fn vendor_link(snapshot: &Snapshot, id: &str) -> Link {
    let name = snapshot
        .ledger
        .vendors
        .iter()
        .find(|v| v.id.as_str() == id)
        .map(|v| v.name.as_str());
    Link::new(RecordKind::Vendors, id, name.unwrap_or(id))
}

/// One version of a record with what changed from the one before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryEntry {
    pub version: i64,
    pub at: String,
    pub actor: String,
    pub reason: String,
    pub changes: Vec<FieldChange>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// Newest first; the first version lists no changes (everything was new).
pub fn history(versions: &[RecordVersion]) -> Vec<HistoryEntry> {
    let mut previous: Option<serde_json::Value> = None;
    let mut entries = Vec::new();
    for version in versions {
        let body: serde_json::Value = serde_json::from_str(&version.body).unwrap_or_default();
        let changes = previous
            .as_ref()
            .map(|before| changed_fields(before, &body))
            .unwrap_or_default();
        entries.push(HistoryEntry {
            version: version.version,
            at: tokyo_time(version.valid_from),
            actor: version.actor.clone(),
            reason: version.reason.clone(),
            changes,
        });
        previous = Some(body);
    }
    entries.reverse();
    entries
}

fn changed_fields(before: &serde_json::Value, after: &serde_json::Value) -> Vec<FieldChange> {
    let empty = serde_json::Map::new();
    let before = before.as_object().unwrap_or(&empty);
    let after = after.as_object().unwrap_or(&empty);
    let mut fields: Vec<&String> = before.keys().chain(after.keys()).collect();
    fields.sort();
    fields.dedup();
    fields
        .into_iter()
        .filter(|field| before.get(*field) != after.get(*field))
        .map(|field| FieldChange {
            field: field.clone(),
            before: short_json(before.get(field)),
            after: short_json(after.get(field)),
        })
        .collect()
}

/// A field value as people read it: text without quotes, `name version` for the
/// name-and-version pairs (OS, firmware), lists joined; anything else as compact JSON.
fn short_json(value: Option<&serde_json::Value>) -> String {
    use serde_json::Value;
    match value {
        None | Some(Value::Null) => "—".to_owned(),
        Some(Value::String(text)) => text.clone(),
        Some(Value::Object(object)) if object.contains_key("name") => ["name", "version"]
            .iter()
            .filter_map(|key| object.get(*key).and_then(Value::as_str))
            .collect::<Vec<_>>()
            .join(" "),
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(", "),
        Some(other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(number: i64, body: &str) -> RecordVersion {
        RecordVersion {
            version: number,
            valid_from: Micros(1_700_000_000_000_000 + number),
            valid_to: None,
            body: body.to_owned(),
            actor: format!("user{number}"),
            reason: "test".to_owned(),
        }
    }

    fn user(role: mamori_store::Role, vendor: Option<&str>) -> CurrentUser {
        CurrentUser {
            login: "u".into(),
            display_name: "u".into(),
            role,
            vendor_id: vendor.map(str::to_owned),
            csrf: None,
            session_digest: None,
        }
    }

    fn ids(snapshot: &Snapshot, listing: &AssetListing) -> Vec<String> {
        listing
            .indexes
            .iter()
            .map(|i| snapshot.ledger.assets[*i].id.0.clone())
            .collect()
    }

    #[test]
    fn asset_list_filters_sorts_and_pages() {
        let snapshot = Snapshot::from_ledger(mamori_demo::generate_hospital(2_000, 7));
        let staff = user(mamori_store::Role::Viewer, None);
        let query = |sort: &str, dir: &str, page: usize| AssetQuery {
            kind: Some("server".into()),
            sort: Some(sort.into()),
            dir: Some(dir.into()),
            page: Some(page),
            per_page: Some(10),
            ..AssetQuery::default()
        };
        let first = list_assets(&snapshot, &staff, &query("name", "asc", 1));
        let servers: Vec<&Asset> = snapshot
            .ledger
            .assets
            .iter()
            .filter(|a| a.kind.code() == "server")
            .collect();
        assert_eq!(first.total, servers.len());
        let mut expected: Vec<&Asset> = servers.clone();
        expected.sort_by(|a, b| compare(a, b, "name"));
        let expected_ids: Vec<String> = expected.iter().map(|a| a.id.0.clone()).collect();
        assert_eq!(ids(&snapshot, &first), expected_ids[..10].to_vec());
        let second = list_assets(&snapshot, &staff, &query("name", "asc", 2));
        assert_eq!(ids(&snapshot, &second), expected_ids[10..20].to_vec());
        let last = list_assets(&snapshot, &staff, &query("name", "desc", 1));
        assert_eq!(
            ids(&snapshot, &last)[0],
            *expected_ids.last().unwrap_or(&String::new())
        );
        // Past the end is the last page; search words must all match.
        let beyond = list_assets(&snapshot, &staff, &query("id", "asc", 10_000));
        assert_eq!(beyond.page, beyond.pages);
        let first_asset = &snapshot.ledger.assets[0];
        let words = AssetQuery {
            q: Some(format!(
                "  {}  {}",
                first_asset.id,
                first_asset.name.to_uppercase()
            )),
            ..AssetQuery::default()
        };
        assert_eq!(
            ids(&snapshot, &list_assets(&snapshot, &staff, &words)),
            vec![first_asset.id.0.clone()]
        );
    }

    #[test]
    fn a_vendor_lists_only_its_assets() {
        let snapshot = Snapshot::from_ledger(mamori_demo::demo_hospital());
        let vendor = user(mamori_store::Role::Vendor, Some("ven-modality"));
        let listing = list_assets(
            &snapshot,
            &vendor,
            &AssetQuery {
                per_page: Some(500),
                ..AssetQuery::default()
            },
        );
        assert!(listing.total > 0);
        assert!(
            listing
                .indexes
                .iter()
                .all(|i| asset_visible(&vendor, &snapshot.ledger.assets[*i]))
        );
        let staff = list_assets(
            &snapshot,
            &user(mamori_store::Role::Viewer, None),
            &AssetQuery::default(),
        );
        assert!(staff.total > listing.total);
        let nobody = user(mamori_store::Role::Vendor, None);
        assert_eq!(
            list_assets(&snapshot, &nobody, &AssetQuery::default()).total,
            0
        );
    }

    #[test]
    fn history_lists_changed_fields_newest_first() {
        let versions = [
            version(
                1,
                r#"{"name":"A","os":{"name":"Windows","version":"10"},"ip":["10.0.0.1"]}"#,
            ),
            version(
                2,
                r#"{"name":"A","os":{"name":"Windows","version":"11"},"ip":["10.0.0.1","10.0.0.2"],"notes":"x"}"#,
            ),
        ];
        let entries = history(&versions);
        assert_eq!(
            entries.iter().map(|e| e.version).collect::<Vec<_>>(),
            vec![2, 1]
        );
        assert!(entries[1].changes.is_empty());
        let changes: Vec<(&str, &str, &str)> = entries[0]
            .changes
            .iter()
            .map(|c| (c.field.as_str(), c.before.as_str(), c.after.as_str()))
            .collect();
        assert_eq!(
            changes,
            vec![
                ("ip", "10.0.0.1", "10.0.0.1, 10.0.0.2"),
                ("notes", "—", "x"),
                ("os", "Windows 10", "Windows 11"),
            ]
        );
        assert_eq!(entries[0].actor, "user2");
        assert!(
            entries[0].at.starts_with("2023-11-15 07:13:20"),
            "{}",
            entries[0].at
        );
    }
}

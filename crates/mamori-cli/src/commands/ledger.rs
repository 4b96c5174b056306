//! `mamori ledger stats` and `mamori ledger history KIND ID`.

use std::collections::BTreeMap;

use mamori_core::{RecordKind, RecordRef};
use mamori_i18n::text;
use mamori_store::{LedgerStore, load_ledger};

use super::{Context, parse_as_of};
use crate::exit;
use crate::output::{say, table_line};

pub async fn stats(
    store: &impl LedgerStore,
    context: &Context,
    as_of: Option<&str>,
) -> anyhow::Result<u8> {
    let lang = context.lang;
    let as_of = as_of.map(parse_as_of).transpose()?;
    let ledger = load_ledger(store, &context.hospital, as_of).await?;
    let when = as_of.map_or_else(|| text(lang, "cli-now", &[]), |at| at.to_string());
    say(
        lang,
        "cli-stats-heading",
        &[("hospital", &ledger.hospital.name), ("when", &when)],
    );
    for kind in RecordKind::ALL
        .iter()
        .filter(|k| **k != RecordKind::Hospital)
    {
        let name = text(lang, &format!("kind-{}", kind.code()), &[]);
        println!("{}", table_line(&name, ledger.count(*kind), 34));
    }
    say(lang, "cli-stats-by-zone", &[]);
    let mut per_zone: BTreeMap<String, usize> = BTreeMap::new();
    for asset in &ledger.assets {
        let zone = asset
            .zone_id
            .as_ref()
            .map_or_else(|| text(lang, "value-unknown", &[]), |z| z.0.clone());
        *per_zone.entry(zone).or_default() += 1;
    }
    for zone in &ledger.zones {
        let count = per_zone.remove(zone.id.as_str()).unwrap_or(0);
        println!(
            "  {:<28} {:>7}",
            format!("{} ({})", zone.name, zone.id),
            count
        );
    }
    for (zone, count) in per_zone {
        println!("{}", table_line(&zone, count, 34));
    }
    super::demo::print_gap_summary(lang, &ledger);
    Ok(exit::OK)
}

pub async fn history(
    store: &impl LedgerStore,
    context: &Context,
    kind: &str,
    id: &str,
) -> anyhow::Result<u8> {
    let lang = context.lang;
    let Some(kind) = RecordKind::from_code(kind) else {
        let kinds: Vec<&str> = RecordKind::ALL.iter().map(|k| k.code()).collect();
        anyhow::bail!(text(
            lang,
            "cli-unknown-kind",
            &[("value", kind), ("kinds", &kinds.join(", "))]
        ));
    };
    let record = RecordRef::new(kind, id);
    let versions = store.record_history(&context.hospital, &record).await?;
    if versions.is_empty() {
        anyhow::bail!(text(
            lang,
            "cli-no-history",
            &[("record", &record.to_string())]
        ));
    }
    let mut previous: Option<serde_json::Value> = None;
    for version in versions {
        let body: serde_json::Value = serde_json::from_str(&version.body)?;
        let until = version
            .valid_to
            .map_or_else(|| text(lang, "cli-now", &[]), |t| t.to_string());
        say(
            lang,
            "cli-history-version",
            &[
                ("version", &version.version.to_string()),
                ("from", &version.valid_from.to_string()),
                ("until", &until),
                ("actor", &version.actor),
                ("reason", &version.reason),
            ],
        );
        for (field, before, after) in changed_fields(previous.as_ref(), &body) {
            println!("    {field}: {before} → {after}");
        }
        previous = Some(body);
    }
    Ok(exit::OK)
}

/// Top-level fields whose value differs between two versions of a record.
fn changed_fields(
    before: Option<&serde_json::Value>,
    after: &serde_json::Value,
) -> Vec<(String, String, String)> {
    let empty = serde_json::Map::new();
    let before = before.and_then(|b| b.as_object()).unwrap_or(&empty);
    let after = after.as_object().unwrap_or(&empty);
    let mut fields: Vec<&String> = before.keys().chain(after.keys()).collect();
    fields.sort();
    fields.dedup();
    fields
        .into_iter()
        .filter_map(|field| {
            let old = before.get(field).unwrap_or(&serde_json::Value::Null);
            let new = after.get(field).unwrap_or(&serde_json::Value::Null);
            (old != new).then(|| (field.clone(), old.to_string(), new.to_string()))
        })
        .collect()
}

//! `mamori paths whatif`: apply fixes by name (`--apply kind:target`) and/or any ledger edit
//! (`--ledger` an edited mamori-ledger/1 document, `--edits` a file of record edits) to the
//! stored ledger in memory, recompute, and show what changed. Nothing is written.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use mamori_core::Ledger;
use mamori_i18n::{Lang, text};
use mamori_paths::{Change, Pair, WhatIf, analyze, apply_changes, compare};
use mamori_store::load_ledger;
use serde_json::{Value, json};

use mamori_paths_report::{edited_ledger_problems, engine_lang, hop_json, record_changes};

use super::paths::{Loaded, facts_for, input_error, load_feeds};
use super::vuln::VulnStore;
use super::{Context, parse_as_of};
use crate::args_paths::{PathsCommon, PathsFormat};
use crate::exit;

pub struct Request<'a> {
    pub apply: &'a [String],
    pub ledger: Option<&'a Path>,
    pub edits: Option<&'a Path>,
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Prints messages in the user's language, each followed by the other language.
fn report(lang: Lang, lines: &[(String, String)]) -> u8 {
    for (mine, other) in lines {
        eprintln!("- {mine}");
        eprintln!("  ({other})");
    }
    let _ = lang;
    exit::INVALID_INPUT
}

fn other(lang: Lang) -> Lang {
    if lang == Lang::Ja { Lang::En } else { Lang::Ja }
}

fn both(lang: Lang, key: &str, args: &[(&str, &str)]) -> (String, String) {
    (text(lang, key, args), text(other(lang), key, args))
}

/// The edited ledger, or the messages saying why it cannot be had.
fn edited_ledger(
    lang: Lang,
    stored: &Ledger,
    request: &Request<'_>,
) -> Result<Ledger, Vec<(String, String)>> {
    let mut after = stored.clone();
    if let Some(path) = request.ledger {
        let name = file_name(path);
        let bytes = std::fs::read(path).map_err(|e| {
            vec![both(
                lang,
                "paths-file-unreadable",
                &[("file", &name), ("detail", &e.to_string())],
            )]
        })?;
        after = mamori_interchange::ledger_from_json(&name, &bytes).map_err(|problems| {
            problems
                .iter()
                .map(|p| (p.describe(lang), p.describe(other(lang))))
                .collect::<Vec<_>>()
        })?;
    }
    if let Some(path) = request.edits {
        let name = file_name(path);
        let bytes = std::fs::read(path).map_err(|e| {
            vec![both(
                lang,
                "paths-file-unreadable",
                &[("file", &name), ("detail", &e.to_string())],
            )]
        })?;
        after = mamori_paths_report::apply_edits(&name, &bytes, &after).map_err(|problems| {
            problems
                .iter()
                .map(|p| (p.describe(lang), p.describe(other(lang))))
                .collect::<Vec<_>>()
        })?;
    }
    let fallback = request
        .edits
        .or(request.ledger)
        .map(file_name)
        .unwrap_or_default();
    let located = edited_ledger_problems(&after, &fallback);
    if !located.is_empty() {
        return Err(located
            .iter()
            .map(|p| (p.describe(lang), p.describe(other(lang))))
            .collect());
    }
    Ok(after)
}

fn parse_changes(lang: Lang, apply: &[String]) -> Result<Vec<Change>, Vec<(String, String)>> {
    let mut changes = Vec::new();
    let mut bad = Vec::new();
    for text in apply {
        match Change::from_stable_id(text) {
            Some(change) => changes.push(change),
            None => bad.push(both(lang, "paths-apply-invalid", &[("value", text)])),
        }
    }
    if bad.is_empty() {
        Ok(changes)
    } else {
        Err(bad)
    }
}

pub async fn run(
    store: &impl VulnStore,
    context: &Context,
    common: &PathsCommon,
    request: &Request<'_>,
) -> anyhow::Result<u8> {
    let lang = context.lang;
    let as_of = common.as_of.as_deref().map(parse_as_of).transpose()?;
    let stored = load_ledger(store, &context.hospital, as_of).await?;
    let changes = match parse_changes(lang, request.apply) {
        Ok(changes) => changes,
        Err(lines) => return Ok(report(lang, &lines)),
    };
    let after_ledger = match edited_ledger(lang, &stored, request) {
        Ok(ledger) => ledger,
        Err(lines) => {
            eprintln!("{}", text(lang, "paths-whatif-rejected", &[]));
            return Ok(report(lang, &lines));
        }
    };
    let records = record_changes(&stored, &after_ledger)?;
    let feeds = if common.no_feeds {
        None
    } else {
        load_feeds(store).await?
    };
    let before = match facts_for(context, common, stored, feeds.as_ref()) {
        Ok(loaded) => loaded,
        Err(message) => return Ok(input_error(&message)),
    };
    let after = match facts_for(context, common, after_ledger, feeds.as_ref()) {
        Ok(loaded) => loaded,
        Err(message) => return Ok(input_error(&message)),
    };
    let (after_facts, problems) = apply_changes(&after.facts, &changes);
    if !problems.is_empty() {
        let lines: Vec<(String, String)> = problems
            .iter()
            .map(|p| match p {
                mamori_paths::Problem::UnknownChangeTarget { change } => {
                    both(lang, "paths-apply-unknown", &[("value", change)])
                }
                other => (format!("{other:?}"), format!("{other:?}")),
            })
            .collect();
        return Ok(report(lang, &lines));
    }
    let result = compare(analyze(&before.facts), analyze(&after_facts), Vec::new());
    let applied: Vec<String> = changes.iter().map(Change::stable_id).collect();
    let after_loaded = Loaded {
        facts: after_facts,
        ..after
    };
    let out = match common.format {
        PathsFormat::Json => {
            let value = whatif_json(lang, &after_loaded, &applied, &records, &result);
            let mut text = serde_json::to_string_pretty(&value)?;
            text.push('\n');
            text
        }
        PathsFormat::Table => whatif_table(lang, &after_loaded, &applied, &records, &result),
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(out.as_bytes())?;
    stdout.flush()?;
    Ok(exit::OK)
}

fn pairs_json(pairs: &[Pair]) -> Vec<Value> {
    pairs
        .iter()
        .map(|p| json!({ "entry": p.entry.as_str(), "crown_jewel": p.jewel.as_str() }))
        .collect()
}

fn whatif_json(
    lang: Lang,
    after: &Loaded,
    applied: &[String],
    records: &BTreeMap<&'static str, Vec<String>>,
    result: &WhatIf,
) -> Value {
    let explainer = mamori_paths::Explainer::new(&after.facts);
    // New pairs come with their witness, so an edit that opens a path shows how.
    let added_paths: Vec<Value> = result
        .after
        .reached
        .iter()
        .filter(|r| {
            result
                .pairs_added
                .iter()
                .any(|p| p.entry == r.entry && p.jewel == r.jewel)
        })
        .map(|r| {
            let hops: Vec<Value> = r
                .path
                .iter()
                .map(|h| hop_json(h, explainer.hop(h, engine_lang(lang))))
                .collect();
            json!({ "entry": r.entry.as_str(), "crown_jewel": r.jewel.as_str(), "hops": hops })
        })
        .collect();
    let counts = |a: &mamori_paths::Analysis| {
        json!({ "reached_pairs": a.reached.len(),
                "recovery_broken": a.recovery.iter().filter(|r| r.broken).count() })
    };
    let ids = |list: &[mamori_paths::AssetId]| -> Vec<String> {
        list.iter().map(ToString::to_string).collect()
    };
    json!({
        "format": "mamori-paths-whatif/1",
        "applied": applied,
        "records_changed": records,
        "before": counts(&result.before),
        "after": counts(&result.after),
        "pairs_cut": pairs_json(&result.pairs_cut),
        "pairs_added": pairs_json(&result.pairs_added),
        "recoveries_restored": ids(&result.recoveries_restored),
        "recoveries_broken": ids(&result.recoveries_broken),
        "added_paths": added_paths,
    })
}

fn whatif_table(
    lang: Lang,
    after: &Loaded,
    applied: &[String],
    records: &BTreeMap<&'static str, Vec<String>>,
    result: &WhatIf,
) -> String {
    let mut out = String::new();
    // Fluent trims leading blanks, so every line but the heading is indented here.
    let mut line = |key: &str, args: &[(&str, &str)]| {
        let indent = if key == "paths-whatif-heading" {
            ""
        } else {
            "  "
        };
        let _ = writeln!(out, "{indent}{}", text(lang, key, args));
    };
    let broken = |a: &mamori_paths::Analysis| a.recovery.iter().filter(|r| r.broken).count();
    line(
        "paths-whatif-heading",
        &[
            ("applied", &applied.len().to_string()),
            (
                "records",
                &records.values().map(Vec::len).sum::<usize>().to_string(),
            ),
            ("pairs_before", &result.before.reached.len().to_string()),
            ("pairs_after", &result.after.reached.len().to_string()),
            ("broken_before", &broken(&result.before).to_string()),
            ("broken_after", &broken(&result.after).to_string()),
        ],
    );
    for id in applied {
        line("paths-whatif-applied", &[("id", id)]);
    }
    for (what, list) in records {
        for record in list {
            line(
                &format!("paths-whatif-record-{what}"),
                &[("record", record)],
            );
        }
    }
    let names: BTreeMap<&str, &str> = after
        .facts
        .assets
        .iter()
        .map(|a| (a.id.as_str(), a.name.as_str()))
        .collect();
    let name = |id: &str| names.get(id).copied().unwrap_or(id).to_owned();
    for pair in &result.pairs_cut {
        line(
            "paths-whatif-cut",
            &[
                ("entry", pair.entry.as_str()),
                ("jewel", &name(pair.jewel.as_str())),
            ],
        );
    }
    for pair in &result.pairs_added {
        line(
            "paths-whatif-added",
            &[
                ("entry", pair.entry.as_str()),
                ("jewel", &name(pair.jewel.as_str())),
            ],
        );
    }
    for jewel in &result.recoveries_restored {
        line("paths-whatif-restored", &[("jewel", &name(jewel.as_str()))]);
    }
    for jewel in &result.recoveries_broken {
        line("paths-whatif-broken", &[("jewel", &name(jewel.as_str()))]);
    }
    if result.pairs_cut.is_empty()
        && result.pairs_added.is_empty()
        && result.recoveries_restored.is_empty()
        && result.recoveries_broken.is_empty()
    {
        line("paths-whatif-nothing", &[]);
    }
    out
}

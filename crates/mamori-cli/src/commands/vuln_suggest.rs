//! `mamori vuln suggest`: CPE names for assets that have none, from the loaded feeds'
//! vendor/product pairs and the vendor-alias table; `--apply` writes each asset's best
//! suggestion into the ledger with state `suggested` (a person confirms it by editing the asset).

use std::path::Path;

use mamori_core::{Asset, CpeName, CpeState};
use mamori_findings::{AssetFacts, CpeDictionary, Suggestion, Why, suggest_cpes};
use mamori_i18n::{Lang, text};
use mamori_store::{ChangeMeta, StoreError, load_ledger, save_ledger};

use super::Context;
use super::vuln::{VulnStore, alias_table, load_feed_set};
use crate::args_vuln::SuggestFormat;
use crate::exit;
use crate::output::{say, spinner, warn};

pub struct SuggestOptions<'a> {
    pub asset: Option<&'a str>,
    pub format: SuggestFormat,
    pub apply: bool,
    pub vendor_aliases: Option<&'a Path>,
}

/// One asset's suggestions.
struct AssetSuggestions<'a> {
    asset_id: &'a str,
    asset_name: &'a str,
    maker: Option<&'a str>,
    model: Option<&'a str>,
    suggestions: Vec<Suggestion>,
}

pub async fn run(
    store: &impl VulnStore,
    context: &Context,
    options: &SuggestOptions<'_>,
) -> anyhow::Result<u8> {
    let lang = context.lang;
    let table = match alias_table(lang, options.vendor_aliases) {
        Ok(table) => table,
        Err(code) => return Ok(code),
    };
    let bar = spinner(lang, "vuln-suggest-working");
    let ledger = load_ledger(store, &context.hospital, None).await?;
    let set = load_feed_set(store).await?;
    let dictionary = CpeDictionary::from_feeds(&set, &table);
    bar.finish_and_clear();
    if set.nvd.is_empty() && set.cve5.is_empty() && set.jvn.is_empty() {
        warn(lang, "vuln-suggest-no-feeds", &[]);
    }
    let assets: Vec<&Asset> = match options.asset {
        Some(id) => match ledger.assets.iter().find(|a| a.id.as_str() == id) {
            Some(asset) => vec![asset],
            None => {
                warn(lang, "vuln-suggest-unknown-asset", &[("asset", id)]);
                return Ok(exit::INVALID_INPUT);
            }
        },
        None => ledger.assets.iter().filter(|a| a.cpes.is_empty()).collect(),
    };
    let listed: Vec<AssetSuggestions<'_>> = assets
        .iter()
        .map(|asset| AssetSuggestions {
            asset_id: asset.id.as_str(),
            asset_name: &asset.name,
            maker: asset.maker.as_deref(),
            model: asset.model.as_deref(),
            suggestions: suggest_cpes(&AssetFacts::from_asset(asset), &dictionary, &table),
        })
        .filter(|a| !a.suggestions.is_empty())
        .collect();
    match options.format {
        SuggestFormat::Json => println!("{}", serde_json::to_string_pretty(&json(&listed)?)?),
        SuggestFormat::Table => print_table(lang, &listed),
    }
    if options.format == SuggestFormat::Table {
        say(
            lang,
            "vuln-suggest-summary",
            &[
                ("assets", &assets.len().to_string()),
                ("suggested", &listed.len().to_string()),
                ("pairs", &dictionary.len().to_string()),
            ],
        );
    }
    if !options.apply {
        return Ok(exit::OK);
    }
    apply(store, context, &ledger, &listed).await
}

/// Adds each asset's best suggestion as a `suggested` CPE name, through the normal save path
/// (validated, diffed, audited with the actor).
async fn apply(
    store: &impl VulnStore,
    context: &Context,
    ledger: &mamori_core::Ledger,
    listed: &[AssetSuggestions<'_>],
) -> anyhow::Result<u8> {
    let lang = context.lang;
    let mut target = ledger.clone();
    let mut added = 0usize;
    for item in listed {
        let Some(best) = item.suggestions.first() else {
            continue;
        };
        let Some(asset) = target
            .assets
            .iter_mut()
            .find(|a| a.id.as_str() == item.asset_id)
        else {
            continue;
        };
        if asset.cpes.iter().any(|c| c.cpe == best.cpe) {
            continue;
        }
        asset.cpes.push(CpeName {
            cpe: best.cpe.clone(),
            state: CpeState::Suggested,
        });
        added += 1;
    }
    if added == 0 {
        say(lang, "vuln-suggest-nothing-to-apply", &[]);
        return Ok(exit::OK);
    }
    let meta = ChangeMeta {
        actor: context.actor.clone(),
        reason: "vuln suggest --apply".to_owned(),
    };
    match save_ledger(store, &context.hospital, &meta, &target).await {
        Ok(summary) => {
            say(
                lang,
                "vuln-suggest-applied",
                &[
                    ("count", &added.to_string()),
                    ("updated", &summary.updated.to_string()),
                ],
            );
            Ok(exit::OK)
        }
        Err(StoreError::Invalid(problems)) => {
            super::import::report_ledger_problems(lang, &[], &problems);
            Ok(exit::INVALID_INPUT)
        }
        Err(error) => Err(error.into()),
    }
}

fn print_table(lang: Lang, listed: &[AssetSuggestions<'_>]) {
    for item in listed {
        let what = [item.maker, item.model]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        println!("{} {} ({what})", item.asset_id, item.asset_name);
        for suggestion in &item.suggestions {
            let why: Vec<String> = suggestion.why.iter().map(|w| why_text(lang, w)).collect();
            println!("  {:>3}  {}", suggestion.score, suggestion.cpe);
            println!("       {}", why.join(" / "));
        }
    }
}

/// A reason in the user's language (the field name translated too).
pub fn why_text(lang: Lang, why: &Why) -> String {
    let args: Vec<(&str, String)> = why
        .args()
        .into_iter()
        .map(|(key, value)| {
            if key == "field" {
                let field = text(lang, &format!("vuln-suggest-field-{value}"), &[]);
                (key, field)
            } else {
                (key, value)
            }
        })
        .collect();
    let borrowed: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    text(lang, why.code(), &borrowed)
}

/// `[{asset_id, asset_name, maker, model, suggestions: [{cpe, score, why: [{code, …}]}]}]`.
fn json(listed: &[AssetSuggestions<'_>]) -> serde_json::Result<serde_json::Value> {
    let mut out = Vec::with_capacity(listed.len());
    for item in listed {
        out.push(serde_json::json!({
            "asset_id": item.asset_id,
            "asset_name": item.asset_name,
            "maker": item.maker,
            "model": item.model,
            "suggestions": serde_json::to_value(&item.suggestions)?,
        }));
    }
    Ok(serde_json::Value::Array(out))
}

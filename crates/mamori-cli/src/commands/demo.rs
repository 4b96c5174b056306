//! `mamori demo`: writes the fictional demo hospital (or a generated one of any size) into
//! the store, as an audited change like any other.

use std::path::Path;

use mamori_core::{Ledger, RecordKind};
use mamori_store::{ChangeMeta, LedgerStore, save_ledger};

use super::Context;
use crate::output::{say, spinner};

pub async fn run(
    store: &impl LedgerStore,
    context: &Context,
    data_dir: &Path,
    assets: Option<usize>,
    seed: u64,
) -> anyhow::Result<u8> {
    let lang = context.lang;
    let progress = spinner(lang, "cli-progress-demo");
    let ledger = match assets {
        Some(count) => mamori_demo::generate_hospital(count, seed),
        None => mamori_demo::demo_hospital(),
    };
    let meta = ChangeMeta {
        actor: context.actor.clone(),
        reason: "mamori demo".to_owned(),
    };
    let summary = save_ledger(store, &context.hospital, &meta, &ledger).await?;
    progress.finish_and_clear();
    say(
        lang,
        "cli-demo-written",
        &[
            ("hospital", &ledger.hospital.name),
            ("where", &data_dir.display().to_string()),
            ("assets", &ledger.count(RecordKind::Assets).to_string()),
            ("zones", &ledger.count(RecordKind::Zones).to_string()),
            (
                "points",
                &ledger.count(RecordKind::ConnectionPoints).to_string(),
            ),
            ("vendors", &ledger.count(RecordKind::Vendors).to_string()),
            ("created", &summary.created.to_string()),
            ("updated", &summary.updated.to_string()),
            ("deleted", &summary.deleted.to_string()),
        ],
    );
    print_gap_summary(lang, &ledger);
    say(lang, "cli-demo-next", &[]);
    Ok(crate::exit::OK)
}

pub fn print_gap_summary(lang: mamori_i18n::Lang, ledger: &Ledger) {
    let gaps = mamori_core::data_gaps(ledger);
    if gaps.is_empty() {
        return;
    }
    say(lang, "cli-gaps-heading", &[]);
    for gap in gaps {
        let label = mamori_i18n::text(lang, &format!("gap-{}", gap.code.code()), &[]);
        say(
            lang,
            "cli-gap-line",
            &[("gap", &label), ("count", &gap.records.len().to_string())],
        );
    }
}

//! `mamori vuln alerts [--new] [--mark-seen]`: the alert list (KEV or CVSS ≥ 9.0 on a
//! connection point or crown jewel, not accepted) with the alerts that are new since this
//! viewer's last look. The viewer is the command's actor (`--actor`, `MAMORI_ACTOR`, else the
//! OS user): the same name as a web user shares that user's last look.

use std::io::Write;

use mamori_findings::{Finding, Matches, SeenAlerts, TargetKind, ledger_targets};
use mamori_i18n::text;
use mamori_store::{AlertKey, Micros, load_ledger};
use serde_json::{Value, json};

use super::Context;
use super::vuln::{VulnStore, load_exceptions, load_index, tokyo_date};
use super::vuln_output::table_line;
use crate::args_vuln::AlertsFormat;
use crate::exit;
use crate::output::{spinner, warn};

pub struct AlertsOptions {
    pub new_only: bool,
    pub mark_seen: bool,
    pub format: AlertsFormat,
}

/// The key the store keeps of an alert.
pub fn alert_key(alert: &Finding<'_>) -> AlertKey {
    AlertKey {
        target_kind: alert.target_kind.code().to_owned(),
        target_id: alert.asset_id.to_owned(),
        cve: alert.cve.to_ascii_uppercase(),
        kev: alert.kev,
    }
}

pub async fn run(
    store: &impl VulnStore,
    context: &Context,
    options: &AlertsOptions,
) -> anyhow::Result<u8> {
    let lang = context.lang;
    let viewer = context.actor.as_str();
    let today = tokyo_date(Micros::now())?;
    let bar = spinner(lang, "vuln-match-working");
    let ledger = load_ledger(store, &context.hospital, None).await?;
    let index = load_index(store).await?;
    let exceptions = load_exceptions(store, context).await?;
    let (targets, _) = ledger_targets(&ledger);
    let alerts: Vec<Finding<'_>> = Matches::new(&targets, &index, &exceptions, today)
        .alerts()
        .collect();
    let look = store.alert_look(&context.hospital, viewer).await?;
    bar.finish_and_clear();
    if index.matcher().entry_count() == 0 {
        warn(lang, "vuln-match-no-feeds", &[]);
    }
    let seen = SeenAlerts::new(look.seen.iter().filter_map(|s| {
        Some((
            TargetKind::from_code(&s.key.target_kind)?,
            s.key.target_id.as_str(),
            s.key.cve.as_str(),
            s.key.kev,
        ))
    }));
    let flagged: Vec<(&Finding<'_>, bool)> = alerts.iter().map(|a| (a, seen.is_new(a))).collect();
    let new_count = flagged.iter().filter(|(_, new)| *new).count();
    let shown = flagged.iter().filter(|(_, new)| *new || !options.new_only);
    let last_look = look
        .looked_at
        .map_or_else(|| text(lang, "vuln-alerts-never", &[]), |at| at.to_string());
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match options.format {
        AlertsFormat::Json => {
            let items = shown
                .map(|(alert, new)| {
                    let mut value = serde_json::to_value(alert)?;
                    value["new"] = Value::Bool(*new);
                    Ok(value)
                })
                .collect::<anyhow::Result<Vec<Value>>>()?;
            let document = json!({
                "format": "mamori-alerts/1",
                "hospital": context.hospital.0,
                "viewer": viewer,
                "last_look": look.looked_at.map(|at| at.to_string()),
                "counts": {"alerts": alerts.len(), "new": new_count},
                "items": items,
            });
            serde_json::to_writer_pretty(&mut out, &document)?;
            writeln!(out)?;
        }
        AlertsFormat::Table => {
            let new_mark = text(lang, "vuln-alerts-new-mark", &[]);
            // Padded by display width: 新着 is two columns per character.
            let width = unicode_width::UnicodeWidthStr::width(new_mark.as_str());
            let blank = " ".repeat(width);
            for (alert, new) in shown {
                let mark = if *new {
                    new_mark.as_str()
                } else {
                    blank.as_str()
                };
                writeln!(out, "{mark} {}", table_line(alert))?;
            }
            let line = text(
                lang,
                "vuln-alerts-summary",
                &[
                    ("hospital", &ledger.hospital.name),
                    ("viewer", viewer),
                    ("alerts", &alerts.len().to_string()),
                    ("new", &new_count.to_string()),
                    ("last", &last_look),
                ],
            );
            writeln!(out, "{line}")?;
        }
    }
    out.flush()?;
    if options.mark_seen {
        let keys: Vec<AlertKey> = alerts.iter().map(alert_key).collect();
        let at = store
            .mark_alerts_seen(&context.hospital, viewer, &keys)
            .await?;
        // On stderr, so that `--format json --mark-seen` still writes one JSON document.
        warn(
            lang,
            "vuln-alerts-marked",
            &[
                ("count", &keys.len().to_string()),
                ("viewer", viewer),
                ("at", &at.to_string()),
            ],
        );
    }
    Ok(exit::OK)
}

//! `mamori diagram`: the network diagram (全体構成図) of the stored ledger as SVG, PNG or PDF,
//! with the overlays asked for. Vulnerability findings need the stored feeds, so this command
//! opens the store itself, as the vuln commands do.

use std::io::Write as _;

use anyhow::Context as _;
use mamori_core::{CodeList as _, ZoneKind};
use mamori_diagram::{
    Options, OverlayInput, OverlayKind, Paper, Severity, SvgOptions, Target, VulnMark, choose_path,
    layout, path_marks, render_svg,
};
use mamori_findings::{TargetKind, ledger_targets, match_targets};
use mamori_i18n::text;
use mamori_store::{Micros, load_ledger};

use super::vuln::{VulnStore, load_exceptions, load_index};
use super::{Context, parse_as_of};
use crate::args::Cli;
use crate::args_diagram::{DiagramArgs, DiagramFormat, PaperArg};
use crate::exit;
use crate::output::warn;
use crate::store::{Opened, open};

pub async fn run(cli: &Cli, context: &Context, args: &DiagramArgs) -> anyhow::Result<u8> {
    let mut overlays = match parse_overlays(&args.overlay) {
        Ok(kinds) => kinds,
        Err(value) => {
            warn(
                context.lang,
                "diagram-unknown-overlay",
                &[("value", &value)],
            );
            return Ok(exit::INVALID_INPUT);
        }
    };
    if args.path.is_some() && !overlays.contains(&OverlayKind::Paths) {
        overlays.push(OverlayKind::Paths);
    }
    let expand = match args.expand.as_deref().map(parse_expand).transpose() {
        Ok(kind) => kind,
        Err(value) => {
            let kinds: Vec<&str> = ZoneKind::ALL.iter().map(|k| k.code()).collect();
            warn(
                context.lang,
                "diagram-unknown-expand",
                &[("value", &value), ("kinds", &kinds.join(", "))],
            );
            return Ok(exit::INVALID_INPUT);
        }
    };
    let as_of = args.as_of.as_deref().map(parse_as_of).transpose()?;
    match open(cli).await? {
        Opened::Sqlite(store) => {
            let code = with_store(&store, context, args, &overlays, expand, as_of).await;
            store.close().await;
            code
        }
        Opened::Postgres(store) => {
            let code = with_store(&store, context, args, &overlays, expand, as_of).await;
            store.close().await;
            code
        }
    }
}

/// `vuln,paths,owners,gaps` → kinds; the first unknown name is the error.
fn parse_overlays(names: &[String]) -> Result<Vec<OverlayKind>, String> {
    let mut kinds = Vec::new();
    for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        let kind = OverlayKind::from_code(name).ok_or_else(|| name.to_owned())?;
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    Ok(kinds)
}

/// A zone kind code (`emr`) or its label in either language (電子カルテ系).
fn parse_expand(value: &str) -> Result<ZoneKind, String> {
    let value = value.trim();
    ZoneKind::from_code(value)
        .or_else(|| {
            ZoneKind::ALL.iter().copied().find(|kind| {
                mamori_i18n::Lang::ALL.iter().any(|lang| {
                    text(
                        *lang,
                        &mamori_i18n::enum_key(ZoneKind::LIST, kind.code()),
                        &[],
                    ) == value
                })
            })
        })
        .ok_or_else(|| value.to_owned())
}

async fn with_store(
    store: &impl VulnStore,
    context: &Context,
    args: &DiagramArgs,
    overlays: &[OverlayKind],
    expand: Option<ZoneKind>,
    as_of: Option<Micros>,
) -> anyhow::Result<u8> {
    let lang = context.lang;
    let ledger = load_ledger(store, &context.hospital, as_of).await?;
    let mut input = OverlayInput {
        owners: overlays.contains(&OverlayKind::Owners),
        gaps: overlays.contains(&OverlayKind::Gaps),
        vulns: None,
        path: None,
    };
    if overlays.contains(&OverlayKind::Vuln) {
        input.vulns = Some(vuln_marks(store, context, &ledger, as_of).await?);
    }
    if overlays.contains(&OverlayKind::Paths) {
        // What `mamori paths` shows: the ledger plus the loaded feeds' findings.
        let feeds = super::paths::load_feeds(store).await?;
        let loaded = mamori_paths_report::facts_for(
            ledger.clone(),
            feeds.as_ref(),
            &[],
            super::paths::today(),
        )
        .map_err(|unknown| anyhow::anyhow!("unknown entry {}", unknown.0))?;
        let paths = path_marks(&ledger, &mamori_paths::analyze(&loaded.facts));
        match &args.path {
            Some(spec) => match choose_path(&ledger, &paths, spec) {
                Ok(path) => input.path = Some(path.clone()),
                Err(error) => {
                    let values = error.args();
                    let args: Vec<(&str, &str)> =
                        values.iter().map(|(k, v)| (*k, v.as_str())).collect();
                    warn(lang, error.code(), &args);
                    return Ok(exit::INVALID_INPUT);
                }
            },
            None => {
                input.path = paths.into_iter().next();
                if input.path.is_none() {
                    warn(lang, "diagram-no-path", &[]);
                }
            }
        }
    }
    let date = tokyo_date(as_of.unwrap_or_else(Micros::now))?;
    let options = Options {
        paper: match args.paper {
            PaperArg::A3 => Paper::A3,
            PaperArg::A4 => Paper::A4,
        },
        lang,
        subtitle: Some(text(lang, "diagram-as-of", &[("date", &date.to_string())])),
        overlays: input,
        expand,
    };
    let diagram = layout(&ledger, &options);
    let svg = render_svg(
        &diagram,
        &SvgOptions {
            visible: overlays,
            embed_style: true,
            link: None,
        },
    );
    let bytes = match args.format {
        DiagramFormat::Svg => svg.into_bytes(),
        DiagramFormat::Png | DiagramFormat::Pdf => {
            let renderer = mamori_diagram_render::Renderer::with_system_fonts();
            if !renderer.has_family(mamori_diagram_render::CJK_FAMILY) {
                warn(lang, "diagram-no-cjk-font", &[]);
            }
            let result = if args.format == DiagramFormat::Png {
                renderer.png(&svg, 2.0)
            } else {
                renderer.pdf(&svg)
            };
            result
                .map_err(|e| anyhow::anyhow!(text(lang, e.code(), &[("detail", &e.to_string())])))?
        }
    };
    match &args.out {
        Some(path) => std::fs::write(path, &bytes).with_context(|| path.display().to_string())?,
        None => std::io::stdout().lock().write_all(&bytes)?,
    }
    Ok(exit::OK)
}

/// Every finding of the stored feeds on the ledger's assets and connection points, except
/// accepted ones, as marks for the vulnerability overlay.
async fn vuln_marks(
    store: &impl VulnStore,
    context: &Context,
    ledger: &mamori_core::Ledger,
    as_of: Option<Micros>,
) -> anyhow::Result<Vec<VulnMark>> {
    let index = load_index(store).await?;
    if index.matcher().entry_count() == 0 {
        warn(context.lang, "vuln-match-no-feeds", &[]);
    }
    let exceptions = load_exceptions(store, context).await?;
    let today = tokyo_date(as_of.unwrap_or_else(Micros::now))?;
    let (targets, _) = ledger_targets(ledger);
    let marks = match_targets(&targets, &index, &exceptions, today)
        .into_iter()
        .filter(|f| f.accepted_by.is_none())
        .map(|f| VulnMark {
            target: match f.target_kind {
                TargetKind::ConnectionPoint => Target::ConnectionPoint(f.asset_id.to_owned()),
                _ => Target::Asset(f.asset_id.to_owned()),
            },
            severity: Severity::from_cvss(f.cvss),
            kev: f.kev,
        })
        .collect();
    Ok(marks)
}

/// The Asia/Tokyo calendar date of an instant.
fn tokyo_date(at: Micros) -> anyhow::Result<mamori_core::Date> {
    let tokyo = jiff::tz::TimeZone::get("Asia/Tokyo")?;
    let timestamp = at.to_timestamp().context("time out of range")?;
    Ok(mamori_core::Date(timestamp.to_zoned_datetime(tokyo).date()))
}

//! `/diagram`: the network diagram (全体構成図) of the ledger, the same SVG `mamori diagram`
//! writes, inline, with zoom, pan and overlay toggles (`/static/diagram.js`, no CDN) and
//! click-through to asset and connection-point pages. The whole ledger is drawn, so vendor
//! accounts get no diagram (`scope::whole_ledger_allowed`).

use askama::Template;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use mamori_core::{CodeList as _, Date, Ledger, ZoneKind};
use mamori_diagram::{
    Options, OverlayInput, OverlayKind, Paper, Severity, SvgOptions, Target, VulnMark, choose_path,
    layout, path_marks, render_svg,
};
use mamori_findings::{TargetKind, ledger_targets, match_targets};
use mamori_i18n::{Lang, enum_key, text};
use mamori_store::Micros;
use serde::Deserialize;

use super::{Page, error_page, render};
use crate::auth::CurrentUser;
use crate::error::{WebError, WebResult};
use crate::fields::url_encode;
use crate::scope::whole_ledger_allowed;
use crate::state::{AppState, WebStore};

#[derive(Template)]
#[template(path = "diagram.html")]
struct DiagramPage {
    page: Page,
    /// (code, label) of each overlay the drawing carries.
    overlays: Vec<(String, String)>,
    /// (value `ENTRY:JEWEL`, label, selected) of each reached pair.
    paths: Vec<(String, String, bool)>,
    /// The zone kind drawn one by one (code, label), if any.
    expand: Option<(String, String)>,
    /// Zones are grouped by kind (a group opens its kind).
    grouped: bool,
    svg: String,
}

/// `?path=ENTRY:JEWEL` (ids or names) highlights that attack path; `?expand=KIND` draws the
/// zones of one kind one by one when zones are grouped.
#[derive(Debug, Default, Deserialize)]
pub struct DiagramQuery {
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    expand: Option<String>,
}

/// Where a record of the diagram links to; a grouped zone kind opens its drill-down,
/// keeping the chosen path. Zones do not link, so their key assets can.
fn record_link(kind: &str, id: &str, path: &str) -> Option<String> {
    match kind {
        "assets" => Some(format!("/assets/{}", url_encode(id))),
        "connection_points" => Some(format!("/connection-points/{}", url_encode(id))),
        "zone_kind" if path.is_empty() => Some(format!("/diagram?expand={}", url_encode(id))),
        "zone_kind" => Some(format!(
            "/diagram?expand={}&path={}",
            url_encode(id),
            url_encode(path)
        )),
        _ => None,
    }
}

/// A 400 page naming what is wrong with the query.
fn refused(lang: Lang, message: &str) -> Response {
    (StatusCode::BAD_REQUEST, error_page(lang, 400, message)).into_response()
}

pub async fn diagram<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Query(query): Query<DiagramQuery>,
) -> WebResult<Response> {
    if !whole_ledger_allowed(&user) {
        return Err(WebError::Forbidden);
    }
    let snapshot = state.snapshot().await?;
    let ledger = &snapshot.ledger;
    let expand_text = query.expand.as_deref().map(str::trim).unwrap_or("");
    let expand = if expand_text.is_empty() {
        None
    } else {
        match ZoneKind::from_code(expand_text) {
            Some(kind) => Some(kind),
            None => {
                let kinds: Vec<&str> = ZoneKind::ALL.iter().map(|k| k.code()).collect();
                let message = text(
                    lang,
                    "diagram-unknown-expand",
                    &[("value", expand_text), ("kinds", &kinds.join(", "))],
                );
                return Ok(refused(lang, &message));
            }
        }
    };
    // The paths overlay shows what `/paths` shows: the ledger plus the loaded feeds' findings.
    let analysed = state.current_paths(&snapshot).await?;
    let reached = path_marks(ledger, &analysed.computed.analysis);
    let path_text = query.path.as_deref().map(str::trim).unwrap_or("");
    let chosen = if path_text.is_empty() {
        reached.first()
    } else {
        match choose_path(ledger, &reached, path_text) {
            Ok(path) => Some(path),
            Err(error) => {
                let values = error.args();
                let args: Vec<(&str, &str)> =
                    values.iter().map(|(k, v)| (*k, v.as_str())).collect();
                return Ok(refused(lang, &text(lang, error.code(), &args)));
            }
        }
    };
    let today = tokyo_date(Micros::now())?;
    let index = state.vuln_index().await?;
    let vulns = match &index {
        Some(index) => {
            let exceptions = crate::vulns::exceptions(state.store(), state.hospital()).await?;
            vuln_marks(ledger, index, &exceptions, today)
        }
        None => Vec::new(),
    };
    let input = OverlayInput {
        owners: true,
        gaps: true,
        vulns: Some(vulns),
        path: chosen.cloned(),
    };
    let options = Options {
        paper: Paper::A3,
        lang,
        subtitle: None,
        overlays: input,
        expand,
    };
    let drawing = layout(ledger, &options);
    let overlays = drawing
        .overlays
        .iter()
        .map(|o| {
            let legend = if o.kind == OverlayKind::Vuln && index.is_none() {
                text(lang, "diagram-overlay-vuln-no-feeds", &[])
            } else {
                o.legend.clone()
            };
            (o.kind.code().to_owned(), legend)
        })
        .collect();
    let chosen_value = chosen.map(|p| format!("{}:{}", p.entry, p.jewel));
    let paths = reached
        .iter()
        .map(|p| {
            let value = format!("{}:{}", p.entry, p.jewel);
            let selected = chosen_value.as_deref() == Some(value.as_str());
            (value, p.label.clone(), selected)
        })
        .collect();
    // An explicitly chosen path is shown at once.
    let visible: &[OverlayKind] = if path_text.is_empty() {
        &[]
    } else {
        &[OverlayKind::Paths]
    };
    let link_path = if path_text.is_empty() {
        String::new()
    } else {
        chosen_value.clone().unwrap_or_default()
    };
    let link = move |kind: &str, id: &str| record_link(kind, id, &link_path);
    let svg = render_svg(
        &drawing,
        &SvgOptions {
            visible,
            embed_style: false,
            link: Some(&link),
        },
    );
    let grouped = ledger.zones.len() > mamori_diagram::MAX_ZONE_NODES;
    render(&DiagramPage {
        page: Page::new(
            lang,
            Some(&user),
            text(lang, "web-nav-diagram", &[]),
            "diagram",
        ),
        overlays,
        paths,
        expand: expand.map(|kind| {
            (
                kind.code().to_owned(),
                text(lang, &enum_key(ZoneKind::LIST, kind.code()), &[]),
            )
        }),
        grouped,
        svg,
    })
}

/// Every finding not accepted as a risk, as marks for the vulnerability overlay (the same
/// findings `mamori diagram --overlay vuln` draws).
fn vuln_marks(
    ledger: &Ledger,
    index: &mamori_findings::VulnIndex,
    exceptions: &[mamori_findings::Exception],
    today: Date,
) -> Vec<VulnMark> {
    let (targets, _) = ledger_targets(ledger);
    match_targets(&targets, index, exceptions, today)
        .into_iter()
        .filter(|f| f.accepted_by.is_none())
        .map(|f| VulnMark {
            target: match f.target_kind {
                TargetKind::ConnectionPoint => Target::ConnectionPoint(f.asset_id.to_owned()),
                TargetKind::Asset => Target::Asset(f.asset_id.to_owned()),
            },
            severity: Severity::from_cvss(f.cvss),
            kev: f.kev,
        })
        .collect()
}

/// The Asia/Tokyo calendar date of an instant.
pub(super) fn tokyo_date(at: Micros) -> WebResult<Date> {
    let tokyo =
        jiff::tz::TimeZone::get("Asia/Tokyo").map_err(|e| WebError::Internal(e.to_string()))?;
    let timestamp = at
        .to_timestamp()
        .ok_or_else(|| WebError::Internal("time out of range".into()))?;
    Ok(Date(timestamp.to_zoned_datetime(tokyo).date()))
}

/// The diagram's styles (the page's content security policy forbids inline styles).
pub async fn stylesheet() -> Response {
    let css = format!(
        "{}{}",
        mamori_diagram::STYLE,
        include_str!("../../static/diagram.css")
    );
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        css,
    )
        .into_response()
}

/// Zoom, pan and overlay toggles.
pub async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        include_str!("../../static/diagram.js"),
    )
        .into_response()
}

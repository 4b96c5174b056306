//! `/diagram`: the network diagram (全体構成図) of the ledger, the same SVG `mamori diagram`
//! writes, inline, with zoom, pan and overlay toggles (`/static/diagram.js`, no CDN) and
//! click-through to asset and connection-point pages. The whole ledger is drawn, so vendor
//! accounts get no diagram (`scope::whole_ledger_allowed`).

use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use mamori_diagram::{
    Options, OverlayInput, OverlayKind, Paper, SvgOptions, layout, path_overlays, render_svg,
};
use mamori_i18n::{Lang, text};

use super::{Page, render};
use crate::auth::CurrentUser;
use crate::error::{WebError, WebResult};
use crate::scope::whole_ledger_allowed;
use crate::state::{AppState, WebStore};

#[derive(Template)]
#[template(path = "diagram.html")]
struct DiagramPage {
    page: Page,
    /// (code, label) of each overlay the drawing carries.
    overlays: Vec<(String, String)>,
    svg: String,
}

/// Where a record of the diagram links to.
fn record_link(kind: &str, id: &str) -> Option<String> {
    match kind {
        "assets" => Some(format!("/assets/{id}")),
        "connection_points" => Some(format!("/connection-points/{id}")),
        _ => None,
    }
}

pub async fn diagram<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
) -> WebResult<Response> {
    if !whole_ledger_allowed(&user) {
        return Err(WebError::Forbidden);
    }
    let snapshot = state.snapshot().await?;
    let ledger = &snapshot.ledger;
    let input = OverlayInput {
        owners: true,
        gaps: true,
        vulns: None,
        path: path_overlays(ledger).into_iter().next(),
    };
    let options = Options {
        paper: Paper::A3,
        lang,
        subtitle: None,
        overlays: input,
    };
    let drawing = layout(ledger, &options);
    let overlays = drawing
        .overlays
        .iter()
        .map(|o| (o.kind.code().to_owned(), o.legend.clone()))
        .collect();
    let link = record_link;
    let svg = render_svg(
        &drawing,
        &SvgOptions {
            visible: &[] as &[OverlayKind],
            embed_style: false,
            link: Some(&link),
        },
    );
    render(&DiagramPage {
        page: Page::new(
            lang,
            Some(&user),
            text(lang, "web-nav-diagram", &[]),
            "diagram",
        ),
        overlays,
        svg,
    })
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

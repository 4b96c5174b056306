//! Server-rendered pages: the layout, login, dashboard, asset and connection-point lists
//! and details. Forms that change things live in `edit` and `transfer`.

pub mod checklist;
pub mod checklist_history;
pub mod checklist_vendors;
pub mod diagram;
pub mod edit;
pub mod findings;
pub mod paths;
pub mod paths_whatif;
pub mod suggestions;
pub mod tokens;
pub mod transfer;

use std::time::Instant;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use mamori_core::{AssetKind, CodeList, ConnectionPoint, RecordKind};
use mamori_i18n::{Lang, text};
use mamori_store::{Micros, Session};
use serde::Deserialize;

use crate::auth::{self, ClientAddr, CurrentUser, random_token, session_cookie};
use crate::error::{WebError, WebResult};
use crate::lang::Tr;
use crate::scope::{asset_visible, point_visible, whole_ledger_allowed};
use crate::state::{AppState, WebStore};
use crate::views::{self, AssetQuery, Dashboard, HistoryEntry, Link, SORT_KEYS};
use crate::{fields, throttle};

/// What the layout needs.
#[derive(Debug)]
pub struct Page {
    pub tr: Tr,
    pub title: String,
    pub nav: &'static str,
    pub user: Option<CurrentUser>,
}

impl Page {
    pub fn new(lang: Lang, user: Option<&CurrentUser>, title: String, nav: &'static str) -> Self {
        Self {
            tr: Tr(lang),
            title,
            nav,
            user: user.cloned(),
        }
    }

    /// (href, label, current) of the main navigation.
    pub fn nav_items(&self) -> Vec<(&'static str, String, bool)> {
        let mut items = vec![
            ("/", "home", "web-nav-home"),
            ("/assets", "assets", "web-nav-assets"),
            ("/connection-points", "points", "web-nav-points"),
            ("/ledger", "ledger", "web-nav-ledger"),
            ("/findings", "findings", "web-nav-findings"),
        ];
        if self.user.as_ref().is_some_and(whole_ledger_allowed) {
            items.push(("/import", "import", "web-nav-import"));
            items.push(("/diagram", "diagram", "web-nav-diagram"));
            items.push(("/paths", "paths", "web-nav-paths"));
            items.push(("/checklist", "checklist", "web-nav-checklist"));
        } else if self.user.is_some() {
            // A vendor's checklist is its own 事業者確認用 (`/checklist` sends it there).
            items.push(("/checklist", "checklist", "web-nav-vendor-sheet"));
        }
        items
            .into_iter()
            .map(|(href, nav, key)| (href, self.tr.t(key), nav == self.nav))
            .collect()
    }

    pub fn role_label(&self) -> String {
        self.user
            .as_ref()
            .map(|user| self.tr.t(&format!("web-role-{}", user.role.code())))
            .unwrap_or_default()
    }

    pub fn lang_switch_href(&self) -> &'static str {
        match self.tr.0 {
            Lang::Ja => "?lang=en",
            Lang::En => "?lang=ja",
        }
    }
}

pub fn render<T: Template>(template: &T) -> WebResult<Response> {
    template
        .render()
        .map(|html| Html(html).into_response())
        .map_err(|error| WebError::Internal(error.to_string()))
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    page: Page,
    status: u16,
    message: String,
}

/// An error as a page (no navigation: the user may not be known here).
pub fn error_page(lang: Lang, status: u16, message: &str) -> Html<String> {
    let page = ErrorPage {
        page: Page::new(lang, None, message.to_owned(), ""),
        status,
        message: message.to_owned(),
    };
    Html(page.render().unwrap_or_else(|_| message.to_owned()))
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    page: Page,
    message: Option<String>,
    login: String,
}

fn login_page(lang: Lang, login: &str, message: Option<String>) -> WebResult<Response> {
    render(&LoginPage {
        page: Page::new(lang, None, text(lang, "web-login-title", &[]), ""),
        message,
        login: login.to_owned(),
    })
}

pub async fn login_form(Extension(lang): Extension<Lang>) -> WebResult<Response> {
    login_page(lang, "", None)
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    login: String,
    password: String,
}

pub async fn login_submit<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    ClientAddr(client): ClientAddr,
    Form(form): Form<LoginForm>,
) -> WebResult<Response> {
    let keys = throttle::keys(&client, &form.login);
    if let Err(wait) = state.throttle().check(&keys, Instant::now()) {
        let seconds = wait.as_secs().max(1).to_string();
        let message = text(
            lang,
            "web-error-too_many_attempts",
            &[("seconds", &seconds)],
        );
        let mut response = login_page(lang, &form.login, Some(message))?;
        *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
        return Ok(response);
    }
    let Some(user) = auth::check_login(&state, &form.login, &form.password).await? else {
        state.throttle().failed(&keys, Instant::now());
        tracing::warn!(login = %form.login, client = %client, "login failed");
        let mut response =
            login_page(lang, &form.login, Some(text(lang, "web-login-failed", &[])))?;
        *response.status_mut() = StatusCode::UNAUTHORIZED;
        return Ok(response);
    };
    state.throttle().succeeded(&keys);
    let token = random_token()?;
    let now = Micros::now();
    let hours = state.config().session_hours;
    let session = Session {
        token_digest: mamori_store::token_digest(&token),
        login: user.login.clone(),
        csrf_token: random_token()?,
        created_at: now,
        expires_at: Micros(now.0 + hours * 3_600_000_000),
    };
    state
        .store()
        .create_session(state.hospital(), &session)
        .await?;
    tracing::info!(login = %user.login, client = %client, "login");
    let cookie = session_cookie(&token, hours * 3600, state.config().secure_cookies)?;
    let mut response = Redirect::to("/").into_response();
    response.headers_mut().insert(header::SET_COOKIE, cookie);
    Ok(response)
}

#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    csrf: Option<String>,
}

pub async fn logout<S: WebStore>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    Form(form): Form<CsrfForm>,
) -> WebResult<Response> {
    user.check_csrf(form.csrf.as_deref())?;
    if let Some(digest) = &user.session_digest {
        state
            .store()
            .delete_session(state.hospital(), digest)
            .await?;
    }
    let mut response = Redirect::to("/login").into_response();
    let cookie = session_cookie("", 0, state.config().secure_cookies)?;
    response.headers_mut().insert(header::SET_COOKIE, cookie);
    Ok(response)
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    page: Page,
    dashboard: Dashboard,
}

pub async fn home<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
) -> WebResult<Response> {
    let snapshot = state.snapshot().await?;
    let mut dashboard = views::dashboard(&snapshot, &user, lang);
    let today = checklist::tokyo_date(Micros::now())?;
    dashboard.checklist_due =
        Some(crate::checklist_due::checklist_due(&state, &user, lang, today).await?);
    dashboard.vuln_alerts = crate::vulns::alert_counts(&state, &user).await?;
    render(&HomePage {
        page: Page::new(lang, Some(&user), text(lang, "web-nav-home", &[]), "home"),
        dashboard,
    })
}

struct AssetRow {
    id: String,
    name: String,
    kind: String,
    zone: String,
    ips: String,
    maker: String,
    os: String,
}

#[derive(Template)]
#[template(path = "assets.html")]
struct AssetsPage {
    page: Page,
    q: String,
    zones: Vec<(String, String, bool)>,
    kinds: Vec<(String, String, bool)>,
    columns: Vec<(String, Option<String>)>,
    rows: Vec<AssetRow>,
    summary: String,
    page_label: String,
    prev: Option<String>,
    next: Option<String>,
}

pub async fn assets<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Query(query): Query<AssetQuery>,
) -> WebResult<Response> {
    let snapshot = state.snapshot().await?;
    let listing = views::list_assets(&snapshot, &user, &query);
    let rows = listing
        .indexes
        .iter()
        .filter_map(|index| snapshot.ledger.assets.get(*index))
        .map(|asset| AssetRow {
            id: asset.id.0.clone(),
            name: asset.name.clone(),
            kind: views::label(lang, asset.kind),
            zone: asset
                .zone_id
                .as_ref()
                .map(|z| views::zone_name(&snapshot, z.as_str(), lang))
                .unwrap_or_default(),
            ips: fields::join(&asset.ip_addresses),
            maker: [asset.maker.as_deref(), asset.model.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" "),
            os: fields::name_version(&asset.os),
        })
        .collect();
    let selected_zone = query.zone.clone().unwrap_or_default();
    let mut zones: Vec<(String, String, bool)> = snapshot
        .ledger
        .zones
        .iter()
        .map(|z| (z.id.0.clone(), z.name.clone(), z.id.0 == selected_zone))
        .collect();
    zones.push((
        "-".to_owned(),
        text(lang, "web-zone-none", &[]),
        selected_zone == "-",
    ));
    let selected_kind = query.kind.clone().unwrap_or_default();
    let kinds = AssetKind::ALL
        .iter()
        .map(|k| {
            (
                k.code().to_owned(),
                views::label(lang, *k),
                k.code() == selected_kind,
            )
        })
        .collect();
    let columns = ["id", "name", "kind", "zone", "ip", "maker", "os"]
        .into_iter()
        .map(|key| {
            let label = text(lang, &format!("web-assets-col-{key}"), &[]);
            let href = SORT_KEYS.contains(&key).then(|| {
                let dir = if query.sort.as_deref().unwrap_or("id") == key
                    && query.dir.as_deref() != Some("desc")
                {
                    "desc"
                } else {
                    "asc"
                };
                list_href(&AssetQuery {
                    sort: Some(key.to_owned()),
                    dir: Some(dir.to_owned()),
                    page: None,
                    ..query.clone()
                })
            });
            (label, href)
        })
        .collect();
    let first = (listing.page - 1) * listing.per_page + 1;
    let last = (first + listing.indexes.len()).saturating_sub(1);
    let summary = text(
        lang,
        "web-assets-summary",
        &[
            ("total", &listing.total.to_string()),
            ("first", &first.min(listing.total).to_string()),
            ("last", &last.to_string()),
        ],
    );
    let page_label = format!("{} / {}", listing.page, listing.pages);
    let at_page = |page: usize| {
        list_href(&AssetQuery {
            page: Some(page),
            ..query.clone()
        })
    };
    render(&AssetsPage {
        page: Page::new(
            lang,
            Some(&user),
            text(lang, "web-nav-assets", &[]),
            "assets",
        ),
        q: query.q.clone().unwrap_or_default(),
        zones,
        kinds,
        columns,
        rows,
        summary,
        page_label,
        prev: (listing.page > 1).then(|| at_page(listing.page - 1)),
        next: (listing.page < listing.pages).then(|| at_page(listing.page + 1)),
    })
}

/// `/assets?…` for a query, with empty parameters left out.
pub fn list_href(query: &AssetQuery) -> String {
    let page = query.page.map(|p| p.to_string());
    let pairs = [
        ("q", query.q.as_deref()),
        ("zone", query.zone.as_deref()),
        ("kind", query.kind.as_deref()),
        ("sort", query.sort.as_deref()),
        ("dir", query.dir.as_deref()),
        ("page", page.as_deref()),
    ];
    let encoded: Vec<String> = pairs
        .into_iter()
        .filter_map(|(key, value)| {
            value
                .filter(|v| !v.is_empty())
                .map(|v| format!("{key}={}", fields::url_encode(v)))
        })
        .collect();
    if encoded.is_empty() {
        "/assets".to_owned()
    } else {
        format!("/assets?{}", encoded.join("&"))
    }
}

#[derive(Template)]
#[template(path = "record.html")]
struct RecordPage {
    page: Page,
    notice: Option<String>,
    edit_href: Option<String>,
    /// Delete with confirmation (the pages every kind shares).
    delete_href: Option<String>,
    /// The record's vulnerability findings (assets and connection points).
    findings_href: Option<String>,
    fields: Vec<(String, String)>,
    relations: Vec<(String, Vec<Link>)>,
    history: Vec<HistoryEntry>,
}

#[derive(Debug, Deserialize)]
pub struct SavedQuery {
    saved: Option<String>,
}

pub async fn asset<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Path(id): Path<String>,
    Query(saved): Query<SavedQuery>,
) -> WebResult<Response> {
    let snapshot = state.snapshot().await?;
    let asset = snapshot.asset(&id).ok_or(WebError::NotFound)?;
    if !asset_visible(&user, asset) {
        return Err(WebError::Forbidden);
    }
    let relations = views::asset_relations(&snapshot, &user, asset, lang);
    let versions = state
        .store()
        .record_history(
            state.hospital(),
            &mamori_core::RecordRef::new(RecordKind::Assets, id.as_str()),
        )
        .await?;
    let group = |key: &str, links: Vec<Link>| (text(lang, key, &[]), links);
    let relations = vec![
        group("web-field-zone_id", relations.zone.into_iter().collect()),
        group(
            "web-field-location_id",
            relations.location.into_iter().collect(),
        ),
        group(
            "web-field-system_id",
            relations.system.into_iter().collect(),
        ),
        group(
            "web-field-managing_vendor_id",
            relations.managing_vendor.into_iter().collect(),
        ),
        group("web-rel-contracts", relations.contracts),
        group("web-rel-points", relations.connection_points),
        group("web-rel-accounts", relations.accounts),
        group("web-rel-backups", relations.backups),
        group("web-rel-services", relations.services),
    ];
    render(&RecordPage {
        page: Page::new(
            lang,
            Some(&user),
            format!("{} {}", asset.id, asset.name),
            "assets",
        ),
        notice: saved.saved.map(|_| text(lang, "web-saved", &[])),
        edit_href: user.can_write().then(|| format!("/assets/{id}/edit")),
        delete_href: user
            .can_write()
            .then(|| format!("/ledger/assets/{}/delete", fields::url_encode(&id))),
        findings_href: Some(format!("/findings?target={}", fields::url_encode(&id))),
        fields: fields::asset_fields(&snapshot, asset, lang),
        relations,
        history: views::history(&versions),
    })
}

#[derive(Template)]
#[template(path = "points.html")]
struct PointsPage {
    page: Page,
    rows: Vec<(String, String, String, String, String, String)>,
}

pub async fn points<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
) -> WebResult<Response> {
    let snapshot = state.snapshot().await?;
    let rows = snapshot
        .ledger
        .connection_points
        .iter()
        .filter(|p| point_visible(&user, p))
        .map(|p: &ConnectionPoint| {
            (
                p.id.0.clone(),
                p.name.clone(),
                views::label(lang, p.kind),
                p.vendor_id
                    .as_ref()
                    .map(|v| views::vendor_link(&snapshot, v.as_str()).label)
                    .unwrap_or_default(),
                fields::yes_no(lang, p.mfa),
                p.zone_ids
                    .iter()
                    .map(|z| views::zone_name(&snapshot, z.as_str(), lang))
                    .collect::<Vec<_>>()
                    .join("、"),
            )
        })
        .collect();
    render(&PointsPage {
        page: Page::new(
            lang,
            Some(&user),
            text(lang, "web-nav-points", &[]),
            "points",
        ),
        rows,
    })
}

pub async fn point<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Path(id): Path<String>,
) -> WebResult<Response> {
    let snapshot = state.snapshot().await?;
    let point = snapshot.point(&id).ok_or(WebError::NotFound)?;
    if !point_visible(&user, point) {
        return Err(WebError::Forbidden);
    }
    let versions = state
        .store()
        .record_history(
            state.hospital(),
            &mamori_core::RecordRef::new(RecordKind::ConnectionPoints, id.as_str()),
        )
        .await?;
    let zones = point
        .zone_ids
        .iter()
        .map(|z| {
            Link::new(
                RecordKind::Zones,
                z.as_str(),
                &views::zone_name(&snapshot, z.as_str(), lang),
            )
        })
        .collect();
    let assets_behind = snapshot
        .ledger
        .assets
        .iter()
        .filter(|a| {
            a.zone_id
                .as_ref()
                .is_some_and(|z| point.zone_ids.contains(z))
        })
        .filter(|a| asset_visible(&user, a))
        .take(100)
        .map(|a| {
            Link::new(
                RecordKind::Assets,
                a.id.as_str(),
                &format!("{} {}", a.id, a.name),
            )
        })
        .collect();
    let contract = point.contract_id.iter().map(|c| {
        let title = snapshot
            .ledger
            .contracts
            .iter()
            .find(|k| &k.id == c)
            .map_or(c.as_str(), |k| k.title.as_str());
        Link::new(RecordKind::Contracts, c.as_str(), title)
    });
    let relations = vec![
        (text(lang, "web-field-zone_ids", &[]), zones),
        (text(lang, "web-field-contract_id", &[]), contract.collect()),
        (text(lang, "web-rel-assets-behind", &[]), assets_behind),
    ];
    render(&RecordPage {
        page: Page::new(
            lang,
            Some(&user),
            format!("{} {}", point.id, point.name),
            "points",
        ),
        notice: None,
        edit_href: user
            .can_write()
            .then(|| format!("/ledger/connection_points/{}/edit", fields::url_encode(&id))),
        delete_href: user.can_write().then(|| {
            format!(
                "/ledger/connection_points/{}/delete",
                fields::url_encode(&id)
            )
        }),
        findings_href: Some(format!("/findings?target={}", fields::url_encode(&id))),
        fields: fields::point_fields(&snapshot, point, lang),
        relations,
        history: views::history(&versions),
    })
}

/// The embedded stylesheet (one file, no CDN).
pub async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        include_str!("../../static/mamori.css"),
    )
        .into_response()
}

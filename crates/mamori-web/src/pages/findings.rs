//! `/findings` and `/api/v1/findings`: the findings of the stored vulnerability feeds on the
//! current ledger, matched as `mamori vuln match` matches them (same index, same tiers, risk
//! acceptances in force marked), filtered by asset or connection point (`?target=`), by CVE
//! (`?cve=`), by tier (`?tier=`) or to the alert list (`?alerts=1`: KEV or CVSS ≥ 9.0 on a
//! connection point or crown jewel, not accepted; `?new=1`: only those new since this user's
//! last look). `POST /findings/alerts/seen` (form) and `POST /api/v1/findings/alerts/seen`
//! mark the alerts of now as seen by this user. A vendor account sees (and marks) only
//! findings on the assets and connection points it maintains.

use std::collections::{BTreeMap, HashSet};

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form, Json};
use mamori_core::Ledger;
use mamori_findings::{Finding, Matches, TargetKind, ledger_targets};
use mamori_i18n::{Lang, text};
use mamori_store::Micros;
use serde::Deserialize;
use serde_json::{Value, json};

use super::diagram::tokyo_date;
use super::{Page, render};
use crate::auth::CurrentUser;
use crate::error::{WebError, WebResult};
use crate::fields::url_encode;
use crate::scope::{asset_visible, point_visible};
use crate::state::{AppState, WebStore};

/// Rows a page shows; the API gives every finding.
const PAGE_ROWS: usize = 500;

/// The tiers, strongest first (as `mamori vuln match` writes them).
const TIERS: [&str; 7] = [
    "confirmed",
    "possible",
    "indeterminate",
    "platform_only",
    "adp",
    "alias",
    "jvn",
];

#[derive(Debug, Default, Deserialize)]
pub struct FindingsQuery {
    pub target: Option<String>,
    pub cve: Option<String>,
    pub tier: Option<String>,
    pub alerts: Option<String>,
    pub new: Option<String>,
}

/// The filters, checked: an unknown tier is bad input.
struct Filters {
    target: Option<String>,
    cve: Option<String>,
    tier: Option<&'static str>,
    alerts: bool,
    /// Only alerts new since the user's last look (implies `alerts`).
    new: bool,
}

impl Filters {
    fn from_query(query: &FindingsQuery) -> WebResult<Filters> {
        let trimmed = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let tier = match trimmed(&query.tier) {
            None => None,
            Some(t) => Some(
                TIERS
                    .iter()
                    .copied()
                    .find(|known| *known == t)
                    .ok_or(WebError::BadRequest)?,
            ),
        };
        let on = |v: &Option<String>| matches!(v.as_deref(), Some("1" | "true" | "on"));
        let new = on(&query.new);
        Ok(Filters {
            target: trimmed(&query.target),
            cve: trimmed(&query.cve).map(|c| c.to_ascii_uppercase()),
            tier,
            alerts: new || on(&query.alerts),
            new,
        })
    }

    fn keeps(&self, f: &Finding<'_>) -> bool {
        self.target.as_deref().is_none_or(|t| f.asset_id == t)
            && self
                .cve
                .as_deref()
                .is_none_or(|c| f.cve.eq_ignore_ascii_case(c))
            && self.tier.is_none_or(|t| f.confidence == t)
            && (!self.alerts || f.is_alert())
    }

    fn query_string(&self) -> String {
        let mut parts = Vec::new();
        if let Some(t) = &self.target {
            parts.push(format!("target={}", url_encode(t)));
        }
        if let Some(c) = &self.cve {
            parts.push(format!("cve={}", url_encode(c)));
        }
        if let Some(t) = self.tier {
            parts.push(format!("tier={t}"));
        }
        if self.alerts {
            parts.push("alerts=1".to_owned());
        }
        if self.new {
            parts.push("new=1".to_owned());
        }
        parts.join("&")
    }
}

/// The ids of the assets and connection points `user` may see.
pub(crate) fn visible_targets(ledger: &Ledger, user: &CurrentUser) -> Option<HashSet<String>> {
    user.vendor_scope()?;
    let mut ids: HashSet<String> = ledger
        .assets
        .iter()
        .filter(|a| asset_visible(user, a))
        .map(|a| a.id.as_str().to_owned())
        .collect();
    ids.extend(
        ledger
            .connection_points
            .iter()
            .filter(|p| point_visible(user, p))
            .map(|p| p.id.as_str().to_owned()),
    );
    Some(ids)
}

/// One row of the page.
#[derive(Debug)]
pub struct FindingRow {
    pub target: String,
    pub target_name: String,
    pub href: String,
    pub point: bool,
    pub crown_jewel: Option<String>,
    pub cve: String,
    pub tier: &'static str,
    pub tier_label: String,
    pub cvss: String,
    pub severity: String,
    pub kev: bool,
    pub ransomware: bool,
    pub accepted_by: Option<String>,
    pub alert: bool,
    /// An alert this user has not seen at the last look.
    pub new: bool,
    pub reason: Option<String>,
}

fn row(lang: Lang, f: &Finding<'_>, new: bool) -> FindingRow {
    let point = f.target_kind == TargetKind::ConnectionPoint;
    let href = if point {
        format!("/connection-points/{}", url_encode(f.asset_id))
    } else {
        format!("/assets/{}", url_encode(f.asset_id))
    };
    FindingRow {
        target: f.asset_id.to_owned(),
        target_name: f.target_name.to_owned(),
        href,
        point,
        crown_jewel: f.crown_jewel.map(str::to_owned),
        cve: f.cve.to_owned(),
        tier: f.confidence,
        tier_label: text(lang, &format!("findings-tier-{}", f.confidence), &[]),
        cvss: f.cvss.map(|s| format!("{s:.1}")).unwrap_or_default(),
        severity: f.severity.unwrap_or_default().to_owned(),
        kev: f.kev,
        ransomware: f.ransomware,
        accepted_by: f.accepted_by.map(str::to_owned),
        alert: f.is_alert(),
        new,
        reason: f.reason.as_ref().map(|r| r.to_string()),
    }
}

/// What the matching gave, already filtered and owned.
struct Matched {
    feeds_loaded: bool,
    total: usize,
    alerts: usize,
    /// Alerts (among those kept) new since the user's last look.
    new_alerts: usize,
    last_look: Option<Micros>,
    kev: usize,
    by_tier: Vec<(&'static str, usize)>,
    by_cve: Vec<(String, usize, bool)>,
    items: Vec<Value>,
    rows: Vec<FindingRow>,
}

async fn matched<S: WebStore>(
    state: &AppState<S>,
    lang: Lang,
    user: &CurrentUser,
    filters: &Filters,
    row_limit: usize,
) -> WebResult<Matched> {
    let snapshot = state.snapshot().await?;
    let ledger = &snapshot.ledger;
    let Some(index) = state.vuln_index().await? else {
        return Ok(Matched {
            feeds_loaded: false,
            total: 0,
            alerts: 0,
            new_alerts: 0,
            last_look: None,
            kev: 0,
            by_tier: Vec::new(),
            by_cve: Vec::new(),
            items: Vec::new(),
            rows: Vec::new(),
        });
    };
    let exceptions = crate::vulns::exceptions(state.store(), state.hospital()).await?;
    let today = tokyo_date(Micros::now())?;
    let (targets, _) = ledger_targets(ledger);
    let visible = visible_targets(ledger, user);
    let (last_look, seen) =
        crate::vulns::seen_alerts(state.store(), state.hospital(), &user.login).await?;
    let matches = Matches::new(&targets, &index, &exceptions, today);
    // The alert list never builds the findings of targets that cannot have alerts.
    let all: Vec<Finding<'_>> = if filters.alerts {
        matches.alerts().collect()
    } else {
        matches.iter().collect()
    };
    let is_new = |f: &Finding<'_>| f.is_alert() && seen.is_new(f);
    let kept: Vec<&Finding<'_>> = all
        .iter()
        .filter(|f| visible.as_ref().is_none_or(|ids| ids.contains(f.asset_id)))
        .filter(|f| filters.keeps(f))
        .filter(|f| !filters.new || is_new(f))
        .collect();
    let mut by_tier: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut by_cve: BTreeMap<&str, (usize, bool)> = BTreeMap::new();
    for f in &kept {
        *by_tier.entry(f.confidence).or_default() += 1;
        let entry = by_cve.entry(f.cve).or_default();
        entry.0 += 1;
        entry.1 |= f.kev;
    }
    let mut by_cve: Vec<(String, usize, bool)> = by_cve
        .into_iter()
        .map(|(cve, (n, kev))| (cve.to_owned(), n, kev))
        .collect();
    by_cve.sort_by(|a, b| b.2.cmp(&a.2).then(b.1.cmp(&a.1)).then(a.0.cmp(&b.0)));
    let items = kept
        .iter()
        .map(|f| {
            let mut value =
                serde_json::to_value(f).map_err(|e| WebError::Internal(e.to_string()))?;
            value["alert"] = Value::Bool(f.is_alert());
            value["new"] = Value::Bool(is_new(f));
            Ok(value)
        })
        .collect::<WebResult<Vec<Value>>>()?;
    Ok(Matched {
        feeds_loaded: true,
        total: kept.len(),
        alerts: kept.iter().filter(|f| f.is_alert()).count(),
        new_alerts: kept.iter().filter(|f| is_new(f)).count(),
        last_look,
        kev: kept.iter().filter(|f| f.kev).count(),
        by_tier: TIERS
            .iter()
            .map(|t| (*t, by_tier.get(t).copied().unwrap_or(0)))
            .collect(),
        by_cve,
        items,
        rows: kept
            .iter()
            .take(row_limit)
            .map(|f| row(lang, f, is_new(f)))
            .collect(),
    })
}

#[derive(Template)]
#[template(path = "findings.html")]
struct FindingsPage {
    page: Page,
    feeds_loaded: bool,
    total: usize,
    alerts: usize,
    new_alerts: usize,
    last_look: String,
    kev: usize,
    shown: usize,
    by_tier: Vec<(&'static str, String, usize)>,
    by_cve: Vec<(String, usize, bool)>,
    rows: Vec<FindingRow>,
    filter_target: String,
    filter_cve: String,
    filter_tier: String,
    filter_alerts: bool,
    filter_new: bool,
    filtered: bool,
    csrf: String,
    query: String,
}

pub async fn findings<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Query(query): Query<FindingsQuery>,
) -> WebResult<Response> {
    let filters = Filters::from_query(&query)?;
    let result = matched(&state, lang, &user, &filters, PAGE_ROWS).await?;
    let by_tier = result
        .by_tier
        .iter()
        .map(|(t, n)| (*t, text(lang, &format!("findings-tier-{t}"), &[]), *n))
        .collect();
    render(&FindingsPage {
        page: Page::new(
            lang,
            Some(&user),
            text(lang, "web-nav-findings", &[]),
            "findings",
        ),
        feeds_loaded: result.feeds_loaded,
        total: result.total,
        alerts: result.alerts,
        new_alerts: result.new_alerts,
        last_look: result.last_look.map_or_else(
            || text(lang, "findings-never-looked", &[]),
            |at| at.to_string(),
        ),
        kev: result.kev,
        shown: result.rows.len(),
        by_tier,
        by_cve: result.by_cve.into_iter().take(30).collect(),
        rows: result.rows,
        filter_target: filters.target.clone().unwrap_or_default(),
        filter_cve: filters.cve.clone().unwrap_or_default(),
        filter_tier: filters.tier.unwrap_or_default().to_owned(),
        filter_alerts: filters.alerts,
        filter_new: filters.new,
        csrf: user.csrf_token().to_owned(),
        filtered: !filters.query_string().is_empty(),
        query: filters.query_string(),
    })
}

pub async fn api_findings<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Query(query): Query<FindingsQuery>,
) -> WebResult<Response> {
    let filters = Filters::from_query(&query)?;
    let result = matched(&state, lang, &user, &filters, 0).await?;
    Ok(Json(json!({
        "format": "mamori-findings/1",
        "feeds_loaded": result.feeds_loaded,
        "counts": {"findings": result.total, "alerts": result.alerts,
                   "new_alerts": result.new_alerts, "kev": result.kev},
        "last_look": result.last_look.map(|at| at.to_string()),
        "items": result.items,
    }))
    .into_response())
}

/// The query parameters and the response schema of `GET /api/v1/findings` for the OpenAPI
/// document (`crate::kinds::openapi`).
pub fn openapi() -> (Value, Value) {
    let string = json!({"type": "string"});
    let optional = json!({"type": ["string", "null"]});
    let parameters = json!([
        {"name": "target", "in": "query", "schema": string, "description": "An asset or connection point id."},
        {"name": "cve", "in": "query", "schema": string, "description": "A CVE id (any case)."},
        {"name": "tier", "in": "query", "schema": {"enum": TIERS}},
        {"name": "alerts", "in": "query", "schema": {"enum": ["1"]},
         "description": "Only KEV or CVSS >= 9.0 on a connection point or crown jewel, not accepted."},
        {"name": "new", "in": "query", "schema": {"enum": ["1"]},
         "description": "Only alerts new since this user's last look (implies alerts=1)."}
    ]);
    let finding = json!({"type": "object", "properties": {
        "asset_id": {"type": "string", "description": "The asset id, or the connection point id."},
        "target_kind": {"enum": ["asset", "connection_point"]}, "target_name": string,
        "cve": string, "confidence": {"enum": TIERS}, "kev": {"type": "boolean"},
        "ransomware": {"type": "boolean"}, "kev_due_date": optional,
        "cvss": {"type": ["number", "null"]}, "severity": optional, "matched_cpe": optional,
        "criteria": optional, "reason": optional, "jvn_ids": {"type": "array", "items": string},
        "crown_jewel": optional, "accepted_by": optional, "alert": {"type": "boolean"},
        "new": {"type": "boolean", "description": "An alert this user has not seen at the last look."}
    }});
    let schema = json!({"type": "object", "properties": {
        "format": {"const": "mamori-findings/1"}, "feeds_loaded": {"type": "boolean"},
        "counts": {"type": "object", "properties": {
            "findings": {"type": "integer"}, "alerts": {"type": "integer"},
            "new_alerts": {"type": "integer"}, "kev": {"type": "integer"}}},
        "last_look": {"type": ["string", "null"], "description": "When this user last marked the alerts as seen."},
        "items": {"type": "array", "items": finding}
    }});
    (parameters, schema)
}

#[derive(Debug, Deserialize)]
pub struct SeenForm {
    csrf: Option<String>,
}

/// Marks the alerts of now that the user may see as seen by the user; returns how many and
/// when (`None`: no feed is loaded, nothing to mark).
async fn mark_seen<S: WebStore>(
    state: &AppState<S>,
    user: &CurrentUser,
) -> WebResult<Option<(usize, Micros)>> {
    let Some(alerts) = crate::vulns::current_alerts(state).await? else {
        return Ok(None);
    };
    let snapshot = state.snapshot().await?;
    let visible = visible_targets(&snapshot.ledger, user);
    let keys: Vec<_> = alerts
        .iter()
        .filter(|a| {
            visible
                .as_ref()
                .is_none_or(|ids| ids.contains(&a.target_id))
        })
        .map(crate::vulns::AlertItem::key)
        .collect();
    let at = state
        .store()
        .mark_alerts_seen(state.hospital(), &user.login, &keys)
        .await?;
    tracing::info!(by = %user.login, alerts = keys.len(), "alerts marked as seen");
    Ok(Some((keys.len(), at)))
}

/// `POST /findings/alerts/seen`: the "mark all as seen" button of the alert list.
pub async fn mark_seen_form<S: WebStore>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
    Form(form): Form<SeenForm>,
) -> WebResult<Response> {
    user.check_csrf(form.csrf.as_deref())?;
    mark_seen(&state, &user).await?;
    Ok(Redirect::to("/findings?alerts=1").into_response())
}

/// `POST /api/v1/findings/alerts/seen`.
pub async fn api_mark_seen<S: WebStore>(
    State(state): State<AppState<S>>,
    user: CurrentUser,
) -> WebResult<Response> {
    let marked = mark_seen(&state, &user).await?;
    Ok(Json(json!({
        "format": "mamori-alerts-seen/1",
        "feeds_loaded": marked.is_some(),
        "marked": marked.map_or(0, |(n, _)| n),
        "at": marked.map(|(_, at)| at.to_string()),
    }))
    .into_response())
}

/// The response schema of `POST /api/v1/findings/alerts/seen` for the OpenAPI document.
pub fn openapi_mark_seen() -> Value {
    json!({"type": "object", "properties": {
        "format": {"const": "mamori-alerts-seen/1"}, "feeds_loaded": {"type": "boolean"},
        "marked": {"type": "integer", "description": "Alerts of now marked as seen by this user."},
        "at": {"type": ["string", "null"], "description": "The time of this look (RFC 3339, Asia/Tokyo)."}
    }})
}

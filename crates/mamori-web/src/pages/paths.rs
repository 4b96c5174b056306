//! `/paths`: attack paths of the ledger (as of `?at=`), the same engine and inputs as
//! `mamori paths`: the ledger's facts plus the findings of the loaded vulnerability feeds.
//! Per crown jewel the entry points that reach it with one witness path explained in the
//! user's language, whether its recovery is broken, the fixes ranked by effect, and exposure
//! and impact per vulnerability. `GET /api/v1/paths` gives the CLI's JSON (`mamori-paths/1`).
//! The what-if form is in `paths_whatif.rs`. The whole ledger is analysed, so vendor
//! accounts get 403.

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use mamori_core::Ledger;
use mamori_i18n::{Lang, text};
use mamori_paths::{
    Analysis, Change, Explainer, Facts, FindingExposure, Fix, Holder, Owner, Recovery,
};
use mamori_paths_ledger::records_to_change;
use mamori_paths_report::{Computed, FeedFacts, Loaded, View};
use serde::{Deserialize, Serialize};

use super::{Page, render};
use crate::auth::CurrentUser;
use crate::error::{WebError, WebResult};
use crate::fields::url_encode;
use crate::kinds::pages::snapshot_at;
pub(super) use crate::paths_cache::loaded_of;
use crate::paths_cache::{Analysed, analyse};
use crate::scope::whole_ledger_allowed;
use crate::state::{AppState, WebStore};

#[derive(Debug, Deserialize)]
pub struct AtQuery {
    pub at: Option<String>,
}

/// One entry point reaching a crown jewel, with its witness hops as sentences.
#[derive(Debug, Serialize)]
pub struct PathView {
    pub entry: String,
    pub entry_name: String,
    pub hops: Vec<String>,
}

/// One crown jewel: its recovery and the paths reaching it.
#[derive(Debug, Serialize)]
pub struct JewelView {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub kind_label: String,
    /// `broken`, `intact` or `unreached`.
    pub status: &'static str,
    pub status_label: String,
    pub copies: String,
    pub untested_warning: Option<String>,
    pub paths: Vec<PathView>,
}

/// A ledger record a fix changes.
#[derive(Debug, Serialize)]
pub struct RecordLink {
    pub record: String,
    pub href: String,
}

/// One ranked fix.
#[derive(Debug, Serialize)]
pub struct FixView {
    pub rank: usize,
    pub id: String,
    pub kind: &'static str,
    pub target: String,
    pub text: String,
    pub owner: String,
    pub owner_name: String,
    pub pairs_cut: usize,
    pub recoveries_restored: usize,
    pub records: Vec<RecordLink>,
}

/// Everything `/paths` shows, also the body of `/api/v1/paths`.
#[derive(Debug, Serialize)]
pub struct PathsData {
    pub format: &'static str,
    pub hospital: String,
    pub at: String,
    pub entries: usize,
    pub reached_pairs: usize,
    pub recovery_broken: usize,
    /// Findings of the loaded feeds that became facts (0 when no feed is loaded).
    pub feed_findings: usize,
    pub feeds_loaded: bool,
    pub crown_jewels: Vec<JewelView>,
    pub fixes: Vec<FixView>,
    pub findings: Vec<FindingView>,
}

/// Exposure and impact of one vulnerability on one asset or point.
#[derive(Debug, Serialize)]
pub struct FindingView {
    pub vuln: String,
    pub on: String,
    pub on_name: String,
    pub href: String,
    pub percent: u32,
    pub band: &'static str,
    pub band_label: String,
    pub reached_from: usize,
    pub entries: u32,
    pub on_paths: usize,
    pub jewels: Vec<String>,
    pub pairs_cut_if_patched: usize,
}

fn engine_lang(lang: Lang) -> mamori_paths::Lang {
    match lang {
        Lang::Ja => mamori_paths::Lang::Ja,
        Lang::En => mamori_paths::Lang::En,
    }
}

/// Names of the ledger's records the page shows next to ids.
pub(super) struct Names<'a> {
    assets: HashMap<&'a str, &'a str>,
    points: HashMap<&'a str, &'a str>,
    vendors: HashMap<&'a str, &'a str>,
}

impl<'a> Names<'a> {
    pub(super) fn new(ledger: &'a Ledger) -> Self {
        Names {
            assets: ledger
                .assets
                .iter()
                .map(|a| (a.id.as_str(), a.name.as_str()))
                .collect(),
            points: ledger
                .connection_points
                .iter()
                .map(|p| (p.id.as_str(), p.name.as_str()))
                .collect(),
            vendors: ledger
                .vendors
                .iter()
                .map(|v| (v.id.as_str(), v.name.as_str()))
                .collect(),
        }
    }

    pub(super) fn asset(&self, id: &str) -> String {
        self.assets.get(id).copied().unwrap_or(id).to_owned()
    }

    pub(super) fn point(&self, id: &str) -> String {
        self.points.get(id).copied().unwrap_or(id).to_owned()
    }

    fn owner(&self, lang: Lang, owner: &Owner) -> (String, String) {
        match owner {
            Owner::Hospital => (
                "hospital".to_owned(),
                text(lang, "paths-owner-hospital", &[]),
            ),
            Owner::Vendor(v) => (
                format!("vendor:{v}"),
                self.vendors
                    .get(v.as_str())
                    .copied()
                    .unwrap_or(v.as_str())
                    .to_owned(),
            ),
        }
    }
}

fn recovery_status(r: &Recovery) -> &'static str {
    if r.broken {
        "broken"
    } else if r.reached_from.is_empty() {
        "unreached"
    } else {
        "intact"
    }
}

fn copies_text(lang: Lang, r: &Recovery) -> String {
    if r.copies.is_empty() {
        return text(lang, "paths-no-backup", &[]);
    }
    r.copies
        .iter()
        .map(|c| {
            let medium = match c.medium {
                mamori_paths::Medium::Online => "online",
                mamori_paths::Medium::Offline => "offline",
                mamori_paths::Medium::Immutable => "immutable",
            };
            let medium = text(lang, &format!("paths-medium-{medium}"), &[]);
            format!("{} ({medium})", c.backup)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn jewel_views(lang: Lang, facts: &Facts, analysis: &Analysis, names: &Names) -> Vec<JewelView> {
    let explainer = Explainer::new(facts);
    analysis
        .recovery
        .iter()
        .map(|r| {
            let status = recovery_status(r);
            let paths = analysis
                .reached
                .iter()
                .filter(|pair| pair.jewel == r.jewel)
                .map(|pair| PathView {
                    entry: pair.entry.to_string(),
                    entry_name: names.point(pair.entry.as_str()),
                    hops: pair
                        .path
                        .iter()
                        .map(|hop| explainer.hop(hop, engine_lang(lang)))
                        .collect(),
                })
                .collect();
            JewelView {
                id: r.jewel.to_string(),
                name: names.asset(r.jewel.as_str()),
                kind: r.kind.clone(),
                kind_label: text(lang, &format!("enum-crown_jewel-{}", r.kind), &[]),
                status,
                status_label: text(lang, &format!("web-paths-status-{status}"), &[]),
                copies: copies_text(lang, r),
                untested_warning: r
                    .survivor_untested
                    .then(|| text(lang, "paths-warning-untested", &[])),
                paths,
            }
        })
        .collect()
}

pub(super) fn fix_text(lang: Lang, change: &Change, names: &Names) -> String {
    let target = change.target();
    let target = match change {
        Change::AddMfa(point) => format!("{} ({point})", names.point(point.as_str())),
        _ => target,
    };
    text(
        lang,
        &format!("paths-fix-{}", change.kind()),
        &[("target", &target)],
    )
}

fn fix_view(lang: Lang, rank: usize, fix: &Fix, ledger: &Ledger, names: &Names) -> FixView {
    let (owner, owner_name) = names.owner(lang, &fix.owner);
    let records = records_to_change(&fix.change, ledger)
        .into_iter()
        .map(|r| RecordLink {
            href: format!(
                "/ledger/{}/{}",
                r.kind.code().replace('_', "-"),
                url_encode(&r.id)
            ),
            record: r.to_string(),
        })
        .collect();
    FixView {
        rank,
        id: fix.id.clone(),
        kind: fix.change.kind(),
        target: fix.change.target(),
        text: fix_text(lang, &fix.change, names),
        owner,
        owner_name,
        pairs_cut: fix.pairs_cut.len(),
        recoveries_restored: fix.recoveries_restored.len(),
        records,
    }
}

fn finding_view(
    lang: Lang,
    f: &FindingExposure,
    computed: &Computed,
    names: &Names,
) -> FindingView {
    let (on, on_name, href) = match &f.on {
        Holder::Asset(a) => (
            a.to_string(),
            names.asset(a.as_str()),
            format!("/ledger/assets/{}", url_encode(a.as_str())),
        ),
        Holder::Point(p) => (
            p.to_string(),
            names.point(p.as_str()),
            format!("/ledger/connection-points/{}", url_encode(p.as_str())),
        ),
    };
    let mut jewels: Vec<String> = f
        .on_paths
        .iter()
        .map(|p| names.asset(p.jewel.as_str()))
        .collect();
    jewels.sort();
    jewels.dedup();
    let patch = Change::PatchVuln {
        vuln: f.vuln.clone(),
        on: f.on.clone(),
    };
    let band = f.band().code();
    FindingView {
        vuln: f.vuln.to_string(),
        on,
        on_name,
        href,
        percent: f.percent(),
        band,
        band_label: text(lang, &format!("paths-band-{band}"), &[]),
        reached_from: f.reached_from.len(),
        entries: f.entries,
        on_paths: f.on_paths.len(),
        jewels,
        pairs_cut_if_patched: computed
            .ranking
            .fixes
            .iter()
            .find(|fix| fix.change == patch)
            .map_or(0, |fix| fix.pairs_cut.len()),
    }
}

/// Builds the page's data from the analysed ledger.
pub fn paths_data(
    lang: Lang,
    loaded: &Loaded,
    computed: &Computed,
    at: &str,
    feeds_loaded: bool,
) -> PathsData {
    let ledger = &loaded.ledger;
    let analysis = &computed.analysis;
    let names = Names::new(ledger);
    PathsData {
        format: "mamori-paths-web/1",
        hospital: ledger.hospital.name.clone(),
        at: at.to_owned(),
        entries: analysis.entries.len(),
        reached_pairs: analysis.reached.len(),
        recovery_broken: analysis.recovery.iter().filter(|r| r.broken).count(),
        feed_findings: loaded.feed_findings,
        feeds_loaded,
        crown_jewels: jewel_views(lang, &loaded.facts, analysis, &names),
        fixes: computed
            .ranking
            .fixes
            .iter()
            .enumerate()
            .map(|(i, fix)| fix_view(lang, i + 1, fix, ledger, &names))
            .collect(),
        findings: computed
            .findings
            .iter()
            .map(|f| finding_view(lang, f, computed, &names))
            .collect(),
    }
}

/// The indexed feeds (cached per feed state), `None` when none is loaded.
pub(super) async fn stored_feeds<S: WebStore>(state: &AppState<S>) -> WebResult<Option<FeedFacts>> {
    Ok(state.vuln_index().await?.map(FeedFacts::from_index))
}

/// The ledger as of `at` (empty: now, from the cache), analysed with the loaded feeds.
async fn analysed<S: WebStore>(state: &AppState<S>, at: &str) -> WebResult<Arc<Analysed>> {
    if at.is_empty() {
        return state.current_paths(&*state.snapshot().await?).await;
    }
    let snapshot = snapshot_at(state, Some(at)).await?;
    let index = state.vuln_index().await?;
    Ok(Arc::new(analyse(snapshot.ledger.clone(), index).await?))
}

#[derive(Template)]
#[template(path = "paths.html")]
struct PathsPage {
    page: Page,
    data: PathsData,
    heading: String,
    csrf: String,
}

pub(super) fn normalised_at(at: Option<&str>) -> String {
    at.map(str::trim).unwrap_or_default().to_owned()
}

pub async fn paths<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Query(query): Query<AtQuery>,
) -> WebResult<Response> {
    if !whole_ledger_allowed(&user) {
        return Err(WebError::Forbidden);
    }
    let at = normalised_at(query.at.as_deref());
    let analysed = analysed(&state, &at).await?;
    let data = paths_data(
        lang,
        &analysed.loaded,
        &analysed.computed,
        &at,
        analysed.feeds_loaded,
    );
    let heading = text(
        lang,
        "paths-heading",
        &[
            ("hospital", &data.hospital),
            ("entries", &data.entries.to_string()),
            ("jewels", &data.crown_jewels.len().to_string()),
            ("pairs", &data.reached_pairs.to_string()),
            ("broken", &data.recovery_broken.to_string()),
        ],
    );
    render(&PathsPage {
        page: Page::new(lang, Some(&user), text(lang, "web-nav-paths", &[]), "paths"),
        data,
        heading,
        csrf: user.csrf_token().to_owned(),
    })
}

pub async fn api_paths<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Query(query): Query<AtQuery>,
) -> WebResult<Response> {
    if !whole_ledger_allowed(&user) {
        return Err(WebError::Forbidden);
    }
    let at = normalised_at(query.at.as_deref());
    let analysed = analysed(&state, &at).await?;
    let mut body = View::new(lang, &analysed.loaded, &analysed.computed).json();
    body["at"] = serde_json::Value::String(at);
    Ok(Json(body).into_response())
}

/// The query parameters and the response schema of `GET /api/v1/paths` for the OpenAPI
/// document (`crate::kinds::openapi`).
pub fn openapi() -> (serde_json::Value, serde_json::Value) {
    use serde_json::json;
    let string = json!({"type": "string"});
    let count = json!({"type": "integer", "minimum": 0});
    let parameters = json!([
        {"name": "at", "in": "query", "schema": {"type": "string", "format": "date"},
         "description": "The ledger as it was at the end of this date (Asia/Tokyo)."},
        {"name": "lang", "in": "query", "schema": {"enum": ["ja", "en"]},
         "description": "Language of the hop sentences and fix texts."}
    ]);
    let pair = json!({"type": "object", "properties": {"entry": string, "crown_jewel": string}});
    let hop = json!({"type": "object", "properties": {
        "step": {"enum": ["enter", "exploit", "logon", "harvest", "escalate"]},
        "text": {"type": "string", "description": "The hop as a sentence in the chosen language."}
    }, "additionalProperties": true});
    let reachable = json!({"type": "object", "properties": {
        "crown_jewel": string, "name": string, "kind": string,
        "hops": {"type": "array", "items": hop}
    }, "additionalProperties": true});
    let fix = json!({"type": "object", "properties": {
        "rank": count, "id": {"type": "string", "description": "kind:target, what POST /paths/whatif takes as `fix`."},
        "kind": {"enum": ["remove_rule", "patch", "break_credential", "backup_offline", "add_mfa"]},
        "target": string, "text": string,
        "owner": {"type": "string", "description": "hospital or vendor:<id>"}, "owner_name": string,
        "pairs_cut": {"type": "array", "items": pair}, "recovery_restored": {"type": "array", "items": string},
        "records": {"type": "array", "items": string}
    }, "additionalProperties": true});
    let finding = json!({"type": "object", "properties": {
        "vuln": string, "on": {"type": "object", "description": "{asset: id} or {point: id}"}, "name": string,
        "exposure": {"type": "object", "properties": {
            "reached_from": {"type": "array", "items": string}, "entries": count,
            "percent": count, "band": {"enum": ["critical", "high", "moderate", "low"]}
        }},
        "impact": {"type": "object", "properties": {
            "crown_jewels": {"type": "array", "items": string},
            "on_paths": {"type": "array", "items": pair},
            "pairs_cut_if_patched": count
        }}
    }});
    let schema = json!({"type": "object",
        "description": "The same document as `mamori paths --format json`.",
        "properties": {
        "format": {"const": "mamori-paths/1"}, "hospital": string,
        "at": {"type": "string", "description": "The date asked for; empty for now."},
        "counts": {"type": "object", "additionalProperties": count},
        "entries": {"type": "array", "items": {"type": "object", "additionalProperties": true}},
        "reachable": {"type": "object", "description": "Per entry point id: the crown jewels it reaches, one witness path each.",
                      "additionalProperties": {"type": "array", "items": reachable}},
        "recovery_broken": {"type": "object", "description": "Per crown jewel id.",
                            "additionalProperties": {"type": "object", "additionalProperties": true}},
        "fix_ranking": {"type": "array", "items": fix},
        "exposure": {"type": "array", "items": {"type": "object", "additionalProperties": true}},
        "findings": {"type": "array", "items": finding},
        "notes": {"type": "array", "items": {"type": "object", "additionalProperties": true}},
        "problems": {"type": "array", "items": string}
    }});
    (parameters, schema)
}

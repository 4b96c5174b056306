//! `/paths`: attack paths of the ledger (as of `?at=`), the same engine `mamori paths` runs:
//! per crown jewel the entry points that reach it with one witness path explained in the
//! user's language, whether its recovery is broken, and the fixes ranked by effect. A what-if
//! form (`POST /paths/whatif`) applies chosen fixes in memory and shows the difference;
//! nothing is written. `GET /api/v1/paths` gives the page's data as JSON
//! (`mamori-paths-web/1`). The whole ledger is analysed, so vendor accounts get 403.
//!
//! The web analyses the ledger only (the vulnerabilities recorded in it); findings of the
//! loaded vulnerability feeds are added by the CLI (`mamori paths`), not here.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Form, Json};
use mamori_core::Ledger;
use mamori_i18n::{Lang, text};
use mamori_paths::{Analysis, Change, Engine, Explainer, Facts, Fix, Owner, Recovery, WhatIf};
use mamori_paths_ledger::{facts_from_ledger, records_to_change};
use serde::{Deserialize, Serialize};

use super::{Page, render};
use crate::auth::CurrentUser;
use crate::error::{WebError, WebResult};
use crate::fields::url_encode;
use crate::kinds::pages::snapshot_at;
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
    pub crown_jewels: Vec<JewelView>,
    pub fixes: Vec<FixView>,
}

fn engine_lang(lang: Lang) -> mamori_paths::Lang {
    match lang {
        Lang::Ja => mamori_paths::Lang::Ja,
        Lang::En => mamori_paths::Lang::En,
    }
}

/// Names of the ledger's records the page shows next to ids.
struct Names<'a> {
    assets: HashMap<&'a str, &'a str>,
    points: HashMap<&'a str, &'a str>,
    vendors: HashMap<&'a str, &'a str>,
}

impl<'a> Names<'a> {
    fn new(ledger: &'a Ledger) -> Self {
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

    fn asset(&self, id: &str) -> String {
        self.assets.get(id).copied().unwrap_or(id).to_owned()
    }

    fn point(&self, id: &str) -> String {
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

fn fix_text(lang: Lang, change: &Change, names: &Names) -> String {
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

/// Runs the engine over the ledger and builds the page's data.
pub fn paths_data(lang: Lang, ledger: &Ledger, at: &str) -> PathsData {
    let facts = facts_from_ledger(ledger).facts;
    let engine = Engine::new(&facts);
    let analysis = engine.analysis();
    let ranking = engine.rank_fixes();
    let names = Names::new(ledger);
    PathsData {
        format: "mamori-paths-web/1",
        hospital: ledger.hospital.name.clone(),
        at: at.to_owned(),
        entries: analysis.entries.len(),
        reached_pairs: analysis.reached.len(),
        recovery_broken: analysis.recovery.iter().filter(|r| r.broken).count(),
        crown_jewels: jewel_views(lang, &facts, &analysis, &names),
        fixes: ranking
            .fixes
            .iter()
            .enumerate()
            .map(|(i, fix)| fix_view(lang, i + 1, fix, ledger, &names))
            .collect(),
    }
}

#[derive(Template)]
#[template(path = "paths.html")]
struct PathsPage {
    page: Page,
    data: PathsData,
    heading: String,
    csrf: String,
}

fn normalised_at(at: Option<&str>) -> String {
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
    let snapshot = snapshot_at(&state, Some(&at)).await?;
    let data = paths_data(lang, &snapshot.ledger, &at);
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
    let snapshot = snapshot_at(&state, Some(&at)).await?;
    Ok(Json(paths_data(lang, &snapshot.ledger, &at)).into_response())
}

/// A pair (entry point → crown jewel) with names, for the what-if page.
struct PairView {
    entry: String,
    entry_name: String,
    jewel: String,
    jewel_name: String,
}

#[derive(Template)]
#[template(path = "paths_whatif.html")]
struct WhatIfPage {
    page: Page,
    at: String,
    applied: Vec<String>,
    pairs_cut: Vec<PairView>,
    pairs_added: Vec<PairView>,
    recoveries_restored: Vec<(String, String)>,
    recoveries_broken: Vec<(String, String)>,
    reached_before: usize,
    reached_after: usize,
}

fn pair_views(pairs: &[mamori_paths::Pair], names: &Names) -> Vec<PairView> {
    pairs
        .iter()
        .map(|p| PairView {
            entry: p.entry.to_string(),
            entry_name: names.point(p.entry.as_str()),
            jewel: p.jewel.to_string(),
            jewel_name: names.asset(p.jewel.as_str()),
        })
        .collect()
}

fn jewel_names(ids: &[mamori_paths::AssetId], names: &Names) -> Vec<(String, String)> {
    ids.iter()
        .map(|id| (id.to_string(), names.asset(id.as_str())))
        .collect()
}

/// The fixes named by the form (`fix=<kind:target>`, repeatable); none or a malformed one
/// is bad input.
fn chosen_changes(values: &[(String, String)]) -> WebResult<Vec<Change>> {
    let changes: Option<Vec<Change>> = values
        .iter()
        .filter(|(key, _)| key == "fix")
        .map(|(_, value)| Change::from_stable_id(value))
        .collect();
    match changes {
        Some(changes) if !changes.is_empty() => Ok(changes),
        _ => Err(WebError::BadRequest),
    }
}

/// The difference the chosen fixes make; a fix naming nothing in the facts is bad input.
fn what_if_of(facts: &Facts, changes: &[Change]) -> WebResult<WhatIf> {
    let result = mamori_paths::what_if(facts, changes);
    if result.problems.is_empty() {
        Ok(result)
    } else {
        Err(WebError::BadRequest)
    }
}

pub async fn whatif<S: WebStore>(
    State(state): State<AppState<S>>,
    Extension(lang): Extension<Lang>,
    user: CurrentUser,
    Form(values): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    if !whole_ledger_allowed(&user) {
        return Err(WebError::Forbidden);
    }
    let field = |name: &str| {
        values
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    };
    user.check_csrf(field("csrf"))?;
    let at = normalised_at(field("at"));
    let changes = chosen_changes(&values)?;
    let snapshot = snapshot_at(&state, Some(&at)).await?;
    let ledger = &snapshot.ledger;
    let facts = facts_from_ledger(ledger).facts;
    let result = what_if_of(&facts, &changes)?;
    let names = Names::new(ledger);
    render(&WhatIfPage {
        page: Page::new(
            lang,
            Some(&user),
            text(lang, "web-paths-whatif-title", &[]),
            "paths",
        ),
        applied: changes.iter().map(|c| fix_text(lang, c, &names)).collect(),
        pairs_cut: pair_views(&result.pairs_cut, &names),
        pairs_added: pair_views(&result.pairs_added, &names),
        recoveries_restored: jewel_names(&result.recoveries_restored, &names),
        recoveries_broken: jewel_names(&result.recoveries_broken, &names),
        reached_before: result.before.reached.len(),
        reached_after: result.after.reached.len(),
        at,
    })
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
    let path = json!({"type": "object", "properties": {
        "entry": string, "entry_name": string,
        "hops": {"type": "array", "items": string, "description": "The witness path, one sentence per hop."}
    }});
    let jewel = json!({"type": "object", "properties": {
        "id": string, "name": string, "kind": string, "kind_label": string,
        "status": {"enum": ["broken", "intact", "unreached"]}, "status_label": string,
        "copies": string, "untested_warning": {"type": ["string", "null"]},
        "paths": {"type": "array", "items": path}
    }});
    let fix = json!({"type": "object", "properties": {
        "rank": count, "id": {"type": "string", "description": "kind:target, what POST /paths/whatif takes as `fix`."},
        "kind": {"enum": ["remove_rule", "patch", "break_credential", "backup_offline", "add_mfa"]},
        "target": string, "text": string,
        "owner": {"type": "string", "description": "hospital or vendor:<id>"}, "owner_name": string,
        "pairs_cut": count, "recoveries_restored": count,
        "records": {"type": "array", "items": {"type": "object", "properties": {"record": string, "href": string}}}
    }});
    let schema = json!({"type": "object", "properties": {
        "format": {"const": "mamori-paths-web/1"}, "hospital": string,
        "at": {"type": "string", "description": "Empty for now."},
        "entries": count, "reached_pairs": count, "recovery_broken": count,
        "crown_jewels": {"type": "array", "items": jewel},
        "fixes": {"type": "array", "items": fix}
    }});
    (parameters, schema)
}

//! Ledger records → the engine's asset context: every asset and connection point with CPE
//! names becomes one [`Target`]. Confirmed and suggested CPE names are kept apart so that a
//! suggestion can never make a finding confirmed.

use mamori_core::{CodeList, CpeName, CpeState, Ledger};
use mamori_vuln::{AssetContext, Wfn};

use crate::exceptions::TargetKind;

/// One asset or connection point, ready for matching.
#[derive(Debug, Clone)]
pub struct Target {
    pub kind: TargetKind,
    pub id: String,
    pub name: String,
    /// The crown-jewel code (`emr`, `backup_server` …) of an asset, if it is one.
    pub crown_jewel: Option<String>,
    /// The confirmed CPE names only.
    pub confirmed: AssetContext,
    /// Confirmed plus suggested names, when there are suggestions.
    pub with_suggested: Option<AssetContext>,
    /// The CPE names as written, confirmed then suggested: targets with the same key (300 PCs
    /// of one image) have the same findings, so matching runs once per key.
    pub cpe_key: String,
}

/// A CPE name in the ledger that the engine cannot use (the rest of the target still is).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CpeProblem {
    pub target_kind: TargetKind,
    pub target_id: String,
    pub cpe: String,
    pub message: String,
}

/// Every asset and connection point that carries at least one usable CPE name.
pub fn ledger_targets(ledger: &Ledger) -> (Vec<Target>, Vec<CpeProblem>) {
    let mut targets = Vec::new();
    let mut problems = Vec::new();
    for asset in &ledger.assets {
        let crown = asset.crown_jewel.map(|c| c.code().to_owned());
        let head = (TargetKind::Asset, asset.id.as_str(), asset.name.as_str());
        targets.extend(target(head, crown, &asset.cpes, &mut problems));
    }
    for point in &ledger.connection_points {
        let head = (
            TargetKind::ConnectionPoint,
            point.id.as_str(),
            point.name.as_str(),
        );
        targets.extend(target(head, None, &point.cpes, &mut problems));
    }
    (targets, problems)
}

fn target(
    (kind, id, name): (TargetKind, &str, &str),
    crown_jewel: Option<String>,
    cpes: &[CpeName],
    problems: &mut Vec<CpeProblem>,
) -> Option<Target> {
    let mut confirmed = Vec::new();
    let mut suggested = Vec::new();
    let (mut confirmed_key, mut suggested_key) = (String::new(), String::new());
    for name in cpes {
        match Wfn::parse_concrete(name.cpe.trim()) {
            Ok(wfn) if name.state == CpeState::Confirmed => {
                confirmed_key.push_str(name.cpe.trim());
                confirmed_key.push('\n');
                confirmed.push(wfn);
            }
            Ok(wfn) => {
                suggested_key.push_str(name.cpe.trim());
                suggested_key.push('\n');
                suggested.push(wfn);
            }
            Err(err) => problems.push(CpeProblem {
                target_kind: kind,
                target_id: id.to_owned(),
                cpe: name.cpe.clone(),
                message: err.to_string(),
            }),
        }
    }
    if confirmed.is_empty() && suggested.is_empty() {
        return None;
    }
    let with_suggested = (!suggested.is_empty()).then(|| {
        let mut all = confirmed.clone();
        all.extend(suggested);
        AssetContext::from_wfns(all)
    });
    Some(Target {
        kind,
        id: id.to_owned(),
        name: name.to_owned(),
        crown_jewel,
        confirmed: AssetContext::from_wfns(confirmed),
        with_suggested,
        cpe_key: format!("{confirmed_key}|{suggested_key}"),
    })
}

//! Attack paths for the overlay, from the pure attack-path engine run on the ledger.

use mamori_core::Ledger;
use mamori_paths::Hop;

use crate::overlay::{PathMark, Target};

/// Every (entry point, crown jewel) pair the engine finds reached from the ledger alone (its
/// own vulnerability records), with the records its witness path passes.
pub fn path_overlays(ledger: &Ledger) -> Vec<PathMark> {
    let conversion = mamori_paths_ledger::facts_from_ledger(ledger);
    path_marks(ledger, &mamori_paths::analyze(&conversion.facts))
}

/// Every (entry point, crown jewel) pair of `analysis` (of `ledger`, possibly with feed
/// findings added, as `mamori paths` computes it), with the records its witness path passes,
/// in the engine's order (entry order, then jewel id).
pub fn path_marks(ledger: &Ledger, analysis: &mamori_paths::Analysis) -> Vec<PathMark> {
    let point_name = |id: &str| {
        ledger
            .connection_points
            .iter()
            .find(|p| p.id.as_str() == id)
            .map_or_else(|| id.to_owned(), |p| p.name.clone())
    };
    let asset_name = |id: &str| {
        ledger
            .assets
            .iter()
            .find(|a| a.id.as_str() == id)
            .map_or_else(|| id.to_owned(), |a| a.name.clone())
    };
    analysis
        .reached
        .iter()
        .map(|pair| PathMark {
            entry: pair.entry.as_str().to_owned(),
            jewel: pair.jewel.as_str().to_owned(),
            label: format!(
                "{} → {}",
                point_name(pair.entry.as_str()),
                asset_name(pair.jewel.as_str())
            ),
            steps: pair.path.iter().filter_map(hop_target).collect(),
        })
        .collect()
}

fn hop_target(hop: &Hop) -> Option<Target> {
    match hop {
        Hop::Enter { point, .. } => Some(Target::ConnectionPoint(point.as_str().to_owned())),
        Hop::Exploit { asset, .. } | Hop::LogOn { asset, .. } | Hop::Escalate { asset, .. } => {
            Some(Target::Asset(asset.as_str().to_owned()))
        }
        Hop::Harvest { .. } => None,
    }
}

/// Why `--path ENTRY:CROWN_JEWEL` (or the page's `path`) names no path to highlight.
/// `code()` is the catalogue key; `args()` fill its message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathChoiceError {
    #[error("not ENTRY:CROWN_JEWEL: {0}")]
    Spec(String),
    #[error("no connection point {0}")]
    UnknownEntry(String),
    #[error("no asset {0}")]
    UnknownJewel(String),
    #[error("{0} is not a crown jewel")]
    NotJewel(String),
    #[error("no path from {entry} to {jewel}")]
    NotReached {
        entry: String,
        jewel: String,
        /// The pairs that are reached, as `ENTRY:JEWEL` ids.
        reached: Vec<String>,
    },
}

impl PathChoiceError {
    pub fn code(&self) -> &'static str {
        match self {
            PathChoiceError::Spec(_) => "diagram-path-spec",
            PathChoiceError::UnknownEntry(_) => "diagram-path-unknown-entry",
            PathChoiceError::UnknownJewel(_) => "diagram-path-unknown-jewel",
            PathChoiceError::NotJewel(_) => "diagram-path-not-jewel",
            PathChoiceError::NotReached { .. } => "diagram-path-not-reached",
        }
    }

    /// The message arguments (`value`, or `entry`, `jewel` and `pairs`).
    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            PathChoiceError::Spec(v)
            | PathChoiceError::UnknownEntry(v)
            | PathChoiceError::UnknownJewel(v)
            | PathChoiceError::NotJewel(v) => vec![("value", v.clone())],
            PathChoiceError::NotReached {
                entry,
                jewel,
                reached,
            } => vec![
                ("entry", entry.clone()),
                ("jewel", jewel.clone()),
                (
                    "pairs",
                    if reached.is_empty() {
                        "-".to_owned()
                    } else {
                        reached.join(", ")
                    },
                ),
            ],
        }
    }
}

/// The path of `paths` (from [`path_overlays`]) that `spec` names: `ENTRY:CROWN_JEWEL`, each
/// side a ledger id or an exact name (a connection point, then an asset). Names may hold a
/// colon: every colon is tried as the separator.
pub fn choose_path<'p>(
    ledger: &Ledger,
    paths: &'p [PathMark],
    spec: &str,
) -> Result<&'p PathMark, PathChoiceError> {
    let spec = spec.trim();
    let splits: Vec<(&str, &str)> = spec
        .match_indices(':')
        .map(|(i, _)| (spec[..i].trim(), spec[i + 1..].trim()))
        .filter(|(a, b)| !a.is_empty() && !b.is_empty())
        .collect();
    if splits.is_empty() {
        return Err(PathChoiceError::Spec(spec.to_owned()));
    }
    let point = |key: &str| {
        ledger
            .connection_points
            .iter()
            .find(|p| p.id.as_str() == key)
            .or_else(|| ledger.connection_points.iter().find(|p| p.name == key))
    };
    let asset = |key: &str| {
        ledger
            .assets
            .iter()
            .find(|a| a.id.as_str() == key)
            .or_else(|| ledger.assets.iter().find(|a| a.name == key))
    };
    let mut first_error = None;
    for (left, right) in &splits {
        let error = match (point(left), asset(right)) {
            (None, _) => PathChoiceError::UnknownEntry((*left).to_owned()),
            (Some(_), None) => PathChoiceError::UnknownJewel((*right).to_owned()),
            (Some(_), Some(a)) if a.crown_jewel.is_none() => {
                PathChoiceError::NotJewel(a.name.clone())
            }
            (Some(p), Some(a)) => {
                if let Some(found) = paths
                    .iter()
                    .find(|m| m.entry == p.id.as_str() && m.jewel == a.id.as_str())
                {
                    return Ok(found);
                }
                PathChoiceError::NotReached {
                    entry: p.name.clone(),
                    jewel: a.name.clone(),
                    reached: paths
                        .iter()
                        .map(|m| format!("{}:{}", m.entry, m.jewel))
                        .collect(),
                }
            }
        };
        // The most specific problem wins: a resolved entry beats an unknown one.
        let rank = |e: &PathChoiceError| match e {
            PathChoiceError::UnknownEntry(_) => 0,
            PathChoiceError::UnknownJewel(_) => 1,
            _ => 2,
        };
        if first_error.as_ref().is_none_or(|f| rank(&error) > rank(f)) {
            first_error = Some(error);
        }
    }
    Err(first_error.unwrap_or_else(|| PathChoiceError::Spec(spec.to_owned())))
}

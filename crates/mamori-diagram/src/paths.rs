//! Attack paths for the overlay, from the pure attack-path engine run on the ledger.

use mamori_core::Ledger;
use mamori_paths::Hop;

use crate::overlay::{PathMark, Target};

/// Every (entry point, crown jewel) pair the engine finds reached, with the records its
/// witness path passes, in the engine's order (entry order, then jewel id).
pub fn path_overlays(ledger: &Ledger) -> Vec<PathMark> {
    let conversion = mamori_paths_ledger::facts_from_ledger(ledger);
    let analysis = mamori_paths::analyze(&conversion.facts);
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

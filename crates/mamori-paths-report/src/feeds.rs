//! The findings of the loaded vulnerability feeds, in the form the attack-path facts take them
//! (`mamori_paths_ledger::FoundVulnerability`): the matching is `vuln match`'s, and what each
//! CVE record says (CVSS vector, CWE ids) is read here from the same stored feed rows.

use std::sync::Arc;

use mamori_core::{Date, Ledger};
use mamori_findings::{TargetKind, VulnIndex, ledger_targets, match_targets};
use mamori_paths_ledger::{FindingTarget, FoundVulnerability};
use mamori_vuln::{FeedSet, FeedSource};

/// Tiers that become facts: a finding the matcher is sure of, or one it cannot rule out.
/// Weaker tiers (platform only, JVN product names …) would turn guesses into paths.
const USED_TIERS: [&str; 2] = ["confirmed", "possible"];

/// The feed sources whose stored bodies [`FeedFacts::from_bodies`] reads.
pub const SOURCES: [FeedSource; 5] = [
    FeedSource::Nvd,
    FeedSource::NvdOverride,
    FeedSource::Cve5,
    FeedSource::Kev,
    FeedSource::Jvn,
];

/// The feeds, indexed once (shared: the web keeps one index per feed state).
#[derive(Debug, Clone)]
pub struct FeedFacts {
    index: Arc<VulnIndex>,
}

impl FeedFacts {
    /// The codes of [`SOURCES`], for the store's `feed_bodies`.
    pub fn source_codes() -> Vec<&'static str> {
        SOURCES.iter().map(|s| s.code()).collect()
    }

    /// Indexes stored feed bodies (`(source code, body)`, as the store gives them); `None`
    /// when there are none (the analysis then uses the ledger's own records only).
    pub fn from_bodies(rows: &[(String, String)]) -> Option<FeedFacts> {
        if rows.is_empty() {
            return None;
        }
        let set =
            FeedSet::from_bodies(rows.iter().filter_map(|(source, body)| {
                Some((FeedSource::from_code(source)?, body.as_str()))
            }));
        Some(FeedFacts::from_index(Arc::new(VulnIndex::new(set))))
    }

    /// An index built elsewhere (the same sources as [`SOURCES`]).
    pub fn from_index(index: Arc<VulnIndex>) -> FeedFacts {
        FeedFacts { index }
    }

    /// `today` only decides exception expiry, and no exceptions are passed: any date gives
    /// the same findings.
    pub fn found(&self, ledger: &Ledger, today: Date) -> Vec<FoundVulnerability> {
        let (targets, _) = ledger_targets(ledger);
        match_targets(&targets, &self.index, &[], today)
            .into_iter()
            .filter(|f| USED_TIERS.contains(&f.confidence))
            .map(|f| {
                let (vector, cwes) = self
                    .index
                    .info(f.cve)
                    .map(|info| (info.cvss_vector.clone(), info.cwes.clone()))
                    .unwrap_or_default();
                FoundVulnerability {
                    target: match f.target_kind {
                        TargetKind::Asset => FindingTarget::Asset(f.asset_id.to_owned()),
                        TargetKind::ConnectionPoint => {
                            FindingTarget::ConnectionPoint(f.asset_id.to_owned())
                        }
                    },
                    cve: f.cve.to_owned(),
                    kev: f.kev,
                    cvss_vector: vector,
                    cwes,
                }
            })
            .collect()
    }
}

//! The findings of the loaded vulnerability feeds, in the form the attack-path facts take them
//! (`mamori_paths_ledger::FoundVulnerability`): the matching is `vuln match`'s, and what each
//! CVE record says (CVSS vector, CWE ids) is read here from the same stored feed rows.

use std::collections::HashMap;

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

/// The feeds, indexed once, with each CVE's headline vector and CWE ids.
#[derive(Debug)]
pub struct FeedFacts {
    index: VulnIndex,
    records: HashMap<String, (Option<String>, Vec<String>)>,
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
        let records = set
            .nvd
            .iter()
            .map(|record| {
                let vector = record.headline_cvss().and_then(|s| s.vector.clone());
                (record.id.clone(), (vector, record.cwes.clone()))
            })
            .collect();
        Some(FeedFacts {
            index: VulnIndex::new(set),
            records,
        })
    }

    /// The findings of `ledger`, risk acceptances included (an accepted risk is still there).
    /// `today` only decides exception expiry, and no exceptions are passed: any date gives
    /// the same findings.
    pub fn found(&self, ledger: &Ledger, today: Date) -> Vec<FoundVulnerability> {
        let (targets, _) = ledger_targets(ledger);
        match_targets(&targets, &self.index, &[], today)
            .into_iter()
            .filter(|f| USED_TIERS.contains(&f.confidence))
            .map(|f| {
                let (vector, cwes) = self.records.get(f.cve).cloned().unwrap_or_default();
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

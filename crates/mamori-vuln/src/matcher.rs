//! The loaded feeds, indexed by lower-cased `vendor:product` of every vulnerable criterion, so
//! matching an asset costs its candidate configurations, not assets × criteria.

use std::collections::{HashMap, HashSet};

use crate::alias::AliasTable;
use crate::alias_match::{Derived, alias_entries, cna_entries};
use crate::applicability::{Applicability, Evidence, Tier, Truth, evaluate_configurations};
use crate::asset::AssetContext;
use crate::cpe::Wfn;
use crate::cve5::Cve5Record;
use crate::nvd::{Configuration, CveRecord};

/// Where a finding's applicability data came from, best evidence first (the order ranks
/// answers of the same tier).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    Nvd,
    /// CNA/ADP `affected` CPEs of a CVE JSON 5 record (NVD had no configurations).
    Cve5,
    /// CNA `affected` vendor/product names written the way NVD writes tokens (tier `adp`).
    Cna,
    /// Only through the vendor-alias table (tier `alias`, never `confirmed`).
    Alias,
}

/// One CVE that applies (at some tier) to one asset; borrows from the matcher and the asset.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding<'a> {
    pub cve_id: &'a str,
    pub tier: Tier,
    pub source: Source,
    pub truth: Truth,
    pub evidence: Vec<Evidence<'a>>,
}

/// One CVE's applicability data as the matcher holds it.
#[derive(Debug, Clone)]
struct Entry {
    cve_id: String,
    source: Source,
    configurations: Vec<Configuration>,
}

type ConfigRef = (u32, u32);

/// Feeds ready for matching.
#[derive(Debug, Default)]
pub struct Matcher {
    entries: Vec<Entry>,
    by_vendor_product: HashMap<(String, String), Vec<ConfigRef>>,
    /// Configurations whose vulnerable criteria have a wildcard vendor or product.
    unindexed: Vec<ConfigRef>,
    nvd_ids: HashSet<String>,
    without_data: Vec<String>,
}

impl Matcher {
    /// Builds the index from NVD records and CVE JSON 5 records with mamori's vendor-alias
    /// table. A CVE 5 record is used only when NVD has no configurations for that CVE.
    pub fn new(nvd: Vec<CveRecord>, cve5: &[Cve5Record]) -> Matcher {
        Matcher::with_aliases(nvd, cve5, AliasTable::builtin())
    }

    /// As [`Matcher::new`], with the given alias table (the builtin one extended by a user's).
    pub fn with_aliases(nvd: Vec<CveRecord>, cve5: &[Cve5Record], aliases: &AliasTable) -> Matcher {
        let mut matcher = Matcher::default();
        let mut nvd_configured: HashSet<String> = HashSet::new();
        for record in nvd {
            matcher.nvd_ids.insert(record.id.clone());
            if record.configurations.is_empty() {
                continue;
            }
            nvd_configured.insert(record.id.clone());
            matcher.push_entry(Entry {
                cve_id: record.id,
                source: Source::Nvd,
                configurations: record.configurations,
            });
        }
        let mut fallback_ids: HashSet<String> = HashSet::new();
        for record in cve5.iter().filter(|r| !nvd_configured.contains(&r.cve_id)) {
            let configurations = record.to_configurations();
            if configurations.is_empty() {
                continue;
            }
            fallback_ids.insert(record.cve_id.clone());
            matcher.push_entry(Entry {
                cve_id: record.cve_id.clone(),
                source: Source::Cve5,
                configurations,
            });
        }
        for record in cve5.iter().filter(|r| !nvd_configured.contains(&r.cve_id)) {
            for derived in cna_entries(record, aliases) {
                fallback_ids.insert(derived.cve_id.clone());
                matcher.push_derived(derived);
            }
        }
        let aliased = alias_entries(
            matcher
                .entries
                .iter()
                .map(|e| (e.cve_id.as_str(), e.configurations.as_slice())),
            aliases,
        );
        for derived in aliased {
            matcher.push_derived(derived);
        }
        let mut without: Vec<String> = matcher
            .nvd_ids
            .iter()
            .chain(cve5.iter().map(|r| &r.cve_id))
            .filter(|id| !nvd_configured.contains(*id) && !fallback_ids.contains(*id))
            .cloned()
            .collect();
        without.sort();
        without.dedup();
        matcher.without_data = without;
        matcher
    }

    fn push_derived(&mut self, derived: Derived) {
        self.push_entry(Entry {
            cve_id: derived.cve_id,
            source: derived.source,
            configurations: derived.configurations,
        });
    }

    fn push_entry(&mut self, entry: Entry) {
        let Ok(entry_idx) = u32::try_from(self.entries.len()) else {
            return;
        };
        for (config_idx, config) in entry.configurations.iter().enumerate() {
            let Ok(config_idx) = u32::try_from(config_idx) else {
                continue;
            };
            let mut keys: HashSet<(String, String)> = HashSet::new();
            let mut wild = false;
            for criterion in config
                .nodes
                .iter()
                .flat_map(|n| &n.cpe_match)
                .filter(|c| c.vulnerable)
            {
                match vendor_product(&criterion.criteria) {
                    Some(key) => {
                        keys.insert(key);
                    }
                    None => wild = true,
                }
            }
            for key in keys {
                self.by_vendor_product
                    .entry(key)
                    .or_default()
                    .push((entry_idx, config_idx));
            }
            if wild {
                self.unindexed.push((entry_idx, config_idx));
            }
        }
        self.entries.push(entry);
    }

    /// CVEs known to the matcher that have no applicability data from any source: show them
    /// as "unknown", never as "not affected".
    pub fn cves_without_applicability_data(&self) -> &[String] {
        &self.without_data
    }

    pub fn entry_count(&self) -> usize {
        self.entries.len()
    }

    pub fn criteria_count(&self) -> usize {
        self.entries
            .iter()
            .flat_map(|e| &e.configurations)
            .flat_map(|c| &c.nodes)
            .map(|n| n.cpe_match.len())
            .sum()
    }

    /// Every CVE that applies to the asset, strongest tier first, then by CVE id.
    pub fn match_asset<'a>(&'a self, asset: &'a AssetContext) -> Vec<Finding<'a>> {
        let mut candidates: HashMap<u32, Vec<u32>> = HashMap::new();
        let keys = asset
            .cpes
            .iter()
            .filter_map(vendor_product)
            .collect::<HashSet<_>>();
        let indexed = keys
            .iter()
            .filter_map(|key| self.by_vendor_product.get(key))
            .flatten();
        for &(entry_idx, config_idx) in indexed.chain(&self.unindexed) {
            candidates.entry(entry_idx).or_default().push(config_idx);
        }
        // Entry order, not the map's: among equal answers the earlier entry wins, every time.
        let mut candidates: Vec<(u32, Vec<u32>)> = candidates.into_iter().collect();
        candidates.sort_unstable_by_key(|(entry_idx, _)| *entry_idx);
        let mut findings: Vec<Finding> = candidates
            .into_iter()
            .filter_map(|(entry_idx, config_idxs)| {
                self.evaluate_entry(entry_idx, config_idxs, asset)
            })
            .collect();
        // A CVE can come through several entries (direct and aliased): the strongest answer
        // wins, and at the same tier the better evidence (NVD, then CPE names, then names).
        findings.sort_by(|a, b| {
            (a.cve_id.cmp(b.cve_id))
                .then_with(|| a.tier.cmp(&b.tier))
                .then_with(|| b.truth.rank().cmp(&a.truth.rank()))
                .then_with(|| a.source.cmp(&b.source))
        });
        findings.dedup_by(|later, first| later.cve_id == first.cve_id);
        findings.sort_by(|a, b| a.tier.cmp(&b.tier).then_with(|| a.cve_id.cmp(b.cve_id)));
        findings
    }

    fn evaluate_entry<'a>(
        &'a self,
        entry_idx: u32,
        mut config_idxs: Vec<u32>,
        asset: &'a AssetContext,
    ) -> Option<Finding<'a>> {
        let entry = self.entries.get(entry_idx as usize)?;
        config_idxs.sort_unstable();
        config_idxs.dedup();
        let configs = config_idxs.iter().filter_map(|&idx| {
            entry
                .configurations
                .get(idx as usize)
                .map(|c| (idx as usize, c))
        });
        let Applicability {
            truth,
            tier,
            evidence,
        } = evaluate_configurations(configs, asset);
        let tier = match (tier?, entry.source) {
            (_, Source::Cve5 | Source::Cna) => Tier::Adp,
            (_, Source::Alias) => Tier::Alias,
            (tier, Source::Nvd) => tier,
        };
        Some(Finding {
            cve_id: &entry.cve_id,
            tier,
            source: entry.source,
            truth,
            evidence,
        })
    }
}

fn vendor_product(wfn: &Wfn) -> Option<(String, String)> {
    Some((wfn.vendor()?.to_owned(), wfn.product()?.to_owned()))
}

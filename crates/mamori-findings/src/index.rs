//! The loaded feeds in the shape matching and explanation need: the engine's [`Matcher`],
//! per-CVE facts (CVSS, dates, text), the KEV catalog, and JVN entries by CVE and by product.

use std::collections::HashMap;

use mamori_vuln::jvn::JvnEntry;
use mamori_vuln::{AliasTable, AssetContext, FeedSet, KevCatalog, KevEntry, Matcher};

/// What a finding shows about its CVE besides applicability.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CveInfo {
    pub cvss: Option<f64>,
    pub cvss_version: Option<String>,
    /// The headline CVSS vector (attack-path effects are read from it).
    pub cvss_vector: Option<String>,
    pub severity: Option<String>,
    pub published: Option<String>,
    pub description: Option<String>,
    pub title: Option<String>,
    /// CWE ids of the NVD record.
    pub cwes: Vec<String>,
}

/// Every loaded feed, indexed once per command.
#[derive(Debug)]
pub struct VulnIndex {
    matcher: Matcher,
    info: HashMap<String, CveInfo>,
    kev: KevCatalog,
    jvn: Vec<JvnEntry>,
    jvn_by_cve: HashMap<String, Vec<usize>>,
    jvn_by_product: HashMap<(String, String), Vec<usize>>,
}

impl VulnIndex {
    pub fn new(set: FeedSet) -> VulnIndex {
        VulnIndex::with_aliases(set, AliasTable::builtin())
    }

    /// As [`VulnIndex::new`], with the given vendor-alias table (builtin plus a user's file).
    pub fn with_aliases(set: FeedSet, aliases: &AliasTable) -> VulnIndex {
        let mut info: HashMap<String, CveInfo> = HashMap::new();
        for record in &set.nvd {
            let headline = record.headline_cvss();
            info.insert(
                record.id.clone(),
                CveInfo {
                    cvss: headline.map(|s| s.base_score),
                    cvss_version: headline.map(|s| s.version.clone()),
                    cvss_vector: headline.and_then(|s| s.vector.clone()),
                    severity: headline.and_then(|s| s.base_severity.clone()),
                    published: record.published.clone(),
                    description: record.description("en").map(str::to_owned),
                    title: record
                        .kev
                        .as_ref()
                        .and_then(|k| k.vulnerability_name.clone()),
                    cwes: record.cwes.clone(),
                },
            );
        }
        for record in &set.cve5 {
            let entry = info.entry(record.cve_id.clone()).or_default();
            entry.published = entry.published.take().or(record.date_published.clone());
            entry.description = entry.description.take().or(record.description_en.clone());
            entry.title = entry.title.take().or(record.title.clone());
        }
        let (jvn_by_cve, jvn_by_product) = jvn_indexes(&set.jvn);
        VulnIndex {
            matcher: Matcher::with_aliases(set.nvd, &set.cve5, aliases),
            info,
            kev: set.kev,
            jvn: set.jvn,
            jvn_by_cve,
            jvn_by_product,
        }
    }

    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    pub fn info(&self, cve: &str) -> Option<&CveInfo> {
        self.info.get(cve)
    }

    pub fn kev(&self, cve: &str) -> Option<&KevEntry> {
        self.kev.get(cve)
    }

    pub fn kev_catalog(&self) -> &KevCatalog {
        &self.kev
    }

    /// JVN entries that name this CVE.
    pub fn jvn_for_cve(&self, cve: &str) -> impl Iterator<Item = &JvnEntry> {
        self.jvn_by_cve
            .get(cve)
            .into_iter()
            .flatten()
            .filter_map(|&idx| self.jvn.get(idx))
    }

    /// JVN entries naming a product (part-less vendor:product) the asset carries.
    pub fn jvn_for_asset(&self, asset: &AssetContext) -> Vec<&JvnEntry> {
        let mut found: Vec<usize> = asset
            .cpes
            .iter()
            .filter_map(|cpe| Some((cpe.vendor()?.to_owned(), cpe.product()?.to_owned())))
            .filter_map(|key| self.jvn_by_product.get(&key))
            .flatten()
            .copied()
            .collect();
        found.sort_unstable();
        found.dedup();
        found
            .into_iter()
            .filter_map(|idx| self.jvn.get(idx))
            .filter(|entry| entry.matches_product(asset))
            .collect()
    }
}

type JvnIndexes = (
    HashMap<String, Vec<usize>>,
    HashMap<(String, String), Vec<usize>>,
);

fn jvn_indexes(entries: &[JvnEntry]) -> JvnIndexes {
    let mut by_cve: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_product: HashMap<(String, String), Vec<usize>> = HashMap::new();
    for (idx, entry) in entries.iter().enumerate() {
        for cve in &entry.cve_ids {
            by_cve
                .entry(cve.to_ascii_uppercase())
                .or_default()
                .push(idx);
        }
        for cpe in entry.products.iter().filter_map(|p| p.cpe.as_ref()) {
            if let (Some(vendor), Some(product)) = (cpe.vendor(), cpe.product()) {
                by_product
                    .entry((vendor.to_owned(), product.to_owned()))
                    .or_default()
                    .push(idx);
            }
        }
    }
    (by_cve, by_product)
}

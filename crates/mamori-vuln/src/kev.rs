//! The CISA Known Exploited Vulnerabilities catalog (JSON). Joined to CVEs by id only:
//! `vendorProject`/`product` are display strings, not CPEs.

use std::collections::HashMap;
use std::io::Read;

use serde::Deserialize;
use serde_json::Value;

use crate::problem::{Parsed, Problem};

/// One KEV entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KevEntry {
    pub cve_id: String,
    pub vendor_project: String,
    pub product: String,
    pub vulnerability_name: String,
    pub date_added: String,
    pub short_description: String,
    pub required_action: String,
    pub due_date: String,
    /// `knownRansomwareCampaignUse == "Known"`.
    pub known_ransomware: bool,
    pub notes: String,
    pub cwes: Vec<String>,
}

/// The whole catalog, indexed by CVE id.
#[derive(Debug, Clone, Default)]
pub struct KevCatalog {
    pub title: Option<String>,
    pub catalog_version: Option<String>,
    pub date_released: Option<String>,
    pub entries: Vec<KevEntry>,
    by_cve: HashMap<String, usize>,
}

impl KevCatalog {
    pub fn get(&self, cve_id: &str) -> Option<&KevEntry> {
        self.by_cve
            .get(&cve_id.to_ascii_uppercase())
            .map(|&idx| &self.entries[idx])
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawCatalog {
    title: Option<String>,
    catalog_version: Option<String>,
    date_released: Option<String>,
    #[serde(default)]
    vulnerabilities: Vec<Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawEntry {
    #[serde(rename = "cveID")]
    cve_id: String,
    #[serde(default)]
    vendor_project: String,
    #[serde(default)]
    product: String,
    #[serde(default)]
    vulnerability_name: String,
    #[serde(default)]
    date_added: String,
    #[serde(default)]
    short_description: String,
    #[serde(default)]
    required_action: String,
    #[serde(default)]
    due_date: String,
    #[serde(default)]
    known_ransomware_campaign_use: String,
    #[serde(default)]
    notes: String,
    #[serde(default)]
    cwes: Vec<String>,
}

/// Parses the catalog; entries that cannot be read are problems, the rest is kept.
pub fn parse_kev_reader(
    reader: impl Read,
) -> Result<(KevCatalog, Vec<Problem>), serde_json::Error> {
    let raw: RawCatalog = serde_json::from_reader(reader)?;
    Ok(build_catalog(raw))
}

pub fn parse_kev(bytes: &[u8]) -> Result<(KevCatalog, Vec<Problem>), serde_json::Error> {
    let raw: RawCatalog = serde_json::from_slice(bytes)?;
    Ok(build_catalog(raw))
}

fn build_catalog(raw: RawCatalog) -> (KevCatalog, Vec<Problem>) {
    let mut parsed: Parsed<KevEntry> = Parsed::default();
    for (idx, value) in raw.vulnerabilities.into_iter().enumerate() {
        match RawEntry::deserialize(value) {
            Ok(entry) => parsed.records.push(convert_entry(entry)),
            Err(err) => parsed.problems.push(Problem {
                record: format!("vulnerabilities[{idx}]"),
                location: String::new(),
                message: format!("unreadable KEV entry: {err}"),
            }),
        }
    }
    let by_cve = parsed
        .records
        .iter()
        .enumerate()
        .map(|(idx, e)| (e.cve_id.clone(), idx))
        .collect();
    let catalog = KevCatalog {
        title: raw.title,
        catalog_version: raw.catalog_version,
        date_released: raw.date_released,
        entries: parsed.records,
        by_cve,
    };
    (catalog, parsed.problems)
}

fn convert_entry(raw: RawEntry) -> KevEntry {
    KevEntry {
        cve_id: raw.cve_id.to_ascii_uppercase(),
        vendor_project: raw.vendor_project,
        product: raw.product,
        vulnerability_name: raw.vulnerability_name,
        date_added: raw.date_added,
        short_description: raw.short_description,
        required_action: raw.required_action,
        due_date: raw.due_date,
        known_ransomware: raw
            .known_ransomware_campaign_use
            .eq_ignore_ascii_case("known"),
        notes: raw.notes,
        cwes: raw.cwes,
    }
}

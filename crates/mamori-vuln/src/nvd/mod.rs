//! NVD CVE API 2.0 records: the typed model and its parser.
//!
//! The model keeps everything matching and explanation need: the whole configuration tree with
//! `vulnerable` flags, parsed criteria plus their raw text, `matchCriteriaId`, the four version
//! bounds exactly as given, CVSS v4.0/v3.x/v2 base scores, CWE ids, NVD's inline KEV fields.

mod parse;

pub use parse::{
    nvd_cve_objects, parse_nvd_cve_body, parse_nvd_cve_value, parse_nvd_document, parse_nvd_reader,
};

use crate::cpe::Wfn;
pub use crate::problem::{Parsed, Problem};

/// One CVE as NVD describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct CveRecord {
    pub id: String,
    pub source_identifier: Option<String>,
    pub published: Option<String>,
    pub last_modified: Option<String>,
    pub vuln_status: Option<String>,
    pub descriptions: Vec<LangText>,
    pub cvss: Vec<CvssScore>,
    pub cwes: Vec<String>,
    pub kev: Option<NvdKevFields>,
    pub configurations: Vec<Configuration>,
    pub references: Vec<Reference>,
}

impl CveRecord {
    /// The English description, or the first one.
    pub fn description(&self, lang: &str) -> Option<&str> {
        self.descriptions
            .iter()
            .find(|d| d.lang.eq_ignore_ascii_case(lang))
            .or_else(|| self.descriptions.first())
            .map(|d| d.value.as_str())
    }

    /// The score to show: the newest CVSS version, NVD's own (Primary) entry first.
    pub fn headline_cvss(&self) -> Option<&CvssScore> {
        self.cvss
            .iter()
            .max_by_key(|s| (s.version_rank(), s.primary))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LangText {
    pub lang: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CvssScore {
    /// `"4.0"`, `"3.1"`, `"3.0"` or `"2.0"`.
    pub version: String,
    pub source: Option<String>,
    /// NVD's own assessment (`"type": "Primary"`), as opposed to the CNA's.
    pub primary: bool,
    pub base_score: f64,
    pub base_severity: Option<String>,
    pub vector: Option<String>,
}

impl CvssScore {
    fn version_rank(&self) -> u8 {
        match self.version.as_str() {
            "4.0" => 4,
            "3.1" => 3,
            "3.0" => 2,
            _ => 1,
        }
    }
}

/// NVD's copy of the CISA KEV fields (the KEV catalog itself is the source of truth).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NvdKevFields {
    pub exploit_add: Option<String>,
    pub action_due: Option<String>,
    pub required_action: Option<String>,
    pub vulnerability_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub url: String,
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operator {
    And,
    Or,
}

/// One configuration: the CVE applies when any configuration is satisfied.
#[derive(Debug, Clone, PartialEq)]
pub struct Configuration {
    /// `None` when NVD gives no operator: the nodes are then alternatives (OR).
    pub operator: Option<Operator>,
    pub negate: bool,
    pub nodes: Vec<Node>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub operator: Operator,
    pub negate: bool,
    pub cpe_match: Vec<CpeMatch>,
}

/// One match criterion: a CPE match string plus NVD's optional version range.
#[derive(Debug, Clone, PartialEq)]
pub struct CpeMatch {
    pub vulnerable: bool,
    pub criteria: Wfn,
    /// The criterion exactly as NVD wrote it, for explanations.
    pub criteria_text: String,
    pub match_criteria_id: Option<String>,
    pub bounds: VersionBounds,
}

/// NVD's range extension; strings exactly as given (escapes included).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VersionBounds {
    pub start_including: Option<String>,
    pub start_excluding: Option<String>,
    pub end_including: Option<String>,
    pub end_excluding: Option<String>,
}

impl VersionBounds {
    pub fn is_empty(&self) -> bool {
        self.start_including.is_none()
            && self.start_excluding.is_none()
            && self.end_including.is_none()
            && self.end_excluding.is_none()
    }
}

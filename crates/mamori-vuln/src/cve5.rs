//! CVE JSON 5 records (cvelistV5, cisagov/vulnrichment): CNA and CISA ADP containers.
//!
//! Used as the fallback source of affected products when NVD has no configurations for a CVE:
//! `affected[]` entries that carry CPE names are turned into NVD-shaped configurations so the
//! same evaluator applies; findings from them get the `adp` tier.

use std::io::Read;

use serde::Deserialize;
use serde_json::Value;

use crate::cpe::{AttrValue, Attribute, Pattern, Wfn};
use crate::nvd::{Configuration, CpeMatch, Node, Operator, VersionBounds};
use crate::problem::Problem;

/// Which container an `affected` entry came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Provider {
    Cna,
    /// ADP `shortName`, e.g. `CISA-ADP`.
    Adp(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionEntry {
    pub status: String,
    pub version: String,
    pub less_than: Option<String>,
    pub less_than_or_equal: Option<String>,
    pub version_type: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Affected {
    pub provider: Provider,
    pub vendor: Option<String>,
    pub product: Option<String>,
    pub cpes: Vec<Wfn>,
    pub versions: Vec<VersionEntry>,
    pub default_status: Option<String>,
}

/// The parts of a CVE JSON 5 record mamori uses.
#[derive(Debug, Clone, PartialEq)]
pub struct Cve5Record {
    pub cve_id: String,
    pub state: String,
    pub date_published: Option<String>,
    pub title: Option<String>,
    pub description_en: Option<String>,
    pub cwes: Vec<String>,
    pub affected: Vec<Affected>,
    /// CISA ADP SSVC decision points, e.g. `("Exploitation", "active")`.
    pub ssvc: Vec<(String, String)>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawRecord {
    cve_metadata: RawMetadata,
    #[serde(default)]
    containers: RawContainers,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawMetadata {
    cve_id: String,
    state: String,
    date_published: Option<String>,
}

#[derive(Deserialize, Default)]
struct RawContainers {
    cna: Option<RawContainer>,
    #[serde(default)]
    adp: Vec<RawContainer>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct RawContainer {
    title: Option<String>,
    #[serde(default)]
    descriptions: Vec<RawDescription>,
    #[serde(default)]
    affected: Vec<RawAffected>,
    #[serde(default)]
    problem_types: Vec<RawProblemType>,
    #[serde(default)]
    metrics: Vec<Value>,
    provider_metadata: Option<RawProvider>,
}

#[derive(Deserialize)]
struct RawDescription {
    lang: String,
    value: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawProvider {
    short_name: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawAffected {
    vendor: Option<String>,
    product: Option<String>,
    #[serde(default)]
    cpes: Vec<String>,
    #[serde(default)]
    versions: Vec<RawVersion>,
    default_status: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawVersion {
    status: String,
    version: String,
    less_than: Option<String>,
    less_than_or_equal: Option<String>,
    version_type: Option<String>,
}

#[derive(Deserialize)]
struct RawProblemType {
    #[serde(default)]
    descriptions: Vec<RawProblemDescription>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawProblemDescription {
    cwe_id: Option<String>,
}

/// Parses one CVE JSON 5 record. Unusable CPE names inside it are problems.
pub fn parse_cve5(bytes: &[u8]) -> Result<(Cve5Record, Vec<Problem>), serde_json::Error> {
    let raw: RawRecord = serde_json::from_slice(bytes)?;
    Ok(convert_record(raw))
}

pub fn parse_cve5_reader(
    reader: impl Read,
) -> Result<(Cve5Record, Vec<Problem>), serde_json::Error> {
    let raw: RawRecord = serde_json::from_reader(reader)?;
    Ok(convert_record(raw))
}

fn convert_record(raw: RawRecord) -> (Cve5Record, Vec<Problem>) {
    let cve_id = raw.cve_metadata.cve_id;
    let mut problems = Vec::new();
    let cna = raw.containers.cna.unwrap_or_default();
    let mut affected = convert_affected(&cve_id, Provider::Cna, cna.affected, &mut problems);
    let mut cwes = collect_cwes(&cna.problem_types);
    let mut ssvc = Vec::new();
    for adp in raw.containers.adp {
        let name = adp
            .provider_metadata
            .and_then(|p| p.short_name)
            .unwrap_or_else(|| "ADP".to_owned());
        affected.extend(convert_affected(
            &cve_id,
            Provider::Adp(name),
            adp.affected,
            &mut problems,
        ));
        for cwe in collect_cwes(&adp.problem_types) {
            if !cwes.contains(&cwe) {
                cwes.push(cwe);
            }
        }
        ssvc.extend(adp.metrics.iter().flat_map(ssvc_options));
    }
    let description_en = cna
        .descriptions
        .into_iter()
        .find(|d| d.lang.starts_with("en"))
        .map(|d| d.value);
    let record = Cve5Record {
        cve_id,
        state: raw.cve_metadata.state,
        date_published: raw.cve_metadata.date_published,
        title: cna.title,
        description_en,
        cwes,
        affected,
        ssvc,
    };
    (record, problems)
}

fn convert_affected(
    cve: &str,
    provider: Provider,
    raw: Vec<RawAffected>,
    problems: &mut Vec<Problem>,
) -> Vec<Affected> {
    raw.into_iter()
        .map(|entry| {
            let mut cpes = Vec::new();
            for name in &entry.cpes {
                match Wfn::parse(name) {
                    Ok(wfn) => cpes.push(wfn),
                    Err(err) => problems.push(Problem {
                        record: cve.to_owned(),
                        location: "affected.cpes".to_owned(),
                        message: format!("CPE `{name}` skipped: {err}"),
                    }),
                }
            }
            Affected {
                provider: provider.clone(),
                vendor: entry.vendor,
                product: entry.product,
                cpes,
                versions: entry.versions.into_iter().map(convert_version).collect(),
                default_status: entry.default_status,
            }
        })
        .collect()
}

fn convert_version(raw: RawVersion) -> VersionEntry {
    VersionEntry {
        status: raw.status,
        version: raw.version,
        less_than: raw.less_than,
        less_than_or_equal: raw.less_than_or_equal,
        version_type: raw.version_type,
    }
}

fn collect_cwes(problem_types: &[RawProblemType]) -> Vec<String> {
    let mut cwes: Vec<String> = Vec::new();
    for id in problem_types
        .iter()
        .flat_map(|p| &p.descriptions)
        .filter_map(|d| d.cwe_id.clone())
    {
        if !cwes.contains(&id) {
            cwes.push(id);
        }
    }
    cwes
}

/// `{"other": {"type": "ssvc", "content": {"options": [{"Exploitation": "none"}, …]}}}`.
fn ssvc_options(metric: &Value) -> Vec<(String, String)> {
    let Some(other) = metric
        .get("other")
        .filter(|o| o.get("type").and_then(Value::as_str) == Some("ssvc"))
    else {
        return Vec::new();
    };
    let options = other.pointer("/content/options").and_then(Value::as_array);
    options
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .flat_map(|object| {
            object
                .iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
        })
        .collect()
}

impl Cve5Record {
    /// NVD-shaped configurations from every `affected` entry that names CPEs: one OR node per
    /// entry, one criterion per CPE and affected version range.
    pub fn to_configurations(&self) -> Vec<Configuration> {
        self.affected
            .iter()
            .filter_map(configuration_for_affected)
            .collect()
    }

    /// Whether the record names any product by CPE (else matching needs the alias table).
    pub fn has_cpe_data(&self) -> bool {
        self.affected.iter().any(|a| !a.cpes.is_empty())
    }
}

fn configuration_for_affected(affected: &Affected) -> Option<Configuration> {
    let default_affected = affected.default_status.as_deref() == Some("affected");
    let mut cpe_match = Vec::new();
    for cpe in &affected.cpes {
        let ranges: Vec<&VersionEntry> = affected
            .versions
            .iter()
            .filter(|v| v.status == "affected")
            .collect();
        if ranges.is_empty() && default_affected {
            cpe_match.push(criterion(cpe.clone(), VersionBounds::default()));
        }
        for range in ranges {
            if range.version_type.as_deref() == Some("git") {
                continue;
            }
            cpe_match.push(criterion_for_range(cpe, range));
        }
    }
    or_configuration(cpe_match)
}

/// One OR node of `cpe_match` as a configuration; `None` when there is no criterion.
pub(crate) fn or_configuration(cpe_match: Vec<CpeMatch>) -> Option<Configuration> {
    (!cpe_match.is_empty()).then(|| Configuration {
        operator: None,
        negate: false,
        nodes: vec![Node {
            operator: Operator::Or,
            negate: false,
            cpe_match,
        }],
    })
}

fn is_open_start(version: &str) -> bool {
    matches!(version.trim(), "0" | "*" | "" | "n/a" | "unspecified" | "-")
}

pub(crate) fn criterion_for_range(cpe: &Wfn, range: &VersionEntry) -> CpeMatch {
    let upper = range.less_than.is_some() || range.less_than_or_equal.is_some();
    let start = (!is_open_start(&range.version)).then(|| range.version.clone());
    if upper {
        let bounds = VersionBounds {
            start_including: start,
            start_excluding: None,
            end_including: range.less_than_or_equal.clone(),
            end_excluding: range.less_than.clone(),
        };
        let mut wfn = cpe.clone();
        wfn.set(Attribute::Version, AttrValue::Any);
        return criterion(wfn, bounds);
    }
    let mut wfn = cpe.clone();
    if let Some(exact) = start {
        wfn.set(
            Attribute::Version,
            AttrValue::Value(Pattern::literal(&exact)),
        );
    }
    criterion(wfn, VersionBounds::default())
}

fn criterion(wfn: Wfn, bounds: VersionBounds) -> CpeMatch {
    CpeMatch {
        vulnerable: true,
        criteria_text: wfn.to_string(),
        criteria: wfn,
        match_criteria_id: None,
        bounds,
    }
}

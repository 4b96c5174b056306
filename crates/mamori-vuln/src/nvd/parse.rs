//! Reading NVD JSON: a bare `cve` object (fkie-cad per-CVE files), an API 2.0 response page
//! (`{"vulnerabilities": [{"cve": …}]}`), Anchore vunnel's wrapper (`{"item": {"cve": …}}`), or an
//! anchore/nvd-data-overrides file (`{"_annotation": {"cve_id"}, "cve": {"configurations"}}`).
//!
//! Fields are read by key (their order differs between records) into lenient raw types, then
//! converted; a bad criterion or record becomes a [`Problem`], never a failed document.

use std::io::Read;

use serde::Deserialize;
use serde_json::Value;

use super::{
    Configuration, CpeMatch, CveRecord, CvssScore, LangText, Node, NvdKevFields, Operator, Parsed,
    Problem, Reference, VersionBounds,
};
use crate::cpe::Wfn;

/// Parses any of the three NVD shapes from bytes.
pub fn parse_nvd_document(bytes: &[u8]) -> Parsed<CveRecord> {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(value) => parse_nvd_value(value),
        Err(err) => document_problem(format!("not JSON: {err}")),
    }
}

/// Parses any of the three NVD shapes from a reader.
pub fn parse_nvd_reader(reader: impl Read) -> Parsed<CveRecord> {
    match serde_json::from_reader::<_, Value>(reader) {
        Ok(value) => parse_nvd_value(value),
        Err(err) => document_problem(format!("not JSON: {err}")),
    }
}

fn document_problem(message: String) -> Parsed<CveRecord> {
    Parsed {
        records: Vec::new(),
        problems: vec![Problem {
            record: "(document)".to_owned(),
            location: String::new(),
            message,
        }],
    }
}

fn parse_nvd_value(value: Value) -> Parsed<CveRecord> {
    let mut parsed = Parsed::default();
    match nvd_cve_objects(value) {
        Ok(objects) => {
            for (position, cve) in objects {
                convert_one(cve, &position, &mut parsed);
            }
            parsed
        }
        Err(message) => document_problem(message),
    }
}

/// The `cve` objects of any of the NVD shapes, each with its position in the document, so
/// that a feed store can keep one record per CVE (the override's id moved into the object).
pub fn nvd_cve_objects(mut value: Value) -> Result<Vec<(String, Value)>, String> {
    if let Some(Value::Array(items)) = value.get_mut("vulnerabilities").map(Value::take) {
        Ok(items
            .into_iter()
            .enumerate()
            .map(|(idx, mut item)| {
                let cve = item.get_mut("cve").map(Value::take).unwrap_or(item);
                (format!("vulnerabilities[{idx}]"), cve)
            })
            .collect())
    } else if let Some(cve) = value
        .get_mut("item")
        .and_then(|item| item.get_mut("cve"))
        .map(Value::take)
    {
        Ok(vec![("item.cve".to_owned(), cve)])
    } else if let Some(mut cve) = value.get_mut("cve").map(Value::take) {
        // anchore/nvd-data-overrides keeps the id in `_annotation.cve_id`, not in `cve`.
        let annotated_id = value.pointer("/_annotation/cve_id").cloned();
        if let (Some(object), Some(id)) = (cve.as_object_mut(), annotated_id) {
            object.entry("id").or_insert(id);
        }
        Ok(vec![("cve".to_owned(), cve)])
    } else if value.get("id").is_some() {
        Ok(vec![("(root)".to_owned(), value)])
    } else {
        Err("neither a CVE record, an API response page nor a vunnel wrapper".to_owned())
    }
}

/// One stored NVD record body (a `cve` object, as a feed store keeps it: see
/// `feed::read_feed_document`), parsed straight into the typed model without building a JSON
/// tree first. The same result as [`parse_nvd_document`] on that body; a body that is not a
/// single `cve` object (an API page, a wrapper) is read by [`parse_nvd_document`].
pub fn parse_nvd_cve_body(body: &str) -> Parsed<CveRecord> {
    let wrapped = ["\"vulnerabilities\"", "\"item\"", "\"cve\""]
        .iter()
        .any(|key| body.contains(key));
    if wrapped {
        return parse_nvd_document(body.as_bytes());
    }
    match serde_json::from_str::<RawCve>(body) {
        Ok(raw) => {
            let mut parsed = Parsed::default();
            let record = convert_record(raw, &mut parsed.problems);
            parsed.records.push(record);
            parsed
        }
        Err(_) => parse_nvd_document(body.as_bytes()),
    }
}

/// Converts one `cve` object (as [`nvd_cve_objects`] yields it).
pub fn parse_nvd_cve_value(cve: Value, position: &str) -> Parsed<CveRecord> {
    let mut parsed = Parsed::default();
    convert_one(cve, position, &mut parsed);
    parsed
}

fn convert_one(value: Value, position: &str, parsed: &mut Parsed<CveRecord>) {
    match RawCve::deserialize(value) {
        Ok(raw) => {
            let record = convert_record(raw, &mut parsed.problems);
            parsed.records.push(record);
        }
        Err(err) => parsed.problems.push(Problem {
            record: position.to_owned(),
            location: String::new(),
            message: format!("unreadable CVE record: {err}"),
        }),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawCve {
    id: String,
    source_identifier: Option<String>,
    published: Option<String>,
    last_modified: Option<String>,
    vuln_status: Option<String>,
    #[serde(default)]
    descriptions: Vec<RawLangText>,
    #[serde(default)]
    metrics: RawMetrics,
    #[serde(default)]
    weaknesses: Vec<RawWeakness>,
    #[serde(default)]
    configurations: Vec<RawConfiguration>,
    #[serde(default)]
    references: Vec<RawReference>,
    cisa_exploit_add: Option<String>,
    cisa_action_due: Option<String>,
    cisa_required_action: Option<String>,
    cisa_vulnerability_name: Option<String>,
}

#[derive(Deserialize)]
struct RawLangText {
    lang: String,
    value: String,
}

#[derive(Deserialize, Default)]
struct RawMetrics {
    #[serde(default, rename = "cvssMetricV40")]
    v40: Vec<RawMetric>,
    #[serde(default, rename = "cvssMetricV31")]
    v31: Vec<RawMetric>,
    #[serde(default, rename = "cvssMetricV30")]
    v30: Vec<RawMetric>,
    #[serde(default, rename = "cvssMetricV2")]
    v2: Vec<RawMetric>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawMetric {
    source: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    cvss_data: RawCvssData,
    /// CVSS v2 keeps the severity next to `cvssData`.
    base_severity: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawCvssData {
    version: Option<String>,
    vector_string: Option<String>,
    base_score: f64,
    base_severity: Option<String>,
}

#[derive(Deserialize)]
struct RawWeakness {
    #[serde(default)]
    description: Vec<RawLangText>,
}

#[derive(Deserialize)]
struct RawReference {
    url: String,
    #[serde(default)]
    tags: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawConfiguration {
    operator: Option<String>,
    #[serde(default)]
    negate: bool,
    #[serde(default)]
    nodes: Vec<RawNode>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawNode {
    operator: Option<String>,
    #[serde(default)]
    negate: bool,
    #[serde(default)]
    cpe_match: Vec<RawCpeMatch>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawCpeMatch {
    vulnerable: bool,
    criteria: String,
    match_criteria_id: Option<String>,
    version_start_including: Option<String>,
    version_start_excluding: Option<String>,
    version_end_including: Option<String>,
    version_end_excluding: Option<String>,
}

fn convert_record(raw: RawCve, problems: &mut Vec<Problem>) -> CveRecord {
    let kev = convert_kev_fields(&raw);
    let id = raw.id;
    let configurations = raw
        .configurations
        .into_iter()
        .enumerate()
        .map(|(idx, config)| {
            convert_configuration(config, &id, &format!("configurations[{idx}]"), problems)
        })
        .collect();
    CveRecord {
        source_identifier: raw.source_identifier,
        published: raw.published,
        last_modified: raw.last_modified,
        vuln_status: raw.vuln_status,
        descriptions: raw
            .descriptions
            .into_iter()
            .map(convert_lang_text)
            .collect(),
        cvss: convert_metrics(raw.metrics),
        cwes: convert_cwes(raw.weaknesses),
        kev,
        configurations,
        references: raw
            .references
            .into_iter()
            .map(|r| Reference {
                url: r.url,
                tags: r.tags,
            })
            .collect(),
        id,
    }
}

fn convert_lang_text(raw: RawLangText) -> LangText {
    LangText {
        lang: raw.lang,
        value: raw.value,
    }
}

fn convert_kev_fields(raw: &RawCve) -> Option<NvdKevFields> {
    let any = raw.cisa_exploit_add.is_some()
        || raw.cisa_action_due.is_some()
        || raw.cisa_required_action.is_some()
        || raw.cisa_vulnerability_name.is_some();
    any.then(|| NvdKevFields {
        exploit_add: raw.cisa_exploit_add.clone(),
        action_due: raw.cisa_action_due.clone(),
        required_action: raw.cisa_required_action.clone(),
        vulnerability_name: raw.cisa_vulnerability_name.clone(),
    })
}

fn convert_metrics(raw: RawMetrics) -> Vec<CvssScore> {
    let groups = [
        ("4.0", raw.v40),
        ("3.1", raw.v31),
        ("3.0", raw.v30),
        ("2.0", raw.v2),
    ];
    groups
        .into_iter()
        .flat_map(|(default_version, metrics)| {
            metrics.into_iter().map(move |metric| CvssScore {
                version: metric
                    .cvss_data
                    .version
                    .unwrap_or_else(|| default_version.to_owned()),
                source: metric.source,
                primary: metric.kind.as_deref() == Some("Primary"),
                base_score: metric.cvss_data.base_score,
                base_severity: metric.cvss_data.base_severity.or(metric.base_severity),
                vector: metric.cvss_data.vector_string,
            })
        })
        .collect()
}

/// CWE ids in first-seen order; NVD's placeholders (`NVD-CWE-Other`, `NVD-CWE-noinfo`) dropped.
fn convert_cwes(raw: Vec<RawWeakness>) -> Vec<String> {
    let mut cwes: Vec<String> = Vec::new();
    for text in raw.into_iter().flat_map(|w| w.description) {
        if text.value.starts_with("CWE-") && !cwes.contains(&text.value) {
            cwes.push(text.value);
        }
    }
    cwes
}

fn convert_operator(raw: Option<&str>) -> Option<Operator> {
    match raw {
        Some(op) if op.eq_ignore_ascii_case("and") => Some(Operator::And),
        Some(op) if op.eq_ignore_ascii_case("or") => Some(Operator::Or),
        _ => None,
    }
}

fn convert_configuration(
    raw: RawConfiguration,
    cve: &str,
    location: &str,
    problems: &mut Vec<Problem>,
) -> Configuration {
    if let Some(op) = raw
        .operator
        .as_deref()
        .filter(|op| convert_operator(Some(op)).is_none())
    {
        problems.push(problem(
            cve,
            location,
            format!("unknown operator `{op}`, read as OR"),
        ));
    }
    let nodes = raw
        .nodes
        .into_iter()
        .enumerate()
        .map(|(idx, node)| convert_node(node, cve, &format!("{location}.nodes[{idx}]"), problems))
        .collect();
    Configuration {
        operator: convert_operator(raw.operator.as_deref()),
        negate: raw.negate,
        nodes,
    }
}

fn convert_node(raw: RawNode, cve: &str, location: &str, problems: &mut Vec<Problem>) -> Node {
    let operator = convert_operator(raw.operator.as_deref()).unwrap_or_else(|| {
        problems.push(problem(
            cve,
            location,
            "node without a known operator, read as OR".to_owned(),
        ));
        Operator::Or
    });
    let mut cpe_match = Vec::with_capacity(raw.cpe_match.len());
    for (idx, criterion) in raw.cpe_match.into_iter().enumerate() {
        match Wfn::parse_formatted(&criterion.criteria) {
            Ok(wfn) => cpe_match.push(convert_cpe_match(criterion, wfn)),
            Err(err) => problems.push(problem(
                cve,
                &format!("{location}.cpeMatch[{idx}]"),
                format!("criterion `{}` skipped: {err}", criterion.criteria),
            )),
        }
    }
    Node {
        operator,
        negate: raw.negate,
        cpe_match,
    }
}

fn convert_cpe_match(raw: RawCpeMatch, criteria: Wfn) -> CpeMatch {
    CpeMatch {
        vulnerable: raw.vulnerable,
        criteria,
        criteria_text: raw.criteria,
        match_criteria_id: raw.match_criteria_id,
        bounds: VersionBounds {
            start_including: raw.version_start_including,
            start_excluding: raw.version_start_excluding,
            end_including: raw.version_end_including,
            end_excluding: raw.version_end_excluding,
        },
    }
}

fn problem(record: &str, location: &str, message: String) -> Problem {
    Problem {
        record: record.to_owned(),
        location: location.to_owned(),
        message,
    }
}

//! Feed documents as storable records, and stored records back as a ready [`FeedSet`].
//!
//! A feed file (bytes; reading files and archives is the caller's job) is recognised by its
//! content, split into one record per CVE / KEV entry / JVN entry, and each record is checked
//! by the same parser that matching uses, so what could not be read is reported at import
//! time. A record's body is the feed's own JSON for that record, minified (for JVN, whose
//! feeds are XML, a small JSON of the parsed entry), so stored data stays close to the source
//! and loading it again is one JSON parse per record.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::cpe::Wfn;
use crate::cve5::{Cve5Record, parse_cve5};
use crate::jvn::{JvnEntry, JvnProduct, parse_jvn_detail, parse_jvn_rss, parse_myjvn_products};
use crate::kev::{KevCatalog, parse_kev};
use crate::nvd::{CveRecord, nvd_cve_objects, parse_nvd_cve_body, parse_nvd_cve_value};
use crate::problem::Problem;

/// Which feed a record came from; the stored code is [`FeedSource::code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FeedSource {
    /// NVD CVE API 2.0 `cve` objects.
    Nvd,
    /// NVD-shaped configurations from anchore/nvd-data-overrides, used where NVD has none.
    NvdOverride,
    Cve5,
    Kev,
    Jvn,
    /// The MyJVN vendor/product list (a dictionary for CPE suggestions).
    JvnProduct,
}

impl FeedSource {
    pub const ALL: [FeedSource; 6] = [
        FeedSource::Nvd,
        FeedSource::NvdOverride,
        FeedSource::Cve5,
        FeedSource::Kev,
        FeedSource::Jvn,
        FeedSource::JvnProduct,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FeedSource::Nvd => "nvd",
            FeedSource::NvdOverride => "nvd_override",
            FeedSource::Cve5 => "cve5",
            FeedSource::Kev => "kev",
            FeedSource::Jvn => "jvn",
            FeedSource::JvnProduct => "jvn_product",
        }
    }

    pub fn from_code(code: &str) -> Option<FeedSource> {
        FeedSource::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// One record ready to be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedRecord {
    pub source: FeedSource,
    /// CVE id (upper case), JVNDB id, or product CPE.
    pub id: String,
    /// The feed's own last-modified stamp (ISO 8601 text), when it gives one: an older copy
    /// never replaces a newer one.
    pub modified: Option<String>,
    pub body: String,
}

/// What one feed document yielded.
#[derive(Debug, Clone, Default)]
pub struct FeedDocument {
    pub source: Option<FeedSource>,
    pub records: Vec<FeedRecord>,
    pub problems: Vec<Problem>,
}

/// Recognises the document by content and splits it into records.
pub fn read_feed_document(bytes: &[u8]) -> FeedDocument {
    let first = bytes
        .iter()
        .copied()
        .find(|b| !b.is_ascii_whitespace() && *b != 0xEF);
    if first == Some(b'<') {
        return read_jvn(bytes);
    }
    match serde_json::from_slice::<Value>(bytes) {
        Ok(value) if value.get("catalogVersion").is_some() || is_kev_list(&value) => {
            read_kev(bytes, &value)
        }
        Ok(value) if value.get("cveMetadata").is_some() => read_cve5(value),
        Ok(value) => read_nvd(value),
        Err(err) => document_problem(None, format!("not JSON: {err}")),
    }
}

fn document_problem(source: Option<FeedSource>, message: String) -> FeedDocument {
    FeedDocument {
        source,
        records: Vec::new(),
        problems: vec![Problem {
            record: "(document)".to_owned(),
            location: String::new(),
            message,
        }],
    }
}

fn is_kev_list(value: &Value) -> bool {
    value
        .pointer("/vulnerabilities/0/cveID")
        .is_some_and(Value::is_string)
}

fn read_nvd(value: Value) -> FeedDocument {
    let source = if value.get("_annotation").is_some() {
        FeedSource::NvdOverride
    } else {
        FeedSource::Nvd
    };
    let objects = match nvd_cve_objects(value) {
        Ok(objects) => objects,
        Err(message) => return document_problem(None, message),
    };
    let mut document = FeedDocument {
        source: Some(source),
        ..FeedDocument::default()
    };
    for (position, cve) in objects {
        let body = cve.to_string();
        let parsed = parse_nvd_cve_value(cve, &position);
        document.problems.extend(parsed.problems);
        for record in parsed.records {
            document.records.push(FeedRecord {
                source,
                id: record.id.to_ascii_uppercase(),
                modified: record.last_modified,
                body: body.clone(),
            });
        }
    }
    document
}

fn read_cve5(value: Value) -> FeedDocument {
    let body = value.to_string();
    let modified = value
        .pointer("/cveMetadata/dateUpdated")
        .and_then(Value::as_str)
        .map(str::to_owned);
    match parse_cve5(body.as_bytes()) {
        Ok((record, problems)) => FeedDocument {
            source: Some(FeedSource::Cve5),
            records: vec![FeedRecord {
                source: FeedSource::Cve5,
                id: record.cve_id.to_ascii_uppercase(),
                modified,
                body,
            }],
            problems,
        },
        Err(err) => document_problem(
            Some(FeedSource::Cve5),
            format!("unreadable CVE JSON 5 record: {err}"),
        ),
    }
}

fn read_kev(bytes: &[u8], value: &Value) -> FeedDocument {
    let (catalog, problems) = match parse_kev(bytes) {
        Ok(parsed) => parsed,
        Err(err) => return document_problem(Some(FeedSource::Kev), format!("{err}")),
    };
    let raw_entries: HashMap<String, &Value> = value
        .get("vulnerabilities")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|v| Some((v.get("cveID")?.as_str()?.to_ascii_uppercase(), v)))
        .collect();
    // The catalog's release stamp orders catalogs: an older catalog never undoes a newer one.
    let modified = catalog.date_released.clone();
    let records = catalog
        .entries
        .iter()
        .filter_map(|entry| {
            Some(FeedRecord {
                source: FeedSource::Kev,
                id: entry.cve_id.clone(),
                modified: modified.clone(),
                body: raw_entries.get(&entry.cve_id)?.to_string(),
            })
        })
        .collect();
    FeedDocument {
        source: Some(FeedSource::Kev),
        records,
        problems,
    }
}

/// The stored shape of a JVN entry (JVN's own feeds are XML).
#[derive(Debug, Serialize, Deserialize)]
struct JvnBody {
    id: String,
    title: String,
    description: String,
    link: Option<String>,
    cve_ids: Vec<String>,
    products: Vec<JvnProductBody>,
    cvss_base: Option<f64>,
}

#[derive(Debug, Serialize, Deserialize)]
struct JvnProductBody {
    vendor_name: String,
    product_name: String,
    cpe: String,
    versions: Vec<String>,
}

fn read_jvn(bytes: &[u8]) -> FeedDocument {
    let text = String::from_utf8_lossy(bytes);
    if text.contains("ProductList") || text.contains("<Vendor ") {
        return read_jvn_products(bytes);
    }
    let parsed = if text.contains("Vulinfo") {
        parse_jvn_detail(bytes)
    } else {
        parse_jvn_rss(bytes)
    };
    let records = parsed
        .records
        .into_iter()
        .filter(|entry| !entry.id.is_empty())
        .filter_map(|entry| {
            let body = serde_json::to_string(&jvn_body(&entry)).ok()?;
            Some(FeedRecord {
                source: FeedSource::Jvn,
                id: entry.id,
                modified: None,
                body,
            })
        })
        .collect();
    FeedDocument {
        source: Some(FeedSource::Jvn),
        records,
        problems: parsed.problems,
    }
}

fn read_jvn_products(bytes: &[u8]) -> FeedDocument {
    let parsed = parse_myjvn_products(bytes);
    let records = parsed
        .records
        .into_iter()
        .filter(|p| !p.product_cpe.is_empty())
        .map(|p| FeedRecord {
            source: FeedSource::JvnProduct,
            id: p.product_cpe.clone(),
            modified: None,
            body: serde_json::json!({
                "vendor_name": p.vendor_name, "vendor_cpe": p.vendor_cpe,
                "product_name": p.product_name, "product_cpe": p.product_cpe,
            })
            .to_string(),
        })
        .collect();
    FeedDocument {
        source: Some(FeedSource::JvnProduct),
        records,
        problems: parsed.problems,
    }
}

fn jvn_body(entry: &JvnEntry) -> JvnBody {
    JvnBody {
        id: entry.id.clone(),
        title: entry.title.clone(),
        description: entry.description.clone(),
        link: entry.link.clone(),
        cve_ids: entry.cve_ids.clone(),
        products: entry
            .products
            .iter()
            .map(|p| JvnProductBody {
                vendor_name: p.vendor_name.clone(),
                product_name: p.product_name.clone(),
                cpe: p.cpe_text.clone(),
                versions: p.versions.clone(),
            })
            .collect(),
        cvss_base: entry.cvss_base,
    }
}

fn jvn_entry(body: JvnBody) -> JvnEntry {
    JvnEntry {
        id: body.id,
        title: body.title,
        description: body.description,
        link: body.link,
        cve_ids: body.cve_ids,
        products: body
            .products
            .into_iter()
            .map(|p| JvnProduct {
                cpe: Wfn::parse(p.cpe.trim()).ok(),
                vendor_name: p.vendor_name,
                product_name: p.product_name,
                cpe_text: p.cpe,
                versions: p.versions,
            })
            .collect(),
        cvss_base: body.cvss_base,
    }
}

/// Every loaded feed, parsed once, ready for a `Matcher` and for explanations.
#[derive(Debug, Default)]
pub struct FeedSet {
    /// NVD records, with override configurations filled in where NVD has none.
    pub nvd: Vec<CveRecord>,
    pub cve5: Vec<Cve5Record>,
    pub kev: KevCatalog,
    pub jvn: Vec<JvnEntry>,
    /// Stored records that no longer parse (a newer mamori may read more).
    pub problems: Vec<Problem>,
}

impl FeedSet {
    /// Builds the set from stored `(source, body)` pairs, parsing on all cores (parsing is
    /// most of the time `vuln match` spends before matching).
    pub fn from_bodies<'a>(rows: impl IntoIterator<Item = (FeedSource, &'a str)>) -> FeedSet {
        let rows: Vec<(FeedSource, &str)> = rows.into_iter().collect();
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 8);
        let chunk = rows.len().div_ceil(threads).max(1);
        let parts: Vec<Part<'_>> = std::thread::scope(|scope| {
            let handles: Vec<_> = rows
                .chunks(chunk)
                .map(|part| scope.spawn(move || Part::parse(part)))
                .collect();
            handles.into_iter().filter_map(|h| h.join().ok()).collect()
        });
        let mut set = FeedSet::default();
        let mut overrides = Vec::new();
        let mut kev_entries = Vec::new();
        for part in parts {
            set.nvd.extend(part.nvd);
            set.cve5.extend(part.cve5);
            set.jvn.extend(part.jvn);
            set.problems.extend(part.problems);
            overrides.extend(part.overrides);
            kev_entries.extend(part.kev_entries);
        }
        set.merge_overrides(overrides);
        set.kev = kev_from_entries(&kev_entries, &mut set.problems);
        set
    }

    fn merge_overrides(&mut self, overrides: Vec<CveRecord>) {
        let index: HashMap<String, usize> = self
            .nvd
            .iter()
            .enumerate()
            .map(|(idx, r)| (r.id.clone(), idx))
            .collect();
        for record in overrides {
            match index.get(&record.id).and_then(|&idx| self.nvd.get_mut(idx)) {
                Some(nvd) if nvd.configurations.is_empty() => {
                    nvd.configurations = record.configurations;
                }
                Some(_) => {}
                None => self.nvd.push(record),
            }
        }
    }
}

/// What one thread parsed.
#[derive(Default)]
struct Part<'a> {
    nvd: Vec<CveRecord>,
    overrides: Vec<CveRecord>,
    cve5: Vec<Cve5Record>,
    kev_entries: Vec<&'a str>,
    jvn: Vec<JvnEntry>,
    problems: Vec<Problem>,
}

impl<'a> Part<'a> {
    fn parse(rows: &[(FeedSource, &'a str)]) -> Part<'a> {
        let mut part = Part::default();
        for &(source, body) in rows {
            match source {
                FeedSource::Nvd | FeedSource::NvdOverride => {
                    let parsed = parse_nvd_cve_body(body);
                    part.problems.extend(parsed.problems);
                    if source == FeedSource::Nvd {
                        part.nvd.extend(parsed.records);
                    } else {
                        part.overrides.extend(parsed.records);
                    }
                }
                FeedSource::Cve5 => match parse_cve5(body.as_bytes()) {
                    Ok((record, _)) => part.cve5.push(record),
                    Err(err) => part.problems.push(stored_problem("cve5", &err)),
                },
                FeedSource::Kev => part.kev_entries.push(body),
                FeedSource::Jvn => match serde_json::from_str::<JvnBody>(body) {
                    Ok(parsed) => part.jvn.push(jvn_entry(parsed)),
                    Err(err) => part.problems.push(stored_problem("jvn", &err)),
                },
                FeedSource::JvnProduct => {}
            }
        }
        part
    }
}

fn stored_problem(source: &str, err: &serde_json::Error) -> Problem {
    Problem {
        record: format!("({source})"),
        location: String::new(),
        message: format!("stored record unreadable: {err}"),
    }
}

fn kev_from_entries(entries: &[&str], problems: &mut Vec<Problem>) -> KevCatalog {
    let document = format!("{{\"vulnerabilities\":[{}]}}", entries.join(","));
    match parse_kev(document.as_bytes()) {
        Ok((catalog, more)) => {
            problems.extend(more);
            catalog
        }
        Err(err) => {
            problems.push(stored_problem("kev", &err));
            KevCatalog::default()
        }
    }
}

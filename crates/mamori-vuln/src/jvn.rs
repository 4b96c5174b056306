//! JVN iPedia feeds (IPA / JPCERT/CC): the VULDEF detail feed (`jvndb_detail_YYYY.rdf`), the
//! RSS 1.0 overview feed (`jvndb_YYYY.rdf`, `jvndb_new.rdf`) and the MyJVN product list.
//!
//! JVN gives Japanese text, CVE references and product-level CPE 2.2 names; its versions are
//! prose (`7.3.7 より前のバージョン`), so matching is by part/vendor/product only (tier `jvn`).

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use crate::asset::AssetContext;
use crate::cpe::{Attribute, Wfn};
use crate::problem::{Parsed, Problem};

/// One JVN iPedia entry.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct JvnEntry {
    /// `JVNDB-2023-000001`.
    pub id: String,
    pub title: String,
    pub description: String,
    pub link: Option<String>,
    pub cve_ids: Vec<String>,
    pub products: Vec<JvnProduct>,
    pub cvss_base: Option<f64>,
}

/// An affected product as JVN names it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct JvnProduct {
    pub vendor_name: String,
    pub product_name: String,
    pub cpe_text: String,
    pub cpe: Option<Wfn>,
    /// Free-text version statements, in Japanese.
    pub versions: Vec<String>,
}

impl JvnEntry {
    /// Whether the asset carries a CPE of an affected product (part, vendor and product equal).
    pub fn matches_product(&self, asset: &AssetContext) -> bool {
        let same = |a: &Wfn, b: &Wfn, attr: Attribute| {
            a.get(attr).as_literal() == b.get(attr).as_literal()
        };
        self.products
            .iter()
            .filter_map(|p| p.cpe.as_ref())
            .any(|product| {
                asset.cpes.iter().any(|cpe| {
                    product.product().is_some()
                        && same(product, cpe, Attribute::Vendor)
                        && same(product, cpe, Attribute::Product)
                        && (product.part().is_none() || same(product, cpe, Attribute::Part))
                })
            })
    }
}

/// A vendor and product of the MyJVN product list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JvnVendorProduct {
    pub vendor_name: String,
    pub vendor_cpe: String,
    pub product_name: String,
    pub product_cpe: String,
}

/// Receives the events of [`walk_xml`] with local element names (namespaces ignored).
trait XmlVisitor {
    fn open(&mut self, name: &str, start: &BytesStart<'_>);
    fn text(&mut self, text: &str);
    fn close(&mut self, name: &str);
}

/// Streams an XML document into a visitor; a syntax error ends the walk with a problem.
fn walk_xml(bytes: &[u8], visitor: &mut impl XmlVisitor, problems: &mut Vec<Problem>) {
    let mut reader = Reader::from_reader(bytes);
    let mut stack: Vec<String> = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(start)) => {
                let name = local_name(&start);
                visitor.open(&name, &start);
                stack.push(name);
            }
            Ok(Event::Empty(start)) => {
                let name = local_name(&start);
                visitor.open(&name, &start);
                visitor.close(&name);
            }
            Ok(Event::End(_)) => {
                if let Some(name) = stack.pop() {
                    visitor.close(&name);
                }
            }
            Ok(Event::Text(text)) => visitor.text(&text.xml10_content()),
            Ok(Event::CData(text)) => visitor.text(text.as_ref()),
            Ok(Event::GeneralRef(reference)) => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(ch)) => ch.to_string(),
                    _ => resolve_predefined_entity(&reference.xml10_content())
                        .unwrap_or_default()
                        .to_owned(),
                };
                visitor.text(&resolved);
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(err) => {
                problems.push(Problem {
                    record: "(document)".to_owned(),
                    location: format!("byte {}", reader.buffer_position()),
                    message: format!("XML error, rest of document skipped: {err}"),
                });
                break;
            }
        }
    }
}

fn local_name(start: &BytesStart<'_>) -> String {
    let local = start.local_name();
    let name: &str = local.as_ref();
    name.to_owned()
}

fn attribute(start: &BytesStart<'_>, name: &str) -> Option<String> {
    start
        .attributes()
        .flatten()
        .find(|a| AsRef::<str>::as_ref(&a.key.local_name()) == name)
        .and_then(|a| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// Some items name a product without a CPE; only a malformed CPE is a problem.
fn parse_product_cpe(text: &str, record: &str, problems: &mut Vec<Problem>) -> Option<Wfn> {
    if text.trim().is_empty() {
        return None;
    }
    match Wfn::parse(text.trim()) {
        Ok(wfn) => Some(wfn),
        Err(err) => {
            problems.push(Problem {
                record: record.to_owned(),
                location: "cpe".to_owned(),
                message: format!("CPE `{text}` unusable: {err}"),
            });
            None
        }
    }
}

/// Parses the VULDEF detail feed.
pub fn parse_jvn_detail(bytes: &[u8]) -> Parsed<JvnEntry> {
    let mut visitor = DetailVisitor::default();
    let mut problems = Vec::new();
    walk_xml(bytes, &mut visitor, &mut problems);
    finish_entries(visitor.finished, problems)
}

#[derive(Default)]
struct DetailVisitor {
    entry: JvnEntry,
    product: JvnProduct,
    related_is_advisory: bool,
    buffer: String,
    finished: Vec<JvnEntry>,
}

impl XmlVisitor for DetailVisitor {
    fn open(&mut self, name: &str, start: &BytesStart<'_>) {
        match name {
            "Vulinfo" => self.entry = JvnEntry::default(),
            "AffectedItem" => self.product = JvnProduct::default(),
            "RelatedItem" => {
                self.related_is_advisory = attribute(start, "type").as_deref() == Some("advisory")
            }
            _ => {}
        }
        self.buffer.clear();
    }

    fn text(&mut self, text: &str) {
        self.buffer.push_str(text);
    }

    fn close(&mut self, name: &str) {
        let text = self.buffer.trim().to_owned();
        self.buffer.clear();
        let entry = &mut self.entry;
        match name {
            "VulinfoID"
                if self.related_is_advisory
                    && text.starts_with("CVE-")
                    && !entry.cve_ids.contains(&text) =>
            {
                entry.cve_ids.push(text);
            }
            "VulinfoID" if self.related_is_advisory => {}
            "VulinfoID" if entry.id.is_empty() => entry.id = text,
            "Title" if entry.title.is_empty() => entry.title = text,
            "Overview" => entry.description = text,
            "Name" if !self.related_is_advisory => self.product.vendor_name = text,
            "ProductName" => self.product.product_name = text,
            "Cpe" => self.product.cpe_text = text,
            "VersionNumber" => self.product.versions.push(text),
            "Base" if entry.cvss_base.is_none() => entry.cvss_base = text.parse().ok(),
            "AffectedItem" => entry.products.push(std::mem::take(&mut self.product)),
            "RelatedItem" => self.related_is_advisory = false,
            "Vulinfo" => self.finished.push(std::mem::take(entry)),
            _ => {}
        }
    }
}

/// Parses product CPEs last, so a bad one is a problem of its entry.
fn finish_entries(entries: Vec<JvnEntry>, mut problems: Vec<Problem>) -> Parsed<JvnEntry> {
    let mut parsed = Parsed::default();
    for mut entry in entries {
        for product in &mut entry.products {
            product.cpe = parse_product_cpe(&product.cpe_text, &entry.id, &mut problems);
        }
        parsed.records.push(entry);
    }
    parsed.problems = problems;
    parsed
}

/// Parses the RSS 1.0 overview feed.
pub fn parse_jvn_rss(bytes: &[u8]) -> Parsed<JvnEntry> {
    let mut visitor = RssVisitor::default();
    let mut problems = Vec::new();
    walk_xml(bytes, &mut visitor, &mut problems);
    finish_entries(visitor.finished, problems)
}

#[derive(Default)]
struct RssVisitor {
    entry: Option<JvnEntry>,
    pending_cve: Option<String>,
    pending_product: JvnProduct,
    buffer: String,
    finished: Vec<JvnEntry>,
}

impl XmlVisitor for RssVisitor {
    fn open(&mut self, name: &str, start: &BytesStart<'_>) {
        self.buffer.clear();
        let Some(item) = self.entry.as_mut() else {
            if name == "item" {
                self.entry = Some(JvnEntry::default());
            }
            return;
        };
        match name {
            "references" => {
                let is_cve = attribute(start, "source").as_deref() == Some("CVE");
                self.pending_cve =
                    attribute(start, "id").filter(|id| is_cve && id.starts_with("CVE-"));
            }
            "cpe" => {
                self.pending_product = JvnProduct {
                    vendor_name: attribute(start, "vendor").unwrap_or_default(),
                    product_name: attribute(start, "product").unwrap_or_default(),
                    ..JvnProduct::default()
                };
            }
            "cvss" if item.cvss_base.is_none() => {
                item.cvss_base = attribute(start, "score").and_then(|s| s.parse().ok());
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        self.buffer.push_str(text);
    }

    fn close(&mut self, name: &str) {
        let text = self.buffer.trim().to_owned();
        self.buffer.clear();
        let Some(item) = self.entry.as_mut() else {
            return;
        };
        match name {
            "title" => item.title = text,
            "link" => item.link = Some(text),
            "description" => item.description = text,
            "identifier" => item.id = text,
            "references" => {
                if let Some(cve) = self
                    .pending_cve
                    .take()
                    .filter(|cve| !item.cve_ids.contains(cve))
                {
                    item.cve_ids.push(cve);
                }
            }
            "cpe" => {
                self.pending_product.cpe_text = text;
                item.products
                    .push(std::mem::take(&mut self.pending_product));
            }
            "item" => self.finished.extend(self.entry.take()),
            _ => {}
        }
    }
}

/// Parses a MyJVN `getProductList` result: Japanese vendor/product names with CPE 2.2 names.
pub fn parse_myjvn_products(bytes: &[u8]) -> Parsed<JvnVendorProduct> {
    let mut visitor = ProductListVisitor::default();
    let mut problems = Vec::new();
    walk_xml(bytes, &mut visitor, &mut problems);
    Parsed {
        records: visitor.records,
        problems,
    }
}

#[derive(Default)]
struct ProductListVisitor {
    vendor: (String, String),
    records: Vec<JvnVendorProduct>,
}

impl XmlVisitor for ProductListVisitor {
    fn open(&mut self, name: &str, start: &BytesStart<'_>) {
        match name {
            "Vendor" => {
                self.vendor = (
                    attribute(start, "vname").unwrap_or_default(),
                    attribute(start, "cpe").unwrap_or_default(),
                );
            }
            "Product" => self.records.push(JvnVendorProduct {
                vendor_name: self.vendor.0.clone(),
                vendor_cpe: self.vendor.1.clone(),
                product_name: attribute(start, "pname").unwrap_or_default(),
                product_cpe: attribute(start, "cpe").unwrap_or_default(),
            }),
            _ => {}
        }
    }

    fn text(&mut self, _text: &str) {}

    fn close(&mut self, _name: &str) {}
}

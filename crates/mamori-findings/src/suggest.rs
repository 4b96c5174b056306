//! CPE assignment help (issue 5 §4): for an asset with maker/model/OS/firmware/software but no
//! CPE name, suggest CPE names from the vendor/product pairs the loaded feeds use, for a person
//! to confirm. A suggestion is stored with state `suggested` and so never yields a confirmed
//! finding (see [`crate::match_target`]).
//!
//! Conservative by design: a product is suggested only when its tokens equal, or are all
//! contained in, a name the ledger holds for the asset, under a vendor the maker names (through
//! the alias table or written the same way) or the name itself starts with; at most
//! [`MAX_SUGGESTIONS`], best first.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use mamori_core::Asset;
use mamori_vuln::alias::{name_key, product_token};
use mamori_vuln::cpe::{AttrValue, Attribute, Pattern};
use mamori_vuln::{AliasTable, FeedSet, Wfn};
use serde::Serialize;

/// At most this many suggestions per asset.
pub const MAX_SUGGESTIONS: usize = 5;

/// The vendor/product pairs seen in the loaded feeds (and the alias table), by vendor token.
#[derive(Debug, Clone, Default)]
pub struct CpeDictionary {
    /// vendor → product → parts seen (`a`, `o`, `h`; empty when only the table names it).
    products: HashMap<String, BTreeMap<String, BTreeSet<char>>>,
    /// first word of a product → (vendor, product), for names whose maker is not the product's
    /// vendor ("Windows Server 2016 Standard" on a Dell server).
    by_first_word: HashMap<String, BTreeSet<(String, String)>>,
}

impl CpeDictionary {
    /// NVD criteria (platform criteria included: they name hardware), CVE 5 CNA/ADP CPEs, JVN
    /// product CPEs and the table's products.
    pub fn from_feeds(set: &FeedSet, table: &AliasTable) -> CpeDictionary {
        let mut dictionary = CpeDictionary::default();
        let criteria = set
            .nvd
            .iter()
            .flat_map(|r| &r.configurations)
            .flat_map(|c| &c.nodes)
            .flat_map(|n| &n.cpe_match)
            .map(|m| &m.criteria);
        for wfn in criteria {
            dictionary.add(wfn);
        }
        for wfn in set
            .cve5
            .iter()
            .flat_map(|r| &r.affected)
            .flat_map(|a| &a.cpes)
        {
            dictionary.add(wfn);
        }
        let jvn = set.jvn.iter().flat_map(|e| &e.products);
        for wfn in jvn.filter_map(|p| p.cpe.as_ref()) {
            dictionary.add(wfn);
        }
        for (vendor, product) in table.named_products() {
            dictionary.insert(vendor, product, None);
        }
        dictionary
    }

    /// Adds one CPE name's vendor, product and part (names with wildcards in them are skipped).
    pub fn add(&mut self, wfn: &Wfn) {
        if let (Some(vendor), Some(product)) = (wfn.vendor(), wfn.product()) {
            let part = wfn.part().and_then(|p| p.chars().next());
            self.insert(vendor, product, part);
        }
    }

    fn insert(&mut self, vendor: &str, product: &str, part: Option<char>) {
        let parts = self
            .products
            .entry(vendor.to_owned())
            .or_default()
            .entry(product.to_owned())
            .or_default();
        parts.extend(part);
        if let Some(first) = split_words(product).into_iter().next() {
            self.by_first_word
                .entry(first)
                .or_default()
                .insert((vendor.to_owned(), product.to_owned()));
        }
    }

    /// Number of vendor/product pairs.
    pub fn len(&self) -> usize {
        self.products.values().map(BTreeMap::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.products.is_empty()
    }

    fn has_vendor(&self, vendor: &str) -> bool {
        self.products.contains_key(vendor)
    }
}

/// Which ledger field a suggestion is built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Os,
    Firmware,
    Model,
    Software,
}

impl Field {
    pub fn code(self) -> &'static str {
        match self {
            Field::Os => "os",
            Field::Firmware => "firmware",
            Field::Model => "model",
            Field::Software => "software",
        }
    }

    /// The part the field most likely names.
    fn natural_part(self) -> char {
        match self {
            Field::Os | Field::Firmware => 'o',
            Field::Model => 'h',
            Field::Software => 'a',
        }
    }
}

/// One reason for a suggestion; `code()` is the catalogue key, the fields its arguments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Why {
    /// The maker, through the vendor-alias table.
    VendorFromTable {
        maker: String,
        vendor: String,
    },
    /// The maker written the way the CPE vendor is.
    VendorFromMaker {
        maker: String,
        vendor: String,
    },
    /// The name starts with the vendor ("VMware ESXi", "Cisco IOS XE").
    VendorFromName {
        name: String,
        vendor: String,
    },
    /// Only one vendor has this product in the feeds.
    VendorFromProduct {
        product: String,
        vendor: String,
    },
    /// The name and the product token are the same.
    ProductEqual {
        field: Field,
        name: String,
        product: String,
    },
    /// Every word of the product token is in the name.
    ProductInName {
        field: Field,
        name: String,
        product: String,
    },
    Version {
        field: Field,
        version: String,
    },
    /// No version in the ledger, or one that is not a plain version number: `*`.
    VersionUnknown {
        field: Field,
    },
}

impl Why {
    pub fn code(&self) -> &'static str {
        match self {
            Why::VendorFromTable { .. } => "vuln-suggest-why-vendor-table",
            Why::VendorFromMaker { .. } => "vuln-suggest-why-vendor-maker",
            Why::VendorFromName { .. } => "vuln-suggest-why-vendor-name",
            Why::VendorFromProduct { .. } => "vuln-suggest-why-vendor-product",
            Why::ProductEqual { .. } => "vuln-suggest-why-product-equal",
            Why::ProductInName { .. } => "vuln-suggest-why-product-in-name",
            Why::Version { .. } => "vuln-suggest-why-version",
            Why::VersionUnknown { .. } => "vuln-suggest-why-version-unknown",
        }
    }

    /// The catalogue arguments (`field` is the field's code; callers may translate it).
    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Why::VendorFromTable { maker, vendor } | Why::VendorFromMaker { maker, vendor } => {
                vec![("maker", maker.clone()), ("vendor", vendor.clone())]
            }
            Why::VendorFromName { name, vendor } => {
                vec![("name", name.clone()), ("vendor", vendor.clone())]
            }
            Why::VendorFromProduct { product, vendor } => {
                vec![("product", product.clone()), ("vendor", vendor.clone())]
            }
            Why::ProductEqual {
                field,
                name,
                product,
            }
            | Why::ProductInName {
                field,
                name,
                product,
            } => vec![
                ("field", field.code().to_owned()),
                ("name", name.clone()),
                ("product", product.clone()),
            ],
            Why::Version { field, version } => vec![
                ("field", field.code().to_owned()),
                ("version", version.clone()),
            ],
            Why::VersionUnknown { field } => vec![("field", field.code().to_owned())],
        }
    }
}

/// One suggested CPE name with a score (100 = every token equal) and the reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    pub cpe: String,
    pub score: u8,
    pub why: Vec<Why>,
}

/// What an asset says about itself, as plain text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssetFacts {
    pub maker: Option<String>,
    pub model: Option<String>,
    /// (name, version) of the OS.
    pub os: Option<(String, Option<String>)>,
    pub firmware: Option<(String, Option<String>)>,
    /// (name, vendor, version) of installed software.
    pub software: Vec<(String, Option<String>, Option<String>)>,
    /// CPE names the asset already has (never suggested again).
    pub cpes: Vec<String>,
}

impl AssetFacts {
    pub fn from_asset(asset: &Asset) -> AssetFacts {
        AssetFacts {
            maker: asset.maker.clone(),
            model: asset.model.clone(),
            os: asset
                .os
                .as_ref()
                .map(|o| (o.name.clone(), o.version.clone())),
            firmware: asset
                .firmware
                .as_ref()
                .map(|f| (f.name.clone(), f.version.clone())),
            software: asset
                .software
                .iter()
                .map(|s| (s.name.clone(), s.vendor.clone(), s.version.clone()))
                .collect(),
            cpes: asset.cpes.iter().map(|c| c.cpe.clone()).collect(),
        }
    }
}

/// One name of the asset to find a product for.
struct Named<'a> {
    field: Field,
    name: &'a str,
    version: Option<&'a str>,
    /// The maker (or the software's own vendor) that names the vendor.
    maker: Option<&'a str>,
}

/// CPE names for the asset, best first, at most [`MAX_SUGGESTIONS`].
pub fn suggest_cpes(
    facts: &AssetFacts,
    dictionary: &CpeDictionary,
    table: &AliasTable,
) -> Vec<Suggestion> {
    let maker = facts.maker.as_deref();
    let mut named: Vec<Named<'_>> = Vec::new();
    for (field, value) in [(Field::Os, &facts.os), (Field::Firmware, &facts.firmware)] {
        if let Some((name, version)) = value {
            named.push(Named {
                field,
                name,
                version: version.as_deref(),
                maker,
            });
        }
    }
    if let Some(model) = facts.model.as_deref() {
        named.push(Named {
            field: Field::Model,
            name: model,
            version: None,
            maker,
        });
    }
    for (name, vendor, version) in &facts.software {
        named.push(Named {
            field: Field::Software,
            name,
            version: version.as_deref(),
            // Software without its own vendor is taken to be the maker's.
            maker: vendor.as_deref().or(maker),
        });
    }
    let existing: BTreeSet<String> = facts.cpes.iter().map(|c| c.trim().to_owned()).collect();
    let mut best: BTreeMap<String, Suggestion> = BTreeMap::new();
    for item in &named {
        for suggestion in suggestions_for(item, dictionary, table) {
            if existing.contains(&suggestion.cpe) {
                continue;
            }
            let keep = best
                .get(&suggestion.cpe)
                .is_none_or(|known| known.score < suggestion.score);
            if keep {
                best.insert(suggestion.cpe.clone(), suggestion);
            }
        }
    }
    let mut all: Vec<Suggestion> = best.into_values().collect();
    all.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.cpe.cmp(&b.cpe)));
    all.truncate(MAX_SUGGESTIONS);
    all
}

/// Vendors for one name, each with the reason and a score penalty.
fn vendors_for(
    item: &Named<'_>,
    dictionary: &CpeDictionary,
    table: &AliasTable,
) -> Vec<(String, Why, u8)> {
    let mut vendors: Vec<(String, Why, u8)> = Vec::new();
    let mut push = |vendor: String, why: Why, penalty: u8| {
        if dictionary.has_vendor(&vendor) && !vendors.iter().any(|(v, _, _)| *v == vendor) {
            vendors.push((vendor, why, penalty));
        }
    };
    if let Some(maker) = item.maker {
        let literal = product_token(maker);
        for token in table.vendor_tokens(maker) {
            let why = if token == literal {
                Why::VendorFromMaker {
                    maker: maker.to_owned(),
                    vendor: token.to_owned(),
                }
            } else {
                Why::VendorFromTable {
                    maker: maker.to_owned(),
                    vendor: token.to_owned(),
                }
            };
            push(token.to_owned(), why, 0);
        }
        let why = Why::VendorFromMaker {
            maker: maker.to_owned(),
            vendor: literal.clone(),
        };
        push(literal.clone(), why, 0);
        // The maker's other names after an acquisition (Baxter → Hill-Rom, Welch Allyn).
        let mut grouped: BTreeSet<String> = BTreeSet::new();
        for token in table
            .vendor_tokens(maker)
            .chain(std::iter::once(literal.as_str()))
        {
            grouped.extend(table.vendor_aliases(token).map(str::to_owned));
        }
        for token in grouped {
            let why = Why::VendorFromTable {
                maker: maker.to_owned(),
                vendor: token.clone(),
            };
            push(token, why, 5);
        }
    }
    // "VMware ESXi", "Cisco IOS XE", "Microsoft SQL Server 2019": the leading words name the
    // vendor (through the table, or as written).
    let words: Vec<&str> = item.name.split_whitespace().collect();
    for n in (1..words.len()).rev() {
        let head = words[..n].join(" ");
        let mut tokens: Vec<String> = table.vendor_tokens(&head).map(str::to_owned).collect();
        tokens.push(product_token(&head));
        for token in tokens {
            let why = Why::VendorFromName {
                name: item.name.to_owned(),
                vendor: token.clone(),
            };
            push(token, why, 0);
        }
    }
    vendors
}

fn suggestions_for(
    item: &Named<'_>,
    dictionary: &CpeDictionary,
    table: &AliasTable,
) -> Vec<Suggestion> {
    let name_token = product_token(item.name);
    if name_token.is_empty() {
        return Vec::new();
    }
    let mut found = Vec::new();
    let vendors = vendors_for(item, dictionary, table);
    let mut candidates: Vec<(String, String, Why, u8)> = Vec::new();
    for (vendor, why, penalty) in &vendors {
        for product in dictionary
            .products
            .get(vendor)
            .into_iter()
            .flatten()
            .map(|(p, _)| p)
        {
            candidates.push((vendor.clone(), product.clone(), why.clone(), *penalty));
        }
    }
    // Products of other vendors that start with the name's first word: the maker is often not
    // the vendor of what runs on the asset (Windows on a Dell server).
    let first = split_words(&name_token)
        .into_iter()
        .next()
        .unwrap_or_default();
    for (vendor, product) in dictionary.by_first_word.get(&first).into_iter().flatten() {
        if vendors.iter().any(|(v, _, _)| v == vendor) {
            continue;
        }
        let why = Why::VendorFromProduct {
            product: product.clone(),
            vendor: vendor.clone(),
        };
        candidates.push((vendor.clone(), product.clone(), why, 15));
    }
    for (vendor, product, vendor_why, penalty) in candidates {
        let Some(parts) = dictionary
            .products
            .get(&vendor)
            .and_then(|p| p.get(&product))
        else {
            continue;
        };
        let name_words = words_without_vendor(&name_token, &vendor, item.maker);
        if name_words.is_empty() {
            continue;
        }
        {
            let product = &product;
            let Some((score, exact)) = product_score(&name_words, product) else {
                continue;
            };
            let part = choose_part(parts, item.field);
            let (version, version_why) = version_for(item, part);
            let product_why = if exact {
                Why::ProductEqual {
                    field: item.field,
                    name: item.name.to_owned(),
                    product: product.clone(),
                }
            } else {
                Why::ProductInName {
                    field: item.field,
                    name: item.name.to_owned(),
                    product: product.clone(),
                }
            };
            found.push(Suggestion {
                cpe: cpe_text(part, &vendor, product, &version),
                score: score.saturating_sub(penalty),
                why: vec![vendor_why.clone(), product_why, version_why],
            });
        }
    }
    found
}

/// The name's words, without leading words that repeat the vendor or the maker.
fn words_without_vendor(name_token: &str, vendor: &str, maker: Option<&str>) -> Vec<String> {
    let mut words = split_words(name_token);
    let mut leading: Vec<String> = split_words(vendor);
    if let Some(maker) = maker {
        leading.extend(split_words(&product_token(maker)));
    }
    let vendor_key = name_key(vendor);
    while words.len() > 1 {
        let first = &words[0];
        if leading.contains(first) || name_key(first) == vendor_key {
            words.remove(0);
        } else {
            break;
        }
    }
    words
}

/// Product tokens are compared word by word: `fortigate-60f` and "FortiGate 60F" are equal.
fn split_words(token: &str) -> Vec<String> {
    token
        .split(['_', '-', '/'])
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Words a product token carries that add nothing to a name match.
const NEUTRAL: [&str; 2] = ["firmware", "software"];

/// 100 when the words are equal; 60–90 when every product word is in the name and they cover
/// at least half of it; else no match.
fn product_score(name_words: &[String], product: &str) -> Option<(u8, bool)> {
    let meaningful = |words: Vec<String>| -> Vec<String> {
        words
            .into_iter()
            .filter(|w| !NEUTRAL.contains(&w.as_str()))
            .collect()
    };
    let product_words = meaningful(split_words(product));
    let name_words = meaningful(name_words.to_vec());
    if product_words.is_empty() || name_words.is_empty() {
        return None;
    }
    if product_words == name_words {
        return Some((100, true));
    }
    let contained = product_words.iter().all(|w| name_words.contains(w));
    let covered = product_words.len() * 2 >= name_words.len();
    if !(contained && covered) {
        return None;
    }
    let ratio = product_words.len() * 30 / name_words.len();
    Some((60 + u8::try_from(ratio).unwrap_or(30), false))
}

fn choose_part(parts: &BTreeSet<char>, field: Field) -> char {
    let natural = field.natural_part();
    if parts.is_empty() || parts.contains(&natural) {
        natural
    } else {
        parts.iter().next().copied().unwrap_or(natural)
    }
}

/// The version attribute: the field's version when it is a plain version number, `-` for
/// hardware (NVD's way), else `*` (unknown).
fn version_for(item: &Named<'_>, part: char) -> (String, Why) {
    if part == 'h' && item.field == Field::Model {
        return ("-".to_owned(), Why::VersionUnknown { field: item.field });
    }
    match item.version.and_then(plain_version) {
        Some(version) => (
            version.clone(),
            Why::Version {
                field: item.field,
                version,
            },
        ),
        None => ("*".to_owned(), Why::VersionUnknown { field: item.field }),
    }
}

/// `7.0.12`, `v7.0.12`, `Rev.15.04.04` → the version; prose ("7.0 Update 3", "SP1 (6.1.7601)")
/// → none.
fn plain_version(raw: &str) -> Option<String> {
    let lower = raw.trim().to_ascii_lowercase();
    let text = ["rev.", "ver.", "version ", "v"]
        .iter()
        .find_map(|prefix| lower.strip_prefix(prefix))
        .unwrap_or(&lower)
        .trim();
    let plain = text.starts_with(|c: char| c.is_ascii_digit())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    plain.then(|| text.to_owned())
}

fn cpe_text(part: char, vendor: &str, product: &str, version: &str) -> String {
    let mut wfn = Wfn {
        attributes: std::array::from_fn(|_| AttrValue::Any),
    };
    let value = |text: &str| AttrValue::Value(Pattern::literal(text));
    wfn.set(Attribute::Part, value(&part.to_string()));
    wfn.set(Attribute::Vendor, value(vendor));
    wfn.set(Attribute::Product, value(product));
    let version = match version {
        "*" => AttrValue::Any,
        "-" => AttrValue::Na,
        text => value(text),
    };
    wfn.set(Attribute::Version, version);
    wfn.to_string()
}

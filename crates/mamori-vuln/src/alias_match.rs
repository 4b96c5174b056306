//! Applicability data that only exists through names: CVE JSON 5 CNA `affected` entries that
//! name products by free-text `vendor`/`product` (no CPEs), and criteria whose vendor is an alias
//! of the asset's (Pulse Secure ↔ Ivanti, Hill-Rom ↔ Baxter …).
//!
//! Both become extra NVD-shaped configurations for the [`Matcher`](crate::Matcher), each with its
//! tier fixed by where it came from:
//! - `adp`: a CNA entry whose vendor and product, written the way NVD writes tokens
//!   ([`product_token`]), give the criterion directly ("Fortinet" / "FortiOS" →
//!   `*:fortinet:fortios`), with the CNA's version ranges;
//! - `alias`: anything that needed the [`AliasTable`]: a maker name mapped to another token
//!   ("Trend Micro, Inc." → `trendmicro`), a product name or rename from the table, or a
//!   criterion rewritten to another vendor of its group. An alias match is never `confirmed`.

use std::collections::BTreeSet;

use crate::alias::{AliasTable, product_token};
use crate::cpe::{AttrValue, Attribute, Pattern, Wfn};
use crate::cve5::{
    Affected, Cve5Record, Provider, VersionEntry, criterion_for_range, or_configuration,
};
use crate::matcher::Source;
use crate::nvd::{Configuration, CpeMatch, VersionBounds};

/// Applicability data derived for one CVE.
#[derive(Debug, Clone)]
pub(crate) struct Derived {
    pub cve_id: String,
    pub source: Source,
    pub configurations: Vec<Configuration>,
}

/// Criteria from the record's CNA `affected` entries that carry no CPE names.
pub(crate) fn cna_entries(record: &Cve5Record, table: &AliasTable) -> Vec<Derived> {
    let mut direct = Vec::new();
    let mut aliased = Vec::new();
    for affected in &record.affected {
        if affected.provider != Provider::Cna || !affected.cpes.is_empty() {
            continue;
        }
        let Some((pairs_direct, pairs_alias)) = product_pairs(affected, table) else {
            continue;
        };
        direct.extend(configuration(&pairs_direct, affected));
        aliased.extend(configuration(&pairs_alias, affected));
    }
    [(Source::Cna, direct), (Source::Alias, aliased)]
        .into_iter()
        .filter(|(_, configurations)| !configurations.is_empty())
        .map(|(source, configurations)| Derived {
            cve_id: record.cve_id.clone(),
            source,
            configurations,
        })
        .collect()
}

type Pairs = BTreeSet<(String, String)>;

/// The `vendor:product` pairs a CNA entry names: directly, and through the table.
fn product_pairs(affected: &Affected, table: &AliasTable) -> Option<(Pairs, Pairs)> {
    let vendor = affected
        .vendor
        .as_deref()
        .map(str::trim)
        .filter(|v| is_named(v))?;
    let product = affected
        .product
        .as_deref()
        .map(str::trim)
        .filter(|p| is_named(p))?;
    // "FortiOS, FortiProxy" names several products in one string: not guessed apart.
    if product.contains([',', ';']) {
        return None;
    }
    let literal_vendor = product_token(vendor);
    let literal_product = product_token(product);
    if literal_vendor.is_empty() || literal_product.is_empty() {
        return None;
    }
    let mut vendors: BTreeSet<String> = table.vendor_tokens(vendor).map(str::to_owned).collect();
    vendors.insert(literal_vendor.clone());
    let mut direct = Pairs::new();
    let mut alias = Pairs::new();
    for vendor_token in &vendors {
        // The product as written, and without a leading maker name ("BD Alaris…" → `alaris…`).
        let mut products = vec![literal_product.clone()];
        products.extend(strip_vendor_prefix(&literal_product, &literal_vendor));
        products.extend(strip_vendor_prefix(&literal_product, vendor_token));
        for product_token in products {
            let pair = (vendor_token.clone(), product_token);
            if *vendor_token == literal_vendor {
                direct.insert(pair);
            } else {
                alias.insert(pair);
            }
        }
    }
    let related: BTreeSet<&str> = vendors
        .iter()
        .flat_map(|v| std::iter::once(v.as_str()).chain(table.vendor_aliases(v)))
        .collect();
    for pair in table.products_named(product) {
        if related.contains(pair.0.as_str()) && !direct.contains(pair) {
            alias.insert(pair.clone());
        }
    }
    Some((direct, alias))
}

fn is_named(text: &str) -> bool {
    !text.is_empty() && !matches!(text.to_ascii_lowercase().as_str(), "n/a" | "unknown" | "-")
}

/// "VMware vCenter Server" → `vcenter_server`; "Trend Micro Apex One" (vendor "Trend Micro,
/// Inc.") → `apex_one`: the longest run of the vendor's leading words that starts the product.
fn strip_vendor_prefix(product: &str, vendor: &str) -> Option<String> {
    let words: Vec<&str> = vendor.split('_').collect();
    (1..=words.len()).rev().find_map(|n| {
        let prefix = format!("{}_", words[..n].join("_"));
        product
            .strip_prefix(&prefix)
            .filter(|rest| !rest.is_empty())
            .map(str::to_owned)
    })
}

/// One OR node over every pair and affected version range of the entry.
fn configuration(pairs: &Pairs, affected: &Affected) -> Option<Configuration> {
    let ranges: Vec<&VersionEntry> = affected
        .versions
        .iter()
        .filter(|v| v.status == "affected" && v.version_type.as_deref() != Some("git"))
        .collect();
    let default_affected = affected.default_status.as_deref() == Some("affected");
    let mut cpe_match = Vec::new();
    for (vendor, product) in pairs {
        let wfn = name_criterion(vendor, product);
        if ranges.is_empty() && default_affected && affected.versions.is_empty() {
            cpe_match.push(criterion(wfn.clone(), VersionBounds::default()));
        }
        for range in &ranges {
            cpe_match.push(match prose(range) {
                Some(text) => prose_criterion(&wfn, text),
                None => criterion_for_range(&wfn, range),
            });
        }
    }
    or_configuration(cpe_match)
}

/// `cpe:2.3:*:vendor:product:*:…`: CNA data does not say application, OS or hardware.
fn name_criterion(vendor: &str, product: &str) -> Wfn {
    let mut wfn = Wfn {
        attributes: std::array::from_fn(|_| AttrValue::Any),
    };
    wfn.set(
        Attribute::Vendor,
        AttrValue::Value(Pattern::literal(vendor)),
    );
    wfn.set(
        Attribute::Product,
        AttrValue::Value(Pattern::literal(product)),
    );
    wfn
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

/// A version statement in words ("FortiOS 6.0.2, 5.6.7 and before", "9.18.0 and below").
fn prose(range: &VersionEntry) -> Option<&str> {
    let wordy = |text: &str| {
        text.trim()
            .contains(|c: char| c.is_whitespace() || c == ',')
    };
    [
        Some(range.version.as_str()),
        range.less_than.as_deref(),
        range.less_than_or_equal.as_deref(),
    ]
    .into_iter()
    .flatten()
    .find(|text| wordy(text))
}

/// Versions the CNA wrote in words cannot be compared: the statement becomes the upper bound,
/// which no version order accepts, so an asset with a known version is `indeterminate` with
/// the statement in the reason (and never "not affected").
fn prose_criterion(wfn: &Wfn, statement: &str) -> CpeMatch {
    criterion(
        wfn.clone(),
        VersionBounds {
            end_including: Some(statement.trim().to_owned()),
            ..VersionBounds::default()
        },
    )
}

/// Every configuration rewritten to the other vendors of its criteria's groups and to the other
/// names of renamed products; only configurations where a vulnerable criterion changed are kept.
pub(crate) fn alias_entries<'e>(
    entries: impl IntoIterator<Item = (&'e str, &'e [Configuration])>,
    table: &AliasTable,
) -> Vec<Derived> {
    let mut derived = Vec::new();
    for (cve_id, configurations) in entries {
        for rewrite in rewrites(configurations, table) {
            let rewritten: Vec<Configuration> = configurations
                .iter()
                .filter_map(|c| rewrite_configuration(c, &rewrite))
                .collect();
            if !rewritten.is_empty() {
                derived.push(Derived {
                    cve_id: cve_id.to_owned(),
                    source: Source::Alias,
                    configurations: rewritten,
                });
            }
        }
    }
    derived
}

/// One renaming: `from` (vendor, and product when it is a product rename) → `to`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Rewrite {
    from_vendor: String,
    from_product: Option<String>,
    to_vendor: String,
    to_product: Option<String>,
}

fn rewrites(configurations: &[Configuration], table: &AliasTable) -> BTreeSet<Rewrite> {
    let mut found = BTreeSet::new();
    let vulnerable = configurations
        .iter()
        .flat_map(|c| &c.nodes)
        .flat_map(|n| &n.cpe_match)
        .filter(|m| m.vulnerable);
    for criterion in vulnerable {
        let (Some(vendor), Some(product)) =
            (criterion.criteria.vendor(), criterion.criteria.product())
        else {
            continue;
        };
        if !table.has_aliases(vendor) {
            continue;
        }
        for alias in table.vendor_aliases(vendor) {
            found.insert(Rewrite {
                from_vendor: vendor.to_owned(),
                from_product: None,
                to_vendor: alias.to_owned(),
                to_product: None,
            });
        }
        for (to_vendor, to_product) in table.same_products(vendor, product) {
            found.insert(Rewrite {
                from_vendor: vendor.to_owned(),
                from_product: Some(product.to_owned()),
                to_vendor: to_vendor.clone(),
                to_product: Some(to_product.clone()),
            });
        }
    }
    found
}

fn rewrite_configuration(config: &Configuration, rewrite: &Rewrite) -> Option<Configuration> {
    let mut changed_vulnerable = false;
    let mut config = config.clone();
    for criterion in config.nodes.iter_mut().flat_map(|n| &mut n.cpe_match) {
        let wfn = &criterion.criteria;
        let vendor_hit = wfn.vendor() == Some(rewrite.from_vendor.as_str());
        let product_hit = match &rewrite.from_product {
            Some(product) => wfn.product() == Some(product.as_str()),
            None => true,
        };
        if !(vendor_hit && product_hit) {
            continue;
        }
        let mut wfn = wfn.clone();
        wfn.set(
            Attribute::Vendor,
            AttrValue::Value(Pattern::literal(&rewrite.to_vendor)),
        );
        if let Some(product) = &rewrite.to_product {
            wfn.set(
                Attribute::Product,
                AttrValue::Value(Pattern::literal(product)),
            );
        }
        // The criterion text stays as the feed wrote it: the explanation shows what was aliased.
        criterion.criteria = wfn;
        changed_vulnerable |= criterion.vulnerable;
    }
    changed_vulnerable.then_some(config)
}

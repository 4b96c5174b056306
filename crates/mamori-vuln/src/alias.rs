//! The vendor-alias table: how makers are written in CNA `affected` data, KEV and hospital
//! ledgers ("Baxter", "Fortinet, Inc.", "日本光電") mapped to CPE vendor tokens, the groups of
//! tokens that name one maker after an acquisition or a rename (Pulse Secure ↔ Ivanti, Hill-Rom ↔
//! Baxter …), and product names and renames.
//!
//! The table is data: `data/vendor-aliases.toml`, embedded in the binary ([`AliasTable::builtin`]).
//! A user file of the same shape extends it ([`AliasTable::parse`] then [`AliasTable::extend`]);
//! every defect of such a file is an [`AliasFileError`] naming the file and the line.

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use serde::Deserialize;
use toml::Spanned;

/// The table shipped with mamori.
const BUILTIN: &str = include_str!("../data/vendor-aliases.toml");

/// A problem in an alias file, located by file and line (1-based).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {detail}")]
pub struct AliasFileError {
    pub file: String,
    pub line: usize,
    pub kind: AliasFileErrorKind,
    /// What is wrong, in the parser's words (the kind names it for the catalogue).
    pub detail: String,
}

/// What kind of problem an alias file has; [`AliasFileErrorKind::code`] is the catalogue key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AliasFileErrorKind {
    /// Not TOML, or not the table's shape (unknown key, wrong type, missing key).
    Syntax,
    /// A CPE vendor or product token with characters a CPE token cannot hold.
    BadToken,
    /// A product is not written `vendor:product`.
    BadProduct,
    /// An empty name or a group of fewer than two vendors.
    Empty,
}

impl AliasFileErrorKind {
    pub fn code(self) -> &'static str {
        match self {
            AliasFileErrorKind::Syntax => "vuln-aliases-syntax",
            AliasFileErrorKind::BadToken => "vuln-aliases-bad-token",
            AliasFileErrorKind::BadProduct => "vuln-aliases-bad-product",
            AliasFileErrorKind::Empty => "vuln-aliases-empty",
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    vendor: Vec<RawVendor>,
    #[serde(default)]
    group: Vec<RawGroup>,
    #[serde(default)]
    product: Vec<RawProduct>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVendor {
    cpe: Spanned<String>,
    #[serde(default)]
    names: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    vendors: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProduct {
    cpe: Spanned<String>,
    #[serde(default)]
    names: Vec<Spanned<String>>,
    #[serde(default)]
    same_as: Vec<Spanned<String>>,
}

/// A CPE `vendor:product` pair (lower case tokens).
pub type ProductPair = (String, String);

/// The vendor-alias table, ready for look-ups.
#[derive(Debug, Clone, Default)]
pub struct AliasTable {
    /// [`name_key`] of a maker name → CPE vendor tokens.
    vendors_by_name: HashMap<String, BTreeSet<String>>,
    /// Vendor token → the other tokens of its groups.
    groups: HashMap<String, BTreeSet<String>>,
    /// [`name_key`] of a product name → `vendor:product` pairs.
    products_by_name: HashMap<String, BTreeSet<ProductPair>>,
    /// `vendor:product` → the same product under other names.
    same_products: HashMap<ProductPair, BTreeSet<ProductPair>>,
    /// Every vendor token the table knows, with the names written for it.
    known_vendors: HashMap<String, Vec<String>>,
}

impl AliasTable {
    /// The table shipped with mamori (`data/vendor-aliases.toml`). A test proves it parses; were
    /// it ever broken, matching would go on without aliases rather than stop.
    pub fn builtin() -> &'static AliasTable {
        static TABLE: OnceLock<AliasTable> = OnceLock::new();
        TABLE.get_or_init(|| AliasTable::parse(BUILTIN, "vendor-aliases.toml").unwrap_or_default())
    }

    /// The builtin table's text (for `--vendor-aliases` users to start from).
    pub fn builtin_text() -> &'static str {
        BUILTIN
    }

    /// Parses a table file; `file` names it in errors.
    pub fn parse(text: &str, file: &str) -> Result<AliasTable, AliasFileError> {
        let raw: RawFile = toml::from_str(text).map_err(|err| {
            let line = err.span().map_or(1, |span| line_of(text, span.start));
            AliasFileError {
                file: file.to_owned(),
                line,
                kind: AliasFileErrorKind::Syntax,
                detail: err.message().to_owned(),
            }
        })?;
        let located = |span: std::ops::Range<usize>, kind, detail: String| AliasFileError {
            file: file.to_owned(),
            line: line_of(text, span.start),
            kind,
            detail,
        };
        let mut table = AliasTable::default();
        for vendor in raw.vendor {
            let token = checked_token(&vendor.cpe)
                .map_err(|d| located(vendor.cpe.span(), AliasFileErrorKind::BadToken, d))?;
            let names = table.known_vendors.entry(token.clone()).or_default();
            for name in &vendor.names {
                let key = name_key(name.get_ref());
                if key.is_empty() {
                    return Err(located(
                        name.span(),
                        AliasFileErrorKind::Empty,
                        format!("the name {:?} has no letters or digits", name.get_ref()),
                    ));
                }
                names.push(name.get_ref().clone());
                table
                    .vendors_by_name
                    .entry(key)
                    .or_default()
                    .insert(token.clone());
            }
        }
        for group in raw.group {
            let span = group.vendors.span();
            let mut tokens = BTreeSet::new();
            for vendor in group.vendors.get_ref() {
                let token = checked_token(vendor)
                    .map_err(|d| located(vendor.span(), AliasFileErrorKind::BadToken, d))?;
                tokens.insert(token);
            }
            if tokens.len() < 2 {
                return Err(located(
                    span,
                    AliasFileErrorKind::Empty,
                    "a group names at least two different vendors".to_owned(),
                ));
            }
            // The note documents the file; matching does not need it.
            let _ = group.note;
            for token in &tokens {
                let others = table.groups.entry(token.clone()).or_default();
                others.extend(tokens.iter().filter(|t| *t != token).cloned());
            }
        }
        for product in raw.product {
            let pair = checked_pair(&product.cpe)
                .map_err(|(kind, d)| located(product.cpe.span(), kind, d))?;
            for name in &product.names {
                let key = name_key(name.get_ref());
                if key.is_empty() {
                    return Err(located(
                        name.span(),
                        AliasFileErrorKind::Empty,
                        format!("the name {:?} has no letters or digits", name.get_ref()),
                    ));
                }
                table
                    .products_by_name
                    .entry(key)
                    .or_default()
                    .insert(pair.clone());
            }
            for same in &product.same_as {
                let other =
                    checked_pair(same).map_err(|(kind, d)| located(same.span(), kind, d))?;
                table
                    .same_products
                    .entry(pair.clone())
                    .or_default()
                    .insert(other.clone());
                table
                    .same_products
                    .entry(other)
                    .or_default()
                    .insert(pair.clone());
            }
        }
        Ok(table)
    }

    /// Adds another table's entries (a user file extends the builtin table).
    pub fn extend(&mut self, other: AliasTable) {
        for (key, tokens) in other.vendors_by_name {
            self.vendors_by_name.entry(key).or_default().extend(tokens);
        }
        for (token, others) in other.groups {
            self.groups.entry(token).or_default().extend(others);
        }
        for (key, pairs) in other.products_by_name {
            self.products_by_name.entry(key).or_default().extend(pairs);
        }
        for (pair, others) in other.same_products {
            self.same_products.entry(pair).or_default().extend(others);
        }
        for (token, names) in other.known_vendors {
            self.known_vendors.entry(token).or_default().extend(names);
        }
    }

    /// The CPE vendor tokens the table gives for a maker name ("Fortinet, Inc." → `fortinet`).
    pub fn vendor_tokens(&self, maker: &str) -> impl Iterator<Item = &str> {
        self.vendors_by_name
            .get(&name_key(maker))
            .into_iter()
            .flatten()
            .map(String::as_str)
    }

    /// The other vendor tokens of the token's groups (`pulsesecure` → `ivanti`).
    pub fn vendor_aliases(&self, token: &str) -> impl Iterator<Item = &str> {
        self.groups
            .get(token)
            .into_iter()
            .flatten()
            .map(String::as_str)
    }

    /// `vendor:product` pairs the table gives for a product name ("ICS" → `ivanti:connect_secure`).
    pub fn products_named(&self, name: &str) -> impl Iterator<Item = &ProductPair> {
        self.products_by_name
            .get(&name_key(name))
            .into_iter()
            .flatten()
    }

    /// The same product under its other `vendor:product` names.
    pub fn same_products(&self, vendor: &str, product: &str) -> impl Iterator<Item = &ProductPair> {
        self.same_products
            .get(&(vendor.to_owned(), product.to_owned()))
            .into_iter()
            .flatten()
    }

    /// Whether a vendor token takes part in any group or product rename.
    pub fn has_aliases(&self, token: &str) -> bool {
        self.groups.contains_key(token) || self.same_products.keys().any(|(v, _)| v == token)
    }

    /// Every `vendor:product` pair the table names (for the CPE dictionary of suggestions).
    pub fn named_products(&self) -> impl Iterator<Item = &ProductPair> {
        self.products_by_name
            .values()
            .flatten()
            .chain(self.same_products.keys())
    }

    /// Every vendor token the table names, with the maker names written for it.
    pub fn known_vendors(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.known_vendors
            .iter()
            .map(|(token, names)| (token.as_str(), names.as_slice()))
    }
}

/// The look-up key of a maker or product name: lower case, company-form words dropped
/// ("Inc.", "Corporation", "Co., Ltd.", "株式会社" …), only letters and digits kept.
pub fn name_key(name: &str) -> String {
    const FORMS: [&str; 16] = [
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "co",
        "company",
        "ltd",
        "limited",
        "llc",
        "gmbh",
        "ag",
        "se",
        "sa",
        "plc",
        "kk",
        "bv",
    ];
    let cleaned = name.replace("株式会社", " ").replace("(株)", " ");
    let lower = cleaned.to_lowercase();
    let mut words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    while words.len() > 1 && words.last().is_some_and(|w| FORMS.contains(w)) {
        words.pop();
    }
    words.concat()
}

/// NVD's way of writing a product (or vendor) as a CPE token: lower case, runs of spaces as
/// `_`, only ASCII letters, digits and `_ - . & +` kept ("Connex Health Portal" →
/// `connex_health_portal`, "BD Alaris™ PCU (8015)" → `bd_alaris_pcu_8015`).
pub fn product_token(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for ch in name.trim().chars() {
        let ch = ch.to_ascii_lowercase();
        if ch.is_ascii_alphanumeric() || matches!(ch, '-' | '.' | '&' | '+') {
            out.push(ch);
        } else if (ch.is_whitespace() || ch == '_' || ch == '/') && !out.ends_with('_') {
            out.push('_');
        }
    }
    let trimmed = out.trim_matches(|c| matches!(c, '_' | '-' | '.'));
    trimmed.to_owned()
}

fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// A CPE token as written in the file: lower-case ASCII letters, digits, `_ - . & +`.
fn checked_token(raw: &Spanned<String>) -> Result<String, String> {
    check_token(raw.get_ref())
}

fn check_token(text: &str) -> Result<String, String> {
    let ok = !text.is_empty()
        && text.chars().all(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '-' | '.' | '&' | '+')
        });
    if ok {
        Ok(text.to_owned())
    } else {
        Err(format!(
            "{text:?} is not a CPE token (lower-case ASCII letters, digits and _ - . & + only)"
        ))
    }
}

fn checked_pair(raw: &Spanned<String>) -> Result<ProductPair, (AliasFileErrorKind, String)> {
    let text = raw.get_ref();
    let Some((vendor, product)) = text.split_once(':') else {
        return Err((
            AliasFileErrorKind::BadProduct,
            format!("{text:?} is not written vendor:product"),
        ));
    };
    let vendor = check_token(vendor).map_err(|d| (AliasFileErrorKind::BadToken, d))?;
    let product = check_token(product).map_err(|d| (AliasFileErrorKind::BadToken, d))?;
    Ok((vendor, product))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_table_parses() {
        let parsed = AliasTable::parse(BUILTIN, "vendor-aliases.toml");
        assert!(parsed.is_ok(), "{parsed:?}");
    }

    /// Every vendor of a group, and of a product rename, has its names in the table, so a
    /// maker written any of those ways reaches the group.
    #[test]
    fn builtin_groups_name_known_vendors() {
        let table = AliasTable::builtin();
        let known: BTreeSet<&str> = table.known_vendors().map(|(token, _)| token).collect();
        for (token, others) in &table.groups {
            assert!(known.contains(token.as_str()), "{token}");
            assert!(
                others.iter().all(|o| known.contains(o.as_str())),
                "{others:?}"
            );
        }
        for (vendor, _) in table.same_products.keys() {
            assert!(known.contains(vendor.as_str()), "{vendor}");
        }
        assert!(table.vendor_aliases("pulsesecure").any(|t| t == "ivanti"));
        assert!(table.vendor_aliases("hillrom").any(|t| t == "baxter"));
        assert!(
            table
                .vendor_tokens("Cloud Software Group")
                .any(|t| t == "cloudsoftwaregroup")
        );
    }

    fn check_key(input: &str, expected: &str) {
        assert_eq!(name_key(input), expected, "{input}");
    }

    #[test]
    fn name_keys_drop_company_forms() {
        check_key("Fortinet, Inc.", "fortinet");
        check_key("Trend Micro, Inc.", "trendmicro");
        check_key("Becton Dickinson & Co", "bectondickinson");
        check_key("日本光電工業株式会社", "日本光電工業");
        check_key("Co", "co");
    }

    fn check_token(input: &str, expected: &str) {
        assert_eq!(product_token(input), expected, "{input}");
    }

    #[test]
    fn product_tokens_look_like_nvd() {
        check_token("Connex Health Portal", "connex_health_portal");
        check_token("FortiGate 60F", "fortigate_60f");
        check_token("Veeam Backup & Replication", "veeam_backup_&_replication");
        check_token(
            "BD Alarisâ„¢ Point-of-Care Unit (PCU) Model 8015",
            "bd_alaris_point-of-care_unit_pcu_model_8015",
        );
        check_token("  NetScaler ADC  ", "netscaler_adc");
    }
}

//! CPE names: the well-formed name (WFN) type and its two bindings.
//!
//! The formatted-string binding (`cpe:2.3:…`, NISTIR 7695 §6.2) is what NVD, CVE JSON 5 and the
//! ledger use; the URI binding (`cpe:/a:vendor:product`, CPE 2.2) is what JVN iPedia and MyJVN use.
//! Parsing never panics: every defect of the input is a [`CpeError`].
//!
//! Values are stored unescaped and lower-cased (comparison is case-insensitive), with the
//! unquoted wildcards `*` and `?` kept apart from the literal text so that matching never has to
//! re-interpret escapes.

mod relation;
mod uri;

use std::fmt;

pub use relation::{NameRelation, Relation, compare_attribute, compare_names};

/// Why a CPE string was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CpeError {
    #[error("a CPE 2.3 name starts with `cpe:2.3:`")]
    MissingPrefix,
    #[error("a CPE 2.3 name has 11 attributes after the prefix, found {found}")]
    WrongAttributeCount { found: usize },
    #[error("part must be `a`, `o`, `h` or `*`, found `{found}`")]
    InvalidPart { found: String },
    #[error("attribute {attribute} is empty")]
    EmptyAttribute { attribute: &'static str },
    #[error("attribute {attribute} ends with a lone backslash")]
    TrailingBackslash { attribute: &'static str },
    #[error("attribute {attribute} has an unquoted `{wildcard}` in the middle of the value")]
    EmbeddedWildcard {
        attribute: &'static str,
        wildcard: char,
    },
    #[error("attribute {attribute} contains the character {found:?}, which a CPE name cannot hold")]
    InvalidCharacter {
        attribute: &'static str,
        found: char,
    },
    #[error("a CPE 2.2 URI starts with `cpe:/`")]
    MissingUriPrefix,
    #[error("a CPE 2.2 URI has at most 7 components, found {found}")]
    TooManyUriComponents { found: usize },
    #[error("invalid percent-encoding in CPE 2.2 URI component {attribute}")]
    InvalidPercentEncoding { attribute: &'static str },
    #[error("an asset CPE must not contain wildcards, attribute {attribute} does")]
    WildcardInAssetName { attribute: &'static str },
}

/// The 11 attribute names of a WFN, in binding order.
pub const ATTRIBUTE_NAMES: [&str; 11] = [
    "part",
    "vendor",
    "product",
    "version",
    "update",
    "edition",
    "language",
    "sw_edition",
    "target_sw",
    "target_hw",
    "other",
];

/// Index of an attribute in [`Wfn::attributes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attribute {
    Part = 0,
    Vendor = 1,
    Product = 2,
    Version = 3,
    Update = 4,
    Edition = 5,
    Language = 6,
    SwEdition = 7,
    TargetSw = 8,
    TargetHw = 9,
    Other = 10,
}

/// A leading or trailing unquoted wildcard of a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Wildcard {
    #[default]
    None,
    /// `*`: any number of characters.
    Star,
    /// `?` repeated n times: at most n characters (NISTIR 7696 reference algorithm).
    Questions(usize),
}

/// A concrete value, possibly with wildcards at its ends.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Pattern {
    pub leading: Wildcard,
    /// Unescaped, lower-cased text.
    pub literal: String,
    pub trailing: Wildcard,
}

impl Pattern {
    pub fn literal(text: &str) -> Self {
        Pattern {
            leading: Wildcard::None,
            literal: text.to_ascii_lowercase(),
            trailing: Wildcard::None,
        }
    }

    pub fn has_wildcards(&self) -> bool {
        self.leading != Wildcard::None || self.trailing != Wildcard::None
    }
}

/// One attribute value of a WFN.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AttrValue {
    /// `*`: any value (for an asset: "not known").
    Any,
    /// `-`: not applicable / no value.
    Na,
    Value(Pattern),
}

impl AttrValue {
    /// The literal text of a wildcard-free value.
    pub fn as_literal(&self) -> Option<&str> {
        match self {
            AttrValue::Value(p) if !p.has_wildcards() => Some(&p.literal),
            _ => None,
        }
    }

    pub fn has_wildcards(&self) -> bool {
        matches!(self, AttrValue::Value(p) if p.has_wildcards())
    }
}

/// A well-formed CPE name: 11 attribute values.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Wfn {
    pub attributes: [AttrValue; 11],
}

impl Wfn {
    /// Parses a CPE 2.3 formatted string.
    pub fn parse_formatted(input: &str) -> Result<Wfn, CpeError> {
        let rest = strip_prefix_ignore_case(input, "cpe:2.3:").ok_or(CpeError::MissingPrefix)?;
        let components = split_unescaped_colons(rest);
        if components.len() != 11 {
            return Err(CpeError::WrongAttributeCount {
                found: components.len(),
            });
        }
        let mut attributes: [AttrValue; 11] = std::array::from_fn(|_| AttrValue::Any);
        for (idx, raw) in components.iter().enumerate() {
            attributes[idx] = parse_formatted_value(raw, ATTRIBUTE_NAMES[idx])?;
        }
        check_part(&attributes[0])?;
        Ok(Wfn { attributes })
    }

    /// Parses either binding: `cpe:2.3:…` or the CPE 2.2 URI `cpe:/…`.
    pub fn parse(input: &str) -> Result<Wfn, CpeError> {
        if strip_prefix_ignore_case(input, "cpe:/").is_some() {
            uri::parse_uri(input)
        } else {
            Wfn::parse_formatted(input)
        }
    }

    /// Parses a name that describes a real thing (an asset): no wildcards allowed inside values.
    /// `*` as a whole attribute still means "unknown".
    pub fn parse_concrete(input: &str) -> Result<Wfn, CpeError> {
        let wfn = Wfn::parse(input)?;
        match wfn.attributes.iter().position(AttrValue::has_wildcards) {
            Some(idx) => Err(CpeError::WildcardInAssetName {
                attribute: ATTRIBUTE_NAMES[idx],
            }),
            None => Ok(wfn),
        }
    }

    pub fn get(&self, attribute: Attribute) -> &AttrValue {
        &self.attributes[attribute as usize]
    }

    pub fn set(&mut self, attribute: Attribute, value: AttrValue) {
        self.attributes[attribute as usize] = value;
    }

    /// `part`, `vendor`, `product` as literals, when all three are concrete.
    pub fn product_key(&self) -> Option<ProductKey> {
        Some(ProductKey {
            part: self.get(Attribute::Part).as_literal()?.to_owned(),
            vendor: self.get(Attribute::Vendor).as_literal()?.to_owned(),
            product: self.get(Attribute::Product).as_literal()?.to_owned(),
        })
    }

    pub fn vendor(&self) -> Option<&str> {
        self.get(Attribute::Vendor).as_literal()
    }

    pub fn product(&self) -> Option<&str> {
        self.get(Attribute::Product).as_literal()
    }

    pub fn part(&self) -> Option<&str> {
        self.get(Attribute::Part).as_literal()
    }
}

/// The index key of a CPE name: lower-cased `part:vendor:product`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProductKey {
    pub part: String,
    pub vendor: String,
    pub product: String,
}

impl fmt::Display for ProductKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.part, self.vendor, self.product)
    }
}

/// Formats back to a CPE 2.3 formatted string (lower-case, punctuation escaped).
impl fmt::Display for Wfn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("cpe:2.3")?;
        for value in &self.attributes {
            f.write_str(":")?;
            write_formatted_value(f, value)?;
        }
        Ok(())
    }
}

fn write_formatted_value(f: &mut fmt::Formatter<'_>, value: &AttrValue) -> fmt::Result {
    match value {
        AttrValue::Any => f.write_str("*"),
        AttrValue::Na => f.write_str("-"),
        AttrValue::Value(pattern) => {
            write_wildcard(f, pattern.leading)?;
            for ch in pattern.literal.chars() {
                if !(ch.is_ascii_alphanumeric() || matches!(ch, '_' | '.' | '-')) {
                    f.write_str("\\")?;
                }
                write!(f, "{ch}")?;
            }
            write_wildcard(f, pattern.trailing)
        }
    }
}

fn write_wildcard(f: &mut fmt::Formatter<'_>, wildcard: Wildcard) -> fmt::Result {
    match wildcard {
        Wildcard::None => Ok(()),
        Wildcard::Star => f.write_str("*"),
        Wildcard::Questions(n) => f.write_str(&"?".repeat(n)),
    }
}

pub(crate) fn strip_prefix_ignore_case<'a>(input: &'a str, prefix: &str) -> Option<&'a str> {
    let head = input.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &input[prefix.len()..])
}

/// Splits at `:` not preceded by an escaping backslash.
fn split_unescaped_colons(input: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (idx, ch) in input.char_indices() {
        match ch {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            ':' => {
                parts.push(&input[start..idx]);
                start = idx + 1;
            }
            _ => {}
        }
    }
    parts.push(&input[start..]);
    parts
}

fn check_part(value: &AttrValue) -> Result<(), CpeError> {
    match value {
        AttrValue::Any => Ok(()),
        AttrValue::Value(p)
            if !p.has_wildcards() && matches!(p.literal.as_str(), "a" | "o" | "h") =>
        {
            Ok(())
        }
        AttrValue::Na => Err(CpeError::InvalidPart {
            found: "-".to_owned(),
        }),
        AttrValue::Value(p) => Err(CpeError::InvalidPart {
            found: p.literal.clone(),
        }),
    }
}

/// One formatted-string component: `*`, `-`, or a value with optional edge wildcards.
fn parse_formatted_value(raw: &str, attribute: &'static str) -> Result<AttrValue, CpeError> {
    match raw {
        "" => return Err(CpeError::EmptyAttribute { attribute }),
        "*" => return Ok(AttrValue::Any),
        "-" => return Ok(AttrValue::Na),
        _ => {}
    }
    let tokens = tokenize_value(raw, attribute)?;
    let pattern = pattern_from_tokens(&tokens, attribute)?;
    Ok(AttrValue::Value(pattern))
}

/// A character of a value: quoted (literal) or an unquoted wildcard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Token {
    Literal(char),
    Star,
    Question,
}

fn tokenize_value(raw: &str, attribute: &'static str) -> Result<Vec<Token>, CpeError> {
    let mut tokens = Vec::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(ch) = chars.next() {
        check_printable(ch, attribute)?;
        let token = match ch {
            '\\' => {
                let escaped = chars
                    .next()
                    .ok_or(CpeError::TrailingBackslash { attribute })?;
                check_printable(escaped, attribute)?;
                Token::Literal(escaped)
            }
            '*' => Token::Star,
            '?' => Token::Question,
            // Unescaped punctuation is tolerated as a literal: real feeds contain it and
            // rejecting a whole criterion would lose more than it protects.
            other => Token::Literal(other),
        };
        tokens.push(token);
    }
    Ok(tokens)
}

fn check_printable(ch: char, attribute: &'static str) -> Result<(), CpeError> {
    if ch.is_ascii_graphic() {
        Ok(())
    } else {
        Err(CpeError::InvalidCharacter {
            attribute,
            found: ch,
        })
    }
}

/// Wildcards may only stand at the ends of a value (NISTIR 7695 §5.3.2).
pub(crate) fn pattern_from_tokens(
    tokens: &[Token],
    attribute: &'static str,
) -> Result<Pattern, CpeError> {
    let (leading, lead_len) = edge_wildcard(tokens.iter(), attribute)?;
    let rest = &tokens[lead_len..];
    let (trailing, trail_len) = if rest.is_empty() {
        (Wildcard::None, 0)
    } else {
        edge_wildcard(rest.iter().rev(), attribute)?
    };
    let middle = &rest[..rest.len() - trail_len];
    let mut literal = String::with_capacity(middle.len());
    for token in middle {
        match token {
            Token::Literal(ch) => literal.push(ch.to_ascii_lowercase()),
            Token::Star => {
                return Err(CpeError::EmbeddedWildcard {
                    attribute,
                    wildcard: '*',
                });
            }
            Token::Question => {
                return Err(CpeError::EmbeddedWildcard {
                    attribute,
                    wildcard: '?',
                });
            }
        }
    }
    Ok(Pattern {
        leading,
        literal,
        trailing,
    })
}

fn edge_wildcard<'a>(
    mut tokens: impl Iterator<Item = &'a Token>,
    attribute: &'static str,
) -> Result<(Wildcard, usize), CpeError> {
    match tokens.next() {
        Some(Token::Star) => match tokens.next() {
            Some(Token::Star | Token::Question) => Err(CpeError::EmbeddedWildcard {
                attribute,
                wildcard: '*',
            }),
            _ => Ok((Wildcard::Star, 1)),
        },
        Some(Token::Question) => {
            let count = 1 + tokens.take_while(|t| **t == Token::Question).count();
            Ok((Wildcard::Questions(count), count))
        }
        _ => Ok((Wildcard::None, 0)),
    }
}

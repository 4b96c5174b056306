//! The checklist editions as data: `data/checklists.json`, derived once from the shared
//! research YAML by `tools/convert_checklists.py` and embedded in the binary. A new edition
//! is a data change; the code only knows the evidence rules that items name.

use std::collections::{BTreeMap, HashSet};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::rules::RuleRef;

const CHECKLISTS_JSON: &str = include_str!("../data/checklists.json");

/// The format tag of `data/checklists.json`.
pub const CATALOGUE_FORMAT: &str = "mamori-checklists/1";

/// All editions known to this build.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    pub format: String,
    pub derived_from: Vec<String>,
    pub editions: Vec<Edition>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EditionKind {
    /// An MHLW checklist edition, answered yearly for the on-site inspection.
    Checklist,
    /// Checkable requirements of the safety-management guideline.
    Guideline,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edition {
    /// `R5`, `R6`, `R7`, `GL6` …
    pub id: String,
    pub kind: EditionKind,
    pub title_ja: String,
    /// The fiscal year the edition is used in (checklists only).
    pub fiscal_year: Option<i16>,
    pub items: Vec<Item>,
    /// Source documents by key, as the research record lists them.
    pub sources: BTreeMap<String, BTreeMap<String, String>>,
    /// What the research record says is still unverified.
    pub gaps: Vec<String>,
}

/// 医療機関確認用 or 事業者確認用.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    Hospital,
    Vendor,
}

impl Audience {
    pub fn code(self) -> &'static str {
        match self {
            Audience::Hospital => "hospital",
            Audience::Vendor => "vendor",
        }
    }
}

/// How far the wording can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verification {
    Verbatim,
    Secondary,
    Draft,
    Inferred,
}

/// Whether the item was required in its edition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    Required,
    /// R5 参考項目: due the next fiscal year.
    Reference,
    /// Added in this edition.
    New,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub id: String,
    pub audience: Audience,
    pub category: String,
    /// The number as printed, e.g. `2-(1)` or `2-①`; the guideline's section.
    pub number: Option<String>,
    /// The number is our guess, not seen in the edition.
    pub number_inferred: bool,
    pub device_scope: Option<String>,
    /// Official wording; `None` when it was not seen.
    pub text_ja: Option<String>,
    /// Our gloss, never official.
    pub text_en: String,
    /// `text_ja` is the official wording as seen in a transcription of the MHLW document.
    pub verbatim: bool,
    pub verification: Verification,
    pub status: ItemStatus,
    pub due: Option<String>,
    pub guideline_refs: Vec<String>,
    pub sources: Vec<String>,
    pub notes: Option<String>,
    /// The evidence rules that answer the item from the ledger; empty = answered by hand.
    pub rules: Vec<RuleRef>,
}

impl Item {
    /// Answered from the ledger rather than by hand.
    pub fn has_evidence(&self) -> bool {
        !self.rules.is_empty()
    }
}

/// Why the embedded data cannot be used (a build with broken data; the test catches it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogueError {
    #[error("checklists.json does not parse: {0}")]
    Parse(String),
    #[error("checklists.json has format {0:?}, expected {CATALOGUE_FORMAT}")]
    Format(String),
    #[error("item id {0} appears twice")]
    DuplicateItem(String),
    #[error("edition id {0} appears twice")]
    DuplicateEdition(String),
    #[error("item {item} names source {source_key} that its edition does not list")]
    UnknownSource { item: String, source_key: String },
    #[error("item {0} is marked verbatim but has no Japanese wording or is not verified verbatim")]
    FalseVerbatim(String),
    #[error("edition {0} has no items")]
    EmptyEdition(String),
}

impl CatalogueError {
    pub fn code(&self) -> &'static str {
        match self {
            CatalogueError::Parse(_) => "catalogue_parse",
            CatalogueError::Format(_) => "catalogue_format",
            CatalogueError::DuplicateItem(_) => "catalogue_duplicate_item",
            CatalogueError::DuplicateEdition(_) => "catalogue_duplicate_edition",
            CatalogueError::UnknownSource { .. } => "catalogue_unknown_source",
            CatalogueError::FalseVerbatim(_) => "catalogue_false_verbatim",
            CatalogueError::EmptyEdition(_) => "catalogue_empty_edition",
        }
    }
}

impl Catalogue {
    /// Parses and validates a catalogue document.
    pub fn parse(text: &str) -> Result<Catalogue, CatalogueError> {
        let catalogue: Catalogue =
            serde_json::from_str(text).map_err(|e| CatalogueError::Parse(e.to_string()))?;
        catalogue.validate()?;
        Ok(catalogue)
    }

    fn validate(&self) -> Result<(), CatalogueError> {
        if self.format != CATALOGUE_FORMAT {
            return Err(CatalogueError::Format(self.format.clone()));
        }
        let mut editions = HashSet::new();
        let mut items = HashSet::new();
        for edition in &self.editions {
            if !editions.insert(edition.id.as_str()) {
                return Err(CatalogueError::DuplicateEdition(edition.id.clone()));
            }
            if edition.items.is_empty() {
                return Err(CatalogueError::EmptyEdition(edition.id.clone()));
            }
            for item in &edition.items {
                if !items.insert(item.id.as_str()) {
                    return Err(CatalogueError::DuplicateItem(item.id.clone()));
                }
                check_item(edition, item)?;
            }
        }
        Ok(())
    }

    /// The edition with this id (case-insensitive: `r7` is `R7`).
    pub fn edition(&self, id: &str) -> Option<&Edition> {
        self.editions
            .iter()
            .find(|edition| edition.id.eq_ignore_ascii_case(id))
    }

    /// The newest checklist edition: the one inspectors ask for by default.
    pub fn current_edition(&self) -> Option<&Edition> {
        self.editions
            .iter()
            .filter(|edition| edition.kind == EditionKind::Checklist)
            .max_by_key(|edition| edition.fiscal_year)
    }

    /// The item with this id in any edition.
    pub fn item(&self, id: &str) -> Option<(&Edition, &Item)> {
        self.editions.iter().find_map(|edition| {
            edition
                .items
                .iter()
                .find(|item| item.id == id)
                .map(|item| (edition, item))
        })
    }
}

fn check_item(edition: &Edition, item: &Item) -> Result<(), CatalogueError> {
    for source in &item.sources {
        // Guideline sources read "sys p.10": the key is the first word.
        let key = source.split_whitespace().next().unwrap_or_default();
        if !edition.sources.contains_key(key) {
            return Err(CatalogueError::UnknownSource {
                item: item.id.clone(),
                source_key: source.clone(),
            });
        }
    }
    if item.verbatim && (item.text_ja.is_none() || item.verification != Verification::Verbatim) {
        return Err(CatalogueError::FalseVerbatim(item.id.clone()));
    }
    Ok(())
}

impl Edition {
    pub fn items_for(&self, audience: Audience) -> impl Iterator<Item = &Item> {
        self.items
            .iter()
            .filter(move |item| item.audience == audience)
    }
}

/// The embedded catalogue, parsed once.
pub fn catalogue() -> Result<&'static Catalogue, CatalogueError> {
    static CATALOGUE: OnceLock<Result<Catalogue, CatalogueError>> = OnceLock::new();
    CATALOGUE
        .get_or_init(|| Catalogue::parse(CHECKLISTS_JSON))
        .as_ref()
        .map_err(Clone::clone)
}

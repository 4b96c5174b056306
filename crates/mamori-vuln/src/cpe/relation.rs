//! Attribute and name comparison per NISTIR 7696 (CPE Name Matching), Table 6-2.
//!
//! The source is the criterion (may hold wildcards), the target is the asset (must not).

use super::{AttrValue, Pattern, Wfn, Wildcard};

/// The relation of one source attribute to one target attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Relation {
    Superset,
    Subset,
    Equal,
    Disjoint,
    /// The target holds wildcards; NISTIR 7696 leaves this undefined.
    Undefined,
}

/// The relation of one source attribute value to one target attribute value.
pub fn compare_attribute(source: &AttrValue, target: &AttrValue) -> Relation {
    if target.has_wildcards() {
        return Relation::Undefined;
    }
    match (source, target) {
        (AttrValue::Any, AttrValue::Any) | (AttrValue::Na, AttrValue::Na) => Relation::Equal,
        (AttrValue::Any, _) => Relation::Superset,
        (AttrValue::Na, AttrValue::Any) => Relation::Subset,
        (AttrValue::Na, AttrValue::Value(_)) => Relation::Disjoint,
        (AttrValue::Value(_), AttrValue::Any) => Relation::Subset,
        (AttrValue::Value(_), AttrValue::Na) => Relation::Disjoint,
        (AttrValue::Value(pattern), AttrValue::Value(value)) => {
            compare_values(pattern, &value.literal)
        }
    }
}

fn compare_values(source: &Pattern, target: &str) -> Relation {
    if !source.has_wildcards() {
        return if source.literal == target {
            Relation::Equal
        } else {
            Relation::Disjoint
        };
    }
    if pattern_matches(source, target) {
        Relation::Superset
    } else {
        Relation::Disjoint
    }
}

/// Whether an edge-wildcard pattern matches a literal: the literal part must occur at a
/// position whose prefix and suffix lengths the wildcards allow (`?`×n = at most n chars,
/// as in the NISTIR 7696 reference `compareStrings`).
fn pattern_matches(pattern: &Pattern, target: &str) -> bool {
    let needle = pattern.literal.as_str();
    if needle.len() > target.len() {
        return false;
    }
    (0..=target.len() - needle.len())
        .filter(|&start| target.is_char_boundary(start) && target[start..].starts_with(needle))
        .any(|start| {
            let suffix = target.len() - start - needle.len();
            edge_allows(pattern.leading, start) && edge_allows(pattern.trailing, suffix)
        })
}

fn edge_allows(wildcard: Wildcard, extra_chars: usize) -> bool {
    match wildcard {
        Wildcard::None => extra_chars == 0,
        Wildcard::Star => true,
        Wildcard::Questions(n) => extra_chars <= n,
    }
}

/// The 11 attribute relations of two names, and the name-level relations derived from them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameRelation {
    pub attributes: [Relation; 11],
}

impl NameRelation {
    /// CPE_DISJOINT: some attribute is disjoint.
    pub fn is_disjoint(&self) -> bool {
        self.attributes.contains(&Relation::Disjoint)
    }

    /// CPE_EQUAL: every attribute is equal.
    pub fn is_equal(&self) -> bool {
        self.attributes.iter().all(|r| *r == Relation::Equal)
    }

    /// CPE_SUBSET: every attribute is subset or equal.
    pub fn is_subset(&self) -> bool {
        self.attributes
            .iter()
            .all(|r| matches!(r, Relation::Subset | Relation::Equal))
    }

    /// CPE_SUPERSET: every attribute is superset or equal — the source matches the target.
    pub fn is_superset(&self) -> bool {
        self.attributes
            .iter()
            .all(|r| matches!(r, Relation::Superset | Relation::Equal))
    }
}

/// Compares source and target attribute by attribute.
pub fn compare_names(source: &Wfn, target: &Wfn) -> NameRelation {
    let attributes = std::array::from_fn(|idx| {
        compare_attribute(&source.attributes[idx], &target.attributes[idx])
    });
    NameRelation { attributes }
}

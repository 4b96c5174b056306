//! Evaluating an NVD configuration tree against one asset.
//!
//! A criterion is tried against every CPE name of the asset; node and configuration operators
//! combine the answers (OR = strongest, AND = weakest); a configuration fires only if a
//! `vulnerable: true` criterion holds. Answers are graded, never silently dropped:
//! `Yes` > `Possible` (an asset attribute is unknown) > `Indeterminate` (versions cannot be
//! compared, NVD's `-` version, spelling differences) > `No`.

use std::borrow::Cow;
use std::cmp::Ordering;

use crate::asset::AssetContext;
use crate::cpe::{AttrValue, Attribute, Relation, Wfn, compare_attribute};
use crate::nvd::{Configuration, CpeMatch, CveRecord, Node, Operator, VersionBounds};
use crate::version::{VersionScheme, unescape};

/// How strongly a criterion, node or configuration holds for an asset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Truth {
    No,
    Indeterminate(Cow<'static, str>),
    Possible(Cow<'static, str>),
    Yes,
}

impl Truth {
    pub(crate) fn rank(&self) -> u8 {
        match self {
            Truth::No => 0,
            Truth::Indeterminate(_) => 1,
            Truth::Possible(_) => 2,
            Truth::Yes => 3,
        }
    }

    pub fn holds_at_all(&self) -> bool {
        *self != Truth::No
    }

    fn stronger(self, other: Truth) -> Truth {
        if other.rank() > self.rank() {
            other
        } else {
            self
        }
    }

    fn weaker(self, other: Truth) -> Truth {
        if other.rank() < self.rank() {
            other
        } else {
            self
        }
    }
}

/// The confidence tier of a finding (the product's names, see the vulnerability reference §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tier {
    Confirmed,
    Possible,
    Indeterminate,
    PlatformOnly,
    Adp,
    Alias,
    Jvn,
}

impl Tier {
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Confirmed => "confirmed",
            Tier::Possible => "possible",
            Tier::Indeterminate => "indeterminate",
            Tier::PlatformOnly => "platform_only",
            Tier::Adp => "adp",
            Tier::Alias => "alias",
            Tier::Jvn => "jvn",
        }
    }
}

/// One criterion that held (at some strength) for one of the asset's CPE names. It borrows the
/// criterion and the asset's CPE name instead of copying text: most findings are never
/// explained one by one, and building strings for all of them dominated matching time.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence<'a> {
    pub configuration: usize,
    pub criterion: &'a CpeMatch,
    pub asset_cpe: &'a Wfn,
    pub truth: Truth,
}

impl<'a> Evidence<'a> {
    /// The criterion exactly as NVD wrote it.
    pub fn criteria(&self) -> &'a str {
        &self.criterion.criteria_text
    }

    pub fn vulnerable(&self) -> bool {
        self.criterion.vulnerable
    }

    pub fn match_criteria_id(&self) -> Option<&'a str> {
        self.criterion.match_criteria_id.as_deref()
    }

    pub fn bounds(&self) -> &'a VersionBounds {
        &self.criterion.bounds
    }

    /// The asset's CPE name as a formatted string (built on demand).
    pub fn asset_cpe_text(&self) -> String {
        self.asset_cpe.to_string()
    }
}

/// The result of evaluating one CVE record against one asset.
#[derive(Debug, Clone, PartialEq)]
pub struct Applicability<'a> {
    pub truth: Truth,
    /// Confirmed / Possible / Indeterminate / PlatformOnly, or `None` when not applicable.
    pub tier: Option<Tier>,
    /// The criteria of the strongest configuration(s) that held.
    pub evidence: Vec<Evidence<'a>>,
}

/// Evaluates every configuration of a record.
pub fn evaluate_record<'a>(record: &'a CveRecord, asset: &'a AssetContext) -> Applicability<'a> {
    evaluate_configurations(record.configurations.iter().enumerate(), asset)
}

/// Evaluates the given `(index, configuration)` pairs; the strongest one decides.
pub fn evaluate_configurations<'a>(
    configurations: impl IntoIterator<Item = (usize, &'a Configuration)>,
    asset: &'a AssetContext,
) -> Applicability<'a> {
    let mut best = Truth::No;
    let mut evidence: Vec<Evidence<'a>> = Vec::new();
    for (idx, config) in configurations {
        let (truth, found) = evaluate_configuration(idx, config, asset);
        match truth.rank().cmp(&best.rank()) {
            Ordering::Greater => {
                best = truth;
                evidence = found;
            }
            Ordering::Equal if truth.holds_at_all() => evidence.extend(found),
            _ => {}
        }
    }
    let tier = tier_for(&best, &evidence);
    Applicability {
        truth: best,
        tier,
        evidence,
    }
}

fn tier_for(truth: &Truth, evidence: &[Evidence<'_>]) -> Option<Tier> {
    let base = match truth {
        Truth::No => return None,
        Truth::Indeterminate(_) => Tier::Indeterminate,
        Truth::Possible(_) => Tier::Possible,
        Truth::Yes => Tier::Confirmed,
    };
    let mut vulnerable = evidence
        .iter()
        .filter(|e| e.vulnerable() && e.truth.holds_at_all())
        .peekable();
    let only_distro =
        vulnerable.peek().is_some() && vulnerable.all(|e| is_linux_distribution(e.criteria()));
    Some(if only_distro {
        Tier::PlatformOnly
    } else {
        base
    })
}

/// A Linux distribution's OS CPE: listed vulnerable on its own it says little about the
/// package inside, which the distribution may have patched.
fn is_linux_distribution(criteria: &str) -> bool {
    const DISTRIBUTIONS: [&str; 12] = [
        ":o:canonical:ubuntu_linux:",
        ":o:debian:debian_linux:",
        ":o:fedoraproject:fedora:",
        ":o:redhat:enterprise_linux",
        ":o:redhat:linux:",
        ":o:suse:",
        ":o:opensuse:",
        ":o:novell:",
        ":o:oracle:linux:",
        ":o:centos:",
        ":o:amazon:linux",
        ":o:gentoo:linux:",
    ];
    let lower = criteria.to_ascii_lowercase();
    DISTRIBUTIONS.iter().any(|prefix| lower.contains(prefix))
}

fn evaluate_configuration<'a>(
    idx: usize,
    config: &'a Configuration,
    asset: &'a AssetContext,
) -> (Truth, Vec<Evidence<'a>>) {
    let mut evidence = Vec::new();
    let mut node_truths = Vec::with_capacity(config.nodes.len());
    for node in &config.nodes {
        node_truths.push(evaluate_node(idx, node, asset, &mut evidence));
    }
    let combined = combine(config.operator.unwrap_or(Operator::Or), node_truths);
    let tree_truth = if config.negate {
        negated(combined)
    } else {
        combined
    };
    // Platform criteria (`vulnerable: false`) never make an asset vulnerable on their own.
    let vulnerable_truth = evidence
        .iter()
        .filter(|e| e.vulnerable())
        .fold(Truth::No, |acc, e| acc.stronger(e.truth.clone()));
    let truth = tree_truth.weaker(vulnerable_truth);
    if !truth.holds_at_all() {
        evidence.clear();
    }
    (truth, evidence)
}

fn evaluate_node<'a>(
    config_idx: usize,
    node: &'a Node,
    asset: &'a AssetContext,
    evidence: &mut Vec<Evidence<'a>>,
) -> Truth {
    let mut truths = Vec::with_capacity(node.cpe_match.len());
    for criterion in &node.cpe_match {
        let (truth, asset_cpe) = best_over_asset(criterion, asset);
        if let (true, Some(asset_cpe)) = (truth.holds_at_all(), asset_cpe) {
            evidence.push(Evidence {
                configuration: config_idx,
                criterion,
                asset_cpe,
                truth: truth.clone(),
            });
        }
        truths.push(truth);
    }
    let combined = combine(node.operator, truths);
    if node.negate {
        negated(combined)
    } else {
        combined
    }
}

/// NOT is not evaluated: negated nodes are practically unused and a wrong guess either way
/// would hide or invent findings.
fn negated(inner: Truth) -> Truth {
    match inner {
        Truth::No => Truth::Indeterminate(Cow::Borrowed("a negated (NOT) node is not evaluated")),
        _ => Truth::No,
    }
}

fn combine(operator: Operator, truths: Vec<Truth>) -> Truth {
    let mut iter = truths.into_iter();
    let Some(first) = iter.next() else {
        return Truth::No;
    };
    match operator {
        Operator::Or => iter.fold(first, Truth::stronger),
        Operator::And => iter.fold(first, Truth::weaker),
    }
}

/// The strongest answer of one criterion over all CPE names of the asset.
fn best_over_asset<'a>(criterion: &CpeMatch, asset: &'a AssetContext) -> (Truth, Option<&'a Wfn>) {
    let mut best = (Truth::No, None);
    for cpe in &asset.cpes {
        let truth = evaluate_criterion(criterion, cpe);
        if truth.rank() > best.0.rank() {
            let done = truth == Truth::Yes;
            best = (truth, Some(cpe));
            if done {
                break;
            }
        }
    }
    best
}

/// One criterion against one concrete asset CPE name.
pub fn evaluate_criterion(criterion: &CpeMatch, target: &Wfn) -> Truth {
    let mut result = Truth::Yes;
    for (idx, (source_value, target_value)) in criterion
        .criteria
        .attributes
        .iter()
        .zip(&target.attributes)
        .enumerate()
    {
        let truth = if idx == Attribute::Version as usize {
            evaluate_version(criterion, target)
        } else {
            evaluate_plain_attribute(idx, source_value, target_value)
        };
        result = result.weaker(truth);
        if result == Truth::No {
            return Truth::No;
        }
    }
    result
}

fn evaluate_plain_attribute(idx: usize, source: &AttrValue, target: &AttrValue) -> Truth {
    let name = crate::cpe::ATTRIBUTE_NAMES[idx];
    match compare_attribute(source, target) {
        Relation::Equal | Relation::Superset => Truth::Yes,
        // An unknown part/vendor/product is not an asset we can say anything about.
        Relation::Subset if idx <= Attribute::Product as usize => Truth::No,
        Relation::Subset => Truth::Possible(unknown_attribute(name)),
        Relation::Disjoint | Relation::Undefined => Truth::No,
    }
}

/// The reason for an unknown (`*`) asset attribute, without formatting per evaluation.
fn unknown_attribute(name: &str) -> Cow<'static, str> {
    const REASONS: [(&str, &str); 8] = [
        ("update", "asset update is not known (`*`)"),
        ("edition", "asset edition is not known (`*`)"),
        ("language", "asset language is not known (`*`)"),
        ("sw_edition", "asset sw_edition is not known (`*`)"),
        ("target_sw", "asset target_sw is not known (`*`)"),
        ("target_hw", "asset target_hw is not known (`*`)"),
        ("other", "asset other is not known (`*`)"),
        ("version", "asset version is not known (`*`)"),
    ];
    match REASONS.iter().find(|(attr, _)| *attr == name) {
        Some((_, reason)) => Cow::Borrowed(reason),
        None => Cow::Owned(format!("asset {name} is not known (`*`)")),
    }
}

fn evaluate_version(criterion: &CpeMatch, target: &Wfn) -> Truth {
    let source = criterion.criteria.get(Attribute::Version);
    let target_version = target.get(Attribute::Version);
    let exact = match (source, target_version) {
        (AttrValue::Any, _) => Truth::Yes,
        (_, AttrValue::Any) => Truth::Possible(Cow::Borrowed("asset version is not known (`*`)")),
        (AttrValue::Na, AttrValue::Na) => Truth::Yes,
        (AttrValue::Na, AttrValue::Value(value)) => Truth::Indeterminate(format!(
            "NVD gives version `-` (no version), which it also uses for \"all versions\"; asset has `{}`",
            value.literal
        ).into()),
        (AttrValue::Value(_), AttrValue::Na) => Truth::No,
        (AttrValue::Value(pattern), AttrValue::Value(value)) => evaluate_exact_version(
            criterion,
            &pattern.literal,
            &value.literal,
            source,
            target_version,
        ),
    };
    if !exact.holds_at_all() || criterion.bounds.is_empty() {
        return exact;
    }
    exact.weaker(evaluate_bounds(criterion, target))
}

/// An exact criterion version: equal holds; the same version spelled differently (`7.0` vs
/// `7.0.0`) or a release train against a build (`13.0` vs `13.0-47.24`) is indeterminate.
fn evaluate_exact_version(
    criterion: &CpeMatch,
    source_text: &str,
    target_text: &str,
    source: &AttrValue,
    target: &AttrValue,
) -> Truth {
    if matches!(
        compare_attribute(source, target),
        Relation::Equal | Relation::Superset
    ) {
        return Truth::Yes;
    }
    if source.has_wildcards() {
        return Truth::No;
    }
    let scheme = scheme_of(&criterion.criteria);
    if scheme.compare(source_text, target_text) == Ok(Ordering::Equal) {
        return Truth::Indeterminate(format!(
            "NVD lists version `{source_text}`; the asset's `{target_text}` is the same release spelled differently"
        ).into());
    }
    let is_train = target_text
        .strip_prefix(source_text)
        .is_some_and(|rest| rest.starts_with(['-', '.', ' ', 'r', '_']));
    if is_train {
        return Truth::Indeterminate(format!(
            "NVD names only the `{source_text}` release train; build `{target_text}` cannot be judged"
        ).into());
    }
    Truth::No
}

fn scheme_of(wfn: &Wfn) -> VersionScheme {
    VersionScheme::for_product(wfn.vendor().unwrap_or(""), wfn.product().unwrap_or(""))
}

/// A bound and whether an asset-vs-bound ordering satisfies it.
type BoundCheck<'a> = (&'a Option<String>, fn(Ordering) -> bool);

/// NVD's range extension against the asset version (with its update folded in where the
/// vendor keeps patch levels there).
fn evaluate_bounds(criterion: &CpeMatch, target: &Wfn) -> Truth {
    let version = match target.get(Attribute::Version) {
        AttrValue::Any => {
            return Truth::Possible(Cow::Borrowed("asset version is not known (`*`)"));
        }
        AttrValue::Na => {
            return Truth::Indeterminate(Cow::Borrowed(
                "asset has version `-`, NVD gives a version range",
            ));
        }
        AttrValue::Value(value) => value.literal.clone(),
    };
    let scheme = scheme_of(&criterion.criteria);
    let criterion_update_any = matches!(criterion.criteria.get(Attribute::Update), AttrValue::Any);
    let asset_version = match target.get(Attribute::Update).as_literal() {
        Some(update) if criterion_update_any => {
            scheme.fold_update(&version, update).unwrap_or(version)
        }
        _ => version,
    };
    let bounds = &criterion.bounds;
    let checks: [BoundCheck<'_>; 4] = [
        (&bounds.start_including, |o| o != Ordering::Less),
        (&bounds.start_excluding, |o| o == Ordering::Greater),
        (&bounds.end_including, |o| o != Ordering::Greater),
        (&bounds.end_excluding, |o| o == Ordering::Less),
    ];
    let mut result = Truth::Yes;
    for (bound, accepts) in checks {
        let Some(bound) = bound else { continue };
        match scheme.compare(&asset_version, &unescape(bound)) {
            Ok(ordering) if accepts(ordering) => {}
            Ok(_) => return Truth::No,
            Err(err) => result = result.weaker(Truth::Indeterminate(err.to_string().into())),
        }
    }
    result
}

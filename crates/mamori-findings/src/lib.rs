//! Findings: the ledger's assets and external connection points matched against the loaded
//! vulnerability feeds.
//!
//! Pure: the caller loads the ledger, the feeds ([`VulnIndex`]) and the exceptions; this crate
//! turns each target's CPE names into the engine's [`AssetContext`] and every answer into a
//! [`Finding`] with its confidence tier, the criterion and CPE that matched, CVSS, KEV and
//! ransomware flags and JVN ids. Conventions (see the vulnerability reference):
//! - a CPE name only *suggested* by a tool never yields a confirmed finding (it is downgraded to
//!   `possible`);
//! - CPE names of different targets never combine;
//! - a risk acceptance hides a finding only until its expiry date, then the finding reappears.

mod exceptions;
mod index;
mod matches;
mod seen;
mod suggest;
mod targets;

pub use exceptions::{
    Exception, ExceptionBodyError, ExceptionChange, TargetKind, current_exceptions,
};
pub use index::{CveInfo, VulnIndex};
pub use matches::Matches;
pub use seen::SeenAlerts;
pub use suggest::{
    AssetFacts, CpeDictionary, Field, MAX_SUGGESTIONS, Suggestion, Why, suggest_cpes,
};
pub use targets::{CpeProblem, Target, ledger_targets};

/// Alerts among findings.
pub fn alerts<'f, 'a>(findings: &'f [Finding<'a>]) -> impl Iterator<Item = &'f Finding<'a>> {
    findings.iter().filter(|f| f.is_alert())
}

use std::borrow::Cow;
use std::collections::HashMap;

use mamori_core::Date;
use mamori_vuln::{AssetContext, Finding as EngineFinding, Tier, Truth, Wfn};
use serde::{Serialize, Serializer};

/// One CVE on one asset or connection point. Borrows from the targets and the index, so a
/// ledger with millions of findings costs no per-finding text until it is written out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding<'a> {
    /// The asset id, or the connection point id when `target_kind` is `connection_point`.
    pub asset_id: &'a str,
    pub target_kind: TargetKind,
    pub target_name: &'a str,
    pub cve: &'a str,
    /// The tier: `confirmed`, `possible`, `indeterminate`, `platform_only`, `adp`, `alias`, `jvn`.
    pub confidence: &'static str,
    pub kev: bool,
    pub ransomware: bool,
    pub kev_due_date: Option<&'a str>,
    pub cvss: Option<f64>,
    pub severity: Option<&'a str>,
    #[serde(serialize_with = "formatted_cpe")]
    pub matched_cpe: Option<&'a Wfn>,
    pub criteria: Option<&'a str>,
    /// Why the tier is below confirmed, in the engine's words.
    pub reason: Option<Cow<'static, str>>,
    pub jvn_ids: Vec<&'a str>,
    pub crown_jewel: Option<&'a str>,
    /// The exception in force, if the finding is accepted.
    pub accepted_by: Option<&'a str>,
    #[serde(skip)]
    pub tier: Tier,
}

fn formatted_cpe<S: Serializer>(cpe: &Option<&Wfn>, serializer: S) -> Result<S::Ok, S::Error> {
    match cpe {
        Some(wfn) => serializer.collect_str(wfn),
        None => serializer.serialize_none(),
    }
}

impl Finding<'_> {
    /// KEV, or CVSS 9.0 and above, on a connection point or a crown jewel, not accepted.
    pub fn is_alert(&self) -> bool {
        let severe = self.kev || self.cvss.is_some_and(|score| score >= 9.0);
        let exposed = self.target_kind == TargetKind::ConnectionPoint || self.crown_jewel.is_some();
        severe && exposed && self.accepted_by.is_none()
    }

    /// The matched CPE name as text.
    pub fn matched_cpe_text(&self) -> Option<String> {
        self.matched_cpe.map(ToString::to_string)
    }
}

/// Matches every target and marks the findings an exception in force on `today` accepts.
/// Sorted by target, strongest tier, CVE. Collects every finding: where only some are needed
/// (alerts, counts), use [`Matches`] directly.
pub fn match_targets<'a>(
    targets: &'a [Target],
    index: &'a VulnIndex,
    exceptions: &'a [Exception],
    today: Date,
) -> Vec<Finding<'a>> {
    let matches = Matches::new(targets, index, exceptions, today);
    let mut findings = Vec::with_capacity(matches.len());
    findings.extend(matches.iter());
    findings
}

/// The findings of one target, strongest tier first.
pub fn match_target<'a>(target: &'a Target, index: &'a VulnIndex, out: &mut Vec<Finding<'a>>) {
    let confirmed = index.matcher().match_asset(&target.confirmed);
    let mut by_cve: HashMap<&'a str, (Tier, EngineFinding<'a>)> = HashMap::new();
    for found in confirmed {
        by_cve.insert(found.cve_id, (found.tier, found));
    }
    if let Some(all) = &target.with_suggested {
        for found in index.matcher().match_asset(all) {
            if by_cve.contains_key(found.cve_id) {
                continue;
            }
            // Only a suggested CPE made it match: at most possible.
            let tier = match found.tier {
                Tier::Confirmed => Tier::Possible,
                other => other,
            };
            by_cve.insert(found.cve_id, (tier, found));
        }
    }
    let start = out.len();
    for (tier, found) in by_cve.into_values() {
        out.push(finding_from(target, index, tier, &found));
    }
    let context = target.with_suggested.as_ref().unwrap_or(&target.confirmed);
    add_jvn_findings(target, index, context, start, out);
    out[start..].sort_by(|a, b| a.tier.cmp(&b.tier).then_with(|| a.cve.cmp(b.cve)));
}

fn finding_from<'a>(
    target: &'a Target,
    index: &'a VulnIndex,
    tier: Tier,
    found: &EngineFinding<'a>,
) -> Finding<'a> {
    let evidence = found
        .evidence
        .iter()
        .find(|e| e.vulnerable() && e.truth.holds_at_all())
        .or_else(|| found.evidence.first());
    let reason = if tier == Tier::Possible && found.tier == Tier::Confirmed {
        Some(Cow::Borrowed(
            "matched only through a suggested (unconfirmed) CPE name",
        ))
    } else {
        match &found.truth {
            Truth::Possible(why) | Truth::Indeterminate(why) => Some(why.clone()),
            Truth::Yes | Truth::No => None,
        }
    };
    let mut finding = base_finding(target, index, found.cve_id, tier);
    finding.matched_cpe = evidence.map(|e| e.asset_cpe);
    finding.criteria = evidence.map(|e| e.criteria());
    finding.reason = reason;
    finding
}

fn base_finding<'a>(
    target: &'a Target,
    index: &'a VulnIndex,
    cve: &'a str,
    tier: Tier,
) -> Finding<'a> {
    let info = index.info(cve);
    let kev = index.kev(cve);
    Finding {
        asset_id: &target.id,
        target_kind: target.kind,
        target_name: &target.name,
        cve,
        confidence: tier.as_str(),
        kev: kev.is_some(),
        ransomware: kev.is_some_and(|k| k.known_ransomware),
        kev_due_date: kev.map(|k| k.due_date.as_str()).filter(|d| !d.is_empty()),
        cvss: info.and_then(|i| i.cvss),
        severity: info.and_then(|i| i.severity.as_deref()),
        matched_cpe: None,
        criteria: None,
        reason: None,
        jvn_ids: index.jvn_for_cve(cve).map(|j| j.id.as_str()).collect(),
        crown_jewel: target.crown_jewel.as_deref(),
        accepted_by: None,
        tier,
    }
}

/// JVN product-level matches for CVEs nothing stronger found (tier `jvn`, the lowest).
fn add_jvn_findings<'a>(
    target: &'a Target,
    index: &'a VulnIndex,
    context: &AssetContext,
    start: usize,
    out: &mut Vec<Finding<'a>>,
) {
    for entry in index.jvn_for_asset(context) {
        let ids: Vec<&'a str> = if entry.cve_ids.is_empty() {
            vec![entry.id.as_str()]
        } else {
            entry.cve_ids.iter().map(String::as_str).collect()
        };
        for id in ids {
            if out[start..].iter().any(|f| f.cve.eq_ignore_ascii_case(id)) {
                continue;
            }
            let mut finding = base_finding(target, index, id, Tier::Jvn);
            if !finding.jvn_ids.contains(&entry.id.as_str()) {
                finding.jvn_ids.push(&entry.id);
            }
            finding.reason = Some(Cow::Borrowed(
                "JVN names the product; versions are not compared",
            ));
            out.push(finding);
        }
    }
}

//! Overlay data. The diagram crate stays pure and independent of the vulnerability and
//! attack-path engines: callers pass what those engines found as these plain structs.
//! Owners and data gaps come from the ledger itself (`mamori_core::data_gaps`).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use mamori_core::{Ledger, Owner, RecordKind, data_gaps};
use mamori_i18n::{Lang, text};

use crate::graph::Graph;
use crate::model::OverlayKind;

/// A record the overlays point at.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    Asset(String),
    ConnectionPoint(String),
}

/// Severity of the worst finding on a target (CVSS bands).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Critical,
    High,
    Medium,
    Low,
    Unknown,
}

impl Severity {
    pub fn code(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
            Severity::Unknown => "unknown",
        }
    }

    /// The band of a CVSS base score; no score is `Unknown`.
    pub fn from_cvss(score: Option<f64>) -> Severity {
        match score {
            Some(s) if s >= 9.0 => Severity::Critical,
            Some(s) if s >= 7.0 => Severity::High,
            Some(s) if s >= 4.0 => Severity::Medium,
            Some(_) => Severity::Low,
            None => Severity::Unknown,
        }
    }
}

/// One vulnerability finding on an asset or a connection point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VulnMark {
    pub target: Target,
    pub severity: Severity,
    pub kev: bool,
}

/// One attack path to highlight, as the records it passes in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathMark {
    /// The entry point (connection point id) and the crown jewel (asset id) it reaches.
    pub entry: String,
    pub jewel: String,
    /// "entry name → jewel name".
    pub label: String,
    pub steps: Vec<Target>,
}

/// Which overlays to prepare, with the data of those the ledger cannot give.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OverlayInput {
    pub owners: bool,
    pub gaps: bool,
    pub vulns: Option<Vec<VulnMark>>,
    pub path: Option<PathMark>,
}

impl OverlayInput {
    /// The overlays that write a line into zone and point boxes, in slot order.
    pub fn text_kinds(&self) -> Vec<OverlayKind> {
        let mut kinds = Vec::new();
        if self.vulns.is_some() {
            kinds.push(OverlayKind::Vuln);
        }
        if self.owners {
            kinds.push(OverlayKind::Owners);
        }
        if self.gaps {
            kinds.push(OverlayKind::Gaps);
        }
        kinds
    }
}

/// A line of overlay text for one box, with the CSS class that marks the box.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub text: String,
    pub class: &'static str,
    pub title: String,
}

/// Notes per zone node and per connection point, per overlay; vulnerability notes per asset
/// too (for the key assets a zone box lists).
#[derive(Debug, Clone, Default)]
pub struct Notes {
    pub zones: Vec<BTreeMap<OverlayKind, Note>>,
    pub points: Vec<BTreeMap<OverlayKind, Note>>,
    pub assets: HashMap<String, Note>,
}

pub fn notes(ledger: &Ledger, graph: &Graph, input: &OverlayInput, lang: Lang) -> Notes {
    let mut notes = Notes {
        zones: vec![BTreeMap::new(); graph.zones.len()],
        points: vec![BTreeMap::new(); graph.points.len()],
        assets: HashMap::new(),
    };
    if input.owners {
        owner_notes(ledger, graph, lang, &mut notes);
    }
    if input.gaps {
        gap_notes(ledger, graph, lang, &mut notes);
    }
    if let Some(vulns) = &input.vulns {
        vuln_notes(ledger, vulns, graph, lang, &mut notes);
    }
    notes
}

fn owner_notes(ledger: &Ledger, graph: &Graph, lang: Lang, notes: &mut Notes) {
    let mut vendor_managed = vec![0usize; graph.zones.len()];
    for asset in &ledger.assets {
        let by_vendor =
            asset.managing_vendor_id.is_some() || matches!(asset.owner, Owner::Vendor { .. });
        if let (true, Some(&node)) = (by_vendor, graph.asset_node.get(asset.id.as_str())) {
            vendor_managed[node] += 1;
        }
    }
    for (node, zone) in graph.zones.iter().enumerate() {
        let count = vendor_managed[node];
        let line = text(
            lang,
            "diagram-owners-zone",
            &[
                ("count", &count.to_string()),
                ("total", &zone.asset_count.to_string()),
            ],
        );
        let class = if count > 0 {
            "owner-vendor"
        } else {
            "owner-hospital"
        };
        notes.zones[node].insert(OverlayKind::Owners, note(line, class));
    }
    for (index, point) in graph.points.iter().enumerate() {
        let (line, class) = match &point.owner_vendor {
            Some(vendor) => (
                text(lang, "diagram-owners-vendor", &[("vendor", vendor)]),
                "owner-vendor",
            ),
            None => (text(lang, "diagram-owners-hospital", &[]), "owner-hospital"),
        };
        notes.points[index].insert(OverlayKind::Owners, note(line, class));
    }
}

fn gap_notes(ledger: &Ledger, graph: &Graph, lang: Lang, notes: &mut Notes) {
    let mut zone_gaps: Vec<BTreeSet<(String, String)>> = vec![BTreeSet::new(); graph.zones.len()];
    let mut point_gaps: Vec<BTreeSet<(String, String)>> = vec![BTreeSet::new(); graph.points.len()];
    for gap in data_gaps(ledger) {
        let message = text(lang, &format!("gap-{}", gap.code.code()), &[]);
        for record in &gap.records {
            let entry = (message.clone(), record.id.clone());
            match record.kind {
                RecordKind::Assets => {
                    if let Some(&node) = graph.asset_node.get(record.id.as_str()) {
                        zone_gaps[node].insert(entry);
                    }
                }
                RecordKind::ConnectionPoints => {
                    if let Some(&point) = graph.point_index.get(record.id.as_str()) {
                        point_gaps[point].insert(entry);
                    }
                }
                _ => {}
            }
        }
    }
    for (node, gaps) in zone_gaps.iter().enumerate() {
        notes.zones[node].insert(OverlayKind::Gaps, gap_note(gaps, lang));
    }
    for (point, gaps) in point_gaps.iter().enumerate() {
        notes.points[point].insert(OverlayKind::Gaps, gap_note(gaps, lang));
    }
}

fn gap_note(gaps: &BTreeSet<(String, String)>, lang: Lang) -> Note {
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for (message, _) in gaps {
        *kinds.entry(message).or_default() += 1;
    }
    let line = text(lang, "diagram-gaps", &[("count", &gaps.len().to_string())]);
    let title = kinds
        .iter()
        .map(|(message, count)| format!("{message}: {count}"))
        .collect::<Vec<_>>()
        .join("\n");
    let class = if gaps.is_empty() { "gap-none" } else { "gap" };
    Note {
        text: line,
        class,
        title,
    }
}

/// Findings on one box or asset: how many, how many KEV, the worst severity.
#[derive(Default, Clone)]
struct Tally {
    findings: usize,
    kev: usize,
    worst: Option<Severity>,
}

impl Tally {
    fn add(&mut self, mark: &VulnMark) {
        self.findings += 1;
        self.kev += usize::from(mark.kev);
        self.worst = Some(self.worst.map_or(mark.severity, |w| w.min(mark.severity)));
    }

    /// KEV first (known to be exploited), then the CVSS band.
    fn class(&self) -> &'static str {
        match (self.kev > 0, self.worst) {
            (true, _) => "vuln-kev",
            (false, Some(Severity::Critical)) => "vuln-critical",
            (false, Some(Severity::High)) => "vuln-high",
            (false, Some(_)) => "vuln-other",
            (false, None) => "vuln-none",
        }
    }

    /// "脆弱性 3 件・最大 緊急（KEV 1）".
    fn line(&self, lang: Lang) -> String {
        match self.worst {
            None => text(lang, "diagram-vulns-none", &[]),
            Some(worst) => text(
                lang,
                "diagram-vulns",
                &[
                    ("count", &self.findings.to_string()),
                    ("kev", &self.kev.to_string()),
                    (
                        "severity",
                        &text(lang, &format!("diagram-severity-{}", worst.code()), &[]),
                    ),
                ],
            ),
        }
    }
}

/// Affected assets listed in a zone's hover text, worst first.
const ASSETS_IN_TITLE: usize = 10;

fn vuln_notes(ledger: &Ledger, vulns: &[VulnMark], graph: &Graph, lang: Lang, notes: &mut Notes) {
    let mut zones = vec![Tally::default(); graph.zones.len()];
    let mut points = vec![Tally::default(); graph.points.len()];
    let mut assets: BTreeMap<&str, Tally> = BTreeMap::new();
    for mark in vulns {
        match &mark.target {
            Target::Asset(id) => {
                if let Some(&node) = graph.asset_node.get(id) {
                    zones[node].add(mark);
                    assets.entry(id.as_str()).or_default().add(mark);
                }
            }
            Target::ConnectionPoint(id) => {
                if let Some(&point) = graph.point_index.get(id) {
                    points[point].add(mark);
                }
            }
        }
    }
    let names: HashMap<&str, &str> = ledger
        .assets
        .iter()
        .map(|a| (a.id.as_str(), a.name.as_str()))
        .collect();
    // Per zone node: its affected assets, KEV first, then worst severity, then most findings.
    let mut per_zone: Vec<Vec<(&str, &Tally)>> = vec![Vec::new(); graph.zones.len()];
    for (id, tally) in &assets {
        if let Some(&node) = graph.asset_node.get(*id) {
            per_zone[node].push((id, tally));
        }
        let name = names.get(id).copied().unwrap_or(id);
        notes.assets.insert(
            (*id).to_owned(),
            Note {
                text: tally.line(lang),
                class: tally.class(),
                title: format!("{name}: {}", tally.line(lang)),
            },
        );
    }
    for (node, tally) in zones.iter().enumerate() {
        let mut affected = per_zone[node].clone();
        affected.sort_by_key(|(id, t)| (t.kev == 0, t.worst, std::cmp::Reverse(t.findings), *id));
        let mut title = vec![tally.line(lang)];
        for (id, t) in affected.iter().take(ASSETS_IN_TITLE) {
            let name = names.get(id).copied().unwrap_or(id);
            title.push(format!("{name}: {}", t.line(lang)));
        }
        if affected.len() > ASSETS_IN_TITLE {
            title.push(text(
                lang,
                "diagram-vulns-more-assets",
                &[("count", &(affected.len() - ASSETS_IN_TITLE).to_string())],
            ));
        }
        notes.zones[node].insert(
            OverlayKind::Vuln,
            Note {
                text: tally.line(lang),
                class: tally.class(),
                title: title.join("\n"),
            },
        );
    }
    for (point, tally) in points.iter().enumerate() {
        notes.points[point].insert(OverlayKind::Vuln, note(tally.line(lang), tally.class()));
    }
}

fn note(text: String, class: &'static str) -> Note {
    Note {
        title: text.clone(),
        text,
        class,
    }
}

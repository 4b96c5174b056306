//! Overlay data. The diagram crate stays pure and independent of the vulnerability and
//! attack-path engines: callers pass what those engines found as these plain structs.
//! Owners and data gaps come from the ledger itself (`mamori_core::data_gaps`).

use std::collections::{BTreeMap, BTreeSet};

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

/// Notes per zone node and per connection point, per overlay.
#[derive(Debug, Clone, Default)]
pub struct Notes {
    pub zones: Vec<BTreeMap<OverlayKind, Note>>,
    pub points: Vec<BTreeMap<OverlayKind, Note>>,
}

pub fn notes(ledger: &Ledger, graph: &Graph, input: &OverlayInput, lang: Lang) -> Notes {
    let mut notes = Notes {
        zones: vec![BTreeMap::new(); graph.zones.len()],
        points: vec![BTreeMap::new(); graph.points.len()],
    };
    if input.owners {
        owner_notes(ledger, graph, lang, &mut notes);
    }
    if input.gaps {
        gap_notes(ledger, graph, lang, &mut notes);
    }
    if let Some(vulns) = &input.vulns {
        vuln_notes(vulns, graph, lang, &mut notes);
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

fn vuln_notes(vulns: &[VulnMark], graph: &Graph, lang: Lang, notes: &mut Notes) {
    #[derive(Default, Clone)]
    struct Tally {
        findings: usize,
        kev: usize,
        worst: Option<Severity>,
    }
    let mut zones = vec![Tally::default(); graph.zones.len()];
    let mut points = vec![Tally::default(); graph.points.len()];
    for mark in vulns {
        let tally = match &mark.target {
            Target::Asset(id) => graph.asset_node.get(id).map(|&n| &mut zones[n]),
            Target::ConnectionPoint(id) => graph.point_index.get(id).map(|&p| &mut points[p]),
        };
        if let Some(tally) = tally {
            tally.findings += 1;
            tally.kev += usize::from(mark.kev);
            tally.worst = Some(tally.worst.map_or(mark.severity, |w| w.min(mark.severity)));
        }
    }
    let to_note = |tally: &Tally| {
        let line = text(
            lang,
            "diagram-vulns",
            &[
                ("count", &tally.findings.to_string()),
                ("kev", &tally.kev.to_string()),
            ],
        );
        let class = match (tally.kev > 0, tally.worst) {
            (true, _) => "vuln-kev",
            (false, Some(Severity::Critical)) => "vuln-critical",
            (false, Some(Severity::High)) => "vuln-high",
            (false, Some(_)) => "vuln-other",
            (false, None) => "vuln-none",
        };
        note(line, class)
    };
    for (node, tally) in zones.iter().enumerate() {
        notes.zones[node].insert(OverlayKind::Vuln, to_note(tally));
    }
    for (point, tally) in points.iter().enumerate() {
        notes.points[point].insert(OverlayKind::Vuln, to_note(tally));
    }
}

fn note(text: String, class: &'static str) -> Note {
    Note {
        title: text.clone(),
        text,
        class,
    }
}

//! Exposure and impact per finding in the JSON and the table.

use std::collections::BTreeSet;

use mamori_i18n::text;
use mamori_paths::{Change, FindingExposure, Holder};
use serde_json::{Value, json};

use super::View;

/// Findings listed in the table (the JSON has them all).
const TABLE_TOP: usize = 10;

fn holder_json(on: &Holder) -> Value {
    match on {
        Holder::Asset(a) => json!({ "asset": a.as_str() }),
        Holder::Point(p) => json!({ "point": p.as_str() }),
    }
}

fn holder_id(on: &Holder) -> &str {
    match on {
        Holder::Asset(a) => a.as_str(),
        Holder::Point(p) => p.as_str(),
    }
}

/// The crown jewels of the pairs, each once, sorted.
fn jewels_behind(finding: &FindingExposure) -> Vec<&str> {
    let set: BTreeSet<&str> = finding.on_paths.iter().map(|p| p.jewel.as_str()).collect();
    set.into_iter().collect()
}

impl View<'_> {
    fn holder_name(&self, on: &Holder) -> String {
        match on {
            Holder::Asset(a) => self.asset_name(a.as_str()).to_owned(),
            Holder::Point(p) => self
                .point_names
                .get(p.as_str())
                .copied()
                .unwrap_or(p.as_str())
                .to_owned(),
        }
    }

    /// Pairs the patch fix of this finding cuts (0 when patching it alone cuts nothing).
    fn pairs_cut_by_patch(&self, finding: &FindingExposure) -> usize {
        let patch = Change::PatchVuln {
            vuln: finding.vuln.clone(),
            on: finding.on.clone(),
        };
        self.computed
            .ranking
            .fixes
            .iter()
            .find(|f| f.change == patch)
            .map_or(0, |f| f.pairs_cut.len())
    }

    pub(super) fn findings_json(&self) -> Vec<Value> {
        self.computed
            .findings
            .iter()
            .map(|f| {
                let on_paths: Vec<Value> = f
                    .on_paths
                    .iter()
                    .map(|p| json!({ "entry": p.entry.as_str(), "crown_jewel": p.jewel.as_str() }))
                    .collect();
                json!({
                    "vuln": f.vuln.as_str(),
                    "on": holder_json(&f.on),
                    "name": self.holder_name(&f.on),
                    "exposure": {
                        "reached_from": f.reached_from.iter().map(|p| p.as_str()).collect::<Vec<_>>(),
                        "entries": f.entries,
                        "percent": f.percent(),
                        "band": f.band().code(),
                    },
                    "impact": {
                        "crown_jewels": jewels_behind(f),
                        "on_paths": on_paths,
                        "pairs_cut_if_patched": self.pairs_cut_by_patch(f),
                    },
                })
            })
            .collect()
    }

    pub(super) fn write_findings(&self, out: &mut String) {
        let findings = &self.computed.findings;
        if findings.is_empty() {
            return;
        }
        let shown = findings.len().min(TABLE_TOP);
        self.line(
            out,
            "paths-section-findings",
            &[
                ("count", &findings.len().to_string()),
                ("shown", &shown.to_string()),
            ],
        );
        for f in findings.iter().take(shown) {
            let jewels: Vec<String> = jewels_behind(f)
                .into_iter()
                .map(|j| format!("{} ({j})", self.asset_name(j)))
                .collect();
            let jewels = if jewels.is_empty() {
                text(self.lang, "paths-no-backup", &[])
            } else {
                jewels.join(", ")
            };
            let band = text(self.lang, &format!("paths-band-{}", f.band().code()), &[]);
            self.line_in(
                out,
                "  ",
                "paths-finding-line",
                &[
                    ("cve", f.vuln.as_str()),
                    ("name", &self.holder_name(&f.on)),
                    ("on", holder_id(&f.on)),
                    ("percent", &f.percent().to_string()),
                    ("band", &band),
                    ("entries", &f.entries.to_string()),
                    ("reached", &f.reached_from.len().to_string()),
                    ("paths", &f.on_paths.len().to_string()),
                    ("jewels", &jewels),
                ],
            );
        }
    }
}

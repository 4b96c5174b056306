//! The answers of the attack-path engine as JSON (`mamori-paths/1`) and as a table in the
//! user's language, with the engine's hop sentences.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use mamori_i18n::{Lang, text};
use mamori_paths::{
    Change, EnterMeans, Entered, Explainer, Fix, Hop, Medium, Origin, Owner, Passage, Port, Proto,
    Recovery,
};
use mamori_paths_ledger::records_to_change;
use serde_json::{Value, json};

use crate::{Computed, Loaded};

mod findings;

/// Exposure lines kept in JSON besides the crown jewels (a 50,000-asset hospital would
/// otherwise list every controlled PC).
const EXPOSURE_TOP: usize = 20;

pub struct View<'a> {
    lang: Lang,
    loaded: &'a Loaded,
    computed: &'a Computed,
    explainer: Explainer<'a>,
    asset_names: HashMap<&'a str, (&'a str, Option<&'a str>)>,
    point_names: HashMap<&'a str, &'a str>,
    vendor_names: HashMap<&'a str, &'a str>,
}

impl std::fmt::Debug for View<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("View")
            .field("lang", &self.lang)
            .field("hospital", &self.loaded.ledger.hospital.name)
            .finish_non_exhaustive()
    }
}

pub fn engine_lang(lang: Lang) -> mamori_paths::Lang {
    match lang {
        Lang::Ja => mamori_paths::Lang::Ja,
        Lang::En => mamori_paths::Lang::En,
    }
}

fn port_text(port: Port) -> String {
    match port.proto {
        Proto::Tcp => format!("tcp/{}", port.number),
        Proto::Udp => format!("udp/{}", port.number),
    }
}

fn medium_code(medium: Medium) -> &'static str {
    match medium {
        Medium::Online => "online",
        Medium::Offline => "offline",
        Medium::Immutable => "immutable",
    }
}

fn entered_code(entered: Entered) -> &'static str {
    match entered {
        Entered::Restricted => "restricted",
        Entered::No => "no",
        Entered::Present => "present",
        Entered::Controlled => "controlled",
    }
}

pub fn owner_code(owner: &Owner) -> String {
    match owner {
        Owner::Hospital => "hospital".to_owned(),
        Owner::Vendor(vendor) => format!("vendor:{vendor}"),
    }
}

fn origin_json(origin: &Origin) -> Value {
    match origin {
        Origin::Behind(point) => json!({ "point": point.as_str() }),
        Origin::Asset(asset) => json!({ "asset": asset.as_str() }),
    }
}

fn passage_json(passage: &Passage) -> Value {
    match passage {
        Passage::SameZone => json!({ "same_zone": true }),
        Passage::Rule { firewall, rule } => {
            json!({ "firewall": firewall.as_str(), "rule": rule.as_str() })
        }
        Passage::Default { firewall } => json!({ "firewall": firewall.as_str(), "default": true }),
    }
}

/// One hop as data (ledger ids) plus its sentence.
pub fn hop_json(hop: &Hop, sentence: String) -> Value {
    let mut value = match hop {
        Hop::Enter { point, means } => {
            let (means, credential, vuln) = match means {
                EnterMeans::Open => ("open", None, None),
                EnterMeans::LogOn { credential } => ("login", Some(credential.as_str()), None),
                EnterMeans::Exploit { vuln, credential } => (
                    "exploit",
                    credential.as_ref().map(|c| c.as_str()),
                    Some(vuln.as_str()),
                ),
            };
            json!({ "step": "enter", "point": point.as_str(), "means": means,
                    "credential": credential, "vuln": vuln })
        }
        Hop::Exploit {
            from,
            passage,
            asset,
            port,
            vuln,
            credential,
        } => json!({ "step": "exploit", "from": origin_json(from), "asset": asset.as_str(),
                     "port": port_text(*port), "vuln": vuln.as_str(),
                     "credential": credential.as_ref().map(|c| c.as_str()),
                     "via": passage_json(passage) }),
        Hop::LogOn {
            from,
            passage,
            asset,
            port,
            credential,
            level,
        } => json!({ "step": "logon", "from": origin_json(from), "asset": asset.as_str(),
                     "port": port_text(*port), "credential": credential.as_str(),
                     "level": if *level == mamori_paths::Level::Admin { "admin" } else { "user" },
                     "via": passage_json(passage) }),
        Hop::Harvest { credential, from } => {
            let from = match from {
                mamori_paths::Holder::Asset(a) => json!({ "asset": a.as_str() }),
                mamori_paths::Holder::Point(p) => json!({ "point": p.as_str() }),
            };
            json!({ "step": "harvest", "credential": credential.as_str(), "from": from })
        }
        Hop::Escalate { asset, vuln } => {
            json!({ "step": "escalate", "asset": asset.as_str(), "vuln": vuln.as_str() })
        }
    };
    value["text"] = Value::String(sentence);
    value
}

impl<'a> View<'a> {
    pub fn new(lang: Lang, loaded: &'a Loaded, computed: &'a Computed) -> View<'a> {
        let ledger = &loaded.ledger;
        View {
            lang,
            loaded,
            computed,
            explainer: Explainer::new(&loaded.facts),
            asset_names: loaded
                .facts
                .assets
                .iter()
                .map(|a| (a.id.as_str(), (a.name.as_str(), a.crown_jewel.as_deref())))
                .collect(),
            point_names: ledger
                .connection_points
                .iter()
                .map(|p| (p.id.as_str(), p.name.as_str()))
                .collect(),
            vendor_names: ledger
                .vendors
                .iter()
                .map(|v| (v.id.as_str(), v.name.as_str()))
                .collect(),
        }
    }

    fn sentence(&self, hop: &Hop) -> String {
        self.explainer.hop(hop, engine_lang(self.lang))
    }

    fn asset_name<'s>(&'s self, id: &'s str) -> &'s str {
        self.asset_names.get(id).map_or(id, |(name, _)| name)
    }

    fn jewel_kind(&self, code: &str) -> String {
        text(self.lang, &format!("enum-crown_jewel-{code}"), &[])
    }

    fn owner_name(&self, owner: &Owner) -> String {
        match owner {
            Owner::Hospital => text(self.lang, "paths-owner-hospital", &[]),
            Owner::Vendor(v) => self
                .vendor_names
                .get(v.as_str())
                .map_or_else(|| v.clone(), |name| (*name).to_owned()),
        }
    }

    fn fix_text(&self, change: &Change) -> String {
        let target = change.target();
        let target = match change {
            Change::AddMfa(point) => self
                .point_names
                .get(point.as_str())
                .map_or(target, |name| format!("{name} ({point})")),
            _ => target,
        };
        text(
            self.lang,
            &format!("paths-fix-{}", change.kind()),
            &[("target", &target)],
        )
    }

    pub fn fix_json(&self, rank: usize, fix: &Fix) -> Value {
        let records: Vec<String> = records_to_change(&fix.change, &self.loaded.ledger)
            .iter()
            .map(ToString::to_string)
            .collect();
        let pairs: Vec<Value> = fix
            .pairs_cut
            .iter()
            .map(|p| json!({ "entry": p.entry.as_str(), "crown_jewel": p.jewel.as_str() }))
            .collect();
        let restored: Vec<&str> = fix.recoveries_restored.iter().map(|j| j.as_str()).collect();
        json!({
            "rank": rank,
            "id": fix.id,
            "kind": fix.change.kind(),
            "target": fix.change.target(),
            "owner": owner_code(&fix.owner),
            "owner_name": self.owner_name(&fix.owner),
            "pairs_cut": pairs,
            "recovery_restored": restored,
            "records": records,
            "text": self.fix_text(&fix.change),
        })
    }

    fn recovery_json(&self, r: &Recovery) -> Value {
        let copies: Vec<Value> = r
            .copies
            .iter()
            .map(|c| {
                let from: Vec<&str> = c.attackable_from.iter().map(|e| e.as_str()).collect();
                json!({ "backup": c.backup.as_str(), "medium": medium_code(c.medium),
                        "restore_tested": c.restore_tested, "attackable_from": from })
            })
            .collect();
        let ids = |list: &[mamori_paths::PointId]| -> Vec<String> {
            list.iter().map(ToString::to_string).collect()
        };
        json!({
            "name": self.asset_name(r.jewel.as_str()),
            "kind": r.kind,
            "broken": r.broken,
            "reached_from": ids(&r.reached_from),
            "broken_from": ids(&r.broken_from),
            "copies": copies,
            "warning": r.survivor_untested.then_some("survivor_never_restore_tested"),
            "warning_text": r.survivor_untested
                .then(|| text(self.lang, "paths-warning-untested", &[])),
        })
    }

    fn reachable_json(&self) -> Value {
        let mut reachable: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        for entry in &self.computed.analysis.entries {
            reachable.entry(entry.entry.to_string()).or_default();
        }
        for pair in &self.computed.analysis.reached {
            let hops: Vec<Value> = pair
                .path
                .iter()
                .map(|hop| hop_json(hop, self.sentence(hop)))
                .collect();
            let (name, kind) = self
                .asset_names
                .get(pair.jewel.as_str())
                .copied()
                .unwrap_or((pair.jewel.as_str(), None));
            reachable
                .entry(pair.entry.to_string())
                .or_default()
                .push(json!({ "crown_jewel": pair.jewel.as_str(), "name": name,
                              "kind": kind, "hops": hops }));
        }
        json!(reachable)
    }

    fn exposure_json(&self) -> Vec<Value> {
        let analysis = &self.computed.analysis;
        let mut shown = 0;
        analysis
            .exposure
            .iter()
            .filter(|x| {
                let jewel = self
                    .asset_names
                    .get(x.asset.as_str())
                    .is_some_and(|(_, kind)| kind.is_some());
                shown += 1;
                jewel || shown <= EXPOSURE_TOP
            })
            .map(|x| {
                json!({ "asset": x.asset.as_str(), "controlled_from": x.controlled_from,
                        "entries": x.entries, "share": (x.share() * 1000.0).round() / 1000.0 })
            })
            .collect()
    }

    fn notes_json(&self) -> Vec<Value> {
        self.loaded
            .notes
            .iter()
            .map(|n| {
                json!({ "record": n.record.to_string(), "code": n.code.code(),
                        "text": text(self.lang, &format!("paths-note-{}", n.code.code()), &[]) })
            })
            .collect()
    }

    pub fn json(&self) -> Value {
        let analysis = &self.computed.analysis;
        let entries: Vec<Value> = analysis
            .entries
            .iter()
            .map(|e| {
                json!({ "entry": e.entry.as_str(),
                        "name": self.point_names.get(e.entry.as_str()).copied().unwrap_or_default(),
                        "entered": entered_code(e.entered),
                        "controlled": e.controlled.len(), "footholds": e.footholds.len(),
                        "credentials_held": e.held.iter().map(ToString::to_string).collect::<Vec<_>>() })
            })
            .collect();
        let recovery: BTreeMap<String, Value> = analysis
            .recovery
            .iter()
            .map(|r| (r.jewel.to_string(), self.recovery_json(r)))
            .collect();
        let fixes: Vec<Value> = self
            .computed
            .ranking
            .fixes
            .iter()
            .enumerate()
            .map(|(i, fix)| self.fix_json(i + 1, fix))
            .collect();
        json!({
            "format": "mamori-paths/1",
            "hospital": self.loaded.ledger.hospital.name,
            "counts": self.counts(),
            "entries": entries,
            "reachable": self.reachable_json(),
            "recovery_broken": recovery,
            "fix_ranking": fixes,
            "exposure": self.exposure_json(),
            "findings": self.findings_json(),
            "notes": self.notes_json(),
            "problems": analysis.problems.iter().map(|p| format!("{p:?}")).collect::<Vec<_>>(),
        })
    }

    fn counts(&self) -> Value {
        let analysis = &self.computed.analysis;
        json!({
            "entries": analysis.entries.len(),
            "crown_jewels": analysis.recovery.len(),
            "reached_pairs": analysis.reached.len(),
            "recovery_broken": analysis.recovery.iter().filter(|r| r.broken).count(),
            "fixes": self.computed.ranking.fixes.len(),
            "fix_candidates": self.computed.ranking.candidates,
            "feed_findings": self.loaded.feed_findings,
        })
    }

    pub fn fixes_json(&self, limit: usize) -> Value {
        let fixes: Vec<Value> = self
            .computed
            .ranking
            .fixes
            .iter()
            .take(limit)
            .enumerate()
            .map(|(i, fix)| self.fix_json(i + 1, fix))
            .collect();
        json!({
            "format": "mamori-paths-fixes/1",
            "hospital": self.loaded.ledger.hospital.name,
            "counts": self.counts(),
            "fix_ranking": fixes,
        })
    }

    pub fn table(&self) -> String {
        let mut out = String::new();
        self.write_heading(&mut out);
        self.write_reachable(&mut out);
        self.write_recovery(&mut out);
        self.write_fixes(&mut out, 10);
        self.write_findings(&mut out);
        self.write_notes(&mut out);
        out
    }

    pub fn fixes_table(&self, limit: usize) -> String {
        let mut out = String::new();
        self.write_heading(&mut out);
        self.write_fixes(&mut out, limit);
        out
    }

    fn line(&self, out: &mut String, key: &str, args: &[(&str, &str)]) {
        self.line_in(out, "", key, args);
    }

    /// A message on its own line after `indent` (Fluent trims leading blanks of messages).
    fn line_in(&self, out: &mut String, indent: &str, key: &str, args: &[(&str, &str)]) {
        let _ = writeln!(out, "{indent}{}", text(self.lang, key, args));
    }

    fn write_heading(&self, out: &mut String) {
        let analysis = &self.computed.analysis;
        let n = |v: usize| v.to_string();
        self.line(
            out,
            "paths-heading",
            &[
                ("hospital", &self.loaded.ledger.hospital.name),
                ("entries", &n(analysis.entries.len())),
                ("jewels", &n(analysis.recovery.len())),
                ("pairs", &n(analysis.reached.len())),
                (
                    "broken",
                    &n(analysis.recovery.iter().filter(|r| r.broken).count()),
                ),
            ],
        );
        if !analysis.problems.is_empty() {
            self.line(
                out,
                "paths-problems",
                &[("count", &n(analysis.problems.len()))],
            );
            for p in &analysis.problems {
                let _ = writeln!(out, "  - {p:?}");
            }
        }
    }

    fn write_reachable(&self, out: &mut String) {
        self.line(out, "paths-section-reachable", &[]);
        for entry in &self.computed.analysis.entries {
            let pairs: Vec<_> = self
                .computed
                .analysis
                .reached
                .iter()
                .filter(|p| p.entry == entry.entry)
                .collect();
            let name = self
                .point_names
                .get(entry.entry.as_str())
                .copied()
                .unwrap_or_default();
            self.line(
                out,
                "paths-entry-line",
                &[
                    ("name", name),
                    ("id", entry.entry.as_str()),
                    (
                        "entered",
                        &text(
                            self.lang,
                            &format!("paths-entered-{}", entered_code(entry.entered)),
                            &[],
                        ),
                    ),
                    ("count", &pairs.len().to_string()),
                ],
            );
            for pair in pairs {
                let kind = self
                    .asset_names
                    .get(pair.jewel.as_str())
                    .and_then(|(_, k)| *k)
                    .map(|k| self.jewel_kind(k))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "  → {} ({}) [{kind}]",
                    self.asset_name(pair.jewel.as_str()),
                    pair.jewel
                );
                for (i, hop) in pair.path.iter().enumerate() {
                    let _ = writeln!(out, "     {}. {}", i + 1, self.sentence(hop));
                }
            }
        }
    }

    fn write_recovery(&self, out: &mut String) {
        self.line(out, "paths-section-recovery", &[]);
        for r in &self.computed.analysis.recovery {
            let key = if r.broken {
                "paths-recovery-broken"
            } else if r.reached_from.is_empty() {
                "paths-recovery-unreached"
            } else {
                "paths-recovery-intact"
            };
            let copies: Vec<String> = r
                .copies
                .iter()
                .map(|c| {
                    let medium = text(
                        self.lang,
                        &format!("paths-medium-{}", medium_code(c.medium)),
                        &[],
                    );
                    format!("{} ({medium})", c.backup)
                })
                .collect();
            let copies = if copies.is_empty() {
                text(self.lang, "paths-no-backup", &[])
            } else {
                copies.join(", ")
            };
            self.line_in(
                out,
                "  ",
                key,
                &[
                    ("name", self.asset_name(r.jewel.as_str())),
                    ("id", r.jewel.as_str()),
                    ("kind", &self.jewel_kind(&r.kind)),
                    ("entries", &r.broken_from.len().to_string()),
                    ("copies", &copies),
                ],
            );
            if r.survivor_untested {
                self.line_in(out, "    ", "paths-warning-untested-line", &[]);
            }
        }
    }

    fn write_fixes(&self, out: &mut String, limit: usize) {
        let fixes = &self.computed.ranking.fixes;
        self.line(
            out,
            "paths-section-fixes",
            &[
                ("shown", &fixes.len().min(limit).to_string()),
                ("count", &fixes.len().to_string()),
            ],
        );
        for (i, fix) in fixes.iter().take(limit).enumerate() {
            self.line_in(
                out,
                "  ",
                "paths-fix-line",
                &[
                    ("rank", &(i + 1).to_string()),
                    ("text", &self.fix_text(&fix.change)),
                    ("owner", &self.owner_name(&fix.owner)),
                    ("cut", &fix.pairs_cut.len().to_string()),
                    ("restored", &fix.recoveries_restored.len().to_string()),
                ],
            );
            let records: Vec<String> = records_to_change(&fix.change, &self.loaded.ledger)
                .iter()
                .map(ToString::to_string)
                .collect();
            self.line_in(
                out,
                "     ",
                "paths-fix-records",
                &[("id", &fix.id), ("records", &records.join(", "))],
            );
        }
    }

    fn write_notes(&self, out: &mut String) {
        if self.loaded.notes.is_empty() {
            return;
        }
        self.line(out, "paths-section-notes", &[]);
        let mut by_code: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for note in &self.loaded.notes {
            by_code
                .entry(note.code.code())
                .or_default()
                .push(note.record.to_string());
        }
        for (code, records) in by_code {
            let shown: Vec<&str> = records.iter().take(5).map(String::as_str).collect();
            let more = records.len().saturating_sub(shown.len());
            let mut list = shown.join(", ");
            if more > 0 {
                let _ = write!(list, " …(+{more})");
            }
            let _ = writeln!(
                out,
                "  - {}: {list}",
                text(self.lang, &format!("paths-note-{code}"), &[])
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use mamori_i18n::{Lang, catalogue};

    #[test]
    fn every_note_fix_and_medium_has_a_message_in_both_languages() {
        let mut keys: Vec<String> = mamori_paths_ledger::NoteCode::ALL
            .iter()
            .map(|code| format!("paths-note-{}", code.code()))
            .collect();
        for kind in [
            "remove_rule",
            "patch",
            "break_credential",
            "backup_offline",
            "add_mfa",
        ] {
            keys.push(format!("paths-fix-{kind}"));
        }
        for medium in ["online", "offline", "immutable"] {
            keys.push(format!("paths-medium-{medium}"));
        }
        for entered in ["restricted", "no", "present", "controlled"] {
            keys.push(format!("paths-entered-{entered}"));
        }
        let missing: Vec<(Lang, &String)> = Lang::ALL
            .iter()
            .flat_map(|lang| keys.iter().map(move |key| (*lang, key)))
            .filter(|(lang, key)| !catalogue().has(*lang, key))
            .collect();
        assert_eq!(missing, vec![]);
    }
}

//! Findings of the vulnerability engine → vulnerability facts (model §1: "effect derived from
//! the CVE record, KEV and CWE where possible, conservative default `remote_code_exec` for KEV
//! network vulnerabilities").
//!
//! The caller matches the ledger against the feeds and hands over, per finding, what the CVE
//! record says (CVSS vector, CWE ids, KEV); this module only decides, without IO:
//! * attack vector network/adjacent → a remote effect; local/physical → `local_priv_esc`;
//! * privileges required none (v3/v4 `PR:N`, v2 `Au:N`) → needs no authentication;
//! * a remote effect only when the integrity impact is high (v3 `I:H`, v4 `VI:H`, v2 `I:P`/`I:C`):
//!   a denial of service or a read-only leak gives no control, and is left out;
//! * user interaction required (v3 `UI:R`, v4 `UI:P`/`UI:A`) → a client-side attack, which the
//!   model leaves out (phishing is an entry point the user adds by hand), with a note;
//! * an authentication-bypass CWE (287, 288, 290, 294, 306, 1390) → `auth_bypass`;
//! * no vector: a KEV entry is taken as an unauthenticated remote code execution, anything
//!   else is left out with a note;
//! * a remote finding on an asset is placed on every recorded service of the asset (findings
//!   name no port), with a note; an asset without services cannot be reached remotely.

use std::collections::HashMap;

use mamori_core::{Ledger, RecordKind, RecordRef};
use mamori_paths as paths;

use crate::convert::{Note, NoteCode};

/// What a finding is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FindingTarget {
    Asset(String),
    ConnectionPoint(String),
}

/// One finding with what the feeds say about its CVE.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundVulnerability {
    pub target: FindingTarget,
    pub cve: String,
    pub kev: bool,
    /// The headline CVSS vector (v2, v3.x or v4.0) as the feed gives it.
    pub cvss_vector: Option<String>,
    pub cwes: Vec<String>,
}

const AUTH_BYPASS_CWES: [&str; 6] = [
    "CWE-287", "CWE-288", "CWE-290", "CWE-294", "CWE-306", "CWE-1390",
];

/// What the CVE record says, reduced to the model's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Derived {
    Effect {
        effect: paths::Effect,
        requires_auth: bool,
    },
    /// No control gained (no integrity impact).
    NoControl,
    /// Needs a user to act: a client-side attack, outside the model.
    ClientSide,
    /// Neither a vector nor KEV: nothing to go on.
    Unknown,
}

fn metrics(vector: &str) -> HashMap<&str, &str> {
    vector
        .split('/')
        .filter_map(|part| part.split_once(':'))
        .collect()
}

/// The model's reading of one CVE record.
pub fn derive_effect(kev: bool, cvss_vector: Option<&str>, cwes: &[String]) -> Derived {
    let bypass = cwes.iter().any(|c| AUTH_BYPASS_CWES.contains(&c.as_str()));
    let remote = if bypass {
        paths::Effect::AuthBypass
    } else {
        paths::Effect::RemoteCodeExec
    };
    let Some(vector) = cvss_vector else {
        return if kev {
            Derived::Effect {
                effect: remote,
                requires_auth: false,
            }
        } else {
            Derived::Unknown
        };
    };
    let m = metrics(vector);
    if matches!(m.get("UI"), Some(&"R" | &"P" | &"A")) {
        return Derived::ClientSide;
    }
    let integrity = m.get("I").or_else(|| m.get("VI")).copied();
    let gives_control = matches!(integrity, Some("H" | "C" | "P"));
    let network = matches!(m.get("AV"), Some(&"N" | &"A"));
    if !gives_control {
        return Derived::NoControl;
    }
    let requires_auth = match (m.get("PR"), m.get("Au")) {
        (Some(pr), _) => *pr != "N",
        (None, Some(au)) => *au != "N",
        (None, None) => false,
    };
    if network {
        Derived::Effect {
            effect: remote,
            requires_auth,
        }
    } else {
        Derived::Effect {
            effect: paths::Effect::LocalPrivEsc,
            requires_auth,
        }
    }
}

fn record_of(target: &FindingTarget) -> RecordRef {
    match target {
        FindingTarget::Asset(id) => RecordRef::new(RecordKind::Assets, id.as_str()),
        FindingTarget::ConnectionPoint(id) => {
            RecordRef::new(RecordKind::ConnectionPoints, id.as_str())
        }
    }
}

/// Adds the findings to `facts` as vulnerability facts, with a note for every assumption and
/// every finding left out. A CVE the ledger already records by hand on the same target is
/// skipped (the hand record wins).
pub fn add_findings(
    ledger: &Ledger,
    found: &[FoundVulnerability],
    facts: &mut paths::Facts,
    notes: &mut Vec<Note>,
) {
    let mut services: HashMap<&str, Vec<paths::Port>> = HashMap::new();
    for service in &facts.services {
        services
            .entry(service.asset.as_str())
            .or_default()
            .push(service.port);
    }
    let recorded = hand_recorded(ledger);
    let mut added: Vec<paths::Vulnerability> = Vec::new();
    for finding in found {
        if recorded.contains(&(finding.target.clone(), finding.cve.to_ascii_uppercase())) {
            continue;
        }
        let record = record_of(&finding.target);
        let mut note = |code| {
            notes.push(Note {
                record: record.clone(),
                code,
            });
        };
        let (effect, requires_auth) =
            match derive_effect(finding.kev, finding.cvss_vector.as_deref(), &finding.cwes) {
                Derived::Effect {
                    effect,
                    requires_auth,
                } => (effect, requires_auth),
                Derived::NoControl => continue,
                Derived::ClientSide => {
                    note(NoteCode::FindingClientSide);
                    continue;
                }
                Derived::Unknown => {
                    note(NoteCode::FindingWithoutVector);
                    continue;
                }
            };
        let id: paths::VulnId = finding.cve.as_str().into();
        match &finding.target {
            FindingTarget::ConnectionPoint(point) => added.push(paths::Vulnerability {
                id,
                on: paths::VulnLocation::Point(point.as_str().into()),
                effect,
                requires_auth,
            }),
            FindingTarget::Asset(asset) if !effect.is_remote() => {
                added.push(paths::Vulnerability {
                    id,
                    on: paths::VulnLocation::Asset {
                        asset: asset.as_str().into(),
                        service: None,
                    },
                    effect,
                    requires_auth,
                });
            }
            FindingTarget::Asset(asset) => {
                let ports = services.get(asset.as_str()).map(Vec::as_slice);
                let ports = ports.unwrap_or_default();
                if ports.is_empty() {
                    note(NoteCode::FindingWithoutService);
                    continue;
                }
                note(NoteCode::FindingOnEveryService);
                for port in ports {
                    added.push(paths::Vulnerability {
                        id: id.clone(),
                        on: paths::VulnLocation::Asset {
                            asset: asset.as_str().into(),
                            service: Some(*port),
                        },
                        effect,
                        requires_auth,
                    });
                }
            }
        }
    }
    facts.vulnerabilities.extend(added);
    notes.sort();
    notes.dedup();
}

fn hand_recorded(ledger: &Ledger) -> std::collections::HashSet<(FindingTarget, String)> {
    ledger
        .vulnerabilities
        .iter()
        .map(|v| {
            let target = match &v.target {
                mamori_core::VulnerabilityTarget::Asset { asset_id, .. } => {
                    FindingTarget::Asset(asset_id.as_str().to_owned())
                }
                mamori_core::VulnerabilityTarget::ConnectionPoint {
                    connection_point_id,
                } => FindingTarget::ConnectionPoint(connection_point_id.as_str().to_owned()),
            };
            (target, v.reference.trim().to_ascii_uppercase())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(kev: bool, vector: Option<&str>, cwes: &[&str], expected: Derived) {
        let cwes: Vec<String> = cwes.iter().map(|c| (*c).to_owned()).collect();
        assert_eq!(
            derive_effect(kev, vector, &cwes),
            expected,
            "{kev} {vector:?} {cwes:?}"
        );
    }

    #[test]
    fn effects_follow_the_vector_kev_and_cwe() {
        let rce = |requires_auth| Derived::Effect {
            effect: paths::Effect::RemoteCodeExec,
            requires_auth,
        };
        // CVE-2022-42475 (FortiOS SSL-VPN heap overflow).
        check(
            true,
            Some("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"),
            &["CWE-787"],
            rce(false),
        );
        check(
            false,
            Some("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H"),
            &[],
            rce(true),
        );
        check(
            false,
            Some("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"),
            &["CWE-306"],
            Derived::Effect {
                effect: paths::Effect::AuthBypass,
                requires_auth: false,
            },
        );
        check(
            false,
            Some("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H"),
            &[],
            Derived::Effect {
                effect: paths::Effect::LocalPrivEsc,
                requires_auth: true,
            },
        );
        check(
            false,
            Some("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"),
            &[],
            Derived::NoControl,
        );
        check(
            false,
            Some("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H"),
            &[],
            Derived::ClientSide,
        );
        check(
            false,
            Some("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"),
            &[],
            rce(false),
        );
        check(false, Some("AV:N/AC:L/Au:S/C:P/I:P/A:P"), &[], rce(true));
        check(true, None, &[], rce(false));
        check(false, None, &[], Derived::Unknown);
    }
}

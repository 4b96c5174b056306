//! One-line explanations of hops in Japanese or English, using the display names in the
//! facts. Messages are built here rather than in the i18n catalogue because they are
//! sentence templates over engine data; the UI may replace them with catalogue messages.

use std::collections::HashMap;

use crate::facts::{Facts, Holder, Level, Port, Proto};
use crate::path::{EnterMeans, Hop, Origin, Passage};

/// Output language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Ja,
    En,
}

/// Display names for the ids in hops.
#[derive(Debug)]
pub struct Explainer<'f> {
    facts: &'f Facts,
    assets: HashMap<&'f str, usize>,
    zones: HashMap<&'f str, usize>,
    points: HashMap<&'f str, usize>,
    groups: HashMap<&'f str, usize>,
}

fn first_index<'f, I: Iterator<Item = &'f str>>(ids: I) -> HashMap<&'f str, usize> {
    let mut map = HashMap::new();
    for (i, id) in ids.enumerate() {
        map.entry(id).or_insert(i);
    }
    map
}

fn port_text(port: Port) -> String {
    let proto = match port.proto {
        Proto::Tcp => "tcp",
        Proto::Udp => "udp",
    };
    format!("{proto}/{}", port.number)
}

impl<'f> Explainer<'f> {
    pub fn new(facts: &'f Facts) -> Self {
        Self {
            facts,
            assets: first_index(facts.assets.iter().map(|a| a.id.as_str())),
            zones: first_index(facts.zones.iter().map(|z| z.id.as_str())),
            points: first_index(facts.points.iter().map(|p| p.id.as_str())),
            groups: first_index(facts.credential_groups.iter().map(|g| g.id.as_str())),
        }
    }

    fn asset(&self, id: &str) -> String {
        match self.assets.get(id) {
            Some(&i) => {
                let asset = &self.facts.assets[i];
                let zone = self.zone(asset.zone.as_str());
                format!("{} ({zone})", asset.name)
            }
            None => id.to_owned(),
        }
    }

    fn zone(&self, id: &str) -> String {
        self.zones
            .get(id)
            .map_or_else(|| id.to_owned(), |&i| self.facts.zones[i].name.clone())
    }

    fn point(&self, id: &str) -> String {
        self.points
            .get(id)
            .map_or_else(|| id.to_owned(), |&i| self.facts.points[i].name.clone())
    }

    fn group(&self, id: &str) -> String {
        self.groups.get(id).map_or_else(
            || id.to_owned(),
            |&i| self.facts.credential_groups[i].name.clone(),
        )
    }

    fn origin(&self, origin: &Origin) -> String {
        match origin {
            Origin::Behind(p) => self.point(p.as_str()),
            Origin::Asset(a) => self.asset(a.as_str()),
        }
    }

    fn passage(&self, passage: &Passage, lang: Lang) -> String {
        match (passage, lang) {
            (Passage::SameZone, Lang::Ja) => "同一ゾーン内".to_owned(),
            (Passage::SameZone, Lang::En) => "inside one zone".to_owned(),
            (Passage::Rule { firewall, rule }, Lang::Ja) => {
                format!("{firewall} のルール {rule} で許可")
            }
            (Passage::Rule { firewall, rule }, Lang::En) => {
                format!("allowed by rule {rule} of {firewall}")
            }
            (Passage::Default { firewall }, Lang::Ja) => format!("{firewall} の既定動作で許可"),
            (Passage::Default { firewall }, Lang::En) => {
                format!("allowed by the default of {firewall}")
            }
        }
    }

    /// One line for one hop.
    pub fn hop(&self, hop: &Hop, lang: Lang) -> String {
        match hop {
            Hop::Enter { point, means } => self.enter(point.as_str(), means, lang),
            Hop::Exploit {
                from,
                passage,
                asset,
                port,
                vuln,
                credential,
            } => {
                let (from, to, via) = (
                    self.origin(from),
                    self.asset(asset.as_str()),
                    self.passage(passage, lang),
                );
                let port = port_text(*port);
                let cred = credential.as_ref().map(|g| self.group(g.as_str()));
                match (lang, cred) {
                    (Lang::Ja, None) => {
                        format!("{from} → {to}: {port} の {vuln} を悪用して制御を奪取（{via}）")
                    }
                    (Lang::Ja, Some(c)) => format!(
                        "{from} → {to}: {c} で認証し {port} の {vuln} を悪用して制御を奪取（{via}）"
                    ),
                    (Lang::En, None) => {
                        format!("{from} → {to} via {port}: exploit {vuln}, control taken ({via})")
                    }
                    (Lang::En, Some(c)) => format!(
                        "{from} → {to} via {port}: exploit {vuln} after logging on with {c}, control taken ({via})"
                    ),
                }
            }
            Hop::LogOn {
                from,
                passage,
                asset,
                port,
                credential,
                level,
            } => {
                let (from, to, via) = (
                    self.origin(from),
                    self.asset(asset.as_str()),
                    self.passage(passage, lang),
                );
                let (port, cred) = (port_text(*port), self.group(credential.as_str()));
                match (lang, level) {
                    (Lang::Ja, Level::Admin) => format!(
                        "{from} → {to}: {port} で {cred} を使い管理者としてログオン（{via}）"
                    ),
                    (Lang::Ja, Level::User) => format!(
                        "{from} → {to}: {port} で {cred} を使い一般ユーザーとしてログオン（{via}）"
                    ),
                    (Lang::En, Level::Admin) => {
                        format!("{from} → {to} via {port} using {cred}, as administrator ({via})")
                    }
                    (Lang::En, Level::User) => {
                        format!("{from} → {to} via {port} using {cred}, as a user ({via})")
                    }
                }
            }
            Hop::Harvest { credential, from } => {
                let place = match from {
                    Holder::Asset(a) => self.asset(a.as_str()),
                    Holder::Point(p) => self.point(p.as_str()),
                };
                let cred = self.group(credential.as_str());
                match lang {
                    Lang::Ja => format!("{place} に保存された {cred} を窃取"),
                    Lang::En => format!("{cred} taken from {place}"),
                }
            }
            Hop::Escalate { asset, vuln } => {
                let asset = self.asset(asset.as_str());
                match lang {
                    Lang::Ja => format!("{asset}: {vuln} で管理者権限に昇格"),
                    Lang::En => format!("{asset}: escalated to administrator with {vuln}"),
                }
            }
        }
    }

    fn enter(&self, point: &str, means: &EnterMeans, lang: Lang) -> String {
        let name = self.point(point);
        match (means, lang) {
            (EnterMeans::Open, Lang::Ja) => format!("{name}: 認証なしで内側に到達"),
            (EnterMeans::Open, Lang::En) => format!("{name}: behind it without authentication"),
            (EnterMeans::LogOn { credential }, Lang::Ja) => {
                format!(
                    "{name}: {} で多要素認証なしにログイン",
                    self.group(credential.as_str())
                )
            }
            (EnterMeans::LogOn { credential }, Lang::En) => {
                format!(
                    "{name}: logged in with {}, no MFA",
                    self.group(credential.as_str())
                )
            }
            (
                EnterMeans::Exploit {
                    vuln,
                    credential: None,
                },
                Lang::Ja,
            ) => {
                format!("{name}: {vuln} を悪用し機器を制御")
            }
            (
                EnterMeans::Exploit {
                    vuln,
                    credential: Some(c),
                },
                Lang::Ja,
            ) => {
                format!(
                    "{name}: {} でログイン後 {vuln} を悪用し機器を制御",
                    self.group(c.as_str())
                )
            }
            (
                EnterMeans::Exploit {
                    vuln,
                    credential: None,
                },
                Lang::En,
            ) => {
                format!("{name}: exploit {vuln}, appliance controlled")
            }
            (
                EnterMeans::Exploit {
                    vuln,
                    credential: Some(c),
                },
                Lang::En,
            ) => {
                format!(
                    "{name}: log in with {} and exploit {vuln}, appliance controlled",
                    self.group(c.as_str())
                )
            }
        }
    }
}

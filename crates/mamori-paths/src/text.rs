//! A compact line format for facts, for test fixtures, examples and debugging. One fact per
//! line, `#` starts a comment, words are separated by blanks (so names have no blanks):
//!
//! ```text
//! zone srv name=電子カルテ系
//! asset emr zone=srv jewel=電子カルテ owner=vendor:C社 name=EMR
//! service emr tcp/3389 tcp/445
//! vuln CVE-2018-13379 on=point:vpn effect=rce            # flags: auth
//! vuln CVE-2020-1472 on=dc@tcp/445 effect=bypass
//! cred localadmin known name=共通管理者                    # flags: known
//! accept localadmin emr tcp/3389 admin
//! store localadmin emr                                     # or point:<id>
//! point vpn lands=dmz owner=vendor:A社 accepts=vpnuser     # flags: open mfa restricted
//! firewall fw1 zones=dmz,srv default=deny owner=hospital
//! rule r1 fw=fw1 allow src=zone:dmz dst=any port=3389 proto=tcp
//! backup b1 of=emr medium=online held=bk console=bk        # flags: tested
//! entries vpn                                              # otherwise every point
//! ```
//! Rules are appended to their firewall in file order. Owners are `hospital` or
//! `vendor:NAME`; a missing `name=` uses the id.

use std::collections::HashMap;
use std::fmt;

use crate::facts::{
    AcceptedOn, Action, Asset, Backup, ConnectionPoint, CredentialGroup, Effect, Endpoint, Facts,
    Firewall, Holder, Level, Medium, Owner, Port, PortMatch, ProtoMatch, Rule, Service, StoredOn,
    VulnLocation, Vulnerability, Zone,
};
use crate::ids::PointId;

/// A line that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextError {
    /// 1-based line number.
    pub line: usize,
    pub message: String,
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for TextError {}

struct Line<'a> {
    words: Vec<&'a str>,
    values: HashMap<&'a str, &'a str>,
}

impl<'a> Line<'a> {
    fn split(text: &'a str) -> Self {
        let mut words = Vec::new();
        let mut values = HashMap::new();
        for token in text.split_whitespace() {
            match token.split_once('=') {
                Some((key, value)) => {
                    values.insert(key, value);
                }
                None => words.push(token),
            }
        }
        Line { words, values }
    }

    fn word(&self, i: usize, what: &str) -> Result<&'a str, String> {
        self.words
            .get(i)
            .copied()
            .ok_or_else(|| format!("missing {what}"))
    }

    fn value(&self, key: &str) -> Result<&'a str, String> {
        self.values
            .get(key)
            .copied()
            .ok_or_else(|| format!("missing {key}="))
    }

    fn flag(&self, name: &str) -> bool {
        self.words.iter().skip(2).any(|w| *w == name)
    }

    fn owner(&self) -> Result<Owner, String> {
        self.values
            .get("owner")
            .map_or(Ok(Owner::Hospital), |o| parse_owner(o))
    }

    fn name(&self, id: &str) -> String {
        self.values
            .get("name")
            .map_or_else(|| id.to_owned(), |n| (*n).to_owned())
    }

    fn list(&self, key: &str) -> Vec<&'a str> {
        self.values.get(key).map_or_else(Vec::new, |v| {
            v.split(',').filter(|s| !s.is_empty()).collect()
        })
    }
}

fn parse_owner(text: &str) -> Result<Owner, String> {
    match text.split_once(':') {
        None if text == "hospital" => Ok(Owner::Hospital),
        Some(("vendor", name)) => Ok(Owner::Vendor(name.to_owned())),
        _ => Err(format!(
            "owner {text:?} is neither hospital nor vendor:NAME"
        )),
    }
}

/// `tcp/3389` or `udp/161`.
pub fn parse_port(text: &str) -> Result<Port, String> {
    let (proto, number) = text
        .split_once('/')
        .ok_or_else(|| format!("port {text:?} is not tcp/N or udp/N"))?;
    let number: u16 = number
        .parse()
        .map_err(|_| format!("bad port number in {text:?}"))?;
    match proto {
        "tcp" => Ok(Port::tcp(number)),
        "udp" => Ok(Port::udp(number)),
        _ => Err(format!("protocol {proto:?} is not tcp or udp")),
    }
}

fn parse_endpoint(text: &str) -> Result<Endpoint, String> {
    if text == "any" {
        return Ok(Endpoint::Any);
    }
    match text.split_once(':') {
        Some(("zone", id)) => Ok(Endpoint::Zone(id.into())),
        Some(("asset", id)) => Ok(Endpoint::Asset(id.into())),
        Some(("point", id)) => Ok(Endpoint::Point(id.into())),
        _ => Err(format!(
            "endpoint {text:?} is not any, zone:, asset: or point:"
        )),
    }
}

fn parse_ports(text: &str) -> Result<PortMatch, String> {
    let number = |t: &str| t.parse::<u16>().map_err(|_| format!("bad port {t:?}"));
    match text.split_once('-') {
        _ if text == "any" => Ok(PortMatch::Any),
        Some((low, high)) => Ok(PortMatch::Range(number(low)?, number(high)?)),
        None => Ok(PortMatch::One(number(text)?)),
    }
}

fn parse_action(text: &str) -> Result<Action, String> {
    match text {
        "allow" => Ok(Action::Allow),
        "deny" => Ok(Action::Deny),
        _ => Err(format!("action {text:?} is not allow or deny")),
    }
}

/// Reads facts from the line format.
pub fn parse_facts(text: &str) -> Result<Facts, TextError> {
    let mut facts = Facts::default();
    for (n, raw) in text.lines().enumerate() {
        let content = raw.split('#').next().unwrap_or_default().trim();
        if content.is_empty() {
            continue;
        }
        let line = Line::split(content);
        parse_line(&mut facts, &line).map_err(|message| TextError {
            line: n + 1,
            message,
        })?;
    }
    Ok(facts)
}

fn parse_line(facts: &mut Facts, line: &Line<'_>) -> Result<(), String> {
    let keyword = line.word(0, "keyword")?;
    match keyword {
        "entries" => {
            let chosen = line
                .words
                .iter()
                .skip(1)
                .map(|w| PointId::new(*w))
                .collect();
            facts.entries = Some(chosen);
            return Ok(());
        }
        "service" => {
            let asset = line.word(1, "asset")?;
            for port in line.words.iter().skip(2) {
                facts.services.push(Service {
                    asset: asset.into(),
                    port: parse_port(port)?,
                });
            }
            return Ok(());
        }
        _ => {}
    }
    let id = line.word(1, "id")?;
    match keyword {
        "zone" => facts.zones.push(Zone {
            id: id.into(),
            name: line.name(id),
        }),
        "asset" => facts.assets.push(Asset {
            id: id.into(),
            name: line.name(id),
            zone: line.value("zone")?.into(),
            owner: line.owner()?,
            crown_jewel: line.values.get("jewel").map(|j| (*j).to_owned()),
        }),
        "vuln" => facts.vulnerabilities.push(parse_vuln(line, id)?),
        "cred" => facts.credential_groups.push(CredentialGroup {
            id: id.into(),
            name: line.name(id),
            owner: line.owner()?,
            known_to_attacker: line.flag("known"),
        }),
        "accept" => facts.accepted_on.push(parse_accept(line, id)?),
        "store" => {
            let on = line.word(2, "holder")?;
            let on = match on.strip_prefix("point:") {
                Some(point) => Holder::Point(point.into()),
                None => Holder::Asset(on.into()),
            };
            facts.stored_on.push(StoredOn {
                group: id.into(),
                on,
            });
        }
        "point" => facts.points.push(ConnectionPoint {
            id: id.into(),
            name: line.name(id),
            lands_in: line.list("lands").into_iter().map(Into::into).collect(),
            owner: line.owner()?,
            requires_auth: !line.flag("open"),
            mfa: line.flag("mfa"),
            source_ip_restricted: line.flag("restricted"),
            accepts: line.list("accepts").into_iter().map(Into::into).collect(),
        }),
        "firewall" => facts.firewalls.push(Firewall {
            id: id.into(),
            zones: line.list("zones").into_iter().map(Into::into).collect(),
            default: parse_action(line.value("default")?)?,
            owner: line.owner()?,
            rules: Vec::new(),
        }),
        "rule" => parse_rule(facts, line, id)?,
        "backup" => facts.backups.push(parse_backup(line, id)?),
        other => return Err(format!("unknown keyword {other:?}")),
    }
    Ok(())
}

fn parse_vuln(line: &Line<'_>, id: &str) -> Result<Vulnerability, String> {
    let on = line.value("on")?;
    let on = match on.strip_prefix("point:") {
        Some(point) => VulnLocation::Point(point.into()),
        None => match on.split_once('@') {
            Some((asset, port)) => VulnLocation::Asset {
                asset: asset.into(),
                service: Some(parse_port(port)?),
            },
            None => VulnLocation::Asset {
                asset: on.into(),
                service: None,
            },
        },
    };
    let effect = match line.value("effect")? {
        "rce" => Effect::RemoteCodeExec,
        "bypass" => Effect::AuthBypass,
        "lpe" => Effect::LocalPrivEsc,
        other => return Err(format!("effect {other:?} is not rce, bypass or lpe")),
    };
    Ok(Vulnerability {
        id: id.into(),
        on,
        effect,
        requires_auth: line.flag("auth"),
    })
}

fn parse_accept(line: &Line<'_>, group: &str) -> Result<AcceptedOn, String> {
    let level = match line.word(4, "level")? {
        "admin" => Level::Admin,
        "user" => Level::User,
        other => return Err(format!("level {other:?} is not admin or user")),
    };
    Ok(AcceptedOn {
        group: group.into(),
        asset: line.word(2, "asset")?.into(),
        service: parse_port(line.word(3, "service")?)?,
        level,
    })
}

fn parse_rule(facts: &mut Facts, line: &Line<'_>, id: &str) -> Result<(), String> {
    let fw = line.value("fw")?;
    let proto = match line.values.get("proto").copied().unwrap_or("any") {
        "any" => ProtoMatch::Any,
        "tcp" => ProtoMatch::Tcp,
        "udp" => ProtoMatch::Udp,
        other => return Err(format!("protocol {other:?} is not any, tcp or udp")),
    };
    let rule = Rule {
        id: id.into(),
        src: parse_endpoint(line.value("src")?)?,
        dst: parse_endpoint(line.value("dst")?)?,
        ports: parse_ports(line.values.get("port").copied().unwrap_or("any"))?,
        proto,
        action: parse_action(line.word(2, "allow or deny")?)?,
        owner: line
            .values
            .get("owner")
            .map(|o| parse_owner(o))
            .transpose()?,
    };
    let firewall = facts
        .firewalls
        .iter_mut()
        .find(|f| f.id.as_str() == fw)
        .ok_or_else(|| format!("firewall {fw:?} is not defined above"))?;
    firewall.rules.push(rule);
    Ok(())
}

fn parse_backup(line: &Line<'_>, id: &str) -> Result<Backup, String> {
    let medium = match line.value("medium")? {
        "online" => Medium::Online,
        "offline" => Medium::Offline,
        "immutable" => Medium::Immutable,
        other => {
            return Err(format!(
                "medium {other:?} is not online, offline or immutable"
            ));
        }
    };
    Ok(Backup {
        id: id.into(),
        protects: line.list("of").into_iter().map(Into::into).collect(),
        medium,
        held_on: line.values.get("held").map(|h| (*h).into()),
        managed_from: line.values.get("console").map(|c| (*c).into()),
        owner: line.owner()?,
        restore_tested: line.flag("tested"),
    })
}

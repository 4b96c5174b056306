//! A deterministic plain-text dump of the answers, ids only: for snapshot tests, debugging and
//! diffs between two ledgers. Not a user-facing report.

use std::fmt::Write as _;

use crate::analysis::{Analysis, Entered};
use crate::facts::{Holder, Level, Medium, Owner, Port, Proto};
use crate::fixes::FixRanking;
use crate::path::{EnterMeans, Hop, Origin, Passage};

fn port(p: Port) -> String {
    match p.proto {
        Proto::Tcp => format!("tcp/{}", p.number),
        Proto::Udp => format!("udp/{}", p.number),
    }
}

fn origin(o: &Origin) -> String {
    match o {
        Origin::Behind(p) => format!("point:{p}"),
        Origin::Asset(a) => format!("asset:{a}"),
    }
}

fn passage(p: &Passage) -> String {
    match p {
        Passage::SameZone => "same-zone".to_owned(),
        Passage::Rule { firewall, rule } => format!("{firewall}/{rule}"),
        Passage::Default { firewall } => format!("{firewall}/default"),
    }
}

fn holder(h: &Holder) -> String {
    match h {
        Holder::Asset(a) => format!("asset:{a}"),
        Holder::Point(p) => format!("point:{p}"),
    }
}

/// One hop as one compact line.
pub fn render_hop(hop: &Hop) -> String {
    match hop {
        Hop::Enter { point, means } => match means {
            EnterMeans::Open => format!("enter {point} open"),
            EnterMeans::LogOn { credential } => format!("enter {point} login={credential}"),
            EnterMeans::Exploit {
                vuln,
                credential: None,
            } => format!("enter {point} exploit={vuln}"),
            EnterMeans::Exploit {
                vuln,
                credential: Some(c),
            } => {
                format!("enter {point} exploit={vuln} login={c}")
            }
        },
        Hop::Exploit {
            from,
            passage: via,
            asset,
            port: p,
            vuln,
            credential,
        } => {
            let cred = credential
                .as_ref()
                .map(|c| format!(" cred={c}"))
                .unwrap_or_default();
            format!(
                "exploit {asset} {} {vuln}{cred} from={} via={}",
                port(*p),
                origin(from),
                passage(via)
            )
        }
        Hop::LogOn {
            from,
            passage: via,
            asset,
            port: p,
            credential,
            level,
        } => {
            let level = if *level == Level::Admin {
                "admin"
            } else {
                "user"
            };
            format!(
                "logon {asset} {} cred={credential} {level} from={} via={}",
                port(*p),
                origin(from),
                passage(via)
            )
        }
        Hop::Harvest { credential, from } => format!("harvest {credential} from={}", holder(from)),
        Hop::Escalate { asset, vuln } => format!("escalate {asset} {vuln}"),
    }
}

fn join<T: std::fmt::Display>(items: &[T]) -> String {
    if items.is_empty() {
        return "-".to_owned();
    }
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// The whole analysis, one block per entry, pair and crown jewel.
pub fn render_analysis(a: &Analysis) -> String {
    let mut out = String::new();
    for problem in &a.problems {
        let _ = writeln!(out, "problem {problem:?}");
    }
    for e in &a.entries {
        let entered = match e.entered {
            Entered::Restricted => "restricted",
            Entered::No => "no",
            Entered::Present => "present",
            Entered::Controlled => "controlled",
        };
        let _ = writeln!(
            out,
            "entry {} entered={entered} controlled={} footholds={} held={}",
            e.entry,
            join(&e.controlled),
            join(&e.footholds),
            join(&e.held)
        );
    }
    for pair in &a.reached {
        let _ = writeln!(out, "reached {} -> {}", pair.entry, pair.jewel);
        for hop in &pair.path {
            let _ = writeln!(out, "  {}", render_hop(hop));
        }
    }
    for r in &a.recovery {
        let state = if r.broken { "BROKEN" } else { "ok" };
        let untested = if r.survivor_untested {
            " survivor-untested"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "recovery {} ({}) {state}{untested} reached_from={} broken_from={}",
            r.jewel,
            r.kind,
            join(&r.reached_from),
            join(&r.broken_from)
        );
        for c in &r.copies {
            let medium = match c.medium {
                Medium::Online => "online",
                Medium::Offline => "offline",
                Medium::Immutable => "immutable",
            };
            let _ = writeln!(
                out,
                "  copy {} {medium} attackable_from={}",
                c.backup,
                join(&c.attackable_from)
            );
        }
    }
    for x in &a.exposure {
        let _ = writeln!(
            out,
            "exposure {} {}/{}",
            x.asset, x.controlled_from, x.entries
        );
    }
    out
}

/// The ranking, one line per fix.
pub fn render_fixes(ranking: &FixRanking) -> String {
    let mut out = String::new();
    for fix in &ranking.fixes {
        let owner = match &fix.owner {
            Owner::Hospital => "hospital".to_owned(),
            Owner::Vendor(v) => format!("vendor:{v}"),
        };
        let pairs: Vec<String> = fix
            .pairs_cut
            .iter()
            .map(|p| format!("{}->{}", p.entry, p.jewel))
            .collect();
        let _ = writeln!(
            out,
            "{} owner={owner} cut={} restored={} pairs={} recoveries={}",
            fix.id,
            fix.pairs_cut.len(),
            fix.recoveries_restored.len(),
            join(&pairs),
            join(&fix.recoveries_restored)
        );
    }
    out
}

//! Support for the oracle: the engine's facts as Datalog facts for `attack_paths.lp`, Debian's
//! gringo run on them, and its least model read back. Used by the oracle test and the
//! benchmark example.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test support fails loudly"
)]

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::Write as _;
use std::process::{Command, Stdio};

use mamori_paths::{
    Action, Effect, Endpoint, Facts, Holder, Level, Medium, PortMatch, Proto, ProtoMatch,
    VulnLocation,
};

/// The rules, written for this oracle independently of the engine.
pub const RULES: &str = include_str!("attack_paths.lp");

/// What the least model says.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Model {
    /// (entry, asset) controlled.
    pub control: BTreeSet<(String, String)>,
    /// (entry, crown jewel) reached.
    pub reached: BTreeSet<(String, String)>,
    /// Crown jewels whose recovery is broken.
    pub broken: BTreeSet<String>,
}

fn q(id: &str) -> String {
    let mut out = String::with_capacity(id.len() + 2);
    out.push('"');
    for c in id.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn proto(p: Proto) -> &'static str {
    match p {
        Proto::Tcp => "tcp",
        Proto::Udp => "udp",
    }
}

fn effect(e: Effect) -> &'static str {
    match e {
        Effect::RemoteCodeExec => "rce",
        Effect::AuthBypass => "bypass",
        Effect::LocalPrivEsc => "lpe",
    }
}

fn endpoint(e: &Endpoint) -> String {
    match e {
        Endpoint::Any => "any".to_owned(),
        Endpoint::Zone(z) => format!("zone({})", q(z.as_str())),
        Endpoint::Asset(a) => format!("as({})", q(a.as_str())),
        Endpoint::Point(x) => format!("pt({})", q(x.as_str())),
    }
}

/// The facts as Datalog facts (one per line).
pub fn encode(facts: &Facts) -> String {
    let mut o = String::new();
    for z in &facts.zones {
        let _ = writeln!(o, "zone({}).", q(z.id.as_str()));
    }
    for a in &facts.assets {
        let _ = writeln!(o, "asset({},{}).", q(a.id.as_str()), q(a.zone.as_str()));
        if a.crown_jewel.is_some() {
            let _ = writeln!(o, "jewel({}).", q(a.id.as_str()));
        }
    }
    for s in &facts.services {
        let _ = writeln!(
            o,
            "service({},{},{}).",
            q(s.asset.as_str()),
            proto(s.port.proto),
            s.port.number
        );
    }
    for (i, v) in facts.vulnerabilities.iter().enumerate() {
        let id = q(&format!("{}#{i}", v.id));
        let auth = u8::from(v.requires_auth);
        match (&v.on, v.effect) {
            (VulnLocation::Point(x), e) => {
                let _ = writeln!(o, "vpoint({id},{},{},{auth}).", q(x.as_str()), effect(e));
            }
            (VulnLocation::Asset { asset, .. }, Effect::LocalPrivEsc) => {
                let _ = writeln!(o, "vlocal({id},{}).", q(asset.as_str()));
            }
            (
                VulnLocation::Asset {
                    asset,
                    service: Some(port),
                },
                e,
            ) => {
                let _ = writeln!(
                    o,
                    "vsvc({id},{},{},{},{},{auth}).",
                    q(asset.as_str()),
                    proto(port.proto),
                    port.number,
                    effect(e)
                );
            }
            // A remote vulnerability without a service can never be reached.
            (VulnLocation::Asset { service: None, .. }, _) => {}
        }
    }
    for g in &facts.credential_groups {
        if g.known_to_attacker {
            let _ = writeln!(o, "known({}).", q(g.id.as_str()));
        }
    }
    for a in &facts.accepted_on {
        let level = if a.level == Level::Admin {
            "admin"
        } else {
            "user"
        };
        let _ = writeln!(
            o,
            "accepts({},{},{},{},{level}).",
            q(a.group.as_str()),
            q(a.asset.as_str()),
            proto(a.service.proto),
            a.service.number
        );
    }
    for s in &facts.stored_on {
        match &s.on {
            Holder::Asset(a) => {
                let _ = writeln!(o, "stored({},{}).", q(s.group.as_str()), q(a.as_str()));
            }
            Holder::Point(x) => {
                let _ = writeln!(
                    o,
                    "stored_point({},{}).",
                    q(s.group.as_str()),
                    q(x.as_str())
                );
            }
        }
    }
    for p in &facts.points {
        let x = q(p.id.as_str());
        for z in &p.lands_in {
            let _ = writeln!(o, "lands({x},{}).", q(z.as_str()));
        }
        for (flag, name) in [
            (p.requires_auth, "needs_auth"),
            (p.mfa, "mfa"),
            (p.source_ip_restricted, "restricted"),
        ] {
            if flag {
                let _ = writeln!(o, "{name}({x}).");
            }
        }
        for g in &p.accepts {
            let _ = writeln!(o, "point_accepts({x},{}).", q(g.as_str()));
        }
    }
    match &facts.entries {
        None => {
            for p in &facts.points {
                let _ = writeln!(o, "entry({}).", q(p.id.as_str()));
            }
        }
        Some(chosen) => {
            for x in chosen {
                let _ = writeln!(o, "entry({}).", q(x.as_str()));
            }
        }
    }
    for f in &facts.firewalls {
        let id = q(f.id.as_str());
        for z in &f.zones {
            let _ = writeln!(o, "fwzone({id},{}).", q(z.as_str()));
        }
        let action = |a: Action| if a == Action::Allow { "allow" } else { "deny" };
        let _ = writeln!(o, "default({id},{}).", action(f.default));
        for (i, r) in f.rules.iter().enumerate() {
            let (lo, hi) = match r.ports {
                PortMatch::Any => (0, 65535),
                PortMatch::One(p) => (p, p),
                PortMatch::Range(lo, hi) => (lo, hi),
            };
            let proto = match r.proto {
                ProtoMatch::Any => "any",
                ProtoMatch::Tcp => "tcp",
                ProtoMatch::Udp => "udp",
            };
            let _ = writeln!(
                o,
                "rule({id},{i}). action({id},{i},{}). rsrc({id},{i},{}). rdst({id},{i},{}). rport({id},{i},{lo},{hi}). rproto({id},{i},{proto}).",
                action(r.action),
                endpoint(&r.src),
                endpoint(&r.dst)
            );
        }
    }
    for b in &facts.backups {
        let id = q(b.id.as_str());
        let medium = match b.medium {
            Medium::Online => "online",
            Medium::Offline => "offline",
            Medium::Immutable => "immutable",
        };
        let _ = writeln!(o, "backup({id},{medium}).");
        for a in &b.protects {
            let _ = writeln!(o, "protects({id},{}).", q(a.as_str()));
        }
        if let Some(h) = &b.held_on {
            let _ = writeln!(o, "held_on({id},{}).", q(h.as_str()));
        }
        if let Some(c) = &b.managed_from {
            let _ = writeln!(o, "console({id},{}).", q(c.as_str()));
        }
    }
    o
}

/// Fails with a clear message when gringo is not installed (never skips).
pub fn require_gringo() {
    let found = Command::new("gringo")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        found,
        "Debian's gringo is missing: the attack-path oracle needs it \
         (apt-get install gringo; scripts/test.sh installs it)"
    );
}

/// The quoted strings of one atom's arguments.
fn arguments(atom: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = atom.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut s = String::new();
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some('n') => s.push('\n'),
                    Some(other) => s.push(other),
                    None => {}
                },
                '"' => break,
                c => s.push(c),
            }
        }
        out.push(s);
    }
    out
}

/// Runs gringo on the rules and the encoded facts and reads the shown atoms of the least
/// model. Every shown atom must be a fact: the program is stratified, so gringo alone
/// evaluates it completely; anything else is a defect of the rules.
pub fn run_gringo(encoded: &str) -> Model {
    let mut child = Command::new("gringo")
        .args(["--warn=none", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("gringo starts");
    let mut stdin = child.stdin.take().unwrap();
    let input = format!("{RULES}\n{encoded}");
    let writer = std::thread::spawn(move || {
        stdin.write_all(input.as_bytes()).unwrap();
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(
        output.status.success(),
        "gringo failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    let mut model = Model::default();
    for line in text.lines() {
        let Some(rest) = line.strip_prefix("4 ") else {
            continue;
        };
        let (len, rest) = rest.split_once(' ').unwrap();
        let len: usize = len.parse().unwrap();
        let (atom, condition) = rest.split_at(len);
        assert_eq!(condition.trim(), "0", "not a fact: {line}");
        let args = arguments(atom);
        let pair = || (args[0].clone(), args[1].clone());
        if atom.starts_with("control(") {
            model.control.insert(pair());
        } else if atom.starts_with("reached(") {
            model.reached.insert(pair());
        } else if atom.starts_with("broken(") {
            model.broken.insert(args[0].clone());
        }
    }
    model
}

/// The same three sets from the engine.
pub fn engine_model(facts: &Facts) -> Model {
    let analysis = mamori_paths::analyze(facts);
    let mut model = Model::default();
    for entry in &analysis.entries {
        for asset in &entry.controlled {
            model
                .control
                .insert((entry.entry.to_string(), asset.to_string()));
        }
    }
    for pair in &analysis.reached {
        model
            .reached
            .insert((pair.entry.to_string(), pair.jewel.to_string()));
    }
    for r in analysis.recovery.iter().filter(|r| r.broken) {
        model.broken.insert(r.jewel.to_string());
    }
    model
}

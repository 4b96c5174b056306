//! Shared test helpers: the data-driven `check` functions and a naive reference engine that
//! evaluates the model's rules literally (every source × every service × a plain rule scan)
//! so the real engine's zone-granularity tables can be compared against it.
#![allow(
    dead_code,
    reason = "each test binary uses a different subset of the helpers"
)]
#![allow(clippy::panic, reason = "test helpers fail the test by panicking")]

use std::collections::BTreeSet;

use mamori_paths::{
    Action, Analysis, Change, Effect, Endpoint, Facts, Holder, Level, Medium, VulnLocation, ZoneId,
    analyze, parse_facts, rank_fixes, render_analysis, render_fixes, verify_path,
};

/// Parses the line format, failing the test on a bad fixture.
pub fn facts(text: &str) -> Facts {
    match parse_facts(text) {
        Ok(facts) => facts,
        Err(err) => panic!("bad fixture: {err}"),
    }
}

/// Checks every witness path with the independent verifier.
pub fn assert_witnesses_valid(facts: &Facts, analysis: &Analysis) {
    for pair in &analysis.reached {
        if let Err(why) = verify_path(facts, &pair.entry, &pair.jewel, &pair.path) {
            panic!(
                "witness {} -> {} is not valid: {why}\n{:#?}",
                pair.entry, pair.jewel, pair.path
            );
        }
    }
}

fn assert_text(actual: &str, expected: &str) {
    let (actual, expected) = (unindent(actual), unindent(expected));
    assert!(
        actual == expected,
        "\n--- expected\n{expected}\n--- actual\n{actual}\n---"
    );
}

fn unindent(text: &str) -> String {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let indent = lines
        .iter()
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| l.get(indent..).unwrap_or_default().trim_end())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The data-driven check: analyse the fixture, verify every witness, compare the rendering.
pub fn check(fixture: &str, expected: &str) -> Analysis {
    let facts = facts(fixture);
    let analysis = analyze(&facts);
    assert_witnesses_valid(&facts, &analysis);
    assert_text(&render_analysis(&analysis), expected);
    analysis
}

/// Like `check` but compares only the lines starting with one of `prefixes`.
pub fn check_lines(fixture: &str, prefixes: &[&str], expected: &str) {
    let facts = facts(fixture);
    let analysis = analyze(&facts);
    assert_witnesses_valid(&facts, &analysis);
    let rendered = render_analysis(&analysis);
    let picked: Vec<&str> = rendered
        .lines()
        .filter(|l| prefixes.iter().any(|p| l.starts_with(p)))
        .collect();
    assert_text(&picked.join("\n"), expected);
}

/// The data-driven check of the fix ranking.
pub fn check_fixes(fixture: &str, expected: &str) {
    let facts = facts(fixture);
    assert_text(&render_fixes(&rank_fixes(&facts)), expected);
}

/// What the naive engine derives for one entry.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Naive {
    pub controlled: BTreeSet<String>,
    pub footholds: BTreeSet<String>,
    pub held: BTreeSet<String>,
}

fn zone_of(facts: &Facts, asset: &str) -> Option<ZoneId> {
    facts
        .assets
        .iter()
        .find(|a| a.id.as_str() == asset)
        .map(|a| a.zone.clone())
}

fn naive_pass(
    facts: &Facts,
    source: &Endpoint,
    src_zone: &ZoneId,
    asset: &str,
    dst_zone: &ZoneId,
    port: mamori_paths::Port,
) -> bool {
    if src_zone == dst_zone {
        return true;
    }
    facts
        .firewalls
        .iter()
        .filter(|f| f.zones.contains(src_zone) && f.zones.contains(dst_zone))
        .any(|fw| {
            let first = fw.rules.iter().find(|r| {
                let src_ok = match &r.src {
                    Endpoint::Any => true,
                    Endpoint::Zone(z) => z == src_zone,
                    other => other == source,
                };
                let dst_ok = match &r.dst {
                    Endpoint::Any => true,
                    Endpoint::Zone(z) => z == dst_zone,
                    Endpoint::Asset(a) => a.as_str() == asset,
                    Endpoint::Point(_) => false,
                };
                src_ok && dst_ok && r.ports.matches(port.number) && r.proto.matches(port.proto)
            });
            first.map_or(fw.default == Action::Allow, |r| r.action == Action::Allow)
        })
}

/// The model's rules applied literally until nothing changes.
pub fn naive(facts: &Facts, entry: &str) -> Naive {
    let mut out = Naive::default();
    for g in facts
        .credential_groups
        .iter()
        .filter(|g| g.known_to_attacker)
    {
        out.held.insert(g.id.to_string());
    }
    let Some(point) = facts.points.iter().find(|p| p.id.as_str() == entry) else {
        return out;
    };
    if point.source_ip_restricted {
        return out;
    }
    let (mut present, mut point_controlled) = (false, false);
    loop {
        let before = (
            present,
            point_controlled,
            out.controlled.len(),
            out.footholds.len(),
            out.held.len(),
        );
        let login = !point.mfa && point.accepts.iter().any(|g| out.held.contains(g.as_str()));
        for v in facts
            .vulnerabilities
            .iter()
            .filter(|v| v.on == VulnLocation::Point(point.id.clone()))
        {
            if (v.effect.is_remote() && !v.requires_auth) || login {
                point_controlled = true;
            }
        }
        present |= !point.requires_auth || point_controlled || login;
        if point_controlled {
            for s in facts
                .stored_on
                .iter()
                .filter(|s| s.on == Holder::Point(point.id.clone()))
            {
                out.held.insert(s.group.to_string());
            }
        }
        let mut sources: Vec<(Endpoint, ZoneId)> = Vec::new();
        if present {
            sources.extend(
                point
                    .lands_in
                    .iter()
                    .map(|z| (Endpoint::Point(point.id.clone()), z.clone())),
            );
        }
        for a in out.controlled.iter().chain(out.footholds.iter()) {
            if let Some(z) = zone_of(facts, a) {
                sources.push((Endpoint::Asset(a.as_str().into()), z));
            }
        }
        for service in &facts.services {
            let asset = service.asset.as_str();
            let Some(dst_zone) = zone_of(facts, asset) else {
                continue;
            };
            if !sources
                .iter()
                .any(|(s, z)| naive_pass(facts, s, z, asset, &dst_zone, service.port))
            {
                continue;
            }
            let held_accepted = |level: Option<Level>| {
                facts.accepted_on.iter().any(|a| {
                    a.asset.as_str() == asset
                        && a.service == service.port
                        && out.held.contains(a.group.as_str())
                        && level.is_none_or(|l| l == a.level)
                })
            };
            let exploitable = facts.vulnerabilities.iter().any(|v| {
                v.effect.is_remote()
                    && v.on
                        == VulnLocation::Asset {
                            asset: asset.into(),
                            service: Some(service.port),
                        }
                    && (!v.requires_auth || held_accepted(None))
            });
            if exploitable || held_accepted(Some(Level::Admin)) {
                out.controlled.insert(asset.to_owned());
            } else if held_accepted(Some(Level::User)) {
                out.footholds.insert(asset.to_owned());
            }
        }
        for a in out.footholds.clone() {
            let lpe = facts.vulnerabilities.iter().any(|v| {
                v.effect == Effect::LocalPrivEsc
                    && matches!(&v.on, VulnLocation::Asset { asset, .. } if asset.as_str() == a)
            });
            if lpe {
                out.controlled.insert(a);
            }
        }
        out.footholds.retain(|a| !out.controlled.contains(a));
        for s in &facts.stored_on {
            if let Holder::Asset(a) = &s.on
                && out.controlled.contains(a.as_str())
            {
                out.held.insert(s.group.to_string());
            }
        }
        if before
            == (
                present,
                point_controlled,
                out.controlled.len(),
                out.footholds.len(),
                out.held.len(),
            )
        {
            return out;
        }
    }
}

/// Every candidate of §3, enumerated straight from the table.
pub fn naive_candidates(facts: &Facts) -> Vec<Change> {
    let mut out = Vec::new();
    for fw in &facts.firewalls {
        out.extend(
            fw.rules
                .iter()
                .filter(|r| r.action == Action::Allow)
                .map(|r| Change::RemoveRule(r.id.clone())),
        );
    }
    let mut patches = BTreeSet::new();
    for v in &facts.vulnerabilities {
        let on = match &v.on {
            VulnLocation::Asset { asset, .. } => Holder::Asset(asset.clone()),
            VulnLocation::Point(p) => Holder::Point(p.clone()),
        };
        patches.insert(Change::PatchVuln {
            vuln: v.id.clone(),
            on,
        });
    }
    out.extend(patches);
    for g in &facts.credential_groups {
        let mut places = BTreeSet::new();
        for a in facts.accepted_on.iter().filter(|a| a.group == g.id) {
            places.insert(format!("asset:{}", a.asset));
        }
        for p in facts.points.iter().filter(|p| p.accepts.contains(&g.id)) {
            places.insert(format!("point:{}", p.id));
        }
        if places.len() >= 2 {
            out.push(Change::BreakCredential(g.id.clone()));
        }
    }
    out.extend(
        facts
            .backups
            .iter()
            .filter(|b| b.medium != Medium::Offline)
            .map(|b| Change::TakeBackupOffline(b.id.clone())),
    );
    out.extend(
        facts
            .points
            .iter()
            .filter(|p| p.requires_auth && !p.mfa)
            .map(|p| Change::AddMfa(p.id.clone())),
    );
    out
}

//! An independent checker for witness paths: replays the hops against the facts with naive
//! lookups and a plain first-match scan, sharing nothing with the engine but the fact types.
//! Tests use it as an oracle; the UI may use it to double-check a path before showing it.

use std::collections::HashSet;

use crate::facts::{Action, Effect, Endpoint, Facts, Holder, Level, Port, VulnLocation};
use crate::ids::{AssetId, CredGroupId, PointId, ZoneId};
use crate::path::{EnterMeans, Hop, Origin, Passage};

#[derive(Default)]
struct State {
    present: bool,
    point_controlled: bool,
    held: HashSet<CredGroupId>,
    footholds: HashSet<AssetId>,
    controlled: HashSet<AssetId>,
}

/// Checks that `path` is permitted by the rules step by step from entry point `entry` and ends
/// with control of `jewel`. The error names the first hop that is not permitted.
pub fn verify_path(
    facts: &Facts,
    entry: &PointId,
    jewel: &AssetId,
    path: &[Hop],
) -> Result<(), String> {
    let mut state = State::default();
    for group in facts
        .credential_groups
        .iter()
        .filter(|g| g.known_to_attacker)
    {
        state.held.insert(group.id.clone());
    }
    for (i, hop) in path.iter().enumerate() {
        check_hop(facts, entry, &mut state, hop).map_err(|why| format!("hop {i}: {why}"))?;
    }
    if state.controlled.contains(jewel) {
        Ok(())
    } else {
        Err(format!("the path does not end with control of {jewel}"))
    }
}

fn check_hop(facts: &Facts, entry: &PointId, state: &mut State, hop: &Hop) -> Result<(), String> {
    match hop {
        Hop::Enter { point, means } => check_enter(facts, entry, state, point, means),
        Hop::Exploit {
            from,
            passage,
            asset,
            port,
            vuln,
            credential,
        } => {
            check_traffic(facts, entry, state, from, passage, asset, *port)?;
            let location = VulnLocation::Asset {
                asset: asset.clone(),
                service: Some(*port),
            };
            let login = credential
                .as_ref()
                .is_some_and(|g| state.held.contains(g) && accepted(facts, g, asset, *port, None));
            // One id may be recorded twice at one place; any record that permits the hop will do.
            let permitted = facts.vulnerabilities.iter().any(|v| {
                &v.id == vuln
                    && v.effect.is_remote()
                    && v.on == location
                    && (!v.requires_auth || login)
            });
            if !permitted {
                return Err("no such remote vulnerability, or its credential is missing".into());
            }
            state.controlled.insert(asset.clone());
            Ok(())
        }
        Hop::LogOn {
            from,
            passage,
            asset,
            port,
            credential,
            level,
        } => {
            check_traffic(facts, entry, state, from, passage, asset, *port)?;
            if !state.held.contains(credential)
                || !accepted(facts, credential, asset, *port, Some(*level))
            {
                return Err("credential not held or not accepted at that level".into());
            }
            match level {
                Level::Admin => state.controlled.insert(asset.clone()),
                Level::User => state.footholds.insert(asset.clone()),
            };
            Ok(())
        }
        Hop::Harvest { credential, from } => {
            let holds = match from {
                Holder::Asset(a) => state.controlled.contains(a),
                Holder::Point(p) => p == entry && state.point_controlled,
            };
            let stored = facts
                .stored_on
                .iter()
                .any(|s| &s.group == credential && &s.on == from);
            if !holds || !stored {
                return Err("not stored there or the holder is not controlled".into());
            }
            state.held.insert(credential.clone());
            Ok(())
        }
        Hop::Escalate { asset, vuln } => {
            let lpe = facts.vulnerabilities.iter().any(|v| {
                &v.id == vuln
                    && v.effect == Effect::LocalPrivEsc
                    && matches!(&v.on, VulnLocation::Asset { asset: a, .. } if a == asset)
            });
            if !lpe || !state.footholds.contains(asset) {
                return Err("no foothold or no local privilege escalation there".into());
            }
            state.controlled.insert(asset.clone());
            Ok(())
        }
    }
}

fn check_enter(
    facts: &Facts,
    entry: &PointId,
    state: &mut State,
    point: &PointId,
    means: &EnterMeans,
) -> Result<(), String> {
    let p = facts
        .points
        .iter()
        .find(|p| &p.id == point)
        .ok_or("unknown point")?;
    if point != entry || p.source_ip_restricted {
        return Err("not the entry point, or source-IP restricted".into());
    }
    let login_ok = |g: &CredGroupId| state.held.contains(g) && p.accepts.contains(g) && !p.mfa;
    match means {
        EnterMeans::Open if !p.requires_auth => {}
        EnterMeans::LogOn { credential } if login_ok(credential) => {}
        EnterMeans::Exploit { vuln, credential } => {
            let login = credential.as_ref().is_some_and(login_ok);
            let permitted = facts.vulnerabilities.iter().any(|v| {
                let unauthenticated = v.effect.is_remote() && !v.requires_auth;
                &v.id == vuln
                    && v.on == VulnLocation::Point(point.clone())
                    && (unauthenticated || login)
            });
            if !permitted {
                return Err(
                    "no such vulnerability on the point, or it needs a refused login".into(),
                );
            }
            state.point_controlled = true;
        }
        _ => return Err("this way in is not permitted".into()),
    }
    state.present = true;
    Ok(())
}

fn accepted(
    facts: &Facts,
    group: &CredGroupId,
    asset: &AssetId,
    port: Port,
    level: Option<Level>,
) -> bool {
    facts.accepted_on.iter().any(|a| {
        &a.group == group
            && &a.asset == asset
            && a.service == port
            && level.is_none_or(|l| l == a.level)
    })
}

#[allow(
    clippy::too_many_arguments,
    reason = "the fields of one hop, checked together"
)]
fn check_traffic(
    facts: &Facts,
    entry: &PointId,
    state: &State,
    from: &Origin,
    passage: &Passage,
    asset: &AssetId,
    port: Port,
) -> Result<(), String> {
    let (source, source_zones) = match from {
        Origin::Behind(p) if p == entry && state.present => {
            let point = facts
                .points
                .iter()
                .find(|x| &x.id == p)
                .ok_or("unknown point")?;
            (Endpoint::Point(p.clone()), point.lands_in.clone())
        }
        Origin::Asset(a) if state.controlled.contains(a) || state.footholds.contains(a) => {
            (Endpoint::Asset(a.clone()), vec![zone_of(facts, a)?])
        }
        _ => return Err("the attacker does not send from there yet".into()),
    };
    if !facts
        .services
        .iter()
        .any(|s| &s.asset == asset && s.port == port)
    {
        return Err("service not recorded".into());
    }
    let dst_zone = zone_of(facts, asset)?;
    let permitted = source_zones
        .iter()
        .any(|z| naive_passages(facts, z, &source, &dst_zone, asset, port).contains(passage));
    if permitted {
        Ok(())
    } else {
        Err(format!("traffic not permitted as {passage:?}"))
    }
}

fn zone_of(facts: &Facts, asset: &AssetId) -> Result<ZoneId, String> {
    facts
        .assets
        .iter()
        .find(|a| &a.id == asset)
        .map(|a| a.zone.clone())
        .ok_or_else(|| format!("unknown asset {asset}"))
}

/// Every passage that lets `source` in `src_zone` reach the service (rule 3, naively).
fn naive_passages(
    facts: &Facts,
    src_zone: &ZoneId,
    source: &Endpoint,
    dst_zone: &ZoneId,
    asset: &AssetId,
    port: Port,
) -> Vec<Passage> {
    if src_zone == dst_zone {
        return vec![Passage::SameZone];
    }
    let mut out = Vec::new();
    for fw in facts
        .firewalls
        .iter()
        .filter(|f| f.zones.contains(src_zone) && f.zones.contains(dst_zone))
    {
        let first = fw.rules.iter().find(|r| {
            let src_ok = match &r.src {
                Endpoint::Any => true,
                Endpoint::Zone(z) => z == src_zone,
                other => other == source,
            };
            let dst_ok = match &r.dst {
                Endpoint::Any => true,
                Endpoint::Zone(z) => z == dst_zone,
                Endpoint::Asset(a) => a == asset,
                Endpoint::Point(_) => false,
            };
            src_ok && dst_ok && r.ports.matches(port.number) && r.proto.matches(port.proto)
        });
        match first {
            Some(rule) if rule.action == Action::Allow => {
                out.push(Passage::Rule {
                    firewall: fw.id.clone(),
                    rule: rule.id.clone(),
                });
            }
            None if fw.default == Action::Allow => out.push(Passage::Default {
                firewall: fw.id.clone(),
            }),
            _ => {}
        }
    }
    out
}

//! A generated hospital for benchmarks and scale tests: blocks of zones behind department
//! firewalls, a core firewall joining the block hubs and the server zones, shared and per-block
//! administrator credentials, vendor connection points, and backups of the crown jewels.
//! Deterministic for a given size and seed; no randomness crate needed.

use crate::facts::{
    AcceptedOn, Action, Asset, Backup, ConnectionPoint, CredentialGroup, Effect, Endpoint, Facts,
    Firewall, Holder, Level, Medium, Owner, Port, PortMatch, ProtoMatch, Rule, Service, StoredOn,
    VulnLocation, Vulnerability, Zone,
};

/// How big a hospital to generate.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    pub assets: usize,
    pub zones: usize,
    pub rules: usize,
    pub points: usize,
    pub seed: u64,
}

impl Size {
    /// The product's design limit: 50,000 assets, 1,000 zones, 20,000 rules.
    pub fn hospital_limit() -> Self {
        Size {
            assets: 50_000,
            zones: 1_000,
            rules: 20_000,
            points: 40,
            seed: 7,
        }
    }
}

/// splitmix64: small, fast and good enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const BLOCK: usize = 50;
const WINDOWS_PORTS: [u16; 2] = [445, 3389];
const OTHER_PORTS: [u16; 5] = [22, 443, 104, 80, 1433];

/// Generates the facts.
pub fn hospital(size: Size) -> Facts {
    let mut rng = Rng(size.seed);
    let mut facts = Facts::default();
    let zones = size.zones.max(2);
    for z in 0..zones {
        facts.zones.push(Zone {
            id: format!("z{z}").into(),
            name: format!("ゾーン{z}"),
        });
    }
    add_assets(&mut facts, &mut rng, size.assets, zones);
    add_firewalls(&mut facts, &mut rng, size.rules, zones);
    add_credentials(&mut facts, &mut rng, zones);
    add_points(&mut facts, &mut rng, size.points, zones);
    add_backups(&mut facts, &mut rng);
    facts
}

fn block_of(zone: usize) -> usize {
    zone / BLOCK
}

/// Zone 0 of every block is its hub; blocks' first zones also hold the crown jewels.
fn is_server_zone(zone: usize) -> bool {
    zone % BLOCK == 1
}

fn add_assets(facts: &mut Facts, rng: &mut Rng, count: usize, zones: usize) {
    let kinds = [
        "電子カルテ",
        "医事会計",
        "PACS",
        "Active Directory",
        "検査",
        "バックアップ",
    ];
    let mut jewels = 0;
    for a in 0..count {
        let zone = a % zones;
        let windows = rng.chance(60);
        let jewel = if is_server_zone(zone) && a / zones < 2 && jewels < 40 {
            jewels += 1;
            Some(kinds[jewels % kinds.len()].to_owned())
        } else {
            None
        };
        let owner = if rng.chance(20) {
            Owner::Vendor(format!("v{}", rng.below(30)))
        } else {
            Owner::Hospital
        };
        let id = format!("a{a}");
        facts.assets.push(Asset {
            id: id.as_str().into(),
            name: id.clone(),
            zone: format!("z{zone}").into(),
            owner,
            crown_jewel: jewel,
        });
        let ports: Vec<u16> = if windows || facts.assets[a].crown_jewel.is_some() {
            WINDOWS_PORTS.to_vec()
        } else {
            vec![OTHER_PORTS[rng.below(OTHER_PORTS.len())]]
        };
        for &port in &ports {
            facts.services.push(Service {
                asset: id.as_str().into(),
                port: Port::tcp(port),
            });
        }
        add_asset_vulns(facts, rng, &id, &ports);
    }
}

fn add_asset_vulns(facts: &mut Facts, rng: &mut Rng, id: &str, ports: &[u16]) {
    if rng.chance(2) {
        let port = ports[rng.below(ports.len())];
        facts.vulnerabilities.push(Vulnerability {
            id: format!("CVE-2024-{}", 1000 + rng.below(50)).into(),
            on: VulnLocation::Asset {
                asset: id.into(),
                service: Some(Port::tcp(port)),
            },
            effect: if rng.chance(70) {
                Effect::RemoteCodeExec
            } else {
                Effect::AuthBypass
            },
            requires_auth: rng.chance(30),
        });
    }
    if rng.chance(5) {
        facts.vulnerabilities.push(Vulnerability {
            id: format!("CVE-2023-{}", 2000 + rng.below(20)).into(),
            on: VulnLocation::Asset {
                asset: id.into(),
                service: None,
            },
            effect: Effect::LocalPrivEsc,
            requires_auth: true,
        });
    }
}

fn random_asset_in(facts: &Facts, rng: &mut Rng, zone: usize, zones: usize) -> String {
    let per_zone = facts.assets.len().div_ceil(zones).max(1);
    let a = (rng.below(per_zone) * zones + zone).min(facts.assets.len().saturating_sub(1));
    format!("a{a}")
}

fn add_firewalls(facts: &mut Facts, rng: &mut Rng, rules: usize, zones: usize) {
    let blocks = zones.div_ceil(BLOCK);
    for b in 0..blocks {
        let members: Vec<usize> = (b * BLOCK..((b + 1) * BLOCK).min(zones)).collect();
        if members.len() < 2 {
            continue;
        }
        facts.firewalls.push(Firewall {
            id: format!("fw-block{b}").into(),
            zones: members.iter().map(|z| format!("z{z}").into()).collect(),
            default: if b % 7 == 3 {
                Action::Allow
            } else {
                Action::Deny
            },
            owner: Owner::Hospital,
            rules: Vec::new(),
        });
    }
    let hubs: Vec<usize> = (0..blocks).map(|b| b * BLOCK).collect();
    if hubs.len() >= 2 {
        facts.firewalls.push(Firewall {
            id: "fw-core".into(),
            zones: hubs.iter().map(|z| format!("z{z}").into()).collect(),
            default: Action::Deny,
            owner: Owner::Vendor("integrator".to_owned()),
            rules: Vec::new(),
        });
    }
    let fw_count = facts.firewalls.len();
    for r in 0..rules {
        let f = if r % 5 == 0 && hubs.len() >= 2 {
            fw_count - 1
        } else {
            rng.below(fw_count.saturating_sub(1).max(1))
        };
        let rule = random_rule(facts, rng, f, zones, r);
        facts.firewalls[f].rules.push(rule);
    }
}

fn random_rule(facts: &Facts, rng: &mut Rng, f: usize, zones: usize, r: usize) -> Rule {
    let members = &facts.firewalls[f].zones;
    let pick_zone = |rng: &mut Rng| -> usize {
        let id = members[rng.below(members.len())].as_str();
        id.trim_start_matches('z').parse().unwrap_or(0)
    };
    let (src_zone, dst_zone) = (pick_zone(rng), pick_zone(rng));
    let endpoint = |rng: &mut Rng, zone: usize, facts: &Facts| match rng.below(10) {
        0..=4 => Endpoint::Zone(format!("z{zone}").into()),
        5..=8 => Endpoint::Asset(random_asset_in(facts, rng, zone, zones).into()),
        _ => Endpoint::Any,
    };
    let src = endpoint(rng, src_zone, facts);
    let dst = endpoint(rng, dst_zone, facts);
    let ports = match rng.below(10) {
        0..=5 => PortMatch::One([445, 3389, 443, 22, 104, 1433][rng.below(6)]),
        6..=7 => PortMatch::Range(1, 1024),
        _ => PortMatch::Any,
    };
    Rule {
        id: format!("r{r}").into(),
        src,
        dst,
        ports,
        proto: if rng.chance(80) {
            ProtoMatch::Tcp
        } else {
            ProtoMatch::Any
        },
        action: if rng.chance(15) {
            Action::Deny
        } else {
            Action::Allow
        },
        owner: None,
    }
}

fn add_credentials(facts: &mut Facts, rng: &mut Rng, zones: usize) {
    let blocks = zones.div_ceil(BLOCK);
    let group = |id: String, owner: Owner, known: bool| CredentialGroup {
        name: id.clone(),
        id: id.into(),
        owner,
        known_to_attacker: known,
    };
    facts
        .credential_groups
        .push(group("shared-admin".to_owned(), Owner::Hospital, false));
    facts
        .credential_groups
        .push(group("default-iot".to_owned(), Owner::Hospital, true));
    for b in 0..blocks {
        facts
            .credential_groups
            .push(group(format!("block{b}-admin"), Owner::Hospital, false));
    }
    let assets: Vec<(String, usize, bool)> = facts
        .assets
        .iter()
        .map(|a| {
            let zone: usize = a.zone.as_str().trim_start_matches('z').parse().unwrap_or(0);
            (a.id.as_str().to_owned(), zone, a.crown_jewel.is_some())
        })
        .collect();
    let windows: std::collections::HashSet<&str> = facts
        .services
        .iter()
        .filter(|s| s.port.number == 3389)
        .map(|s| s.asset.as_str())
        .collect();
    let mut accepted = Vec::new();
    let mut stored = Vec::new();
    for (id, zone, jewel) in &assets {
        if windows.contains(id.as_str()) {
            let block_group = format!("block{}-admin", block_of(*zone));
            accepted.push(AcceptedOn {
                group: block_group.as_str().into(),
                asset: id.as_str().into(),
                service: Port::tcp(3389),
                level: Level::Admin,
            });
            if *jewel || rng.chance(3) {
                accepted.push(AcceptedOn {
                    group: "shared-admin".into(),
                    asset: id.as_str().into(),
                    service: Port::tcp(445),
                    level: Level::Admin,
                });
            }
            if rng.chance(4) {
                stored.push(StoredOn {
                    group: block_group.as_str().into(),
                    on: Holder::Asset(id.as_str().into()),
                });
            }
            if rng.chance(1) {
                stored.push(StoredOn {
                    group: "shared-admin".into(),
                    on: Holder::Asset(id.as_str().into()),
                });
            }
        } else if rng.chance(10) {
            let port = facts
                .services
                .iter()
                .find(|s| s.asset.as_str() == id)
                .map(|s| s.port);
            if let Some(port) = port {
                accepted.push(AcceptedOn {
                    group: "default-iot".into(),
                    asset: id.as_str().into(),
                    service: port,
                    level: Level::User,
                });
            }
        }
    }
    facts.accepted_on = accepted;
    facts.stored_on = stored;
}

fn add_points(facts: &mut Facts, rng: &mut Rng, count: usize, zones: usize) {
    for p in 0..count {
        let id = format!("p{p}");
        let group = format!("vendor{p}");
        facts.credential_groups.push(CredentialGroup {
            id: group.as_str().into(),
            name: group.clone(),
            owner: Owner::Vendor(format!("v{p}")),
            known_to_attacker: rng.chance(15),
        });
        let zone = rng.below(zones);
        facts.points.push(ConnectionPoint {
            id: id.as_str().into(),
            name: id.clone(),
            lands_in: vec![format!("z{zone}").into()],
            owner: if p % 4 == 0 {
                Owner::Hospital
            } else {
                Owner::Vendor(format!("v{p}"))
            },
            requires_auth: !rng.chance(10),
            mfa: rng.chance(30),
            source_ip_restricted: rng.chance(15),
            accepts: vec![group.as_str().into()],
        });
        if rng.chance(25) {
            facts.vulnerabilities.push(Vulnerability {
                id: "CVE-2018-13379".into(),
                on: VulnLocation::Point(id.as_str().into()),
                effect: Effect::RemoteCodeExec,
                requires_auth: false,
            });
            let block_group = format!("block{}-admin", block_of(zone));
            facts.stored_on.push(StoredOn {
                group: block_group.into(),
                on: Holder::Point(id.into()),
            });
        }
    }
}

fn add_backups(facts: &mut Facts, rng: &mut Rng) {
    let jewels: Vec<String> = facts
        .assets
        .iter()
        .filter(|a| a.crown_jewel.is_some())
        .map(|a| a.id.as_str().to_owned())
        .collect();
    let Some(backup_server) = jewels.last().cloned() else {
        return;
    };
    for (j, jewel) in jewels.iter().enumerate() {
        let medium = match rng.below(4) {
            0 => Medium::Offline,
            1 => Medium::Immutable,
            _ => Medium::Online,
        };
        facts.backups.push(Backup {
            id: format!("b{j}").into(),
            protects: vec![jewel.as_str().into()],
            medium,
            held_on: Some(backup_server.as_str().into()),
            managed_from: Some(backup_server.as_str().into()),
            owner: Owner::Hospital,
            restore_tested: rng.chance(50),
        });
    }
}

//! The bulk of the hospital: medical devices (modalities, monitors, pumps, analysers),
//! client PCs and thin clients, printers, switches, wireless APs, IoT and mobiles.
//! Counts are proportional to the requested asset count; beyond the demo size the extra
//! assets fill the extra segments of a larger hospital.

use mamori_core::{
    AssetKind as K, AvEdrState, CpeState, Criticality, LocationId, PatchState, ZoneKind,
};

use crate::assets::{HTTP, HTTPS, RDP, SMB, SNMP, SSH};
use crate::builder::B;
use crate::medical::device;
use crate::parties::*;
use crate::tables::*;
use crate::zone::*;
use crate::{Gen, Svc};

const PRINTER: &[Svc] = &[(9100, mamori_core::ServiceProtocol::Tcp, "jetdirect"), HTTP];

pub fn build(g: &mut Gen) {
    crate::medical::modalities(g);
    base_fill(g);
    extra_fill(g);
}

fn add(g: &mut Gen, zone: usize, asset: B, services: &[Svc]) {
    g.add_asset(asset.0, Some(zone), services);
}

/// Counts of the base hospital's bulk, proportional to its size.
fn base_fill(g: &mut Gen) {
    let base = g.base_target();
    let mut remaining = base.saturating_sub(g.ledger.assets.len());
    let mut take = |count: usize| {
        let taken = count.min(remaining);
        remaining -= taken;
        taken
    };
    let switches = take(base / 28);
    let aps = take(base / 20);
    let printers = take(base / 18);
    let monitors = take(base / 16);
    let pumps = take(base / 40);
    let iot = take(base / 80);
    let mobiles = take(base / 80);
    let clients = take(usize::MAX);
    let all_locations: Vec<&str> = LOCATIONS.iter().map(|l| l.0).collect();
    for index in 0..switches {
        let location = all_locations
            .get(index % all_locations.len())
            .copied()
            .unwrap_or("loc-hb1-eps");
        switch(g, &format!("net-sw-{:03}", index + 1), MGMT, location);
    }
    for index in 0..aps {
        let location = all_locations
            .get(index % all_locations.len())
            .copied()
            .unwrap_or("loc-hb1-eps");
        access_point(g, &format!("net-ap-{:03}", index + 1), MGMT, location);
    }
    for index in 0..printers {
        let (zone, location) = match index % 20 {
            0..=11 => (EMR, pick_str(g, CLINICAL_LOCATIONS)),
            12..=16 => (OA, pick_str(g, OFFICE_LOCATIONS)),
            _ => (DEPT, pick_dept(g).0),
        };
        printer(g, &format!("prn-{:03}", index + 1), zone, location);
    }
    for index in 0..monitors {
        let location = CLINICAL_LOCATIONS
            .get(index % CLINICAL_LOCATIONS.len())
            .copied()
            .unwrap_or("loc-h3f-icu");
        bedside_monitor(g, &format!("med-bsm-{:03}", index + 1), MED, location);
    }
    for index in 0..pumps {
        let location = CLINICAL_LOCATIONS
            .get(index % CLINICAL_LOCATIONS.len())
            .copied()
            .unwrap_or("loc-h3f-icu");
        pump(g, &format!("med-pump-{:03}", index + 1), MED, location);
    }
    for index in 0..iot {
        iot_device(g, index, &format!("iot-{:03}", index + 1), OA);
    }
    for index in 0..mobiles {
        let location = CLINICAL_LOCATIONS
            .get(index % CLINICAL_LOCATIONS.len())
            .copied()
            .unwrap_or("loc-h3f-icu");
        mobile(g, &format!("mob-{:03}", index + 1), EMR, location);
    }
    for index in 0..clients {
        let id_number = index + 1;
        match index % 20 {
            0..=10 => {
                let location = pick_str(g, CLINICAL_LOCATIONS);
                client(
                    g,
                    &format!("pc-emr-{id_number:04}"),
                    EMR,
                    location,
                    "看護部",
                    Some(SYS_EMR),
                    false,
                );
            }
            11..=13 => {
                let location = pick_str(g, CLINICAL_LOCATIONS);
                client(
                    g,
                    &format!("tc-emr-{id_number:04}"),
                    EMR,
                    location,
                    "看護部",
                    Some(SYS_EMR),
                    true,
                );
            }
            14..=16 => {
                let location = pick_str(g, OFFICE_LOCATIONS);
                let system = if location == "loc-h1f-ijika" {
                    SYS_BILLING
                } else {
                    SYS_OFFICE
                };
                client(
                    g,
                    &format!("pc-oa-{id_number:04}"),
                    OA,
                    location,
                    office_department(location),
                    Some(system),
                    false,
                );
            }
            17..=18 => {
                let (location, department) = pick_dept(g);
                client(
                    g,
                    &format!("pc-dept-{id_number:04}"),
                    DEPT,
                    location,
                    department,
                    None,
                    false,
                );
            }
            _ => {
                let location = pick_str(g, ANNEX_LOCATIONS);
                client(
                    g,
                    &format!("pc-annex-{id_number:04}"),
                    ANNEX,
                    location,
                    "透析センター",
                    Some(SYS_EMR),
                    false,
                );
            }
        }
    }
}

/// Assets beyond the demo size go to the extra segments, round robin.
fn extra_fill(g: &mut Gen) {
    let extra = g
        .target
        .saturating_sub(g.base_target().max(g.ledger.assets.len()));
    let zones = g.extra_zones.clone();
    if zones.is_empty() {
        return;
    }
    for (position, zone) in zones.iter().enumerate() {
        let count = extra / zones.len() + usize::from(position < extra % zones.len());
        let ordinal = zone - BASE_COUNT;
        let kind = EXTRA_ZONES
            .get(ordinal % EXTRA_ZONES.len())
            .map_or(ZoneKind::Emr, |z| z.1);
        let location = format!("loc-x{ordinal:04}");
        for k in 0..count {
            let id = format!("x{ordinal:04}-{k:04}");
            if k == 0 {
                switch(g, &format!("net-sw-{id}"), *zone, &location);
                continue;
            }
            match kind {
                ZoneKind::Emr if k % 12 == 5 => {
                    access_point(g, &format!("net-ap-{id}"), *zone, &location)
                }
                ZoneKind::Emr | ZoneKind::OfficeInternet if k % 10 == 3 => {
                    printer(g, &format!("prn-{id}"), *zone, &location);
                }
                ZoneKind::Emr => client(
                    g,
                    &format!("pc-{id}"),
                    *zone,
                    &location,
                    "看護部",
                    Some(SYS_EMR),
                    k % 5 == 4,
                ),
                ZoneKind::Departmental if k % 15 == 7 => {
                    let server =
                        B::server(&format!("srv-{id}"), "部門サーバ", V_NETWORK, SYS_INFRA)
                            .win2019()
                            .at(&location);
                    g.add_asset(server.0, Some(*zone), &[HTTPS, RDP, SMB]);
                }
                ZoneKind::Departmental => client(
                    g,
                    &format!("pc-{id}"),
                    *zone,
                    &location,
                    "診療支援部",
                    None,
                    false,
                ),
                ZoneKind::MedicalDevice if k % 3 == 0 => {
                    bedside_monitor(g, &format!("med-bsm-{id}"), *zone, &location)
                }
                ZoneKind::MedicalDevice => pump(g, &format!("med-pump-{id}"), *zone, &location),
                _ if k % 20 == 9 => iot_device(g, k, &format!("iot-{id}"), *zone),
                _ => client(
                    g,
                    &format!("pc-{id}"),
                    *zone,
                    &location,
                    "事務部",
                    Some(SYS_OFFICE),
                    false,
                ),
            }
        }
    }
}

fn pick_str(g: &mut Gen, items: &[&'static str]) -> &'static str {
    g.rng.pick(items).copied().unwrap_or("loc-h3f-joho")
}

fn pick_dept(g: &mut Gen) -> (&'static str, &'static str) {
    g.rng
        .pick(DEPARTMENT_LOCATIONS)
        .copied()
        .unwrap_or(("loc-h3f-joho", "情報システム室"))
}

fn office_department(location: &str) -> &'static str {
    match location {
        "loc-h1f-ijika" | "loc-h1f-uketsuke" => "医事課",
        "loc-h3f-keiri" => "経理課",
        "loc-h3f-joho" => "情報システム室",
        "loc-h2f-renkei" => "地域医療連携室",
        "loc-hb1-eiyo" => "栄養科",
        _ => "総務課",
    }
}

fn client(
    g: &mut Gen,
    id: &str,
    zone: usize,
    location: &str,
    department: &str,
    system: Option<&str>,
    thin: bool,
) {
    let hostname = id.to_uppercase();
    let mut asset = if thin {
        let (maker, model, os, version) = *g.rng.pick(THIN_CLIENTS).unwrap_or(&THIN_CLIENTS[0]);
        B::new(id, format!("{hostname}（シンクライアント）"), K::ThinClient)
            .mm(maker, model)
            .os(os, Some(version))
    } else {
        let (maker, model) = *g.rng.pick(PC_MODELS).unwrap_or(&PC_MODELS[0]);
        let mut roll = g.rng.below(CLIENT_OS.iter().map(|o| o.weight).sum());
        let os = CLIENT_OS.iter().find(|o| {
            let hit = roll < o.weight;
            roll = roll.saturating_sub(o.weight);
            hit
        });
        let mut pc = B::new(id, hostname, K::Pc).mm(maker, model);
        if let Some(os) = os {
            // About one PC in twenty was never inventoried with its version.
            let version = if g.rng.percent(5) { None } else { os.version };
            pc = pc.os(os.name, version).cpe(os.cpe, CpeState::Suggested);
            let (year, month, date) = os.end_of_life;
            pc = pc.eol(year, month, date);
        }
        pc
    };
    asset = asset
        .at(location)
        .dept(department)
        .vendor(V_NETWORK, false)
        .crit(Criticality::Medium)
        .patient(system.is_some());
    if let Some(system) = system {
        asset = asset.sys(system);
    }
    let av = match g.rng.below(10) {
        0..=5 => AvEdrState::Antivirus,
        6..=8 => AvEdrState::None,
        _ => AvEdrState::Unknown,
    };
    let patch = match g.rng.below(10) {
        0..=2 => PatchState::Current,
        3..=7 => PatchState::Behind,
        _ => PatchState::Unknown,
    };
    asset = asset.av(av).patch(
        patch,
        Some((2025, 1 + g.rng.below(12) as i8, 1 + g.rng.below(28) as i8)),
    );
    let services: &[Svc] = if g.rng.percent(20) {
        &[SMB, RDP]
    } else {
        &[SMB]
    };
    add(g, zone, asset, services);
}

fn switch(g: &mut Gen, id: &str, zone: usize, location: &str) {
    let (maker, model, firmware, version) = *g.rng.pick(SWITCHES).unwrap_or(&SWITCHES[0]);
    let asset = B::new(
        id,
        format!("フロアスイッチ {}", id.to_uppercase()),
        K::Switch,
    )
    .mm(maker, model)
    .fw(firmware, version)
    .at(location)
    .dept("情報システム室")
    .vendor(V_NETWORK, true)
    .sys(SYS_INFRA)
    .crit(Criticality::Medium)
    .av(AvEdrState::NotPermitted)
    .patch(PatchState::Behind, None);
    add(g, zone, asset, &[SSH, SNMP]);
}

fn access_point(g: &mut Gen, id: &str, zone: usize, location: &str) {
    let (maker, model, firmware, version) = *g.rng.pick(ACCESS_POINTS).unwrap_or(&ACCESS_POINTS[0]);
    let asset = B::new(id, format!("無線AP {}", id.to_uppercase()), K::WirelessAp)
        .mm(maker, model)
        .fw(firmware, version)
        .at(location)
        .dept("情報システム室")
        .vendor(V_NETWORK, true)
        .sys(SYS_INFRA)
        .crit(Criticality::Medium)
        .av(AvEdrState::NotPermitted);
    let asset_id = g.add_asset(asset.0, Some(zone), &[HTTPS]);
    g.aps.push((asset_id, Some(LocationId::from(location))));
}

fn printer(g: &mut Gen, id: &str, zone: usize, location: &str) {
    let (maker, model, version) = *g.rng.pick(PRINTERS).unwrap_or(&PRINTERS[0]);
    let asset = B::new(id, format!("プリンタ {}", id.to_uppercase()), K::Printer)
        .mm(maker, model)
        .fw("printer firmware", version)
        .at(location)
        .vendor(V_NETWORK, false)
        .crit(Criticality::Low)
        .patient(zone == EMR);
    add(g, zone, asset, PRINTER);
}

fn bedside_monitor(g: &mut Gen, id: &str, zone: usize, location: &str) {
    let (model, version) = *g.rng.pick(MONITOR_MODELS).unwrap_or(&MONITOR_MODELS[0]);
    let asset = device(
        id,
        "ベッドサイドモニタ",
        MONITOR_MAKER,
        model,
        location,
        V_MONITOR,
    )
    .fw("monitor firmware", version)
    .dept("看護部");
    add(g, zone, asset, &[]);
}

fn pump(g: &mut Gen, id: &str, zone: usize, location: &str) {
    let (model, version) = *g.rng.pick(PUMP_MODELS).unwrap_or(&PUMP_MODELS[0]);
    let asset = device(
        id,
        "輸液・シリンジポンプ（無線）",
        PUMP_MAKER,
        model,
        location,
        V_MONITOR,
    )
    .fw("pump firmware", version)
    .dept("臨床工学室")
    .crit(Criticality::Critical);
    add(g, zone, asset, &[]);
}

fn iot_device(g: &mut Gen, index: usize, id: &str, zone: usize) {
    let (name, maker, model, os, version) = *IOT_DEVICES
        .get(index % IOT_DEVICES.len())
        .unwrap_or(&IOT_DEVICES[0]);
    let asset = B::new(id, format!("{name} {}", id.to_uppercase()), K::Iot)
        .mm(maker, model)
        .os(os, version)
        .at("loc-hb1-bosai")
        .dept("総務課")
        .crit(Criticality::Low)
        .av(AvEdrState::None)
        .patch(PatchState::Unknown, None);
    add(
        g,
        zone,
        asset,
        &[HTTP, (554, mamori_core::ServiceProtocol::Tcp, "rtsp")],
    );
}

fn mobile(g: &mut Gen, id: &str, zone: usize, location: &str) {
    let asset = B::new(
        id,
        format!("看護師用スマートフォン {}", id.to_uppercase()),
        K::Mobile,
    )
    .mm("Apple", "iPhone SE（第3世代）")
    .os("iOS", Some("17.6.1"))
    .cpe(
        "cpe:2.3:o:apple:iphone_os:17.6.1:*:*:*:*:*:*:*",
        CpeState::Suggested,
    )
    .at(location)
    .dept("看護部")
    .crit(Criticality::Medium)
    .patient(true)
    .av(AvEdrState::None)
    .patch(PatchState::Behind, None);
    add(g, zone, asset, &[]);
}
